"""Compiled (numba) twin of the bimatrix logit QRE path of :mod:`.qre`.

Optional accelerator: imported only when numba is installed. :func:`bimatrix_trace` runs
the loop of ``qre._trace`` (Euler predictor, bordered Newton corrector, tangent update,
step control) on a bimatrix game with the homotopy and Jacobian of
``qre._AgentForm.evaluate`` written out for two agents, and solves the bordered systems
by Gaussian elimination with partial pivoting in explicit loops: no BLAS or LAPACK call,
so the path does not depend on the BLAS kernel. It stops, and hands back to the Python
loop, where that loop would need more than this kernel does (see the status codes).
"""

from __future__ import annotations

import numba
import numpy as np

RUNNING, LANDED, UNDERFLOW, LOST, SINGULAR = 0, 1, 2, 3, 4
"""Status of :func:`bimatrix_trace`: stopped at ``lambda_max`` or ``max_points`` (RUNNING);
the last point reached ``lambda_max`` and is to be corrected at fixed ``lambda`` (LANDED);
step underflow; the branch turned back below ``lambda = 0`` (LOST); a singular bordered
system (SINGULAR: the caller continues with the NumPy loop, which then uses least squares)."""


@numba.njit(cache=True)
def evaluate(A, BT, z, lam, H, J):  # pragma: no cover - compiled
    """``qre._AgentForm.evaluate`` for the bimatrix game ``(A, B)`` (``BT = B'``): the
    scaled homotopy in ``H`` and ``[dH/dz, dH/dlambda]`` in the first ``n`` rows of ``J``.

    Coordinates ``0..m-1`` are the row player's log-probabilities (head 0), ``m..n-1`` the
    column player's (head ``m``); ``v = (A y, B' x)``, ``D = [[0, A diag(y)], [B' diag(x), 0]]``.
    """
    m, c = A.shape
    n = m + c
    p = np.exp(z)
    v = np.empty(n)
    for i in range(m):
        acc = 0.0
        for k in range(c):
            acc += A[i, k] * p[m + k]
        v[i] = acc
    for k in range(c):
        acc = 0.0
        for i in range(m):
            acc += BT[k, i] * p[i]
        v[m + k] = acc
    s = 1.0 / (1.0 + lam)
    ls = lam * s
    ss = s * s
    for a in range(2):
        lo, hi = (0, m) if a == 0 else (m, n)
        tot = 0.0
        for j in range(lo, hi):
            tot += p[j]
        H[lo] = tot - 1.0
        for k in range(n + 1):
            J[lo, k] = p[k] if lo <= k < hi else 0.0
        for j in range(lo + 1, hi):
            dz = z[j] - z[lo]
            dv = v[j] - v[lo]
            H[j] = s * dz - ls * dv
            # -(lam s) (D[j] - D[lo]); D[j, k] is A[j, k-m] y_k-m (a = 0) or B'[j-m, k] x_k
            for k in range(n):
                if a == 0:
                    d = A[j, k - m] * p[k] - A[lo, k - m] * p[k] if k >= m else 0.0
                else:
                    d = BT[j - m, k] * p[k] - BT[0, k] * p[k] if k < m else 0.0
                J[j, k] = -ls * d
            J[j, j] += s
            J[j, lo] -= s
            J[j, n] = -ss * (dz + dv)
    return H, J


@numba.njit(cache=True)
def solve(M, b, out):  # pragma: no cover - compiled
    """``out = M^{-1} b`` by Gaussian elimination with partial pivoting; False when a
    pivot is exactly 0 (``M`` singular)."""
    d = M.shape[0]
    a = M.copy()
    for i in range(d):
        out[i] = b[i]
    for col in range(d):
        p = col
        best = abs(a[col, col])
        for i in range(col + 1, d):
            if abs(a[i, col]) > best:
                best = abs(a[i, col])
                p = i
        if best == 0.0:
            return False
        if p != col:
            for j in range(col, d):
                a[col, j], a[p, j] = a[p, j], a[col, j]
            out[col], out[p] = out[p], out[col]
        for i in range(col + 1, d):
            f = a[i, col] / a[col, col]
            if f != 0.0:
                for j in range(col + 1, d):
                    a[i, j] -= f * a[col, j]
                out[i] -= f * out[col]
    for i in range(d - 1, -1, -1):
        acc = out[i]
        for j in range(i + 1, d):
            acc -= a[i, j] * out[j]
        out[i] = acc / a[i, i]
    return True


@numba.njit(cache=True)
def bimatrix_trace(A, BT, x, t, h, lambda_max, max_step, tol, max_points):  # pragma: no cover
    """The loop of ``qre._trace`` on a bimatrix game, from ``x = (z, lam)`` along ``t``.

    Returns the accepted points (the first is ``x``), the current point, tangent and step
    ``(x, t, h)`` when it stopped, and the status (:data:`RUNNING` ... :data:`SINGULAR`).
    """
    n = len(x) - 1
    cap = 256
    pts = np.empty((cap, n + 1))
    pts[0] = x
    k = 1
    H = np.empty(n)
    J = np.empty((n + 1, n + 1))
    rhs = np.zeros(n + 1)
    d = np.empty(n + 1)
    e = np.zeros(n + 1)
    e[n] = 1.0
    t_new = np.empty(n + 1)
    x = x.copy()
    t = t.copy()
    while x[n] < lambda_max and k < max_points:
        step = h
        if t[n] > 0 and x[n] + step * t[n] > lambda_max:  # land on lambda_max
            step = (lambda_max - x[n]) / t[n]
        y = x + step * t
        converged = False
        n_iter = 0
        last = np.inf
        for n_iter in range(8):  # noqa: B007
            ok = True
            for j in range(n + 1):
                if not np.isfinite(y[j]):
                    ok = False
            for j in range(n):
                if y[j] > 1.0:
                    ok = False
            if not ok:  # z = log p <= 0: diverged
                break
            evaluate(A, BT, y[:n], y[n], H, J)
            if np.abs(H).max() < tol:
                converged = True
                break
            J[n] = t
            for j in range(n):
                rhs[j] = -H[j]
            rhs[n] = 0.0
            if not solve(J, rhs, d):
                return pts[:k], x, t, h, SINGULAR
            size = np.sqrt(d @ d)
            if size > 0.5 * last or size > max(step, 1e-8):  # not contracting, or too far
                break
            y = y + d
            last = size
        cos = 0.0
        if converged:
            J[n] = t
            if not solve(J, e, t_new):
                return pts[:k], x, t, h, SINGULAR
            t_new /= np.sqrt(t_new @ t_new)
            cos = t_new @ t
        if not converged or cos < 0.95:
            h = step / 2
            if h < 1e-12 * max(1.0, np.abs(x).max()):
                return pts[:k], x, t, h, UNDERFLOW
            continue
        if y[n] < 0:
            return pts[:k], x, t, h, LOST
        if n_iter <= 3 and cos > 0.995:
            h = min(1.5 * step, max_step)
        x = y
        t = t_new.copy()
        if abs(x[n] - lambda_max) < 1e-9 * lambda_max or x[n] > lambda_max:
            return pts[:k], x, t, h, LANDED
        if k == cap:
            cap *= 2
            grown = np.empty((cap, n + 1))
            grown[:k] = pts[:k]
            pts = grown
        pts[k] = x
        k += 1
    return pts[:k], x, t, h, RUNNING
