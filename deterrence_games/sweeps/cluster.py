"""Dask set-up for CPU-bound sweeps: the configuration, and a local cluster that uses it.

A sweep chunk is pure Python and NumPy work that holds the GIL. A Dask worker runs it in
a thread beside its event loop, and by default that event loop wakes every 10 ms to
sample the computing thread's stack (the statistical profiler, for the dashboard), every
20 ms to check that it is not blocked (``tick``) and every 100 ms to measure the memory
of the process: each wake-up takes the GIL from the computation. In one-off profiling on a
2-core machine that housekeeping cost 0.7-0.9 s of CPU per worker in a 6 s sweep (per
thread, with ``psutil``); ``benchmarks/bench_sweeps.py`` times the generic sweep on a
default-configured cluster beside :func:`local_cluster` in the same run.
:data:`DASK_SWEEP_CONFIG` turns the profiler off and slows the housekeeping down; nothing
else changes (tasks, retries, results).

The settings belong to the workers, so they must be in force where the workers start:

* on one machine, :func:`local_cluster` (a ``distributed.LocalCluster`` created inside
  ``dask.config.set(DASK_SWEEP_CONFIG)``: the nannies pass the configuration on to their
  workers);
* on a cluster (``dask-jobqueue``), as environment variables of the worker jobs, e.g.
  ``DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False`` (:func:`dask_sweep_environ` lists
  them; ``benchmarks/cluster/slurm_sweep.py`` uses it).

>>> DASK_SWEEP_CONFIG["distributed.worker.profile.enabled"]
False
>>> dask_sweep_environ()["DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL"]
'1s'
"""

from __future__ import annotations

from typing import Any

__all__ = ["DASK_SWEEP_CONFIG", "dask_sweep_environ", "local_cluster"]

#: Dask configuration for workers that run sweep chunks (see the module docstring).
DASK_SWEEP_CONFIG: dict[str, Any] = {
    # the statistical profiler samples the computing thread every 10 ms (dashboard only)
    "distributed.worker.profile.enabled": False,
    # the event-loop liveness check, every 20 ms by default
    "distributed.admin.tick.interval": "1s",
    # memory of the worker process (spilling, pausing), every 100 ms by default
    "distributed.worker.memory.monitor-interval": "1s",
    # CPU / memory / network history for the dashboard, every 500 ms by default
    "distributed.admin.system-monitor.interval": "2s",
}


def dask_sweep_environ() -> dict[str, str]:
    """:data:`DASK_SWEEP_CONFIG` as ``DASK_*`` environment variables (for worker jobs)."""
    out = {}
    for key, value in DASK_SWEEP_CONFIG.items():
        name = "DASK_" + "__".join(part.upper().replace("-", "_") for part in key.split("."))
        out[name] = str(value)
    return out


def local_cluster(n_workers: int | None = None, **kwargs: Any) -> Any:
    """A ``distributed.LocalCluster`` for sweeps: one single-threaded process per core.

    Parameters
    ----------
    n_workers : int, optional
        Worker processes (default: the number of cores).
    **kwargs
        Passed on to ``LocalCluster`` (e.g. ``memory_limit``); the defaults here are
        ``threads_per_worker=1, processes=True, dashboard_address=None``.

    Returns
    -------
    distributed.LocalCluster
        Created under :data:`DASK_SWEEP_CONFIG`; use it as a context manager and pass
        ``distributed.Client(cluster)`` to :func:`~deterrence_games.sweeps.sweep`.
    """
    import os

    try:
        import dask
        from distributed import LocalCluster
    except ImportError as exc:  # pragma: no cover - optional
        raise ImportError("local_cluster needs dask.distributed: pip install 'deterrence_games[dask]'") from exc
    from .._validation import IntegerRange, check_scalar

    n = (os.cpu_count() or 1) if n_workers is None else int(check_scalar("n_workers", n_workers, IntegerRange(1)))
    options = {"threads_per_worker": 1, "processes": True, "dashboard_address": None, "silence_logs": 40}
    options.update(kwargs)
    with dask.config.set(DASK_SWEEP_CONFIG):
        return LocalCluster(n_workers=n, **options)
