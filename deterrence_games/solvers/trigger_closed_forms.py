"""Closed forms for trigger strategies under a binary public signal and for noisy memory-one play.

Vectorized (numpy broadcasting) twins of the automaton computations in
:mod:`deterrence_games.solvers.automata`. Notation (Mailath &
Samuelson 2006 §7.2): stage payoffs R (both cooperate), S (sucker), T_hat (temptation),
P (both defect), with T_hat > R > P > S; the public signal is *good* with probability p when
both cooperate and q < p when exactly one defects; the discount factor is delta. Values are
normalised by 1 - delta.

Trigger strategy sigma(T): cooperate; after a bad signal play (D, D) for T periods ignoring
signals, then cooperate again (T = inf is grim trigger). Closed forms:

* g = (T_hat - R)/(R - P) (normalised temptation);
* V(T) = P + (1 - delta)(R - P) / [1 - delta p - (1 - p) delta^(T+1)];
* incentive constraint: sum_{k=1..T} delta^k >= kappa, kappa = g / [(p - q) - g (1 - p)],
  which needs (p - q) > g (1 - p);
* delta*(inf) = kappa/(1 + kappa); delta*(1) = kappa; delta*(T) solves delta(1-delta^T)/(1-delta) = kappa;
* T* = smallest integer T with sum_{k<=T} delta^k >= kappa - 1e-12 (not a floating
  ceil of the log ratio); finite T* exists iff delta > kappa/(1+kappa); at equality only T = inf;
* V_bind = R - (1 - p)/(p - q) (T_hat - R);
* long-run share of pause periods phi(T) = T(1-p)/(1 + T(1-p)); crisis rate (1-p)/(1+T(1-p));
  mean cooperative spell 1/(1-p).

Memory-one strategies with implementation error eps: TFT P(CC) = 1/4;
WSLS P(CC) = (1-eps)(1-3eps+4eps^2), P(DD) = eps(2-5eps+4eps^2); GRIM1 P(CC) = eps/2,
P(DD) = (2-5eps+4eps^2)/2; true grim: expected periods to the first error 1/(1-(1-eps)^2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq
from scipy.special import ndtr

from .._validation import IntegerRange, Interval, check_scalar
from ..results import Result

__all__ = [
    "IC_TOL",
    "temptation",
    "kappa",
    "pause_sum",
    "pause_value",
    "pause_incentive_holds",
    "critical_delta_grim",
    "critical_delta_pause",
    "optimal_pause_length",
    "v_bind",
    "punishment_share",
    "crisis_rate",
    "mean_cooperative_spell",
    "pause_escalation_within",
    "tft_cc",
    "wsls_cc",
    "wsls_dd",
    "grim1_cc",
    "grim1_dd",
    "gtft_generosity",
    "grim_expected_time",
    "wsls_critical_delta",
    "random_trigger_probability",
    "ThresholdDesign",
    "threshold_design",
]

IC_TOL = 1e-12
"""Tolerance of the incentive constraint sum delta^k >= kappa."""

F = NDArray[np.float64]


def _a(x: ArrayLike) -> F:
    return np.asarray(x, dtype=float)


def temptation(R: ArrayLike, T_hat: ArrayLike, P: ArrayLike) -> F:
    """Normalised temptation g = (T_hat - R)/(R - P)."""
    return (_a(T_hat) - _a(R)) / (_a(R) - _a(P))


def kappa(g: ArrayLike, p: ArrayLike, q: ArrayLike) -> F:
    """kappa = g / [(p - q) - g (1 - p)]; ``inf`` where (p - q) <= g (1 - p) (no trigger equilibrium)."""
    g, p, q = np.broadcast_arrays(_a(g), _a(p), _a(q))
    den = (p - q) - g * (1 - p)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, g / np.where(den > 0, den, 1.0), np.inf)


def pause_sum(T: ArrayLike, delta: ArrayLike) -> F:
    """sum_{k=1..T} delta^k = delta (1 - delta^T)/(1 - delta); T = inf gives delta/(1 - delta)."""
    T, d = np.broadcast_arrays(_a(T), _a(delta))
    dT = np.where(np.isinf(T), 0.0, d ** np.where(np.isinf(T), 0.0, T))
    return d * (1 - dT) / (1 - d)


def pause_value(T: ArrayLike, delta: ArrayLike, p: ArrayLike, R: ArrayLike, P: ArrayLike) -> F:
    """V(T) = P + (1 - delta)(R - P)/[1 - delta p - (1 - p) delta^(T+1)]."""
    T, d, p = np.broadcast_arrays(_a(T), _a(delta), _a(p))
    dT1 = np.where(np.isinf(T), 0.0, d ** (np.where(np.isinf(T), 0.0, T) + 1))
    return _a(P) + (1 - d) * (_a(R) - _a(P)) / (1 - d * p - (1 - p) * dT1)


def pause_incentive_holds(T: ArrayLike, delta: ArrayLike, kappa_: ArrayLike) -> NDArray[np.bool_]:
    """The incentive constraint sum_{k<=T} delta^k >= kappa - 1e-12."""
    return pause_sum(T, delta) >= _a(kappa_) - IC_TOL


def critical_delta_grim(g: ArrayLike, p: ArrayLike, q: ArrayLike) -> F:
    """delta*(inf) = kappa/(1 + kappa) = g/(p - q + g p); ``nan`` where no trigger equilibrium."""
    k = kappa(g, p, q)
    with np.errstate(invalid="ignore"):
        return np.where(np.isfinite(k), k / (1 + k), np.nan)


def critical_delta_pause(T: ArrayLike, kappa_: ArrayLike, tol: float = 1e-14) -> F:
    """delta*(T): the root of delta (1 - delta^T)/(1 - delta) = kappa in (0, 1) (bisection).

    T = 1 gives kappa; T = inf gives kappa/(1+kappa). ``nan`` where kappa >= T (the pause is
    too short to deter for any delta < 1).
    """
    T, k = np.broadcast_arrays(_a(T), _a(kappa_))
    lo, hi = np.zeros(T.shape), np.ones(T.shape)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        ok = pause_sum(T, mid) >= k
        hi = np.where(ok, mid, hi)
        lo = np.where(ok, lo, mid)
        if np.all(hi - lo <= tol):
            break
    feasible = np.isfinite(k) & (k < T)
    return np.where(feasible, hi, np.nan)


def optimal_pause_length(delta: ArrayLike, kappa_: ArrayLike, T_max: float = np.inf) -> F:
    """T* = smallest integer T >= 1 with sum_{k<=T} delta^k >= kappa - 1e-12.

    Returns ``inf`` where only grim trigger deters (delta = kappa/(1+kappa) exactly, or T* >
    ``T_max``) and ``nan`` where no trigger strategy deters (delta < kappa/(1+kappa) or kappa
    infinite). V(T) is decreasing in T, so T* is the value-maximising pause.
    """
    d, k = np.broadcast_arrays(_a(delta), _a(kappa_))
    k_eff = k - IC_TOL
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # delta subnormal: ratio -inf, no T
        ratio = 1 - k_eff * (1 - d) / d
        guess = np.where(ratio > 0, np.ceil(np.log(np.where(ratio > 0, ratio, 1.0)) / np.log(d)), np.inf)
    guess = np.maximum(guess, 1.0)
    T = np.where(np.isfinite(guess), guess, 1.0)
    # correct the floating guess by exact checks on the partial sums
    for _ in range(3):
        down = (T > 1) & pause_incentive_holds(T - 1, d, k)
        T = np.where(down, T - 1, T)
        up = ~pause_incentive_holds(T, d, k)
        T = np.where(up & np.isfinite(guess), T + 1, T)
    grim_ok = pause_incentive_holds(np.inf, d, k) & np.isfinite(k)
    # at delta = kappa/(1+kappa) the constraint binds only in the limit T -> inf
    boundary = np.abs(pause_sum(np.inf, d) - k) <= IC_TOL
    finite = grim_ok & ~boundary & np.isfinite(guess) & pause_incentive_holds(T, d, k) & (T <= T_max)
    return np.where(finite, T, np.where(grim_ok, np.inf, np.nan))


def v_bind(R: ArrayLike, T_hat: ArrayLike, p: ArrayLike, q: ArrayLike) -> F:
    """V_bind = R - (1 - p)/(p - q) (T_hat - R), the value when the incentive constraint binds."""
    return _a(R) - (1 - _a(p)) / (_a(p) - _a(q)) * (_a(T_hat) - _a(R))


def punishment_share(T: ArrayLike, p: ArrayLike) -> F:
    """Long-run share of periods in the pause, phi(T) = T(1-p)/(1 + T(1-p)); 1 for T = inf, p < 1."""
    T, p = np.broadcast_arrays(_a(T), _a(p))
    x = np.where(np.isinf(T), 1.0, np.where(np.isinf(T), 0.0, T) * (1 - p))  # no inf * 0 when p = 1
    return np.where(np.isinf(T), np.where(p < 1, 1.0, 0.0), x / (1 + x))


def crisis_rate(T: ArrayLike, p: ArrayLike) -> F:
    """Rate at which new pauses start, (1 - p)/(1 + T(1 - p)) per period."""
    T, p = np.broadcast_arrays(_a(T), _a(p))
    with np.errstate(invalid="ignore"):
        return np.where(np.isinf(T), 0.0, (1 - p) / (1 + np.where(np.isinf(T), 0.0, T) * (1 - p)))


def mean_cooperative_spell(p: ArrayLike) -> F:
    """Expected number of cooperative periods before the first pause period, 1/(1 - p)."""
    p = _a(p)
    with np.errstate(divide="ignore"):
        return np.where(p < 1, 1 / np.where(p < 1, 1 - p, 1.0), np.inf)


def pause_escalation_within(N: ArrayLike, p: ArrayLike) -> F:
    """P(at least one pause period among periods 1..N), starting cooperative: 1 - p^(N-1)."""
    return 1 - _a(p) ** (_a(N) - 1)


def tft_cc(epsilon: ArrayLike) -> F:
    """TFT self-play with implementation error: P(CC) = 1/4 for every eps in (0, 1)."""
    return np.full(np.shape(epsilon), 0.25)


def wsls_cc(epsilon: ArrayLike) -> F:
    """WSLS self-play: P(CC) = (1 - eps)(1 - 3 eps + 4 eps^2)."""
    e = _a(epsilon)
    return (1 - e) * (1 - 3 * e + 4 * e**2)


def wsls_dd(epsilon: ArrayLike) -> F:
    """WSLS self-play: P(DD) = eps (2 - 5 eps + 4 eps^2)."""
    e = _a(epsilon)
    return e * (2 - 5 * e + 4 * e**2)


def grim1_cc(epsilon: ArrayLike) -> F:
    """GRIM1 = (1, 0, 0, 0) self-play: P(CC) = eps/2."""
    return _a(epsilon) / 2


def grim1_dd(epsilon: ArrayLike) -> F:
    """GRIM1 self-play: P(DD) = (2 - 5 eps + 4 eps^2)/2."""
    e = _a(epsilon)
    return (2 - 5 * e + 4 * e**2) / 2


def gtft_generosity(R: ArrayLike, S: ArrayLike, T_hat: ArrayLike, P: ArrayLike) -> F:
    """Molander's (1985) generosity g = min{1 - (T_hat - R)/(R - S), (R - P)/(T_hat - P)}."""
    R, S, T_hat, P = (_a(v) for v in (R, S, T_hat, P))
    return np.minimum(1 - (T_hat - R) / (R - S), (R - P) / (T_hat - P))


def grim_expected_time(epsilon: ArrayLike) -> F:
    """True grim with implementation errors: expected periods until the first error, 1/(1-(1-eps)^2)."""
    e = _a(epsilon)
    return 1 / (1 - (1 - e) ** 2)


def wsls_critical_delta(R: ArrayLike, T_hat: ArrayLike, P: ArrayLike) -> F:
    """WSLS is subgame perfect (perfect monitoring) iff 2R > T_hat + P and delta >= (T_hat-R)/(R-P)."""
    return (_a(T_hat) - _a(R)) / (_a(R) - _a(P))


def random_trigger_probability(delta: ArrayLike, R: ArrayLike, T_hat: ArrayLike, P: ArrayLike,
                               p: ArrayLike, q: ArrayLike) -> F:
    """Probability theta with which a bad signal must start grim punishment for the IC to bind.

    theta = (1 - delta)(T_hat - R) / [delta (p - q)(V_bind - P)]; the resulting value is
    V_bind = R - (1-p)/(p-q)(T_hat - R), the best strongly symmetric PPE payoff (Mailath &
    Samuelson 2006, §7.2). Feasible (theta <= 1) iff delta >= delta*(inf).
    """
    vb = v_bind(R, T_hat, p, q)
    d = _a(delta)
    return (1 - d) * (_a(T_hat) - _a(R)) / (d * (_a(p) - _a(q)) * (vb - _a(P)))


@dataclass(frozen=True, eq=False)
class ThresholdDesign(Result):
    """Best tolerance threshold for each pause length under a Gaussian signal.

    Arrays indexed by pause length T = 1..T_max (nan where no threshold deters):
    ``theta`` (largest deterring threshold), ``p``, ``q``, ``value`` V(T, theta*(T)) and
    ``phi`` (long-run share of pause periods). ``best`` is the index of the value-maximising T.

    Attributes
    ----------
    sigma, delta : float
        Noise of the Gaussian signal and the discount factor.
    T : ndarray of int
        Pause lengths ``1..T_max``.
    theta, p, q, value, phi : ndarray
        Per pause length (see above).
    best : int
        Index of the value-maximising pause length.
    """

    sigma: float
    delta: float
    T: NDArray[np.int_]
    theta: NDArray[np.float64]
    p: NDArray[np.float64]
    q: NDArray[np.float64]
    value: NDArray[np.float64]
    phi: NDArray[np.float64]
    best: int

    @property
    def T_star(self) -> int:
        return int(self.T[self.best])

    @property
    def theta_star(self) -> float:
        return float(self.theta[self.best])

    @property
    def value_star(self) -> float:
        return float(self.value[self.best])

    @property
    def phi_star(self) -> float:
        return float(self.phi[self.best])


def threshold_design(sigma: float, delta: float, T_max: int, R: float = 3.0, T_hat: float = 4.0,
                     P: float = 1.0, theta_step: float = 1e-3) -> ThresholdDesign:
    """Choose the tolerance threshold theta and pause T under a Gaussian observation.

    The public signal is y = (number of defections) + sigma * eps, eps ~ N(0, 1); the pause
    starts when y > theta, so p = Phi(theta/sigma) and q = Phi((theta - 1)/sigma). For each T
    the value V(T) rises with p, i.e. with theta, so the best threshold theta*(T) is the
    *largest* root of (p - q) S(T) = g [1 + (1 - p) S(T)], S(T) = sum_{k<=T} delta^k, found by
    bracketing on a grid of step ``theta_step`` (from above) and Brent's method -- root-finding,
    not a theta grid (a grid would move theta*). V*(T) increases in T, so the
    optimum is the cap ``T_max``; ``best`` is the argmax of V*(T), ties going to the longer
    pause.
    """
    sigma = check_scalar("sigma", sigma, Interval(0.0, np.inf, low_closed=False))
    delta = check_scalar("delta", delta, Interval(0.0, 1.0, low_closed=False, high_closed=False))
    T_max = int(check_scalar("T_max", T_max, IntegerRange(1, 100_000)))
    g = float(temptation(R, T_hat, P))
    Ts = np.arange(1, T_max + 1)
    S = pause_sum(Ts, delta)
    grid = np.arange(-3.0, 1.0 + 12.0 * sigma, theta_step)

    def p_of(th):
        return ndtr(np.asarray(th) / sigma)

    def q_of(th):
        return ndtr((np.asarray(th) - 1) / sigma)

    pg, qg = p_of(grid), q_of(grid)
    H = (pg - qg)[None, :] * S[:, None] - g * (1 + (1 - pg)[None, :] * S[:, None])  # (T, theta)
    theta = np.full(T_max, np.nan)
    for t in range(T_max):
        pos = np.flatnonzero(H[t] >= 0)
        if pos.size == 0 or pos[-1] + 1 >= grid.size:
            continue
        j = pos[-1]

        def h(th, St=S[t]):
            return float((p_of(th) - q_of(th)) * St - g * (1 + (1 - p_of(th)) * St))

        theta[t] = brentq(h, grid[j], grid[j + 1], xtol=1e-13, rtol=4 * np.finfo(float).eps)
    p = np.where(np.isnan(theta), np.nan, p_of(np.nan_to_num(theta)))
    q = np.where(np.isnan(theta), np.nan, q_of(np.nan_to_num(theta)))
    value = np.where(np.isnan(theta), np.nan, pause_value(Ts, delta, np.nan_to_num(p), R, P))
    phi = np.where(np.isnan(theta), np.nan, punishment_share(Ts, np.nan_to_num(p)))
    finite = np.where(np.isnan(value), -np.inf, value)
    best = int(np.flatnonzero(finite == finite.max())[-1])
    return ThresholdDesign(sigma, delta, Ts, theta, p, q, value, phi, best)
