"""Finite public automata in repeated games with public monitoring, and their analysis.

A *public automaton* (Mailath & Samuelson 2006, §2.3 and §7.1) is a finite set of states
W, an initial state w0, an action profile (possibly mixed) f(w) for each state and a
transition rule tau(w' | w, y) on the public signal y (possibly random). A profile of public
strategies represented by an automaton, played in a :class:`~deterrence_games.games.repeated.RepeatedGame`,
induces

* the values V(w) = (1 - delta) u(f(w)) + delta sum_y p(y | f(w)) sum_w' tau(w' | w, y) V(w'),
  a linear system (:func:`automaton_values`);
* a Markov chain on W, M[w, w'] = sum_y p(y | f(w)) tau(w' | w, y) (:func:`induced_chain`),
  hence long-run shares of periods in each state, the expected time to the first period in an
  escalation state and the probability of at least one escalation period within N periods;
* the one-shot deviation gains at every state; the profile is a *perfect public equilibrium*
  (PPE) iff no state has a profitable one-shot deviation (the one-shot deviation principle,
  Mailath & Samuelson 2006, Prop. 7.1.1) (:func:`one_shot_deviation_gains`).

Implementation errors (trembles) are part of the automaton: each player *intends* the state's
action but plays another action with probability ``tremble`` (spread evenly over the other
actions). Deviations are deviations of the intended action, which is then subject to the same
tremble. Perception errors make monitoring private; they are handled by the memory-one chains
(:func:`memory_one_chain`), which are behavioural rules, not equilibria.

Constructors: :func:`grim_trigger`, :func:`pause_trigger` (T-period punishment, the "pause"),
:func:`tit_for_tat`, :func:`generous_tit_for_tat`, :func:`win_stay_lose_shift` and the
generic :func:`memory_one_automaton`. Closed forms for the trigger strategy with a pause of
length T under a binary public signal and for the memory-one chains
are in :mod:`deterrence_games.solvers.trigger_closed_forms`.

Terminology: escalation states are declared by the automaton (punishment phases; for memory-one
automata, states reached after a defection). Times count periods 1, 2, ...; period 1 is played
in the initial state.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.sparse.csgraph import connected_components

from .._validation import (
    UNIT,
    IntegerRange,
    Interval,
    ParameterError,
    as_rng,
    check_scalar,
)
from ..games.repeated import RepeatedGame
from ..results import _frozen_map, _readonly

__all__ = [
    "PublicAutomaton",
    "AutomatonAnalysis",
    "AutomatonPath",
    "MemoryOneStrategy",
    "NoiseChainResult",
    "grim_trigger",
    "pause_trigger",
    "memory_one_automaton",
    "tit_for_tat",
    "generous_tit_for_tat",
    "win_stay_lose_shift",
    "automaton_values",
    "induced_chain",
    "one_shot_deviation_gains",
    "is_perfect_public_equilibrium",
    "analyze_automaton",
    "critical_discount_factor",
    "minimal_deterring_pause",
    "long_run_distribution",
    "expected_time_to_escalation",
    "escalation_within",
    "simulate_automaton",
    "memory_one_chain",
    "simulate_memory_one",
    "TFT",
    "WSLS",
    "GRIM1",
    "ALLD",
    "ALLC",
    "gtft",
]


# ---------------------------------------------------------------------------------------
# Automaton
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False, init=False)
class PublicAutomaton:
    """A finite public automaton for a two-player repeated game.

    Parameters
    ----------
    states : sequence of str
        State labels (K states).
    row_strategy : array_like, shape (K, m)
        Intended mixed action of the row player in each state.
    column_strategy : array_like, shape (K, n)
        Intended mixed action of the column player in each state.
    transitions : array_like, shape (K, k, K)
        ``transitions[w, y, w']`` = probability of moving to ``w'`` from ``w`` after public
        signal ``y`` (random transitions are allowed; each ``transitions[w, y]`` sums to 1).
    initial : int or str
        The initial state (index or label).
    escalation : sequence of bool or of str, optional
        Which states are escalation phases (a mask of length K or a list of labels).
    tremble : float in [0, 1/2]
        Implementation error: probability that a player's realised action differs from
        the intended one (spread evenly over the other actions).
    signals : sequence of str, optional
        Labels of the k public signals the transitions read (checked against the game).
    name : str
    """

    states: tuple[str, ...]
    row_strategy: NDArray[np.float64]
    column_strategy: NDArray[np.float64]
    transitions: NDArray[np.float64]
    initial: int
    escalation: NDArray[np.bool_]
    tremble: float
    signals: tuple[str, ...] | None
    name: str

    def __init__(
        self,
        states: Sequence[str],
        row_strategy: ArrayLike,
        column_strategy: ArrayLike,
        transitions: ArrayLike,
        initial: int | str = 0,
        escalation: Sequence[bool] | Sequence[str] | None = None,
        tremble: float = 0.0,
        signals: Sequence[str] | None = None,
        name: str = "",
    ) -> None:
        st = tuple(str(s) for s in states)
        K = len(st)
        if K == 0 or len(set(st)) != K:
            raise ParameterError("states", st, "at least one state, with distinct labels")
        x = _stochastic_rows("row_strategy", row_strategy, K)
        y = _stochastic_rows("column_strategy", column_strategy, K)
        try:
            tau = np.array(transitions, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"`transitions` must be an array of real numbers (got {transitions!r})") from None
        if tau.ndim != 3 or tau.shape[0] != K or tau.shape[2] != K or tau.shape[1] == 0:
            raise ParameterError("transitions", tau.shape, f"shape ({K}, k, {K}): (state, signal, next state)")
        if not np.isfinite(tau).all() or (tau < -1e-12).any() or (tau > 1 + 1e-12).any():
            raise ParameterError("transitions", tau, "finite entries in [0, 1]")
        sums = tau.sum(axis=2)
        bad = np.argwhere(np.abs(sums - 1) > 1e-9)
        if bad.size:
            w, s = bad[0]
            raise ParameterError(
                "transitions", tau, f"rows summing to 1 (state {st[w]!r}, signal {s} sums to {sums[w, s]:.12g})"
            )
        tau = np.clip(tau, 0.0, 1.0)
        if isinstance(initial, str):
            if initial not in st:
                raise ParameterError("initial", initial, f"one of the states {st}")
            w0 = st.index(initial)
        else:
            w0 = int(check_scalar("initial", initial, IntegerRange(0, K - 1)))
        esc = np.zeros(K, dtype=bool)
        if escalation is not None:
            esc_list = list(escalation)
            if all(isinstance(e, str) for e in esc_list) and esc_list:
                for e in esc_list:
                    if e not in st:
                        raise ParameterError("escalation", e, f"labels among the states {st}")
                    esc[st.index(e)] = True
            else:
                if len(esc_list) != K:
                    raise ParameterError("escalation", esc_list, f"a mask of length {K} or a list of state labels")
                esc = np.array([bool(e) for e in esc_list])
        eps = check_scalar("tremble", tremble, Interval(0.0, 0.5), "it is the implementation-error probability")
        sig = None
        if signals is not None:
            sig = tuple(str(s) for s in signals)
            if len(sig) != tau.shape[1]:
                raise ParameterError("signals", sig, f"{tau.shape[1]} labels, one per signal axis of `transitions`")
        for a in (x, y, tau, esc):
            a.setflags(write=False)
        for k, v in dict(states=st, row_strategy=x, column_strategy=y, transitions=tau, initial=w0,
                         escalation=esc, tremble=eps, signals=sig, name=name).items():
            object.__setattr__(self, k, v)

    @property
    def num_states(self) -> int:
        return len(self.states)

    @property
    def num_signals(self) -> int:
        return self.transitions.shape[1]

    @property
    def shape(self) -> tuple[int, int]:
        """The stage game's shape ``(m, n)`` the automaton plays."""
        return self.row_strategy.shape[1], self.column_strategy.shape[1]

    def realized_strategies(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Mixed actions actually played in each state, after implementation errors."""
        return _tremble(self.row_strategy, self.tremble), _tremble(self.column_strategy, self.tremble)

    def with_tremble(self, tremble: float) -> PublicAutomaton:
        """The same automaton with another implementation-error probability."""
        return PublicAutomaton(self.states, self.row_strategy, self.column_strategy, self.transitions,
                               self.initial, self.escalation, tremble, self.signals, self.name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PublicAutomaton):
            return NotImplemented
        return (self.states == other.states and self.initial == other.initial
                and self.tremble == other.tremble
                and all(np.array_equal(getattr(self, a), getattr(other, a))
                        for a in ("row_strategy", "column_strategy", "transitions", "escalation")))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        nm = f" {self.name!r}" if self.name else ""
        tr = f", tremble={self.tremble:g}" if self.tremble else ""
        return f"<PublicAutomaton{nm}: {self.num_states} states, {self.num_signals} signals{tr}>"

    def to_frame(self) -> pd.DataFrame:
        """One row per state: intended actions, escalation flag, transitions per signal."""
        rows = []
        sig = self.signals or tuple(f"y{s}" for s in range(self.num_signals))
        for w, lab in enumerate(self.states):
            row: dict[str, Any] = {"state": lab, "initial": w == self.initial,
                                   "escalation": bool(self.escalation[w]),
                                   "row_strategy": self.row_strategy[w].tolist(),
                                   "column_strategy": self.column_strategy[w].tolist()}
            for s, ys in enumerate(sig):
                nxt = self.transitions[w, s]
                row[f"after_{ys}"] = (self.states[int(np.argmax(nxt))] if nxt.max() == 1.0
                                      else {self.states[v]: float(nxt[v]) for v in np.flatnonzero(nxt)})
            rows.append(row)
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str:
        return f"<div><strong>{html.escape(repr(self))}</strong>{self.to_frame().to_html(index=False)}</div>"


def _stochastic_rows(name: str, values: ArrayLike, K: int) -> NDArray[np.float64]:
    try:
        a = np.array(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"`{name}` must be an array of real numbers (got {values!r})") from None
    if a.ndim != 2 or a.shape[0] != K or a.shape[1] == 0:
        raise ParameterError(name, a.shape, f"shape ({K}, number of actions): one mixed action per state")
    if not np.isfinite(a).all() or (a < -1e-12).any() or (a > 1 + 1e-12).any():
        raise ParameterError(name, a, "finite entries in [0, 1]")
    s = a.sum(axis=1)
    if (np.abs(s - 1) > 1e-9).any():
        w = int(np.flatnonzero(np.abs(s - 1) > 1e-9)[0])
        raise ParameterError(name, a, f"rows summing to 1 (state {w} sums to {s[w]:.12g})")
    return np.clip(a, 0.0, 1.0)


def _tremble(x: NDArray[np.float64], eps: float) -> NDArray[np.float64]:
    m = x.shape[-1]
    if eps == 0.0 or m == 1:
        return x
    return (1.0 - eps) * x + eps * (1.0 - x) / (m - 1)


# ---------------------------------------------------------------------------------------
# Constructors
# ---------------------------------------------------------------------------------------


def _pure(index: int, size: int) -> NDArray[np.float64]:
    v = np.zeros(size)
    v[index] = 1.0
    return v


def _bad_signals(game: RepeatedGame, bad_signals: Sequence[str] | None,
                 cooperative: tuple[int, int]) -> NDArray[np.bool_]:
    sig = game.signals
    if bad_signals is None:
        if "incident" in sig:
            bad_signals = ("incident",)
        elif game.is_perfect_monitoring:
            good = game.distribution[cooperative[0], cooperative[1]] > 0
            bad_signals = tuple(s for s, g in zip(sig, good, strict=True) if not g)
        else:
            raise ParameterError(
                "bad_signals", None, f"a list of signal labels among {sig}",
                "say which public signals trigger punishment",
            )
    bad = np.zeros(len(sig), dtype=bool)
    for s in bad_signals:
        if s not in sig:
            raise ParameterError("bad_signals", s, f"labels among the game's signals {sig}")
        bad[sig.index(s)] = True
    return bad


def _check_game(game: RepeatedGame) -> None:
    if not isinstance(game, RepeatedGame):
        raise TypeError(f"`game` must be a RepeatedGame (got {type(game).__name__})")


def _check_profile(name: str, profile: tuple[int, int], shape: tuple[int, int]) -> tuple[int, int]:
    try:
        i, j = (int(a) for a in profile)
    except (TypeError, ValueError):
        raise TypeError(f"`{name}` must be a pair of action indices (got {profile!r})") from None
    if not (0 <= i < shape[0] and 0 <= j < shape[1]):
        raise ParameterError(name, profile, f"indices with 0 <= i < {shape[0]} and 0 <= j < {shape[1]}")
    return i, j


def pause_trigger(
    game: RepeatedGame,
    T: int | None,
    cooperative: tuple[int, int] = (0, 0),
    punishment: tuple[int, int] = (1, 1),
    bad_signals: Sequence[str] | None = None,
    tremble: float = 0.0,
    trigger_probability: float = 1.0,
) -> PublicAutomaton:
    """Trigger strategy with a pause of length ``T``.

    States ``coop``, ``pause_1``, ..., ``pause_T``. In ``coop`` both play the cooperative
    profile; a bad public signal starts the pause, in which both play the punishment profile
    for T periods ignoring the signals, then return to ``coop``. ``T=None`` is grim trigger
    (one absorbing ``punish`` state).

    Parameters
    ----------
    game : RepeatedGame
    T : int >= 1 or None
        Pause length; None for grim trigger (T = infinity).
    cooperative, punishment : (int, int)
        Action indices of the cooperative and of the punishment profile (default (C, C) =
        (0, 0) and (D, D) = (1, 1)).
    bad_signals : sequence of str, optional
        Signals that start the pause. Default: ``("incident",)`` when the game has that
        signal; with perfect monitoring every profile other than the cooperative one.
    tremble : float in [0, 1/2]
        Implementation error.
    trigger_probability : float in (0, 1]
        A bad signal starts the pause with this probability (public randomisation, e.g. a
        public lottery); otherwise cooperation continues. With grim trigger and the
        probability chosen so that the incentive constraint binds, this attains the best
        strongly symmetric payoff R - (1-p)/(p-q) (T_hat - R) (Mailath & Samuelson 2006, §7.2).

    Aliases: grim trigger / massive retaliation (T = None); T-period punishment /
    forgiving trigger / cooling-off pause (finite T); Green & Porter's trigger-price strategy.
    """
    _check_game(game)
    m, n = game.shape
    cooperative = _check_profile("cooperative", cooperative, (m, n))
    punishment = _check_profile("punishment", punishment, (m, n))
    bad = _bad_signals(game, bad_signals, cooperative)
    k = game.num_signals
    if T is None:
        states = ("coop", "punish")
        K = 2
    else:
        T = int(check_scalar("T", T, IntegerRange(1), "it is the pause length (None for grim trigger)"))
        states = ("coop",) + tuple(f"pause_{t}" for t in range(1, T + 1))
        K = T + 1
    x = np.array([_pure(cooperative[0], m)] + [_pure(punishment[0], m)] * (K - 1))
    y = np.array([_pure(cooperative[1], n)] + [_pure(punishment[1], n)] * (K - 1))
    theta = check_scalar("trigger_probability", trigger_probability, Interval(0.0, 1.0, low_closed=False),
                         "it is the probability that a bad signal starts the pause")
    tau = np.zeros((K, k, K))
    tau[0, ~bad, 0] = 1.0
    tau[0, bad, 1] = theta
    tau[0, bad, 0] += 1.0 - theta
    for w in range(1, K):
        tau[w, :, w + 1 if w + 1 < K else (1 if T is None else 0)] = 1.0
    name = "grim trigger" if T is None else f"trigger with pause T={T}"
    if theta < 1.0:
        name += f" (triggered with probability {theta:.6g})"
    return PublicAutomaton(states, x, y, tau, 0, [False] + [True] * (K - 1), tremble, game.signals, name)


def grim_trigger(game: RepeatedGame, cooperative: tuple[int, int] = (0, 0),
                 punishment: tuple[int, int] = (1, 1), bad_signals: Sequence[str] | None = None,
                 tremble: float = 0.0) -> PublicAutomaton:
    """Grim trigger on the public signal: :func:`pause_trigger` with ``T=None``.

    Aliases: grim trigger, grudger (Axelrod library), massive retaliation.
    """
    return pause_trigger(game, None, cooperative, punishment, bad_signals, tremble)


@dataclass(frozen=True)
class MemoryOneStrategy:
    """A memory-one strategy of a 2x2 game (Nowak & Sigmund 1993).

    ``p = (p_CC, p_CD, p_DC, p_DD)``: probability of cooperating after the last outcome
    (own action, other's action). ``first``: probability of cooperating in period 1.
    """

    p: tuple[float, float, float, float]
    first: float = 1.0
    name: str = ""

    def __post_init__(self) -> None:
        p = tuple(check_scalar(f"p[{i}]", v, UNIT) for i, v in enumerate(self.p))
        if len(p) != 4:
            raise ParameterError("p", self.p, "four probabilities (p_CC, p_CD, p_DC, p_DD)")
        object.__setattr__(self, "p", p)
        object.__setattr__(self, "first", check_scalar("first", self.first, UNIT))


TFT = MemoryOneStrategy((1.0, 0.0, 1.0, 0.0), name="TFT")
"""Tit-for-tat: cooperate iff the other cooperated (aliases: reciprocity, echo)."""
WSLS = MemoryOneStrategy((1.0, 0.0, 0.0, 1.0), name="WSLS")
"""Win-stay-lose-shift (aliases: Pavlov, perfect tit-for-tat)."""
GRIM1 = MemoryOneStrategy((1.0, 0.0, 0.0, 0.0), name="GRIM1")
"""Memory-one stand-in for grim trigger (NOT true grim: it forgives after (D, C) ... never)."""
ALLD = MemoryOneStrategy((0.0, 0.0, 0.0, 0.0), first=0.0, name="ALLD")
ALLC = MemoryOneStrategy((1.0, 1.0, 1.0, 1.0), name="ALLC")


def gtft(generosity: float) -> MemoryOneStrategy:
    """Generous tit-for-tat (1, g, 1, g): forgive a defection with probability ``generosity``.

    Molander (1985) / Nowak & Sigmund (1992): the optimal generosity is
    ``min{1 - (T-R)/(R-S), (R-P)/(T-P)}`` (:func:`~deterrence_games.solvers.trigger_closed_forms.gtft_generosity`).
    """
    g = check_scalar("generosity", generosity, UNIT, "it is the probability of forgiving a defection")
    return MemoryOneStrategy((1.0, g, 1.0, g), name=f"GTFT(g={g:.4g})")


_PROFILES = ("CC", "CD", "DC", "DD")  # (row action, column action); C = index 0, D = index 1


def memory_one_automaton(
    game: RepeatedGame,
    row: MemoryOneStrategy,
    column: MemoryOneStrategy,
    tremble: float = 0.0,
    escalation: str = "any_defection",
) -> PublicAutomaton:
    """The public automaton of two memory-one strategies under perfect monitoring.

    States ``start``, ``CC``, ``CD``, ``DC``, ``DD`` (the last profile, row action first).
    Requires a 2x2 stage game with perfect monitoring (action 0 = C, action 1 = D).

    Parameters
    ----------
    escalation : {"any_defection", "mutual_defection"}
        Which states count as escalation: those following a period with any defection
        (CD, DC, DD) or only DD.
    """
    _check_game(game)
    if game.shape != (2, 2) or not game.is_perfect_monitoring:
        raise ParameterError("game", game, "a 2x2 stage game with perfect monitoring",
                             "memory-one strategies condition on the last action profile")
    for nm, s in (("row", row), ("column", column)):
        if not isinstance(s, MemoryOneStrategy):
            raise TypeError(f"`{nm}` must be a MemoryOneStrategy (got {type(s).__name__})")
    if escalation not in ("any_defection", "mutual_defection"):
        raise ParameterError("escalation", escalation, "escalation in {'any_defection', 'mutual_defection'}")
    states = ("start",) + _PROFILES
    # the column player's own-perspective state after profile (a1, a2) is (a2, a1)
    swap = (0, 2, 1, 3)
    pc_row = np.array([row.first] + [row.p[s] for s in range(4)])
    pc_col = np.array([column.first] + [column.p[swap[s]] for s in range(4)])
    x = np.stack([pc_row, 1 - pc_row], axis=1)
    y = np.stack([pc_col, 1 - pc_col], axis=1)
    # perfect monitoring: signal index = 2 * i + j is the realised profile, the next state
    sig_profile = [int(np.argmax(game.distribution.reshape(4, -1)[a])) for a in range(4)]
    tau = np.zeros((5, game.num_signals, 5))
    for a, s in enumerate(sig_profile):
        tau[:, s, 1 + a] = 1.0
    for s in set(range(game.num_signals)) - set(sig_profile):  # unused signals: stay (never happens)
        tau[np.arange(5), s, np.arange(5)] = 1.0
    esc = [False, False, True, True, True] if escalation == "any_defection" else [False] * 4 + [True]
    return PublicAutomaton(states, x, y, tau, 0, esc, tremble, game.signals,
                           f"{row.name or 'row'} vs {column.name or 'column'}")


def tit_for_tat(game: RepeatedGame, tremble: float = 0.0) -> PublicAutomaton:
    """Both players play tit-for-tat (aliases: reciprocity, 'an eye for an eye')."""
    return memory_one_automaton(game, TFT, TFT, tremble)


def generous_tit_for_tat(game: RepeatedGame, generosity: float, tremble: float = 0.0) -> PublicAutomaton:
    """Both players play generous tit-for-tat with the given generosity."""
    g = gtft(generosity)
    return memory_one_automaton(game, g, g, tremble)


def win_stay_lose_shift(game: RepeatedGame, tremble: float = 0.0) -> PublicAutomaton:
    """Both players play win-stay-lose-shift (aliases: Pavlov, perfect TFT)."""
    return memory_one_automaton(game, WSLS, WSLS, tremble)


# ---------------------------------------------------------------------------------------
# Analysis
# ---------------------------------------------------------------------------------------


def _check_pair(game: RepeatedGame, automaton: PublicAutomaton) -> None:
    _check_game(game)
    if not isinstance(automaton, PublicAutomaton):
        raise TypeError(f"`automaton` must be a PublicAutomaton (got {type(automaton).__name__})")
    if automaton.shape != game.shape:
        raise ParameterError("automaton", automaton.shape, f"actions for a {game.shape} stage game")
    if automaton.num_signals != game.num_signals:
        raise ParameterError("automaton", automaton.num_signals,
                             f"transitions on the game's {game.num_signals} public signals")
    if automaton.signals is not None and automaton.signals != game.signals:
        raise ParameterError("automaton", automaton.signals, f"the game's signals {game.signals}")


def _signal_dist(game: RepeatedGame, x: NDArray, y: NDArray) -> NDArray[np.float64]:
    """p(y | state) for mixed actions per state: shape (K, k)."""
    return np.einsum("wi,wj,ijk->wk", x, y, game.distribution)


def induced_chain(game: RepeatedGame, automaton: PublicAutomaton) -> NDArray[np.float64]:
    """Transition matrix M[w, w'] = sum_y p(y | f(w)) tau(w' | w, y) of the states on the path."""
    _check_pair(game, automaton)
    x, y = automaton.realized_strategies()
    return np.einsum("wk,wkv->wv", _signal_dist(game, x, y), automaton.transitions)


def _values(game: RepeatedGame, automaton: PublicAutomaton) -> tuple[NDArray, NDArray, NDArray]:
    A, B = game.payoff_arrays
    x, y = automaton.realized_strategies()
    u = np.stack([np.einsum("wi,ij,wj->w", x, A, y), np.einsum("wi,ij,wj->w", x, B, y)], axis=1)
    M = np.einsum("wk,wkv->wv", _signal_dist(game, x, y), automaton.transitions)
    d = game.delta
    V = np.linalg.solve(np.eye(automaton.num_states) - d * M, (1 - d) * u)
    return V, u, M


def automaton_values(game: RepeatedGame, automaton: PublicAutomaton) -> NDArray[np.float64]:
    """Normalised discounted values V[w, i] of each state for each player.

    Solves (I - delta M) V = (1 - delta) u (Mailath & Samuelson 2006, eq. 7.1.2).
    """
    _check_pair(game, automaton)
    return _values(game, automaton)[0]


def one_shot_deviation_gains(game: RepeatedGame, automaton: PublicAutomaton) -> NDArray[np.float64]:
    """Largest gain G[w, i] of player i from a one-shot deviation of the intended action at w.

    The deviation value of intended action a_i at state w is
    (1 - delta) u_i(a_i, f_{-i}(w)) + delta sum_y p(y | a_i, f_{-i}(w)) sum_w' tau(w'|w,y) V_i(w'),
    with the tremble applied to a_i as well. G >= 0 up to rounding (the prescribed action is
    one of the candidates only when it is pure); the profile is a PPE iff G <= 0 everywhere.
    """
    _check_pair(game, automaton)
    V, _, _ = _values(game, automaton)
    A, B = game.payoff_arrays
    pi = game.distribution
    x, y = automaton.realized_strategies()
    d = game.delta
    eps = automaton.tremble
    m, n = game.shape
    cont = np.einsum("wkv,vi->wki", automaton.transitions, V)  # E[V(w') | w, y]
    # row player's intended pure actions, with tremble
    X = _tremble(np.eye(m), eps)  # (a, i): realised mix of intended a
    Y = _tremble(np.eye(n), eps)
    dev_row = ((1 - d) * np.einsum("ai,ij,wj->wa", X, A, y)
               + d * np.einsum("ai,wj,ijk,wk->wa", X, y, pi, cont[:, :, 0]))
    dev_col = ((1 - d) * np.einsum("wi,ij,bj->wb", x, B, Y)
               + d * np.einsum("wi,bj,ijk,wk->wb", x, Y, pi, cont[:, :, 1]))
    return np.stack([dev_row.max(axis=1) - V[:, 0], dev_col.max(axis=1) - V[:, 1]], axis=1)


def is_perfect_public_equilibrium(game: RepeatedGame, automaton: PublicAutomaton, tol: float = 1e-10) -> bool:
    """True if no state has a one-shot deviation gaining more than ``tol`` (at every state,
    reachable or not: perfect public equilibrium, not just Nash)."""
    return bool(one_shot_deviation_gains(game, automaton).max() <= tol)


def long_run_distribution(M: ArrayLike, initial: int | ArrayLike = 0) -> NDArray[np.float64]:
    """Long-run (Cesaro-average) share of periods in each state, starting from ``initial``.

    Equals the stationary distribution when the chain is irreducible. For reducible chains
    (grim trigger), it is the mixture of the closed classes' stationary distributions weighted
    by the absorption probabilities from ``initial``.
    """
    M = np.asarray(M, dtype=float)
    K = M.shape[0]
    mu0 = _pure(int(initial), K) if np.ndim(initial) == 0 else np.asarray(initial, dtype=float)
    n_comp, labels = connected_components(M > 0, directed=True, connection="strong")
    closed = [c for c in range(n_comp)
              if not (M[np.ix_(labels == c, labels != c)] > 0).any()]
    out = np.zeros(K)
    closed_mask = np.isin(labels, closed)
    trans = ~closed_mask
    # absorption: probability of ending in each closed class
    if trans.any():
        Q = M[np.ix_(trans, trans)]
        N = np.linalg.solve(np.eye(trans.sum()) - Q, np.eye(trans.sum()))
    for c in closed:
        idx = labels == c
        Pc = M[np.ix_(idx, idx)]
        kc = idx.sum()
        A_ = np.vstack([Pc.T - np.eye(kc), np.ones(kc)])
        b_ = np.zeros(kc + 1)
        b_[-1] = 1.0
        pi_c = np.linalg.lstsq(A_, b_, rcond=None)[0]
        weight = mu0[idx].sum()
        if trans.any():
            weight += mu0[trans] @ N @ M[np.ix_(trans, idx)].sum(axis=1)
        out[idx] = weight * pi_c
    return np.clip(out, 0.0, 1.0)


def expected_time_to_escalation(M: ArrayLike, escalation: ArrayLike, initial: int = 0) -> float:
    """Expected number of periods before the first period spent in an escalation state.

    Period 1 is played in ``initial``; if the chain first enters an escalation state in period
    t + 1, the answer is t (the length of the initial peaceful spell). ``inf`` if escalation
    can be avoided forever with positive probability; 0 if ``initial`` is an escalation state.
    """
    M = np.asarray(M, dtype=float)
    esc = np.asarray(escalation, dtype=bool)
    if esc[initial]:
        return 0.0
    peace = ~esc
    Q = M[np.ix_(peace, peace)]
    # states from which escalation is reached with probability 1
    k = int(peace.sum())
    try:
        h = np.linalg.solve(np.eye(k) - Q, np.ones(k))
    except np.linalg.LinAlgError:
        return float("inf")
    i = int(np.flatnonzero(peace).tolist().index(initial))
    if not np.isfinite(h[i]) or h[i] < 0 or np.linalg.cond(np.eye(k) - Q) > 1e12:
        return float("inf")
    return float(h[i])


#: horizons up to this are computed by iterating the survival vector (one pass for all)
_ITERATED_HORIZON = 10**6


def _matrix_power(Q: NDArray[np.float64], e: int) -> NDArray[np.float64]:
    """``Q**e`` by repeated squaring (``e >= 0``)."""
    result = np.eye(Q.shape[0])
    base = Q.copy()
    while e:
        if e & 1:
            result = result @ base
        e >>= 1
        if e:
            base = base @ base
    return result


def escalation_within(M: ArrayLike, escalation: ArrayLike, horizon: int | ArrayLike,
                      initial: int = 0) -> NDArray[np.float64] | float:
    """Probability of at least one escalation period among periods 1..N (N = ``horizon``).

    ``1 - e_initial' Q^(N-1) 1`` with Q the chain restricted to peaceful states. Up to
    N = 10^6 the survival vector is iterated once for all horizons; beyond, each distinct N
    is reached by repeated squaring of Q (O(k^3 log N) time, O(k^2) memory), so that a
    horizon of 10^9 costs microseconds, not gigabytes.
    """
    M = np.asarray(M, dtype=float)
    esc = np.asarray(escalation, dtype=bool)
    Ns = np.atleast_1d(np.asarray(horizon))
    if not np.all((Ns >= 1) & (Ns == np.round(Ns))):
        bad = Ns[~((Ns >= 1) & (Ns == np.round(Ns)))][0]
        raise ParameterError("horizon", bad, "horizon an integer >= 1")
    Ns = Ns.astype(int)
    if esc[initial]:
        out = np.ones(Ns.shape)
    else:
        peace = ~esc
        Q = M[np.ix_(peace, peace)]
        v = _pure(int(np.flatnonzero(peace).tolist().index(initial)), int(peace.sum()))
        if int(Ns.max()) <= _ITERATED_HORIZON:
            surv = np.empty(int(Ns.max()))
            for t in range(int(Ns.max())):
                surv[t] = v.sum()
                v = v @ Q
            out = 1.0 - surv[Ns - 1]
        else:
            survival = {int(N): float((v @ _matrix_power(Q, int(N) - 1)).sum()) for N in np.unique(Ns)}
            out = 1.0 - np.array([survival[int(N)] for N in Ns.ravel()]).reshape(Ns.shape)
    return float(out[0]) if np.ndim(horizon) == 0 else out


@dataclass(frozen=True, eq=False)
class AutomatonAnalysis:
    """Everything :func:`analyze_automaton` computes for an automaton in a repeated game.

    Attributes
    ----------
    values : ndarray (K, 2)
        Normalised values of each state (row, column player).
    deviation_gains : ndarray (K, 2)
        Largest one-shot deviation gain at each state (<= tol at a PPE).
    is_ppe : bool
        Perfect public equilibrium by the one-shot deviation principle.
    chain : ndarray (K, K)
        The induced Markov chain on states.
    long_run : ndarray (K,)
        Long-run share of periods in each state from the initial state.
    escalation_share : float
        Long-run share of periods in escalation states.
    expected_time_to_escalation : float
        Expected number of periods before the first escalation period.
    escalation_within : mapping int -> float
        P(at least one escalation period within N periods) for the requested horizons.
    profile_distribution : ndarray (m, n)
        Long-run frequency of each realised action profile.
    """

    automaton: PublicAutomaton
    delta: float
    values: NDArray[np.float64]
    deviation_gains: NDArray[np.float64]
    is_ppe: bool
    chain: NDArray[np.float64]
    long_run: NDArray[np.float64]
    escalation_share: float
    expected_time_to_escalation: float
    escalation_within: Any
    profile_distribution: NDArray[np.float64]
    tol: float = 1e-10
    game: Any = None

    @property
    def outcome_frequencies(self) -> dict[str, float]:
        """Long-run frequency of each named stage outcome (needs a game with ``outcomes``)."""
        if self.game is None:
            raise ParameterError("game", None, "an analysis made by analyze_automaton(game, ...)")
        return self.game.outcome_frequencies(self.profile_distribution)

    @property
    def escalation_frequency(self) -> float:
        """Long-run frequency of the game's escalatory stage outcomes (complements
        ``escalation_share``, the share of periods in the automaton's escalation states)."""
        return float(sum(p for o, p in self.outcome_frequencies.items() if o in self.game.escalatory))

    def __post_init__(self) -> None:
        for a in ("values", "deviation_gains", "chain", "long_run", "profile_distribution"):
            object.__setattr__(self, a, _readonly(np.asarray(getattr(self, a), dtype=float)))
        object.__setattr__(self, "escalation_within", _frozen_map(self.escalation_within))

    @property
    def initial_values(self) -> NDArray[np.float64]:
        """Values (row, column) at the initial state."""
        return self.values[self.automaton.initial]

    def to_frame(self) -> pd.DataFrame:
        """One row per state: value, deviation gain, long-run share, escalation flag."""
        a = self.automaton
        return pd.DataFrame({
            "state": a.states, "escalation": a.escalation,
            "value_row": self.values[:, 0], "value_column": self.values[:, 1],
            "gain_row": self.deviation_gains[:, 0], "gain_column": self.deviation_gains[:, 1],
            "long_run_share": self.long_run,
        })

    def to_dict(self) -> dict:
        return {
            "automaton": self.automaton.name, "delta": self.delta,
            "values": self.values.tolist(), "deviation_gains": self.deviation_gains.tolist(),
            "is_ppe": self.is_ppe, "long_run": self.long_run.tolist(),
            "escalation_share": self.escalation_share,
            "expected_time_to_escalation": self.expected_time_to_escalation,
            "escalation_within": {int(k): float(v) for k, v in self.escalation_within.items()},
            "profile_distribution": self.profile_distribution.tolist(),
        }

    def __repr__(self) -> str:
        ppe = "PPE" if self.is_ppe else "not a PPE"
        v = self.initial_values
        return (f"<AutomatonAnalysis {self.automaton.name!r}: {ppe}, value ({v[0]:.6g}, {v[1]:.6g}), "
                f"escalation share {self.escalation_share:.4g}>")

    def __str__(self) -> str:
        lines = [repr(self), f"  delta={self.delta:g}; expected time to escalation "
                 f"{self.expected_time_to_escalation:.6g}"]
        for N, pr in self.escalation_within.items():
            lines.append(f"  P(escalation within {N} periods) = {pr:.6g}")
        lines.append(self.to_frame().to_string(index=False))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return (f"<div><strong>{html.escape(repr(self))}</strong>"
                f"{self.to_frame().to_html(index=False, float_format=lambda x: f'{x:.6g}')}"
                f"<details><summary>text</summary><pre>{html.escape(str(self))}</pre></details></div>")


def analyze_automaton(game: RepeatedGame, automaton: PublicAutomaton,
                      horizons: Sequence[int] = (10, 100), tol: float = 1e-10) -> AutomatonAnalysis:
    """Values, PPE check, long-run escalation share, time to escalation and horizon risks."""
    _check_pair(game, automaton)
    V, _, M = _values(game, automaton)
    gains = one_shot_deviation_gains(game, automaton)
    lr = long_run_distribution(M, automaton.initial)
    x, y = automaton.realized_strategies()
    prof = np.einsum("w,wi,wj->ij", lr, x, y)
    hz = [int(check_scalar("horizons", h, IntegerRange(1))) for h in horizons]
    within = escalation_within(M, automaton.escalation, np.array(hz, dtype=int), automaton.initial) if hz else []
    return AutomatonAnalysis(
        automaton=automaton, delta=game.delta, values=V, deviation_gains=gains,
        is_ppe=bool(gains.max() <= tol), chain=M, long_run=lr,
        escalation_share=float(lr[automaton.escalation].sum()),
        expected_time_to_escalation=expected_time_to_escalation(M, automaton.escalation, automaton.initial),
        escalation_within=dict(zip(hz, (float(v) for v in within), strict=True)),
        profile_distribution=prof, tol=tol, game=game,
    )


def critical_discount_factor(game: RepeatedGame, automaton: PublicAutomaton, tol: float = 1e-12,
                             grid: int = 400, ppe_tol: float = 1e-10) -> float:
    """Smallest delta* such that the automaton is a PPE for every delta in [delta*, 1).

    The maximal one-shot deviation gain is evaluated on a grid of ``grid`` discount factors
    in (0, 1); the boundary of the last PPE run is then bisected to ``tol``. Returns ``nan``
    if the automaton is not a PPE at delta = 1 - 1e-9, and 0.0 if it is a PPE on the whole grid.
    """
    _check_pair(game, automaton)

    def ok(d: float) -> bool:
        return bool(one_shot_deviation_gains(game.with_delta(d), automaton).max() <= ppe_tol)

    top = 1 - 1e-9
    if not ok(top):
        return float("nan")
    ds = np.concatenate([np.linspace(1e-6, 1 - 1e-6, grid), [top]])
    flags = np.array([ok(float(d)) for d in ds])
    bad = np.flatnonzero(~flags)
    if bad.size == 0:
        return 0.0
    lo, hi = float(ds[bad[-1]]), float(ds[bad[-1] + 1])
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi


def minimal_deterring_pause(game: RepeatedGame, T_max: int = 1000, **kwargs: Any) -> int | None:
    """Smallest pause length T <= T_max whose :func:`pause_trigger` automaton is a PPE.

    Generic (automaton-based) twin of the closed form
    :func:`~deterrence_games.solvers.trigger_closed_forms.optimal_pause_length`; keyword
    arguments go to :func:`pause_trigger`. Returns None when no T <= T_max deters.
    Uses that the incentive constraint is monotone in T to bisect.
    """
    T_max = int(check_scalar("T_max", T_max, IntegerRange(1)))

    def ok(T: int) -> bool:
        return is_perfect_public_equilibrium(game, pause_trigger(game, T, **kwargs))

    if not ok(T_max):
        return None
    lo, hi = 0, T_max  # ok(hi) holds; lo is 0 (never a pause) or a failing T
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi


# ---------------------------------------------------------------------------------------
# Simulation (independent check: simulates the primitive process, not the chain)
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class AutomatonPath:
    """A simulated play path: states, realised actions and public signals per period."""

    states: NDArray[np.int_]
    row_actions: NDArray[np.int_]
    column_actions: NDArray[np.int_]
    signals: NDArray[np.int_]
    escalation: NDArray[np.bool_]
    seed: Any = None

    def __post_init__(self) -> None:
        for a in ("states", "row_actions", "column_actions", "signals", "escalation"):
            object.__setattr__(self, a, _readonly(np.asarray(getattr(self, a))))

    @property
    def escalation_share(self) -> float:
        return float(self.escalation.mean())

    def __len__(self) -> int:
        return len(self.states)

    def __repr__(self) -> str:
        return f"<AutomatonPath: {len(self)} periods, escalation share {self.escalation_share:.4g}>"

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"state": self.states, "row_action": self.row_actions,
                             "column_action": self.column_actions, "signal": self.signals,
                             "escalation": self.escalation})


def simulate_automaton(game: RepeatedGame, automaton: PublicAutomaton, periods: int,
                       seed: int | np.random.Generator | None = None,
                       chains: int = 1) -> AutomatonPath:
    """Simulate play: each player draws its action, the signal is drawn from p(y|a), the state moves.

    With ``chains > 1``, that many independent paths of ``periods`` periods are simulated in
    parallel (vectorized) and concatenated (arrays of shape (chains, periods)).
    """
    _check_pair(game, automaton)
    periods = int(check_scalar("periods", periods, IntegerRange(1, 10**7)))
    chains = int(check_scalar("chains", chains, IntegerRange(1, 10**6)))
    rng = as_rng(seed)
    x, y = automaton.realized_strategies()
    cx, cy = np.cumsum(x, axis=1), np.cumsum(y, axis=1)
    cpi = np.cumsum(game.distribution, axis=2)
    ctau = np.cumsum(automaton.transitions, axis=2)
    m, n = game.shape
    k, K = game.num_signals, automaton.num_states
    W = np.full(chains, automaton.initial)
    out = {key: np.empty((chains, periods), dtype=int) for key in ("w", "a", "b", "y")}
    for t in range(periods):
        u = rng.random((4, chains))
        a = np.minimum((u[0][:, None] >= cx[W]).sum(axis=1), m - 1)
        b = np.minimum((u[1][:, None] >= cy[W]).sum(axis=1), n - 1)
        s = np.minimum((u[2][:, None] >= cpi[a, b]).sum(axis=1), k - 1)
        out["w"][:, t], out["a"][:, t], out["b"][:, t], out["y"][:, t] = W, a, b, s
        W = np.minimum((u[3][:, None] >= ctau[W, s]).sum(axis=1), K - 1)
    sq = (lambda v: v[0]) if chains == 1 else (lambda v: v)
    return AutomatonPath(sq(out["w"]), sq(out["a"]), sq(out["b"]), sq(out["y"]),
                         sq(automaton.escalation[out["w"]]), seed if not isinstance(seed, np.random.Generator) else None)


# ---------------------------------------------------------------------------------------
# Memory-one chains with implementation and perception errors
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class NoiseChainResult:
    """Stationary behaviour of two memory-one strategies under noise.

    Attributes
    ----------
    states : tuple of str
        Chain states: ``(a1, a2)`` (4 states) or ``(a1, a2, o1, o2)`` (16 states, o_i is i's
        perception of the other's last action).
    transition : ndarray
        Transition matrix of the chain.
    stationary : ndarray
        Stationary distribution over ``states``.
    outcome_probabilities : mapping str -> float
        Stationary P(CC), P(CD), P(DC), P(DD) of the realised actions.
    epsilon, eta : float
        Implementation and perception error probabilities.
    """

    states: tuple[str, ...]
    transition: NDArray[np.float64]
    stationary: NDArray[np.float64]
    outcome_probabilities: Any
    epsilon: float
    eta: float | None
    names: tuple[str, str] = ("", "")

    def __post_init__(self) -> None:
        object.__setattr__(self, "transition", _readonly(self.transition))
        object.__setattr__(self, "stationary", _readonly(self.stationary))
        object.__setattr__(self, "outcome_probabilities", _frozen_map(self.outcome_probabilities))

    @property
    def p_cc(self) -> float:
        return float(self.outcome_probabilities["CC"])

    @property
    def p_dd(self) -> float:
        return float(self.outcome_probabilities["DD"])

    @property
    def escalation_share(self) -> float:
        """Long-run share of periods with some defection, 1 - P(CC)."""
        return 1.0 - self.p_cc

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"state": self.states, "stationary": self.stationary})

    def to_dict(self) -> dict:
        return {"states": list(self.states), "stationary": self.stationary.tolist(),
                "outcome_probabilities": dict(self.outcome_probabilities),
                "epsilon": self.epsilon, "eta": self.eta, "names": list(self.names)}

    def __repr__(self) -> str:
        noise = f"epsilon={self.epsilon:g}" + (f", eta={self.eta:g}" if self.eta is not None else "")
        return (f"<NoiseChainResult {self.names[0]} vs {self.names[1]} ({noise}): "
                f"P(CC)={self.p_cc:.4f}, P(DD)={self.p_dd:.4f}>")

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(repr(self))}</pre>"


def _coop_prob(s: MemoryOneStrategy, eps: float) -> NDArray[np.float64]:
    p = np.asarray(s.p, dtype=float)
    return (1 - eps) * p + eps * (1 - p)


def _stationary_unique(P: NDArray[np.float64]) -> NDArray[np.float64]:
    K = P.shape[0]
    A_ = np.vstack([P.T - np.eye(K), np.ones(K)])
    b_ = np.zeros(K + 1)
    b_[-1] = 1.0
    return np.clip(np.linalg.lstsq(A_, b_, rcond=None)[0], 0.0, 1.0)


def memory_one_chain(row: MemoryOneStrategy, column: MemoryOneStrategy, epsilon: float,
                     eta: float | None = None) -> NoiseChainResult:
    """Stationary distribution of two memory-one strategies with noise.

    Implementation error ``epsilon``: each intended action flips with that probability,
    p' = (1 - eps) p + eps (1 - p); the chain is over the last profile (a1, a2) with
    M[s, s'] = prod_i Pr_i(a_i' | s), player 2 reading the state as (a2, a1).

    Perception error ``eta`` (private monitoring): with ``eta`` given, the chain is over
    (a1, a2, o1, o2), where o_i is i's perception of the other's last realised action,
    wrong with probability ``eta`` independently for the two players; player i conditions on
    (a_i, o_i). ``eta = 0`` reproduces the 4-state chain.
    """
    for nm, s in (("row", row), ("column", column)):
        if not isinstance(s, MemoryOneStrategy):
            raise TypeError(f"`{nm}` must be a MemoryOneStrategy (got {type(s).__name__})")
    eps = check_scalar("epsilon", epsilon, Interval(0.0, 1.0), "it is the implementation-error probability")
    c1, c2 = _coop_prob(row, eps), _coop_prob(column, eps)
    swap = np.array([0, 2, 1, 3])
    if eta is None:
        p1 = c1  # indexed by (a1, a2)
        p2 = c2[swap]  # player 2's state (a2, a1)
        P = np.empty((4, 4))
        for s in range(4):
            for a1 in range(2):
                for a2 in range(2):
                    pr1 = p1[s] if a1 == 0 else 1 - p1[s]
                    pr2 = p2[s] if a2 == 0 else 1 - p2[s]
                    P[s, 2 * a1 + a2] = pr1 * pr2
        pi = _stationary_unique(P)
        probs = dict(zip(_PROFILES, pi.tolist(), strict=True))
        return NoiseChainResult(_PROFILES, P, pi, probs, eps, None, (row.name, column.name))
    e = check_scalar("eta", eta, Interval(0.0, 1.0), "it is the perception-error probability")
    labels = tuple(f"{'CD'[a1]}{'CD'[a2]}|{'CD'[o1]}{'CD'[o2]}"
                   for a1 in range(2) for a2 in range(2) for o1 in range(2) for o2 in range(2))
    P = np.zeros((16, 16))
    for a1 in range(2):
        for a2 in range(2):
            for o1 in range(2):
                for o2 in range(2):
                    s = 8 * a1 + 4 * a2 + 2 * o1 + o2
                    q1 = c1[2 * a1 + o1]  # i conditions on (own action, perceived other's)
                    q2 = c2[2 * a2 + o2]
                    for b1 in range(2):
                        for b2 in range(2):
                            pa = (q1 if b1 == 0 else 1 - q1) * (q2 if b2 == 0 else 1 - q2)
                            for r1 in range(2):
                                for r2 in range(2):
                                    pp = (1 - e if r1 == b2 else e) * (1 - e if r2 == b1 else e)
                                    P[s, 8 * b1 + 4 * b2 + 2 * r1 + r2] += pa * pp
    pi = _stationary_unique(P)
    agg = pi.reshape(2, 2, 4).sum(axis=2).ravel()
    probs = dict(zip(_PROFILES, agg.tolist(), strict=True))
    return NoiseChainResult(labels, P, pi, probs, eps, e, (row.name, column.name))


def simulate_memory_one(row: MemoryOneStrategy, column: MemoryOneStrategy, epsilon: float,
                        eta: float = 0.0, periods: int = 100_000,
                        seed: int | np.random.Generator | None = None,
                        burn_in: int = 1000) -> dict[str, float]:
    """Monte Carlo frequencies of CC, CD, DC, DD by simulating the two players directly.

    Each player intends an action from its memory-one rule given (own last action, perceived
    other's last action), the action flips with probability ``epsilon``, and each player
    misperceives the other's realised action with probability ``eta``. Returns the frequencies
    after ``burn_in`` periods. Vectorized over periods is impossible (sequential), so keep
    ``periods <= 2e5``.
    """
    eps = check_scalar("epsilon", epsilon, UNIT)
    e = check_scalar("eta", eta, UNIT)
    periods = int(check_scalar("periods", periods, IntegerRange(1, 10**7)))
    burn_in = int(check_scalar("burn_in", burn_in, IntegerRange(0, 10**7)))
    rng = as_rng(seed)
    p1, p2 = np.asarray(row.p), np.asarray(column.p)
    n = periods + burn_in
    u = rng.random((n, 6))
    counts = np.zeros(4)
    # period 1
    i1 = 0 if u[0, 0] < row.first else 1
    i2 = 0 if u[0, 1] < column.first else 1
    a1 = i1 ^ int(u[0, 2] < eps)
    a2 = i2 ^ int(u[0, 3] < eps)
    o1 = a2 ^ int(u[0, 4] < e)
    o2 = a1 ^ int(u[0, 5] < e)
    for t in range(1, n):
        if t > burn_in:
            counts[2 * a1 + a2] += 1
        uu = u[t]
        i1 = 0 if uu[0] < p1[2 * a1 + o1] else 1
        i2 = 0 if uu[1] < p2[2 * a2 + o2] else 1
        a1 = i1 ^ int(uu[2] < eps)
        a2 = i2 ^ int(uu[3] < eps)
        o1 = a2 ^ int(uu[4] < e)
        o2 = a1 ^ int(uu[5] < e)
    counts[2 * a1 + a2] += 1
    freq = counts / counts.sum()
    return dict(zip(_PROFILES, freq.tolist(), strict=True))
