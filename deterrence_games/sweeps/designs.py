"""Sweep designs: which parameter points a sweep visits, in which order.

A design is plain data (it round-trips through :meth:`Design.to_dict` /
:func:`design_from_dict`, which is what a sweep's manifest and provenance record) and
produces the points of any index range ``[start, stop)`` on demand, so that a
10^7-point Cartesian grid is never materialized as a whole.

* :class:`Grid` — the Cartesian product of 1-d value lists, in key order, the last key
  varying fastest (the historical order of :func:`deterrence_games.sweep`).
* :class:`Points` — an explicit list of points (a list of dicts, a DataFrame, or a mapping
  of equal-length sequences).
* :class:`LatinHypercube` — ``n`` points of a Latin hypercube over parameter ranges
  (:class:`scipy.stats.qmc.LatinHypercube`, seeded).
* :class:`RandomDesign` — ``n`` independent uniform points over parameter ranges (seeded
  :func:`numpy.random.default_rng`).

For the two sampled designs a range is ``(low, high)`` for a real parameter (uniform on
``[low, high)`` after the unit-cube map ``low + u (high - low)``), ``(low, high)`` for an
integer parameter (uniform on ``low..high``), or a list of options for a categorical one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validation import Choice, IntegerRange, ParameterError, check_array, plain
from ..models import Model

__all__ = ["Design", "Grid", "Points", "LatinHypercube", "RandomDesign", "make_design", "design_from_dict"]

DESIGN_KINDS = ("grid", "points", "lhs", "random")


def _is_choice(model: Model, name: str) -> bool:
    return isinstance(model.parameter(name).domain, Choice)


def _column(model: Model, name: str, values: Any) -> np.ndarray:
    par = model.parameter(name)
    return check_array(name, list(values), par.domain, par.meaning)


class Design:
    """Base class: ``n`` points over parameters ``names``; ``chunk(start, stop)`` gives them."""

    kind: str = ""
    names: tuple[str, ...] = ()

    @property
    def n(self) -> int:
        raise NotImplementedError

    def chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """The points ``start <= i < stop`` of the design.

        Parameters
        ----------
        start, stop : int
            Point indices, ``0 <= start <= stop <= n``.

        Returns
        -------
        dict of str to numpy.ndarray
            One 1-d array per parameter of the design.
        """
        raise NotImplementedError

    def to_dict(self) -> dict:
        """JSON-ready description recorded in a sweep's provenance."""
        raise NotImplementedError


class _Columns(Design):
    """A design that holds its points as ``columns`` (one array per parameter)."""

    columns: Mapping[str, np.ndarray]

    def chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:  # noqa: D102 - see Design.chunk
        return {k: v[start:stop] for k, v in self.columns.items()}


@dataclass(frozen=True, eq=False)
class Grid(Design):
    """Cartesian product of ``axes`` (key order, the last key varying fastest).

    Built by :func:`make_design` from ``sweep(model, {name: values})``.

    Attributes
    ----------
    axes : mapping of str to numpy.ndarray
        The values of each parameter axis, validated against its domain.
    """

    axes: Mapping[str, np.ndarray]
    kind = "grid"

    @property
    def names(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(self.axes)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(v) for v in self.axes.values())

    @property
    def n(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64))

    def chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:  # noqa: D102 - see Design.chunk
        idx = np.unravel_index(np.arange(start, stop, dtype=np.int64), self.shape)
        return {k: v[i] for (k, v), i in zip(self.axes.items(), idx, strict=True)}

    def to_dict(self) -> dict:
        """JSON-ready description recorded in a sweep's provenance (``kind``, ``grid``)."""
        return {"kind": "grid", "grid": {k: plain(v) for k, v in self.axes.items()}}


@dataclass(frozen=True, eq=False)
class Points(_Columns):
    """An explicit list of points (columns of equal length).

    Built by :func:`make_design` from a list of dicts or a DataFrame.

    Attributes
    ----------
    columns : mapping of str to numpy.ndarray
        One value per point for each parameter given.
    """

    columns: Mapping[str, np.ndarray]
    kind = "points"

    @property
    def names(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(self.columns)

    @property
    def n(self) -> int:
        return len(next(iter(self.columns.values())))

    def to_dict(self) -> dict:
        """JSON-ready description recorded in a sweep's provenance (``kind``, ``points``)."""
        return {"kind": "points", "points": {k: plain(v) for k, v in self.columns.items()}}


@dataclass(frozen=True, eq=False)
class _Sampled(_Columns):
    """A design of ``n_points`` points drawn over ``ranges`` with ``seed``."""

    ranges: Mapping[str, Any]
    n_points: int
    seed: int
    columns: Mapping[str, np.ndarray]

    @property
    def names(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(self.ranges)

    @property
    def n(self) -> int:
        return self.n_points

    def to_dict(self) -> dict:
        return {"kind": self.kind, "ranges": plain(dict(self.ranges)), "n_points": self.n_points, "seed": self.seed}


class LatinHypercube(_Sampled):
    """A Latin hypercube of ``n_points`` points over ``ranges`` (``design="lhs"``).

    A seeded Latin hypercube on the unit cube (``scipy.stats.qmc``; McKay, Beckman & Conover
    1979: each of ``n_points`` equal strata of every coordinate holds one point), mapped to
    each range: linearly for a real parameter, to equal bins of the values for an integer
    or categorical one. Built by :func:`make_design`.

    Attributes
    ----------
    ranges : mapping of str to (low, high) or list
        The range of each sampled parameter (a list of options for a categorical one).
    n_points : int
        Number of points.
    seed : int
        The seed of the draw (the same seed gives the same points).
    columns : mapping of str to numpy.ndarray
        The points drawn.
    """

    kind = "lhs"


class RandomDesign(_Sampled):
    """``n_points`` points drawn independently and uniformly over ``ranges`` (``design="random"``).

    Built by :func:`make_design`.

    Attributes
    ----------
    ranges, n_points, seed, columns
        As those of :class:`LatinHypercube`.
    """

    kind = "random"


def _check_ranges(model: Model, ranges: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(ranges, Mapping) or not ranges:
        raise ParameterError("grid", ranges, "a non-empty mapping {parameter name: (low, high) or [options]}")
    out: dict[str, Any] = {}
    if isinstance(ranges, Mapping):
        ranges = model.canonical_names(ranges)  # former names: DeprecationWarning
    for name, r in ranges.items():
        par = model.parameter(name)
        if isinstance(par.domain, Choice):
            if isinstance(r, str | bytes) or np.ndim(r) != 1 or len(r) == 0:
                raise ParameterError(f"grid[{name!r}]", r, "a non-empty list of options")
            out[name] = list(_column(model, name, r))
            continue
        if isinstance(r, Mapping) and set(r) == {"low", "high"}:
            r = (r["low"], r["high"])
        if isinstance(r, str | bytes) or np.ndim(r) != 1 or len(r) != 2:
            raise ParameterError(f"grid[{name!r}]", r, "a range (low, high)")
        lo, hi = (float(v) for v in _column(model, name, r))
        if not lo <= hi:
            raise ParameterError(f"grid[{name!r}]", r, "a range (low, high) with low <= high")
        out[name] = [lo, hi]
    return out


def _map_unit(model: Model, ranges: Mapping[str, Any], u: np.ndarray) -> dict[str, np.ndarray]:
    cols: dict[str, np.ndarray] = {}
    for j, (name, r) in enumerate(ranges.items()):
        dom = model.parameter(name).domain
        if isinstance(dom, Choice):
            opts = np.empty(len(r), dtype=object)
            opts[:] = r
            cols[name] = opts[np.minimum((u[:, j] * len(r)).astype(np.int64), len(r) - 1)]
        elif isinstance(dom, IntegerRange):
            lo, hi = int(r[0]), int(r[1])
            cols[name] = (lo + np.minimum(np.floor(u[:, j] * (hi - lo + 1)), hi - lo)).astype(float)
        else:
            lo, hi = r
            cols[name] = lo + u[:, j] * (hi - lo)
        cols[name] = _column(model, name, cols[name])  # e.g. an open upper bound
    return cols


def _check_seed(seed: Any) -> int:
    if seed is None:
        raise ParameterError("seed", seed, "an integer >= 0", "sampled designs need a seed, so that they can be reproduced")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ParameterError("seed", seed, "an integer >= 0")
    return int(seed)


#: points of a sampled design (drawn whole: ``n_points`` floats per parameter, 0.8 GB each at the limit)
MAX_SAMPLED = 10**8


def _check_n(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 1 <= n <= MAX_SAMPLED:
        raise ParameterError("n_points", n, f"an integer with 1 <= n_points <= {MAX_SAMPLED:.0e}",
                             "the number of points of a sampled design, drawn whole in memory "
                             "(for more, run several seeds into several outputs)")
    return int(n)


def latin_hypercube(model: Model, ranges: Mapping[str, Any], n_points: int, seed: int) -> LatinHypercube:
    """Latin hypercube of ``n_points`` over ``ranges`` (scipy.stats.qmc, seeded)."""
    from scipy.stats import qmc

    ranges = _check_ranges(model, ranges)
    n, seed = _check_n(n_points), _check_seed(seed)
    try:
        sampler = qmc.LatinHypercube(d=len(ranges), rng=np.random.default_rng(seed))
    except TypeError:  # SciPy < 1.15 names the argument `seed`
        sampler = qmc.LatinHypercube(d=len(ranges), seed=np.random.default_rng(seed))
    u = sampler.random(n)
    return LatinHypercube(ranges, n, seed, _map_unit(model, ranges, u))


def random_design(model: Model, ranges: Mapping[str, Any], n_points: int, seed: int) -> RandomDesign:
    """``n_points`` independent uniform points over ``ranges`` (seeded)."""
    ranges = _check_ranges(model, ranges)
    n, seed = _check_n(n_points), _check_seed(seed)
    u = np.random.default_rng(seed).random((n, len(ranges)))
    return RandomDesign(ranges, n, seed, _map_unit(model, ranges, u))


def grid_design(model: Model, grid: Mapping[str, Sequence[Any]]) -> Grid:
    """Cartesian grid; every value checked against its parameter's domain."""
    if not isinstance(grid, Mapping) or not grid:
        raise ParameterError("grid", grid, "a non-empty mapping {parameter name: sequence of values}")
    grid = model.canonical_names(grid)  # former names: DeprecationWarning
    axes: dict[str, np.ndarray] = {}
    for name, values in grid.items():
        model.parameter(name)  # raises for unknown names
        if isinstance(values, str | bytes) or np.ndim(values) != 1 or len(values) == 0:
            raise ParameterError(f"grid[{name!r}]", values, "a non-empty 1-d sequence of values")
        axes[name] = _column(model, name, values)
    return Grid(axes)


def points_design(model: Model, points: Any) -> Points:
    """Explicit points: a list of dicts, a DataFrame, or a mapping of equal-length sequences."""
    if isinstance(points, pd.DataFrame):
        data = {str(k): list(points[k]) for k in points.columns}
    elif isinstance(points, Mapping):
        data = {k: list(v) if np.ndim(v) == 1 and not isinstance(v, str | bytes) else v for k, v in points.items()}
    elif isinstance(points, Sequence) and points and all(isinstance(p, Mapping) for p in points):
        names = list(points[0])
        if any(set(p) != set(names) for p in points):
            raise ParameterError("grid", "points", "a list of dicts with the same keys")
        data = {k: [p[k] for p in points] for k in names}
    else:
        raise ParameterError("grid", type(points).__name__, "a non-empty list of dicts, a DataFrame or {name: sequence}")
    if not data:
        raise ParameterError("grid", points, "at least one parameter")
    data = model.canonical_names(data)  # former names: DeprecationWarning
    lengths = set()
    cols: dict[str, np.ndarray] = {}
    for name, values in data.items():
        model.parameter(name)
        if not isinstance(values, list) or not values:
            raise ParameterError(f"grid[{name!r}]", values, "a non-empty 1-d sequence of values")
        lengths.add(len(values))
        cols[name] = _column(model, name, values)
    if len(lengths) != 1:
        raise ParameterError("grid", sorted(lengths), "columns of equal length (one value per point)")
    return Points(cols)


def make_design(model: Model, grid: Any, design: Any = None, *, n_points: Any = None, seed: Any = None) -> Design:
    """Build the design a :func:`~deterrence_games.sweep` call asks for (see there).

    Parameters
    ----------
    model : Model
        The model whose parameters the design ranges over (values are validated against
        their domains).
    grid : mapping, list of dicts, DataFrame or Design
        As ``grid`` of :func:`~deterrence_games.sweep`; a Design is returned as is.
    design : {None, "grid", "points", "lhs", "random"}, optional
        The kind of design (None: a grid, or points when ``grid`` is a list or DataFrame).
    n_points : int, optional
        Number of points of a sampled design (``"lhs"``, ``"random"``).
    seed : int, optional
        Seed of a sampled design.

    Returns
    -------
    Design
        A :class:`Grid`, :class:`Points`, :class:`LatinHypercube` or :class:`RandomDesign`.

    Raises
    ------
    ParameterError
        An unknown design kind, ``n_points`` with a grid, an unknown parameter or a value
        outside its domain.
    """
    if isinstance(grid, Design):
        return grid
    kind = "grid" if design is None else design
    if kind not in DESIGN_KINDS:
        raise ParameterError("design", design, f"one of {', '.join(DESIGN_KINDS)}")
    if kind in ("grid", "points") and n_points is not None:
        raise ParameterError("n_points", n_points, f"None for design {kind!r}", "the grid or the point list fixes the number of points")
    if kind == "grid":
        if not isinstance(grid, Mapping) and isinstance(grid, Sequence | pd.DataFrame) and len(grid):
            return points_design(model, grid)
        return grid_design(model, grid)
    if kind == "points":
        return points_design(model, grid)
    if kind == "lhs":
        return latin_hypercube(model, grid, n_points, seed)
    return random_design(model, grid, n_points, seed)


def design_from_dict(model: Model, d: Mapping[str, Any]) -> Design:
    """Rebuild a design from :meth:`Design.to_dict` (manifests, provenance)."""
    kind = d.get("kind")
    if kind == "grid":
        return grid_design(model, d["grid"])
    if kind == "points":
        return points_design(model, d["points"])
    if kind in ("lhs", "random"):
        return make_design(model, d["ranges"], kind, n_points=d["n_points"], seed=d["seed"])
    raise ParameterError("design", kind, f"one of {', '.join(DESIGN_KINDS)}")
