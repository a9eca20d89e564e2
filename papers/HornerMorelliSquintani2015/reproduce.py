"""Reproduce papers/HornerMorelliSquintani2015: confidential mediation versus public revelation.

Run with ``deterrence-games reproduce HornerMorelliSquintani2015``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import deterrence_games as dg

HERE = Path(__file__).resolve().parent
MODEL = "mediation"


def war_table() -> pd.DataFrame:
    exp = pd.read_csv(HERE / "expected" / "war_table.csv")
    m = dg.get_model(MODEL)
    rows = []
    for c in exp.itertuples():
        conf = m.solve(pi=c.pi, p=c.p, pie_after_war=c.pie_after_war)[0]
        pub = m.solve(pi=c.pi, p=c.p, pie_after_war=c.pie_after_war, public=True)[0]
        rows.append({"pi": c.pi, "p": c.p, "pie_after_war": c.pie_after_war,
                     "war_confidential": conf.escalation_probability,
                     "war_public": pub.escalation_probability,
                     "regime": conf.quantities["regime"], "w_HH": conf.quantities["w_HH"],
                     "w_HL": conf.quantities["w_HL"], "share_H_vs_L": conf.quantities["share_H_vs_L"],
                     "q_bar": conf.quantities["q_bar"], "q_b": conf.quantities["q_b"]})
    return pd.DataFrame(rows)


def main(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    war_table().to_csv(out_dir / "war_table.csv", index=False)

    # Figure 1: war probability against the prior q, confidential vs public (p = theta = 0.8)
    qs = np.round(np.linspace(0, 1, 101), 10)
    table = dg.sweep(MODEL, grid={"pi": qs, "public": [False, True]}, fixed={"p": 0.8, "pie_after_war": 0.8})
    table.to_csv(out_dir / "war_vs_prior.csv", index=False)
    fig, ax = plt.subplots(figsize=(5.5, 3.9))
    for public, g in table.groupby("public"):
        ax.plot(g["pi"], g["escalation_probability"],
                label="public reports (unmediated proxy)" if public else "confidential mediator (= arbitration)")
    q_b, q_bar = table["q_b"].iloc[0], table["q_bar"].iloc[0]
    for x, name, ha in ((q_b, "q_b", "right"), (q_bar, "q_bar", "left")):
        ax.axvline(x, color="grey", ls=":", lw=1)
        ax.text(x, ax.get_ylim()[1] * 0.95, f" {name} = {x:.4f} ", fontsize="small", ha=ha)
    ax.set_xlabel("prior probability that a state is strong, q")
    ax.set_ylabel("Pr(war)")
    ax.set_title("Mediation and peace (p = theta = 0.8)")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(0.0, 0.88))
    dg.plot.save_figure(fig, out_dir / "war_vs_prior")
    plt.close(fig)

    # Figure 2: the value of confidentiality over (q, theta) at p = 0.8
    thetas = np.round(np.linspace(0.65, 0.99, 18), 10)
    qs2 = np.round(np.linspace(0.0, 1.0, 26), 10)
    grid = dg.sweep(MODEL, grid={"pie_after_war": thetas, "pi": qs2, "public": [False, True]}, fixed={"p": 0.8})
    grid.to_csv(out_dir / "value_of_confidentiality.csv", index=False)
    conf = grid[~grid["public"].astype(bool)].pivot(index="pie_after_war", columns="pi", values="escalation_probability")
    pub = grid[grid["public"].astype(bool)].pivot(index="pie_after_war", columns="pi", values="escalation_probability")
    fig, ax = plt.subplots(figsize=(5.5, 3.9))
    im = ax.pcolormesh(conf.columns, conf.index, (pub - conf).to_numpy(), shading="nearest", cmap="viridis")
    fig.colorbar(im, ax=ax, label="Pr(war) public - Pr(war) confidential")
    th = np.linspace(0.65, 0.99, 200)
    with np.errstate(divide="ignore", invalid="ignore"):
        ax.plot((2 * 0.8 * th - 1) / (2 * 0.8 * th - 2 * th + 1), th, "w--", lw=1, label="$q_b$")
        ax.plot((0.8 - 1 / (2 * th)) / 0.3, th, "w-", lw=1, label=r"$\bar{q}$")
    ax.set_xlim(0, 1)
    ax.set_xlabel(dg.plot.parameter_label(MODEL, "pi"))
    ax.set_ylabel(dg.plot.parameter_label(MODEL, "pie_after_war", wrap=36))
    ax.set_title("Value of confidential reports (p = 0.8)")
    ax.legend(fontsize="small", loc="lower right")
    dg.plot.save_figure(fig, out_dir / "value_of_confidentiality")
    plt.close(fig)


if __name__ == "__main__":  # pragma: no cover
    main(Path("out") / "HornerMorelliSquintani2015")
