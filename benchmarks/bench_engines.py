"""Equilibrium engines against their fastest peers, by size, interleaved, best of N.

One function per section; ``--only SECTION`` runs one of them.

* ``pbe``: every PBE cell of random signaling games (types x messages x actions, payoffs
  standard normal, priors uniform on [0.2, 1] normalised, seeded: ``tests/signaling_brute.
  random_game``) by :func:`deterrence_games.solvers.pbe.pbe` against the exhaustive
  support enumeration it replaced (``tests/pbe_reference.py``, run in a child process
  stopped after ``--budget`` seconds) and, for scale, pygambit's sequence-form LCP on the
  game tree (``lcp_solve`` on the ``.efg`` export: some Nash equilibria of the tree, not
  all PBE). For each game the engines run one after the other (the same machine load);
  the median over the games and the median ratio peer / ours are printed. The number of
  cells of the two enumerations is compared game by game.

Run: ``python benchmarks/bench_engines.py [--only pbe] [--shapes 3x3x3 4x4x4]``; writes
``benchmarks/results/bench_engines.json`` (sections not run keep their previous results).
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing as mp
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the reference engine and the game generator live in tests/
    sys.path.insert(0, str(ROOT))

from deterrence_games import __version__  # noqa: E402
from deterrence_games.solvers.pbe import pbe as pbe_solve  # noqa: E402
from tests.signaling_brute import random_game  # noqa: E402

PBE_SHAPES = ("3x3x3", "3x4x4", "4x3x4", "4x4x3", "4x4x4")


def _old_engine_child(shape, seed, i, queue) -> None:
    from tests import pbe_reference

    g = _pbe_game(shape, seed, i)
    t0 = time.perf_counter()
    n = len(pbe_reference.pbe(g))
    queue.put((time.perf_counter() - t0, n))


def _pbe_game(shape: tuple[int, int, int], seed: int, i: int):
    rng = np.random.default_rng([seed, *shape, i])
    return random_game(rng, *shape, integer=False)


def _old_engine(shape, seed, i, budget: float) -> tuple[float, int | None]:
    """Time of the exhaustive engine in a child process (inf if it does not finish in budget)."""
    queue: mp.Queue = mp.get_context("fork").Queue()
    proc = mp.get_context("fork").Process(target=_old_engine_child, args=(shape, seed, i, queue))
    proc.start()
    proc.join(budget)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return np.inf, None
    return queue.get()


def pbe(shapes=PBE_SHAPES, games: int = 5, budget: float = 20.0, seed: int = 0) -> list[dict]:
    """All-PBE of random signaling games: ours vs the exhaustive enumeration vs gambit LCP."""
    try:
        import pygambit as gbt
    except ImportError:  # pragma: no cover
        gbt = None
    rows = []
    for spec in shapes:
        shape = tuple(int(x) for x in spec.split("x"))
        ours, old, lcp, same = [], [], [], []
        for i in range(games):
            g = _pbe_game(shape, seed, i)
            t0 = time.perf_counter()
            n_ours = len(pbe_solve(g))
            ours.append(time.perf_counter() - t0)
            t_old, n_old = _old_engine(shape, seed, i, budget)
            old.append(t_old)
            if n_old is not None:
                same.append(n_old == n_ours)
            if gbt is not None:
                tree = gbt.read_efg(io.StringIO(g.to_efg()))
                t0 = time.perf_counter()
                gbt.nash.lcp_solve(tree, rational=False)
                lcp.append(time.perf_counter() - t0)
        row = {"shape": spec, "games": games, "ours_median_s": float(np.median(ours)),
               "ours_max_s": float(np.max(ours)),
               "exhaustive_median_s": float(np.median(old)), "exhaustive_unfinished": int(np.isinf(old).sum()),
               "median_ratio_exhaustive_over_ours": float(np.median(np.array(old) / np.array(ours))),
               "same_cell_counts": f"{sum(same)}/{len(same)}"}
        if lcp:
            row["gambit_lcp_median_s"] = float(np.median(lcp))
            row["median_ratio_ours_over_gambit_lcp"] = float(np.median(np.array(ours) / np.array(lcp)))
        row = {k: (None if isinstance(v, float) and not np.isfinite(v) else v) for k, v in row.items()}  # valid JSON
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


SECTIONS = {"pbe": pbe}


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=sorted(SECTIONS), action="append",
                    help="run only this section (repeatable)")
    ap.add_argument("--shapes", nargs="+", default=list(PBE_SHAPES),
                    help="pbe: game shapes TYPESxMESSAGESxACTIONS")
    ap.add_argument("--pbe-games", type=int, default=5, help="pbe: random games per shape")
    ap.add_argument("--budget", type=float, default=20.0,
                    help="pbe: stop the exhaustive engine after this many seconds per game")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "bench_engines.json")
    args = ap.parse_args(argv)

    report: dict = {"version": __version__, "python": sys.version.split()[0],
                    "machine": platform.machine(), "processor": platform.processor(),
                    "started_utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())}
    try:
        import os
        report["load_average"] = os.getloadavg()
    except OSError:  # pragma: no cover
        pass
    for name in args.only or SECTIONS:
        print(f"== {name}", flush=True)
        if name == "pbe":
            report[name] = pbe(args.shapes, args.pbe_games, args.budget)
        else:  # pragma: no cover - sections added later take their defaults
            report[name] = SECTIONS[name]()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(args.out.read_text()) if args.out.exists() else {}
    previous.update(report)  # keep the sections not run this time
    args.out.write_text(json.dumps(previous, indent=2) + "\n")
    return report


if __name__ == "__main__":
    main()
