import numpy as np
import pytest

from deterrence_games import InformationStructure, ParameterError
from deterrence_games.games import binary_signal, detector, fully_informative, uninformative


def test_binary_signal_posteriors_match_bayes():
    s = binary_signal(0.75)
    py, post = s.posteriors([0.6, 0.4])
    assert np.allclose(py, [0.6 * 0.75 + 0.4 * 0.25, 0.6 * 0.25 + 0.4 * 0.75])
    assert np.isclose(post[0, 0], 0.45 / 0.55)
    assert np.isclose(post[1, 0], 0.6 * 0.25 / 0.45)
    # martingale property: the expected posterior is the prior
    assert np.allclose(py @ post, [0.6, 0.4])


def test_detector_layout():
    d = detector(alpha=0.1, beta=0.3)
    assert d.states == ("clean", "violation") and d.signals == ("no_alarm", "alarm")
    assert np.allclose(d.likelihood, [[0.9, 0.1], [0.3, 0.7]])
    with pytest.raises(ParameterError, match="`beta`"):
        detector(0.1, 1.5)


def test_blackwell_order_of_binary_signals():
    fine, coarse = binary_signal(0.9), binary_signal(0.7)
    assert fine.blackwell_dominates(coarse)
    assert not coarse.blackwell_dominates(fine)
    M = fine.garbling_to(coarse)
    assert np.allclose(fine.likelihood @ M, coarse.likelihood)
    assert np.allclose(M.sum(axis=1), 1)
    assert fully_informative(2).blackwell_dominates(fine)
    assert fine.blackwell_dominates(uninformative(2))


def test_garble_is_less_informative():
    s = binary_signal(0.8)
    g = s.garble([[0.9, 0.1], [0.2, 0.8]])
    assert s.blackwell_dominates(g)


def test_bad_likelihood():
    with pytest.raises(ParameterError, match="`likelihood`"):
        InformationStructure([[0.5, 0.6], [0.5, 0.5]])
    with pytest.raises(ParameterError, match="`prior`"):
        binary_signal(0.7).posteriors([0.2, 0.3, 0.5])
