import nashpy
import numpy as np
import pytest

from deterrence_games import BimatrixGame, ParameterError


def test_prisoners_dilemma_queries():
    g = BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]], ("C", "D"), ("C", "D"), name="PD")
    assert g.is_nash([0, 1], [0, 1]) and not g.is_nash([1, 0], [1, 0])
    assert g.best_responses([1, 0], player=0) == (1,)
    assert g.payoffs([0, 1], [0, 1]) == (1.0, 1.0)
    assert g.regret([1, 0], [1, 0]) == (2.0, 2.0)
    assert repr(g) == "<2x2 BimatrixGame 'PD'>"
    assert isinstance(g.to_nashpy(), nashpy.Game)
    assert g.transpose().transpose() == g


def test_zero_sum_default_and_immutability():
    g = BimatrixGame([[1, -1], [-1, 1]])
    assert np.array_equal(g.B, -g.A)
    with pytest.raises(ValueError):
        g.A[0, 0] = 5


def test_bad_input_names_argument():
    with pytest.raises(ParameterError, match="`B`.*shape"):
        BimatrixGame([[1, 2], [3, 4]], [[1, 2, 3]])
    with pytest.raises(ParameterError, match="`A`"):
        BimatrixGame([1, 2])
    with pytest.raises(ParameterError, match="`row_actions`"):
        BimatrixGame([[1, 2]], row_actions=("a", "b"))
    with pytest.raises(ParameterError, match="`x`"):
        BimatrixGame([[1, 2], [3, 4]]).is_nash([0.5, 0.6], [1, 0])
