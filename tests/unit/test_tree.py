"""The game-tree builder and its solvers (issue 12, item 2).

Second methods: subgame perfection by brute force over every pure behaviour profile (one-shot
deviation principle at every node), Nash equilibria of the (unreduced) strategic form by the
bimatrix vertex enumeration, the signaling engine on the same game entered directly, and hand
computations for the three-rung ladder.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from deterrence_games._validation import ParameterError
from deterrence_games.games.normal_form import BimatrixGame
from deterrence_games.games.signaling import SignalingGame
from deterrence_games.games.tree import (
    ExtensiveGame,
    chance,
    decision,
    random_tree,
    read_efg,
    signal,
    terminal,
)
from deterrence_games.solvers.extensive import (
    sequence_form,
    sequence_form_nash,
    subgame_perfect,
    tree_equilibria,
    tree_pbe,
)
from deterrence_games.solvers.nash import nash_equilibria
from deterrence_games.solvers.pbe import pbe


def ladder(pi=0.3, war_resolved=1.0, accuracy=None):
    """Three rungs: threaten, resist, fight; nature draws the challenger's resolve."""

    def rungs(resolved):
        war = war_resolved if resolved else -1.5
        defender = {
            "concede": terminal("concession", (1, -1)),
            "resist": decision("Challenger", {"back down": terminal("backdown", (-1, 1)),
                                              "fight": terminal("war", (war, -2))}),
        }
        if accuracy is None:
            nxt = decision("Defender", defender)
        else:
            nxt = signal(accuracy, "looks resolved" if resolved else "looks bluffing",
                         {s: decision("Defender", defender, infoset=s) for s in ("looks resolved", "looks bluffing")})
        return decision("Challenger", {"status quo": terminal("status_quo", (0, 0)), "threaten": nxt})

    return ExtensiveGame(["Challenger", "Defender"],
                         chance({"resolved": (pi, rungs(True)), "irresolute": (1 - pi, rungs(False))}),
                         escalatory={"war"})


# ---------------------------------------------------------------------------------------
# builder
# ---------------------------------------------------------------------------------------


def test_ladder_structure():
    g = ladder()
    assert g.is_perfect_information
    assert g.outcomes == ("status_quo", "concession", "backdown", "war")
    assert len(g.infosets) == 6 and len(g.terminals) == 8
    np.testing.assert_allclose(g.chance_reach(), [0.3] * 4 + [0.7] * 4)
    g2 = ladder(accuracy=0.8)
    assert not g2.is_perfect_information
    assert g2.infosets[g2.infoset_index("looks resolved")].nodes.__len__() == 2


@pytest.mark.parametrize("build, name, text", [
    (lambda: ExtensiveGame(["A"], decision("B", {"x": terminal("o", (0,))})), "player", "'B'"),
    (lambda: ExtensiveGame(["A", "B"], decision("A", {"x": terminal("o", (0,))})), "payoffs", "2 payoffs"),
    (lambda: ExtensiveGame(["A"], decision("A", {"x": terminal("o")})), "payoffs", "outcome_payoffs"),
    (lambda: chance({"h": (0.6, None), "t": (0.6, None)}), "moves", "summing to 1"),
    (lambda: chance({"h": (1.2, None), "t": (-0.2, None)}), r"moves\['h'\]", "1.2"),
    (lambda: signal(1.5, "a", {"a": None, "b": None}), "accuracy", "1.5"),
    (lambda: signal(0.8, "c", {"a": None, "b": None}), "truth", "'c'"),
    (lambda: ExtensiveGame(["A"], decision("A", {"x": terminal("o", (0,))}), escalatory={"war"}),
     "escalatory", "'war'"),
    (lambda: ExtensiveGame(["A", "B"], decision("A", {
        "x": decision("B", {"l": terminal("o", (0, 0)), "r": terminal("o", (0, 0))}, infoset="b"),
        "y": decision("B", {"l": terminal("o", (0, 0))}, infoset="b")})), "moves", "actions"),
    # A forgets her own first move: imperfect recall
    (lambda: ExtensiveGame(["A"], decision("A", {
        "x": decision("A", {"l": terminal("o", (0,)), "r": terminal("o", (1,))}, infoset="a2"),
        "y": decision("A", {"l": terminal("o", (0,)), "r": terminal("o", (1,))}, infoset="a2")})),
     "infoset", "perfect recall"),
])
def test_bad_trees_are_refused_with_a_named_argument(build, name, text):
    with pytest.raises(ParameterError, match=f"`{name}`.*{text}"):
        build()


def test_outcome_payoffs_fill_terminals():
    g = ExtensiveGame(["A", "B"], decision("A", {"wait": terminal("status_quo"), "strike": terminal("war")}),
                      outcome_payoffs={"status_quo": (0, 0), "war": (-1, -3)}, escalatory={"war"})
    np.testing.assert_array_equal(g.payoffs, [[0, 0], [-1, -3]])
    assert g.escalation_probability([[0.25, 0.75]]) == pytest.approx(0.75)
    with pytest.raises(ParameterError, match="`behaviour"):
        g.escalation_probability([[0.5, 0.6]])


# ---------------------------------------------------------------------------------------
# subgame perfection: backward induction vs brute force
# ---------------------------------------------------------------------------------------


def _brute_force_spe(g: ExtensiveGame, tol=1e-9):
    """Every pure profile with no profitable one-shot deviation at any decision node."""
    kind, ch = g.node_kind, g.node_children
    out = []
    for prof in itertools.product(*[range(len(I.actions)) for I in g.infosets]):
        val = {}
        for v in range(len(kind) - 1, -1, -1):  # children after parents in preorder
            if kind[v] == "terminal":
                val[v] = g.payoffs[g.node_terminal[v]]
            elif kind[v] == "chance":
                val[v] = sum(p * val[c] for p, c in zip(g.chance_probs[v], ch[v], strict=True))
            else:
                val[v] = val[ch[v][prof[g.node_infoset[v]]]]
        ok = True
        for v in range(len(kind)):
            if kind[v] == "decision":
                i = g.infosets[g.node_infoset[v]].player
                if max(val[c][i] for c in ch[v]) > val[v][i] + tol:
                    ok = False
                    break
        if ok:
            out.append(prof)
    return sorted(out)


def _pure_profiles(sol):
    g = sol.game
    return sorted(tuple(int(np.argmax(e.strategies[I.label])) for I in g.infosets) for e in sol)


def test_ladder_spe_by_hand_and_brute_force():
    g = ladder(pi=0.3, war_resolved=1.0)
    sol = subgame_perfect(g)
    assert sol.concept == "subgame perfect" and "every pure" in sol.covers
    assert _pure_profiles(sol) == _brute_force_spe(g)
    # by hand: a resolved challenger fights (1 > -1), so the defender concedes (-1 > -2) and
    # the resolved type threatens; an irresolute one backs down, the defender resists, and
    # the irresolute type keeps the status quo (0 > -1)
    (e,) = sol
    assert dict(e.outcomes) == pytest.approx({"status_quo": 0.7, "concession": 0.3, "backdown": 0.0, "war": 0.0})
    assert e.escalation_probability == 0.0
    assert e.certificate["max_regret"] == pytest.approx(0.0, abs=1e-12)


def test_ties_branch_into_every_spe():
    # the resolved type is indifferent between fighting and backing down (both -1)
    g = ladder(pi=0.5, war_resolved=-1.0)
    sol = subgame_perfect(g)
    assert len(sol) > 1
    assert _pure_profiles(sol) == _brute_force_spe(g)
    lo, hi = sol.escalation_range
    assert lo == 0.0 and hi >= 0.0


@pytest.mark.parametrize("seed", range(25))
def test_random_perfect_information_trees_spe_matches_brute_force(seed):
    g = random_tree(seed, n_players=int(2 + seed % 2), max_depth=3, p_merge=0.0, p_chance=0.25, decimals=1)
    sol = subgame_perfect(g)
    assert _pure_profiles(sol) == _brute_force_spe(g)
    for e in sol:
        assert e.certificate["max_regret"] <= 1e-12
        assert sum(e.outcomes.values()) == pytest.approx(1.0)


def test_spe_refuses_imperfect_information():
    with pytest.raises(ParameterError, match="information set 'looks resolved' has 2 nodes"):
        subgame_perfect(ladder(accuracy=0.8))


# ---------------------------------------------------------------------------------------
# Nash equilibria by the sequence form vs the strategic form
# ---------------------------------------------------------------------------------------


def _strategic_form(g: ExtensiveGame):
    strat = [list(itertools.product(*[range(len(I.actions)) for I in g.infosets if I.player == i])) for i in (0, 1)]
    own = [[h for h, I in enumerate(g.infosets) if I.player == i] for i in (0, 1)]
    A = np.zeros((len(strat[0]), len(strat[1])))
    B = np.zeros_like(A)
    for r, s0 in enumerate(strat[0]):
        for c, s1 in enumerate(strat[1]):
            b = [None] * len(g.infosets)
            for i, s in ((0, s0), (1, s1)):
                for h, a in zip(own[i], s, strict=True):
                    b[h] = np.eye(len(g.infosets[h].actions))[a]
            u = g.expected_payoffs(b)
            A[r, c], B[r, c] = u
    return strat, own, A, B


def _outcome_set(g, dists):
    return sorted({tuple(np.round(d, 7)) for d in dists})


def _strategic_outcomes(g):
    strat, own, A, B = _strategic_form(g)
    dists = []
    for x, y in nash_equilibria(BimatrixGame(A, B)):
        pz = np.zeros(len(g.terminals))
        for r, c in itertools.product(np.flatnonzero(x > 0), np.flatnonzero(y > 0)):
            b = [None] * len(g.infosets)
            for i, s in ((0, strat[0][r]), (1, strat[1][c])):
                for h, a in zip(own[i], s, strict=True):
                    b[h] = np.eye(len(g.infosets[h].actions))[a]
            pz += x[r] * y[c] * g.terminal_probabilities(b)
        dists.append(list(g.outcome_distribution(pz).values()))
    return _outcome_set(g, dists)


def test_sequence_form_matrices_of_a_small_tree():
    g = ladder(pi=0.25)
    sf = sequence_form(g)
    # the payoff of (empty, empty) is the status quo (0); E has one row per information set plus one
    assert sf.E.shape == (1 + 4, 1 + 8) and sf.F.shape == (1 + 2, 1 + 4)
    # A summed over every pair of sequences equals the payoff of "everyone plays every action"
    # weighted by chance: check the reach-weighted total payoff of player 1 instead
    assert sf.A.sum() == pytest.approx(float(g.chance_reach() @ g.payoffs[:, 0]))
    assert sf.B.sum() == pytest.approx(float(g.chance_reach() @ g.payoffs[:, 1]))


@pytest.mark.filterwarnings("ignore::deterrence_games.warnings.DegenerateGameWarning")
@pytest.mark.parametrize("seed", range(12))
def test_sequence_form_nash_matches_strategic_form(seed):
    g = random_tree(100 + seed, max_depth=3, actions=(2, 2), p_merge=0.7, p_chance=0.2)
    if sum(I.player == 0 for I in g.infosets) > 4 or sum(I.player == 1 for I in g.infosets) > 4:
        pytest.skip("strategic form too large for the reference")
    sol = sequence_form_nash(g)
    for e in sol:
        assert e.certificate["max_regret"] <= 1e-9
    ours = _outcome_set(g, [[e.outcomes[o] for o in g.outcomes] for e in sol])
    assert ours == _strategic_outcomes(g)


def test_ladder_with_signal_nash_equilibria_are_certified():
    g = ladder(accuracy=0.8)
    sol = tree_equilibria(g)  # not sender-receiver: the challenger moves again after the defender
    assert sol.concept == "Nash" and "every extreme" in sol.covers
    assert len(sol) >= 1
    for e in sol:
        assert e.certificate["max_regret"] <= 1e-9
        assert e.escalation_probability == pytest.approx(e.outcomes["war"])


def test_three_players_with_imperfect_information_is_refused():
    g = ExtensiveGame(["A", "B", "C"], decision("A", {
        a: decision("B", {b: decision("C", {c: terminal("o", (1, 2, 3)) for c in "xy"}, infoset="C")
                          for b in "lr"}, infoset="B") for a in "ud"}))
    with pytest.raises(ParameterError, match="3 players is not supported"):
        tree_equilibria(g)
    with pytest.raises(ParameterError, match="`concept`"):
        tree_equilibria(g, concept="sequential")


# ---------------------------------------------------------------------------------------
# sender-receiver trees through the signaling engine
# ---------------------------------------------------------------------------------------

U_S = [[[1, 3], [0, 2]], [[0, 2], [1, 3]]]
U_R = [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]
TYPES, MESSAGES, ACTIONS = ["weak", "strong"], ["quiche", "beer"], ["duel", "not"]


def _beer_quiche_tree(prior=(0.1, 0.9)):
    def out(t, a):
        return "fight" if ACTIONS[a] == "duel" else "peace"
    return ExtensiveGame(["Sender", "Receiver"], chance({
        TYPES[t]: (prior[t], decision("Sender", {
            MESSAGES[m]: decision("Receiver", {ACTIONS[a]: terminal(out(t, a), (U_S[t][m][a], U_R[t][m][a]))
                                               for a in range(2)}, infoset=MESSAGES[m])
            for m in range(2)})) for t in range(2)}), escalatory={"fight"})


def test_beer_quiche_tree_gives_the_signaling_engines_pbe():
    g = _beer_quiche_tree()
    sg, info = g.to_signaling_game()
    direct = SignalingGame(TYPES, [0.1, 0.9], MESSAGES, ACTIONS, U_S, U_R)
    np.testing.assert_array_equal(sg.u_S, direct.u_S)
    np.testing.assert_array_equal(sg.u_R, direct.u_R)
    sol = tree_equilibria(g)
    assert sol.concept == "perfect Bayesian" and "every PBE" in sol.covers
    ref = pbe(direct)
    assert len(sol) == len(ref)
    for e, r in zip(sol, ref, strict=True):
        assert e.label == r.label and e.flags["intuitive"] == r.flags["intuitive"]
        # Pr(duel) by hand from (sigma, rho): sum_t prior_t sum_m sigma[t, m] rho[m, duel]
        duel = sum([0.1, 0.9][t] * r.sigma[t, m] * r.rho[m, 0] for t in range(2) for m in range(2))
        assert e.escalation_probability == pytest.approx(duel)
        assert e.certificate["max_regret"] <= 1e-9


def _hotline_tree(h):
    """The sender's message reaches the receiver only if the hotline works (probability h)."""
    def after(t, m):
        def rec(label):
            return decision("Receiver", {ACTIONS[a]: terminal("fight" if a == 0 else "peace",
                                                             (U_S[t][m][a], U_R[t][m][a])) for a in range(2)},
                            infoset=label)
        return chance({"works": (h, rec(MESSAGES[m])), "down": (1 - h, rec("silence"))})

    return ExtensiveGame(["Sender", "Receiver"], chance({
        TYPES[t]: ([0.1, 0.9][t], decision("Sender", {MESSAGES[m]: after(t, m) for m in range(2)}))
        for t in range(2)}), escalatory={"fight"})


def test_h0_hotline_tree_is_solved_and_matches_the_tree_without_hotline():
    sol = tree_pbe(_hotline_tree(0.0))
    assert any("'quiche' has probability zero" in w for w in sol.warnings)
    assert all(e.strategies["unreached"] == ("quiche", "beer") for e in sol)

    def rec(t, m):
        return decision("Receiver", {ACTIONS[a]: terminal("fight" if a == 0 else "peace", (U_S[t][m][a], U_R[t][m][a]))
                                     for a in range(2)}, infoset="silence")
    without = ExtensiveGame(["Sender", "Receiver"], chance({
        TYPES[t]: ([0.1, 0.9][t], decision("Sender", {MESSAGES[m]: rec(t, m) for m in range(2)}))
        for t in range(2)}), escalatory={"fight"})
    ref = tree_pbe(without)
    assert [e.label for e in sol] == [e.label for e in ref]
    for a, b in zip(sol, ref, strict=True):
        assert dict(a.outcomes) == pytest.approx(dict(b.outcomes))
    # without the hotline the receiver duels iff Pr(weak) > 1/2: never at prior 0.1
    assert all(e.escalation_probability == pytest.approx(0.0) for e in ref)


# ---------------------------------------------------------------------------------------
# .efg round trip (ours -> ours); the pygambit round trip is in test_tree_peer.py
# ---------------------------------------------------------------------------------------


def _same_tree(a: ExtensiveGame, b: ExtensiveGame) -> bool:
    return (a.players == b.players and a.node_kind == b.node_kind and a.node_children == b.node_children
            and a.node_infoset == b.node_infoset and [I.label for I in a.infosets] == [I.label for I in b.infosets]
            and [I.actions for I in a.infosets] == [I.actions for I in b.infosets]
            and a.terminal_outcomes == b.terminal_outcomes and np.allclose(a.payoffs, b.payoffs, atol=1e-12)
            and all((p is None) == (q is None) and (p is None or np.allclose(p, q, atol=1e-9))
                    for p, q in zip(a.chance_probs, b.chance_probs, strict=True)))


@pytest.mark.parametrize("g", [ladder(), ladder(accuracy=0.8), _hotline_tree(0.0), random_tree(7)],
                         ids=["ladder", "signal", "hotline", "random"])
def test_efg_round_trip(g):
    back = read_efg(g.to_efg(), escalatory=g.escalatory)
    assert _same_tree(g, back) and back.escalatory == g.escalatory


def test_efg_import_of_a_gambit_file_with_outcomes_at_inner_nodes():
    text = '''EFG 2 R "two stages" { "Player 1" "Player 2" }
"a comment"

p "" 1 1 "(1,1)" { "H" "L" } 1 "cost" { -1, 0 }
p "" 2 1 "(2,1)" { "h" "l" } 0
t "" 2 "war" { 10, 2 }
t "" 3 "peace" { 0, 1/2 }
p "" 2 1 "(2,1)" { "h" "l" } 0
t "" 2 "war" { 10, 2 }
t "" 4 { 4.5, 0 }
'''
    g = read_efg(text, escalatory={"war"})
    assert g.players == ("Player 1", "Player 2") and g.name == "two stages"
    assert g.terminal_outcomes == ("war", "peace", "war", "z4")
    # the root outcome "cost" (-1, 0) accrues on every path
    np.testing.assert_allclose(g.payoffs, [[9, 2], [-1, 0.5], [9, 2], [3.5, 0]])
    assert [I.label for I in g.infosets] == ["(1,1)", "(2,1)"]
    with pytest.raises(ParameterError, match="`text`.*version 2"):
        read_efg('EFG 1 R "x" { "a" }\n')
    with pytest.raises(ParameterError, match="`text`"):
        read_efg(text.replace('t "" 4 { 4.5, 0 }', 't "" 5 "x" { 4.5 }'))


# ---------------------------------------------------------------------------------------
# logit agent QRE
# ---------------------------------------------------------------------------------------


def test_tree_qre_matches_the_signaling_logit_qre_on_a_sender_receiver_tree():
    from deterrence_games.solvers.extensive import tree_qre
    from deterrence_games.solvers.qre import logit_qre

    g = _beer_quiche_tree()
    sg, info = g.to_signaling_game()
    lams = [0.0, 0.5, 2.0, 6.0]
    sol = tree_qre(g, lams)
    assert sol.concept == "logit agent QRE" and [e.quantities["lambda"] for e in sol] == lams
    path = logit_qre(sg, lambda_max=6.0)
    for e in sol:
        probs = path.at(e.quantities["lambda"]).probabilities  # agents: the types, then the observations
        sigma, rho = probs[:2], probs[2:]
        for t, h in enumerate(info["sender_infosets"]):
            np.testing.assert_allclose(e.strategies[g.infosets[h].label], sigma[t], atol=1e-6)
        for k, h in enumerate(info["receiver_infosets"]):
            np.testing.assert_allclose(e.strategies[g.infosets[h].label], rho[k], atol=1e-6)
    # lambda = 0: uniform play, Pr(duel) = 1/2
    assert sol[0].escalation_probability == pytest.approx(0.5)


def test_tree_qre_approaches_an_equilibrium():
    from deterrence_games.solvers.extensive import tree_qre

    g = ladder(accuracy=0.8)
    sol = tree_qre(g, [1.0, 10.0, 100.0])
    regrets = [e.certificate["max_regret"] for e in sol]
    assert regrets[-1] < 0.02 and regrets[-1] < regrets[0]
    with pytest.raises(ParameterError, match="`lambdas`"):
        tree_qre(g, [-1.0])


def test_signaling_game_efg_export_reads_back_as_the_same_signaling_game():
    from deterrence_games.games.information import binary_signal
    from deterrence_games.games.signaling import type_signal_garbling

    K, obs = type_signal_garbling(binary_signal(0.75, ("weak", "strong")), 2, MESSAGES)
    sg = SignalingGame(TYPES, [0.25, 0.75], MESSAGES, ACTIONS, U_S, U_R, garbling=K, observations=obs)
    tree = read_efg(sg.to_efg())
    back, _ = tree.to_signaling_game()
    assert back.types == sg.types and back.messages == sg.messages and back.actions == sg.actions
    assert back.observations == sg.observations
    np.testing.assert_allclose(back.prior, sg.prior)
    np.testing.assert_allclose(back.observation_kernel, sg.observation_kernel)
    np.testing.assert_array_equal(back.u_S, sg.u_S)
    np.testing.assert_array_equal(back.u_R, sg.u_R)


def test_pbe_refuses_a_tree_that_is_not_sender_receiver_and_names_why():
    with pytest.raises(ParameterError, match="message 'status quo' the receiver does not move"):
        tree_pbe(ladder(accuracy=0.8))
    with pytest.raises(ParameterError, match="root is not a chance move"):
        tree_equilibria(ExtensiveGame(["A", "B"], decision("A", {"x": terminal("o", (0, 0))})), concept="pbe")


def test_games_pickle_and_escalatory_can_be_changed():
    import pickle

    g = ladder(accuracy=0.8)
    g2 = pickle.loads(pickle.dumps(g))
    assert g2 == g and g2.node_sequences(5) == g.node_sequences(5)
    sol = subgame_perfect(ladder())
    h = ladder().with_escalatory({"war", "backdown"})
    assert h.escalatory == {"war", "backdown"} and ladder().escalatory == {"war"}
    with pytest.raises(ParameterError, match="`escalatory`"):
        ladder().with_escalatory({"nuclear"})
    frame = sol.to_frame()
    assert {"prob_war", "escalation_probability", "payoff_Challenger"} <= set(frame.columns)
    assert "subgame perfect" in str(sol) and sol.to_dict()["covers"] == sol.covers


def test_signaling_outcomes_survive_the_efg_and_tree_pbe_agrees_with_pbe():
    def out(t, m, a):
        return "fight" if a == "duel" else "peace"

    sg = SignalingGame(TYPES, [0.4, 0.6], MESSAGES, ACTIONS, U_S, U_R, outcomes=out, escalatory={"fight"})
    tree = read_efg(sg.to_efg(), escalatory={"fight"})
    assert set(tree.terminal_outcomes) == {"fight", "peace"}
    sol, ref = tree_pbe(tree), pbe(sg)
    assert len(sol) == len(ref) > 0
    for e, r in zip(sol, ref, strict=True):
        assert e.escalation_probability == pytest.approx(sg.escalation_probability(r.sigma, r.rho), abs=1e-12)
        assert dict(e.outcomes) == pytest.approx(sg.outcome_probabilities(r.sigma, r.rho))


def test_tree_solution_html_says_what_it_covers():
    html = subgame_perfect(ladder())._repr_html_()
    assert "every pure-strategy subgame-perfect equilibrium" in html and "<table" in html


def test_read_efg_from_a_path(tmp_path):
    f = tmp_path / "ladder.efg"
    f.write_text(ladder().to_efg())
    assert _same_tree(read_efg(f, escalatory={"war"}), ladder())
    with pytest.raises(TypeError, match="`text`"):
        read_efg(3)
