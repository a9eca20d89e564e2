"""Equilibrium payoff sets of two-player repeated games (APS set iteration, JYC bounds).

Pure stage actions, public randomization, payoffs normalised by ``(1 - delta)``.

Perfect monitoring (:func:`aps_polygon`)
    The Abreu-Pearce-Stacchetti (1990) operator (catalogue-repeated §3.1)::

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
        return (f"<PayoffSet {self.kind} ({n} verte{'x' if n == 1 else 'xes'}), "
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
        return (f"<PayoffSetBounds delta={self.delta:g}: inner {self.inner.kind} "
                f"({len(self.inner.vertices)} vertices), outer {self.outer.kind} "
                f"({len(self.outer.vertices)} vertices), Hausdorff gap {self.hausdorff:.3g}>")

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

    Rounding (to 9 decimals) is used only to choose the start, never on the values.
    """
    if len(W) < 2:
        return W
    j = min(range(len(W)), key=lambda k: (round(W[k][1], 9), round(W[k][0], 9)))
    return W[j:] + W[:j]


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


def aps_polygon(
    game: Any,
    delta: float | None = None,
    *,
    B: ArrayLike | None = None,
    tol: float = 1e-10,
    max_iter: int = 10_000,
    accelerate: bool = True,
) -> PayoffSet:
    """Subgame-perfect payoff set with perfect monitoring by exact APS polygon iteration.

    Pure stage actions and public randomization (Abreu, Pearce & Stacchetti 1990;
    catalogue-repeated §3.1). Starting from ``W_0 = co u(A)``, each step clips the current
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
        Once the vertex structure is stable, try an Aitken extrapolation of the vertices
        and accept it only if the operator maps it onto itself within ``tol``
        (``B(W) = W``, i.e. ``W`` is self-generating up to ``tol``). Otherwise the plain
        iteration simply continues; ``accelerate=False`` gives the textbook iteration.

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
    prof = _profiles(A_, B_, delta)
    scale = max(1.0, float(np.abs(np.r_[A_.ravel(), B_.ravel()]).max()))
    eps = 1e-13 * scale
    W = geo.convex_hull([(p[0], p[1]) for p in prof], eps)
    eps_x = 1e-9 * scale
    eps_out = min(max(eps, 10.0 * tol / (1.0 - delta)), 1e-7 * scale)
    history: list[list[geo.Point]] = []
    last_try = 0
    change = math.inf
    converged = False
    accelerated = False
    it = 0
    while it < max_iter:
        Wn = _aps_step(W, prof, delta, eps)
        it += 1
        change = geo.hausdorff(W, Wn) if Wn else (0.0 if not W else math.inf)
        W = Wn
        if not W:
            converged = True
            break
        if change < tol:
            converged = True
            break
        if accelerate:
            # extrapolate on a cleaned copy (near-duplicate / collinear vertices merged at
            # eps_x) so that the vertex count and order are stable; W itself is untouched
            history.append(geo.convex_hull(W, eps_x))
            if len(history) > 3:
                history.pop(0)
            if (len(history) == 3 and it - last_try >= 3
                    and len(history[0]) == len(history[1]) == len(history[2])):
                last_try = it
                X = [np.array(h) for h in history]
                cand = _aitken(*X)
                Wc = geo.convex_hull([(float(x), float(y)) for x, y in cand], eps)
                jump = geo.hausdorff(Wc, W)
                if jump < 1e3 * change / (1.0 - delta):
                    Wc1 = _aps_step(Wc, prof, delta, eps)
                    it += 1
                    if Wc1:
                        d = geo.hausdorff(Wc, Wc1)
                        if d < tol:
                            change = d
                            W = Wc1
                            converged = accelerated = True
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
        options={"accelerate": accelerate, "accelerated": accelerated, "max_iter": max_iter,
                 "eps": eps, "eps_out": eps_out},
        warnings=tuple(warns),
    )
