"""Compiled (numba) twin of :func:`deterrence_games.solvers._vertex.polytope_vertices`.

Optional accelerator: imported only when numba is installed. It visits the same feasible
bases with the same pivot rule and tie tolerance as the NumPy kernel, one basis at a time
(depth first), updating the non-basic rows of each dictionary (a simplex tableau) from its
parent's by a rank-one pivot and recomputing them every few pivots by Gauss-Jordan elimination with partial pivoting
(explicit loops, no BLAS call, so the result does not depend on the BLAS kernel). Bases and
vertices are keyed by 64-bit masks, so it serves polytopes with at most 62 rows.
"""

from __future__ import annotations

import math

import numba
import numpy as np

MAX_ROWS = 62

REFACTOR = 8
"""Rank-one dictionary updates between two recomputations from scratch."""

MAX_STORED = 50_000
"""Pending bases that carry their tableau (bounds memory: 50,000 x 20 x 20 x 8 bytes =
160 MB at 20x20); beyond it a pending basis stores only its rows."""


@numba.njit(cache=True)
def _invert(M, out):  # pragma: no cover - compiled
    """``out = M^{-1}`` by Gauss-Jordan with partial pivoting; False when singular."""
    d = M.shape[0]
    a = M.copy()
    for i in range(d):
        for j in range(d):
            out[i, j] = 1.0 if i == j else 0.0
    for c in range(d):
        p = c
        best = abs(a[c, c])
        for i in range(c + 1, d):
            if abs(a[i, c]) > best:
                best = abs(a[i, c])
                p = i
        if best == 0.0:
            return False
        if p != c:
            for j in range(d):
                a[c, j], a[p, j] = a[p, j], a[c, j]
                out[c, j], out[p, j] = out[p, j], out[c, j]
        inv = 1.0 / a[c, c]
        for j in range(d):
            a[c, j] *= inv
            out[c, j] *= inv
        for i in range(d):
            if i != c:
                f = a[i, c]
                if f != 0.0:
                    for j in range(d):
                        a[i, j] -= f * a[c, j]
                        out[i, j] -= f * out[c, j]
    return True


@numba.njit(cache=True)
def _factor(G, h, L, Nb, M, Ninv, T, sN):  # pragma: no cover - compiled
    """Rows ``Nb`` (the non-basic rows) of the dictionary ``G G_L^{-1}`` in ``T`` and their
    slacks ``h - G G_L^{-1} h_L`` in ``sN``; False when ``G_L`` is singular."""
    r, d = G.shape
    for a in range(d):
        for b in range(d):
            M[a, b] = G[L[a], b]
    if not _invert(M, Ninv):
        return False
    for i in range(r - d):
        j = Nb[i]
        acc = 0.0
        for p in range(d):
            dj = 0.0
            for b in range(d):
                dj += G[j, b] * Ninv[b, p]
            T[i, p] = dj
            acc += dj * h[L[p]]
        sN[i] = h[j] - acc
    return True


@numba.njit(cache=True)
def vertices_kernel(G, h, start, tol, pivot_tol, max_bases, refactor, max_stored):  # pragma: no cover
    """Slacks at every vertex (tight rows 0) and the number of feasible bases visited
    (-1 when more than ``max_bases``).

    Depth-first over feasible bases. A basis is held as its basic rows ``L``, its non-basic
    rows ``Nb`` and the tableau ``T`` of the non-basic rows of the dictionary (the basic rows
    of ``G G_L^{-1}`` are unit vectors and their slacks 0, so they are not stored). A pushed
    basis carries its tableau (a rank-one update of its parent's, in which the leaving row
    takes the place of the entering one) while fewer than ``max_stored`` are pending, else
    only its rows (the tableau is then recomputed when it is popped); every ``refactor``
    updates the tableau is recomputed from scratch to stop round-off drift.
    """
    r, d = G.shape
    nn = r - d
    key0 = np.int64(0)
    for q in range(d):
        key0 |= np.int64(1) << start[q]
    seen = {key0}
    vkeys = {key0}
    vkeys.clear()
    cap = 64
    S = np.empty((cap, r))
    nv = 0
    n_bases = 0
    kcap = 1024
    stL = np.empty((kcap, d), np.int64)
    stN = np.empty((kcap, nn), np.int64)
    stAge = np.empty(kcap, np.int64)
    ncap = min(kcap, max_stored)
    stT = np.empty((ncap, nn, d))
    stS = np.empty((ncap, nn))
    inb = np.zeros(r, np.bool_)
    for q in range(d):
        inb[start[q]] = True
    k = 0
    for j in range(r):
        if not inb[j]:
            stN[0, k] = j
            k += 1
    stL[0] = start
    stAge[0] = -1
    top = 1
    L = np.empty(d, np.int64)
    Nb = np.empty(nn, np.int64)
    M = np.empty((d, d))
    Ninv = np.empty((d, d))
    sN = np.empty(nn)
    T = np.empty((nn, d))
    srow = np.empty(r)
    while top > 0:
        top -= 1
        n_bases += 1
        if n_bases > max_bases:
            return S[:nv], -1
        L[:] = stL[top]
        Nb[:] = stN[top]
        age = stAge[top]
        key = np.int64(0)
        for q in range(d):
            key |= np.int64(1) << L[q]
        if age < 0 or age >= refactor:
            if not _factor(G, h, L, Nb, M, Ninv, T, sN):
                continue
            age = 0
        else:
            T[:, :] = stT[top]
            sN[:] = stS[top]
        vk = key
        for q in range(d):
            srow[L[q]] = 0.0
        for i in range(nn):
            v = sN[i]
            if v <= tol:
                v = 0.0
                vk |= np.int64(1) << Nb[i]
            srow[Nb[i]] = v
        if vk not in vkeys:
            if nv == cap:
                cap *= 2
                S2 = np.empty((cap, r))
                S2[:nv] = S[:nv]
                S = S2
            S[nv] = srow
            vkeys.add(vk)
            nv += 1
        for p in range(d):
            tmin = np.inf
            for i in range(nn):
                tip = T[i, p]
                if tip < -pivot_tol:
                    t = sN[i] / -tip
                    if t < tmin:
                        tmin = t
            for i in range(nn):
                tip = T[i, p]
                if not tip < -pivot_tol or sN[i] + tmin * tip > tol:
                    continue
                c = Nb[i]
                child = (key ^ (np.int64(1) << L[p])) | (np.int64(1) << c)
                if child in seen:
                    continue
                seen.add(child)
                if top == kcap:
                    kcap *= 2
                    stL2 = np.empty((kcap, d), np.int64)
                    stL2[:top] = stL[:top]
                    stL = stL2
                    stN2 = np.empty((kcap, nn), np.int64)
                    stN2[:top] = stN[:top]
                    stN = stN2
                    stA2 = np.empty(kcap, np.int64)
                    stA2[:top] = stAge[:top]
                    stAge = stA2
                if top < max_stored and top >= ncap:
                    ncap = min(2 * ncap, max_stored)
                    stT2 = np.empty((ncap, nn, d))
                    stT2[:top] = stT[:top]
                    stT = stT2
                    stS2 = np.empty((ncap, nn))
                    stS2[:top] = stS[:top]
                    stS = stS2
                stL[top] = L
                stL[top, p] = c
                stN[top] = Nb
                stN[top, i] = L[p]
                if top < ncap:
                    piv = tip
                    fs = sN[i] / piv
                    for i2 in range(nn):
                        if i2 == i:
                            for q in range(d):
                                stT[top, i2, q] = -T[i, q] / piv
                            stT[top, i2, p] = 1.0 / piv
                            stS[top, i2] = -fs
                        else:
                            f = T[i2, p] / piv
                            for q in range(d):
                                stT[top, i2, q] = T[i2, q] - f * T[i, q]
                            stT[top, i2, p] = f
                            stS[top, i2] = sN[i2] - T[i2, p] * fs
                    stAge[top] = age + 1
                else:
                    stAge[top] = -1
                top += 1
    return S[:nv], n_bases


def polytope_vertices_numba(G, h, start, tol, pivot_tol, max_bases):
    """Run the compiled kernel; same contract as the NumPy kernel."""
    S, n = vertices_kernel(np.ascontiguousarray(G, float), np.ascontiguousarray(h, float),
                           np.asarray(start, np.int64), float(tol), float(pivot_tol),
                           int(max_bases), REFACTOR, MAX_STORED)
    if n < 0:
        raise RuntimeError(f"vertex enumeration visited more than {max_bases} feasible bases")
    return S, n


@numba.njit(cache=True)
def _label_masks(S):  # pragma: no cover - compiled
    """Bit mask of the tight rows (slack 0) of every vertex, and their number."""
    k, r = S.shape
    keys = np.zeros(k, np.int64)
    counts = np.zeros(k, np.int64)
    for i in range(k):
        key = np.int64(0)
        c = 0
        for j in range(r):
            if S[i, j] == 0.0:
                key |= np.int64(1) << j
                c += 1
        keys[i] = key
        counts[i] = c
    return keys, counts


@numba.njit(cache=True)
def bimatrix_kernel(An, Bn, tol, pivot_tol, max_bases, refactor, max_stored):  # pragma: no cover
    """Vertices of both best-response polytopes and their completely labelled pairs.

    ``P = {x >= 0, Bn' x <= 1}`` (rows ``-I`` then ``Bn'``) and ``Q = {An y <= 1, y >= 0}``
    (rows ``An`` then ``-I``), so that row ``l`` of either polytope carries label ``l``.
    Returns the slacks of both vertex sets (unsorted), the number of feasible bases of each
    (-1 past ``max_bases``), and the index pairs ``(i, j)`` of non-zero vertices whose label
    sets cover all ``m + n`` labels: a vertex with at most ``m`` (``n``) labels is matched
    with the vertex whose labels are exactly its complement, a degenerate one with every
    vertex of the other polytope.
    """
    m, n = An.shape
    r = m + n
    GP = np.zeros((r, m))
    hP = np.zeros(r)
    GQ = np.zeros((r, n))
    hQ = np.zeros(r)
    for i in range(m):
        GP[i, i] = -1.0
        hQ[i] = 1.0
        for j in range(n):
            GP[m + j, i] = Bn[i, j]
            GQ[i, j] = An[i, j]
    for j in range(n):
        GQ[m + j, j] = -1.0
        hP[m + j] = 1.0
    SP, nbP = vertices_kernel(GP, hP, np.arange(m), tol, pivot_tol, max_bases, refactor, max_stored)
    SQ, nbQ = vertices_kernel(GQ, hQ, np.arange(m, r), tol, pivot_tol, max_bases, refactor,
                              max_stored)
    pi = np.empty(0, np.int64)
    pj = np.empty(0, np.int64)
    if nbP < 0 or nbQ < 0:
        return SP, SQ, nbP, nbQ, pi, pj
    kP, cP = _label_masks(SP)
    kQ, cQ = _label_masks(SQ)
    full = (np.int64(1) << r) - 1
    zeroP = (np.int64(1) << m) - 1          # the origin of P: every x_i = 0
    zeroQ = full ^ zeroP                    # the origin of Q: every y_j = 0
    where = {kQ[0]: 0}
    for j in range(len(kQ)):
        where[kQ[j]] = j
    out_i = []
    out_j = []
    for i in range(len(kP)):
        if kP[i] & zeroP == zeroP:
            continue
        if cP[i] > m:
            for j in range(len(kQ)):
                if kQ[j] & zeroQ != zeroQ and kP[i] | kQ[j] == full:
                    out_i.append(i)
                    out_j.append(j)
        else:
            need = full ^ kP[i]
            if need in where:
                j = where[need]
                if kQ[j] & zeroQ != zeroQ and cQ[j] <= n:
                    out_i.append(i)
                    out_j.append(j)
    for j in range(len(kQ)):  # degenerate vertices of Q against the non-degenerate of P
        if cQ[j] > n and kQ[j] & zeroQ != zeroQ:
            for i in range(len(kP)):
                if cP[i] <= m and kP[i] & zeroP != zeroP and kP[i] | kQ[j] == full:
                    out_i.append(i)
                    out_j.append(j)
    pi = np.array(out_i, np.int64) if len(out_i) else pi
    pj = np.array(out_j, np.int64) if len(out_j) else pj
    return SP, SQ, nbP, nbQ, pi, pj


@numba.njit(cache=True)
def _pair_rows(S, keys, idx, lo, hi):  # pragma: no cover - compiled
    """Coordinates ``S[idx, lo:hi]`` with entries of size at most 1e-13 and negative ones
    set to 0 (as ``nash._clean`` before normalising), and the label masks of ``idx``."""
    k = len(idx)
    r = S.shape[1]
    V = np.empty((k, hi - lo))
    L = np.empty((k, r), np.bool_)
    for a in range(k):
        i = idx[a]
        for c in range(lo, hi):
            v = S[i, c]
            V[a, c - lo] = 0.0 if abs(v) <= 1e-13 or v < 0.0 else v
        for c in range(r):
            L[a, c] = (keys[i] >> c) & 1
    return V, L


@numba.njit(cache=True)
def bimatrix_pairs(An, Bn, tol, pivot_tol, max_bases, refactor, max_stored):  # pragma: no cover
    """:func:`bimatrix_kernel`, then the (unnormalised, cleaned) vertices of every pair and
    their label masks, and the largest number of labels of a vertex of P and of Q."""
    m, n = An.shape
    SP, SQ, nbP, nbQ, pi, pj = bimatrix_kernel(An, Bn, tol, pivot_tol, max_bases, refactor,
                                               max_stored)
    kP, cP = _label_masks(SP)
    kQ, cQ = _label_masks(SQ)
    X, LX = _pair_rows(SP, kP, pi, 0, m)
    Y, LY = _pair_rows(SQ, kQ, pj, m, m + n)
    return SP, SQ, nbP, nbQ, X, Y, LX, LY, cP.max(), cQ.max()


@numba.njit(cache=True)
def _normalise_parts(M):  # pragma: no cover - compiled
    """Twin of ``nash._normalise_parts``: the same floating-point operations in the same
    order (``M / 2**e``, then ``1 + (M - min) / span``), so the same bits."""
    k, l = M.shape
    hi = 0.0
    for i in range(k):
        for j in range(l):
            v = M[i, j]
            if v > hi:
                hi = v
            elif -v > hi:
                hi = -v
    e = math.frexp(hi)[1]
    out = np.empty((k, l))
    lo = np.inf
    top = -np.inf
    for i in range(k):
        for j in range(l):
            v = math.ldexp(M[i, j], -e)
            out[i, j] = v
            lo = min(lo, v)
            top = max(top, v)
    span = top - lo
    for i in range(k):
        for j in range(l):
            out[i, j] = 1.0 if span == 0.0 else 1.0 + (out[i, j] - lo) / span
    return out, e, span


@numba.njit(cache=True)
def _regrets(An, Bn, X, Y):  # pragma: no cover - compiled
    """Twin of ``nash._regrets`` in explicit loops: the row player's and the column
    player's largest gain from a pure deviation at each profile ``(X[k], Y[k])``."""
    m, n = An.shape
    K = X.shape[0]
    rA = np.empty(K)
    rB = np.empty(K)
    for k in range(K):
        best = -np.inf
        val = 0.0
        for i in range(m):
            s = 0.0
            for j in range(n):
                s += An[i, j] * Y[k, j]
            best = max(best, s)
            val += X[k, i] * s
        rA[k] = best - val
        best = -np.inf
        val = 0.0
        for j in range(n):
            s = 0.0
            for i in range(m):
                s += X[k, i] * Bn[i, j]
            best = max(best, s)
            val += s * Y[k, j]
        rB[k] = best - val
    return rA, rB


@numba.njit(cache=True)
def bimatrix_solve(A, B, tol, pivot_tol, max_bases, refactor, max_stored):  # pragma: no cover
    """The whole vertex enumeration of ``nash.nash_equilibria`` in one compiled call:
    both payoff matrices mapped onto [1, 2] (:func:`_normalise_parts`), :func:`bimatrix_pairs`,
    the paired vertices normalised to probability vectors, and their regrets
    (:func:`_regrets`) for the certificate.

    Arrays are returned stacked (each boxed array costs about a microsecond): ``N = [An, Bn]``,
    the slacks ``S`` of the vertices of P then of Q (``nP`` rows of P), the profiles
    ``XY = [X | Y]``, their label masks ``L = [LX | LY]`` and the regrets ``R = [rA, rB]``.
    """
    m, n = A.shape
    N = np.empty((2, m, n))
    N[0], eA, spanA = _normalise_parts(A)
    N[1], eB, spanB = _normalise_parts(B)
    SP, SQ, nbP, nbQ, X, Y, LX, LY, cP, cQ = bimatrix_pairs(N[0], N[1], tol, pivot_tol,
                                                           max_bases, refactor, max_stored)
    for V in (X, Y):
        for a in range(V.shape[0]):
            s = 0.0
            for c in range(V.shape[1]):
                s += V[a, c]
            for c in range(V.shape[1]):
                V[a, c] /= s
    k = X.shape[0]
    R = np.empty((2, k))
    R[0], R[1] = _regrets(N[0], N[1], X, Y)
    S = np.concatenate((SP, SQ))
    XY = np.concatenate((X, Y), axis=1)
    L = np.concatenate((LX, LY), axis=1)
    return N, eA, spanA, eB, spanB, S, len(SP), nbP, nbQ, XY, L, R, cP, cQ


def bimatrix_solve_numba(A, B, tol, pivot_tol, max_bases):
    """Run :func:`bimatrix_solve` (``m + n <= 62``) on finite payoff matrices."""
    out = bimatrix_solve(np.ascontiguousarray(A, float), np.ascontiguousarray(B, float),
                         float(tol), float(pivot_tol), int(max_bases), REFACTOR, MAX_STORED)
    if out[7] < 0 or out[8] < 0:
        raise RuntimeError(f"vertex enumeration visited more than {max_bases} feasible bases")
    return out
