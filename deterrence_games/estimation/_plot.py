"""Predicted probabilities with confidence bands, in the style of ``dg.plot.escalation``."""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["plot_predicted"]


def plot_predicted(table: pd.DataFrame, x: str, *, ax: Any = None, title: str | None = None) -> Any:
    """Plot each outcome's probability against ``x`` with its band (from ``escalation_probability``).

    Reads the table only (never refits). Returns the Axes.

    Parameters
    ----------
    table : pandas.DataFrame
        From ``fit.escalation_probability(x, ...)``: the covariate, each outcome's
        probability and its band.
    x : str
        The covariate on the horizontal axis.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    title : str, optional
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    for col in (x, "outcome", "probability", "lower", "upper"):
        if col not in table.columns:
            raise ValueError(f"`{col}` is not a column of the table (columns: {', '.join(map(str, table.columns))})")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    numeric = pd.api.types.is_numeric_dtype(table[x])
    for g, (name, sub) in enumerate(table.groupby("outcome", sort=False)):
        c = colors[g % len(colors)]
        sub = sub.sort_values(x) if numeric else sub
        if numeric:
            ax.plot(sub[x], sub["probability"], color=c, label=f"Pr({name})")
            if sub["lower"].notna().any():
                ax.fill_between(sub[x], sub["lower"], sub["upper"], color=c, alpha=0.2, linewidth=0)
        else:
            err = [sub["probability"] - sub["lower"], sub["upper"] - sub["probability"]]
            ax.errorbar(sub[x].astype(str), sub["probability"], yerr=err, fmt="o", color=c, capsize=3,
                        label=f"Pr({name})")
    prov = table.attrs.get("provenance", {})
    ax.set_xlabel(x)
    ax.set_ylabel("predicted probability")
    ax.set_ylim(0, 1)
    ax.set_title(title if title is not None else f"{prov.get('model', '')} ({prov.get('ci', '')} bands)".strip())
    ax.legend(fontsize="small")
    return ax
