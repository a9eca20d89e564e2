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
from ..results import Result
from ..solvers.automata import analyze_automaton, pause_trigger
from ._base import ArraySolution, Model, Parameter

__all__ = ["PriceWarTrigger", "GreenPorterEquilibrium", "green_porter_equilibria", "simulate_price_path",
           "P_BAR_STEP"]

P_BAR_STEP = 0.005
"""The pinned trigger-price grid step: p_bar in {0.005, 0.010, ..., 0.995}."""
X_GRID = 600  # symmetric-quantity grid for bracketing the first-order condition
BR_GRID = 3001  # own-quantity grid for the global best-response check
BR_TOL = 1e-12


@dataclass(frozen=True, eq=False)
class GreenPorterEquilibrium(Result):
    """One symmetric trigger-price equilibrium (p_bar, x*) and what it implies.

    Attributes
    ----------
    p_bar : float
        Trigger price: a price below it starts a price war.
    x : float
        Each firm's collusive quantity x*.
    F : float
        Probability that a price war starts in a collusive period.
    value : float
        Normalised per-firm value (1 - beta) V.
    br_gap : float
        Largest gain of a deviation in own quantity, max_x V_i(x, x*) - V_i(x*, x*)
        (<= 0 up to ``BR_TOL``).
    """

    p_bar: float
    x: float
    F: float
    value: float
    br_gap: float


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


BAND_CELLS = 1 << 15
"""Most first-order-condition cells evaluated at once by :func:`_trigger_brackets` (memory bound)."""


def _band_rows(xs: NDArray, s: NDArray, c: NDArray, omb: NDArray, pi_c: float, n: int) -> tuple[NDArray, NDArray]:
    r"""Rows ``[r_lo, r_hi]`` of the p_bar grid (``p_bar = (r + 1) P_BAR_STEP``) outside which the
    first-order condition is positive, per point (rows of ``s``) and quantity ``xs`` (columns).

    Where ``x (1 - n x) > pi_c`` the condition is
    ``G = (p - x) D - (x p - pi_c) c f p_bar / p^2`` with ``p = 1 - n x`` the price and
    ``f p_bar / p^2 = phi(u) / (s p)``, ``u = ln(p_bar/p)/s + s/2``, ``phi`` the standard normal
    density, and ``D = 1 - beta + c Phi(u)``, at least ``1 - beta``, and ``1 - beta + c/2`` where
    ``u >= 0``. So ``G > 0`` where ``phi(u) < R (1 - 10^-6)`` with
    ``R = (p - x) D_min s p / ((x p - pi_c) c)``, i.e. where ``|u| > U = sqrt(-2 ln L)``,
    ``L = R sqrt(2 pi) (1 - 10^-6)`` (nowhere excluded if ``L >= 1``), with ``D_min`` of each side of
    ``u = 0`` (so nowhere at all if ``L >= 1`` with ``D_min = 1 - beta``). As computed in floating point: ``ln p_bar`` outside ``ln p - s^2/2 +- s U``
    widened by ``10^-6`` makes the computed ``|u|`` exceed ``U`` (``ln`` is exact to ~1e-16); then
    the computed ``f`` is ``phi(u)/(s z)`` within a relative 1e-11 (``exp`` of an argument
    below ~750 in size, exact to a few ulps; beyond it ``f`` is 0), and every other factor is
    rounded once, so the computed second term stays below the computed first term by the margin
    ``10^-6``: the computed ``G`` is positive there, as in the per-point path. The rows are
    widened by one each side of the grid's rounding. Empty rows: ``r_lo > r_hi``.
    """
    price = 1 - n * xs
    gain = xs * price - pi_c
    evaluated = ~((gain <= 0) & (price - xs > 0))  # the columns _foc_grid evaluates
    n_rows = int(round(1 / P_BAR_STEP)) - 1
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        K = ((price - xs) * price / np.where(evaluated, gain, 1.0))[None, :] * (s / c)[:, None]
        centre = np.log(price)[None, :] - (s * s / 2)[:, None]
        bounds, none = [], None
        for D_min, side in ((omb, -1.0), (omb + c / 2, 1.0)):
            L = K * (D_min * np.sqrt(2 * np.pi) * (1 - 1e-6))[:, None]
            none = L >= 1 if none is None else none  # phi <= 1/sqrt(2 pi) < R on both sides
            U = np.where(L >= 1, 0.0, np.sqrt(-2 * np.log(np.minimum(L, 1.0))))  # NaN if L < 0 or NaN
            edge = np.exp(centre + side * (s[:, None] * U + 1e-6)) / P_BAR_STEP
            bounds.append(np.clip(np.nan_to_num(edge, nan=0.0 if side < 0 else 1e6), -2.0, 1e6))
    r_lo = np.maximum(np.floor(bounds[0]).astype(np.int64) - 2, 0)  # p_bar row r is k = r + 1
    r_hi = np.minimum(np.ceil(bounds[1]).astype(np.int64), n_rows - 1)
    empty = ~evaluated[None, :] | (c == 0)[:, None] | none
    r_lo[empty], r_hi[empty] = 1, 0
    return r_lo, r_hi


def _trigger_brackets(s: NDArray, c: NDArray, omb: NDArray, n: int, p_fixed: NDArray) -> tuple[NDArray, ...]:
    """The brackets of :func:`_equilibria_cached` for many points sharing ``n``, in its order.

    ``p_fixed``: the fixed trigger price of each point, NaN for the pinned grid. The grid's
    cells are evaluated only inside the band of :func:`_band_rows` (elsewhere the first-order
    condition is positive); a sign change needs a negative cell, so the brackets are the
    negative cells' neighbours of positive sign. Returns ``(point, p_bar, lo, hi, sign at lo)``
    sorted by point, then p_bar row, then quantity: the order of the per-point path.
    """
    pi_c = 1.0 / (n + 1) ** 2
    x_c = 1.0 / (n + 1)
    xs = np.linspace(1e-6, x_c * (1 - 1e-6), X_GRID)
    pbars = np.arange(1, int(round(1 / P_BAR_STEP))) * P_BAR_STEP
    parts: list[tuple[NDArray, ...]] = []
    fixed = ~np.isnan(p_fixed)
    if fixed.any():  # one row per point: every column of _foc_grid
        pts = np.flatnonzero(fixed)
        G = np.ones((pts.size, X_GRID))
        price = 1 - n * xs
        unknown = ~((xs * price - pi_c <= 0) & (price - xs > 0))
        G[:, unknown] = _foc_c(xs[None, unknown], p_fixed[pts][:, None], s[pts][:, None], c[pts][:, None],
                               omb[pts][:, None], pi_c, n)
        ii, jj = np.nonzero(np.sign(G[:, :-1]) * np.sign(G[:, 1:]) < 0)
        parts.append((pts[ii], p_fixed[pts[ii]], np.zeros(ii.size, np.int64), jj, np.sign(G[ii, jj])))
    grid_pts = np.flatnonzero(~fixed)
    if grid_pts.size:
        r_lo, r_hi = _band_rows(xs, s[grid_pts], c[grid_pts], omb[grid_pts], pi_c, n)
        counts = np.maximum(r_hi - r_lo + 1, 0)  # (points, columns)
        per_point = np.cumsum(counts.sum(axis=1))
        start = 0
        while start < grid_pts.size:  # batches of at most BAND_CELLS cells (one point at least)
            base = per_point[start - 1] if start else 0
            stop = max(start + 1, int(np.searchsorted(per_point, base + BAND_CELLS, side="right")))
            parts.append(_band_brackets(grid_pts, start, stop, r_lo, r_hi, counts, xs, pbars, s, c, omb, pi_c, n))
            start = stop
    point, pb, row, j, sign = (np.concatenate(v) for v in zip(*parts, strict=True)) if parts else \
        (np.zeros(0, np.int64), np.zeros(0), np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    order = np.lexsort((j, row, point))
    point, pb, j, sign = point[order], pb[order], j[order], sign[order]
    return point, pb, xs[j], xs[j + 1], sign


def _band_brackets(grid_pts: NDArray, start: int, stop: int, r_lo: NDArray, r_hi: NDArray, counts: NDArray,
                   xs: NDArray, pbars: NDArray, s: NDArray, c: NDArray, omb: NDArray, pi_c: float,
                   n: int) -> tuple[NDArray, ...]:
    """Brackets ``(point, p_bar, row, column, sign at the column)`` of the points ``grid_pts[start:stop]``."""
    J = xs.size
    cnt = counts[start:stop].ravel()  # cells laid out by (point, column, row)
    off = np.concatenate([[0], np.cumsum(cnt)])
    m = int(off[-1])
    pc = np.repeat(np.arange(cnt.size), cnt)  # flat (point, column) index of each cell
    rows = np.arange(m) - off[pc] + r_lo[start:stop].ravel()[pc]
    lp, col = np.divmod(pc, J)
    pt = grid_pts[start + lp]
    sign = np.sign(_foc_c(xs[col], pbars[rows], s[pt], c[pt], omb[pt], pi_c, n))
    neg = np.flatnonzero(sign < 0)
    lo_flat, hi_flat = r_lo[start:stop].ravel(), r_hi[start:stop].ravel()

    def sign_at(cells: NDArray, dj: int) -> NDArray:
        """Sign at the same point and row, column + dj (1 outside the band: positive there)."""
        nb = pc[cells] + dj
        r = rows[cells]
        inside = (lo_flat[nb] <= r) & (r <= hi_flat[nb])
        out = np.ones(cells.size)
        out[inside] = sign[off[nb[inside]] + r[inside] - lo_flat[nb[inside]]]
        return out

    left = neg[col[neg] > 0]
    left = left[sign_at(left, -1) > 0]  # bracket (j - 1, j): positive at j - 1
    right = neg[col[neg] < J - 1]
    right = right[sign_at(right, 1) > 0]  # bracket (j, j + 1): negative at j
    cells = np.concatenate([left, right])
    j = np.concatenate([col[left] - 1, col[right]])
    sgn = np.concatenate([np.ones(left.size), -np.ones(right.size)])
    return pt[cells], pbars[rows[cells]], rows[cells], j, sgn


def _best_triggers(s: NDArray, T: NDArray, beta: NDArray, n: int, p_fixed: NDArray) -> tuple[NDArray, ...]:
    """The equilibria :meth:`PriceWarTrigger._solve` reports at the best trigger price, for many
    points sharing ``n`` (same brackets, bisection, values and best-response check as
    :func:`green_porter_equilibria`).

    The best-response check, the costly step, runs lazily: the brackets of each point are taken
    in the order of the model's choice (value descending, then lower p_bar, then the per-point
    order), so the first that passes is the best; then the others at its p_bar.
    Returns ``(point, p_bar, x, F, value, is_best)`` in the per-point order of the reports.
    """
    consts = [_constants(int(t), float(b), n) for t, b in zip(T.tolist(), beta.tolist(), strict=True)]
    c = np.array([k[0] for k in consts])
    omb = np.array([k[1] for k in consts])
    pi_c = 1.0 / (n + 1) ** 2
    point, pb, lo, hi, slo = _trigger_brackets(s, c, omb, n, p_fixed)
    sb, cb, ob = s[point], c[point], omb[point]
    for _ in range(60):  # bisection on every bracket at once, as in _equilibria_cached
        mid = 0.5 * (lo + hi)
        left = np.sign(_foc_c(mid, pb, sb, cb, ob, pi_c, n)) == slo
        lo = np.where(left, mid, lo)
        hi = np.where(left, hi, mid)
    x = 0.5 * (lo + hi)
    v = _value_c(x, x, pb, sb, cb, ob, pi_c, n)
    gap = np.full(x.size, np.nan)

    def check(ids: NDArray) -> None:
        for k in range(0, ids.size, 512):
            b = ids[k:k + 512]
            gap[b] = _best_deviation_value(1 - (n - 1) * x[b], x[b], pb[b], sb[b], cb[b], ob[b], pi_c, n) - v[b]

    rank = np.lexsort((np.arange(x.size), pb, -v, point))  # by point, then the model's preference
    first = np.searchsorted(point[rank], np.arange(s.size))
    end = np.searchsorted(point[rank], np.arange(s.size), side="right")
    best = np.full(s.size, -1)
    pos, K = first.copy(), 1
    while True:
        todo = np.flatnonzero((best < 0) & (pos < end))
        if todo.size == 0:
            break
        take = np.minimum(pos[todo] + K, end[todo])
        idx = np.concatenate([np.arange(a, b) for a, b in zip(pos[todo], take, strict=True)])
        check(rank[idx])
        ok = idx[gap[rank[idx]] <= BR_TOL]
        pts, at = np.unique(point[rank[ok]], return_index=True)  # first passing one of each point
        best[pts] = rank[ok[at]]
        pos[todo] = take
        K = min(4 * K, 64)
    has = best >= 0
    best_pb = np.where(has, pb[np.maximum(best, 0)] if pb.size else np.nan, np.nan)
    mates = np.flatnonzero(has[point] & (pb == best_pb[point]))
    check(mates[np.isnan(gap[mates])])
    mates = mates[gap[mates] <= BR_TOL]
    mates = mates[np.lexsort((mates, -v[mates], point[mates]))]  # descending value, stable
    price = 1 - n * x[mates]
    F = _lognormal_cdf(pb[mates] / price, sb[mates])
    return point[mates], pb[mates], x[mates], F, v[mates], mates == best[point[mates]]


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
    the lowest p_bar. Sweeps solve many points at once (``_solve_arrays``: the same grids,
    bisection and best-response check, without the automaton certificate).
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
    flags = ("most_collusive", "static_nash")
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

    def _solve_arrays(self, p: dict[str, NDArray]) -> ArraySolution:
        """The equilibria of :meth:`_solve` at many points at once (:func:`_best_triggers`),
        without the certificate; the Cournot repetition follows the trigger equilibria."""
        s, T, beta = (np.asarray(p[k]) for k in ("s", "T", "delta"))
        firms, N = np.asarray(p["firms"], np.int64), np.asarray(p["horizon"], np.int64)
        p_fixed = np.where(np.asarray(p["trigger"], dtype=object) == "fixed", np.asarray(p["p_bar"], float), np.nan)
        parts = []
        for n in np.unique(firms).tolist():
            pts = np.flatnonzero(firms == n)
            pt, *rest = _best_triggers(s[pts].astype(float), T[pts], beta[pts].astype(float), n, p_fixed[pts])
            parts.append((pts[pt], *rest))
        point, pb, x, F, value, best = (np.concatenate(v) for v in zip(*parts, strict=True))
        order = np.argsort(point, kind="stable")
        point, pb, x, F, value, best = point[order], pb[order], x[order], F[order], value[order], best[order]
        m = s.size
        n_trig = np.bincount(point, minlength=m)
        slot = np.arange(point.size) - np.concatenate([[0], np.cumsum(n_trig)])[point]
        k = int(n_trig.max(initial=0)) + 1
        Tp, Np = T[point].tolist(), N[point].tolist()
        # per equilibrium in Python floats: the same operations as _solve
        share = np.array([t * f / (1 + t * f) for t, f in zip(Tp, F.tolist(), strict=True)])
        ttw = np.array([1 / f if f > 0 else float("inf") for f in F.tolist()])
        within = np.array([1 - (1 - f) ** (h - 1) for f, h in zip(F.tolist(), Np, strict=True)])
        pi_c = np.array([1.0 / (n + 1) ** 2 for n in firms.tolist()])
        x_c = np.array([1.0 / (n + 1) for n in firms.tolist()])
        mono = np.array([1 / (4 * n) for n in firms.tolist()])
        valid = np.zeros((m, k), bool)
        valid[point, slot] = True
        valid[np.arange(m), n_trig] = True
        cournot = np.zeros((m, k), bool)
        cournot[np.arange(m), n_trig] = True

        def fill(trigger: NDArray, static: Any, dtype: Any = float) -> NDArray:
            a = np.zeros((m, k), dtype)
            a[point, slot] = trigger
            a[np.arange(m), n_trig] = static
            return a

        labels = np.where(cournot, "Cournot", "trigger price").astype(object)
        return ArraySolution(
            valid=valid, labels=labels,
            outcomes={"collusion": fill(1 - share, 0.0), "price_war": fill(share, 1.0)},
            quantities={"p_bar": fill(pb, np.asarray(p["p_bar"], float)), "x": fill(x, x_c), "F": fill(F, 1.0),
                        "value": fill(value, pi_c), "share_in_war": fill(share, 1.0),
                        "expected_time_to_war": fill(ttw, 0.0), "war_within_horizon": fill(within, 1.0),
                        "cournot_profit": np.broadcast_to(pi_c[:, None], (m, k)),
                        "monopoly_profit": np.broadcast_to(mono[:, None], (m, k))},
            flags={"most_collusive": fill(best, False, bool), "static_nash": cournot},
        )

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
