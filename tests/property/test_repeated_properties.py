"""Mathematical invariants of the repeated-game machinery (hypothesis).

* the automaton's linear-system value equals the closed form V(T) and its stationary
  distribution gives phi(T), for any informative signal and discount factor;
* the one-shot-deviation check agrees with the closed-form incentive constraint away from ties;
* V(T) decreases and phi(T) increases in T; phi decreases with accuracy p;
* the noise chains' stationary distributions are invariant and sum to one;
* the inspection game's closed form equals its recursion, and its value falls with k and b.
"""

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from deterrence_games.games import BimatrixGame, RepeatedGame, incident_monitoring
from deterrence_games.models.inspection_repeated import inspection_recursion, inspection_value
from deterrence_games.solvers import trigger_closed_forms as cf
from deterrence_games.solvers.automata import (
    MemoryOneStrategy,
    analyze_automaton,
    memory_one_chain,
    one_shot_deviation_gains,
    pause_trigger,
)

prob = st.floats(0.0, 1.0, allow_nan=False)


@st.composite
def security_dilemmas(draw):
    """(R, S, T_hat, P) with T_hat > R > P > S and 2R > T_hat + S, by construction."""
    P = draw(st.floats(-5, 5))
    R = P + draw(st.floats(0.1, 5))
    S = P - draw(st.floats(0.1, 5))
    T_hat = R + draw(st.floats(0.05, 0.99)) * (R - S)  # T_hat < 2R - S
    return R, S, T_hat, P


@settings(max_examples=60, deadline=None)
@given(security_dilemmas(), st.floats(0.3, 0.999), st.floats(0.0, 0.9), st.floats(0.05, 0.98),
       st.integers(1, 12))
def test_automaton_equals_closed_form(payoffs, p, q_frac, delta, T):
    R, S, T_hat, P = payoffs
    q = q_frac * p
    stage = BimatrixGame([[R, S], [T_hat, P]], [[R, T_hat], [S, P]])
    game = RepeatedGame(stage, delta, incident_monitoring(stage, 1 - p, 1 - q))
    aut = pause_trigger(game, T)
    a = analyze_automaton(game, aut, horizons=(3,))
    scale = max(1.0, abs(R), abs(P), abs(S), abs(T_hat))
    assert abs(a.initial_values[0] - cf.pause_value(T, delta, p, R, P)) <= 1e-10 * scale
    assert abs(a.escalation_share - cf.punishment_share(T, p)) <= 1e-10
    assert abs(a.escalation_within[3] - cf.pause_escalation_within(3, p)) <= 1e-12
    # incentive constraint vs one-shot deviations, away from the knife edge
    kap = float(cf.kappa(cf.temptation(R, T_hat, P), p, q))
    slack = float(cf.pause_sum(T, delta)) - kap
    assume(np.isinf(kap) or abs(slack) > 1e-6)
    gains = one_shot_deviation_gains(game, aut)
    assert (gains.max() <= 1e-10 * scale) == (np.isfinite(kap) and slack >= 0)


@settings(max_examples=100, deadline=None)
@given(st.floats(0.01, 0.999), st.floats(0.05, 0.99), st.integers(1, 50))
def test_pause_monotonicity(p, delta, T):
    v0, v1 = cf.pause_value(T, delta, p, 3, 1), cf.pause_value(T + 1, delta, p, 3, 1)
    assert v1 <= v0
    if delta**T > 1e-6:  # strict where the difference (1-p) delta^(T+1)(1-delta)... is representable
        assert v1 < v0
    assert cf.punishment_share(T + 1, p) > cf.punishment_share(T, p)
    assert cf.punishment_share(T, min(p + 0.001, 1.0)) < cf.punishment_share(T, p)


@settings(max_examples=60, deadline=None)
@given(st.lists(prob, min_size=4, max_size=4), st.lists(prob, min_size=4, max_size=4),
       st.floats(0.001, 0.5), st.one_of(st.none(), st.floats(0.0, 0.5)))
def test_noise_chain_stationary(p1, p2, eps, eta):
    r = memory_one_chain(MemoryOneStrategy(tuple(p1)), MemoryOneStrategy(tuple(p2)), eps, eta)
    P, pi = r.transition, r.stationary
    np.testing.assert_allclose(P.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(pi @ P, pi, atol=1e-10)
    assert abs(pi.sum() - 1) < 1e-10
    assert abs(sum(r.outcome_probabilities.values()) - 1) < 1e-10


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 25), st.data(), st.floats(0.05, 20))
def test_inspection_closed_form_and_monotonicity(n, data, b):
    k = data.draw(st.integers(0, n))
    tab = inspection_recursion(n, n, b)
    v = float(inspection_value(n, k, b))
    assert abs(v - tab.value[n, k]) <= 1e-13
    assert 0.0 <= v <= 1.0
    if k < n:
        assert float(inspection_value(n, k + 1, b)) <= v + 1e-15
        assert float(inspection_value(n, k, b * 1.5)) <= v + 1e-15
    assert 0 <= tab.p_caught[n, k] <= tab.p_violation[n, k] <= 1 + 1e-12
