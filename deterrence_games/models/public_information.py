"""Public versus private information: Morris & Shin (2002) and the Morris-Shin regime-change game.

Provenance (per variant): **paper-faithful** for the beauty contest (Morris & Shin 2002,
*AER* 92:1521-1534: the equilibrium and welfare formulas are the paper's); **textbook version**
for the regime-change benchmark (spec ``"regime_change"``), the textbook global game of Morris
& Shin (1998, 2003), not a replication of either paper's numbers. A solution carries the label
of its spec.

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
it always helps. The game has no escalatory terminal outcome: its
outcome is reported as ``status_quo`` with probability 1 (escalation 0), and the welfare
numbers are quantities.

``spec="regime_change"`` (MS 1998/2003). A continuum of
agents; the regime falls iff the mass of attackers is >= theta; attacking costs ``c`` and pays 1
if the regime falls; y ~ N(theta, 1/alpha), x_i ~ N(theta, 1/beta). Threshold equilibria
(attack iff x_i < x*, regime falls iff theta < theta*) solve

    Phi^{-1}(theta*) = (alpha/sqrt(beta)) (theta* - y) - sqrt(1 + alpha/beta) Phi^{-1}(c),
    x* = theta* + Phi^{-1}(theta*)/sqrt(beta);

every root in (0, 1) is returned (grid bracketing + Brent in ``z = Phi^{-1}(theta*)``). The equilibrium is unique for
every y iff alpha/sqrt(beta) <= sqrt(2 pi). The vectorized form (sweeps) solves the same
equation in ``z = Phi^{-1}(theta*)``, ``g(z) = z - k(Phi(z) - y) + s Phi^{-1}(c) = 0`` with
``k = alpha/sqrt(beta)``, ``s = sqrt(1 + alpha/beta)``: ``g' = 1 - k phi(z)`` vanishes only at
``z = +-z0``, ``z0 = sqrt(2 ln(k/sqrt(2 pi)))``, so ``g`` is monotone on at most three branches
and each root is found by bisection on its branch (three roots iff ``g(-z0) > 0 > g(z0)``). Outcomes given the public signal y:
``regime_change`` with probability Pr(theta < theta* | y) = Phi(sqrt(alpha)(theta* - y))
(escalatory) and ``status_quo``.

Aliases: beauty contest, social value of public information (MS 2002); currency attack,
bank run, coordinated challenge / regime change (MS 1998); global games.

Ties: an agent indifferent at x* attacks (x < x* attacks; measure zero).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import brentq
from scipy.stats import norm

from .._validation import Choice, Interval
from ..solvers.roots import bisect_increasing
from ._base import ArraySolution, Model, Parameter, Variant

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = [
    "PublicInformation",
    "equilibrium_public_weight",
    "expected_welfare",
    "welfare_derivative_alpha",
    "regime_change_thresholds",
    "regime_change_residual",
    "regime_change_unique",
    "regime_change_roots_z",
    "regime_change_roots_z_scalar",
]


def _scaled(alpha, beta, r):
    """(alpha/m, beta/m, r, m), m = max(alpha, beta): the beauty contest's quantities are
    homogeneous in the precisions, so they are evaluated at unit scale (exact for subnormal or
    huge precisions, where beta (1 - r) alone would round to 0 or overflow)."""
    alpha, beta, r = (np.asarray(x, float) for x in (alpha, beta, r))
    m = np.maximum(alpha, beta)
    return alpha / m, beta / m, r, m


def equilibrium_public_weight(alpha, beta, r):
    """Weight on the public signal, alpha/(alpha + beta(1-r)) (vectorized)."""
    a, b, r, _ = _scaled(alpha, beta, r)
    return a / (a + b * (1 - r))


def expected_welfare(alpha, beta, r):
    """E[W] = -(alpha + beta(1-r)^2)/(alpha + beta(1-r))^2 (MS 2002; vectorized)."""
    a, b, r, m = _scaled(alpha, beta, r)
    S = a + b * (1 - r)
    with np.errstate(over="ignore"):  # -inf only where |E[W]| exceeds the float range
        return -((a + b * (1 - r) ** 2) / S**2) / m


def welfare_derivative_alpha(alpha, beta, r):
    """dE[W]/d alpha = (alpha - beta(1-r)(2r-1))/(alpha + beta(1-r))^3 (vectorized)."""
    a, b, r, m = _scaled(alpha, beta, r)
    S = a + b * (1 - r)
    with np.errstate(over="ignore"):  # +-inf only where the value exceeds the float range
        return ((a - b * (1 - r) * (2 * r - 1)) / S**3) / m / m


def regime_change_residual(theta, y, c, alpha, beta):
    """Phi^{-1}(theta) - (alpha/sqrt(beta))(theta - y) + sqrt(1 + alpha/beta) Phi^{-1}(c)."""
    theta = np.asarray(theta, float)
    return norm.ppf(theta) - alpha / math.sqrt(beta) * (theta - y) + math.sqrt(1 + alpha / beta) * norm.ppf(c)


def regime_change_unique(alpha, beta):
    """alpha/sqrt(beta) <= sqrt(2 pi) (vectorized)."""
    return np.asarray(alpha, float) / np.sqrt(np.asarray(beta, float)) <= math.sqrt(2 * math.pi)


def regime_change_roots_z_scalar(y, c, alpha, beta, n: int = 20001) -> list[float]:
    """Every root ``z = Phi^{-1}(theta*)``, by grid bracketing + Brent's method in ``z``.

    The roots lie in ``(L, L + k)``, ``L = -k y - s Phi^{-1}(c)`` (``k = alpha/sqrt(beta)``,
    ``s = sqrt(1 + alpha/beta)``), since ``z = k(Phi(z) - y) - s Phi^{-1}(c)`` at a root; the grid
    covers ``[L - 1, L + k + 1]``. (Searching ``theta`` on ``[1e-12, 1 - 1e-12]`` instead misses
    roots with ``theta*`` outside that range, and then no equilibrium at all is reported.)
    """
    k = alpha / math.sqrt(beta)
    s_qc = math.sqrt(1 + alpha / beta) * float(norm.ppf(c))
    L = -k * y - s_qc
    pad = 1.0 + 8 * np.finfo(float).eps * (abs(L) + k)  # |L| >> 1: L - 1 would round to L
    x = np.linspace(L - pad, L + k + pad, n)
    if k > math.sqrt(2 * math.pi):  # g turns at -z0 and z0: a grid cell then holds at most one root
        z0 = math.sqrt(2 * math.log(k / math.sqrt(2 * math.pi)))
        x = np.union1d(x, [z for z in (-z0, z0) if x[0] < z < x[-1]])
    x = np.unique(x)  # |L| >> k: neighbouring grid points may round to one float
    n = x.size
    f = _g(x, k, y, s_qc)
    roots = []
    for i in range(n - 1):
        if f[i] == 0:
            roots.append(float(x[i]))
        elif f[i] * f[i + 1] < 0:
            roots.append(float(brentq(lambda t: float(_g(t, k, y, s_qc)), x[i], x[i + 1],
                                      xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=2000)))
    return sorted(set(roots))


def regime_change_thresholds(y, c, alpha, beta, n: int = 20001) -> list[float]:
    """Every theta* in (0, 1) (grid bracketing + Brent's method on ``z = Phi^{-1}(theta*)``)."""
    return [float(norm.cdf(z)) for z in regime_change_roots_z_scalar(y, c, alpha, beta, n)]


def _g(z, k, y, s_qc):
    return z - k * (norm.cdf(z) - y) + s_qc


def regime_change_roots_z(y, c, alpha, beta):
    """Every root ``z = Phi^{-1}(theta*)`` of the regime-change equation, vectorized.

    Returns ``(z, valid)`` of shape ``(n, 3)``: the roots in increasing order in the valid
    slots (lowest root in slot 0). Bisection on the monotone branches of
    ``g(z) = z - k(Phi(z) - y) + s Phi^{-1}(c)`` (see the module docstring).
    """
    y, c, alpha, beta = np.broadcast_arrays(*(np.atleast_1d(np.asarray(v, float)) for v in (y, c, alpha, beta)))
    k = alpha / np.sqrt(beta)
    s_qc = np.sqrt(1 + alpha / beta) * norm.ppf(c)
    L = -k * y - s_qc  # every root lies in (L, L + k)
    with np.errstate(invalid="ignore", divide="ignore"):
        z0 = np.sqrt(np.maximum(2 * np.log(k / math.sqrt(2 * math.pi)), 0.0))
    multi = k > math.sqrt(2 * math.pi)
    lo, hi = L - 1.0, L + k + 1.0
    g_lo, g_hi = _g(-z0, k, y, s_qc), _g(z0, k, y, s_qc)

    def g(z):
        return _g(z, k, y, s_qc)

    def neg_g(z):
        return -_g(z, k, y, s_qc)

    # monotone case: one root on [lo, hi]
    z_one = bisect_increasing(g, lo, hi)
    # three branches: increasing on (lo, -z0], decreasing on [-z0, z0], increasing on [z0, hi)
    z_low = bisect_increasing(g, np.minimum(lo, -z0), -z0)
    z_mid = bisect_increasing(neg_g, -z0, z0)
    z_high = bisect_increasing(g, z0, np.maximum(hi, z0))
    has_low = multi & (g_lo >= 0)
    has_mid = multi & (g_lo > 0) & (g_hi < 0)
    has_high = multi & (g_hi <= 0)
    n = y.shape[0]
    z = np.full((n, 3), np.nan)
    valid = np.zeros((n, 3), bool)
    # fill in increasing order
    cols = [(~multi, z_one), (has_low, z_low), (has_mid, z_mid), (has_high, z_high)]
    count = np.zeros(n, int)
    for present, root in cols:
        idx = np.flatnonzero(present)
        z[idx, count[idx]] = root[idx]
        valid[idx, count[idx]] = True
        count[idx] += 1
    return z, valid


class PublicInformation(Model):
    """Morris & Shin (2002) social value of public information (paper-faithful) and the MS regime-change game."""

    id = "public_information"
    title = "Public versus private information: Morris-Shin beauty contest and regime change"
    provenance = "paper-faithful"
    variants = (
        Variant("beauty_contest", "paper-faithful", {"variant": "beauty_contest"},
                "no escalatory outcome: escalation probability identically 0 (see the welfare and "
                "dispersion quantities)", escalation=False),
        Variant("regime_change", "textbook version", {"variant": "regime_change"}),
    )
    method = "closed form (beauty contest); bracketing + Brent (regime change)"
    references = (
        "MorrisShin2002: Morris & Shin, Social value of public information, AER 92:1521-1534",
        "MorrisShin1998: Morris & Shin, Unique equilibrium in a model of self-fulfilling currency attacks, AER 88:587-597",
        "MorrisShin2003: Morris & Shin, Global games: theory and applications",
    )
    parameters = (
        Parameter("variant", "beauty_contest", Choice(("beauty_contest", "regime_change")),
                  "which Morris-Shin game: the 2002 beauty contest or the regime-change global game", role="variant", former=("spec",)),
        Parameter("alpha", 1.0, Interval(0.0, np.inf, low_closed=False), "precision of the public signal", "alpha",
                  information=True, role="signal_precision"),
        Parameter("beta", 1.0, Interval(0.0, np.inf, low_closed=False), "precision of each private signal", "beta",
                  information=True, role="signal_precision"),
        Parameter("r", 0.5, Interval(0.0, 1.0, False, False), "weight on coordination (beauty contest)", "r", role="weight"),
        Parameter("y", 0.5, Interval(), "realised public signal (regime change)", "y", role="state"),
        Parameter("c", 0.5, Interval(0.0, 1.0, False, False), "cost of attacking (regime change; success pays 1)", "c", role="cost"),
    )
    outcomes = ("status_quo", "regime_change")
    escalatory = ("regime_change",)
    flags = ("most_aggressive", "most_peaceful", "public_info_helps", "uniqueness_condition")

    def _solve(self, p):
        if p["variant"] == "beauty_contest":
            arr = self._beauty(np.array([p["alpha"]]), np.array([p["beta"]]), np.array([p["r"]]))
            q = {k: float(v[0, 0]) for k, v in arr.quantities.items()}
            return [self._equilibrium("linear (unique)", {"status_quo": 1.0}, quantities=q,
                                      strategies={"weight_public": q["weight_public"],
                                                  "weight_private": 1 - q["weight_public"]},
                                      flags={"most_peaceful": True, "public_info_helps": q["dW_dalpha"] > 0})]
        a, be, y, c = p["alpha"], p["beta"], p["y"], p["c"]
        roots = regime_change_roots_z_scalar(y, c, a, be)
        unique = bool(regime_change_unique(a, be))
        k, s_qc = a / math.sqrt(be), math.sqrt(1 + a / be) * float(norm.ppf(c))
        eqs = []
        for i, z in enumerate(roots):
            th = float(norm.cdf(z))
            pf = float(norm.cdf(math.sqrt(a) * (th - y)))
            xs = th + z / math.sqrt(be)
            eqs.append(self._equilibrium(
                "threshold", {"status_quo": 1 - pf, "regime_change": pf},
                strategies={"attack_if_signal_below": xs},
                quantities={"theta_star": th, "x_star": xs, "n_equilibria": len(roots)},
                flags={"most_peaceful": i == 0, "most_aggressive": i == len(roots) - 1, "uniqueness_condition": unique},
                certificate={"residual": abs(float(_g(z, k, y, s_qc)))},
            ))
        return eqs

    # symbolic form --------------------------------------------------------------------
    def symbolic(self) -> SymbolicForm:
        r"""Beauty contest split by the sign of dE[W]/d alpha; regime change by its number of roots.

        Beauty contest (MS 2002): public information helps iff
        :math:`\alpha > \beta(1-r)(2r-1)` (and the tie). Regime change: the roots
        :math:`z = \Phi^{-1}(\theta^*)` of :math:`g(z) = z - k(\Phi(z) - y) + s\Phi^{-1}(c) = 0`
        (``k = alpha/sqrt(beta)``, ``s = sqrt(1 + alpha/beta)``) are implicit symbols
        ``z_lo <= z_mid <= z_hi`` (all equal when the root is unique); with
        :math:`z_0 = \sqrt{2\ln(k/\sqrt{2\pi})}` there is one root if :math:`k \le \sqrt{2\pi}`,
        or :math:`g(z_0) > 0` (the low one), or :math:`g(-z_0) < 0` (the high one), and three
        if :math:`g(-z_0) > 0 > g(z_0)`. The tangencies :math:`g(\pm z_0) = 0` (two roots) are
        not declared as regimes: which of the two the vectorized form finds there is decided by
        rounding. Pr(regime change) = :math:`\Phi(\sqrt{\alpha}(\Phi(z) - y))`.
        """
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        s = model_symbols(self)
        alpha, beta, r, y, c = (s[n] for n in ("alpha", "beta", "r", "y", "c"))

        def Phi(x):
            return (1 + sp.erf(x / sp.sqrt(2))) / 2

        # beauty contest
        w = alpha / (alpha + beta * (1 - r))
        W = -(alpha + beta * (1 - r) ** 2) / (alpha + beta * (1 - r)) ** 2
        dW = (alpha - beta * (1 - r) * (2 * r - 1)) / (alpha + beta * (1 - r)) ** 3
        harm = beta * (1 - r) * (2 * r - 1)
        bc = {ESCALATION: 0, "regime_change": 0, "status_quo": 1, "weight_public": w, "expected_welfare": W,
              "harm_threshold_alpha": harm, "dispersion": beta * (1 - r) ** 2 / (alpha + beta * (1 - r)) ** 2}
        BC, RC = {"variant": "beauty_contest"}, {"variant": "regime_change"}
        # regime change
        k = alpha / sp.sqrt(beta)
        s_qc = sp.sqrt(1 + alpha / beta) * sp.sqrt(2) * sp.erfinv(2 * c - 1)
        z_lo, z_mid, z_hi = (sp.Symbol(n, real=True) for n in ("z_lo", "z_mid", "z_hi"))

        def g(z):
            return z - k * (Phi(z) - y) + s_qc

        z0 = sp.sqrt(2 * sp.log(k / sp.sqrt(2 * sp.pi)))

        def threshold(z, n_eq):
            th = Phi(z)
            pf = Phi(sp.sqrt(alpha) * (th - y))
            return {ESCALATION: pf, "regime_change": pf, "status_quo": 1 - pf, "theta_star": th,
                    "x_star": th + z / sp.sqrt(beta), "n_equilibria": n_eq}

        multi = sp.Gt(k, sp.sqrt(2 * sp.pi))
        R = Regime
        regimes = [
            R("bc:public_info_helps", (sp.Gt(alpha, harm),), ({**bc, "dW_dalpha": dW},), ("linear (unique)",),
              choices=BC, description="alpha > beta(1-r)(2r-1): more precise public information raises welfare"),
            R("bc:public_info_harms", (sp.Lt(alpha, harm),), ({**bc, "dW_dalpha": dW},), ("linear (unique)",),
              choices=BC, description="alpha < beta(1-r)(2r-1) (needs r > 1/2): it lowers welfare"),
            R("bc:neutral", (sp.Eq(alpha, harm),), (bc,), ("linear (unique)",), choices=BC,
              description="alpha = beta(1-r)(2r-1): dE[W]/d alpha = 0"),
            R("rc:unique_monotone", (sp.Le(k, sp.sqrt(2 * sp.pi)),), (threshold(z_lo, 1),), ("threshold",),
              choices=RC, description="alpha/sqrt(beta) <= sqrt(2 pi): g is increasing, one threshold"),
            R("rc:unique_low", (multi, sp.Gt(g(z0), 0)), (threshold(z_lo, 1),), ("threshold",), choices=RC,
              description="g(z0) > 0: only the low threshold (little regime change)"),
            R("rc:unique_high", (multi, sp.Lt(g(-z0), 0)), (threshold(z_hi, 1),), ("threshold",), choices=RC,
              description="g(-z0) < 0: only the high threshold"),
            R("rc:three", (multi, sp.Gt(g(-z0), 0), sp.Lt(g(z0), 0)),
              (threshold(z_lo, 3), threshold(z_mid, 3), threshold(z_hi, 3)), ("threshold",) * 3, choices=RC,
              description="g(-z0) > 0 > g(z0): three threshold equilibria (public information too precise)"),
        ]

        def roots(v):
            return regime_change_roots_z(v["y"], v["c"], v["alpha"], v["beta"])

        def lowest(v):
            z, ok = roots(v)
            return z[:, 0]

        def highest(v):
            z, ok = roots(v)
            return z[np.arange(z.shape[0]), np.maximum(ok.sum(axis=1) - 1, 0)]

        def middle(v):
            z, ok = roots(v)
            return np.where(ok.sum(axis=1) == 3, z[:, 1], z[:, 0])

        return SymbolicForm.build(
            self, regimes, facts=(sp.Lt(r, 1), sp.Lt(c, 1)),  # the open upper ends of their domains
            sampling={"alpha": (0.05, 20.0), "beta": (0.2, 20.0), "y": (0.0, 1.0)},
            solve_order=("alpha",),
            implicit={z_lo: (sp.Eq(g(z_lo), 0), lowest), z_mid: (sp.Eq(g(z_mid), 0), middle),
                      z_hi: (sp.Eq(g(z_hi), 0), highest)})

    def _check(self, p):
        self._check_arrays({k: np.atleast_1d(np.asarray(v, dtype=object if k == "variant" else float))
                            for k, v in p.items()})

    def _check_arrays(self, p):
        # regime change: the thresholds lie in (L, L + k), k = alpha/sqrt(beta), L = -k y -
        # sqrt(1 + alpha/beta) Phi^-1(c); with precisions in [1e-100, 1e100] and |y| <= 1e100
        # the bracket and the residual stay far inside the float range
        rc = np.asarray(p["variant"], dtype=object) == "regime_change"
        for name in ("alpha", "beta"):
            v = np.asarray(p[name], float)
            self._require(~rc | ((v >= 1e-100) & (v <= 1e100)), name, p[name],
                          f"1e-100 <= {name} <= 1e100 (regime change)",
                          "the bracket of the thresholds is computed in double precision")
        self._require(~rc | (np.abs(np.asarray(p["y"], float)) <= 1e100), "y", p["y"],
                      "|y| <= 1e100 (regime change)", "the bracket of the thresholds is computed in double precision")

    def _solve_arrays(self, p):
        spec = np.asarray(p["variant"], dtype=object)
        rc = spec == "regime_change"
        alpha, beta = np.asarray(p["alpha"], float), np.asarray(p["beta"], float)
        n = alpha.size
        k = 3 if rc.any() else 1
        valid = np.zeros((n, k), bool)
        labels = np.full((n, k), "", dtype=object)
        outcomes = {o: np.full((n, k), np.nan) for o in self.outcomes}
        quantities: dict[str, np.ndarray] = {}
        flags: dict[str, np.ndarray] = {"most_peaceful": np.zeros((n, k), bool)}
        if (~rc).any():
            b = self._beauty(alpha, beta, np.asarray(p["r"], float))
            bc = ~rc
            valid[bc, 0] = True
            labels[bc, 0] = "linear (unique)"
            for o in self.outcomes:
                outcomes[o][bc, 0] = b.outcomes[o][bc, 0]
            for name, v in b.quantities.items():
                quantities[name] = np.full((n, k), np.nan)
                quantities[name][bc, 0] = v[bc, 0]
            flags["public_info_helps"] = np.zeros((n, k), bool)
            flags["public_info_helps"][bc, 0] = b.quantities["dW_dalpha"][bc, 0] > 0
            flags["most_peaceful"][bc, 0] = True
        if rc.any():
            y, c = np.asarray(p["y"], float), np.asarray(p["c"], float)
            z, ok = regime_change_roots_z(y, c, alpha, beta)
            ok &= rc[:, None]
            th = norm.cdf(z)
            pf = norm.cdf(np.sqrt(alpha)[:, None] * (th - y[:, None]))
            count = ok.sum(axis=1)
            valid |= ok
            labels[ok] = "threshold"
            outcomes["regime_change"] = np.where(ok, pf, outcomes["regime_change"])
            outcomes["status_quo"] = np.where(ok, 1 - pf, outcomes["status_quo"])
            rcq = {"theta_star": th, "x_star": th + z / np.sqrt(beta)[:, None],
                   "n_equilibria": np.broadcast_to(count[:, None].astype(float), (n, k))}
            for name, v in rcq.items():
                quantities[name] = np.where(ok, v, np.nan)
            last = np.maximum(count - 1, 0)
            first = np.zeros((n, k), bool)
            first[:, 0] = True
            flags["most_peaceful"] |= ok & first
            flags["most_aggressive"] = ok & (np.arange(k)[None, :] == last[:, None])
            flags["uniqueness_condition"] = ok & np.asarray(regime_change_unique(alpha, beta))[:, None]
        return ArraySolution(valid=valid, labels=labels, outcomes=outcomes, quantities=quantities, flags=flags)

    @staticmethod
    def _dispersion(alpha, beta, r):
        """beta (1-r)^2 / (alpha + beta(1-r))^2, at unit scale (:func:`_scaled`)."""
        a, b, r, m = _scaled(alpha, beta, r)
        with np.errstate(over="ignore"):  # +inf only where the value exceeds the float range
            return (b * (1 - r) ** 2 / (a + b * (1 - r)) ** 2) / m

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
            "dispersion": self._dispersion(alpha, beta, r),
        }
        return ArraySolution(valid=np.ones((n, 1), bool), labels=np.full((n, 1), "linear (unique)", dtype=object),
                             outcomes={"status_quo": np.ones((n, 1)), "regime_change": np.zeros((n, 1))},
                             quantities={k: v[:, None] for k, v in q.items()})
