"""Reproduce papers/Fearon1995: the risk-return trade-off and the value of transparency.

Run with ``deterrence-games reproduce Fearon1995`` (writes into ``out/Fearon1995``).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import deterrence_games as dg

HERE = Path(__file__).resolve().parent


def uniform_table() -> pd.DataFrame:
    cases = pd.read_csv(HERE / "expected" / "uniform_cases.csv")
    model = dg.get_model("crisis_bargaining")
    rows = []
    for c in cases.itertuples():
        e = model.solve(p=c.p, c_A=c.c_A, c_B_low=c.c_B_low, c_B_high=c.c_B_high)[0]
        rows.append({"case": c.case, "demand": e.quantities["demand"], "war_probability": e.escalation_probability,
                     "eu_A": e.quantities["eu_A"]})
    return pd.DataFrame(rows)


def signal_table() -> pd.DataFrame:
    cases = pd.read_csv(HERE / "expected" / "signal_cases.csv")
    model = dg.get_model("crisis_bargaining_signal")
    war = [model.solve(pi=c.pi, rho=c.rho, c_L=c.c_L, c_H=c.c_H, c_A=c.c_A, p=c.p).escalation_probability
           for c in cases.itertuples()]
    return cases.drop(columns=["war_probability"]).assign(war_probability=war)


def main(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    uniform_table().to_csv(out_dir / "uniform_cases.csv", index=False)
    signal_table().to_csv(out_dir / "signal_cases.csv", index=False)

    # Figure A: war probability against the width w of A's uncertainty, centre m fixed
    # (paired arrays, so the vectorized closed form `evaluate` rather than a Cartesian sweep)
    m, c_A = 0.2, 0.05
    widths = np.linspace(0.01, 0.4, 200)
    sol = dg.get_model("crisis_bargaining").evaluate(c_A=c_A, c_B_low=m - widths / 2, c_B_high=m + widths / 2)
    war = sol.outcomes["war"][:, 0]
    pd.DataFrame({"width": widths, "c_B_low": m - widths / 2, "c_B_high": m + widths / 2,
                  "war_probability": war}).to_csv(out_dir / "war_vs_uncertainty_width.csv", index=False)
    fig, ax = plt.subplots(figsize=(5.5, 3.7))
    ax.plot(widths, war, label="closed form, m = 0.2, c_A = 0.05")
    ax.plot(widths, np.maximum(0, 0.75 - (m + c_A) / (2 * widths)), "k:", label="3/4 - (m + c_A)/(2w)")
    ax.set_xlabel("width of A's uncertainty about B's cost, w (transparency narrows it)")
    ax.set_ylabel("Pr(war)")
    ax.set_title("Fearon (1995): the risk-return trade-off")
    ax.legend(fontsize="small")
    dg.plot.save_figure(fig, out_dir / "war_vs_uncertainty_width")
    plt.close(fig)

    # Figure B: war against signal accuracy rho (non-monotone for pi >= pi*)
    table = dg.sweep("crisis_bargaining_signal", {"rho": np.linspace(0.5, 1, 501), "pi": [0.3, 0.6]})
    table.to_csv(out_dir / "war_vs_signal_accuracy.csv", index=False)
    ax = dg.plot.escalation(table, x="rho", hue="pi", y="prob_war",
                            title="Two-type bargaining with a public signal")
    dg.plot.save_figure(ax.figure, out_dir / "war_vs_signal_accuracy")
    plt.close(ax.figure)

    # Table C: the minimal-disclosure experiment of a neutral verifier
    d = dg.get_model("crisis_bargaining_signal").minimal_disclosure(pi=0.3)
    pd.DataFrame([{"pi": 0.3, "q": d["q"], "posterior_pooled": d["posterior_pooled"], "pi_star": d["pi_star"],
                   "war_probability": d["war_probability"]}]).to_csv(out_dir / "minimal_disclosure.csv", index=False)


if __name__ == "__main__":  # pragma: no cover
    main(Path("out") / "Fearon1995")
