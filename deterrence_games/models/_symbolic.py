r"""Symbolic forms of models: closed forms per regime, and comparative statics.

How a model declares its symbolic form (the guide)
--------------------------------------------------
Add one method to the model class, next to its closed form (import sympy inside it, so
that loading the registry stays fast)::

    class MyModel(Model):
        ...
        def symbolic(self) -> SymbolicForm:
            import sympy as sp

            from ..solvers.symbolic import Regime
            from ._symbolic import ESCALATION, SymbolicForm, model_symbols

            s = model_symbols(self)            # sympy Symbols named as the parameters,
            x, y = s["x"], s["y"]              # with assumptions from their domains
            return SymbolicForm.build(self, regimes=[
                Regime("low", (sp.Lt(x, y),), ({ESCALATION: x / y},), ("pure",)),
                Regime("high", (sp.Ge(x, y),), ({ESCALATION: 0},), ("pure",)),
            ], facts=(sp.Lt(y, 1),), sampling={"y": (0, 2)})

* ``regimes``: :class:`~deterrence_games.solvers.symbolic.Regime` objects; each lists the
  conditions (sympy relations that together define it), and one mapping per equilibrium
  with at least ``"escalation_probability"``; further keys named as the model's
  ``outcomes`` or ``quantities`` (in :meth:`Model.evaluate`) are checked too. Ties and
  knife edges that the numeric code breaks in a particular way are their own regimes
  with an equality condition (``sp.Eq``), so the convention is checked.
* ``facts``: cross-parameter conditions of the model's domain (its ``_check_arrays``),
  used to sample valid points and as known signs when proving comparative statics.
* ``sampling``: a box ``(low, high)`` for parameters whose domain is unbounded.
* ``solve_order``: which parameters to solve boundary equalities for, first to last.
* ``implicit``: for a quantity defined by an equation without closed form (a root),
  ``{Symbol: (Eq(...), numeric_solver)}``; the expressions may use the symbol, the
  numeric solver (``f(values) -> array``) supplies its value, and the tests check the
  equation's residual; derivatives use implicit differentiation.
* Discrete (``Choice``) parameters: give a regime ``choices={"variant": "leadership"}``.
* Integer parameters (``IntegerRange``, e.g. a horizon): either fix them per regime the
  same way (``choices={"horizon": 3}``), or make them integer symbols,
  ``model_symbols(self, integers=("T", "horizon"))`` (``integer=True``, plus ``positive``
  or ``nonnegative`` from the domain), so that expressions may contain them (``delta**T``,
  binomials, ...). :meth:`SymbolicForm.build` finds them in the expressions; ``sample``
  draws them as integers in their domain (give a ``sampling`` box for an unbounded
  range); :func:`statics` never differentiates with respect to them.
* ``steps``: for an integer-valued step function of the parameters (e.g. the smallest
  integer T with some inequality, ``ceiling(...)``), ``{Symbol: expr}`` or
  ``{Symbol: (expr, numeric_function)}``; the expressions use the symbol, its value comes
  from ``expr`` (lambdified) or the function, and it is piecewise constant: its
  derivative is taken as 0 (true almost everywhere; the finite-difference test skips
  points where the step changes between x - h and x + h).

(add ``if TYPE_CHECKING: from ._symbolic import SymbolicForm`` at the top for the
annotation). Worked examples: ``inspection`` (from the parametric 2x2 solver),
``crisis_bargaining``, ``crisis_bargaining_signal`` (tie regimes), ``inspection_roc``
(implicit root, ``choices``), ``power_shift``, ``mediation``, ``noisy_security_dilemma``
(integer symbols T and N, step symbol T*) and ``trust_building`` (integer horizon H, step
symbol m*, binomial tails as ``betainc_regularized``).

That is all: :mod:`tests.unit.test_symbolic_models` finds every registered model with a
``symbolic`` method and checks, in every regime, at 200 random points (rejection
sampling in the domain; equalities solved for a parameter), that the expressions equal
:meth:`Model.evaluate` to 1e-9 (a model without a vectorized ``evaluate``, solved point by
point: 50 points in ``make test``, the 200 in ``make test-long``), and that the signs of the derivatives in :func:`statics`
agree with finite differences of the numeric model. The command line gets
``deterrence-games symbolic MODEL`` and ``deterrence-games statics MODEL --wrt PARAM``.

Comparative statics (:func:`statics`)
-------------------------------------
For each regime (boundaries excluded: a derivative along a parameter leaves them) and each
equilibrium, the derivative of the escalation probability with respect to a parameter is
simplified and factored. Its sign is *proved* when every factor has a sign implied by the
parameters' domains (sympy assumptions), by the model's ``facts`` or by the regime's own
conditions (a factor that is a positive or negative multiple of ``lhs - rhs`` of one of
them, directly or after writing a strict fact ``u > v`` as ``u = v + t``, ``t > 0``).
Otherwise it is evaluated at random points of the regime and reported as *numerically
verified on N points* with the minimum and maximum found, or as *mixed* when both signs
occur; never claimed without one or the other.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
import sympy as sp
from numpy.typing import NDArray

from .._validation import Choice, IntegerRange, Interval, ParameterError, as_rng
from ..results import Result
from ..solvers.symbolic import (
    PiecewiseResult,
    Regime,
    condition_mask,
    lambdify_vectorized,
)
from ._base import Model

__all__ = [
    "ESCALATION",
    "SymbolicForm",
    "StaticsResult",
    "has_symbolic",
    "model_symbols",
    "statics",
    "statics_table",
    "symbolic_form",
    "write_statics_csv",
]

ESCALATION = "escalation_probability"

_GREEK = {"α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\varepsilon",
          "θ": r"\theta", "λ": r"\lambda", "μ": r"\mu", "π": r"\pi", "ρ": r"\rho", "σ": r"\sigma",
          "τ": r"\tau", "φ": r"\varphi", "ω": r"\omega"}


_GREEK_WORDS = ("alpha", "beta", "gamma", "delta", "epsilon", "theta", "lambda", "mu", "pi", "rho", "sigma",
                "tau", "phi", "omega")


def _latex_symbol(text: str) -> str:
    """The paper's symbol in LaTeX: Greek letters (Unicode or spelled out), subscripts braced."""
    out = "".join(_GREEK.get(ch, ch) for ch in text)
    head = out.split("_", 1)[0]
    if head in _GREEK_WORDS:
        out = "\\" + out
    if "_" in out:
        head, tail = out.split("_", 1)
        return f"{head}_{{{tail}}}"
    return out


def model_symbols(model: Model, integers: Sequence[str] = ()) -> dict[str, sp.Symbol]:
    """A sympy Symbol per continuous parameter, named as the parameter.

    Discrete parameters (``Choice``, ``IntegerRange``) get none: a regime fixes them;
    except the integer parameters named in ``integers``, which get an integer Symbol
    (``integer=True``, and ``positive`` if the domain starts at 1 or above,
    ``nonnegative`` if at 0).

    Assumptions come from the domain: ``low > 0`` (or ``low = 0`` open) gives
    ``positive``, ``low = 0`` closed gives ``nonnegative``, otherwise ``real``.

    Parameters
    ----------
    model : Model
        The model whose parameters get symbols.
    integers : sequence of str, default ()
        Integer parameters that get an integer symbol.

    Returns
    -------
    dict of str to sympy.Symbol
        By parameter name.
    """
    for name in integers:
        if not isinstance(model.parameter(name).domain, IntegerRange):
            raise TypeError(f"{model.id}: parameter {name!r} is not an integer parameter (IntegerRange)")
    out = {}
    for p in model.parameters:
        d = p.domain
        if isinstance(d, IntegerRange) and p.name in integers:
            kw = {"integer": True}
            if d.low >= 1:
                kw["positive"] = True
            elif d.low >= 0:
                kw["nonnegative"] = True
            out[p.name] = sp.Symbol(p.name, **kw)
            continue
        if isinstance(d, (Choice, IntegerRange)):
            continue  # discrete: fixed per regime (``choices``), never differentiated
        kw: dict[str, bool] = {"real": True}
        if isinstance(d, Interval):
            if d.low > 0 or (d.low == 0 and not d.low_closed):
                kw = {"positive": True}
            elif d.low == 0:
                kw = {"nonnegative": True}
        out[p.name] = sp.Symbol(p.name, **kw)
    return out


@dataclass(frozen=True, eq=False)
class SymbolicForm(Result):
    """A model's closed form per regime, with what is needed to check and sample it.

    Build with :meth:`build`. ``piecewise`` holds the regimes; the escalation probability
    of each equilibrium is the expression ``"escalation_probability"``.

    Attributes
    ----------
    model : str
        The model's id.
    piecewise : PiecewiseResult
        The regimes: conditions and expressions per equilibrium.
    facts : tuple of sympy expressions
        Relations known to hold on the whole domain (used by :func:`prove_sign`).
    sampling : mapping of str to (float, float)
        Ranges for the numerical checks of unbounded parameters.
    solve_order : tuple of str
        Order in which implicitly defined symbols are computed.
    implicit_solvers : mapping
        Numerical solvers of symbols defined by equations (e.g. a cut-off).
    information : tuple of str
        The model's information parameters.
    integers : tuple of str
        Integer parameters that are symbols.
    steps : tuple of sympy.Symbol
        Step symbols (piecewise constant; derivative 0).
    """

    model: str
    piecewise: PiecewiseResult
    facts: tuple[sp.Basic, ...] = ()
    sampling: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    solve_order: tuple[str, ...] = ()
    implicit_solvers: Mapping[sp.Symbol, Callable[[Mapping[str, Any]], NDArray]] = field(default_factory=dict)
    information: tuple[str, ...] = ()
    integers: tuple[str, ...] = ()
    """Integer parameters that are symbols (sampled as integers, never differentiated)."""
    steps: tuple[sp.Symbol, ...] = ()
    """Step symbols: integer-valued, piecewise constant functions of the parameters (derivative 0)."""

    @classmethod
    def build(cls, model: Model, regimes: Sequence[Regime], *, facts: Sequence[sp.Basic] = (),
              sampling: Mapping[str, tuple[float, float]] | None = None, solve_order: Sequence[str] = (),
              implicit: Mapping[sp.Symbol, tuple[sp.Basic, Callable]] | None = None,
              steps: Mapping[sp.Symbol, Any] | None = None,
              title: str = "") -> SymbolicForm:
        """The symbolic form of ``model`` from its regimes (what a model's ``symbolic()`` returns).

        Parameters
        ----------
        model : Model
            The model; its parameters give the symbols (:func:`model_symbols`).
        regimes : sequence of Regime
            Conditions and expressions per equilibrium (including
            ``"escalation_probability"``).
        facts : sequence of sympy relations, default ()
            Relations that hold on the whole domain.
        sampling : mapping of str to (float, float), optional
            Ranges for sampling unbounded parameters.
        solve_order : sequence of str, default ()
            Order of the implicitly defined symbols.
        implicit : mapping of sympy.Symbol to (expression, solver), optional
            Symbols defined by equations, with a numerical solver each.
        steps : mapping of sympy.Symbol to object, optional
            Integer-valued step symbols (piecewise constant).
        title : str, default ""
            Title of the piecewise result.

        Returns
        -------
        SymbolicForm
        """
        steps = {s: (v if isinstance(v, tuple) else (v, None)) for s, v in (steps or {}).items()}
        integers = _integer_symbols(model, regimes, facts, implicit, steps)
        syms = model_symbols(model, integers)
        names = {s: _latex_symbol(p.symbol or p.name) for p in model.parameters
                 if (s := syms.get(p.name)) is not None}
        # step symbols first: an implicit root may depend on them (``complete`` runs in this order)
        implicit = {s: (sp.Eq(s, expr, evaluate=False), f or _step_function(tuple(syms.values()), expr))
                    for s, (expr, f) in steps.items()} | dict(implicit or {})
        for s in implicit:
            base = s.name.removesuffix("_star")
            names.setdefault(s, _latex_symbol(base) + ("^*" if base != s.name else ""))
        for r in regimes:
            for e in r.equilibria:
                if ESCALATION not in e:
                    raise TypeError(f"regime {r.name!r} of {model.id}: every equilibrium needs {ESCALATION!r}")
        pw = PiecewiseResult(tuple(syms.values()), tuple(regimes), title=title or model.title,
                             implicit={s: eq for s, (eq, _) in implicit.items()}, latex_names=names,
                             method="closed form declared by the model")
        return cls(model.id, pw, tuple(facts), MappingProxyType(dict(sampling or {})), tuple(solve_order),
                   MappingProxyType({s: f for s, (_, f) in implicit.items()}), model.information,
                   tuple(integers), tuple(steps))

    # delegation ---------------------------------------------------------------------
    @property
    def regimes(self) -> tuple[Regime, ...]:
        return self.piecewise.regimes

    @property
    def symbols(self) -> dict[str, sp.Symbol]:
        return {s.name: s for s in self.piecewise.all_symbols}

    def to_latex(self, key: str = ESCALATION) -> str:
        """The closed form per regime as LaTeX.

        Parameters
        ----------
        key : str, default "escalation_probability"
            The expression shown.

        Returns
        -------
        str
        """
        return self.piecewise.to_latex(key, lhs=r"\Pr(\text{escalation})" if key == ESCALATION else None)

    def _repr_latex_(self) -> str:
        return "$$" + self.to_latex() + "$$"

    def to_dict(self) -> dict:
        """JSON-ready dictionary of the regimes (expressions as text)."""
        d = self.piecewise.to_dict()
        d.update({"model": self.model, "escalation_key": ESCALATION,
                  "facts": [sp.sstr(f) for f in self.facts], "information": list(self.information),
                  "integers": list(self.integers), "steps": [s.name for s in self.steps]})
        return d

    def to_frame(self) -> pd.DataFrame:
        """The regimes as a table (:meth:`PiecewiseResult.to_frame`)."""
        return self.piecewise.to_frame()

    def __repr__(self) -> str:
        return f"<SymbolicForm {self.model!r}: {len(self.regimes)} regimes>"

    def __str__(self) -> str:
        return f"{self.model}: " + str(self.piecewise)

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(str(self))}</pre>"

    # numerics -----------------------------------------------------------------------
    def complete(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` plus the implicitly defined symbols (numeric roots).

        Parameters
        ----------
        values : mapping of str to scalar or array_like
            Parameter values by name (broadcast against each other).

        Returns
        -------
        dict of str to object
        """
        out = dict(values)
        for s, f in self.implicit_solvers.items():
            out[s.name] = f(out)
        return out

    def evaluate(self, regime: int | str | Regime, key: str, values: Mapping[str, Any]) -> NDArray:
        """Expression ``key`` of every equilibrium of ``regime`` at points: shape (n, n_eq).

        Parameters
        ----------
        regime : int, str or Regime
            The regime.
        key : str
            The expression's name.
        values : mapping of str to scalar or array_like
            Parameter values by name (broadcast against each other).

        Returns
        -------
        numpy.ndarray
        """
        return self.piecewise.evaluate(regime, key, self.complete(values))

    def facts_mask(self, values: Mapping[str, Any]) -> NDArray[np.bool_]:
        """Where every one of :attr:`facts` holds.

        Parameters
        ----------
        values : mapping of str to scalar or array_like
            Parameter values by name (broadcast against each other).

        Returns
        -------
        numpy.ndarray of bool
        """
        m = np.asarray(True)
        for f in self.facts:
            m = m & condition_mask(f, self.piecewise.symbols, values)
        return m

    def sample(self, regime: int | str | Regime, n: int = 200, rng: Any = 0,
               max_draws: int = 2_000_000) -> dict[str, Any]:
        """``n`` random points inside ``regime`` (rejection sampling; equalities solved).

        Returns parameter arrays (name -> array of length ``n``, choices as scalars).
        Raises ``RuntimeError`` if fewer than ``n`` points are found in ``max_draws`` draws.

        Parameters
        ----------
        regime : int, str or Regime
            The regime.
        n : int, default 200
            Number of points.
        rng : int or numpy.random.Generator, default 0
            Seed or generator.
        max_draws : int, default 2000000
            Most candidate points drawn.

        Returns
        -------
        dict of str to object
        """
        r = regime if isinstance(regime, Regime) else self.piecewise[regime]
        rng = as_rng(rng)
        model = _model(self.model)
        solved = _boundary_solution(self, r)
        got: dict[str, list] = {}
        count, drawn, batch = 0, 0, 4096
        while count < n and drawn < max_draws:
            vals = {}
            for p in model.parameters:
                if isinstance(p.domain, Choice) or p.name in r.choices:
                    continue  # discrete, or fixed by the regime (e.g. an integer horizon)
                lo, hi = self._box(p)
                if isinstance(p.domain, IntegerRange):  # an integer symbol, or unused by the regime
                    vals[p.name] = rng.integers(int(lo), int(hi) + 1, batch).astype(float)
                else:
                    vals[p.name] = rng.uniform(lo, hi, batch)
            vals.update({k: np.full(batch, float(v)) for k, v in r.choices.items()
                         if isinstance(v, (int, float)) and not isinstance(v, bool)})
            ok = np.ones(batch, bool)
            for name, f in solved:
                if isinstance(f, list):  # several roots: pick one at random per point
                    cols = np.stack([np.broadcast_to(np.asarray(g(vals), float), (batch,)) for g in f])
                    vals[name] = cols[rng.integers(0, len(f), batch), np.arange(batch)]
                else:
                    vals[name] = np.broadcast_to(np.asarray(f(vals), float), (batch,)).copy()
                ok &= np.isfinite(vals[name])
            for p in model.parameters:
                if not isinstance(p.domain, Choice) and p.name not in r.choices:
                    ok &= p.domain.contains(vals[p.name])
            ok &= self.facts_mask(vals)
            full = self.complete({k: np.where(ok, v, np.nan) for k, v in vals.items()})
            for c in r.conditions:
                if isinstance(c, sp.Equality):
                    continue  # holds by construction (solved), up to rounding
                ok &= condition_mask(c, self.piecewise.all_symbols, full)
            for k, v in vals.items():
                got.setdefault(k, []).append(v[ok])
            count += int(ok.sum())
            drawn += batch
            batch = min(batch * 2, 65536)
        if count < n:
            raise RuntimeError(f"{self.model}: found {count} < {n} points in regime {r.name!r} "
                               f"after {drawn} draws")
        out: dict[str, Any] = {k: np.concatenate(v)[:n] for k, v in got.items()}
        out.update(r.choices)
        return out

    def _box(self, p: Any) -> tuple[float, float]:
        if p.name in self.sampling:
            return self.sampling[p.name]
        d = p.domain
        if isinstance(d, IntegerRange):
            return float(d.low), float(d.high if d.high is not None else d.low + 10)
        lo = d.low if math.isfinite(d.low) else -10.0
        hi = d.high if math.isfinite(d.high) else lo + 10.0
        return float(lo), float(hi)

    def numeric_escalation(self, values: Mapping[str, Any], keys: Sequence[str] = (ESCALATION,)) -> tuple:
        """The model's own solution at ``values``: (valid mask, {key: (n, k) array}).

        Uses :meth:`Model.evaluate` (vectorized); a model without a vectorized closed form is
        solved point by point with :meth:`Model.solve`.

        Parameters
        ----------
        values : mapping of str to scalar or array_like
            Parameter values by name (broadcast against each other).
        keys : sequence of str, default ("escalation_probability",)
            Quantities returned.

        Returns
        -------
        (numpy.ndarray, dict of str to numpy.ndarray)
            Valid-slot mask and one ``(n, k)`` array per key.
        """
        model = _model(self.model)
        if not model.vectorized:
            return _numeric_by_solve(model, values, keys)
        sol = model.evaluate(**values)
        out = {}
        for k in keys:
            if k == ESCALATION:
                out[k] = sum(np.asarray(sol.outcomes[o], float) for o in model.escalatory)
            elif k in sol.outcomes:
                out[k] = np.asarray(sol.outcomes[k], float)
            elif k in sol.quantities:
                out[k] = np.asarray(sol.quantities[k], float)
        return np.asarray(sol.valid, bool), out


def _numeric_by_solve(model: Model, values: Mapping[str, Any], keys: Sequence[str]) -> tuple:
    """:meth:`SymbolicForm.numeric_escalation` for a model without a vectorized closed form:
    ``model.solve`` point by point (slow; fine for the few hundred points of the tests)."""
    arrays = {k: v for k, v in values.items() if np.ndim(v)}
    n = len(next(iter(arrays.values()))) if arrays else 1
    sols = []
    for i in range(n):
        point = {k: (v[i].item() if np.ndim(v) else v) for k, v in values.items()}
        sols.append(model.solve(**point).equilibria)
    width = max(len(e) for e in sols)
    valid = np.zeros((n, width), bool)
    out = {k: np.full((n, width), np.nan) for k in keys}
    for i, eqs in enumerate(sols):
        for j, e in enumerate(eqs):
            valid[i, j] = True
            for k in keys:
                if k == ESCALATION:
                    out[k][i, j] = e.escalation_probability
                elif k in e.outcomes:
                    out[k][i, j] = e.outcomes[k]
                elif k in e.quantities:
                    out[k][i, j] = e.quantities[k]
    present = {k for eqs in sols for e in eqs for k in (ESCALATION, *e.outcomes, *e.quantities)}
    return valid, {k: v for k, v in out.items() if k in present}


@functools.cache
def _model(model_id: str) -> Model:
    from ._registry import get_model

    return get_model(model_id)


def _boundary_solution(form: SymbolicForm, regime: Regime) -> list:
    """For the equalities of ``regime``: [(parameter name, f(values) or [f, ...]), ...] in order."""
    return _boundary_cached(form.model, regime.name, id(regime), form, regime)


_BOUNDARY_CACHE: dict[tuple, list] = {}


def _boundary_cached(model_id: str, name: str, rid: int, form: SymbolicForm, regime: Regime) -> list:
    key = (model_id, name, rid)
    if key in _BOUNDARY_CACHE:
        return _BOUNDARY_CACHE[key]
    eqs = [c.lhs - c.rhs for c in regime.conditions if isinstance(c, sp.Equality)]
    syms = tuple(s for s in form.piecewise.symbols if s.name not in form.integers)  # never solve for an integer
    order = [s for n in form.solve_order for s in syms if s.name == n] + \
        [s for s in syms if s.name not in form.solve_order]
    chosen: list[tuple[sp.Symbol, list[sp.Expr]]] = []
    subs: dict[sp.Symbol, sp.Expr] = {}
    for e in eqs:
        e = sp.simplify(e.subs(subs))
        if e == 0:
            continue
        for s in order:
            if s not in e.free_symbols or s in subs:
                continue
            try:
                sols = [v for v in sp.solve(e, s) if v.is_real is not False and v != s]
            except NotImplementedError:
                continue
            sols = [v for v in sols if s not in v.free_symbols]
            if sols:
                chosen.append((s, sols))
                subs = {k: v.subs(s, sols[0]) for k, v in subs.items()}
                subs[s] = sols[0]
                break
        else:
            raise RuntimeError(f"{model_id}: cannot solve the boundary {e} = 0 of regime {name!r}")
    # express each solved symbol through the free ones: later solutions may use earlier symbols
    out = []
    for i, (s, sols) in enumerate(chosen):
        later = {t: v[0] for t, v in chosen[i + 1:]}
        fs = [lambdify_vectorized(syms, [v.subs(later)]) for v in sols]
        fns = [(lambda vals, _f=f: _f(vals)[0]) for f in fs]
        out.append((s.name, fns[0] if len(fns) == 1 else fns))
    # evaluate the later-solved symbols first
    out.reverse()
    _BOUNDARY_CACHE[key] = out
    return out


def _integer_symbols(model: Model, regimes: Sequence[Regime], facts: Sequence[sp.Basic],
                     implicit: Mapping | None, steps: Mapping) -> tuple[str, ...]:
    """Integer parameters that appear as symbols in a form (in parameter order)."""
    free: set[sp.Symbol] = set()
    for r in regimes:
        for c in r.conditions:
            free |= c.free_symbols
        for e in r.equilibria:
            for v in e.values():
                free |= sp.sympify(v).free_symbols
    for f in facts:
        free |= f.free_symbols
    for eq, _ in (implicit or {}).values():
        free |= eq.free_symbols
    for expr, _ in steps.values():
        free |= sp.sympify(expr).free_symbols
    names = {s.name for s in free}
    out = tuple(p.name for p in model.parameters if isinstance(p.domain, IntegerRange) and p.name in names)
    want = model_symbols(model, out)
    for s in free:
        if s.name in want and s != want[s.name]:
            raise TypeError(f"{model.id}: symbol {s.name!r} has assumptions {s.assumptions0}; "
                            f"use model_symbols(model, integers=...) to create it")
    return out


def _step_function(symbols: tuple[sp.Symbol, ...], expr: sp.Basic) -> Callable[[Mapping[str, Any]], NDArray]:
    """Numeric values of a step symbol's defining expression (lambdified over the parameters)."""
    f = lambdify_vectorized(symbols, [expr])
    return lambda values: np.asarray(f(values)[0], float)


def has_symbolic(model: Model) -> bool:
    """True if the model declares a symbolic form (a ``symbolic`` method).

    Parameters
    ----------
    model : Model
        Any model.

    Returns
    -------
    bool
    """
    return callable(getattr(model, "symbolic", None))


_FORMS: dict[str, SymbolicForm] = {}


def symbolic_form(model: Model | str) -> SymbolicForm:
    """The model's symbolic form (built once and cached).

    Parameters
    ----------
    model : Model or str
        A model, or a registered id, that declares a symbolic form.

    Returns
    -------
    SymbolicForm

    Raises
    ------
    ParameterError
        The model declares no symbolic form (see :func:`has_symbolic`).
    """
    from ._registry import get_model

    m = get_model(model)
    if not has_symbolic(m):
        raise ParameterError("model", m.id, "a model that declares a symbolic form",
                             "this model has no closed form declared (no `symbolic()` method)")
    if m.id not in _FORMS:
        form = m.symbolic()
        if not isinstance(form, SymbolicForm):
            raise TypeError(f"{type(m).__name__}.symbolic() must return a SymbolicForm")
        _FORMS[m.id] = form
    return _FORMS[m.id]


# ---------------------------------------------------------------------------------------
# Comparative statics
# ---------------------------------------------------------------------------------------

_SIMPLIFY_OPS = 400
"""Derivatives with more operations than this are only ``cancel``-ed, not ``simplify``-ed (speed)."""

_SIGNS = ("positive", "negative", "nonnegative", "nonpositive", "zero")


def _relation_sign(c: sp.Basic) -> tuple[sp.Expr, str] | None:
    """A relation as (g, sign of g): ``u > v`` -> (u - v, 'positive'), etc."""
    g = c.lhs - c.rhs
    if isinstance(c, sp.StrictGreaterThan):
        return g, "positive"
    if isinstance(c, sp.StrictLessThan):
        return g, "negative"
    if isinstance(c, sp.GreaterThan):
        return g, "nonnegative"
    if isinstance(c, sp.LessThan):
        return g, "nonpositive"
    if isinstance(c, sp.Equality):
        return g, "zero"
    return None


def _flip(s: str) -> str:
    return {"positive": "negative", "negative": "positive", "nonnegative": "nonpositive",
            "nonpositive": "nonnegative", "zero": "zero"}[s]


def _mul_signs(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return None
    if "zero" in (a, b):
        return "zero"
    neg = (a in ("negative", "nonpositive")) != (b in ("negative", "nonpositive"))
    strict = a in ("positive", "negative") and b in ("positive", "negative")
    return ("negative" if neg else "positive") if strict else ("nonpositive" if neg else "nonnegative")


def _assumed_sign(e: sp.Expr) -> str | None:
    if e.is_zero:
        return "zero"
    if e.is_positive:
        return "positive"
    if e.is_negative:
        return "negative"
    if e.is_nonnegative:
        return "nonnegative"
    if e.is_nonpositive:
        return "nonpositive"
    return None


def _substitutions(known: Sequence[tuple[sp.Expr, str]]) -> list[dict]:
    """For each strict/weak fact g > 0 (>= 0) linear in a symbol: {symbol: solution of g = t}."""
    out = []
    for g, s in known:
        if s in ("positive", "negative", "nonnegative", "nonpositive"):
            sub = _substitution(g, s)
            if sub is not None:
                out.append(dict(sub))
    return out


@functools.lru_cache(maxsize=4096)
def _substitution(g: sp.Expr, s: str) -> tuple | None:
    """:func:`_substitutions` for one fact, cached (regimes of a model share most of their facts)."""
    t = sp.Dummy("t", positive=True) if s in ("positive", "negative") else sp.Dummy("t", nonnegative=True)
    target = t if s in ("positive", "nonnegative") else -t
    for x in sorted(g.free_symbols, key=lambda v: v.name):
        if sp.degree(g, x) == 1 if g.is_polynomial(x) else False:
            sol = sp.solve(sp.Eq(g, target), x)
            if len(sol) == 1:
                return ((x, sol[0]),)
    return None


@functools.lru_cache(maxsize=16384)
def _cancel_ratio(f: sp.Expr, g: sp.Expr) -> sp.Expr:
    return sp.cancel(f / g)


@functools.lru_cache(maxsize=16384)
def _sign_after_all(f: sp.Expr, subs: tuple) -> str | None:
    """Assumed sign of ``f`` after all substitutions in turn, cached; None if that blows up."""
    e = f
    for sub in subs:
        e = e.subs(dict(sub))
    if sp.count_ops(e) > _SIMPLIFY_OPS:  # many regime conditions: expanding would blow up
        return None
    e = sp.expand(e)
    s = _assumed_sign(e)
    if s is not None or sp.count_ops(e) > 4 * _SIMPLIFY_OPS:
        # factoring a polynomial of thousands of terms costs seconds and, over the shipped
        # models' statics, never gave a sign that the cheaper steps had not (0 of ~100 calls)
        return s
    return _assumed_sign(sp.factor(e))


@functools.lru_cache(maxsize=16384)
def _sign_after(f: sp.Expr, sub: tuple) -> str | None:
    """Assumed sign of ``f`` after the substitution ``sub`` (items), cached."""
    return _assumed_sign(sp.factor(sp.expand(f.subs(dict(sub)))))


def _factor_sign(f: sp.Expr, known: Sequence[tuple[sp.Expr, str]], subs: Sequence[dict]) -> tuple[str | None, str]:
    """Sign of a factor and the reason, or (None, '')."""
    s = _assumed_sign(f)
    if s is not None:
        return s, "domain"
    if isinstance(f, sp.Pow) and f.exp.is_integer and f.exp.is_even:
        base, _ = _factor_sign(f.base, known, subs)
        if base in ("positive", "negative"):
            return "positive", "even power of a signed factor"
        return "nonnegative", "even power"
    if isinstance(f, sp.Pow) and f.exp.is_integer and f.exp.is_odd:
        return _factor_sign(f.base, known, subs)
    if isinstance(f, sp.Pow):
        base, why = _factor_sign(f.base, known, subs)
        if base == "positive":
            return "positive", why
    for g, s in known:
        if g == 0:
            continue
        ratio = _cancel_ratio(f, g)
        if ratio.is_number and ratio != 0:
            return (s if ratio > 0 else _flip(s)), f"multiple of {sp.sstr(g)}"
    for sub in subs:
        s = _sign_after(f, tuple(sub.items()))
        if s is not None:
            return s, "after substituting a known inequality"
    # all subs together (sequentially) as a last resort
    s = _sign_after_all(f, tuple(tuple(sub.items()) for sub in subs))
    if s is not None:
        return s, "after substituting the known inequalities"
    return None, ""


def prove_sign(expr: sp.Expr, known: Sequence[sp.Basic] = ()) -> tuple[str | None, str]:
    """Sign of ``expr`` implied by assumptions and the relations ``known`` (all true), or None.

    Returns (sign, explanation). Sign is one of 'positive', 'negative', 'nonnegative',
    'nonpositive', 'zero', or None if not proved.

    Parameters
    ----------
    expr : sympy.Expr
        The expression (e.g. a derivative of the escalation probability).
    known : sequence of sympy relations, default ()
        Relations that hold (a regime's conditions, the model's facts).

    Returns
    -------
    (str or None, str)
        The sign proved, and how.

    Examples
    --------
    >>> import sympy as sp
    >>> from deterrence_games.symbolic import prove_sign
    >>> x = sp.Symbol("x", positive=True)
    >>> prove_sign(x**2 + 1)[0]
    'positive'
    """
    if expr == 0:
        return "zero", "identically zero"
    facts = [x for c in known if (x := _relation_sign(c)) is not None and x[1] != "zero"]
    subs = _substitutions(facts)
    num, den = sp.fraction(sp.factor(sp.together(expr)))
    sign: str | None = "positive"
    reasons = []
    for part, is_den in ((num, False), (den, True)):
        coeff, factors = sp.factor_list(part) if part.is_polynomial() else (sp.Integer(1), [(part, 1)])
        if coeff < 0:
            sign = _mul_signs(sign, "negative")
            reasons.append(f"constant factor {sp.sstr(coeff)}")
        for base, mult in factors:
            f = base**mult
            s, why = _factor_sign(f, facts, subs)
            if s is None:
                return None, f"sign of factor {sp.sstr(f)} not determined"
            if is_den and s in ("nonnegative", "nonpositive", "zero"):
                s = "positive" if s == "nonnegative" else "negative"  # a denominator is nonzero
            sign = _mul_signs(sign, s)
            reasons.append(f"{sp.sstr(f)}: {s} ({why})")
    return sign, "; ".join(reasons) or "a nonzero constant"


@dataclass(frozen=True, eq=False)
class StaticsResult(Result):
    """Signs of the derivative of the escalation probability per regime.

    ``rows``: one dict per (regime, equilibrium) with ``regime``, ``equilibrium``,
    ``derivative`` (sympy expression), ``sign``, ``method`` ("proved" / "numerical"),
    ``evidence`` (text), ``n_points``, ``min``, ``max`` (derivative on the sample).
    Returned by :func:`statics`; ``to_frame()`` gives the table.

    Attributes
    ----------
    model : str
        The model's id.
    wrt : str
        The parameter differentiated against.
    rows : tuple of mapping
        One row per (regime, equilibrium), as above.
    form : SymbolicForm
        The closed form the signs come from.
    """

    model: str
    wrt: str
    rows: tuple[Mapping[str, Any], ...]
    form: SymbolicForm

    def to_frame(self) -> pd.DataFrame:
        """One row per (regime, equilibrium): sign, method, derivative, evidence."""
        cols = ["model", "wrt", "regime", "equilibrium", "sign", "method", "derivative", "evidence",
                "n_points", "min", "max"]
        return pd.DataFrame([{**{k: r[k] for k in cols if k in r}, "model": self.model, "wrt": self.wrt,
                              "derivative": sp.sstr(r["derivative"])} for r in self.rows], columns=cols)

    def to_dict(self) -> dict:
        """JSON-ready dictionary of the rows (expressions as text)."""
        return {"model": self.model, "wrt": self.wrt,
                "rows": [{**{k: v for k, v in r.items() if k != "derivative"},
                          "derivative": sp.sstr(r["derivative"])} for r in self.rows]}

    def to_latex(self) -> str:
        """The signs per regime as a LaTeX tabular."""
        lines = [r"\begin{tabular}{lll}", r"regime & $\partial \Pr(\text{escalation}) / \partial "
                 + self.form.piecewise.latex_names.get(self.form.symbols[self.wrt], self.wrt) + "$ & sign \\\\"]
        for r in self.rows:
            d = sp.latex(r["derivative"], symbol_names=dict(self.form.piecewise.latex_names))
            name = r["regime"].replace("_", r"\_")
            lines.append(f"{name} & ${d}$ & {r['sign']} ({r['method']}) \\\\")
        lines.append(r"\end{tabular}")
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        """MathJax-friendly (an ``array`` in display math; :meth:`to_latex` gives a ``tabular``)."""
        names = dict(self.form.piecewise.latex_names)
        wrt = names.get(self.form.symbols[self.wrt], self.wrt)
        lines = [r"$$\begin{array}{lll}",
                 rf"\text{{regime}} & \partial \Pr(\text{{escalation}}) / \partial {wrt} & \text{{sign}} \\"]
        for r in self.rows:
            d = sp.latex(r["derivative"], symbol_names=names)
            name = r["regime"].replace("_", r"\_")
            lines.append(rf"\text{{{name}}} & {d} & \text{{{r['sign']} ({r['method']})}} \\")
        lines.append(r"\end{array}$$")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<StaticsResult {self.model!r} d/d{self.wrt}: {len(self.rows)} rows>"

    def __str__(self) -> str:
        lines = [repr(self)]
        for r in self.rows:
            lines.append(f"  {r['regime']} [{r['equilibrium']}]: {r['sign']} ({r['method']}: {r['evidence']})"
                         f"   d/d{self.wrt} = {sp.sstr(r['derivative'])}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(str(self))}</pre>"


def derivative(form: SymbolicForm, expr: sp.Expr, wrt: sp.Symbol) -> sp.Expr:
    """Total derivative of ``expr`` w.r.t. ``wrt``, implicit symbols differentiated implicitly."""
    d = sp.diff(expr, wrt)
    for s, eq in form.piecewise.implicit.items():
        if s in form.steps:
            continue  # piecewise constant: derivative 0 almost everywhere
        G = eq.lhs - eq.rhs
        ds = -sp.diff(G, wrt) / sp.diff(G, s)
        d = d + sp.diff(expr, s) * ds
    return d


def statics(model: Model | str, wrt: str, *, n_points: int = 200, rng: Any = 0,
            key: str = ESCALATION) -> StaticsResult:
    """Sign of d(escalation probability)/d(``wrt``) in every non-boundary regime.

    Parameters
    ----------
    model : Model or str
        A model that declares a symbolic form.
    wrt : str
        A parameter name (typically an information parameter).
    n_points : int, default 200
        Points per regime for the numerical evidence (also computed when proved).
    rng : seed or Generator
    key : str
        Expression to differentiate (default the escalation probability).
    """
    form = symbolic_form(model)
    m = _model(form.model)
    wrt = next(iter(m.canonical_names({wrt: None})))  # a former name: DeprecationWarning
    m.parameter(wrt)  # raises ParameterError for an unknown name
    if wrt in form.integers:
        raise ParameterError("wrt", wrt, "a continuous parameter",
                             f"{wrt!r} is an integer parameter: no derivative is taken with respect to it")
    if wrt not in form.symbols:
        raise ParameterError("wrt", wrt, "a numeric parameter", "cannot differentiate a discrete parameter")
    x = form.symbols[wrt]
    rng = as_rng(rng)
    rows = []
    simplified: dict[sp.Expr, tuple[sp.Expr, bool]] = {}  # regimes often share an equilibrium's expression
    for r in form.regimes:
        if r.degenerate:
            continue
        pts = form.sample(r, n_points, rng)
        for j, e in enumerate(r.equilibria):
            if e[key] not in simplified:
                d = derivative(form, e[key], x)
                implicit = bool(d.free_symbols & (set(form.piecewise.implicit) - set(form.steps)))
                if not implicit:
                    d = sp.simplify(d) if sp.count_ops(d) <= _SIMPLIFY_OPS else sp.cancel(d)
                simplified[e[key]] = (d, implicit)
            d, implicit = simplified[e[key]]
            if implicit:  # transcendental: no simplification, no proof attempted
                sign, why = None, "involves an implicitly defined root (sign not proved symbolically)"
            else:
                sign, why = prove_sign(d, tuple(form.facts) + tuple(r.conditions))
            (vals,) = lambdify_vectorized(form.piecewise.all_symbols, [d])(form.complete(pts))
            vals = np.broadcast_to(np.asarray(vals, float), (n_points,))
            lo, hi = float(np.min(vals)), float(np.max(vals))
            if sign is not None:
                method, evidence = "proved", why
            else:
                method = "numerical"
                tiny = 1e-12
                if np.all(np.abs(vals) <= tiny):
                    sign = "zero"
                elif np.all(vals > tiny):
                    sign = "positive"
                elif np.all(vals < -tiny):
                    sign = "negative"
                elif np.all(vals >= -tiny):
                    sign = "nonnegative"
                elif np.all(vals <= tiny):
                    sign = "nonpositive"
                else:
                    sign = "mixed"
                evidence = (f"numerically verified on {n_points} points (min {lo:.3g}, max {hi:.3g})"
                            if sign != "mixed" else
                            f"both signs on {n_points} points (min {lo:.3g}, max {hi:.3g}); {why}")
            jumps = [st.name for st in form.steps if st in e[key].free_symbols
                     and x in form.piecewise.implicit[st].rhs.free_symbols]
            if jumps:  # honest about what a derivative between the jumps of a step symbol says
                evidence += (f"; between the jumps of {', '.join(jumps)} (integer steps in {wrt}, "
                             f"held fixed: the jumps themselves are not in this derivative)")
            rows.append({"regime": r.name, "equilibrium": j, "derivative": d, "sign": sign, "method": method,
                         "evidence": evidence, "n_points": n_points, "min": lo, "max": hi})
    return StaticsResult(form.model, wrt, tuple(rows), form)


def statics_table(models: Sequence[Model | str] | None = None, *, n_points: int = 200,
                  rng: Any = 0) -> pd.DataFrame:
    """Signs per model, information parameter and regime (for the transparency atlas).

    ``models=None`` takes every registered model that declares a symbolic form.

    Parameters
    ----------
    models : sequence of Model or str, optional
        The models (those without a symbolic form are skipped).
    n_points : int, default 200
        Random points per regime for the numerical sign checks (see :func:`statics`).
    rng : int or numpy.random.Generator, default 0
        Seed of those points.

    Returns
    -------
    pandas.DataFrame
        One row per (model, information parameter, regime, equilibrium): ``sign``,
        ``method`` (proved / numerical), ``derivative``, ``evidence``.
    """
    from ._registry import list_models

    ms = list_models() if models is None else [_model(m) if isinstance(m, str) else m for m in models]
    frames = []
    for m in ms:
        if not has_symbolic(m):
            continue
        for wrt in m.information:
            if wrt in symbolic_form(m).symbols and wrt not in symbolic_form(m).integers:
                frames.append(statics(m, wrt, n_points=n_points, rng=rng).to_frame())
    if not frames:
        return StaticsResult("", "", (), None).to_frame()  # type: ignore[arg-type]
    return pd.concat(frames, ignore_index=True)


def write_statics_csv(path: str | Path, models: Sequence[Model | str] | None = None, **kwargs: Any) -> Path:
    """Write :func:`statics_table` to ``path`` (CSV) and return the path.

    Parameters
    ----------
    path : str or Path
        The CSV file.
    models : sequence of Model or str, optional
        As in :func:`statics_table`.
    **kwargs
        ``n_points``, ``rng`` of :func:`statics_table`.

    Returns
    -------
    Path
    """
    path = Path(path)
    statics_table(models, **kwargs).to_csv(path, index=False)
    return path
