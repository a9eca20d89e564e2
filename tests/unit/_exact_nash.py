"""Exact rational reference for extreme Nash equilibria (test helper, not part of the package).

Independent of the package's code: vertex enumeration of the best-response polytopes
(von Stengel 2007, Algorithm 3.5) in exact integer arithmetic, by brute force over every
choice of ``d`` tight constraints (fraction-free Bareiss elimination), for small games with
integer payoffs. Probabilities are returned as ``fractions.Fraction``.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from math import gcd


def _solve_int(M: list[list[int]], b: list[int]) -> tuple[list[int], int] | None:
    """Solve M v = b exactly: v = num / den with integers (den > 0), None if M singular.

    Bareiss fraction-free Gaussian elimination on the augmented matrix, then integer
    back substitution.
    """
    d = len(M)
    a = [row[:] + [b[i]] for i, row in enumerate(M)]
    prev = 1
    for k in range(d):
        piv = next((r for r in range(k, d) if a[r][k] != 0), None)
        if piv is None:
            return None
        a[k], a[piv] = a[piv], a[k]
        for i in range(k + 1, d):
            for j in range(k + 1, d + 1):
                a[i][j] = (a[i][j] * a[k][k] - a[i][k] * a[k][j]) // prev
            a[i][k] = 0
        prev = a[k][k]
    det = a[d - 1][d - 1]
    # integer back substitution: X = det * v is an integer vector (Cramer's rule), and row
    # i of the triangular system gives a[i][i] X_i = a[i][d] det - sum_{j>i} a[i][j] X_j
    X = [0] * d
    for i in range(d - 1, -1, -1):
        X[i] = (a[i][d] * det - sum(a[i][j] * X[j] for j in range(i + 1, d))) // a[i][i]
    if det < 0:
        det, X = -det, [-t for t in X]
    g = gcd(det, *X)
    return [t // g for t in X], det // g


def _vertices(G: list[list[int]], h: list[int]) -> dict:
    """Vertices of {v : G v <= h} (as (num, den)) with their label sets (tight constraints)."""
    r, d = len(G), len(G[0])
    out = {}
    for rows in itertools.combinations(range(r), d):
        sol = _solve_int([G[i] for i in rows], [h[i] for i in rows])
        if sol is None:
            continue
        num, den = sol
        slack = [sum(g * x for g, x in zip(G[i], num, strict=True)) - h[i] * den for i in range(r)]
        if all(s <= 0 for s in slack):
            out[(tuple(num), den)] = frozenset(i for i in range(r) if slack[i] == 0)
    return out


def exact_extreme_equilibria(A, B) -> tuple[list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]], bool]:
    """All extreme equilibria of the bimatrix game (A, B) in exact arithmetic, and degeneracy.

    ``A`` and ``B`` are nested lists of ints. Returns the sorted list of (x, y) probability
    vectors (tuples of Fractions) and whether the game is degenerate (a vertex of a
    best-response polytope with more labels than its dimension).
    """
    m, n = len(A), len(A[0])
    A = [[int(v) for v in row] for row in A]
    B = [[int(v) for v in row] for row in B]
    shiftA = 1 - min(min(row) for row in A)
    shiftB = 1 - min(min(row) for row in B)
    A = [[v + shiftA for v in row] for row in A]
    B = [[v + shiftB for v in row] for row in B]
    # P = {x >= 0, B^T x <= 1}; labels 0..m-1 (x_i = 0) then m..m+n-1 (column j best reply)
    GP = [[-1 if k == i else 0 for k in range(m)] for i in range(m)]
    GP += [[B[i][j] for i in range(m)] for j in range(n)]
    hP = [0] * m + [1] * n
    # Q = {A y <= 1, y >= 0}; labels 0..m-1 (row i best reply) then m..m+n-1 (y_j = 0)
    GQ = [A[i][:] for i in range(m)]
    GQ += [[-1 if k == j else 0 for k in range(n)] for j in range(n)]
    hQ = [1] * m + [0] * n
    VP, VQ = _vertices(GP, hP), _vertices(GQ, hQ)
    degenerate = any(len(lab) > m for lab in VP.values()) or any(len(lab) > n for lab in VQ.values())
    full = frozenset(range(m + n))
    eqs = []
    for (x, _), lx in VP.items():
        if not any(x):
            continue
        for (y, _), ly in VQ.items():
            if not any(y):
                continue
            if lx | ly == full:
                sx, sy = sum(x), sum(y)
                eqs.append((tuple(Fraction(v, sx) for v in x), tuple(Fraction(v, sy) for v in y)))
    return sorted(eqs), degenerate
