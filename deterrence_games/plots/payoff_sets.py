"""Draw equilibrium payoff sets (polygons, segments, points) from solver results.

Reads a :class:`~deterrence_games.solvers.payoff_sets.PayoffSet` or
:class:`~deterrence_games.solvers.payoff_sets.PayoffSetBounds`; never recomputes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["plot_payoff_set"]


def _draw(ax: Any, vertices: np.ndarray, *, label: str, color: Any, fill: bool,
          linestyle: str, alpha: float) -> None:
    v = np.asarray(vertices, dtype=float).reshape(-1, 2)
    if len(v) == 0:
        ax.plot([], [], color=color, linestyle=linestyle, label=f"{label} (empty)")
    elif len(v) == 1:
        ax.plot(v[:, 0], v[:, 1], "o", color=color, label=label, markersize=7)
    elif len(v) == 2:
        ax.plot(v[:, 0], v[:, 1], marker="o", color=color, linestyle=linestyle, label=label,
                linewidth=2, markersize=4)
    else:
        closed = np.vstack([v, v[:1]])
        if fill:
            ax.fill(v[:, 0], v[:, 1], color=color, alpha=alpha, label=label)
            ax.plot(closed[:, 0], closed[:, 1], color=color, linestyle=linestyle, linewidth=1.2)
        else:
            ax.plot(closed[:, 0], closed[:, 1], color=color, linestyle=linestyle,
                    linewidth=1.5, label=label)


def plot_payoff_set(
    result: Any,
    ax: Any = None,
    *,
    label: str | None = None,
    color: Any = None,
    points: ArrayLike | None = None,
    point_labels: list[str] | None = None,
    title: str | None = None,
) -> Any:
    """Draw a payoff set (or inner and outer bounds) on a matplotlib axis.

    Parameters
    ----------
    result : PayoffSet or PayoffSetBounds
        What a solver in :mod:`deterrence_games.solvers.payoff_sets` returned.
    ax : matplotlib Axes, optional
        Axis to draw on (a new figure if omitted).
    label, color : optional
        Legend label and colour of the set (bounds: the inner set is filled, the outer
        one dashed in the same colour).
    points : array_like (k, 2), optional
        Extra payoff vectors to mark (e.g. the stage payoffs u(a)), with ``point_labels``.
    title : str, optional
        Axis title (default: the method and discount factor).

    Returns
    -------
    matplotlib Axes
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(5, 5))
    if hasattr(result, "inner") and hasattr(result, "outer"):
        c = color if color is not None else "C0"
        base = label or "PPE set"
        _draw(ax, result.outer.vertices, label=f"{base}: outer", color=c, fill=False,
              linestyle="--", alpha=0.0)
        _draw(ax, result.inner.vertices, label=f"{base}: inner", color=c, fill=True,
              linestyle="-", alpha=0.35)
        default_title = (f"JYC bounds, delta = {result.delta:g} "
                         f"(Hausdorff gap {result.hausdorff:.2g})")
    elif hasattr(result, "vertices"):
        c = color if color is not None else "C0"
        _draw(ax, result.vertices, label=label or f"{result.kind} ({result.method})", color=c,
              fill=True, linestyle="-", alpha=0.35)
        default_title = f"{result.method}, delta = {result.delta:g}"
    else:
        raise TypeError(f"`result` must be a PayoffSet or PayoffSetBounds (got {type(result).__name__})")
    if points is not None:
        P = np.asarray(points, dtype=float).reshape(-1, 2)
        ax.plot(P[:, 0], P[:, 1], "k.", markersize=6)
        for k, (x, y) in enumerate(P):
            if point_labels is not None and k < len(point_labels):
                ax.annotate(point_labels[k], (x, y), textcoords="offset points", xytext=(4, 4),
                            fontsize=8)
    ax.set_xlabel("payoff of player 1 (row)")
    ax.set_ylabel("payoff of player 2 (column)")
    ax.set_title(title if title is not None else default_title)
    ax.set_aspect("equal", adjustable="datalim")
    ax.legend(loc="best", fontsize=8)
    return ax
