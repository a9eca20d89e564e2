"""Imperfect public monitoring: the Judd-Yeltekin-Conklin (2003) outer and inner hyperplane
approximations of the perfect-public-equilibrium payoff set with HiGHS linear programs
(:func:`jyc_outer`, :func:`jyc_inner`, :func:`jyc_bounds`), and :func:`equilibrium_payoffs`.

References
----------
Judd, Yeltekin & Conklin 2003, *Econometrica* 71(4):1239-1254.
Fudenberg, Levine & Maskin 1994, *Econometrica* 62:997-1039."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import linprog

from ..._validation import (
    IntegerRange,
    Interval,
    ParameterError,
    check_scalar,
)
from ...results import not_converged
from .. import _polygon as geo
from .aps import _canonical_start, aps_polygon
from .sets import PayoffSet, PayoffSetBounds, _unpack, perfect_monitoring_signals, unit_directions

# ---------------------------------------------------------------------------------------
# (b) Imperfect public monitoring: JYC hyperplane approximations with HiGHS LPs
# ---------------------------------------------------------------------------------------


@dataclass
class _PPEProblem:
    """Per-profile LP data for the public-monitoring APS operator.

    For profile ``a`` the variables are ``x = (w_1(y0), w_2(y0), w_1(y1), ...)`` and the
    incentive rows (one per unilateral deviation ``a' = (a_i', a_-i)``) read
    ``-(pi(.|a) - pi(.|a')) . w_i <= -(1-delta)/delta (u_i(a') - u_i(a))``.
    """

    u: NDArray          # (P, 2) stage payoffs of the profiles
    pi: NDArray         # (P, Y) signal distributions of the profiles
    ic: NDArray         # (P, D, 2Y) incentive rows
    ic_rhs: NDArray     # (P, D)
    labels: list        # (i, j) of each profile
    delta: float


def _ppe_problem(A: NDArray, B: NDArray, P_: NDArray, delta: float,
                 symmetric: bool) -> _PPEProblem:
    m, n, Y = P_.shape
    k = (1.0 - delta) / delta
    us, pis, ics, rhss, labels = [], [], [], [], []
    for i in range(m):
        for j in range(n):
            if symmetric and i != j:
                continue
            rows, rhs = [], []
            for i2 in range(m):       # row player's deviations
                if i2 == i:
                    continue
                r = np.zeros(2 * Y)
                r[0::2] = -(P_[i, j] - P_[i2, j])
                rows.append(r)
                rhs.append(-k * (A[i2, j] - A[i, j]))
            for j2 in range(n):       # column player's deviations
                if j2 == j:
                    continue
                r = np.zeros(2 * Y)
                r[1::2] = -(P_[i, j] - P_[i, j2])
                rows.append(r)
                rhs.append(-k * (B[i, j2] - B[i, j]))
            us.append((A[i, j], B[i, j]))
            pis.append(P_[i, j])
            ics.append(np.array(rows).reshape(-1, 2 * Y))
            rhss.append(np.array(rhs))
            labels.append((i, j))
    D = max(len(r) for r in rhss)
    ic = np.zeros((len(us), D, 2 * Y))
    ic_rhs = np.full((len(us), D), 1.0)   # padding rows 0 <= 1 never bind
    for p, (r, b) in enumerate(zip(ics, rhss, strict=True)):
        ic[p, : len(b)] = r
        ic_rhs[p, : len(b)] = b
    return _PPEProblem(np.array(us, float), np.array(pis, float), ic, ic_rhs, labels, delta)


class _SupportLP:
    """Batched support-function LPs ``max_{w(y) in W, IC} h_l . sum_y pi(y|a) w(y)``.

    ``W = {w : G w <= g}``. All (profile, direction) LPs share the constraint matrix of
    their profile; they are solved by HiGHS (``scipy.optimize.linprog``), stacked
    block-diagonally per profile. The optimal bases of the previous call are re-used
    (row indices carried over to the facet with the nearest normal when ``G`` changes):
    each is re-solved as a square linear system, batched in numpy, and accepted only if
    it is primal and dual feasible (so the result is the LP optimum); the remaining LPs
    go to HiGHS.
    """

    def __init__(self, prob: _PPEProblem, H: NDArray, scale: float):
        self.prob = prob
        self.H = H
        self.scale = scale
        Pn, Y = prob.pi.shape
        self.Y = Y
        # objective per (profile, direction): kron(pi_a, h_l)
        self.obj = (prob.pi[:, None, :, None] * H[None, :, None, :]).reshape(Pn, len(H), 2 * Y)
        self.active: NDArray | None = None   # (P, L, 2Y) row indices of the last bases
        self.G_prev: NDArray | None = None
        self.feasible = np.ones(Pn, dtype=bool)
        self.checked = np.zeros(Pn, dtype=bool)     # feasibility established by HiGHS
        self.num_lp = 0
        self.num_warm = 0

    def _matrices(self, G: NDArray, g: NDArray) -> tuple[NDArray, NDArray]:
        """Constraint matrices (P, R, 2Y) and right-hand sides (P, R)."""
        Y = self.Y
        Gy = np.kron(np.eye(Y), G)                       # (Y*K, 2Y)
        gy = np.tile(g, Y)
        Pn = self.prob.pi.shape[0]
        Amat = np.concatenate([np.broadcast_to(Gy, (Pn, *Gy.shape)), self.prob.ic], axis=1)
        bvec = np.concatenate([np.broadcast_to(gy, (Pn, gy.size)), self.prob.ic_rhs], axis=1)
        return Amat, bvec

    def solve(self, G: NDArray, g: NDArray, warm: bool) -> tuple[NDArray, NDArray]:
        """Optimal values (P, L) (-inf if the profile is infeasible) and maximisers (P, L, 2Y)."""
        Amat, bvec = self._matrices(G, g)
        Pn, L, nv = self.obj.shape
        vals = np.full((Pn, L), -np.inf)
        X = np.full((Pn, L, nv), np.nan)
        todo = np.zeros((Pn, L), dtype=bool)
        todo[self.feasible] = True
        ptol = 1e-9 * self.scale
        if warm and self.active is not None and self.G_prev is not None:
            S = self.active
            if self.G_prev.shape != G.shape or not np.array_equal(self.G_prev, G):
                S = self._map_rows(S, self.G_prev, G)
                self.active = S
            idx = np.arange(Pn)[:, None, None]
            M = Amat[idx, S]                            # (P, L, nv, nv)
            rhs = bvec[idx, S]                          # (P, L, nv)
            with np.errstate(all="ignore"):
                ok = np.abs(np.linalg.det(M)) > 1e-12
                Msafe = np.where(ok[..., None, None], M, np.eye(nv))
                x = np.linalg.solve(Msafe, rhs[..., None])[..., 0]
                lam = np.linalg.solve(np.swapaxes(Msafe, -1, -2), self.obj[..., None])[..., 0]
                slack = bvec[:, None, :] - np.einsum("prv,plv->plr", Amat, x)
            good = ok & (slack.min(axis=2) >= -ptol) & (lam.min(axis=2) >= -1e-9) & todo
            vals[good] = np.einsum("plv,plv->pl", self.obj, x)[good]
            X[good] = x[good]
            todo &= ~good
            self.num_warm += int(good.sum())
        else:
            self.active = np.zeros((Pn, L, nv), dtype=int)
        if self.active is None:
            self.active = np.zeros((Pn, L, nv), dtype=int)
        self.G_prev = G.copy()
        rows = np.flatnonzero(todo.any(axis=1))
        if len(rows) > 1 and self.checked.all():
            # every profile's feasibility is known: one HiGHS call for all remaining LPs
            pl = np.argwhere(todo)
            res_all = self._stacked_many(Amat, bvec, pl)
            if res_all is not None:
                xs, margs = res_all
                self.num_lp += len(pl)
                for t, (p, l) in enumerate(pl):
                    vals[p, l] = self.obj[p, l] @ xs[t]
                    X[p, l] = xs[t]
                    self.active[p, l] = _basis(Amat[p], bvec[p], xs[t], margs[t], ptol)
                return vals, X
        for p in rows:
            ls = np.flatnonzero(todo[p])
            self.checked[p] = True
            res = self._stacked(Amat[p], bvec[p], self.obj[p, ls])
            self.num_lp += len(ls)
            if res is None:
                self.feasible[p] = False
                continue
            xs, marg = res
            for t, l in enumerate(ls):
                vals[p, l] = self.obj[p, l] @ xs[t]
                X[p, l] = xs[t]
                self.active[p, l] = _basis(Amat[p], bvec[p], xs[t], marg[t], ptol)
        return vals, X

    def _map_rows(self, S: NDArray, G_old: NDArray, G_new: NDArray) -> NDArray:
        """Carry basis row indices over to a new ``G``: each old facet row goes to the new
        facet with the closest normal; incentive rows keep their place after the facets."""
        Y = self.Y
        K0, K1 = len(G_old), len(G_new)
        nearest = np.argmax(G_old @ G_new.T, axis=1)            # (K0,)
        y, k = np.divmod(S, K0)
        facet = S < Y * K0
        out = np.where(facet, y * K1 + nearest[np.minimum(k, K0 - 1)], S - Y * K0 + Y * K1)
        return out

    def _stacked_many(self, Amat: NDArray, bvec: NDArray,
                      pl: NDArray) -> tuple[NDArray, list[NDArray]] | None:
        """Like :meth:`_stacked` for (profile, direction) pairs of several profiles."""
        from scipy import sparse
        nv = self.obj.shape[2]
        res = linprog(
            -np.concatenate([self.obj[p, l] for p, l in pl]),
            A_ub=sparse.block_diag([Amat[p] for p, _ in pl], format="csr"),
            b_ub=np.concatenate([bvec[p] for p, _ in pl]),
            bounds=(None, None),
            method="highs",
        )
        if res.status != 0:      # e.g. a profile became infeasible: per-profile path
            return None
        R = Amat.shape[1]
        marg = res.ineqlin.marginals.reshape(len(pl), R)
        return res.x.reshape(len(pl), nv), list(marg)

    @staticmethod
    def _stacked(Am: NDArray, bv: NDArray, objs: NDArray) -> tuple[NDArray, NDArray] | None:
        """Solve max obj_t . x s.t. Am x <= bv for every row of ``objs`` in one HiGHS call."""
        from scipy import sparse
        T, nv = objs.shape
        R = Am.shape[0]
        res = linprog(
            -objs.ravel(),
            A_ub=sparse.kron(sparse.eye(T), sparse.csr_matrix(Am), format="csr"),
            b_ub=np.tile(bv, T),
            bounds=(None, None),
            method="highs",
        )
        if res.status == 2:
            return None
        if res.status != 0:
            raise RuntimeError(f"HiGHS failed on a payoff-set LP: {res.message}")
        return res.x.reshape(T, nv), res.ineqlin.marginals.reshape(T, R)


def _basis(Am: NDArray, bv: NDArray, x: NDArray, marg: NDArray, ptol: float) -> NDArray:
    """Row indices of a square, non-singular set of tight constraints at ``x`` (a basis guess)."""
    nv = Am.shape[1]
    slack = bv - Am @ x
    tight = np.flatnonzero(slack <= 1e3 * ptol)
    order = tight[np.lexsort((slack[tight], -np.abs(marg[tight])))]
    chosen: list[int] = []
    Q: list[NDArray] = []          # Gram-Schmidt basis of the chosen rows
    for r in order:
        v = Am[r].astype(float)
        nrm = np.linalg.norm(v)
        if nrm == 0.0:
            continue
        v = v / nrm
        for q in Q:
            v = v - (q @ v) * q
        res = np.linalg.norm(v)
        if res > 1e-8:
            Q.append(v / res)
            chosen.append(int(r))
            if len(chosen) == nv:
                break
    while len(chosen) < nv:       # degenerate: pad (the warm check will then fail)
        chosen.append(0)
    return np.array(chosen)


def _scale_of(A: NDArray, B: NDArray) -> float:
    return max(1.0, float(np.abs(np.r_[A.ravel(), B.ravel()]).max()))


def _directions_arg(directions: int | ArrayLike, facet_normals: ArrayLike | None) -> NDArray:
    if isinstance(directions, int | np.integer) and not isinstance(directions, bool):
        return unit_directions(int(directions), facet_normals)
    H = np.asarray(directions, dtype=float)
    if H.ndim != 2 or H.shape[1] != 2 or len(H) < 3 or not np.isfinite(H).all():
        raise ParameterError("directions", H.shape, "an integer >= 3 or an array of shape (L, 2), L >= 3")
    nrm = np.linalg.norm(H, axis=1)
    if (nrm == 0).any():
        raise ParameterError("directions", H, "non-zero direction vectors")
    H = H / nrm[:, None]
    # the directions must positively span the plane, else {H w <= c} is unbounded
    ang = np.sort(np.mod(np.arctan2(H[:, 1], H[:, 0]), 2 * np.pi))
    gaps = np.diff(np.r_[ang, ang[0] + 2 * np.pi])
    if gaps.max() >= np.pi - 1e-12:
        raise ParameterError("directions", H, "directions whose angular gaps are all < pi",
                             "otherwise the hyperplane approximation is unbounded")
    return _sorted(H)


def _sorted(H: NDArray) -> NDArray:
    ang = np.mod(np.arctan2(H[:, 1], H[:, 0]), 2 * np.pi)
    return H[np.argsort(ang, kind="stable")]


def _polygon_of(H: NDArray, c: NDArray, scale: float) -> list[geo.Point]:
    box = 10.0 * scale + float(np.abs(c).max())
    Hl = [(float(a), float(b)) for a, b in H]
    return geo.halfplane_polygon(Hl, [float(x) for x in c], box, 1e-13 * scale)


def _hrep(Z: list[geo.Point]) -> tuple[NDArray, NDArray]:
    """Half-plane description ``G w <= g`` of the convex set co(Z) (points, segments too)."""
    if len(Z) == 1:
        (x, y), = Z
        return np.array([[1.0, 0], [-1, 0], [0, 1], [0, -1]]), np.array([x, -x, y, -y])
    if len(Z) == 2:
        a, b = np.array(Z[0]), np.array(Z[1])
        d = (b - a) / np.linalg.norm(b - a)
        nrm = np.array([-d[1], d[0]])
        G = np.array([nrm, -nrm, d, -d])
        return G, np.array([nrm @ a, -nrm @ a, d @ b, -d @ a])
    V = np.array(Z)
    E = np.roll(V, -1, axis=0) - V
    N = np.c_[E[:, 1], -E[:, 0]]                       # outward for counterclockwise order
    N /= np.linalg.norm(N, axis=1)[:, None]
    return N, np.einsum("kd,kd->k", N, V)


def _check_symmetric(A: NDArray, B: NDArray, P_: NDArray) -> None:
    if A.shape[0] != A.shape[1] or not np.allclose(A, B.T, atol=1e-12):
        raise ParameterError("symmetric", True, "a symmetric stage game (B = A transposed)",
                             "strongly symmetric equilibria need a symmetric game")
    if not np.allclose(P_, np.swapaxes(P_, 0, 1), atol=1e-12):
        raise ParameterError("symmetric", True, "symmetric monitoring pi[i, j] = pi[j, i]",
                             "strongly symmetric equilibria need signals that treat the players alike")


def _sse_interval(prob: _PPEProblem, lo: float, hi: float,
                  feasible: list[int] | None = None) -> tuple[float, float] | None:
    """Exact APS step in one dimension: the SSE payoffs generated by [lo, hi].

    Two LPs (max and min of sum_y pi(y|a) w(y)) per symmetric profile, with
    ``w_1(y) = w_2(y) = w(y)`` in [lo, hi]; when the list of ``feasible`` profiles is known
    (the intervals decrease, so infeasible profiles stay infeasible) all of them are
    solved in one block-diagonal HiGHS call. ``feasible`` is updated in place.
    """
    from scipy import sparse
    delta = prob.delta
    Y = prob.pi.shape[1]
    Pn = len(prob.labels)
    # w_1(y) = w_2(y) = w(y): fold both players' incentive rows onto w(y)
    Aubs = [prob.ic[p][:, 0::2] + prob.ic[p][:, 1::2] for p in range(Pn)]
    if feasible:
        blocks = [(p, sgn) for p in feasible for sgn in (-1.0, 1.0)]
        res = linprog(np.concatenate([sgn * prob.pi[p] for p, sgn in blocks]),
                      A_ub=sparse.block_diag([Aubs[p] for p, _ in blocks], format="csr"),
                      b_ub=np.concatenate([prob.ic_rhs[p] for p, _ in blocks]),
                      bounds=[(lo, hi)] * (Y * len(blocks)), method="highs")
        if res.status == 0:
            X = res.x.reshape(len(blocks), Y)
            vals = [(1 - delta) * prob.u[p, 0] + delta * float(prob.pi[p] @ x)
                    for (p, _), x in zip(blocks, X, strict=True)]
            return min(vals[1::2]), max(vals[0::2])
    best_hi, best_lo = -np.inf, np.inf
    ok: list[int] = []
    for p in (feasible if feasible else range(Pn)):
        for sign in (-1.0, 1.0):
            res = linprog(sign * prob.pi[p], A_ub=Aubs[p], b_ub=prob.ic_rhs[p],
                          bounds=[(lo, hi)] * Y, method="highs")
            if res.status == 2:
                break
            if res.status != 0:
                raise RuntimeError(f"HiGHS failed on an SSE LP: {res.message}")
            v = (1 - delta) * prob.u[p, 0] + delta * float(prob.pi[p] @ res.x)
            if sign < 0:
                best_hi = max(best_hi, v)
                ok.append(p)
            else:
                best_lo = min(best_lo, v)
    if feasible is not None:
        feasible[:] = ok
    if best_hi == -np.inf:
        return None
    return best_lo, best_hi


def _sse(A: NDArray, B: NDArray, P_: NDArray, delta: float, tol: float,
         max_iter: int) -> tuple[PayoffSet, PayoffSet]:
    prob = _ppe_problem(A, B, P_, delta, symmetric=True)
    diag = A.diagonal()
    lo, hi = float(diag.min()), float(diag.max())
    change, it, converged = math.inf, 0, False
    cur: tuple[float, float] | None = (lo, hi)
    prev = cur
    feasible: list[int] = []
    while it < max_iter and cur is not None:
        prev = cur
        cur = _sse_interval(prob, *cur, feasible=feasible)
        it += 1
        if cur is None:
            converged, change = True, 0.0
            break
        change = math.sqrt(2) * max(abs(cur[0] - prev[0]), abs(cur[1] - prev[1]))
        if change < tol:
            converged = True
            break

    # Inner: an interval I with I inside B(I) is self-generating (APS), hence inside V_SSE.
    # Certify the last iterate, pulling its ends in by growing multiples of the last change.
    inner_iv: tuple[float, float] | None = None
    resid = math.inf
    if cur is not None:
        img0 = _sse_interval(prob, *cur)
        move_lo = img0 is None or img0[0] > cur[0]
        move_hi = img0 is None or img0[1] < cur[1]
        for s in (0.0, 1.0, 10.0, 100.0, 1e3, 1e4):
            pull = s * max(change, tol)
            lo_i = cur[0] + (pull if move_lo else 0.0)
            hi_i = cur[1] - (pull if move_hi else 0.0)
            if hi_i < lo_i:
                lo_i = hi_i = 0.5 * (cur[0] + cur[1])
            img = _sse_interval(prob, lo_i, hi_i)
            if img is not None:
                resid = float(max(img[0] - lo_i, hi_i - img[1], 0.0))
                if resid <= 1e-9 * _scale_of(A, B):
                    inner_iv = (lo_i, hi_i)
                    break

    def seg(iv: tuple[float, float] | None, method: str, iters: int, ok: bool,
            extra: dict) -> PayoffSet:
        if iv is None:
            V = np.zeros((0, 2))
        elif iv[1] - iv[0] <= 10 * tol * _scale_of(A, B):    # collapsed to a point
            V = np.array([[iv[0], iv[0]]])
        else:
            V = np.array([[iv[0], iv[0]], [iv[1], iv[1]]])
        return PayoffSet(V, delta, method, iters, ok, change, tol,
                         options={"symmetric": True, "max_iter": max_iter, **extra})
    notes: tuple[str, ...] = ()
    if cur is not None and inner_iv is None:
        notes = (not_converged(f"could not certify an inner SSE interval (residual {resid:.3g})", stacklevel=4),)
    inner = seg(inner_iv, "jyc-inner-sse", it, converged and (cur is None or inner_iv is not None),
                {"self_generating": inner_iv is not None or cur is None, "generation_residual": resid})
    if notes:
        inner = dataclasses.replace(inner, warnings=notes)
    # every iterate of the exact 1-d APS iteration contains V_SSE: the last one is the outer set
    outer = seg(cur, "jyc-outer-sse", it, converged, {})
    return inner, outer


def _generation_residual(prob: _PPEProblem, G: NDArray, g: NDArray, z: NDArray) -> float:
    """L1 distance from ``z`` to B(W), W = {G w <= g}, by one LP (0 iff z in B(W)).

    B(W) = co of the per-profile sets, so z in B(W) iff z = sum_p mu_p v_p with
    v_p in B_p(W); substituting x'_p = mu_p x_p makes the conditions linear.
    """
    from scipy import sparse
    Pn, Y = prob.pi.shape
    nv = 2 * Y
    delta = prob.delta
    Gy = np.kron(np.eye(Y), G)
    gy = np.tile(g, Y)
    blocks_ub, rows_eq = [], []
    for p in range(Pn):
        Ap = np.vstack([Gy, prob.ic[p]])
        bp = np.r_[gy, prob.ic_rhs[p]]
        blocks_ub.append(np.c_[Ap, -bp[:, None]])          # A x' - b mu <= 0
        # payoff rows: (1-delta) u_p mu + delta sum_y pi_p(y) w'(y)
        E = np.zeros((2, nv + 1))
        E[0, 0:nv:2] = delta * prob.pi[p]
        E[1, 1:nv:2] = delta * prob.pi[p]
        E[:, nv] = (1 - delta) * prob.u[p]
        rows_eq.append(E)
    Aub = sparse.block_diag(blocks_ub, format="csr")
    Aub = sparse.hstack([Aub, sparse.csr_matrix((Aub.shape[0], 4))], format="csr")
    nx = Pn * (nv + 1)
    Aeq = np.zeros((3, nx + 4))
    for p in range(Pn):
        Aeq[0:2, p * (nv + 1):(p + 1) * (nv + 1)] = rows_eq[p]
        Aeq[2, p * (nv + 1) + nv] = 1.0
    Aeq[0, nx:nx + 2] = [1.0, -1.0]
    Aeq[1, nx + 2:nx + 4] = [1.0, -1.0]
    bounds = []
    for _ in range(Pn):
        bounds += [(None, None)] * nv + [(0, None)]
    bounds += [(0, None)] * 4
    cost = np.r_[np.zeros(nx), np.ones(4)]
    res = linprog(cost, A_ub=Aub, b_ub=np.zeros(Aub.shape[0]), A_eq=Aeq,
                  b_eq=np.r_[z, 1.0], bounds=bounds, method="highs")
    if res.status == 2:
        return math.inf
    if res.status != 0:
        raise RuntimeError(f"HiGHS failed on a self-generation LP: {res.message}")
    return float(res.fun)


def _outer_iteration(prob: _PPEProblem, H: NDArray, scale: float, tol: float,
                     max_iter: int) -> tuple[NDArray, int, bool, float, _SupportLP]:
    """JYC Algorithm 1: c_l <- max_a [(1-delta) h_l.u(a) + delta max_w h_l.E_a w]."""
    delta = prob.delta
    lp = _SupportLP(prob, H, scale)
    base = (1 - delta) * (prob.u @ H.T)                         # (P, L)
    c = (prob.u @ H.T).max(axis=0)                              # W0 = {H w <= max_a h.u(a)}
    change, it, converged = math.inf, 0, False
    while it < max_iter:
        vals, _ = lp.solve(H, c, warm=True)
        it += 1
        if not lp.feasible.any():
            return np.full_like(c, -np.inf), it, True, 0.0, lp
        cn = (base + delta * vals).max(axis=0)
        cn = np.minimum(cn, c)       # monotone: B(W) is inside W, guard round-off
        change = float(np.abs(cn - c).max())
        c = cn
        if change < tol:
            converged = True
            break
    return c, it, converged, change, lp


def _inner_iteration(prob: _PPEProblem, H: NDArray, Z: list[geo.Point], scale: float,
                     tol: float, max_iter: int, mode: str = "shrink") -> tuple[list[geo.Point], int, float, _SupportLP]:
    """JYC Algorithm 3: Z <- {argmax_l}, the maximisers of the LPs over co(Z).

    ``mode="shrink"`` intersects the new hull with the current one (a decreasing sequence
    whose limit is self-generating; plain Algorithm 3 can cycle with finitely many
    directions); ``mode="grow"`` takes the hull of the union (an increasing sequence that
    stays self-generating when started from a self-generating set).
    """
    delta = prob.delta
    eps = 1e-13 * scale
    change, it = math.inf, 0
    # Each direction is used twice, tilted by +-1e-6 radians, so that when a whole facet
    # of B(co Z) is optimal both of its end points enter Z (an arbitrary point of the
    # facet would cut corners off the inner set and make the iteration cycle).
    perp = np.c_[-H[:, 1], H[:, 0]]
    H = np.vstack([H + 1e-6 * perp, H - 1e-6 * perp])
    H /= np.linalg.norm(H, axis=1)[:, None]
    lp = _SupportLP(prob, H, scale)
    while it < max_iter and Z:
        G, g = _hrep(Z)
        # bases are re-used when co(Z) keeps its number of edges (checked for optimality)
        vals, X = lp.solve(G, g, warm=True)
        it += 1
        if not lp.feasible.any():
            return [], it, 0.0, lp
        tot = (1 - delta) * (prob.u @ H.T) + delta * vals        # (P, L)
        best = tot.argmax(axis=0)
        pts = []
        Y = prob.pi.shape[1]
        for l, p in enumerate(best):
            x = X[p, l].reshape(Y, 2)
            v = (1 - delta) * prob.u[p] + delta * (prob.pi[p] @ x)
            pts.append((float(v[0]), float(v[1])))
        if mode == "grow":
            Zn = geo.convex_hull(pts + list(Z), eps)
        else:
            hull = geo.convex_hull(pts, eps)
            Zn = hull
            for gl, cl in zip(G, g, strict=True):     # thin sets: clip with the merge tolerance
                Zn = geo.clip_halfplane(Zn, (float(gl[0]), float(gl[1])), float(cl), 1e-9 * scale)
            Zn = geo.convex_hull(Zn, eps) if Zn else hull
        change = geo.hausdorff(Z, Zn)
        Z = Zn
        if change < tol:
            break
    return Z, it, change, lp


def _jyc_inputs(game: Any, B: ArrayLike | None, delta: float | None, pi: ArrayLike | None, tol: float,
                max_iter: int) -> tuple[NDArray, NDArray, float, NDArray, float, int]:
    """The validated inputs of :func:`jyc_outer` and :func:`jyc_bounds`: ``A, B, delta, pi`` (perfect
    monitoring, ``Y = A``, when no ``pi`` is given or found on ``game``), ``tol`` and ``max_iter``."""
    A_, B_, delta_, P_ = _unpack(game, B, delta, pi, need_pi=False)
    if P_ is None:
        P_ = perfect_monitoring_signals(A_.shape)
    tol = check_scalar("tol", tol, Interval(0.0, math.inf, low_closed=False))
    max_iter = check_scalar("max_iter", max_iter, IntegerRange(1, None))
    return A_, B_, delta_, P_, tol, max_iter


def jyc_outer(
    game: Any,
    delta: float | None = None,
    pi: ArrayLike | None = None,
    *,
    B: ArrayLike | None = None,
    directions: int | ArrayLike = 64,
    facet_normals: ArrayLike | None = None,
    tol: float = 1e-8,
    max_iter: int = 5_000,
) -> PayoffSet:
    """Outer hyperplane approximation of the PPE payoff set (JYC 2003, Algorithm 1).

    Keeps ``W = {w : H w <= c}`` with fixed unit directions ``H`` and updates
    ``c_l = max_a [(1-delta) h_l . u(a) + delta max { h_l . sum_y pi(y|a) w(y) }]`` over
    ``w(y) in W`` and the incentive constraints of every unilateral deviation (one LP per
    direction and profile, HiGHS; profiles whose LP is infeasible are skipped). The
    result contains the PPE payoff set (pure actions, public randomization).

    Parameters
    ----------
    game, delta, B
        As in :func:`aps_polygon`; ``game`` may be a RepeatedGame-like object whose
        ``monitoring`` (an array, or an object with ``distribution``) supplies ``pi``.
    pi : array_like, shape (m, n, |Y|)
        Public monitoring ``pi[i, j, y] = p(y | a = (i, j))``. If omitted, perfect
        monitoring (``Y = A``) is used.
    directions : int or array_like (L, 2)
        Number of equally spaced unit directions (angles ``2 pi l / L`` from 0) or the
        directions themselves.
    facet_normals : array_like (k, 2), optional
        Extra directions, e.g. known facet normals (makes the approximation exact on
        those facets).
    tol : float
        Stop when ``max_l |c_l^{new} - c_l| < tol``.
    """
    A_, B_, delta, P_, tol, max_iter = _jyc_inputs(game, B, delta, pi, tol, max_iter)
    H = _directions_arg(directions, facet_normals)
    return _jyc(A_, B_, P_, delta, H, tol, max_iter, inner=False)[1]


def jyc_inner(game: Any, delta: float | None = None, pi: ArrayLike | None = None, **options: Any) -> PayoffSet:
    """Inner approximation of the PPE payoff set (JYC 2003, Algorithm 3).

    Starts from the vertices of the outer approximation (:func:`jyc_outer`) and replaces
    the point set ``Z`` by the LP maximisers over ``co(Z)`` in every direction until it
    stops changing. The result is then certified self-generating: every vertex ``z`` is
    checked to lie in ``B(co Z)`` by one LP (``options['generation_residual']``, the
    largest L1 distance, 0 up to LP tolerance), so ``co Z`` lies inside the PPE set
    (APS 1990, self-generation). The ``inner`` set of :func:`jyc_bounds`.

    Parameters
    ----------
    game, delta, pi
        As in :func:`jyc_bounds`.
    **options
        ``B``, ``directions``, ``facet_normals``, ``symmetric``, ``tol``, ``max_iter``: as in
        :func:`jyc_bounds`.

    Returns
    -------
    PayoffSet
    """
    return jyc_bounds(game, delta, pi, **options).inner


def jyc_bounds(
    game: Any,
    delta: float | None = None,
    pi: ArrayLike | None = None,
    *,
    B: ArrayLike | None = None,
    directions: int | ArrayLike = 64,
    facet_normals: ArrayLike | None = None,
    symmetric: bool = False,
    tol: float = 1e-8,
    max_iter: int = 5_000,
) -> PayoffSetBounds:
    """Inner and outer approximations of the PPE payoff set with their Hausdorff gap.

    ``symmetric=True`` computes strongly symmetric equilibria (symmetric profiles,
    ``w_1(y) = w_2(y)``; needs a symmetric game and monitoring): the set is a segment of
    the diagonal and each APS step is exact in one dimension (two LPs per profile), so
    ``directions`` is not used. See :func:`jyc_outer` and :func:`jyc_inner` (Judd, Yeltekin
    & Conklin 2003).

    Parameters
    ----------
    game, delta, B
        As in :func:`aps_polygon`; ``game`` may be a RepeatedGame-like object whose
        ``monitoring`` supplies ``pi``.
    pi : array_like, shape (m, n, n_signals), optional
        Public monitoring ``pi[i, j, y] = p(y | a = (i, j))`` (default: perfect monitoring).
    directions : int or array_like (L, 2), default 64
        Number of equally spaced unit directions, or the directions themselves.
    facet_normals : array_like (k, 2), optional
        Extra directions, e.g. known facet normals.
    symmetric : bool, default False
        Strongly symmetric equilibria only (a segment of the diagonal, exact steps).
    tol : float, default 1e-8
        Stop when the support values change by less than ``tol``.
    max_iter : int, default 5000
        Most iterations.

    Returns
    -------
    PayoffSetBounds
        ``inner`` and ``outer`` sets and the Hausdorff distance between them.

    Examples
    --------
    >>> A = [[2, -1], [3, 0]]
    >>> p, q, r = 0.9, 0.5, 0.2
    >>> pi = [[[p, 1 - p], [q, 1 - q]], [[q, 1 - q], [r, 1 - r]]]
    >>> sse = jyc_bounds(A, 0.9, pi, B=[[2, 3], [-1, 0]], symmetric=True)
    >>> sse.outer.vertices.round(6).tolist()     # Mailath-Samuelson: [0, 2 - (1-p)/(p-q)]
    [[0.0, 0.0], [1.75, 1.75]]
    """
    A_, B_, delta, P_, tol, max_iter = _jyc_inputs(game, B, delta, pi, tol, max_iter)
    if not isinstance(symmetric, bool | np.bool_):
        raise TypeError(f"`symmetric` must be a bool (got {symmetric!r})")
    if symmetric:
        _check_symmetric(A_, B_, P_)
        inner, outer = _sse(A_, B_, P_, delta, tol, max_iter)
        return PayoffSetBounds(inner, outer, inner.hausdorff(outer) if inner.kind != "empty" else math.inf)
    H = _directions_arg(directions, facet_normals)
    inner_opt, outer = _jyc(A_, B_, P_, delta, H, tol, max_iter, inner=True)
    inner = inner_opt if inner_opt is not None else PayoffSet(np.zeros((0, 2)), delta, "jyc-inner", 0, False, math.inf, tol)
    gap = inner.hausdorff(outer) if inner.kind != "empty" and outer.kind != "empty" else (
        0.0 if inner.kind == outer.kind == "empty" else math.inf)
    return PayoffSetBounds(inner, outer, gap)


def _jyc(A: NDArray, B: NDArray, P_: NDArray, delta: float, H: NDArray, tol: float,
         max_iter: int, inner: bool) -> tuple[PayoffSet | None, PayoffSet]:
    scale = _scale_of(A, B)
    prob = _ppe_problem(A, B, P_, delta, symmetric=False)
    c, it, conv, change, lp = _outer_iteration(prob, H, scale, tol, max_iter)
    Wout = [] if not np.isfinite(c).all() else _canonical_start(
        geo.convex_hull(_polygon_of(H, c, scale), 1e-9 * scale))
    warns: list[str] = []
    if not conv:
        warns.append(not_converged(f"JYC outer iteration stopped after {it} iterations (change {change:.3g} > "
                                   f"tol {tol:g}); raise `max_iter`", stacklevel=4))
    opts = {"directions": len(H), "signals": P_.shape[2], "max_iter": max_iter,
            "lp_solves": lp.num_lp, "warm_solves": lp.num_warm}
    outer = PayoffSet(np.array(Wout).reshape(-1, 2), delta, "jyc-outer", it, conv, change,
                      tol, options=opts, warnings=tuple(warns))
    if not inner:
        return None, outer
    if not Wout:
        return PayoffSet(np.zeros((0, 2)), delta, "jyc-inner", 0, True, 0.0, tol), outer
    # Stage 1, JYC Algorithm 3 from the outer vertices, intersected with the current set
    # (decreasing, so it cannot cycle); stage 2, certify co(Z) self-generating; stage 3, grow it
    # monotonically: if W is self-generating and z_l in B(W), then co(W u {z_l}) is too
    # (B is monotone and convex-valued), so every stage-3 iterate stays inside V.
    # the seed need not be accurate (stage 3 refines it): try a loose tolerance first
    tol_seed = max(tol, 1e-5 * scale)
    Z, it1, ch1, lp1 = _inner_iteration(prob, H, Wout, scale, tol_seed, max_iter)
    seed, resid, shrink = _certified_seed(prob, Z, scale)
    if seed is None and tol_seed > tol:
        Z, it1b, ch1, lp1b = _inner_iteration(prob, H, Z, scale, tol, max_iter)
        it1 += it1b
        lp1.num_lp += lp1b.num_lp
        lp1.num_warm += lp1b.num_warm
        seed, resid, shrink = _certified_seed(prob, Z, scale)
    if seed is None:
        # fall back on the hull of the pure stage Nash payoffs (self-generating: repeat them)
        seed = _pure_nash_hull(A, B, scale)
        shrink = math.nan
    warns_in: list[str] = []
    if not seed:
        msg = not_converged("no certified inner approximation: stage 1 did not give a self-generating set "
                            "and the stage game has no pure Nash equilibrium", stacklevel=4)
        return PayoffSet(np.zeros((0, 2)), delta, "jyc-inner", it1, False, ch1, tol,
                         warnings=(msg,)), outer
    Zg, it2, ch2, lp2 = _inner_iteration(prob, H, seed, scale, tol, max_iter, mode="grow")
    G, g = _hrep(Zg)
    resid = max(_generation_residual(prob, G, g, np.array(z)) for z in Zg)
    certified = resid <= 1e-7 * scale
    if not certified:
        warns_in.append(not_converged(f"the inner approximation failed its self-generation check (residual "
                                      f"{resid:.3g}); treat it as approximate", stacklevel=4))
    inner_set = PayoffSet(
        np.array(_canonical_start(geo.convex_hull(Zg, 1e-9 * scale))).reshape(-1, 2), delta,
        "jyc-inner", it1 + it2,
        bool(ch2 < tol and certified), ch2, tol,
        options={"directions": len(H), "signals": P_.shape[2], "self_generating": certified,
                 "generation_residual": resid, "seed_shrink": shrink,
                 "stage1_iterations": it1, "stage2_iterations": it2,
                 "lp_solves": lp1.num_lp + lp2.num_lp,
                 "warm_solves": lp1.num_warm + lp2.num_warm},
        warnings=tuple(warns_in))
    return inner_set, outer


def _certified_seed(prob: _PPEProblem, Z: list[geo.Point],
                    scale: float) -> tuple[list[geo.Point] | None, float, float]:
    """co(Z) (shrunk slightly towards its centroid if round-off requires) if it is
    self-generating: every vertex z lies in B(co Z), checked by one LP per vertex."""
    if not Z:
        return None, math.inf, math.nan
    cen = np.mean(np.array(Z), axis=0)
    resid = math.inf
    for shrink in (0.0, 1e-9, 1e-6, 1e-3):
        Zc = geo.convex_hull([(float(cen[0] + (1 - shrink) * (x - cen[0])),
                               float(cen[1] + (1 - shrink) * (y - cen[1]))) for x, y in Z],
                             1e-13 * scale)
        G, g = _hrep(Zc)
        resid = 0.0
        for z in Zc:
            resid = max(resid, _generation_residual(prob, G, g, np.array(z)))
            if resid > 1e-8 * scale:
                break
        if resid <= 1e-8 * scale:
            return Zc, resid, shrink
    return None, resid, math.nan


def _pure_nash_hull(A: NDArray, B: NDArray, scale: float) -> list[geo.Point]:
    best1 = A >= A.max(axis=0, keepdims=True) - 1e-12 * scale
    best2 = B >= B.max(axis=1, keepdims=True) - 1e-12 * scale
    pts = [(float(A[i, j]), float(B[i, j])) for i, j in zip(*np.nonzero(best1 & best2), strict=True)]
    return geo.convex_hull(pts, 1e-13 * scale)


def equilibrium_payoffs(
    game: Any,
    delta: float | None = None,
    pi: ArrayLike | None = None,
    *,
    B: ArrayLike | None = None,
    **options: Any,
) -> PayoffSet | PayoffSetBounds:
    """Equilibrium payoff set: exact APS (:func:`aps_polygon`) under perfect monitoring,
    JYC inner/outer bounds (:func:`jyc_bounds`) under imperfect public monitoring.

    A RepeatedGame-like ``game`` whose monitoring is perfect (``monitoring.is_perfect``)
    or absent is solved exactly.

    Parameters
    ----------
    game : BimatrixGame, array_like or RepeatedGame-like
        As in :func:`aps_polygon` (an object with ``stage``, ``delta`` and ``monitoring``).
    delta : float, optional
        Discount factor in (0, 1) (default ``game.delta``).
    pi : array_like, shape (m, n, n_signals), optional
        Public monitoring ``p(y | a)``; given (or taken from ``game.monitoring`` when it is
        imperfect), the JYC bounds are computed.
    B : array_like, optional
        Column player's payoffs when ``game`` is the matrix ``A``.
    **options
        Passed to :func:`aps_polygon` or :func:`jyc_bounds`.

    Returns
    -------
    PayoffSet or PayoffSetBounds
        The exact polygon, or inner and outer bounds with their Hausdorff gap.
    """
    if pi is None and hasattr(game, "stage"):
        mon = getattr(game, "monitoring", None)
        if mon is None or bool(getattr(mon, "is_perfect", False)):
            return aps_polygon(game.stage, game.delta if delta is None else delta, **options)
    if pi is None and not hasattr(game, "stage"):
        return aps_polygon(game, delta, B=B, **options)
    return jyc_bounds(game, delta, pi, B=B, **options)
