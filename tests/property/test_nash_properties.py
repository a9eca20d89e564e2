"""Mathematical invariants of the Nash solvers (hypothesis).

* every returned profile is a Nash equilibrium (`BimatrixGame.is_nash`);
* a nondegenerate game has an odd number of equilibria;
* the set of extreme equilibria is invariant under relabelling actions and under positive
  affine rescaling of each player's payoffs (and degeneracy/continua are too);
* every point of a reported continuum (maximal Nash subset) is an equilibrium;
* the batched 2x2 solver equals the general solver.
"""

from __future__ import annotations

import warnings

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from deterrence_games.games import BimatrixGame
from deterrence_games.solvers import nash_equilibria, solve_2x2
from deterrence_games.warnings import DegenerateGameWarning

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def games(draw, max_size: int = 4, ties: bool | None = None):
    """Bimatrix games up to max_size x max_size: tie-heavy small integers or floats."""
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    tie_heavy = draw(st.booleans()) if ties is None else ties
    if tie_heavy:
        elems = st.integers(-2, 2).map(float)
    else:
        elems = st.floats(-10, 10, allow_nan=False, allow_infinity=False).map(lambda v: round(v, 3))
    A = draw(arrays(np.float64, (m, n), elements=elems))
    B = draw(arrays(np.float64, (m, n), elements=elems))
    return A, B


def _solve(A, B):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        return nash_equilibria(BimatrixGame(A, B))


def _as_set(res) -> list[tuple[float, ...]]:
    return sorted(tuple(np.round(np.concatenate([x, y]), 8)) for x, y in res)


@SETTINGS
@given(games())
def test_every_profile_is_nash_and_certificate_holds(game):
    A, B = game
    g = BimatrixGame(A, B)
    res = _solve(A, B)
    assert len(res) >= 1  # Nash's theorem
    for x, y in res:
        assert g.is_nash(x, y)
    assert res.max_regret <= 1e-9 * max(1.0, np.ptp(A), np.ptp(B))


@SETTINGS
@given(games(ties=False))
def test_nondegenerate_games_have_an_odd_number_of_equilibria(game):
    res = _solve(*game)
    if not res.degenerate:
        assert len(res) % 2 == 1
        assert res.continua == ()


@SETTINGS
@given(games(), st.randoms(use_true_random=False))
def test_invariant_under_relabelling_actions(game, rnd):
    A, B = game
    m, n = A.shape
    r = list(range(m))
    c = list(range(n))
    rnd.shuffle(r)
    rnd.shuffle(c)
    res = _solve(A, B)
    perm = _solve(A[np.ix_(r, c)], B[np.ix_(r, c)])
    # map permuted equilibria back: x_perm[k] = x[r[k]]
    back = [(np.empty(m), np.empty(n)) for _ in perm]
    for (xp, yp), (x, y) in zip(perm, back, strict=True):
        x[r] = xp
        y[c] = yp
    assert _as_set(back) == _as_set(res)
    assert perm.degenerate == res.degenerate
    assert len(perm.continua) == len(res.continua)


@SETTINGS
@given(games(), st.floats(0.01, 100), st.floats(-50, 50), st.floats(0.01, 100), st.floats(-50, 50))
def test_invariant_under_positive_affine_rescaling(game, a, b, c, d):
    A, B = game
    res = _solve(A, B)
    res2 = _solve(a * A + b, c * B + d)
    assert _as_set(res2) == _as_set(res)
    assert res2.degenerate == res.degenerate
    assert res2.continua == res.continua


@SETTINGS
@given(games(max_size=3, ties=True), st.floats(0, 1), st.floats(0, 1))
def test_points_of_continua_are_equilibria(game, s, t):
    A, B = game
    g = BimatrixGame(A, B)
    res = _solve(A, B)
    for subset in res.continua:
        xs = [res[k][0] for k in subset]
        ys = [res[k][1] for k in subset]
        # a point of conv(X) x conv(Y): mix two extreme row and two extreme column parts
        x = s * xs[0] + (1 - s) * xs[-1]
        y = t * ys[0] + (1 - t) * ys[-1]
        assert g.is_nash(x, y)


@SETTINGS
@given(games(max_size=2))
def test_batched_equals_general_on_2x2(game):
    A, B = game
    if A.shape != (2, 2):
        A = np.resize(A, (2, 2))
        B = np.resize(B, (2, 2))
    res = _solve(A, B)
    batch = solve_2x2(A[None], B[None])
    got = batch.equilibria(0)
    assert len(got) == len(res)
    for (x1, y1), (x2, y2) in zip(got, res, strict=True):
        assert np.allclose(x1, x2, atol=1e-9) and np.allclose(y1, y2, atol=1e-9)
    assert bool(batch.degenerate[0]) == res.degenerate
    assert bool(batch.continuum[0]) == bool(res.continua)
