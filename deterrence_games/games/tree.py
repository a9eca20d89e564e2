r"""Finite extensive-form (tree) games: the escalation ladders drawn on paper.

A tree is built from four constructors and handed to :class:`ExtensiveGame`:

* :func:`decision` -- a player moves; nodes given the same ``infoset`` label form one
  information set (the mover cannot tell them apart);
* :func:`chance` -- nature moves with given probabilities (types, accidents, a hotline
  that works with probability ``h``); zero probabilities are allowed;
* :func:`signal` -- a chance move that reports a state correctly with probability
  ``accuracy`` (transparency, inspections);
* :func:`terminal` -- the game ends in a named *outcome* (``"war"``, ``"concession"``)
  with one payoff per player.

Conventions. Players are indexed ``0, 1, ...`` in the order of ``players``; information
sets are indexed in the order their first node is met in a depth-first, left-to-right
walk of the tree; a *behaviour profile* is a sequence with one probability vector per
information set. The *sequence* of player ``i`` leading to a node is the list of
``(information set, action)`` pairs of ``i`` on the path from the root (Kuhn 1953;
Koller, Megiddo and von Stengel 1996); the game must have perfect recall (all nodes of
an information set have the same own sequence), which is checked.

References
----------
Kuhn, H. W. (1953), "Extensive games and the problem of information", in *Contributions
to the Theory of Games II*, Princeton.
Koller, D., Megiddo, N. and von Stengel, B. (1996), "Efficient computation of equilibria
for extensive two-person games", GEB 14(2).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validation import ParameterError, check_probability

__all__ = ["ExtensiveGame", "Infoset", "chance", "decision", "random_tree", "read_efg", "signal", "terminal"]

#: a behaviour profile: one probability vector per information set, or a mapping from their labels
Behaviour = Sequence[ArrayLike] | Mapping[str, ArrayLike]

_BEHAVIOUR_PARAMETERS = """Parameters
        ----------
        behaviour : sequence of array_like, or mapping of str to array_like
            One probability vector over the actions of each information set (in the order
            of ``infosets``), or a mapping from information-set labels."""


def _behaviour_doc(method: Any) -> Any:
    """Write the one Parameters section of the methods of a behaviour profile into ``{parameters}``."""
    method.__doc__ = method.__doc__.replace("{parameters}", _BEHAVIOUR_PARAMETERS)
    return method


# ---------------------------------------------------------------------------------------
# Builder nodes (plain, immutable descriptions of a subtree)
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Decision:
    player: str
    moves: tuple[tuple[str, Any], ...]
    infoset: str | None


@dataclass(frozen=True)
class _Chance:
    moves: tuple[tuple[str, float, Any], ...]


@dataclass(frozen=True)
class _Terminal:
    outcome: str
    payoffs: tuple[float, ...] | None


def _labels_of(moves: Iterable[str], where: str) -> None:
    seen: set[str] = set()
    for a in moves:
        if not isinstance(a, str) or not a:
            raise ParameterError("moves", a, "non-empty string action labels", where)
        if a in seen:
            raise ParameterError("moves", a, "distinct action labels at a node", where)
        seen.add(a)


def decision(player: str, moves: Mapping[str, Any], infoset: str | None = None) -> _Decision:
    """A node where ``player`` chooses among ``moves`` (action label -> subtree).

    Nodes built with the same ``infoset`` label (and the same player and actions) form one
    information set; without a label the node is its own information set.

    Parameters
    ----------
    player : str
        The player who moves (one of the game's ``players``).
    moves : mapping of str to node
        Each action's label and the subtree it leads to.
    infoset : str, optional
        Label of the information set the node belongs to.

    Returns
    -------
    node
        A decision node for :class:`ExtensiveGame`.
    """
    if not isinstance(player, str) or not player:
        raise ParameterError("player", player, "a non-empty player name")
    if not isinstance(moves, Mapping) or not moves:
        raise ParameterError("moves", moves, "a non-empty mapping action -> subtree", f"at {player}'s node")
    _labels_of(moves, f"at {player}'s node")
    if infoset is not None and (not isinstance(infoset, str) or not infoset):
        raise ParameterError("infoset", infoset, "a non-empty label or None")
    return _Decision(player, tuple(moves.items()), infoset)


def chance(moves: Mapping[str, tuple[float, Any]]) -> _Chance:
    """A chance node: ``moves`` maps each label to ``(probability, subtree)``.

    Probabilities must be in [0, 1] and sum to 1; a zero-probability branch is kept (e.g. a
    hotline that works with probability ``h = 0``).

    Parameters
    ----------
    moves : mapping of str to (float, node)
        Each branch's label, its probability and its subtree (:func:`decision`,
        :func:`chance`, :func:`signal` or :func:`terminal`).

    Returns
    -------
    node
        A chance node for :class:`ExtensiveGame`.
    """
    if not isinstance(moves, Mapping) or not moves:
        raise ParameterError("moves", moves, "a non-empty mapping label -> (probability, subtree)")
    _labels_of(moves, "at a chance node")
    out = []
    for a, v in moves.items():
        if not (isinstance(v, tuple) and len(v) == 2):
            raise ParameterError(f"moves[{a!r}]", v, "a pair (probability, subtree)")
        out.append((a, check_probability(f"moves[{a!r}]", v[0]), v[1]))
    total = sum(p for _, p, _ in out)
    if abs(total - 1.0) > 1e-9:
        raise ParameterError("moves", total, "chance probabilities summing to 1",
                             f"labels {[a for a, _, _ in out]}")
    return _Chance(tuple(out))


def signal(accuracy: float, truth: str, moves: Mapping[str, Any]) -> _Chance:
    """A noisy signal: reports ``truth`` with probability ``accuracy``.

    ``moves`` maps each possible report to its subtree; the wrong reports share
    ``1 - accuracy`` equally. ``accuracy = 1`` is full transparency, ``1 / len(moves)`` an
    uninformative signal.

    Parameters
    ----------
    accuracy : float
        Probability of the true report, ``0 <= accuracy <= 1``.
    truth : str
        The key of ``moves`` that is the true report.
    moves : mapping of str to node
        Each possible report and its subtree.

    Returns
    -------
    node
        A chance node for :class:`ExtensiveGame`.
    """
    q = check_probability("accuracy", accuracy)
    if not isinstance(moves, Mapping) or len(moves) < 2:
        raise ParameterError("moves", moves, "a mapping with at least two reports -> subtree")
    if truth not in moves:
        raise ParameterError("truth", truth, f"one of the reports {list(moves)}")
    wrong = (1.0 - q) / (len(moves) - 1)
    return chance({a: (q if a == truth else wrong, sub) for a, sub in moves.items()})


def terminal(outcome: str, payoffs: Sequence[float] | None = None) -> _Terminal:
    """The end of the game in the named ``outcome``, with one payoff per player.

    ``payoffs`` may be omitted when the game is given ``outcome_payoffs``.

    Parameters
    ----------
    outcome : str
        The outcome's name (e.g. ``"war"``); the game's ``escalatory`` names a subset.
    payoffs : sequence of float, optional
        One payoff per player, in the order of the game's ``players``.

    Returns
    -------
    node
        A terminal node for :class:`ExtensiveGame`.
    """
    if not isinstance(outcome, str) or not outcome:
        raise ParameterError("outcome", outcome, "a non-empty outcome name")
    if payoffs is not None:
        try:
            pay = tuple(float(x) for x in payoffs)
        except (TypeError, ValueError):
            raise TypeError(f"`payoffs` of outcome {outcome!r} must be a sequence of numbers (got {payoffs!r})") from None
        if not all(np.isfinite(pay)):
            raise ParameterError("payoffs", pay, "finite numbers", f"at outcome {outcome!r}")
        payoffs = pay
    return _Terminal(outcome, payoffs)


# ---------------------------------------------------------------------------------------
# The game
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Infoset:
    """An information set: who moves, its label, its actions and its nodes.

    ``sequence`` is the mover's own sequence leading to it, ``(infoset, action)`` index
    pairs (empty at the mover's first move); ``player`` is -1 for chance.
    """

    player: int
    label: str
    actions: tuple[str, ...]
    nodes: tuple[int, ...]
    sequence: tuple[tuple[int, int], ...]


@dataclass(frozen=True, eq=False, init=False)
class ExtensiveGame:
    r"""A finite game tree with chance moves, information sets and named outcomes.

    Parameters
    ----------
    players : sequence of str
        The players' names, in the order of the payoff vectors.
    root : subtree
        Built with :func:`decision`, :func:`chance`, :func:`signal` and :func:`terminal`.
    escalatory : iterable of str, optional
        The outcomes that count as escalation; ``escalation_probability`` is their mass.
    outcome_payoffs : mapping str -> sequence of float, optional
        Payoffs of the outcomes whose :func:`terminal` carries none.
    name : str
        A short label for reprs and the ``.efg`` export.

    Attributes
    ----------
    infosets : tuple of Infoset
        Every player's information sets (chance nodes are not listed).
    terminals : tuple of int
        The terminal nodes, left to right.
    payoffs : ndarray, shape (n_terminals, n_players)
    terminal_outcomes : tuple of str
        The outcome of each terminal.
    outcomes : tuple of str
        Distinct outcome names, in order of first appearance.
    node_kind, node_parent, node_children, node_infoset, node_terminal : tuple
        The flattened tree, nodes numbered depth first, left to right (a parent before its
        children): ``"decision"``/``"chance"``/``"terminal"``, the parent (-1 at the root),
        the children in action order, the information set of a decision node and the
        terminal index of a terminal node (-1 otherwise).
    chance_probs, chance_labels : tuple
        At chance nodes, the probabilities and labels of the moves (None elsewhere).

    Examples
    --------
    A three-rung escalation ladder: the challenger threatens or not, the defender resists
    or concedes, the challenger then backs down or fights; nature first decides whether the
    challenger is resolved (probability ``pi``), and the defender sees a signal of it with
    ``accuracy`` 0.8 before deciding.

    >>> from deterrence_games.games.tree import ExtensiveGame, chance, decision, signal, terminal
    >>> def ladder(resolved):
    ...     war = 1.0 if resolved else -1.0
    ...     return decision("Challenger", {
    ...         "status quo": terminal("status_quo", (0, 0)),
    ...         "threaten": signal(0.8, "looks resolved" if resolved else "looks bluffing", {
    ...             s: decision("Defender", {
    ...                 "concede": terminal("concession", (1, -1)),
    ...                 "resist": decision("Challenger", {
    ...                     "back down": terminal("backdown", (-1, 1)),
    ...                     "fight": terminal("war", (war, -2)),
    ...                 }),
    ...             }, infoset=s) for s in ("looks resolved", "looks bluffing")}),
    ...     })
    >>> g = ExtensiveGame(["Challenger", "Defender"],
    ...                   chance({"resolved": (0.3, ladder(True)), "irresolute": (0.7, ladder(False))}),
    ...                   escalatory={"war"})
    >>> g
    <ExtensiveGame: 2 players, 8 information sets, 14 terminal nodes, outcomes status_quo, concession, backdown, war>
    >>> g.is_perfect_information
    False
    """

    players: tuple[str, ...]
    infosets: tuple[Infoset, ...]
    terminals: tuple[int, ...]
    payoffs: NDArray[np.float64]
    terminal_outcomes: tuple[str, ...]
    outcomes: tuple[str, ...]
    escalatory: frozenset[str]
    name: str
    # flattened tree (node index = depth-first, left-to-right order)
    node_kind: tuple[str, ...]            # "decision", "chance" or "terminal"
    node_parent: tuple[int, ...]          # -1 at the root
    node_children: tuple[tuple[int, ...], ...]
    node_infoset: tuple[int, ...]         # decision nodes: information-set index; else -1
    chance_probs: tuple[NDArray[np.float64] | None, ...]
    chance_labels: tuple[tuple[str, ...] | None, ...]
    node_terminal: tuple[int, ...]        # terminal index or -1

    def __init__(self, players: Sequence[str], root: Any, *, escalatory: Iterable[str] = (),
                 outcome_payoffs: Mapping[str, Sequence[float]] | None = None, name: str = "") -> None:
        if isinstance(players, str) or not isinstance(players, Sequence):
            raise ParameterError("players", players, "a sequence of player names")
        P = tuple(str(p) for p in players)
        if not P or len(set(P)) != len(P):
            raise ParameterError("players", P, "at least one player, distinct names")
        n = len(P)
        opay = {}
        for o, v in dict(outcome_payoffs or {}).items():
            t = terminal(o, v)
            if len(t.payoffs) != n:  # type: ignore[arg-type]
                raise ParameterError(f"outcome_payoffs[{o!r}]", v, f"{n} payoffs, one per player {list(P)}")
            opay[o] = t.payoffs

        kind: list[str] = []
        parent: list[int] = []
        children: list[list[int]] = []
        node_inf: list[int] = []
        cprobs: list[NDArray | None] = []
        clabels: list[tuple[str, ...] | None] = []
        node_term: list[int] = []
        pay: list[tuple[float, ...]] = []
        touts: list[str] = []
        infosets: list[dict] = []
        by_label: dict[tuple[int, str], int] = {}

        # iterative depth-first walk (ladders can be deep)
        stack: list[tuple[Any, int, str]] = [(root, -1, "")]
        while stack:
            sub, par, path = stack.pop()
            i = len(kind)
            parent.append(par)
            children.append([])
            if par >= 0:
                children[par].append(i)
            where = f"at {path or 'the root'}"
            if isinstance(sub, _Decision):
                if sub.player not in P:
                    raise ParameterError("player", sub.player, f"one of the players {list(P)}", where)
                p = P.index(sub.player)
                acts = tuple(a for a, _ in sub.moves)
                label = sub.infoset if sub.infoset is not None else f"{sub.player}@{path or 'root'}"
                key = (p, label)
                if key not in by_label:
                    by_label[key] = len(infosets)
                    infosets.append({"player": p, "label": label, "actions": acts, "nodes": []})
                h = by_label[key]
                I = infosets[h]
                if I["actions"] != acts:
                    raise ParameterError("moves", acts, f"the actions {list(I['actions'])} of information set {label!r}",
                                         where)
                I["nodes"].append(i)
                kind.append("decision")
                node_inf.append(h)
                cprobs.append(None)
                clabels.append(None)
                node_term.append(-1)
                for a_idx in range(len(sub.moves) - 1, -1, -1):
                    a, child = sub.moves[a_idx]
                    stack.append((child, i, f"{path}/{a}" if path else a))
            elif isinstance(sub, _Chance):
                kind.append("chance")
                node_inf.append(-1)
                cprobs.append(np.array([p for _, p, _ in sub.moves], dtype=float))
                clabels.append(tuple(a for a, _, _ in sub.moves))
                node_term.append(-1)
                for a, _, child in reversed(sub.moves):
                    stack.append((child, i, f"{path}/{a}" if path else a))
            elif isinstance(sub, _Terminal):
                kind.append("terminal")
                node_inf.append(-1)
                cprobs.append(None)
                clabels.append(None)
                node_term.append(len(touts))
                v = sub.payoffs if sub.payoffs is not None else opay.get(sub.outcome)
                if v is None:
                    raise ParameterError("payoffs", None, f"payoffs for outcome {sub.outcome!r}",
                                         f"{where}: give them to terminal() or in `outcome_payoffs`")
                if len(v) != n:
                    raise ParameterError("payoffs", v, f"{n} payoffs, one per player {list(P)}",
                                         f"{where} (outcome {sub.outcome!r})")
                pay.append(tuple(v))
                touts.append(sub.outcome)
            else:
                raise TypeError(f"tree node {where} must be built with decision(), chance(), signal() or "
                                f"terminal() (got {type(sub).__name__})")
        # own sequences (parents precede children): the mover's sequence gains (infoset, action)
        seqs: list[tuple[tuple[tuple[int, int], ...], ...]] = [()] * len(kind)
        seqs[0] = tuple(() for _ in range(n))
        for i in range(len(kind)):
            if kind[i] == "decision":
                h = node_inf[i]
                p = infosets[h]["player"]
                for a, c in enumerate(children[i]):
                    s = list(seqs[i])
                    s[p] = s[p] + ((h, a),)
                    seqs[c] = tuple(s)
            elif kind[i] == "chance":
                for c in children[i]:
                    seqs[c] = seqs[i]
        for I in infosets:
            p = I["player"]
            own = {seqs[v][p] for v in I["nodes"]}
            if len(own) > 1:
                raise ParameterError("infoset", I["label"], "perfect recall: every node of an information set "
                                     "reached by the same own earlier moves",
                                     f"{P[p]} would forget an earlier move of their own; give the nodes different labels")
            I["sequence"] = own.pop()

        outs = tuple(dict.fromkeys(touts))
        esc = frozenset(escalatory) if not isinstance(escalatory, str) else frozenset([escalatory])
        unknown = sorted(esc - set(outs))
        if unknown:
            raise ParameterError("escalatory", unknown[0], f"outcome names of the tree {list(outs)}")
        payarr = np.array(pay, dtype=float).reshape(len(pay), n)
        payarr.setflags(write=False)
        for arr in cprobs:
            if arr is not None:
                arr.setflags(write=False)
        infs = tuple(Infoset(I["player"], I["label"], I["actions"], tuple(I["nodes"]), I["sequence"])
                     for I in infosets)
        labels = [I.label for I in infs]
        if len(set(labels)) != len(labels):
            dup = next(lbl for lbl in labels if labels.count(lbl) > 1)
            raise ParameterError("infoset", dup, "information-set labels distinct across players")
        vals = dict(players=P, infosets=infs, terminals=tuple(i for i in range(len(kind)) if kind[i] == "terminal"),
                    payoffs=payarr, terminal_outcomes=tuple(touts), outcomes=outs, escalatory=esc, name=str(name),
                    node_kind=tuple(kind), node_parent=tuple(parent), node_children=tuple(tuple(c) for c in children),
                    node_infoset=tuple(node_inf), chance_probs=tuple(cprobs), chance_labels=tuple(clabels),
                    node_terminal=tuple(node_term))
        for k, v in vals.items():
            object.__setattr__(self, k, v)
        object.__setattr__(self, "_sequences", tuple(seqs))

    # ------------------------------------------------------------------------------
    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def is_perfect_information(self) -> bool:
        """Every information set is a single node."""
        return all(len(I.nodes) == 1 for I in self.infosets)

    def node_sequences(self, node: int) -> tuple[tuple[tuple[int, int], ...], ...]:
        """Each player's own sequence ``((infoset, action), ...)`` leading to ``node``.

        Parameters
        ----------
        node : int
            A node index (the root is 0).

        Returns
        -------
        tuple of tuple
            One sequence per player.
        """
        return self._sequences[node]  # type: ignore[attr-defined]

    def infoset_index(self, label: str) -> int:
        """Index of the information set called ``label``.

        Parameters
        ----------
        label : str
            An information-set label.

        Returns
        -------
        int

        Raises
        ------
        ParameterError
            No information set has that label.
        """
        for h, I in enumerate(self.infosets):
            if I.label == label:
                return h
        raise ParameterError("label", label, f"an information-set label {[I.label for I in self.infosets]}")

    def chance_reach(self) -> NDArray[np.float64]:
        """Probability of the chance moves on the path to each terminal."""
        r = np.ones(len(self.terminals))
        for z_idx, z in enumerate(self.terminals):
            v, prob = z, 1.0
            while self.node_parent[v] >= 0:
                u = self.node_parent[v]
                if self.node_kind[u] == "chance":
                    prob *= float(self.chance_probs[u][self.node_children[u].index(v)])  # type: ignore[index]
                v = u
            r[z_idx] = prob
        return r

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExtensiveGame):
            return NotImplemented
        return (self.players == other.players and self.node_kind == other.node_kind
                and self.node_children == other.node_children and self.node_infoset == other.node_infoset
                and [I.actions for I in self.infosets] == [I.actions for I in other.infosets]
                and [I.player for I in self.infosets] == [I.player for I in other.infosets]
                and all((a is None and b is None) or (a is not None and b is not None and np.array_equal(a, b))
                        for a, b in zip(self.chance_probs, other.chance_probs, strict=True))
                and np.array_equal(self.payoffs, other.payoffs)
                and self.terminal_outcomes == other.terminal_outcomes and self.escalatory == other.escalatory)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        nm = f" {self.name!r}" if self.name else ""
        return (f"<ExtensiveGame{nm}: {self.n_players} players, {len(self.infosets)} information sets, "
                f"{len(self.terminals)} terminal nodes, outcomes {', '.join(self.outcomes)}>")

    # behaviour profiles --------------------------------------------------------------
    @_behaviour_doc
    def check_behaviour(self, behaviour: Behaviour) -> list[NDArray[np.float64]]:
        """Validate a behaviour profile (one probability vector per information set, or a
        mapping from information-set labels); returns it as a list of arrays.

        {parameters}

        Returns
        -------
        list of numpy.ndarray

        Raises
        ------
        ParameterError
            A missing information set or a vector that is not a distribution over its actions.
        """
        if isinstance(behaviour, Mapping):
            missing = [I.label for I in self.infosets if I.label not in behaviour]
            if missing:
                raise ParameterError("behaviour", missing[0], "a probability vector for every information set")
            behaviour = [behaviour[I.label] for I in self.infosets]
        if len(behaviour) != len(self.infosets):
            raise ParameterError("behaviour", len(behaviour), f"{len(self.infosets)} probability vectors, one per "
                                 "information set")
        out = []
        for I, b in zip(self.infosets, behaviour, strict=True):
            v = np.asarray(b, dtype=float)
            if v.shape != (len(I.actions),) or (v < -1e-9).any() or abs(v.sum() - 1) > 1e-7:
                raise ParameterError(f"behaviour[{I.label!r}]", v, f"a probability vector over {list(I.actions)}")
            out.append(v)
        return out

    @_behaviour_doc
    def terminal_probabilities(self, behaviour: Behaviour) -> NDArray[np.float64]:
        """Probability of reaching each terminal node under a behaviour profile.

        {parameters}

        Returns
        -------
        numpy.ndarray
            One probability per terminal node (chance moves included).
        """
        b = self.check_behaviour(behaviour)
        return self._reach(b)

    def _reach(self, b: Sequence[NDArray]) -> NDArray[np.float64]:
        reach = np.zeros(len(self.node_kind))
        reach[0] = 1.0
        for i, k in enumerate(self.node_kind):  # parents precede children
            if k == "decision":
                for a, c in enumerate(self.node_children[i]):
                    reach[c] = reach[i] * b[self.node_infoset[i]][a]
            elif k == "chance":
                for a, c in enumerate(self.node_children[i]):
                    reach[c] = reach[i] * self.chance_probs[i][a]  # type: ignore[index]
        return reach[list(self.terminals)]

    @_behaviour_doc
    def outcome_probabilities(self, behaviour: Behaviour) -> dict[str, float]:
        """Probability of each named outcome under a behaviour profile.

        {parameters}

        Returns
        -------
        dict of str to float
        """
        return self.outcome_distribution(self.terminal_probabilities(behaviour))

    def outcome_distribution(self, terminal_probs: ArrayLike) -> dict[str, float]:
        """Aggregate terminal-node probabilities into named outcomes.

        Parameters
        ----------
        terminal_probs : array_like
            One probability per terminal node.

        Returns
        -------
        dict of str to float
        """
        pz = np.asarray(terminal_probs, dtype=float)
        out = dict.fromkeys(self.outcomes, 0.0)
        for o, p in zip(self.terminal_outcomes, pz, strict=True):
            out[o] += float(p)
        return out

    @_behaviour_doc
    def escalation_probability(self, behaviour: Behaviour) -> float:
        """Mass of the escalatory outcomes under a behaviour profile.

        {parameters}

        Returns
        -------
        float
        """
        d = self.outcome_probabilities(behaviour)
        return float(sum(d[o] for o in self.escalatory))

    @_behaviour_doc
    def expected_payoffs(self, behaviour: Behaviour) -> NDArray[np.float64]:
        """Each player's expected payoff under a behaviour profile.

        {parameters}

        Returns
        -------
        numpy.ndarray
            One expected payoff per player.
        """
        return self.terminal_probabilities(behaviour) @ self.payoffs

    # conversions -------------------------------------------------------------------------
    def to_signaling_game(self) -> tuple[Any, dict[str, Any]]:
        """The tree as a :class:`~deterrence_games.games.signaling.SignalingGame`, if it is one.

        A sender-receiver tree: two players; the root is a chance move drawing the types
        (positive probabilities); after each type the sender moves at a node that is its own
        information set (the actions are the messages); after each message either the
        receiver moves, or a chance move draws what the receiver observes and then the
        receiver moves; the receiver's information sets (the observations) all have the same
        actions, which end the game with payoffs that do not depend on the observation.

        Returns
        -------
        game : SignalingGame
            Types, messages, observations and actions carry the tree's labels. Receiver
            information sets that no type and message reach are dropped (see the
            signaling game's ``notes``).
        info : dict
            ``sender_infosets`` (per type), ``receiver_infosets`` (per observation of the
            tree), ``unreachable`` (receiver information sets of probability zero whatever
            is played) and ``terminal_of`` (``(t, m, k, a) -> terminal index``).

        Raises
        ------
        ParameterError
            Naming the first feature that is not sender-receiver.
        """
        from .signaling import SignalingGame

        def refuse(why: str) -> ParameterError:
            return ParameterError("game", repr(self), "a sender-receiver tree (chance type, sender message, "
                                  "receiver action)", why)

        if self.n_players != 2:
            raise refuse(f"it has {self.n_players} players")
        kind, ch = self.node_kind, self.node_children
        if kind[0] != "chance":
            raise refuse("the root is not a chance move drawing the types")
        types = self.chance_labels[0]
        prior = self.chance_probs[0]
        if (prior <= 0).any():  # type: ignore[operator]
            raise refuse("a type has prior probability zero")
        s_nodes = ch[0]
        if any(kind[v] != "decision" for v in s_nodes):
            raise refuse("a type is not followed by a move of the sender")
        sender = self.infosets[self.node_infoset[s_nodes[0]]].player
        receiver = 1 - sender
        s_sets = [self.node_infoset[v] for v in s_nodes]
        if any(self.infosets[h].player != sender for h in s_sets):
            raise refuse("the types are not followed by moves of one player")
        if len(set(s_sets)) != len(s_sets):
            raise refuse("the sender does not know the type (two types share an information set)")
        messages = tuple(dict.fromkeys(a for h in s_sets for a in self.infosets[h].actions))
        r_sets: list[int] = []
        paths: list[tuple[int, int, int, float]] = []  # (t, m, receiver node, probability)
        for t, v in enumerate(s_nodes):
            for a, c in enumerate(ch[v]):
                m = messages.index(self.infosets[self.node_infoset[v]].actions[a])
                if kind[c] == "chance":
                    kids = [(u, float(p)) for u, p in zip(ch[c], self.chance_probs[c], strict=True)]  # type: ignore[arg-type]
                else:
                    kids = [(c, 1.0)]
                for u, p in kids:
                    if kind[u] != "decision" or self.infosets[self.node_infoset[u]].player != receiver:
                        raise refuse(f"after type {types[t]!r} and message {messages[m]!r} the receiver does not move")
                    h = self.node_infoset[u]
                    if h not in r_sets:
                        r_sets.append(h)
                    paths.append((t, m, u, p))
        actions = self.infosets[r_sets[0]].actions
        if any(self.infosets[h].actions != actions for h in r_sets):
            raise refuse("the receiver's information sets have different actions")
        nT, nM, nK, nA = len(types), len(messages), len(r_sets), len(actions)
        uS = np.zeros((nT, nM, nA))
        uR = np.zeros((nT, nM, nA))
        seen = np.zeros((nT, nM, nA), dtype=bool)
        kernel = np.zeros((nT, nM, nK))
        av = np.zeros((nT, nM), dtype=bool)
        terminal_of: dict[tuple[int, int, int, int], int] = {}
        for t, m, u, p in paths:
            k = r_sets.index(self.node_infoset[u])
            kernel[t, m, k] += p
            av[t, m] = True
            for a, z in enumerate(ch[u]):
                if kind[z] != "terminal":
                    raise refuse(f"the receiver's action {actions[a]!r} does not end the game")
                zi = self.node_terminal[z]
                pay = self.payoffs[zi]
                if seen[t, m, a] and (pay[sender] != uS[t, m, a] or pay[receiver] != uR[t, m, a]):
                    raise refuse(f"payoffs after type {types[t]!r}, message {messages[m]!r}, action {actions[a]!r} "
                                 "depend on the observation")
                uS[t, m, a], uR[t, m, a] = pay[sender], pay[receiver]
                seen[t, m, a] = True
                terminal_of[(t, m, k, a)] = zi
        obs = tuple(self.infosets[h].label for h in r_sets)
        reach = kernel.sum(axis=(0, 1)) > 0
        unreachable = tuple(h for h, r in zip(r_sets, reach, strict=True) if not r)
        sg = SignalingGame(types, prior, messages, actions, uS, uR, available=av, garbling=kernel,
                           observations=obs, sender=self.players[sender], receiver=self.players[receiver],
                           name=self.name)
        return sg, {"sender_infosets": tuple(s_sets), "receiver_infosets": tuple(r_sets),
                    "unreachable": unreachable, "terminal_of": terminal_of}

    def to_efg(self) -> str:
        """The game in Gambit's ``.efg`` text format (version 2, rational numbers).

        Each terminal node gets its own Gambit outcome named after the tree's outcome; chance
        probabilities and payoffs are written as exact rationals of the stored floats.
        """
        def num(x: float) -> str:
            return str(Fraction(float(x)).limit_denominator(10**12))

        def probs(v: NDArray) -> list[str]:
            fr = [Fraction(float(x)).limit_denominator(10**9) for x in v]
            fr[-1] = 1 - sum(fr[:-1])
            return [str(f) for f in fr]

        lines = [f'EFG 2 R "{_esc(self.name or "tree")}" {{ ' + " ".join(f'"{_esc(p)}"' for p in self.players) + " }",
                 '""', ""]
        per_player: dict[int, int] = {}
        local: dict[int, int] = {}
        for h, I in enumerate(self.infosets):
            per_player[I.player] = per_player.get(I.player, 0) + 1
            local[h] = per_player[I.player]
        n_chance = 0
        written: set[int] = set()
        stack = [0]
        while stack:
            i = stack.pop()
            k = self.node_kind[i]
            if k == "decision":
                h = self.node_infoset[i]
                I = self.infosets[h]
                acts = " ".join(f'"{_esc(a)}"' for a in I.actions)
                lines.append(f'p "" {I.player + 1} {local[h]} "{_esc(I.label)}" {{ {acts} }} 0')
                written.add(h)
            elif k == "chance":
                n_chance += 1
                pr = probs(self.chance_probs[i])  # type: ignore[arg-type]
                body = " ".join(f'"{_esc(a)}" {p}' for a, p in zip(self.chance_labels[i], pr, strict=True))  # type: ignore[arg-type]
                lines.append(f'c "" {n_chance} "" {{ {body} }} 0')
            else:
                z = self.node_terminal[i]
                pay = ", ".join(num(x) for x in self.payoffs[z])
                lines.append(f't "" {z + 1} "{_esc(self.terminal_outcomes[z])}" {{ {pay} }}')
            stack.extend(reversed(self.node_children[i]))
        return "\n".join(lines) + "\n"

    @classmethod
    def from_efg(cls, text: str, *, escalatory: Iterable[str] = (), name: str | None = None) -> ExtensiveGame:
        """Read a game from Gambit's ``.efg`` text format (see :func:`read_efg`).

        Parameters
        ----------
        text : str
            The file's text.
        escalatory : iterable of str, default ()
            Outcome names that count as escalation.
        name : str, optional
            The game's name (default: the file's title).

        Returns
        -------
        ExtensiveGame
        """
        return read_efg(text, escalatory=escalatory, name=name)

    def with_escalatory(self, escalatory: Iterable[str]) -> ExtensiveGame:
        """The same tree with another set of escalatory outcomes.

        Parameters
        ----------
        escalatory : str or iterable of str
            Outcome names of the tree.

        Returns
        -------
        ExtensiveGame

        Raises
        ------
        ParameterError
            A name that is not an outcome of the tree.
        """
        esc = frozenset([escalatory]) if isinstance(escalatory, str) else frozenset(escalatory)
        unknown = sorted(esc - set(self.outcomes))
        if unknown:
            raise ParameterError("escalatory", unknown[0], f"outcome names of the tree {list(self.outcomes)}")
        new = object.__new__(ExtensiveGame)
        for k in (*self.__dataclass_fields__, "_sequences"):
            object.__setattr__(new, k, getattr(self, k))
        object.__setattr__(new, "escalatory", esc)
        return new


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"')


# ---------------------------------------------------------------------------------------
# .efg import
# ---------------------------------------------------------------------------------------

_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|([{}])|,|([^\s{},"]+)', re.S)


def _tokens(text: str) -> list[tuple[str, str]]:
    out = []
    for m in _TOKEN.finditer(text):
        if m.group(1) is not None:
            out.append(("str", re.sub(r"\\(.)", r"\1", m.group(1))))
        elif m.group(2) is not None:
            out.append(("brace", m.group(2)))
        elif m.group(3) is not None:
            out.append(("word", m.group(3)))
    return out


def _number(tok: str, what: str) -> float:
    try:
        if "/" in tok:
            return float(Fraction(tok))
        return float(tok)
    except (ValueError, ZeroDivisionError):
        raise ParameterError("text", tok, f"a number ({what})") from None


def read_efg(text: str | os.PathLike, *, escalatory: Iterable[str] = (), name: str | None = None) -> ExtensiveGame:
    """Read an :class:`ExtensiveGame` from Gambit's ``.efg`` format (version 2).

    Payoffs of outcomes attached to non-terminal nodes are added to those of the terminal
    nodes below them. A terminal node's outcome name is the tree's outcome (``"z<k>"`` when
    it has none). Player information sets keep their labels (``"<player>:<number>"`` when
    unlabelled). Refused: format ``EFG 1`` and files that are not a tree (a line is named).

    Parameters
    ----------
    text : str or path-like
        The file's contents, or a ``pathlib.Path`` to the file.
    escalatory : iterable of str
        Which outcomes count as escalation.
    name : str, optional
        Overrides the title of the file.
    """
    if isinstance(text, os.PathLike):
        text = Path(text).read_text(encoding="utf-8")
    if not isinstance(text, str):
        raise TypeError(f"`text` must be the .efg file's contents or a pathlib.Path (got {type(text).__name__})")
    toks = _tokens(text)
    pos = 0

    def take(kind: str | None = None, what: str = "") -> str:
        nonlocal pos
        if pos >= len(toks):
            raise ParameterError("text", "end of file", f"a complete .efg tree ({what or 'more tokens'} expected)")
        k, v = toks[pos]
        if kind is not None and k != kind:
            raise ParameterError("text", v, f"{what or kind} in the .efg file (token {pos})")
        pos += 1
        return v

    def peek() -> tuple[str, str] | None:
        return toks[pos] if pos < len(toks) else None

    if take("word", "EFG") != "EFG":
        raise ParameterError("text", toks[0][1] if toks else "", "a Gambit .efg file starting with 'EFG 2 R'")
    ver = take("word", "version")
    if ver != "2":
        raise ParameterError("text", f"EFG {ver}", "format version 2 (EFG 2 R)")
    take("word", "R")
    title = take("str", "the title")
    take("brace", "{")
    players: list[str] = []
    while peek() and peek()[0] == "str":  # type: ignore[index]
        players.append(take("str"))
    take("brace", "} after the players")
    if peek() and peek()[0] == "str":  # type: ignore[index]
        take("str")  # comment
    n = len(players)
    infoset_info: dict[tuple[int, int], tuple[str, tuple[str, ...], tuple[float, ...] | None]] = {}
    outcome_info: dict[int, tuple[str, tuple[float, ...]]] = {}

    def read_outcome() -> tuple[int, tuple[float, ...] | None, str]:
        num = int(_number(take("word", "an outcome number"), "outcome number"))
        if num == 0:
            return 0, None, ""
        nm = take("str") if peek() and peek()[0] == "str" else ""  # type: ignore[index]
        pay = None
        if peek() and peek()[1] == "{":  # type: ignore[index]
            take("brace", "{ before payoffs")
            vals = []
            while peek() and peek()[1] != "}":  # type: ignore[index]
                vals.append(_number(take("word", "a payoff"), "payoff"))
            take("brace", "}")
            if len(vals) != n:
                raise ParameterError("text", vals, f"{n} payoffs per outcome", f"outcome {num} {nm!r}")
            pay = tuple(vals)
            outcome_info[num] = (nm, pay)
        elif num in outcome_info:
            nm, pay = nm or outcome_info[num][0], outcome_info[num][1]
        else:
            raise ParameterError("text", num, "an outcome defined with its payoffs before it is reused")
        return num, pay, nm

    def node(acc: tuple[float, ...]) -> Any:
        kind = take("word", "a node type p, c or t")
        if kind not in ("p", "c", "t"):
            raise ParameterError("text", kind, "a node type in {p, c, t}")
        take("str", "a node name")
        if kind == "t":
            num, pay, nm = read_outcome()
            tot = tuple(a + b for a, b in zip(acc, pay or (0.0,) * n, strict=True))
            return terminal(nm or f"z{num}", tot)
        if kind == "p":
            pl = int(_number(take("word", "a player number"), "player"))
            if not 1 <= pl <= n:
                raise ParameterError("text", pl, f"a player number in 1..{n}")
        else:
            pl = 0
        iset = int(_number(take("word", "an information set number"), "information set"))
        label = take("str", "an information set name") if peek() and peek()[0] == "str" else ""  # type: ignore[index]
        acts: list[str] = []
        probs: list[float] = []
        if peek() and peek()[1] == "{":  # type: ignore[index]
            take("brace")
            while peek() and peek()[1] != "}":  # type: ignore[index]
                acts.append(take("str", "an action name"))
                if kind == "c":
                    probs.append(_number(take("word", "a probability"), "chance probability"))
            take("brace", "}")
            key = (pl, iset)
            if key in infoset_info and infoset_info[key][1] != tuple(acts):
                raise ParameterError("text", acts, f"the actions {list(infoset_info[key][1])} of information set {iset}")
            infoset_info[key] = (label, tuple(acts), tuple(probs) if kind == "c" else None)
        elif (pl, iset) in infoset_info:
            label0, a0, p0 = infoset_info[(pl, iset)]
            label = label or label0
            acts = list(a0)
            probs = list(p0 or ())
        else:
            raise ParameterError("text", iset, "an information set whose actions are listed at its first node")
        _num, pay, _nm = read_outcome()
        acc2 = tuple(a + b for a, b in zip(acc, pay or (0.0,) * n, strict=True))
        kids = [node(acc2) for _ in acts]
        if len(set(acts)) != len(acts):
            acts = [f"{a}#{j}" if acts.count(a) > 1 else a for j, a in enumerate(acts)]
        if kind == "c":
            return chance({a: (p, k) for a, p, k in zip(acts, probs, kids, strict=True)})
        key = (pl, iset)
        lab = infoset_info[key][0] or f"{players[pl - 1]}:{iset}"
        return decision(players[pl - 1], dict(zip(acts, kids, strict=True)), infoset=f"{pl}:{iset}\x00{lab}")

    root = node((0.0,) * n)
    if pos != len(toks):
        raise ParameterError("text", toks[pos][1], "the end of the file after the tree (one tree per .efg file)")
    g = ExtensiveGame(players, _strip_keys(root), escalatory=escalatory, name=title if name is None else name)
    return g


def _strip_keys(sub: Any) -> Any:
    """Replace the '<player>:<number>\\0<label>' infoset keys by the labels (kept distinct)."""
    keys: dict[str, str] = {}

    def walk(s: Any) -> Any:
        if isinstance(s, _Decision):
            moves = {a: walk(c) for a, c in s.moves}
            k = s.infoset or ""
            if k not in keys:
                lab = k.split("\x00", 1)[1]
                if lab in keys.values():
                    lab = f"{lab} ({k.split(chr(0), 1)[0]})"
                keys[k] = lab
            return _Decision(s.player, tuple(moves.items()), keys[k])
        if isinstance(s, _Chance):
            return _Chance(tuple((a, p, walk(c)) for a, p, c in s.moves))
        return s

    return walk(sub)



# ---------------------------------------------------------------------------------------
# Random trees (property tests, benchmarks)
# ---------------------------------------------------------------------------------------


def random_tree(rng: int | np.random.Generator | None = None, *, n_players: int = 2, max_depth: int = 3,
                actions: tuple[int, int] = (2, 3), p_chance: float = 0.2, p_merge: float = 0.6,
                p_stop: float = 0.25, decimals: int = 3) -> ExtensiveGame:
    """A random tree with perfect recall, chance moves and non-trivial information sets.

    Nodes are grown breadth first to ``max_depth``; a node is terminal with probability
    ``p_stop`` (always at the last level), a chance move with probability ``p_chance``, else
    a move of a random player with a random number of actions in ``actions``. A player's
    node joins, with probability ``p_merge``, an existing information set of the same
    player, number of actions and own earlier moves (so perfect recall holds). Payoffs are
    uniform on [-1, 1] and chance probabilities Dirichlet(1), rounded to ``decimals``.
    Outcome names are ``"z0", "z1", ...`` (left to right); none is escalatory. Used to test
    the tree solvers against each other and against peers.

    Parameters
    ----------
    rng : int, numpy.random.Generator or None
        Seed or generator.
    n_players : int, default 2
        Number of players.
    max_depth : int, default 3
        Depth of the tree.
    actions : (int, int), default (2, 3)
        Smallest and largest number of actions at a decision node.
    p_chance, p_merge, p_stop : float
        Probabilities of a chance node, of joining an existing information set, and of a
        terminal node before the last level.
    decimals : int, default 3
        Rounding of payoffs and chance probabilities.

    Returns
    -------
    ExtensiveGame
    """
    from .._validation import as_rng

    rng = as_rng(rng)
    scale = 10**decimals
    # nodes: dict(kind, player, n, parent, action, depth, children, label)
    nodes: list[dict] = [{"parent": -1, "action": -1, "depth": 0, "children": []}]
    queue = [0]
    sets: list[dict] = []  # player, n, history, label
    hist: dict[int, tuple] = {0: tuple(() for _ in range(n_players))}
    while queue:
        v = queue.pop(0)
        nd = nodes[v]
        last = nd["depth"] >= max_depth
        u = rng.random()
        if last or (v > 0 and u < p_stop):
            nd["kind"] = "terminal"
            continue
        if u < p_stop + p_chance and v > 0 or (v == 0 and rng.random() < p_chance):
            nd["kind"] = "chance"
            nd["n"] = 2
            p = rng.dirichlet(np.ones(2))
            p0 = np.clip(np.round(p[0] * scale) / scale, 1 / scale, 1 - 1 / scale)
            nd["probs"] = (float(p0), float(round(1 - p0, decimals)))
        else:
            nd["kind"] = "decision"
            i = int(rng.integers(n_players))
            n = int(rng.integers(actions[0], actions[1] + 1))
            h = hist[v][i]
            cand = [s for s in sets if s["player"] == i and s["n"] == n and s["history"] == h]
            if cand and rng.random() < p_merge:
                s = cand[int(rng.integers(len(cand)))]
            else:
                s = {"player": i, "n": n, "history": h, "label": f"P{i + 1}.{len(sets)}"}
                sets.append(s)
            nd["player"], nd["n"], nd["set"] = i, n, s
        for a in range(nd["n"]):
            c = len(nodes)
            nodes.append({"parent": v, "action": a, "depth": nd["depth"] + 1, "children": []})
            nd["children"].append(c)
            hh = list(hist[v])
            if nd["kind"] == "decision":
                hh[nd["player"]] = hh[nd["player"]] + ((nd["set"]["label"], a),)
            hist[c] = tuple(hh)
            queue.append(c)
    players = [f"P{i + 1}" for i in range(n_players)]
    z = iter(range(len(nodes)))

    def build(v: int) -> Any:
        nd = nodes[v]
        if nd["kind"] == "terminal":
            pay = np.round(rng.uniform(-1, 1, n_players) * scale) / scale
            return terminal(f"z{next(z)}", tuple(float(x) for x in pay))
        kids = [build(c) for c in nd["children"]]
        if nd["kind"] == "chance":
            return chance({f"c{a}": (p, k) for a, (p, k) in enumerate(zip(nd["probs"], kids, strict=True))})
        s = nd["set"]
        return decision(players[s["player"]], {f"a{a}": k for a, k in enumerate(kids)}, infoset=s["label"])

    return ExtensiveGame(players, build(0), name="random tree")
