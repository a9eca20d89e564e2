"""Two-parameter pictures of a sweep table (never recomputing): heatmaps and regime maps.

* :func:`heatmap` — escalation probability (or any column) over two parameters, with the
  equilibria at each point reduced by a declared rule (``"min"``, ``"max"``, ``"mean"``,
  ``"range"`` = max - min), so that multiplicity is a choice the figure states.
* :func:`regime_map` — which kind of equilibrium holds where (the set of labels at each
  point, e.g. ``pooling+separating``) or how many equilibria there are.

Both take the table of :func:`deterrence_games.sweep` (or one read back with
``load_sweep``): a rectangular grid is drawn as cells, a scattered design (Latin
hypercube, random) as points. Parameters other than ``x`` and ``y`` must be constant in
the table: filter it first (``table[table.alpha == 0.05]``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .style import column_label, parameter_label

__all__ = ["heatmap", "regime_map", "point_table"]

REDUCTIONS = ("min", "max", "mean", "range")


def _check(table: pd.DataFrame, cols: tuple[str, ...]) -> None:
    for col in cols:
        if col not in table.columns:
            raise ValueError(f"`{col}` is not a column of the table (columns: {', '.join(map(str, table.columns))})")


def _varying_others(table: pd.DataFrame, x: str, y: str) -> list[str]:
    prov = table.attrs.get("provenance", {})
    design = prov.get("design") or {}
    names = list((design.get("grid") or design.get("ranges") or design.get("points") or {}).keys())
    return [n for n in names if n not in (x, y) and n in table.columns and table[n].nunique(dropna=False) > 1]


def point_table(table: pd.DataFrame, x: str, y: str, value: str = "escalation_probability",
                reduce: str = "min") -> pd.DataFrame:
    """One row per point: ``x``, ``y``, the reduced ``value``, the regime and ``n_equilibria``.

    ``regime`` is the sorted set of equilibrium labels at the point joined by ``+``
    (``"failed"`` where the solve failed, ``"none"`` where no equilibrium was selected).

    Parameters
    ----------
    table : pandas.DataFrame
        A sweep table.
    x, y : str
        The two parameter columns that identify a point.
    value : str, default "escalation_probability"
        The column reduced over the equilibria of a point.
    reduce : {"min", "max", "mean", "range"}, default "min"
        The reduction.

    Returns
    -------
    pandas.DataFrame
        Columns ``x``, ``y``, ``value``, ``regime``, ``n_equilibria``.
    """
    _check(table, (x, y, value))
    if reduce not in REDUCTIONS:
        raise ValueError(f"`reduce` must be one of {', '.join(REDUCTIONS)} (got {reduce!r})")
    others = _varying_others(table, x, y)
    if others:
        raise ValueError(f"{', '.join(others)} also vary in the table: filter it to one value first "
                         f"(e.g. table[table[{others[0]!r}] == ...])")
    key = "point" if "point" in table.columns else [x, y]
    ok = table["status"] == "ok" if "status" in table.columns else pd.Series(True, index=table.index)
    g_all = table.groupby(key, sort=True)
    base = g_all[[x, y]].first()
    good = table[ok].groupby(key, sort=True)
    v = good[value]
    red = {"min": v.min(), "max": v.max(), "mean": v.mean(), "range": v.max() - v.min()}[reduce]
    labels = good["label"].agg(lambda s: "+".join(sorted(set(map(str, s))))) if "label" in table.columns else None
    out = base.assign(**{value: red})
    out["regime"] = labels if labels is not None else "ok"
    failed = ~ok.groupby(table[key] if isinstance(key, str) else [table[k] for k in key]).all()
    out.loc[failed[failed].index, "regime"] = "failed"
    out["regime"] = out["regime"].fillna("none")
    if "n_equilibria" in table.columns:
        out["n_equilibria"] = g_all["n_equilibria"].max()
    return out.reset_index(drop=isinstance(key, str))


def _is_grid(pts: pd.DataFrame, x: str, y: str) -> bool:
    return pts[x].nunique() * pts[y].nunique() == len(pts) and not pts.duplicated([x, y]).any()


def _edges(v: np.ndarray) -> np.ndarray:
    if v.size == 1:
        return np.array([v[0] - 0.5, v[0] + 0.5])
    mid = (v[1:] + v[:-1]) / 2
    return np.concatenate([[v[0] - (mid[0] - v[0])], mid, [v[-1] + (v[-1] - mid[-1])]])


def _axes(ax: Any) -> Any:
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4.5))
    return ax


def heatmap(table: pd.DataFrame, x: str, y: str, *, value: str = "escalation_probability",
            reduce: str = "min", ax: Any = None, cmap: str = "viridis", vmin: float | None = 0.0,
            vmax: float | None = None, title: str | None = None, colorbar: bool = True) -> Any:
    """Heatmap of ``value`` over parameters ``x`` (horizontal) and ``y`` (vertical).

    Where a point has several equilibria they are reduced by ``reduce`` (``"min"``: the
    least escalatory equilibrium, ``"max"``: the most, ``"mean"``, ``"range"``); the rule is
    written in the colour-bar label. Failed points are left blank. Returns the Axes.

    Parameters
    ----------
    table : pandas.DataFrame
        A sweep table over (at least) ``x`` and ``y``.
    x, y : str
        Parameter columns for the horizontal and vertical axes.
    value : str, default "escalation_probability"
        The column shown.
    reduce : {"min", "max", "mean", "range"}, default "min"
        How the equilibria of one point are reduced to one value.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    cmap : str, default "viridis"
        Colour map (perceptually uniform, colour-blind safe).
    vmin, vmax : float, optional
        Colour scale limits (``vmin=0`` by default; ``vmax`` from the data).
    title : str, optional
        Axes title.
    colorbar : bool, default True
        Draw the colour bar.

    Returns
    -------
    matplotlib.axes.Axes
    """
    pts = point_table(table, x, y, value, reduce)
    ax = _axes(ax)
    if value != "escalation_probability" and vmin == 0.0:
        vmin = None
    if _is_grid(pts, x, y):
        xs, ys = np.sort(pts[x].unique()), np.sort(pts[y].unique())
        z = pts.pivot(index=y, columns=x, values=value).reindex(index=ys, columns=xs).to_numpy(float)
        art = ax.pcolormesh(_edges(xs.astype(float)), _edges(ys.astype(float)), np.ma.masked_invalid(z),
                            cmap=cmap, vmin=vmin, vmax=vmax, shading="flat")
    else:
        art = ax.scatter(pts[x], pts[y], c=pts[value], cmap=cmap, vmin=vmin, vmax=vmax, s=12)
    if colorbar:
        ax.figure.colorbar(art, ax=ax, label=f"{column_label(value)}\n({reduce} over equilibria)")
    prov = table.attrs.get("provenance", {})
    ax.set_xlabel(parameter_label(prov.get("model"), x))
    ax.set_ylabel(parameter_label(prov.get("model"), y, wrap=36))
    ax.set_title(title if title is not None else prov.get("model", ""))
    return ax


def regime_map(table: pd.DataFrame, x: str, y: str, *, by: str = "label", ax: Any = None,
               title: str | None = None, legend: bool = True) -> Any:
    """Map of which kind of equilibrium holds where.

    ``by="label"``: each point is coloured by the set of equilibrium labels found there
    (``pooling``, ``pooling+separating``, ...; ``failed`` for failed solves);
    ``by="n_equilibria"``: by the number of equilibria. Returns the Axes; the regimes
    drawn are in ``ax.regimes`` (label -> count of points), for captions and tests.

    Parameters
    ----------
    table : pandas.DataFrame
        A sweep table over (at least) ``x`` and ``y``, with ``select="all"``.
    x, y : str
        Parameter columns for the horizontal and vertical axes.
    by : {"label", "n_equilibria"}, default "label"
        What a colour stands for.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    title : str, optional
        Axes title.
    legend : bool, default True
        Draw the legend of the regimes.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.colors as mcolors
    import matplotlib.patches as mpatches
    import matplotlib.pyplot as plt

    if by not in ("label", "n_equilibria"):
        raise ValueError(f"`by` must be 'label' or 'n_equilibria' (got {by!r})")
    _check(table, (x, y, by))
    pts = point_table(table, x, y, "escalation_probability", "min")
    col = "regime" if by == "label" else "n_equilibria"
    keys = pts[col].astype(str) if by == "label" else pts[col].astype(int).astype(str) + " equilibria"
    if by == "n_equilibria":
        keys = keys.where(pts["regime"] != "failed", "failed")
    kinds = sorted(keys.unique(), key=lambda k: (k == "failed", k))
    palette = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    colors = [("0.6" if k == "failed" else palette[i % len(palette)]) for i, k in enumerate(kinds)]
    code = keys.map({k: i for i, k in enumerate(kinds)}).to_numpy()
    cmap = mcolors.ListedColormap(colors)
    norm = mcolors.BoundaryNorm(np.arange(len(kinds) + 1) - 0.5, len(kinds))
    ax = _axes(ax)
    if _is_grid(pts, x, y):
        xs, ys = np.sort(pts[x].unique()), np.sort(pts[y].unique())
        grid = pd.DataFrame({x: pts[x], y: pts[y], "c": code}).pivot(index=y, columns=x, values="c")
        z = grid.reindex(index=ys, columns=xs).to_numpy(float)
        ax.pcolormesh(_edges(xs.astype(float)), _edges(ys.astype(float)), z, cmap=cmap, norm=norm, shading="flat")
    else:
        ax.scatter(pts[x], pts[y], c=code, cmap=cmap, norm=norm, s=12)
    if legend:
        ax.legend(handles=[mpatches.Patch(color=c, label=k) for k, c in zip(kinds, colors, strict=True)],
                  fontsize="small", loc="best")
    prov = table.attrs.get("provenance", {})
    ax.set_xlabel(parameter_label(prov.get("model"), x))
    ax.set_ylabel(parameter_label(prov.get("model"), y, wrap=36))
    ax.set_title(title if title is not None else prov.get("model", ""))
    ax.regimes = {k: int((keys == k).sum()) for k in kinds}
    return ax
