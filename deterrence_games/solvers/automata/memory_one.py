"""Memory-one chains with implementation and perception errors: behavioural rules under private
monitoring (not equilibria), their stationary outcome distribution and simulation."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..._validation import (
    UNIT,
    IntegerRange,
    Interval,
    as_rng,
    check_scalar,
)
from ...results import Result
from ...results import frozen_map as _frozen_map
from ...results import readonly as _readonly
from .constructors import _PROFILES, MemoryOneStrategy

# ---------------------------------------------------------------------------------------
# Memory-one chains with implementation and perception errors
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class NoiseChainResult(Result):
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
        """One row per chain state: ``state`` and its ``stationary`` probability.

        Returns
        -------
        pandas.DataFrame
        """
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

    Parameters
    ----------
    row, column : MemoryOneStrategy
        The two players' strategies (cooperation probabilities after each last profile).
    epsilon : float
        Implementation error, in [0, 1].
    eta : float, optional
        Perception error, in [0, 1]; None for perfect monitoring of actions.

    Returns
    -------
    NoiseChainResult
        The transition matrix, its stationary distribution and the long-run frequencies of
        the action profiles.
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
