"""The reproducers of issue 14, item 5: extreme in-domain values give the right answer or a
one-line ``ParameterError``, never zero equilibria, another exception or a ``RuntimeWarning``.

(The ``nash_equilibria`` reproducers, a 1e8 offset and matching pennies times 1e308, are in
``tests/unit/test_nash.py``; the ``crisis_signaling`` counts at c = 1e6 ... 1e9 in
``tests/unit/test_crisis_signaling.py``.)
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games import ParameterError
from deterrence_games.models.inspection import TIE_TOL
from deterrence_games.solvers.nash import nash_equilibria
from deterrence_games.warnings import DegenerateGameWarning

from .test_model_contract_fuzz import check_solution, solve_checked


def _solve(model_id, **point):
    m = dg.get_model(model_id)
    sol = solve_checked(m, point)
    check_solution(m, sol)
    return sol


def test_trust_building_threshold_rounding_to_one():
    """t_T just below 1 and c = 1e100: pi* = c / (1 + c - t_T) rounds to 1, but
    logit pi* = ln c - ln(1 - t_T) is exact, so m* is the finite number of steps it is."""
    t_T, c, pi0, lam = float(np.nextafter(1.0, 0.0)), 1e100, 0.3, 0.7
    sol = _solve("trust_building", c=c, t_T=t_T, pi0=pi0, lam=lam, horizon=50)
    gap = math.log(c) - math.log1p(-t_T) - math.log(pi0 / (1 - pi0))
    m_star = math.ceil(gap / math.log(lam / (1 - lam)))
    assert sol[0].quantities["m_star"] == m_star  # 350 steps: out of reach in 50 rounds
    assert sol[0].outcomes["cooperation"] == 0.0
    assert len(sol) == 2


def test_early_warning_depends_on_K_over_X_only():
    """The closed form at (K, X) = (1, 1) and at (1e300, 1e300) or subnormal (5e-324, 5e-324)."""
    base = _solve("early_warning", K=0.5, X=1.0, beta=0.9, phi=0.1)
    for s in (1e300, 5e-324):
        sol = _solve("early_warning", K=0.5 * s if s > 1 else s, X=s if s > 1 else 2 * s, beta=0.9, phi=0.1)
        assert [e.label for e in sol] == [e.label for e in base]
        np.testing.assert_allclose([e.escalation_probability for e in sol],
                                   [e.escalation_probability for e in base], rtol=1e-12)


def test_mediation_subnormal_theta_and_q():
    sol = _solve("mediation", q=0.0, p=0.5, theta=5e-324)
    assert sol[0].escalation_probability == 0.0
    _solve("mediation", q=5e-324, p=1.0, theta=float(np.nextafter(1.0, 0.0)))


def test_price_war_trigger_subnormal_noise():
    _solve("price_war_trigger", s=5e-324, T=1, beta=0.5, trigger="fixed", p_bar=0.3, horizon=1)
    _solve("price_war_trigger", s=0.08, T=5, firms=20, trigger="fixed", p_bar=5e-324, horizon=5)


def test_reassurance_subnormal_and_huge_payoffs():
    _solve("reassurance", version="continuous", c=5e-324, g_min=0.0, g_max=5e-324)
    _solve("reassurance", version="two_type", c=5e-324, g_S=0.0, g_G=1.0 + 2**-52, tau1=0.0, tau2=0.0,
           v_S=5e-324, v_G=5e-324, g_max=5e-324)


def test_public_information_beauty_contest_subnormal_precisions():
    """alpha = beta = 5e-324: the weight on public information is still alpha/(alpha + beta(1-r))."""
    sol = _solve("public_information", spec="beauty_contest", alpha=5e-324, beta=5e-324, r=0.5)
    assert sol[0].quantities["weight_public"] == pytest.approx(2 / 3)


def test_public_information_regime_change_far_public_signal():
    """y = 1e100 with alpha = beta = 1e-100 puts the bracket (L, L + k) of the threshold near
    L = -1e50, where L - 1 rounds to L: the grid is padded relative to |L| and finds the root."""
    sol = _solve("public_information", spec="regime_change", alpha=1e-100, beta=1e-100, y=1e100, c=0.5)
    assert len(sol) == 1 and sol[0].outcomes["regime_change"] == 0.0  # a public signal far above 1
    with pytest.raises(ParameterError, match="1e-100 <= beta <= 1e100") as e:
        dg.get_model("public_information").solve(spec="regime_change", alpha=1.0, beta=5e-324)
    assert "\n" not in str(e.value)


def test_public_information_three_thresholds_found_by_both_methods():
    """alpha/sqrt(beta) = 1e6: the three thresholds lie within a few units of 0 on a bracket
    1e6 wide; the grid holds the turning points -z0, z0, so the per-point solve finds all three,
    as the vectorized one does."""
    m = dg.get_model("public_information")
    point = dict(spec="regime_change", alpha=1e3, beta=1e-6, y=0.5, c=0.5)
    per = m.solve(**point)
    vec = dg.sweep(m, [point], vectorized=True)
    assert len(per) == 3 == len(vec)
    np.testing.assert_allclose(sorted(e.quantities["theta_star"] for e in per), np.sort(vec["theta_star"]),
                               rtol=1e-9, atol=1e-12)


def test_global_conflict_refuses_magnitudes_beyond_its_brackets():
    m = dg.get_model("global_conflict")
    with pytest.raises(ParameterError, match=r"1e-150 <= sigma <= 1e150") as e:
        m.solve(spec="private", sigma=5e-324)
    assert "\n" not in str(e.value)
    with pytest.raises(ParameterError, match=r"\|y\| <= 1e150"):
        m.solve(spec="public", y=1e300)
    _solve("global_conflict", spec="private", sigma=1e-150, theta=-241.0, W=0.0, b=0.0, c=1e-300)


def test_arms_race_talk_cutoff_next_to_a_subnormal_mu():
    """h(c) = mu + (d - mu) F(c) - c: h(c_lo) = mu = 5e-324 times h(next grid point) underflows to
    -0.0; the sign change is still seen, and the cutoff found."""
    _solve("arms_race_talk", mu=5e-324, d=1e-6, c_lo=0.0, c_hi=1.0, dist="beta_mixture", eps=0.85,
           beta_a=1e-6, beta_b=1e-6, talk=False)


def test_chain_store_discounting_without_equilibrium_is_refused_by_validate():
    """The point check_model found: validate() used to accept it and solve() then failed."""
    with pytest.raises(ParameterError, match="`delta`") as e:
        dg.get_model("chain_store").validate(n_markets=10, a=3.45, b=0.0037, prior=0.857, delta=0.035)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize("model_id, point", [
    ("chain_store", dict(b=5e-324, a=1e308)),  # a < 1e300: refused
    ("chain_store", dict(b=5e-324, a=1e299)),
    ("inspection_roc", dict(D=1e300, d=1e300)),
    ("crisis_bargaining", dict(c_B_low=0.0, c_B_high=1e300)),
])
def test_issue_reproducers_answer_or_refuse(model_id, point):
    m = dg.get_model(model_id)
    try:
        sol = solve_checked(m, point)
    except ParameterError as exc:
        assert "\n" not in str(exc)
    else:
        check_solution(m, sol)


def _inspection_closed_form(point):
    """``(r*, q*)`` of :meth:`Inspection.closed_form` at a point given by parameter name."""
    m = dg.get_model("inspection")
    p = m.validate(**point)
    return m.closed_form(*(p[n] for n in m.parameter_names))


def test_nash_label_ties_above_the_certificate_tolerance_still_give_an_equilibrium():
    """inspection at alpha = 0.996, beta = 0, d = e = a = 1e-6, k = 7.2 and payoffs near 1e3:
    the 1e-6 payoff differences are ties at nash_equilibria's label tolerance (1e-9 of the range)
    but not at its certificate's, so every enumerated profile failed its certificate and it
    found no equilibrium; it now enumerates again with ties at rounding level and finds the
    closed form's. The model's solve (ties at 1e-12 of the largest payoff) returns exactly the
    closed form's interior equilibrium, as the vectorized form does."""
    pt = dict(h=419.11033546548316, c=807.5703784072516, b=944.8725450237898, e=1e-06, false_alarm=0.9961212704368241,
              d=1e-06, non_detection=0.0, k=7.2, a=1e-06)
    m = dg.get_model("inspection")
    r, q = _inspection_closed_form(pt)
    assert 0 < r < 1 and 0 < q < 1
    with pytest.warns(UserWarning):
        ref = nash_equilibria(m.game(**pt))
    assert ref.options["label_tol"] == pytest.approx(1e-12)
    assert any(np.isclose(y[0], r, rtol=1e-6) and np.isclose(x[1], q, rtol=1e-6) for x, y in ref)
    sol = _solve("inspection", **pt)
    (eq,) = sol.equilibria
    np.testing.assert_allclose([eq.quantities["inspection_probability"], eq.quantities["violation_probability"]],
                               [r, q], rtol=1e-12)
    vec = dg.sweep(m, [pt], vectorized=True)
    assert vec["escalation_probability"].tolist() == [eq.escalation_probability]


@pytest.mark.parametrize("point", [
    # a payoff difference (d = 1e-6 against payoffs near 1e3) between the former two tolerances:
    # solve kept a 1e-9-equilibrium (escalation 0) next to the exact one (1.06e-8)
    dict(false_alarm=0.599, non_detection=6.5e-252, d=1e-6, e=1e-6, a=210.0, b=592.0, c=984.0, h=839.0, k=666.0),
    # c = 1e9: k + e alpha = 0.55 is 5.5e-10 of the inspector's range; solve listed a continuum
    # [0.0127, 0.05] where the game has one equilibrium
    dict(c=1e9),
])
def test_inspection_solve_and_sweep_decide_ties_by_one_rule(point):
    """Both paths of inspection decide a payoff tie by the rule stated in solver_options
    (``tie_tol``, relative to the player's largest payoff): at these points no difference is a
    tie, the closed form's (r*, q*) lies in (0, 1), and solve, the vectorized sweep and the
    per-point sweep all return that one equilibrium, without a warning."""
    m = dg.get_model("inspection")
    r, q = _inspection_closed_form(point)
    assert 0 < r < 1 and 0 < q < 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sol = _solve("inspection", **point)
    (eq,) = sol.equilibria
    assert eq.label == "mixed" and sol.warnings == ()
    # the violation probability is 1 - P(legal): its error is absolute, at rounding level
    np.testing.assert_allclose([eq.quantities["inspection_probability"], eq.quantities["violation_probability"]],
                               [r, q], rtol=1e-12, atol=1e-15)
    p = m.validate(**point)
    alarm = r * ((1 - q) * p["false_alarm"] + q * (1 - p["non_detection"]))
    assert eq.escalation_probability == pytest.approx(alarm, rel=1e-12)
    assert sol.solver_options == {"tie_tol": TIE_TOL} == {"tie_tol": 1e-12}
    for vectorized in (True, False):
        t = dg.sweep(m, [point], vectorized=vectorized)
        assert t["escalation_probability"].tolist() == [eq.escalation_probability]
        assert t.attrs["provenance"]["solver_options"] == {"tie_tol": 1e-12}


def test_inspection_tie_inside_the_tolerance_is_stated():
    """With d = 1e-11 against payoffs near 500 (2e-14 of the largest), the inspectee's gain from
    violating when not inspected is a tie at ``tie_tol``: (Legal, Not) is then an equilibrium
    at that tolerance, next to (p*, Not), the ends of a continuum. Both paths return the same
    equilibria, each certified to ``2 tie_tol``, and solve says which tolerance decided."""
    m = dg.get_model("inspection")
    point = dict(d=1e-11, b=500.0, h=300.0, c=900.0, a=100.0, e=1.0, k=50.0, false_alarm=0.3, non_detection=0.1)
    with pytest.warns(DegenerateGameWarning):
        sol = m.solve(**point)
    assert [e.label for e in sol] == ["mixed", "pure"] and [e.quantities["inspection_probability"] for e in sol] == [0, 0]
    assert any("tie at the tolerance 1e-12" in w and "continuum" in w for w in sol.warnings)
    A, B = m.payoff_matrices(*(m.validate(**point)[n] for n in m.parameter_names))
    for eq in sol:
        assert eq.certificate["max_regret"] <= 2e-12 * max(np.abs(A).max(), np.abs(B).max())
    vec = dg.sweep(m, [point], vectorized=True)
    assert sorted(vec["escalation_probability"]) == sorted(e.escalation_probability for e in sol)


def test_crisis_bargaining_costs_near_the_square_root_of_the_float_range():
    """c_B ~ 1.34e154 (found by ``make fuzz``): B's expected war payoff squared the cost bounds
    (hi**2 overflowed); it is now factored, (hi - lo)(hi/2 + lo/2), and finite."""
    sol = _solve("crisis_bargaining", p=0.0, c_A=0.0, c_B_low=1.3407807929942597e154, c_B_high=1.34078079299426e154)
    (eq,) = sol.equilibria
    assert np.isfinite([eq.quantities["eu_A"], eq.quantities["eu_B"]]).all()


@pytest.mark.long  # 100-190 CPU-seconds: exact rationals of b**100 with b = 5e-324
def test_chain_store_subnormal_b_over_100_markets():
    """Found by ``make fuzz``: ``solve`` raised ValueError (int-to-str conversion limit) in the
    exact thresholds' to_dict; such fractions are now written in hexadecimal, still exact."""
    for delta in (1.0, 0.9999999999999999):
        try:
            _solve("chain_store", n_markets=100, a=1.0000000000000002, b=5e-324, prior=0.0, delta=delta)
        except ParameterError as exc:
            assert "\n" not in str(exc)


@pytest.mark.parametrize("delta", [5e-324, 0.5])
def test_noisy_security_dilemma_optimal_pause_floating_point_errors(delta):
    """Found by ``make fuzz`` (floating-point errors raised): R = 0, S = -2, T_hat = 1,
    P = -1, perfect monitoring (specificity 1, non_detection 0), pause "optimal"."""
    _solve("noisy_security_dilemma", R=0.0, S=-2.0, T_hat=1.0, P=-1.0, specificity=1.0, non_detection=0.0,
           delta=delta, pause="optimal", T=1, horizon=1)


def test_global_conflict_exit_subnormal_noise():
    """Found by ``make fuzz`` (floating-point errors raised)."""
    try:
        _solve("global_conflict", variant="exit", theta=0.0, b=0.0, c=1.0, W=0.0, sigma=5e-324, c_public=0.0,
               alpha=5e-324, beta=5e-324, y=0.0, peace_mean=0.0, peace_sd=1.0, delta=5e-324,
               exit_information="strategic", upper_dominance=True)
    except ParameterError as exc:
        assert "\n" not in str(exc)


def test_global_conflict_exit_complete_information_extreme_values():
    """Found by the fuzz campaign: ``solve`` returned zero equilibria (the grid's sign-change test
    multiplied 5e-324 by -0.47, which underflows to -0); the root V = peace_mean is found now."""
    try:
        _solve("global_conflict", variant="exit", theta=1e-12, b=0.9999999999999999, c=5e-324, W=-945.2416519900027,
               sigma=1.1125369292536007e-308, c_public=-43.01864849158915, alpha=1e-12, beta=3.955493964104481e299,
               y=5.864378847953074e16, peace_mean=5e-324, peace_sd=1.000000000000001, delta=0.0,
               exit_information="complete", upper_dominance=True)
    except ParameterError as exc:
        assert "\n" not in str(exc)


def test_huge_exact_fractions_are_written_exactly_in_hexadecimal():
    """The fast half of the chain_store reproducer: a threshold b**100 of b = 5e-324 has a
    32,000-digit denominator; to_dict's text for it parses back to the same fraction."""
    from fractions import Fraction

    from deterrence_games.solvers.reputation import _fraction_text

    b = Fraction(5e-324)
    x = b**100
    text = _fraction_text(x)
    num, den = text.split("/")
    assert num.startswith("0x") and Fraction(int(num, 16), int(den, 16)) == x
    assert _fraction_text(Fraction(3, 7)) == "3/7"


def test_global_conflict_exit_tiny_peace_sd_and_public_edge_root():
    """Found by rerunning ``make fuzz`` after the fixes above: a peace-flow s.d. of 4e-145 squared
    the cutoff z into an overflow (the density term now clips z where exp(-z^2/2) is 0 anyway);
    alpha/beta = 3.5e13 put the public threshold at the window's edge, lost to rounding
    (the window is now padded relative to its size)."""
    sol = _solve("global_conflict", variant="exit", b=0.0, c=1.0, W=0.0, peace_mean=5439851695.0,
                 peace_sd=4.057226745597815e-145, delta=0.0, exit_information="complete")
    assert [e.quantities["value"] for e in sol] == [5439851695.0]
    sol = _solve("global_conflict", variant="public", b=0.0, c_public=256.7109375, alpha=35184338470657.0,
                 beta=0.9999999999999999, y=0.0)
    assert len(sol) >= 1
