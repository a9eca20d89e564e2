"""Signaling games that know their outcomes, and unreachable observations (issue 12, item 1).

A hotline that works with probability ``h`` lets the receiver see the message; otherwise
the receiver sees ``silence``. At ``h = 0`` the message observations have probability
zero under every type and message: the game drops them (and says so) and must be the same
game, with the same perfect Bayesian equilibria, as the one built without them.
"""

import numpy as np
import pytest

from deterrence_games._validation import ParameterError
from deterrence_games.games.signaling import SignalingGame
from deterrence_games.solvers.pbe import pbe

TYPES = ["resolved", "irresolute"]
MESSAGES = ["calm", "threat"]
ACTIONS = ["concede", "resist"]
# sender (challenger): wants concession; a resolved type likes a fight more than an irresolute one
U_S = [[[1.0, 0.2], [1.1, 0.4]], [[1.0, -1.0], [0.9, -1.2]]]
# receiver (defender): resists the irresolute, concedes to the resolved
U_R = [[[0.0, -1.0], [0.0, -1.0]], [[-1.0, 0.5], [-1.0, 0.5]]]


def outcome(t, m, a):
    if a == "concede":
        return "concession"
    return "war" if t == "resolved" else "backdown"


def hotline(h):
    kernel = np.zeros((2, 2, 3))
    for m in range(2):
        kernel[:, m, m] = h
        kernel[:, m, 2] = 1 - h
    return SignalingGame(TYPES, [0.4, 0.6], MESSAGES, ACTIONS, U_S, U_R, garbling=kernel,
                         observations=["calm", "threat", "silence"], outcomes=outcome, escalatory={"war"})


def without_hotline():
    return SignalingGame(TYPES, [0.4, 0.6], MESSAGES, ACTIONS, U_S, U_R, garbling=np.ones((2, 1)),
                         observations=["silence"], outcomes=outcome, escalatory={"war"})


def test_h0_hotline_is_solved_as_the_game_without_the_observations():
    g0, ref = hotline(0.0), without_hotline()
    assert g0.dropped_observations == ("calm", "threat")
    assert len(g0.notes) == 2 and "probability zero" in g0.notes[0] and "'calm'" in g0.notes[0]
    assert g0 == ref
    r0, rr = pbe(g0), pbe(ref)
    assert len(r0) == len(rr) > 0
    for a, b in zip(r0, rr, strict=True):
        assert a.sender_support == b.sender_support and a.receiver_support == b.receiver_support
        np.testing.assert_allclose(a.sigma, b.sigma, atol=1e-12)
        np.testing.assert_allclose(a.rho, b.rho, atol=1e-12)
        assert g0.outcome_probabilities(a.sigma, a.rho) == pytest.approx(ref.outcome_probabilities(b.sigma, b.rho))


def test_positive_h_keeps_every_observation():
    g = hotline(0.3)
    assert g.dropped_observations == () and g.notes == () and g.n_observations == 3


def test_outcome_distribution_and_escalation_probability():
    g = hotline(1.0)  # a hotline that always works: `silence` never occurs
    assert g.dropped_observations == ("silence",) and g.observations == ("calm", "threat")
    # both types threaten; the defender resists a threat, concedes to calm (never seen)
    sigma = np.array([[0.0, 1.0], [0.0, 1.0]])
    rho = np.array([[1.0, 0.0], [0.0, 1.0]])
    d = g.outcome_probabilities(sigma, rho)
    assert d == pytest.approx({"concession": 0.0, "war": 0.4, "backdown": 0.6})
    assert g.escalation_probability(sigma, rho) == pytest.approx(0.4)
    # mixed: Pr(war) = prior(resolved) * Pr(resist | its message), by hand
    sigma = np.array([[0.25, 0.75], [1.0, 0.0]])
    rho = np.array([[0.9, 0.1], [0.2, 0.8]])
    assert g.escalation_probability(sigma, rho) == pytest.approx(0.4 * (0.25 * 0.1 + 0.75 * 0.8))


def test_outcomes_as_array_equal_function():
    names = [[[outcome(t, m, a) for a in ACTIONS] for m in MESSAGES] for t in TYPES]
    g = SignalingGame(TYPES, [0.4, 0.6], MESSAGES, ACTIONS, U_S, U_R, outcomes=names, escalatory=["war"])
    assert g.outcome_names.tolist() == names and g.escalatory == {"war"}


def test_bad_outcomes_are_refused():
    with pytest.raises(ParameterError, match="`escalatory`"):
        SignalingGame(TYPES, [0.4, 0.6], MESSAGES, ACTIONS, U_S, U_R, outcomes=outcome, escalatory={"nuclear war"})
    with pytest.raises(ParameterError, match="`outcomes`"):
        SignalingGame(TYPES, [0.4, 0.6], MESSAGES, ACTIONS, U_S, U_R, outcomes=[["war"]])
    with pytest.raises(ParameterError, match="`escalatory`"):
        SignalingGame(TYPES, [0.4, 0.6], MESSAGES, ACTIONS, U_S, U_R, escalatory={"war"})
    g = SignalingGame(TYPES, [0.4, 0.6], MESSAGES, ACTIONS, U_S, U_R)
    with pytest.raises(ParameterError, match="`outcomes`"):
        g.outcome_probabilities(np.eye(2), np.eye(2))
