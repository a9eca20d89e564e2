r"""``egame123``: three players, four outcomes (Signorino 2003; R ``games``).

Player 1 ends the game (outcome 1: :math:`u_{11}`, others 0) or passes to player 2, who ends
it (outcome 3: :math:`u_{13}, u_{23}`) or passes to player 3, who chooses outcome 5
(:math:`u_{15}, u_{25}, 0`) or 6 (:math:`u_{16}, u_{26}, u_{36}`); the outcome numbers are the
node labels of the tree, as in ``games``. "R" is the move that continues (or, for player 3,
chooses outcome 6). With link cdf :math:`F` and :math:`p_i = F(z_i)` the probability that
player :math:`i` moves R:

* agent error: :math:`z_3 = u_{36}/\sqrt2`,
  :math:`z_2 = ((1-p_3)u_{25} + p_3u_{26} - u_{23})/\sqrt2`,
  :math:`z_1 = ((1-p_2)u_{13} + p_2((1-p_3)u_{15} + p_3u_{16}) - u_{11})/\sqrt2`;
* private information: :math:`z_3 = u_{36}`, the same numerators over
  :math:`\sqrt{1 + (1-p_3)^2 + p_3^2}` and
  :math:`\sqrt{1 + (1-p_2)^2 + p_2^2(1-p_3)^2 + p_2^2p_3^2}`.
"""

from __future__ import annotations

import numpy as np

from . import _links as L
from ._slots import SlotKernel

SLOTS = ("u11", "u13", "u15", "u16", "u23", "u25", "u26", "u36")
OUTCOMES = ("o1", "o3", "o5", "o6")
ACTIONS = ("p1_R", "p2_R", "p3_R")


class Egame123Kernel(SlotKernel):
    """Likelihood, analytic per-observation scores and probabilities on fixed designs."""

    SLOTS = SLOTS

    def _forward(self, theta):
        u, n = self._utilities(theta)
        agent = self.errors == "agent"
        c = np.sqrt(2.0) if agent else 1.0
        z3 = u["u36"] / c
        p3 = L.cdf(self.link, z3)
        N2 = (1 - p3) * u["u25"] + p3 * u["u26"] - u["u23"]
        S2 = np.full(n, np.sqrt(2.0)) if agent else np.sqrt(1 + (1 - p3) ** 2 + p3 ** 2)
        z2 = N2 / S2
        p2 = L.cdf(self.link, z2)
        V3 = (1 - p3) * u["u15"] + p3 * u["u16"]
        N1 = (1 - p2) * u["u13"] + p2 * V3 - u["u11"]
        S1 = np.full(n, np.sqrt(2.0)) if agent else np.sqrt(1 + (1 - p2) ** 2 + p2 ** 2 * ((1 - p3) ** 2 + p3 ** 2))
        return dict(u=u, c=c, z3=z3, p3=p3, z2=z2, p2=p2, S2=S2, V3=V3, S1=S1, z1=N1 / S1)

    def probabilities(self, theta):
        """(n, 4) outcome probabilities (1, 3, 5, 6) and (n, 3) action probabilities."""
        f = self._forward(theta)
        p1 = L.cdf(self.link, f["z1"])
        p2, p3 = f["p2"], f["p3"]
        out = np.column_stack([1 - p1, p1 * (1 - p2), p1 * p2 * (1 - p3), p1 * p2 * p3])
        return out, np.column_stack([p1, p2, p3])

    def loglik_obs(self, theta, y):
        return self.loglik_and_score(theta, y, score=False)[0]

    def score_obs(self, theta, y):
        return self.loglik_and_score(theta, y)[1]

    def loglik_and_score(self, theta, y, score="obs"):
        """Per-observation log-likelihood (``y`` in 0..3: outcomes 1, 3, 5, 6) and its gradient."""
        f = self._forward(theta)
        link = self.link
        z1, z2, z3, p2, p3, S1, S2, u = f["z1"], f["z2"], f["z3"], f["p2"], f["p3"], f["S1"], f["S2"], f["u"]
        s1 = np.where(y >= 1, 1.0, -1.0)
        s2 = np.where(y >= 2, 1.0, -1.0)
        s3 = np.where(y == 3, 1.0, -1.0)
        at2, at3 = y >= 1, y >= 2  # player 2 / player 3 moved
        ll = L.logcdf(link, s1 * z1)
        ll[at2] += L.logcdf(link, s2[at2] * z2[at2])
        ll[at3] += L.logcdf(link, s3[at3] * z3[at3])
        if not score:
            return ll, None
        a1 = s1 * L.mills(link, s1 * z1)
        a2 = np.zeros_like(z1)
        a3 = np.zeros_like(z1)
        a2[at2] = s2[at2] * L.mills(link, s2[at2] * z2[at2])
        a3[at3] = s3[at3] * L.mills(link, s3[at3] * z3[at3])
        if self.errors == "agent":
            dlS1_p2 = dlS1_p3 = dlS2_p3 = 0.0
        else:
            dlS1_p2 = (-(1 - p2) + p2 * ((1 - p3) ** 2 + p3 ** 2)) / S1 ** 2
            dlS1_p3 = p2 ** 2 * (2 * p3 - 1) / S1 ** 2
            dlS2_p3 = (2 * p3 - 1) / S2 ** 2
        dz1_p2 = (f["V3"] - u["u13"]) / S1 - z1 * dlS1_p2
        dz1_p3 = p2 * (u["u16"] - u["u15"]) / S1 - z1 * dlS1_p3
        dz2_p3 = (u["u26"] - u["u25"]) / S2 - z2 * dlS2_p3
        G2 = a2 + a1 * dz1_p2 * L.pdf(link, z2)                      # d ll / d z2, all paths
        G3 = a3 + (a1 * dz1_p3 + G2 * dz2_p3) * L.pdf(link, z3)      # d ll / d z3, all paths
        w = {"u11": -a1 / S1, "u13": a1 * (1 - p2) / S1, "u15": a1 * p2 * (1 - p3) / S1, "u16": a1 * p2 * p3 / S1,
             "u23": -G2 / S2, "u25": G2 * (1 - p3) / S2, "u26": G2 * p3 / S2, "u36": G3 / f["c"]}
        pairs = [(w[s], self.X[s]) for s in SLOTS if self.k[s]]
        if score == "sum":
            return ll, (np.concatenate([X.T @ v for v, X in pairs]) if pairs else np.zeros(0))
        return ll, (np.hstack([v[:, None] * X for v, X in pairs]) if pairs else np.zeros((len(y), 0)))
