"""Finite two-player normal-form (bimatrix) games.

Convention (as in nashpy and QuantEcon): ``A[i, j]`` is the row player's payoff and
``B[i, j]`` the column player's payoff when the row player plays action ``i`` and the
column player plays action ``j``. A mixed strategy is a probability vector over actions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import nashpy
import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validation import ParameterError, check_payoff_matrix, check_probability_vector
from ._outcomes import check_outcomes, outcome_distribution

__all__ = ["BimatrixGame", "symmetric_2x2"]


@dataclass(frozen=True, eq=False, init=False)
class BimatrixGame:
    """A two-player finite game in normal form.

    Parameters
    ----------
    A, B : array_like, shape (m, n)
        Payoffs of the row and the column player. If ``B`` is None the game is zero-sum
        (``B = -A``).
    row_actions, column_actions : sequence of str, optional
        Action labels (default ``r0, r1, ...`` and ``c0, c1, ...``).
    name : str, optional
        A short label used in reprs.
    outcomes : array_like of str, shape (m, n), or callable, optional
        The named outcome of each action profile (e.g. ``"war"``), or a function
        ``f(row_action, column_action) -> name`` of the labels. Default: none (outcome
        queries then raise).
    escalatory : iterable of str, optional
        The outcomes that count as escalation.

    Examples
    --------
    >>> g = BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]], name="prisoner's dilemma")
    >>> g.is_nash([0, 1], [0, 1])
    True

    Chicken as a crisis, with named outcomes:

    >>> crisis = BimatrixGame([[0, -1], [1, -10]], [[0, 1], [-1, -10]], ("yield", "stand"),
    ...                       ("yield", "stand"), outcomes=[["compromise", "concession"],
    ...                       ["concession", "war"]], escalatory={"war"})
    >>> crisis.escalation_probability([0.1, 0.9], [0.1, 0.9])
    0.81
    """

    A: NDArray[np.float64]
    B: NDArray[np.float64]
    row_actions: tuple[str, ...]
    column_actions: tuple[str, ...]
    name: str
    outcome_names: NDArray[np.str_] | None
    escalatory: frozenset[str]

    def __init__(
        self,
        A: ArrayLike,
        B: ArrayLike | None = None,
        row_actions: Sequence[str] | None = None,
        column_actions: Sequence[str] | None = None,
        name: str = "",
        *,
        outcomes: ArrayLike | Callable[[str, str], str] | None = None,
        escalatory: Iterable[str] = (),
    ) -> None:
        A = check_payoff_matrix("A", A)
        B = -A if B is None else check_payoff_matrix("B", B, shape=A.shape)
        m, n = A.shape
        ra = tuple(row_actions) if row_actions is not None else tuple(f"r{i}" for i in range(m))
        ca = tuple(column_actions) if column_actions is not None else tuple(f"c{j}" for j in range(n))
        if len(ra) != m:
            raise ParameterError("row_actions", ra, f"{m} labels, one per row of `A`")
        if len(ca) != n:
            raise ParameterError("column_actions", ca, f"{n} labels, one per column of `A`")
        for arr in (A, B):
            arr.setflags(write=False)
        object.__setattr__(self, "A", A)
        object.__setattr__(self, "B", B)
        object.__setattr__(self, "row_actions", ra)
        object.__setattr__(self, "column_actions", ca)
        object.__setattr__(self, "name", name)
        names, esc = check_outcomes(outcomes, escalatory, (ra, ca), "(n_rows, n_columns)")
        object.__setattr__(self, "outcome_names", names)
        object.__setattr__(self, "escalatory", esc)

    # ------------------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, int]:
        return self.A.shape  # type: ignore[return-value]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BimatrixGame):
            return NotImplemented
        return bool(np.array_equal(self.A, other.A) and np.array_equal(self.B, other.B)
                    and self.row_actions == other.row_actions
                    and self.column_actions == other.column_actions)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        label = f" {self.name!r}" if self.name else ""
        return f"<{self.shape[0]}x{self.shape[1]} BimatrixGame{label}>"

    def __str__(self) -> str:
        with np.printoptions(precision=6, suppress=True):
            return f"{self!r}\nA =\n{self.A}\nB =\n{self.B}"

    # payoff queries -------------------------------------------------------------------
    def _strategies(self, x: ArrayLike, y: ArrayLike) -> tuple[NDArray, NDArray]:
        m, n = self.shape
        x = check_probability_vector("x", x, atol=1e-7)
        y = check_probability_vector("y", y, atol=1e-7)
        if x.size != m:
            raise ParameterError("x", x, f"a row strategy of length {m}")
        if y.size != n:
            raise ParameterError("y", y, f"a column strategy of length {n}")
        return x, y

    def payoffs(self, x: ArrayLike, y: ArrayLike) -> tuple[float, float]:
        """Expected payoffs (row, column) of the mixed profile (x, y).

        Parameters
        ----------
        x, y : array_like
            Mixed strategies of the row and the column player (probability vectors).

        Returns
        -------
        (float, float)
            ``x A y`` and ``x B y``.
        """
        x, y = self._strategies(x, y)
        return float(x @ self.A @ y), float(x @ self.B @ y)

    def regret(self, x: ArrayLike, y: ArrayLike) -> tuple[float, float]:
        """Each player's largest gain from a pure deviation (>= 0 up to rounding).

        Parameters
        ----------
        x, y : array_like
            Mixed strategies of the row and the column player.

        Returns
        -------
        (float, float)
            ``max_i (A y)_i - x A y`` and ``max_j (x B)_j - x B y``: both 0 at a Nash
            equilibrium (the certificate of the solvers).
        """
        x, y = self._strategies(x, y)
        u_row, u_col = x @ self.A @ y, x @ self.B @ y
        return float(np.max(self.A @ y) - u_row), float(np.max(x @ self.B) - u_col)

    def is_nash(self, x: ArrayLike, y: ArrayLike, tol: float = 1e-9) -> bool:
        """True if no player gains more than ``tol`` from a pure deviation.

        Parameters
        ----------
        x, y : array_like
            Mixed strategies of the row and the column player.
        tol : float, default 1e-9
            Largest regret still counted as none.

        Returns
        -------
        bool

        Examples
        --------
        >>> import deterrence_games as dg
        >>> chicken = dg.BimatrixGame([[0, -1], [1, -10]], [[0, 1], [-1, -10]])
        >>> chicken.is_nash([1, 0], [0, 1]), chicken.is_nash([1, 0], [1, 0])
        (True, False)
        """
        r1, r2 = self.regret(x, y)
        return bool(r1 <= tol and r2 <= tol)

    def best_responses(self, strategy: ArrayLike, player: int, tol: float = 1e-12) -> tuple[int, ...]:
        """Pure best responses of ``player`` (0 = row, 1 = column) to the other's strategy.

        Parameters
        ----------
        strategy : array_like
            The other player's mixed strategy.
        player : {0, 1}
            Whose best responses.
        tol : float, default 1e-12
            Payoffs within ``tol`` of the best count as best.

        Returns
        -------
        tuple of int
            Indices of the best actions.

        Raises
        ------
        ParameterError
            ``player`` not 0 or 1, or ``strategy`` not a probability vector.
        """
        if player == 0:
            u = self.A @ check_probability_vector("strategy", strategy)
        elif player == 1:
            u = check_probability_vector("strategy", strategy) @ self.B
        else:
            raise ParameterError("player", player, "player in {0, 1}")
        return tuple(int(i) for i in np.flatnonzero(u >= u.max() - tol))

    def outcome_probabilities(self, x: ArrayLike, y: ArrayLike) -> dict[str, float]:
        """Probability of each named outcome under the mixed profile (x, y) (needs ``outcomes``).

        Parameters
        ----------
        x, y : array_like
            Mixed strategies of the row and the column player.

        Returns
        -------
        dict of str to float
            Outcome name -> probability (empty when the game names no outcomes).
        """
        if self.outcome_names is None:
            return outcome_distribution(None, ())
        x, y = self._strategies(x, y)
        return outcome_distribution(self.outcome_names, np.outer(x, y))

    def escalation_probability(self, x: ArrayLike, y: ArrayLike) -> float:
        """Mass of the ``escalatory`` outcomes under the mixed profile (x, y).

        Parameters
        ----------
        x, y : array_like
            Mixed strategies of the row and the column player.

        Returns
        -------
        float
        """
        d = self.outcome_probabilities(x, y)
        return float(sum(p for o, p in d.items() if o in self.escalatory))

    def to_nashpy(self) -> nashpy.Game:
        """The same game as a ``nashpy.Game``."""
        return nashpy.Game(np.array(self.A), np.array(self.B))

    def transpose(self) -> BimatrixGame:
        """The game with the players' roles swapped."""
        names = None if self.outcome_names is None else self.outcome_names.T
        return BimatrixGame(self.B.T, self.A.T, self.column_actions, self.row_actions, self.name,
                            outcomes=names, escalatory=self.escalatory)


def symmetric_2x2(R: float, S: float, T: float, P: float, actions: Sequence[str] = ("C", "D"),
                  **kwargs: object) -> BimatrixGame:
    """The symmetric 2x2 game of the payoffs ``R, S, T, P`` (reward, sucker, temptation, punishment).

    Row player's payoffs ``A = [[R, S], [T, P]]`` and the column player's ``B = A.T``: both
    cooperate (first action) -> ``(R, R)``; a cooperator facing a defector gets ``S`` and the
    defector ``T``; both defect -> ``(P, P)``. ``T > R > P > S`` is the prisoner's dilemma
    (the security dilemma of arming), ``T > R > S > P`` chicken, ``R > T`` and ``P > S`` the
    stag hunt (Rapoport & Chammah 1965; Jervis 1978).

    Parameters
    ----------
    R, S, T, P : float
        Stage payoffs.
    actions : sequence of two str
        Labels of the cooperative and the defecting action, for both players.
    **kwargs
        Passed to :class:`BimatrixGame` (``name``, ``outcomes``, ``escalatory``).

    Returns
    -------
    BimatrixGame

    Examples
    --------
    >>> symmetric_2x2(3, 0, 5, 1).is_nash([0, 1], [0, 1])
    True
    """
    actions = tuple(actions)
    return BimatrixGame([[R, S], [T, P]], [[R, T], [S, P]], actions, actions, **kwargs)  # type: ignore[arg-type]
