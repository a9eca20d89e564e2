"""Benchmark: strategic estimation (issue 16): an ``egame12`` fit with 10 coefficients.

1. war1800 (282 complete disputes), the ``games`` help-page specification (10 coefficients):
   the optimiser alone from the SBI start (BFGS with the analytic score), a complete call with
   no restarts (SBI start, identification checks, optimiser, three covariance matrices), and
   the default call (4 random restarts). Peer in the same run: the same likelihood maximised
   by scipy's BFGS with finite-difference gradients (what one gets without analytic scores).
2. 100,000 simulated disputes, 10 coefficients (probit, agent error): the same three timings.

Median wall time of ``--repeat`` calls; iterations of the best run. Run
``python benchmarks/bench_estimation.py``; writes ``benchmarks/results/bench_estimation.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import optimize

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import deterrence_games as dg  # noqa: E402
from deterrence_games._version import __version__  # noqa: E402
from deterrence_games.estimation._strategic import _sbi_start  # noqa: E402

WAR = "esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2"
SIM = "esc + war ~ x1 + x2 | 0 | x3 + x4 | z1 + z2 + z3"
TRUTH = {"u11:(Intercept)": -0.3, "u11:x1": 0.8, "u11:x2": -0.5, "u14:(Intercept)": 0.4, "u14:x3": 0.7,
         "u14:x4": -0.6, "u24:(Intercept)": 0.2, "u24:z1": -1.0, "u24:z2": 0.5, "u24:z3": 0.3}


def timeit(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def case(name: str, formula: str, data: pd.DataFrame, repeat: int) -> dict:
    fit = dg.estimate.egame12(formula, data, restarts=0)
    kern, spec = fit._spec.kernel, fit._spec
    y = (data.loc[spec.rows, "esc"] + data.loc[spec.rows, "war"]).to_numpy()
    theta0 = _sbi_start(kern, _Design(kern.X), y, "probit", "agent")

    def analytic():
        return optimize.minimize(lambda t: (lambda v, g: (-v.sum(), -g))(*kern.loglik_and_score(t, y, "sum")),
                                 theta0, jac=True, method="BFGS", options={"gtol": 1e-6})

    def numeric():
        return optimize.minimize(lambda t: -kern.loglik_obs(t, y).sum(), theta0, method="BFGS",
                                 options={"gtol": 1e-6})

    t_opt, r_opt = timeit(analytic, repeat)
    t_num, r_num = timeit(numeric, max(1, repeat // 2))
    t_one, f_one = timeit(lambda: dg.estimate.egame12(formula, data, restarts=0), repeat)
    t_def, f_def = timeit(lambda: dg.estimate.egame12(formula, data), max(1, repeat // 2))
    return {
        "case": name, "n_obs": fit.nobs, "n_coef": len(fit.params),
        "optimizer_analytic_s": t_opt, "optimizer_analytic_iterations": int(r_opt.nit),
        "optimizer_analytic_evaluations": int(r_opt.nfev),
        "optimizer_numeric_gradient_s": t_num, "optimizer_numeric_iterations": int(r_num.nit),
        "optimizer_numeric_evaluations": int(r_num.nfev),
        "ratio_numeric_over_analytic": t_num / t_opt,
        "loglik_difference_numeric_minus_analytic": float(-r_num.fun + r_opt.fun),
        "fit_no_restarts_s": t_one, "fit_no_restarts_iterations": f_one.iterations,
        "fit_default_4_restarts_s": t_def, "loglik": f_def.llf, "converged": bool(f_def.converged),
    }


class _Design:
    def __init__(self, X):
        self.X = X


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "bench_estimation.json")
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    d = pd.DataFrame({c: rng.normal(size=args.n) for c in ("x1", "x2", "x3", "x4", "z1", "z2", "z3")})
    sim = dg.estimate.simulate_egame12(SIM, d, TRUTH, seed=1)
    rows = [case("war1800", WAR, dg.datasets.load("war1800"), args.repeat),
            case(f"simulated n={args.n}", SIM, sim, max(1, args.repeat // 3))]
    report = {"benchmark": "bench_estimation", "version": __version__, "python": sys.version.split()[0],
              "numpy": np.__version__, "machine": platform.machine(), "cpus": os.cpu_count(),
              "loadavg_1min": os.getloadavg()[0], "repeat": args.repeat, "results": rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
