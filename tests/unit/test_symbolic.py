"""Parametric 2x2 solver (solvers/symbolic.py) against the numeric solvers, ties included."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy as sp

from deterrence_games._validation import ParameterError
from deterrence_games.games.normal_form import BimatrixGame
from deterrence_games.solvers import nash_equilibria, solve_2x2
from deterrence_games.solvers.symbolic import (
    ParametricBimatrix,
    PiecewiseResult,
    parse_expression,
    solve_parametric_2x2,
)

NAMES = ("a00", "a01", "a10", "a11", "b00", "b01", "b10", "b11")


@pytest.fixture(scope="module")
def generic():
    """The fully generic 2x2 game: every payoff its own real parameter (81 sign regimes)."""
    s = sp.symbols(NAMES, real=True)
    game = ParametricBimatrix([[s[0], s[1]], [s[2], s[3]]], [[s[4], s[5]], [s[6], s[7]]], s)
    return game, solve_parametric_2x2(game, simplify=False)


def _symbolic_equilibria(res: PiecewiseResult, values: dict) -> tuple[np.ndarray, list[list[tuple]]]:
    """Regime index and sorted (p, q) lists at each point, from the symbolic result."""
    masks = res.regime_masks(values)
    n = masks.shape[1]
    assert (masks.sum(axis=0) == 1).all(), "the regimes must partition the parameter space"
    idx = masks.argmax(axis=0)
    out: list[list[tuple]] = [[] for _ in range(n)]
    for k, r in enumerate(res.regimes):
        sel = np.flatnonzero(idx == k)
        if sel.size == 0:
            continue
        sub = {name: np.asarray(v)[sel] for name, v in values.items()}
        P, Q = res.evaluate(r, "p", sub), res.evaluate(r, "q", sub)
        for row, i in enumerate(sel):
            out[i] = sorted(zip(P[row], Q[row], strict=True))
    return idx, out


def _integer_points(rng, n, low=-2, high=2):
    return {name: rng.integers(low, high + 1, n).astype(float) for name in NAMES}


def test_generic_game_has_all_81_regimes(generic):
    _, res = generic
    assert len(res) == 81
    assert sum(not r.degenerate for r in res) == 16  # 2^4 strict sign patterns
    for r in res:
        assert r.degenerate == any(isinstance(c, sp.Equality) for c in r.conditions)


def test_parametric_reproduces_solve_2x2_on_integer_points(generic):
    """>= 1,000 random integer games (payoffs in -2..2, so ties are frequent)."""
    _, res = generic
    rng = np.random.default_rng(20261125)
    n = 2000
    vals = _integer_points(rng, n)
    idx, sym = _symbolic_equilibria(res, vals)
    A = np.stack([vals["a00"], vals["a01"], vals["a10"], vals["a11"]], -1).reshape(n, 2, 2)
    B = np.stack([vals["b00"], vals["b01"], vals["b10"], vals["b11"]], -1).reshape(n, 2, 2)
    num = solve_2x2(A, B)
    degenerate = np.array([res.regimes[i].degenerate for i in idx])
    assert degenerate.sum() > n // 4, "the sample must contain many ties"
    np.testing.assert_array_equal(degenerate, num.degenerate)
    for i in range(n):
        ref = sorted(zip(num.p[i, num.valid[i]], num.q[i, num.valid[i]], strict=True))
        assert len(ref) == len(sym[i]), (i, ref, sym[i])
        np.testing.assert_allclose(np.array(sym[i]), np.array(ref), atol=1e-12)


@pytest.mark.filterwarnings("ignore::deterrence_games.warnings.DegenerateGameWarning")
def test_parametric_reproduces_vertex_enumeration(generic):
    """1,000 integer games against the generic vertex-enumeration solver (nash_equilibria)."""
    _, res = generic
    rng = np.random.default_rng(7)
    n = 1000
    vals = _integer_points(rng, n, -3, 3)
    _, sym = _symbolic_equilibria(res, vals)
    for i in range(n):
        A = np.array([[vals["a00"][i], vals["a01"][i]], [vals["a10"][i], vals["a11"][i]]])
        B = np.array([[vals["b00"][i], vals["b01"][i]], [vals["b10"][i], vals["b11"][i]]])
        ne = nash_equilibria(BimatrixGame(A, B))
        ref = sorted((float(x[0]), float(y[0])) for x, y in ne.equilibria)
        assert len(ref) == len(sym[i]), (A, B, ref, sym[i])
        np.testing.assert_allclose(np.array(sym[i]), np.array(ref), atol=1e-9)


def test_payoff_expressions_match_numeric_payoffs(generic):
    _, res = generic
    rng = np.random.default_rng(3)
    vals = {k: v for k, v in _integer_points(rng, 300).items()}
    idx = res.regime_index(vals)
    for k in np.unique(idx):
        sel = idx == k
        sub = {name: v[sel] for name, v in vals.items()}
        r = res.regimes[k]
        P, Q = res.evaluate(r, "p", sub), res.evaluate(r, "q", sub)
        U, V = res.evaluate(r, "u_row", sub), res.evaluate(r, "u_col", sub)
        A = np.stack([sub["a00"], sub["a01"], sub["a10"], sub["a11"]], -1).reshape(-1, 1, 2, 2)
        B = np.stack([sub["b00"], sub["b01"], sub["b10"], sub["b11"]], -1).reshape(-1, 1, 2, 2)
        x = np.stack([P, 1 - P], -1)
        y = np.stack([Q, 1 - Q], -1)
        np.testing.assert_allclose(U, np.einsum("nki,nkij,nkj->nk", x, A, y), atol=1e-12)
        np.testing.assert_allclose(V, np.einsum("nki,nkij,nkj->nk", x, B, y), atol=1e-12)


def test_one_parameter_family_with_assumptions():
    """Assumptions prune impossible regimes; a positive parameter cannot be <= 0."""
    x = sp.Symbol("x", positive=True)
    y = sp.Symbol("y", real=True)
    game = ParametricBimatrix([[x, 0], [y, 1]], [[1, 0], [0, x]])
    res = solve_parametric_2x2(game)
    # a0 = -1 < 0 always, b1 = 1 > 0, b0 = -x < 0: only a1 = x - y varies
    assert [c for r in res for c in r.conditions] == [sp.Lt(x - y, 0), sp.Eq(x - y, 0), sp.Gt(x - y, 0)]
    mixed = res.regimes[2].equilibria[1]
    assert sp.simplify(mixed["p"] - x / (1 + x)) == 0
    assert sp.simplify(mixed["q"] - 1 / (1 + x - y)) == 0
    rng = np.random.default_rng(1)
    vals = {"x": rng.integers(1, 4, 1000).astype(float), "y": rng.integers(-1, 5, 1000).astype(float)}
    masks = res.regime_masks(vals)
    assert (masks.sum(axis=0) == 1).all()
    A = np.stack([vals["x"], 0 * vals["x"], vals["y"], 1 + 0 * vals["x"]], -1).reshape(-1, 2, 2)
    B = np.stack([1 + 0 * vals["x"], 0 * vals["x"], 0 * vals["x"], vals["x"]], -1).reshape(-1, 2, 2)
    num = solve_2x2(A, B)
    for k, r in enumerate(res.regimes):
        sel = masks[k]
        P = res.evaluate(r, "p", {n: v[sel] for n, v in vals.items()})
        np.testing.assert_allclose(np.sort(P, axis=1), np.sort(np.where(num.valid[sel], num.p[sel], np.inf),
                                                                 axis=1)[:, : P.shape[1]], atol=1e-12)
        assert (num.count[sel] == len(r.equilibria)).all()


def test_json_round_trip(generic):
    game, res = generic
    d = json.loads(json.dumps(res.to_dict()))
    assert d["symbols"] == list(NAMES)
    assert len(d["regimes"]) == 81
    for rd, r in zip(d["regimes"], res.regimes, strict=True):
        assert [parse_expression(c, game.symbols) for c in rd["conditions"]] == list(r.conditions)
        for ed, e in zip(rd["equilibria"], r.equilibria, strict=True):
            for k, v in e.items():
                assert sp.simplify(parse_expression(ed[k], game.symbols) - v) == 0


def test_latex_and_reprs():
    x = sp.Symbol("x", real=True)
    res = solve_parametric_2x2(ParametricBimatrix([[x, 0], [0, 1]], [[1, 0], [0, 1]]))
    tex = res.to_latex("q")
    assert tex.count(r"\text{if }") == 3 and r"\begin{cases}" in tex and r"\frac{1}{x + 1}" in tex
    assert res._repr_latex_().startswith("$$")
    assert "3 regimes (1 degenerate)" in repr(res)
    assert "x == 0" in str(res)
    assert set(res.to_frame().columns) >= {"regime", "conditions", "key", "expression"}


def test_bad_input():
    x = sp.Symbol("x")
    with pytest.raises(ParameterError, match="`B`"):
        ParametricBimatrix([[x, 0], [0, 1]], [[1, 0, 0], [0, 1, 0]])
    with pytest.raises(ParameterError, match="`symbols`"):
        ParametricBimatrix([[x, 0], [0, 1]], [[1, 0], [0, 1]], symbols=())
    with pytest.raises(NotImplementedError, match="2x2"):
        solve_parametric_2x2(ParametricBimatrix([[x, 0, 1], [0, 1, 1]], [[1, 0, 1], [0, 1, 1]]))
    with pytest.raises(TypeError, match="ParametricBimatrix"):
        solve_parametric_2x2([[1, 0], [0, 1]])
