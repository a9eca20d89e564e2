"""Parameter sweeps: a model, a grid, a selection rule -> one tidy table.

The table has one row per (parameter point, equilibrium): every model parameter as a column
(named as the model names it), then ``point``, ``equilibrium``, ``n_equilibria``,
``label``, ``escalation_probability``, ``prob_<outcome>`` for each named outcome, the
model's further quantities, ``flag_<refinement>`` columns, and ``status`` / ``error``
(a point that cannot be solved is kept as a row with ``status == "failed"`` and the reason;
the sweep goes on). The table's ``attrs["provenance"]`` records the package version, model,
grid, fixed parameters, selection and method.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._validation import Choice, ParameterError, check_array, plain
from .._version import __version__
from ..models._base import Model
from ..models._registry import get_model
from ..results import select_equilibria

__all__ = ["sweep", "grid_points", "save_table", "load_table", "STATUS_OK", "STATUS_FAILED"]

STATUS_OK = "ok"
STATUS_FAILED = "failed"


def _check_grid(model: Model, grid: Mapping[str, Any], fixed: Mapping[str, Any]) -> dict[str, np.ndarray]:
    if not isinstance(grid, Mapping) or not grid:
        raise ParameterError("grid", grid, "a non-empty mapping {parameter name: sequence of values}")
    if not isinstance(fixed, Mapping):
        raise ParameterError("fixed", fixed, "a mapping {parameter name: value}")
    out: dict[str, np.ndarray] = {}
    for name, values in grid.items():
        par = model.parameter(name)  # raises for unknown names
        if name in fixed:
            raise ParameterError("grid", name, "each parameter either in `grid` or in `fixed`, not both")
        if isinstance(values, str | bytes) or np.ndim(values) != 1 or len(values) == 0:
            raise ParameterError(f"grid[{name!r}]", values, "a non-empty 1-d sequence of values")
        arr = check_array(name, list(values), par.domain, par.meaning)
        out[name] = arr
    for name in fixed:
        model.parameter(name)
    return out


def grid_points(grid: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Cartesian product of ``grid`` in key order, the last key varying fastest."""
    names = list(grid)
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*grid.values())]


def _python_value(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


def sweep(
    model: str | Model,
    grid: Mapping[str, Sequence[Any]],
    *,
    fixed: Mapping[str, Any] | None = None,
    select: str = "all",
    vectorized: bool | None = None,
) -> pd.DataFrame:
    """Solve ``model`` on every point of the Cartesian ``grid`` and return a tidy table.

    Parameters
    ----------
    model : str or Model
        A registered model id (see :func:`deterrence_games.model_ids`) or a model instance.
    grid : mapping
        ``{parameter name: 1-d sequence of values}``; the Cartesian product is swept, in
        key order with the last key varying fastest.
    fixed : mapping, optional
        Values for other parameters (the rest take their defaults).
    select : str
        ``"all"`` (one row per equilibrium), ``"min"`` / ``"max"`` (the least / most
        escalatory equilibrium), ``"first"``, or ``"flag:<name>"``. Recorded in the output.
    vectorized : bool, optional
        Use the model's vectorized closed form (default: when the model has one).

    Returns
    -------
    pandas.DataFrame
        One row per (point, selected equilibrium); provenance in ``attrs["provenance"]``.

    Examples
    --------
    >>> import deterrence_games as dg
    >>> t = dg.sweep("crisis_bargaining_signal", {"rho": [0.5, 0.75, 1.0]}, fixed={"pi": 0.6})
    >>> t[["rho", "escalation_probability"]].round(4).values.tolist()
    [[0.5, 0.0], [0.75, 0.15], [1.0, 0.0]]
    """
    m = get_model(model)
    fixed = dict(fixed or {})
    checked = _check_grid(m, grid, fixed)
    select_equilibria([], select)  # validates the rule before any work
    # validate every point (domains + cross-parameter conditions) before any work
    points = grid_points(checked)
    n = len(points)
    arrays = {k: np.array([p[k] for p in points], dtype=object if isinstance(m.parameter(k).domain, Choice) else float)
              for k in checked}
    full = {**{k: v for k, v in fixed.items()}, **arrays}
    use_vec = m.vectorized if vectorized is None else bool(vectorized)
    if use_vec and not m.vectorized:
        raise ParameterError("vectorized", vectorized, "False for this model", f"model {m.id!r} has no vectorized closed form")
    if use_vec:
        p = m.validate_arrays(**full)
        rows = _rows_vectorized(m, p, n, select)
        method = f"{m.method} (vectorized)"
    else:
        _validate_points(m, fixed, points)
        rows = _rows_loop(m, fixed, points, select)
        method = m.method
    if isinstance(rows, pd.DataFrame):
        table = rows
    else:
        table = pd.DataFrame(rows, columns=_columns(m, rows))
        for col in table.columns:
            if col.startswith("flag_"):  # a flag absent at some point reads as False
                table[col] = table[col].astype("boolean").fillna(False).astype(bool)
    table.attrs["provenance"] = {
        "package": "deterrence_games",
        "version": __version__,
        "model": m.id,
        "model_provenance": m.provenance,
        "grid": {k: plain(v) for k, v in checked.items()},
        "fixed": plain(fixed),
        "defaults": plain({k: v for k, v in m.defaults.items() if k not in checked and k not in fixed}),
        "select": select,
        "method": method,
        "n_points": n,
        "n_failed": int((table["status"] == STATUS_FAILED).sum()) if len(table) else 0,
    }
    return table


def _validate_points(m: Model, fixed: Mapping[str, Any], points: list[dict[str, Any]]) -> None:
    for point in points:
        m.validate(**fixed, **{k: _python_value(v) for k, v in point.items()})


def _columns(m: Model, rows: list[dict]) -> list[str]:
    lead = [*m.parameter_names, "point", "equilibrium", "n_equilibria", "label",
            "escalation_probability", *(f"prob_{o}" for o in m.outcomes)]
    extra: dict[str, None] = {}
    for r in rows:
        extra.update((k, None) for k in r if k not in lead and k not in ("status", "error"))
    quantities = [k for k in extra if not k.startswith("flag_")]
    flags = [k for k in extra if k.startswith("flag_")]
    return [*lead, *quantities, *flags, "status", "error"]


def _rows_loop(m: Model, fixed: Mapping[str, Any], points: list[dict[str, Any]], select: str) -> list[dict]:
    rows: list[dict] = []
    for i, point in enumerate(points):
        params = {**fixed, **{k: _python_value(v) for k, v in point.items()}}
        try:
            sol = m.solve(**params)
        except Exception as exc:  # a failing point is data, not a crash
            rows.append({**m.validate(**params), "point": i, "equilibrium": -1, "n_equilibria": 0,
                         "label": "", "escalation_probability": math.nan,
                         "status": STATUS_FAILED, "error": f"{type(exc).__name__}: {exc}"})
            continue
        keep = select_equilibria(sol.equilibria, select)
        for j in keep:
            row = {**sol.parameters, "point": i, "n_equilibria": len(sol)}
            row.update(sol._row(j, sol.equilibria[j], sol.flag_names))
            row.update(status=STATUS_OK, error="")
            rows.append(row)
    return rows


def _select_mask(valid: np.ndarray, esc: np.ndarray, flags: Mapping[str, np.ndarray], select: str) -> np.ndarray:
    """Boolean (n, k) mask of the slots kept by the selection rule (vectorized twin of
    :func:`select_equilibria`; ties resolve to the first slot, as there)."""
    n, k = valid.shape
    if select == "all":
        return valid.copy()
    if select.startswith("flag:"):
        f = flags.get(select[5:])
        return valid & (np.asarray(f, bool).reshape(n, k) if f is not None else False)
    mask = np.zeros_like(valid)
    has = valid.any(axis=1)
    if select == "first":
        j = np.argmax(valid, axis=1)
    elif select in ("min", "max"):
        fill = np.inf if select == "min" else -np.inf
        masked = np.where(valid, esc, fill)
        j = np.argmin(masked, axis=1) if select == "min" else np.argmax(masked, axis=1)
    else:  # pragma: no cover - select was validated before
        raise ParameterError("select", select, "a known selection rule")
    mask[np.flatnonzero(has), j[has]] = True
    return mask


def _rows_vectorized(m: Model, p: dict[str, np.ndarray], n: int, select: str) -> list[dict] | pd.DataFrame:
    sol = m._solve_arrays(p)
    valid = np.asarray(sol.valid, bool).reshape(n, -1)
    k = valid.shape[1]

    def slots(a: Any, dtype: Any = float) -> np.ndarray:
        return np.broadcast_to(np.asarray(a, dtype=dtype).reshape(n, -1), (n, k))

    esc = np.zeros((n, k))
    for o in m.escalatory:
        esc = esc + slots(sol.outcomes[o])
    flags = {f: slots(v, bool) for f, v in sol.flags.items()}
    keep = _select_mask(valid, esc, flags, select)
    ii, jj = np.nonzero(keep)  # row-major: point order, then equilibrium order
    eq_index = (np.cumsum(valid, axis=1) - 1)[ii, jj]
    cols: dict[str, Any] = {name: p[name][ii] if np.ndim(p[name]) else np.full(ii.size, p[name])
                            for name in m.parameter_names}
    cols.update(point=ii.astype(np.int64), equilibrium=eq_index.astype(np.int64),
                n_equilibria=valid.sum(axis=1)[ii].astype(np.int64),
                label=slots(sol.labels, object)[ii, jj].astype(str),
                escalation_probability=esc[ii, jj])
    for o in m.outcomes:
        cols[f"prob_{o}"] = slots(sol.outcomes[o])[ii, jj]
    for q, arr in sol.quantities.items():
        cols[q] = slots(arr)[ii, jj]
    for f, arr in flags.items():
        cols[f"flag_{f}"] = arr[ii, jj]
    cols["status"] = np.full(ii.size, STATUS_OK, dtype=object)
    cols["error"] = np.full(ii.size, "", dtype=object)
    return pd.DataFrame(cols)


# ---------------------------------------------------------------------------------------
# saving
# ---------------------------------------------------------------------------------------


def save_table(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a sweep table to CSV or Parquet (by suffix) plus a JSON provenance sidecar."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise ParameterError("out", str(path), "a path ending in .csv or .parquet")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        table.to_csv(path, index=False)
    else:
        table.to_parquet(path, index=False)
    sidecar = path.with_name(path.name + ".json")
    sidecar.write_text(json.dumps(plain(table.attrs.get("provenance", {})), indent=2, sort_keys=True) + "\n")
    return path


def load_table(path: str | Path) -> pd.DataFrame:
    """Read a table written by :func:`save_table`, with its provenance in ``attrs``."""
    path = Path(path)
    table = pd.read_parquet(path) if path.suffix.lower() == ".parquet" else pd.read_csv(path, keep_default_na=False, na_values=[""])
    sidecar = path.with_name(path.name + ".json")
    if sidecar.exists():
        table.attrs["provenance"] = json.loads(sidecar.read_text())
    return table
