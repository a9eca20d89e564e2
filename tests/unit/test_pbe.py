"""All-PBE solver: textbook games with hand-derived equilibria, refinements, result objects."""

import numpy as np
import pytest

from deterrence_games._validation import ParameterError
from deterrence_games.games.signaling import SignalingGame
from deterrence_games.solvers.pbe import PBE, PBEResult, pbe

U_S = [[[1, 3], [0, 2]], [[0, 2], [1, 3]]]  # beer-quiche: types (weak, strong), messages (quiche, beer)
U_R = [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]  # actions (duel, not)


def beer_quiche(p_weak=0.1):
    return SignalingGame(["weak", "strong"], [p_weak, 1 - p_weak], ["quiche", "beer"], ["duel", "not"], U_S, U_R)


def test_beer_quiche_two_pooling_outcomes_only_beer_is_intuitive():
    """Cho & Kreps (1987): both pooling equilibria are PBE; only pooling on beer is intuitive."""
    res = pbe(beer_quiche())
    assert all(e.kind == "pooling" for e in res)
    by_msg = {}
    for e in res:
        m = e.sender_support[0][0]
        assert e.sender_support == ((m,), (m,))
        by_msg.setdefault(m, []).append(e)
    assert set(by_msg) == {0, 1}
    # pooling on quiche: weak gets 3, strong 2; beer: weak 2, strong 3 (no duel on path)
    for e in by_msg[0]:
        np.testing.assert_allclose(e.sender_payoffs, [3, 2])
        assert e.flags["intuitive"] is False and e.flags["d1"] is False
    for e in by_msg[1]:
        np.testing.assert_allclose(e.sender_payoffs, [2, 3])
        assert e.flags["intuitive"] is True
    # on-path receiver never duels (posterior weak = 0.1 < 1/2)
    for e in res:
        m = e.sender_support[0][0]
        assert e.receiver_support[m] == (1,)


def test_beer_quiche_off_path_beliefs_and_continuum():
    res = pbe(beer_quiche())
    beer = [e for e in res if e.sender_support[0] == (1,)]
    pure = [e for e in beer if not e.receiver_mixing]
    mixed = [e for e in beer if e.receiver_mixing]
    assert len(pure) == 1 and len(mixed) == 1
    # pure: duel after quiche, supported by mu(weak | quiche) in [1/2, 1]
    reg = pure[0].belief_regions[0]
    assert pure[0].belief_regions[1] is None
    np.testing.assert_allclose(sorted(reg.type_vertices[:, 0]), [0.5, 1.0], atol=1e-12)
    assert reg.contains([0.7, 0.3]) and not reg.contains([0.3, 0.7])
    # mixed: receiver indifferent at mu(weak) = 1/2, duels with probability r in [1/2, 1]
    e = mixed[0]
    assert e.continuum
    np.testing.assert_allclose(e.belief_regions[0].type_vertices, [[0.5, 0.5]], atol=1e-12)
    r = sorted(v[0, 0] for v in e.rho_vertices)
    np.testing.assert_allclose(r, [0.5, 1.0], atol=1e-12)
    # D1 deletes the strong type at quiche: only the pure duel response survives (D2 agrees)
    assert pure[0].flags["d1"] is True and e.flags["d1"] is False
    assert pure[0].flags["d2"] is True and e.flags["d2"] is False


def test_beer_quiche_high_prior_on_weak_has_hybrid_equilibria():
    """p(weak) = 0.6 > 1/2: no pooling; the textbook hybrid has the weak type mixing."""
    res = pbe(beer_quiche(0.6))
    assert len(res) >= 1
    for e in res:
        assert e.kind == "semi-separating" and e.receiver_mixing
    # hand derivation: strong always beer; weak beer w.p. s with posterior 1/2 at beer:
    # 0.6 s / (0.6 s + 0.4) = 1/2 -> s = 2/3; quiche -> duel; weak indifferent:
    # quiche gives 1, beer gives 2 (1 - r) + 0 r... = 2 - 2r -> r = 1/2.
    e = res[0]
    np.testing.assert_allclose(e.sigma, [[1 / 3, 2 / 3], [0, 1]], atol=1e-9)
    np.testing.assert_allclose(e.rho, [[1, 0], [0.5, 0.5]], atol=1e-9)
    np.testing.assert_allclose(e.type_beliefs[1], [0.5, 0.5], atol=1e-9)


def crisis(pi=0.2, c=1.0, w_r=0.5, a=1.0):
    """Defender (resolved/irresolute) threatens or stays quiet; challenger refrains or challenges."""
    u_S = np.zeros((2, 2, 2))  # types (resolved, irresolute), messages (threaten, quiet), actions (refrain, challenge)
    u_S[0, :, 1] = -w_r
    u_S[1, 0, 1] = -1 - a
    u_S[1, 1, 1] = -1
    u_R = np.zeros((2, 2, 2))
    u_R[0, :, 1] = -c
    u_R[1, :, 1] = 1
    return SignalingGame(["resolved", "irresolute"], [pi, 1 - pi], ["threaten", "quiet"],
                         ["refrain", "challenge"], u_S, u_R)


def test_hand_derived_hybrid_with_type_and_receiver_mixing():
    """pi < 1/(1+c): pooling on quiet, and a hybrid with s = pi/(1-pi), r = 1/(1+a)."""
    pi, c, w_r, a = 0.2, 1.0, 0.5, 1.0
    res = pbe(crisis(pi, c, w_r, a))
    assert len(res) == 2
    pool, hyb = res
    assert pool.kind == "pooling" and pool.sender_support == ((1,), (1,))
    assert pool.receiver_support == ((1,), (1,))  # challenge after the off-path threat too
    np.testing.assert_allclose(pool.belief_regions[0].type_vertices[:, 0].max(), 1 / (1 + c))
    assert hyb.kind == "semi-separating" and hyb.receiver_mixing and not hyb.continuum
    s_star = pi * c / (1 - pi)  # posterior at threat equals 1/(1+c)
    np.testing.assert_allclose(hyb.sigma, [[1, 0], [s_star, 1 - s_star]], atol=1e-9)
    np.testing.assert_allclose(hyb.rho, [[1 - 1 / (1 + a), 1 / (1 + a)], [0, 1]], atol=1e-9)
    np.testing.assert_allclose(hyb.sender_payoffs, [-w_r / (1 + a), -1], atol=1e-9)
    for e in res:
        assert e.certificate["max_sender_regret"] <= 1e-9
        assert e.certificate["max_receiver_regret"] <= 1e-9


def test_partially_pooling_and_separating_labels_three_types():
    # three types; type t likes message t; receiver matches its action to the type
    nT = 3
    u_S = np.zeros((nT, nT, nT))
    u_R = np.zeros((nT, nT, nT))
    for t in range(nT):
        u_S[t, t, :] += 1.0
        u_R[t, :, t] = 1.0
    res = pbe(SignalingGame(3, [0.3, 0.3, 0.4], 3, 3, u_S, u_R))
    kinds = {e.kind for e in res}
    assert "separating" in kinds
    sep = [e for e in res if e.kind == "separating"]
    assert len(sep) == 1 and sep[0].sender_support == ((0,), (1,), (2,))
    np.testing.assert_allclose(sep[0].rho, np.eye(3))
    assert all(e.certificate["max_sender_regret"] < 1e-9 for e in res)


def test_result_objects():
    res = pbe(beer_quiche())
    assert isinstance(res, PBEResult) and all(isinstance(e, PBE) for e in res)
    assert "4 PBE cells" in repr(res) and "continua" in repr(res)
    df = res.to_frame()
    assert list(df["label"]).count("pooling") == 2 and {"intuitive", "d1", "max_regret"} <= set(df.columns)
    d = res.to_dict()
    assert len(d["equilibria"]) == 4 and d["tol"] == 1e-9
    assert "<table" in res._repr_html_() and "&lt;PBEResult" in res._repr_html_()
    assert res == pbe(beer_quiche())
    with pytest.raises(ValueError):
        res[0].sigma[0, 0] = 0.5
    with pytest.raises(AttributeError):
        res[0].kind = "x"


def test_bad_input():
    with pytest.raises(TypeError, match="`game`"):
        pbe("beer-quiche")
    with pytest.raises(ParameterError, match="`tol`"):
        pbe(beer_quiche(), tol=0.0)
    with pytest.raises(ParameterError, match="`tol`"):
        pbe(beer_quiche(), tol=0.5)


def test_garbled_game_has_no_refinement_flags_and_is_certified():
    g = SignalingGame(["weak", "strong"], [0.1, 0.9], ["quiche", "beer"], ["duel", "not"], U_S, U_R,
                      garbling=[[0.8, 0.2], [0.2, 0.8]])
    res = pbe(g)
    assert len(res) >= 1 and res.max_regret < 1e-8
    assert all(e.flags["intuitive"] is None for e in res)


def test_noise_consistent_beliefs_filter_against_a_belief_grid():
    """consistent_beliefs=True keeps exactly the weak-PBE cells whose off-path beliefs after an
    unused message are updates of one belief nu over types (checked on a fine nu grid)."""
    from deterrence_games.games.signaling import type_signal_garbling

    rng = np.random.default_rng(21)
    for i in range(25):
        u_S, u_R = rng.integers(0, 3, (2, 2, 2)), rng.integers(0, 3, (2, 2, 2))
        q = [0.6, 0.75, 0.9, 1.0][i % 4]
        K, obs = type_signal_garbling([[q, 1 - q], [1 - q, q]], 2)
        g = SignalingGame(2, [0.4, 0.6], 2, 2, u_S, u_R, garbling=K, observations=obs)
        weak, strict = pbe(g), pbe(g, consistent_beliefs=True)
        keys = {(e.sender_support, e.receiver_support) for e in strict}
        assert keys <= {(e.sender_support, e.receiver_support) for e in weak}
        for e in weak:
            if not e.is_pure:
                continue
            ok = True
            for m in range(2):
                ks = [2 * m, 2 * m + 1]
                if any(e.on_path[k] for k in ks):
                    continue
                found = False
                for nu in np.linspace(0, 1, 4001):
                    good = True
                    for k in ks:
                        w = np.array([nu, 1 - nu]) * g.observation_kernel[:, m, k]
                        if w.sum() == 0:
                            continue
                        v = (w / w.sum()) @ g.u_R[:, m, :]
                        a = e.receiver_support[k][0]
                        good &= v[a] >= v.max() - 1e-9
                    if good:
                        found = True
                        break
                ok &= found
            if ok:  # a grid-consistent pure cell must be kept
                assert (e.sender_support, e.receiver_support) in keys, i


def test_consistent_beliefs_needs_message_revealing_observations():
    g = SignalingGame(["weak", "strong"], [0.1, 0.9], ["quiche", "beer"], ["duel", "not"], U_S, U_R,
                      garbling=[[0.8, 0.2], [0.2, 0.8]])
    with pytest.raises(ParameterError, match="`consistent_beliefs`"):
        pbe(g, consistent_beliefs=True)
    with pytest.raises(TypeError, match="`consistent_beliefs`"):
        pbe(beer_quiche(), consistent_beliefs="yes")
    assert pbe(beer_quiche(), consistent_beliefs=True) == pbe(beer_quiche())
