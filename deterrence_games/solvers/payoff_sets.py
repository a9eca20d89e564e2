"""Equilibrium payoff sets of two-player repeated games (APS set iteration, JYC bounds).

Pure stage actions, public randomization, payoffs normalised by ``(1 - delta)``.

Perfect monitoring (:func:`aps_polygon`)
    The Abreu-Pearce-Stacchetti (1990) operator::

        B(W) = co{ (1-delta) u(a) + delta w :  a in A, w in W,
                   w_i >= (1-delta)/delta (max_{a_i'} u_i(a_i', a_-i) - u_i(a_i, a_-i)) + min_{w' in W} w'_i }

    is iterated exactly on polygons from ``W_0 = co u(A)``: per profile, clip the current
    polygon by the two incentive half-planes, map it by ``w -> (1-delta) u(a) + delta w``,
    and take the hull of the union. The decreasing sequence converges to the set ``V*`` of
    subgame-perfect payoffs (pure actions, public randomization). Points and segments are
    handled like polygons (QuantEcon's Abreu-Sannikov routine raises ``QhullError`` there).

Imperfect public monitoring (:func:`jyc_outer`, :func:`jyc_inner`, :func:`jyc_bounds`)
    Perfect public equilibria (APS 1990; Fudenberg, Levine & Maskin 1994). With public
    signals ``y`` and ``pi[a, y] = p(y | a)``::

        B(W) = co{ sum_y pi(y|a) [(1-delta) u(a) + delta w(y)] :  w(y) in W,
                   v_i >= (1-delta) u_i(a_i', a_-i) + delta sum_y pi(y|a_i', a_-i) w_i(y) }

    Judd, Yeltekin & Conklin (2003): Algorithm 1 (outer) keeps ``W = {w : H w <= c}`` and
    updates ``c_l = max_a max_{w(y)} h_l . v`` by one linear program per (direction,
    profile); Algorithm 3 (inner) replaces ``W`` by the hull of the maximisers. The
    Hausdorff distance between the two is the certificate of accuracy. ``symmetric=True``
    restricts to strongly symmetric equilibria (symmetric profiles, ``w_1(y) = w_2(y)``).

References
----------
Abreu, Pearce & Stacchetti 1990, *Econometrica* 58:1041-1063.
Judd, Yeltekin & Conklin 2003, *Econometrica* 71(4):1239-1254.
Fudenberg, Levine & Maskin 1994, *Econometrica* 62:997-1039.
Mailath & Samuelson 2006, *Repeated Games and Reputations*, ch. 7.
"""

from __future__ import annotations

import html
import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import linprog

from .._validation import (
    Choice,
    IntegerRange,
    Interval,
    ParameterError,
    check_discount_factor,
    check_payoff_matrix,
    check_scalar,
)
from .._version import __version__
from ..warnings import ConvergenceWarning
from . import _polygon as geo

__all__ = [
    "PayoffSet",
    "PayoffSetBounds",
    "aps_polygon",
    "jyc_outer",
    "jyc_inner",
    "jyc_bounds",
    "equilibrium_payoffs",
    "perfect_monitoring_signals",
    "unit_directions",
]

_KINDS = ("empty", "point", "segment", "polygon")


# ---------------------------------------------------------------------------------------
# Result objects
# ---------------------------------------------------------------------------------------


def _kind(vertices: NDArray) -> str:
    return _KINDS[min(len(vertices), 3)]


@dataclass(frozen=True, eq=False)
class PayoffSet:
    """A convex set of equilibrium payoff vectors (average discounted payoffs).

    Parameters
    ----------
    vertices : ndarray, shape (k, 2)
        Extreme points in counterclockwise order (k = 0 empty, 1 point, 2 segment).
    delta : float
        Discount factor.
    method : str
        ``"aps-polygon"`` (exact APS iteration), ``"jyc-outer"`` or ``"jyc-inner"``
        (hyperplane approximations), with ``"-sse"`` for strongly symmetric equilibria.
    iterations : int
        Set-operator iterations performed.
    converged : bool
        True if the last change was below ``tol`` (and, for accelerated runs, the
        extrapolated set was verified to be a fixed point of the operator within ``tol``).
    hausdorff_change : float
        Hausdorff distance between the last two iterates (the convergence residual).
    tol : float
        Convergence tolerance on ``hausdorff_change``.
    options : mapping
        Everything needed to rerun (directions, acceleration, max_iter, ...).
    warnings : tuple of str
        Suspicious-but-valid findings (also issued as warnings).
    """

    vertices: NDArray[np.float64]
    delta: float
    method: str
    iterations: int
    converged: bool
    hausdorff_change: float
    tol: float
    options: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        v = np.array(self.vertices, dtype=float).reshape(-1, 2)
        v.setflags(write=False)
        object.__setattr__(self, "vertices", v)
        object.__setattr__(self, "options", MappingProxyType(dict(self.options)))

    # ------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        """``"empty"``, ``"point"``, ``"segment"`` or ``"polygon"``."""
        return _kind(self.vertices)

    @property
    def area(self) -> float:
        """Area (0 for points and segments)."""
        v = self.vertices
        if len(v) < 3:
            return 0.0
        x, y = v[:, 0], v[:, 1]
        return float(0.5 * (x @ np.roll(y, -1) - y @ np.roll(x, -1)))

    def _points(self) -> list[tuple[float, float]]:
        return [(float(x), float(y)) for x, y in self.vertices]

    def contains(self, v: ArrayLike, tol: float = 1e-9) -> bool:
        """True if the payoff vector ``v`` lies in the set (within distance ``tol``)."""
        p = np.asarray(v, dtype=float)
        if p.shape != (2,) or not np.isfinite(p).all():
            raise ParameterError("v", p, "a finite payoff vector of length 2")
        return geo.point_distance((float(p[0]), float(p[1])), self._points()) <= tol

    def distance(self, v: ArrayLike) -> float:
        """Euclidean distance from ``v`` to the set (0 inside)."""
        p = np.asarray(v, dtype=float)
        if p.shape != (2,):
            raise ParameterError("v", p, "a payoff vector of length 2")
        return geo.point_distance((float(p[0]), float(p[1])), self._points())

    def hausdorff(self, other: PayoffSet | ArrayLike) -> float:
        """Hausdorff distance to another payoff set (or to the hull of given vertices)."""
        if isinstance(other, PayoffSet):
            q = other._points()
        else:
            arr = np.asarray(other, dtype=float).reshape(-1, 2)
            q = geo.convex_hull([(float(x), float(y)) for x, y in arr], 0.0)
        return geo.hausdorff(self._points(), q)

    # ------------------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PayoffSet):
            return NotImplemented
        return bool(
            np.array_equal(self.vertices, other.vertices)
            and self.delta == other.delta
            and self.method == other.method
            and self.converged == other.converged
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        n = len(self.vertices)
        return (f"<PayoffSet {self.kind} ({n} {'vertex' if n == 1 else 'vertices'}), "
                f"delta={self.delta:g}, {self.method}, "
                f"{'converged' if self.converged else 'NOT converged'}>")

    def __str__(self) -> str:
        lines = [
            repr(self),
            f"  iterations {self.iterations}; last Hausdorff change {self.hausdorff_change:.3g} "
            f"(tol {self.tol:g})",
        ]
        for x, y in self.vertices:
            lines.append(f"  ({x:.10g}, {y:.10g})")
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{i}</td><td>{x:.8g}</td><td>{y:.8g}</td></tr>"
            for i, (x, y) in enumerate(self.vertices)
        )
        head = html.escape(repr(self))
        warn = "".join(f"<p>warning: {html.escape(w)}</p>" for w in self.warnings)
        return (f"<div><p>{head}</p><table><tr><th>vertex</th><th>v1</th><th>v2</th></tr>"
                f"{rows}</table>{warn}<pre style='display:none'>{html.escape(str(self))}</pre></div>")

    def to_frame(self) -> pd.DataFrame:
        """One row per vertex (counterclockwise) with columns ``vertex, v1, v2``."""
        return pd.DataFrame({
            "vertex": np.arange(len(self.vertices)),
            "v1": self.vertices[:, 0],
            "v2": self.vertices[:, 1],
        })

    def to_dict(self) -> dict:
        """JSON-ready dictionary (with the package version)."""
        return {
            "kind": self.kind,
            "vertices": self.vertices.tolist(),
            "delta": self.delta,
            "method": self.method,
            "iterations": self.iterations,
            "converged": self.converged,
            "hausdorff_change": self.hausdorff_change,
            "tol": self.tol,
            "options": {k: _plain(v) for k, v in self.options.items()},
            "warnings": list(self.warnings),
            "version": __version__,
        }


def _plain(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    return v


@dataclass(frozen=True, eq=False)
class PayoffSetBounds:
    """Inner and outer approximations of a perfect-public-equilibrium payoff set.

    ``inner`` is self-generating (hence inside the true set ``V``), ``outer`` contains
    ``V``; ``hausdorff`` (their Hausdorff distance) bounds the error of either as an
    approximation of ``V`` and is the certificate of accuracy.
    """

    inner: PayoffSet
    outer: PayoffSet
    hausdorff: float

    @property
    def delta(self) -> float:
        return self.outer.delta

    def contains(self, v: ArrayLike, tol: float = 1e-9) -> bool | None:
        """True if ``v`` is in the inner set, False if outside the outer set, else None."""
        if self.inner.kind != "empty" and self.inner.contains(v, tol):
            return True
        if not self.outer.contains(v, tol):
            return False
        return None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PayoffSetBounds):
            return NotImplemented
        return self.inner == other.inner and self.outer == other.outer

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        def n(v: NDArray) -> str:
            return f"{len(v)} {'vertex' if len(v) == 1 else 'vertices'}"
        return (f"<PayoffSetBounds delta={self.delta:g}: inner {self.inner.kind} "
                f"({n(self.inner.vertices)}), outer {self.outer.kind} "
                f"({n(self.outer.vertices)}), Hausdorff gap {self.hausdorff:.3g}>")

    def __str__(self) -> str:
        return "\n".join([repr(self), "inner:", str(self.inner), "outer:", str(self.outer)])

    def _repr_html_(self) -> str:
        return (f"<div><p>{html.escape(repr(self))}</p>"
                f"<p>inner</p>{self.inner._repr_html_()}<p>outer</p>{self.outer._repr_html_()}</div>")

    def to_frame(self) -> pd.DataFrame:
        """Vertices of both sets, with a ``set`` column (``inner`` / ``outer``)."""
        a = self.inner.to_frame().assign(set="inner")
        b = self.outer.to_frame().assign(set="outer")
        return pd.concat([a, b], ignore_index=True)[["set", "vertex", "v1", "v2"]]

    def to_dict(self) -> dict:
        return {"inner": self.inner.to_dict(), "outer": self.outer.to_dict(),
                "hausdorff": self.hausdorff, "version": __version__}


# ---------------------------------------------------------------------------------------
# Input handling
# ---------------------------------------------------------------------------------------


def _stage_arrays(game: Any, B: ArrayLike | None) -> tuple[NDArray, NDArray]:
    """Row and column payoff matrices from a BimatrixGame-like object or arrays."""
    if hasattr(game, "A") and hasattr(game, "B") and B is None:
        A_, B_ = np.asarray(game.A, float), np.asarray(game.B, float)
    elif hasattr(game, "payoff_arrays") and B is None:  # QuantEcon NormalFormGame
        pa = game.payoff_arrays
        A_, B_ = np.asarray(pa[0], float), np.asarray(pa[1], float).T
    else:
        if B is None:
            raise ParameterError("B", None, "a payoff matrix for the column player",
                                 "pass `B` with `A`, or a BimatrixGame")
        A_, B_ = game, B
    A_ = check_payoff_matrix("A", A_)
    B_ = check_payoff_matrix("B", B_, shape=A_.shape)
    return A_, B_


def _unpack(game: Any, B: ArrayLike | None, delta: float | None,
            pi: ArrayLike | None, need_pi: bool) -> tuple[NDArray, NDArray, float, NDArray | None]:
    """Accept a RepeatedGame-like object (``stage``, ``delta``, ``monitoring``) or plain inputs."""
    if hasattr(game, "stage") and hasattr(game, "delta"):
        if delta is None:
            delta = game.delta
        if pi is None and getattr(game, "monitoring", None) is not None:
            mon = game.monitoring
            pi = getattr(mon, "distribution", mon)
        game = game.stage
    if delta is None:
        raise ParameterError("delta", None, "0 < delta < 1", "it is the common discount factor")
    delta = check_discount_factor("delta", delta)
    A_, B_ = _stage_arrays(game, B)
    if pi is None:
        if need_pi:
            raise ParameterError("pi", None, "an array of shape (m, n, |Y|) with p(y | a)",
                                 "pass the public monitoring distribution")
        return A_, B_, delta, None
    try:
        P = np.array(pi, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"`pi` must be an array of probabilities (got {pi!r})") from None
    m, n = A_.shape
    if P.ndim != 3 or P.shape[:2] != (m, n) or P.shape[2] < 1:
        raise ParameterError("pi", P.shape, f"an array of shape ({m}, {n}, |Y|)",
                             "pi[i, j, y] = p(y | row action i, column action j)")
    if not np.isfinite(P).all() or (P < -1e-9).any() or (P > 1 + 1e-9).any():
        raise ParameterError("pi", P, "finite probabilities 0 <= pi <= 1")
    sums = P.sum(axis=2)
    if np.abs(sums - 1).max() > 1e-9:
        i, j = np.unravel_index(np.abs(sums - 1).argmax(), sums.shape)
        raise ParameterError("pi", P, f"p(. | a) summing to 1 (profile ({i}, {j}) sums to {sums[i, j]:.12g})")
    return A_, B_, delta, np.clip(P, 0.0, 1.0)


def perfect_monitoring_signals(shape: tuple[int, int]) -> NDArray:
    """``pi[a, y] = 1{y = a}``: the signal reveals the profile (Y = A)."""
    m, n = shape
    return np.eye(m * n).reshape(m, n, m * n)


def unit_directions(num: int = 64, extra: ArrayLike | None = None) -> NDArray:
    """``num`` unit vectors at angles ``2 pi l / num`` (from angle 0), plus ``extra`` normals.

    Extra directions (e.g. known facet normals) are normalised and merged in angular order;
    duplicates are dropped.
    """
    num = check_scalar("directions", num, IntegerRange(3, None))
    ang = 2 * np.pi * np.arange(num) / num
    H = np.c_[np.cos(ang), np.sin(ang)]
    if extra is not None:
        E = np.asarray(extra, dtype=float).reshape(-1, 2)
        nrm = np.linalg.norm(E, axis=1)
        if not np.isfinite(E).all() or (nrm == 0).any():
            raise ParameterError("facet_normals", E, "finite non-zero vectors in the plane")
        H = np.vstack([H, E / nrm[:, None]])
    angles = np.mod(np.arctan2(H[:, 1], H[:, 0]), 2 * np.pi)
    order = np.argsort(angles, kind="stable")
    H, angles = H[order], angles[order]
    keep = np.r_[True, np.diff(angles) > 1e-12]
    return H[keep]


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
        msg = (f"APS iteration stopped after {it} iterations with Hausdorff change {change:.3g} "
               f"> tol {tol:g}; raise `max_iter`")
        warnings.warn(msg, ConvergenceWarning, stacklevel=2)
        warns.append(msg)
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
    if cur is not None and inner_iv is None:
        msg = f"could not certify an inner SSE interval (residual {resid:.3g})"
        warnings.warn(msg, ConvergenceWarning, stacklevel=3)
    inner = seg(inner_iv, "jyc-inner-sse", it, converged and (cur is None or inner_iv is not None),
                {"self_generating": inner_iv is not None or cur is None, "generation_residual": resid})
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
    A_, B_, delta, P_ = _unpack(game, B, delta, pi, need_pi=False)
    if P_ is None:
        P_ = perfect_monitoring_signals(A_.shape)
    tol = check_scalar("tol", tol, Interval(0.0, math.inf, low_closed=False))
    max_iter = check_scalar("max_iter", max_iter, IntegerRange(1, None))
    H = _directions_arg(directions, facet_normals)
    return _jyc(A_, B_, P_, delta, H, tol, max_iter, inner=False)[1]


def jyc_inner(
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
    """Inner approximation of the PPE payoff set (JYC 2003, Algorithm 3).

    Starts from the vertices of the outer approximation (:func:`jyc_outer`) and replaces
    the point set ``Z`` by the LP maximisers over ``co(Z)`` in every direction until it
    stops changing. The result is then certified self-generating: every vertex ``z`` is
    checked to lie in ``B(co Z)`` by one LP (``options['generation_residual']``, the
    largest L1 distance, 0 up to LP tolerance), so ``co Z`` lies inside the PPE set
    (APS 1990, self-generation). Same parameters as :func:`jyc_outer`.
    """
    return jyc_bounds(game, delta, pi, B=B, directions=directions, facet_normals=facet_normals,
                      tol=tol, max_iter=max_iter).inner


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
    ``directions`` is not used. See :func:`jyc_outer` and :func:`jyc_inner`.

    Examples
    --------
    >>> A = [[2, -1], [3, 0]]
    >>> p, q, r = 0.9, 0.5, 0.2
    >>> pi = [[[p, 1 - p], [q, 1 - q]], [[q, 1 - q], [r, 1 - r]]]
    >>> sse = jyc_bounds(A, 0.9, pi, B=[[2, 3], [-1, 0]], symmetric=True)
    >>> sse.outer.vertices.round(6).tolist()     # Mailath-Samuelson: [0, 2 - (1-p)/(p-q)]
    [[0.0, 0.0], [1.75, 1.75]]
    """
    A_, B_, delta, P_ = _unpack(game, B, delta, pi, need_pi=False)
    if P_ is None:
        P_ = perfect_monitoring_signals(A_.shape)
    tol = check_scalar("tol", tol, Interval(0.0, math.inf, low_closed=False))
    max_iter = check_scalar("max_iter", max_iter, IntegerRange(1, None))
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
        msg = (f"JYC outer iteration stopped after {it} iterations (change {change:.3g} > "
               f"tol {tol:g}); raise `max_iter`")
        warnings.warn(msg, ConvergenceWarning, stacklevel=3)
        warns.append(msg)
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
        msg = ("no certified inner approximation: stage 1 did not give a self-generating set "
               "and the stage game has no pure Nash equilibrium")
        warnings.warn(msg, ConvergenceWarning, stacklevel=3)
        return PayoffSet(np.zeros((0, 2)), delta, "jyc-inner", it1, False, ch1, tol,
                         warnings=(msg,)), outer
    Zg, it2, ch2, lp2 = _inner_iteration(prob, H, seed, scale, tol, max_iter, mode="grow")
    G, g = _hrep(Zg)
    resid = max(_generation_residual(prob, G, g, np.array(z)) for z in Zg)
    certified = resid <= 1e-7 * scale
    if not certified:
        msg = (f"the inner approximation failed its self-generation check (residual "
               f"{resid:.3g}); treat it as approximate")
        warnings.warn(msg, ConvergenceWarning, stacklevel=3)
        warns_in.append(msg)
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
    """
    if pi is None and hasattr(game, "stage"):
        mon = getattr(game, "monitoring", None)
        if mon is None or bool(getattr(mon, "is_perfect", False)):
            return aps_polygon(game.stage, game.delta if delta is None else delta, **options)
    if pi is None and not hasattr(game, "stage"):
        return aps_polygon(game, delta, B=B, **options)
    return jyc_bounds(game, delta, pi, B=B, **options)
