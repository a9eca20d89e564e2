"""Invariants of transparency_exposure, brinkmanship and perfect_deterrence (hypothesis)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deterrence_games import get_model

EXPOSURE = get_model("transparency_exposure")
BRINK = get_model("brinkmanship")
PD = get_model("perfect_deterrence")
unit = st.floats(0.0, 1.0, allow_nan=False)


@st.composite
def leak_params(draw):
    p_L = draw(st.floats(0.0, 0.8))
    p_H = draw(st.floats(p_L + 0.01, 1.0))
    p_H_prime = draw(st.floats(0.0, p_H))
    return dict(p_L=p_L, p_H=p_H, p_H_prime=p_H_prime, c_S=draw(st.floats(0.01, 1.0)),
                c_R=draw(st.floats(0.01, 1.0)), pi=draw(unit))


@settings(max_examples=200, deadline=None)
@given(leak_params(), unit)
def test_exposure_war_only_against_uninspected_strong_and_full_inspection_is_peace(params, tau):
    war = EXPOSURE.solve(tau=tau, **params).escalation_probability
    assert 0.0 <= war <= params["pi"] * (1 - tau) + 1e-12
    assert EXPOSURE.solve(tau=1.0, **params).escalation_probability == 0.0


@settings(max_examples=200, deadline=None)
@given(leak_params(), unit, unit)
def test_exposure_below_pi_star_more_inspection_never_raises_war(params, t1, t2):
    """When the prior is below pi*, every posterior after no finding is too: war = pi(1-tau)."""
    pi_star = (params["p_H"] - params["p_L"]) / (params["p_H"] - params["p_L"] + params["c_S"] + params["c_R"])
    if params["pi"] >= pi_star - 1e-9 or params["p_H_prime"] >= params["p_H"]:
        return
    lo, hi = sorted((t1, t2))
    w_lo = EXPOSURE.solve(tau=lo, **params).escalation_probability
    w_hi = EXPOSURE.solve(tau=hi, **params).escalation_probability
    assert w_hi <= w_lo + 1e-12


@settings(max_examples=200, deadline=None)
@given(st.floats(0.05, 2), st.floats(0.05, 2), st.floats(0.0, 3), unit, st.floats(0, 0.5), st.floats(0.5, 1))
def test_window_war_is_w_deal_exactly_on_the_window(D, G, lam, tau, w_deal, w_race):
    sol = EXPOSURE.solve(variant="deal_window", tau=tau, S_deal_minus_race=D, G=G, lam=lam,
                         w_deal=w_deal, w_race=w_race)
    inside = tau >= G / (G + D) - 1e-9 and (lam == 0 or tau <= D / lam + 1e-9)
    edge = abs(tau - G / (G + D)) < 1e-9 or (lam > 0 and abs(tau - D / lam) < 1e-9)
    if not edge:
        assert sol.escalation_probability == (w_deal if inside else w_race)


@st.composite
def brink_params(draw):
    b_T = draw(st.floats(0.1, 3))
    return dict(a_T=draw(st.floats(0.1, 3)), b_T=b_T, D_T=b_T + draw(st.floats(0.1, 10)),
                a_R=draw(st.floats(0, 3)), b_R=draw(st.floats(0.1, 3)), D_soft=draw(st.floats(0.1, 10)),
                D_hard=draw(st.floats(0.1, 3)), pi=draw(unit))


@settings(max_examples=200, deadline=None)
@given(brink_params())
def test_brinkmanship_disaster_is_h_q_eff_or_zero(params):
    """Disaster is h q_eff or 0 while the hard type never complies (D_hard < a_R); 0 when both
    types can be made to comply; (1 - h) q_hard or 0 when only the hard type can (issue 17)."""
    e = BRINK.solve(**params)[0]
    q_eff, q_hard = e.quantities["q_eff"], e.quantities["q_hard"]
    h = params["pi"]
    if q_hard > 1 + 1e-9:
        assert e.escalation_probability == pytest.approx(h * q_eff if e.flags["threat"] else 0.0, abs=1e-12)
        assert e.flags["threat"] == (q_eff <= 1 + 1e-12 and h < e.quantities["h_bar"] - 1e-12)
    elif q_eff <= 1 + 1e-12:
        assert e.flags["threat"] and e.escalation_probability == pytest.approx(0.0, abs=1e-12)
    elif q_hard < 1 - 1e-9:
        g_h = q_hard * (params["D_T"] - params["b_T"])
        g_h /= params["a_T"] + params["b_T"] + g_h
        assert e.escalation_probability == pytest.approx((1 - h) * q_hard if e.flags["threat"] else 0.0, abs=1e-12)
        if abs(h - g_h) > 1e-9:
            assert e.flags["threat"] == (h > g_h)


@settings(max_examples=200, deadline=None)
@given(brink_params(), st.floats(0.5, 1.0))
def test_brinkmanship_signal_is_a_mean_preserving_split(params, rho):
    """Outcome probabilities with a signal = prior-weighted sum of textbook games at the posteriors."""
    e = BRINK.solve(rho=rho, **params)[0]
    h = params["pi"]
    total = 0.0
    for lh, ls in ((rho, 1 - rho), (1 - rho, rho)):
        ps = h * lh + (1 - h) * ls
        if ps > 0:
            total += ps * BRINK.solve(**{**params, "pi": h * lh / ps}).escalation_probability
    assert e.escalation_probability == pytest.approx(total, abs=1e-9)
    assert BRINK.solve(rho=1.0, **params).escalation_probability == 0.0


@settings(max_examples=300, deadline=None)
@given(st.floats(-1, 0.95), st.floats(0.01, 2), st.floats(0.01, 2), unit, unit)
def test_perfect_deterrence_conflict_formula_and_bounds(s_ch, gap_S, gap_H, p_ch, p_def):
    e = PD.solve(s_ch=s_ch, d_S=s_ch - gap_S, d_H=s_ch + gap_H, p_ch=p_ch, p_def=p_def)[0]
    c_ch = (1 - s_ch) / (1 - (s_ch - gap_S))
    assert e.quantities["c_ch"] == pytest.approx(c_ch)
    assert p_ch * p_def - 1e-12 <= e.escalation_probability <= p_def + 1e-12
    if abs(p_def - c_ch) > 1e-9:
        expected = p_def * (p_ch + (1 - p_ch) * (p_def < c_ch))
        assert e.escalation_probability == pytest.approx(expected, abs=1e-12)
