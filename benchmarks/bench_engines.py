"""Equilibrium engines against their fastest peers, by size, interleaved, best of N.

One function per section; ``--only SECTION`` runs one of them.

* ``bimatrix``: every extreme Nash equilibrium of random n x n games (payoffs uniform on
  [0, 1), seeded) by :func:`deterrence_games.solvers.nash_equilibria` against pygambit
  ``enummixed_solve`` (floating point), QuantEcon ``vertex_enumeration`` and
  ``support_enumeration`` (numba, compiled once before timing), and nashpy
  ``vertex_enumeration``. For each size and game the engines run one after the other,
  ``--repeat`` times, and each keeps its best time (so all see the same machine load);
  the median over the games is printed, with the median ratio peer time / our time. A
  peer whose run exceeds ``--budget`` seconds is not repeated, nor run on the later games and
  sizes (``--peers`` restricts the peers). The
  section also counts the equilibria of the tie-heavy suites (payoffs in {0, 1, 2},
  2x2 to 6x6) against pygambit's rational enumeration.

* ``pbe``: every PBE cell of random signaling games (types x messages x actions, payoffs
  standard normal, priors uniform on [0.2, 1] normalised, seeded: ``tests/signaling_brute.
  random_game``) by :func:`deterrence_games.solvers.pbe.pbe` against the exhaustive
  support enumeration it replaced (``tests/pbe_reference.py``, run in a child process
  stopped after ``--budget`` seconds) and, for scale, pygambit's sequence-form LCP on the
  game tree (``lcp_solve`` on the ``.efg`` export: some Nash equilibria of the tree, not
  all PBE). For each game the engines run one after the other (the same machine load);
  the median over the games and the median ratio peer / ours are printed. The number of
  cells of the two enumerations is compared game by game.

* ``qre``: the logit QRE principal branch traced to lambda = 100 (profiles at 0.5, 2, 10 and
  100) by :func:`deterrence_games.solvers.logit_qre` against pygambit
  ``logit_solve_lambda`` (strategic form for bimatrix games, agent form for signaling
  games), random n x n bimatrix games and 3x4x4 / 4x3x4 signaling games, interleaved.

Run: ``python benchmarks/bench_engines.py [--only bimatrix|pbe|qre] [--sizes 2 4 10 15]
[--shapes 3x3x3 4x4x4] [--timer cpu]``; writes ``benchmarks/results/bench_engines.json`` (sections not run
keep their previous results).
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing as mp
import platform
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the reference PBE engine and the game generator live in tests/
    sys.path.insert(0, str(ROOT))

from deterrence_games import __version__  # noqa: E402
from deterrence_games.games import BimatrixGame  # noqa: E402
from deterrence_games.solvers import nash_equilibria  # noqa: E402
from deterrence_games.solvers.pbe import pbe as pbe_solve  # noqa: E402
from tests.signaling_brute import random_game  # noqa: E402

DEFAULT_SIZES = (2, 3, 4, 5, 6, 8, 10, 12, 15)


TIMER: Callable[[], float] = time.perf_counter
"""Clock of :func:`_best`: wall time, or ``time.process_time`` (CPU time of this process,
less sensitive to the other jobs of a shared machine) with ``--timer cpu``."""


def _best(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = TIMER()
        out = fn()
        best = min(best, TIMER() - t0)
    return best, out


def _bimatrix_engines() -> dict[str, Callable[[np.ndarray, np.ndarray], int]]:
    """name -> function(A, B) returning the number of equilibria found (peers if installed)."""

    def ours(A, B):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return len(nash_equilibria(BimatrixGame(A, B)))

    engines = {"ours": ours}
    try:
        import pygambit as gbt

        def gambit(A, B):
            g = gbt.Game.from_arrays(A, B)
            return len(gbt.nash.enummixed_solve(g, rational=False).equilibria)

        engines["gambit_enummixed"] = gambit
    except ImportError:  # pragma: no cover
        pass
    try:
        import quantecon.game_theory as qe

        def qe_vertex(A, B):
            return len(qe.vertex_enumeration(qe.NormalFormGame((qe.Player(A), qe.Player(B.T)))))

        def qe_support(A, B):
            return len(qe.support_enumeration(qe.NormalFormGame((qe.Player(A), qe.Player(B.T)))))

        engines["quantecon_vertex"] = qe_vertex
        engines["quantecon_support"] = qe_support
    except ImportError:  # pragma: no cover
        pass
    try:
        import nashpy

        def nashpy_vertex(A, B):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return len(list(nashpy.Game(A, B).vertex_enumeration()))

        engines["nashpy_vertex"] = nashpy_vertex
    except ImportError:  # pragma: no cover
        pass
    return engines


def bimatrix(sizes=DEFAULT_SIZES, games_per_size: int = 3, repeat: int = 3,
             budget: float = 20.0, tie_counts: bool = True, peers: list[str] | None = None) -> dict:
    """The ``bimatrix`` section (see the module docstring); ``peers`` restricts the peers."""
    engines = _bimatrix_engines()
    if peers is not None:
        engines = {k: f for k, f in engines.items() if k == "ours" or k in peers}
    warm = np.random.default_rng(0).random((3, 3))
    for f in engines.values():  # compile numba kernels, import lazily loaded modules
        f(warm, warm.T.copy())
    active = set(engines)
    rows = []
    for n in sizes:
        rng = np.random.default_rng(n)
        times: dict[str, list[float]] = {k: [] for k in engines}
        counts: dict[str, list[int]] = {k: [] for k in engines}
        for _ in range(games_per_size):
            A, B = rng.random((n, n)), rng.random((n, n))
            for name, f in engines.items():
                if name not in active:
                    continue
                t0 = TIMER()
                c = f(A, B)
                t = TIMER() - t0
                if repeat > 1 and (t <= budget or name == "ours"):  # best of `repeat` runs
                    t = min(t, _best(lambda f=f, A=A, B=B: f(A, B), repeat - 1)[0])
                times[name].append(t)
                counts[name].append(int(c))
                if t > budget and name != "ours":
                    active.discard(name)  # too slow to time at the next sizes
        row = {"n": n, "games": games_per_size}
        for name in engines:
            if times[name]:  # a peer dropped for time has fewer games: compared on those
                k = len(times[name])
                row[name] = {"median_s": float(np.median(times[name])), "games": k,
                             "equilibria": counts[name]}
                if name != "ours":
                    ratios = np.array(times[name]) / np.array(times["ours"][:k])
                    row[name]["ratio_peer_over_ours"] = float(np.median(ratios))
        rows.append(row)
        line = f"n={n:3d} ours {1e3 * row['ours']['median_s']:.2f} ms"
        for name in engines:
            if name != "ours" and name in row:
                games = "" if row[name]["games"] == games_per_size else f", {row[name]['games']} game(s)"
                line += (f" | {name} {1e3 * row[name]['median_s']:.2f} ms "
                         f"(x{row[name]['ratio_peer_over_ours']:.2f}{games})")
        print(line, flush=True)
    out = {"random_games": rows}
    if tie_counts:
        out["tie_heavy"] = _tie_heavy_counts()
    return out


def _tie_heavy_counts() -> list[dict]:
    """Equilibria of tie-heavy games ({0, 1, 2} payoffs) vs pygambit's rational enumeration."""
    try:
        import pygambit as gbt
    except ImportError:  # pragma: no cover
        return []
    out = []
    for n, count in ((2, 500), (3, 200), (4, 60), (5, 20), (6, 10)):
        rng = np.random.default_rng(2000 + n)
        ours = gambit = same = degenerate = 0
        t_ours = t_gbt = 0.0
        for _ in range(count):
            A, B = rng.integers(0, 3, size=(n, n)), rng.integers(0, 3, size=(n, n))
            t0 = time.perf_counter()
            g = gbt.Game.from_arrays(A.tolist(), B.tolist())
            p1, p2 = g.players
            ref = {(tuple(float(e[s]) for s in p1.strategies), tuple(float(e[s]) for s in p2.strategies))
                   for e in gbt.nash.enummixed_solve(g, rational=True).equilibria}
            t1 = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = nash_equilibria(BimatrixGame(A, B))
            t2 = time.perf_counter()
            t_gbt += t1 - t0
            t_ours += t2 - t1
            got = {(tuple(x.tolist()), tuple(y.tolist())) for x, y in res}
            ours += len(got)
            gambit += len(ref)
            same += got == ref
            degenerate += res.degenerate
        row = {"n": n, "games": count, "degenerate_games": degenerate, "equilibria_ours": ours,
               "equilibria_gambit_rational_distinct": gambit, "games_identical": same,
               "seconds_ours": t_ours, "seconds_gambit_rational": t_gbt}
        print(f"tie-heavy {n}x{n}: {count} games ({degenerate} degenerate), equilibria ours "
              f"{ours} / gambit rational {gambit}, identical sets in {same}/{count} games; "
              f"time ours {t_ours:.2f} s, gambit rational {t_gbt:.2f} s", flush=True)
        out.append(row)
    return out


PBE_SHAPES = ("3x3x3", "3x4x4", "4x3x4", "4x4x3", "4x4x4")


def _old_engine_child(shape, seed, i, queue) -> None:
    from tests import pbe_reference

    g = _pbe_game(shape, seed, i)
    t0 = TIMER()
    n = len(pbe_reference.pbe(g))
    queue.put((TIMER() - t0, n))


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
            t0 = TIMER()
            n_ours = len(pbe_solve(g))
            ours.append(TIMER() - t0)
            t_old, n_old = _old_engine(shape, seed, i, budget)
            old.append(t_old)
            if n_old is not None:
                same.append(n_old == n_ours)
            if gbt is not None:
                tree = gbt.read_efg(io.StringIO(g.to_efg()))
                t0 = TIMER()
                gbt.nash.lcp_solve(tree, rational=False)
                lcp.append(TIMER() - t0)
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


def _qre_engines():
    """(bimatrix games, signaling games) traced to lambda = 100 by us and by pygambit."""
    from deterrence_games.games import SignalingGame
    from deterrence_games.solvers import logit_qre

    lams = [0.5, 2.0, 10.0, 100.0]

    def ours(game):
        path = logit_qre(game, lambda_max=100.0, max_step=10.0)
        return [path.at(lam) for lam in lams]

    engines = {"ours": ours}
    try:
        import io

        import pygambit as gbt

        def gambit(game):
            if isinstance(game, SignalingGame):
                G = gbt.read_efg(io.StringIO(game.to_efg()))
                return gbt.qre.logit_solve_lambda(G, lams, use_strategic=False)
            G = gbt.Game.from_arrays(game.A, game.B)
            return gbt.qre.logit_solve_lambda(G, lams, use_strategic=True)

        engines["gambit_logit_solve_lambda"] = gambit
    except ImportError:  # pragma: no cover
        pass
    return engines


def qre(games_per_case: int = 3, repeat: int = 3) -> list[dict]:
    """Logit QRE path to lambda = 100 (profiles at 0.5, 2, 10, 100): ours vs pygambit."""
    from deterrence_games.games import BimatrixGame, SignalingGame

    rng = np.random.default_rng(2026)
    cases = [(f"bimatrix {n}x{n}", lambda n=n: BimatrixGame(rng.normal(size=(n, n)), rng.normal(size=(n, n))))
             for n in (4, 6, 10)]
    for shape in ((3, 4, 4), (4, 3, 4)):
        nT, nM, nA = shape

        def make(nT=nT, nM=nM, nA=nA, shape=shape):
            return SignalingGame(nT, rng.dirichlet(np.ones(nT)), nM, nA, rng.normal(size=shape),
                                 rng.normal(size=shape))

        cases.append((f"signaling {nT}x{nM}x{nA}", make))
    engines = _qre_engines()
    rows = []
    for name, make in cases:
        times: dict[str, list[float]] = {e: [] for e in engines}
        for _ in range(games_per_case):
            game = make()
            for e, fn in engines.items():  # interleaved: every engine on the same game, same load
                times[e].append(_best(lambda fn=fn, game=game: fn(game), repeat)[0])
        row = {"case": name, **{f"{e}_s": float(np.median(t)) for e, t in times.items()}}
        for e in engines:
            if e != "ours":
                row[f"ratio_{e}"] = float(np.median(np.array(times[e]) / np.array(times["ours"])))
        rows.append(row)
        print("  ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()), flush=True)
    return rows


SECTIONS = {"bimatrix": bimatrix, "pbe": pbe, "qre": qre}


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=sorted(SECTIONS), action="append",
                    help="run only this section (repeatable)")
    ap.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES),
                    help="bimatrix: game sizes n (n x n)")
    ap.add_argument("--games", type=int, default=3, help="bimatrix: random games per size")
    ap.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    ap.add_argument("--budget", type=float, default=20.0,
                    help="bimatrix: drop a peer after a run longer than this; pbe: stop the "
                         "exhaustive engine after this many seconds per game")
    ap.add_argument("--no-ties", action="store_true", help="bimatrix: skip the tie-heavy suites")
    ap.add_argument("--peers", nargs="*", default=None,
                    help="bimatrix: run only these peers (gambit_enummixed, quantecon_vertex, "
                         "quantecon_support, nashpy_vertex)")
    ap.add_argument("--shapes", nargs="+", default=list(PBE_SHAPES),
                    help="pbe: game shapes TYPESxMESSAGESxACTIONS")
    ap.add_argument("--pbe-games", type=int, default=5, help="pbe: random games per shape")
    ap.add_argument("--qre-games", type=int, default=3, help="qre: random games per case")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "bench_engines.json")
    ap.add_argument("--timer", choices=("wall", "cpu"), default="wall",
                    help="time.perf_counter (wall) or time.process_time (cpu; the exhaustive PBE "
                         "engine's in its child process)")
    args = ap.parse_args(argv)
    global TIMER
    TIMER = time.process_time if args.timer == "cpu" else time.perf_counter

    report: dict = {"version": __version__, "python": sys.version.split()[0],
                    "machine": platform.machine(), "processor": platform.processor(),
                    "started_utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
                    "timer": args.timer}
    try:
        import os
        report["load_average"] = os.getloadavg()
    except OSError:  # pragma: no cover
        pass
    for name in args.only or SECTIONS:
        print(f"== {name}", flush=True)
        if name == "bimatrix":
            report[name] = bimatrix(args.sizes, args.games, args.repeat, args.budget, not args.no_ties,
                                    args.peers)
        elif name == "pbe":
            report[name] = pbe(args.shapes, args.pbe_games, args.budget)
        elif name == "qre":
            report[name] = qre(args.qre_games, args.repeat)
        else:  # pragma: no cover - sections added later take their defaults
            report[name] = SECTIONS[name]()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(args.out.read_text()) if args.out.exists() else {}
    previous.update(report)  # keep the sections not run this time
    args.out.write_text(json.dumps(previous, indent=2) + "\n")
    return report


if __name__ == "__main__":
    main()
