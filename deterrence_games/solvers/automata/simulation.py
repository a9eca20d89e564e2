"""Simulation of the primitive process (actions, signals, transitions): an independent check of
the chain computed by :mod:`.analysis`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..._validation import (
    IntegerRange,
    as_rng,
    check_scalar,
)
from ...games.repeated import RepeatedGame
from ...results import Result
from ...results import readonly as _readonly
from .analysis import _check_pair
from .automaton import PublicAutomaton

# ---------------------------------------------------------------------------------------
# Simulation (independent check: simulates the primitive process, not the chain)
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class AutomatonPath(Result):
    """A simulated play path: states, realised actions and public signals per period.

    Each array has shape ``(periods,)``, or ``(chains, periods)`` when
    :func:`simulate_automaton` ran several chains.

    Attributes
    ----------
    states : ndarray of int
        Automaton state at the start of each period.
    row_actions, column_actions : ndarray of int
        Realised actions of the two players.
    signals : ndarray of int
        Public signal drawn from ``p(y | a)``.
    escalation : ndarray of bool
        The period's state is escalatory.
    seed : int or None
        Seed of the simulation (None when a Generator was passed).
    """

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
        """One row per period: ``state``, ``row_action``, ``column_action``, ``signal``, ``escalation``.

        Returns
        -------
        pandas.DataFrame
        """
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
