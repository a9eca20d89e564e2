"""Repeated games that know their stage outcomes (issue 12, item 1).

Check: under a pause trigger with incident monitoring (false-alarm rate alpha, pause of T
periods, no deviation on the path), play alternates between a cooperative spell (geometric,
mean 1/alpha periods) and T periods of mutual defection, so the long-run frequency of the
stage outcome "war" = (D, D) is alpha T / (1 + alpha T) (renewal-reward argument).
"""

import pytest

from deterrence_games._validation import ParameterError
from deterrence_games.games.normal_form import BimatrixGame
from deterrence_games.games.repeated import RepeatedGame, incident_monitoring
from deterrence_games.solvers.automata import analyze_automaton, pause_trigger

PD = BimatrixGame([[3, 0], [4, 1]], [[3, 4], [0, 1]], ("C", "D"), ("C", "D"))
NAMES = [["peace", "exploitation"], ["exploitation", "war"]]


@pytest.mark.parametrize("alpha, T", [(0.1, 2), (0.05, 5), (0.3, 1)])
def test_long_run_escalation_frequency_matches_renewal_closed_form(alpha, T):
    g = RepeatedGame(PD, 0.9, incident_monitoring(PD.shape, false_alarm=alpha, detection=0.5),
                     outcomes=NAMES, escalatory={"war"})
    res = analyze_automaton(g, pause_trigger(g, T))
    expected = alpha * T / (1 + alpha * T)
    assert res.escalation_frequency == pytest.approx(expected, abs=1e-12)
    assert res.outcome_frequencies == pytest.approx({"peace": 1 - expected, "exploitation": 0.0, "war": expected})
    # the automaton's own escalation phases are exactly the (D, D) periods here
    assert res.escalation_frequency == pytest.approx(res.escalation_share, abs=1e-12)


def test_stage_outcomes_are_inherited_and_optional():
    stage = BimatrixGame(PD.A, PD.B, ("C", "D"), ("C", "D"), outcomes=NAMES, escalatory={"war"})
    g = RepeatedGame(stage, 0.9)
    assert g.outcome_names.tolist() == NAMES and g.escalatory == {"war"}
    assert g.with_delta(0.5).escalatory == {"war"}
    plain = RepeatedGame(PD, 0.9)
    assert plain.outcome_names is None
    res = analyze_automaton(plain, pause_trigger(plain, 1))
    with pytest.raises(ParameterError, match="`outcomes`"):
        _ = res.outcome_frequencies
    with pytest.raises(ParameterError, match="`profile_distribution`"):
        g.outcome_frequencies([[1.0]])
