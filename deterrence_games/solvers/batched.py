r"""Every extreme Nash equilibrium of many 2x2 bimatrix games at once, vectorized.

For a sweep that builds one 2x2 game per parameter point, :func:`solve_2x2` solves all of
them in a handful of NumPy array operations (no Python loop per game), ties and degenerate
games included.

Notation
--------
Game ``k`` has payoffs ``A[k]`` (row) and ``B[k]`` (column). ``p`` is the probability
that the row player plays action 0 and ``q`` that the column player plays action 0. The
players' payoff differences between their two actions are affine in the opponent's
mixing probability:

.. math::

    \Delta_A(q) = a_1 q + a_0 (1 - q), \quad a_1 = A_{00} - A_{10},\ a_0 = A_{01} - A_{11},

    \Delta_B(p) = b_1 p + b_0 (1 - p), \quad b_1 = B_{00} - B_{01},\ b_0 = B_{10} - B_{11}.

Extreme equilibria (proof of the method)
----------------------------------------
An *extreme* equilibrium is a pair of vertices of the best-response polytopes (see
:mod:`deterrence_games.solvers.nash`). In a 2x2 game the non-zero vertices of the row
player's polytope, as values of ``p``, are exactly ``p = 1``, ``p = 0`` and, when the
column player is indifferent at an interior point, ``p* = b_0 / (b_0 - b_1)``; this
interior point exists iff ``b_0`` and ``b_1`` are both non-zero with opposite signs, so
that ``0 < p* < 1``. (A mixed ``p`` is a vertex iff both column constraints are tight,
i.e. the column player is indifferent; if ``B``'s two columns differ by a constant the two
constraints are parallel or identical and there is no interior vertex.) Likewise for
``q`` with ``q* = a_0 / (a_0 - a_1)``. The extreme equilibria are therefore the
candidates ``(p, q)`` in ``{0, p*, 1} x {0, q*, 1}`` that are equilibria, and a candidate is
an equilibrium iff each coordinate is a best response, which depends only on signs:
``p = 1`` needs ``Delta_A(q) >= 0``, ``p = 0`` needs ``Delta_A(q) <= 0`` and ``p = p*``
needs ``Delta_A(q) = 0``, where ``Delta_A`` is ``a_1`` at ``q = 1``, ``a_0`` at ``q = 0``
and ``0`` at ``q*``; symmetrically for the column player.

Why ``K = 4`` slots suffice (the maximum is attained)
-------------------------------------------------------
* If ``p*`` exists the column player is strictly non-indifferent at ``p = 0`` and at
  ``p = 1`` (``b_0, b_1 != 0``), so each of those rows has at most one equilibrium ``q``,
  and ``q*`` is not a best response there.
* If both ``p*`` and ``q*`` exist, then at ``p*`` the row player must be indifferent,
  which holds at ``q*`` only (``a_0, a_1 != 0``): at most ``1 + 1 + 1 = 3``.
* If ``p*`` exists and ``q*`` does not: at most ``1 + 1 + 2 = 4`` (``q in {0, 1}`` at ``p*``).
  Symmetrically if only ``q*`` exists.
* If neither exists only the 4 pure profiles are candidates.

Hence a 2x2 game has at most 4 extreme equilibria, and 4 is attained, e.g. by the all-zero
game (every pure profile) and by ``A = 0``, ``B = [[1, 0], [0, 1]]``: ``(0, 0)``,
``(1/2, 0)``, ``(1/2, 1)``, ``(1, 1)``. The tests check this bound against an exact
rational brute force over every game with payoffs in {0, 1, 2}.

Degeneracy and continua
-----------------------
A 2x2 game is degenerate iff some pure strategy has two pure best responses, i.e. iff one
of ``a_0, a_1, b_0, b_1`` is zero (mixed strategies have support 2 and at most 2 best
responses). It has a continuum of equilibria iff two extreme equilibria share ``p`` or
share ``q``: the segment between them is then an equilibrium set (best-response sets are
convex and ``Delta_A``, ``Delta_B`` are affine), and conversely every maximal Nash subset
with more than one point is such a product of intervals.

Ties: a difference is treated as zero when ``|d| <= tol * s`` with ``s`` the largest
absolute payoff of that player in that game (``tol = 1e-12`` by default), so exact ties in
integer or rational payoffs are exact ties here.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from .._validation import ParameterError
from ..results import Result, frozen_map

__all__ = ["Batched2x2Result", "K_MAX_2X2", "solve_2x2"]

K_MAX_2X2 = 4
"""Maximum number of extreme equilibria of a 2x2 bimatrix game (see the module docstring)."""


@dataclass(frozen=True, eq=False)
class Batched2x2Result(Result):
    """Extreme equilibria of ``n`` 2x2 games, in padded arrays.

    Attributes
    ----------
    p, q : ndarray, shape (n, 4)
        Probability that the row (column) player plays action 0 in each extreme
        equilibrium; ``nan`` in unused slots. Within a game, equilibria are sorted by ``p``
        then ``q``, ascending (the order of :func:`~deterrence_games.solvers.nash_equilibria`).
    valid : ndarray of bool, shape (n, 4)
        Which slots hold an equilibrium (the first ``count[k]`` slots of game ``k``).
    count : ndarray of int, shape (n,)
        Number of extreme equilibria of each game (1 to 4).
    degenerate : ndarray of bool, shape (n,)
        Whether each game is degenerate (some pure strategy has two pure best responses).
    continuum : ndarray of bool, shape (n,)
        Whether each game has a continuum (a non-singleton maximal Nash subset).
    tol : float
        Relative tie tolerance used.
    """

    p: NDArray[np.float64]
    q: NDArray[np.float64]
    valid: NDArray[np.bool_]
    count: NDArray[np.int64]
    degenerate: NDArray[np.bool_]
    continuum: NDArray[np.bool_]
    tol: float
    options: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("p", "q", "valid", "count", "degenerate", "continuum"):
            arr = getattr(self, name)
            arr.setflags(write=False)
        object.__setattr__(self, "options", frozen_map(self.options))

    def __len__(self) -> int:
        return int(self.count.shape[0])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Batched2x2Result):
            return NotImplemented
        return bool(
            np.array_equal(self.p, other.p, equal_nan=True)
            and np.array_equal(self.q, other.q, equal_nan=True)
            and np.array_equal(self.valid, other.valid)
            and np.array_equal(self.count, other.count)
            and np.array_equal(self.degenerate, other.degenerate)
            and np.array_equal(self.continuum, other.continuum)
        )

    __hash__ = None  # type: ignore[assignment]

    def equilibria(self, k: int) -> list[tuple[NDArray[np.float64], NDArray[np.float64]]]:
        """The extreme equilibria of game ``k`` as (row strategy, column strategy) pairs.

        Parameters
        ----------
        k : int
            Index of a game in the batch (negative counts from the end).

        Returns
        -------
        list of (numpy.ndarray, numpy.ndarray)

        Raises
        ------
        ParameterError
            ``k`` out of range.
        """
        k = int(k)
        if not -len(self) <= k < len(self):
            raise ParameterError("k", k, f"0 <= k < {len(self)}", "the index of a game in the batch")
        out = []
        for s in np.flatnonzero(self.valid[k]):
            p, q = float(self.p[k, s]), float(self.q[k, s])
            out.append((np.array([p, 1.0 - p]), np.array([q, 1.0 - q])))
        return out

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per (game, extreme equilibrium)."""
        g, s = np.nonzero(self.valid)
        return pd.DataFrame({
            "game": g,
            "equilibrium": s,
            "p": self.p[g, s],
            "q": self.q[g, s],
            "count": self.count[g],
            "degenerate": self.degenerate[g],
            "continuum": self.continuum[g],
        })

    def to_dict(self) -> dict:
        """JSON-ready dictionary (lists, ``None`` for unused slots)."""
        def padded(a: NDArray) -> list:
            return [[None if np.isnan(v) else float(v) for v in row] for row in a]
        return {
            "p": padded(self.p),
            "q": padded(self.q),
            "valid": self.valid.tolist(),
            "count": self.count.tolist(),
            "degenerate": self.degenerate.tolist(),
            "continuum": self.continuum.tolist(),
            "tol": self.tol,
        }

    def __repr__(self) -> str:
        n = len(self)
        return (f"<Batched2x2Result: {n} game{'s' if n != 1 else ''}, "
                f"{int(self.count.sum())} extreme equilibria, "
                f"{int(self.degenerate.sum())} degenerate, {int(self.continuum.sum())} with continua>")

    def __str__(self) -> str:
        lines = [repr(self)]
        for k in range(min(len(self), 10)):
            eqs = ", ".join(f"(p={self.p[k, s]:.6g}, q={self.q[k, s]:.6g})"
                            for s in np.flatnonzero(self.valid[k]))
            flag = " degenerate" if self.degenerate[k] else ""
            lines.append(f"  game {k}:{flag} {eqs}")
        if len(self) > 10:
            lines.append(f"  ... ({len(self) - 10} more games)")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(str(self))}</pre>"


def _check_batch(name: str, values: ArrayLike) -> NDArray[np.float64]:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"`{name}` must be an array of real numbers (got {type(values).__name__})") from None
    if arr.shape == (2, 2):
        arr = arr[None]
    if arr.ndim != 3 or arr.shape[1:] != (2, 2):
        raise ParameterError(name, arr.shape, "an array of shape (n, 2, 2) or (2, 2)",
                             "one 2x2 payoff matrix per game")
    if not np.isfinite(arr).all():
        k = int(np.flatnonzero(~np.isfinite(arr).reshape(len(arr), -1).all(axis=1))[0])
        raise ParameterError(name, arr[k], "finite entries (no NaN or inf)", f"game {k} is not finite")
    return arr


def solve_2x2(A: ArrayLike, B: ArrayLike | None = None, *, tol: float = 1e-12) -> Batched2x2Result:
    """Every extreme Nash equilibrium of each 2x2 game in a batch.

    Parameters
    ----------
    A, B : array_like, shape (n, 2, 2) or (2, 2)
        Row and column payoffs of ``n`` games. ``B=None`` means zero-sum (``B = -A``).
    tol : float, default 1e-12
        Relative tie tolerance: a payoff difference ``d`` of a player counts as zero when
        ``|d| <= tol * s``, with ``s`` the player's largest absolute payoff in that game.

    Returns
    -------
    Batched2x2Result
        Padded arrays ``p``, ``q``, ``valid`` of shape (n, 4), ``count``, ``degenerate``
        and ``continuum`` of shape (n,).

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[[3, 0], [5, 1]], [[2, 0], [0, 1]]])   # prisoner's dilemma, coordination
    >>> B = np.array([[[3, 5], [0, 1]], [[1, 0], [0, 2]]])
    >>> res = solve_2x2(A, B)
    >>> res.count.tolist()
    [1, 3]
    >>> res.p[1, :3].round(4).tolist(), res.q[1, :3].round(4).tolist()
    ([0.0, 0.6667, 1.0], [0.0, 0.3333, 1.0])
    """
    A = _check_batch("A", A)
    B = -A if B is None else _check_batch("B", B)
    if B.shape != A.shape:
        raise ParameterError("B", B.shape, f"the shape of `A`, {A.shape}", "one B per game in A")
    if isinstance(tol, bool) or not isinstance(tol, int | float | np.floating) or not 0 <= float(tol) < 1:
        raise ParameterError("tol", tol, "0 <= tol < 1", "it is the relative tie tolerance")
    p, q, valid, count, degenerate, continuum = _solve_2x2_kernel(A, B, float(tol))
    return Batched2x2Result(p, q, valid, count, degenerate, continuum, float(tol),
                            {"method": "closed-form sign table", "k_max": K_MAX_2X2})


def _sign(d: NDArray, eps: NDArray) -> NDArray[np.int8]:
    """Sign of ``d`` with |d| <= eps counted as zero, as int8."""
    return (d > eps).view(np.int8) - (d < -eps).view(np.int8)


def _build_tables() -> dict[str, NDArray]:
    """Outcome of every sign pattern ``(sign a_0, sign a_1, sign b_0, sign b_1)``.

    The 81 patterns cover every 2x2 game. For each, the 3 x 3 candidates ``(p_i, q_j)``,
    ``p in (0, p*, 1)`` and ``q in (0, q*, 1)``, are tested with the sign rules of the module
    docstring; the valid ones, in this ascending order, fill the output slots. Building the
    table by exhaustion is also a proof that no game has more than ``K_MAX_2X2`` extreme
    equilibria (checked below and in the tests).
    """
    signs = (-1, 0, 1)
    n_pat = 81
    count = np.zeros(n_pat, np.int64)
    kind_p = np.full((n_pat, K_MAX_2X2), -1, np.int8)  # 0: p=0, 1: p*, 2: p=1, -1: empty
    kind_q = np.full((n_pat, K_MAX_2X2), -1, np.int8)
    degenerate = np.zeros(n_pat, bool)
    continuum = np.zeros(n_pat, bool)
    for sa0, sa1, sb0, sb1 in itertools.product(signs, repeat=4):
        code = _code(sa0, sa1, sb0, sb1)
        has_ps, has_qs = sb0 * sb1 < 0, sa0 * sa1 < 0
        sA = (sa0, 0, sa1)  # sign of Delta_A at q = 0, q*, 1
        sB = (sb0, 0, sb1)  # sign of Delta_B at p = 0, p*, 1
        ok = np.zeros((3, 3), bool)
        for i, j in itertools.product(range(3), repeat=2):
            if (i == 1 and not has_ps) or (j == 1 and not has_qs):
                continue
            row_ok = sA[j] <= 0 if i == 0 else sA[j] == 0 if i == 1 else sA[j] >= 0
            col_ok = sB[i] <= 0 if j == 0 else sB[i] == 0 if j == 1 else sB[i] >= 0
            ok[i, j] = row_ok and col_ok
        cells = list(zip(*np.nonzero(ok), strict=True))
        if not 1 <= len(cells) <= K_MAX_2X2:  # pragma: no cover - the proof says never
            raise AssertionError(f"sign pattern {(sa0, sa1, sb0, sb1)} has {len(cells)} equilibria")
        count[code] = len(cells)
        for s, (i, j) in enumerate(cells):
            kind_p[code, s], kind_q[code, s] = i, j
        degenerate[code] = 0 in (sa0, sa1, sb0, sb1)
        continuum[code] = bool((ok.sum(axis=0) >= 2).any() or (ok.sum(axis=1) >= 2).any())
    valid = kind_p >= 0
    const_p = np.select([kind_p == 0, kind_p == 2], [0.0, 1.0], np.nan)
    const_q = np.select([kind_q == 0, kind_q == 2], [0.0, 1.0], np.nan)
    tables = {"count": count, "kind_p": kind_p, "kind_q": kind_q, "valid": valid,
              "const_p": const_p, "const_q": const_q, "star_p": kind_p == 1,
              "star_q": kind_q == 1, "degenerate": degenerate, "continuum": continuum}
    for t in tables.values():
        t.setflags(write=False)
    return tables


def _code(sa0: Any, sa1: Any, sb0: Any, sb1: Any) -> Any:
    """Index 0..80 of a sign pattern (works on scalars and int8 arrays)."""
    return 27 * (sa0 + 1) + 9 * (sa1 + 1) + 3 * (sb0 + 1) + (sb1 + 1)


_TABLES = _build_tables()


def _abs_max4(M: NDArray) -> NDArray:
    """Largest absolute entry of each 2x2 matrix (explicit: faster than a short-axis max)."""
    return np.maximum(np.maximum(np.abs(M[:, 0, 0]), np.abs(M[:, 0, 1])),
                      np.maximum(np.abs(M[:, 1, 0]), np.abs(M[:, 1, 1])))


CHUNK_2X2 = 32768
"""Games per chunk of the NumPy kernel: its temporaries (8 bytes a game for the float ones,
1 for the sign-pattern code) then stay in the L2 cache instead of streaming through memory
once per pass. Measured by ``benchmarks/bench_sweeps.py --only kernel_2x2`` at 1,024-131,072
games: 32,768 was the fastest (1.3x the single pass; 8,192 1.2x, 1,024 0.7x)."""

NUMBA_MIN_2X2 = 65536
"""Batches at least this large use the compiled kernel when numba is installed (the
``fast`` extra); it gives identical results (same floating-point operations per game)."""


def _solve_2x2_kernel(A: NDArray, B: NDArray, tol: float, engine: str = "auto",
                      chunk: int = 0) -> tuple[NDArray, ...]:
    """Padded ``(p, q, valid, count, degenerate, continuum)`` of the games ``A``, ``B``.

    ``engine``: ``"numpy"`` (in chunks of ``chunk`` games, default :data:`CHUNK_2X2`),
    ``"numba"`` (one fused pass per game) or ``"auto"`` (numba for batches of at least
    :data:`NUMBA_MIN_2X2` games when it is installed)."""
    chunk = chunk or CHUNK_2X2
    n = len(A)
    if engine == "numba" or (engine == "auto" and n >= NUMBA_MIN_2X2 and _numba_kernel() is not None):
        kernel = _numba_kernel()
        if kernel is None:
            raise ImportError("engine='numba' needs numba (pip install 'deterrence_games[fast]')")
        T = _TABLES
        out = (np.empty((n, K_MAX_2X2)), np.empty((n, K_MAX_2X2)), np.empty((n, K_MAX_2X2), bool),
               np.empty(n, np.int64), np.empty(n, bool), np.empty(n, bool))
        kernel(np.ascontiguousarray(A), np.ascontiguousarray(B), tol, T["const_p"], T["const_q"], T["star_p"],
               T["star_q"], T["valid"], T["count"], T["degenerate"], T["continuum"], *out)
        return out
    if n <= chunk:
        return _solve_2x2_chunk(A, B, tol)
    out = (np.empty((n, K_MAX_2X2)), np.empty((n, K_MAX_2X2)), np.empty((n, K_MAX_2X2), bool),
           np.empty(n, np.int64), np.empty(n, bool), np.empty(n, bool))
    for s in range(0, n, chunk):
        e = s + chunk
        _solve_2x2_chunk(A[s:e], B[s:e], tol, tuple(o[s:e] for o in out))
    return out


def _numba_kernel():
    """The compiled kernel, or None without numba (imported once, on first use)."""
    global _NUMBA
    if _NUMBA is False:
        try:
            from ._batched_numba import solve_2x2_numba
        except ImportError:
            _NUMBA = None
        else:
            _NUMBA = solve_2x2_numba
    return _NUMBA


_NUMBA: Any = False  # not imported yet


def _solve_2x2_chunk(A: NDArray, B: NDArray, tol: float, out: tuple[NDArray, ...] | None = None
                     ) -> tuple[NDArray, ...]:
    """The kernel on one batch, written into ``out`` (views of the result arrays) if given."""
    a1 = A[:, 0, 0] - A[:, 1, 0]
    a0 = A[:, 0, 1] - A[:, 1, 1]
    b1 = B[:, 0, 0] - B[:, 0, 1]
    b0 = B[:, 1, 0] - B[:, 1, 1]
    epsA = tol * _abs_max4(A)
    epsB = tol * _abs_max4(B)
    # the pattern code 27 (s_a0 + 1) + 9 (s_a1 + 1) + 3 (s_b0 + 1) + (s_b1 + 1), in int8 (0..80)
    code = _sign(b1, epsB)
    code += 40
    code += 3 * _sign(b0, epsB)
    code += 9 * _sign(a1, epsA)
    code += 27 * _sign(a0, epsA)
    T = _TABLES
    with np.errstate(divide="ignore", invalid="ignore"):
        ps = b0 / (b0 - b1)  # used only where the table says p* exists (b0, b1 opposite signs)
        qs = a0 / (a0 - a1)
    # table look-ups (np.take is much faster than fancy indexing here), then p*, q*
    o = out if out is not None else (None,) * 6
    p = np.take(T["const_p"], code, axis=0, out=o[0])
    q = np.take(T["const_q"], code, axis=0, out=o[1])
    np.copyto(p, np.broadcast_to(ps[:, None], p.shape), where=np.take(T["star_p"], code, axis=0))
    np.copyto(q, np.broadcast_to(qs[:, None], q.shape), where=np.take(T["star_q"], code, axis=0))
    return (p, q, np.take(T["valid"], code, axis=0, out=o[2]), np.take(T["count"], code, out=o[3]),
            np.take(T["degenerate"], code, out=o[4]), np.take(T["continuum"], code, out=o[5]))
