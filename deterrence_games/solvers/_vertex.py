r"""Vertices of a bounded polytope by pivoting over its feasible bases (pure NumPy).

For :math:`\{v \in \mathbb{R}^d : G v \le h\}` bounded, a *basis* is a set :math:`L` of
:math:`d` rows with :math:`G_L` non-singular; it is *feasible* when its point
:math:`v_L = G_L^{-1} h_L` satisfies every constraint. In dictionary form the slacks of all
rows are affine in the slacks :math:`u` of the basic rows,
:math:`s(u) = s_L + D u` with :math:`D = G G_L^{-1}` and :math:`s_L = h - G v_L`. A *pivot*
loosens one basic row :math:`p` (:math:`u = t e_p`), moves by the largest step :math:`t^*`
allowed by the ratio test over the rows with :math:`D_{jp} < 0`, and brings in a row that
becomes tight at :math:`t^*`; the dictionary of the new basis is a rank-one update of the old
one (Chvatal 1983, Chapter 2). When the polytope is degenerate several rows tie in the ratio
test; taking *every* tie makes the pivot relation symmetric, and the graph of feasible bases
is then connected (every feasible basis is a vertex of some lexicographic perturbation of
the polytope, whose vertex graph also holds the start basis; Avis & Fukuda 1992, Section 2).
A search from one feasible basis therefore reaches every feasible basis, hence every vertex,
and its cost follows the number of feasible bases (the number of vertices when the polytope
is simple). The search runs on chunks of bases, each a few batched NumPy operations, and
refactorizes (recomputes :math:`D` from :math:`G_L`) every few pivots to stop round-off drift.

References
----------
Avis, D. & Fukuda, K. (1992). A pivoting algorithm for convex hulls and vertex enumeration of
arrangements and polyhedra. *Discrete & Computational Geometry* 8, 295-313.

Chvatal, V. (1983). *Linear Programming*. W. H. Freeman.
"""

from __future__ import annotations

import functools

import numpy as np
from numpy.typing import NDArray

__all__: list[str] = []

_PIVOT_TOL = 1e-9
"""A row blocks an edge when its rate along the edge exceeds this (data scaled to order 1)."""

_CHUNK = 2048
"""Bases pivoted together (bounds memory: a chunk holds ``_CHUNK`` dictionaries)."""

_REFACTOR = 8
"""Recompute the dictionaries from scratch after this many rank-one updates."""


def polytope_vertices(G: NDArray, h: NDArray, start: NDArray, tol: float = 1e-9,
                      max_bases: int = 20_000_000, backend: str = "auto") -> tuple[NDArray, int]:
    """The tight rows of every vertex of the bounded polytope ``{v : G v <= h}``.

    Parameters
    ----------
    G, h : ndarray
        Constraint matrix ``(r, d)`` and right-hand side ``(r,)``, scaled to order one.
    start : ndarray of int
        A feasible basis (``d`` row indices).
    tol : float
        A row with slack at most ``tol`` is tight (it labels the vertex).
    max_bases : int
        Safety cap on the number of feasible bases visited.
    backend : {"auto", "numpy", "numba"}
        ``"auto"`` runs the compiled kernel of :mod:`._vertex_numba` when numba is
        installed and the polytope has at most 62 rows, else the NumPy kernel. Both visit
        the same bases with the same tie tolerance.

    Returns
    -------
    S : ndarray, shape (k, r)
        Slacks ``h - G v`` of every row at each vertex ``v`` (tight rows set to 0), in the
        order of their sets of tight rows (which tell the vertices apart).
    n_bases : int
        Number of feasible bases visited.
    """
    r, d = G.shape
    if backend not in ("auto", "numpy", "numba"):
        raise ValueError(f"`backend` must be 'auto', 'numpy' or 'numba' (got {backend!r})")
    if backend != "numpy":
        fast = _numba_kernel() if r <= 62 else None
        if fast is not None:
            S, n_bases = fast(G, h, start, tol, _PIVOT_TOL, max_bases)
            return _sorted(S), n_bases
        if backend == "numba":
            raise ImportError("backend='numba' needs numba installed and at most 62 rows")
    start = np.asarray(start, dtype=np.intp)[None, :]
    seen = set(set_keys(start, r).tolist())
    verts: dict[int, NDArray] = {}
    n_bases = 0
    stack = [(start, *_factor(G, h, start), np.zeros(1, np.intp))]
    while stack:
        # pop pending chunks until a full batch is gathered (keeps the batches large)
        parts = [stack.pop()]
        while stack and sum(len(q[0]) for q in parts) < _CHUNK:
            parts.append(stack.pop())
        L, D, s, age = (np.concatenate(z) for z in zip(*parts, strict=True))
        k = len(L)
        n_bases += k
        if n_bases > max_bases:
            raise RuntimeError(f"vertex enumeration visited more than {max_bases} feasible bases")
        tight = s <= tol
        s[tight] = 0.0
        vkeys = mask_keys(tight)
        uk, first = np.unique(vkeys, return_index=True)
        for key, i in zip(uk.tolist(), first.tolist(), strict=True):
            if key not in verts:
                verts[key] = s[i]
        # ratio test for every (basis, leaving position p): rows j with D[j, p] < 0 block
        # (basic rows never block: their entries are 0 or 1 up to round-off)
        block = D < -_PIVOT_TOL                              # (k, d, r)
        ratio = np.full(D.shape, -np.inf)
        np.divide(s[:, None, :], D, out=ratio, where=block)  # minus the step to each row
        tneg = ratio.max(axis=2)[:, :, None]                 # -t*, (k, d, 1)
        # rows tight after the step t* (every tie enters)
        slack_after = np.multiply(D, tneg, out=ratio)
        np.subtract(s[:, None, :], slack_after, out=slack_after)
        enter = np.less_equal(slack_after, tol, out=block, where=block)
        kk, pp, cc = np.nonzero(enter)
        new = L[kk]
        new[np.arange(len(kk)), pp] = cc
        uk, first = np.unique(set_keys(new, r), return_index=True)
        fresh = [i for key, i in zip(uk.tolist(), first.tolist(), strict=True) if key not in seen]
        if not fresh:
            continue
        seen.update(uk[np.isin(first, fresh)].tolist())
        kk, cc, pp, new = kk[fresh], cc[fresh], pp[fresh], new[fresh]
        age_new = age[kk] + 1
        old = age_new >= _REFACTOR
        if old.any():
            Lo = new[old]
            stack.append((Lo, *_factor(G, h, Lo), np.zeros(len(Lo), np.intp)))
        young = ~old
        if young.any():
            i, c, p = kk[young], cc[young], pp[young]
            q = np.arange(len(i))
            Dp = D[i, p, :]                                  # (q, r) column p of the parent
            piv = Dp[q, c]                                   # D[c, p] < 0
            Dn = D[i]
            Dn -= (D[i, :, c] / piv[:, None])[:, :, None] * Dp[:, None, :]
            Dn[q, p, :] = Dp / piv[:, None]
            sn = s[i] - Dp * (s[i, c] / piv)[:, None]
            stack.append((new[young], Dn, sn, age_new[young]))
    S = np.array(list(verts.values())).reshape(-1, r)
    return _sorted(S), n_bases


def _sorted(S: NDArray) -> NDArray:
    """Vertices (rows of slacks, tight rows 0) in the order of their tight-row sets."""
    if len(S) < 2:
        return S
    return S[np.lexsort((S == 0).T[::-1])]


@functools.cache
def _numba_kernel():
    """The compiled kernel, or None when numba is not installed."""
    try:
        from ._vertex_numba import polytope_vertices_numba
    except ImportError:
        return None
    return polytope_vertices_numba


def _factor(G: NDArray, h: NDArray, L: NDArray) -> tuple[NDArray, NDArray]:
    """Dictionaries (transposed, ``(G G_L^{-1})^T``) and slacks ``h - G G_L^{-1} h_L`` of the
    bases ``L``."""
    Ninv = np.linalg.inv(G[L])                              # (k, d, d)
    D = np.matmul(Ninv.transpose(0, 2, 1), G.T)             # (k, d, r)
    s = h[None, :] - np.einsum("kdr,kd->kr", D, h[L])
    return D, s


def mask_keys(M: NDArray) -> NDArray:
    """One hashable, sortable key per row of the boolean matrix ``M`` (its set of True
    columns): ``uint64`` bit masks when ``M`` has at most 64 columns, else Python ints."""
    r = M.shape[1]
    if r <= 64:
        bit = np.left_shift(np.uint64(1), np.arange(r, dtype=np.uint64))
        return np.bitwise_or.reduce(np.where(M, bit, np.uint64(0)), axis=1) if r else \
            np.zeros(len(M), np.uint64)
    packed = np.packbits(M, axis=1, bitorder="little")
    return np.array([int.from_bytes(row.tobytes(), "little") for row in packed], dtype=object)


def set_keys(idx: NDArray, r: int) -> NDArray:
    """Keys (as :func:`mask_keys`) of the index sets given by the rows of ``idx``."""
    M = np.zeros((len(idx), r), bool)
    M[np.arange(len(idx))[:, None], idx] = True
    return mask_keys(M)
