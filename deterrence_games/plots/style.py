"""Journal figure style, axis labels from a model's parameter declarations, and saving.

* :func:`style` -- a ``matplotlib.rc_context`` for journal figures: single-column size
  (3.5 in wide; 5.5 in and 7.2 in for wider figures), 8 pt fonts, the Okabe-Ito colour-blind-safe palette
  (Okabe & Ito 2008), vector output with embedded TrueType fonts.
* :func:`parameter_label` -- "precision of the signal, $q$" from the model's
  :class:`~deterrence_games.models.Parameter` (meaning and the paper's symbol, in TeX).
* :func:`save_figure` -- PNG (300 dpi), PDF and SVG side by side.
* :func:`figure_problems` -- what a referee would flag: clipped text, crowded legends,
  unlabelled axes (used by the tests of every ``papers/`` figure).

References
----------
Okabe, M. and Ito, K. (2008). Color Universal Design (CUD): how to make figures and
presentations that are friendly to colorblind people. https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["OKABE_ITO", "LINESTYLES", "style", "parameter_label", "column_label", "save_figure",
           "figure_problems", "FORMATS"]

#: Okabe-Ito palette (black first is left out: it is kept for bands and annotations).
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
#: Line styles that tell equilibrium labels apart when colour tells a second parameter.
LINESTYLES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 3)), (0, (8, 2)))
#: The formats :func:`save_figure` writes.
FORMATS = ("png", "pdf", "svg")
#: Largest legend a figure may carry before it covers the data (:func:`figure_problems`).
MAX_LEGEND_ENTRIES = 8

_WIDTHS = {"single": 3.5, "onehalf": 5.5, "double": 7.2}


def _rc(width: str = "single", aspect: float = 0.72) -> dict[str, Any]:
    from cycler import cycler

    if width not in _WIDTHS:
        raise ValueError(f"`width` must be one of {', '.join(_WIDTHS)} (got {width!r})")
    w = _WIDTHS[width]
    return {
        "figure.figsize": (w, w * aspect),
        "figure.dpi": 100,
        "figure.constrained_layout.use": True,
        "font.size": 8,
        "axes.titlesize": 8,
        "axes.labelsize": 8,
        "legend.fontsize": 7,
        "xtick.labelsize": 7,
        "ytick.labelsize": 7,
        "font.family": "sans-serif",
        "font.sans-serif": ["Arial", "Helvetica", "DejaVu Sans"],
        "mathtext.fontset": "dejavusans",
        "axes.prop_cycle": cycler(color=OKABE_ITO),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": False,
        "lines.linewidth": 1.2,
        "lines.markersize": 3.5,
        "legend.frameon": False,
        "savefig.dpi": 300,
        "savefig.bbox": None,
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "none",
        "svg.hashsalt": "deterrence_games",  # stable ids in SVG files
    }


def style(width: str = "single", aspect: float = 0.72) -> Any:
    """Context manager for journal figures.

    Parameters
    ----------
    width : {"single", "onehalf", "double"}
        Single column (3.5 in), one and a half columns (5.5 in) or full page width (7.2 in).
    aspect : float
        Height / width.

    Returns
    -------
    contextlib.AbstractContextManager
        ``matplotlib.rc_context`` with the style; use ``with dg.plot.style(): ...``.
    """
    import matplotlib as mpl

    return mpl.rc_context(_rc(width, aspect))


_GREEK = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda",
          "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega")
_UNICODE = {"α": "alpha", "β": "beta", "δ": "delta", "ν": "nu", "π": "pi", "ρ": "rho"}


def _tex(symbol: str) -> str:
    r"""A parameter symbol as written in the model (``w_R``, ``rho^*``, ``π``) -> mathtext (``$w_R$``)."""
    s = symbol.strip()
    if " - " in s:
        parts = [_tex(part) for part in s.split(" - ")]
        return "$" + " - ".join(p[1:-1] for p in parts) + "$" if all(parts) else ""
    if not s or " " in s:
        return ""
    s = "".join(f"\\{_UNICODE[c]} " if c in _UNICODE else c for c in s)
    s = re.sub(r"(\w)̂", r"\\hat{\1}", s)
    s = re.sub(r"(\w)̄", r"\\bar{\1}", s)

    def word(m: re.Match) -> str:
        w = m.group(0)
        return f"\\{w}" if w.lower() in _GREEK and w == w.lower() else w if len(w) == 1 else (
            f"\\{w.capitalize()}" if w.lower() in _GREEK else f"\\mathrm{{{w}}}")

    base, sep, sub = s.partition("_")
    base = re.sub(r"(?<!\\)\b[A-Za-z]+\b", word, base)
    if sep:
        sub = re.sub(r"(?<!\\)\b[A-Za-z]{2,}\b", lambda m: f"\\mathrm{{{m.group(0)}}}", sub)
        sub = re.sub(r"(?<!\\)\b[a-z]\b", lambda m: m.group(0), sub)
        base += "_{" + sub.replace(" ", "") + "}"
    return f"${base.strip()}$"


def _model(model: Any) -> Any:
    if model is None:
        return None
    if isinstance(model, str):
        from ..models import get_model

        try:
            return get_model(model)
        except ValueError:
            return None
    return model


def parameter_label(model: Any, name: str, *, meaning: bool = True, wrap: int | None = 48) -> str:
    """Axis label of parameter ``name``: its meaning and its symbol in TeX.

    Parameters
    ----------
    model : Model or str or None
        The model (or its id) that declares ``name``.
    name : str
        Parameter name (a column of a sweep table).
    meaning : bool
        Include the one-line meaning (else the symbol alone).
    wrap : int or None
        Break lines longer than this (48 characters fit a single-column figure).

    Returns
    -------
    str
        e.g. ``"precision of the exogenous signal of resolve (transparency), $q$"``; the bare
        name when the model does not declare it.
    """
    m = _model(model)
    par = None
    if m is not None:
        try:
            par = m.parameter(name)
        except ValueError:
            par = None
    if par is None:
        return name.replace("_", " ")
    sym = _tex(par.symbol or name) or f"${_tex_name(name)}$"
    if not (meaning and par.meaning):
        return sym
    return textwrap.fill(f"{par.meaning}, {sym}", width=wrap, break_long_words=False) if wrap else (
        f"{par.meaning}, {sym}")


def _tex_name(name: str) -> str:
    return _tex(name)[1:-1] or name


_COLUMNS = {
    "escalation_probability": "probability of escalation",
    "prob_war": "probability of war",
    "escalation_min": "least escalatory equilibrium",
    "escalation_max": "most escalatory equilibrium",
    "n_equilibria": "number of equilibria",
}


def column_label(name: str) -> str:
    """Axis label of an outcome column (``prob_war`` -> ``probability of war``).

    Parameters
    ----------
    name : str
        A column of a sweep table.

    Returns
    -------
    str
        The label (the name itself for a column it does not know).
    """
    if name in _COLUMNS:
        return _COLUMNS[name]
    if name.startswith("prob_"):
        return "probability of " + name[5:].replace("_", " ")
    return name.replace("_", " ")


def save_figure(fig: Any, path: str | Path, formats: Iterable[str] = FORMATS, *, dpi: int = 300,
                close: bool = True) -> list[Path]:
    """Write ``fig`` as PNG, PDF and SVG beside each other.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    path : str or Path
        File name with or without suffix (``out/war`` -> ``out/war.png``, ``.pdf``, ``.svg``).
    formats : iterable of str
        Any of ``"png"``, ``"pdf"``, ``"svg"``.
    dpi : int
        Resolution of the PNG.
    close : bool
        Close the figure afterwards.

    Returns
    -------
    list of Path
        The files written.
    """
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    path = Path(path)
    if path.suffix.lstrip(".").lower() in FORMATS:
        path = path.with_suffix("")
    formats = list(formats)
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise ValueError(f"`formats` must be among {', '.join(FORMATS)} (got {bad})")
    path.parent.mkdir(parents=True, exist_ok=True)
    written = []
    meta = {"pdf": {"CreationDate": None, "Creator": "deterrence_games"}, "svg": {"Date": None},
            "png": {"Software": "deterrence_games"}}
    with mpl.rc_context({"pdf.fonttype": 42, "svg.fonttype": "none", "svg.hashsalt": "deterrence_games"}):
        for fmt in formats:
            out = path.with_name(f"{path.name}.{fmt}")
            fig.savefig(out, dpi=dpi, metadata=meta[fmt])
            written.append(out)
    if close:
        plt.close(fig)
    return written


def figure_problems(fig: Any, *, max_legend_entries: int = MAX_LEGEND_ENTRIES,
                    required_labels: Mapping[str, bool] | None = None) -> list[str]:
    """What a referee would flag in ``fig``; an empty list for a clean figure.

    Checks that everything drawn (titles, labels, tick labels, legends) lies inside the
    figure (matplotlib's tight bounding box), that no legend over an axes has more than
    ``max_legend_entries`` entries (a figure legend outside the axes twice as many) or
    covers data points of its axes, that
    every axes with data has x and y labels, and that no label is a bare column name
    (``"lam"``, ``"eq. 0"``).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (drawn to compute the bounding boxes).
    max_legend_entries : int, default 8
        Most entries a legend inside an axes may have.
    required_labels : mapping of str to bool, optional
        Not used at present: every axes with data needs an x and a y label, except a
        categorical axis and an axis whose shared or same-row neighbour is labelled.

    Returns
    -------
    list of str
        One sentence per problem.
    """
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    problems = []
    tight = fig.get_tightbbox(renderer)  # inches, of what is drawn
    box = fig.bbox_inches
    tol = 1.0 / fig.dpi
    if (tight.x0 < box.x0 - tol or tight.y0 < box.y0 - tol or tight.x1 > box.x1 + tol
            or tight.y1 > box.y1 + tol):
        W, H = fig.bbox.width, fig.bbox.height
        named = []
        for text in fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_window_extent")):
            if text.get_visible() and text.get_text().strip() and not _is_tick_label(text):
                bb = text.get_window_extent(renderer)
                if bb.x0 < -1 or bb.y0 < -1 or bb.x1 > W + 1 or bb.y1 > H + 1:
                    named.append(repr(text.get_text()))
        problems.append(f"text is clipped (drawn outside the figure): {', '.join(named) or 'tick labels'}")
    for ax in fig.axes:
        if not ax.get_visible() or not (ax.lines or ax.collections or ax.patches or ax.images):
            continue
        if ax.get_label() == "<colorbar>":
            continue
        shared = [a for a in ax.get_shared_x_axes().get_siblings(ax) if a is not ax and a.get_xlabel().strip()]
        if not ax.get_xlabel().strip() and not _categorical(ax, "x") and not shared:
            problems.append(f"axes {ax.get_title()!r}: no x label")
        row = [a for a in fig.axes if a is not ax and a.get_visible() and a.get_ylabel().strip()
               and abs(a.get_position().y0 - ax.get_position().y0) < 1e-6]
        if not ax.get_ylabel().strip() and not _categorical(ax, "y") and not row:
            problems.append(f"axes {ax.get_title()!r}: no y label")
        for lab in (ax.get_xlabel(), ax.get_ylabel()):
            if re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", lab.strip() or "X") and len(lab) <= 4:
                problems.append(f"axes {ax.get_title()!r}: bare column name {lab!r} as an axis label")
        leg = ax.get_legend()
        if leg is not None:
            texts = [t.get_text() for t in leg.get_texts()]
            if len(texts) > max_legend_entries:
                problems.append(f"axes {ax.get_title()!r}: legend has {len(texts)} entries (> {max_legend_entries})")
            for t in texts:
                if re.search(r"\beq\. ?\d", t):
                    problems.append(f"axes {ax.get_title()!r}: legend entry {t!r} names an equilibrium by index")
            n = _points_under(ax, leg.get_window_extent(renderer))
            if n:
                problems.append(f"axes {ax.get_title()!r}: legend covers {n} data points")
    for leg in fig.legends:  # outside the axes: twice as many entries before it is a problem
        texts = [t.get_text() for t in leg.get_texts()]
        if len(texts) > 2 * max_legend_entries:
            problems.append(f"figure legend has {len(texts)} entries (> {2 * max_legend_entries})")
    return problems


def _points_under(ax: Any, box: Any) -> int:
    """Number of plotted line vertices inside the display box ``box``."""
    import numpy as np

    n = 0
    for line in ax.lines:
        if not line.get_visible():
            continue
        xy = np.column_stack([np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)])
        xy = xy[np.isfinite(xy).all(axis=1)]
        if xy.size == 0:
            continue
        d = line.get_transform().transform(xy)
        n += int(((d[:, 0] > box.x0) & (d[:, 0] < box.x1) & (d[:, 1] > box.y0) & (d[:, 1] < box.y1)).sum())
    return n


def _is_tick_label(artist: Any) -> bool:
    ax = getattr(artist, "axes", None)
    if ax is None:
        return False
    return any(artist is t.label1 or artist is t.label2
               for axis in (ax.xaxis, ax.yaxis) for t in axis.get_major_ticks() + axis.get_minor_ticks())


def _categorical(ax: Any, which: str) -> bool:
    labels = ax.get_xticklabels() if which == "x" else ax.get_yticklabels()
    return any(t.get_text() and not re.fullmatch(r"[−\-\d.,e+ ]+", t.get_text()) for t in labels)
