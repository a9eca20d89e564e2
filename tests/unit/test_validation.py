import math

import numpy as np
import pytest

from deterrence_games._validation import (
    Choice,
    IntegerRange,
    Interval,
    ParameterError,
    as_rng,
    check_discount_factor,
    check_payoff_matrix,
    check_probability,
    check_probability_vector,
    check_scalar,
    check_stochastic_matrix,
)


def test_interval_membership_and_text():
    i = Interval(0, 1, low_closed=False, high_closed=False)
    assert i.contains([0.5]).all() and not i.contains(0.0) and not i.contains(1.0)
    assert not i.contains(float("nan"))
    assert i.describe("delta") == "0 < delta < 1"
    assert Interval(0, math.inf).describe("c") == "c >= 0"


def test_discount_factor_message_names_parameter_value_and_domain():
    with pytest.raises(ParameterError, match=r"`delta` must satisfy 0 < delta < 1 \(got 1.2\)"):
        check_discount_factor("delta", 1.2)
    assert check_discount_factor("delta", 0.9) == 0.9


@pytest.mark.parametrize("bad", [-0.1, 1.0000001, float("nan")])
def test_probability_out_of_range(bad):
    with pytest.raises(ParameterError, match="`p`"):
        check_probability("p", bad)


def test_wrong_type_is_type_error():
    with pytest.raises(TypeError, match="`x` must be a real number"):
        check_scalar("x", "0.5")
    with pytest.raises(TypeError):
        check_scalar("x", True)


def test_probability_vector_and_matrix():
    with pytest.raises(ParameterError, match="sum to 0.9"):
        check_probability_vector("prior", [0.5, 0.4])
    with pytest.raises(ParameterError, match="row 1 sums to"):
        check_stochastic_matrix("L", [[1, 0], [0.5, 0.6]])
    with pytest.raises(ParameterError, match="finite"):
        check_payoff_matrix("A", [[1, np.nan]])
    with pytest.raises(ParameterError, match="shape"):
        check_payoff_matrix("B", [[1, 2]], shape=(2, 2))


def test_integer_and_choice_domains():
    assert check_scalar("T", 3.0, IntegerRange(1)) == 3
    with pytest.raises(ParameterError):
        check_scalar("T", 2.5, IntegerRange(1))
    with pytest.raises(ParameterError, match="version in"):
        check_scalar("version", "other", Choice(("a", "b")))


def test_as_rng_is_deterministic():
    assert as_rng(3).random() == as_rng(3).random()
    g = np.random.default_rng(1)
    assert as_rng(g) is g
    with pytest.raises(TypeError):
        as_rng("seed")
