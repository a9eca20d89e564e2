r"""The two-player, three-outcome crisis game ``egame12`` (Signorino 1999; 2003).

Player 1 keeps the status quo (utility :math:`u_{11}`) or escalates; player 2 then
capitulates (utilities :math:`u_{13}, 0`) or fights (war: :math:`u_{14}, u_{24}`). Each
utility is linear in covariates, :math:`u = X\beta`, and the scale of the shocks is
:math:`\sigma_i = \exp(W\gamma_i)` (identified only when some utilities are fixed).

With link cdf :math:`F` (normal: probit; logistic: logit), player 2 fights with
probability :math:`p_4 = F(z_4)` and player 1 escalates with :math:`p_2 = F(z_2)`, where

* **agent error** (an independent shock on each action's utility at each node):
  :math:`z_4 = u_{24}/(\sqrt2\sigma_2)`, :math:`z_2 = (p_3u_{13} + p_4u_{14} - u_{11})/(\sqrt2\sigma_1)`;
* **private information** (player 1's shocks on :math:`u_{11}, u_{13}, u_{14}` and player 2's
  on :math:`u_{24}`, each known to its owner only): :math:`z_4 = u_{24}/\sigma_2`,
  :math:`z_2 = (p_3u_{13} + p_4u_{14} - u_{11})/(\sigma_1\sqrt{1 + p_3^2 + p_4^2})`,

with :math:`p_3 = 1 - p_4`, the normalisations of the R package ``games`` (Kenkel and
Signorino 2014). For the logit link under private information the weighted sum of logistic
shocks is not logistic; as in ``games``, its cdf is approximated by the logistic cdf of the
standardised sum. Outcome probabilities: status quo :math:`1 - p_2`, capitulation
:math:`p_2p_3`, war :math:`p_2p_4`.
"""

from __future__ import annotations

import numpy as np

from . import _links as L

SLOTS = ("u11", "u13", "u14", "u24")
OUTCOMES = ("sq", "capit", "war")
ACTIONS = ("esc", "war_given_esc")  # p2 and p4
PLAYERS = {"u11": 1, "u13": 1, "u14": 1, "u24": 2}


class Egame12Kernel:
    """Likelihood, per-observation scores and probabilities on fixed design matrices.

    ``X[slot]`` are the utility regressors, ``fixed[slot]`` a fixed value of the utility (used
    when the slot has no regressors), ``W1``/``W2`` the scale regressors of the two players
    (``None``: sigma = 1; the same array object for both: one common scale).
    """

    def __init__(self, X, link, errors, fixed=None, W1=None, W2=None, common_scale=True):
        self.X = X
        self.link = link
        self.errors = errors
        self.fixed = {} if fixed is None else dict(fixed)
        self.W1, self.W2 = W1, W2
        self.common = common_scale
        self.k = {s: X[s].shape[1] for s in SLOTS}
        self.kw1 = 0 if W1 is None else W1.shape[1]
        self.kw2 = 0 if (W2 is None or common_scale) else W2.shape[1]
        sizes = [self.k[s] for s in SLOTS] + [self.kw1, self.kw2]
        self.offsets = np.concatenate([[0], np.cumsum(sizes)])
        self.n_params = int(self.offsets[-1])

    def blocks(self, theta):
        o = self.offsets
        b = {s: theta[o[i]:o[i + 1]] for i, s in enumerate(SLOTS)}
        g1 = theta[o[4]:o[5]]
        g2 = g1 if self.common else theta[o[5]:o[6]]
        return b, g1, g2

    def with_design(self, X, W1=None, W2=None):
        return Egame12Kernel(X, self.link, self.errors, self.fixed, W1, W2, self.common)

    # -- forward pass -----------------------------------------------------------------
    def _forward(self, theta):
        b, g1, g2 = self.blocks(theta)
        n = next(iter(self.X.values())).shape[0]
        u = {}
        for s in SLOTS:
            if self.k[s]:
                u[s] = self.X[s] @ b[s]
            else:
                u[s] = np.full(n, float(self.fixed.get(s, 0.0)))
        s1 = np.exp(self.W1 @ g1) if self.kw1 else np.ones(n)
        W2 = self.W1 if self.common else self.W2
        s2 = np.exp(W2 @ g2) if (W2 is not None and len(g2)) else np.ones(n)
        c = np.sqrt(2.0) if self.errors == "agent" else 1.0
        z4 = u["u24"] / (c * s2)
        p4 = L.cdf(self.link, z4)
        p3 = 1.0 - p4
        N = u["u13"] + p4 * (u["u14"] - u["u13"]) - u["u11"]
        S = np.sqrt(2.0) if self.errors == "agent" else np.sqrt(1.0 + p3 * p3 + p4 * p4)
        z2 = N / (s1 * S)
        return dict(u=u, s1=s1, s2=s2, c=c, z4=z4, p4=p4, p3=p3, N=N, S=S, z2=z2)

    def probabilities(self, theta):
        """(n, 3) outcome probabilities (sq, capit, war) and (n, 2) action probabilities."""
        f = self._forward(theta)
        p2 = L.cdf(self.link, f["z2"])
        out = np.column_stack([1.0 - p2, p2 * f["p3"], p2 * f["p4"]])
        return out, np.column_stack([p2, f["p4"]])

    def loglik_obs(self, theta, y):
        """Per-observation log-likelihood; ``y`` in {0: sq, 1: capit, 2: war}."""
        return self.loglik_and_score(theta, y, score=False)[0]

    def score_obs(self, theta, y):
        """(n, k) matrix of per-observation gradients of :meth:`loglik_obs` (analytic)."""
        return self.loglik_and_score(theta, y)[1]

    def loglik_and_score(self, theta, y, score="obs"):
        """Per-observation log-likelihood and its analytic gradient in one pass.

        ``score``: ``"obs"`` the (n, k) per-observation scores, ``"sum"`` their total (k,),
        ``False`` none.
        """
        f = self._forward(theta)
        link = self.link
        z2, z4, p3, p4, s1, S = f["z2"], f["z4"], f["p3"], f["p4"], f["s1"], f["S"]
        s2sign = np.where(y > 0, 1.0, -1.0)        # escalated: log F(z2), else log F(-z2)
        s4sign = np.where(y == 2, 1.0, -1.0)       # war: log F(z4), capitulation: log F(-z4)
        esc = y > 0
        ll = L.logcdf(link, s2sign * z2)
        ll[esc] += L.logcdf(link, s4sign[esc] * z4[esc])
        if not score:
            return ll, None
        u = f["u"]
        a = s2sign * L.mills(link, s2sign * z2)    # d ll / d z2
        bz = np.zeros_like(z2)                     # d ll / d z4 (direct)
        bz[esc] = s4sign[esc] * L.mills(link, s4sign[esc] * z4[esc])
        # z2 as a function of p4 (through N and, under private information, S)
        dlogS = 0.0 if self.errors == "agent" else (p4 - p3) / (S * S)
        dz2_dp4 = (u["u14"] - u["u13"]) / (s1 * S) - z2 * dlogS
        dz4_total = bz + a * dz2_dp4 * L.pdf(link, z4)                         # d ll / d z4 overall
        inv = 1.0 / (s1 * S)
        pairs = []  # (weight per observation, regressors): the score is weight * regressors
        if self.k["u11"]:
            pairs.append((a * -inv, self.X["u11"]))
        if self.k["u13"]:
            pairs.append((a * p3 * inv, self.X["u13"]))
        if self.k["u14"]:
            pairs.append((a * p4 * inv, self.X["u14"]))
        if self.k["u24"]:
            pairs.append((dz4_total / (f["c"] * f["s2"]), self.X["u24"]))
        if self.kw1:
            g = a * -z2
            if self.common:
                g = g + dz4_total * -z4
            pairs.append((g, self.W1))
        if self.kw2:
            pairs.append((dz4_total * -z4, self.W2))
        if score == "sum":  # the total gradient only: X'w per block, no (n, k) matrix
            return ll, (np.concatenate([X.T @ w for w, X in pairs]) if pairs else np.zeros(0))
        n = len(y)
        return ll, (np.hstack([w[:, None] * X for w, X in pairs]) if pairs else np.zeros((n, 0)))
