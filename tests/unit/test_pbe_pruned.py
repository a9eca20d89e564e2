"""The pruned PBE enumeration returns exactly the cells of the exhaustive one, at any payoff scale.

``tests/pbe_reference.py`` keeps the engine as it was before the enumeration was pruned
(every sender support x every receiver support profile). Both must return the same cells:
supports, labels, continua, refinement flags, extreme points and off-path belief regions.
A fast subset runs by default; the 1,000-game comparison is marked slow.
"""

import numpy as np
import pytest

from deterrence_games.games.signaling import SignalingGame
from deterrence_games.solvers.pbe import pbe
from tests import pbe_reference
from tests.signaling_brute import random_game

SHAPES = [(2, 2, 2)] * 6 + [(3, 2, 2), (2, 3, 2), (2, 2, 3), (3, 2, 3)]


def _sorted_rows(vs):
    a = np.array([np.ravel(v) for v in vs])
    return a[np.lexsort(np.round(a, 9).T[::-1])]


def assert_same_cells(new, old):
    assert len(new) == len(old)
    for a, b in zip(new, old, strict=True):
        assert (a.sender_support, a.receiver_support) == (b.sender_support, b.receiver_support)
        assert (a.label, a.continuum, a.is_pure) == (b.label, b.continuum, b.is_pure)
        assert a.flags == b.flags
        np.testing.assert_allclose(a.sigma, b.sigma, atol=1e-9)
        np.testing.assert_allclose(a.rho, b.rho, atol=1e-9)
        np.testing.assert_allclose(_sorted_rows(a.sigma_vertices), _sorted_rows(b.sigma_vertices), atol=1e-9)
        np.testing.assert_allclose(_sorted_rows(a.rho_vertices), _sorted_rows(b.rho_vertices), atol=1e-9)
        np.testing.assert_allclose(a.beliefs, b.beliefs, atol=1e-9)
        np.testing.assert_array_equal(a.on_path, b.on_path)
        np.testing.assert_allclose(a.sender_payoffs, b.sender_payoffs, atol=1e-9)
        for ra, rb in zip(a.belief_regions, b.belief_regions, strict=True):
            assert (ra is None) == (rb is None)
            if ra is not None:
                np.testing.assert_allclose(ra.E, rb.E)
                np.testing.assert_allclose(ra.G, rb.G)
                np.testing.assert_allclose(_sorted_rows(ra.vertices), _sorted_rows(rb.vertices), atol=1e-9)
        assert a.certificate["max_sender_regret"] <= 1e-7 and a.certificate["max_receiver_regret"] <= 1e-7


def _games(seed, n):
    rng = np.random.default_rng(seed)
    for i in range(n):
        shape = SHAPES[i % len(SHAPES)]
        yield i, random_game(rng, *shape, integer=(i % 2 == 0), restrict=(i % 7 == 3), garble=(i % 11 == 5))


def test_same_cells_as_the_exhaustive_enumeration_fast_subset():
    n_cells = 0
    for _i, g in _games(2024, 40):
        new = pbe(g)
        assert_same_cells(new, pbe_reference.pbe(g))
        n_cells += len(new)
    assert n_cells > 40  # the subset is not trivial: several cells per game on average


@pytest.mark.slow
def test_same_cells_on_three_by_three_by_three():
    rng = np.random.default_rng(5)
    for i in range(3):
        g = random_game(rng, 3, 3, 3, integer=(i % 2 == 0))
        assert_same_cells(pbe(g), pbe_reference.pbe(g))


@pytest.mark.slow
@pytest.mark.parametrize("block", range(10))
def test_same_cells_as_the_exhaustive_enumeration_1000_games(block):
    for _i, g in _games(7000 + block, 100):
        assert_same_cells(pbe(g), pbe_reference.pbe(g))


@pytest.mark.parametrize("scale", [1e-6, 1e9, 1e12])
def test_cells_invariant_under_positive_affine_payoff_transformations(scale):
    """u -> offset + scale u for each player leaves every PBE unchanged (tolerances are relative)."""
    rng = np.random.default_rng(11)
    for i in range(8):
        g = random_game(rng, *SHAPES[i % len(SHAPES)], integer=(i % 2 == 0))
        h = SignalingGame(g.types, g.prior, g.messages, g.actions, 3.0 + scale * g.u_S, -7.0 * scale + scale * g.u_R,
                          available=g.available, garbling=g.observation_kernel)
        a, b = pbe(g), pbe(h)
        assert [(e.sender_support, e.receiver_support, e.label, e.continuum) for e in a] == \
            [(e.sender_support, e.receiver_support, e.label, e.continuum) for e in b]
        for x, y in zip(a, b, strict=True):
            assert x.flags == y.flags
            np.testing.assert_allclose(x.sigma, y.sigma, atol=1e-9)
            np.testing.assert_allclose(x.rho, y.rho, atol=1e-9)
            np.testing.assert_allclose(y.sender_payoffs, 3.0 + scale * x.sender_payoffs, rtol=1e-9, atol=1e-9 * scale)
            # certificates are in the user's payoff units
            assert y.certificate["max_sender_regret"] <= 1e-7 * max(1.0, scale)


@pytest.mark.slow
@pytest.mark.parametrize("i", [pytest.param(2, marks=pytest.mark.long), 4])  # game 2: about a CPU-minute
def test_slow_four_type_games_regression(i):
    """The 4 x 4 x 4 games of ``benchmarks/bench_engines.py`` (seed 0) that took minutes: the
    exhaustive enumeration does not finish on them, so check every cell's certificate and the
    pure cells against a brute force over all pure profiles (off-path beliefs by LP)."""
    from tests.signaling_brute import pure_pbe

    g = random_game(np.random.default_rng([0, 4, 4, 4, i]), 4, 4, 4, integer=False)
    res = pbe(g)
    assert len(res) > 40
    for e in res:
        assert e.certificate["max_sender_regret"] <= 1e-7 and e.certificate["max_receiver_regret"] <= 1e-7
        assert e.certificate["bayes_residual"] <= 1e-9
    pure = {(tuple(s[0] for s in e.sender_support), tuple(r[0] for r in e.receiver_support)) for e in res.pure()}
    assert pure == set(pure_pbe(g, grid_steps=None))
