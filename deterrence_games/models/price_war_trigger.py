r"""Green & Porter (1984): trigger-price collusion with reversion episodes on the equilibrium path.

See :class:`PriceWarTrigger` (``price_war_trigger``) and :func:`green_porter_equilibria`.

References
----------
Green, E. J. and Porter, R. H. (1984). Noncooperative collusion under imperfect price
information. *Econometrica* 52(1), 87-100.
Porter, R. H. (1983). Optimal cartel trigger price strategies. *Journal of Economic Theory*
29, 313-338.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtr

from .._validation import Choice, IntegerRange, Interval, as_rng, check_scalar
from ..games.normal_form import BimatrixGame
from ..games.repeated import PublicMonitoring, RepeatedGame
from ..solvers.automata import analyze_automaton, pause_trigger
from ._base import Model, Parameter

__all__ = ["PriceWarTrigger", "GreenPorterEquilibrium", "green_porter_equilibria", "simulate_price_path",
           "P_BAR_STEP"]

P_BAR_STEP = 0.005
"""The pinned trigger-price grid step: p_bar in {0.005, 0.010, ..., 0.995}."""
X_GRID = 600  # symmetric-quantity grid for bracketing the first-order condition
BR_GRID = 3001  # own-quantity grid for the global best-response check
BR_TOL = 1e-12


@dataclass(frozen=True)
class GreenPorterEquilibrium:
    """One symmetric trigger-price equilibrium (p_bar, x*) and what it implies."""

    p_bar: float
    x: float
    F: float  # probability that a price war starts in a collusive period
    value: float  # normalised per-firm value (1 - beta) V
    br_gap: float  # max over own quantities of V_i(x_i, x*) - V_i(x*, x*) (<= 0 up to BR_TOL)


def _lognormal_cdf_pdf(z: NDArray, s: float) -> tuple[NDArray, NDArray]:
    """theta lognormal with E theta = 1 and log-sd s: P(theta < z) and its density."""
    zpos = np.where(z > 0, z, 1.0)
    # in log space, so that s and z down to subnormal sizes keep the limits: u = +-inf, f = 0
    with np.errstate(over="ignore"):
        lz = np.log(zpos)
        u = lz / s + s / 2
        F = np.where(z > 0, ndtr(u), 0.0)
        f = np.where(z > 0, np.exp(-u * u / 2 - np.log(s) - lz - 0.5 * np.log(2 * np.pi)), 0.0)
    return F, f


def _lognormal_cdf(z: NDArray, s: float) -> NDArray:
    """P(theta < z) alone: the first output of :func:`_lognormal_cdf_pdf`, same bits, no density."""
    zpos = np.where(z > 0, z, 1.0)
    with np.errstate(over="ignore"):
        u = np.log(zpos) / s + s / 2
    return np.where(z > 0, ndtr(u), 0.0)


def _value(xi: NDArray, y: NDArray, p_bar: NDArray, s: float, T: int, beta: float, n: int) -> NDArray:
    """Normalised value (1 - beta) V_i of quantity xi when the n - 1 others produce y each.

    V_i = pi_c/(1-beta) + [pi_i - pi_c]/[1 - beta + (beta - beta^{T+1}) F(p_bar/p(X))].
    """
    return _value_c(xi, y, p_bar, s, *_constants(T, beta, n))


def _constants(T: int, beta: float, n: int) -> tuple[float, float, float, int]:
    """``(c, 1 - beta, pi_c, n)`` with ``c = beta - beta^{T+1}`` and ``pi_c = 1/(n+1)^2`` (Python floats)."""
    return beta - beta ** (T + 1), 1 - beta, 1.0 / (n + 1) ** 2, n


def _value_c(xi: NDArray, y: NDArray, p_bar: NDArray, s: Any, c: Any, omb: Any, pi_c: Any, n: Any) -> NDArray:
    """:func:`_value` from the constants of :func:`_constants` (scalars, or arrays broadcasting with xi)."""
    X = xi + (n - 1) * y
    price = 1 - X
    pi_i = xi * price
    z = np.where(price > 0, p_bar / np.where(price > 0, price, 1.0), np.inf)
    F = np.where(price > 0, _lognormal_cdf(z, s), 1.0)
    return pi_c + omb * (pi_i - pi_c) / (omb + c * F)


def _foc(x: NDArray, p_bar: NDArray, s: float, T: int, beta: float, n: int) -> NDArray:
    """dV_i/dx_i at the symmetric point x_i = y = x (times a positive factor).

    (1 - X - x) D - (x(1 - X) - pi_c) (beta - beta^{T+1}) f(z) p_bar/(1-X)^2, z = p_bar/(1 - X).
    """
    return _foc_c(x, p_bar, s, *_constants(T, beta, n))


def _foc_c(x: NDArray, p_bar: NDArray, s: Any, c: Any, omb: Any, pi_c: Any, n: Any) -> NDArray:
    """:func:`_foc` from the constants of :func:`_constants` (scalars, or arrays broadcasting with x)."""
    X = n * x
    price = 1 - X
    z = p_bar / price
    F, f = _lognormal_cdf_pdf(z, s)
    D = omb + c * F
    return (price - x) * D - (x * price - pi_c) * c * f * p_bar / price**2


def _foc_grid(xs: NDArray, pbars: NDArray, s: float, T: int, beta: float, n: int) -> NDArray:
    """:func:`_foc` on the grid ``pbars x xs``, where its sign is not known in advance.

    Where ``x (1 - n x) <= pi_c`` (``x <= 1/(n (n + 1))``, the lower root of
    ``x (1 - n x) = pi_c``) and ``1 - n x - x > 0``, the first term of the first-order
    condition is positive and the second is nonpositive whatever ``p_bar``, so the condition is
    positive; this holds in floating point too (each factor's sign is exact, and subtracting a
    nonpositive number cannot decrease the first term). Those columns are set to 1: the
    bracketing uses only signs, so the roots are those of the full grid.
    """
    price = 1 - n * xs
    pi_c = 1.0 / (n + 1) ** 2
    unknown = ~((xs * price - pi_c <= 0) & (price - xs > 0))
    G = np.ones((pbars.size, xs.size))
    G[:, unknown] = _foc(xs[None, unknown], pbars[:, None], s, T, beta, n)
    return G


def _best_deviation_value(A: NDArray, x_star: NDArray, pb: NDArray, s: Any, c: Any, omb: Any, pi_c: Any,
                          n: Any) -> NDArray:
    """``max_j _value(own[r, j], x_star[r], pb[r])`` for each row r, evaluated only where it can win.

    ``own[r] = linspace(0, 1, BR_GRID) A_r`` with ``A_r = 1 - (n - 1) x*_r`` (formed only where
    evaluated), so the profit ``pi_i = o (A_r - o)`` is a concave parabola with its apex at grid
    index ``(J - 1)/2``. ``_value = pi_c + (1 - beta)(pi_i - pi_c)/(1 - beta + c F)`` with
    ``c F >= 0`` is at most ``max(pi_i, pi_c)`` (up to rounding errors, far below the ``1e-12`` of
    margin). With ``thr_r`` the value at the apex, an own quantity with ``pi_i < thr_r - 1e-12``
    cannot be the maximum when ``pi_c < thr_r - 1e-12``: only the window ``pi_i >= thr_r - 1e-12``
    (the roots of the parabola, widened by two grid steps) is evaluated; other rows are evaluated
    in full. The maximum is the same number as over the whole grid, and each row's does not
    depend on the other rows. The constants (:func:`_constants`) are scalars or arrays of shape (R,).
    """
    J = BR_GRID
    lin = np.linspace(0.0, 1.0, J)

    def col(v: Any) -> Any:
        return v[:, None] if np.ndim(v) else v

    k = (J - 1) // 2
    thr = _value_c(lin[k] * A, x_star, pb, s, c, omb, pi_c, n)
    full = ~(pi_c < thr - 1e-12)  # also a NaN threshold: such rows are evaluated in full
    t = np.where(full, 0.0, thr - 1e-12)
    h = A / (J - 1)
    w = np.sqrt(np.maximum(A * A / 4 - t, 0.0))
    j_lo = np.clip(np.floor((A / 2 - w) / h).astype(np.int64) - 2, 0, k)
    j_hi = np.clip(np.ceil((A / 2 + w) / h).astype(np.int64) + 2, k, J - 1)
    j_lo[full], j_hi[full] = 0, J - 1
    width = int((j_hi - j_lo).max()) + 1
    idx = np.minimum(j_lo[:, None] + np.arange(width)[None, :], j_hi[:, None])  # repeats are harmless
    o = lin[idx] * A[:, None]
    return _value_c(o, x_star[:, None], pb[:, None], col(s), col(c), col(omb), col(pi_c), col(n)).max(axis=1)


@lru_cache(maxsize=256)
def _equilibria_cached(s: float, T: int, beta: float, n: int, p_bar: float | None) -> tuple[GreenPorterEquilibrium, ...]:
    x_c = 1.0 / (n + 1)
    pbars = (np.arange(1, int(round(1 / P_BAR_STEP))) * P_BAR_STEP) if p_bar is None else np.array([p_bar])
    xs = np.linspace(1e-6, x_c * (1 - 1e-6), X_GRID)
    G = _foc_grid(xs, pbars, s, T, beta, n)  # (pbar, x); the sign of the FOC is what counts
    ii, jj = np.nonzero(np.sign(G[:, :-1]) * np.sign(G[:, 1:]) < 0)
    if ii.size == 0:
        return ()
    pb = pbars[ii]
    lo, hi = xs[jj], xs[jj + 1]
    glo = G[ii, jj]
    for _ in range(60):  # bisection on every bracket at once
        mid = 0.5 * (lo + hi)
        gm = _foc(mid, pb, s, T, beta, n)
        left = np.sign(gm) == np.sign(glo)
        lo, glo = np.where(left, mid, lo), np.where(left, gm, glo)
        hi = np.where(left, hi, mid)
    x_star = 0.5 * (lo + hi)
    # global best-response check over the whole own-quantity range
    v_dev = _best_deviation_value(1 - (n - 1) * x_star, x_star, pb, s, *_constants(T, beta, n))
    v_eq = _value(x_star, x_star, pb, s, T, beta, n)
    gap = v_dev - v_eq
    ok = gap <= BR_TOL
    price = 1 - n * x_star
    F = _lognormal_cdf_pdf(pb / price, s)[0]
    eqs = [GreenPorterEquilibrium(float(a), float(b), float(c), float(d), float(e))
           for a, b, c, d, e in zip(pb[ok], x_star[ok], F[ok], v_eq[ok], gap[ok], strict=True)]
    return tuple(eqs)


def green_porter_equilibria(s: float, T: int, beta: float, n: int = 2,
                            p_bar: float | None = None) -> tuple[GreenPorterEquilibrium, ...]:
    """Every non-Cournot symmetric trigger-price equilibrium on the pinned p_bar grid.

    For each trigger price p_bar (the grid of step :data:`P_BAR_STEP`, or the given value),
    the symmetric roots x* of the first-order condition are bracketed on a quantity grid and
    bisected, then kept if x* is a *global* best response to the others' x* (checked on
    a grid of own quantities). Cournot (x = 1/(n+1)) is always a fixed point and is excluded.
    Results are cached.
    """
    s = check_scalar("s", s, Interval(0.0, np.inf, low_closed=False))
    T = int(check_scalar("T", T, IntegerRange(1)))
    beta = check_scalar("beta", beta, Interval(0.0, 1.0, low_closed=False, high_closed=False))
    n = int(check_scalar("n", n, IntegerRange(2, 20)))
    if p_bar is not None:
        p_bar = check_scalar("p_bar", p_bar, Interval(0.0, 1.0, low_closed=False, high_closed=False))
    return _equilibria_cached(s, T, beta, n, p_bar)


def simulate_price_path(eq: GreenPorterEquilibrium, s: float, T: int, n: int = 2, periods: int = 2000,
                        chains: int = 100, seed: int | np.random.Generator | None = None) -> NDArray[np.bool_]:
    """Simulate prices theta (1 - X) with lognormal shocks; returns the war indicator (chains, periods).

    Collusive periods produce n x*; a price below p_bar starts T periods of Cournot output.
    """
    rng = as_rng(seed)
    x_c = 1.0 / (n + 1)
    war_left = np.zeros(chains, dtype=int)
    out = np.empty((chains, periods), dtype=bool)
    for t in range(periods):
        in_war = war_left > 0
        out[:, t] = in_war
        theta = np.exp(rng.normal(-s * s / 2, s, chains))
        price = theta * (1 - n * np.where(in_war, x_c, eq.x))
        trigger = ~in_war & (price < eq.p_bar)
        war_left = np.where(in_war, war_left - 1, np.where(trigger, T, 0))
    return out


class PriceWarTrigger(Model):
    r"""Green & Porter (1984) trigger-price equilibrium with price wars on the equilibrium path.

    n firms (a duopoly by default) choose quantities; the market price is theta (1 - X),
    X = sum x_i, zero cost, theta iid lognormal with E theta = 1 and log-sd ``s``. Firms see
    only the price. Trigger strategy: produce the collusive x*; if the price falls below the
    trigger p_bar, play Cournot (x = 1/(n+1)) for ``T`` periods (a reversionary episode;
    GP's T equals our T + 1), then collude again. The per-firm value

    .. math:: V_i = \frac{\pi^c}{1-\beta} + \frac{\pi_i(x) - \pi^c}
              {1 - \beta + (\beta - \beta^{T+1}) F(\bar p / p(X))}

    and x* is a symmetric fixed point of x_i -> argmax V_i, found from the first-order
    condition and checked as a *global* best response. Cournot is always
    a fixed point, so the model reports the **most collusive (highest-value) non-Cournot
    fixed point**, with p_bar optimised on the **pinned grid of step 0.005** (a finer grid
    moves p_bar*). Outcomes: long-run shares of ``collusion`` and ``price_war`` periods,
    share in war = T F/(1 + T F) with F = F(p_bar/p(n x*)) the per-period probability that a
    war starts. Price wars are triggered by low demand, never by cheating: GP's mechanism.

    Reported equilibria: every non-Cournot fixed point at the chosen p_bar (flag
    ``most_collusive`` on the best) and the Cournot repetition (flag ``static_nash``). The
    value of the best one is re-derived by the automaton linear system on the 2-action
    abstraction {collude, Cournot} (certificate). Here beta is the discount factor.

    Provenance: **paper-faithful** for the
    mechanism and value recursion; the instance (linear demand, lognormal shocks) is the
    project's. Aliases: *trigger-price strategy*, *price war / reversionary episode*,
    *noncooperative collusion under imperfect monitoring*. Ties between trigger prices go to
    the lowest p_bar.
    """

    id = "price_war_trigger"
    title = "Green & Porter (1984) trigger-price collusion: price wars on the equilibrium path"
    provenance = "paper-faithful"
    references = (
        "GreenPorter1984: Noncooperative collusion under imperfect price information. Econometrica 52(1):87-100.",
        "Porter1983: Optimal cartel trigger price strategies. Journal of Economic Theory 29:313-338.",
    )
    parameters = (
        Parameter("s", 0.1, Interval(0.0, 5.0, low_closed=False), "log-sd of the demand shock (monitoring noise)",
                  "s", information=True, role="signal_noise"),
        Parameter("T", 3, IntegerRange(1, 500), "length of a price war (reversionary episode); at most 500: the "
                  "solve time grows as T^2 (about 4 s at T = 500)", "T", role="duration"),
        Parameter("delta", 0.95, Interval(0.0, 1.0, low_closed=False, high_closed=False), "discount factor", "β", role="discount", former=("beta",)),
        Parameter("firms", 2, IntegerRange(2, 20), "number of firms", "n", role="count"),
        Parameter("trigger", "optimal", Choice(("optimal", "fixed")),
                  "optimise the trigger price on the 0.005 grid, or use p_bar", role="rule"),
        Parameter("p_bar", 0.38, Interval(0.0, 1.0, low_closed=False, high_closed=False),
                  "trigger price when trigger='fixed'", "p̄", role="threshold"),
        Parameter("horizon", 10, IntegerRange(1), "N for P(a price war within N periods)", "N", role="horizon"),
    )
    outcomes = ("collusion", "price_war")
    escalatory = ("price_war",)
    method = "first-order condition roots + global best-response check on the pinned p_bar grid (step 0.005)"

    def _solve(self, p: dict[str, Any]) -> list:
        s, T, beta, n = p["s"], int(p["T"]), p["delta"], int(p["firms"])
        fixed = p["trigger"] == "fixed"
        eqs = green_porter_equilibria(s, T, beta, n, p["p_bar"] if fixed else None)
        out = []
        pi_c = 1.0 / (n + 1) ** 2
        N = int(p["horizon"])
        if eqs:
            best = max(eqs, key=lambda e: (e.value, -e.p_bar))
            at_best = sorted((e for e in eqs if e.p_bar == best.p_bar), key=lambda e: -e.value)
            for e in at_best:
                share = T * e.F / (1 + T * e.F)
                cert = {"max_best_response_gain": e.br_gap}
                if e is best:
                    cert["value_linear_system_minus_formula"] = self._automaton_value(e, s, T, beta, n) - e.value
                out.append(self._equilibrium(
                    "trigger price", {"collusion": 1 - share, "price_war": share},
                    strategies={"p_bar": e.p_bar, "quantity": e.x, "war_length": T},
                    quantities={"p_bar": e.p_bar, "x": e.x, "F": e.F, "value": e.value,
                                "share_in_war": share, "expected_time_to_war": 1 / e.F if e.F > 0 else float("inf"),
                                "war_within_horizon": 1 - (1 - e.F) ** (N - 1),
                                "cournot_profit": pi_c, "monopoly_profit": 1 / (4 * n)},
                    flags={"most_collusive": e is best, "static_nash": False},
                    certificate=cert,
                ))
        x_c = 1.0 / (n + 1)
        out.append(self._equilibrium(
            "Cournot", {"price_war": 1.0},
            strategies={"quantity": x_c, "war_length": T},  # no trigger price: p_bar is absent
            quantities={"x": x_c, "F": 1.0, "value": pi_c, "share_in_war": 1.0,
                        "expected_time_to_war": 0.0, "war_within_horizon": 1.0,
                        "cournot_profit": pi_c, "monopoly_profit": 1 / (4 * n)},
            flags={"most_collusive": False, "static_nash": True},
            certificate={"max_best_response_gain": 0.0},
        ))
        return out

    @staticmethod
    def _automaton_value(e: GreenPorterEquilibrium, s: float, T: int, beta: float, n: int) -> float:
        """Value of the trigger path from the automaton linear system (2-action abstraction, duopoly)."""
        if n != 2:
            return float(e.value - e.value)  # the abstraction below is written for two firms
        x_c = 1.0 / 3.0
        q = np.array([e.x, x_c])
        A = np.array([[qi * (1 - qi - qj) for qj in q] for qi in q])
        low = np.array([[_lognormal_cdf_pdf(np.array(e.p_bar / (1 - qi - qj)), s)[0] for qj in q] for qi in q],
                       dtype=float)
        mon = PublicMonitoring(np.stack([1 - low, low], axis=-1), ("high_price", "low_price"))
        game = RepeatedGame(BimatrixGame(A, A.T, ("collude", "cournot"), ("collude", "cournot")), beta, mon)
        a = analyze_automaton(game, pause_trigger(game, T, bad_signals=("low_price",)), horizons=())
        return float(a.initial_values[0])
