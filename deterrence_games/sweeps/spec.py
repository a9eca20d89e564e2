"""Sweep specification files (TOML), read as data only.

A spec names everything a sweep needs; ``deterrence-games sweep --spec sweep.toml`` runs it.
Nothing in the file is executed: it is parsed with :mod:`tomllib` and every key is checked
against the list below (an unknown key is an error that names it).

.. code-block:: toml

    model = "inspection"            # required: a registered model id
    select = "all"                  # all | min | max | first | flag:<name> | qre (QRE limit)
    design = "grid"                 # grid | points | lhs | random
    n_points = 1000                 # lhs / random only
    seed = 12345                    # lhs / random only
    backend = "auto"                # auto | serial | process | dask | vectorized
    chunk_size = 5000
    workers = 2                     # process backend
    scheduler = "tcp://10.0.0.1:8786"   # dask backend
    vectorized = true               # method: closed form (true) or generic solver (false)
    out = "runs/inspection"         # a folder (parts + manifest) or a .csv / .parquet file,
                                    # relative to this file's folder, which it may not leave

    [fixed]
    k = 0.4

    [grid]                          # design = "grid": values or {start, stop, num}
    beta = {start = 0.0, stop = 0.6, num = 61}
    alpha = [0.0, 0.05, 0.2]
    # design = "lhs" / "random": ranges, e.g. beta = {low = 0.0, high = 0.6}
    # design = "points": use [[points]] tables instead of [grid]

    # [[points]]
    # beta = 0.1
    # alpha = 0.05
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .._validation import Choice, ParameterError

__all__ = ["SPEC_KEYS", "MAX_AXIS", "read_spec", "parse_spec", "check_spec_values"]

#: values of one ``{start, stop, num}`` axis beyond which a spec needs ``max_axis=None``
#: (``--yes``): the axis is allocated when the spec is read
MAX_AXIS = 10**7

SPEC_KEYS = ("model", "select", "design", "n_points", "seed", "backend", "chunk_size", "workers",
             "scheduler", "vectorized", "out", "fixed", "grid", "points")
_TYPES: dict[str, tuple[type, ...]] = {
    "model": (str,), "select": (str,), "design": (str,), "n_points": (int,), "seed": (int,),
    "backend": (str,), "chunk_size": (int,), "workers": (int,), "scheduler": (str,),
    "vectorized": (bool,), "out": (str,), "fixed": (dict,), "grid": (dict,), "points": (list,),
}


def _unknown(key: str, allowed: tuple[str, ...], where: str) -> ParameterError:
    return ParameterError("spec key", key, f"one of {', '.join(allowed)}", f"unknown key in {where}")


def _grid_entry(name: str, value: Any, where: str, max_axis: int | None = MAX_AXIS) -> Any:
    if isinstance(value, dict):
        keys = tuple(value)
        if set(keys) <= {"start", "stop", "num"}:
            missing = {"start", "stop", "num"} - set(keys)
            if missing:
                raise ParameterError(f"grid.{name}", value, "{start, stop, num}", f"missing {', '.join(sorted(missing))} in {where}")
            num = value["num"]
            if isinstance(num, bool) or not isinstance(num, int) or num < 1:
                raise ParameterError(f"grid.{name}.num", num, "a positive integer")
            if max_axis is not None and num > max_axis:
                raise ParameterError(f"grid.{name}.num", num, f"num <= {max_axis:.0e}",
                                     f"{8 * num / 1e9:.3g} GB before any work: pass --yes to allocate them anyway")
            for end in ("start", "stop"):
                v = value[end]
                if isinstance(v, bool) or not isinstance(v, int | float) or not np.isfinite(float(v)):
                    raise ParameterError(f"grid.{name}.{end}", v, "a finite number", f"in {where}")
            return [float(v) for v in np.linspace(float(value["start"]), float(value["stop"]), num)]
        if set(keys) <= {"low", "high"}:
            if set(keys) != {"low", "high"}:
                raise ParameterError(f"grid.{name}", value, "{low, high}", f"in {where}")
            return (value["low"], value["high"])
        bad = next(k for k in keys if k not in ("start", "stop", "num", "low", "high"))
        raise _unknown(f"grid.{name}.{bad}", ("start", "stop", "num", "low", "high"), where)
    if isinstance(value, list):
        return value
    raise ParameterError(f"grid.{name}", value, "a list of values, {start, stop, num} or {low, high}", f"in {where}")


def parse_spec(data: Mapping[str, Any], where: str = "the spec", max_axis: int | None = MAX_AXIS) -> dict[str, Any]:
    """Check a parsed spec (a dict) and return the keyword arguments of a sweep.

    Returns a dict with ``model`` and the :func:`~deterrence_games.sweep` keywords
    (``grid`` holds the design's values, ranges or points). A ``{start, stop, num}`` axis
    may hold at most ``max_axis`` values (None: no limit).
    """
    for key in data:
        if key not in SPEC_KEYS:
            raise _unknown(key, SPEC_KEYS, where)
    for key, value in data.items():
        types = _TYPES[key]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise ParameterError(f"spec key {key}", value, f"a {' or '.join(t.__name__ for t in types)}", f"in {where}")
    if "model" not in data:
        raise ParameterError("spec key", None, "a `model = \"<id>\"` entry", f"missing in {where}")
    out: dict[str, Any] = {k: v for k, v in data.items() if k not in ("grid", "points")}
    if "points" in data:
        if "grid" in data:
            raise ParameterError("spec key", "points", "either [grid] or [[points]], not both", f"in {where}")
        if not data["points"] or not all(isinstance(p, dict) for p in data["points"]):
            raise ParameterError("spec key points", data["points"], "a non-empty array of tables [[points]]")
        out["grid"] = list(data["points"])
        out.setdefault("design", "points")
    elif "grid" in data:
        out["grid"] = {name: _grid_entry(name, v, where, max_axis) for name, v in data["grid"].items()}
    else:
        raise ParameterError("spec key", None, "a [grid] table or [[points]]", f"missing in {where}")
    return out


def _value_ok(par: Any, v: Any) -> bool:
    if isinstance(par.domain, Choice):
        return any(v == o and isinstance(v, bool) == isinstance(o, bool) for o in par.domain.options)
    return isinstance(v, int | float) and not isinstance(v, bool)


def check_spec_values(model: Any, opts: Mapping[str, Any], where: str = "the spec") -> None:
    """Check the kinds of the values of a parsed spec against ``model``'s parameters: a
    number where the domain is numeric (not a string, a boolean or a TOML date), one of the
    options of a categorical parameter. Domains themselves are checked by the sweep. Former
    parameter names in ``opts`` are replaced by the current ones (DeprecationWarning)."""
    def check(label: str, name: str, v: Any) -> None:
        par = model.parameter(name)
        if not _value_ok(par, v):
            raise ParameterError(label, v, par.describe(), f"in {where}")

    # former parameter names: one DeprecationWarning naming the spec, then the current names
    if isinstance(opts.get("fixed"), Mapping):
        opts["fixed"] = model.canonical_names(opts["fixed"], where=where)
    if isinstance(opts.get("grid"), Mapping):
        opts["grid"] = model.canonical_names(opts["grid"], where=where)
    elif isinstance(opts.get("grid"), list):
        opts["grid"] = [model.canonical_names(p, where=where) for p in opts["grid"]]
    for name, v in (opts.get("fixed") or {}).items():
        check(f"fixed.{name}", name, v)
    grid = opts.get("grid")
    if isinstance(grid, Mapping):
        for name, values in grid.items():
            for v in values:
                check(f"grid.{name}", name, v)
    elif isinstance(grid, list):
        for i, point in enumerate(grid):
            for name, v in point.items():
                check(f"points[{i}].{name}", name, v)


def resolve_out(out: str, spec_path: Path) -> Path:
    """A spec's ``out``, relative to the spec's folder, which it may not leave."""
    base = spec_path.resolve().parent
    target = (base / out).resolve()
    if not target.is_relative_to(base):
        raise ParameterError("spec key out", out, f"a path inside the spec's folder {base}",
                             "give --out on the command line to write elsewhere")
    return target


def read_spec(path: str | Path, *, confine_out: bool = True, max_axis: int | None = MAX_AXIS) -> dict[str, Any]:
    """Read and check a TOML sweep spec (data only: nothing in it is executed).

    ``out`` is resolved relative to the spec's folder and may not leave it (unless
    ``confine_out=False``, when the caller overrides it, as ``--out`` does).
    """
    path = Path(path)
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise ParameterError("--spec", str(path), "a readable TOML file", exc.strerror or str(exc)) from None
    try:
        data = tomllib.loads(text.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ParameterError("--spec", str(path), "a valid TOML file", str(exc).splitlines()[0]) from None
    opts = parse_spec(data, path.name, max_axis)
    if "out" in opts:
        opts["out"] = str(resolve_out(opts["out"], path)) if confine_out else opts["out"]
    return opts
