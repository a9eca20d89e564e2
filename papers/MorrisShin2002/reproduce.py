"""Reproduce papers/MorrisShin2002: the social value of public information
and the Morris-Shin regime-change benchmark.

Run with ``deterrence-games reproduce MorrisShin2002``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import deterrence_games as dg

HERE = Path(__file__).resolve().parent
# The Monte Carlo welfare matches expected/ within four of its standard errors.
COMPARE = {"welfare.csv": {"standard_errors": {"mc_expected_welfare": "mc_se"}}}
M = dg.get_model("public_information")


def welfare(n: int = 200_000, seed: int = 2002) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for c in pd.read_csv(HERE / "expected" / "welfare.csv").itertuples():
        q = M.solve(alpha=c.alpha, beta=c.beta, r=c.r)[0].quantities
        theta = rng.standard_normal(n)
        y = theta + rng.standard_normal(n) / np.sqrt(c.alpha)
        x = theta + rng.standard_normal(n) / np.sqrt(c.beta)
        loss = (q["weight_public"] * y + (1 - q["weight_public"]) * x - theta) ** 2
        rows.append({"alpha": c.alpha, "beta": c.beta, "r": c.r, "weight_public": q["weight_public"],
                     "expected_welfare": q["expected_welfare"], "mc_expected_welfare": -loss.mean(),
                     "mc_se": loss.std() / np.sqrt(n), "dW_dalpha": q["dW_dalpha"]})
    return pd.DataFrame(rows)


def regime_change() -> pd.DataFrame:
    rows = []
    for c in pd.read_csv(HERE / "expected" / "regime_change.csv").itertuples():
        sol = M.solve(variant="regime_change", alpha=c.alpha, beta=c.beta, y=c.y, c=c.c)
        rows.append({"alpha": c.alpha, "beta": c.beta, "y": c.y, "c": c.c, "n_equilibria": len(sol),
                     "theta_star": ";".join(f"{e.quantities['theta_star']:.4f}" for e in sol),
                     "uniqueness_condition": sol[0].flags["uniqueness_condition"]})
    return pd.DataFrame(rows)


def main(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    welfare().to_csv(out_dir / "welfare.csv", index=False)
    regime_change().to_csv(out_dir / "regime_change.csv", index=False)
    fig, ax = plt.subplots(figsize=(5.5, 3.2))
    alpha = np.linspace(0.05, 5, 200)
    for r in (0.25, 0.5, 0.75, 0.9):
        t = dg.sweep("public_information", {"alpha": alpha}, fixed={"beta": 10.0, "r": r})
        ax.plot(t["alpha"], t["expected_welfare"], label=f"r={r}")
    ax.set_xlabel("public precision alpha (beta = 10)")
    ax.set_ylabel("E[W]")
    ax.set_title("Morris-Shin 2002: public information can lower welfare")
    ax.legend()
    dg.plot.save_figure(fig, out_dir / "welfare_vs_public_precision")
    plt.close(fig)


if __name__ == "__main__":  # pragma: no cover
    main(Path("out") / "MorrisShin2002")
