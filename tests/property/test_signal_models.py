"""Mathematical invariants of costly_signaling, reassurance and early_warning (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from deterrence_games import get_model

CS, RA, EW = get_model("costly_signaling"), get_model("reassurance"), get_model("early_warning")
unit = st.floats(0.01, 0.99)


@st.composite
def fearon_points(draw):
    """Valid by construction: v_r > v_i > 0, 0 < w_r < v_r, w_i < 0, pi < rho_star."""
    v_i = draw(st.floats(0.05, 2))
    v_r = v_i + draw(st.floats(0.01, 2))
    rho = draw(st.floats(0.05, 0.95))
    return dict(pi=rho * draw(unit), revisionist=draw(st.floats(0, 0.95)), v_r=v_r, v_i=v_i,
                w_r=v_r * draw(unit), w_i=-draw(st.floats(0.01, 3)), rho_star=rho)


def _is_distribution(sol):
    for e in sol:
        vals = np.array(list(e.outcomes.values()))
        assert np.all(vals >= -1e-12) and abs(vals.sum() - 1) <= 1e-12


@settings(max_examples=200, deadline=None)
@given(fearon_points(), st.floats(0.001, 3), st.floats(0.0, 2.0))
def test_fearon_th_risks_more_war_and_pays_more_than_any_sc_equilibrium(pt, m, extra):
    sc = CS.solve(**pt, m=m)
    (th,) = CS.solve(**pt, variant="tying_hands", a=-pt["w_i"] + extra + 1e-6)
    _is_distribution(sc)
    # no sunk-cost equilibrium (at any m) beats tying hands for the signaler
    assert all(th.quantities["payoff_S"] >= e.quantities["payoff_S"] - 1e-12 for e in sc)
    # every SC equilibrium risks at least pi * theta, the separating floor; TH never risks less
    assert all(e.escalation_probability >= pt["pi"] * pt["revisionist"] - 1e-12 for e in sc)
    assert th.escalation_probability >= pt["pi"] * pt["revisionist"] - 1e-12
    # the no-signal pooling equilibrium always exists
    assert sc[0].label == "pooling (no signal)"


@settings(max_examples=200, deadline=None)
@given(st.floats(0.05, 3), st.floats(0, 0.95), st.floats(1.01, 4), unit, unit, st.floats(0, 2),
       st.floats(0.2, 2), st.floats(1.0, 3))
def test_kydd_spiral_always_and_conflict_bounds(c, g_S, g_G, tau1, tau2, m, v_S, ratio):
    sol = RA.solve(c=c, g_S=g_S, g_G=g_G, tau1=tau1, tau2=tau2, m=m, v_S=v_S, v_G=v_S * ratio)
    _is_distribution(sol)
    assert sol[0].escalation_probability == 1.0 and "spiral" in sol[0].label
    # greedy types always defect: conflict is at least 1 - tau1 tau2 in every equilibrium
    assert min(e.escalation_probability for e in sol) >= 1 - tau1 * tau2 - 1e-12
    t_star = c / (1 + c - g_S)
    if tau2 < t_star and (m == 0 or tau1 < t_star):  # no gesture helps when tau2 < tau*
        assert sol.escalation_range == (1.0, 1.0)


@settings(max_examples=200, deadline=None)
@given(st.floats(0.01, 5), st.floats(0, 1), st.floats(0.01, 2))
def test_kydd_continuous_roots_solve_the_fixed_point(c, g_min, width):
    sol = RA.solve(variant="continuous", c=c, g_min=g_min, g_max=g_min + width)
    _is_distribution(sol)
    for e in sol[1:]:
        g, P = e.quantities["cutoff"], e.quantities["cooperation_probability"]
        assert P > 0
        # the cutoff type is indifferent, or (full cooperation) every type strictly prefers C
        assert P * (1 + c - g) >= c - 1e-9
        if P < 1:
            assert abs(P * (1 + c - g) - c) <= 1e-9


@st.composite
def warning_points(draw):
    # avoid hit rates within 1e-6 of 1 (posteriors lose all precision there), but keep beta = 1
    beta = draw(st.one_of(st.just(1.0), st.floats(0.05, 1 - 1e-6)))
    return dict(gamma=draw(st.floats(0.01, 1)), X=draw(st.floats(0.1, 5)), K=draw(st.floats(0.1, 5)),
                theta_star=draw(unit), detection=beta,
                false_alarm=beta * draw(st.one_of(st.just(0.0), st.floats(1e-9, 0.99))))  # no denormals


@settings(max_examples=400, deadline=None)
@given(warning_points())
def test_early_warning_mutual_best_responses(pt):
    sol = EW.solve(**pt)
    _is_distribution(sol)
    t = pt["theta_star"]
    for e in sol:
        q = e.quantities
        assert 0 <= q["attack_probability"] <= pt["gamma"] + 1e-12
        # the attacker's cutoff is the extra expected punishment of attacking
        assert abs(q["cutoff"] - pt["K"] * (pt["detection"] - pt["false_alarm"]) * (q["r_alarm"] - q["r_quiet"])) < 1e-12
        # ... and types above it attack: p = 1 - F(cutoff), F uniform on [0, X]
        assert abs(q["p"] - (1 - min(max(q["cutoff"] / pt["X"], 0), 1))) < 1e-9
        # the defender's mixing is justified by its posterior (ties at theta_star)
        for r, mu in ((q["r_alarm"], q.get("posterior_alarm")), (q["r_quiet"], q.get("posterior_quiet"))):
            if mu is None:
                continue
            if r > 1e-12:
                assert mu >= t - 1e-9
            if r < 1 - 1e-12:
                assert mu <= t + 1e-9
    assert sum(e.flags["most_peaceful"] for e in sol) >= 1
