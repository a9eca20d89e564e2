"""Sweeps at scale, measured in one run, quoted as ratios (issue 7).

1. the batched 2x2 solver versus nashpy support enumeration in a Python loop (the functions
   of ``bench_2x2.py``, at a smaller size);
2. closed-form model sweeps: points per second of ``dg.sweep`` on 10^6-point grids
   (in memory, best of several repeats), and written chunk by chunk to Parquet;
3. a generic-solver sweep (``inspection`` with ``vectorized=False``: the bimatrix
   vertex-enumeration solver at every point) serial versus process pool (2 workers)
   versus Dask 2-worker local clusters, once with Dask's default configuration
   (``LocalCluster(n_workers=2, threads_per_worker=1, processes=True)``) and once with
   ``deterrence_games.sweeps.local_cluster(2)`` (the same, under ``DASK_SWEEP_CONFIG``),
   in interleaved rounds (best and median of 3); the tables are checked to be identical;
4. peak memory (max RSS of a fresh subprocess) of closed-form sweeps of 10^6 and 10^7
   points written in chunks, at two chunk sizes: the peak should follow the chunk size,
   not the number of points.

Run: ``python benchmarks/bench_sweeps.py [--quick]``; results go to
``benchmarks/results/bench_sweeps.json``. The machine is recorded; note that timings on a
shared machine vary with the load (the 1-minute load average is recorded too).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])

import deterrence_games as dg  # noqa: E402

MEMORY_CHILD = r"""
import resource, sys, time, tempfile, tracemalloc
import numpy as np
import pyarrow as pa
import deterrence_games as dg
n_rho, n_pi, chunk = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
def hwm():  # peak RSS of this process image in KiB (ru_maxrss would include the forking parent's)
    try:
        with open("/proc/self/status") as fh:
            return int(next(l for l in fh if l.startswith("VmHWM")).split()[1])
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
base = hwm()
with tempfile.TemporaryDirectory() as d:
    tracemalloc.start()  # NumPy reports its buffers to tracemalloc; Arrow has its own pool
    t0 = time.perf_counter()
    run = dg.sweep("crisis_bargaining_signal", {"rho": np.linspace(0.5, 1, n_rho), "pi": np.linspace(0.01, 0.99, n_pi)},
                   out=d + "/run", chunk_size=chunk, collect=False, progress=False)
    dt = time.perf_counter() - t0
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    peak = hwm()
    print(run.n_points, run.n_rows, base, peak, dt, traced, pa.default_memory_pool().max_memory())
"""

def _best(f, repeats: int) -> tuple[float, float]:
    f()
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t0)
    return min(ts), float(np.median(ts))


def bench_2x2(quick: bool) -> dict:
    import bench_2x2

    with tempfile.TemporaryDirectory() as d:
        n = 200_000 if quick else 1_000_000
        r = bench_2x2.main(["--n", str(n), "--peer-n", "500" if quick else "2000", "--general-n", "100",
                            "--repeats", "3", "--out", str(Path(d) / "b.json")])
    return {"n_games": r["n_games"], "solve_2x2_games_per_s_median": r["solve_2x2_random"]["games_per_s_median"],
            "nashpy_games_per_s": r["nashpy_support_enumeration_loop"]["games_per_s"],
            "agreement": r["nashpy_support_enumeration_loop"]["agreement_with_solve_2x2"],
            "ratio_solve_2x2_over_nashpy_median": r["ratio_vs_nashpy_median"]}


def bench_closed_form(quick: bool) -> dict:
    out = {}
    side = 316 if quick else 1000
    cases = {
        "crisis_bargaining_signal": {"rho": np.linspace(0.5, 1, side), "pi": np.linspace(0.01, 0.99, side)},
        "crisis_bargaining": {"c_A": np.linspace(0, 0.3, side), "p": np.linspace(0.05, 0.95, side)},
        "inspection (batched 2x2 solver)": {"non_detection": np.linspace(0, 0.6, side), "false_alarm": np.linspace(0, 0.3, side)},
    }
    for name, grid in cases.items():
        model = name.split(" ")[0]
        n = side * side
        best, median = _best(lambda model=model, grid=grid: dg.sweep(model, grid), 3 if quick else 5)
        out[name] = {"n_points": n, "best_s": best, "median_s": median,
                     "points_per_s_best": n / best, "points_per_s_median": n / median}
        print(f"closed form {name}: {n:,} points, best {best:.3f} s = {n / best:,.0f} points/s "
              f"(median {n / median:,.0f})", flush=True)
    grid = cases["crisis_bargaining_signal"]
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        dg.sweep("crisis_bargaining_signal", grid, out=Path(d) / "run", collect=False)
        dt = time.perf_counter() - t0
    n = side * side
    out["crisis_bargaining_signal to Parquet parts"] = {"n_points": n, "seconds": dt, "points_per_s": n / dt}
    print(f"closed form to Parquet parts: {n / dt:,.0f} points/s", flush=True)
    return out


def bench_generic(quick: bool, repeats: int = 3) -> dict:
    """Serial vs process pool vs two Dask local clusters, ``repeats`` interleaved rounds.

    Each round times every configuration once, in the same order (so a burst of load from
    elsewhere hits all of them alike); the speed-ups are ratios of the best times (the
    usual estimate of the undisturbed time, as ``timeit`` does), medians are reported too.
    The process pool is started once, before the rounds; each Dask timing gets a fresh
    cluster (start-up and a warm-up sweep excluded, reported apart).
    """
    import pandas as pd
    from distributed import Client, LocalCluster

    from deterrence_games.sweeps import DASK_SWEEP_CONFIG, local_cluster
    from deterrence_games.sweeps.run import shutdown_pools

    n_beta = 200 if quick else 5000
    grid = {"non_detection": np.linspace(0, 0.6, n_beta), "false_alarm": [0.0, 0.05, 0.2, 0.3]}
    n = n_beta * 4
    kw = {"vectorized": False, "chunk_size": 250}
    warm = {"non_detection": [0.1], "false_alarm": [0.0]}

    t0 = time.perf_counter()
    dg.sweep("inspection", warm, backend="process", workers=2, vectorized=False)
    t_pool_start = time.perf_counter() - t0
    clusters = {"dask_default_config": lambda: LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                                            dashboard_address=None, silence_logs=40),
                "dask_local_cluster": lambda: local_cluster(2)}

    def on_dask(name: str) -> tuple[float, float, pd.DataFrame]:
        # a cluster per timing, closed after it: a LocalCluster's scheduler and nannies run
        # in this process and would slow the serial timing down if kept alive
        t0 = time.perf_counter()
        with clusters[name]() as cluster, Client(cluster) as client:
            dg.sweep("inspection", warm, client=client, vectorized=False)  # warm the workers
            t_start = time.perf_counter() - t0
            t0 = time.perf_counter()
            table = dg.sweep("inspection", grid, client=client, **kw)
            return time.perf_counter() - t0, t_start, table

    times: dict[str, list[float]] = {k: [] for k in ("serial", "process", *clusters)}
    starts: dict[str, list[float]] = {k: [] for k in clusters}
    tables: dict[str, pd.DataFrame] = {}
    try:
        for r in range(repeats):
            for name in times:
                if name in clusters:
                    t, t_start, tables[name] = on_dask(name)
                    starts[name].append(t_start)
                else:
                    t0 = time.perf_counter()
                    tables[name] = dg.sweep("inspection", grid, backend=name, workers=2, **kw)
                    t = time.perf_counter() - t0
                times[name].append(t)
            print(f"round {r + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items()), flush=True)
    finally:
        shutdown_pools()
    best = {k: min(v) for k, v in times.items()}
    median = {k: float(np.median(v)) for k, v in times.items()}
    speedup = {k: best["serial"] / best[k] for k in times if k != "serial"}
    print(f"generic solver, {n} points, best of {repeats}: serial {best['serial']:.2f} s "
          f"({n / best['serial']:.0f} points/s); process pool (2 workers) {best['process']:.2f} s = "
          f"{speedup['process']:.2f}x; Dask LocalCluster, default configuration {best['dask_default_config']:.2f} s = "
          f"{speedup['dask_default_config']:.2f}x; Dask local_cluster(2) (DASK_SWEEP_CONFIG) "
          f"{best['dask_local_cluster']:.2f} s = {speedup['dask_local_cluster']:.2f}x", flush=True)
    ref = tables["serial"]
    same = all(ref.to_csv(index=False) == t.to_csv(index=False) for t in tables.values())
    for t in tables.values():
        pd.testing.assert_frame_equal(ref, t, check_exact=True)
    return {"model": "inspection (vectorized=False: vertex enumeration per point)", "n_points": n,
            "chunk_size": kw["chunk_size"], "repeats": repeats, "times_s": times, "best_s": best,
            "median_s": median, "speedup_best": speedup,
            "speedup_median": {k: median["serial"] / median[k] for k in times if k != "serial"},
            "startup_s": {"process_pool": t_pool_start, **{k: float(np.median(v)) for k, v in starts.items()}},
            "dask_sweep_config": dict(DASK_SWEEP_CONFIG), "tables_identical": same}


def bench_memory(quick: bool) -> dict:
    runs = []
    cases = [(1000, 1000, 2**16), (1000, 1000, 2**18), (10_000, 1000, 2**16), (10_000, 1000, 2**18)]
    if quick:
        cases = [(1000, 100, 2**14), (1000, 1000, 2**14), (1000, 1000, 2**16)]
    for n_rho, n_pi, chunk in cases:
        r = subprocess.run([sys.executable, "-c", MEMORY_CHILD, str(n_rho), str(n_pi), str(chunk)],
                           capture_output=True, text=True, cwd=ROOT, check=True)
        n_points, n_rows, base, peak, dt, traced, arrow = r.stdout.split()
        mib = 1024 * 1024
        row = {"n_points": int(n_points), "chunk_size": chunk, "max_rss_after_imports_MiB": int(base) / 1024,
               "max_rss_MiB": int(peak) / 1024, "tracemalloc_peak_MiB": int(traced) / mib,
               "arrow_pool_peak_MiB": int(arrow) / mib, "seconds": float(dt),
               "points_per_s": int(n_points) / float(dt)}
        runs.append(row)
        print(f"memory: {row['n_points']:,} points, chunk {chunk:,}: peak traced (NumPy/Python) "
              f"{row['tracemalloc_peak_MiB']:.0f} MiB + Arrow {row['arrow_pool_peak_MiB']:.0f} MiB; max RSS "
              f"{row['max_rss_MiB']:.0f} MiB (imports alone {row['max_rss_after_imports_MiB']:.0f}); "
              f"{row['points_per_s']:,.0f} points/s", flush=True)
    return {"model": "crisis_bargaining_signal, written to Parquet parts, collect=False", "runs": runs}


def machine() -> dict:
    import platform

    info = {"platform": platform.platform(), "python": platform.python_version(), "numpy": np.__version__,
            "deterrence_games": dg.__version__, "cpu_count": os.cpu_count(),
            "load_average_1min_at_start": os.getloadavg()[0],
            "note": "shared machine: other engineers ran tests and benchmarks at the same time"}
    try:
        with open("/proc/cpuinfo") as fh:
            info["cpu_model"] = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), None)
    except OSError:
        pass
    return info


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes (a smoke run)")
    ap.add_argument("--only", nargs="*", default=None, choices=["2x2", "closed_form", "generic", "memory"])
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "bench_sweeps.json")
    args = ap.parse_args(argv)
    result: dict = {"benchmark": "bench_sweeps", "quick": args.quick, "machine": machine()}
    steps = {"2x2": bench_2x2, "closed_form": bench_closed_form, "generic": bench_generic, "memory": bench_memory}
    for name, fn in steps.items():
        if args.only is None or name in args.only:
            result[name] = fn(args.quick)
    result["machine"]["load_average_1min_at_end"] = os.getloadavg()[0]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.only is not None and args.out.exists():  # keep the other sections of a previous run
        result = {**json.loads(args.out.read_text()), **result}
    args.out.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(f"wrote {args.out}")
    return result


if __name__ == "__main__":
    main()
