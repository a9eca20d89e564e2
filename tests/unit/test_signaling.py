"""SignalingGame: construction, validation, payoff queries and the .efg export."""

import io

import numpy as np
import pytest

from deterrence_games._validation import ParameterError
from deterrence_games.games.information import binary_signal
from deterrence_games.games.signaling import SignalingGame, type_signal_garbling

U_S = [[[1, 3], [0, 2]], [[0, 2], [1, 3]]]  # beer-quiche (Cho-Kreps 1987), quiche first
U_R = [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]


def beer_quiche(**kw):
    return SignalingGame(["weak", "strong"], [0.1, 0.9], ["quiche", "beer"], ["duel", "not"], U_S, U_R, **kw)


BEER_QUICHE_EFG = '''EFG 2 R "signaling game" { "Sender" "Receiver" }
""

c "" 1 "type" { "weak" 1/10 "strong" 9/10 } 0
p "" 1 1 "weak" { "quiche" "beer" } 0
p "" 2 1 "quiche" { "duel" "not" } 0
t "" 1 "weak,quiche,duel" { 1, 1 }
t "" 2 "weak,quiche,not" { 3, 0 }
p "" 2 2 "beer" { "duel" "not" } 0
t "" 3 "weak,beer,duel" { 0, 1 }
t "" 4 "weak,beer,not" { 2, 0 }
p "" 1 2 "strong" { "quiche" "beer" } 0
p "" 2 1 "quiche" { "duel" "not" } 0
t "" 5 "strong,quiche,duel" { 0, 0 }
t "" 6 "strong,quiche,not" { 2, 1 }
p "" 2 2 "beer" { "duel" "not" } 0
t "" 7 "strong,beer,duel" { 1, 0 }
t "" 8 "strong,beer,not" { 3, 1 }
'''


def test_construction_and_queries():
    g = beer_quiche()
    assert g.shape == (2, 2, 2) and g.n_observations == 2 and not g.garbled
    assert g.nodes(0) == ((0, 0), (1, 0))
    # everyone eats quiche, receiver never duels: U[t, m] = u_S[t, m, not]
    rho = np.array([[0.0, 1.0], [0.0, 1.0]])
    np.testing.assert_allclose(g.sender_values(rho), [[3, 2], [2, 3]])
    pk, V = g.receiver_values([[1, 0], [1, 0]])
    np.testing.assert_allclose(pk, [1, 0])
    np.testing.assert_allclose(V[0], [0.1, 0.9])  # duel pays 1 against weak only
    assert g == beer_quiche() and g != beer_quiche(message_costs=[1, 0])
    with pytest.raises(ValueError):
        g.u_S[0, 0, 0] = 5.0  # read-only


def test_message_costs_are_subtracted():
    g = beer_quiche(message_costs=[0.5, 0.0])
    np.testing.assert_allclose(g.u_S[:, 0, :], np.array(U_S)[:, 0, :] - 0.5)
    np.testing.assert_allclose(g.u_S[:, 1, :], np.array(U_S)[:, 1, :])


def test_type_signal_garbling_kernel():
    L = binary_signal(0.8, ("weak", "strong"))
    K, obs = type_signal_garbling(L, 2, ["quiche", "beer"])
    g = beer_quiche(garbling=K, observations=obs)
    assert g.garbled and g.n_observations == 4
    assert obs == ("quiche|looks_weak", "quiche|looks_strong", "beer|looks_weak", "beer|looks_strong")
    np.testing.assert_allclose(g.observation_kernel[0, 1], [0, 0, 0.8, 0.2])
    # a 2-d garbling of the message
    g2 = beer_quiche(garbling=[[0.9, 0.1], [0.2, 0.8]])
    np.testing.assert_allclose(g2.observation_kernel[1, 0], [0.9, 0.1])
    assert "garbled" in repr(g2)


@pytest.mark.parametrize(
    "kw, name",
    [
        ({"prior": [0.5, 0.6]}, "prior"),
        ({"prior": [1.0, 0.0]}, "prior"),
        ({"prior": [0.2, 0.3, 0.5]}, "prior"),
        ({"u_S": np.zeros((2, 2, 3))}, "u_S"),
        ({"u_R": [[[np.nan, 0], [1, 0]], [[0, 1], [0, 1]]]}, "u_R"),
        ({"available": [[False, False], [True, True]]}, "available"),
        ({"available": [[True, False], [True, False]]}, "available"),
        ({"available": [[True], [True]]}, "available"),
        ({"message_costs": [1, 2, 3]}, "message_costs"),
        ({"garbling": [[0.5, 0.6], [0.5, 0.5]]}, "garbling"),
        ({"garbling": np.ones((3, 2)) / 2}, "garbling"),
        ({"observations": ["a"]}, "observations"),
        ({"types": ["w", "w"]}, "types"),
    ],
)
def test_bad_input_names_the_argument(kw, name):
    args = dict(types=["weak", "strong"], prior=[0.1, 0.9], messages=["quiche", "beer"],
                actions=["duel", "not"], u_S=U_S, u_R=U_R)
    extra = {k: v for k, v in kw.items() if k in ("available", "message_costs", "garbling", "observations")}
    args.update({k: v for k, v in kw.items() if k not in extra})
    with pytest.raises(ParameterError, match=f"`{name}`"):
        SignalingGame(**args, **extra)


def test_wrong_kinds_raise_type_error():
    with pytest.raises(TypeError, match="`types`"):
        SignalingGame("ab", [0.5, 0.5], 2, 2, np.zeros((2, 2, 2)), np.zeros((2, 2, 2)))
    with pytest.raises(TypeError, match="`u_S`"):
        SignalingGame(2, [0.5, 0.5], 2, 2, "payoffs", np.zeros((2, 2, 2)))


def test_efg_matches_hand_written_fixture():
    assert beer_quiche().to_efg() == BEER_QUICHE_EFG


def test_efg_omits_unavailable_messages_and_adds_chance_for_garbling():
    g = beer_quiche(available=[[True, True], [False, True]])
    text = g.to_efg()
    assert 'p "" 1 2 "strong" { "beer" } 0' in text
    K, obs = type_signal_garbling([[0.75, 0.25], [0.25, 0.75]], 2, ["quiche", "beer"])
    text = beer_quiche(garbling=K, observations=obs).to_efg()
    assert 'c "" 2 "observe weak,quiche" { "quiche|y0" 3/4 "quiche|y1" 1/4 } 0' in text


@pytest.mark.peer
def test_efg_parses_in_pygambit():
    gbt = pytest.importorskip("pygambit")
    for g in (beer_quiche(), beer_quiche(garbling=type_signal_garbling([[0.7, 0.3], [0.2, 0.8]], 2)[0])):
        G = gbt.read_efg(io.StringIO(g.to_efg()))
        assert [p.label for p in G.players] == ["Sender", "Receiver"]
        labels = sorted(i.label for i in list(G.players)[1].infosets)
        assert labels == sorted(g.observations)
        assert sorted(i.label for i in list(G.players)[0].infosets) == sorted(g.types)
        # terminal payoffs: expected payoff of a pure profile agrees with ours
        prof = G.mixed_behavior_profile(rational=False)
        sigma = np.full((2, 2), 0.5)
        rho = np.full((g.n_observations, 2), 0.5)
        ours_S = float(np.einsum("tmka,tma->", g.outcome_distribution(sigma, rho), g.u_S))
        assert abs(float(prof.payoff(list(G.players)[0])) - ours_S) < 1e-9
