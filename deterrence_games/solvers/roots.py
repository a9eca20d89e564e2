"""Vectorized root finding in brackets: one root per element of an array of problems.

Models with a root per parameter point (a threshold, a fixed point, an indifference)
solve whole sweep chunks at once with these, instead of a Python loop over
``scipy.optimize.brentq``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["bisect_increasing", "bracketed_root"]


def bisect_increasing(f, lo, hi, iters: int = 200):
    """Root of an increasing function on [lo, hi] per element (f(lo) <= 0 <= f(hi) assumed)."""
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        pos = f(mid) > 0
        lo, hi = np.where(pos, lo, mid), np.where(pos, mid, hi)
    return 0.5 * (lo + hi)


def bracketed_root(f, a: NDArray, b: NDArray, fprime=None, sel=None, iters: int = 200) -> NDArray:
    """Root of ``f`` in the sign-change brackets ``[a, b]`` (elementwise, vectorized).

    ``f(x, sel)`` evaluates at points ``sel`` (integer indices; default ``arange``). With
    ``fprime``: Newton steps kept inside the shrinking bracket, bisection when a step leaves
    it (safeguarded Newton); otherwise plain bisection. Each point iterates until its step
    is at rounding level (or ``iters`` steps).
    """
    a, b = np.array(a, float), np.array(b, float)
    sel = np.arange(a.size) if sel is None else np.asarray(sel)
    fa = f(a, sel)
    x = 0.5 * (a + b)
    act = np.arange(a.size)
    for _ in range(iters):
        xa, aa, ba, faa, sa = x[act], a[act], b[act], fa[act], sel[act]
        fx = f(xa, sa)
        left = np.sign(fx) == np.sign(faa)
        aa, faa, ba = np.where(left, xa, aa), np.where(left, fx, faa), np.where(left, ba, xa)
        new = 0.5 * (aa + ba)
        if fprime is not None:
            with np.errstate(divide="ignore", invalid="ignore"):
                nt = xa - fx / fprime(xa, sa)
            new = np.where(np.isfinite(nt) & (nt > aa) & (nt < ba), nt, new)
        new = np.where(fx == 0, xa, new)
        a[act], b[act], fa[act], x[act] = aa, ba, faa, new
        act = act[np.abs(new - xa) > 4 * np.finfo(float).eps * np.maximum(1.0, np.abs(xa))]
        if act.size == 0:
            break
    return x
