"""Tests of `deterrence_games.solvers.nash_equilibria`.

Held against: textbook games with known equilibria (von Stengel 2007), an exact rational
vertex enumeration written in the tests (`_exact_nash.py`), nashpy, pygambit (optional),
and regression games for nashpy's known failures, each citing the nashpy issue.
"""

from __future__ import annotations

import warnings
from fractions import Fraction

import nashpy
import numpy as np
import pytest

from deterrence_games import NashEquilibria, ParameterError
from deterrence_games.games import BimatrixGame
from deterrence_games.solvers import METHODS, nash_equilibria
from deterrence_games.solvers.nash import _lemke_howson_capped, _normalise
from deterrence_games.warnings import ConvergenceWarning, DegenerateGameWarning

try:  # tests/unit on sys.path (pytest's default prepend import mode)
    from _exact_nash import exact_extreme_equilibria
except ImportError:  # tests/unit made a package
    from ._exact_nash import exact_extreme_equilibria


def _solve(A, B=None, **kw) -> NashEquilibria:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        return nash_equilibria(BimatrixGame(A, B), **kw)


def _assert_matches_exact(res: NashEquilibria, A, B) -> None:
    exact, degenerate = exact_extreme_equilibria(A, B)
    assert len(res) == len(exact), (A, B, list(res), exact)
    for (x, y), (ex, ey) in zip(res, exact, strict=True):
        assert np.allclose(x, [float(v) for v in ex], atol=1e-10)
        assert np.allclose(y, [float(v) for v in ey], atol=1e-10)
    assert res.degenerate == degenerate


# ---------------------------------------------------------------------------------------
# Known games
# ---------------------------------------------------------------------------------------


def test_von_stengel_3x2_example():
    """von Stengel (2007), Figure 3.3: three equilibria, nondegenerate."""
    res = _solve([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    expected = [([0, 1 / 3, 2 / 3], [1 / 3, 2 / 3]), ([4 / 5, 1 / 5, 0], [2 / 3, 1 / 3]),
                ([1, 0, 0], [1, 0])]
    assert len(res) == 3 and not res.degenerate and res.continua == ()
    for (x, y), (ex, ey) in zip(res, expected, strict=True):
        assert np.allclose(x, ex) and np.allclose(y, ey)
    assert res.max_regret < 1e-12
    assert res.method == "vertex" and res.warnings == ()


def test_degenerate_3x2_example_has_a_continuum_and_warns():
    """von Stengel (2007), Figure 3.6: B[0] = (3, 3), so the column player has two best
    responses to the top row; the equilibria with x = (1, 0, 0) form the segment
    y in [(2/3, 1/3), (1, 0)]."""
    g = BimatrixGame([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    with pytest.warns(DegenerateGameWarning, match="column player has 2 pure best responses"):
        res = nash_equilibria(g)
    assert res.degenerate
    assert len(res) == 3
    assert res.continua == ((1, 2),)
    (x1, y1), (x2, y2) = res[1], res[2]
    assert np.allclose(x1, [1, 0, 0]) and np.allclose(x2, [1, 0, 0])
    assert np.allclose(y1, [2 / 3, 1 / 3]) and np.allclose(y2, [1, 0])
    assert res.warnings and res.warnings[0].startswith("degenerate game")
    # every point of the continuum is an equilibrium
    for t in np.linspace(0, 1, 11):
        assert g.is_nash(x1, t * y1 + (1 - t) * y2)


def test_all_zero_game_is_one_square_continuum():
    res = _solve(np.zeros((2, 2)), np.zeros((2, 2)))
    assert len(res) == 4 and res.degenerate
    assert res.continua == ((0, 1, 2, 3),)


def test_identical_columns_give_product_continua():
    """Two identical rows for both players: every mix of them is played in equilibrium."""
    A = [[1, 0], [1, 0], [0, 2]]
    B = [[1, 0], [1, 0], [0, 1]]
    res = _solve(A, B)
    _assert_matches_exact(res, A, B)
    assert res.degenerate and res.continua


def test_issue_82_game_has_eight_extreme_equilibria():
    """The degenerate 3x5 game of https://github.com/drvinceknight/Nashpy/issues/82
    (players minimise, so we negate): the eight equilibria listed in the issue, which
    nashpy's support enumeration only partly finds."""
    A = np.array([[0, 0, 6, 0, 0], [0, 0, 3, 2, 1], [4, 3, 0, 0, 1]])
    B = np.array([[3, 0, 2, 1, 0], [0, 2, 0, 0, 4], [4, 0, 2, 4, 4]])
    res = _solve(-A, -B)
    F = Fraction
    listed = [
        ((1, 0, 0), (0, 1, 0, 0, 0)), ((1, 0, 0), (0, 0, 0, 0, 1)),
        ((F(2, 3), F(1, 3), 0), (0, 1, 0, 0, 0)),
        ((F(1, 3), F(1, 2), F(1, 6)), (0, F(4, 9), F(2, 9), F(1, 3), 0)),
        ((0, F(1, 2), F(1, 2)), (0, F(1, 2), F(1, 2), 0, 0)),
        ((0, 1, 0), (F(3, 7), 0, F(4, 7), 0, 0)), ((0, 1, 0), (1, 0, 0, 0, 0)),
        ((0, 1, 0), (F(3, 8), 0, F(1, 4), F(3, 8), 0)),
    ]
    assert len(res) == 8
    for lx, ly in listed:
        assert any(np.allclose(x, [float(v) for v in lx]) and np.allclose(y, [float(v) for v in ly])
                   for x, y in res)
    assert res.degenerate
    _assert_matches_exact(res, (-A).tolist(), (-B).tolist())


def test_rock_paper_scissors_unique_and_lp_value():
    A = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    res = _solve(A)
    assert len(res) == 1 and not res.degenerate
    assert np.allclose(res[0][0], 1 / 3) and np.allclose(res[0][1], 1 / 3)
    lp = _solve(A, method="lp")
    assert lp.method == "lp" and abs(lp.options["value"]) < 1e-12
    assert np.allclose(lp[0][0], 1 / 3)


def test_lp_value_of_a_2x2_zero_sum_game():
    """A = [[4, 1], [1, 2]] has value 7/4 with p = 1/4 (4p + 1 - p = p + 2(1 - p))."""
    lp = _solve([[4, 1], [1, 2]], method="lp")
    assert lp.options["value"] == pytest.approx(7 / 4, abs=1e-12)
    assert lp.options["value_check"] == pytest.approx(7 / 4, abs=1e-12)
    assert np.allclose(lp[0][0], [1 / 4, 3 / 4]) and np.allclose(lp[0][1], [1 / 4, 3 / 4])


def test_lp_agrees_with_enumeration_on_random_zero_sum_games():
    rng = np.random.default_rng(4)
    for _ in range(30):
        A = rng.integers(-3, 4, size=(4, 3))
        full = _solve(A)
        lp = _solve(A, method="lp")
        values = [x @ A @ y for x, y in full]
        assert np.allclose(values, lp.options["value"], atol=1e-9)
        assert any(np.allclose(lp[0][0], x) and np.allclose(lp[0][1], y) for x, y in full)


def test_one_row_and_one_column_games():
    res = _solve([[1, 3, 2]], [[0, 5, 5]])
    assert [y.tolist() for _, y in res] == [[0, 0, 1], [0, 1, 0]]
    assert res.continua == ((0, 1),)
    res = _solve([[1], [2]], [[7], [7]])
    assert len(res) == 1 and np.allclose(res[0][0], [0, 1])


# ---------------------------------------------------------------------------------------
# Exact rational reference and peers
# ---------------------------------------------------------------------------------------


def test_matches_exact_reference_on_tie_heavy_3x3_games():
    rng = np.random.default_rng(99)
    for _ in range(150):
        A = rng.integers(0, 3, size=(3, 3)).tolist()
        B = rng.integers(0, 3, size=(3, 3)).tolist()
        _assert_matches_exact(_solve(A, B), A, B)


def test_matches_exact_reference_on_integer_3x4_and_4x3_games():
    rng = np.random.default_rng(100)
    for shape in ((3, 4), (4, 3), (2, 5)):
        for _ in range(25):
            A = rng.integers(-4, 5, size=shape).tolist()
            B = rng.integers(-4, 5, size=shape).tolist()
            _assert_matches_exact(_solve(A, B), A, B)


@pytest.mark.peer
def test_matches_pygambit_enummixed_on_random_integer_games():
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(8)
    for shape in ((3, 3), (4, 4), (5, 3)):
        for _ in range(8):
            A = rng.integers(0, 10, size=shape)
            B = rng.integers(0, 10, size=shape)
            g = gbt.Game.from_arrays(A.tolist(), B.tolist())
            eqs = gbt.nash.enummixed_solve(g, rational=True).equilibria
            p1, p2 = g.players
            ref = sorted(([float(e[s]) for s in p1.strategies], [float(e[s]) for s in p2.strategies])
                         for e in eqs)
            res = _solve(A, B)
            assert len(res) == len(ref)
            for (x, y), (rx, ry) in zip(res, ref, strict=True):
                assert np.allclose(x, rx, atol=1e-9) and np.allclose(y, ry, atol=1e-9)


def test_eight_by_eight_random_game_is_fast_and_certified():
    rng = np.random.default_rng(2024)
    g = BimatrixGame(rng.normal(size=(8, 8)), rng.normal(size=(8, 8)))
    res = nash_equilibria(g)
    assert len(res) % 2 == 1 and not res.degenerate
    assert all(g.is_nash(x, y) for x, y in res)


# ---------------------------------------------------------------------------------------
# Guarded nashpy methods: regression tests for nashpy's known failures
# ---------------------------------------------------------------------------------------

# https://github.com/drvinceknight/Nashpy/issues/67: support enumeration returns no
# equilibrium for this nondegenerate 4x4 game. The cause (nashpy 0.0.43) is a
# rounding-level probability: `solve_indifference` keeps a solution only if all(prob >= 0),
# and the solution on the right support has a "zero" component of order -1e-16; likewise
# `obey_support` needs a non-support probability <= 1e-16.
ISSUE_67 = (
    [[52.46337363, 69.47195938, 0.0, 54.14372075], [77.0, 88.0, 84.85714286, 92.4],
     [77.78571429, 87.35294118, 93.5, 91.38461538], [66.37100751, 43.4530444, 0.0, 60.36191831]],
    [[23.52690518, 17.35459006, 88.209, 20.8021711], [16.17165, 0.0, 14.00142857, 6.46866],
     [0.0, 5.76529412, 0.0, 0.0], [15.68327304, 40.68156322, 84.00857143, 11.06596804]],
)

# Generic (nondegenerate) games with two-decimal payoffs on which nashpy's support
# enumeration misses the unique equilibrium for the same reason (found by a seeded search;
# the rejected component is -2.0e-16 in the first game and +1.5e-16 off-support in the second).
GENERIC_3X3_MISSED = [
    ([[-0.14, 2.53, 0.21], [-1.81, -2.26, 0.09], [0.96, 0.15, 1.83]],
     [[-0.22, 0.65, 0.82], [-0.95, 0.39, 0.45], [1.18, 1.3, 1.07]]),
    ([[-1.49, -0.44, -2.32], [0.24, 0.61, 1.32], [0.55, -1.66, -0.23]],
     [[0.75, -2.12, -0.77], [0.67, 0.1, -1.96], [-0.45, 0.07, 2.12]]),
]
GENERIC_5X5_MISSED = (
    [[-0.53, 0.38, -0.08, 2.59, 0.8], [1.91, -0.65, -0.15, 2.11, -1.62],
     [0.2, -1.49, 1.59, -1.36, -0.25], [-0.12, -1.63, 2.52, -0.12, 1.7],
     [-0.64, -1.41, 0.27, 0.24, 2.97]],
    [[-1.01, -1.51, -0.66, 0.35, 0.61], [-0.7, -0.3, 0.59, 1.13, -0.55],
     [0.17, -2.72, -0.93, 0.47, 0.03], [-0.15, 1.65, -0.25, -1.06, 0.25],
     [0.25, -1.11, 1.04, 1.74, -0.55]],
)


def _raw_support(A, B):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list(nashpy.Game(np.array(A), np.array(B)).support_enumeration())


@pytest.mark.parametrize("A,B", [ISSUE_67, *GENERIC_3X3_MISSED, GENERIC_5X5_MISSED])
def test_guarded_support_enumeration_restores_missed_equilibria(A, B):
    res = _solve(A, B, method="nashpy-support")
    reference = _solve(A, B)
    assert not reference.degenerate and len(reference) % 2 == 1
    assert res == NashEquilibria(reference.equilibria, reference.degenerate, "nashpy-support",
                                 0.0, reference.continua)
    raw = _raw_support(A, B)  # nashpy 0.0.43 on the raw payoffs misses equilibria here
    assert len(res) >= len(raw)
    info = res.options["nashpy"]
    if info["missed_extreme"]:  # nashpy (on shifted payoffs) still missed some: the user is told
        assert any("missed" in w for w in res.warnings)
    assert info["extreme_total"] == len(reference)
    assert info["found_extreme"] + info["missed_extreme"] == len(reference)


def test_issue_67_guarded_support_enumeration_finds_the_equilibrium():
    """Raw nashpy support enumeration returns [] here (nashpy 0.0.43); the guarded method
    returns the unique equilibrium, the one nashpy's vertex enumeration reports (values to
    4 decimals, computed by nashpy.Game(A, B).vertex_enumeration())."""
    res = _solve(*ISSUE_67, method="nashpy-support")
    assert len(res) == 1 and not res.degenerate
    assert np.allclose(res[0][0], [0, 0.2628, 0.7372, 0], atol=1e-4)
    assert np.allclose(res[0][1], [0.4516, 0.5484, 0, 0], atol=1e-4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        peer = list(nashpy.Game(np.array(ISSUE_67[0]), np.array(ISSUE_67[1])).vertex_enumeration())
    assert len(peer) == 1
    assert np.allclose(res[0][0], np.clip(peer[0][0], 0, 1), atol=1e-9)


def test_guarded_vertex_enumeration_when_a_payoff_column_is_all_minimal():
    """nashpy's vertex enumeration shifts a matrix only when its minimum is negative, by
    exactly -min, so a column of the row player's payoffs equal to the minimum becomes a
    zero column and the best-response polytope Q = {Ay <= 1, y >= 0} is unbounded (seen in
    nashpy 0.0.43 source; the non-finite output of issue
    https://github.com/drvinceknight/Nashpy/issues/66 is a symptom of the same polytope
    code). Here A[:, 0] = (0, 0): nashpy returns only 1 of the 3 extreme equilibria; the
    guarded method shifts payoffs into [1, 2] first and reconciles."""
    A, B = [[0, 1], [0, 2]], [[1, 0], [0, 1]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raw = list(nashpy.Game(np.array(A), np.array(B)).vertex_enumeration())
    res = _solve(A, B, method="nashpy-vertex")
    _assert_matches_exact(res, A, B)
    assert len(res) == 3 and res.continua == ((1, 2),)
    if len(raw) < 3:
        # the raw failure is real in this nashpy version; our result is still complete
        assert res.method == "nashpy-vertex"


def test_guarded_vertex_enumeration_with_negative_minimum():
    """Negative payoffs whose minimum fills a column: shifted by nashpy to a zero column."""
    A, B = [[-1, 1], [-1, 2]], [[1, 0], [0, 1]]
    res = _solve(A, B, method="nashpy-vertex")
    _assert_matches_exact(res, A, B)


def test_lemke_howson_cycling_is_capped():
    """Without the lexicographic rule, nashpy's Lemke-Howson pivoting cycles on this
    degenerate game from initial label 1 (its uncapped loop only stops after ~2,400 pivots,
    when floating-point drift fakes a completely labelled basis, and returns NaN; compare
    https://github.com/drvinceknight/Nashpy/issues/35 and the lexicographic-rule failures in
    https://github.com/drvinceknight/Nashpy/pull/207 and
    https://github.com/drvinceknight/Nashpy/issues/83). A correct path in a 3x3 game needs
    far fewer than 200 pivots, so the cap detects the cycle."""
    from nashpy.linalg import create_col_tableau, create_row_tableau

    A = np.array([[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [2.0, 1.0, 2.0]])
    B = np.array([[2.0, 2.0, 2.0], [1.0, 0.0, 2.0], [1.0, 1.0, 0.0]])
    status, _ = _lemke_howson_capped(_normalise(A), _normalise(B), 1, 200, create_col_tableau,
                                     create_row_tableau, lexicographic=False)
    assert status == "capped"
    status, eq = _lemke_howson_capped(_normalise(A), _normalise(B), 1, 200, create_col_tableau,
                                      create_row_tableau, lexicographic=True)
    assert status == "ok" and BimatrixGame(A, B).is_nash(*eq)


def test_guarded_lemke_howson_method_returns_the_complete_set():
    A = [[1, 1, 1], [1, 1, 1], [2, 1, 2]]
    B = [[2, 2, 2], [1, 0, 2], [1, 1, 0]]
    res = _solve(A, B, method="nashpy-lemke")
    _assert_matches_exact(res, A, B)
    assert res.options["max_pivots"] == 600


def test_lemke_howson_cap_reports_convergence_warning():
    """A cap of one pivot cannot finish any path of this 3x2 game from its first label."""
    g = BimatrixGame([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    with pytest.warns(ConvergenceWarning, match="did not terminate within 1 pivots"):
        res = nash_equilibria(g, method="nashpy-lemke", max_pivots=1)
    assert len(res) == 3  # still complete: restored from vertex enumeration


@pytest.mark.parametrize("method", [m for m in METHODS if m != "lp"])
def test_every_method_returns_the_same_complete_set(method):
    rng = np.random.default_rng(31)
    for _ in range(15):
        A = rng.integers(0, 3, size=(3, 3))
        B = rng.integers(0, 3, size=(3, 3))
        res = _solve(A, B, method=method)
        _assert_matches_exact(res, A.tolist(), B.tolist())


# ---------------------------------------------------------------------------------------
# Result object
# ---------------------------------------------------------------------------------------


def test_result_object_contract():
    g = BimatrixGame([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]], name="vS")
    res = nash_equilibria(g)
    assert repr(res) == "<3x2 NashEquilibria: 3 extreme equilibria>"
    assert res.game is g and res.options["tol"] == 1e-9
    with pytest.raises(ValueError, match="read-only"):
        res[0][0][0] = 1.0
    assert res == nash_equilibria(g)
    d = res.to_dict()
    assert d["method"] == "vertex" and len(d["equilibria"]) == 3
    assert len(res.to_frame()) == 3
    assert "[2]" in str(res)


def test_is_deterministic():
    rng = np.random.default_rng(1)
    A, B = rng.integers(0, 3, size=(4, 4)), rng.integers(0, 3, size=(4, 4))
    r1, r2 = _solve(A, B), _solve(A.copy(), B.copy())
    assert r1 == r2 and r1.to_dict() == r2.to_dict()


# ---------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------


def test_bad_input():
    g = BimatrixGame([[1, 0], [0, 1]])
    with pytest.raises(TypeError, match="`game` must be a BimatrixGame"):
        nash_equilibria(np.eye(2))  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="`method` must satisfy method in"):
        nash_equilibria(g, method="magic")
    with pytest.raises(ParameterError, match="`tol`"):
        nash_equilibria(g, tol=0)
    with pytest.raises(ParameterError, match="`max_pivots`"):
        nash_equilibria(g, method="nashpy-lemke", max_pivots=0)
    with pytest.raises(ParameterError, match=r"`game` must satisfy A \+ B constant"):
        nash_equilibria(BimatrixGame([[1, 0], [0, 1]], [[1, 0], [0, 1]]), method="lp")


def test_bad_game_payoffs():
    with pytest.raises(ParameterError, match="`A` must satisfy finite entries"):
        BimatrixGame([[1, np.nan], [0, 1]])
    with pytest.raises(ParameterError, match="`B` must satisfy shape"):
        BimatrixGame([[1, 0], [0, 1]], [[1, 0, 0], [0, 1, 0]])


# ---------------------------------------------------------------------------------------
# Scale, offset and exact (rational) certificates
# ---------------------------------------------------------------------------------------

OFFSET_GAME = ([[-1, 0, -4], [-7, -1, 2]], [[-1, 5, -3], [2, 5, 8]])


@pytest.mark.parametrize("offset", [0.0, 1e8, -1e12])
def test_large_common_offset_keeps_every_equilibrium(offset):
    """A common offset does not change the equilibria (positive affine invariance); with
    1e8 added the mixed equilibrium x = (3/11, 8/11), y = (0, 6/7, 1/7) used to be
    dropped by a certificate computed on the raw payoffs. Check by hand: A y = (-4/7, -4/7)
    (the row player is indifferent) and x B = (13/11, 5, 5) (columns 2 and 3 are best)."""
    A, B = (np.array(M, float) + offset for M in OFFSET_GAME)
    res = _solve(A, B)
    F = Fraction
    expected = [((0, 1), (0, 0, 1)), ((F(3, 11), F(8, 11)), (0, F(6, 7), F(1, 7))), ((1, 0), (0, 1, 0))]
    assert len(res) == 3 and not res.degenerate
    for (x, y), (ex, ey) in zip(res, expected, strict=True):
        assert x.tolist() == [float(v) for v in ex] and y.tolist() == [float(v) for v in ey]
    assert res.options["exact"] is True
    assert res.max_regret <= 1e-13  # exact rationals, correctly rounded


def test_matching_pennies_times_1e308_does_not_overflow():
    """Payoffs at the top of the float range: the offset and range overflow if computed
    naively (max - min = inf); the unique equilibrium is (1/2, 1/2) for both players."""
    M = np.array([[1.0, -1.0], [-1.0, 1.0]]) * 1e308
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning (overflow) leaks either
        res = nash_equilibria(BimatrixGame(M, -M))
    assert len(res) == 1 and not res.degenerate
    assert res[0][0].tolist() == [0.5, 0.5] and res[0][1].tolist() == [0.5, 0.5]
    assert np.isfinite(res.max_regret)


def test_tiny_payoffs_are_not_all_ties():
    """A game scaled by 1e-300 has the equilibria of the unscaled game (ties are decided
    relative to each payoff range, not in absolute terms)."""
    A, B = [[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]
    ref = _solve(A, B)
    res = _solve(np.array(A) * 1e-300, np.array(B) * 1e-300)
    assert len(res) == 3 and not res.degenerate
    for (x, y), (rx, ry) in zip(res, ref, strict=True):
        assert np.allclose(x, rx, atol=1e-12) and np.allclose(y, ry, atol=1e-12)


def test_exact_certificate_on_integer_games_equals_the_rational_reference():
    """Short-decimal payoffs are certified in exact rationals: the returned floats are the
    correctly rounded exact equilibria (equal, not close, to the rational reference)."""
    rng = np.random.default_rng(17)
    for _ in range(40):
        A = rng.integers(-3, 4, size=(4, 4)).tolist()
        B = rng.integers(-3, 4, size=(4, 4)).tolist()
        res = _solve(A, B)
        exact, degenerate = exact_extreme_equilibria(A, B)
        assert res.options["exact"] is True and res.degenerate == degenerate
        assert [(x.tolist(), y.tolist()) for x, y in res] == [
            ([float(v) for v in ex], [float(v) for v in ey]) for ex, ey in exact]


def test_decimal_payoffs_are_exact_and_long_floats_are_not():
    g = BimatrixGame([[0.1, 0.3], [0.2, 0.1]], [[0.3, 0.1], [0.1, 0.2]])
    res = nash_equilibria(g)
    # 0.1 and 0.3 are read as 1/10 and 3/10: x = (1/3, 2/3), y = (2/3, 1/3)
    assert res.options["exact"] is True
    assert res[0][0].tolist() == [1 / 3, 2 / 3] and res[0][1].tolist() == [2 / 3, 1 / 3]
    rng = np.random.default_rng(3)
    res = nash_equilibria(BimatrixGame(rng.normal(size=(3, 3)), rng.normal(size=(3, 3))))
    assert res.options["exact"] is False and res.max_regret <= 1e-9
    # one long float after short decimals is enough to leave the rational path
    A = np.array([[1.0, 0.0], [0.0, 1.0 + np.pi * 1e-3]])
    assert nash_equilibria(BimatrixGame(A, A.T.copy())).options["exact"] is False
    # binary fractions with denominators up to 10^6 (here 2^-19) are short decimals too
    A = np.array([[2.0**-19, 0.0], [0.0, 1.0]])
    res = nash_equilibria(BimatrixGame(A, A.copy()))
    assert res.options["exact"] is True
    x = res[1][0]  # the mixed equilibrium: x = (2^19, 1) / (2^19 + 1), correctly rounded
    assert x.tolist() == [2**19 / (2**19 + 1), 1 / (2**19 + 1)]


@pytest.mark.peer
@pytest.mark.slow  # QuantEcon compiles its numba kernels on first use
def test_random_7x7_game_agrees_with_quantecon_support_enumeration():
    """A nondegenerate 7x7 game: our vertex enumeration and QuantEcon's support
    enumeration (an unrelated algorithm) find the same equilibria."""
    qe = pytest.importorskip("quantecon.game_theory")
    rng = np.random.default_rng(11)
    A, B = rng.random((7, 7)), rng.random((7, 7))
    res = nash_equilibria(BimatrixGame(A, B))
    g = qe.NormalFormGame((qe.Player(A), qe.Player(B.T)))
    ref = sorted((tuple(np.round(x, 9)), tuple(np.round(y, 9))) for x, y in qe.support_enumeration(g))
    got = sorted((tuple(np.round(x, 9)), tuple(np.round(y, 9))) for x, y in res)
    assert got == ref and len(res) % 2 == 1


def _gambit_rational(gbt, A, B):
    """pygambit's exact vertex enumeration, as a sorted list of distinct equilibria (it
    lists an extreme equilibrium once per pair of bases, so degenerate games repeat some)."""
    g = gbt.Game.from_arrays(A.tolist(), B.tolist())
    p1, p2 = g.players
    eqs = gbt.nash.enummixed_solve(g, rational=True).equilibria
    return sorted({(tuple(e[s] for s in p1.strategies), tuple(e[s] for s in p2.strategies))
                   for e in eqs})


@pytest.mark.peer
@pytest.mark.parametrize("n,count", [(2, 150), (3, 40), (4, 20), (5, 8), (6, 4)])
def test_tie_heavy_suites_equal_pygambit_rational_enumeration(n, count):
    """Payoffs in {0, 1, 2}: every extreme equilibrium of pygambit's rational enumeration,
    exactly (the same number, and each float the correctly rounded rational)."""
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(1000 + n)
    total = degenerate = 0
    for _ in range(count):
        A, B = rng.integers(0, 3, size=(n, n)), rng.integers(0, 3, size=(n, n))
        ref = _gambit_rational(gbt, A, B)
        res = _solve(A, B)
        assert len(res) == len(ref), (A.tolist(), B.tolist())
        assert [(x.tolist(), y.tolist()) for x, y in res] == [
            ([float(v) for v in rx], [float(v) for v in ry]) for rx, ry in ref]
        total += len(res)
        degenerate += res.degenerate
    assert total >= count and degenerate > 0  # the suite does exercise degenerate games


@pytest.mark.slow
def test_fifteen_by_fifteen_random_game_is_certified():
    """A 15x15 game (tens of thousands of vertices per polytope): an odd number of
    equilibria, each certified, and the same set after relabelling the actions."""
    rng = np.random.default_rng(15)
    A, B = rng.random((15, 15)), rng.random((15, 15))
    g = BimatrixGame(A, B)
    res = nash_equilibria(g)
    assert not res.degenerate and len(res) % 2 == 1
    assert all(g.is_nash(x, y) for x, y in res)
    r, c = rng.permutation(15), rng.permutation(15)
    perm = nash_equilibria(BimatrixGame(A[np.ix_(r, c)], B[np.ix_(r, c)]))
    back = sorted((tuple(np.round(x[np.argsort(r)], 9)), tuple(np.round(y[np.argsort(c)], 9)))
                  for x, y in perm)
    assert back == sorted((tuple(np.round(x, 9)), tuple(np.round(y, 9))) for x, y in res)


def test_float_test_for_short_decimals_never_rejects_one():
    """The float pre-test of the rational certificate rejects a payoff only when it is
    not a short decimal (denominator at most 10^6 in lowest terms): checked against the
    exact conversion on every short decimal k / q for a spread of denominators, on the
    extreme floats, and on random floats, most of which it rejects."""
    from fractions import Fraction

    from deterrence_games.solvers.nash import _not_short_decimal

    rng = np.random.default_rng(5)
    qs = [1, 2, 3, 7, 8, 10, 25, 64, 125, 1000, 4096, 10**5, 5**8, 2**19, 999_999, 10**6,
          10**6 + 1, 2**20]
    values = [k / q for q in qs for k in rng.integers(-10**9, 10**9, size=300).tolist()]
    values += [0.0, -0.0, 5e-324, 1e-310, 1e-6, 2.0**-19, 1e300, -1.7e308, 2.0**53 + 2]
    values += (rng.random(2000) * 10.0 ** rng.integers(-8, 12, size=2000)).tolist()
    for v in values:
        assert not (Fraction(repr(v)).denominator <= 10**6 and _not_short_decimal(v)), v
    # generic payoffs leave the rational path at the float test
    assert sum(_not_short_decimal(v) for v in rng.random(2000).tolist()) >= 1990
