"""Benchmark: equilibrium payoff sets (issue 5, item 3).

1. Perfect monitoring: our exact APS polygon iteration (``aps_polygon``) against
   QuantEcon's Abreu-Sannikov ``RepeatedGame.equilibrium_payoffs`` (optional peer), in
   the same run, after QuantEcon's numba JIT warm-up; median wall time per solve and the
   ratio ours / QuantEcon. The sets are compared too (Hausdorff distance).
2. Imperfect public monitoring: JYC outer and inner bounds (``jyc_bounds``) with 64
   directions on the Mailath-Samuelson prisoner's dilemma, and the SSE interval.

Run ``python benchmarks/bench_payoff_sets.py``; writes
``benchmarks/results/bench_payoff_sets.json``.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from deterrence_games._version import __version__  # noqa: E402
from deterrence_games.solvers.payoff_sets import aps_polygon, jyc_bounds, jyc_outer  # noqa: E402

PD1 = np.array([[9.0, 1.0], [10.0, 3.0]])
AXL = np.array([[3.0, 0.0], [5.0, 1.0]])
AS3 = np.array([[(16, 9), (3, 13), (0, 3)], [(21, 1), (10, 4), (-1, 0)],
                [(9, 0), (5, -4), (-5, -15)]], dtype=float)
MS_PD = np.array([[2.0, -1.0], [3.0, 0.0]])


def timeit(fn, repeat: int) -> float:
    """Median wall time of ``fn()`` in seconds over ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def perfect_monitoring(repeat: int) -> list[dict]:
    try:
        import quantecon.game_theory as qe
    except ImportError:  # optional peer
        qe = None
    cases = [("PD [[9,1],[10,3]]", PD1, PD1.T, 0.75), ("PD [[9,1],[10,3]]", PD1, PD1.T, 0.9),
             ("Axelrod PD", AXL, AXL.T, 0.6), ("Abreu-Sannikov 3x3", AS3[..., 0], AS3[..., 1], 0.3)]
    rows = []
    if qe is not None:   # JIT warm-up, excluded from every timing
        t = time.perf_counter()
        g = qe.NormalFormGame(np.stack([PD1, PD1.T], axis=-1))
        qe.RepeatedGame(g, 0.9).equilibrium_payoffs(options={"u_init": np.array([1.0, 1.0])})
        warmup = time.perf_counter() - t
    for name, A, B, delta in cases:
        row: dict = {"game": name, "delta": delta}
        ours = aps_polygon(A, delta, B=B)
        row["ours_s"] = timeit(lambda A=A, B=B, d=delta: aps_polygon(A, d, B=B), repeat)
        row["ours_plain_s"] = timeit(
            lambda A=A, B=B, d=delta: aps_polygon(A, d, B=B, accelerate=False), max(3, repeat // 10))
        row["ours_iterations"] = ours.iterations
        row["ours_accelerated"] = bool(ours.options["accelerated"])
        row["ours_acceleration"] = ours.options["acceleration"]
        if qe is not None:
            g = qe.NormalFormGame(np.stack([A, B], axis=-1))
            u_min = np.array([A.min(), B.min()])                     # QuantEcon's default
            u_mm = np.array([A.max(axis=0).min(), B.max(axis=1).min()])  # pure minmax

            def run_qe(g=g, d=delta, u0=u_min):
                return qe.RepeatedGame(g, d).equilibrium_payoffs(options={"u_init": u0})

            hull = run_qe()
            row["quantecon_s"] = timeit(run_qe, repeat)
            row["quantecon_minmax_init_s"] = timeit(lambda f=run_qe, u=u_mm: f(u0=u), repeat)
            row["ratio_ours_over_quantecon"] = row["ours_s"] / row["quantecon_s"]
            row["ratio_ours_over_quantecon_minmax_init"] = row["ours_s"] / row["quantecon_minmax_init_s"]
            row["ratio_plain_over_quantecon"] = row["ours_plain_s"] / row["quantecon_s"]
            row["hausdorff_to_quantecon"] = ours.hausdorff(hull.points[hull.vertices])
            row["quantecon_jit_warmup_s"] = warmup
        rows.append(row)
    return rows


def public_monitoring() -> list[dict]:
    p, q, r = 0.9, 0.5, 0.2
    pi = np.array([[[p, 1 - p], [q, 1 - q]], [[q, 1 - q], [r, 1 - r]]])
    rows = []
    for delta in (0.7, 0.9):
        t = time.perf_counter()
        outer = jyc_outer(MS_PD, delta, pi, B=MS_PD.T, directions=64)
        t_outer = time.perf_counter() - t
        t = time.perf_counter()
        R = jyc_bounds(MS_PD, delta, pi, B=MS_PD.T, directions=64)
        t_bounds = time.perf_counter() - t
        t = time.perf_counter()
        S = jyc_bounds(MS_PD, delta, pi, B=MS_PD.T, symmetric=True)
        t_sse = time.perf_counter() - t
        rows.append({
            "game": "Mailath-Samuelson PD, p=0.9 q=0.5 r=0.2", "delta": delta, "directions": 64,
            "outer_s": t_outer, "outer_iterations": outer.iterations,
            "bounds_s": t_bounds, "inner_iterations": R.inner.iterations,
            "lp_solves_outer": R.outer.options["lp_solves"],
            "warm_solves_outer": R.outer.options["warm_solves"],
            "hausdorff_inner_outer": R.hausdorff,
            "max_v1_plus_v2_outer": float(R.outer.vertices.sum(axis=1).max()),
            "closed_form_max_v1_plus_v2": 4 - 2 * (1 - p) / (p - q),
            "inner_self_generating": bool(R.inner.options["self_generating"]),
            "sse_s": t_sse, "sse_top": float(S.outer.vertices[-1, 0]),
            "closed_form_sse_top": 2 - (1 - p) / (p - q),
        })
    # embedding Y = A: the perfect-monitoring set through the LP machinery
    from deterrence_games.solvers.payoff_sets import perfect_monitoring_signals
    t = time.perf_counter()
    R = jyc_bounds(PD1, 0.9, perfect_monitoring_signals((2, 2)), B=PD1.T, directions=64)
    rows.append({"game": "PD [[9,1],[10,3]], Y = A (embedding)", "delta": 0.9, "directions": 64,
                 "bounds_s": time.perf_counter() - t, "hausdorff_inner_outer": R.hausdorff,
                 "hausdorff_inner_to_exact": R.inner.hausdorff(aps_polygon(PD1, 0.9, B=PD1.T))})
    return rows


def main() -> None:
    repeat = int(os.environ.get("BENCH_REPEAT", "200"))
    out = {
        "benchmark": "payoff_sets",
        "version": __version__,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "load_average_1min": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "perfect_monitoring": perfect_monitoring(repeat),
        "public_monitoring": public_monitoring(),
    }
    for r in out["perfect_monitoring"]:
        qe = (f"QuantEcon {r['quantecon_s'] * 1e3:.3f} ms (u_init=min payoffs, its default), "
              f"ratio {r['ratio_ours_over_quantecon']:.2f}x; QuantEcon with u_init=minmax "
              f"{r['quantecon_minmax_init_s'] * 1e3:.3f} ms, ratio "
              f"{r['ratio_ours_over_quantecon_minmax_init']:.1f}x"
              if "quantecon_s" in r else "QuantEcon absent")
        print(f"APS  {r['game']:<22} delta={r['delta']:<5} ours {r['ours_s'] * 1e3:.3f} ms "
              f"(plain {r['ours_plain_s'] * 1e3:.2f} ms); {qe}")
    for r in out["public_monitoring"]:
        print(f"JYC  {r['game']:<40} delta={r['delta']:<4} 64 dirs: bounds {r['bounds_s']:.2f} s, "
              f"gap {r['hausdorff_inner_outer']:.3g}")
    path = HERE / "results" / "bench_payoff_sets.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=2))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
