"""Security dilemma as a global game: strategic risk, public signals and the exit game.

Provenance: **reconstruction** (of the static benchmark of Chassang & Padro i Miquel 2010,
*QJE* 125:1821-1858, and a "CPiM-style" exit game; see ``docs/models/global_conflict.md``).
The paper's own model is dynamic and is not reproduced.

Stage game (row payoffs): peace/peace theta
(value of peace), attack/peace W + b (predatory first-strike gain b), peace/attack W - c
(preemptive fear: cost c of being hit first), attack/attack W (war). In other
letters, (P,P) theta, (A,P) b', (P,A) -d, (A,A) -w; it is this game with W = -w,
b = b' + w, c = d - w.

``variant`` selects the information structure; every equilibrium is returned:

``"private"``  (global game, Spec A) signals x_i = theta + sigma eps_i, flat prior.
    Threshold equilibrium: peace iff x_i >= k*,  **k* = W + b + c - sigma/sqrt(pi)** (from
    E[z Phi(z)] = 1/(2 sqrt(pi))), and P(conflict | theta) = 1 - Phi((theta - k*)/sigma)^2.
    (Conflict = not (P,P).) In the stage game as stated peace is never dominant (against an
    attacker, attacking pays W > W - c), so "both always attack" is an equilibrium too. The
    global-games uniqueness (Carlsson & van Damme 1993) needs an *upper dominance region*:
    for theta above some bound, far above k*, peace is dominant (the payoffs change there).
    ``upper_dominance=True`` (default) makes that assumption and reports the unique threshold
    equilibrium; ``upper_dominance=False`` solves the game as stated and reports both.
``"complete"`` theta common knowledge: (A,A) always; (P,P) iff theta >= W + b; the mixed
    equilibrium (peace w.p. q = c/(theta - W - b + c)) when theta > W + b. Peace is risk
    dominant iff theta >= W + b + c.
``"public"``  (Spec B, the textbook linear global game) gain of peace over attack
    theta - b_B when the other keeps peace and theta - c_B when it attacks (b_B = ``b``,
    c_B = ``c_public`` > b), public signal y with precision alpha, private precision beta. Threshold
    equilibria are the roots k of
        G(k; y) = m - c_B + (c_B - b) Phi((m - k)/s),
        m = (alpha y + beta k)/(alpha + beta),  s = sqrt(1/(alpha+beta) + 1/beta);
    they are found by bracketing sign changes on a grid and Brent's method. The root is
    unique for every y iff beta >= (c_B - b) alpha/(s sqrt(2 pi)) (the two-player analogue of
    Morris-Shin's alpha/sqrt(beta) <= sqrt(2 pi)). P(conflict | theta) = 1 - Phi(sqrt(beta)(theta - k))^2.
``"exit"``  (sigma -> 0 limit) peace flows theta_t iid N(mu, tau^2); war is
    absorbing with value W/(1-delta) where ``W`` is the war flow; simultaneous attack gives W
    (the war payoff is W in every period). Peace continues iff
    theta_t + delta V >= W/(1-delta) + b + c (strategic risk;
    ``exit_information="strategic"``) or >= W/(1-delta) + b (``"complete"``, best
    equilibrium). Every fixed point of V = E[1{peace}(theta + delta V)] + P(war) W/(1-delta)
    is returned. The right-hand side G(V) is increasing with
    G'(V) = delta [P(peace) + (T - W/(1-delta)) f(T - delta V)] (f the N(mu, tau^2) density,
    T the peace threshold), so ``delta (1 + (b + c)/(tau sqrt(2 pi))) < 1`` (``b`` alone with
    complete information) makes G a contraction: then the stationary equilibrium is unique
    (flag ``contraction``). Otherwise several may exist; the static selection pins down play
    for a given continuation value V but not V itself. Every one is reported, with the most
    peaceful (highest V), the most warlike (lowest V) and the stable ones (G' < 1 there)
    flagged. The two extremal ones bound every equilibrium of the limit game, stationary or
    not: in any equilibrium the values satisfy V_t = G(V_{t+1}) and are bounded, and G is
    increasing, so V_t = G^n(V_{t+n}) lies between G^n(lowest bound) and G^n(highest bound),
    which converge to the lowest and highest fixed points (Tarski; the same monotone argument
    gives their monotone comparative statics). Which stationary equilibrium the paper's own
    dynamic model selects is not claimed: that model is not reproduced here and its text was
    not checked, so no variant is labelled paper-faithful. The escalation probability is the per-period war hazard; the war phase is
    absorbing, so its long-run frequency is 1 whenever the hazard is positive; quantities give
    ``expected_duration`` = 1/hazard and ``prob_war_within_10``.

Symbolic form (:meth:`GlobalConflict.symbolic`): closed forms for ``private`` and
``complete``; for ``public`` and ``exit`` the roots are implicit symbols (lowest, middle and
highest root), computed by the vectorized :func:`public_thresholds_arrays` and
:func:`exit_fixed_points_arrays`, with regimes by the number of equilibria.

Outcomes: ``peace`` and ``conflict`` (war, from any attack) at the given fundamental
``theta`` (or per period in the exit game); ``conflict`` is escalatory.

Aliases: reciprocal fear of surprise attack (Schelling 1960, ch. 9); security dilemma;
strategic risk; global games (Carlsson & van Damme 1993); exit game / war of attrition with
outside option (CPiM 2010).

Ties: a player exactly at the threshold keeps peace; in the exit game peace continues on
equality.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq
from scipy.special import ndtr
from scipy.stats import norm

from .._validation import Choice, Interval
from ..solvers.roots import bracketed_root
from ._base import ArraySolution, Model, Parameter, Variant

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = [
    "GlobalConflict",
    "private_threshold",
    "conflict_probability",
    "public_threshold_residual",
    "public_thresholds",
    "public_uniqueness_holds",
    "exit_fixed_points",
    "exit_fixed_points_arrays",
    "exit_value_residual",
    "public_thresholds_arrays",
]

SQRT_PI = math.sqrt(math.pi)
SQRT_2PI = math.sqrt(2 * math.pi)


def private_threshold(b, c, W, sigma):
    """k* = W + b + c - sigma/sqrt(pi) (vectorized; ``spec="private"``)."""
    return np.asarray(W, float) + np.asarray(b, float) + np.asarray(c, float) - np.asarray(sigma, float) / SQRT_PI


def conflict_probability(theta, k, noise_sd):
    """1 - Phi((theta - k)/noise_sd)^2: probability that at least one side attacks (vectorized)."""
    return 1.0 - ndtr((np.asarray(theta, float) - k) / noise_sd) ** 2


def public_threshold_residual(k, y, b, c_B, alpha, beta):
    """G(k; y) of Spec B (vectorized in ``k``)."""
    k = np.asarray(k, float)
    m = (alpha * y + beta * k) / (alpha + beta)
    s = np.sqrt(1 / (alpha + beta) + 1 / beta)
    return m - c_B + (c_B - b) * ndtr((m - k) / s)


def public_uniqueness_holds(b, c_B, alpha, beta) -> bool:
    """beta >= (c_B - b) alpha / (s sqrt(2 pi)), s = sqrt(1/(alpha+beta) + 1/beta)."""
    s = math.sqrt(1 / (alpha + beta) + 1 / beta)
    return bool(beta >= (c_B - b) * alpha / (s * math.sqrt(2 * math.pi)))


def _all_roots(f, lo: float, hi: float, n: int = 4001, extra=None) -> list[float]:
    x = np.linspace(lo, hi, n)
    if extra is not None:
        x = np.unique(np.concatenate([x, np.asarray(extra, float)[(extra >= lo) & (extra <= hi)]]))
        n = x.size
    fx = np.asarray(f(x), float)
    roots: list[float] = [float(x[i]) for i in np.flatnonzero(fx == 0)]
    # sign changes (grid points not zero); signs, not the product, which underflows to -0
    # for values as small as 5e-324 next to an ordinary one
    for i in np.flatnonzero(np.sign(fx[:-1]) * np.sign(fx[1:]) < 0):
        roots.append(float(brentq(lambda t: float(f(np.array([t]))[0]), x[i], x[i + 1], xtol=1e-13)))
    return sorted(set(roots))


def _grid_roots_arrays(f, lo: NDArray, hi: NDArray, n: int = 4001, extra=None, chunk: int = 64) -> NDArray:
    """Every root :func:`_all_roots` finds, for many problems at once.

    ``f(x, rows)`` evaluates problems ``rows`` at ``x`` (broadcast); ``extra(rows)``, if
    given, returns further grid points per problem (NaN for none). Each problem gets the
    same grid as :func:`_all_roots` (the same numbers, sorted and without repeats, so the
    same grid zeros and sign-change brackets), evaluated for many problems at once; each
    bracket is then refined as there (Brent's method, ``xtol = 1e-13``, on the same
    function values), so the roots are the same numbers. Returns the sorted roots per
    problem, NaN-padded.
    """
    found: list[list[float]] = [[] for _ in range(lo.size)]
    for start in range(0, lo.size, chunk):
        rows = np.arange(start, min(lo.size, start + chunk))
        x = np.linspace(lo[rows], hi[rows], n, axis=-1)
        if extra is not None:  # np.unique per row: sorted, repeats and points outside [lo, hi] moved to the end
            e = extra(rows)
            e = np.where((e >= lo[rows, None]) & (e <= hi[rows, None]), e, np.inf)
            x = np.sort(np.concatenate([x, e], axis=1), axis=1)
            x[:, 1:][x[:, 1:] == x[:, :-1]] = np.inf
            x = np.sort(x, axis=1)
            x[np.isinf(x)] = np.nan
        with np.errstate(invalid="ignore"):
            fx = f(x, rows[:, None])
        for i, j in zip(*np.nonzero(fx == 0), strict=True):
            found[rows[i]].append(float(x[i, j]))
        for i, j in zip(*np.nonzero(np.sign(fx[:, :-1]) * np.sign(fx[:, 1:]) < 0), strict=True):  # as there
            row = rows[i:i + 1]
            found[rows[i]].append(float(brentq(lambda t, r=row: float(f(np.array([t]), r)[0]),
                                               x[i, j], x[i, j + 1], xtol=1e-13)))
    found = [sorted(set(v)) for v in found]
    out = np.full((lo.size, max(1, *map(len, found))), np.nan)
    for i, v in enumerate(found):
        out[i, : len(v)] = v
    return out


def _public_window(y, b, c_B, alpha, beta):
    """The window [lo, hi] of the threshold roots of Spec B: m(k) = (alpha y + beta k)/(alpha +
    beta) runs from b to c_B on k in [w b - (alpha/beta) y, w c_B - (alpha/beta) y], w =
    (alpha + beta)/beta, widened by 1 plus 1e-12 of the ends' size, so that m(hi) - c_B is
    not lost to rounding when alpha/beta is large (a root at the edge of the window)."""
    w = (alpha + beta) / beta
    shift = alpha / beta * y
    lo, hi = w * b - shift, w * c_B - shift
    pad = 1.0 + 1e-12 * (np.abs(w * c_B) + np.abs(w * b) + np.abs(shift))
    return lo - pad, hi + pad


def public_thresholds(y, b, c_B, alpha, beta) -> list[float]:
    """Every threshold equilibrium k of Spec B (grid bracketing + Brent)."""
    # G(k) -> +inf as k -> +inf when the slope beta/(alpha+beta) dominates far out; roots
    # lie where m - c_B + (c_B - b) Phi(.) = 0, i.e. m in [b, c_B]: k in a bounded window.
    lo, hi = _public_window(y, b, c_B, alpha, beta)
    return _all_roots(lambda k: public_threshold_residual(k, y, b, c_B, alpha, beta), lo, hi)


def exit_value_residual(V, mu, tau, W_flow, b, c, delta, strategic: bool = True):
    """F(V) = E[1{peace}(theta + delta V)] + P(war) W/(1-delta) - V (vectorized in V)."""
    V = np.asarray(V, float)
    Wv = W_flow / (1 - delta)
    T = Wv + b + (c if strategic else 0.0)
    z = (T - delta * V - mu) / tau
    p_war = ndtr(z)
    # the density term: exp(-z^2/2) is 0.0 in doubles beyond |z| = 38.6, so clipping z at 40
    # changes no value and keeps z^2 finite when tau is tiny
    zc = np.clip(z, -40.0, 40.0)
    peace = (mu + delta * V) * (1 - p_war) + tau * np.exp(-(zc**2) / 2.0) / SQRT_2PI
    return peace + p_war * Wv - V


def exit_fixed_points(mu, tau, W_flow, b, c, delta, strategic: bool = True, n: int = 6001) -> list[float]:
    """All stationary values V (grid bracketing + Brent)."""
    Wv = W_flow / (1 - delta)
    hi = (abs(mu) + tau + abs(Wv) + 1.0) / (1 - delta) + abs(Wv)
    lo = min(Wv, 0.0) - 1.0
    # the residual bends where the peace cutoff z = (T - delta V - mu)/tau crosses the bulk of
    # N(0, 1): add grid points uniform in z there, so close roots are bracketed even when the
    # V-range is long (delta near 1)
    extra = None
    if delta > 0:
        T = Wv + b + (c if strategic else 0.0)
        with np.errstate(over="ignore"):  # a tiny delta sends them beyond [lo, hi]: dropped there
            extra = (T - mu - tau * np.linspace(-40, 40, 16001)) / delta
    return _all_roots(lambda V: exit_value_residual(V, mu, tau, W_flow, b, c, delta, strategic), lo, hi, n, extra)


def _three_roots(f, fprime, edges: list[NDArray]) -> tuple[NDArray, NDArray, NDArray]:
    """Roots of ``f`` on up to three monotone pieces ``[e0, e1], [e1, e2], [e2, e3]``.

    ``f(x, sel)`` and ``fprime(x, sel)`` evaluate at the points ``sel``. Returns (lowest,
    middle, highest) root per point: the same value three times where there is one root
    (pieces without a sign change have none).
    """
    e = [np.array(x, float) for x in edges]
    fe = [f(x) for x in e]
    roots = []
    for j in range(3):
        has = (fe[j] * fe[j + 1] <= 0) & (e[j] < e[j + 1])
        r = np.full(e[0].shape, np.nan)
        if has.any():
            r[has] = bracketed_root(f, e[j][has], e[j + 1][has], fprime, np.flatnonzero(has))
        roots.append(r)
    R = np.sort(np.stack(roots), axis=0)  # NaN last
    n_roots = np.isfinite(R).sum(axis=0)
    low = R[0]
    high = np.where(n_roots >= 3, R[2], np.where(n_roots == 2, R[1], low))
    mid = np.where(n_roots >= 3, R[1], low)
    return low, mid, high


def public_thresholds_arrays(y, b, c_B, alpha, beta) -> tuple[NDArray, NDArray, NDArray]:
    """Lowest, middle and highest threshold equilibrium of Spec B, vectorized.

    G(k; y) is increasing except between its two critical points, where phi(d) equals
    beta s / ((c_B - b) alpha) (d = alpha (y - k) / ((alpha + beta) s)): closed form, so
    each of the (at most three) monotone pieces is bracketed exactly and its root found by
    bisection. Where there is one root the three outputs are equal. Roots lie in the window
    of :func:`public_thresholds` (m between b and c_B).
    """
    y, b, c_B, alpha, beta = np.broadcast_arrays(*(np.asarray(x, float) for x in (y, b, c_B, alpha, beta)))
    s = np.sqrt(1 / (alpha + beta) + 1 / beta)
    lo, hi = _public_window(y, b, c_B, alpha, beta)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = beta * s / ((c_B - b) * alpha) * SQRT_2PI  # phi(d*) sqrt(2 pi)
        d_star = np.where((c_B > b) & (r < 1), np.sqrt(-2 * np.log(r)), 0.0)
    k1 = np.clip(y - d_star * (alpha + beta) * s / alpha, lo, hi)
    k2 = np.clip(y + d_star * (alpha + beta) * s / alpha, lo, hi)

    def G(k, sel=slice(None)):
        return public_threshold_residual(k, y[sel], b[sel], c_B[sel], alpha[sel], beta[sel])

    def dG(k, sel=slice(None)):
        al, be, ss = alpha[sel], beta[sel], s[sel]
        d = al * (y[sel] - k) / ((al + be) * ss)
        return be / (al + be) - (c_B[sel] - b[sel]) * np.exp(-(d**2) / 2.0) / SQRT_2PI * al / ((al + be) * ss)

    return _three_roots(G, dG, [lo, k1, k2, hi])


def exit_fixed_points_arrays(mu, tau, W_flow, b, c, delta, strategic: bool = True
                             ) -> tuple[NDArray, NDArray, NDArray]:
    """Lowest, middle and highest stationary value V of the exit game, vectorized.

    With z = (T - delta V - mu)/tau, F'(V) = h(z) = delta (1 - Phi(z)) + (delta kappa/tau)
    phi(z) - 1 (kappa = b, plus c under strategic risk), and h' = -delta phi(z)(1 + kappa
    z/tau): h peaks at z = -tau/kappa, so F has at most two critical points, found by
    bisection on each side of the peak; the roots on the (at most three) monotone pieces
    follow by bisection, in the window of :func:`exit_fixed_points`.
    """
    mu, tau, W_flow, b, c, delta = np.broadcast_arrays(
        *(np.asarray(x, float) for x in (mu, tau, W_flow, b, c, delta)))
    Wv = W_flow / (1 - delta)
    kappa = b + (c if strategic else 0.0)
    T = Wv + kappa
    hi = (np.abs(mu) + tau + np.abs(Wv) + 1.0) / (1 - delta) + np.abs(Wv)
    lo = np.minimum(Wv, 0.0) - 1.0

    def h(z, sel=slice(None)):
        d, t, k = delta[sel], tau[sel], kappa[sel]
        return d * (1 - ndtr(z)) + d * k / t * np.exp(-(z**2) / 2.0) / SQRT_2PI - 1

    with np.errstate(divide="ignore", invalid="ignore"):
        z_peak = np.where(kappa > 0, -tau / kappa, 0.0)
    bend = (delta > 0) & (kappa > 0) & (h(z_peak) > 0)
    V1, V2 = lo.copy(), lo.copy()  # no bend: a single decreasing piece [lo, hi]
    if bend.any():
        zp = z_peak[bend]
        def dh(z, sel):
            d, t, k = delta[sel], tau[sel], kappa[sel]
            return -d * np.exp(-(z**2) / 2.0) / SQRT_2PI * (1 + k * z / t)

        idx = np.flatnonzero(bend)
        z1 = bracketed_root(h, zp - 40.0, zp, dh, idx)
        z2 = bracketed_root(h, zp, zp + 40.0, dh, idx)
        Tb, mb, tb, db = T[bend], mu[bend], tau[bend], delta[bend]
        V2[bend] = (Tb - mb - tb * z2) / db  # the lower critical value of V
        V1[bend] = (Tb - mb - tb * z1) / db
    V2, V1 = np.clip(V2, lo, hi), np.clip(V1, lo, hi)

    def F(V, sel=slice(None)):
        return exit_value_residual(V, mu[sel], tau[sel], W_flow[sel], b[sel], c[sel], delta[sel], strategic)

    def dF(V, sel=slice(None)):  # F'(V) = h(z)
        return h((T[sel] - delta[sel] * V - mu[sel]) / tau[sel], sel)

    return _three_roots(F, dF, [lo, V2, V1, hi])


class GlobalConflict(Model):
    """Security-dilemma global game (reconstruction of the CPiM 2010 static benchmark and exit game)."""

    id = "global_conflict"
    title = "Security dilemma under strategic risk: global game, public signals, exit game (CPiM-style)"
    provenance = "reconstruction"
    variants = (
        Variant("private", "reconstruction", {"variant": "private"},
                "CPiM static benchmark's stage game (W, b, c); private signals"),
        Variant("complete", "reconstruction", {"variant": "complete"},
                "CPiM static benchmark's stage game (W, b, c); theta common knowledge"),
        Variant("public", "reconstruction", {"variant": "public"},
                "other payoffs: the linear global game (gain of peace theta - b_B / theta - c_B), "
                "not the CPiM stage game"),
        Variant("exit", "reconstruction", {"variant": "exit"},
                "CPiM-style exit game in the sigma -> 0 limit; not the paper's dynamic model"),
    )
    method = "closed form (private), root bracketing + Brent (public, exit)"
    references = (
        "ChassangPadroiMiquel2010: Chassang & Padro i Miquel, Conflict and deterrence under strategic risk, QJE 125:1821-1858",
        "CarlssonvanDamme1993: Global games and equilibrium selection, Econometrica 61:989-1018",
        "Schelling1960: The Strategy of Conflict, ch. 9 (reciprocal fear of surprise attack)",
    )
    parameters = (
        Parameter("variant", "private", Choice(("private", "complete", "public", "exit")),
                  "information structure: private signals, complete information, public+private signals, dynamic exit game", role="variant", former=("spec",)),
        Parameter("theta", 1.5, Interval(), "value of peace (the fundamental)", "theta", role="state"),
        Parameter("b", 1.0, Interval(0.0, np.inf), "predatory first-strike gain (AP = W + b); b_B in variant 'public'", "b", role="benefit"),
        Parameter("c", 1.0, Interval(0.0, np.inf, low_closed=False),
                  "preemptive fear: cost of being hit first (PA = W - c)", "c", role="cost"),
        Parameter("W", 0.0, Interval(), "payoff of war (AA); the per-period war flow w in variant 'exit'", "W", role="payoff"),
        Parameter("sigma", 0.5, Interval(0.0, np.inf, low_closed=False),
                  "noise of private signals x_i = theta + sigma eps_i (variant 'private')", "sigma", information=True, role="signal_noise"),
        Parameter("c_public", 2.0, Interval(), "c_B in variant 'public': peace gain theta - c_B when the other attacks (c_B > b)", "c_B", role="payoff"),
        Parameter("alpha", 2.0, Interval(0.0, np.inf, low_closed=False),
                  "precision of the public signal (variant 'public')", "alpha", information=True, role="signal_precision"),
        Parameter("beta", 4.0, Interval(0.0, np.inf, low_closed=False),
                  "precision of each private signal (variant 'public')", "beta", information=True, role="signal_precision"),
        Parameter("y", 1.5, Interval(), "realised public signal (variant 'public')", "y", role="state"),
        Parameter("peace_mean", 1.0, Interval(), "mean peace flow (variant 'exit')", "mu", role="state", former=("mu",)),
        Parameter("peace_sd", 1.0, Interval(0.0, np.inf, low_closed=False), "s.d. of the peace flow (variant 'exit')", "tau", role="state", former=("tau",)),
        Parameter("delta", 0.9, Interval(0.0, 1.0, True, False), "discount factor (variant 'exit')", "delta", role="discount"),
        Parameter("exit_information", "strategic", Choice(("strategic", "complete")),
                  "exit game: strategic risk (threshold W + b + c) or complete information (W + b)", role="rule"),
        Parameter("upper_dominance", True, Choice((True, False)),
                  "variant 'private': assume an upper dominance region (peace dominant for very high theta), "
                  "which makes the threshold equilibrium unique; False: the stage game as stated, where "
                  "'both always attack' is an equilibrium too", role="rule"),
    )
    outcomes = ("peace", "conflict")
    escalatory = ("conflict",)
    flags = ("contraction", "most_peaceful", "most_warlike", "risk_dominant", "stable", "unique", "uniqueness_condition")

    #: the parameters each spec uses; payoffs, signals and flows at most ``_SCALE`` in size,
    #: noise and precisions in [1/_SCALE, _SCALE] (see :meth:`_check`)
    _USES = {"private": ("theta", "W", "b", "c", "sigma"), "complete": ("theta", "W", "b", "c"),
             "public": ("theta", "b", "c_public", "alpha", "beta", "y"),
             "exit": ("peace_mean", "peace_sd", "W", "b", "c", "delta")}
    _SCALE = 1e150

    def _check(self, p):
        # thresholds, residuals and root brackets take products and quotients of two of these
        # numbers (alpha y, W / (1 - delta), (theta - k) / sigma, 1 / beta): beyond 1e150 (or
        # noise below 1e-150) they leave the float range and the root finders lose their bracket
        for name in self._USES[p["variant"]]:
            v = p[name]
            if name in ("sigma", "peace_sd", "alpha", "beta"):
                self._require(1 / self._SCALE <= v <= self._SCALE, name, v,
                              f"1e-150 <= {name} <= 1e150 (variant {p['variant']!r})",
                              "the root brackets are computed in double precision")
            elif name != "delta":
                self._require(abs(v) <= self._SCALE, name, v, f"|{name}| <= 1e150 (variant {p['variant']!r})",
                              "the root brackets are computed in double precision")
        if p["variant"] == "public":
            self._require(p["c_public"] > p["b"], "c_public", p["c_public"], f"c_public > b = {p['b']}",
                          "spec 'public' needs c_B > b (strategic complementarity)")

    def symbolic(self) -> SymbolicForm:
        """Closed forms of ``private`` and ``complete``; ``public`` and ``exit`` through implicit roots.

        * ``private``: k* = W + b + c - sigma/sqrt(pi), P(conflict | theta) =
          1 - Phi((theta - k*)/sigma)^2 (one equilibrium). The regime is split at the
          risk-dominance threshold theta = W + b + c: d P(conflict)/d sigma =
          sqrt(2) (erf(.) - 1) (W + b + c - theta) exp(.) / (2 sqrt(pi) sigma^2), and erf < 1,
          so more noise raises conflict iff theta > W + b + c;
        * ``complete``: theta < W + b: (A,A) only; theta = W + b: (P,P) and (A,A) (the tie
          keeps peace); theta > W + b: (P,P), (A,A) and the mixed equilibrium with peace
          probability q = c/(theta - W - b + c), conflict 1 - q^2.
        * ``public``: the thresholds are the roots of
          G(k; y) = m - c_B + (c_B - b) Phi((m - k)/s) = 0, declared as three implicit
          symbols ``k_low <= k_mid <= k_high`` (lowest, middle, highest root; all equal
          when the root is unique), computed by :func:`public_thresholds_arrays`. Each
          equilibrium has P(conflict | theta) = 1 - Phi(sqrt(beta)(theta - k))^2. Regimes:
          the uniqueness condition beta s sqrt(2 pi) >= (c_B - b) alpha holds (one root);
          it fails but there is one root (``k_high = k_low``); three roots
          (``k_high > k_low``: G has two critical points and its values there straddle 0).
          The two-root tangency is a boundary, not declared.
        * ``exit``, for ``exit_information`` strategic and
          complete: the stationary values are the roots of F(V) = (mu + delta V)(1 - Phi(z))
          + tau phi(z) + Phi(z) W/(1 - delta) - V, z = (T - delta V - mu)/tau, T = W/(1-delta)
          + b (+ c under strategic risk), declared as ``V_s_low/mid/high`` (strategic) and
          ``V_c_low/mid/high`` (complete), from :func:`exit_fixed_points_arrays`; the
          escalation probability is the war hazard Phi(z). Regimes: one stationary
          equilibrium (``V_high = V_low``) or three (``V_high > V_low``).

        Derivatives with respect to alpha and beta (public) use implicit differentiation
        (dk/dx = -G_x/G_k): their signs are reported as numerically verified, not proved.
        Sampling: ``delta`` in (0.5, 0.95) so that the three-equilibrium exit regimes are
        reached by rejection sampling (0.7 % of draws under complete information), and
        ``tau`` in (0.2, 3). The generic tests compare with the model's ``evaluate``, which
        for ``public`` and ``exit`` runs ``solve``'s root finder on many points at once (grid
        bracketing and Brent; the vectorized roots of :func:`public_thresholds_arrays` and
        :func:`exit_fixed_points_arrays` are a second root finder); a root pair closer than
        that grid's step (near a tangency) would be missed by ``solve``.
        """
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        sy = model_symbols(self)
        theta, b, c, W, sigma = (sy[n] for n in ("theta", "b", "c", "W", "sigma"))
        k_star = W + b + c - sigma / sp.sqrt(sp.pi)

        def Phi(x):
            return (1 + sp.erf(x / sp.sqrt(2))) / 2

        def phi(x):
            return sp.exp(-x**2 / 2) / sp.sqrt(2 * sp.pi)

        pc = 1 - Phi((theta - k_star) / sigma)**2
        private = {ESCALATION: pc, "conflict": pc, "peace": 1 - pc, "threshold": k_star,
                   "risk_dominance_threshold": W + b + c, "complete_info_threshold": W + b}
        q = c / (theta - W - b + c)
        peace = {ESCALATION: 0, "conflict": 0, "peace": 1, "peace_probability": 1}
        war = {ESCALATION: 1, "conflict": 1, "peace": 0, "peace_probability": 0}
        mixed = {ESCALATION: 1 - q**2, "conflict": 1 - q**2, "peace": q**2, "peace_probability": q}
        regimes = [
            # split at the risk-dominance threshold: there d P(conflict)/d sigma changes sign
            Regime("private: theta < W + b + c", (sp.Lt(theta, W + b + c),), (private,), ("threshold",),
                   choices={"variant": "private"}, description="peace not risk dominant: noise lowers conflict"),
            Regime("private: theta = W + b + c", (sp.Eq(theta, W + b + c),), (private,), ("threshold",),
                   choices={"variant": "private"}, description="risk-dominance threshold"),
            Regime("private: theta > W + b + c", (sp.Gt(theta, W + b + c),), (private,), ("threshold",),
                   choices={"variant": "private"}, description="peace risk dominant: noise raises conflict"),
            Regime("complete: theta < W + b", (sp.Lt(theta, W + b),), (war,), ("pure (attack, attack)",),
                   choices={"variant": "complete"}, description="peace is not an equilibrium"),
            Regime("complete: theta = W + b", (sp.Eq(theta, W + b),), (peace, war),
                   ("pure (peace, peace)", "pure (attack, attack)"), choices={"variant": "complete"},
                   description="the tie keeps peace: (P,P) and (A,A), no mixed equilibrium"),
            Regime("complete: theta > W + b", (sp.Gt(theta, W + b),), (peace, war, mixed),
                   ("pure (peace, peace)", "pure (attack, attack)", "mixed"), choices={"variant": "complete"},
                   description="stag hunt: two pure equilibria and a mixed one"),
        ]

        # public (Spec B): thresholds are roots of G(k; y)
        y, cB, alpha, beta = (sy[n] for n in ("y", "c_public", "alpha", "beta"))
        s = sp.sqrt(1 / (alpha + beta) + 1 / beta)
        ks = [sp.Symbol(f"k_{x}", real=True) for x in ("low", "mid", "high")]

        def G(k):
            m = (alpha * y + beta * k) / (alpha + beta)
            return m - cB + (cB - b) * Phi((m - k) / s)

        def public_eq(k, n):
            p_c = 1 - Phi(sp.sqrt(beta) * (theta - k))**2
            return {ESCALATION: p_c, "conflict": p_c, "peace": 1 - p_c, "threshold": k, "n_equilibria": n,
                    "private_only_threshold": (b + cB) / 2}

        complements = sp.Gt(cB, b)
        unique, fails = (rel(beta * s * sp.sqrt(2 * sp.pi), (cB - b) * alpha) for rel in (sp.Ge, sp.Lt))
        pub = {"variant": "public"}
        regimes += [
            Regime("public: uniqueness condition holds", (complements, unique), (public_eq(ks[0], 1),),
                   ("threshold",), choices=pub,
                   description="beta s sqrt(2 pi) >= (c_B - b) alpha: G increasing, one threshold"),
            Regime("public: condition fails, one threshold", (complements, fails, sp.Le(ks[2] - ks[0], 0)),
                   (public_eq(ks[0], 1),), ("threshold",), choices=pub,
                   description="G not monotone but crosses zero once"),
            Regime("public: three thresholds", (complements, fails, sp.Gt(ks[2] - ks[0], 0)),
                   tuple(public_eq(k, 3) for k in ks), ("threshold",) * 3, choices=pub,
                   description="precise public information: three threshold equilibria"),
        ]

        # exit game: stationary values are roots of F(V)
        mu, tau, delta = (sy[n] for n in ("peace_mean", "peace_sd", "delta"))
        Wv = W / (1 - delta)
        implicit = {}

        def F(V, strategic):
            z = (Wv + b + (c if strategic else 0) - delta * V - mu) / tau
            return (mu + delta * V) * (1 - Phi(z)) + tau * phi(z) + Phi(z) * Wv - V, Phi(z)

        def memo(fn, names):
            cache: dict = {}

            def get(values):
                arrays = [np.asarray(values[n], float) for n in names]
                key = tuple((a.shape, a.tobytes()) for a in arrays)
                if key not in cache:
                    cache.clear()
                    cache[key] = fn(*arrays)
                return cache[key]
            return get

        roots_public = memo(public_thresholds_arrays, ("y", "b", "c_public", "alpha", "beta"))
        for i, k in enumerate(ks):
            implicit[k] = (sp.Eq(G(k), 0), lambda v, _i=i: roots_public(v)[_i])
        for strategic, tag in ((True, "s"), (False, "c")):
            Vs = [sp.Symbol(f"V_{tag}_{x}", real=True) for x in ("low", "mid", "high")]
            roots_exit = memo(lambda *a, _s=strategic: exit_fixed_points_arrays(*a, strategic=_s),
                              ("peace_mean", "peace_sd", "W", "b", "c", "delta"))

            def exit_eq(V, n, _s=strategic):
                _, h = F(V, _s)
                return {ESCALATION: h, "conflict": h, "peace": 1 - h, "value": V, "war_hazard": h,
                        "prob_war_within_10": 1 - (1 - h)**10, "n_equilibria": n}

            for i, V in enumerate(Vs):
                implicit[V] = (sp.Eq(F(V, strategic)[0], 0), lambda v, _i=i, _r=roots_exit: _r(v)[_i])
            info = "strategic" if strategic else "complete"
            ch = {"variant": "exit", "exit_information": info}
            regimes += [
                Regime(f"exit ({info}): one stationary equilibrium", (sp.Le(Vs[2] - Vs[0], 0),),
                       (exit_eq(Vs[0], 1),), ("stationary",), choices=ch,
                       description="F(V) crosses zero once"),
                Regime(f"exit ({info}): three stationary equilibria", (sp.Gt(Vs[2] - Vs[0], 0),),
                       tuple(exit_eq(V, 3) for V in Vs), ("stationary",) * 3, choices=ch,
                       description="a war-prone and a peaceful stationary equilibrium (and a middle one)"),
            ]
        # sigma >= 0.5 in the tests: for tinier noise exp(-z^2/2) in the derivative underflows
        # to 0 in floating point, so a (proved) positive sign could not be observed
        return SymbolicForm.build(self, regimes, solve_order=("theta",), implicit=implicit, sampling={
            "theta": (-4.0, 6.0), "W": (-2.0, 2.0), "b": (0.0, 2.0), "c": (0.0, 2.0), "sigma": (0.5, 3.0),
            "c_public": (2.0, 4.0), "y": (-2.0, 2.0), "peace_mean": (-2.0, 2.0), "alpha": (0.1, 10.0),
            "beta": (0.1, 10.0), "peace_sd": (0.2, 3.0), "delta": (0.5, 0.95)})

    def _solve(self, p):
        spec = p["variant"]
        return getattr(self, f"_solve_{spec}")(p)

    def _solve_arrays(self, p: dict[str, NDArray]) -> ArraySolution:
        """Every variant over arrays of points, one slot per equilibrium in :meth:`_solve`'s order.

        ``private`` and ``complete`` are the closed forms of :meth:`_solve_private` and
        :meth:`_solve_complete`, elementwise (the same floating-point operations, hence the
        same numbers); ``public`` brackets the roots on :meth:`_solve_public`'s grid, computed
        for all points at once and refines them as there (:func:`_grid_roots_arrays`: the
        same brackets and Brent steps, so the same numbers), and so does ``exit`` on
        :meth:`_solve_exit`'s grid. Quantity columns come in the order of the
        variants' first appearance, as in a per-point sweep.
        """
        variant = np.asarray(p["variant"], dtype=object)
        n = variant.size
        blocks = []
        for v in dict.fromkeys(variant.tolist()):
            idx = np.flatnonzero(variant == v)
            sub = {k: a[idx] for k, a in p.items()}
            if v == "private":
                blocks.append((idx, *_private_arrays(sub)))
            elif v == "complete":
                blocks.append((idx, *_complete_arrays(sub)))
            elif v == "public":
                blocks.append((idx, *_public_arrays(sub)))
            else:
                blocks.append((idx, *_exit_arrays(sub)))
        k = max(b[1].shape[1] for b in blocks)
        valid = np.zeros((n, k), bool)
        labels = np.full((n, k), "", dtype=object)
        conflict = np.full((n, k), np.nan)
        quantities: dict[str, NDArray] = {}
        flags: dict[str, NDArray] = {}
        for idx, va, la, co, qu, fl in blocks:
            w = va.shape[1]
            valid[idx, :w], labels[idx, :w], conflict[idx, :w] = va, la, co
            for name, a in qu.items():
                quantities.setdefault(name, np.full((n, k), np.nan))[idx, :w] = a
            for name, a in fl.items():
                flags.setdefault(name, np.zeros((n, k), bool))[idx, :w] = a
        return ArraySolution(valid=valid, labels=labels, outcomes={"peace": 1 - conflict, "conflict": conflict},
                             quantities=quantities, flags=flags)

    def _eq(self, label, p_conflict, **kw):
        return self._equilibrium(label, {"peace": 1 - p_conflict, "conflict": p_conflict}, **kw)

    def _solve_private(self, p):
        k = float(private_threshold(p["b"], p["c"], p["W"], p["sigma"]))
        pc = float(conflict_probability(p["theta"], k, p["sigma"]))
        # indifference residual at x = k: E[payoff(P) - payoff(A) | x = k] by quadrature
        res = _private_indifference(k, p["b"], p["c"], p["W"], p["sigma"])
        unique = bool(p["upper_dominance"])
        q = {"risk_dominance_threshold": p["W"] + p["b"] + p["c"], "complete_info_threshold": p["W"] + p["b"]}
        eqs = [self._eq("threshold", pc, strategies={"threshold": k}, quantities={"threshold": k, **q},
                        flags={"unique": unique, "most_peaceful": True},
                        certificate={"indifference_residual": abs(res)})]
        if not unique:
            # against an attacker, peace pays W - c < W: attacking is a strict best response
            # after every signal (margin c), so "both always attack" is an equilibrium
            eqs.append(self._eq("pure (attack, attack)", 1.0, strategies={"threshold": math.inf},
                                quantities={"threshold": math.inf, **q},
                                flags={"unique": False, "most_peaceful": False},
                                certificate={"best_response_margin": p["c"]}))
        return eqs

    def _solve_complete(self, p):
        th, W, b, c = p["theta"], p["W"], p["b"], p["c"]
        rd = th >= W + b + c
        eqs = [self._eq("pure (attack, attack)", 1.0, strategies={"peace_probability": 0.0},
                        quantities={"peace_probability": 0.0},
                        flags={"risk_dominant": not rd, "most_peaceful": th < W + b})]
        if th >= W + b:
            eqs.insert(0, self._eq("pure (peace, peace)", 0.0, strategies={"peace_probability": 1.0},
                                   quantities={"peace_probability": 1.0},
                                   flags={"risk_dominant": bool(rd), "most_peaceful": True}))
        if th > W + b:
            q = c / (th - W - b + c)
            eqs.append(self._eq("mixed", 1 - q * q, strategies={"peace_probability": q},
                                quantities={"peace_probability": q},
                                flags={"risk_dominant": False, "most_peaceful": False}))
        return eqs

    def _solve_public(self, p):
        b, cB, a, be, y, th = p["b"], p["c_public"], p["alpha"], p["beta"], p["y"], p["theta"]
        ks = public_thresholds(y, b, cB, a, be)
        unique = public_uniqueness_holds(b, cB, a, be)
        eqs = []
        for i, k in enumerate(ks):
            pc = float(conflict_probability(th, k, 1 / math.sqrt(be)))
            eqs.append(self._eq(
                "threshold", pc, strategies={"threshold": k},
                quantities={"threshold": k, "n_equilibria": len(ks),
                            "private_only_threshold": (b + cB) / 2},
                flags={"most_peaceful": i == 0, "most_warlike": i == len(ks) - 1,
                       "uniqueness_condition": unique},
                certificate={"residual": abs(float(public_threshold_residual(k, y, b, cB, a, be)))}))
        return eqs

    def _solve_exit(self, p):
        mu, tau, w, b, c, d = p["peace_mean"], p["peace_sd"], p["W"], p["b"], p["c"], p["delta"]
        strategic = p["exit_information"] == "strategic"
        Vs = exit_fixed_points(mu, tau, w, b, c, d, strategic)
        Wv = w / (1 - d)
        T = Wv + b + (c if strategic else 0.0)
        contraction = bool(d * (1 + (T - Wv) / (tau * math.sqrt(2 * math.pi))) < 1)
        eqs = []
        hazards = [float(norm.cdf((T - d * V - mu) / tau)) for V in Vs]
        for V, h in zip(Vs, hazards, strict=True):
            slope = _derivative(lambda x: exit_value_residual(x, mu, tau, w, b, c, d, strategic), V)
            eqs.append(self._eq(
                "stationary", h, strategies={"peace_if_theta_at_least": T - d * V},
                quantities={"value": V, "war_hazard": h,
                            "expected_duration": (1 / h) if h > 0 else float("inf"),
                            "prob_war_within_10": 1 - (1 - h) ** 10, "n_equilibria": len(Vs)},
                flags={"most_peaceful": h == min(hazards), "most_warlike": h == max(hazards),
                       "stable": slope < 0, "contraction": contraction},
                certificate={"residual": abs(float(exit_value_residual(V, mu, tau, w, b, c, d, strategic)))}))
        return eqs


def _private_arrays(p: dict[str, NDArray]) -> tuple:
    """``(valid, labels, conflict, quantities, flags)`` of variant ``private`` (two slots: the
    threshold equilibrium, and "both always attack" without an upper dominance region)."""
    W, b, c, sigma = (np.asarray(p[k], float) for k in ("W", "b", "c", "sigma"))
    k = private_threshold(b, c, W, sigma)
    pc = conflict_probability(np.asarray(p["theta"], float), k, sigma)
    unique = np.array([bool(x) for x in p["upper_dominance"]], bool)
    one = np.ones_like(pc)
    valid = np.column_stack([np.ones(pc.size, bool), ~unique])
    labels = np.tile(np.array([["threshold", "pure (attack, attack)"]], dtype=object), (pc.size, 1))
    rd, ci = W + b + c, W + b
    quantities = {"threshold": np.column_stack([k, np.inf * one]), "risk_dominance_threshold": np.column_stack([rd, rd]),
                  "complete_info_threshold": np.column_stack([ci, ci])}
    flags = {"unique": np.column_stack([unique, np.zeros_like(unique)]),
             "most_peaceful": np.column_stack([np.ones_like(unique), np.zeros_like(unique)])}
    return valid, labels, np.column_stack([pc, one]), quantities, flags


def _complete_arrays(p: dict[str, NDArray]) -> tuple:
    """``(valid, labels, conflict, quantities, flags)`` of variant ``complete`` (three slots:
    (P,P) where theta >= W + b, (A,A), and the mixed equilibrium where theta > W + b)."""
    th, W, b, c = (np.asarray(p[k], float) for k in ("theta", "W", "b", "c"))
    rd = th >= W + b + c
    peace_ok, mixed_ok = th >= W + b, th > W + b
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.where(mixed_ok, c / (th - W - b + c), np.nan)
    n = th.size
    valid = np.column_stack([peace_ok, np.ones(n, bool), mixed_ok])
    labels = np.tile(np.array([["pure (peace, peace)", "pure (attack, attack)", "mixed"]], dtype=object), (n, 1))
    conflict = np.column_stack([np.zeros(n), np.ones(n), 1 - q * q])
    quantities = {"peace_probability": np.column_stack([np.ones(n), np.zeros(n), q])}
    flags = {"risk_dominant": np.column_stack([rd, ~rd, np.zeros(n, bool)]),
             "most_peaceful": np.column_stack([np.ones(n, bool), th < W + b, np.zeros(n, bool)])}
    return valid, labels, conflict, quantities, flags


def _public_arrays(p: dict[str, NDArray]) -> tuple:
    """``(valid, labels, conflict, quantities, flags)`` of variant ``public``: the thresholds of
    :func:`public_thresholds` (the same window and grid; :func:`_grid_roots_arrays`)."""
    y, b, cB, al, be, th = (np.asarray(p[k], float) for k in ("y", "b", "c_public", "alpha", "beta", "theta"))
    lo, hi = _public_window(y, b, cB, al, be)

    def G(k, rows):
        return public_threshold_residual(k, y[rows], b[rows], cB[rows], al[rows], be[rows])

    ks = _grid_roots_arrays(G, lo, hi)
    valid = ~np.isnan(ks)
    count = valid.sum(axis=1, keepdims=True)
    slot = np.arange(ks.shape[1])
    s = np.sqrt(1 / (al + be) + 1 / be)
    unique = be >= (cB - b) * al / (s * SQRT_2PI)
    labels = np.where(valid, "threshold", "").astype(object)
    quantities = {"threshold": ks, "private_only_threshold": np.where(valid, ((b + cB) / 2)[:, None], np.nan)}
    flags = {"most_peaceful": valid & (slot == 0), "most_warlike": valid & (slot == count - 1),
             "uniqueness_condition": valid & unique[:, None]}
    return valid, labels, conflict_probability(th[:, None], ks, (1 / np.sqrt(be))[:, None]), quantities, flags


def _exit_arrays(p: dict[str, NDArray]) -> tuple:
    """``(valid, labels, conflict, quantities, flags)`` of variant ``exit``: the stationary
    values of :func:`exit_fixed_points` (the same window and grid, with its extra points
    uniform in the peace cutoff; :func:`_grid_roots_arrays`), and :meth:`GlobalConflict._solve_exit`'s
    statistics and flags."""
    mu, tau, w, b, c, d = (np.asarray(p[k], float) for k in ("peace_mean", "peace_sd", "W", "b", "c", "delta"))
    c_eff = np.where(np.asarray(p["exit_information"], dtype=object) == "strategic", c, 0.0)  # T = Wv + b + c_eff
    Wv = w / (1 - d)
    hi = (np.abs(mu) + tau + np.abs(Wv) + 1.0) / (1 - d) + np.abs(Wv)
    lo = np.minimum(Wv, 0.0) - 1.0
    T = Wv + b + c_eff

    def F(V, rows):
        return exit_value_residual(V, mu[rows], tau[rows], w[rows], b[rows], c_eff[rows], d[rows])

    def extra(rows):
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            x = (T[rows, None] - mu[rows, None] - tau[rows, None] * _EXIT_Z) / d[rows, None]
        return np.where(d[rows, None] > 0, x, np.nan)

    Vs = _grid_roots_arrays(F, lo, hi, 6001, extra)
    valid = ~np.isnan(Vs)
    rows = np.broadcast_to(np.arange(mu.size)[:, None], Vs.shape)
    h = np.where(valid, norm.cdf((T[:, None] - d[:, None] * Vs - mu[:, None]) / tau[:, None]), np.nan)
    with np.errstate(invalid="ignore", over="ignore"):  # 1/h and the bound are inf as in solve's floats
        slope = (F(Vs + 1e-6, rows) - F(Vs - 1e-6, rows)) / (2 * 1e-6)  # as _derivative
        duration = np.where(h > 0, 1 / np.where(h > 0, h, 1.0), np.inf)
        contraction = d * (1 + (T - Wv) / (tau * SQRT_2PI)) < 1
    quantities = {"value": Vs, "war_hazard": h, "expected_duration": np.where(valid, duration, np.nan),
                  "prob_war_within_10": 1 - (1 - h) ** 10}
    flags = {"most_peaceful": valid & (h == np.min(np.where(valid, h, np.inf), axis=1, keepdims=True)),
             "most_warlike": valid & (h == np.max(np.where(valid, h, -np.inf), axis=1, keepdims=True)),
             "stable": valid & (slope < 0), "contraction": valid & contraction[:, None]}
    return valid, np.where(valid, "stationary", "").astype(object), h, quantities, flags


_EXIT_Z = np.linspace(-40, 40, 16001)  # the extra grid of exit_fixed_points, in units of the peace cutoff


def _derivative(f, x, h=1e-6):
    return float((f(np.array([x + h]))[0] - f(np.array([x - h]))[0]) / (2 * h))


@functools.cache
def _hermite_nodes(nodes: int) -> tuple[NDArray, NDArray]:
    z, wts = np.polynomial.hermite_e.hermegauss(nodes)
    return z, wts / wts.sum()


def _private_indifference(k, b, c, W, sigma, nodes: int = 80) -> float:
    """E[u(P) - u(A) | x_i = k] when the other plays the threshold k (Gauss-Hermite)."""
    z, wts = _hermite_nodes(nodes)
    theta = k + sigma * z  # theta | x_i = k ~ N(k, sigma^2) under the flat prior
    q = norm.cdf((theta - k) / sigma)  # P(other's signal >= k | theta)
    gain = q * (theta - W - b) + (1 - q) * (-c)
    return float(np.sum(wts * gain))

