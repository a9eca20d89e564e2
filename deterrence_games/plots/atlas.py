"""Atlas figures: escalation against an information parameter, from the atlas curves table."""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["atlas_figure"]

_REQUIRED = ("model", "setting", "parameter", "x", "x_label", "esc_min", "esc_max", "status")


def atlas_figure(curves: pd.DataFrame, model: str, *, title: str | None = None) -> Any:
    """One figure for ``model``: a panel per information parameter (three to a row), a line per setting.

    The line is the least escalatory equilibrium; where equilibria differ the band between
    the least and the most escalatory one is shaded and the upper envelope dashed. A switch
    (a Choice parameter such as ``public``) is drawn as points (least escalatory) with a bar
    up to the most escalatory equilibrium. Reads the
    ``curves`` table of :func:`deterrence_games.sweeps.atlas.run_atlas` (no recomputation).
    Returns the matplotlib Figure.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from .escalation import draw_curve
    from .style import OKABE_ITO, parameter_label

    missing = [c for c in _REQUIRED if c not in curves.columns]
    if missing:
        raise ValueError(f"`curves` lacks the columns {missing} (is it AtlasResult.curves?)")
    sub = curves[(curves["model"] == model) & (curves["status"] == "ok")]
    if sub.empty:
        raise ValueError(f"no solved points for model {model!r} in `curves`")
    params = list(dict.fromkeys(sub["parameter"]))
    n = len(params)
    ncols = min(n, 3)
    nrows = -(-n // ncols)
    width = 3.5 if n == 1 else 7.2
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, (3.0 if n <= 2 else 3.0) * nrows), squeeze=False,
                             layout="constrained")
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    colors = list(OKABE_ITO)
    jumped = banded = False
    for k, (ax, par) in enumerate(zip(axes.flat, params, strict=False)):
        part = sub[sub["parameter"] == par]
        groups = list(part.groupby("setting", sort=False))
        if len(groups) == 1:  # one setting: named over the panel, not in a legend
            ax.set_title(textwrap.fill(str(groups[0][0]), width={1: 50, 2: 40}.get(ncols, 30)),
                         fontsize="small")
        for i, (setting, s) in enumerate(groups):
            s = s.sort_values("x")
            c = colors[i % len(colors)]
            if not _numeric(s["x_label"]):
                # a switch (e.g. public / talk): points with the equilibrium range as a bar
                x = s["x"].to_numpy() + 0.06 * (i - (len(groups) - 1) / 2)
                ax.vlines(x, s["esc_min"], s["esc_max"], color=c, linewidth=2, alpha=0.5)
                ax.plot(x, s["esc_min"], "o", color=c, label=str(setting))
                ax.plot(x, s["esc_max"], "_", color=c, markersize=12)
                ax.set_xticks(s["x"].to_numpy(), s["x_label"].tolist())
                ax.set_xlim(s["x"].min() - 0.5, s["x"].max() + 0.5)
                continue
            jumped |= draw_curve(ax, s["x"], s["esc_min"], color=c, linewidth=1.6, label=str(setting))
            if not np.allclose(s["esc_min"], s["esc_max"], equal_nan=True):
                banded = True
                ax.fill_between(s["x"], s["esc_min"], s["esc_max"], color=c, alpha=0.18, linewidth=0)
                jumped |= draw_curve(ax, s["x"], s["esc_max"], color=c, linestyle="--", linewidth=1.0)
        wrap = {1: 44, 2: 34}.get(ncols, 30)
        xlabel = parameter_label(model, par, wrap=wrap)
        if xlabel == par.replace("_", " "):  # a derived coordinate (e.g. a width): its settings say what it is
            xlabel = textwrap.fill("; ".join(dict.fromkeys(map(str, part["setting"]))), width=wrap)
        ax.set_xlabel(xlabel)
        if k % ncols == 0:
            ax.set_ylabel("equilibrium escalation\nprobability")
        ax.set_ylim(bottom=min(0.0, ax.get_ylim()[0]))
        ax.grid(alpha=0.3)
        if len(groups) > 1:
            ax.legend(fontsize="x-small", loc="best")
    handles = []
    if banded:
        handles.append(Patch(color="0.5", alpha=0.3, label="band: least (solid) to most (dashed) escalatory"))
    if jumped:
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=4, color="0.3",
                              markerfacecolor="white", label="jump: ● last point before, ○ first after"))
    if handles:  # under the panels, never over the curves
        fig.legend(handles=handles, loc="outside lower center", fontsize="x-small", frameon=False,
                   ncol=1 if n == 1 and max(len(h.get_label()) for h in handles) > 40 else 2)
    fig.suptitle(title if title is not None else model)
    return fig


def _numeric(labels: pd.Series) -> bool:
    try:
        labels.astype(float)
    except (TypeError, ValueError):
        return False
    return True
