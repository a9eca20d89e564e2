"""Tests of the vectorized 2x2 solver `deterrence_games.solvers.solve_2x2`.

References it is held against: an exact rational vertex enumeration written in the tests
(`_exact_nash.py`), nashpy's support enumeration, and the package's general solver.
"""

from __future__ import annotations

import itertools
import warnings

import nashpy
import numpy as np
import pytest

from deterrence_games import ParameterError
from deterrence_games.games import BimatrixGame
from deterrence_games.solvers import K_MAX_2X2, Batched2x2Result, nash_equilibria, solve_2x2
from deterrence_games.solvers.batched import _TABLES

try:  # tests/unit on sys.path (pytest's default prepend import mode)
    from _exact_nash import exact_extreme_equilibria
except ImportError:  # tests/unit made a package
    from ._exact_nash import exact_extreme_equilibria


def _all_games_012() -> tuple[np.ndarray, np.ndarray]:
    """Every 2x2 bimatrix game with payoffs in {0, 1, 2} (3^8 = 6561 games)."""
    grid = np.array(list(itertools.product(range(3), repeat=8)), dtype=float)
    return grid[:, :4].reshape(-1, 2, 2), grid[:, 4:].reshape(-1, 2, 2)


def _as_pairs(res: Batched2x2Result, k: int) -> list[tuple[float, float]]:
    return [(float(res.p[k, s]), float(res.q[k, s])) for s in np.flatnonzero(res.valid[k])]


def _check_against_exact(A: np.ndarray, B: np.ndarray) -> None:
    res = solve_2x2(A, B)
    for k in range(len(A)):
        exact, degenerate = exact_extreme_equilibria(A[k].astype(int).tolist(), B[k].astype(int).tolist())
        expected = [(float(x[0]), float(y[0])) for x, y in exact]  # already sorted by (x, y)
        expected.sort()
        got = _as_pairs(res, k)
        assert len(got) == len(expected), (A[k], B[k], got, expected)
        assert np.allclose(got, expected, atol=1e-12, rtol=0), (A[k], B[k], got, expected)
        assert bool(res.degenerate[k]) == degenerate, (A[k], B[k])


# ---------------------------------------------------------------------------------------
# Exact rational reference
# ---------------------------------------------------------------------------------------


def test_every_012_game_matches_exact_rational_reference():
    """All 6561 games with payoffs in {0,1,2} (every tie pattern at that size) agree with
    exact-arithmetic vertex enumeration: same extreme equilibria, same order, same
    degeneracy flag."""
    A, B = _all_games_012()
    _check_against_exact(A, B)


def test_random_tie_heavy_games_match_exact_rational_reference():
    """10,000 further random integer games with payoffs in {0,1,2,3} (ties everywhere)."""
    rng = np.random.default_rng(20260101)
    A = rng.integers(0, 4, size=(10_000, 2, 2)).astype(float)
    B = rng.integers(0, 4, size=(10_000, 2, 2)).astype(float)
    _check_against_exact(A, B)


# ---------------------------------------------------------------------------------------
# K: the maximum number of extreme equilibria
# ---------------------------------------------------------------------------------------


def test_k_max_is_four_by_exhaustion_of_sign_patterns():
    """The 81 sign patterns of (a_0, a_1, b_0, b_1) cover every 2x2 game; the largest
    count over them is 4 and every game has at least one equilibrium (Nash)."""
    assert K_MAX_2X2 == 4
    assert _TABLES["count"].max() == 4
    assert _TABLES["count"].min() == 1


def test_k_max_attained_and_never_exceeded_on_exact_games():
    A, B = _all_games_012()
    res = solve_2x2(A, B)
    assert res.count.max() == 4
    assert res.p.shape == (len(A), K_MAX_2X2)
    # the two examples of the docstring attain 4 (checked exactly)
    for a, b in (([[0, 0], [0, 0]], [[0, 0], [0, 0]]), ([[0, 0], [0, 0]], [[1, 0], [0, 1]])):
        exact, _ = exact_extreme_equilibria(a, b)
        assert len(exact) == 4
        assert solve_2x2(np.array(a, float), np.array(b, float)).count[0] == 4


def test_docstring_example_four_equilibria_values():
    res = solve_2x2(np.zeros((2, 2)), np.array([[1.0, 0.0], [0.0, 1.0]]))
    # row indifferent everywhere; column mixes at p = 1/2
    assert _as_pairs(res, 0) == [(0.0, 0.0), (0.5, 0.0), (0.5, 1.0), (1.0, 1.0)]
    assert res.degenerate[0] and res.continuum[0]


# ---------------------------------------------------------------------------------------
# nashpy and the general solver
# ---------------------------------------------------------------------------------------


def test_agrees_with_nashpy_support_enumeration_on_10000_random_games():
    """Random games are nondegenerate with probability 1; nashpy support enumeration (on
    payoffs shifted positive) then finds every equilibrium."""
    rng = np.random.default_rng(7)
    n = 10_000
    A = rng.normal(size=(n, 2, 2))
    B = rng.normal(size=(n, 2, 2))
    res = solve_2x2(A, B)
    assert not res.degenerate.any()
    assert (res.count % 2 == 1).all()
    mismatches = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k in range(n):
            a = A[k] - A[k].min() + 1.0
            b = B[k] - B[k].min() + 1.0
            ref = sorted((float(x[0]), float(y[0])) for x, y in nashpy.Game(a, b).support_enumeration())
            got = _as_pairs(res, k)
            if len(ref) != len(got) or not np.allclose(ref, got, atol=1e-9):
                mismatches += 1
    assert mismatches == 0


@pytest.mark.parametrize("kind", ["random", "ties"])
def test_agrees_with_general_solver(kind):
    rng = np.random.default_rng(11)
    n = 1_500
    if kind == "random":
        A, B = rng.normal(size=(n, 2, 2)), rng.normal(size=(n, 2, 2))
    else:
        A = rng.integers(-2, 3, size=(n, 2, 2)).astype(float)
        B = rng.integers(-2, 3, size=(n, 2, 2)).astype(float)
    res = solve_2x2(A, B)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k in range(n):
            gen = nash_equilibria(BimatrixGame(A[k], B[k]))
            got = res.equilibria(k)
            assert len(got) == len(gen)
            for (x1, y1), (x2, y2) in zip(got, gen, strict=True):
                assert np.allclose(x1, x2, atol=1e-9) and np.allclose(y1, y2, atol=1e-9)
            assert bool(res.degenerate[k]) == gen.degenerate
            assert bool(res.continuum[k]) == bool(gen.continua)


def test_every_returned_profile_is_nash():
    A, B = _all_games_012()
    res = solve_2x2(A, B)
    for k in range(0, len(A), 7):
        g = BimatrixGame(A[k], B[k])
        for x, y in res.equilibria(k):
            assert g.is_nash(x, y)


def _regrets(A: np.ndarray, B: np.ndarray, res: Batched2x2Result) -> np.ndarray:
    """Largest pure-deviation gain of each valid slot, vectorized (nan slots give 0)."""
    p = np.nan_to_num(res.p)[..., None]  # (n, K, 1)
    q = np.nan_to_num(res.q)[..., None]
    x = np.concatenate([p, 1 - p], axis=2)  # (n, K, 2)
    y = np.concatenate([q, 1 - q], axis=2)
    Ay = np.einsum("nij,nkj->nki", A, y)  # row payoffs of each pure row action
    xB = np.einsum("nki,nij->nkj", x, B)
    r_row = Ay.max(axis=2) - (x * Ay).sum(axis=2)
    r_col = xB.max(axis=2) - (xB * y).sum(axis=2)
    return np.where(res.valid, np.maximum(r_row, r_col), 0.0)


def test_every_slot_of_every_game_has_zero_regret_vectorized():
    A, B = _all_games_012()
    rng = np.random.default_rng(13)
    A = np.concatenate([A, rng.normal(size=(100_000, 2, 2))])
    B = np.concatenate([B, rng.normal(size=(100_000, 2, 2))])
    res = solve_2x2(A, B)
    assert _regrets(A, B, res).max() <= 1e-12


def test_invariant_under_relabelling_and_affine_rescaling_vectorized():
    A, B = _all_games_012()
    res = solve_2x2(A, B)
    # swap the row player's actions: p -> 1 - p; swap the column player's: q -> 1 - q
    sw_r = solve_2x2(A[:, ::-1, :], B[:, ::-1, :])
    sw_c = solve_2x2(A[:, :, ::-1], B[:, :, ::-1])
    scaled = solve_2x2(3.5 * A - 2.0, 0.25 * B + 7.0)
    assert np.array_equal(sw_r.count, res.count) and np.array_equal(sw_c.count, res.count)
    assert np.array_equal(sw_r.degenerate, res.degenerate)
    assert np.array_equal(sw_c.continuum, res.continuum)
    assert scaled == res
    for k in range(len(A)):
        base = sorted(_as_pairs(res, k))
        assert np.allclose(sorted((1 - p, q) for p, q in _as_pairs(sw_r, k)), base, atol=1e-12)
        assert np.allclose(sorted((p, 1 - q) for p, q in _as_pairs(sw_c, k)), base, atol=1e-12)


def test_odd_count_for_nondegenerate_games():
    rng = np.random.default_rng(3)
    A = rng.integers(-5, 6, size=(20_000, 2, 2)).astype(float)
    B = rng.integers(-5, 6, size=(20_000, 2, 2)).astype(float)
    res = solve_2x2(A, B)
    nd = ~res.degenerate
    assert nd.sum() > 10_000
    assert (res.count[nd] % 2 == 1).all()


# ---------------------------------------------------------------------------------------
# Known games
# ---------------------------------------------------------------------------------------


def test_known_games():
    # prisoner's dilemma, battle of the sexes-like coordination, matching pennies
    A = np.array([[[3, 0], [5, 1]], [[2, 0], [0, 1]], [[1, -1], [-1, 1]]], float)
    B = np.array([[[3, 5], [0, 1]], [[1, 0], [0, 2]], [[-1, 1], [1, -1]]], float)
    res = solve_2x2(A, B)
    assert res.count.tolist() == [1, 3, 1]
    assert _as_pairs(res, 0) == [(0.0, 0.0)]
    assert np.allclose(_as_pairs(res, 1), [(0, 0), (2 / 3, 1 / 3), (1, 1)])
    assert np.allclose(_as_pairs(res, 2), [(0.5, 0.5)])
    assert not res.degenerate.any()


def test_zero_sum_default_and_single_game_shape():
    res = solve_2x2(np.array([[4.0, 1.0], [1.0, 2.0]]))  # value 7/4 at p = 1/4, q = 1/4
    assert len(res) == 1
    assert np.allclose(_as_pairs(res, 0), [(0.25, 0.25)])


def test_tolerance_makes_near_ties_ties():
    A = np.array([[[1.0, 0.0], [1.0 + 1e-14, 1.0]]])
    B = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    assert solve_2x2(A, B).degenerate[0]  # default tol 1e-12 treats 1e-14 as a tie
    assert not solve_2x2(A, B, tol=0).degenerate[0]


def test_deterministic_and_readonly():
    rng = np.random.default_rng(5)
    A, B = rng.integers(0, 3, (500, 2, 2)), rng.integers(0, 3, (500, 2, 2))
    r1, r2 = solve_2x2(A, B), solve_2x2(A.copy(), B.copy())
    assert r1 == r2
    assert r1 != solve_2x2(B, A)
    with pytest.raises(ValueError, match="read-only"):
        r1.p[0, 0] = 0.3
    with pytest.raises(AttributeError):
        r1.tol = 0.1  # type: ignore[misc]


def test_exports():
    A, B = _all_games_012()
    res = solve_2x2(A[:50], B[:50])
    df = res.to_frame()
    assert len(df) == int(res.count.sum())
    assert list(df.columns) == ["game", "equilibrium", "p", "q", "count", "degenerate", "continuum"]
    d = res.to_dict()
    assert len(d["p"]) == 50 and d["p"][1][3] is None and res.count[1] < 4
    assert repr(res).startswith("<Batched2x2Result: 50 games")
    assert "game 0" in str(res) and "<pre>" in res._repr_html_()


# ---------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------


def test_bad_shapes():
    with pytest.raises(ParameterError, match=r"`A` must satisfy an array of shape \(n, 2, 2\)"):
        solve_2x2(np.zeros((3, 2, 3)), np.zeros((3, 2, 3)))
    with pytest.raises(ParameterError, match="`B`"):
        solve_2x2(np.zeros((3, 2, 2)), np.zeros((4, 2, 2)))
    with pytest.raises(ParameterError, match="`A`"):
        solve_2x2(np.zeros(4))


def test_nan_and_inf_rejected_naming_the_game():
    A = np.zeros((5, 2, 2))
    A[3, 1, 0] = np.nan
    with pytest.raises(ParameterError, match=r"(?s)`A` must satisfy finite entries.*game 3"):
        solve_2x2(A, np.zeros((5, 2, 2)))
    B = np.zeros((5, 2, 2))
    B[0, 0, 0] = np.inf
    with pytest.raises(ParameterError, match=r"(?s)`B`.*finite"):
        solve_2x2(np.zeros((5, 2, 2)), B)


def test_bad_tol_and_types():
    with pytest.raises(ParameterError, match="`tol`"):
        solve_2x2(np.zeros((1, 2, 2)), np.zeros((1, 2, 2)), tol=-1.0)
    with pytest.raises(TypeError, match="`A`"):
        solve_2x2([["a", "b"], ["c", "d"]])
    res = solve_2x2(np.zeros((2, 2)))
    with pytest.raises(ParameterError, match="`k`"):
        res.equilibria(5)
