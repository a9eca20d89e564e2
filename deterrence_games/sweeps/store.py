"""Where a sweep's table lives: part files, checksums, manifest, lock; saving and loading.

A sweep written to ``out=`` keeps every finished chunk as ``part-<chunk>.parquet`` next to
``manifest.json``; see :mod:`deterrence_games.sweeps.run` for the guarantees (atomic parts,
checksums, one writer, resume). Loading runs no code named in a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import uuid
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._validation import ParameterError, plain
from ..models import Model, get_model, model_ids
from ..results import Result
from .designs import Design, design_from_dict
from .evaluate import STATUS_FAILED, _assemble, _normalize

__all__ = ["SweepRun", "save_table", "load_table", "load_sweep", "failure_summary", "design_of",
           "CorruptPartWarning"]

MANIFEST = "manifest.json"
PROVENANCE = "provenance.json"
FORMAT = "deterrence_games.sweep/1"
PARQUET_KEY = b"deterrence_games.provenance"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ---------------------------------------------------------------------------------------
# the result of a sweep written to disk without collecting it
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepRun(Result):
    """A finished sweep kept on disk (``sweep(..., out=folder, collect=False)``).

    Attributes
    ----------
    path : Path
        The sweep folder (Parquet parts and manifest).
    n_points, n_rows, n_failed : int
        Parameter points, table rows (one per equilibrium) and points that failed.
    provenance : mapping
        As ``attrs["provenance"]`` of the table.
    model : Model or None
        The model swept (to read back a model that is not registered).
    """

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
        """JSON-ready summary: path, counts and provenance."""
        return {"path": str(self.path), "n_points": self.n_points, "n_rows": self.n_rows,
                "n_failed": self.n_failed, "provenance": plain(dict(self.provenance))}

    def to_frame(self) -> pd.DataFrame:
        """One row: path and counts (the table itself is :meth:`load`)."""
        return pd.DataFrame([{k: v for k, v in self.to_dict().items() if k != "provenance"}])

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(index=False)


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


def failure_summary(table: pd.DataFrame, top: int = 10) -> dict:
    """How many points failed and why: ``{"n_points", "n_failed", "reasons": {error: count}}``.

    Parameters
    ----------
    table : pandas.DataFrame
        A sweep table (rows in point order, with ``point``, ``status`` and ``error``).
    top : int, default 10
        Number of distinct error messages kept, the most frequent first.

    Returns
    -------
    dict
        ``n_points``, ``n_failed`` (points, not rows) and ``reasons``.
    """
    failed = table[table["status"] == STATUS_FAILED] if len(table) else table
    pts = table["point"].to_numpy()
    n_points = int(1 + np.count_nonzero(np.diff(pts))) if len(table) else 0  # rows are in point order
    reasons = failed["error"].value_counts().head(top) if len(failed) else pd.Series(dtype=int)
    return {"n_points": n_points, "n_failed": int(len(set(failed["point"].tolist()))),
            "reasons": {str(k): int(v) for k, v in reasons.items()}}


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


def _write_atomically(path: Path, prov: Any, overwrite: bool, write: Any) -> Path:
    """Write a table file and its provenance sidecar under temporary names, then move them into
    place: ``write(tmp)`` writes the table. An existing file (or sidecar) is replaced only with
    ``overwrite``; without it the file is linked into place, which fails if another writer got
    there first. An OS error is one ``ParameterError``; nothing is left behind."""
    sidecar = _sidecar(path)
    if not overwrite:
        for f in (path, sidecar):
            if f.exists():
                raise ParameterError("out", str(path), "a file that does not exist yet",
                                     f"{f} exists: pass overwrite=True (--overwrite) to replace it")
    tmp, tmp_side = _tmp_name(path), _tmp_name(sidecar)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(tmp)
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


def save_table(table: pd.DataFrame, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write a sweep table to CSV or Parquet (by suffix) plus a JSON provenance sidecar.

    Parquet files also carry the provenance in their metadata
    (key ``deterrence_games.provenance``). The table's bytes do not depend on timestamps
    for CSV; compare tables (not files) for Parquet. Both files are written under
    temporary names and then moved into place, so that a reader never sees half a file;
    an existing file (or sidecar) is replaced only with ``overwrite=True``.

    Parameters
    ----------
    table : pandas.DataFrame
        A table from :func:`sweep` (its ``attrs["provenance"]`` is written beside it).
    path : str or Path
        The file: ``.csv`` or ``.parquet`` (Parquet needs ``pyarrow``).
    overwrite : bool, default False
        Replace an existing file.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ParameterError
        A suffix other than ``.csv`` or ``.parquet``, an existing file (or sidecar) without
        ``overwrite``, or a path this process cannot write.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise ParameterError("out", str(path), "a path ending in .csv or .parquet")
    if path.is_dir():
        raise ParameterError("out", str(path), "a file name (this path is a folder)")
    prov = plain(table.attrs.get("provenance", {}))

    def write(tmp: Path) -> None:
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

    return _write_atomically(path, prov, overwrite, write)


def _parquet_provenance(path: Path) -> dict | None:
    import pyarrow.parquet as pq

    meta = pq.read_schema(path).metadata or {}
    raw = meta.get(PARQUET_KEY)
    return json.loads(raw) if raw else None


def load_table(path: str | Path, *, models: Mapping[str, Model] | None = None) -> pd.DataFrame:
    """Read a table written by :func:`save_table`, with its provenance in ``attrs``.

    Reading is data only: nothing named in the file is imported or run. ``models`` is passed
    on to :func:`load_sweep` when ``path`` is a sweep folder.

    Parameters
    ----------
    path : str or Path
        A ``.csv`` or ``.parquet`` file (with its ``.provenance.json`` sidecar for CSV), or a
        sweep folder.
    models : mapping of str to Model, optional
        As in :func:`load_sweep`.

    Returns
    -------
    pandas.DataFrame
        The table, with the provenance in ``attrs["provenance"]``.
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
    from ..models import model_ids

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

    Parameters
    ----------
    path : str or Path
        A sweep folder (``out=`` of :func:`sweep`: Parquet parts and ``manifest.json``) or a
        ``.csv`` / ``.parquet`` file written by :func:`save_table`.
    models : mapping of str to Model, optional
        Models not registered in the package, by the name the manifest records (a model
        defined in a notebook or a ``--model-file``).

    Returns
    -------
    pandas.DataFrame
        The tidy table (one row per parameter point and equilibrium), in point order, with
        ``attrs["provenance"]``.

    Raises
    ------
    ParameterError
        ``path`` does not exist or is not a sweep folder or table file, a part is damaged
        (naming it), or the manifest names a model that is neither registered nor in
        ``models``.
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


def _first_row(path: Path) -> pd.DataFrame:
    """The first row of a part (all of it if empty), read without decoding the rest."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    f = pq.ParquetFile(path)
    batch = next(f.iter_batches(batch_size=1), None)
    if batch is None:
        return _read_part(path)
    return pa.Table.from_batches([batch], schema=f.schema_arrow).to_pandas().copy(deep=True)


def _write_parquet_streaming(m: Model, folder: Path, n_chunks: int, path: Path, provenance: Mapping[str, Any],
                             *, overwrite: bool = False) -> Path:
    """Write the parts of ``folder`` to the single Parquet file ``path``, one row group per
    part, holding one part in memory at a time (peak memory follows the chunk size, not the
    number of points).

    The file equals :func:`save_table` of the assembled table (same columns, order, dtypes,
    pandas metadata, dictionary-encoded text columns and provenance under
    :data:`PARQUET_KEY`), with the same guarantees: written under a temporary name and linked
    into place (never replacing an existing file without ``overwrite``), sidecar alike.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    parts = [_part_path(folder, c) for c in range(n_chunks)]
    # the columns and dtypes of the assembled table: _assemble on one row of every part
    heads = [_first_row(p) for p in parts]
    proto = _assemble(m, heads)
    proto.attrs = {}
    columns = list(proto.columns)
    schema = pa.Schema.from_pandas(proto, preserve_index=False)
    meta = dict(schema.metadata or {})
    prov = plain(provenance)
    meta[PARQUET_KEY] = json.dumps(prov, default=str).encode()
    schema = schema.with_metadata(meta)

    def write(tmp: Path) -> None:
        with pq.ParquetWriter(tmp, schema, use_dictionary=_text_columns(proto)) as writer:
            for p in parts:
                f = _read_part(p)
                if not len(f):
                    continue
                missing = [c for c in columns if c not in f.columns]
                if missing:  # as in _assemble: False for a flag, NaN otherwise
                    f = f.assign(**{c: (False if c.startswith("flag_") else np.nan) for c in missing})
                f = _normalize(m, f[columns].astype(proto.dtypes.to_dict()))
                writer.write_table(pa.Table.from_pandas(f, schema=schema, preserve_index=False))
                del f

    return _write_atomically(path, prov, overwrite, write)
