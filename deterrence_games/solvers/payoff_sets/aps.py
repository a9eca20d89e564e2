"""Perfect monitoring: the Abreu-Pearce-Stacchetti (1990) operator iterated exactly on polygons
(:func:`aps_polygon`), with a traced operator and a Newton acceleration of the fixed point.

References
----------
Abreu, Pearce & Stacchetti 1990, *Econometrica* 58:1041-1063."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..._validation import (
    Choice,
    IntegerRange,
    Interval,
    check_scalar,
)
from ...results import not_converged
from .. import _polygon as geo
from .sets import PayoffSet, _unpack

# ---------------------------------------------------------------------------------------
# (a) Perfect monitoring: exact polygon APS iteration
# ---------------------------------------------------------------------------------------


def _profiles(A: NDArray, B: NDArray, delta: float) -> list[tuple[float, float, float, float]]:
    """Per pure profile: (u1, u2, gain1, gain2) with gain_i = (1-delta)/delta (maxdev_i - u_i)."""
    dev1 = A.max(axis=0)  # best row deviation against column j
    dev2 = B.max(axis=1)  # best column deviation against row i
    k = (1.0 - delta) / delta
    out = []
    m, n = A.shape
    for i in range(m):
        for j in range(n):
            out.append((float(A[i, j]), float(B[i, j]),
                        k * float(dev1[j] - A[i, j]), k * float(dev2[i] - B[i, j])))
    return out


def _aps_step(W: list[geo.Point], prof: list, delta: float, eps: float) -> list[geo.Point]:
    """One application of the APS operator B to the convex set W (exact)."""
    if not W:
        return []
    wmin1 = min(p[0] for p in W)
    wmin2 = min(p[1] for p in W)
    wmax1 = max(p[0] for p in W)
    wmax2 = max(p[1] for p in W)
    a = 1.0 - delta
    pts: list[geo.Point] = []
    for u1, u2, g1, g2 in prof:
        L1 = wmin1 + g1
        L2 = wmin2 + g2
        if L1 > wmax1 + eps or L2 > wmax2 + eps:
            continue
        P = W
        if L1 > wmin1:
            P = geo.clip_lower(P, 0, L1, eps)
        if P and L2 > wmin2:
            P = geo.clip_lower(P, 1, L2, eps)
        if not P:
            continue
        c1, c2 = a * u1, a * u2
        pts.extend((c1 + delta * x, c2 + delta * y) for x, y in P)
    return geo.convex_hull(pts, eps)


def _canonical_start(W: list[geo.Point]) -> list[geo.Point]:
    """Rotate the counterclockwise vertex list to start at the lowest-then-leftmost vertex.

    Rounding (to 6 decimals) is used only to choose the start, never on the values.
    """
    if len(W) < 2:
        return W
    j = _start_index(W)
    return W[j:] + W[:j]


def _start_index(W: list[geo.Point]) -> int:
    """First index of the least ``(round(y, 6), round(x, 6))``."""
    ry = [round(p[1], 6) for p in W]
    m = min(ry)
    ties = [k for k, v in enumerate(ry) if v == m]
    return ties[0] if len(ties) == 1 else min(ties, key=lambda k: round(W[k][0], 6))


def _matched(X: list[NDArray]) -> bool:
    """Vertex i of each iterate is the nearest to vertex i of the next one (no relabelling)."""
    for P, Q in ((X[0], X[1]), (X[1], X[2])):
        d = np.linalg.norm(Q[:, None, :] - P[None, :, :], axis=2)
        if not np.array_equal(np.argmin(d, axis=1), np.arange(len(Q))):
            return False
    return True


def _aitken(x0: NDArray, x1: NDArray, x2: NDArray) -> NDArray:
    d1 = x1 - x0
    d2 = x2 - x1
    den = d2 - d1
    out = x2.copy()
    ok = np.abs(den) > 1e-300
    r = np.zeros_like(den)
    r[ok] = d2[ok] / den[ok]
    out[ok] = x2[ok] - d2[ok] * r[ok]
    return out


# Fast traced operator: the same B, vectorized over profiles with NumPy, which also
# reports how each new vertex was generated (used by the Newton acceleration below).
#
# For the convex polygon W (vertices V, counterclockwise) and profile a, the vertices of
# W ∩ {w_1 >= L1} ∩ {w_2 >= L2} are among: the vertices of W in both half-planes, the
# points where an edge of W crosses w_1 = L1 (with w_2 >= L2) or w_2 = L2 (with
# w_1 >= L1), and the corner (L1, L2) if it lies in W. These "candidates" all lie in the
# clipped set (to eps), so the hull of their images is B(W) exactly. Candidate slot
# ``a * (3k + 1) + s`` records the recipe: s < k vertex s; k <= s < 2k the edge s - k cut
# at w_1 = L1; 2k <= s < 3k the edge s - 2k cut at w_2 = L2; s = 3k the corner.


class _Profiles:
    """The profiles' ``(u1, u2, gain1, gain2)`` (:func:`_profiles`) and, built on first
    use, the arrays ``U`` (payoffs) and ``G`` (gains) of the vectorized step."""

    def __init__(self, prof: list) -> None:
        self.list = prof
        self._arrays: tuple[NDArray, NDArray] | None = None

    @property
    def arrays(self) -> tuple[NDArray, NDArray]:
        if self._arrays is None:
            arr = np.array(self.list, dtype=float).reshape(-1, 4)
            self._arrays = (arr[:, :2].copy(), arr[:, 2:].copy())
        return self._arrays


def _aps_candidates(V: NDArray, U: NDArray, G: NDArray, delta: float,
                    eps: float) -> tuple[NDArray, NDArray]:
    """Images of the clipped-set candidates of every profile (rows) and their slots.

    Written with few, small NumPy operations (their call overhead dominates here).
    """
    k = len(V)
    Ve = np.concatenate((V, V[:1]))           # closed vertex list: edge j is Ve[j] -> Ve[j+1]
    X, Y = Ve[:-1, 0], Ve[:-1, 1]
    dX, dY = Ve[1:, 0] - X, Ve[1:, 1] - Y
    L = V.min(axis=0) + G                     # (P, 2) incentive levels
    L1, L2 = L[:, :1], L[:, 1:]
    in1 = Ve[:, 0] >= L1 - eps                # (P, k + 1)
    in2 = Ve[:, 1] >= L2 - eps
    P_ = len(U)
    pts = np.empty((P_, 3 * k + 1, 2))
    ok = np.empty((P_, 3 * k + 1), dtype=bool)
    pts[:, :k] = V
    np.logical_and(in1[:, :-1], in2[:, :-1], out=ok[:, :k])
    # edge j crossing w_1 = L1 / w_2 = L2 (t clamped to [0, 1] as in _polygon._cut);
    # edges with dX == 0 never cross (both ends on the same side), so 1 is a safe divisor
    t = (L1 - X) / np.where(dX == 0.0, 1.0, dX)
    np.clip(t, 0.0, 1.0, out=t)
    py = pts[:, k:2 * k, 1]
    np.multiply(t, dY, out=py)
    py += Y
    pts[:, k:2 * k, 0] = L1
    ok[:, k:2 * k] = (in1[:, :-1] != in1[:, 1:]) & (py >= L2 - eps)
    t = (L2 - Y) / np.where(dY == 0.0, 1.0, dY)
    np.clip(t, 0.0, 1.0, out=t)
    px = pts[:, 2 * k:3 * k, 0]
    np.multiply(t, dX, out=px)
    px += X
    pts[:, 2 * k:3 * k, 1] = L2
    ok[:, 2 * k:3 * k] = (in2[:, :-1] != in2[:, 1:]) & (px >= L1 - eps)
    # corner (L1, L2): inside W iff left of (or within eps of) every edge
    pts[:, 3 * k] = L
    cross = dX * (L2 - Y) - dY * (L1 - X)
    ok[:, 3 * k] = (cross >= -eps * np.hypot(dX, dY)).all(axis=1)
    pts *= delta
    pts += (1.0 - delta) * U[:, None, :]
    ok = ok.ravel()
    return pts.reshape(-1, 2)[ok], np.flatnonzero(ok)


_OCTANTS = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [-1.0, 1.0],
                     [-1.0, 0.0], [-1.0, -1.0], [0.0, -1.0], [1.0, -1.0]])


def _hull_traced(pts: NDArray, slots: NDArray, eps: float) -> tuple[list[geo.Point], list[int]]:
    """``geo.convex_hull`` of the rows of ``pts`` and the slot of each hull vertex.

    Points strictly inside the polygon of the extreme points in eight directions (by more
    than ``4 eps``: they can be neither hull vertices nor merged with one) are dropped first
    (Akl-Toussaint); the hull itself is the exact one of :mod:`._polygon`.
    """
    if len(pts) > 48:
        ext = np.argmax(pts @ _OCTANTS.T, axis=0)
        ext = ext[np.r_[True, ext[1:] != ext[:-1]]]
        if len(ext) > 1 and ext[0] == ext[-1]:
            ext = ext[:-1]
        if len(ext) >= 3:
            Q = pts[ext]
            D = np.roll(Q, -1, axis=0) - Q
            rel = pts[:, None, :] - Q[None, :, :]
            cross = D[:, 0] * rel[..., 1] - D[:, 1] * rel[..., 0]
            inner = (cross > 4.0 * eps * np.hypot(D[:, 0], D[:, 1])).all(axis=1)
            inner[ext] = False
            keep = ~inner
            pts, slots = pts[keep], slots[keep]
    tup = list(map(tuple, pts.tolist()))
    origin = dict(zip(tup, slots.tolist(), strict=True))
    W = geo.convex_hull(tup, eps)
    return W, [origin[p] for p in W]


def _aps_step_small(W: list[geo.Point], prof: list, delta: float,
                    eps: float) -> tuple[list[geo.Point], list[int]]:
    """:func:`_aps_candidates` and :func:`_hull_traced` in plain Python (faster for
    small games, where NumPy's per-call overhead dominates); same candidates and slots."""
    k = len(W)
    xs = [p[0] for p in W]
    ys = [p[1] for p in W]
    wmin1, wmin2, wmax1, wmax2 = min(xs), min(ys), max(xs), max(ys)
    xn = xs[1:] + xs[:1]
    yn = ys[1:] + ys[:1]
    b = 1.0 - delta
    m = 3 * k + 1
    pts: list[geo.Point] = []
    slots: list[int] = []
    rng = range(k)
    elen: list[float] | None = None
    for a, (u1, u2, g1, g2) in enumerate(prof):
        L1 = wmin1 + g1
        L2 = wmin2 + g2
        if L1 > wmax1 + eps or L2 > wmax2 + eps:
            continue
        c1, c2 = b * u1, b * u2
        base = a * m
        if g1 <= 0.0 and g2 <= 0.0:
            pts.extend([(c1 + delta * x, c2 + delta * y) for x, y in W])
            slots.extend(range(base, base + k))
            continue
        T1, T2 = L1 - eps, L2 - eps
        in1 = [x >= T1 for x in xs]
        in2 = [y >= T2 for y in ys]
        in1n = in1[1:] + in1[:1]
        in2n = in2[1:] + in2[:1]
        for j in rng:
            x, y = xs[j], ys[j]
            i1, i2 = in1[j], in2[j]
            if i1 and i2:
                pts.append((c1 + delta * x, c2 + delta * y))
                slots.append(base + j)
            if i1 != in1n[j]:
                t = (x - L1) / (x - xn[j])
                t = 0.0 if t < 0.0 else (1.0 if t > 1.0 else t)
                yc = y + t * (yn[j] - y)
                if yc >= T2:
                    pts.append((c1 + delta * L1, c2 + delta * yc))
                    slots.append(base + k + j)
            if i2 != in2n[j]:
                t = (y - L2) / (y - yn[j])
                t = 0.0 if t < 0.0 else (1.0 if t > 1.0 else t)
                xc = x + t * (xn[j] - x)
                if xc >= T1:
                    pts.append((c1 + delta * xc, c2 + delta * L2))
                    slots.append(base + 2 * k + j)
        if g1 > 0.0 and g2 > 0.0 and k >= 3 and not (all(in1) or all(in2)):
            if elen is None:
                elen = [eps * math.hypot(xn[j] - xs[j], yn[j] - ys[j]) for j in rng]
            for j in rng:
                if (xn[j] - xs[j]) * (L2 - ys[j]) - (yn[j] - ys[j]) * (L1 - xs[j]) < -elen[j]:
                    break
            else:
                pts.append((c1 + delta * L1, c2 + delta * L2))
                slots.append(base + 3 * k)
    if not pts:
        return [], []
    origin = dict(zip(pts, slots, strict=True))
    H = geo.convex_hull(pts, eps)
    return H, [origin[p] for p in H]


def _aps_step_traced(W: list[geo.Point], pr: _Profiles, delta: float, eps: float,
                     trace: bool = True) -> tuple[list[geo.Point], list[int] | None]:
    """B(W) as :func:`_aps_step`, with the slot of each vertex (None for points and
    segments, and if ``trace`` is false: then the plain step is used)."""
    if len(W) < 3 or not trace:
        return _aps_step(W, pr.list, delta, eps), None
    if len(W) * len(pr.list) <= 200:
        return _aps_step_small(W, pr.list, delta, eps)
    pts, slots = _aps_candidates(np.array(W), *pr.arrays, delta, eps)
    if len(pts) == 0:
        return [], None
    return _hull_traced(pts, slots, eps)


def _dist_to_polygon(pts: NDArray, poly: NDArray) -> NDArray:
    """Distance from each row of ``pts`` to the convex polygon ``poly`` (>= 3 vertices, ccw)."""
    D = np.concatenate((poly[1:], poly[:1])) - poly
    rel = pts[:, None, :] - poly
    len2 = np.einsum("ij,ij->i", D, D)
    t = np.einsum("nij,ij->ni", rel, D) / np.where(len2 > 0, len2, 1.0)
    np.clip(t, 0.0, 1.0, out=t)
    Dx, Dy = D[:, 0], D[:, 1]
    rx, ry = rel[..., 0], rel[..., 1]
    d = np.hypot(rx - t * Dx, ry - t * Dy).min(axis=1)
    outside = (Dx * ry - Dy * rx < 0.0).any(axis=1)
    return np.where(outside, d, 0.0)


def _one_sided(P: list[geo.Point], Q: list[geo.Point]) -> float:
    """max over vertices p of P of dist(p, co Q) (the Hausdorff distance if Q is inside P)."""
    if not P:
        return 0.0
    if not Q:
        return math.inf
    if len(Q) < 3 or len(P) * len(Q) <= 36:
        return max(geo.point_distance(p, Q) for p in P)
    return float(_dist_to_polygon(np.array(P), np.array(Q)).max())


def _hausdorff_fast(P: list[geo.Point], Q: list[geo.Point]) -> float:
    if len(P) < 3 or len(Q) < 3 or len(P) * len(Q) <= 36:
        return geo.hausdorff(P, Q)
    return max(_one_sided(P, Q), _one_sided(Q, P))


def _recipes(slots: list[int], k: int, prof: list) -> list[tuple]:
    """Decode the slots of one traced step from a k-gon: (kind, p, q, u1, u2, gain1, gain2)."""
    m = 3 * k + 1
    rec = []
    for sl in slots:
        a, s = divmod(sl, m)
        kind = 0 if s < k else (1 if s < 2 * k else (2 if s < 3 * k else 3))
        e = s - k * kind if kind < 3 else 0
        rec.append((kind, e, (e + 1) % k, *prof[a]))
    return rec


def _structured_step(Vx: list[float], Vy: list[float], rec: list[tuple],
                     delta: float) -> tuple[list[float], list[float], NDArray] | None:
    """One step of B with its structure held fixed, and its Jacobian.

    ``F_j(V) = (1-delta) u(a_j) + delta g_j(V)`` with ``g_j`` a vertex of W, the corner
    ``(min w_1 + gain_1, min w_2 + gain_2)``, or the point where the edge ``(p, q)``
    crosses ``w_c = L = min w_c + gain_c``: ``t = (L - p_c) / (q_c - p_c)`` and the other
    coordinate ``p_o + t (q_o - p_o)``. Returns ``(Fx, Fy, dF/dV)`` (rows and columns
    ordered ``x_0, y_0, x_1, ...``) or None for a degenerate edge.
    """
    k = len(Vx)
    b = 1.0 - delta
    r1 = min(range(k), key=Vx.__getitem__)
    r2 = min(range(k), key=Vy.__getitem__)
    n = len(rec)
    J = np.zeros((2 * n, 2 * k))
    Fx = [0.0] * n
    Fy = [0.0] * n
    for j, (kind, p, q, u1, u2, g1, g2) in enumerate(rec):
        jx, jy = 2 * j, 2 * j + 1
        if kind == 0:
            gx, gy = Vx[p], Vy[p]
            J[jx, 2 * p] = 1.0
            J[jy, 2 * p + 1] = 1.0
        elif kind == 3:
            gx, gy = Vx[r1] + g1, Vy[r2] + g2
            J[jx, 2 * r1] = 1.0
            J[jy, 2 * r2 + 1] = 1.0
        else:
            if kind == 1:      # cut at w_1 = L: c = x, o = y
                Pc, Qc, Po, Qo, L, r, c = Vx[p], Vx[q], Vy[p], Vy[q], Vx[r1] + g1, r1, 0
            else:              # cut at w_2 = L: c = y, o = x
                Pc, Qc, Po, Qo, L, r, c = Vy[p], Vy[q], Vx[p], Vx[q], Vy[r2] + g2, r2, 1
            den = Qc - Pc
            if den == 0.0:
                return None
            t = (L - Pc) / den
            slope = (Qo - Po) / den
            go = Po + t * (Qo - Po)
            o = 1 - c
            jc, jo = (jx, jy) if c == 0 else (jy, jx)
            J[jc, 2 * r + c] += 1.0
            J[jo, 2 * r + c] += slope
            J[jo, 2 * p + c] -= slope * (1.0 - t)
            J[jo, 2 * q + c] -= slope * t
            J[jo, 2 * p + o] += 1.0 - t
            J[jo, 2 * q + o] += t
            gx, gy = (L, go) if c == 0 else (go, L)
        Fx[j] = b * u1 + delta * gx
        Fy[j] = b * u2 + delta * gy
    J *= delta
    return Fx, Fy, J


def _newton_fixed_point(V0: NDArray, steps: list[list[tuple]], delta: float,
                        scale: float) -> NDArray | None:
    """Solve ``V = F_r(...F_1(V))`` by Newton's method (``F_i``: :func:`_structured_step`).

    The structure of r consecutive steps of B, observed on the iterates, is held fixed;
    its composite maps a k-gon to a k-gon and is smooth, so Newton converges
    quadratically near a fixed point. Returns the vertices, or None on failure.
    """
    k = len(V0)
    Vx, Vy = V0[:, 0].tolist(), V0[:, 1].tolist()
    eye = np.eye(2 * k)
    step = math.inf
    for _ in range(16):
        X, Y, Jt = Vx, Vy, eye
        for rec in steps:
            out = _structured_step(X, Y, rec, delta)
            if out is None:
                return None
            X, Y, J = out
            Jt = J @ Jt
        R = np.empty(2 * k)
        R[0::2] = np.subtract(Vx, X)
        R[1::2] = np.subtract(Vy, Y)
        try:
            dV = np.linalg.solve(eye - Jt, R)
        except np.linalg.LinAlgError:
            return None
        step = float(np.abs(dV).max())
        if not math.isfinite(step) or step > 1e3 * scale:
            return None
        Vx = (np.array(Vx) - dV[0::2]).tolist()
        Vy = (np.array(Vy) - dV[1::2]).tolist()
        if step <= 1e-14 * scale:
            break
    if step > 1e-11 * scale:
        return None
    return np.column_stack((Vx, Vy))


def _canonical_start_traced(W: list[geo.Point], slots: list[int]) -> tuple[list[geo.Point], list[int]]:
    """:func:`_canonical_start` applied to ``W`` and, in step, to the slot of each vertex."""
    if len(W) < 2:
        return W, slots
    j = _start_index(W)
    return W[j:] + W[:j], slots[j:] + slots[:j]


def _verify_candidate(Wc: list[geo.Point], W: list[geo.Point], change: float, rho: float,
                      tol: float, pr: _Profiles, delta: float,
                      eps: float) -> tuple[list[geo.Point] | None, float, bool]:
    """Accept an extrapolated set ``Wc`` only if it is a fixed point of B within ``tol``.

    Guards: ``Wc`` lies inside the current iterate ``W`` (which contains V*), the jump
    from ``W`` is at most twice the tail ``change * rho / (1 - rho)`` of a geometric
    sequence, and ``d_H(Wc, B(Wc)) < tol``. Returns ``(B(Wc) or None, d_H, whether B
    was applied)``.
    """
    if not Wc or not W or _one_sided(Wc, W) > tol:
        return None, math.inf, False
    if _hausdorff_fast(Wc, W) > 2.0 * change * rho / (1.0 - rho) + tol:
        return None, math.inf, False
    Wc1, _ = _aps_step_traced(Wc, pr, delta, eps)
    if not Wc1:
        return None, math.inf, True
    d = _hausdorff_fast(Wc, Wc1)
    return (_canonical_start(Wc1) if d < tol else None), d, True


def aps_polygon(
    game: Any,
    delta: float | None = None,
    *,
    B: ArrayLike | None = None,
    tol: float = 1e-10,
    max_iter: int = 10_000,
    accelerate: bool = True,
    start: str = "minmax",
) -> PayoffSet:
    """Subgame-perfect payoff set with perfect monitoring by exact APS polygon iteration.

    Pure stage actions and public randomization (Abreu, Pearce & Stacchetti 1990).
    Starting from ``W_0 = co u(A)``, each step clips the current
    set by player i's incentive half-plane ``w_i >= (1-delta)/delta (maxdev_i(a) - u_i(a))
    + min_W w_i`` for every profile ``a``, maps it by ``w -> (1-delta) u(a) + delta w``,
    and takes the hull of the union. All geometry is exact in floating point with one
    tolerance (``eps = 1e-13`` times the payoff scale) and clamped edge parameters.

    Parameters
    ----------
    game : BimatrixGame, array_like or RepeatedGame-like
        The stage game (or the row player's payoff matrix ``A`` with ``B`` given), or an
        object with attributes ``stage`` and ``delta`` (its monitoring is ignored).
    delta : float, optional
        Discount factor in (0, 1) (taken from ``game.delta`` if omitted).
    B : array_like, optional
        Column player's payoffs when ``game`` is the matrix ``A``.
    tol : float
        Stop when the Hausdorff distance between successive sets is below ``tol``.
    max_iter : int
        Iteration cap (a :class:`ConvergenceWarning` is issued if reached).
    accelerate : bool
        Once one to three consecutive steps of ``B`` map a k-gon to a k-gon, hold their
        combinatorial structure fixed (which clipped vertex, edge crossing or corner of
        which profile gives each new vertex) and solve for the fixed point of that smooth
        map by Newton's method; while the structure keeps changing (or for segments), try
        an Aitken extrapolation of the vertices. A candidate is accepted only if it lies
        inside the current iterate (which contains ``V*``), is as close to it as the
        geometric tail of the iteration predicts, and ``B`` maps it onto itself within
        ``tol`` (``B(W) = W``: ``W`` is self-generating up to ``tol``); otherwise the plain
        iteration simply continues. ``options["acceleration"]`` records ``"newton"``,
        ``"aitken"`` or ``"none"``; ``accelerate=False`` gives the textbook iteration.
        An accepted candidate is self-generating, so it lies inside ``V*`` (up to ``tol``),
        and the last plain iterate contains ``V*``: ``V*`` is sandwiched between them, and
        ``options["outer_gap"]`` is the Hausdorff distance between the two (usually large,
        since acceleration stops the iteration early). That the candidate is ``V*`` itself
        and not a smaller fixed point of ``B`` rests on the distance guard, a heuristic
        checked in the tests against tight plain iterations on thousands of random games,
        not a proof; ``accelerate=False`` gives the plain iteration, whose own stopping
        rule (Hausdorff change below ``tol``) is the usual one.
    start : {"minmax", "hull"}
        Initial set: ``co u(A)`` cut to ``w_i >= min_{a_-i} max_{a_i} u_i`` (every
        pure-action SPE payoff is individually rational, and ``B`` maps this set into
        itself, so the iteration still decreases to ``V*``) or the whole hull
        ``co u(A)`` (the textbook start).

    Returns
    -------
    PayoffSet
        Vertices counterclockwise; ``kind`` is ``"point"``, ``"segment"``, ``"polygon"``
        or ``"empty"`` (no pure-action subgame-perfect equilibrium).

    Examples
    --------
    >>> S = aps_polygon([[9, 1], [10, 3]], 0.9, B=[[9, 10], [1, 3]])
    >>> S.vertices.round(6).tolist()
    [[3.0, 3.0], [9.75, 3.0], [9.0, 9.0], [3.0, 9.75]]
    >>> aps_polygon([[9, 1], [10, 3]], 0.2, B=[[9, 10], [1, 3]]).kind
    'segment'
    """
    A_, B_, delta, _ = _unpack(game, B, delta, None, need_pi=False)
    tol = check_scalar("tol", tol, Interval(0.0, math.inf, low_closed=False))
    max_iter = check_scalar("max_iter", max_iter, IntegerRange(1, None))
    start = check_scalar("start", start, Choice(("minmax", "hull")))
    prof = _profiles(A_, B_, delta)
    scale = max(1.0, float(np.abs(np.r_[A_.ravel(), B_.ravel()]).max()))
    eps = 1e-13 * scale
    W = geo.convex_hull([(p[0], p[1]) for p in prof], eps)
    if start == "minmax":
        # V* lies in {w_i >= pure minmax_i}; B maps this part of co u(A) into itself
        m1, m2 = float(A_.max(axis=0).min()), float(B_.max(axis=1).min())
        W = geo.convex_hull(geo.clip_lower(geo.clip_lower(W, 0, m1, eps), 1, m2, eps), eps)
    eps_x = 1e-9 * scale
    eps_out = min(max(eps, 10.0 * tol / (1.0 - delta)), 1e-7 * scale)
    pr = _Profiles(prof)
    history: list[tuple[int, list[geo.Point]]] = []
    last_try = last_newton = 0
    steps: list[tuple[int, list[int] | None]] = []
    tried: set = set()
    change = math.inf
    changes: list[float] = []
    converged = False
    accelerated: str | bool = False
    # for an accelerated result: distance from the last plain iterate (a superset of V*) to
    # the accepted candidate (self-generating, so inside V* up to tol); it bounds the error
    outer_gap: float | None = None
    it = 0
    while it < max_iter:
        # the structure is needed only near convergence (not on the first step)
        Wn, slots = _aps_step_traced(W, pr, delta, eps, trace=accelerate and it > 0)
        it += 1
        changes.append(change)
        # the iterates decrease (W_{k+1} inside W_k), so the Hausdorff distance is the
        # largest distance from a vertex of W_k to W_{k+1}
        change = _one_sided(W, Wn) if Wn else 0.0
        if slots is not None:
            Wn, slots = _canonical_start_traced(Wn, slots)
        n_in, W = len(W), Wn
        if not W:
            converged = True
            break
        if change < tol:
            converged = True
            break
        if not accelerate:
            continue
        c3 = [changes[-2], changes[-1], change] if len(changes) >= 2 else [math.inf] * 3
        ratios = [c3[1] / c3[0], c3[2] / c3[1]] if 0 < min(c3[:2]) < math.inf else [1.0, 1.0]
        rho = max(ratios)
        # Aitken extrapolates on cleaned copies (near-duplicate / collinear vertices merged
        # at eps_x, so that the vertex count and order are stable; W itself is untouched)
        if change <= 1e-3 * scale:
            history.append((it, geo.convex_hull(W, eps_x)))
            if len(history) > 3:
                history.pop(0)
        # Newton: once r <= 3 consecutive steps of B map a k-gon to a k-gon, hold their
        # structure fixed (which candidate gives which vertex), solve for the fixed point
        # of the composite, and accept it only if B maps it onto itself within tol, it lies
        # inside the current iterate (which contains V*) and it is as close as a geometric
        # tail predicts (B has smaller fixed points than V*: a candidate landing on one of
        # them must be refused). Each structure is tried once; failures back off.
        steps.append((n_in, slots))
        if len(steps) > 3:
            steps.pop(0)
        r = next((r for r in range(1, len(steps) + 1) if steps[-r][0] == len(W)
                  and all(sl is not None for _, sl in steps[-r:])), 0)
        key = tuple((n, tuple(sl)) for n, sl in steps[-r:]) if r else None
        if (r and key not in tried and rho < 1.0 and change <= 1e-2 * scale
                and it - last_newton >= (1 if len(tried) < 4 else 2 ** (len(tried) - 3))):
            tried.add(key)
            last_newton = it
            Vs = _newton_fixed_point(
                np.array(W), [_recipes(sl, n, prof) for n, sl in steps[-r:]], delta, scale)
            if Vs is not None:
                Wc = _canonical_start(geo.convex_hull(list(map(tuple, Vs.tolist())), eps))
                done, d, stepped = _verify_candidate(Wc, W, change, rho, tol, pr, delta, eps)
                it += stepped
                if done:
                    outer_gap = _one_sided(W, done)
                    W, change = done, d
                    converged, accelerated = True, "newton"
                    break
        # Aitken (e.g. while the structure keeps changing, or for segments): a geometric
        # tail with ratio rho moves W by change * rho / (1 - rho) in all; accept only jumps
        # consistent with that and a matching of vertices
        elif (len(history) == 3 and history[0][0] == it - 2 and it - last_try >= 3
                and len(history[0][1]) == len(history[1][1]) == len(history[2][1])):
            last_try = it
            X = [np.array(h) for _, h in history]
            if rho < 1.0 and abs(ratios[0] - ratios[1]) <= 0.05 * rho and _matched(X):
                cand = _aitken(*X)
                Wc = geo.convex_hull([(float(x), float(y)) for x, y in cand], eps)
                done, d, stepped = _verify_candidate(Wc, W, change, rho, tol, pr, delta, eps)
                it += stepped
                if done:
                    outer_gap = _one_sided(W, done)
                    W, change = done, d
                    converged, accelerated = True, "aitken"
                    break
    warns: list[str] = []
    if not converged:
        warns.append(not_converged(f"APS iteration stopped after {it} iterations with Hausdorff change "
                                   f"{change:.3g} > tol {tol:g}; raise `max_iter`"))
    # merge vertices closer than the attained accuracy (clusters of size ~tol/(1-delta)
    # left by a linearly converging iteration); never done inside the iteration
    W = _canonical_start(geo.convex_hull(W, eps_out))
    return PayoffSet(
        vertices=np.array(W, dtype=float).reshape(-1, 2),
        delta=delta,
        method="aps-polygon",
        iterations=it,
        converged=converged,
        hausdorff_change=float(change) if W else 0.0,
        tol=tol,
        options={"accelerate": accelerate, "accelerated": bool(accelerated),
                 "acceleration": accelerated or "none", "max_iter": max_iter,
                 "start": start, "outer_gap": outer_gap,
                 "eps": eps, "eps_out": eps_out},
        warnings=tuple(warns),
    )
