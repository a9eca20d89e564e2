"""The trigger-price equilibria of ``price_war_trigger`` as computed before the bracketing grid
skipped the quantities where the sign of the first-order condition is known (kept to check that
the fast path gives the same equilibria, and for ``benchmarks/bench_sweeps.py``)."""

import numpy as np

from deterrence_games.models.price_war_trigger import (
    BR_GRID,
    BR_TOL,
    P_BAR_STEP,
    X_GRID,
    GreenPorterEquilibrium,
    _lognormal_cdf_pdf,
)


def _value(xi, y, p_bar, s, T, beta, n):
    X = xi + (n - 1) * y
    price = 1 - X
    pi_c = 1.0 / (n + 1) ** 2
    pi_i = xi * price
    z = np.where(price > 0, p_bar / np.where(price > 0, price, 1.0), np.inf)
    F = np.where(price > 0, _lognormal_cdf_pdf(z, s)[0], 1.0)
    c = beta - beta ** (T + 1)
    return pi_c + (1 - beta) * (pi_i - pi_c) / (1 - beta + c * F)


def _foc(x, p_bar, s, T, beta, n):
    X = n * x
    price = 1 - X
    pi_c = 1.0 / (n + 1) ** 2
    z = p_bar / price
    F, f = _lognormal_cdf_pdf(z, s)
    c = beta - beta ** (T + 1)
    D = 1 - beta + c * F
    return (price - x) * D - (x * price - pi_c) * c * f * p_bar / price**2


def equilibria(s, T, beta, n, p_bar=None):
    """Every symmetric trigger-price equilibrium (the full 199 x 600 bracketing grid)."""
    x_c = 1.0 / (n + 1)
    pbars = (np.arange(1, int(round(1 / P_BAR_STEP))) * P_BAR_STEP) if p_bar is None else np.array([p_bar])
    xs = np.linspace(1e-6, x_c * (1 - 1e-6), X_GRID)
    G = _foc(xs[None, :], pbars[:, None], s, T, beta, n)
    ii, jj = np.nonzero(np.sign(G[:, :-1]) * np.sign(G[:, 1:]) < 0)
    if ii.size == 0:
        return ()
    pb = pbars[ii]
    lo, hi = xs[jj], xs[jj + 1]
    glo = G[ii, jj]
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        gm = _foc(mid, pb, s, T, beta, n)
        left = np.sign(gm) == np.sign(glo)
        lo, glo = np.where(left, mid, lo), np.where(left, gm, glo)
        hi = np.where(left, hi, mid)
    x_star = 0.5 * (lo + hi)
    own = np.linspace(0.0, 1.0, BR_GRID)[None, :] * (1 - (n - 1) * x_star)[:, None]
    v_dev = _value(own, x_star[:, None], pb[:, None], s, T, beta, n).max(axis=1)
    v_eq = _value(x_star, x_star, pb, s, T, beta, n)
    gap = v_dev - v_eq
    ok = gap <= BR_TOL
    price = 1 - n * x_star
    F = _lognormal_cdf_pdf(pb / price, s)[0]
    return tuple(GreenPorterEquilibrium(float(a), float(b), float(c), float(d), float(e))
                 for a, b, c, d, e in zip(pb[ok], x_star[ok], F[ok], v_eq[ok], gap[ok], strict=True))
