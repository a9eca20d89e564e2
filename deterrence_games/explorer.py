"""Interactive explorer of a model in Jupyter: sliders, the live escalation curve, the equilibria.

``dg.explore(model)`` shows one control per declared parameter (the information
parameters first), a choice of the information parameter on the horizontal axis, the
escalation probability of **every** equilibrium over that parameter (drawn by
:func:`deterrence_games.plot.escalation`, each equilibrium with its label) and the table of
equilibria at the current point: label, escalation probability and outcome distribution.
Nothing is selected silently: the curve and the table carry all equilibria that
:meth:`Model.solve` reports.

Controls follow the declared domains: an ``integer`` domain gives an integer slider, a
``choice`` a drop-down, an ``interval`` a float slider (an infinite side is bounded at a
few times the default; an open side starts one step inside). A value that a model refuses
(a cross-parameter condition) is shown as one line above the figure, never as a traceback.

The explorer needs ``ipywidgets`` (``pip install "deterrence_games[explore]"``). It works in
JupyterLab, Notebook and Voilà; :meth:`Explorer.to_html` writes a static page with the
current state (the sliders then no longer recompute: there is no kernel).

The table (``<table class="dg-explore-table">``) carries each equilibrium's exact values in
``data-`` attributes and the curve is exposed as JSON in ``<div class="dg-explore-curve">``
(``data-curve``), so that a page can be checked against :meth:`Model.solve` and
:func:`deterrence_games.sweep` in a browser.
"""

from __future__ import annotations

import html
import io
import json
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from ._validation import Choice, IntegerRange, Interval, ParameterError
from .models import get_model
from .models.base import Model

__all__ = ["explore", "Explorer"]

#: Float sliders have this many steps between their bounds.
STEPS = 100


def explore(model: Model | str, info: str | None = None, *, points: int = 41, **fixed: Any) -> Explorer:
    """An interactive explorer of ``model`` (display it in a notebook cell).

    Parameters
    ----------
    model : Model or str
        A model instance (shipped, a :class:`deterrence_games.Model` subclass or one built by
        :func:`deterrence_games.model`) or a registered model id.
    info : str, optional
        The parameter on the horizontal axis of the curve (default: the first information
        parameter; without one, the first numeric parameter). A drop-down changes it.
    points : int
        Grid points of the curve (an integer axis uses its integers, at most this many).
    **fixed
        Starting values of the controls (the rest start at their defaults).

    Returns
    -------
    Explorer
        The widget and its current state (:attr:`Explorer.solution`, :attr:`Explorer.table`).

    Raises
    ------
    ParameterError
        A starting value outside its domain, or ``info`` not a numeric parameter.

    Examples
    --------
    >>> import deterrence_games as dg
    >>> ex = dg.explore("inspection", "beta", alpha=0.1)   # doctest: +SKIP
    >>> ex                                                  # doctest: +SKIP
    """
    return Explorer(model, info, points=points, **fixed)


def _numeric(domain: Any) -> bool:
    return isinstance(domain, Interval | IntegerRange)


def axis_candidates(model: Model) -> tuple[str, ...]:
    """Parameters that can lie on the curve's axis: numeric information parameters (else all numeric)."""
    info = tuple(p.name for p in model.parameters if p.information and _numeric(p.domain))
    return info or tuple(p.name for p in model.parameters if _numeric(p.domain))


def slider_bounds(domain: Interval | IntegerRange, default: Any) -> tuple[float, float, float]:
    """``(low, high, step)`` of a slider for ``domain``: finite, inside an open side.

    An infinite side lies at ``max(1, 4 |default - finite side|)`` from the finite side (or
    ``max(1, 4 |default|)`` around the default when both are infinite); a float slider has
    :data:`STEPS` steps and starts (ends) one step inside an open side.
    """
    if isinstance(domain, IntegerRange):
        d = int(default)
        high = domain.high if domain.high is not None else max(domain.low + 10, 2 * d)
        return float(domain.low), float(high), 1.0
    lo, hi, d = float(domain.low), float(domain.high), float(default)
    if math.isinf(lo) and math.isinf(hi):
        w = max(1.0, 4 * abs(d))
        lo, hi = d - w, d + w
    elif math.isinf(hi):
        hi = lo + max(1.0, 4 * abs(d - lo))
    elif math.isinf(lo):
        lo = hi - max(1.0, 4 * abs(hi - d))
    step = (hi - lo) / STEPS
    if not domain.low_closed and lo == domain.low:
        lo += step
    if not domain.high_closed and hi == domain.high:
        hi -= step
    return lo, hi, step


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    msg = text[0] if text else type(exc).__name__
    return msg if isinstance(exc, ParameterError) else f"{type(exc).__name__}: {msg}"


def _f(v: Any) -> str:
    return repr(float(v))


class Explorer:
    """Sliders for a model's parameters, the escalation curve over one of them, and the equilibria.

    Built by :func:`explore` (see there for the parameters). Display it in a notebook cell.

    Attributes
    ----------
    model : Model
    controls : dict
        ``{parameter name: ipywidgets control}`` (information parameters first).
    axis : ipywidgets.Dropdown
        The parameter on the curve's horizontal axis.
    values : dict
        The current parameter point.
    solution : ModelSolution or None
        Every equilibrium at the current point (None while the point is refused).
    table : pandas.DataFrame or None
        The sweep drawn as the curve (one row per point and equilibrium).
    error : str
        The one-line message shown when the current point is refused ("" otherwise).
    widget : ipywidgets.VBox
        The whole explorer.
    """

    def __init__(self, model: Model | str, info: str | None = None, *, points: int = 41, **fixed: Any) -> None:
        m = get_model(model) if isinstance(model, str) else model
        if not isinstance(m, Model):
            raise TypeError(f"`model` must be a Model instance or a model id (got {type(model).__name__})")
        axes = axis_candidates(m)
        if not axes:
            raise ParameterError("model", m.id or type(m).__name__, "a model with a numeric parameter",
                                 "the curve needs an interval or integer parameter on its axis")
        if info is None:
            info = axes[0]
        elif info not in axes:
            raise ParameterError("info", info, f"one of {', '.join(axes)}",
                                 f"the numeric information parameters of {m.id or type(m).__name__}")
        if isinstance(points, bool) or not isinstance(points, int | np.integer) or points < 3:
            raise ParameterError("points", points, "an integer >= 3")
        start = m.validate(**fixed)  # unknown names and values outside their domains raise here
        try:
            import ipywidgets as w
        except ImportError as exc:  # pragma: no cover - optional dependency
            raise ImportError("dg.explore needs ipywidgets: pip install 'deterrence_games[explore]'") from exc

        self.model, self.points = m, int(points)
        self.solution: Any = None
        self.table: Any = None
        self.error = ""
        self.curve: list[dict] = []
        self.values: dict[str, Any] = dict(start)
        order = sorted(m.parameters, key=lambda p: not p.information)  # stable: declared order otherwise
        self.controls: dict[str, Any] = {p.name: self._control(w, p, start[p.name]) for p in order}
        self.axis = w.Dropdown(options=list(axes), value=info, description="axis",
                               tooltip="the information parameter on the horizontal axis")
        self.axis.add_class("dg-explore-axis")
        self._error = w.HTML(value="")
        self._error.add_class("dg-explore-error")
        self._figure = w.Image(format="png", layout=w.Layout(width="480px"))
        self._figure.add_class("dg-explore-figure")
        self._curve = w.HTML(value="")
        self._curve.add_class("dg-explore-curve-data")
        self._table = w.HTML(value="")
        self._table.add_class("dg-explore-table-box")
        info_box = [self.controls[p.name] for p in order if p.information]
        other_box = [self.controls[p.name] for p in order if not p.information]
        left = w.VBox([w.HTML("<b>information</b>"), *info_box, w.HTML("<b>other parameters</b>"), *other_box]
                      if info_box and other_box else [*info_box, *other_box])
        right = w.VBox([self.axis, self._error, self._figure, self._curve, self._table])
        self.widget = w.VBox([w.HTML(f"<b>{html.escape(m.title or m.id or type(m).__name__)}</b>"),
                              w.HBox([left, right])])
        self.widget.add_class("dg-explore")
        for c in self.controls.values():
            c.observe(self._changed, names="value")
        self.axis.observe(self._changed, names="value")
        self.update()

    # controls ------------------------------------------------------------------------
    @staticmethod
    def _control(w: Any, p: Any, value: Any) -> Any:
        tip = f"{p.meaning} ({p.domain.describe(p.name)})"
        common = {"description": p.name, "tooltip": tip, "style": {"description_width": "initial"},
                  "continuous_update": False}
        if isinstance(p.domain, Choice):
            c = w.Dropdown(options=[(str(o), o) for o in p.domain.options], value=value, description=p.name,
                           tooltip=tip, style={"description_width": "initial"})
        elif isinstance(p.domain, IntegerRange):
            lo, hi, _ = slider_bounds(p.domain, p.default)
            c = w.IntSlider(value=int(value), min=int(min(lo, value)), max=int(max(hi, value)), step=1, **common)
        else:
            lo, hi, step = slider_bounds(p.domain, p.default)
            c = w.FloatSlider(value=float(value), min=min(lo, float(value)), max=max(hi, float(value)), step=step,
                              readout_format=".4g", **common)
        c.add_class(f"dg-param-{p.name}")
        return c

    def _changed(self, change: Any) -> None:
        self.update()

    def set(self, **values: Any) -> None:
        """Move controls (as a user would) and redraw once; ``axis=`` picks the curve's parameter."""
        axis = values.pop("axis", None)
        if axis is not None and axis not in self.axis.options:
            raise ParameterError("axis", axis, f"one of {', '.join(self.axis.options)}",
                                 "the numeric information parameters of the model")
        for k in values:
            if k not in self.controls:
                self.model.parameter(k)  # raises, listing the model's parameters
        for c in [*self.controls.values(), self.axis]:
            c.unobserve(self._changed, names="value")
        try:
            for k, v in values.items():
                self.controls[k].value = v
            if axis is not None:
                self.axis.value = axis
        finally:
            for c in [*self.controls.values(), self.axis]:
                c.observe(self._changed, names="value")
        self.update()

    def grid(self) -> np.ndarray:
        """The values of the axis parameter on the curve (the bounds of its slider)."""
        c = self.controls[self.axis.value]
        if isinstance(self.model.parameter(self.axis.value).domain, IntegerRange):
            xs = np.arange(c.min, c.max + 1)
            return xs if xs.size <= self.points else np.unique(np.linspace(c.min, c.max, self.points).round().astype(int))
        return np.linspace(c.min, c.max, self.points)

    # computing and drawing ----------------------------------------------------------------
    def update(self) -> None:
        """Solve at the controls' point, sweep the axis parameter, redraw figure and table."""
        from .sweeps import sweep

        raw = {k: c.value for k, c in self.controls.items()}
        x = self.axis.value
        try:
            self.values = self.model.validate(**raw)
            self.solution = self.model.solve(**self.values)
            fixed = {k: v for k, v in self.values.items() if k != x}
            self.table = sweep(self.model, {x: self.grid()}, fixed=fixed, backend="serial", progress=False)
            png, curve = self._draw(x)
        except Exception as exc:  # shown in the widget as one line; the state says what failed
            self.error = _one_line(exc)
            self.solution = None
            self._error.value = f'<div class="dg-explore-error" style="color:#b00020">{html.escape(self.error)}</div>'
            self._table.value = ""
            return
        self.error = ""
        self._error.value = ""
        self._figure.value = png
        self.curve = curve
        self._curve.value = (f'<div class="dg-explore-curve" data-x="{html.escape(x)}" style="display:none" '
                             f"data-curve='{html.escape(json.dumps(curve), quote=True)}'></div>")
        self._table.value = self._table_html()

    def _draw(self, x: str) -> tuple[bytes, list[dict]]:
        from matplotlib.figure import Figure

        from .plots import escalation, style

        with style(width="onehalf", aspect=0.6):
            fig = Figure()
            ax = fig.subplots()
            escalation(self.table, x, ax=ax, legend="below")
            xv = self.values[x]
            ax.axvline(float(xv), color="0.6", linewidth=0.8, linestyle=":", zorder=0)
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=100)
        pieces = ax.curves
        curve = [{"label": str(r.label), "branch": int(r.branch), "piece": int(r.piece), "x": float(r.x),
                  "y": float(r.y)} for r in pieces.itertuples()]
        return buf.getvalue(), curve

    def _table_html(self) -> str:
        sol, outs = self.solution, list(self.model.outcomes)
        head = "".join(f"<th>Pr({html.escape(o)})</th>" for o in outs)
        rows = []
        for i, e in enumerate(sol.equilibria):
            dist = e.outcomes if isinstance(e.outcomes, Mapping) else {}
            cells = "".join(f"<td>{float(dist.get(o, 0.0)):.4f}</td>" for o in outs)
            data = html.escape(json.dumps({o: float(dist.get(o, 0.0)) for o in outs}), quote=True)
            rows.append(f'<tr data-equilibrium="{i}" data-label="{html.escape(str(e.label), quote=True)}" '
                        f'data-escalation="{_f(e.escalation_probability)}" data-outcomes=\'{data}\'>'
                        f"<td>{i}</td><td>{html.escape(str(e.label))}</td>"
                        f"<td>{float(e.escalation_probability):.4f}</td>{cells}</tr>")
        point = html.escape(json.dumps({k: (v.item() if isinstance(v, np.generic) else v)
                                        for k, v in self.values.items()}, default=str), quote=True)
        return (f"<table class=\"dg-explore-table\" data-point='{point}' data-n=\"{len(sol.equilibria)}\">"
                f"<thead><tr><th>#</th><th>label</th><th>Pr(escalation)</th>{head}</tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>")

    # display and export ---------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        name = self.model.id or type(self.model).__name__
        n = len(self.solution.equilibria) if self.solution is not None else 0
        return f"<{name} Explorer: axis {self.axis.value}, {n} equilibria at the current point>"

    def to_html(self, path: Any, *, title: str | None = None) -> None:
        """Write a static HTML page of the explorer in its current state (ipywidgets embedding).

        The page shows the controls, figure and table as they are now; moving a slider there
        does not recompute (a static page has no kernel).
        """
        from ipywidgets.embed import embed_minimal_html

        embed_minimal_html(str(path), views=[self.widget],
                           title=title or f"{self.model.title or self.model.id}: explorer")
