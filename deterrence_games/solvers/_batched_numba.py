"""Compiled (numba) twin of the batched 2x2 kernel of :mod:`deterrence_games.solvers.batched`.

Optional accelerator: imported only when numba is installed. One pass per game computes the
payoff differences ``a_0, a_1, b_0, b_1``, their signs under the relative tie tolerance,
the sign-pattern code and the interior mixtures ``p*``, ``q*``, then copies the table row of
that pattern: the same floating-point operations as the NumPy kernel (no fast-math, no
reassociation), so the results are identical bit for bit. It reads 64 bytes and writes 78
bytes per game, once.
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, inline="always")
def _sgn(d, eps):  # pragma: no cover - compiled
    return (1 if d > eps else 0) - (1 if d < -eps else 0)


@numba.njit(cache=True, inline="always")
def _absmax(M, k):  # pragma: no cover - compiled
    return max(max(abs(M[k, 0, 0]), abs(M[k, 0, 1])), max(abs(M[k, 1, 0]), abs(M[k, 1, 1])))


@numba.njit(cache=True, nogil=True)
def solve_2x2_numba(A, B, tol, const_p, const_q, star_p, star_q, valid_t, count_t, degenerate_t, continuum_t,
                    p, q, valid, count, degenerate, continuum):  # pragma: no cover - compiled
    """Fill ``p, q, valid, count, degenerate, continuum`` for the games ``A``, ``B``."""
    K = p.shape[1]
    for k in range(A.shape[0]):
        a1 = A[k, 0, 0] - A[k, 1, 0]
        a0 = A[k, 0, 1] - A[k, 1, 1]
        b1 = B[k, 0, 0] - B[k, 0, 1]
        b0 = B[k, 1, 0] - B[k, 1, 1]
        epsA = tol * _absmax(A, k)
        epsB = tol * _absmax(B, k)
        code = (27 * (_sgn(a0, epsA) + 1) + 9 * (_sgn(a1, epsA) + 1) + 3 * (_sgn(b0, epsB) + 1)
                + (_sgn(b1, epsB) + 1))
        ps = np.nan
        qs = np.nan
        for j in range(K):
            if star_p[code, j]:
                ps = b0 / (b0 - b1)
            if star_q[code, j]:
                qs = a0 / (a0 - a1)
        for j in range(K):
            p[k, j] = ps if star_p[code, j] else const_p[code, j]
            q[k, j] = qs if star_q[code, j] else const_q[code, j]
            valid[k, j] = valid_t[code, j]
        count[k] = count_t[code]
        degenerate[k] = degenerate_t[code]
        continuum[k] = continuum_t[code]
