"""Analysis of an automaton in a repeated game: values, induced chain, one-shot deviation gains
(perfect public equilibrium, Mailath & Samuelson 2006, Prop. 7.1.1), long-run shares, time to
escalation and the probability of escalation within a horizon."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.sparse.csgraph import connected_components

from ..._validation import (
    IntegerRange,
    ParameterError,
    check_scalar,
)
from ...games.repeated import RepeatedGame
from ...results import Result
from ...results import frozen_map as _frozen_map
from ...results import readonly as _readonly
from .automaton import PublicAutomaton, _tremble
from .constructors import _check_game, _pure, pause_trigger

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
class AutomatonAnalysis(Result):
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
    """Values, PPE check, long-run escalation share, time to escalation and horizon risks.

    Values solve ``V = (1 - delta) u + delta M V`` on the automaton's states; the PPE check
    is the one-shot deviation principle at every state (Abreu, Pearce & Stacchetti 1990);
    the escalation figures come from the Markov chain ``M`` the automaton induces on its
    states through the public signals.

    Parameters
    ----------
    game : RepeatedGame
        Stage game, discount factor and public monitoring.
    automaton : PublicAutomaton
        A strategy profile as an automaton on public signals (e.g. :func:`grim_trigger`,
        :func:`pause_trigger`).
    horizons : sequence of int, default (10, 100)
        Horizons ``N >= 1`` for P(at least one escalation period within N periods).
    tol : float, default 1e-10
        Largest deviation gain still counted as no profitable deviation.

    Returns
    -------
    AutomatonAnalysis
        Values, deviation gains, ``is_ppe``, chain, long-run distribution, escalation share,
        expected time to escalation and horizon risks.

    Raises
    ------
    ParameterError
        An automaton whose profiles do not fit the game, or a horizon below 1.
    """
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
