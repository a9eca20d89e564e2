"""Public versus private information: Morris & Shin (2002) and the Morris-Shin regime-change game.

Provenance: **paper-faithful** for the beauty contest (catalogue-repeated section 6.1 labels
Morris & Shin 2002, *AER* 92:1521-1534, "[paper]"); the regime-change benchmark (spec
``"regime_change"``) is the textbook global game of Morris & Shin (1998, 2003), catalogue-signaling
section 11(4) with the game specified in its Errata.

Why the regime-change benchmark lives here and not in ``global_conflict``: both specs of this
model ask the same question with the same two parameters, how the precision ``alpha`` of a
public signal (joint statements, shared foresight, joint exercises) compares with the
precision ``beta`` of private information, and both give the Morris-Shin answer (public
information can harm welfare; too precise public information brings multiplicity back).
``global_conflict`` holds the two-player security dilemma, whose public-signal spec is the
two-player analogue of the condition here.

``spec="beauty_contest"`` (MS 2002). u_i = -(1-r)(a_i - theta)^2 - r(L_i - L-bar), public
signal y = theta + eta (precision alpha), private x_i = theta + eps_i (precision beta),
improper prior. Unique linear equilibrium a_i = (alpha y + beta(1-r) x_i)/(alpha + beta(1-r));
welfare (normalised by 1-r)

    E[W] = -(alpha + beta(1-r)^2) / (alpha + beta(1-r))^2,
    dE[W]/d alpha = (alpha - beta(1-r)(2r-1)) / (alpha + beta(1-r))^3,

so more precise public information raises welfare iff alpha > beta(1-r)(2r-1); for r <= 1/2
it always helps (catalogue Errata 6.1). The game has no escalatory terminal outcome: its
outcome is reported as ``status_quo`` with probability 1 (escalation 0), and the welfare
numbers are quantities.

``spec="regime_change"`` (MS 1998/2003; catalogue-signaling 11(4) and Errata). A continuum of
agents; the regime falls iff the mass of attackers is >= theta; attacking costs ``c`` and pays 1
if the regime falls; y ~ N(theta, 1/alpha), x_i ~ N(theta, 1/beta). Threshold equilibria
(attack iff x_i < x*, regime falls iff theta < theta*) solve

    Phi^{-1}(theta*) = (alpha/sqrt(beta)) (theta* - y) - sqrt(1 + alpha/beta) Phi^{-1}(c),
    x* = theta* + Phi^{-1}(theta*)/sqrt(beta);

every root in (0, 1) is returned (grid bracketing + Brent). The equilibrium is unique for
every y iff alpha/sqrt(beta) <= sqrt(2 pi). Outcomes given the public signal y:
``regime_change`` with probability Pr(theta < theta* | y) = Phi(sqrt(alpha)(theta* - y))
(escalatory) and ``status_quo``.

Aliases: beauty contest, social value of public information (MS 2002); currency attack,
bank run, coordinated challenge / regime change (MS 1998); global games.

Ties: an agent indifferent at x* attacks (x < x* attacks; measure zero).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import brentq
from scipy.stats import norm

from .._validation import Choice, Interval
from ._base import ArraySolution, Model, Parameter

__all__ = [
    "PublicInformation",
    "equilibrium_public_weight",
    "expected_welfare",
    "welfare_derivative_alpha",
    "regime_change_thresholds",
    "regime_change_residual",
    "regime_change_unique",
]


def equilibrium_public_weight(alpha, beta, r):
    """Weight on the public signal, alpha/(alpha + beta(1-r)) (vectorized)."""
    alpha, beta, r = (np.asarray(x, float) for x in (alpha, beta, r))
    return alpha / (alpha + beta * (1 - r))


def expected_welfare(alpha, beta, r):
    """E[W] = -(alpha + beta(1-r)^2)/(alpha + beta(1-r))^2 (MS 2002; vectorized)."""
    alpha, beta, r = (np.asarray(x, float) for x in (alpha, beta, r))
    return -(alpha + beta * (1 - r) ** 2) / (alpha + beta * (1 - r)) ** 2


def welfare_derivative_alpha(alpha, beta, r):
    """dE[W]/d alpha = (alpha - beta(1-r)(2r-1))/(alpha + beta(1-r))^3 (vectorized)."""
    alpha, beta, r = (np.asarray(x, float) for x in (alpha, beta, r))
    return (alpha - beta * (1 - r) * (2 * r - 1)) / (alpha + beta * (1 - r)) ** 3


def regime_change_residual(theta, y, c, alpha, beta):
    """Phi^{-1}(theta) - (alpha/sqrt(beta))(theta - y) + sqrt(1 + alpha/beta) Phi^{-1}(c)."""
    theta = np.asarray(theta, float)
    return norm.ppf(theta) - alpha / math.sqrt(beta) * (theta - y) + math.sqrt(1 + alpha / beta) * norm.ppf(c)


def regime_change_unique(alpha, beta):
    """alpha/sqrt(beta) <= sqrt(2 pi) (vectorized)."""
    return np.asarray(alpha, float) / np.sqrt(np.asarray(beta, float)) <= math.sqrt(2 * math.pi)


def regime_change_thresholds(y, c, alpha, beta, n: int = 20001) -> list[float]:
    """Every theta* in (0, 1) (grid bracketing + Brent's method)."""
    eps = 1e-12
    x = np.linspace(eps, 1 - eps, n)
    f = regime_change_residual(x, y, c, alpha, beta)
    roots = []
    for i in range(n - 1):
        if f[i] == 0:
            roots.append(float(x[i]))
        elif f[i] * f[i + 1] < 0:
            roots.append(float(brentq(lambda t: float(regime_change_residual(t, y, c, alpha, beta)),
                                      x[i], x[i + 1], xtol=1e-14)))
    return sorted(set(roots))


class PublicInformation(Model):
    """Morris & Shin (2002) social value of public information (paper-faithful) and the MS regime-change game."""

    id = "public_information"
    title = "Public versus private information: Morris-Shin beauty contest and regime change"
    provenance = "paper-faithful"
    method = "closed form (beauty contest); bracketing + Brent (regime change)"
    references = (
        "MorrisShin2002: Morris & Shin, Social value of public information, AER 92:1521-1534",
        "MorrisShin1998: Morris & Shin, Unique equilibrium in a model of self-fulfilling currency attacks, AER 88:587-597",
        "MorrisShin2003: Morris & Shin, Global games: theory and applications",
    )
    parameters = (
        Parameter("spec", "beauty_contest", Choice(("beauty_contest", "regime_change")),
                  "which Morris-Shin game: the 2002 beauty contest or the regime-change global game"),
        Parameter("alpha", 1.0, Interval(0.0, np.inf, low_closed=False), "precision of the public signal", "alpha",
                  information=True),
        Parameter("beta", 1.0, Interval(0.0, np.inf, low_closed=False), "precision of each private signal", "beta",
                  information=True),
        Parameter("r", 0.5, Interval(0.0, 1.0, False, False), "weight on coordination (beauty contest)", "r"),
        Parameter("y", 0.5, Interval(), "realised public signal (regime change)", "y"),
        Parameter("c", 0.5, Interval(0.0, 1.0, False, False), "cost of attacking (regime change; success pays 1)", "c"),
    )
    outcomes = ("status_quo", "regime_change")
    escalatory = ("regime_change",)

    def _solve(self, p):
        if p["spec"] == "beauty_contest":
            arr = self._beauty(np.array([p["alpha"]]), np.array([p["beta"]]), np.array([p["r"]]))
            q = {k: float(v[0, 0]) for k, v in arr.quantities.items()}
            return [self._equilibrium("linear (unique)", {"status_quo": 1.0}, quantities=q,
                                      strategies={"weight_public": q["weight_public"],
                                                  "weight_private": 1 - q["weight_public"]},
                                      flags={"public_info_helps": q["dW_dalpha"] > 0, "most_peaceful": True})]
        a, be, y, c = p["alpha"], p["beta"], p["y"], p["c"]
        roots = regime_change_thresholds(y, c, a, be)
        unique = bool(regime_change_unique(a, be))
        eqs = []
        for i, th in enumerate(roots):
            pf = float(norm.cdf(math.sqrt(a) * (th - y)))
            xs = th + float(norm.ppf(th)) / math.sqrt(be)
            eqs.append(self._equilibrium(
                "threshold", {"status_quo": 1 - pf, "regime_change": pf},
                strategies={"attack_if_signal_below": xs},
                quantities={"theta_star": th, "x_star": xs, "n_equilibria": len(roots)},
                flags={"most_peaceful": i == 0, "most_aggressive": i == len(roots) - 1, "uniqueness_condition": unique},
                certificate={"residual": abs(float(regime_change_residual(th, y, c, a, be)))},
            ))
        return eqs

    def _beauty(self, alpha, beta, r):
        n = alpha.size
        w = equilibrium_public_weight(alpha, beta, r)
        W = expected_welfare(alpha, beta, r)
        dW = welfare_derivative_alpha(alpha, beta, r)
        q = {
            "weight_public": w,
            "expected_welfare": W,
            "dW_dalpha": dW,
            "harm_threshold_alpha": beta * (1 - r) * (2 * r - 1),
            "dispersion": beta * (1 - r) ** 2 / (alpha + beta * (1 - r)) ** 2,
        }
        return ArraySolution(valid=np.ones((n, 1), bool), labels=np.full((n, 1), "linear (unique)", dtype=object),
                             outcomes={"status_quo": np.ones((n, 1)), "regime_change": np.zeros((n, 1))},
                             quantities={k: v[:, None] for k, v in q.items()})
