"""The public automaton (Mailath & Samuelson 2006, §2.3 and §7.1): states, initial state, an
action profile per state and a transition rule on the public signal; trembles."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from ..._validation import (
    IntegerRange,
    Interval,
    ParameterError,
    check_scalar,
)

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
