"""A sweep's plan: the model, the design, the selection and how to run it, validated before any work.

:func:`plan_sweep` checks every argument of :func:`~deterrence_games.sweeps.sweep` and every
point of the design (domains and cross-parameter conditions) and returns a frozen
:class:`SweepPlan`; :func:`~deterrence_games.sweeps.run.sweep` then runs the plan's chunks on
a backend (:mod:`~deterrence_games.sweeps.backends`) and keeps them in a store
(:mod:`~deterrence_games.sweeps.store`), as Axelrod separates its ``Tournament`` from ``play``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._validation import ParameterError, check_array, plain
from ..models import PROVENANCE_ORDER, Model, check_qre_supported, get_model
from ..results import check_select
from .designs import Design, make_design
from .evaluate import _python_value

__all__ = ["SweepPlan", "plan_sweep", "grid_points", "BACKENDS", "STREAM_VALIDATION_POINTS"]

BACKENDS = ("auto", "serial", "process", "dask", "vectorized")
VECTOR_CHUNK = 262_144


def grid_points(grid: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Cartesian product of ``grid`` in key order, the last key varying fastest.

    Parameters
    ----------
    grid : mapping of str to sequence
        The values of each parameter.

    Returns
    -------
    list of dict
        One ``{name: value}`` per point.

    Examples
    --------
    >>> from deterrence_games.sweeps import grid_points
    >>> grid_points({"pi": [0.3, 0.6], "rho": [0.5, 1.0]})
    [{'pi': 0.3, 'rho': 0.5}, {'pi': 0.3, 'rho': 1.0}, {'pi': 0.6, 'rho': 0.5}, {'pi': 0.6, 'rho': 1.0}]
    """
    names = list(grid)
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*grid.values())]


def _variant_provenance(m: Model, fixed: Mapping[str, Any], dsg: Design) -> dict[str, Any]:
    """``model_provenance``: the weakest label over the variants the sweep solves; with
    ``model_provenance_by_variant`` (variant name -> label) when the model has variants."""
    if not m.variants:
        return {"model_provenance": m.provenance}
    keys = {k for v in m.variants for k in (*v.when, *(v.example or {}))}
    base = {**m.defaults, **dict(fixed)}
    swept = [k for k in dsg.names if k in keys]
    if not swept:
        combos: list[tuple] = [()]
    elif dsg.kind == "grid":
        combos = list(itertools.product(*(dsg.axes[k] for k in swept)))
    else:
        cols = dsg.chunk(0, dsg.n)
        combos = sorted(set(zip(*(np.asarray(cols[k]).tolist() for k in swept), strict=True)), key=repr)
    seen: dict[str, str] = {}
    flat: set[str] = set()
    for combo in combos:
        point = {**base, **{k: _python_value(x) for k, x in zip(swept, combo, strict=True)}}
        v = m.variant_of(point)
        name, label = (v.name, v.provenance) if v is not None else (m.id, m.provenance)
        seen[name] = label
        if v is not None and not v.escalation:
            flat.add(v.name)
    out = {"model_provenance": min(seen.values(), key=PROVENANCE_ORDER.__getitem__),
           "model_provenance_by_variant": dict(sorted(seen.items()))}
    if flat:  # say so: escalation is 0 by construction there
        out["variants_without_escalation"] = sorted(flat)
    return out


#: a design of up to this many points is validated entirely before any work; a larger grid
#: has its axes validated before any work and its cross-parameter conditions chunk by chunk,
#: each chunk before it is dispatched (so that the first chunk starts at once)
STREAM_VALIDATION_POINTS = 4 * VECTOR_CHUNK


def _validate_columns(m: Model, fixed: Mapping[str, Any], cols: Mapping[str, np.ndarray], per_point: bool,
                      first: bool) -> None:
    """Check the points ``cols`` (domains + cross-parameter conditions).

    Whole arrays (:meth:`Model.validate_arrays`); a model solved point by point also goes
    through the scalar :meth:`Model.validate` (its type checks) at the first point of the
    design (``first``), and at every point if the model overrides the scalar cross-parameter
    check ``_check`` (otherwise ``_check`` is ``_check_arrays``, already applied to the
    arrays). The per-point loop costs ~25 us a point in the calling process: a serial share
    of every parallel sweep, avoided where it adds nothing.
    """
    n = len(next(iter(cols.values()))) if cols else 1
    m.validate_arrays(**fixed, **cols)
    if not per_point or n == 0:
        return
    if type(m)._check is Model._check:  # the scalar check is the array check: one point for the types
        if first:
            m.validate(**fixed, **{k: _python_value(v[0]) for k, v in cols.items()})
        return
    for i in range(n):
        m.validate(**fixed, **{k: _python_value(v[i]) for k, v in cols.items()})


def _validate_axes(m: Model, fixed: Mapping[str, Any], dsg: Design) -> None:
    """Each axis of a grid in its parameter's domain (``fixed`` is checked with the first point)."""
    for name, axis in dsg.axes.items():
        par = m.parameter(name)
        check_array(par.name, np.asarray(axis), par.domain, par.meaning)


@dataclass(frozen=True, eq=False)
class SweepPlan:
    """What a sweep computes and how, validated (see :func:`plan_sweep`).

    Attributes
    ----------
    model : Model
    fixed : mapping
        Values of the parameters that are not swept (the rest take their defaults).
    design : Design
        The points, in order.
    select : str
        The declared selection rule (:data:`deterrence_games.results.SELECTIONS`, ``"flag:<name>"``).
    vectorized : bool
        The method: the model's vectorized closed form, or ``Model.solve`` point by point.
    backend : str
        ``"auto"``, ``"serial"``, ``"process"``, ``"dask"`` or ``"vectorized"``.
    chunk_size, workers : int or None
        As given (None: chosen when the sweep runs).
    client, scheduler
        The Dask cluster, if any.
    seed : int or None
    streamed : bool
        True when the design is too large to check every point before the first chunk: its
        axes were checked, and :meth:`check_chunk` checks each chunk before it is dispatched.
    """

    model: Model
    fixed: Mapping[str, Any]
    design: Design
    select: str
    vectorized: bool
    backend: str
    chunk_size: int | None = None
    workers: int | None = None
    client: Any = field(default=None, repr=False)
    scheduler: str | None = None
    seed: int | None = None
    streamed: bool = False

    @property
    def n(self) -> int:
        """Number of points."""
        return self.design.n

    @property
    def spec(self) -> dict[str, Any]:
        """What the table depends on (stored with every part; a resume must match it)."""
        m, names = self.model, self.design.names
        return {
            "model": m.id or f"{type(m).__module__}.{type(m).__qualname__}",
            "fixed": plain(dict(self.fixed)),
            "defaults": plain({k: v for k, v in m.defaults.items() if k not in names and k not in self.fixed}),
            "design": self.design.to_dict(),
            "select": self.select,
            "vectorized": self.vectorized,
        }

    def chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """The points ``start .. stop - 1``, checked first if the validation is streamed.

        Parameters
        ----------
        start, stop : int
            First point and one past the last (``0 <= start <= stop <= n``).

        Returns
        -------
        dict str -> ndarray
            One column of values per swept parameter.
        """
        cols = self.design.chunk(start, stop)
        if self.streamed:
            _validate_columns(self.model, self.fixed, cols, per_point=not self.vectorized, first=start == 0)
        return cols


def plan_sweep(
    model: str | Model,
    grid: Any,
    *,
    fixed: Mapping[str, Any] | None = None,
    select: str = "all",
    vectorized: bool | None = None,
    backend: str = "auto",
    chunk_size: int | None = None,
    design: str | None = None,
    n_points: int | None = None,
    seed: int | None = None,
    workers: int | None = None,
    client: Any = None,
    scheduler: str | None = None,
) -> SweepPlan:
    """Check every argument of :func:`~deterrence_games.sweeps.sweep` and every point, before any work.

    Every point of the design is checked (domains and cross-parameter conditions), except
    for a grid of more than :data:`STREAM_VALIDATION_POINTS` points whose model has
    cross-parameter conditions: then every axis is checked here and the points chunk by
    chunk (:meth:`SweepPlan.chunk`).

    Parameters
    ----------
    model, grid, fixed, select, vectorized, backend, chunk_size, design, n_points, seed, workers, client, scheduler
        As in :func:`~deterrence_games.sweeps.sweep` (which calls this first).

    Returns
    -------
    SweepPlan

    Raises
    ------
    ParameterError
        On the first argument or point outside its domain, naming it.
    """
    m = get_model(model)
    if fixed is not None and not isinstance(fixed, Mapping):
        raise ParameterError("fixed", fixed, "a mapping {parameter name: value}")
    fixed = m.canonical_names(fixed or {})  # former names: DeprecationWarning
    for name in fixed:
        m.parameter(name)
    if backend not in BACKENDS:
        raise ParameterError("backend", backend, f"one of {', '.join(BACKENDS)}")
    dsg = make_design(m, grid, design, n_points=n_points, seed=seed)
    for name in dsg.names:
        if name in fixed:
            raise ParameterError("grid", name, "each parameter either in `grid` or in `fixed`, not both")
    check_select(select)  # validates the rule before any work
    if select.startswith("flag:") and m.flags is not None and select[5:] not in m.flags:
        known = ", ".join(f"flag:{f}" for f in m.flags) or "none"
        raise ParameterError("select", select, f"a flag that model {m.id or type(m).__name__!r} declares ({known})")
    chunk_size = _check_int("chunk_size", chunk_size, 1)
    workers = _check_int("workers", workers, 1)
    if select == "qre":  # the QRE limit needs the model's finite game, point by point
        check_qre_supported(m)
        if backend == "vectorized" or vectorized:
            raise ParameterError("vectorized" if vectorized else "backend", vectorized if vectorized else backend,
                                 "the per-point solve (vectorized=False or None, backend not 'vectorized') with select='qre'",
                                 "the QRE limit is traced point by point on the model's finite game")
        vectorized = False
    if backend == "vectorized":
        if vectorized is False:
            raise ParameterError("vectorized", vectorized, "True or None with backend='vectorized'")
        if not m.vectorized:
            raise ParameterError("backend", backend, "not 'vectorized' for this model",
                                 f"model {m.id!r} has no vectorized closed form")
        vectorized = True
    use_vec = m.vectorized if vectorized is None else bool(vectorized)
    if use_vec and not m.vectorized:
        raise ParameterError("vectorized", vectorized, "False for this model",
                             f"model {m.id!r} has no vectorized closed form")
    if backend == "dask" and client is None and scheduler is None:
        raise ParameterError("client", None, "a dask.distributed Client or a scheduler address", "backend='dask' needs a cluster")
    if backend == "auto" and (client is not None or scheduler is not None):
        backend = "dask"
    n = dsg.n
    cross = type(m)._check_arrays is not Model._check_arrays or (not use_vec and type(m)._check is not Model._check)
    big_grid = dsg.kind == "grid" and n > STREAM_VALIDATION_POINTS
    if big_grid:  # the axes now (enough without cross-parameter conditions), the points chunk by chunk
        _validate_axes(m, fixed, dsg)
        _validate_columns(m, fixed, dsg.chunk(0, 1), per_point=not use_vec, first=True)
    else:
        size = STREAM_VALIDATION_POINTS
        for s in range(0, n, size):
            _validate_columns(m, fixed, dsg.chunk(s, min(n, s + size)), per_point=not use_vec, first=s == 0)
    streamed = big_grid and cross
    return SweepPlan(m, fixed, dsg, select, use_vec, backend, chunk_size, workers, client, scheduler, seed, streamed)


def _default_chunk_size(n: int, vectorized: bool, in_memory: bool) -> int:
    if vectorized:  # in memory the whole table is kept anyway: fewer, larger chunks
        return max(VECTOR_CHUNK, min(n, 4 * VECTOR_CHUNK)) if in_memory else VECTOR_CHUNK
    return int(min(500, max(1, math.ceil(n / 64))))


def _check_int(name: str, value: Any, low: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
        raise ParameterError(name, value, f"an integer >= {low}")
    return int(value)


def _solver_options(m: Model, fixed: Mapping[str, Any], design: Design, vectorized: bool) -> dict:
    opts = dict(getattr(m, "solver_options", {}) or {})
    if not vectorized and design.n:
        try:  # the options of the generic solver at the first point (tolerances)
            cols = design.chunk(0, 1)
            sol = m.solve(**fixed, **{k: _python_value(v[0]) for k, v in cols.items()})
            opts.update(plain(dict(sol.solver_options)))
        except Exception:  # the point's failure is recorded by the sweep itself
            pass
    return opts
