"""Escalation probability against one parameter, from a sweep table (no recomputation).

Two ways to draw a model with several equilibria, both of which keep the multiplicity
visible:

* ``select=None`` (default): every equilibrium, followed along the axis by its label
  (``pooling``, ``spiral``, ...) and, where one label has several equilibria with different
  values, by branch (the k-th smallest value of that label). A branch ends where the
  equilibrium ceases to exist, so unrelated equilibria are never joined.
* ``select="min"`` / ``"max"``: one curve per ``hue`` value, the least (most) escalatory
  equilibrium, with the band between the least and the most escalatory one shaded and
  named in the legend. The band steps at a discontinuity of either edge
  (:func:`band_edges`), never interpolating across it.

A discontinuity of a curve is drawn as a jump, not as a vertical segment: the piece before
it ends with a filled marker at its last grid point, the piece after it starts with an
open marker at its first grid point (the jump lies between them). Axes carry the
parameter's meaning and symbol from the model's declaration (:func:`parameter_label`).
"""

from __future__ import annotations

import contextlib
from typing import Any

import numpy as np
import pandas as pd

from .style import LINESTYLES, OKABE_ITO, _tex, column_label, parameter_label, style

__all__ = ["escalation", "curves", "draw_curve", "band_edges"]

SELECTIONS = ("min", "max")
#: A step counts as a jump when it is this many times the larger neighbouring step...
JUMP_RATIO = 4.0
#: ... and at least this share of the y range of the curve.
JUMP_SHARE = 0.02


def _key(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


def _fmt(v: Any) -> str:
    return f"{v:g}" if isinstance(v, float | int | np.number) and not isinstance(v, bool) else str(v)


def _jumps(xs: np.ndarray, ys: np.ndarray, labels: list[str] | None = None) -> np.ndarray:
    """Boolean per step i -> i+1: True where the curve jumps between grid points.

    A step ``JUMP_RATIO`` times as large as both neighbouring steps and at least
    ``JUMP_SHARE`` of the range is a jump (a kink keeps neighbouring steps of the same
    size); where the equilibrium label changes, twice as large suffices. A grid cannot
    tell a jump from a very steep stretch: refine the grid where it matters.
    """
    d = np.abs(np.diff(ys))
    if d.size == 0:
        return np.zeros(0, bool)
    span = float(np.nanmax(ys) - np.nanmin(ys)) if ys.size else 0.0
    tol = 1e-9 * max(1.0, span)
    prev = np.concatenate([[0.0], d[:-1]])
    nxt = np.concatenate([d[1:], [0.0]])
    big = (d > JUMP_RATIO * np.maximum(prev, nxt)) & (d > JUMP_SHARE * span) & (d > tol)
    if d.size == 1:
        big[:] = False
    if labels is not None:  # where the selected equilibrium changes, a smaller step is a jump
        changed = np.array([a != b for a, b in zip(labels[:-1], labels[1:], strict=True)])
        big |= changed & (d > 2 * np.maximum(prev, nxt)) & (d > JUMP_SHARE * span) & (d > tol)
    return big


def _pieces(rows: list[dict], key: Any, labels: list[str], branch: int, xs: np.ndarray, ys: np.ndarray,
            label_jumps: bool = False) -> None:
    """Append the connected pieces of one curve (split at its jumps) to ``rows``."""
    cuts = np.flatnonzero(_jumps(xs, ys.astype(float), labels if label_jumps else None)) + 1
    bounds = [0, *cuts.tolist(), len(xs)]
    piece = rows[-1]["piece"] + 1 if rows else 0
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        for i in range(a, b):
            rows.append({"hue": key, "label": labels[i], "branch": branch, "piece": piece, "x": xs[i],
                         "y": float(ys[i]), "start_jump": a > 0 and i == a, "end_jump": b < len(xs) and i == b - 1})
        piece += 1


def band_edges(xs: Any, lo: Any, hi: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges of the band between the least and the most escalatory equilibrium, stepping at jumps.

    Where the lower or the upper edge jumps between grid points ``x_i`` and ``x_{i+1}`` (see
    :func:`curves`), the band keeps its values up to the midpoint and steps there, instead of
    interpolating across the discontinuity (a slanted edge would show values that no
    equilibrium takes).

    Returns
    -------
    x, low, high : ndarray
        For ``fill_between``; a step repeats the midpoint with the values before and after.
    """
    xs, lo, hi = np.asarray(xs, float), np.asarray(lo, float), np.asarray(hi, float)
    cut = _jumps(xs, lo) | _jumps(xs, hi)
    bx, blo, bhi = [], [], []
    for i in range(len(xs)):
        bx.append(xs[i]), blo.append(lo[i]), bhi.append(hi[i])
        if i < len(cut) and cut[i]:
            mid = (xs[i] + xs[i + 1]) / 2
            bx += [mid, mid]
            blo += [lo[i], lo[i + 1]]
            bhi += [hi[i], hi[i + 1]]
    return np.array(bx), np.array(blo), np.array(bhi)


def draw_curve(ax: Any, xs: Any, ys: Any, *, color: Any, linestyle: Any = "-", linewidth: float = 1.2,
               labels: list[str] | None = None, **kwargs: Any) -> bool:
    """Draw one curve on ``ax`` split at its jumps (filled marker before, open marker after).

    Returns True if a jump was drawn (so that the caller can explain the markers).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    xs, ys : array_like
        The curve, ``xs`` increasing; points where ``ys`` is not finite are dropped.
    color, linestyle, linewidth
        Line style (matplotlib).
    labels : list of str, optional
        The equilibrium label at each point: a change of label is drawn as a jump too.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot` (a ``label`` goes to the first piece
        only: one legend entry per curve).

    Returns
    -------
    bool
        True if the curve has a jump.
    """
    xs, ys = np.asarray(xs, float), np.asarray(ys, float)
    keep = np.isfinite(ys)
    xs, ys = xs[keep], ys[keep]
    rows: list[dict] = []
    _pieces(rows, None, labels if labels is not None else [""] * len(xs), 0, xs, ys, labels is not None)
    pieces = pd.DataFrame(rows, columns=["hue", "label", "branch", "piece", "x", "y", "start_jump", "end_jump"])
    jumped = False
    for k, (_, pc) in enumerate(pieces.groupby("piece", sort=True)):
        if k == 1:  # one legend entry per curve
            kwargs.pop("label", None)
        ax.plot(pc["x"], pc["y"], color=color, linestyle=linestyle, linewidth=linewidth, **kwargs)
        for flag, face in (("end_jump", color), ("start_jump", "white")):
            sel = pc[pc[flag]]
            if len(sel):
                jumped = True
                ax.plot(sel["x"], sel["y"], linestyle="none", marker="o", markersize=4,
                        markerfacecolor=face, markeredgecolor=color, zorder=3)
    return jumped


def curves(table: pd.DataFrame, x: str, *, hue: str | None = None, y: str = "escalation_probability",
           select: str | None = None) -> pd.DataFrame:
    """The pieces :func:`escalation` draws, as a tidy table (one row per vertex).

    Parameters
    ----------
    table : pandas.DataFrame
        A sweep table (one row per point and equilibrium).
    x, hue, y : str
        Columns: the horizontal axis, one curve family per value of ``hue``, the value drawn.
    select : {None, "min", "max"}
        None: every equilibrium, followed by label and branch; "min"/"max": the least/most
        escalatory equilibrium at each point.

    Returns
    -------
    pandas.DataFrame
        Columns ``hue``, ``label`` (equilibrium label; the label of the selected equilibrium
        with ``select``), ``branch`` (k-th smallest value of that label), ``piece`` (a
        connected run), ``x``, ``y``, ``start_jump`` / ``end_jump`` (the piece starts after /
        ends before a jump).
    """
    ok = table[table["status"] == "ok"] if "status" in table.columns else table
    ok = ok[np.isfinite(pd.to_numeric(ok[y], errors="coerce"))]
    has_label = "label" in ok.columns
    rows: list[dict] = []
    groups = [(None, ok)] if hue is None else list(ok.groupby(hue, sort=True))
    for key, sub in groups:
        key = _key(key)
        if select is not None or not has_label or sub.groupby(x).size().max() == 1:
            pick = sub.sort_values([x, y], ascending=[True, select != "max"]).groupby(x, sort=True).head(1)
            labs = list(pick["label"].astype(str)) if has_label else [""] * len(pick)
            _pieces(rows, key, labs, 0, pick[x].to_numpy(), pick[y].to_numpy(float), has_label)
            continue
        pos = {v: i for i, v in enumerate(np.sort(sub[x].unique()))}
        for lab, part in sub.groupby("label", sort=False):
            vals = part.groupby(x)[y].agg(lambda s: np.unique(np.round(s.to_numpy(float), 10)))
            runs: list[list[tuple[Any, float]]] = []  # one list of (x, y) per branch
            last = None
            for xv, v in vals.sort_index().items():
                if runs and (last != pos[xv] - 1 or len(v) != len(runs)):
                    for branch, pts in enumerate(runs):
                        _pieces(rows, key, [str(lab)] * len(pts), branch, *map(np.array, zip(*pts, strict=True)))
                    runs = []
                if not runs:
                    runs = [[] for _ in v]
                for branch, val in enumerate(v):
                    runs[branch].append((xv, float(val)))
                last = pos[xv]
            for branch, pts in enumerate(runs):
                _pieces(rows, key, [str(lab)] * len(pts), branch, *map(np.array, zip(*pts, strict=True)))
    return pd.DataFrame(rows, columns=["hue", "label", "branch", "piece", "x", "y", "start_jump", "end_jump"])


def escalation(
    table: pd.DataFrame,
    x: str,
    *,
    hue: str | None = None,
    y: str = "escalation_probability",
    select: str | None = None,
    band: bool = True,
    ax: Any = None,
    title: str | None = None,
    journal: bool = True,
    legend: str = "below",
) -> Any:
    """Plot ``y`` against parameter ``x`` from a sweep table, every equilibrium kept visible.

    Parameters
    ----------
    table : pandas.DataFrame
        A table of :func:`deterrence_games.sweep` (or one read back with ``load_table``).
    x : str
        The parameter on the horizontal axis.
    hue : str, optional
        One colour per value of this parameter.
    y : str
        The column drawn (default ``escalation_probability``).
    select : {None, "min", "max"}
        None: every equilibrium, followed by label and branch (line style tells labels apart
        when colour tells ``hue``); "min"/"max": one curve per ``hue``, the least/most
        escalatory equilibrium. A table swept with a selection is drawn as one curve.
    band : bool
        Shade the range between the least and the most escalatory equilibrium.
    ax : matplotlib.axes.Axes, optional
        Draw here; else a new figure in the journal style.
    title : str, optional
        Axes title (none by default: a journal figure has a caption).
    journal : bool
        Create the new figure inside :func:`style` (single column, colour-blind palette).
    legend : {"below", "inside", "none"}
        Legend under the axes (never over the data; for a figure of one axes with a layout
        engine, else at matplotlib's best place inside), inside, or none.

    Returns
    -------
    matplotlib.axes.Axes
        The axes; the drawn pieces are in ``ax.curves`` (see :func:`curves`).
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    for col in (x, y) + ((hue,) if hue else ()):
        if col not in table.columns:
            raise ValueError(f"`{col}` is not a column of the table (columns: {', '.join(map(str, table.columns))})")
    if select is not None and select not in SELECTIONS:
        raise ValueError(f"`select` must be None or one of {', '.join(SELECTIONS)} (got {select!r})")
    if legend not in ("below", "inside", "none"):
        raise ValueError(f"`legend` must be 'below', 'inside' or 'none' (got {legend!r})")
    prov = table.attrs.get("provenance", {})
    model = prov.get("model")
    ctx = style(aspect=0.8) if journal and ax is None else contextlib.nullcontext()
    with ctx:
        created = ax is None
        if ax is None:
            _, ax = plt.subplots()
        pieces = curves(table, x, hue=hue, y=y, select=select)
        ok = table[table["status"] == "ok"] if "status" in table.columns else table
        hues = [None] if hue is None else [_key(k) for k in sorted(ok[hue].dropna().unique())]
        labels = list(dict.fromkeys(pieces["label"])) if select is None else []
        follow = select is None and len(labels) > 1 or (select is None and "label" in ok.columns
                                                        and ok.groupby([hue, x] if hue else x).size().max() > 1)
        palette = [c for c in OKABE_ITO]
        hue_color = {h: palette[i % len(palette)] for i, h in enumerate(hues)}
        if hue is None and follow:
            lab_color = {lab: palette[i % len(palette)] for i, lab in enumerate(labels)}
            lab_style = {lab: "-" for lab in labels}
        else:
            lab_color = {}
            lab_style = {lab: LINESTYLES[i % len(LINESTYLES)] for i, lab in enumerate(labels)}
        handles: list[Any] = []
        band_drawn = False
        for h in hues:
            sub = ok if h is None else ok[ok[hue] == h]
            rng = sub.groupby(x)[y].agg(["min", "max"]).sort_index()
            if band and len(rng) and (rng["max"] - rng["min"]).max() > 1e-9:
                bx, blo, bhi = band_edges(rng.index.to_numpy(float), rng["min"].to_numpy(float),
                                          rng["max"].to_numpy(float))
                ax.fill_between(bx, blo, bhi, color=hue_color[h] if hue else "0.5", alpha=0.18, linewidth=0)
                band_drawn = True
        dense = pieces.groupby("piece").size().max() > 60 if len(pieces) else False
        jump_drawn = False
        for _, pc in pieces.groupby("piece", sort=True):
            h, lab = pc["hue"].iloc[0], pc["label"].iloc[0]
            color = lab_color.get(lab) if (hue is None and follow) else hue_color[h if hue else None]
            ls = lab_style.get(lab, "-") if follow else "-"
            # earlier hues are drawn wider, so that coinciding curves stay visible
            lw = 1.2 + 1.0 * (len(hues) - 1 - hues.index(h)) / max(1, len(hues) - 1) if hue else 1.2
            if len(pc) == 1 and not (pc["start_jump"].iloc[0] or pc["end_jump"].iloc[0]):
                ax.plot(pc["x"], pc["y"], linestyle="none", marker="o", markersize=1.5 + lw, color=color)
            else:
                ax.plot(pc["x"], pc["y"], linestyle=ls, color=color, linewidth=lw,
                        marker=None if dense else ".", markersize=1.5 + lw)
            for flag, face in (("end_jump", color), ("start_jump", "white")):
                sel = pc[pc[flag]]
                if len(sel):
                    jump_drawn = True
                    ax.plot(sel["x"], sel["y"], linestyle="none", marker="o", markersize=4,
                            markerfacecolor=face, markeredgecolor=color, zorder=3)
        sym = _tex(getattr(_param(model, hue), "symbol", "") or hue) if hue else ""
        if hue:
            for h in hues:
                handles.append(Line2D([], [], color=hue_color[h], label=f"{sym or hue} = {_fmt(h)}"))
        if follow:
            for lab in labels:
                handles.append(Line2D([], [], color=lab_color.get(lab, "0.3"), linestyle=lab_style[lab], label=lab))
        if band_drawn:
            handles.append(Patch(color="0.5", alpha=0.3, label="range over equilibria (min to max)"))
        if jump_drawn:
            handles.append(Line2D([], [], linestyle="none", marker="o", markersize=4, color="0.3",
                                  markerfacecolor="white", label="jump: ● last point before, ○ first after"))
        ax.set_xlabel(parameter_label(model, x))
        ylab = column_label(y)
        if select is not None or prov.get("select") not in (None, "all"):
            which = select or prov.get("select")
            word = {"min": "least escalatory equilibrium", "max": "most escalatory equilibrium"}.get(
                str(which), f"equilibrium selected by {which}")
            ylab += f"\n({word})"
        ax.set_ylabel(ylab)
        if y in ("escalation_probability", "escalation_min", "escalation_max") or y.startswith("prob_"):
            lo, hi = ax.get_ylim()
            ax.set_ylim(min(lo, -0.02), max(hi, 0.0))
        if title:
            ax.set_title(title)
        if handles and legend != "none":
            fig = ax.figure
            if legend == "below" and len(fig.axes) == 1 and fig.get_layout_engine() is not None:
                wide = max(len(h.get_label()) for h in handles) > 30
                ncol = 1 if wide or len(handles) == 1 else 2
                if created:  # room for the legend under the axes
                    w, h = fig.get_size_inches()
                    fig.set_size_inches(w, h + 0.14 * -(-len(handles) // ncol))
                fig.legend(handles=handles, loc="outside lower center", ncol=ncol,
                           fontsize="small", frameon=False)
            else:
                ax.legend(handles=handles, fontsize="small")
    ax.curves = pieces
    return ax


def _param(model: Any, name: str | None) -> Any:
    if model is None or name is None:
        return None
    from .style import _model

    m = _model(model)
    try:
        return m.parameter(name) if m is not None else None
    except ValueError:
        return None
