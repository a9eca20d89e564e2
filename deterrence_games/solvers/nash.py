r"""Every extreme Nash equilibrium of a bimatrix game, degenerate games included.

The default algorithm enumerates the vertices of the two best-response polytopes, by
pivoting over their feasible bases (Avis & Fukuda 1992), and pairs the completely labelled
ones (Avis, Rosenberg, Savani & von Stengel 2010; von Stengel 2007, Algorithm 3.5). With payoffs made positive by a positive affine map (which does not change
the equilibria),

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}.

A point of :math:`P` has label :math:`i` if :math:`x_i = 0` and label :math:`m + j` if
:math:`(B^\top x)_j = 1` (column :math:`j` is a best response); a point of :math:`Q` has
label :math:`i` if :math:`(A y)_i = 1` and label :math:`m + j` if :math:`y_j = 0`. A pair of
non-zero vertices :math:`(x, y)` whose labels together cover :math:`\{0, \dots, m+n-1\}` is,
after normalising to probability vectors, an *extreme* Nash equilibrium, and every extreme
equilibrium arises in this way.

The game is *nondegenerate* when no mixed strategy with support of size :math:`k` has more
than :math:`k` pure best responses, which is the same as: no vertex of :math:`P` has more
than :math:`m` labels and no vertex of :math:`Q` more than :math:`n` (von Stengel 2007,
Definition 3.2 and Theorem 3.4). Nondegenerate games have finitely many equilibria, an odd
number. Degenerate games may have continua: the set of equilibria is the union of the
*maximal Nash subsets* :math:`\operatorname{conv}(X) \times \operatorname{conv}(Y)`, where
:math:`X \times Y` runs over the maximal complete bipartite subgraphs (bicliques) of the
graph whose edges are the extreme equilibria (Avis et al. 2010, Section 3; the EEE / clique
algorithm of Audet, Hansen, Jaumard & Savard 2001).

References
----------
Avis, D. & Fukuda, K. (1992). A pivoting algorithm for convex hulls and vertex enumeration of
arrangements and polyhedra. *Discrete & Computational Geometry* 8, 295-313.

Avis, D., Rosenberg, G. D., Savani, R. & von Stengel, B. (2010). Enumeration of Nash
equilibria for two-player games. *Economic Theory* 42, 9-37.

von Stengel, B. (2007). Equilibrium computation for two-player games in strategic and
extensive form. In Nisan, Roughgarden, Tardos & Vazirani (eds.), *Algorithmic Game
Theory*, chapter 3.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from .._validation import ParameterError
from ..games.normal_form import BimatrixGame
from ..results import NashEquilibria
from ..warnings import ConvergenceWarning, DegenerateGameWarning, ToleranceWarning
from ._vertex import _PIVOT_TOL, _numba_kernel, mask_keys, polytope_vertices

__all__ = ["METHODS", "nash_equilibria"]

METHODS = ("auto", "vertex", "nashpy-support", "nashpy-vertex", "nashpy-lemke", "lp")
"""Valid values of ``method`` for :func:`nash_equilibria`."""

_LABEL_TOL = 1e-9
"""Tightness tolerance of a constraint on the normalised polytopes (payoffs in [1, 2],
coordinates in [0, 1]): a constraint within this distance of equality gives a label."""

_MATCH_TOL = 1e-7
"""Two probability vectors closer than this (max norm) are the same strategy."""

_MAX_BASES = 20_000_000
"""Safety cap on the feasible bases visited per polytope."""

# ---------------------------------------------------------------------------------------
# Public entry point
# ---------------------------------------------------------------------------------------


def nash_equilibria(
    game: BimatrixGame,
    *,
    tol: float = 1e-9,
    method: str = "auto",
    max_pivots: int | None = None,
) -> NashEquilibria:
    """Every extreme Nash equilibrium of ``game``, certified, with degeneracy and continua.

    Parameters
    ----------
    game : BimatrixGame
        The game (``A[i, j]`` row payoff, ``B[i, j]`` column payoff).
    tol : float, default 1e-9
        Certificate tolerance: every returned profile has regret (a player's largest gain
        from a pure deviation) at most ``tol`` times that player's payoff range
        (``max(A) - min(A)`` for the row player, ``max(B) - min(B)`` for the column
        player). The certificate is computed on the payoffs mapped onto [1, 2], so it does
        not suffer from a large common offset or from overflow.
    method : str, default "auto"
        ``"auto"`` / ``"vertex"``: our vertex enumeration (exhaustive, handles degenerate
        games). ``"nashpy-support"``, ``"nashpy-vertex"``, ``"nashpy-lemke"``: run nashpy's
        algorithm on a positively shifted copy of the game, certify what it returns, and
        reconcile it with vertex enumeration, so that what nashpy misses (or gets wrong) is
        restored and reported in ``warnings`` and ``options["nashpy"]``; the returned list
        is the complete certified set either way. ``"lp"``: zero-sum (or constant-sum)
        games only; one equilibrium from the minimax linear programme (scipy HiGHS dual
        simplex, a basic hence extreme optimal solution), with the game value in
        ``options["value"]``, cross-checked against vertex enumeration.
    max_pivots : int, optional
        Pivot cap for each Lemke-Howson path (``method="nashpy-lemke"``); default
        ``100 * (m + n)``. A path that reaches the cap is abandoned (nashpy's own loop has
        no cap and can cycle forever) and reported with a :class:`ConvergenceWarning`.

    Returns
    -------
    NashEquilibria
        Extreme equilibria sorted lexicographically by ``(x, y)``; ``degenerate``;
        ``continua`` (maximal Nash subsets with more than one extreme equilibrium, as index
        tuples); ``max_regret`` in payoff units; ``warnings``; ``options`` with ``exact``
        (rational certificate passed), ``vertices`` and ``bases`` (counts for P and Q).

    Warns
    -----
    DegenerateGameWarning
        When the game is degenerate (also stored in ``result.warnings``).

    Notes
    -----
    The vertices of P and Q are enumerated by pivoting from the origin over every feasible
    basis (:mod:`deterrence_games.solvers._vertex`; every ratio-test tie is followed, so
    degenerate polytopes are covered), and the cost follows the number of feasible bases:
    about 10^3 per polytope for a random 10x10 game, 10^4-10^5 at 15x15, 10^6 at 20x20.
    With numba installed (the ``fast`` extra) one compiled call maps both payoff matrices
    onto [1, 2], runs the same search on both polytopes, pairs their vertices and computes
    the regrets of the certificate; without it a pure NumPy kernel does (the two paths are
    tested to agree).

    Ties are decided after each payoff matrix is mapped affinely onto [1, 2]: a constraint
    within ``1e-9`` of equality is tight. Payoff differences smaller than about ``1e-9``
    times a matrix's range are therefore treated as ties (and the game may be reported
    degenerate); exact ties in integer or rational payoffs are always recognised.

    When every payoff is a short decimal (an integer, or a decimal with at most six
    digits), each equilibrium is recomputed from its labels in exact rational arithmetic
    and checked to be an exact Nash equilibrium; the returned floats are then the correctly
    rounded rationals and ``options["exact"]`` is True. Generic payoffs are recognised as
    not short decimals by a float test with a proven margin (:func:`_not_short_decimal`),
    which gives the same decision as the exact conversion without its cost.

    Examples
    --------
    >>> from deterrence_games.games import BimatrixGame
    >>> g = BimatrixGame([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    >>> res = nash_equilibria(g)
    >>> len(res), res.degenerate
    (3, False)
    >>> [x.round(4).tolist() for x, _ in res]
    [[0.0, 0.3333, 0.6667], [0.8, 0.2, 0.0], [1.0, 0.0, 0.0]]
    """
    if not isinstance(game, BimatrixGame):
        raise TypeError(f"`game` must be a BimatrixGame (got {type(game).__name__})")
    if isinstance(tol, bool) or not isinstance(tol, int | float | np.floating) or not (
        0 < float(tol) < 1
    ):
        raise ParameterError("tol", tol, "0 < tol < 1", "it is the regret tolerance of the certificate")
    if not isinstance(method, str) or method not in METHODS:
        raise ParameterError("method", method, f"method in {{{', '.join(METHODS)}}}")
    if max_pivots is not None and (
        isinstance(max_pivots, bool) or not isinstance(max_pivots, int | np.integer) or max_pivots < 1
    ):
        raise ParameterError("max_pivots", max_pivots, "an integer >= 1")
    tol = float(tol)

    A, B = np.asarray(game.A, float), np.asarray(game.B, float)
    enum, (An, eA, spanA), (Bn, eB, spanB), (rA, rB) = _solve_vertex(A, B)
    msgs: list[str] = []
    options: dict = {"tol": tol, "label_tol": _LABEL_TOL, "vertices": enum.sizes[:2],
                     "bases": enum.sizes[2:]}

    X, Y = enum.X, enum.Y
    exact = _exact_equilibria(A, B, enum.LX, enum.LY)
    if exact is None:
        options["exact"] = False
    elif exact is False:  # pragma: no cover - a tie misjudged in floating point
        options["exact"] = False
        msgs.append("the payoffs are rational but an equilibrium failed its exact check "
                    "(a payoff tie below the label tolerance); returned in floating point")
    else:
        options["exact"] = True
        X, Y = (np.array([e[0] for e in exact]).reshape(X.shape),
                np.array([e[1] for e in exact]).reshape(Y.shape))
        rA, rB = _regrets(An, Bn, X, Y)  # of the floats returned
    if method in ("auto", "vertex"):
        used = "vertex"
    elif method == "lp":
        used = "lp"
        eqs, info = _lp(A, B, tol, enum.equilibria)
        X, Y = np.array([eqs[0][0]]), np.array([eqs[0][1]])
        msgs += info.pop("messages")
        options.update(info)
    else:
        used = method
        runner = {"nashpy-support": _run_nashpy_support, "nashpy-vertex": _run_nashpy_vertex,
                  "nashpy-lemke": _run_nashpy_lemke}[method]
        cap = max_pivots if max_pivots is not None else 100 * sum(A.shape)
        candidates, notes = runner(A, B, cap)
        info = _reconcile(An, Bn, candidates, enum.equilibria, tol, method)
        info["notes"] = notes
        options["nashpy"] = info
        if method == "nashpy-lemke":
            options["max_pivots"] = cap
        msgs += _nashpy_messages(method, info)
        for note in notes:
            warnings.warn(note, ConvergenceWarning, stacklevel=2)
            msgs.append(note)

    if used == "lp":
        rA, rB = _regrets(An, Bn, X, Y)
    # certify every profile we return: regret <= tol in units of each player's payoff range
    if not (rA.max(initial=0.0) <= tol and rB.max(initial=0.0) <= tol):  # pragma: no cover
        # only on severe ill-conditioning
        r = np.maximum(rA, rB)
        ok = r <= tol
        for bad in r[~ok]:
            msg = (f"dropped a candidate profile whose regret {bad:.3g} (in units of the payoff "
                   f"range) exceeds the tolerance {tol:.3g}")
            warnings.warn(msg, ToleranceWarning, stacklevel=2)
            msgs.append(msg)
        X, Y, rA, rB = X[ok], Y[ok], rA[ok], rB[ok]
    if not len(X) and method in ("auto", "vertex"):
        # a payoff difference just above the certificate's tolerance but below the label
        # tolerance: the ties it created gave only profiles with regret > tol; a game always
        # has an equilibrium, so enumerate again with ties only at rounding level
        label_tol = _LABEL_TOL * 1e-3
        enum, _, _, (rA, rB) = _solve_vertex(A, B, label_tol)
        options["label_tol"] = label_tol
        msgs.append(f"no profile found at the label tolerance {_LABEL_TOL:.3g} passed the certificate: "
                    f"enumerated again with {label_tol:.3g}")
        X, Y = enum.X, enum.Y
        ok = np.maximum(rA, rB) <= tol
        X, Y, rA, rB = X[ok], Y[ok], rA[ok], rB[ok]
    # in payoff units (the range of A is spanA * 2**eA), without overflow
    max_regret = max(float(np.ldexp(max(float(rA.max(initial=0.0)), 0.0) * spanA, eA)),
                     float(np.ldexp(max(float(rB.max(initial=0.0)), 0.0) * spanB, eB)))
    # lexicographic order of the profiles rounded to 9 decimals (a stable sort)
    if len(X) > 1:
        keys = np.round(np.concatenate((X, Y), axis=1), 9).tolist()
        kept = [(X[k], Y[k]) for k in sorted(range(len(keys)), key=keys.__getitem__)]
    else:
        kept = list(zip(X, Y, strict=True))

    continua: tuple[tuple[int, ...], ...] = ()
    if used != "lp" and enum.degenerate:  # a nondegenerate game has isolated equilibria
        continua = _continua(kept)
    if enum.degenerate:
        msg = f"degenerate game: {enum.reason}; equilibria may be non-isolated"
        if continua:
            msg += f" ({len(continua)} continu{'um' if len(continua) == 1 else 'a'} of equilibria)"
        warnings.warn(msg, DegenerateGameWarning, stacklevel=2)
        msgs.insert(0, msg)
    return NashEquilibria(
        equilibria=tuple(kept),
        degenerate=enum.degenerate,
        method=used,
        max_regret=max_regret,
        continua=continua,
        warnings=tuple(msgs),
        options=options,
        game=game,
    )


# ---------------------------------------------------------------------------------------
# Vertex enumeration kernel
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Enumeration:
    X: NDArray  # (k, m) row strategies of the extreme equilibria
    Y: NDArray  # (k, n) column strategies
    LX: NDArray  # (k, m + n) label masks of x in P
    LY: NDArray  # (k, m + n) label masks of y in Q
    degenerate: bool
    reason: str
    sizes: tuple[int, int, int, int]  # vertices of P and Q, feasible bases of P and Q

    @property
    def equilibria(self) -> list[tuple[NDArray, NDArray]]:
        return list(zip(self.X, self.Y, strict=True))


@functools.cache
def _numba_solve():
    """The compiled normalisation, enumeration and certificate, or None without numba."""
    if _numba_kernel() is None:
        return None
    from ._vertex_numba import bimatrix_solve_numba
    return bimatrix_solve_numba


def _solve_vertex(A: NDArray, B: NDArray, label_tol: float = _LABEL_TOL
                  ) -> tuple[_Enumeration, tuple[NDArray, int, float], tuple[NDArray, int, float],
                             tuple[NDArray, NDArray]]:
    """:func:`_normalise_parts` of ``A`` and ``B``, :func:`_enumerate` on the normalised
    payoffs (``label_tol``: tightness tolerance) and the :func:`_regrets` of the enumerated
    profiles; with numba (and ``m + n <= 62``) in one compiled call that performs the same
    operations."""
    m, n = A.shape
    fast = _numba_solve() if m + n <= 62 else None
    if fast is None:
        pA, pB = _normalise_parts(A), _normalise_parts(B)
        enum = _enumerate(pA[0], pB[0], label_tol=label_tol)
        return enum, pA, pB, _regrets(pA[0], pB[0], enum.X, enum.Y)
    N, eA, spanA, eB, spanB, S, nP, basesP, basesQ, XY, L, R, cP, cQ = fast(
        A, B, label_tol, _PIVOT_TOL, _MAX_BASES)
    reason = _degeneracy(S[:nP], S[nP:], m, n) if cP > m or cQ > n else ""
    enum = _Enumeration(XY[:, :m], XY[:, m:], L[:, :m + n], L[:, m + n:], bool(reason), reason,
                        (nP, len(S) - nP, basesP, basesQ))
    return enum, (N[0], eA, spanA), (N[1], eB, spanB), (R[0], R[1])


def _normalise(M: NDArray) -> NDArray:
    """Positive affine image of ``M`` with entries in [1, 2] (constant matrices -> 1).

    The matrix is first divided by a power of two near its largest magnitude (exact in
    binary floating point), so that neither the offset nor the range overflows: payoffs of
    any finite size, such as ``1e308 * M`` or ``M + 1e8``, are mapped onto [1, 2].
    """
    return _normalise_parts(M)[0]


def _normalise_parts(M: NDArray) -> tuple[NDArray, int, float]:
    """:func:`_normalise` of ``M``, the binary exponent ``e`` and the range ``span`` of
    ``M / 2**e`` (so that the range of ``M`` is ``span * 2**e``)."""
    M = np.asarray(M, float)
    e = _exponent(M)
    M = np.ldexp(M, -e)
    lo = M.min()
    span = float(M.max() - lo)
    if span == 0:
        return np.ones_like(M), e, span
    return 1.0 + (M - lo) / span, e, span


def _exponent(M: NDArray) -> int:
    """Binary exponent ``e`` with ``max |M| < 2**e`` (0 for a zero matrix)."""
    return math.frexp(max(float(M.max(initial=0.0)), -float(M.min(initial=0.0))))[1]


def _regrets(An: NDArray, Bn: NDArray, X: NDArray, Y: NDArray) -> tuple[NDArray, NDArray]:
    """Regrets of the profiles ``(X[k], Y[k])`` on the normalised payoffs (units of each
    player's payoff range): the row player's and the column player's."""
    AY = Y @ An.T                                           # (k, m) payoffs of the rows
    XB = X @ Bn                                             # (k, n) payoffs of the columns
    rA = AY.max(axis=1, initial=-np.inf) - np.einsum("ki,ki->k", X, AY)
    rB = XB.max(axis=1, initial=-np.inf) - np.einsum("kj,kj->k", XB, Y)
    return rA, rB


def _enumerate(An: NDArray, Bn: NDArray, backend: str = "auto",
               label_tol: float = _LABEL_TOL) -> _Enumeration:
    """Extreme equilibria by vertex enumeration of P and Q, and degeneracy, for payoffs
    ``An``, ``Bn`` already normalised into [1, 2] (``label_tol``: tightness tolerance).

    ``backend`` as in :func:`._vertex.polytope_vertices` (each polytope's enumeration). With
    numba installed and ``m + n <= 62``, :func:`_solve_vertex` does not come here: one
    compiled call performs these steps and the certificate's.
    """
    m, n = An.shape
    # P = {x >= 0, B^T x <= 1}: labels 0..m-1 (x_i = 0), m..m+n-1 (column j best response)
    GP = np.vstack([-np.eye(m), Bn.T])
    hP = np.concatenate([np.zeros(m), np.ones(n)])
    # Q = {A y <= 1, y >= 0}: labels 0..m-1 (row i best response), m..m+n-1 (y_j = 0)
    GQ = np.vstack([An, -np.eye(n)])
    hQ = np.concatenate([np.ones(m), np.zeros(n)])
    SP, basesP = polytope_vertices(GP, hP, np.arange(m), tol=label_tol, backend=backend)
    SQ, basesQ = polytope_vertices(GQ, hQ, np.arange(m, m + n), tol=label_tol,
                                   backend=backend)
    # a row's slack is 0 exactly when it is tight
    LP, LQ = SP == 0, SQ == 0
    # drop the origin (the artificial equilibrium), pair the others
    nzP, nzQ = np.flatnonzero(~LP[:, :m].all(axis=1)), np.flatnonzero(~LQ[:, m:].all(axis=1))
    pairs = np.array(_complementary_pairs(LP[nzP], LQ[nzQ], m, n), np.intp).reshape(-1, 2)
    pi, pj = nzP[pairs[:, 0]], nzQ[pairs[:, 1]]
    # x_i and y_j are the slacks of x_i >= 0, y_j >= 0
    X, Y, LX, LY = _clean_rows(SP[pi, :m]), _clean_rows(SQ[pj, m:]), LP[pi], LQ[pj]
    reason = _degeneracy(SP, SQ, m, n)
    return _Enumeration(X, Y, LX, LY, bool(reason), reason, (len(SP), len(SQ), basesP, basesQ))


def _degeneracy(SP: NDArray, SQ: NDArray, m: int, n: int) -> str:
    """Why the game is degenerate ("" when it is not): for each polytope, the vertex with
    the most labels (first in the order of label sets) when that exceeds the dimension."""
    reasons = []
    for V, L, k, who, other in ((SP[:, :m], SP == 0, m, "row", "column"),
                                (SQ[:, m:], SQ == 0, n, "column", "row")):
        count = L.sum(axis=1)
        if (count > k).any():
            order = np.lexsort(L.T[::-1])
            s = _clean(V[order[count[order] == count.max()][0]])
            support = int((s > 0).sum())
            n_br = int(count.max()) - (k - support)
            reasons.append(f"the {other} player has {n_br} pure best responses to the {who} "
                           f"strategy {_fmt(s)}, whose support has size {support}")
    return "; ".join(reasons)


def _complementary_pairs(LP: NDArray, LQ: NDArray, m: int, n: int) -> list[tuple[int, int]]:
    """Index pairs (i, j) whose label sets cover all ``m + n`` labels.

    A vertex with no more labels than its dimension (``m`` in P, ``n`` in Q) can only be
    completed by the vertex whose labels are exactly the complement (else the two label
    sets would overlap and some vertex would have more labels than its dimension); those
    pairs are found by sorting keys. Degenerate vertices are matched against all others.
    """
    kP, kQ = mask_keys(LP), mask_keys(LQ)
    full = mask_keys(np.ones((1, m + n), bool))[0]
    order = np.argsort(kQ, kind="stable")
    sortedQ = kQ[order]
    need = kP ^ full
    pos = np.minimum(np.searchsorted(sortedQ, need), max(len(sortedQ) - 1, 0))
    pairs = set()
    if len(sortedQ):
        hit = sortedQ[pos] == need
        # distinct vertices have distinct label sets, so a key matches at most one vertex
        pairs.update(zip(np.nonzero(hit)[0].tolist(), order[pos[hit]].tolist(), strict=True))
    for i in np.nonzero(LP.sum(axis=1) > m)[0]:
        for j in np.nonzero((LQ | LP[i]).all(axis=1))[0]:
            pairs.add((int(i), int(j)))
    for j in np.nonzero(LQ.sum(axis=1) > n)[0]:
        for i in np.nonzero((LP | LQ[j]).all(axis=1))[0]:
            pairs.add((int(i), int(j)))
    return sorted(pairs)


_DECIMAL_LCM = 2.0**19 * 5.0**8
"""Least common multiple of the denominators ``2**a * 5**b <= 10**6`` of short decimals."""


def _not_short_decimal(v: float) -> bool:
    """True only when ``v`` is certainly not the double nearest to a decimal ``d`` with
    denominator ``q <= 10**6``.

    Such a ``q`` divides ``L = 2**19 * 5**8``, so ``N = d L`` is an integer; with
    ``|v - d| <= 2**-53 |d|`` (rounding to nearest) and ``t = fl(v L)``, ``|t - N| <= 2**-51 |t|``
    up to subnormal terms. A distance from ``t`` to the nearest integer above
    ``2**-50 |t| + 1e-300`` therefore excludes every such ``d`` (a float test, twice the
    bound, that spares the exact conversion for generic payoffs).
    """
    t = v * _DECIMAL_LCM
    return math.isfinite(t) and abs(t - round(t)) > 2.0**-50 * abs(t) + 1e-300


def _rational(M: NDArray) -> list[list[Fraction]] | None:
    """``M`` as fractions when every entry is a short decimal (its shortest representation
    has a denominator of at most 10^6), else None."""
    # entry by entry, so that generic payoffs are rejected at the first entry
    out = []
    for v in M.ravel().tolist():
        if _not_short_decimal(v):
            return None
        f = Fraction(repr(v))
        if f.denominator > 10**6:
            return None
        out.append(f)
    k = M.shape[1] if M.ndim == 2 else len(out)
    return [out[i:i + k] for i in range(0, len(out), k)]


def _solve_exact(rows: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """The unique solution of a consistent, full-column-rank linear system (exact Gaussian
    elimination on possibly more equations than unknowns); None otherwise."""
    a = [r[:] + [b] for r, b in zip(rows, rhs, strict=True)]
    k = len(a[0]) - 1
    piv_rows = []
    r0 = 0
    for c in range(k):
        p = next((i for i in range(r0, len(a)) if a[i][c] != 0), None)
        if p is None:
            return None
        a[r0], a[p] = a[p], a[r0]
        inv = 1 / a[r0][c]
        a[r0] = [v * inv for v in a[r0]]
        for i in range(len(a)):
            if i != r0 and a[i][c] != 0:
                f = a[i][c]
                a[i] = [u - f * v for u, v in zip(a[i], a[r0], strict=True)]
        piv_rows.append(r0)
        r0 += 1
    if any(a[i][k] != 0 for i in range(r0, len(a))):
        return None
    return [a[i][k] for i in piv_rows]


def _exact_side(M: list[list[Fraction]], zero: list[int], best: list[int]) -> list[Fraction] | None:
    """Mixed strategy ``z`` (over the rows of ``M``) with ``z_i = 0`` on ``zero`` and the
    columns ``best`` of ``z M`` equal to the largest, in exact arithmetic; None unless
    ``z`` is a probability vector and those columns are best responses."""
    k, l = len(M), len(M[0])
    rows = [[Fraction(int(i == c)) for c in range(k)] + [Fraction(0)] for i in zero]
    rows += [[M[i][j] for i in range(k)] + [Fraction(-1)] for j in best]
    rows.append([Fraction(1)] * k + [Fraction(0)])
    sol = _solve_exact(rows, [Fraction(0)] * (len(rows) - 1) + [Fraction(1)])
    if sol is None:
        return None
    z, v = sol[:k], sol[k]
    if any(t < 0 for t in z):
        return None
    pay = [sum(z[i] * M[i][j] for i in range(k)) for j in range(l)]
    if max(pay) != v:
        return None
    return z


def _exact_equilibria(A: NDArray, B: NDArray, LX: NDArray, LY: NDArray
                      ) -> list[tuple[NDArray, NDArray]] | None | bool:
    """Rational certificate: recompute every extreme equilibrium from its labels in exact
    arithmetic when the payoffs are short decimals.

    For labels ``(L_x, L_y)`` (the rows of ``LX`` and ``LY``) the row strategy ``x`` solves ``x_i = 0`` (label ``i``) and
    ``(x^T B)_j = max`` (label ``m + j``) with ``sum(x) = 1``, and ``y`` likewise with ``A``;
    the pair is an exact Nash equilibrium when both are probability vectors whose labelled
    pure strategies are best responses and the labels cover all ``m + n`` (von Stengel 2007,
    Theorem 3.1). Returns the equilibria as correctly rounded floats, None when the payoffs
    are not short decimals, False when an exact check fails.
    """
    m, n = A.shape
    QA = _rational(A)
    QB = None if QA is None else _rational(B)
    if QA is None or QB is None:
        return None
    QAT = [list(c) for c in zip(*QA, strict=True)]
    out = []
    for lx, ly in zip(LX.tolist(), LY.tolist(), strict=True):
        if not all(a or b for a, b in zip(lx, ly, strict=True)):  # pragma: no cover - guaranteed by the matching
            return False
        # x: zero where label i (< m), best responses where label m + j; on P's labels
        x = _exact_side(QB, [i for i in range(m) if lx[i]], [j for j in range(n) if lx[m + j]])
        # y: zero where label m + j; rows i with label i are best responses to y
        y = _exact_side(QAT, [j for j in range(n) if ly[m + j]], [i for i in range(m) if ly[i]])
        if x is None or y is None:
            return False
        out.append((np.array([float(t) for t in x]), np.array([float(t) for t in y])))
    return out


def _clean_rows(V: NDArray) -> NDArray:
    """:func:`_clean` on every row of ``V``."""
    V = np.where(np.abs(V) <= 1e-13, 0.0, V)
    V = np.clip(V, 0.0, None)
    return V / V.sum(axis=1, keepdims=True)


def _clean(v: NDArray) -> NDArray:
    """Normalise a non-zero vertex to a probability vector, zeroing round-off."""
    v = np.where(np.abs(v) <= 1e-13, 0.0, v)
    v = np.clip(v, 0.0, None)
    return v / v.sum()


def _fmt(v: NDArray) -> str:
    return "[" + ", ".join(f"{float(t):.4g}" for t in v) + "]"


def _regret(A: NDArray, B: NDArray, x: NDArray, y: NDArray) -> tuple[float, float]:
    return float(np.max(A @ y) - x @ A @ y), float(np.max(x @ B) - x @ B @ y)


def _continua(eqs: list[tuple[NDArray, NDArray]]) -> tuple[tuple[int, ...], ...]:
    """Maximal Nash subsets with more than one extreme equilibrium (as index tuples).

    The extreme equilibria form a bipartite graph between distinct row strategies and
    distinct column strategies; the maximal Nash subsets are the products of convex hulls
    of its maximal bicliques (Avis et al. 2010, Section 3). A biclique's column side is an
    intersection of neighbourhoods of row vertices, so closing the family of
    neighbourhoods under intersection enumerates them all.
    """
    xs = _distinct([x for x, _ in eqs])
    ys = _distinct([y for _, y in eqs])
    xi = [xs.index_of(x) for x, _ in eqs]
    yi = [ys.index_of(y) for _, y in eqs]
    nbr: dict[int, int] = {}
    for a, b in zip(xi, yi, strict=True):
        nbr[a] = nbr.get(a, 0) | (1 << b)
    family = set(nbr.values())
    frontier = set(family)
    while frontier:
        new = set()
        for s in frontier:
            for t in family:
                u = s & t
                if u and u not in family:
                    new.add(u)
        family |= new
        frontier = new
    subsets = []
    for Ymask in family:
        Xmask = 0
        for a, s in nbr.items():
            if s & Ymask == Ymask:
                Xmask |= 1 << a
        members = tuple(k for k in range(len(eqs))
                        if (Xmask >> xi[k]) & 1 and (Ymask >> yi[k]) & 1)
        if len(members) > 1:
            subsets.append(members)
    return tuple(sorted(set(subsets)))


class _distinct:
    """Distinct vectors (up to ``_MATCH_TOL``) in order of first appearance."""

    def __init__(self, vecs: Iterable[NDArray]):
        self.items: list[NDArray] = []
        for v in vecs:
            if self._find(v) < 0:
                self.items.append(v)

    def _find(self, v: NDArray) -> int:
        for k, w in enumerate(self.items):
            if np.max(np.abs(v - w)) <= _MATCH_TOL:
                return k
        return -1

    def index_of(self, v: NDArray) -> int:
        return self._find(v)


# ---------------------------------------------------------------------------------------
# Guarded nashpy runners
# ---------------------------------------------------------------------------------------

Candidates = list[tuple[NDArray, NDArray]]


def _run_nashpy_support(A: NDArray, B: NDArray, cap: int) -> tuple[Candidates, list[str]]:
    """nashpy support enumeration on the payoffs shifted into [1, 2]."""
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = list(nashpy.Game(_normalise(A), _normalise(B)).support_enumeration())
    return [(np.asarray(x, float), np.asarray(y, float)) for x, y in out], []


def _run_nashpy_vertex(A: NDArray, B: NDArray, cap: int) -> tuple[Candidates, list[str]]:
    """nashpy vertex enumeration on payoffs shifted into [1, 2] (minimum never 0)."""
    import nashpy

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            out = list(nashpy.Game(_normalise(A), _normalise(B)).vertex_enumeration())
        except Exception as exc:  # qhull can fail on degenerate polytopes
            return [], [f"nashpy vertex_enumeration raised {type(exc).__name__}: {exc}"]
    return [(np.asarray(x, float), np.asarray(y, float)) for x, y in out], []


def _run_nashpy_lemke(A: NDArray, B: NDArray, cap: int) -> tuple[Candidates, list[str]]:
    """Lemke-Howson from every initial dropped label, on nashpy's tableaux, with a pivot cap.

    This is nashpy's loop (``nashpy.algorithms.lemke_howson``, lexicographic tableaux) with
    one change: it stops after ``cap`` pivots instead of running until fully labelled,
    which may never happen.
    """
    from nashpy.linalg import create_col_tableau, create_row_tableau

    m, n = A.shape
    An, Bn = _normalise(A), _normalise(B)
    found: Candidates = []
    capped, failed = [], []
    for label in range(m + n):
        status, res = _lemke_howson_capped(An, Bn, label, cap, create_col_tableau,
                                           create_row_tableau, lexicographic=True)
        if status == "ok":
            found.append(res)
        elif status == "capped":
            capped.append(label)
        else:
            failed.append(label)
    notes = []
    if capped:
        notes.append(f"Lemke-Howson did not terminate within {cap} pivots for initial "
                     f"label(s) {capped} (abandoned; nashpy's loop has no cap)")
    if failed:
        notes.append(f"Lemke-Howson pivoting failed for initial label(s) {failed} (discarded)")
    return found, notes


def _lemke_howson_capped(An: NDArray, Bn: NDArray, label: int, cap: int,
                         create_col: Callable, create_row: Callable, lexicographic: bool = True
                         ) -> tuple[str, tuple[NDArray, NDArray] | None]:
    """One Lemke-Howson path; status ``"ok"``, ``"capped"`` (no end within ``cap`` pivots)
    or ``"error"`` (a pivot raised)."""
    col = create_col(An, lexicographic)
    row = create_row(Bn, lexicographic)
    order = (row, col) if label in row.non_basic_variables else (col, row)
    full = col.labels
    entering = label
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            for k in range(cap):
                entering = order[k % 2].pivot_and_drop_label(entering)
                if col.non_basic_variables | row.non_basic_variables == full:
                    x = row.to_strategy(col.non_basic_variables)
                    y = col.to_strategy(row.non_basic_variables)
                    return "ok", (np.asarray(x, float), np.asarray(y, float))
        except Exception:  # a failed pivot is a failed path
            return "error", None
    return "capped", None


def _reconcile(A: NDArray, B: NDArray, candidates: Candidates, extreme: Candidates,
               bound: float, method: str) -> dict:
    """Certify nashpy's candidates and compare them with the enumerated extreme equilibria."""
    m, n = A.shape
    certified: Candidates = []
    rejected = 0
    for x, y in candidates:
        if x.shape != (m,) or y.shape != (n,) or not (np.isfinite(x).all() and np.isfinite(y).all()):
            rejected += 1
            continue
        if (x < -_MATCH_TOL).any() or (y < -_MATCH_TOL).any() or x.sum() <= 0 or y.sum() <= 0:
            rejected += 1
            continue
        x, y = _clean(x), _clean(y)
        if max(_regret(A, B, x, y)) > bound:
            rejected += 1
            continue
        certified.append((x, y))
    hit = [any(_same(e, c) for c in certified) for e in extreme]
    non_extreme = sum(not any(_same(e, c) for e in extreme) for c in certified)
    return {
        "returned": len(candidates),
        "certified": len(certified),
        "rejected": rejected,
        "found_extreme": int(sum(hit)),
        "missed_extreme": int(len(extreme) - sum(hit)),
        "non_extreme": int(non_extreme),
        "extreme_total": len(extreme),
    }


def _same(a: tuple[NDArray, NDArray], b: tuple[NDArray, NDArray]) -> bool:
    return bool(np.max(np.abs(a[0] - b[0])) <= _MATCH_TOL and np.max(np.abs(a[1] - b[1])) <= _MATCH_TOL)


def _nashpy_messages(method: str, info: dict) -> list[str]:
    msgs = []
    name = method.replace("nashpy-", "nashpy ")
    if info["rejected"]:
        msgs.append(f"{name} returned {info['rejected']} profile(s) that are not equilibria "
                    "(non-finite, negative or with positive regret); discarded")
    if info["missed_extreme"] and method != "nashpy-lemke":
        msgs.append(f"{name} missed {info['missed_extreme']} of {info['extreme_total']} extreme "
                    "equilibria; restored from vertex enumeration")
    return msgs


# ---------------------------------------------------------------------------------------
# Zero-sum linear programme
# ---------------------------------------------------------------------------------------


def _lp(A: NDArray, B: NDArray, tol: float, extreme: Candidates) -> tuple[Candidates, dict]:
    """Maximin strategies of a constant-sum game by linear programming (HiGHS dual simplex)."""
    from scipy.optimize import linprog

    S = A + B
    span = max(1.0, float(np.ptp(A)))
    if np.ptp(S) > 1e-12 * span:
        raise ParameterError("game", "a non-constant-sum game",
                             "A + B constant (a zero-sum or constant-sum game) for method='lp'",
                             "use method='vertex' for general games")
    m, n = A.shape

    def maximin(M: NDArray) -> tuple[NDArray, float]:
        # max v  s.t.  M^T x >= v 1, sum x = 1, x >= 0   (variables x, v)
        k, l = M.shape
        c = np.zeros(k + 1)
        c[-1] = -1.0
        A_ub = np.hstack([-M.T, np.ones((l, 1))])
        A_eq = np.hstack([np.ones((1, k)), np.zeros((1, 1))])
        res = linprog(c, A_ub=A_ub, b_ub=np.zeros(l), A_eq=A_eq, b_eq=[1.0],
                      bounds=[(0, None)] * k + [(None, None)], method="highs-ds")
        if res.status != 0:  # pragma: no cover - a finite matrix game always has a value
            raise RuntimeError(f"linear programme failed: {res.message}")
        return _clean(res.x[:k]), float(res.x[-1])

    x, v = maximin(A)
    y, w = maximin(-A.T)
    msgs = ["method='lp' returns one equilibrium (the value is unique); "
            "use method='vertex' for every extreme equilibrium"]
    values = [float(a @ A @ b) for a, b in extreme]
    if values and max(abs(t - v) for t in values) > tol * span:
        msgs.append(f"LP value {v:.12g} disagrees with vertex enumeration "
                    f"({min(values):.12g}..{max(values):.12g})")  # pragma: no cover
    if not any(_same((x, y), e) for e in extreme):
        msgs.append("the LP solution is not among the enumerated extreme equilibria")
    return [(x, y)], {"value": v + 0.0, "value_check": 0.0 - w, "messages": msgs}
