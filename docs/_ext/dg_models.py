"""Sphinx extension ``dg_models``: model tables rendered from the models' own metadata.

Directives (MyST syntax shown; reST works the same way)::

    ```{dg-parameters} crisis_signaling
    ```

renders the model's parameters (name, symbol, meaning, domain, default, whether it
measures information sharing, role) and, if the model has variants, each variant with
what selects it and its provenance label. ::

    ```{dg-models}
    crisis_signaling | transparency about resolve (signal precision q)
    ...
    ```

renders the index of models: id (linked to ``<id>.md`` next to the page), title, the
mechanism of information sharing given in the body, information parameters, provenance
per variant and the papers cited. Every registered model must appear in the body exactly
once and have its page; anything else is an error, so the index cannot drift from
``deterrence_games.model_ids()``.

::

    ```{dg-escalation} crisis_bargaining_signal rho
    :values: 0.5, 0.75, 1
    :set: pi=0.6
    ```

solves the model at each value of one parameter (the others at ``:set:`` or their defaults)
when the docs are built and tabulates every equilibrium's label and escalation probability,
so the numbers on a page are the package's own.

The tables read :meth:`deterrence_games.models.Model.describe`, the same metadata that
``deterrence-games models --json`` prints.
"""

from __future__ import annotations

import ast
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective


def _text(s: str) -> nodes.paragraph:
    return nodes.paragraph("", "", nodes.Text(s))


def _literal(s: str) -> nodes.paragraph:
    return nodes.paragraph("", "", nodes.literal(s, s))


def _table(header: list[str], rows: list[list[nodes.Node]], widths: list[int] | None = None) -> nodes.table:
    """A docutils table with one header row; each cell is a node (a paragraph)."""
    table = nodes.table(classes=["dg-table"])
    group = nodes.tgroup(cols=len(header))
    table += group
    for w in widths or [1] * len(header):
        group += nodes.colspec(colwidth=w)
    head = nodes.thead()
    group += head
    hrow = nodes.row()
    for h in header:
        hrow += nodes.entry("", _text(h))
    head += hrow
    body = nodes.tbody()
    group += body
    for r in rows:
        row = nodes.row()
        for cell in r:
            row += nodes.entry("", cell)
        body += row
    return table


def _model(directive: Directive, model_id: str):
    import deterrence_games as dg

    try:
        return dg.get_model(model_id)
    except Exception as exc:  # unknown id: a build error, not a silent empty table
        raise directive.error(f"dg_models: no registered model {model_id!r} ({exc})") from None


def _default(value) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _symbol(model, name: str, symbol: str) -> str:
    """The paper's symbol in LaTeX (without dollars), as the figures' axis labels write it."""
    if not symbol:
        return ""
    import deterrence_games as dg

    return dg.plot.parameter_label(model, name, meaning=False, wrap=None).strip("$")


def parameter_rows(model) -> list[list[str]]:
    """The parameter table of ``model`` as text: one row per parameter (the symbol in LaTeX)."""
    rows = []
    for p in model.describe()["parameters"]:
        rows.append([p["name"], _symbol(model, p["name"], p["symbol"]), p["meaning"], p["domain_text"],
                     _default(p["default"]), "yes" if p["information"] else "", p["role"] or ""])
    return rows


def _math(latex: str) -> nodes.paragraph:
    return nodes.paragraph("", "", nodes.math(latex, latex)) if latex else _text("")


def variant_rows(model) -> list[list[str]]:
    """The variant table of ``model`` as text (empty if the model has a single label)."""
    rows = []
    for v in model.describe()["variants"]:
        when = ", ".join(f"{k}={_default(x)}" for k, x in v["when"].items())
        sel = "; ".join(s for s in (when, v["condition"]) if s)
        label = v["provenance"] + ("" if v["escalation"] else " (no escalatory outcome)")
        rows.append([v["name"], sel or "—", label])
    return rows


class ParametersDirective(SphinxDirective):
    """``dg-parameters <model_id>``: parameter and variant tables of a registered model."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        model = _model(self, self.arguments[0])
        out: list[nodes.Node] = []
        rows = [[_literal(r[0]), _math(r[1]), _text(r[2]), _literal(r[3]), _literal(r[4]), _text(r[5]), _text(r[6])]
                for r in parameter_rows(model)]
        out.append(_table(["parameter", "symbol", "meaning", "domain", "default", "information", "role"],
                          rows, [10, 6, 34, 14, 8, 8, 8]))
        vrows = variant_rows(model)
        if vrows:
            out.append(_text("Variants and their provenance labels:"))
            out.append(_table(["variant", "selected by", "provenance"],
                              [[_text(a), _literal(b), _text(c)] for a, b, c in vrows], [20, 30, 20]))
        else:
            out.append(_text(f"Provenance (the whole model): {model.provenance}."))
        esc = ", ".join(model.escalatory) or "none"
        out.append(_text(f"Outcomes: {', '.join(model.outcomes)}; escalatory: {esc}."))
        return out


class ModelsDirective(SphinxDirective):
    """``dg-models``: the index table; its body lists ``model_id | mechanism`` lines."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        import deterrence_games as dg

        mechanism: dict[str, str] = {}
        for line in self.content:
            if not line.strip():
                continue
            mid, sep, text = line.partition("|")
            mid = mid.strip()
            if not sep or not text.strip():
                raise self.error(f"dg-models: expected 'model_id | mechanism', got {line!r}")
            if mid in mechanism:
                raise self.error(f"dg-models: model {mid!r} listed twice")
            mechanism[mid] = text.strip()
        registered = list(dg.model_ids())
        missing = [m for m in registered if m not in mechanism]
        unknown = [m for m in mechanism if m not in registered]
        if missing or unknown:
            raise self.error(f"dg-models: the list must name every registered model once "
                             f"(missing {missing}, unknown {unknown})")
        here = Path(self.env.doc2path(self.env.docname)).parent
        rows = []
        for mid in mechanism:  # the body's order
            if not (here / f"{mid}.md").exists():
                raise self.error(f"dg-models: model {mid!r} has no page {mid}.md")
            model = dg.get_model(mid)
            ref = nodes.paragraph()
            link = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget=mid,
                                         refexplicit=True, refdoc=self.env.docname)
            link += nodes.literal(mid, mid)
            ref += link
            papers = ", ".join(r.split(":")[0] for r in model.references)
            info = ", ".join(model.information)
            rows.append([ref, _text(model.title), _text(mechanism[mid]), _literal(info),
                         _text(model.provenance_text()), _text(papers)])
        return [_table(["model", "title", "mechanism of information sharing", "information parameters",
                        "provenance (per variant)", "papers"], rows, [14, 26, 22, 10, 18, 14])]


def _value(text: str):
    """A literal as written in a directive option (numbers, True/False, quoted or bare strings)."""
    text = text.strip()
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def escalation_rows(model, name: str, values, fixed) -> list[list[str]]:
    """Solve ``model`` at each value of parameter ``name``: value, equilibria, escalation range."""
    rows = []
    for v in values:
        sol = model.solve(**{**fixed, name: v})
        eqs = "; ".join(f"{e.label} {e.escalation_probability:.4g}" for e in sol)
        lo, hi = sol.escalation_range
        rng = f"{lo:.4g}" if abs(hi - lo) < 5e-13 else f"{lo:.4g} – {hi:.4g}"
        rows.append([repr(v) if isinstance(v, str) else str(v), eqs, rng])
    return rows


class EscalationDirective(SphinxDirective):
    """``dg-escalation <model_id> <parameter>``: every equilibrium along a few parameter values."""

    required_arguments = 2
    option_spec = {"values": str, "set": str}
    has_content = False

    def run(self) -> list[nodes.Node]:
        model = _model(self, self.arguments[0])
        name = self.arguments[1]
        if name not in model.parameter_names:
            raise self.error(f"dg-escalation: model {model.id!r} has no parameter {name!r}")
        if "values" not in self.options:
            raise self.error("dg-escalation: give the parameter values with :values:")
        values = [_value(t) for t in self.options["values"].split(",")]
        fixed = {}
        for item in filter(None, (t.strip() for t in self.options.get("set", "").split(","))):
            k, sep, v = item.partition("=")
            if not sep:
                raise self.error(f"dg-escalation: :set: expects name=value pairs, got {item!r}")
            fixed[k.strip()] = _value(v)
        try:
            rows = escalation_rows(model, name, values, fixed)
        except Exception as exc:  # a page that no longer solves is a build error
            raise self.error(f"dg-escalation: {model.id} at {name}={values}: {exc}") from None
        par = model.parameter(name)
        sym = _symbol(model, name, par.symbol)
        head = nodes.paragraph("", "", nodes.Text("Equilibria and escalation probability as "),
                               nodes.literal(name, name), nodes.Text(" ("),
                               *([nodes.math(sym, sym), nodes.Text(", ")] if sym else []),
                               nodes.Text(f"{par.meaning}) varies"
                                          + (f", with {', '.join(f'{k}={v!r}' for k, v in fixed.items())}"
                                             if fixed else "") + "; other parameters at their defaults:"))
        table = _table([name, "equilibria (label, escalation)", "escalation range"],
                       [[_literal(a), _text(b), _text(c)] for a, b, c in rows], [10, 60, 16])
        return [head, table]


def setup(app):
    app.add_directive("dg-parameters", ParametersDirective)
    app.add_directive("dg-models", ModelsDirective)
    app.add_directive("dg-escalation", EscalationDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
