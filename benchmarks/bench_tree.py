"""Game trees: every extreme Nash equilibrium by the sequence form, and the logit agent QRE.

On the random two-player trees of the peer test (perfect recall, chance moves, information
sets; the first ``--trees`` seeds whose reduced strategic form has at most 120 strategy
pairs), interleaved tree by tree so that both see the same machine load:

* ours: :func:`deterrence_games.solvers.extensive.sequence_form_nash` (every extreme Nash
  equilibrium, lexicographic pivoting on the sequence-form polyhedra) versus pygambit's
  ``enummixed_solve`` (every extreme equilibrium of the reduced strategic form, the same
  set of equilibrium outcomes, checked) and ``lcp_solve`` (sequence-form LCP: some
  equilibria, for context);
* ours: :func:`~deterrence_games.solvers.extensive.tree_qre` at ``lambda = 300`` versus
  pygambit's ``logit_solve`` (agent form, traced to its own stopping rule).

Run: ``python benchmarks/bench_tree.py [--trees N]``; writes ``benchmarks/results/bench_tree.json``.
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
from deterrence_games.games.tree import random_tree
from deterrence_games.solvers.extensive import sequence_form_nash, tree_qre


def tree(seed: int):
    return random_tree(seed, max_depth=3, actions=(2, 3), p_merge=0.6, p_chance=0.2)


def reduced_strategies(g, i: int) -> int:
    after: dict = {}
    for h, I in enumerate(g.infosets):
        if I.player == i:
            after.setdefault(I.sequence[-1] if I.sequence else (), []).append(h)

    def r(s) -> int:
        out = 1
        for h in after.get(s, []):
            out *= sum(r((h, a)) for a in range(len(g.infosets[h].actions)))
        return out

    return r(())


def seeds(n: int) -> list[int]:
    out, s = [], 0
    while len(out) < n:
        g = tree(s)
        if g.infosets and reduced_strategies(g, 0) * reduced_strategies(g, 1) <= 120:
            out.append(s)
        s += 1
    return out


def terminals(node, out):
    if not node.children:
        out.append(node)
    for c in node.children:
        terminals(c, out)
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trees", type=int, default=50)
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "bench_tree.json")
    args = ap.parse_args(argv)
    import pygambit as gbt

    games = [tree(s) for s in seeds(args.trees)]
    t_ours = t_enum = t_lcp = t_qre = t_logit = 0.0
    agree = 0
    n_ours = n_enum = n_lcp = 0
    for g in games:
        G = gbt.read_efg(io.StringIO(g.to_efg()))
        t0 = time.perf_counter()
        sol = sequence_form_nash(g)
        t1 = time.perf_counter()
        enum = gbt.nash.enummixed_solve(G, rational=False).equilibria
        t2 = time.perf_counter()
        lcp = gbt.nash.lcp_solve(G, rational=False).equilibria
        t3 = time.perf_counter()
        tree_qre(g, 300.0)
        t4 = time.perf_counter()
        gbt.nash.logit_solve(G, use_strategic=False)
        t5 = time.perf_counter()
        t_ours += t1 - t0
        t_enum += t2 - t1
        t_lcp += t3 - t2
        t_qre += t4 - t3
        t_logit += t5 - t4
        n_ours, n_enum, n_lcp = n_ours + len(sol), n_enum + len(enum), n_lcp + len(lcp)
        ours = {tuple(np.round([e.outcomes[o] for o in g.outcomes], 6)) for e in sol}
        nodes = terminals(G.root, [])
        theirs = set()
        for eq in enum:
            b = eq.as_behavior()
            pz = np.array([float(b.realiz_prob(n)) for n in nodes])
            theirs.add(tuple(np.round(list(g.outcome_distribution(pz).values()), 6)))
        agree += ours == theirs
    n = len(games)
    report = {
        "benchmark": "game trees: all extreme Nash equilibria (sequence form) and logit agent QRE",
        "version": __version__, "pygambit": gbt.__version__, "python": sys.version.split()[0],
        "machine": platform.machine(), "trees": n,
        "information_sets_mean": float(np.mean([len(g.infosets) for g in games])),
        "ours_sequence_form_ms_per_tree": 1e3 * t_ours / n, "ours_extreme_equilibria": n_ours,
        "gambit_enummixed_ms_per_tree": 1e3 * t_enum / n, "gambit_enummixed_equilibria": n_enum,
        "gambit_lcp_ms_per_tree": 1e3 * t_lcp / n, "gambit_lcp_equilibria": n_lcp,
        "equilibrium_outcome_sets_agree": f"{agree}/{n}",
        "ratio_ours_over_enummixed": t_ours / t_enum, "ratio_ours_over_lcp": t_ours / t_lcp,
        "ours_qre_lambda300_ms_per_tree": 1e3 * t_qre / n, "gambit_logit_solve_ms_per_tree": 1e3 * t_logit / n,
        "ratio_ours_qre_over_gambit_logit": t_qre / t_logit,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
