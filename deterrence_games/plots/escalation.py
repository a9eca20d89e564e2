"""Escalation probability against one parameter, from a sweep table (no recomputation)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["escalation"]


def escalation(
    table: pd.DataFrame,
    x: str,
    *,
    hue: str | None = None,
    y: str = "escalation_probability",
    ax: Any = None,
    band: bool = True,
    title: str | None = None,
) -> Any:
    """Plot ``y`` against parameter ``x``: one line per equilibrium index and per ``hue``.

    Where a point has several equilibria, the range between the least and the most
    escalatory one is shaded (``band=True``), so that multiplicity is visible rather than
    hidden. Failed points (``status == "failed"``) are skipped. Returns the Axes.
    """
    import matplotlib.pyplot as plt

    for col in (x, y) + ((hue,) if hue else ()):
        if col not in table.columns:
            raise ValueError(f"`{col}` is not a column of the table (columns: {', '.join(map(str, table.columns))})")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    ok = table[table["status"] == "ok"] if "status" in table.columns else table
    groups = [(None, ok)] if hue is None else list(ok.groupby(hue, sort=True))
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for g, (key, sub) in enumerate(groups):
        color = colors[g % len(colors)]
        name = "" if key is None else f"{hue}={key:g}" if isinstance(key, float | int | np.number) else f"{hue}={key}"
        eq_col = "equilibrium" if "equilibrium" in sub.columns else None
        multi = eq_col is not None and sub[eq_col].nunique() > 1
        if band and multi:
            rng = sub.groupby(x)[y].agg(["min", "max"]).sort_index()
            ax.fill_between(rng.index, rng["min"], rng["max"], color=color, alpha=0.15, linewidth=0)
        if multi:
            for e, s in sub.groupby(eq_col):
                s = s.sort_values(x)
                ax.plot(s[x], s[y], marker="." if len(s) <= 60 else None, linestyle="-", color=color,
                        alpha=0.9 if e == 0 else 0.6,
                        label=f"{name} eq. {e}".strip())
        else:
            s = sub.sort_values(x)
            ax.plot(s[x], s[y], marker="." if len(s) <= 60 else None, linestyle="-", color=color,
                    label=name or None)
    ax.set_xlabel(x)
    ax.set_ylabel(y.replace("_", " "))
    prov = table.attrs.get("provenance", {})
    ax.set_title(title if title is not None else prov.get("model", ""))
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize="small")
    return ax
