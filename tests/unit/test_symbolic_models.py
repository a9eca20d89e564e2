"""Every model that declares a symbolic form: symbolic == numeric in every regime, and statics.

Parametrised over the registry, so a model merged later is covered as soon as it declares
``symbolic()``.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import sympy as sp

from deterrence_games._validation import ParameterError
from deterrence_games.models import get_model, list_models
from deterrence_games.models._symbolic import (
    ESCALATION,
    has_symbolic,
    prove_sign,
    statics,
    statics_table,
    symbolic_form,
    write_statics_csv,
)
from deterrence_games.solvers.symbolic import condition_mask, lambdify_vectorized, parse_expression
from tests.conftest import run_cli

N = 200
TOL = 1e-9
SYMBOLIC_MODELS = [m.id for m in list_models() if has_symbolic(m)]


def test_closed_form_models_declare_symbolic_forms():
    assert {"inspection", "crisis_bargaining", "crisis_bargaining_signal", "inspection_roc"} <= set(SYMBOLIC_MODELS)


def _match(sym: dict[str, np.ndarray], num: dict[str, np.ndarray], valid: np.ndarray, keys: list[str]) -> None:
    """At each point, the symbolic equilibria equal the numeric ones (as multisets), to TOL."""
    n, m = sym[keys[0]].shape
    assert (valid.sum(axis=1) == m).all(), "number of equilibria differs"
    for i in range(n):
        slots = list(np.flatnonzero(valid[i]))
        for j in range(m):
            hit = [s for s in slots if all(abs(sym[k][i, j] - num[k][i, s]) <= TOL for k in keys)]
            assert hit, {k: (sym[k][i, j], num[k][i, slots]) for k in keys}
            slots.remove(hit[0])


N_POINTWISE = 50
"""Points per regime in ``make test`` for a model solved point by point (no vectorized closed form:
an exact or root-finding solve per point, about 90 % of these tests' time). Every regime is still
sampled; inside a regime both sides are analytic in the parameters, so a disagreement fills an
open part of the regime, found by 50 random points unless it is a small part: ``make test-long``
compares all N points per regime."""
#: chain_store's vectorized form shares its exact work only among points of one (N, a, b, delta)
#: profile; these samples draw every parameter, so each of its points is an exact solve too
POINTWISE = [m for m in SYMBOLIC_MODELS if not get_model(m).vectorized or m == "chain_store"]


@pytest.mark.parametrize("model_id", SYMBOLIC_MODELS)
def test_symbolic_equals_numeric_in_every_regime(model_id):
    _symbolic_equals_numeric(model_id, N_POINTWISE if model_id in POINTWISE else N)


@pytest.mark.long  # N points per regime for the models solved point by point: minutes of exact solves
@pytest.mark.parametrize("model_id", POINTWISE)
def test_symbolic_equals_numeric_in_every_regime_on_all_points(model_id):
    _symbolic_equals_numeric(model_id, N)


def _symbolic_equals_numeric(model_id, n):
    form = symbolic_form(model_id)
    model = get_model(model_id)
    rng = np.random.default_rng(12345)
    assert form.regimes
    for r in form.regimes:
        pts = form.sample(r, n, rng)
        assert len(next(iter(v for v in pts.values() if np.ndim(v)))) == n
        model.validate_arrays(**{k: v for k, v in pts.items()})  # the points are valid
        # the regime's conditions hold (equalities up to rounding of the solved parameter)
        full = form.complete(pts)
        for c in r.conditions:
            tol = 1e-9 if isinstance(c, sp.Equality) else 0.0
            assert condition_mask(c, form.piecewise.all_symbols, full, tol).all(), (r.name, c)
        keys = [ESCALATION]
        valid, num = form.numeric_escalation(pts, [ESCALATION, *r.keys()])
        keys = [k for k in r.keys() if k in num]
        assert ESCALATION in keys
        sym = {k: form.evaluate(r, k, pts) for k in keys}
        _match(sym, num, valid, keys)


@pytest.mark.parametrize("model_id", SYMBOLIC_MODELS)
def test_implicit_equations_hold_at_the_numeric_roots(model_id):
    form = symbolic_form(model_id)
    if not form.piecewise.implicit:
        pytest.skip("no implicitly defined quantity")
    rng = np.random.default_rng(5)
    for r in form.regimes:
        full = form.complete(form.sample(r, N, rng))
        used = _regime_steps(form, r)
        for sym, eq in form.piecewise.implicit.items():
            if sym in form.steps and sym not in used:
                continue  # a step symbol is defined (finite) only where its regimes use it
            (res,) = lambdify_vectorized(form.piecewise.all_symbols, [eq.lhs - eq.rhs])(full)
            # the model's vectorized root (bisection on log alpha) leaves residuals ~1e-10
            assert np.abs(res).max() <= 1e-8


STEP_SKIPS: dict[tuple[str, str, str], int] = {}
"""(model, regime, wrt) -> points skipped because a step symbol (T*, m*) jumps between x - h and x + h."""


def _regime_steps(form, r, j=None):
    """Step symbols (piecewise-constant integers such as T*) that the regime's expressions use
    (with ``j``: that the escalation probability of equilibrium ``j`` uses)."""
    free = set()
    if j is not None:
        free = r.equilibria[j][ESCALATION].free_symbols
    else:
        for e in r.equilibria:
            for v in e.values():
                free |= v.free_symbols
        for c in r.conditions:
            free |= c.free_symbols
    return [s for s in form.steps if s in free]


def _fd_sample(form, r, wrt, rng):
    """N points of regime ``r``, shifted by -h and +h in ``wrt``, and the numeric solution at the
    shifted points. One sample per regime: every equilibrium of the regime is checked on it (the
    model's solve returns them all at once, so they share its cost)."""
    pts = form.sample(r, N, rng)
    x = np.asarray(pts[wrt], float)
    h = 1e-6 * np.maximum(1.0, np.abs(x))
    up, dn = dict(pts), dict(pts)
    up[wrt], dn[wrt] = x + h, x - h
    model = get_model(form.model)
    inside = model.parameter(wrt).domain.contains(x + h) & model.parameter(wrt).domain.contains(x - h)
    at = form.complete(pts)
    shifted = []  # per side: (facts and conditions hold, the completed values)
    for values in (up, dn):
        full = form.complete(values)
        ok = np.asarray(form.facts_mask(values), bool)
        for c in r.conditions:
            ok = ok & condition_mask(c, form.piecewise.all_symbols, full)
        shifted.append((ok, full))
    # x + h and x - h of a point solved one after the other (interleaved): a model solved point by
    # point (chain_store) caches what does not depend on x (its profile), so the pair shares it
    both = {k: (np.stack([np.asarray(up[k], float), np.asarray(dn[k], float)], axis=1).ravel()
                if np.ndim(v) else v) for k, v in up.items()}
    return pts, at, h, inside, shifted, both, form.numeric_escalation(both)


def _keep(form, r, wrt, j, inside, at, shifted):
    """Points where the central difference for equilibrium ``j`` stays in the domain and the regime."""
    keep = inside
    for ok, full in shifted:
        keep = keep & ok
        # a step symbol is constant between its jumps (derivative 0 there); a central difference
        # across a jump is no derivative: skip such points, and count them
        for st in _regime_steps(form, r, j):
            same = np.asarray(full[st.name] == at[st.name], bool)
            STEP_SKIPS[(form.model, r.name, wrt)] = STEP_SKIPS.get((form.model, r.name, wrt), 0) + int(
                (keep & ~same).sum())
            keep = keep & same
    return keep


def _numeric_matching(form, r, j, values, numeric):
    """Numeric escalation of the equilibrium that matches symbolic equilibrium ``j`` at ``values``
    (``numeric``: :meth:`SymbolicForm.numeric_escalation` at ``values``)."""
    valid, num = numeric
    sym = form.evaluate(r, ESCALATION, values)[:, j]
    vals = np.where(valid, num[ESCALATION], np.nan)
    dist = np.abs(vals - sym[:, None])
    slot = np.nanargmin(np.where(np.isnan(dist), np.inf, dist), axis=1)
    out = vals[np.arange(len(sym)), slot]
    found = np.nanmin(np.where(np.isnan(dist), np.inf, dist), axis=1) <= TOL
    return np.where(found, out, np.nan)


def _check_fd(form, r, j, row, wrt, sample):
    assert row["method"] in ("proved", "numerical")
    if row["method"] == "numerical":
        assert f"on {N} points" in row["evidence"]
    pts, at, h, inside, shifted, both, numeric = sample
    keep = _keep(form, r, wrt, j, inside, at, shifted)
    (d,) = lambdify_vectorized(form.piecewise.all_symbols, [row["derivative"]])(at)
    d = np.broadcast_to(np.asarray(d, float), (N,))
    f_up, f_dn = _numeric_matching(form, r, j, both, numeric).reshape(N, 2).T
    fdiff = (f_up - f_dn) / (2 * h)
    k = keep & np.isfinite(fdiff)
    assert k.sum() >= N // 2, (r.name, wrt, k.sum())
    np.testing.assert_allclose(fdiff[k], d[k], rtol=1e-4, atol=1e-5, err_msg=f"{r.name}[{j}] d/d{wrt}")
    big = k & (np.abs(d) > 1e-4)
    assert (np.sign(fdiff[big]) == np.sign(d[big])).all()
    # the claimed sign holds at every sampled point
    sign = row["sign"]
    slack = 1e-12
    ok = {"positive": d > 0, "negative": d < 0, "nonnegative": d >= -slack, "nonpositive": d <= slack,
          "zero": np.abs(d) <= slack, "mixed": np.ones(N, bool)}[sign]
    assert ok.all(), (r.name, wrt, sign)
    if sign == "mixed":
        assert (d > 0).any() and (d < 0).any()


@pytest.mark.parametrize("model_id", SYMBOLIC_MODELS)
def test_statics_signs_agree_with_finite_differences(model_id):
    form = symbolic_form(model_id)
    model = get_model(model_id)
    wrts = [w for w in model.information if w in form.symbols]
    if not wrts:  # no numeric information parameter (e.g. a Choice): check every continuous parameter
        wrts = [sym.name for sym in form.piecewise.symbols if sym.name not in form.integers]
    rng = np.random.default_rng(99)
    checked = 0
    for wrt in wrts:
        res = statics(model_id, wrt, n_points=N, rng=1)
        rows = {(row["regime"], row["equilibrium"]): row for row in res.rows}
        assert set(rows) == {(r.name, j) for r in form.regimes if not r.degenerate
                             for j in range(len(r.equilibria))}
        for r in form.regimes:
            if r.degenerate:
                continue
            sample = _fd_sample(form, r, wrt, rng)
            for j in range(len(r.equilibria)):
                _check_fd(form, r, j, rows[(r.name, j)], wrt, sample)
                checked += 1
    assert checked > 0
    skipped = {k: v for k, v in STEP_SKIPS.items() if k[0] == model_id and v}
    if skipped:  # reported, and bounded: a jump within h of a random point is rare
        print(f"{model_id}: points skipped at a jump of a step symbol (model, regime, wrt): {skipped}")
        assert all(v <= N // 20 for v in skipped.values()), skipped


def test_known_signs():
    """Fearon (uniform): in the risky regime war rises with the width of A's uncertainty."""
    res = statics("crisis_bargaining", "c_B_high")
    row = next(r for r in res.rows if r["regime"] == "risky")
    assert row["method"] == "proved" and row["sign"] in ("positive", "nonnegative")
    a, b, c_A = sp.symbols("c_B_low c_B_high c_A")
    assert sp.simplify(row["derivative"].subs({s: sp.Symbol(s.name) for s in row["derivative"].free_symbols})
                       - (a + c_A) / (2 * (b - a) ** 2)) == 0
    tex = res._repr_latex_()
    assert tex.startswith("$$\\begin{array}") and r"\text{safe\_capped}" in tex and r"\frac{c_{A} + a}" in tex
    assert r"\begin{tabular}" in res.to_latex()
    assert "risky" in res.to_frame()["regime"].tolist()
    sig = statics("crisis_bargaining_signal", "rho")
    signs = {r["regime"]: r["sign"] for r in sig.rows}
    assert signs["looks_tough:safe|looks_soft:gamble"] == "nonpositive"
    assert signs["looks_tough:gamble|looks_soft:safe"] == "nonnegative"


def test_prove_sign_uses_facts_and_never_guesses():
    x, y = sp.symbols("x y", nonnegative=True)
    assert prove_sign(1 / (y - x) ** 2, (sp.Gt(y, x),))[0] == "positive"
    assert prove_sign(x - y, (sp.Gt(y, x),))[0] == "negative"
    assert prove_sign(x - y)[0] is None
    assert prove_sign(sp.Integer(0))[0] == "zero"


def test_statics_table_and_csv(tmp_path):
    t = statics_table(["crisis_bargaining", "crisis_bargaining_signal"], n_points=N)
    assert isinstance(t, pd.DataFrame)
    assert {"model", "wrt", "regime", "sign", "method", "evidence"} <= set(t.columns)
    assert set(t["wrt"]) == {"c_B_low", "c_B_high", "rho"}
    path = write_statics_csv(tmp_path / "signs.csv", ["crisis_bargaining"], n_points=N)
    back = pd.read_csv(path)
    assert len(back) == len(statics_table(["crisis_bargaining"], n_points=N))


def test_bad_input():
    with pytest.raises(ParameterError, match="`model`"):
        symbolic_form("crisis_signaling")
    with pytest.raises(ParameterError, match="`parameter`"):
        statics("crisis_bargaining", "nope")
    with pytest.raises(ParameterError, match="`wrt`"):
        statics("inspection_roc", "version")


def test_latex_output():
    form = symbolic_form("crisis_bargaining_signal")
    tex = form.to_latex()
    assert tex.startswith(r"\Pr(\text{escalation}) = \begin{cases}") and r"\rho" in tex and r"\pi" in tex
    assert tex.count(r"\text{if }") == 9
    assert form._repr_latex_().startswith("$$")
    assert r"\alpha^*" in symbolic_form("inspection_roc").to_latex() or "false_alarm" in symbolic_form("inspection_roc").to_latex()


# command line -------------------------------------------------------------------------

def test_cli_symbolic_json():
    out = run_cli("symbolic", "crisis_bargaining_signal", "--json")
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert {"model", "symbols", "regimes", "escalation_key", "implicit"} <= set(d)
    form = symbolic_form("crisis_bargaining_signal")
    syms = form.piecewise.all_symbols
    assert d["symbols"] == [s.name for s in form.piecewise.symbols]
    assert len(d["regimes"]) == len(form.regimes)
    for rd, r in zip(d["regimes"], form.regimes, strict=True):
        assert rd["name"] == r.name
        assert [parse_expression(c, syms) for c in rd["conditions"]] == list(r.conditions)
        for ed, e in zip(rd["equilibria"], r.equilibria, strict=True):
            assert sp.simplify(parse_expression(ed[ESCALATION], syms) - e[ESCALATION]) == 0


def test_cli_symbolic_text_and_latex():
    out = run_cli("symbolic", "crisis_bargaining")
    assert out.returncode == 0 and "risky" in out.stdout and "escalation_probability" in out.stdout
    out = run_cli("symbolic", "crisis_bargaining", "--latex")
    assert out.returncode == 0 and r"\begin{cases}" in out.stdout


def test_cli_statics_json():
    out = run_cli("statics", "crisis_bargaining", "--wrt", "c_B_high", "--json")
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["model"] == "crisis_bargaining" and d["wrt"] == "c_B_high"
    syms = symbolic_form("crisis_bargaining").piecewise.all_symbols
    ref = statics("crisis_bargaining", "c_B_high")
    assert [r["regime"] for r in d["rows"]] == [r["regime"] for r in ref.rows]
    for rd, r in zip(d["rows"], ref.rows, strict=True):
        assert {"regime", "equilibrium", "sign", "method", "evidence", "n_points", "derivative"} <= set(rd)
        assert rd["sign"] == r["sign"]
        assert sp.simplify(parse_expression(rd["derivative"], syms) - r["derivative"]) == 0
    text = run_cli("statics", "crisis_bargaining", "--wrt", "c_B_high")
    assert text.returncode == 0 and "risky" in text.stdout


@pytest.mark.parametrize("args, name", [
    (("symbolic", "no_such_model"), "model"),
    (("symbolic", "crisis_signaling"), "model"),
    (("statics", "crisis_bargaining", "--wrt", "zz"), "parameter"),
    (("statics", "no_such_model", "--wrt", "rho"), "model"),
])
def test_cli_bad_input_exits_2_with_one_line(args, name):
    out = run_cli(*args)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and f"`{name}`" in lines[0]


# integer parameters and step symbols ---------------------------------------------------

def test_model_symbols_for_integer_parameters():
    from deterrence_games.models._symbolic import model_symbols

    s = model_symbols(get_model("noisy_security_dilemma"), integers=("T", "horizon"))
    assert s["T"].is_integer and s["T"].is_positive and s["horizon"].is_integer and s["horizon"].is_positive
    assert s["delta"].is_integer is None and "pause" not in s
    assert "T" not in model_symbols(get_model("noisy_security_dilemma"))  # backward compatible default
    h = model_symbols(get_model("trust_building"), integers=("horizon",))["horizon"]
    assert h.is_integer and h.is_nonnegative and h.is_positive is None  # domain 0..5000 includes 0
    with pytest.raises(TypeError, match="delta"):
        model_symbols(get_model("noisy_security_dilemma"), integers=("delta",))


def test_integer_symbols_are_sampled_as_integers_and_never_differentiated():
    form = symbolic_form("noisy_security_dilemma")
    assert form.integers == ("T", "horizon") and [s.name for s in form.steps] == ["T_star"]
    model = get_model("noisy_security_dilemma")
    pts = form.sample("fixed: deters", N, np.random.default_rng(3))
    for name, (lo, hi) in (("T", (1, 60)), ("horizon", (1, 200))):
        v = pts[name]
        assert np.all(v == np.round(v)) and v.min() >= lo and v.max() <= hi
        assert model.parameter(name).domain.contains(v).all()
        assert len(np.unique(v)) > 10  # really drawn, not fixed
    with pytest.raises(ParameterError, match="`wrt`.*horizon"):
        statics("noisy_security_dilemma", "horizon")
    with pytest.raises(ParameterError, match="`wrt`.*'T'"):
        statics("noisy_security_dilemma", "T")
    t = statics_table(["noisy_security_dilemma"], n_points=N)
    assert set(t["wrt"]) == {"specificity", "non_detection"}


def test_step_symbol_derivative_is_zero_between_jumps():
    from deterrence_games.models._symbolic import derivative

    form = symbolic_form("noisy_security_dilemma")
    (T_star,) = form.steps
    delta, p = form.symbols["delta"], form.symbols["specificity"]
    assert derivative(form, T_star * delta, delta) == T_star
    res = statics("noisy_security_dilemma", "non_detection")
    row = next(r for r in res.rows if r["regime"] == "optimal: delta > delta*" and r["equilibrium"] == 0)
    assert row["sign"] == "zero" and "between the jumps of T_star" in row["evidence"]
    row = next(r for r in statics("noisy_security_dilemma", "specificity").rows
               if r["regime"] == "optimal: delta > delta*" and r["equilibrium"] == 0)
    assert row["sign"] == "negative" and row["method"] == "proved"
    assert sp.simplify(row["derivative"] + T_star / (1 + T_star * (1 - p)) ** 2) == 0


def test_wrong_assumptions_on_an_integer_symbol_are_refused():
    from deterrence_games.models._symbolic import SymbolicForm
    from deterrence_games.solvers.symbolic import Regime

    model = get_model("noisy_security_dilemma")
    plain_T = sp.Symbol("T")  # not model_symbols(..., integers=("T",)): a different sympy symbol
    with pytest.raises(TypeError, match="'T'"):
        SymbolicForm.build(model, [Regime("r", (), ({ESCALATION: plain_T / (1 + plain_T)},))])


def test_integer_symbols_in_latex_and_json():
    form = symbolic_form("noisy_security_dilemma")
    tex = form.to_latex()
    assert r"\delta^{T}" in tex and r"T^*" in tex and r"\left\lceil" in tex
    out = run_cli("symbolic", "noisy_security_dilemma", "--json")
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["integers"] == ["T", "horizon"] and d["steps"] == ["T_star"]
    assert {"T", "horizon"} <= set(d["symbols"]) and "T_star" in d["implicit"]
    syms = form.piecewise.all_symbols
    for rd, r in zip(d["regimes"], form.regimes, strict=True):
        assert [parse_expression(c, syms) for c in rd["conditions"]] == list(r.conditions)
        for ed, e in zip(rd["equilibria"], r.equilibria, strict=True):
            back = parse_expression(ed["escalation_within_horizon"], syms)
            assert sp.simplify(back - e["escalation_within_horizon"]) == 0


def test_optimal_pause_closed_form_covers_long_pauses():
    """T* = ceil(ln(1 - kappa (1-delta)/delta) / ln delta) equals the model's exact partial-sum search
    also for long pauses, delta just above delta* = kappa/(1+kappa)."""
    from deterrence_games.solvers import trigger_closed_forms as cf

    form = symbolic_form("noisy_security_dilemma")
    rng = np.random.default_rng(8)
    n = 2000
    kap = rng.uniform(1.1, 60.0, n)
    d_star = kap / (1 + kap)
    delta = d_star + (1 - d_star) * 10.0 ** rng.uniform(-7, 0, n) * rng.uniform(0.01, 0.99, n)
    # kappa = g / ((p - q) - g (1 - p)) with g = 1, p = 0.99 and q = 0.98 - 1/kappa in (0.07, 0.96)
    vals = {"R": 3.0, "S": 0.0, "T_hat": 4.0, "P": 2.0, "specificity": 0.99, "non_detection": 0.99 - 1 / kap - 0.01, "delta": delta}
    got = form.complete(vals)["T_star"]
    want = cf.optimal_pause_length(delta, cf.kappa(1.0, 0.99, vals["non_detection"]))
    assert np.isfinite(want).all() and want.max() > 500  # long pauses are in the sample
    assert (got == want).all(), np.flatnonzero(got != want)[:5]
