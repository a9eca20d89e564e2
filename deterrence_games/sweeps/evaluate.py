"""Evaluating one chunk of a sweep: points in, tidy rows out (the *play* of a sweep).

Module level, so that process pools and Dask pickle :func:`evaluate_chunk` by reference.
A chunk is solved by the model's vectorized closed form (whole arrays) or point by point
(:meth:`Model.solve`); both give the same columns in the same order (see
:mod:`deterrence_games.sweeps.run` for the table's layout).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import ParameterError
from ..models import Model, QRESelectionError

__all__ = ["evaluate_chunk", "STATUS_OK", "STATUS_FAILED"]

STATUS_OK = "ok"
STATUS_FAILED = "failed"


def _python_value(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


def _lead_columns(m: Model) -> list[str]:
    return [*m.parameter_names, "point", "equilibrium", "n_equilibria", "label",
            "escalation_probability", *(f"prob_{o}" for o in m.outcomes)]


def _columns(m: Model, rows: list[dict]) -> list[str]:
    lead = _lead_columns(m)
    extra: dict[str, None] = {}
    for r in rows:
        for k in r:
            if k not in extra:
                extra[k] = None
    rest = [k for k in extra if k not in lead and k not in ("status", "error")]
    return [*lead, *_quantities_then_flags(rest), "status", "error"]


def _quantities_then_flags(extra: Sequence[str]) -> list[str]:
    """Quantity columns (in order of first appearance), then ``flag_*`` columns sorted by name
    (so that the per-point and the vectorized paths agree whatever order a model lists them)."""
    return [k for k in extra if not k.startswith("flag_")] + sorted(k for k in extra if k.startswith("flag_"))


def _rows_loop(m: Model, fixed: Mapping[str, Any], cols: Mapping[str, np.ndarray], start: int,
               select: str) -> pd.DataFrame:
    rows: list[dict] = []
    n = len(next(iter(cols.values()))) if cols else 0
    names = list(cols)
    for i in range(n):
        params = {**fixed, **{k: _python_value(cols[k][i]) for k in names}}
        point = start + i
        try:
            sol = m.solve(**params)
        except Exception as exc:  # a failing point is data, not a crash
            rows.append({**m.validate(**params), "point": point, "equilibrium": -1, "n_equilibria": 0,
                         "label": "", "escalation_probability": math.nan,
                         "status": STATUS_FAILED, "error": f"{type(exc).__name__}: {exc}"})
            continue
        try:
            keep, extra = m.select(sol, select)
        except QRESelectionError as exc:  # recorded with its reason, never another equilibrium
            rows.append({**sol.parameters, "point": point, "equilibrium": -1, "n_equilibria": len(sol),
                         "label": "", "escalation_probability": math.nan, "qre_distance": exc.distance,
                         "status": STATUS_FAILED, "error": f"{type(exc).__name__}: {exc}"})
            continue
        if not keep:  # never a silently missing point
            rows.append({**sol.parameters, "point": point, "equilibrium": -1, "n_equilibria": len(sol),
                         "label": "", "escalation_probability": math.nan, "status": STATUS_FAILED,
                         "error": _no_row_reason(len(sol), select)})
            continue
        for j in keep:
            row = {**sol.parameters, "point": point, "n_equilibria": len(sol)}
            row.update(sol.row(j, sol.flag_names))
            row.update(extra)
            row.update(status=STATUS_OK, error="")
            rows.append(row)
    return pd.DataFrame(rows, columns=_columns(m, rows))


def _no_row_reason(n_equilibria: int, select: str) -> str:
    """The error recorded for a point that has no equilibrium, or none that ``select`` keeps
    (the same text on the vectorized and the per-point path)."""
    if n_equilibria == 0:
        return "NoEquilibrium: the solver found no equilibrium at this point"
    return f"SelectionError: select={select!r} matched none of the {n_equilibria} equilibria"


def _select_mask(valid: np.ndarray, esc: np.ndarray, flags: Mapping[str, np.ndarray], select: str) -> np.ndarray:
    """Boolean (n, k) mask of the slots kept by the selection rule (vectorized twin of
    :func:`select_equilibria`; ties resolve to the first slot, as there)."""
    n, k = valid.shape
    if select == "all":
        return valid
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


def _rows_vectorized(m: Model, fixed: Mapping[str, Any], cols: Mapping[str, np.ndarray], start: int,
                     select: str) -> pd.DataFrame:
    sol = m.evaluate(**fixed, **cols)  # validated once, inside
    p = sol.parameters
    n = len(next(iter(cols.values())))
    valid = np.asarray(sol.valid, bool).reshape(n, -1)
    k = valid.shape[1]

    def slots(a: Any, dtype: Any = float) -> np.ndarray:
        """An ``(n, k)`` view: from ``(n, k)``, ``(n, 1)``, ``(1, k)``, ``(n,)`` (one value per
        point, every slot) or a scalar."""
        a = np.asarray(a, dtype=dtype)
        if a.ndim == 2:
            return np.broadcast_to(a, (n, k))
        if a.size == n * k:
            return a.reshape(n, k)
        return np.broadcast_to(a.reshape(n, 1) if a.size == n else a.reshape(1, -1), (n, k))

    flags = {f: slots(v, bool) for f, v in sol.flags.items()}
    outcomes = {o: slots(sol.outcomes[o]) for o in m.outcomes}
    esc = np.zeros((n, k))
    for o in m.escalatory:
        esc = esc + outcomes[o]
    keep = _select_mask(valid, esc, flags, select)
    one_slot = k == 1
    kept = keep.any(axis=1)
    failed = None
    if one_slot and keep.all():  # the common closed-form case: no gather needed
        ii = None
        rows = n
    else:
        ii, jj = np.nonzero(keep)  # row-major: point order, then equilibrium order
        if not kept.all():  # a point with no equilibrium, or none selected: one failed row
            lost = np.flatnonzero(~kept)
            order = np.argsort(np.concatenate([ii, lost]), kind="stable")
            ii = np.concatenate([ii, lost])[order]
            failed = np.concatenate([np.zeros(jj.size, bool), np.ones(lost.size, bool)])[order]
            jj = np.concatenate([jj, np.zeros(lost.size, jj.dtype)])[order]
        rows = ii.size

    def take(a: np.ndarray, fill: Any = np.nan) -> np.ndarray:
        if ii is None:
            return a.ravel()
        v = a[ii, jj]
        if failed is not None:
            v = v.copy()
            v[failed] = fill
        return v

    out: dict[str, Any] = {}
    for name in m.parameter_names:
        v = p[name]
        out[name] = (v if ii is None else v[ii]) if np.ndim(v) else np.full(rows, v)
    out["point"] = (np.arange(start, start + n, dtype=np.int64) if ii is None else ii.astype(np.int64) + start)
    out["equilibrium"] = (np.zeros(n, np.int64) if ii is None
                          else take((np.cumsum(valid, axis=1) - 1).astype(np.int64), -1))
    nvalid = valid.sum(axis=1).astype(np.int64)
    out["n_equilibria"] = nvalid if ii is None else nvalid[ii]
    codes, uniques = pd.factorize(take(slots(np.asarray(sol.labels, dtype=object), object), "").ravel())
    out["label"] = _str_column(codes, [str(u) for u in uniques])
    out["escalation_probability"] = take(esc)
    for o in m.outcomes:
        out[f"prob_{o}"] = take(outcomes[o])
    for q, arr in sol.quantities.items():
        out[q] = take(slots(arr))
    for f, arr in sorted(flags.items()):
        out[f"flag_{f}"] = take(arr, False)
    if failed is None:
        zeros = np.zeros(rows, np.int8)
        out["status"] = _str_column(zeros, [STATUS_OK])
        out["error"] = _str_column(zeros, [""])
    else:
        reasons = [_no_row_reason(v, select) for v in range(k + 1)]
        out["status"] = _str_column(failed.astype(np.int8), [STATUS_OK, STATUS_FAILED])
        codes = np.where(failed, 1 + nvalid[ii], 0)
        out["error"] = _str_column(codes, ["", *reasons])
    return pd.DataFrame(out, copy=False)  # no block consolidation (a full copy)


_STR_DTYPE = pd.Series(["x"]).dtype  # pandas' default dtype for text (``str`` from pandas 3)


def _str_column(codes: np.ndarray, uniques: Sequence[str]) -> Any:
    """A text column from integer codes into ``uniques``, in pandas' default text dtype,
    without a Python object per row (labels, status and error take few distinct values)."""
    if isinstance(_STR_DTYPE, pd.StringDtype) and _STR_DTYPE.storage == "pyarrow":
        import pyarrow as pa

        arr = pa.DictionaryArray.from_arrays(pa.array(np.asarray(codes, np.int32)),
                                             pa.array(list(uniques), pa.large_string())).dictionary_decode()
        return arr.to_pandas(types_mapper=lambda _: _STR_DTYPE)
    return np.asarray(list(uniques), dtype=object)[codes]


def evaluate_chunk(m: Model, fixed: Mapping[str, Any], cols: Mapping[str, np.ndarray], start: int,
                   select: str, vectorized: bool) -> pd.DataFrame:
    """Rows of the points ``cols`` (global indices from ``start``): one chunk of a sweep."""
    if vectorized:
        return _normalize(m, _rows_vectorized(m, fixed, cols, start, select))
    return _normalize(m, _rows_loop(m, fixed, cols, start, select))


def _normalize(m: Model, t: pd.DataFrame) -> pd.DataFrame:
    """One dtype per kind of column, whatever the chunk (so that chunks concatenate alike)."""
    for col in t.columns:
        if col.startswith("flag_"):  # a flag absent at some point reads as False
            if t[col].dtype != bool:
                t[col] = t[col].astype("boolean").fillna(False).astype(bool)
    return t


def _assemble(m: Model, frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate chunk tables in point order, with the columns of an unchunked run (a part
    written before a parameter was renamed has its column renamed)."""
    renamed = m.renamed  # a former name that is not also a current column (a quantity may share it)
    stale = {c for f in frames for c in f.columns if c in renamed and renamed[c] not in f.columns}
    if stale:
        m.canonical_names(dict.fromkeys(sorted(stale)), where="a stored sweep")
        frames = [f.rename(columns={c: renamed[c] for c in f.columns if c in stale and renamed[c] not in f.columns})
                  for f in frames]
    lead = _lead_columns(m)
    extra: dict[str, None] = {}
    for f in frames:
        for c in f.columns:
            if c not in lead and c not in ("status", "error"):
                extra.setdefault(c, None)
    columns = [*lead, *_quantities_then_flags(list(extra)), "status", "error"]
    nonempty = [f for f in frames if len(f)]
    if not nonempty:
        table = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        return table
    # a column missing from a chunk: False for a flag, NaN otherwise (as in one big frame)
    fixed_frames = []
    for f in nonempty:
        missing = [c for c in columns if c not in f.columns]
        if missing:
            f = f.assign(**{c: (False if c.startswith("flag_") else np.nan) for c in missing})
        fixed_frames.append(f[columns])
    if len(fixed_frames) == 1:
        return _normalize(m, fixed_frames[0].reset_index(drop=True))
    return _normalize(m, pd.DataFrame({c: _concat_column([f[c] for f in fixed_frames]) for c in columns}, copy=False))


def _concat_column(parts: list[pd.Series]) -> Any:
    """Concatenate one column's chunks (NumPy arrays when they share a NumPy dtype)."""
    dtypes = {p.dtype for p in parts}
    if len(dtypes) == 1 and isinstance(next(iter(dtypes)), np.dtype):
        return np.concatenate([p.to_numpy() for p in parts])
    return pd.concat(parts, ignore_index=True)
