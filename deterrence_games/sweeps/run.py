"""Parameter sweeps: a model, a design, a selection rule -> one tidy table.

The table has one row per (parameter point, equilibrium): every model parameter as a column
(named as the model names it), then ``point``, ``equilibrium``, ``n_equilibria``,
``label``, ``escalation_probability``, ``prob_<outcome>`` for each named outcome, the
model's further quantities, ``flag_<refinement>`` columns, and ``status`` / ``error``
(a point that cannot be solved is kept as a row with ``status == "failed"`` and the reason;
the sweep goes on). The table's ``attrs["provenance"]`` records the package version, model,
design, fixed parameters, selection, method, backend, seed, timestamps and a summary of
the failures.

How the work is cut and where it runs
-------------------------------------
The points (``0 .. n-1``, in design order) are cut into chunks of ``chunk_size``
consecutive points. A chunk is evaluated either by the model's vectorized closed form
(``Model._solve_arrays``: whole arrays, no Python loop per point) or by ``Model.solve``
point by point (the *method*, chosen by ``vectorized``). Chunks run in this process
(``backend="serial"``), in a spawn-safe process pool (``"process"``) or on a
``dask.distributed`` cluster (``"dask"``). Every point is computed independently from the
same inputs and the chunks are assembled in point order, so the table is the same (same
rows, same values to the bit, same order) whatever the backend and the chunk size.

Never losing finished work
--------------------------
With ``out=`` a folder, every finished chunk is written at once as
``part-<chunk>.parquet`` (atomically: written aside, then renamed) next to
``manifest.json`` (the sweep's specification). A sweep that was interrupted (Ctrl-C,
SIGKILL, a lost worker) is continued with ``resume=True`` (``--resume``): the chunks
already on disk are kept, the others computed, and the table read back by
:func:`load_sweep` is identical to the one of an uninterrupted run. With ``out=`` a
``.csv`` / ``.parquet`` file, the parts live in ``<file>.parts/`` until the file is written.

Nothing wrong or mixed on disk: the specification is stored in the manifest and in every
part with the design's parameter order (which fixes the order of the points), and a resume
with another specification is refused; each part's size and SHA-256 are appended to
``parts.sha256`` when it is renamed into place, and a part that is truncated, damaged or from
another specification is reported (:class:`CorruptPartWarning`), deleted and recomputed. One
output has one writer: ``.lock`` is created atomically with the owner's pid and host (a lock
left by a dead process of this host is taken over; any other is named in the error). A
``.csv`` / ``.parquet`` file is written under a temporary name and linked into place, never
over an existing file unless ``overwrite=True``. A sweep that fails before computing
anything leaves nothing behind. Loading imports nothing named in a file: see :func:`load_sweep`.

On a cluster, the same call takes ``client=`` (a ``dask.distributed.Client``, e.g. on a
``dask_jobqueue.SLURMCluster``) or ``scheduler="tcp://host:8786"``: see
``benchmarks/cluster/`` for a SLURM driver, job script and spec file, and
:mod:`deterrence_games.sweeps.cluster` for the worker configuration that keeps Dask's
housekeeping from slowing CPU-bound chunks (:func:`~deterrence_games.sweeps.cluster.local_cluster`
on one machine).
"""

from __future__ import annotations

import atexit
import hashlib
import itertools
import json
import math
import os
import shutil
import socket
import sys
import time
import uuid
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._validation import ParameterError, plain
from .._version import __version__
from ..models._base import PROVENANCE_ORDER, Model
from ..models._qre_select import QRESelectionError, check_qre_supported, qre_options, qre_selection
from ..models._registry import get_model
from ..results import check_select, select_equilibria
from .designs import Design, design_from_dict, make_design

__all__ = [
    "sweep", "grid_points", "save_table", "load_table", "load_sweep", "failure_summary",
    "estimate", "SweepRun", "BACKENDS", "STATUS_OK", "STATUS_FAILED", "CorruptPartWarning", "design_of",
]

STATUS_OK = "ok"
STATUS_FAILED = "failed"
BACKENDS = ("auto", "serial", "process", "dask", "vectorized")
MANIFEST = "manifest.json"
PROVENANCE = "provenance.json"
FORMAT = "deterrence_games.sweep/1"
PARQUET_KEY = b"deterrence_games.provenance"
VECTOR_CHUNK = 262_144
#: with backend="auto", a generic-solver sweep moves to a process pool when the rest of it
#: would take longer than this many seconds serially (measured on the first chunk)
AUTO_POOL_SECONDS = 3.0


def grid_points(grid: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Cartesian product of ``grid`` in key order, the last key varying fastest."""
    names = list(grid)
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*grid.values())]


def _python_value(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ---------------------------------------------------------------------------------------
# the result of a sweep written to disk without collecting it
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepRun:
    """A finished sweep kept on disk (``sweep(..., out=folder, collect=False)``)."""

    path: Path
    n_points: int
    n_rows: int
    n_failed: int
    provenance: Mapping[str, Any] = field(repr=False)
    model: Model | None = field(default=None, repr=False, compare=False)

    def load(self) -> pd.DataFrame:
        """The table (see :func:`load_sweep`)."""
        models = {self.provenance["model"]: self.model} if self.model is not None else None
        return load_sweep(self.path, models=models)

    def to_dict(self) -> dict:
        return {"path": str(self.path), "n_points": self.n_points, "n_rows": self.n_rows,
                "n_failed": self.n_failed, "provenance": plain(dict(self.provenance))}

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{k: v for k, v in self.to_dict().items() if k != "provenance"}])

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(index=False)


# ---------------------------------------------------------------------------------------
# evaluating one chunk (module level: picklable for process pools and Dask)
# ---------------------------------------------------------------------------------------


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
        extra: dict[str, float] = {}
        if select == "qre":
            try:
                chosen = qre_selection(m, sol)
            except QRESelectionError as exc:  # recorded with its reason, never another equilibrium
                rows.append({**sol.parameters, "point": point, "equilibrium": -1, "n_equilibria": len(sol),
                             "label": "", "escalation_probability": math.nan, "qre_distance": exc.distance,
                             "status": STATUS_FAILED, "error": f"{type(exc).__name__}: {exc}"})
                continue
            keep, extra = [chosen.index], chosen.quantities()
        else:
            keep = select_equilibria(sol.equilibria, select)
        if not keep:  # never a silently missing point
            rows.append({**sol.parameters, "point": point, "equilibrium": -1, "n_equilibria": len(sol),
                         "label": "", "escalation_probability": math.nan, "status": STATUS_FAILED,
                         "error": _no_row_reason(len(sol), select)})
            continue
        for j in keep:
            row = {**sol.parameters, "point": point, "n_equilibria": len(sol)}
            row.update(sol._row(j, sol.equilibria[j], sol.flag_names))
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
    p = m.validate_arrays(**fixed, **cols)
    n = len(next(iter(cols.values())))
    sol = m._solve_arrays(p)
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


# ---------------------------------------------------------------------------------------
# part files, checksums, manifest, lock
# ---------------------------------------------------------------------------------------

#: per-part size and SHA-256, one line a part (appended when the part is renamed into place)
CHECKSUMS = "parts.sha256"
#: the lock file of a sweep output folder: pid, host and start of the sweep writing it
LOCK = ".lock"
SPEC_META_KEY = b"deterrence_games.spec"


class CorruptPartWarning(UserWarning):
    """A part file of a sweep folder is truncated, damaged or from another specification:
    it is deleted and its chunk recomputed."""


def _part_path(folder: Path, c: int) -> Path:
    return folder / f"part-{c:06d}.parquet"


def _tmp_name(final: Path) -> Path:
    """A temporary name next to ``final``, unique to this process and call."""
    return final.with_name(f".{final.name}.{os.getpid()}.{uuid.uuid4().hex[:12]}.tmp")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _write_part(folder: Path, c: int, frame: pd.DataFrame, spec_json: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    tbl = pa.Table.from_pandas(frame, preserve_index=False)
    meta = dict(tbl.schema.metadata or {})
    meta[SPEC_META_KEY] = spec_json.encode()
    tbl = tbl.replace_schema_metadata(meta)
    final = _part_path(folder, c)
    tmp = _tmp_name(final)
    try:
        pq.write_table(tbl, tmp, use_dictionary=_text_columns(frame))
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        digest, size = _sha256(tmp), tmp.stat().st_size
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    with open(folder / CHECKSUMS, "a") as fh:  # a part without its line is re-verified by reading it
        fh.write(f"{digest}  {size}  {final.name}\n")
        fh.flush()
        os.fsync(fh.fileno())


def _checksums(folder: Path) -> dict[str, tuple[str, int]]:
    """``{part file name: (sha256, size)}`` from the checksum file (the last line of a part wins)."""
    out: dict[str, tuple[str, int]] = {}
    try:
        lines = (folder / CHECKSUMS).read_text().splitlines()
    except FileNotFoundError:
        return out
    for line in lines:
        fields = line.split()
        if len(fields) == 3 and fields[1].isdigit():
            out[fields[2]] = (fields[0], int(fields[1]))
    return out


def _part_problem(path: Path, spec_json: str, sums: Mapping[str, tuple[str, int]]) -> str:
    """Why the part ``path`` cannot be used ("" if it can): size or checksum differing from
    :data:`CHECKSUMS`, an unreadable file, or a stored specification other than ``spec_json``."""
    import pyarrow.parquet as pq

    size = path.stat().st_size
    if size == 0:
        return "empty file"
    expected = sums.get(path.name)
    if expected is not None:
        if size != expected[1]:
            return f"size {size} bytes, {expected[1]} when written"
        if _sha256(path) != expected[0]:
            return "checksum differs from the one recorded when it was written"
    try:
        meta = pq.read_schema(path).metadata or {}
        if expected is None:  # no checksum line (killed between rename and append): read it all
            pq.read_table(path)
    except Exception as exc:  # pyarrow raises several kinds on damaged files
        return f"unreadable ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"
    if meta.get(SPEC_META_KEY, b"").decode() != spec_json:
        return "written by a sweep with another specification"
    return ""


def _text_columns(frame: pd.DataFrame) -> list[str]:
    """Columns worth dictionary-encoding in Parquet: text (labels, status, errors, categorical
    parameters). Dictionary-encoding float columns costs ~4x the write time for no gain."""
    return [str(c) for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c].dtype)]


def _read_part(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path)


def _done_chunks(folder: Path, n_chunks: int) -> set[int]:
    done = set()
    for p in folder.glob("part-*.parquet"):
        try:
            c = int(p.stem.split("-", 1)[1])
        except ValueError:
            continue
        if 0 <= c < n_chunks:
            done.add(c)
    return done


def _verified_chunks(folder: Path, n_chunks: int, spec_json: str) -> tuple[set[int], dict[int, str]]:
    """The chunks whose part is sound, and ``{chunk: problem}`` for the others."""
    sums = _checksums(folder)
    good, bad = set(), {}
    for c in sorted(_done_chunks(folder, n_chunks)):
        problem = _part_problem(_part_path(folder, c), spec_json, sums)
        if problem:
            bad[c] = problem
        else:
            good.add(c)
    return good, bad


def _migrate_spec(m: Model, spec: Mapping[str, Any], where: str) -> dict:
    """A stored specification or provenance with the model's former parameter names replaced
    by the current ones (``fixed``, ``defaults``, ``grid`` and the design's names), warning
    once with a DeprecationWarning; unchanged when it uses none."""
    renamed = m.renamed
    out = dict(spec)
    if not renamed:
        return out
    design = dict(out["design"]) if isinstance(out.get("design"), Mapping) else None
    slots = [(out, k) for k in ("fixed", "defaults", "grid") if isinstance(out.get(k), Mapping)]
    if design is not None:
        out["design"] = design
        slots += [(design, k) for k in ("grid", "points", "ranges") if isinstance(design.get(k), Mapping)]
    found = {name for d, k in slots for name in d[k] if name in renamed}
    if not found:
        return out
    m.canonical_names(dict.fromkeys(sorted(found)), where=where)  # the warning, once
    for d, k in slots:
        d[k] = {renamed.get(name, name): v for name, v in d[k].items()}
    return out


def _spec_key(spec: Mapping[str, Any]) -> str:
    """The specification as compared on resume and stored in every part: sorted keys, except
    inside the design, whose parameter order fixes the order of the points (grid) or the
    columns of the unit cube (lhs, random)."""
    spec = plain(spec)
    design = spec.get("design") if isinstance(spec, Mapping) else None
    order = {k: list(v) for k, v in design.items() if isinstance(v, Mapping)} if isinstance(design, Mapping) else {}
    return json.dumps({**spec, "design_order": order}, sort_keys=True, default=str)


def _host() -> str:
    return socket.gethostname()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def _read_lock(path: Path) -> dict:
    try:
        data = json.loads(path.read_text())
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _acquire_lock(folder: Path) -> Path:
    """Create ``folder/.lock`` atomically (``O_CREAT | O_EXCL``) holding pid, host and start.

    A lock left by a process of this host that no longer runs (a SIGKILLed sweep) is taken
    over (under a second atomic lock, so that two resumes cannot both take it); any other
    lock refuses the sweep with the owner's pid and host named.
    """
    path = folder / LOCK
    info = json.dumps({"pid": os.getpid(), "host": _host(), "started": _now()})
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            owner = _read_lock(path)
            pid, host = owner.get("pid"), owner.get("host")
            stale = host == _host() and isinstance(pid, int) and not _pid_alive(pid)
            if stale and _take_over(path, owner):
                continue
            what = f"pid {pid} on host {host}, since {owner.get('started')}" if owner else "an unreadable lock"
            hint = (f"another sweep writes there ({what}); if no sweep runs, the lock is stale: delete {path}")
            raise ParameterError("out", str(folder), "an output that no other sweep is writing", hint) from None
        with os.fdopen(fd, "w") as fh:
            fh.write(info)
        return path
    raise ParameterError("out", str(folder), "an output that no other sweep is writing",
                         f"could not take over the stale lock {path}")


def _take_over(path: Path, owner: dict) -> bool:
    guard = path.with_name(path.name + ".takeover")
    try:
        fd = os.open(guard, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return False
    try:
        os.close(fd)
        if _read_lock(path) == owner:  # still the stale one: nobody took it meanwhile
            path.unlink(missing_ok=True)
            return True
        return False
    finally:
        guard.unlink(missing_ok=True)


def _release_lock(lock: Path | None) -> None:
    if lock is not None and _read_lock(lock).get("pid") == os.getpid():
        lock.unlink(missing_ok=True)


def _prepare_folder(folder: Path, spec: dict, chunk_size: int | None, resume: bool,
                    model: Model | None = None) -> tuple[int, dict]:
    """Reopen the (locked) parts folder; returns the chunk size and the manifest."""
    manifest_path = folder / MANIFEST
    if manifest_path.exists():
        manifest = _read_manifest(manifest_path)
        if not resume:
            raise ParameterError("out", str(folder), "a new folder, or resume=True (--resume) to continue the sweep it holds",
                                 "it already holds a sweep")
        old = manifest.get("spec", {})
        if old.get("model") == spec.get("model") and model is not None:  # written before a rename
            old = _migrate_spec(model, old, f"sweep folder {folder}")
        if _spec_key(old) != _spec_key(spec):
            diff = sorted(k for k in set(spec) | set(old) if _spec_key({k: spec.get(k)}) != _spec_key({k: old.get(k)}))
            if not diff:  # same values in another order
                diff = ["design (the order of the parameters, which fixes the order of the points)"]
            raise ParameterError("out", str(folder), "a folder holding a sweep with the same specification",
                                 f"the sweep there differs in: {', '.join(diff)}")
        if chunk_size is not None and chunk_size != manifest["chunk_size"]:
            raise ParameterError("chunk_size", chunk_size, f"chunk_size = {manifest['chunk_size']} (the interrupted sweep's)",
                                 "or leave it unset when resuming")
        manifest.setdefault("resumed", []).append(_now())
        return int(manifest["chunk_size"]), manifest
    if any(p.name not in (LOCK, LOCK + ".takeover") for p in folder.iterdir()):
        raise ParameterError("out", str(folder), "an empty or new folder (or a sweep folder to resume)")
    return -1, {"format": FORMAT, "spec": spec, "created": _now(), "resumed": []}


def _read_manifest(path: Path) -> dict:
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ParameterError("out", str(path.parent), f"a sweep folder with a readable {MANIFEST}", str(exc)) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("spec"), dict):
        raise ParameterError("out", str(path.parent), f"a sweep folder whose {MANIFEST} holds a specification")
    return manifest


def _write_json(path: Path, data: Any) -> None:
    """Write ``data`` as JSON atomically, keys in their order (the design's order matters)."""
    tmp = _tmp_name(path)
    try:
        tmp.write_text(json.dumps(plain(data), indent=2, default=str) + "\n")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------
# backends
# ---------------------------------------------------------------------------------------


def _progress_bar(progress: Any, total: int, initial: int) -> Any:
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover - optional
        return None
    try:  # a pseudo-terminal may report a 0 x 0 size: tqdm would then draw nothing
        size = os.get_terminal_size(sys.stderr.fileno())
        cols, rows = size.columns or 80, size.lines or 24
    except (OSError, ValueError):
        cols, rows = 80, 24
    return tqdm(total=total, initial=initial, unit="pt", desc="sweep", file=sys.stderr, disable=False,
                ncols=cols, nrows=rows)


def _run_serial(tasks: Iterator[tuple[int, dict, int]], job: Callable, on_done: Callable) -> None:
    for c, cols, start in tasks:
        on_done(c, job(cols, start))


def _run_process(tasks: Iterator[tuple[int, dict, int]], job_args: tuple, on_done: Callable, workers: int) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    ex = _POOLS.get(workers)
    if ex is None or getattr(ex, "_broken", False):
        ctx = multiprocessing.get_context("spawn")  # safe with threads, same on every OS
        ex = _POOLS[workers] = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    pending: dict[Any, int] = {}
    try:
        for c, cols, start in tasks:
            while len(pending) >= 2 * workers:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    on_done(pending.pop(fut), fut.result())
            m, fixed, select, vectorized = job_args
            pending[ex.submit(evaluate_chunk, m, fixed, cols, start, select, vectorized)] = c
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                on_done(pending.pop(fut), fut.result())
    except BaseException:
        _POOLS.pop(workers, None)
        ex.shutdown(wait=False, cancel_futures=True)
        raise


#: process pools kept between sweeps (spawning workers costs seconds of imports); they
#: are shut down at exit, or by :func:`shutdown_pools`
_POOLS: dict[int, Any] = {}


def shutdown_pools() -> None:
    """Stop the worker processes that the ``"process"`` backend keeps between sweeps."""
    while _POOLS:
        _, ex = _POOLS.popitem()
        ex.shutdown(wait=True, cancel_futures=True)


# shut kept pools down before the interpreter tears modules down (otherwise the executor's
# weakref callback runs after `multiprocessing.util` is gone and prints an ignored error)
atexit.register(shutdown_pools)


def _evaluate_chunk_pickled(*args: Any) -> bytes:
    """:func:`evaluate_chunk`, pickled in the worker's compute thread (Dask backend).

    A Dask worker measures (``sizeof``) and serializes a task's result in its event-loop
    thread, which shares the GIL with the computing thread: for a DataFrame with text
    columns that is slow (``sizeof`` walks the strings) and stalls the computation. Bytes
    cost nothing to measure or send; the client unpickles them.
    """
    import pickle

    return pickle.dumps(evaluate_chunk(*args), protocol=pickle.HIGHEST_PROTOCOL)


#: how many times a chunk whose finished result was lost with its worker is resubmitted
DASK_RESUBMITS = 3


def _run_dask(tasks: Iterator[tuple[int, dict, int]], job_args: tuple, on_done: Callable,
              client: Any, scheduler: str | None) -> None:
    """Run chunks on a ``dask.distributed`` cluster, at most ``2 n_workers + 2`` in flight.

    A worker lost while it computes a chunk is Dask's business (the scheduler reruns the
    task elsewhere, up to ``distributed.scheduler.allowed-failures`` times, then raises
    ``KilledWorker``). A worker lost after a chunk finished but before its result was
    fetched cancels the future ("already forgotten"): the chunk is submitted again (at most
    :data:`DASK_RESUBMITS` times), so no finished work is silently dropped.
    """
    import pickle
    from concurrent.futures import CancelledError

    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - optional
        raise ImportError("backend='dask' needs dask.distributed: pip install 'deterrence_games[dask]'") from exc
    own = client is None
    if own:
        client = Client(scheduler)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        m, fixed, select, vectorized = job_args
        ac = as_completed()  # the model travels with each task (registered models pickle to ~70 bytes):
        # a scattered copy would be lost with the workers holding it
        running: dict[str, tuple[int, dict, int]] = {}
        resubmits: dict[int, int] = {}

        def submit(c: int, cols: dict, start: int) -> None:
            fut = client.submit(_evaluate_chunk_pickled, m, fixed, cols, start, select, vectorized, pure=False)
            running[fut.key] = (c, cols, start)
            ac.add(fut)

        it = iter(tasks)
        for c, cols, start in itertools.islice(it, 2 * n_workers + 2):
            submit(c, cols, start)
        for fut in ac:
            task = running.pop(fut.key)
            try:
                frame = pickle.loads(fut.result())
            except CancelledError:  # finished, then lost with its worker before we fetched it
                resubmits[task[0]] = resubmits.get(task[0], 0) + 1
                if resubmits[task[0]] > DASK_RESUBMITS:
                    raise
                submit(*task)
                continue
            on_done(task[0], frame)
            fut.release()
            nxt = next(it, None)
            if nxt is not None:
                submit(*nxt)
    finally:
        if own:
            client.close()


# ---------------------------------------------------------------------------------------
# the sweep
# ---------------------------------------------------------------------------------------


def _importable(m: Model) -> bool:
    """Can a spawned worker rebuild ``m``? (a model defined in ``__main__``, e.g. a notebook,
    or inside a function pickles by value: see ``Model.__reduce_ex__``)."""
    import pickle

    try:
        pickle.dumps(m)
    except Exception:
        return False
    return True


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


def _output_paths(out: str | Path | None, overwrite: bool) -> tuple[Path | None, Path | None]:
    """``(parts folder, final file)`` of ``out``; checks what can be checked before any work."""
    if out is None:
        return None, None
    out = Path(out)
    if out.suffix.lower() in (".csv", ".parquet"):
        final_file, folder = out, out.with_name(out.name + ".parts")
        if final_file.is_dir():
            raise ParameterError("out", str(out), "a file name (this path is a folder)")
        if not overwrite:
            for f in (final_file, _sidecar(final_file)):
                if f.exists():
                    raise ParameterError("out", str(out), "a file that does not exist yet",
                                         f"{f} exists: pass overwrite=True (--overwrite) to replace it")
        if folder.is_symlink():
            raise ParameterError("out", str(out), "an output whose parts folder is a real folder",
                                 f"{folder} is a symbolic link: remove it")
        return folder, final_file
    if out.suffix:
        raise ParameterError("out", str(out), "a folder, or a path ending in .csv or .parquet")
    if out.exists() and not out.is_dir():
        raise ParameterError("out", str(out), "a folder (this path is a file)")
    return out, None


def _open_folder(folder: Path) -> Path:
    """Create ``folder`` if needed and lock it; file-system errors become one-line errors."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return _acquire_lock(folder)
    except ParameterError:
        raise
    except OSError as exc:
        raise ParameterError("out", str(folder), "a folder this process can create and write",
                             f"{type(exc).__name__}: {exc.strerror or exc}") from None


def _remove_new_output(folder: Path, created: bool) -> None:
    """Remove what a sweep that computed nothing wrote (so that the same command can rerun)."""
    for name in (MANIFEST, CHECKSUMS):
        (folder / name).unlink(missing_ok=True)
    for tmp in folder.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)
    if created:
        lock = folder / LOCK
        if _read_lock(lock).get("pid") == os.getpid():
            lock.unlink(missing_ok=True)
        try:
            folder.rmdir()
        except OSError:
            pass


def _remove_parts_folder(folder: Path, lock: Path | None) -> None:
    """Remove the parts folder of a written file: its files first, our lock last (so that no
    other sweep starts in it while it is being removed), then the folder if it is empty."""
    for p in folder.iterdir():
        if p.name != LOCK:
            shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink(missing_ok=True)
    _release_lock(lock)
    try:
        folder.rmdir()
    except OSError:  # another sweep locked it meanwhile: its folder now
        pass


#: seconds to wait for a Dask scheduler given by address before giving up
DASK_CONNECT_TIMEOUT = 10.0


def _connect(scheduler: str | None) -> Any:
    """A ``dask.distributed.Client`` for ``scheduler``; an unreachable one is a one-line error."""
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - optional
        raise ImportError("backend='dask' needs dask.distributed: pip install 'deterrence_games[dask]'") from exc
    import logging

    quiet = [logging.getLogger(n) for n in ("distributed.client", "distributed.core", "distributed.comm")]
    levels = [lg.level for lg in quiet]
    for lg in quiet:
        lg.setLevel(logging.CRITICAL)
    try:
        return Client(scheduler, timeout=DASK_CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ParameterError("scheduler", scheduler, "the address of a reachable Dask scheduler (tcp://host:8786)",
                             reason) from None
    finally:
        for lg, level in zip(quiet, levels, strict=True):
            lg.setLevel(level)


def failure_summary(table: pd.DataFrame, top: int = 10) -> dict:
    """How many points failed and why: ``{"n_points", "n_failed", "reasons": {error: count}}``."""
    failed = table[table["status"] == STATUS_FAILED] if len(table) else table
    pts = table["point"].to_numpy()
    n_points = int(1 + np.count_nonzero(np.diff(pts))) if len(table) else 0  # rows are in point order
    reasons = failed["error"].value_counts().head(top) if len(failed) else pd.Series(dtype=int)
    return {"n_points": n_points, "n_failed": int(len(set(failed["point"].tolist()))),
            "reasons": {str(k): int(v) for k, v in reasons.items()}}


def sweep(
    model: str | Model,
    grid: Any,
    *,
    fixed: Mapping[str, Any] | None = None,
    select: str = "all",
    vectorized: bool | None = None,
    backend: str = "auto",
    chunk_size: int | None = None,
    out: str | Path | None = None,
    resume: bool = False,
    progress: bool | None = None,
    design: str | None = None,
    n_points: int | None = None,
    seed: int | None = None,
    workers: int | None = None,
    client: Any = None,
    scheduler: str | None = None,
    collect: bool = True,
    overwrite: bool = False,
) -> pd.DataFrame | SweepRun:
    """Solve ``model`` on every point of a design and return a tidy table.

    Parameters
    ----------
    model : str or Model
        A registered model id (see :func:`deterrence_games.model_ids`) or a model instance.
    grid : mapping, list of dicts, DataFrame or Design
        With ``design=None``/``"grid"``: ``{parameter name: 1-d sequence of values}``, the
        Cartesian product is swept in key order, the last key varying fastest (a list of
        dicts or a DataFrame is taken as explicit points). With ``design="points"``: the
        points. With ``design="lhs"`` / ``"random"``: ``{name: (low, high)}`` ranges (a list
        of options for a categorical parameter).
    fixed : mapping, optional
        Values for other parameters (the rest take their defaults).
    select : str
        ``"all"`` (one row per equilibrium), ``"min"`` / ``"max"`` (the least / most
        escalatory equilibrium), ``"first"``, ``"flag:<name>"``, or ``"qre"``: the limit of
        the logit QRE principal branch as the precision grows (McKelvey-Palfrey 1995;
        Turocy 2005), for models that expose their finite game (``inspection``,
        ``crisis_signaling``; :mod:`deterrence_games.models._qre_select`). With ``"qre"`` every
        point is solved by ``Model.solve`` (no vectorized path), the selected row carries
        ``qre_distance`` (sup-norm distance between the extrapolated limit and the
        equilibrium; ``qre_raw_distance`` before extrapolation), ``qre_lambda`` (precision reached, 1e4 or 1e6 in units of 1 / payoff
        range), ``qre_regret`` (relative to the payoff range) and ``qre_escalation_probability``
        (at the limit profile itself: it can differ from the row's when the selected
        equilibrium is a continuum cell), and a point whose limit matches no
        reported equilibrium within ``1e-4`` (or more than one, or whose path fails) is
        recorded as failed with the reason. Recorded in the output (with the QRE options).
    vectorized : bool, optional
        Method: the model's vectorized closed form (default when the model has one) or
        ``Model.solve`` point by point (``False``).
    backend : {"auto", "serial", "process", "dask", "vectorized"}
        Where chunks run. ``"auto"``: Dask if ``client``/``scheduler`` is given; else this
        process, moving to a process pool when a generic-solver sweep would take more than
        a few seconds. ``"vectorized"`` = ``"serial"`` with ``vectorized=True``.
    chunk_size : int, optional
        Points per chunk (default 262144 for closed forms, up to 500 for generic solvers).
    out : path, optional
        A folder (parts + manifest, see the module docstring) or a ``.csv``/``.parquet``
        file (parts in ``<file>.parts/`` until the file is written).
    resume : bool
        Continue the interrupted sweep found in ``out``.
    progress : bool, optional
        A tqdm progress bar (default: when stderr is a terminal).
    design : {"grid", "points", "lhs", "random"}, optional
    n_points, seed : int
        Size and seed of a sampled design (``"lhs"``, ``"random"``); recorded.
    workers : int, optional
        Processes of the ``"process"`` backend (default: CPU count).
    client, scheduler
        A ``dask.distributed.Client`` or a scheduler address (``"tcp://host:8786"``).
    collect : bool
        With ``out``, ``False`` returns a :class:`SweepRun` instead of loading the table
        (memory then stays bounded by the chunk size).
    overwrite : bool
        Replace an existing ``out`` file (and its sidecar); without it such a file is never
        touched. A folder is never overwritten: it is resumed (``resume=True``) or refused.

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
    # validate every point (domains + cross-parameter conditions) before any work
    _validate_design(m, fixed, dsg, per_point=not use_vec)

    spec = {
        "model": m.id or f"{type(m).__module__}.{type(m).__qualname__}",
        "fixed": plain(fixed),
        "defaults": plain({k: v for k, v in m.defaults.items() if k not in dsg.names and k not in fixed}),
        "design": dsg.to_dict(),
        "select": select,
        "vectorized": use_vec,
    }
    folder, final_file = _output_paths(out, overwrite)
    if folder is None and resume:
        raise ParameterError("resume", resume, "False without `out`", "only a sweep written to `out` can be resumed")
    manifest: dict = {}
    lock: Path | None = None
    fresh = created = False
    own_client = None
    if backend == "dask" and client is None:  # before any file is created: fails fast and leaves nothing
        client = own_client = _connect(scheduler)
    try:
        if folder is not None:
            created = not folder.exists()
            lock = _open_folder(folder)
            if final_file is not None and not overwrite and final_file.exists():  # written meanwhile
                raise ParameterError("out", str(final_file), "a file that does not exist yet",
                                     "another sweep wrote it meanwhile: pass overwrite=True (--overwrite) to replace it")
            size, manifest = _prepare_folder(folder, spec, chunk_size, resume, m)
            fresh = size < 0
            chunk_size = size if size > 0 else chunk_size
        if chunk_size is None:
            chunk_size = _default_chunk_size(n, use_vec, folder is None)
        n_chunks = max(1, math.ceil(n / chunk_size))
        started = manifest.get("created", _now())
        if folder is not None:
            manifest.update(chunk_size=chunk_size, n_points=n, n_chunks=n_chunks, version=__version__)
            _write_json(folder / MANIFEST, manifest)
        # a folder written before a parameter was renamed keeps its own specification (its
        # parts carry it); its columns are renamed when read (_assemble)
        spec_json = _spec_key(manifest.get("spec", spec)) if manifest else _spec_key(spec)

        done: set[int] = set()
        if folder is not None:
            done, bad = _verified_chunks(folder, n_chunks, spec_json)
            for c, problem in bad.items():
                warnings.warn(f"sweep part {_part_path(folder, c)} is not usable ({problem}): it is deleted and "
                              f"its chunk recomputed", CorruptPartWarning, stacklevel=2)
                _part_path(folder, c).unlink(missing_ok=True)
        frames: dict[int, pd.DataFrame] = {}
        bar = _progress_bar(progress, n, sum(min(n, (c + 1) * chunk_size) - c * chunk_size for c in done))

        def on_done(c: int, frame: pd.DataFrame) -> None:
            if folder is not None:
                _write_part(folder, c, frame, spec_json)  # read back from disk at the end
            else:
                frames[c] = frame
            if bar is not None:
                bar.update(min(n, (c + 1) * chunk_size) - c * chunk_size)

        def tasks(skip: set[int]) -> Iterator[tuple[int, dict, int]]:
            for c in range(n_chunks):
                if c in done or c in skip:
                    continue
                s = c * chunk_size
                yield c, dsg.chunk(s, min(n, s + chunk_size)), s

        job_args = (m, fixed, select, use_vec)
        ran_on = backend
        try:
            if backend in ("serial", "vectorized"):
                _run_serial(tasks(set()), lambda cols, s: evaluate_chunk(m, fixed, cols, s, select, use_vec), on_done)
            elif backend == "process":
                _run_process(tasks(set()), job_args, on_done, workers or os.cpu_count() or 1)
            elif backend == "dask":
                _run_dask(tasks(set()), job_args, on_done, client, None)
            else:  # auto
                ran_on = "serial"
                todo = [c for c in range(n_chunks) if c not in done]
                if todo:
                    t0 = time.perf_counter()
                    first = next(tasks(set(todo[1:])))
                    on_done(first[0], evaluate_chunk(m, fixed, first[1], first[2], select, use_vec))
                    per_chunk = time.perf_counter() - t0
                    ncpu = workers or os.cpu_count() or 1
                    rest = tasks({todo[0]})
                    if (not use_vec and ncpu > 1 and len(todo) > 2 and _importable(m)
                            and per_chunk * (len(todo) - 1) > AUTO_POOL_SECONDS):
                        ran_on = "process"
                        _run_process(rest, job_args, on_done, ncpu)
                    else:
                        _run_serial(rest, lambda cols, s: evaluate_chunk(m, fixed, cols, s, select, use_vec), on_done)
        finally:
            if bar is not None:
                bar.close()

        if folder is not None:
            # read back from the parts (what resume sees), chunk by chunk for the summary
            if collect or final_file is not None:
                table = _assemble(m, [_read_part(_part_path(folder, c)) for c in range(n_chunks)])
                fails = failure_summary(table)
                n_rows = len(table)
            else:
                table = None
                fails, n_rows = _summary_from_parts(folder, n_chunks)
        else:
            table = _assemble(m, [frames[c] for c in range(n_chunks)])
            fails = failure_summary(table)
            n_rows = len(table)
        fails["n_points"] = n

        method = f"{m.method} (vectorized)" if use_vec else m.method
        provenance = {
            "package": "deterrence_games",
            "version": __version__,
            "model": spec["model"],
            **_variant_provenance(m, fixed, dsg),
            "grid": {k: plain(v) for k, v in dsg.axes.items()} if dsg.kind == "grid" else None,
            "design": dsg.to_dict(),
            "fixed": spec["fixed"],
            "defaults": spec["defaults"],
            "select": select,
            **({"select_options": qre_options()} if select == "qre" else {}),
            "method": method,
            "vectorized": use_vec,
            "solver_options": _solver_options(m, fixed, dsg, use_vec),
            "seed": seed if dsg.kind in ("lhs", "random") else None,
            "backend": ran_on,
            "chunk_size": chunk_size,
            "n_points": n,
            "n_rows": n_rows,
            "n_failed": fails["n_failed"],
            "failures": fails["reasons"],
            "started": started,
            "finished": _now(),
            "resumed": manifest.get("resumed", []),
        }
        if folder is not None:
            _write_json(folder / PROVENANCE, provenance)
        if table is not None:
            table.attrs["provenance"] = provenance
        if final_file is not None:
            save_table(table, final_file, overwrite=overwrite)
            _remove_parts_folder(folder, lock)
    except BaseException:
        if folder is not None and fresh and not any(folder.glob("part-*.parquet")):
            _remove_new_output(folder, created)  # nothing was computed: leave nothing behind
        raise
    finally:
        _release_lock(lock)
        if own_client is not None:
            own_client.close()
    if table is None:
        return SweepRun(folder, n, n_rows, fails["n_failed"], provenance, m)
    return table




def _summary_from_parts(folder: Path, n_chunks: int) -> tuple[dict, int]:
    import pyarrow.parquet as pq

    n_rows = 0
    failed_points: set[int] = set()
    reasons: dict[str, int] = {}
    for c in range(n_chunks):
        t = pq.read_table(_part_path(folder, c), columns=["point", "status", "error"]).to_pandas()
        n_rows += len(t)
        bad = t[t["status"] == STATUS_FAILED]
        failed_points.update(int(p) for p in bad["point"])
        for k, v in bad["error"].value_counts().items():
            reasons[str(k)] = reasons.get(str(k), 0) + int(v)
    top = dict(sorted(reasons.items(), key=lambda kv: -kv[1])[:10])
    return {"n_failed": len(failed_points), "reasons": top}, n_rows


# ---------------------------------------------------------------------------------------
# saving and loading
# ---------------------------------------------------------------------------------------


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def save_table(table: pd.DataFrame, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write a sweep table to CSV or Parquet (by suffix) plus a JSON provenance sidecar.

    Parquet files also carry the provenance in their metadata
    (key ``deterrence_games.provenance``). The table's bytes do not depend on timestamps
    for CSV; compare tables (not files) for Parquet. Both files are written under
    temporary names and then moved into place, so that a reader never sees half a file;
    an existing file (or sidecar) is replaced only with ``overwrite=True``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise ParameterError("out", str(path), "a path ending in .csv or .parquet")
    if path.is_dir():
        raise ParameterError("out", str(path), "a file name (this path is a folder)")
    sidecar = _sidecar(path)
    if not overwrite:
        for f in (path, sidecar):
            if f.exists():
                raise ParameterError("out", str(path), "a file that does not exist yet",
                                     f"{f} exists: pass overwrite=True (--overwrite) to replace it")
    prov = plain(table.attrs.get("provenance", {}))
    tmp, tmp_side = _tmp_name(path), _tmp_name(sidecar)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".csv":
            table.to_csv(tmp, index=False)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            plain_table = table.copy(deep=False)
            plain_table.attrs = {}
            tbl = pa.Table.from_pandas(plain_table, preserve_index=False)
            meta = dict(tbl.schema.metadata or {})
            meta[PARQUET_KEY] = json.dumps(prov, default=str).encode()
            pq.write_table(tbl.replace_schema_metadata(meta), tmp, use_dictionary=_text_columns(plain_table))
        tmp_side.write_text(json.dumps(prov, indent=2, default=str) + "\n")
        for f in (tmp, tmp_side):
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # atomic, and fails if another writer got there first
            except FileExistsError:
                raise ParameterError("out", str(path), "a file that does not exist yet",
                                     "another process wrote it meanwhile") from None
        os.replace(tmp_side, sidecar)
    except OSError as exc:
        raise ParameterError("out", str(path), "a file this process can write",
                             f"{type(exc).__name__}: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
        tmp_side.unlink(missing_ok=True)
    return path


def _parquet_provenance(path: Path) -> dict | None:
    import pyarrow.parquet as pq

    meta = pq.read_schema(path).metadata or {}
    raw = meta.get(PARQUET_KEY)
    return json.loads(raw) if raw else None


def load_table(path: str | Path, *, models: Mapping[str, Model] | None = None) -> pd.DataFrame:
    """Read a table written by :func:`save_table`, with its provenance in ``attrs``.

    Reading is data only: nothing named in the file is imported or run. ``models`` is passed
    on to :func:`load_sweep` when ``path`` is a sweep folder.
    """
    path = Path(path)
    if path.is_dir():
        return load_sweep(path, models=models)
    if not path.exists():
        raise ParameterError("path", str(path), "an existing sweep folder or table file")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise ParameterError("path", str(path), "a sweep folder or a .csv / .parquet table")
    is_parquet = suffix == ".parquet"
    table = pd.read_parquet(path) if is_parquet else pd.read_csv(path, keep_default_na=False, na_values=[""])
    sidecar = _sidecar(path)
    table.attrs = {}
    if sidecar.exists():
        table.attrs["provenance"] = json.loads(sidecar.read_text())
    elif is_parquet:
        prov = _parquet_provenance(path)
        if prov is not None:
            table.attrs["provenance"] = prov
    return _migrate_table(table, models, str(path))


def _migrate_table(table: pd.DataFrame, models: Mapping[str, Model] | None, where: str) -> pd.DataFrame:
    """A table stored before a parameter of its model was renamed, with the current names
    (columns and provenance; DeprecationWarning). Only registered models or ``models`` are
    looked up (nothing is imported from a name found in a file)."""
    prov = table.attrs.get("provenance")
    name = prov.get("model") if isinstance(prov, Mapping) else None
    if not isinstance(name, str):
        return table
    from ..models._registry import model_ids

    if models is not None and name in models:
        m = _resolve_model(name, models, where)
    elif name in model_ids():
        m = get_model(name)
    else:
        return table
    renamed = m.renamed
    cols = [c for c in table.columns if c in renamed and renamed[c] not in table.columns]
    migrated = _migrate_spec(m, prov, where) if not cols else None
    if cols:
        m.canonical_names(dict.fromkeys(cols), where=where)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # said once above
            migrated = _migrate_spec(m, prov, where)
        table = table.rename(columns={c: renamed[c] for c in cols})
    table.attrs["provenance"] = migrated
    return table


def _resolve_model(name: Any, models: Mapping[str, Model] | None, where: str) -> Model:
    """The model a stored specification names: one of ``models`` (the caller's mapping), else a
    registered model id. Nothing is imported from a name found in a file."""
    if models is not None and name in models:
        m = models[name]
        m = m() if isinstance(m, type) and issubclass(m, Model) else m
        if not isinstance(m, Model):
            raise TypeError(f"`models[{name!r}]` must be a Model instance or class (got {type(m).__name__})")
        return m
    from ..models._registry import model_ids

    if not isinstance(name, str) or name not in model_ids():
        raise ParameterError("model", name, "a registered model id, or a key of the `models=` mapping passed to the "
                             "loader", f"named in {where}; a model defined outside the package is never imported "
                             "from a file: pass models={name: instance}")
    return get_model(name)


def load_sweep(path: str | Path, *, models: Mapping[str, Model] | None = None) -> pd.DataFrame:
    """Read a sweep: a folder of parts (complete or not) or a file from :func:`save_table`.

    The provenance is in ``attrs["provenance"]``; for an unfinished folder it is the
    manifest's specification with ``"complete": False`` and the chunks found so far.
    Loading runs no code named in the files: the manifest's model must be a registered id,
    or a key of ``models`` (``{name recorded in the manifest: Model instance}``) for a model
    defined outside the package. Every part is checked (size and SHA-256 recorded when it
    was written, readable, same specification); a damaged part is an error naming it.
    """
    path = Path(path)
    if not path.is_dir():
        if not path.exists():
            raise ParameterError("path", str(path), "an existing sweep folder or table file")
        return load_table(path)
    manifest_path = path / MANIFEST
    if not manifest_path.exists():
        raise ParameterError("path", str(path), f"a sweep folder (holding {MANIFEST})")
    manifest = _read_manifest(manifest_path)
    spec = manifest["spec"]
    model = _resolve_model(spec.get("model"), models, str(manifest_path))
    n_chunks = int(manifest["n_chunks"])
    done, bad = _verified_chunks(path, n_chunks, _spec_key(spec))  # the parts carry the stored spec
    spec = _migrate_spec(model, spec, f"sweep folder {path}")
    if bad:
        c, problem = next(iter(bad.items()))
        raise ParameterError("path", str(path), "a sweep folder whose parts are sound",
                             f"{len(bad)} damaged part(s), e.g. {_part_path(path, c).name}: {problem}; "
                             "resume the sweep (--resume) to recompute them")
    done = sorted(done)
    table = _assemble(model, [_read_part(_part_path(path, c)) for c in done])
    prov_path = path / PROVENANCE
    complete = len(done) == n_chunks
    if complete and prov_path.exists():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # said for the manifest
            prov = _migrate_spec(model, json.loads(prov_path.read_text()), str(prov_path))
    else:
        prov = {**spec, "version": manifest.get("version"), "chunk_size": manifest["chunk_size"],
                "n_points": manifest["n_points"], "started": manifest.get("created")}
    prov["complete"] = complete
    prov["chunks_done"] = len(done)
    prov["n_chunks"] = n_chunks
    table.attrs["provenance"] = prov
    return table


def design_of(provenance: Mapping[str, Any], model: str | Model | None = None) -> Design:
    """The design recorded in a sweep's provenance (to rerun or extend it), in its order."""
    m = get_model(model) if model is not None else _resolve_model(provenance.get("model"), None, "the provenance")
    return design_from_dict(m, provenance["design"])


def estimate(
    model: str | Model,
    grid: Any,
    *,
    fixed: Mapping[str, Any] | None = None,
    select: str = "all",
    vectorized: bool | None = None,
    design: str | None = None,
    n_points: int | None = None,
    seed: int | None = None,
    backend: str = "auto",
    workers: int | None = None,
    budget: float = 0.5,
) -> dict:
    """Number of points of a sweep and an estimate of its time, from a short calibration.

    The first points of the design are solved serially (doubling their number until
    ``budget`` seconds are spent); the estimate divides the serial time by the number of
    workers for the ``"process"`` backend (and for ``"auto"`` with a generic solver).
    Nothing is written. Returns ``{"n_points", "calibration_points", "calibration_seconds",
    "points_per_second", "workers", "estimated_seconds"}``.
    """
    from .designs import Points

    m = get_model(model)
    fixed = dict(fixed or {})
    dsg = make_design(m, grid, design, n_points=n_points, seed=seed)
    n = dsg.n
    use_vec = m.vectorized if vectorized is None and backend != "vectorized" else (backend == "vectorized" or bool(vectorized))
    if select == "qre" and vectorized is None and backend != "vectorized":
        use_vec = False  # the QRE limit is traced point by point
    k, spent = 1, 0.0
    while True:
        k = min(k, n)
        pts = Points(dsg.chunk(0, k))
        t0 = time.perf_counter()
        sweep(m, pts, fixed=fixed, select=select, vectorized=use_vec, backend="serial", progress=False)
        spent = time.perf_counter() - t0
        if spent >= budget or k >= n:
            break
        k *= 2
    rate = k / spent if spent > 0 else math.inf
    ncpu = workers or os.cpu_count() or 1
    parallel = backend == "process" or (backend == "auto" and not use_vec)
    w = ncpu if parallel else 1
    return {"n_points": n, "calibration_points": k, "calibration_seconds": spent, "points_per_second": rate,
            "workers": w, "estimated_seconds": n / rate / w if rate else math.inf}
