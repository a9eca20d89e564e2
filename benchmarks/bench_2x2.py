"""Throughput of the batched 2x2 solver versus nashpy support enumeration in a Python loop.

Both are measured in the same run, on the same machine:

* ``solve_2x2`` on 10^6 random 2x2 games (standard normal payoffs: nondegenerate) and on
  10^6 tie-heavy games (payoffs in {0, 1, 2}: about 3 in 4 are degenerate), best and median
  of several repeats after a warm-up;
* nashpy ``Game(A, B).support_enumeration()`` in a Python loop on a subsample of the random
  games (payoffs shifted positive), timed per game and extrapolated;
* for context, our general solver ``nash_equilibria`` in a loop on a smaller subsample.

The subsample's equilibria are compared between the two methods (agreement is printed and
recorded). Results go to ``benchmarks/results/bench_2x2.json``.

Run: ``python benchmarks/bench_2x2.py [--n 1000000] [--peer-n 2000] [--repeats 5]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import nashpy  # noqa: E402

from deterrence_games import __version__  # noqa: E402
from deterrence_games.games import BimatrixGame  # noqa: E402
from deterrence_games.solvers import nash_equilibria, solve_2x2  # noqa: E402


def _time(f, repeats: int) -> list[float]:
    f()  # warm-up (page faults, caches)
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        out.append(time.perf_counter() - t0)
    return out


def _machine() -> dict:
    info = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "nashpy": nashpy.__version__,
        "deterrence_games": __version__,
        "cpu_count": os.cpu_count(),
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "OPENBLAS_L2_SIZE": os.environ.get("OPENBLAS_L2_SIZE"),
    }
    try:
        with open("/proc/cpuinfo") as fh:
            models = [line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")]
        info["cpu_model"] = models[0] if models else None
    except OSError:
        info["cpu_model"] = None
    try:
        from threadpoolctl import threadpool_info

        info["threadpools"] = threadpool_info()
    except ImportError:
        info["threadpools"] = "threadpoolctl not installed (the 2x2 kernel is elementwise NumPy, no BLAS)"
    try:
        info["load_average_1min"] = os.getloadavg()[0]
    except OSError:
        pass
    return info


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="games for solve_2x2")
    ap.add_argument("--peer-n", type=int, default=2_000, help="games for the nashpy loop")
    ap.add_argument("--general-n", type=int, default=500, help="games for our general solver loop")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "bench_2x2.json")
    args = ap.parse_args(argv)

    rng = np.random.default_rng(args.seed)
    A = rng.normal(size=(args.n, 2, 2))
    B = rng.normal(size=(args.n, 2, 2))
    At = rng.integers(0, 3, size=(args.n, 2, 2)).astype(float)
    Bt = rng.integers(0, 3, size=(args.n, 2, 2)).astype(float)

    t_rand = _time(lambda: solve_2x2(A, B), args.repeats)
    t_ties = _time(lambda: solve_2x2(At, Bt), args.repeats)
    res_ties = solve_2x2(At, Bt)

    # nashpy support enumeration in a Python loop (payoffs shifted positive)
    k = args.peer_n
    ours = solve_2x2(A[:k], B[:k])
    agree = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        nashpy_out = [list(nashpy.Game(A[i] - A[i].min() + 1, B[i] - B[i].min() + 1).support_enumeration())
                      for i in range(k)]
        t_nashpy = time.perf_counter() - t0
        for i, eqs in enumerate(nashpy_out):
            ref = sorted((float(x[0]), float(y[0])) for x, y in eqs)
            got = [(float(ours.p[i, s]), float(ours.q[i, s])) for s in np.flatnonzero(ours.valid[i])]
            agree += len(ref) == len(got) and np.allclose(ref, got, atol=1e-9)

        g = args.general_n
        t0 = time.perf_counter()
        for i in range(g):
            nash_equilibria(BimatrixGame(A[i], B[i]))
        t_general = time.perf_counter() - t0

    best, median = min(t_rand), float(np.median(t_rand))
    nashpy_per_game = t_nashpy / k
    result = {
        "benchmark": "bench_2x2",
        "n_games": args.n,
        "repeats": args.repeats,
        "seed": args.seed,
        "solve_2x2_random": {
            "best_s": best, "median_s": median,
            "games_per_s_best": args.n / best, "games_per_s_median": args.n / median,
            "equilibria": int(solve_2x2(A, B).count.sum()),
        },
        "solve_2x2_tie_heavy_012": {
            "best_s": min(t_ties), "median_s": float(np.median(t_ties)),
            "games_per_s_best": args.n / min(t_ties),
            "games_per_s_median": args.n / float(np.median(t_ties)),
            "degenerate_fraction": float(res_ties.degenerate.mean()),
            "continuum_fraction": float(res_ties.continuum.mean()),
        },
        "nashpy_support_enumeration_loop": {
            "n_games": k, "total_s": t_nashpy, "s_per_game": nashpy_per_game,
            "games_per_s": 1 / nashpy_per_game,
            "agreement_with_solve_2x2": f"{agree}/{k}",
        },
        "general_solver_loop": {"n_games": g, "s_per_game": t_general / g, "games_per_s": g / t_general},
        "ratio_vs_nashpy_median": (args.n / median) * nashpy_per_game,
        "ratio_vs_nashpy_best": (args.n / best) * nashpy_per_game,
        "machine": _machine(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, default=str) + "\n")

    r, t = result["solve_2x2_random"], result["solve_2x2_tie_heavy_012"]
    print(f"solve_2x2, {args.n:,} random games: best {r['best_s'] * 1e3:.1f} ms "
          f"({r['games_per_s_best'] / 1e6:.2f} M games/s), median {r['median_s'] * 1e3:.1f} ms "
          f"({r['games_per_s_median'] / 1e6:.2f} M games/s)")
    print(f"solve_2x2, {args.n:,} tie-heavy games ({t['degenerate_fraction']:.0%} degenerate): "
          f"median {t['games_per_s_median'] / 1e6:.2f} M games/s")
    print(f"nashpy support_enumeration loop, {k:,} games: {nashpy_per_game * 1e3:.3f} ms/game "
          f"({1 / nashpy_per_game:,.0f} games/s); agreement {agree}/{k}")
    print(f"general nash_equilibria loop, {g:,} games: {t_general / g * 1e3:.3f} ms/game")
    print(f"ratio solve_2x2 / nashpy (median): {result['ratio_vs_nashpy_median']:,.0f}x "
          f"(best {result['ratio_vs_nashpy_best']:,.0f}x)")
    print(f"wrote {args.out}")
    return result


if __name__ == "__main__":
    main()
