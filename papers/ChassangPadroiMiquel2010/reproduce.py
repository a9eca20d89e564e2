"""Reproduce papers/ChassangPadroiMiquel2010: the static global-game benchmark, the public-signal
multiplicity and the exit game (see ``docs/models/global_conflict.md``).

Run with ``deterrence-games reproduce ChassangPadroiMiquel2010``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import deterrence_games as dg
from deterrence_games.models.global_conflict import private_threshold

HERE = Path(__file__).resolve().parent
M = dg.get_model("global_conflict")


def spec_a() -> pd.DataFrame:
    rows = []
    for s in (0.05, 0.25, 0.5, 1.0):
        e = M.solve(sigma=s, theta=1.5)[0]
        rows.append({"sigma": s, "threshold": e.quantities["threshold"],
                     "p_conflict_theta_1_5": e.escalation_probability,
                     "p_conflict_theta_2_5": M.solve(sigma=s, theta=2.5)[0].escalation_probability})
    return pd.DataFrame(rows)


def signaling11() -> pd.DataFrame:
    rows = []
    kw = dict(b=1.2, c=0.4, W=-0.2)  # the same game in other letters: b'=1, d=0.6, w=0.2
    for s in (0.5, 0.1, 0.01):
        e = M.solve(sigma=s, theta=1.2, **kw)[0]
        rows.append({"sigma": s, "x_star": e.quantities["threshold"], "p_war_theta_1_2": e.escalation_probability,
                     "p_war_theta_1_6": M.solve(sigma=s, theta=1.6, **kw)[0].escalation_probability})
    return pd.DataFrame(rows)


def spec_b() -> pd.DataFrame:
    rows = []
    for a in (0.5, 2, 6, 12, 40):
        sol = M.solve(variant="public", b=1, c_public=2, beta=4, y=1.5, alpha=a)
        rows.append({"alpha": a, "n_equilibria": len(sol),
                     "thresholds": ";".join(f"{e.quantities['threshold']:.4f}" for e in sol),
                     "uniqueness_condition": sol[0].flags["uniqueness_condition"]})
    return pd.DataFrame(rows)


def exit_game() -> pd.DataFrame:
    rows = []
    for d in (0, 0.5, 0.8, 0.9):
        c = M.solve(variant="exit", delta=d, W=0.5, peace_mean=1, peace_sd=1, b=1, c=1, exit_information="complete")
        s = M.solve(variant="exit", delta=d, W=0.5, peace_mean=1, peace_sd=1, b=1, c=1)
        best = c.select("min")
        rows.append({"delta": d, "complete_p_war": best.escalation_probability,
                     "complete_duration": best.quantities["expected_duration"],
                     "strategic_p_war": ";".join(f"{e.escalation_probability:.4f}"
                                                 for e in sorted(s, key=lambda e: -e.escalation_probability))})
    return pd.DataFrame(rows)


def weapons() -> pd.DataFrame:
    w = np.array([0.0, 0.8, 2.0])
    # W(w) = -w, b(w) = 0.5 + 0.2 w, c(w) = 0.5 w^2, sigma -> 0 (spec="private" payoffs)
    return pd.DataFrame({"w": w, "strategic_threshold": private_threshold(0.5 + 0.2 * w, 0.5 * w**2, -w, 0.0),
                         "complete_threshold": -w + 0.5 + 0.2 * w})


def main(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    spec_a().to_csv(out_dir / "spec_a.csv", index=False)
    signaling11().to_csv(out_dir / "signaling11.csv", index=False)
    spec_b().to_csv(out_dir / "spec_b.csv", index=False)
    exit_game().to_csv(out_dir / "exit_game.csv", index=False)
    weapons().to_csv(out_dir / "weapons.csv", index=False)
    # figure 1: all threshold equilibria as the public signal becomes precise
    alphas = np.linspace(0.5, 20, 40)
    table = dg.sweep("global_conflict", {"alpha": alphas}, fixed={"variant": "public", "y": 1.5, "beta": 4.0})
    fig, ax = plt.subplots(1, 2, figsize=(7.2, 2.5))
    ax[0].scatter(table["alpha"], table["threshold"], s=6)
    ax[0].axvline(5.9371, color="grey", ls=":", label="uniqueness bound")
    ax[0].set_xlabel("public precision alpha")
    ax[0].set_ylabel("threshold equilibria k")
    ax[0].set_title("Spec B: precise public signals restore multiplicity")
    ax[0].legend()
    theta = np.linspace(0, 3, 61)
    for s in (0.05, 0.25, 0.5, 1.0):
        t = dg.sweep("global_conflict", {"theta": theta}, fixed={"sigma": s})
        ax[1].plot(t["theta"], t["escalation_probability"], label=f"sigma={s}")
    ax[1].set_xlabel("value of peace theta")
    ax[1].set_ylabel("P(conflict | theta)")
    ax[1].set_title("Strategic risk (b = c = 1, W = 0)")
    ax[1].legend()
    dg.plot.save_figure(fig, out_dir / "global_conflict")
    plt.close(fig)


if __name__ == "__main__":  # pragma: no cover
    main(Path("out") / "ChassangPadroiMiquel2010")
