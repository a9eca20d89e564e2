"""Bimatrix games that know their outcomes (issue 12, item 1)."""

import numpy as np
import pytest

from deterrence_games._validation import ParameterError
from deterrence_games.games.normal_form import BimatrixGame
from deterrence_games.solvers.nash import nash_equilibria

# chicken: yield/stand; both standing is war
A = [[0, -1], [1, -10]]
B = [[0, 1], [-1, -10]]
NAMES = [["compromise", "concession"], ["concession", "war"]]


def crisis(**kw):
    return BimatrixGame(A, B, ("yield", "stand"), ("yield", "stand"), **kw)


def test_outcome_names_as_array_or_function_agree():
    g1 = crisis(outcomes=NAMES, escalatory={"war"})
    g2 = crisis(outcomes=lambda r, c: {("yield", "yield"): "compromise", ("stand", "stand"): "war"}.get(
        (r, c), "concession"), escalatory="war")
    assert g1.outcome_names.tolist() == g2.outcome_names.tolist() == NAMES
    assert g1.escalatory == g2.escalatory == {"war"}


def test_nash_result_carries_outcomes_and_escalation():
    g = crisis(outcomes=NAMES, escalatory={"war"})
    res = nash_equilibria(g)
    assert res.has_outcomes and len(res) == 3
    # the mixed equilibrium of chicken, by hand: if the rival stands with probability q,
    # u(yield) = -q and u(stand) = 1 - 11 q, equal at q = 1/10; Pr(war) = q^2 = 1/100
    mixed = [i for i, (x, _y) in enumerate(res) if 0 < x[0] < 1]
    (i,) = mixed
    assert res[i][0][1] == pytest.approx(0.1)
    assert res.escalation_probabilities[i] == pytest.approx(0.01)
    assert res.outcome_distributions[i] == pytest.approx({"compromise": 0.81, "concession": 0.18, "war": 0.01})
    # the two pure equilibria are concessions
    for j in set(range(3)) - {i}:
        assert res.outcome_distributions[j] == pytest.approx({"compromise": 0, "concession": 1, "war": 0})
    assert res.escalation_range == pytest.approx((0.0, 0.01))
    frame = res.to_frame()
    assert list(frame["escalation_probability"]) == pytest.approx(list(res.escalation_probabilities))
    # by hand from the strategies
    for (x, y), e in zip(res, res.escalation_probabilities, strict=True):
        assert e == pytest.approx(float(np.outer(x, y)[1, 1]))


def test_games_without_outcomes_behave_as_before():
    g = crisis()
    res = nash_equilibria(g)
    assert not res.has_outcomes and g.outcome_names is None
    assert "escalation_probability" not in res.to_frame().columns
    with pytest.raises(ParameterError, match="`outcomes`"):
        _ = res.escalation_probabilities
    with pytest.raises(ParameterError, match="`outcomes`"):
        g.escalation_probability([1, 0], [1, 0])


def test_transpose_keeps_outcomes():
    g = crisis(outcomes=NAMES, escalatory={"war"}).transpose()
    assert g.outcome_names.tolist() == np.array(NAMES).T.tolist()
    assert g.escalation_probability([0.5, 0.5], [0.2, 0.8]) == pytest.approx(0.4)


@pytest.mark.parametrize("kw, name", [
    ({"outcomes": [["a", "b"]]}, "outcomes"),
    ({"outcomes": NAMES, "escalatory": {"nuclear"}}, "escalatory"),
    ({"escalatory": {"war"}}, "escalatory"),
])
def test_bad_outcomes_are_refused(kw, name):
    with pytest.raises(ParameterError, match=f"`{name}`"):
        crisis(**kw)
