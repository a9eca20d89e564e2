"""Reputation games that know their outcomes (issue 12, item 1).

Kreps and Wilson (1982) chain store, by hand: in the last period (k = 1) the weak incumbent
acquiesces, so an entrant who believes the incumbent tough with probability p enters iff
p < b and then meets a fight with probability p. With k periods left an entrant stays out
iff p > b^k (Kreps-Wilson's threshold). Hence with N = 2 and b^2 < prior < b: period 2 is
deterred, period 1 is entered and ends in a fight (war) with probability prior.
"""

from fractions import Fraction

import pytest

from deterrence_games._validation import ParameterError
from deterrence_games.games.reputation import ReputationGame, chain_store_game
from deterrence_games.solvers.reputation import solve_reputation

OUT = {"out": "deterred", "fight": "war", "acquiesce": "accommodation"}


def chain_store(N, prior, b=Fraction(1, 2), a=2, **kw):
    return chain_store_game(N, a, b, prior, **kw)


def test_reputation_game_takes_outcomes_directly():
    g = chain_store_game(2, 2, Fraction(1, 2), Fraction(1, 3))
    direct = ReputationGame(g.horizon, g.prior, g.entrant_out, g.entrant_in, g.incumbent_out, g.incumbent_in,
                            g.commitment_action, g.delta, g.actions, outcomes=OUT, escalatory={"war"})
    assert direct == chain_store(2, Fraction(1, 3), outcomes=OUT, escalatory={"war"})
    assert dict(direct.outcomes) == OUT


def test_one_period_closed_form():
    mu = Fraction(1, 5)
    eq = solve_reputation(chain_store(1, mu, outcomes=OUT, escalatory={"war"}))
    assert eq.outcome_frequencies == {"deterred": 0, "war": mu, "accommodation": 1 - mu}
    assert eq.escalation_frequency == mu


def test_two_periods_closed_form():
    mu = Fraction(1, 3)  # b^2 = 1/4 < 1/3 < 1/2 = b
    eq = solve_reputation(chain_store(2, mu, outcomes=OUT, escalatory={"war"}))
    assert eq.expected_outcome_counts == {"deterred": 1, "war": mu, "accommodation": 1 - mu}
    assert eq.escalation_frequency == mu / 2


def test_long_horizon_frequencies_sum_to_one_and_match_path_statistics():
    eq = solve_reputation(chain_store(12, Fraction(1, 20), outcomes=OUT, escalatory=["war"]))
    f = eq.outcome_frequencies
    assert sum(f.values()) == 1
    assert f["war"] * 12 == eq.expected_commitment_plays
    assert f["deterred"] * 12 == 12 - eq.expected_entries


def test_outcomes_are_validated_and_optional():
    with pytest.raises(ParameterError, match="`outcomes`"):
        chain_store(2, Fraction(1, 3), outcomes={"out": "deterred", "fight": "war"})
    with pytest.raises(ParameterError, match="`escalatory`"):
        chain_store(2, Fraction(1, 3), outcomes=OUT, escalatory={"nuclear"})
    with pytest.raises(ParameterError, match="`escalatory`"):
        chain_store(2, Fraction(1, 3), escalatory={"war"})
    eq = solve_reputation(chain_store_game(2, 2, Fraction(1, 2), Fraction(1, 3)))
    with pytest.raises(ParameterError, match="`outcomes`"):
        _ = eq.outcome_frequencies
    g = chain_store(2, Fraction(1, 3), outcomes=OUT, escalatory={"war"})
    assert g == chain_store(2, Fraction(1, 3), outcomes=OUT, escalatory={"war"}) and hash(g) == hash(g)
