"""Mechanism-design LP (solvers/mechanism.py) against HMS closed forms (the worked cases)."""

import numpy as np
import pytest

from deterrence_games._validation import ParameterError
from deterrence_games.models.mediation import mediation_closed_form, mediation_lp, mediator_plan
from deterrence_games.solvers.mechanism import (
    MechanismResult,
    MediationCheck,
    check_mediation,
    mediation_mechanism,
    recommendation_mechanism,
)


def q_b(p, th):
    return (2 * p * th - 1) / (2 * p * th - 2 * th + 1)


def q_bar(p, th):
    return (p - 1 / (2 * th)) / (p - 0.5)


@pytest.mark.parametrize("q,conf,pub", [(0.3, 0.2378, 0.2378), (0.5, 0.1429, 0.2059),
                                        (0.6, 0.0, 0.2471), (0.8, 0.0, 0.3294)])
def test_worked_table_p_theta_08(q, conf, pub):
    assert mediation_lp(q, 0.8, 0.8, public=False).breakdown_probability == pytest.approx(conf, abs=5e-5)
    assert mediation_lp(q, 0.8, 0.8, public=True).breakdown_probability == pytest.approx(pub, abs=5e-5)


def test_worked_regime_details():
    assert q_bar(0.8, 0.8) == pytest.approx(0.5833, abs=5e-5)
    assert q_b(0.8, 0.8) == pytest.approx(0.41176, abs=5e-6)
    cf = mediation_closed_form(np.array([0.3, 0.5]), 0.8, 0.8)
    assert cf["w_HL"][0] == pytest.approx(0.3519, abs=5e-5)
    assert cf["w_HH"][1] == pytest.approx(0.5714, abs=5e-5)
    assert cf["share_H_vs_L"][1] == pytest.approx(0.5971, abs=5e-5)


@pytest.mark.parametrize("p,th", [(0.8, 0.8), (0.7, 0.9), (0.9, 0.7), (0.75, 0.95)])
def test_closed_form_matches_lp_across_regimes(p, th):
    qs = np.linspace(0.0, 1.0, 41)
    cf = mediation_closed_form(qs, p, th)
    lp = np.array([mediation_lp(q, p, th, public=False).breakdown_probability for q in qs])
    np.testing.assert_allclose(cf["war"], lp, atol=1e-9)


@pytest.mark.parametrize("p,th", [(0.8, 0.8), (0.7, 0.9), (0.75, 0.95)])
def test_strictly_better_iff_q_above_q_b(p, th):
    """corrected case: strictly better iff q > q_b (holds where theta (p + 1/2) >= 1, see below)."""
    assert th * (p + 0.5) >= 1
    qb = q_b(p, th)
    for q in np.linspace(0.02, 0.98, 25):
        conf = mediation_lp(q, p, th, public=False).breakdown_probability
        pub = mediation_lp(q, p, th, public=True).breakdown_probability
        assert conf <= pub + 1e-9
        if q > qb + 1e-6:
            assert pub > conf + 1e-7, q
        elif q < qb - 1e-6:
            assert pub == pytest.approx(conf, abs=1e-9), q


@pytest.mark.parametrize("p,th", [(0.9, 0.7), (0.95, 0.6)])
def test_public_strictly_worse_below_q_b_when_theta_p_half_below_one(p, th):
    """Finding beyond the worked cases: with theta (p + 1/2) < 1 the public benchmark is strictly
    worse also for q <= q_b. In regime 2 the weak type's peaceful share against H is
    1 - p theta > theta / 2, so a strong type who claims to be weak keeps that share against H
    and rejects (fights) against L; this lie-then-reject deviation beats truth-telling at the
    confidential optimum, so the public LP must pay the strong type more."""
    assert th * (p + 0.5) < 1
    for q in np.linspace(0.05, q_b(p, th), 5):
        conf = mediation_lp(q, p, th, public=False)
        pub = mediation_lp(q, p, th, public=True).breakdown_probability
        assert pub > conf.breakdown_probability + 1e-7
        cf = mediation_closed_form(np.array([q]), p, th)
        assert conf.breakdown_probability == pytest.approx(cf["war"][0], abs=1e-9)
        # the deviation that breaks the confidential optimum under public reports
        V_H = th * (q / 2 + (1 - q) * p)
        w = cf["w_HL"][0]  # (L, H) profile: war w, else the weak type's share 1 - p theta
        lie_then_reject = q * ((1 - w) * (1 - p * th) + w * th / 2) + (1 - q) * p * th
        assert lie_then_reject > V_H


def test_regime_boundary_at_q_b():
    p = th = 0.8
    qb = q_b(p, th)
    cf = mediation_closed_form(np.array([qb - 1e-9, qb, qb + 1e-9]), p, th)
    np.testing.assert_allclose(cf["war"], cf["war"][1], atol=1e-7)  # continuous at q_b
    assert cf["w_HH"][1] == pytest.approx(1.0) and cf["w_HL"][1] == pytest.approx(0.0, abs=1e-9)


def test_peace_for_every_q_when_p_theta_at_most_half():
    for q in np.linspace(0, 1, 11):
        assert mediation_lp(q, 0.6, 0.8, public=False).breakdown_probability == pytest.approx(0, abs=1e-12)
        assert mediation_closed_form(np.array([q]), 0.6, 0.8)["war"][0] == 0.0


def test_lp_solution_satisfies_every_constraint_independently():
    """Recheck the public mechanism by enumerating deviations with explicit max terms."""
    q, p, th = 0.5, 0.8, 0.8
    r = mediation_lp(q, p, th, public=True)
    win = np.array([[0.5, p], [1 - p, 0.5]])
    w, s = np.asarray(r.breakdown), np.nan_to_num(np.asarray(r.share))
    prior = np.array([q, 1 - q])
    for t in range(2):  # player 1, true type t
        truth = sum(prior[j] * ((1 - w[t, j]) * s[t, j] + w[t, j] * th * win[t, j]) for j in range(2))
        assert truth >= prior @ (th * win[t]) - 1e-9  # interim IR
        for r_ in range(2):
            dev = sum(prior[j] * max((1 - w[r_, j]) * s[r_, j] + w[r_, j] * th * win[t, j], th * win[t, j])
                      for j in range(2))
            assert truth >= dev - 1e-9
    peace = w < 1 - 1e-9
    assert np.all((s >= th * win - 1e-9)[peace])              # ex-post IR, player 1
    assert np.all((1 - s >= th * win.T - 1e-9)[peace])        # ex-post IR, player 2


def test_asymmetric_priors_and_three_types_run_and_certify():
    rng = np.random.default_rng(3)
    q1, q2 = rng.dirichlet(np.ones(3)), rng.dirichlet(np.ones(3))
    V1 = rng.uniform(0.1, 0.6, (3, 3))
    V2 = rng.uniform(0.1, 0.6, (3, 3))
    for conf in (True, False):
        r = recommendation_mechanism((q1, q2), (V1, V2), confidential=conf)
        assert isinstance(r, MechanismResult)
        assert r.min_ic_slack >= -1e-9 and r.min_ir_slack >= -1e-9
        assert 0 <= r.breakdown_probability <= 1
    assert (recommendation_mechanism((q1, q2), (V1, V2), confidential=True).breakdown_probability
            <= recommendation_mechanism((q1, q2), (V1, V2), confidential=False).breakdown_probability + 1e-9)


def test_result_contract():
    r = mediation_lp(0.5, 0.8, 0.8, public=False)
    with pytest.raises(ValueError):
        r.breakdown[0, 0] = 0.3
    assert r == mediation_lp(0.5, 0.8, 0.8, public=False)
    assert len(r.to_frame()) == 4 and r.to_dict()["confidential"] is True
    assert "confidential" in repr(r) and "<pre>" in r._repr_html_()


def test_bad_input():
    V = np.full((2, 2), 0.4)
    with pytest.raises(ParameterError, match=r"`type_priors\[0\]`"):
        recommendation_mechanism(([0.5, 0.6], [0.5, 0.5]), (V, V))
    with pytest.raises(ParameterError, match=r"`breakdown_payoffs\[1\]`"):
        recommendation_mechanism(([0.5, 0.5], [0.5, 0.5]), (V, np.ones((3, 2))))
    with pytest.raises(ParameterError, match="`type_priors`"):
        recommendation_mechanism(([1.0],), (V,))
    with pytest.raises(TypeError, match="`confidential`"):
        recommendation_mechanism(([0.5, 0.5], [0.5, 0.5]), (V, V), confidential="yes")
    with pytest.raises(ParameterError, match="`types`"):
        recommendation_mechanism(([0.5, 0.5], [0.5, 0.5]), (V, V), types=(("H",), ("H", "L")))


# --- mediation (unenforceable recommendations) ---------------------------------------------



def _check(q, p, th, pool=True):
    win = np.array([[0.5, p], [1 - p, 0.5]])
    return check_mediation(([q, 1 - q], [q, 1 - q]), (th * win, th * win.T),
                           mediator_plan(q, p, th, pool=pool), types=(("H", "L"), ("H", "L")))


def test_worked_mediator_plan_at_q_half():
    plan = mediator_plan(0.5, 0.8, 0.8)
    r = sum(pr for pr, s in plan[(0, 1)] if s == 0.5)
    assert r == pytest.approx(0.306, abs=5e-4)  # the worked cases
    c = _check(0.5, 0.8, 0.8)
    assert isinstance(c, MediationCheck)
    assert c.min_slack >= -1e-12
    assert c.breakdown_probability == pytest.approx(1 / 7)


@pytest.mark.parametrize("p,th", [(0.8, 0.8), (0.7, 0.9), (0.75, 0.95)])
def test_mediation_attains_arbitration_value_hms_theorem(p, th):
    """HMS (2015) Theorem 1, checked for the pooled plan where theta (p + 1/2) >= 1."""
    for q in np.linspace(0.02, 0.98, 25):
        c = _check(q, p, th)
        assert c.min_slack >= -1e-12, q
        assert c.breakdown_probability == pytest.approx(
            mediation_lp(q, p, th, public=False).breakdown_probability, abs=1e-9)


def test_revealing_the_weak_type_breaks_obedience_in_regime_1():
    """Without pooling the equal split, a strong state told 's' knows its opponent is weak and
    rejects s < p theta (the confidentiality mechanism of HMS's abstract)."""
    p = th = 0.8
    for q in np.linspace(q_b(p, th) + 0.01, q_bar(p, th) - 0.01, 5):
        assert _check(q, p, th, pool=False).min_slack < -1e-4
        assert _check(q, p, th, pool=True).min_slack >= -1e-12


def test_pooled_plan_fails_where_theta_p_half_below_one():
    """Limitation reported in the README: the simple pooled plan is not obeyed there."""
    assert _check(0.2, 0.9, 0.7).min_slack < -1e-4


def test_check_mediation_bad_input():
    V = np.full((2, 2), 0.4)
    good = {(0, 0): [(1.0, 0.5)], (0, 1): [(1.0, 0.5)], (1, 0): [(1.0, 0.5)], (1, 1): [(1.0, 0.5)]}
    assert check_mediation(([0.5, 0.5], [0.5, 0.5]), (V, V), good).min_slack == pytest.approx(0.0, abs=1e-15)
    with pytest.raises(ParameterError, match="`plan`"):
        check_mediation(([0.5, 0.5], [0.5, 0.5]), (V, V), {**good, (0, 1): [(0.5, 0.5)]})
    with pytest.raises(ParameterError, match="`plan`"):
        check_mediation(([0.5, 0.5], [0.5, 0.5]), (V, V), {k: v for k, v in good.items() if k != (1, 1)})
    with pytest.raises(ParameterError, match="`plan`"):
        check_mediation(([0.5, 0.5], [0.5, 0.5]), (V, V), {**good, (0, 0): [(1.0, 1.5)]})
    with pytest.raises(TypeError, match="`plan`"):
        check_mediation(([0.5, 0.5], [0.5, 0.5]), (V, V), [good])




def _menu(p, th):
    return np.unique(np.r_[np.linspace(0, 1, 41), 0.5, p * th, 1 - p * th])


@pytest.mark.parametrize("p,th", [(0.8, 0.8), (0.9, 0.7), (0.95, 0.6), (0.7, 0.9)])
def test_mediation_lp_attains_arbitration_value_and_its_plan_is_obeyed(p, th):
    """HMS (2015) Theorem 1 on a grid of q, including theta (p + 1/2) < 1 where the simple pooled
    plan fails; the LP's plan is re-verified by the independent obedience check."""
    win = np.array([[0.5, p], [1 - p, 0.5]])
    xs = _menu(p, th)
    for q in np.linspace(0.05, 0.95, 7):
        m = mediation_mechanism(([q, 1 - q], [q, 1 - q]), (th * win, th * win.T), xs)
        arb = mediation_lp(q, p, th, public=False).breakdown_probability
        assert m.breakdown_probability == pytest.approx(arb, abs=1e-8), q
        pi = np.array(m.options["recommendation_probabilities"])
        plan = {(i, j): [(float(pi[i, j, k]), float(xs[k])) for k in range(xs.size)] + [(float(pi[i, j, -1]), None)]
                for i in range(2) for j in range(2)}
        plan = {key: [(pr / sum(x for x, _ in v), s) for pr, s in v] for key, v in plan.items()}
        c = check_mediation(([q, 1 - q], [q, 1 - q]), (th * win, th * win.T), plan, decimals=9)
        assert c.min_slack >= -1e-8, q


def test_mediation_lp_bad_shares():
    V = np.full((2, 2), 0.4)
    with pytest.raises(ParameterError, match="`shares`"):
        mediation_mechanism(([0.5, 0.5], [0.5, 0.5]), (V, V), [0.5, 1.5])
    with pytest.raises(ParameterError, match="`shares`"):
        mediation_mechanism(([0.5, 0.5], [0.5, 0.5]), (V, V), [])
