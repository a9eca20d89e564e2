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
from typing import Any

import numpy as np

from .._validation import ParameterError, plain
from ..models._base import PROVENANCE_ORDER, Model
from .designs import Design
from .evaluate import _python_value

__all__ = ["grid_points", "BACKENDS"]

BACKENDS = ("auto", "serial", "process", "dask", "vectorized")
VECTOR_CHUNK = 262_144


def grid_points(grid: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Cartesian product of ``grid`` in key order, the last key varying fastest."""
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


def _validate_design(m: Model, fixed: Mapping[str, Any], dsg: Design, per_point: bool) -> None:
    """Check every point of the design (domains + cross-parameter conditions) before any work.

    Whole arrays at a time (:meth:`Model.validate_arrays`); a model solved point by point
    also goes through the scalar :meth:`Model.validate` (its type checks) at the first point,
    and at every point if the model overrides the scalar cross-parameter check ``_check``
    (otherwise ``_check`` is ``_check_arrays``, already applied to the arrays). The
    per-point loop costs ~25 us a point in the calling process: a serial share of every
    parallel sweep, avoided where it adds nothing.
    """
    n, size = dsg.n, 4 * VECTOR_CHUNK
    for s in range(0, n, size):
        m.validate_arrays(**fixed, **dsg.chunk(s, min(n, s + size)))
    if not per_point or n == 0:
        return
    if type(m)._check is Model._check:  # the scalar check is the array check: one point for the types
        m.validate(**fixed, **{k: _python_value(v[0]) for k, v in dsg.chunk(0, 1).items()})
        return
    for s in range(0, n, size):
        cols = dsg.chunk(s, min(n, s + size))
        for i in range(min(n, s + size) - s):
            m.validate(**fixed, **{k: _python_value(v[i]) for k, v in cols.items()})


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
