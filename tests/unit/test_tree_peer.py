"""The game-tree builder against pygambit (test-only peer; GPL, never imported by the package).

* Nash equilibria: on random two-player trees with perfect recall, chance moves and
  non-trivial information sets, the set of equilibrium outcome distributions (probabilities of
  the terminal nodes) from our sequence-form vertex enumeration equals the one from
  pygambit's ``enummixed_solve`` (every extreme equilibrium of the strategic form). With
  generic payoffs the outcome is constant on each connected component of equilibria
  (Kreps and Wilson 1982), and both methods return the extreme points of every component,
  so the two sets must coincide. 50 trees in the default run, 200 in the slow one.
* ``.efg``: our export is read by pygambit (``read_efg``), written back by pygambit
  (``to_efg``) and read by our import, giving the same tree.
"""

from __future__ import annotations

import io

import numpy as np
import pytest

from deterrence_games.games.tree import ExtensiveGame, random_tree, read_efg
from deterrence_games.solvers.extensive import sequence_form_nash

gbt = pytest.importorskip("pygambit")

pytestmark = pytest.mark.peer


def _terminals(node, out):
    if not node.children:
        out.append(node)
    for c in node.children:
        _terminals(c, out)
    return out


def _tree(seed: int) -> ExtensiveGame:
    return random_tree(seed, max_depth=3, actions=(2, 3), p_merge=0.6, p_chance=0.2)


def _reduced_strategies(g: ExtensiveGame, i: int) -> int:
    """Number of reduced pure strategies of player i: r(s) = prod_{h after s} sum_a r(s h a)."""
    after: dict = {}
    for h, I in enumerate(g.infosets):
        if I.player == i:
            after.setdefault(I.sequence[-1] if I.sequence else (), []).append(h)

    def r(s) -> int:
        out = 1
        for h in after.get(s, []):
            out *= sum(r((h, a)) for a in range(len(g.infosets[h].actions)))
        return out

    return r(())


def _seeds(n: int) -> list[int]:
    """The first n seeds whose tree has information sets and a strategic form small enough for
    pygambit's enumeration (at most 120 reduced strategy pairs)."""
    out, seed = [], 0
    while len(out) < n:
        g = _tree(seed)
        if g.infosets and _reduced_strategies(g, 0) * _reduced_strategies(g, 1) <= 120:
            out.append(seed)
        seed += 1
    return out


SEEDS = _seeds(200)


def _check_against_gambit(seed: int) -> None:
    g = _tree(seed)
    sol = sequence_form_nash(g)
    assert len(sol) >= 1
    ours = sorted({tuple(np.round([e.outcomes[o] for o in g.outcomes], 6)) for e in sol})
    for e in sol:
        assert e.certificate["max_regret"] <= 1e-9
    gg = gbt.read_efg(io.StringIO(g.to_efg()))
    assert gg.is_perfect_recall
    terms = _terminals(gg.root, [])
    theirs = set()
    assert [len(p.strategies) for p in gg.players] == [_reduced_strategies(g, 0), _reduced_strategies(g, 1)]
    for eq in gbt.nash.enummixed_solve(gg, rational=False).equilibria:
        b = eq.as_behavior()
        pz = np.array([float(b.realiz_prob(n)) for n in terms])
        theirs.add(tuple(np.round(list(g.outcome_distribution(pz).values()), 6)))
    assert ours == sorted(theirs), f"seed {seed}"


@pytest.mark.parametrize("seed", SEEDS[:50])
def test_nash_outcomes_match_pygambit(seed):
    _check_against_gambit(seed)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS[50:])
def test_nash_outcomes_match_pygambit_200_trees(seed):
    _check_against_gambit(seed)


def _same_tree(a: ExtensiveGame, b: ExtensiveGame) -> bool:
    return (a.players == b.players and a.node_kind == b.node_kind and a.node_children == b.node_children
            and a.node_infoset == b.node_infoset and [I.label for I in a.infosets] == [I.label for I in b.infosets]
            and [I.actions for I in a.infosets] == [I.actions for I in b.infosets]
            and a.terminal_outcomes == b.terminal_outcomes and np.allclose(a.payoffs, b.payoffs, atol=1e-12)
            and all((p is None) == (q is None) and (p is None or np.allclose(p, q, atol=1e-9))
                    for p, q in zip(a.chance_probs, b.chance_probs, strict=True)))


@pytest.mark.parametrize("seed", range(10))
def test_efg_round_trips_through_pygambit(seed):
    g = random_tree(1000 + seed, max_depth=4)
    gg = gbt.read_efg(io.StringIO(g.to_efg()))
    assert len(gg.players) == 2 and len(_terminals(gg.root, [])) == len(g.terminals)
    assert len(gg.infosets) == len(g.infosets) and gg.is_perfect_recall
    back = read_efg(gg.to_efg())
    assert _same_tree(g, back)


@pytest.mark.parametrize("seed", range(6))
def test_logit_qre_limit_matches_pygambit(seed):
    """Our principal branch at lambda = 300 and pygambit's traced limit (``logit_solve``,
    agent form) give the same terminal distribution, within the branch's distance to its limit."""
    from deterrence_games.solvers.extensive import tree_qre

    g = random_tree(seed)
    e = tree_qre(g, 300.0)[0]
    gg = gbt.read_efg(io.StringIO(g.to_efg()))
    eq = gbt.nash.logit_solve(gg, use_strategic=False).equilibria[0]
    theirs = np.array([float(eq.realiz_prob(n)) for n in _terminals(gg.root, [])])
    ours = g.terminal_probabilities([e.strategies[I.label] for I in g.infosets])
    np.testing.assert_allclose(ours, theirs, atol=1e-5)
