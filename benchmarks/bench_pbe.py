"""All-PBE throughput on a 2-type x 2-message x 2-action family (beer-quiche family).

Sweeps 10^4 parameter points (prior x taste bonus x value of avoiding a duel), solves every
game with :func:`deterrence_games.solvers.pbe.pbe` (every PBE cell, certified, with the
intuitive criterion and D1), and times pygambit's sequence-form LCP on the game tree
(``pygambit.nash.lcp_solve`` on the ``.efg`` export, which returns Nash equilibria of the
tree, not filtered to PBE and without refinements) on a seeded subsample in the same run.

Run: ``python benchmarks/bench_pbe.py [--points N] [--gambit-sample M]``; writes
``benchmarks/results/bench_pbe.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

from deterrence_games import __version__
from deterrence_games.games.signaling import SignalingGame
from deterrence_games.solvers.pbe import pbe


def family(n_points: int) -> list[tuple[float, float, float]]:
    """The 25 x 20 x 20 = 10^4 grid of (p_weak, bonus, avoid); a seeded subsample if smaller."""
    grid = [(p, b, d) for p in np.linspace(0.02, 0.98, 25) for b in np.linspace(0.2, 2.0, 20)
            for d in np.linspace(0.5, 3.0, 20)]
    if n_points >= len(grid):
        return grid
    idx = np.sort(np.random.default_rng(1).choice(len(grid), size=n_points, replace=False))
    return [grid[i] for i in idx]


def game(p_weak: float, bonus: float, avoid: float) -> SignalingGame:
    """Beer-quiche with a taste ``bonus`` for the preferred breakfast and value ``avoid`` of no duel."""
    u_S = np.zeros((2, 2, 2))
    for t in range(2):
        for m in range(2):
            u_S[t, m] = [0.0, avoid]
            if m == t:  # weak (t=0) prefers quiche (m=0), strong (t=1) beer (m=1)
                u_S[t, m] += bonus
    u_R = np.array([[[1, 0], [1, 0]], [[0, 1], [0, 1]]], dtype=float)
    return SignalingGame(["weak", "strong"], [p_weak, 1 - p_weak], ["quiche", "beer"], ["duel", "not"], u_S, u_R)


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=10_000)
    ap.add_argument("--gambit-sample", type=int, default=1_000)
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "bench_pbe.json")
    args = ap.parse_args(argv)

    points = family(args.points)
    games = [game(*pt) for pt in points]
    t0 = time.perf_counter()
    n_cells = 0
    n_intuitive = 0
    max_regret = 0.0
    for g in games:
        res = pbe(g)
        n_cells += len(res)
        n_intuitive += sum(bool(e.flags["intuitive"]) for e in res)
        max_regret = max(max_regret, res.max_regret)
    ours = time.perf_counter() - t0

    report: dict = {
        "benchmark": "all-PBE throughput, 2x2x2 beer-quiche family",
        "version": __version__, "python": sys.version.split()[0], "machine": platform.machine(),
        "points": len(games), "ours_seconds": ours, "ours_games_per_second": len(games) / ours,
        "ours_ms_per_game": 1e3 * ours / len(games), "pbe_cells": n_cells,
        "intuitive_cells": n_intuitive, "max_regret": max_regret,
    }
    try:
        import pygambit as gbt
    except ImportError:
        gbt = None
    if gbt is not None and args.gambit_sample > 0:
        rng = np.random.default_rng(0)
        idx = rng.choice(len(games), size=min(args.gambit_sample, len(games)), replace=False)
        texts = [games[i].to_efg() for i in idx]
        t0 = time.perf_counter()
        trees = [gbt.read_efg(io.StringIO(s)) for s in texts]
        parse = time.perf_counter() - t0
        # interleave the two solvers game by game so that both see the same machine load
        lcp = ours_sub = 0.0
        n_eq = 0
        for i, G in zip(idx, trees, strict=True):
            t0 = time.perf_counter()
            n_eq += len(gbt.nash.lcp_solve(G, rational=False).equilibria)
            t1 = time.perf_counter()
            pbe(games[i])
            t2 = time.perf_counter()
            lcp += t1 - t0
            ours_sub += t2 - t1
        report["gambit"] = {
            "version": gbt.__version__, "sample": len(idx), "method": "lcp_solve(tree, rational=False), interleaved with ours game by game",
            "lcp_seconds": lcp, "lcp_ms_per_game": 1e3 * lcp / len(idx),
            "parse_ms_per_game": 1e3 * parse / len(idx), "equilibria_found": n_eq,
            "ours_ms_per_game_same_sample": 1e3 * ours_sub / len(idx),
            "ratio_ours_over_lcp": ours_sub / lcp,
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
