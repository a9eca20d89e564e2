"""Reproduce papers/crisis_signaling: a deterrence crisis written on the generic signaling engine.

Run with ``deterrence-games reproduce crisis_signaling``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import deterrence_games as dg

HERE = Path(__file__).resolve().parent


def cases_table() -> pd.DataFrame:
    """Every PBE's war probability range at the hand-derived cases of ``expected/cases.csv``."""
    exp = pd.read_csv(HERE / "expected" / "cases.csv")
    model = dg.get_model("crisis_signaling")
    rows = []
    for c in exp.itertuples(index=False):
        sol = model.solve(pi=c.pi, q=c.q, c=c.c, a=c.a, w_i=c.w_i)
        lo, hi = sol.escalation_range
        rows.append({"case": c.case, "pi": c.pi, "q": c.q, "c": c.c, "a": c.a, "w_i": c.w_i,
                     "n_equilibria": len(sol), "war_min": lo, "war_max": hi})
    return pd.DataFrame(rows)


def main(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cases_table().to_csv(out_dir / "cases.csv", index=False)
    table = dg.sweep("crisis_signaling", {"q": np.linspace(0.5, 1.0, 21), "a": [0.0, 1.0]})
    table.to_csv(out_dir / "war_vs_transparency.csv", index=False)
    # every PBE, followed by its label along q; shaded: the range from the least to the most
    # escalatory equilibrium (the legend says which line style is which label)
    ax = dg.plot.escalation(table, x="q", hue="a")
    dg.plot.save_figure(ax.figure, out_dir / "war_vs_transparency")
    plt.close(ax.figure)


if __name__ == "__main__":  # pragma: no cover
    main(Path("out") / "crisis_signaling")
