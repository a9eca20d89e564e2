"""Reproduce papers/DownsRocke1990 (reconstruction): tolerance thresholds, noise chains, verification.

Run with ``deterrence-games reproduce DownsRocke1990``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import deterrence_games as dg
from deterrence_games.solvers import trigger_closed_forms as cf
from deterrence_games.solvers.automata import ALLD, GRIM1, TFT, WSLS, gtft, memory_one_chain

HERE = Path(__file__).resolve().parent
STRATEGIES = {"TFT": TFT, "GTFT": gtft(float(cf.gtft_generosity(3, 0, 5, 1))), "WSLS": WSLS,
              "GRIM1": GRIM1, "ALLD": ALLD}


def threshold_table() -> pd.DataFrame:
    cases = pd.read_csv(HERE / "expected" / "threshold_design.csv")
    rows = []
    for c in cases.itertuples():
        d = cf.threshold_design(c.sigma, 0.9, int(c.T_max))
        rows.append({"sigma": c.sigma, "T_max": int(c.T_max), "theta": d.theta_star, "T_star": d.T_star,
                     "value": d.value_star, "phi": d.phi_star})
    return pd.DataFrame(rows)


def noise_table() -> pd.DataFrame:
    cases = pd.read_csv(HERE / "expected" / "noise_chains.csv")
    rows = []
    for c in cases.itertuples():
        s = STRATEGIES[c.strategy]
        eta = None if pd.isna(c.eta) else float(c.eta)
        rows.append({"strategy": c.strategy, "epsilon": c.epsilon, "eta": eta,
                     "p_cc": memory_one_chain(s, s, float(c.epsilon), eta).p_cc})
    return pd.DataFrame(rows)


def verification_table() -> pd.DataFrame:
    cases = pd.read_csv(HERE / "expected" / "verification.csv")
    t = dg.sweep("incident_verification", {"certify": sorted(set(cases["certify"])), "nu": sorted(set(cases["nu"]))},
                 select="flag:best_trigger")
    t = t.rename(columns={"T": "T_star", "escalation_probability": "phi"})
    return cases[["certify", "nu"]].merge(t[["certify", "nu", "p", "q", "T_star", "value", "phi"]], on=["certify", "nu"])


def main(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    threshold_table().to_csv(out_dir / "threshold_design.csv", index=False)
    noise_table().to_csv(out_dir / "noise_chains.csv", index=False)
    verification_table().to_csv(out_dir / "verification.csv", index=False)

    # escalation share against verification accuracy (neutral verifier, optimal pause)
    ver = dg.sweep("incident_verification", {"certify": np.linspace(0, 0.99, 100), "nu": [0.0, 0.5, 0.6]},
                   select="flag:best_trigger")
    # where no trigger strategy is an equilibrium (too noisy a verifier) the selection is a
    # failed row with its reason; the figure shows the optimal trigger where it exists
    ver = ver[ver["status"] == "ok"]
    ver.to_csv(out_dir / "escalation_vs_verification.csv", index=False)
    ax = dg.plot.escalation(ver, x="certify", hue="nu", title="Neutral verification of incidents")
    ax.set_ylabel("long-run share of periods\nin a pause (optimal trigger)")
    dg.plot.save_figure(ax.figure, out_dir / "escalation_vs_verification")
    plt.close(ax.figure)

    # escalation share against observation noise, pause capped or not
    sigmas = np.round(np.linspace(0.3, 1.2, 19), 4)
    rows = []
    for cap in (5, 50):
        for s in sigmas:
            d = cf.threshold_design(float(s), 0.9, cap)
            rows.append({"sigma": s, "T_max": cap, "theta": d.theta_star, "value": d.value_star, "phi": d.phi_star})
    noise = pd.DataFrame(rows)
    noise.to_csv(out_dir / "escalation_vs_noise.csv", index=False)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(7.2, 2.9))
    for cap, sub in noise.groupby("T_max"):
        a1.plot(sub["sigma"], sub["phi"], label=f"pause ≤ {cap}")
        a2.plot(sub["sigma"], sub["value"], label=f"pause ≤ {cap}")
    a1.set_xlabel("observation noise σ (less transparency →)")
    a1.set_ylabel("long-run share of periods in a pause")
    a2.set_xlabel("observation noise σ")
    a2.set_ylabel("value per period")
    a1.legend(fontsize="small")
    fig.suptitle("Tolerance thresholds under Gaussian observation (δ = 0.9)")
    dg.plot.save_figure(fig, out_dir / "escalation_vs_noise")
    plt.close(fig)

    # what a hotline buys: perception error eta
    etas = np.linspace(0, 0.15, 31)
    hot = pd.DataFrame([{"eta": e, "strategy": k, "p_cc": memory_one_chain(STRATEGIES[k], STRATEGIES[k], 0.01, e).p_cc}
                        for k in ("TFT", "GTFT", "WSLS") for e in etas])
    hot.to_csv(out_dir / "hotline_perception_error.csv", index=False)
    fig, ax = plt.subplots(figsize=(5.5, 3.7))
    for k, sub in hot.groupby("strategy", sort=False):
        ax.plot(sub["eta"], sub["p_cc"], label=k)
    ax.set_xlabel("perception error η (a hotline lowers it)")
    ax.set_ylabel("long-run P(mutual restraint)")
    ax.set_title("Reciprocating strategies under misperception (ε = 0.01)")
    ax.legend(fontsize="small")
    dg.plot.save_figure(fig, out_dir / "hotline_perception_error")
    plt.close(fig)


if __name__ == "__main__":  # pragma: no cover
    main(Path("out") / "DownsRocke1990")
