"""Reproduce papers/Kydd2000_trust: trust thresholds and trust building.

Run with ``deterrence-games reproduce Kydd2000_trust``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import deterrence_games as dg
from deterrence_games.models.trust_building import simulate_trust

HERE = Path(__file__).resolve().parent
# The Monte Carlo columns match expected/ within four of their standard errors.
COMPARE = {"k3.csv": {"standard_errors": {"mc_expected_rounds": "mc_se_rounds", "mc_p_misplaced": "mc_se_misplaced"}}}


def k1_table() -> pd.DataFrame:
    model = dg.get_model("trust_building")
    rows = []
    for c in pd.read_csv(HERE / "expected" / "k1.csv").itertuples():
        sol = model.solve(pi0=c.pi, c=c.c, t_T=c.t_T, horizon=0)
        tb = sol.select("flag:most_peaceful")
        rows.append({"pi": c.pi, "c": c.c, "t_T": c.t_T, "pi_star": tb.quantities["pi_star"],
                     "cooperative": bool(tb.quantities["m_star"] == 0),
                     "p_conflict": tb.escalation_probability,
                     "p_conflict_all_defect": sol.select("flag:all_defect").escalation_probability})
    return pd.DataFrame(rows)


def k3_table(n: int = 50_000, seed: int = 2000) -> pd.DataFrame:
    model = dg.get_model("trust_building")
    rows = []
    for c in pd.read_csv(HERE / "expected" / "k3.csv").itertuples():
        q = model.solve(rho=c.rho, pi0=c.pi0)[0].quantities
        sim = simulate_trust(c.rho, c.pi0, c.pi_star, n=n, seed=seed)
        rows.append({"rho": c.rho, "m_star": q["m_star"], "expected_rounds": q["expected_rounds_to_trust"],
                     "p_misplaced_trust": q["p_misplaced_trust"], "mc_expected_rounds": sim.mean_rounds_trustworthy,
                     "mc_se_rounds": sim.se_rounds_trustworthy, "mc_p_misplaced": sim.p_misplaced_trust,
                     "mc_se_misplaced": sim.se_misplaced_trust, "mc_n": n, "mc_seed": seed})
    return pd.DataFrame(rows)


def main(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    k1_table().to_csv(out_dir / "k1.csv", index=False)
    k3_table().to_csv(out_dir / "k3.csv", index=False)
    lam = np.linspace(0.52, 0.98, 93)
    fig, ax = plt.subplots(figsize=(5.5, 3.2))
    jumps = False  # the number of contacts needed to trust, m*, is an integer: P(conflict) jumps where it changes
    for i, H in enumerate((5, 20, 100)):
        table = dg.sweep("trust_building", {"rho": lam}, fixed={"horizon": H}, select="flag:most_peaceful")
        jumps |= dg.plot.draw_curve(ax, table["rho"], table["prob_conflict"], color=f"C{i}", label=f"{H} contacts")
    if jumps:
        ax.plot([], [], "o", color="0.3", markerfacecolor="white", label="jump: ● last point before, ○ first after")
    ax.set_xlabel("accuracy of each observation (lambda)")
    ax.set_ylabel("P(conflict) in the high-stakes game")
    ax.set_title("Trust building (pi0=0.3, pi*=2/3): more transparent contacts")
    ax.legend()
    dg.plot.save_figure(fig, out_dir / "conflict_vs_accuracy")
    plt.close(fig)


if __name__ == "__main__":  # pragma: no cover
    main(Path("out") / "Kydd2000_trust")
