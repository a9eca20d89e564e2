"""Reproduce papers/FudenbergLevine1989: the reputation lower bound.

Run with ``deterrence-games reproduce FudenbergLevine1989``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import deterrence_games as dg
from deterrence_games.solvers.reputation import fudenberg_levine_bound

HERE = Path(__file__).resolve().parent


def bound_table() -> pd.DataFrame:
    cases = pd.read_csv(HERE / "expected" / "fl_bound.csv")
    rows = []
    for c in cases.itertuples():
        ceil = fudenberg_levine_bound(c.mu, c.b, c.delta, 2.0, -1.0, rounding="ceil")
        floor = fudenberg_levine_bound(c.mu, c.b, c.delta, 2.0, -1.0, rounding="floor")
        rows.append({"mu": c.mu, "b": c.b, "delta": c.delta, "K": ceil.K, "bound": ceil.bound,
                     "K_floor": floor.K, "bound_floor": floor.bound})
    return pd.DataFrame(rows)


def kw_versus_bound(n_markets: int = 20, delta: float = 0.95) -> pd.DataFrame:
    """The Kreps-Wilson weak incumbent's average discounted payoff against the FL bound."""
    model = dg.get_model("chain_store")
    rows = []
    for prior in np.round(np.linspace(0.02, 0.5, 9), 4):
        e = model.solve(n_markets=n_markets, prior=float(prior), delta=delta)[0]
        rows.append({"prior": float(prior), "weak_payoff_average": e.quantities["weak_payoff_average"],
                     "fl_bound_average": e.quantities["fl_bound_average"], "fl_K": e.quantities["fl_K"]})
    return pd.DataFrame(rows)


def main(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    bound_table().to_csv(out_dir / "fl_bound.csv", index=False)
    kw = kw_versus_bound()
    kw.to_csv(out_dir / "kw_versus_bound.csv", index=False)
    fig, ax = plt.subplots(figsize=(5.5, 3.2))
    # both are step functions of the prior (the number of markets K is an integer), with steps between
    # the grid points that a line would draw as slopes: the computed points only
    ax.plot(kw["prior"], kw["weak_payoff_average"], "o", color="C0", label="Kreps-Wilson equilibrium")
    ax.plot(kw["prior"], kw["fl_bound_average"], "s", color="C1", label="Fudenberg-Levine bound (floor K)")
    ax.set_xlabel("prior of the tough type")
    ax.set_ylabel("weak incumbent's average payoff")
    ax.set_title("Chain store, N=20, delta=0.95, a=2, b=1/2")
    ax.legend()
    dg.plot.save_figure(fig, out_dir / "kw_versus_fl_bound")
    plt.close(fig)


if __name__ == "__main__":  # pragma: no cover
    main(Path("out") / "FudenbergLevine1989")
