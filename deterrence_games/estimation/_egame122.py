r"""``egame122``: two players, four outcomes (Signorino 2003; R ``games``).

Player 1 chooses L or R; player 2 observes it and chooses L or R. Outcomes 1-4 (LL, LR, RL,
RR) give player 1 :math:`u_{11}, u_{12}, u_{13}, u_{14}` and player 2 :math:`0, u_{22}, 0,
u_{24}`. With link cdf :math:`F`, player 2 plays R after L with :math:`p_A = F(z_A)`, after R
with :math:`p_B = F(z_B)`, and player 1 plays R with :math:`p_1 = F(z_1)`:

* agent error: :math:`z_A = u_{22}/\sqrt2`, :math:`z_B = u_{24}/\sqrt2`,
  :math:`z_1 = (EU_R - EU_L)/\sqrt2`;
* private information: :math:`z_A = u_{22}`, :math:`z_B = u_{24}`,
  :math:`z_1 = (EU_R - EU_L)/\sqrt{(1-p_A)^2 + p_A^2 + (1-p_B)^2 + p_B^2}`,

with :math:`EU_L = (1-p_A)u_{11} + p_Au_{12}` and :math:`EU_R = (1-p_B)u_{13} + p_Bu_{14}`
(the normalisations of ``games``, as for :mod:`._egame12`).
"""

from __future__ import annotations

import numpy as np

from . import _links as L
from ._slots import SlotKernel

SLOTS = ("u11", "u12", "u13", "u14", "u22", "u24")
OUTCOMES = ("LL", "LR", "RL", "RR")
ACTIONS = ("p1_R", "p2_R_after_L", "p2_R_after_R")


class Egame122Kernel(SlotKernel):
    """Likelihood, analytic per-observation scores and probabilities on fixed designs."""

    SLOTS = SLOTS

    def _forward(self, theta):
        u, n = self._utilities(theta)
        c = np.sqrt(2.0) if self.errors == "agent" else 1.0
        zA, zB = u["u22"] / c, u["u24"] / c
        pA, pB = L.cdf(self.link, zA), L.cdf(self.link, zB)
        N = (1 - pB) * u["u13"] + pB * u["u14"] - (1 - pA) * u["u11"] - pA * u["u12"]
        if self.errors == "agent":
            S = np.full(n, np.sqrt(2.0))
        else:
            S = np.sqrt((1 - pA) ** 2 + pA ** 2 + (1 - pB) ** 2 + pB ** 2)
        return dict(u=u, c=c, zA=zA, zB=zB, pA=pA, pB=pB, N=N, S=S, z1=N / S)

    def probabilities(self, theta):
        """(n, 4) outcome probabilities and (n, 3) action probabilities."""
        f = self._forward(theta)
        p1 = L.cdf(self.link, f["z1"])
        pA, pB = f["pA"], f["pB"]
        out = np.column_stack([(1 - p1) * (1 - pA), (1 - p1) * pA, p1 * (1 - pB), p1 * pB])
        return out, np.column_stack([p1, pA, pB])

    def loglik_obs(self, theta, y):
        return self.loglik_and_score(theta, y, score=False)[0]

    def score_obs(self, theta, y):
        return self.loglik_and_score(theta, y)[1]

    def loglik_and_score(self, theta, y, score="obs"):
        """Per-observation log-likelihood (``y`` in 0..3) and its analytic gradient."""
        f = self._forward(theta)
        link = self.link
        z1, zA, zB, pA, pB, S = f["z1"], f["zA"], f["zB"], f["pA"], f["pB"], f["S"]
        right = y >= 2
        s1 = np.where(right, 1.0, -1.0)
        s2 = np.where((y == 1) | (y == 3), 1.0, -1.0)
        ll = L.logcdf(link, s1 * z1)
        left = ~right
        ll[left] += L.logcdf(link, s2[left] * zA[left])
        ll[right] += L.logcdf(link, s2[right] * zB[right])
        if not score:
            return ll, None
        u = f["u"]
        a = s1 * L.mills(link, s1 * z1)
        bA = np.zeros_like(z1)
        bB = np.zeros_like(z1)
        bA[left] = s2[left] * L.mills(link, s2[left] * zA[left])
        bB[right] = s2[right] * L.mills(link, s2[right] * zB[right])
        if self.errors == "agent":
            dlogS_A = dlogS_B = 0.0
        else:
            dlogS_A, dlogS_B = (2 * pA - 1) / S ** 2, (2 * pB - 1) / S ** 2
        dz1_dpA = (u["u11"] - u["u12"]) / S - z1 * dlogS_A
        dz1_dpB = (u["u14"] - u["u13"]) / S - z1 * dlogS_B
        gA = bA + a * dz1_dpA * L.pdf(link, zA)
        gB = bB + a * dz1_dpB * L.pdf(link, zB)
        w = {"u11": -a * (1 - pA) / S, "u12": -a * pA / S, "u13": a * (1 - pB) / S, "u14": a * pB / S,
             "u22": gA / f["c"], "u24": gB / f["c"]}
        pairs = [(w[s], self.X[s]) for s in SLOTS if self.k[s]]
        if score == "sum":
            return ll, (np.concatenate([X.T @ v for v, X in pairs]) if pairs else np.zeros(0))
        return ll, (np.hstack([v[:, None] * X for v, X in pairs]) if pairs else np.zeros((len(y), 0)))
