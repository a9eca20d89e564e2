"""Symbolic forms whose equilibria are LP optima or roots: coverage and certificates.

The generic test (tests/unit/test_symbolic_models.py) checks each declared regime against the
numeric model at random points inside it. Here: that the declared regimes cover the domain
(random points each fall into a regime), and that the declared vertex of the public mediation
LP is a feasible mechanism whose war probability is the declared one.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from deterrence_games.models._symbolic import ESCALATION, symbolic_form
from deterrence_games.solvers.mechanism import mechanism_lp
from deterrence_games.solvers.symbolic import condition_mask, lambdify_vectorized

N_COVER = 20_000


def _regime_masks(form, regimes, values):
    syms = form.piecewise.all_symbols
    out = []
    for r in regimes:
        m = np.ones(len(next(iter(values.values()))), bool)
        for c in r.conditions:
            m &= condition_mask(c, syms, values)
        out.append(m)
    return np.array(out)


def test_mediation_public_regimes_cover_the_domain():
    form = symbolic_form("mediation")
    pub = [r for r in form.regimes if r.choices.get("public") is True]
    assert len(pub) == 5
    rng = np.random.default_rng(2026)
    v = {"pi": rng.uniform(0, 1, N_COVER), "p": rng.uniform(0.5, 1, N_COVER), "pie_after_war": rng.uniform(0, 1, N_COVER)}
    masks = _regime_masks(form, pub, v)
    assert masks.any(axis=0).all(), {k: x[~masks.any(axis=0)][:5] for k, x in v.items()}
    # each regime has positive measure (it is hit by random points)
    assert (masks.sum(axis=1) >= 20).all(), dict(zip([r.name for r in pub], masks.sum(axis=1), strict=True))
    # overlaps only on boundaries: where two regimes hold, their formulas agree
    for i, j in zip(*np.nonzero(np.triu(np.ones((5, 5), bool), 1)), strict=True):
        both = masks[i] & masks[j]
        if both.any():
            sub = {k: x[both] for k, x in v.items()}
            a = form.evaluate(pub[i], ESCALATION, sub)[:, 0]
            b = form.evaluate(pub[j], ESCALATION, sub)[:, 0]
            np.testing.assert_allclose(a, b, atol=1e-9)


def test_mediation_confidential_regimes_cover_the_domain():
    form = symbolic_form("mediation")
    conf = [r for r in form.regimes if r.choices.get("public") is False]
    rng = np.random.default_rng(7)
    v = {"pi": rng.uniform(0, 1, N_COVER), "p": rng.uniform(0.5, 1, N_COVER), "pie_after_war": rng.uniform(0, 1, N_COVER)}
    assert _regime_masks(form, conf, v).any(axis=0).all()


def test_mediation_public_vertex_is_a_feasible_mechanism():
    """The declared symmetric vertex satisfies every row of the public LP; its value is the escalation."""
    form = symbolic_form("mediation")
    syms = form.piecewise.all_symbols
    rng = np.random.default_rng(3)
    for r in (r for r in form.regimes if r.choices.get("public") is True):
        pts = form.sample(r, 50, rng)
        e = r.equilibria[0]
        keys = [ESCALATION, "mechanism_w_HH", "mechanism_w_HL", "mechanism_w_LL", "mechanism_y_HL"]
        war, w_hh, w_hl, w_ll, y_hl = (np.broadcast_to(np.asarray(x, float), (50,))
                                       for x in lambdify_vectorized(syms, [e[k] for k in keys])(pts))
        for i in range(50):
            qq, pp, th = (float(pts[k][i]) for k in ("pi", "p", "pie_after_war"))
            win = np.array([[0.5, pp], [1 - pp, 0.5]])
            A, b, c, _ = mechanism_lp(np.array([qq, 1 - qq]), np.array([qq, 1 - qq]), th * win, th * win.T, False)
            x = np.array([w_hh[i], w_hl[i], w_hl[i], w_ll[i],
                          (1 - w_hh[i]) / 2, y_hl[i], 1 - w_hl[i] - y_hl[i], (1 - w_ll[i]) / 2])
            assert (A @ x <= b + 1e-12).all() and (x >= -1e-12).all() and (x <= 1 + 1e-12).all(), (r.name, i)
            assert abs(c @ x - war[i]) <= 1e-12


def test_mediation_public_D_is_confidential_regime_2():
    form = symbolic_form("mediation")
    d, r2 = form.piecewise["public: D"], form.piecewise["regime_2"]
    assert sp.simplify(d.equilibria[0][ESCALATION] - r2.equilibria[0][ESCALATION]) == 0


# global_conflict: implicit roots -------------------------------------------------------

def _point(**kw):
    return {k: np.array([float(v)]) for k, v in kw.items()}


def test_global_conflict_public_three_thresholds_match_the_worked():
    """the worked cases Spec B: b = 1, c_B = 2, beta = 4, y = 1.5; alpha = 6 and 12."""
    form = symbolic_form("global_conflict")
    r = form.piecewise["public: three thresholds"]
    for alpha, ks in ((6.0, (1.2411, 1.5, 1.7589)), (12.0, (-0.4845, 1.5, 3.4845))):
        v = _point(theta=1.5, b=1, c=1, W=0, sigma=0.5, c_public=2, alpha=alpha, beta=4, y=1.5, peace_mean=1, peace_sd=1,
                   delta=0.9)
        full = form.complete(v)
        assert all(condition_mask(c, form.piecewise.all_symbols, full).all() for c in r.conditions)
        np.testing.assert_allclose(form.evaluate(r, "threshold", v)[0], ks, atol=5e-5)
    v = _point(theta=1.5, b=1, c=1, W=0, sigma=0.5, c_public=2, alpha=2, beta=4, y=1.5, peace_mean=1, peace_sd=1, delta=0.9)
    unique = form.piecewise["public: uniqueness condition holds"]
    assert all(condition_mask(c, form.piecewise.all_symbols, form.complete(v)).all() for c in unique.conditions)
    np.testing.assert_allclose(form.evaluate(unique, "threshold", v)[0], [1.5], atol=1e-12)


def test_global_conflict_exit_three_equilibria_match_the_worked():
    """the worked cases: mu = 1, tau = 1, w = 0.5, b = c = 1, delta = 0.9 (strategic risk)."""
    form = symbolic_form("global_conflict")
    r = form.piecewise["exit (strategic): three stationary equilibria"]
    v = _point(theta=1.5, b=1, c=1, W=0.5, sigma=0.5, c_public=2, alpha=2, beta=4, y=1.5, peace_mean=1, peace_sd=1, delta=0.9)
    full = form.complete(v)
    assert all(condition_mask(c, form.piecewise.all_symbols, full).all() for c in r.conditions)
    np.testing.assert_allclose(sorted(form.evaluate(r, ESCALATION, v)[0]), [0.0015, 0.1453, 0.8988], atol=5e-5)


def test_global_conflict_vectorized_roots_equal_the_grid_and_brent_roots():
    from deterrence_games.models.global_conflict import (
        exit_fixed_points,
        exit_fixed_points_arrays,
        public_thresholds,
        public_thresholds_arrays,
    )

    rng = np.random.default_rng(11)
    n = 400
    y, b, cB = rng.uniform(-2, 2, n), rng.uniform(0, 2, n), rng.uniform(2, 4, n)
    al, be = rng.uniform(0.1, 10, n), rng.uniform(0.1, 10, n)
    low, mid, high = public_thresholds_arrays(y, b, cB, al, be)
    counts = {1: 0, 3: 0}
    for i in range(n):
        ks = public_thresholds(y[i], b[i], cB[i], al[i], be[i])
        counts[len(ks)] += 1
        np.testing.assert_allclose(sorted({low[i], mid[i], high[i]}), ks, atol=1e-10)
    assert counts[3] >= 10
    mu, tau, w, c, d = (rng.uniform(-2, 2, n), rng.uniform(0.2, 3, n), rng.uniform(-2, 2, n), rng.uniform(0, 2, n),
                        rng.uniform(0.5, 0.95, n))
    for strategic in (True, False):
        roots = exit_fixed_points_arrays(mu, tau, w, b, c, d, strategic)
        for i in range(n):
            Vs = exit_fixed_points(mu[i], tau[i], w[i], b[i], c[i], d[i], strategic)
            np.testing.assert_allclose(sorted({x[i] for x in roots}), Vs, atol=1e-9, rtol=1e-12)


# arms_race_talk ------------------------------------------------------------------------

def test_arms_race_uniform_regimes_cover_the_domain_and_match_the_worked():
    form = symbolic_form("arms_race_talk")
    rng = np.random.default_rng(4)
    v = {"mu": rng.uniform(0, 1, N_COVER), "d": rng.uniform(0, 3, N_COVER), "c_lo": rng.uniform(0, 1, N_COVER),
         "c_hi": rng.uniform(0, 2, N_COVER)}
    ok = (v["c_hi"] > v["c_lo"]) & (v["d"] > v["mu"])
    v = {k: x[ok] for k, x in v.items()}
    masks = _regime_masks(form, form.regimes, v)
    assert (masks.sum(axis=0) == 1).all()  # a partition, up to the knife edges
    # the worked cases 1 and 2: c ~ U[0, 1], mu = 0.05; d = 1.2 (multiplier: Pr = 1) and d = 0.8 (c_hat = 0.2)
    pt = {"mu": np.array([0.05]), "c_lo": np.array([0.0]), "c_hi": np.array([1.0])}
    one = {**pt, "d": np.array([1.2])}
    assert _regime_masks(form, [form.piecewise["hawks, d > c_hi: multiplier"]], one).all()
    assert form.evaluate("hawks, d > c_hi: multiplier", ESCALATION, one)[0, 0] == 1
    two = {**pt, "d": np.array([0.8])}
    r = form.piecewise["hawks, d < c_hi"]
    assert _regime_masks(form, [r], two).all()
    np.testing.assert_allclose(form.evaluate(r, "cutoff", two)[0], [0.2], rtol=1e-12)
    np.testing.assert_allclose(form.evaluate(r, ESCALATION, two)[0], [0.04], rtol=1e-12)


def test_mediation_public_matches_the_worked_table():
    """the worked cases (4) with its correction: p = theta = 0.8, public benchmark Pr(war)."""
    form = symbolic_form("mediation")
    pub = [r for r in form.regimes if r.choices.get("public") is True]
    for q, war in ((0.3, 0.2378), (0.5, 0.2059), (0.6, 0.2471), (0.8, 0.3294)):
        v = {"pi": np.array([q]), "p": np.array([0.8]), "pie_after_war": np.array([0.8])}
        (i,) = np.flatnonzero(_regime_masks(form, pub, v)[:, 0])
        assert abs(form.evaluate(pub[i], ESCALATION, v)[0, 0] - war) < 5e-5, (q, pub[i].name)


def test_mediation_public_vertices_solve_their_binding_rows_exactly():
    """Symbolically: the declared vertex zeroes >= 4 independent rows of the (symmetrised) public
    LP built by mechanism_lp from sympy entries, and the LP objective there is the declared Pr(war)."""
    form = symbolic_form("mediation")
    s = form.symbols
    q, p, th = s["pi"], s["p"], s["pie_after_war"]
    half = sp.Rational(1, 2)
    win = np.array([[half, p], [1 - p, half]], dtype=object)
    qv = np.array([q, 1 - q], dtype=object)
    A, b, c, _ = mechanism_lp(qv, qv, th * win, th * win.T, False, dtype=object)
    for r in (r for r in form.regimes if r.choices.get("public") is True):
        e = r.equilibria[0]
        w_hh, w_hl, w_ll, y_hl = (e[f"mechanism_{k}"] for k in ("w_HH", "w_HL", "w_LL", "y_HL"))
        x = [w_hh, w_hl, w_hl, w_ll, (1 - w_hh) / 2, y_hl, 1 - w_hl - y_hl, (1 - w_ll) / 2]
        assert sp.cancel(sum(ci * xi for ci, xi in zip(c, x, strict=True)) - e[ESCALATION]) == 0, r.name
        zr = sp.symbols("w_HH w_HL w_LL y_HL")
        xr = [zr[0], zr[1], zr[1], zr[2], (1 - zr[0]) / 2, zr[3], 1 - zr[1] - zr[3], (1 - zr[2]) / 2]
        rows = [b[i] - sum(A[i, j] * xr[j] for j in range(8)) for i in range(A.shape[0])]
        rows += [*xr, *(1 - xj for xj in xr)]
        vertex = dict(zip(zr, (w_hh, w_hl, w_ll, y_hl), strict=True))
        binding = [g for g in rows if sp.cancel(g.subs(vertex)) == 0]
        jac = sp.Matrix([[sp.diff(g, v) for v in zr] for g in binding])
        pt = form.sample(r, 1, 0)
        num = np.array(jac.subs({x: float(pt[x.name][0]) for x in (q, p, th)}), dtype=float)
        assert np.linalg.matrix_rank(num) == 4, r.name  # a vertex of the symmetric LP
