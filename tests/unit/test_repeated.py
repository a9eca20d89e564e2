"""Unit tests for deterrence_games.games.repeated (repeated games with public monitoring)."""

import numpy as np
import pytest

from deterrence_games._validation import ParameterError
from deterrence_games.games import (
    BimatrixGame,
    PublicMonitoring,
    RepeatedGame,
    incident_monitoring,
    perfect_monitoring,
    verified_incident_monitoring,
)

PD = BimatrixGame([[3, 0], [4, 1]], [[3, 4], [0, 1]], ("C", "D"), ("C", "D"), name="pd")


def test_default_is_perfect_monitoring():
    g = RepeatedGame(PD, 0.9)
    assert g.is_perfect_monitoring
    assert g.signals == ("C,C", "C,D", "D,C", "D,D")
    for i in range(2):
        for j in range(2):
            expected = np.zeros(4)
            expected[2 * i + j] = 1.0
            np.testing.assert_array_equal(g.signal_probabilities(i, j), expected)
    assert "perfect monitoring" in repr(g)


def test_incident_monitoring_matches_mailath_samuelson_p_q():
    mon = incident_monitoring(PD, false_alarm=0.1, detection=0.5)
    pi = mon.distribution
    assert mon.signals == ("no_incident", "incident")
    assert pi[0, 0, 0] == pytest.approx(0.9)  # p
    assert pi[0, 1, 0] == pytest.approx(0.5)  # q
    assert pi[1, 0, 0] == pytest.approx(0.5)
    assert pi[1, 1, 0] == pytest.approx(0.25)  # (1 - d)^2 by default
    assert not mon.is_perfect
    mon2 = incident_monitoring((2, 2), 0.1, 0.5, detection_both=0.8)
    assert mon2.distribution[1, 1, 1] == pytest.approx(0.8)


def test_verified_incident_monitoring_coarse_gives_worked_p_q():
    # p = 1 - alpha (1 - rho), q = 1 - d (1 - nu)
    for rho, nu, p, q in [(0, 0, 0.9, 0.5), (0.5, 0, 0.95, 0.5), (0.9, 0.5, 0.99, 0.75), (0.9, 0.6, 0.99, 0.8)]:
        mon = verified_incident_monitoring(PD, alpha=0.1, d=0.5, rho=rho, nu=nu, coarse=True)
        assert mon.distribution[0, 0, 0] == pytest.approx(p)
        assert mon.distribution[0, 1, 0] == pytest.approx(q)
        assert mon.distribution[1, 0, 0] == pytest.approx(q)


def test_verified_fine_signal_is_blackwell_finer():
    fine = verified_incident_monitoring(PD, 0.1, 0.5, 0.9, 0.5)
    assert fine.signals == ("quiet", "excused", "incident")
    np.testing.assert_allclose(fine.distribution[0, 0], [0.9, 0.09, 0.01])
    np.testing.assert_allclose(fine.distribution[0, 1], [0.5, 0.25, 0.25])
    coarse = fine.coarsen({"no_incident": ("quiet", "excused"), "incident": ("incident",)})
    assert coarse == verified_incident_monitoring(PD, 0.1, 0.5, 0.9, 0.5, coarse=True)


def test_mixed_signal_probabilities():
    g = RepeatedGame(PD, 0.8, incident_monitoring(PD, 0.1, 0.5))
    got = g.signal_probabilities([0.5, 0.5], [1, 0])
    np.testing.assert_allclose(got, 0.5 * np.array([0.9, 0.1]) + 0.5 * np.array([0.5, 0.5]))


def test_monitoring_as_array_with_labels_and_equality():
    arr = np.array(incident_monitoring(PD, 0.1, 0.5).distribution)
    g1 = RepeatedGame(PD, 0.9, arr, signals=("no_incident", "incident"))
    g2 = RepeatedGame(PD, 0.9, incident_monitoring(PD, 0.1, 0.5))
    assert g1 == g2
    assert g1.with_delta(0.5).delta == 0.5
    assert g1.with_delta(0.5) != g1
    with pytest.raises(ValueError):
        g1.distribution[0, 0, 0] = 0.3  # read-only


def test_continuation_probability():
    g = RepeatedGame.from_continuation_probability(PD, 0.9, discount=0.5)
    assert g.delta == pytest.approx(0.45)
    with pytest.raises(ParameterError, match="`continuation`"):
        RepeatedGame.from_continuation_probability(PD, 1.0)
    with pytest.raises(ParameterError, match="`continuation`"):
        RepeatedGame.from_continuation_probability(PD, 1.5)


@pytest.mark.parametrize("delta", [0.0, 1.0, -0.1, 1.2, float("nan")])
def test_bad_delta(delta):
    with pytest.raises(ParameterError, match="`delta`"):
        RepeatedGame(PD, delta)


def test_bad_inputs_name_the_argument():
    with pytest.raises(TypeError, match="`stage`"):
        RepeatedGame([[1, 2], [3, 4]], 0.5)
    with pytest.raises(ParameterError, match="`monitoring`"):
        RepeatedGame(PD, 0.5, incident_monitoring((3, 2), 0.1, 0.5))
    with pytest.raises(ParameterError, match="`distribution`"):
        PublicMonitoring(np.ones((2, 2)))
    with pytest.raises(ParameterError, match="`distribution`"):
        PublicMonitoring(np.full((2, 2, 2), 0.6))
    with pytest.raises(ParameterError, match="`distribution`"):
        PublicMonitoring(np.array([[[1.2, -0.2]] * 2] * 2))
    with pytest.raises(ParameterError, match="`signals`"):
        PublicMonitoring(np.full((2, 2, 2), 0.5), signals=("a",))
    with pytest.raises(ParameterError, match="`signals`"):
        PublicMonitoring(np.full((2, 2, 2), 0.5), signals=("a", "a"))
    with pytest.raises(ParameterError, match="`false_alarm`"):
        incident_monitoring(PD, 1.1, 0.5)
    with pytest.raises(ParameterError, match="`detection`"):
        incident_monitoring(PD, 0.1, -0.5)
    with pytest.raises(ParameterError, match="`rho`"):
        verified_incident_monitoring(PD, 0.1, 0.5, 2.0, 0.1)
    with pytest.raises(ParameterError, match="`nu`"):
        verified_incident_monitoring(PD, 0.1, 0.5, 0.2, float("nan"))
    with pytest.raises(ParameterError, match="`cooperative`"):
        incident_monitoring(PD, 0.1, 0.5, cooperative=(2, 0))
    with pytest.raises(ParameterError, match="`groups`"):
        incident_monitoring(PD, 0.1, 0.5).coarsen({"x": ("incident",)})
    with pytest.raises(ParameterError, match="`x`"):
        RepeatedGame(PD, 0.5).signal_probabilities([0.5, 0.6], 0)
    with pytest.raises(TypeError, match="`stage`"):
        perfect_monitoring("pd")
