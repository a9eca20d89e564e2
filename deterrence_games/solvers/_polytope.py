"""Small-polytope helpers: vertex enumeration and LP feasibility (private).

Polytopes are written ``{x : A_eq x = b_eq, G x <= h}`` and are assumed bounded (every
polytope in the signaling solvers lives in a product of simplices).
"""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

__all__ = ["vertices", "vertices_batch", "feasible", "nonempty"]

_MAX_COMBOS = 400_000


def vertices(A_eq: NDArray, b_eq: NDArray, G: NDArray, h: NDArray, tol: float = 1e-9) -> NDArray:
    """Vertices of the bounded polytope ``{x : A_eq x = b_eq, G x <= h}``.

    Parametrises the affine hull of the equalities (``x = x0 + N y``) and enumerates the
    square subsystems of ``d = dim(y)`` inequalities made tight, keeping the feasible
    solutions (within ``tol``). Returns an array of shape ``(n_vertices, n)``, empty if the
    polytope is empty.
    """
    n = G.shape[1] if G.size else A_eq.shape[1]
    A_eq = A_eq.reshape(-1, n)
    G = G.reshape(-1, n)
    if A_eq.shape[0]:  # one SVD: the least-squares solution of minimum norm and the null space
        u, s, vt = np.linalg.svd(A_eq)
        r = int((s > 1e-12 * max(1.0, s[0] if s.size else 1.0)).sum())
        x0 = vt[:r].T @ ((u[:, :r].T @ b_eq) / s[:r])
        if np.max(np.abs(A_eq @ x0 - b_eq), initial=0.0) > tol:
            return np.empty((0, n))
        N = vt[r:].T
    else:
        x0 = np.zeros(n)
        N = np.eye(n)
    d = N.shape[1]
    slack = h - G @ x0
    if d == 0:
        return x0[None, :] if (slack >= -tol).all() else np.empty((0, n))
    Gy = G @ N
    zero = np.abs(Gy).max(axis=1) <= 1e-12
    if (slack[zero] < -tol).any():
        return np.empty((0, n))
    Gy, hy = Gy[~zero], slack[~zero]
    m = Gy.shape[0]
    if m < d:  # unbounded directions: cannot happen for our bounded polytopes
        raise ValueError("polytope is unbounded")
    if math.comb(m, d) > _MAX_COMBOS:
        raise ValueError(f"vertex enumeration too large ({math.comb(m, d)} bases)")
    combos = _combinations(m, d)
    mats = Gy[combos]  # (C, d, d)
    rhs = hy[combos]
    det = np.linalg.det(mats)
    ok = np.abs(det) > 1e-10
    if not ok.any():
        return np.empty((0, n))
    ys = np.linalg.solve(mats[ok], rhs[ok][..., None])[..., 0]
    feas = (Gy @ ys.T <= hy[:, None] + tol).all(axis=0)
    ys = ys[feas]
    if ys.shape[0] == 0:
        return np.empty((0, n))
    xs = x0[None, :] + ys @ N.T
    return _unique_rows(xs, tol)


def _unique_rows(xs: NDArray, tol: float) -> NDArray:
    """The rows of ``xs`` that are distinct on a grid of ``100 tol``, first occurrences in
    their original order (as ``np.unique(axis=0, return_index=True)``, without its
    structured-dtype overhead)."""
    if len(xs) < 2:
        return xs
    scale = max(tol, 1e-9) * 100
    keys = np.round(xs / scale).astype(np.int64)
    order = np.lexsort(keys.T[::-1])  # stable: the first occurrence leads each group
    k = keys[order]
    new = np.ones(len(k), bool)
    new[1:] = (k[1:] != k[:-1]).any(axis=1)
    return xs[np.sort(order[new])]


@functools.lru_cache(maxsize=256)
def _combinations(m: int, d: int) -> NDArray:
    """Every ``d``-subset of ``range(m)`` in lexicographic order, as rows (read-only)."""
    out = np.array(list(itertools.combinations(range(m), d)), dtype=np.intp).reshape(-1, d)
    out.setflags(write=False)
    return out


def feasible(A_eq: NDArray, b_eq: NDArray, G: NDArray, h: NDArray, n: int) -> bool:
    """True if ``{x >= 0 : A_eq x = b_eq, G x <= h}`` is non-empty (HiGHS)."""
    res = linprog(
        np.zeros(n),
        A_ub=G if G.size else None,
        b_ub=h if G.size else None,
        A_eq=A_eq if A_eq.size else None,
        b_eq=b_eq if A_eq.size else None,
        bounds=(0, None),
        method="highs",
    )
    return res.status == 0


def nonempty(A_eq: NDArray, b_eq: NDArray, G: NDArray, h: NDArray, n: int, tol: float = 1e-9) -> bool:
    """True if ``{x >= 0 : A_eq x = b_eq, G x <= h}`` is non-empty (bounded polytopes).

    Uses vertex enumeration (fast for the tiny systems of the signaling solvers) and falls
    back to a linear program when the enumeration would be large.
    """
    G2 = np.vstack([G.reshape(-1, n), -np.eye(n)])
    h2 = np.concatenate([np.asarray(h, float).ravel(), np.zeros(n)])
    try:
        return len(vertices(A_eq.reshape(-1, n), b_eq, G2, h2, tol)) > 0
    except ValueError:
        return feasible(A_eq, b_eq, G, h, n)


def _affine_hull_batch(A: NDArray, b: NDArray) -> tuple[NDArray, NDArray, NDArray]:
    """``(x0, rank, basis)`` per system ``A[i] x = b[i]``: the least-squares solution of minimum
    norm, the rank (singular values above ``1e-12 max(1, s_0)``, as :func:`vertices`), and an
    orthonormal basis whose columns from ``rank`` on span the null space.

    A QR factorisation of ``A^T`` serves the systems whose full row rank is certain
    (``1 / ||R^-1||_F``, a lower bound of the smallest singular value, above ``1e-8 max(1,
    ||A||_F)``); the others (and wide systems) take the SVD.
    """
    n, p, nv = A.shape
    if (A == A[:1]).all():  # one matrix for every system (e.g. only simplex rows): one SVD
        u, s, vt = np.linalg.svd(A[0])
        r = int((s > 1e-12 * max(1.0, s[0] if s.size else 1.0)).sum())
        x0 = ((b @ u[:, :r]) / s[:r]) @ vt[:r]  # minimum norm: V_r S_r^-1 U_r^T b, every b at once
        return x0, np.full(n, r), np.broadcast_to(vt.T, (n, nv, nv))
    if p > nv:
        return _affine_hull_batch_svd(A, b)
    Q, R = np.linalg.qr(np.swapaxes(A, 1, 2), mode="complete")  # A^T = Q R
    Rp = R[:, :p, :]
    diag = np.abs(np.diagonal(Rp, axis1=1, axis2=2)).min(axis=1)
    scale = np.maximum(1.0, np.sqrt((A * A).sum(axis=(1, 2))))
    sure = diag > 1e-8 * scale
    Rinv = np.zeros_like(Rp)
    Rinv[sure] = np.linalg.inv(Rp[sure])
    sure &= 1.0 / np.maximum(np.sqrt((Rinv * Rinv).sum(axis=(1, 2))), 1e-300) > 1e-8 * scale
    x0 = np.einsum("nvp,nqp,nq->nv", Q[:, :, :p], Rinv, b)  # Q_1 R^-T b = A^T (A A^T)^-1 b
    rank = np.full(n, p)
    basis = Q
    if not sure.all():
        rest = np.flatnonzero(~sure)
        x0[rest], rank[rest], basis[rest] = _affine_hull_batch_svd(A[rest], b[rest])
    return x0, rank, basis


def _affine_hull_batch_svd(A: NDArray, b: NDArray) -> tuple[NDArray, NDArray, NDArray]:
    """:func:`_affine_hull_batch` by the SVD (any shape and rank)."""
    u, s, vt = np.linalg.svd(A)
    rank = (s > 1e-12 * np.maximum(1.0, s[:, :1])).sum(axis=1)
    inv = np.where(np.arange(s.shape[1]) < rank[:, None], 1.0 / np.where(s > 0, s, 1.0), 0.0)
    z = np.einsum("npr,np->nr", u[:, :, :s.shape[1]], b) * inv  # minimum norm: V_r S_r^-1 U_r^T b
    x0 = np.einsum("nrv,nr->nv", vt[:, :s.shape[1], :], z)
    return x0, rank, np.swapaxes(vt, 1, 2)


def vertices_batch(A_eq: NDArray, b_eq: NDArray, G: NDArray, h: NDArray,
                   tol: float = 1e-9) -> tuple[NDArray, NDArray]:
    """:func:`vertices` of ``n`` polytopes with one constraint pattern, in array operations.

    Polytope ``i`` is ``{x : A_eq[i] x = b_eq[i], G[i] x <= h[i]}``. The same square
    subsystems as :func:`vertices` are solved (rows that vanish on the affine hull give
    singular subsystems instead of being dropped first), with the same tolerances, and the
    same duplicates are removed (first occurrence kept on the grid of ``100 tol``).

    Returns
    -------
    X : ndarray, shape (n, n_candidates, dim)
        Candidate points (garbage where not kept).
    keep : ndarray of bool, shape (n, n_candidates)
        ``X[i, keep[i]]`` are the vertices of polytope ``i`` (none if it is empty).
    """
    n_pts, p, nv = A_eq.shape
    if n_pts == 0:
        return np.zeros((0, 1, nv)), np.zeros((0, 1), bool)
    G = G.reshape(n_pts, -1, nv)
    if p:
        x0, rank, basis = _affine_hull_batch(A_eq, b_eq)
        bad = np.abs(np.einsum("npv,nv->np", A_eq, x0) - b_eq).max(axis=1) > tol
    else:
        x0 = np.zeros((n_pts, nv))
        bad = np.zeros(n_pts, bool)
        basis = np.broadcast_to(np.eye(nv), (n_pts, nv, nv))
        rank = np.zeros(n_pts, np.intp)
    slack = h.reshape(n_pts, -1) - np.einsum("nqv,nv->nq", G, x0)
    outs = []
    for r in np.unique(rank):
        idx = np.flatnonzero(rank == r)
        d = nv - int(r)
        if d == 0:
            ok = ~bad[idx] & (slack[idx] >= -tol).all(axis=1)
            outs.append((idx, x0[idx, None, :], ok[:, None]))
            continue
        N = basis[idx, :, int(r):]  # (k, nv, d)
        Gy = np.einsum("nqv,nvd->nqd", G[idx], N)
        sl = slack[idx]
        zero = np.abs(Gy).max(axis=2) <= 1e-12
        empty = bad[idx] | (zero & (sl < -tol)).any(axis=1)
        combos = _combinations(Gy.shape[1], d)
        mats = Gy[:, combos]  # (k, C, d, d)
        det = np.linalg.det(mats)
        ok = np.abs(det) > 1e-10
        ys = np.zeros(mats.shape[:3])
        if ok.any():
            ys[ok] = np.linalg.solve(mats[ok], sl[:, combos][ok][..., None])[..., 0]
        ok &= (np.einsum("nqd,ncd->ncq", Gy, ys) <= sl[:, None, :] + tol).all(axis=2)
        ok &= ~empty[:, None]
        xs = x0[idx, None, :] + np.einsum("ncd,nvd->ncv", ys, N)
        outs.append((idx, xs, ok))
    C = max(x.shape[1] for _i, x, _o in outs)
    X = np.zeros((n_pts, C, nv))
    keep = np.zeros((n_pts, C), bool)
    for idx, xs, ok in outs:
        X[idx, :xs.shape[1]] = xs
        keep[idx, :ok.shape[1]] = ok
    # duplicates: as _unique_rows, point by point (stable lexicographic order of the keys)
    keys = np.round(np.where(keep[..., None], X, 0.0) / (max(tol, 1e-9) * 100)).astype(np.int64)
    point = np.broadcast_to(np.arange(n_pts)[:, None], keep.shape).ravel()
    flat = keys.reshape(-1, nv)
    order = np.lexsort(tuple(flat[:, j] for j in range(nv - 1, -1, -1)) + ((~keep).ravel(), point))
    kf, pf, okf = flat[order], point[order], keep.ravel()[order]
    new = np.ones(len(order), bool)
    new[1:] = (pf[1:] != pf[:-1]) | (kf[1:] != kf[:-1]).any(axis=1)
    out = np.zeros(keep.size, bool)
    out[order[new & okf]] = True
    return X, out.reshape(keep.shape)
