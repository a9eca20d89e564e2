"""Run a deterrence_games sweep on a SLURM cluster through dask-jobqueue (example).

The same ``dg.sweep`` call that runs on a laptop (``backend="process"``) runs here on a
Dask cluster whose workers are SLURM jobs: only the ``client=`` argument changes. Finished
chunks are written to ``OUT`` as they arrive, so a sweep cut short (wall-time limit,
pre-empted workers, a cancelled driver) is continued by running this script again with
``--resume``; Dask itself re-runs the tasks of a worker that is lost.

Usage (on the login node, or from ``sweep.sbatch``)::

    pip install "deterrence_games[dask,parquet]" dask-jobqueue
    python slurm_sweep.py --spec sweep.toml --jobs 10            # 10 SLURM jobs of 8 workers
    python slurm_sweep.py --spec sweep.toml --jobs 10 --resume   # after an interruption

Adapt ``queue``, ``account``, ``cores``, ``memory`` and ``walltime`` to your cluster.
"""

from __future__ import annotations

import argparse


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spec", required=True, help="TOML sweep spec (see deterrence_games.sweeps.spec)")
    ap.add_argument("--jobs", type=int, default=4, help="SLURM jobs to start")
    ap.add_argument("--resume", action="store_true")
    args = ap.parse_args()

    from dask.distributed import Client
    from dask_jobqueue import SLURMCluster

    import deterrence_games as dg
    from deterrence_games.sweeps.cluster import dask_sweep_environ
    from deterrence_games.sweeps.spec import read_spec

    # the workers' Dask settings for CPU-bound chunks (profiler off, slower housekeeping)
    exports = [f"export {k}={v}" for k, v in dask_sweep_environ().items()]

    cluster = SLURMCluster(
        queue="compute",            # partition
        account="my_project",       # --account
        cores=8,                    # cores per job ...
        processes=8,                # ... each one single-threaded worker process
        memory="16GB",
        walltime="02:00:00",
        job_extra_directives=["--output=dask-worker-%j.out"],
        # make the workers use the same environment as this driver, e.g.
        # job_script_prologue=["module load python/3.11", "source ~/venvs/dg/bin/activate", *exports],
        job_script_prologue=exports,
    )
    cluster.scale(jobs=args.jobs)
    client = Client(cluster)
    spec = read_spec(args.spec)
    model, grid, out = spec.pop("model"), spec.pop("grid"), spec.pop("out")
    spec.pop("backend", None)
    spec.pop("scheduler", None)
    run = dg.sweep(model, grid, client=client, out=out, resume=args.resume, collect=False, **spec)
    print(f"{run.n_points} points, {run.n_failed} failed -> {run.path}")
    client.close()
    cluster.close()


if __name__ == "__main__":
    main()
