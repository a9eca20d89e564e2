"""Constructors of public automata: grim trigger, the pause (T-period punishment), memory-one
strategies (TFT, GTFT, WSLS, ...) and their automata."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..._validation import (
    UNIT,
    IntegerRange,
    Interval,
    ParameterError,
    check_scalar,
)
from ...games.repeated import RepeatedGame
from .automaton import PublicAutomaton

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
    """Trigger strategy with a pause of length ``T`` (Green & Porter 1984; Downs & Rocke 1990).

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

    Parameters
    ----------
    game : RepeatedGame
        The repeated game (its signals define the bad ones by default).
    cooperative, punishment : (int, int)
        Action indices of the cooperative and of the punishment profile (default (0, 0)
        and (1, 1)).
    bad_signals : sequence of str, optional
        Signals that start the punishment (default as in :func:`pause_trigger`).
    tremble : float, default 0
        Implementation error, in [0, 1/2].

    Returns
    -------
    PublicAutomaton
        States ``coop`` and an absorbing ``punish``.
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
