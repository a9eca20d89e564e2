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
(``Model.evaluate``: whole arrays, no Python loop per point) or by ``Model.solve``
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

import math
import os
import time
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .._validation import ParameterError, plain
from .._version import __version__
from ..models import Model, get_model, qre_options
from .backends import (  # noqa: F401  (old paths, kept importable)
    AUTO_POOL_SECONDS,
    DASK_CONNECT_TIMEOUT,
    DASK_RESUBMITS,
    _connect,
    _importable,
    _progress_bar,
    _run_dask,
    _run_process,
    _run_serial,
    in_notebook,
    progress_kind,
    shutdown_pools,
)
from .designs import make_design
from .evaluate import STATUS_FAILED, STATUS_OK, _assemble, evaluate_chunk  # noqa: F401
from .plan import (  # noqa: F401
    BACKENDS,
    VECTOR_CHUNK,
    SweepPlan,
    _check_int,
    _default_chunk_size,
    _solver_options,
    _variant_provenance,
    grid_points,
    plan_sweep,
)
from .store import (  # noqa: F401
    MANIFEST,
    PROVENANCE,
    CorruptPartWarning,
    SweepRun,
    _host,
    _now,
    _open_folder,
    _output_paths,
    _part_path,
    _prepare_folder,
    _read_part,
    _release_lock,
    _remove_new_output,
    _remove_parts_folder,
    _spec_key,
    _summary_from_parts,
    _verified_chunks,
    _write_json,
    _write_parquet_streaming,
    _write_part,
    design_of,
    failure_summary,
    load_sweep,
    load_table,
    save_table,
)

__all__ = [
    "sweep", "grid_points", "save_table", "load_table", "load_sweep", "failure_summary",
    "estimate", "SweepRun", "BACKENDS", "STATUS_OK", "STATUS_FAILED", "CorruptPartWarning", "design_of",
]


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
        A tqdm progress bar (default: tqdm's notebook bar in a Jupyter kernel with ipywidgets,
        the terminal bar when stderr is a terminal, none otherwise; see :func:`progress_kind`).
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
    plan = plan_sweep(model, grid, fixed=fixed, select=select, vectorized=vectorized, backend=backend,
                      chunk_size=chunk_size, design=design, n_points=n_points, seed=seed, workers=workers,
                      client=client, scheduler=scheduler)
    return _run_plan(plan, out=out, resume=resume, progress=progress, collect=collect, overwrite=overwrite)


def _run_plan(plan: SweepPlan, *, out: str | Path | None, resume: bool, progress: bool | None, collect: bool,
              overwrite: bool) -> pd.DataFrame | SweepRun:
    """Run the chunks of ``plan`` on its backend and keep them in the store (``out``)."""
    m, fixed, dsg, select, use_vec = plan.model, dict(plan.fixed), plan.design, plan.select, plan.vectorized
    backend, chunk_size, workers, client, seed = plan.backend, plan.chunk_size, plan.workers, plan.client, plan.seed
    n = dsg.n
    spec = plan.spec
    folder, final_file = _output_paths(out, overwrite)
    if folder is None and resume:
        raise ParameterError("resume", resume, "False without `out`", "only a sweep written to `out` can be resumed")
    manifest: dict = {}
    lock: Path | None = None
    fresh = created = False
    own_client = None
    if backend == "dask" and client is None:  # before any file is created: fails fast and leaves nothing
        client = own_client = _connect(plan.scheduler)
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
                yield c, plan.chunk(s, min(n, s + chunk_size)), s

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
            # a .parquet file without collect is streamed from the parts (_write_parquet_streaming)
            if collect or (final_file is not None and final_file.suffix.lower() != ".parquet"):
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
            if table is None:
                _write_parquet_streaming(m, folder, n_chunks, final_file, provenance, overwrite=overwrite)
            else:
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
        return SweepRun(final_file or folder, n, n_rows, fails["n_failed"], provenance, m)
    return table


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
    Nothing is written.

    Parameters
    ----------
    model, grid, fixed, select, vectorized, design, n_points, seed, backend, workers
        As in :func:`~deterrence_games.sweep`.
    budget : float, default 0.5
        Seconds of calibration (at least the first point is solved).

    Returns
    -------
    dict
        ``{"n_points", "calibration_points", "calibration_seconds", "points_per_second",
        "workers", "estimated_seconds"}``.
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
