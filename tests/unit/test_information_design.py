"""Information design LPs: Kamenica-Gentzkow prosecutor, Fearon two-type design."""

import numpy as np
import pytest

from deterrence_games._validation import ParameterError
from deterrence_games.games.information import (
    InformationStructure,
    binary_signal,
    fully_informative,
    uninformative,
)
from deterrence_games.solvers.information_design import (
    InformationDesignResult,
    blackwell_compare,
    experiment_value,
    optimal_experiment,
)

# Fearon (1995) two-type bargaining, the worked cases: c_L=0.05, c_H=0.25, c_A=0.1, p=0.5.
C_L, C_H, C_A, P = 0.05, 0.25, 0.1, 0.5
PI_STAR = (C_H - C_L) / (C_H + C_A)  # 0.5714...
# states (tough, soft); A's actions (safe demand p+c_L, gamble demand p+c_H)
U_FEARON = np.array([[P + C_L, P - C_A], [P + C_L, P + C_H]])
WAR = np.array([[0.0, 1.0], [0.0, 0.0]])  # war iff A gambles against a tough B


def war_of_belief(mu):
    """Fearon two-type war probability at belief mu = (P(tough), P(soft)); ties safe."""
    return mu[0] * float(mu[0] < PI_STAR)


def fearon_design(pi, **kw):
    return optimal_experiment([pi, 1 - pi], receiver_payoffs=U_FEARON, designer_values=WAR,
                              states=("tough", "soft"), actions=("safe", "gamble"), **kw)


# --- textbook persuasion: Kamenica and Gentzkow (2011) prosecutor -------------------------

def prosecutor(**kw):
    # states (innocent, guilty), prior guilt 0.3; judge convicts iff P(guilty) >= 1/2
    return optimal_experiment([0.7, 0.3], receiver_payoffs=[[1, 0], [0, 1]],
                              designer_values=[[0, 1], [0, 1]], sense="max",
                              states=("innocent", "guilty"), actions=("acquit", "convict"), **kw)


def test_prosecutor_obedience_lp_conviction_probability():
    r = prosecutor()
    assert isinstance(r, InformationDesignResult)
    assert r.value == pytest.approx(0.6, abs=1e-12)
    assert r.value_no_information == 0.0
    assert r.value_full_information == pytest.approx(0.3)
    i = r.actions.index("convict")
    # guilty always gets the conviction signal; innocent with probability 3/7
    assert r.experiment.likelihood[1, i] == pytest.approx(1.0)
    assert r.experiment.likelihood[0, i] == pytest.approx(3 / 7)
    assert r.posteriors[i, 1] == pytest.approx(0.5)


def test_prosecutor_concavification_matches_obedience():
    r = optimal_experiment([0.7, 0.3], lambda mu: float(mu[1] >= 0.5), sense="max",
                           breakpoints=[0.5])
    assert r.value == pytest.approx(0.6, abs=1e-12)
    assert sorted(np.round(r.posteriors[:, 1], 12)) == [0.0, 0.5]


# --- Fearon two-type: war driven to 0 for every prior ------------------------------------

@pytest.mark.parametrize("pi", [0.01, 0.1, 0.3, 0.5, 0.57, 0.6, 0.9, 0.99])
def test_fearon_optimal_design_gives_peace_for_every_prior(pi):
    r = fearon_design(pi)
    assert r.value == pytest.approx(0.0, abs=1e-12)
    assert r.value_no_information == pytest.approx(pi * (pi < PI_STAR))
    # Bayes plausibility
    np.testing.assert_allclose(r.signal_probabilities @ r.posteriors, [pi, 1 - pi], atol=1e-12)
    # the second method agrees
    r2 = optimal_experiment([pi, 1 - pi], war_of_belief, breakpoints=[1 - PI_STAR])
    assert r2.value == pytest.approx(0.0, abs=1e-12)


def test_fearon_minimal_disclosure_experiment_worked_1f():
    pi = 0.3
    q = pi * (1 - PI_STAR) / ((1 - pi) * PI_STAR)
    assert q == pytest.approx(0.3214, abs=5e-5)
    for r in (fearon_design(pi),
              optimal_experiment([pi, 1 - pi], war_of_belief, breakpoints=[1 - PI_STAR],
                                 states=("tough", "soft"))):
        L = r.experiment.likelihood
        pooled = int(np.argmax(L[0]))  # the signal tough types send
        assert L[0, pooled] == pytest.approx(1.0, abs=1e-12)
        assert L[1, pooled] == pytest.approx(q, abs=1e-9)
        # knife-edge: the pooled posterior equals pi* (ties go to the safe demand)
        assert r.posteriors[pooled, 0] == pytest.approx(PI_STAR, abs=1e-9)
        assert r.value == pytest.approx(0.0, abs=1e-12)


def test_fearon_given_experiment_values_worked_1e_1f():
    for pi, rho, war in [(0.6, 0.5, 0.0), (0.6, 0.53, 0.282), (0.6, 0.75, 0.15), (0.6, 0.9, 0.06),
                         (0.6, 1.0, 0.0), (0.3, 0.75, 0.30), (0.3, 0.9, 0.03)]:
        e = binary_signal(rho, states=("tough", "soft"))
        r = experiment_value(e, [pi, 1 - pi], receiver_payoffs=U_FEARON, designer_values=WAR,
                             actions=("safe", "gamble"))
        assert r.value == pytest.approx(war, abs=5e-4), (pi, rho)
        r2 = experiment_value(e, [pi, 1 - pi], war_of_belief)
        assert r2.value == pytest.approx(r.value, abs=1e-12)


def test_minimal_disclosure_design_via_given_experiment_is_peaceful_with_safe_tie():
    pi = 0.3
    q = pi * (1 - PI_STAR) / ((1 - pi) * PI_STAR)
    e = InformationStructure([[1.0, 0.0], [q, 1 - q]], ("tough", "soft"))
    r = experiment_value(e, [pi, 1 - pi], receiver_payoffs=U_FEARON, designer_values=WAR,
                         actions=("safe", "gamble"))
    assert r.value == pytest.approx(0.0, abs=1e-12)
    # slightly less pooling gives strict incentives and still peace
    e2 = InformationStructure([[1.0, 0.0], [q - 1e-6, 1 - q + 1e-6]], ("tough", "soft"))
    assert experiment_value(e2, [pi, 1 - pi], war_of_belief).value == 0.0
    # slightly more pooling pushes the posterior below pi*: A gambles on the pooled signal
    e3 = InformationStructure([[1.0, 0.0], [q + 1e-6, 1 - q - 1e-6]], ("tough", "soft"))
    assert experiment_value(e3, [pi, 1 - pi], war_of_belief).value == pytest.approx(pi)


def test_optimum_beats_every_random_experiment():
    rng = np.random.default_rng(7)
    for pi in (0.2, 0.45, 0.7):
        best = fearon_design(pi, least_informative=False).value
        worst = fearon_design(pi, sense="max").value
        for _ in range(200):
            L = rng.dirichlet(np.ones(3), size=2)
            v = experiment_value(InformationStructure(L), [pi, 1 - pi], war_of_belief).value
            assert best - 1e-12 <= v <= worst + 1e-12


def test_maximising_war_gives_concave_envelope():
    # the concave envelope of mu*1[mu<pi*] at pi is pi for pi < pi* and pi*(1-pi)/(1-pi*) above
    for pi in (0.2, 0.7):
        r = fearon_design(pi, sense="max")
        env = pi if pi < PI_STAR else PI_STAR * (1 - pi) / (1 - PI_STAR)
        assert r.value == pytest.approx(env, abs=1e-9)
        r2 = optimal_experiment([pi, 1 - pi], war_of_belief, sense="max", breakpoints=[1 - PI_STAR])
        # the supremum is approached, not attained, at the jump: grid gives a lower bound
        assert r2.value <= env + 1e-12 and r2.value >= env - 2e-3


def test_three_state_grid_matches_obedience_lp():
    prior = np.array([0.2, 0.5, 0.3])
    u = np.array([[1.0, 0.0, 0.2], [0.0, 1.0, 0.2], [0.3, 0.3, 1.0]])
    v = np.array([[0.0, 1.0, 0.5], [0.0, 1.0, 0.5], [0.0, 1.0, 0.5]])
    r = optimal_experiment(prior, receiver_payoffs=u, designer_values=v, sense="max")

    def val(mu):
        eu = mu @ u
        best = np.flatnonzero(eu >= eu.max() - 1e-12)
        return float(max((mu @ v)[best]))

    r2 = optimal_experiment(prior, val, sense="max", grid=60)
    assert r2.value <= r.value + 1e-9
    assert r2.value == pytest.approx(r.value, abs=2e-2)


def test_blackwell_compare():
    full, none = fully_informative(2), uninformative(2)
    assert blackwell_compare(full, none).relation == "first more informative"
    assert blackwell_compare(none, full).relation == "second more informative"
    assert blackwell_compare(binary_signal(0.9), binary_signal(0.7)).relation == "first more informative"
    assert blackwell_compare(binary_signal(0.8), binary_signal(0.2)).relation == "equivalent"
    a = InformationStructure([[1.0, 0.0], [0.5, 0.5]])
    b = InformationStructure([[0.5, 0.5], [0.0, 1.0]])
    assert blackwell_compare(a, b).relation == "incomparable"


def test_blackwell_more_informative_can_raise_war_worked_1e():
    """A Blackwell-better signal raises war (rho 0.5 -> 0.53 at pi=0.6)."""
    e_lo, e_hi = binary_signal(0.5), binary_signal(0.53)
    assert blackwell_compare(e_hi, e_lo).first_dominates
    w_lo = experiment_value(e_lo, [0.6, 0.4], war_of_belief).value
    w_hi = experiment_value(e_hi, [0.6, 0.4], war_of_belief).value
    assert w_lo == 0.0 and w_hi == pytest.approx(0.282, abs=5e-4)


def test_result_object_contract():
    r = fearon_design(0.3)
    with pytest.raises(ValueError):
        r.posteriors[0, 0] = 1.0
    with pytest.raises(AttributeError):
        r.value = 3.0  # type: ignore[misc]
    assert r == fearon_design(0.3)
    df = r.to_frame()
    assert list(df["action"]) == list(r.actions)
    d = r.to_dict()
    assert d["value"] == r.value and d["method"] == "obedience LP"
    assert "InformationDesignResult" in repr(r) and "<pre>" in r._repr_html_()
    assert r.value_of_design == pytest.approx(0.3)


def test_bad_input():
    with pytest.raises(ParameterError, match="`prior`"):
        optimal_experiment([0.5, 0.6], war_of_belief)
    with pytest.raises(ParameterError, match="`sense`"):
        optimal_experiment([0.5, 0.5], war_of_belief, sense="best")
    with pytest.raises(ParameterError, match="`receiver_payoffs`"):
        optimal_experiment([0.5, 0.5], receiver_payoffs=[[1, 0]], designer_values=[[1, 0]])
    with pytest.raises(ParameterError, match="`designer_values`"):
        optimal_experiment([0.5, 0.5], receiver_payoffs=U_FEARON, designer_values=[[1, 0, 0], [0, 1, 0]])
    with pytest.raises(ParameterError, match="`breakpoints`"):
        optimal_experiment([0.5, 0.5], war_of_belief, breakpoints=[1.5])
    with pytest.raises(ParameterError, match="`grid`"):
        optimal_experiment([0.5, 0.5], war_of_belief, grid=1)
    with pytest.raises(TypeError, match="designer_values"):
        optimal_experiment([0.5, 0.5], receiver_payoffs=U_FEARON)
    with pytest.raises(TypeError):
        optimal_experiment([0.5, 0.5])
    with pytest.raises(TypeError):
        optimal_experiment([0.5, 0.5], war_of_belief, receiver_payoffs=U_FEARON, designer_values=WAR)
    with pytest.raises(TypeError, match="`experiment`"):
        experiment_value([[1, 0], [0, 1]], [0.5, 0.5], war_of_belief)
    with pytest.raises(ParameterError, match="`prior`"):
        experiment_value(binary_signal(0.7), [0.2, 0.3, 0.5], war_of_belief)
    with pytest.raises(TypeError, match="`second`"):
        blackwell_compare(binary_signal(0.7), np.eye(2))


def test_concavification_reports_grid_posteriors_on_a_jump():
    """Regression (found by the property test): a posterior on the jump of v must not be
    recomputed by Bayes' rule and lose the jump by one ulp."""
    r = optimal_experiment([0.5, 0.5], lambda mu: 1.0 if mu[1] >= 0.625 else 0.25, sense="max",
                           breakpoints=[0.625])
    assert r.value == pytest.approx(0.85, abs=1e-12)
    assert sorted(r.posteriors[:, 1]) == [0.0, 0.625]


def test_design_on_a_registered_model_value_function():
    """The tool on a model's escalation-as-a-function-of-belief (crisis_bargaining_signal)."""
    import deterrence_games as dg

    cbs = dg.get_model("crisis_bargaining_signal")

    def esc(mu):  # rho = 1/2: the model's war probability at prior (= belief) mu[0]
        return cbs.solve(pi=float(mu[0]), rho=0.5).select("min").escalation_probability

    r = optimal_experiment([0.3, 0.7], esc, grid=200, breakpoints=[1 - PI_STAR], states=("tough", "soft"))
    assert r.value == pytest.approx(0.0, abs=1e-12)
    assert max(r.posteriors[:, 0]) == pytest.approx(PI_STAR, abs=1e-9)
    # a given public signal: the design tool and the model agree
    for pi, rho in [(0.6, 0.53), (0.6, 0.75), (0.3, 0.9)]:
        v = experiment_value(binary_signal(rho), [pi, 1 - pi], war_of_belief).value
        assert v == pytest.approx(cbs.solve(pi=pi, rho=rho).select("min").escalation_probability, abs=1e-12)
