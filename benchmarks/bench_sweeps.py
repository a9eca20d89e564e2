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
   not the number of points;
5. (issue 13) every registered model swept over its information parameter (2,000 points,
   serial backend, points per second; ``chain_store`` also through the unshared reference
   solver of ``tests/unit/_reputation_reference.py``, side by side; a model whose fast path is a new
   ``_solve_arrays`` also through its per-point path, and once in a fresh process, so no cache is warm);
6. (issue 13) a 10^7-point closed-form sweep written to ONE ``.parquet`` file: peak RSS
   (``resource.getrusage`` in a subprocess) when streamed from the parts versus gathered
   (``collect=True``), at 10^6 points side by side and the streamed path at 10^7;
7. (issue 13) the batched 2x2 kernel: the single-pass NumPy kernel (before), the same in
   cache-sized chunks, and the compiled numba twin, in games per second, with the bytes
   moved per game beside the memory bandwidth of a NumPy copy measured in the same run.

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


def _model_case(m) -> tuple[str, dict, dict]:
    """``(swept parameter, fixed values, grid of 2,000 points)`` over ``m``'s information
    parameter, on the range of its first transparency-atlas setting (a categorical
    information parameter is fixed at its last option and the first real parameter swept)."""
    from deterrence_games._validation import Interval
    from deterrence_games.sweeps.atlas import atlas_settings

    if m.id == "inspection_repeated":  # k inspections in n = 2000 periods: k = 0..1999
        return "k", {"n": 2000}, {"k": np.arange(2000)}
    settings = [s for s in atlas_settings([m.id], n=2000) if not s.categorical]
    if settings:
        st = settings[0]
        vals = np.asarray(st.values, float)
        grid = np.linspace(vals.min(), vals.max(), 2000)
        if st.path:  # a derived coordinate (e.g. a width): every path parameter follows it
            pts = [{**{k: a + b * x for k, (a, b) in st.path.items()}} for x in grid]
            return st.parameter, dict(st.fixed), pts
        ok = []  # the setting's range may cross a constraint between parameters (e.g. q < p)
        for x in grid:
            try:
                m.validate(**st.fixed, **{st.parameter: float(x)})
                ok.append(x)
            except dg.ParameterError:
                pass
        return st.parameter, dict(st.fixed), {st.parameter: np.linspace(min(ok), max(ok), 2000)}
    cat = next(p for p in m.parameters if p.information)
    par = next(p for p in m.parameters if isinstance(p.domain, Interval))
    d = par.domain
    lo = d.low if np.isfinite(d.low) else par.default - 1
    hi = d.high if np.isfinite(d.high) else 2 * max(par.default, 0.1) + lo
    eps = 1e-3 * (hi - lo)
    return par.name, {cat.name: cat.domain.options[-1]}, {par.name: np.linspace(lo + eps, hi - eps, 2000)}


def bench_models(quick: bool, budget_s: float = 20.0, ids: list[str] | None = None) -> dict:
    """Points per second of every registered model over its information parameter.

    2,000 points (200 with ``--quick``) on the serial backend; a model slower than
    ``budget_s`` for the whole grid (rate from a probe of 20 points, 200 for a vectorized
    model) is timed on an evenly spread subset of it (at least 40 points)."""
    import pandas as pd

    n_target = 200 if quick else 2000
    out = {}
    for m in dg.list_models():
        if ids and m.id not in ids:
            continue
        name, fixed, grid = _model_case(m)
        if isinstance(grid, list):
            design, pts = "points", pd.DataFrame(grid)
        else:
            design, pts = None, pd.DataFrame(grid)
        # a vectorized model may pay a fixed cost per call (inspection_repeated: one recursion over
        # all periods), so its probe is larger, lest the rate of a small batch set a small n
        n_probe = 200 if m.vectorized else 20
        probe = pts.iloc[:: max(1, len(pts) // n_probe)].head(n_probe)
        t0 = time.perf_counter()
        dg.sweep(m, probe if design else probe.to_dict("list"), fixed=fixed, backend="serial", progress=False,
                 design=design)
        rate = len(probe) / (time.perf_counter() - t0)
        n = int(min(n_target, max(40, budget_s * rate)))
        sub = pts.iloc[np.linspace(0, len(pts) - 1, n).astype(int)]
        t0, c0 = time.perf_counter(), time.process_time()
        table = dg.sweep(m, sub if design else sub.to_dict("list"), fixed=fixed, backend="serial", progress=False,
                         design=design)
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        row = {"parameter": name, "fixed": {k: str(v) for k, v in fixed.items()}, "n_points": n, "seconds": dt,
               "points_per_s": n / dt, "cpu_seconds": dc, "points_per_s_cpu": n / dc, "rows": len(table),
               "vectorized": m.vectorized, "meets_1000_points_per_s": n / dt >= 1000,
               "meets_1000_points_per_s_cpu": n / dc >= 1000, "load_average_1min": os.getloadavg()[0]}
        if m.id in PER_POINT_BEFORE:  # the fast path is a new _solve_arrays: the old path is the per-point solve
            row["per_point_points_per_s"], row["speedup_vs_per_point"] = _per_point_rate(m, sub, design, fixed, n / dt)
            row["cold_points_per_s"] = _cold_rate(m.id, sub if design else sub.to_dict("list"), fixed, design)
        if m.id == "chain_store":
            row["reference_points_per_s"], row["speedup_vs_reference"] = _chain_store_reference(sub, n / dt)
        elif m.id in PER_POINT_REFERENCE:
            row["reference_points_per_s"], row["speedup_vs_reference"] = _per_point_rate(m, sub, design, fixed,
                                                                                          n / dt)
        elif m.id in REFERENCE_PATHS:
            row["reference_points_per_s_cpu"], row["speedup_vs_reference_cpu"] = _reference_rate(m, sub, design, fixed,
                                                                                                  n / dc)
        out[m.id] = row
        extra = f" (reference {row['reference_points_per_s']:.1f}/s: {row['speedup_vs_reference']:.1f}x)" \
            if "reference_points_per_s" in row else ""
        if "reference_points_per_s_cpu" in row:
            extra = (f" (per-point solve {row['reference_points_per_s_cpu']:.1f}/s CPU: "
                     f"{row['speedup_vs_reference_cpu']:.1f}x)")
        if "per_point_points_per_s" in row:
            extra += (f" (per-point path {row['per_point_points_per_s']:.1f}/s: {row['speedup_vs_per_point']:.1f}x;"
                      f" first sweep in a fresh process {row['cold_points_per_s']:,.0f}/s)")
        print(f"model {m.id:26s} over {name:9s}: {n:5d} points, {n / dt:12,.0f} points/s wall, "
              f"{n / dc:12,.0f} points/s CPU{extra}", flush=True)
    return out


#: models whose sweep took the per-point path before issue 13's third round (now a ``_solve_arrays``)
PER_POINT_BEFORE = ("chain_store", "global_conflict")

COLD_CHILD = r"""
import json, sys, time
import pandas as pd
import deterrence_games as dg
grid, fixed, design = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3] or None
n = len(next(iter(grid.values())))
grid = pd.DataFrame(grid) if design else grid
t0 = time.perf_counter()
dg.sweep(sys.argv[4], grid, fixed=fixed, backend="serial", progress=False, design=design)
print(n / (time.perf_counter() - t0))
"""


def _per_point_rate(m, sub, design, fixed, rate_now: float, budget_s: float = 8.0) -> tuple[float, float]:
    """Points per second of the per-point path (``vectorized=False``) on as many of the same
    points as fit in ``budget_s`` at the rate of a 20-point probe (at least 20), so that the
    sweep's fixed costs are spread as in the old path's own run."""
    def timed(n: int) -> float:
        pts = sub.iloc[np.linspace(0, len(sub) - 1, min(n, len(sub))).astype(int)]
        t0 = time.perf_counter()
        dg.sweep(m, pts if design else pts.to_dict("list"), fixed=fixed, backend="serial", progress=False,
                 design=design, vectorized=False)
        return len(pts) / (time.perf_counter() - t0)

    rate = timed(int(min(len(sub), max(20, budget_s * timed(20)))))
    return rate, rate_now / rate


def _cold_rate(model_id: str, grid, fixed: dict, design) -> float:
    """Points per second of the first sweep in a fresh process (no cache warmed by a probe; imports not timed)."""
    as_json = grid.to_dict("list") if design else {k: np.asarray(v).tolist() for k, v in grid.items()}
    r = subprocess.run([sys.executable, "-c", COLD_CHILD, json.dumps(as_json), json.dumps(fixed), design or "",
                        model_id], capture_output=True, text=True, cwd=ROOT, check=True)
    return float(r.stdout.split()[-1])


def _chain_store_reference(points, rate_now: float, n: int = 20) -> tuple[float, float]:
    """Points per second of ``chain_store`` through the unshared reference solver."""
    sys.path.insert(0, str(ROOT / "tests" / "unit"))
    import _reputation_reference as ref

    from deterrence_games.models import chain_store as cs

    saved = cs.solve_reputation, cs.certify_reputation
    cs.solve_reputation, cs.certify_reputation = ref.solve_reputation, ref.certify_reputation
    try:
        sub = points.iloc[np.linspace(0, len(points) - 1, n).astype(int)]
        t0 = time.perf_counter()
        dg.sweep("chain_store", sub.to_dict("list"), backend="serial", progress=False, vectorized=False)
        rate = n / (time.perf_counter() - t0)
    finally:
        cs.solve_reputation, cs.certify_reputation = saved
    return rate, rate_now / rate


REFERENCE_PATHS = ("price_war_trigger", "arms_race_talk")
"""Models whose vectorized ``_solve_arrays`` is timed beside their per-point solve (the path before)."""


#: models whose sweep has a batched path; the reference is their per-point solve (vectorized=False)
PER_POINT_REFERENCE = {"crisis_signaling"}


def _reference_rate(m, sub, design, fixed, rate_now: float, n: int = 20) -> tuple[float, float]:
    """Points per second of ``m``'s per-point solve (``vectorized=False``, the path before its
    vectorized form) on ``n`` of the same points, in the same run, by CPU time."""
    pts = sub.iloc[np.linspace(0, len(sub) - 1, min(n, len(sub))).astype(int)]
    c0 = time.process_time()
    dg.sweep(m, pts if design else pts.to_dict("list"), fixed=fixed, backend="serial", progress=False,
             design=design, vectorized=False)
    rate = len(pts) / (time.process_time() - c0)
    return rate, rate_now / rate


SINGLE_FILE_CHILD = r"""
import resource, sys, time, tempfile
import numpy as np
import deterrence_games as dg
n_rho, n_pi, collect = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "gather"
with tempfile.TemporaryDirectory() as d:
    t0 = time.perf_counter()
    r = dg.sweep("crisis_bargaining_signal", {"rho": np.linspace(0.5, 1, n_rho), "pi": np.linspace(0.01, 0.99, n_pi)},
                 out=d + "/table.parquet", collect=collect, progress=False)
    dt = time.perf_counter() - t0
    rows = len(r) if collect else r.n_rows
    del r
    import os
    size = os.path.getsize(d + "/table.parquet")
print(rows, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, dt, size)
"""


def bench_single_file(quick: bool) -> dict:
    """Peak RSS of a sweep written to one .parquet file: streamed (collect=False) vs gathered."""
    cases = [(1000, 1000, "gather"), (1000, 1000, "stream"), (10_000, 1000, "stream")]
    if quick:
        cases = [(1000, 100, "gather"), (1000, 100, "stream"), (1000, 1000, "stream")]
    runs = []
    for n_rho, n_pi, how in cases:
        r = subprocess.run([sys.executable, "-c", SINGLE_FILE_CHILD, str(n_rho), str(n_pi), how],
                           capture_output=True, text=True, cwd=ROOT, check=True)
        rows, rss, dt, size = r.stdout.split()
        row = {"n_points": n_rho * n_pi, "how": "streamed (collect=False)" if how == "stream" else "gathered (collect=True)",
               "max_rss_MiB": int(rss) / 1024, "seconds": float(dt), "file_MiB": int(size) / 2**20,
               "points_per_s": n_rho * n_pi / float(dt)}
        runs.append(row)
        print(f"one .parquet file, {row['n_points']:,} points, {row['how']}: max RSS {row['max_rss_MiB']:.0f} MiB, "
              f"{row['seconds']:.1f} s, file {row['file_MiB']:.0f} MiB", flush=True)
    same = [r for r in runs if r["n_points"] == runs[0]["n_points"]]
    ratio = same[0]["max_rss_MiB"] / same[1]["max_rss_MiB"] if len(same) == 2 else None
    return {"model": "crisis_bargaining_signal, default chunk size", "runs": runs,
            "rss_ratio_gathered_over_streamed": ratio}


def bench_kernel_2x2(quick: bool, repeats: int = 7) -> dict:
    """Games per second of the 2x2 kernels and the copy bandwidth, interleaved rounds.

    Every timing is taken twice: wall clock (``perf_counter``) and this process's CPU time
    (``process_time``). On a loaded machine the wall clock counts the time the process waits
    for a core; the CPU time is the one-core rate. The NumPy kernel is timed at several chunk
    sizes (games per chunk; its ~20 temporaries of 8 bytes a game should fit the L2 cache)."""
    from deterrence_games.solvers import batched

    n = 250_000 if quick else 1_000_000
    rng = np.random.default_rng(0)
    A, B = rng.standard_normal((n, 2, 2)), rng.standard_normal((n, 2, 2))
    kernels = {"single pass NumPy (before)": lambda: batched._solve_2x2_chunk(A, B, 1e-12)}
    for c in (1024, 4096, batched.CHUNK_2X2, 32768, 131072):
        kernels[f"NumPy in chunks of {c}"] = lambda c=c: batched._solve_2x2_kernel(A, B, 1e-12, "numpy", c)
    if batched._numba_kernel() is not None:
        kernels["numba, one fused pass"] = lambda: batched._solve_2x2_kernel(A, B, 1e-12, "numba")
    bytes_per_game = 2 * 4 * 8 + 2 * 4 * 8 + 4 + 8 + 1 + 1  # read A, B; write p, q, valid, count, flags
    buf = np.ones(n * bytes_per_game // 8)
    dst = np.ones_like(buf)  # touched once: the copy then measures bandwidth, not page faults
    names = [*kernels, "copy"]
    kernels["copy"] = lambda: np.copyto(dst, buf)
    wall: dict[str, list[float]] = {k: [] for k in names}
    cpu: dict[str, list[float]] = {k: [] for k in names}
    for f in kernels.values():
        f()
    load = [os.getloadavg()[0]]
    for _ in range(repeats):
        for k in names:
            t0, c0 = time.perf_counter(), time.process_time()
            kernels[k]()
            cpu[k].append(time.process_time() - c0)
            wall[k].append(time.perf_counter() - t0)
    load.append(os.getloadavg()[0])
    out = {"n_games": n, "bytes_per_game_min": bytes_per_game, "repeats": repeats,
           "load_average_1min": load, "timers": {}}
    for timer, times in (("wall", wall), ("cpu", cpu)):
        best = {k: min(v) for k, v in times.items()}
        bw = 2 * buf.nbytes / best["copy"]  # a copy reads and writes every byte
        rates = {k: n / best[k] for k in names if k != "copy"}
        base = rates["single pass NumPy (before)"]
        out["timers"][timer] = {"copy_bandwidth_GB_per_s": bw / 1e9,
                                "bandwidth_bound_games_per_s": bw / bytes_per_game, "games_per_s_best": rates,
                                "fraction_of_bandwidth": {k: r * bytes_per_game / bw for k, r in rates.items()},
                                "speedup_vs_single_pass": {k: r / base for k, r in rates.items()}}
        for k, r in rates.items():
            print(f"[{timer}] 2x2 kernel {k}: {r / 1e6:.1f} M games/s ({r / base:.2f}x; "
                  f"{r * bytes_per_game / bw:.0%} of the copy bandwidth)", flush=True)
        print(f"[{timer}] copy bandwidth {bw / 1e9:.1f} GB/s (read + write) = {bw / bytes_per_game / 1e6:.0f} M "
              f"games/s at {bytes_per_game} bytes a game", flush=True)
    print(f"1-minute load average {load[0]:.1f} -> {load[1]:.1f} on {os.cpu_count()} cores", flush=True)
    return out


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
    ap.add_argument("--only", nargs="*", default=None, choices=["2x2", "closed_form", "generic", "memory", "models", "single_file", "kernel_2x2"])
    ap.add_argument("--models", nargs="*", default=None, metavar="ID",
                    help="section models: only these models (their rows replace those of a previous run)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "bench_sweeps.json")
    args = ap.parse_args(argv)
    result: dict = {"benchmark": "bench_sweeps", "quick": args.quick, "machine": machine()}
    steps = {"2x2": bench_2x2, "closed_form": bench_closed_form, "generic": bench_generic, "memory": bench_memory,
             "models": bench_models, "single_file": bench_single_file, "kernel_2x2": bench_kernel_2x2}
    for name, fn in steps.items():
        if args.only is None or name in args.only:
            result[name] = fn(args.quick, ids=args.models) if name == "models" else fn(args.quick)
    if args.models and args.out.exists():  # the other models keep their rows of a previous run
        result["models"] = {**json.loads(args.out.read_text()).get("models", {}), **result["models"]}
    result["machine"]["load_average_1min_at_end"] = os.getloadavg()[0]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.only is not None and args.out.exists():  # keep the other sections of a previous run
        result = {**json.loads(args.out.read_text()), **result}
    args.out.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(f"wrote {args.out}")
    return result


if __name__ == "__main__":
    main()
