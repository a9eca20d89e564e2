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
    v = {"q": rng.uniform(0, 1, N_COVER), "p": rng.uniform(0.5, 1, N_COVER), "theta": rng.uniform(0, 1, N_COVER)}
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
    v = {"q": rng.uniform(0, 1, N_COVER), "p": rng.uniform(0.5, 1, N_COVER), "theta": rng.uniform(0, 1, N_COVER)}
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
            qq, pp, th = (float(pts[k][i]) for k in ("q", "p", "theta"))
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
