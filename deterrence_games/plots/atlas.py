"""Atlas figures: escalation against an information parameter, from the atlas curves table."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["atlas_figure"]

_REQUIRED = ("model", "setting", "parameter", "x", "x_label", "esc_min", "esc_max", "status")


def atlas_figure(curves: pd.DataFrame, model: str, *, title: str | None = None) -> Any:
    """One figure for ``model``: a panel per information parameter, a line per setting.

    The line is the least escalatory equilibrium; where equilibria differ the band between
    the least and the most escalatory one is shaded and the upper envelope dashed. A switch
    (a Choice parameter such as ``public``) is drawn as points (least escalatory) with a bar
    up to the most escalatory equilibrium. Reads the
    ``curves`` table of :func:`deterrence_games.sweeps.atlas.run_atlas` (no recomputation).
    Returns the matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    missing = [c for c in _REQUIRED if c not in curves.columns]
    if missing:
        raise ValueError(f"`curves` lacks the columns {missing} (is it AtlasResult.curves?)")
    sub = curves[(curves["model"] == model) & (curves["status"] == "ok")]
    if sub.empty:
        raise ValueError(f"no solved points for model {model!r} in `curves`")
    params = list(dict.fromkeys(sub["parameter"]))
    fig, axes = plt.subplots(1, len(params), figsize=(5.2 * len(params), 3.8), squeeze=False)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, par in zip(axes[0], params, strict=True):
        part = sub[sub["parameter"] == par]
        groups = list(part.groupby("setting", sort=False))
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
            ax.plot(s["x"], s["esc_min"], color=c, label=str(setting), linewidth=1.6)
            if not np.allclose(s["esc_min"], s["esc_max"], equal_nan=True):
                ax.fill_between(s["x"], s["esc_min"], s["esc_max"], color=c, alpha=0.18, linewidth=0)
                ax.plot(s["x"], s["esc_max"], color=c, linestyle="--", linewidth=1.0)
        ax.set_xlabel(par)
        ax.set_ylabel("equilibrium escalation probability")
        ax.set_ylim(bottom=min(0.0, ax.get_ylim()[0]))
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small")
    fig.suptitle(title if title is not None else model)
    fig.tight_layout()
    return fig


def _numeric(labels: pd.Series) -> bool:
    try:
        labels.astype(float)
    except (TypeError, ValueError):
        return False
    return True
