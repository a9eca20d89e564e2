"""Information structures: likelihood matrices P(signal | state).

An information structure (a *statistical experiment* in Blackwell's sense) is a row-stochastic
matrix ``L`` with ``L[s, y] = P(y | s)``. Transparency measures are constructors:

* :func:`binary_signal` -- a symmetric binary signal of accuracy ``rho`` (data exchange);
* :func:`detector` -- an alarm with false-alarm rate ``alpha`` and non-detection rate
  ``beta`` (verification, inspection, early warning).

Blackwell (1953): experiment ``L1`` is *more informative* than ``L2`` iff ``L2 = L1 @ M``
for some row-stochastic garbling ``M``; checked here by a linear feasibility program.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import linprog

from .._validation import (
    UNIT,
    ParameterError,
    check_probability_vector,
    check_scalar,
    check_stochastic_matrix,
)

__all__ = ["InformationStructure", "binary_signal", "detector", "uninformative", "fully_informative"]


@dataclass(frozen=True, eq=False, init=False)
class InformationStructure:
    """A likelihood matrix ``P(signal | state)``.

    Parameters
    ----------
    likelihood : array_like, shape (n_states, n_signals)
        Row-stochastic matrix, ``likelihood[s, y] = P(y | s)``.
    states, signals : sequence of str, optional
        Labels (default ``s0, s1, ...`` and ``y0, y1, ...``).
    """

    likelihood: NDArray[np.float64]
    states: tuple[str, ...]
    signals: tuple[str, ...]

    def __init__(
        self,
        likelihood: ArrayLike,
        states: Sequence[str] | None = None,
        signals: Sequence[str] | None = None,
    ) -> None:
        L = check_stochastic_matrix("likelihood", likelihood)
        n_s, n_y = L.shape
        st = tuple(states) if states is not None else tuple(f"s{i}" for i in range(n_s))
        sg = tuple(signals) if signals is not None else tuple(f"y{j}" for j in range(n_y))
        if len(st) != n_s:
            raise ParameterError("states", st, f"{n_s} labels, one per row of `likelihood`")
        if len(sg) != n_y:
            raise ParameterError("signals", sg, f"{n_y} labels, one per column of `likelihood`")
        L.setflags(write=False)
        object.__setattr__(self, "likelihood", L)
        object.__setattr__(self, "states", st)
        object.__setattr__(self, "signals", sg)

    @property
    def shape(self) -> tuple[int, int]:
        return self.likelihood.shape  # type: ignore[return-value]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, InformationStructure):
            return NotImplemented
        return bool(np.array_equal(self.likelihood, other.likelihood)
                    and self.states == other.states and self.signals == other.signals)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<InformationStructure: {self.shape[0]} states x {self.shape[1]} signals>"

    def check_prior(self, prior: ArrayLike) -> NDArray[np.float64]:
        """Validate a prior over the states of the experiment.

        Parameters
        ----------
        prior : array_like
            A probability vector, one entry per state.

        Returns
        -------
        numpy.ndarray

        Raises
        ------
        ParameterError
            Not a probability vector, or not one entry per state.
        """
        p = check_probability_vector("prior", prior)
        if p.size != self.shape[0]:
            raise ParameterError("prior", p, f"a probability vector of length {self.shape[0]} (one per state)")
        return p

    def signal_probabilities(self, prior: ArrayLike) -> NDArray[np.float64]:
        """Marginal probability of each signal, ``P(y) = sum_s prior[s] P(y | s)``.

        Parameters
        ----------
        prior : array_like
            A probability vector over the states.

        Returns
        -------
        numpy.ndarray
            One probability per signal.
        """
        return self.check_prior(prior) @ self.likelihood

    def posteriors(self, prior: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Bayes' rule: ``(P(y), post)`` with ``post[y, s] = P(s | y)``.

        A signal of probability zero gets the prior as its (arbitrary) posterior.

        Parameters
        ----------
        prior : array_like
            A probability vector over the states.

        Returns
        -------
        (numpy.ndarray, numpy.ndarray)
            ``P(y)`` per signal, and the posteriors, shape ``(signals, states)``.

        Examples
        --------
        >>> from deterrence_games.games import binary_signal
        >>> py, post = binary_signal(0.75).posteriors([0.5, 0.5])
        >>> py.tolist(), post[0].tolist()
        ([0.5, 0.5], [0.75, 0.25])
        """
        p = self.check_prior(prior)
        joint = p[:, None] * self.likelihood  # (s, y)
        py = joint.sum(axis=0)
        post = np.where(py[None, :] > 0, joint / np.where(py > 0, py, 1.0)[None, :], p[:, None]).T
        return py, post

    def garble(self, garbling: ArrayLike) -> InformationStructure:
        """The experiment ``L @ M`` for a row-stochastic garbling ``M`` (signals -> new signals).

        Parameters
        ----------
        garbling : array_like, shape (signals, k)
            Row-stochastic matrix: ``M[y, z] = P(new signal z | signal y)``.

        Returns
        -------
        InformationStructure
            Less informative than this one in Blackwell's order.

        Raises
        ------
        ParameterError
            Not row-stochastic, or not one row per signal.
        """
        M = check_stochastic_matrix("garbling", garbling)
        if M.shape[0] != self.shape[1]:
            raise ParameterError("garbling", M.shape, f"shape ({self.shape[1]}, k): one row per signal")
        return InformationStructure(self.likelihood @ M, self.states)

    def garbling_to(self, other: InformationStructure, tol: float = 1e-9) -> NDArray[np.float64] | None:
        """A row-stochastic ``M`` with ``self.likelihood @ M == other.likelihood``, or None.

        ``other`` is a garbling of ``self`` (so ``self`` is Blackwell more informative) iff
        such an ``M`` exists. Solved as a linear feasibility problem (HiGHS).

        Parameters
        ----------
        other : InformationStructure
            An experiment on the same states.
        tol : float, default 1e-9
            Tolerance of the check of the solution.

        Returns
        -------
        numpy.ndarray or None
            The garbling, or None if ``other`` is not a garbling of ``self``.
        """
        if not isinstance(other, InformationStructure):
            raise TypeError(f"`other` must be an InformationStructure (got {type(other).__name__})")
        if other.shape[0] != self.shape[0]:
            raise ParameterError("other", other.shape, f"an experiment on the same {self.shape[0]} states")
        L1, L2 = self.likelihood, other.likelihood
        k, k2 = L1.shape[1], L2.shape[1]
        # variables M[y, z] flattened row-major; constraints: L1 @ M = L2 and rows sum to 1.
        A_eq = [np.kron(L1[s], np.eye(k2)) for s in range(L1.shape[0])]
        A_eq = np.vstack(A_eq + [np.kron(np.eye(k), np.ones(k2))])
        b_eq = np.concatenate([L2.ravel(), np.ones(k)])
        res = linprog(np.zeros(k * k2), A_eq=A_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        if res.status != 0:
            return None
        M = res.x.reshape(k, k2)
        if np.max(np.abs(L1 @ M - L2)) > max(tol, 1e-7):
            return None
        return M

    def blackwell_dominates(self, other: InformationStructure) -> bool:
        """True if ``self`` is (weakly) Blackwell more informative than ``other``.

        Parameters
        ----------
        other : InformationStructure
            An experiment on the same states.

        Returns
        -------
        bool

        Examples
        --------
        >>> from deterrence_games.games import binary_signal
        >>> binary_signal(0.9).blackwell_dominates(binary_signal(0.7))
        True
        >>> binary_signal(0.7).blackwell_dominates(binary_signal(0.9))
        False
        """
        return self.garbling_to(other) is not None


def binary_signal(rho: float, states: Sequence[str] = ("s0", "s1")) -> InformationStructure:
    """A symmetric binary public signal of accuracy ``rho``: ``P(y = s | s) = rho``.

    ``rho = 1/2`` is uninformative and ``rho = 1`` fully revealing (e.g. verified data
    exchange about a binary type).

    Parameters
    ----------
    rho : float
        Accuracy, ``0 <= rho <= 1``.
    states : sequence of two str, default ("s0", "s1")
        Names of the states; the signals are ``"looks_<state>"``.

    Returns
    -------
    InformationStructure
        Likelihood matrix ``[[rho, 1 - rho], [1 - rho, rho]]`` (rows: states).

    Raises
    ------
    ParameterError
        ``rho`` outside [0, 1].

    Examples
    --------
    >>> from deterrence_games.games import binary_signal
    >>> binary_signal(0.75).signals
    ('looks_s0', 'looks_s1')
    """
    rho = check_scalar("rho", rho, UNIT, "it is the probability that the signal matches the state")
    st = tuple(states)
    return InformationStructure([[rho, 1 - rho], [1 - rho, rho]], st, tuple(f"looks_{s}" for s in st))


def detector(alpha: float, beta: float) -> InformationStructure:
    """An alarm on the states (``clean``, ``violation``).

    ``alpha`` = P(alarm | clean), the false-alarm rate; ``beta`` = P(no alarm | violation),
    the non-detection rate (detection probability ``1 - beta``), as in the inspection games
    of Avenhaus, von Stengel & Zamir (2002).

    Parameters
    ----------
    alpha : float
        False-alarm probability, ``0 <= alpha <= 1``.
    beta : float
        Non-detection probability, ``0 <= beta <= 1``.

    Returns
    -------
    InformationStructure
        States ``("clean", "violation")``, signals ``("no_alarm", "alarm")``.

    Raises
    ------
    ParameterError
        ``alpha`` or ``beta`` outside [0, 1].
    """
    alpha = check_scalar("alpha", alpha, UNIT, "it is the false-alarm probability")
    beta = check_scalar("beta", beta, UNIT, "it is the non-detection probability")
    return InformationStructure(
        [[1 - alpha, alpha], [beta, 1 - beta]], ("clean", "violation"), ("no_alarm", "alarm")
    )


def uninformative(n_states: int) -> InformationStructure:
    """One signal whatever the state.

    Parameters
    ----------
    n_states : int
        Number of states.

    Returns
    -------
    InformationStructure
        A single column of ones (the least informative structure in Blackwell's order).
    """
    return InformationStructure(np.ones((n_states, 1)))


def fully_informative(n_states: int) -> InformationStructure:
    """The signal reveals the state.

    Parameters
    ----------
    n_states : int
        Number of states.

    Returns
    -------
    InformationStructure
        The identity likelihood matrix (the most informative structure in Blackwell's order).
    """
    return InformationStructure(np.eye(n_states))
