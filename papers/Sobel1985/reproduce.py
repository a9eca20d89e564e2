"""Reproduce papers/Sobel1985: two-period credibility reconstruction.

Run with ``deterrence-games reproduce Sobel1985``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import deterrence_games as dg

HERE = Path(__file__).resolve().parent


def rows() -> pd.DataFrame:
    model = dg.get_model("credibility")
    out = []
    for c in pd.read_csv(HERE / "expected" / "rows.csv").itertuples():
        q = model.solve(pi=c.pi, I=c.I)[0].quantities
        out.append({"pi": c.pi, "I": c.I, "lie_t1": q["lie_probability_t1"], "p_deception_t1": q["p_deception_t1"],
                    "posterior_after_honest": q["posterior_after_honest"], "p_deception_t2": q["p_deception_t2"]})
    return pd.DataFrame(out)


def main(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows().to_csv(out_dir / "rows.csv", index=False)
    table = dg.sweep("credibility", {"I": np.linspace(0.1, 10, 100)}, fixed={"pi": 0.5})
    table.to_csv(out_dir / "deception_vs_stakes.csv", index=False)
    fig, ax = plt.subplots(figsize=(5.5, 3.2))
    ax.plot(table["I"], table["p_deception_t1"], label="deception, period 1")
    ax.plot(table["I"], table["p_deception_t2"], label="deception, period 2")
    ax.set_xlabel("importance of the second issue I")
    ax.set_ylabel("probability")
    ax.set_title("Credibility (pi=0.5): honesty now, deception when stakes rise")
    ax.legend()
    dg.plot.save_figure(fig, out_dir / "deception_vs_stakes")
    plt.close(fig)


if __name__ == "__main__":  # pragma: no cover
    main(Path("out") / "Sobel1985")
