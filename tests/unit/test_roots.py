"""Vectorized bracketed root finders (deterrence_games.solvers.roots) against closed forms."""

from __future__ import annotations

import numpy as np

from deterrence_games.solvers.roots import bisect_increasing, bracketed_root


def test_bisect_increasing_cube_roots():
    c = np.linspace(-8, 27, 101)
    z = bisect_increasing(lambda x: x**3 - c, np.full(c.shape, -10.0), np.full(c.shape, 10.0))
    np.testing.assert_allclose(z, np.cbrt(c), atol=1e-12)


def test_bracketed_root_with_and_without_newton_on_subsets():
    c = np.linspace(0.5, 3.0, 41)
    sel_all = np.arange(c.size)

    def f(x, sel):
        return np.exp(x) - c[sel]

    def fp(x, sel):
        return np.exp(x)

    for fprime in (None, fp):
        r = bracketed_root(f, np.full(c.shape, -5.0), np.full(c.shape, 5.0), fprime, sel_all)
        np.testing.assert_allclose(r, np.log(c), atol=1e-12)
    odd = sel_all[1::2]  # evaluate only a subset of the problems
    r = bracketed_root(f, np.full(odd.shape, -5.0), np.full(odd.shape, 5.0), fp, odd)
    np.testing.assert_allclose(r, np.log(c[odd]), atol=1e-12)
