"""Mathematical invariants of the information-design and mechanism LPs and of the §4-§6 models."""

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import deterrence_games as dg
from deterrence_games.games.information import InformationStructure
from deterrence_games.models.mediation import mediation_closed_form, mediation_lp
from deterrence_games.solvers.information_design import experiment_value, optimal_experiment
from deterrence_games.solvers.mechanism import recommendation_mechanism

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
prob = st.floats(0.02, 0.98)


@st.composite
def action_problems(draw):
    n_s = draw(st.integers(2, 3))
    n_a = draw(st.integers(2, 3))
    vals = st.floats(-1, 1, allow_nan=False)
    u = np.array(draw(st.lists(vals, min_size=n_s * n_a, max_size=n_s * n_a))).reshape(n_s, n_a)
    v = np.array(draw(st.lists(vals, min_size=n_s * n_a, max_size=n_s * n_a))).reshape(n_s, n_a)
    w = np.array(draw(st.lists(st.floats(0.05, 1), min_size=n_s, max_size=n_s)))
    return w / w.sum(), u, v


@SETTINGS
@given(action_problems(), st.sampled_from(["min", "max"]), st.integers(0, 2**32 - 1))
@example((np.array([0.5, 0.5]), np.array([[0.0, 1.1920929e-07, 0.0], [0.0, 8.04898818e-298, -1.0]]),
          np.zeros((2, 3))), "min", 0)  # HiGHS's default 1e-7 feasibility left a 1.2e-7 obedience gap
def test_obedience_lp_is_bayes_plausible_obedient_and_beats_random_experiments(prob_, sense, seed):
    prior, u, v = prob_
    r = optimal_experiment(prior, receiver_payoffs=u, designer_values=v, sense=sense)
    np.testing.assert_allclose(r.signal_probabilities @ r.posteriors, prior, atol=1e-9)
    # obedience: the recommended action is a best response to its posterior
    for mu, a in zip(r.posteriors, r.actions, strict=True):
        eu = mu @ u
        assert eu[int(a[1:])] >= eu.max() - 1e-7
    # no experiment does better (random experiments, designer-favourable ties)
    rng = np.random.default_rng(seed)
    sign = 1 if sense == "min" else -1
    for _ in range(20):
        L = rng.dirichlet(np.ones(3), size=prior.size)
        val = experiment_value(InformationStructure(L), prior, receiver_payoffs=u, designer_values=v, sense=sense).value
        assert sign * r.value <= sign * val + 1e-7
    # and it is at least as good as no information and full information
    assert sign * r.value <= sign * r.value_no_information + 1e-9
    assert sign * r.value <= sign * r.value_full_information + 1e-9


@SETTINGS
@given(prob, st.floats(0.05, 0.5), st.floats(0.3, 0.95))
def test_concavification_equals_obedience_on_two_state_threshold_problems(pi, lo, thr):
    """v(mu) = lo * 1[mu_1 < t] + 1[mu_1 >= t]: a two-action problem written both ways."""
    u = np.array([[1.0 - thr, 0.0], [0.0, thr]])
    t = 1.0 - thr  # with these payoffs action 1 is optimal iff mu_1 >= 1 - thr (ties: designer)
    v = np.array([[lo, 1.0], [lo, 1.0]])
    r1 = optimal_experiment([1 - pi, pi], receiver_payoffs=u, designer_values=v, sense="max")
    r2 = optimal_experiment([1 - pi, pi], lambda mu: 1.0 if mu[1] >= t else lo, sense="max", breakpoints=[t])
    assert r2.value == pytest.approx(r1.value, abs=1e-9)


@SETTINGS
@given(prob, st.floats(0.5, 1.0), st.floats(0.05, 0.99))
def test_mediation_invariants(q, p, theta):
    cf = mediation_closed_form(np.array([q]), p, theta)
    war = cf["war"][0]
    assert 0.0 <= war <= 1.0
    conf = mediation_lp(q, p, theta, public=False).breakdown_probability
    pub = mediation_lp(q, p, theta, public=True).breakdown_probability
    assert war == pytest.approx(conf, abs=1e-8)
    assert conf <= pub + 1e-9
    if p * theta <= 0.5 or q >= cf["q_bar"][0]:
        assert war == 0.0


@SETTINGS
@given(st.lists(st.floats(0.05, 1), min_size=2, max_size=3), st.lists(st.floats(0.05, 1), min_size=2, max_size=3),
       st.integers(0, 2**32 - 1))
def test_mechanism_relabelling_and_public_constraints(w1, w2, seed):
    q1, q2 = np.array(w1) / sum(w1), np.array(w2) / sum(w2)
    rng = np.random.default_rng(seed)
    V1 = rng.uniform(0.0, 0.6, (q1.size, q2.size))
    V2 = rng.uniform(0.0, 0.6, (q1.size, q2.size))
    base = recommendation_mechanism((q1, q2), (V1, V2))
    # swapping the players' roles leaves the optimal breakdown probability unchanged
    swapped = recommendation_mechanism((q2, q1), (V2.T, V1.T))
    assert swapped.breakdown_probability == pytest.approx(base.breakdown_probability, abs=1e-8)
    # permuting player 1's type labels does not change it either
    perm = rng.permutation(q1.size)
    permuted = recommendation_mechanism((q1[perm], q2), (V1[perm], V2[perm]))
    assert permuted.breakdown_probability == pytest.approx(base.breakdown_probability, abs=1e-8)
    # public reports add constraints
    pub = recommendation_mechanism((q1, q2), (V1, V2), confidential=False)
    assert base.breakdown_probability <= pub.breakdown_probability + 1e-9
    assert pub.min_ic_slack >= -1e-8


@SETTINGS
@given(st.floats(0.0, 1.0), st.floats(0.02, 0.25), st.floats(0.01, 0.25))
def test_power_shift_invariants(pi, c_D, k):
    m = dg.get_model("power_shift")
    e = m.solve(c_D=c_D, k=k, pi_detect=pi)[0]
    assert sum(e.outcomes.values()) == pytest.approx(1.0)
    if e.label == "mixed":
        # more detection, less war (strictly, while the mixed regime lasts)
        e2 = m.solve(c_D=c_D, k=k, pi_detect=min(1.0, pi + 1e-3))[0]
        assert e2.escalation_probability < e.escalation_probability
    else:
        assert e.escalation_probability == 0.0 and pi >= e.quantities["pi_bar"] - 1e-12


@SETTINGS
@given(st.floats(0.005, 0.3), st.floats(0.4, 2.0))
def test_arms_race_cutoffs_are_fixed_points(mu, d):
    m = dg.get_model("arms_race_talk")
    if d <= mu:
        return
    for e in m.solve(mu=mu, d=d):
        c = e.strategies["cutoff"]
        phi = min(max(mu + (d - mu) * min(max(c, 0.0), 1.0), 0.0), 1.0)
        assert phi == pytest.approx(c, abs=1e-9)
        assert e.escalation_probability == pytest.approx(min(c, 1.0) ** 2, abs=1e-12)


@SETTINGS
@given(st.floats(0.001, 0.12), st.floats(1.0, 2.0))
def test_every_two_message_equilibrium_passes_an_independent_ic_check(mu, d):
    m = dg.get_model("arms_race_talk")
    c = np.linspace(0.0, 1.0, 20_001)
    for e in m.solve(mu=mu, d=d, talk=True):
        if not e.label.startswith("two-message"):
            continue
        a, b = e.strategies["a"], e.strategies["b"]
        P1, P2 = a + 1 - b, b - a
        beta = {("G1", "G1"): a / P1, ("G1", "G2"): 1.0, ("G2", "G1"): 1.0, ("G2", "G2"): 0.0}

        def value(msg, P1=P1, P2=P2, beta=beta):
            out = 0.0
            for o, w in (("G1", P1), ("G2", P2)):
                bt = beta[(msg, o)]
                out = out + w * np.maximum((1 - bt) * mu - c, -bt * d)
            return out

        v1, v2 = value("G1"), value("G2")
        eq = np.where((c < a) | (c >= b), v1, v2)
        assert (eq - np.maximum(v1, v2)).min() >= -1e-9
        assert sum(e.outcomes.values()) == pytest.approx(1.0)
        assert e.escalation_probability < 1.0  # talk helps relative to the no-talk arms race
