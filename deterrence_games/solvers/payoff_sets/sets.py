"""Payoff-set results (:class:`PayoffSet`, :class:`PayoffSetBounds`) and the input handling shared by
the APS and JYC algorithms (stage payoffs, signals, directions)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from ..._validation import (
    IntegerRange,
    ParameterError,
    check_discount_factor,
    check_payoff_matrix,
    check_scalar,
)
from ..._version import __version__
from ...results import Result
from .. import _polygon as geo

_KINDS = ("empty", "point", "segment", "polygon")


# ---------------------------------------------------------------------------------------
# Result objects
# ---------------------------------------------------------------------------------------


def _kind(vertices: NDArray) -> str:
    return _KINDS[min(len(vertices), 3)]


@dataclass(frozen=True, eq=False)
class PayoffSet(Result):
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
        """True if the payoff vector ``v`` lies in the set (within distance ``tol``).

        Parameters
        ----------
        v : array_like, shape (2,)
            A finite payoff vector.
        tol : float
            Largest Euclidean distance to the set still counted as inside.

        Returns
        -------
        bool
        """
        p = np.asarray(v, dtype=float)
        if p.shape != (2,) or not np.isfinite(p).all():
            raise ParameterError("v", p, "a finite payoff vector of length 2")
        return geo.point_distance((float(p[0]), float(p[1])), self._points()) <= tol

    def distance(self, v: ArrayLike) -> float:
        """Euclidean distance from ``v`` to the set (0 inside).

        Parameters
        ----------
        v : array_like, shape (2,)
            A payoff vector.

        Returns
        -------
        float
        """
        p = np.asarray(v, dtype=float)
        if p.shape != (2,):
            raise ParameterError("v", p, "a payoff vector of length 2")
        return geo.point_distance((float(p[0]), float(p[1])), self._points())

    def hausdorff(self, other: PayoffSet | ArrayLike) -> float:
        """Hausdorff distance to another payoff set (or to the hull of given vertices).

        Parameters
        ----------
        other : PayoffSet or array_like, shape (n, 2)
            A payoff set, or points whose convex hull is compared.

        Returns
        -------
        float
        """
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
class PayoffSetBounds(Result):
    """Inner and outer approximations of a perfect-public-equilibrium payoff set.

    ``inner`` is self-generating (hence inside the true set ``V``), ``outer`` contains
    ``V``; ``hausdorff`` (their Hausdorff distance) bounds the error of either as an
    approximation of ``V`` and is the certificate of accuracy.

    Attributes
    ----------
    inner : PayoffSet
        Self-generating inner approximation (inside the PPE payoff set).
    outer : PayoffSet
        Outer approximation (contains the PPE payoff set).
    hausdorff : float
        Hausdorff distance between ``inner`` and ``outer`` (``inf`` when one is empty).
    """

    inner: PayoffSet
    outer: PayoffSet
    hausdorff: float

    @property
    def delta(self) -> float:
        return self.outer.delta

    def contains(self, v: ArrayLike, tol: float = 1e-9) -> bool | None:
        """True if ``v`` is in the inner set, False if outside the outer set, else None.

        Parameters
        ----------
        v : array_like, shape (2,)
            A payoff vector.
        tol : float
            Largest distance to a set still counted as inside.

        Returns
        -------
        bool or None
        """
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
