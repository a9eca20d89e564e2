"""Reproduce papers/DebsMonteiro2014: observability of militarization and preventive strikes.

Run with ``deterrence-games reproduce DebsMonteiro2014``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import deterrence_games as dg

HERE = Path(__file__).resolve().parent
MODEL = "power_shift"
PARAMS = ("x0", "x1", "p", "c_D", "c_R", "k", "pi_detect")


def transparency_table() -> pd.DataFrame:
    exp = pd.read_csv(HERE / "expected" / "transparency_table.csv")
    m = dg.get_model(MODEL)
    rows = []
    for c in exp.itertuples():
        kw = {k: getattr(c, k) for k in PARAMS}
        e = m.solve(**kw)[0]
        rows.append({**kw, "label": e.label, "sigma": e.strategies["sigma"], "a": e.strategies["a"],
                     "war": e.escalation_probability,
                     "share_strikes_not_militarizing": e.quantities["share_strikes_not_militarizing"]})
    return pd.DataFrame(rows)


def main(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    transparency_table().to_csv(out_dir / "transparency_table.csv", index=False)

    pis = np.round(np.linspace(0, 1, 201), 10)
    table = dg.sweep(MODEL, grid={"pi_detect": pis, "c_D": [0.1, 0.05]})
    table.to_csv(out_dir / "war_vs_detection.csv", index=False)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7.2, 3))
    for c_D, g in table.groupby("c_D"):
        g = g.sort_values("pi_detect")
        ax1.plot(g["pi_detect"], g["escalation_probability"], ".", ms=3,
                 label=f"c_D = {c_D} (pi_bar = {g['pi_bar'].iloc[0]:.3f})")
        ax2.plot(g["pi_detect"], g["share_strikes_not_militarizing"], ".", ms=3, label=f"c_D = {c_D}")
    ax1.set_xlabel("detection probability pi_detect")
    ax1.set_ylabel("Pr(preventive strike)")
    ax1.set_title("Transparency lowers war, then peace at pi_bar")
    ax1.legend(fontsize="small")
    ax2.set_xlabel("detection probability pi_detect")
    ax2.set_ylabel("share of strikes on non-militarising states")
    ax2.set_title("Lower c_D (more effective prevention):\nmore strikes on non-militarisers", fontsize="medium")
    ax2.legend(fontsize="small")
    dg.plot.save_figure(fig, out_dir / "war_vs_detection")
    plt.close(fig)


if __name__ == "__main__":  # pragma: no cover
    main(Path("out") / "DebsMonteiro2014")
