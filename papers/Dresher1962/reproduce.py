"""Reproduce papers/Dresher1962: the recursive inspection game (closed form vs recursion).

Run with ``deterrence-games reproduce Dresher1962``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import deterrence_games as dg
from deterrence_games.models.inspection_repeated import inspection_recursion, inspection_value

HERE = Path(__file__).resolve().parent


def _solve_rows(cases: pd.DataFrame, keys: tuple[str, ...]) -> pd.DataFrame:
    model = dg.get_model("inspection_repeated")
    rows = []
    for c in cases.itertuples():
        e = model.solve(n=int(c.n), inspections=int(c.k), b=float(c.b))[0]
        rows.append({"n": int(c.n), "k": int(c.k), "b": float(c.b), **{q: e.quantities[q] for q in keys}})
    return pd.DataFrame(rows)


def closed_form_vs_recursion(n_max: int = 12, k_max: int = 6, bs=(0.5, 1.0, 2.0, 5.0)) -> pd.DataFrame:
    tab = inspection_recursion(n_max, k_max, np.asarray(bs))
    nn, kk = np.meshgrid(np.arange(n_max + 1), np.arange(k_max + 1), indexing="ij")
    return pd.DataFrame([{"b": b, "max_abs_error": float(np.abs(inspection_value(nn, kk, b) - tab.value[i]).max())}
                         for i, b in enumerate(bs)])


def main(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _solve_rows(pd.read_csv(HERE / "expected" / "stage_table.csv"),
                ("value", "inspect_probability", "violate_probability")).to_csv(out_dir / "stage_table.csv", index=False)
    _solve_rows(pd.read_csv(HERE / "expected" / "path_probabilities.csv"),
                ("value", "p_violation", "p_caught")).to_csv(out_dir / "path_probabilities.csv", index=False)
    closed_form_vs_recursion().to_csv(out_dir / "closed_form_vs_recursion.csv", index=False)

    table = dg.sweep("inspection_repeated", {"b": np.round(np.geomspace(0.1, 20, 40), 6), "inspections": [1, 2, 3, 5]},
                     fixed={"n": 10})
    table.to_csv(out_dir / "deterrence_vs_penalty.csv", index=False)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(7.2, 2.9))
    for k, sub in table.groupby("inspections"):
        a1.semilogx(sub["b"], sub["value"], label=f"k = {int(k)}")
        a2.semilogx(sub["b"], sub["p_violation"], label=f"k = {int(k)}")
    a1.set_xlabel("penalty b for a caught violation")
    a1.set_ylabel("value to the inspectee v(10, k)")
    a2.set_xlabel("penalty b for a caught violation")
    a2.set_ylabel("P(violation on the path)")
    a1.legend(fontsize="small")
    fig.suptitle("Recursive inspection game, n = 10 periods")
    dg.plot.save_figure(fig, out_dir / "deterrence_vs_penalty")
    plt.close(fig)


if __name__ == "__main__":  # pragma: no cover
    main(Path("out") / "Dresher1962")
