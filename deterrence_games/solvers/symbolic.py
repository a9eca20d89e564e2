r"""Parametric games with sympy: equilibria as piecewise closed forms.

A :class:`ParametricBimatrix` holds payoff matrices whose entries are sympy expressions in
named parameters. :func:`solve_parametric_2x2` returns every extreme Nash equilibrium of a
2x2 parametric game as a :class:`PiecewiseResult`: a list of :class:`Regime` objects, each
with the conditions on the parameters (sympy relations, all to hold together) and the
equilibria there, every strategy and payoff an expression in the parameters.

Method (the symbolic twin of :func:`deterrence_games.solvers.solve_2x2`)
-----------------------------------------------------------------------
With ``p`` the probability of the row player's action 0 and ``q`` the column player's,
the payoff differences are affine in the opponent's mixing probability,

.. math::

    a_1 = A_{00} - A_{10},\ a_0 = A_{01} - A_{11}, \qquad
    b_1 = B_{00} - B_{01},\ b_0 = B_{10} - B_{11},

and the extreme equilibria depend only on the sign pattern
:math:`(\operatorname{sign} a_0, \operatorname{sign} a_1, \operatorname{sign} b_0,
\operatorname{sign} b_1)`, with the interior points :math:`p^* = b_0/(b_0 - b_1)` and
:math:`q^* = a_0/(a_0 - a_1)` (see :mod:`deterrence_games.solvers.batched` for the proof).
Each of the 81 sign patterns is one regime; a pattern with a zero difference is a
*degenerate* regime (a boundary), reported on its own. Patterns that the parameters'
sympy assumptions rule out (e.g. ``a_0 = -d`` with ``d`` positive can only be negative)
are dropped, and conditions that the assumptions make true are left out, so the regimes
are those that the assumptions alone do not exclude. (A regime may still be empty under
further constraints that are not sympy assumptions, such as ``a < c``.)

The regimes partition the parameter space: at every point exactly one regime's
conditions hold (:meth:`PiecewiseResult.regime_index` finds it, vectorized).

Results render in Jupyter (``_repr_latex_``), export to a LaTeX ``cases`` snippet
(:meth:`PiecewiseResult.to_latex`) and to JSON (:meth:`PiecewiseResult.to_dict`, every
expression as a string that :func:`sympy.sympify` parses back to the same expression
given the symbols).
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
import sympy as sp
from numpy.typing import NDArray

from .._validation import ParameterError
from ..results import Result

__all__ = [
    "ParametricBimatrix",
    "PiecewiseResult",
    "Regime",
    "condition_mask",
    "lambdify_vectorized",
    "parse_expression",
    "solve_parametric_2x2",
]

_REL_OPS = {sp.StrictLessThan: "<", sp.LessThan: "<=", sp.StrictGreaterThan: ">",
            sp.GreaterThan: ">=", sp.Equality: "=="}


# ---------------------------------------------------------------------------------------
# Parametric games
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ParametricBimatrix:
    """A bimatrix game whose payoffs are sympy expressions in named parameters.

    Parameters
    ----------
    A, B : sequence of sequences of sympy expressions (or numbers)
        Row and column player's payoffs, same shape ``(m, n)``.
    symbols : sequence of sympy.Symbol, optional
        The parameters, in a fixed order (default: the free symbols, sorted by name).
        Their sympy assumptions (``positive=True``, ...) are used to drop impossible regimes.
    """

    A: sp.ImmutableMatrix
    B: sp.ImmutableMatrix
    symbols: tuple[sp.Symbol, ...]

    def __init__(self, A: Any, B: Any, symbols: Sequence[sp.Symbol] | None = None) -> None:
        try:
            MA = sp.ImmutableMatrix(A)
            MB = sp.ImmutableMatrix(B)
        except (TypeError, ValueError, sp.SympifyError) as exc:
            raise TypeError(f"`A` and `B` must be matrices of sympy expressions ({exc})") from None
        if MA.shape != MB.shape:
            raise ParameterError("B", MB.shape, f"the shape of `A`, {MA.shape}", "one payoff per cell")
        if min(MA.shape) < 1:
            raise ParameterError("A", MA.shape, "at least one row and one column")
        free = MA.free_symbols | MB.free_symbols
        if symbols is None:
            symbols = sorted(free, key=lambda s: s.name)
        symbols = tuple(symbols)
        missing = free - set(symbols)
        if missing:
            raise ParameterError("symbols", sorted(s.name for s in missing), "every free symbol of A and B",
                                 "list all parameters the payoffs use")
        object.__setattr__(self, "A", MA)
        object.__setattr__(self, "B", MB)
        object.__setattr__(self, "symbols", symbols)

    @property
    def shape(self) -> tuple[int, int]:
        return tuple(self.A.shape)  # type: ignore[return-value]

    def numeric(self, values: Mapping[str, Any]) -> tuple[NDArray, NDArray]:
        """Payoff arrays at parameter arrays ``values`` (name -> scalar or 1-d array), shape (n, m, k).

        Parameters
        ----------
        values : mapping of str to scalar or array_like
            Parameter values by symbol name (broadcast against each other).

        Returns
        -------
        (numpy.ndarray, numpy.ndarray)
            The row and the column player's payoffs at each point.
        """
        f = lambdify_vectorized(self.symbols, list(self.A) + list(self.B))
        cols = f(values)
        m, k = self.shape
        n = np.broadcast(*cols).shape
        arr = np.stack([np.broadcast_to(np.asarray(c, float), n) for c in cols], -1)
        return arr[..., : m * k].reshape(*n, m, k), arr[..., m * k:].reshape(*n, m, k)

    def __repr__(self) -> str:
        m, k = self.shape
        return f"<ParametricBimatrix {m}x{k} in {', '.join(s.name for s in self.symbols)}>"


# ---------------------------------------------------------------------------------------
# Piecewise results
# ---------------------------------------------------------------------------------------


def _relation_text(r: sp.Basic) -> str:
    if r is sp.true or r is sp.false:
        return str(bool(r))
    return f"{sp.sstr(r.lhs)} {_REL_OPS[type(r)]} {sp.sstr(r.rhs)}"


@dataclass(frozen=True, eq=False)
class Regime(Result):
    """One piece of a piecewise result.

    Attributes
    ----------
    name : str
        Short identifier (e.g. ``"a0<0, a1>0, b0<0, b1>0"`` or ``"risky"``).
    conditions : tuple of sympy relations
        All hold in the regime (a conjunction). Equalities mark a boundary.
    equilibria : tuple of mappings str -> sympy expression
        One mapping per equilibrium in the regime (strategies, payoffs, quantities).
    labels : tuple of str
        Kind of each equilibrium (``"pure"``, ``"mixed"``, ...).
    degenerate : bool
        True for a boundary regime (some condition is an equality).
    choices : mapping str -> object
        Values of discrete parameters this regime assumes (empty if none).
    description : str
        One line for people.
    """

    name: str
    conditions: tuple[sp.Basic, ...]
    equilibria: tuple[Mapping[str, sp.Expr], ...]
    labels: tuple[str, ...] = ()
    degenerate: bool = False
    choices: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "conditions", tuple(self.conditions))
        eqs = tuple(MappingProxyType({k: sp.sympify(v) for k, v in e.items()}) for e in self.equilibria)
        object.__setattr__(self, "equilibria", eqs)
        labels = tuple(self.labels) or ("",) * len(eqs)
        if len(labels) != len(eqs):
            raise ValueError("one label per equilibrium")
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "choices", MappingProxyType(dict(self.choices)))
        if not self.degenerate and any(isinstance(c, sp.Equality) for c in self.conditions):
            object.__setattr__(self, "degenerate", True)

    def keys(self) -> tuple[str, ...]:
        """Names of the expressions every equilibrium of this regime carries."""
        if not self.equilibria:
            return ()
        common = set(self.equilibria[0])
        for e in self.equilibria[1:]:
            common &= set(e)
        return tuple(k for k in self.equilibria[0] if k in common)

    def to_dict(self) -> dict:
        """JSON-ready dictionary: conditions and expressions as text."""
        return {
            "name": self.name,
            "description": self.description,
            "degenerate": self.degenerate,
            "choices": dict(self.choices),
            "conditions": [_relation_text(c) for c in self.conditions],
            "equilibria": [{"label": lab, **{k: sp.sstr(v) for k, v in e.items()}}
                           for lab, e in zip(self.labels, self.equilibria, strict=True)],
        }


@dataclass(frozen=True, eq=False)
class PiecewiseResult(Result):
    """Equilibria as closed forms, one :class:`Regime` per set of parameter conditions.

    Attributes
    ----------
    symbols : tuple of sympy.Symbol
        The parameters.
    regimes : tuple of Regime
    title : str
    implicit : mapping sympy.Symbol -> sympy relation
        Symbols defined implicitly (e.g. a root of a transcendental equation) used by the
        expressions; each maps to the equation ``Eq(lhs, rhs)`` that defines it.
    latex_names : mapping sympy.Symbol -> str
        LaTeX for each symbol (the paper's notation).
    method : str
    """

    symbols: tuple[sp.Symbol, ...]
    regimes: tuple[Regime, ...]
    title: str = ""
    implicit: Mapping[sp.Symbol, sp.Basic] = field(default_factory=dict)
    latex_names: Mapping[sp.Symbol, str] = field(default_factory=dict)
    method: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "symbols", tuple(self.symbols))
        object.__setattr__(self, "regimes", tuple(self.regimes))
        object.__setattr__(self, "implicit", MappingProxyType(dict(self.implicit)))
        object.__setattr__(self, "latex_names", MappingProxyType(dict(self.latex_names)))

    def __len__(self) -> int:
        return len(self.regimes)

    def __iter__(self):
        return iter(self.regimes)

    def __getitem__(self, key: int | str) -> Regime:
        if isinstance(key, str):
            for r in self.regimes:
                if r.name == key:
                    return r
            raise KeyError(key)
        return self.regimes[key]

    @property
    def all_symbols(self) -> tuple[sp.Symbol, ...]:
        """Parameters followed by the implicitly defined symbols."""
        return self.symbols + tuple(self.implicit)

    # evaluation ---------------------------------------------------------------------
    def regime_masks(self, values: Mapping[str, Any], choices: Mapping[str, Any] | None = None,
                     tol: float = 0.0) -> NDArray[np.bool_]:
        """Boolean array (n_regimes, n): which regime's conditions hold at each point.

        ``tol`` is an absolute tolerance: a condition's ``lhs - rhs`` within ``tol`` of 0
        counts as 0 (use 0 for exact data such as integers).

        Parameters
        ----------
        values : mapping of str to scalar or array_like
            Parameter values by symbol name (broadcast against each other).
        choices : mapping of str to object, optional
            Values of the discrete parameters that regimes fix.
        tol : float, default 0
            Absolute tolerance of the conditions (0 for exact data).

        Returns
        -------
        numpy.ndarray of bool
        """
        n = np.broadcast(*(np.asarray(v) for v in values.values())).shape if values else ()
        out = []
        for r in self.regimes:
            m = np.ones(n, bool)
            for k, v in r.choices.items():
                if choices is not None and k in choices and choices[k] != v:
                    m = np.zeros(n, bool)
            for c in r.conditions:
                m = m & condition_mask(c, self.all_symbols, values, tol)
            out.append(np.broadcast_to(m, n))
        return np.array(out) if out else np.zeros((0, *n), bool)

    def regime_index(self, values: Mapping[str, Any], choices: Mapping[str, Any] | None = None,
                     tol: float = 0.0) -> NDArray[np.int64]:
        """Index of the regime holding at each point (-1 if none; the first if several).

        Parameters
        ----------
        values : mapping of str to scalar or array_like
            Parameter values by symbol name (broadcast against each other).
        choices : mapping of str to object, optional
            Values of the discrete parameters that regimes fix.
        tol : float, default 0
            Absolute tolerance of the conditions (0 for exact data).

        Returns
        -------
        numpy.ndarray of int
        """
        m = self.regime_masks(values, choices, tol)
        idx = np.argmax(m, axis=0)
        return np.where(m.any(axis=0), idx, -1)

    def evaluate(self, regime: int | str | Regime, key: str, values: Mapping[str, Any]) -> NDArray:
        """Values of expression ``key`` of every equilibrium of ``regime``: shape (n, n_equilibria).

        Parameters
        ----------
        regime : int, str or Regime
            The regime (index, name or object).
        key : str
            The expression's name (e.g. ``"escalation_probability"``).
        values : mapping of str to scalar or array_like
            Parameter values by symbol name (broadcast against each other).

        Returns
        -------
        numpy.ndarray
        """
        r = regime if isinstance(regime, Regime) else self[regime]
        exprs = [e[key] for e in r.equilibria]
        f = lambdify_vectorized(self.all_symbols, exprs)
        cols = f(values)
        n = np.broadcast(*(np.asarray(v) for v in values.values())).shape
        if not cols:
            return np.zeros((*n, 0))
        return np.stack([np.broadcast_to(np.asarray(c, float), n) for c in cols], -1)

    # output -------------------------------------------------------------------------
    def _latex(self, e: sp.Basic) -> str:
        return sp.latex(e, symbol_names=dict(self.latex_names))

    def to_latex(self, key: str | None = None, *, lhs: str | None = None) -> str:
        r"""A LaTeX snippet: one ``cases`` line per (regime, equilibrium) of ``key``.

        ``key=None`` uses the first expression name of the first regime. Conditions are
        joined with ``\wedge``; implicitly defined symbols are listed after the cases.

        Parameters
        ----------
        key : str, optional
            The expression shown.
        lhs : str, optional
            LaTeX of the left-hand side (default: ``key``).

        Returns
        -------
        str
        """
        if key is None:
            key = self.regimes[0].keys()[0] if self.regimes and self.regimes[0].keys() else ""
        rows = []
        for r in self.regimes:
            cond = r" \wedge ".join(self._latex(c) for c in r.conditions) or r"\text{always}"
            if r.choices:
                cond += "".join(rf",\ \text{{{k} = {v}}}" for k, v in r.choices.items())
            vals = [self._latex(e[key]) for e in r.equilibria if key in e]
            if not vals:
                continue
            val = vals[0] if len(vals) == 1 else r"\{" + ",\\ ".join(vals) + r"\}"
            rows.append(f"  {val} & \\text{{if }} {cond}")
        name = lhs or r"\mathrm{" + key.replace("_", r"\_") + "}"
        out = name + " = \\begin{cases}\n" + " \\\\\n".join(rows) + "\n\\end{cases}"
        for s, eq in self.implicit.items():
            out += f"\n\\quad\\text{{where }} {self._latex(s)} \\text{{ solves }} {self._latex(eq)}"
        return out

    def _repr_latex_(self) -> str:
        return "$$" + self.to_latex() + "$$"

    def to_dict(self) -> dict:
        """JSON-ready: symbols, implicit definitions and regimes with expressions as strings."""
        return {
            "title": self.title,
            "method": self.method,
            "symbols": [s.name for s in self.symbols],
            "implicit": {s.name: _relation_text(eq) for s, eq in self.implicit.items()},
            "regimes": [r.to_dict() for r in self.regimes],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per (regime, equilibrium, expression)."""
        rows = []
        for i, r in enumerate(self.regimes):
            cond = " & ".join(_relation_text(c) for c in r.conditions)
            for j, (lab, e) in enumerate(zip(r.labels, r.equilibria, strict=True)):
                for k, v in e.items():
                    rows.append({"regime": i, "name": r.name, "conditions": cond, "degenerate": r.degenerate,
                                 "equilibrium": j, "label": lab, "key": k, "expression": sp.sstr(v)})
        return pd.DataFrame(rows, columns=["regime", "name", "conditions", "degenerate", "equilibrium",
                                           "label", "key", "expression"])

    def __repr__(self) -> str:
        deg = sum(r.degenerate for r in self.regimes)
        return f"<PiecewiseResult{' ' + self.title if self.title else ''}: {len(self)} regimes ({deg} degenerate)>"

    def __str__(self) -> str:
        lines = [repr(self)]
        for s, eq in self.implicit.items():
            lines.append(f"  where {s} solves {_relation_text(eq)}")
        for r in self.regimes:
            cond = " and ".join(_relation_text(c) for c in r.conditions) or "always"
            ch = "".join(f" [{k}={v}]" for k, v in r.choices.items())
            lines.append(f"  regime {r.name}{ch}: {cond}")
            for lab, e in zip(r.labels, r.equilibria, strict=True):
                lines.append(f"    {lab or 'equilibrium'}: " + ", ".join(f"{k} = {sp.sstr(v)}" for k, v in e.items()))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(str(self))}</pre>"


# ---------------------------------------------------------------------------------------
# Numeric helpers
# ---------------------------------------------------------------------------------------

_LAMBDIFY_CACHE: dict[Any, Any] = {}


def lambdify_vectorized(symbols: Sequence[sp.Symbol], exprs: Sequence[sp.Expr]):
    """``f(values) -> list of arrays``, one per expression, vectorized with NumPy/SciPy.

    ``values`` maps symbol names to scalars or arrays (broadcast). Compiled once per
    (symbols, expressions) and cached.
    """
    key = (tuple(symbols), tuple(exprs))
    f = _LAMBDIFY_CACHE.get(key)
    if f is None:
        raw = sp.lambdify(list(symbols), list(exprs), modules=["scipy", "numpy"])
        names = [s.name for s in symbols]

        def f(values: Mapping[str, Any], _raw=raw, _names=names) -> list:
            args = [np.asarray(values[n], float) if n in values else np.nan for n in _names]
            with np.errstate(divide="ignore", invalid="ignore"):
                return list(_raw(*args))

        _LAMBDIFY_CACHE[key] = f
    return f


def condition_mask(cond: sp.Basic, symbols: Sequence[sp.Symbol], values: Mapping[str, Any],
                   tol: float = 0.0) -> NDArray[np.bool_]:
    """Where the relation ``cond`` holds at the points ``values`` (``|lhs - rhs| <= tol`` is a tie)."""
    if cond is sp.true:
        return np.asarray(True)
    if cond is sp.false:
        return np.asarray(False)
    (d,) = lambdify_vectorized(symbols, [cond.lhs - cond.rhs])(values)
    d = np.asarray(d, float)
    zero = np.abs(d) <= tol
    op = _REL_OPS[type(cond)]
    if op == "==":
        return zero
    if op == "<":
        return (d < 0) & ~zero
    if op == ">":
        return (d > 0) & ~zero
    if op == "<=":
        return (d < 0) | zero
    return (d > 0) | zero


#: functions and constants an expression read back by :func:`parse_expression` may name
#: (what ``str()`` of the toolkit's closed forms produces); anything else is refused
_FUNCTIONS: Mapping[str, Any] = MappingProxyType({
    name: getattr(sp, name) for name in (
        "sqrt", "exp", "log", "Abs", "Max", "Min", "Piecewise", "sign", "floor", "ceiling",
        "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "erf", "erfc",
        "erfinv", "gamma", "binomial", "factorial", "Heaviside", "LambertW", "Rational", "Integer", "Float",
        "Eq", "Ne", "Lt", "Le", "Gt", "Ge", "And", "Or", "Not", "ITE")})
_CONSTANTS: Mapping[str, Any] = MappingProxyType({
    "pi": sp.pi, "E": sp.E, "I": sp.I, "oo": sp.oo, "zoo": sp.zoo, "nan": sp.nan,
    "true": sp.true, "false": sp.false, "True": sp.true, "False": sp.false})
_MAX_EXPRESSION_CHARS = 100_000
_MAX_INTEGER_EXPONENT = 10_000


def _expression_error(text: str, why: str) -> ParameterError:
    shown = text if len(text) <= 80 else text[:77] + "..."
    return ParameterError("expression", shown, "an arithmetic expression over the model's symbols and "
                          "the functions sqrt, exp, log, Piecewise, Max, Min, ...", why)


def _safe_sympify(text: str, local: Mapping[str, sp.Symbol]) -> sp.Basic:
    """Build a sympy expression from ``text`` by walking its Python syntax tree: numbers, the
    symbols in ``local``, whitelisted functions and constants, arithmetic, comparisons and
    ``& | ~``. Nothing is evaluated as Python (no ``eval``, no attribute access, no keywords)."""
    import ast

    if not isinstance(text, str):
        raise TypeError(f"`text` must be a string (got {type(text).__name__})")
    if len(text) > _MAX_EXPRESSION_CHARS:
        raise _expression_error(text, f"longer than {_MAX_EXPRESSION_CHARS} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise _expression_error(text, f"not an expression ({type(exc).__name__})") from None
    src = text.strip()
    binops = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
              ast.Div: lambda a, b: a / b, ast.BitAnd: sp.And, ast.BitOr: sp.Or}
    cmps = {ast.Lt: sp.Lt, ast.LtE: sp.Le, ast.Gt: sp.Gt, ast.GtE: sp.Ge, ast.Eq: sp.Eq, ast.NotEq: sp.Ne}

    def build(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return build(node.body)
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, bool):
                return sp.true if v else sp.false
            if isinstance(v, int):
                return sp.Integer(v)
            if isinstance(v, float):
                seg = ast.get_source_segment(src, node)
                return sp.Float(seg) if seg else sp.Float(v)
            raise _expression_error(text, f"a {type(v).__name__} literal is not allowed")
        if isinstance(node, ast.Name):
            if node.id in local:
                return local[node.id]
            if node.id in _CONSTANTS:
                return _CONSTANTS[node.id]
            raise _expression_error(text, f"unknown name {node.id!r}")
        if isinstance(node, ast.BinOp):
            a, b = build(node.left), build(node.right)
            if isinstance(node.op, ast.Pow):
                if isinstance(b, sp.Integer) and abs(int(b)) > _MAX_INTEGER_EXPONENT:
                    raise _expression_error(text, f"an integer exponent beyond {_MAX_INTEGER_EXPONENT}")
                return a**b
            op = binops.get(type(node.op))
            if op is None:
                raise _expression_error(text, f"operator {type(node.op).__name__} is not allowed")
            return op(a, b)
        if isinstance(node, ast.UnaryOp):
            v = build(node.operand)
            if isinstance(node.op, ast.USub):
                return -v
            if isinstance(node.op, ast.UAdd):
                return v
            if isinstance(node.op, ast.Invert | ast.Not):
                return sp.Not(v)
            raise _expression_error(text, f"operator {type(node.op).__name__} is not allowed")
        if isinstance(node, ast.Compare):
            if len(node.ops) != 1:
                raise _expression_error(text, "chained comparisons are not allowed")
            rel = cmps[type(node.ops[0])]
            if node is tree.body:  # a relation as written (as the to_dict text was)
                return rel(build(node.left), build(node.comparators[0]), evaluate=False)
            return rel(build(node.left), build(node.comparators[0]))
        if isinstance(node, ast.Tuple):
            return tuple(build(e) for e in node.elts)
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS:
                name = node.func.id if isinstance(node.func, ast.Name) else type(node.func).__name__
                raise _expression_error(text, f"call of {name!r} is not allowed")
            if node.keywords:
                raise _expression_error(text, "keyword arguments are not allowed")
            return _FUNCTIONS[node.func.id](*(build(a) for a in node.args))
        raise _expression_error(text, f"{type(node).__name__} is not allowed")

    try:
        return build(tree)
    except ParameterError:
        raise
    except RecursionError:
        raise _expression_error(text, "nested too deeply") from None
    except (TypeError, ValueError, ZeroDivisionError, KeyError) as exc:
        raise _expression_error(text, f"{type(exc).__name__}: {exc}") from None


def parse_expression(text: str, symbols: Iterable[sp.Symbol]) -> sp.Basic:
    """Parse an expression or relation written by :meth:`PiecewiseResult.to_dict`.

    A restricted grammar, not :func:`sympy.sympify` (which evaluates Python): numbers, the
    given ``symbols``, the functions and constants of ``_FUNCTIONS`` / ``_CONSTANTS``,
    ``+ - * / **``, comparisons and ``& | ~``. Anything else (attribute access, other names,
    ``__import__('os').system(...)``) raises :class:`ParameterError`; nothing is executed.

    Parameters
    ----------
    text : str
        The expression.
    symbols : iterable of sympy.Symbol
        The symbols it may name (matched by name).

    Returns
    -------
    sympy.Basic

    Raises
    ------
    ParameterError
        Anything outside the grammar.

    Examples
    --------
    >>> import sympy as sp
    >>> from deterrence_games.symbolic import parse_expression
    >>> parse_expression("(1 - rho)/2 <= x", sp.symbols("rho x"))
    1/2 - rho/2 <= x
    """
    return _safe_sympify(text, {s.name: s for s in symbols})


# ---------------------------------------------------------------------------------------
# 2x2 parametric solver
# ---------------------------------------------------------------------------------------


def _sign_known(e: sp.Expr) -> int | None:
    """Sign of ``e`` implied by the symbols' assumptions, or None if undetermined."""
    e = sp.simplify(e)
    if e.is_zero:
        return 0
    if e.is_positive:
        return 1
    if e.is_negative:
        return -1
    return None


def _sign_condition(e: sp.Expr, s: int) -> sp.Basic:
    rel = {-1: sp.Lt, 0: sp.Eq, 1: sp.Gt}[s]
    return rel(e, 0, evaluate=False)


def _possible(e: sp.Expr, s: int) -> tuple[bool, bool]:
    """(sign ``s`` possible under the assumptions, condition needed)."""
    known = _sign_known(e)
    if known is not None:
        return known == s, False
    if s == 1 and e.is_nonpositive or s == -1 and e.is_nonnegative:
        return False, False
    if s == 0 and (e.is_nonzero is True):
        return False, False
    return True, True


def solve_parametric_2x2(game: ParametricBimatrix, *, simplify: bool = True) -> PiecewiseResult:
    r"""Every extreme Nash equilibrium of a parametric 2x2 game, per sign regime.

    Parameters
    ----------
    game : ParametricBimatrix
        A 2x2 game with sympy payoffs.
    simplify : bool, default True
        Simplify the equilibrium expressions (``sympy.simplify``; set False for speed).

    Returns
    -------
    PiecewiseResult
        One regime per sign pattern of :math:`(a_0, a_1, b_0, b_1)` that the parameters'
        assumptions allow; its conditions are the sign conditions not already implied,
        its equilibria give ``p`` and ``q`` (probabilities of action 0 of the row and
        column player) and the payoffs ``u_row``, ``u_col``, in the order of
        :func:`~deterrence_games.solvers.solve_2x2` (by ``p``, then ``q``).

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> res = solve_parametric_2x2(ParametricBimatrix([[x, 0], [0, 1]], [[1, 0], [0, 1]]))
    >>> [r.name for r in res]
    ['a0<0, a1<0, b0<0, b1>0', 'a0<0, a1=0, b0<0, b1>0', 'a0<0, a1>0, b0<0, b1>0']
    >>> res[2].equilibria[1]["q"]
    1/(x + 1)
    """
    if not isinstance(game, ParametricBimatrix):
        raise TypeError(f"`game` must be a ParametricBimatrix (got {type(game).__name__})")
    if game.shape != (2, 2):
        raise NotImplementedError(f"solve_parametric_2x2 needs a 2x2 game (got {game.shape[0]}x{game.shape[1]})")
    from .batched import _TABLES, _code  # the numeric solver's sign table: one source of truth

    A, B = game.A, game.B
    a1, a0 = A[0, 0] - A[1, 0], A[0, 1] - A[1, 1]
    b1, b0 = B[0, 0] - B[0, 1], B[1, 0] - B[1, 1]
    diffs = {"a0": a0, "a1": a1, "b0": b0, "b1": b1}
    ps, qs = b0 / (b0 - b1), a0 / (a0 - a1)
    post = sp.simplify if simplify else (lambda e: e)
    options = {}
    for name, e in diffs.items():
        options[name] = [(s, _possible(e, s)) for s in (-1, 0, 1)]
    regimes = []
    sym = {-1: "<", 0: "=", 1: ">"}
    for combo in itertools.product(*(options[n] for n in ("a0", "a1", "b0", "b1"))):
        if not all(ok for _, (ok, _) in combo):
            continue
        (sa0, (_, c0)), (sa1, (_, c1)), (sb0, (_, c2)), (sb1, (_, c3)) = combo
        conds = [_sign_condition(diffs[n], s) for n, s, need in
                 zip(("a0", "a1", "b0", "b1"), (sa0, sa1, sb0, sb1), (c0, c1, c2, c3), strict=True) if need]
        code = _code(sa0, sa1, sb0, sb1)
        eqs, labels = [], []
        for slot in range(int(_TABLES["count"][code])):
            kp, kq = int(_TABLES["kind_p"][code, slot]), int(_TABLES["kind_q"][code, slot])
            p = {0: sp.Integer(0), 1: ps, 2: sp.Integer(1)}[kp]
            q = {0: sp.Integer(0), 1: qs, 2: sp.Integer(1)}[kq]
            p, q = post(p), post(q)
            x = sp.Matrix([[p, 1 - p]])
            y = sp.Matrix([q, 1 - q])
            eqs.append({"p": p, "q": q, "u_row": post((x * A * y)[0]), "u_col": post((x * B * y)[0])})
            labels.append("pure" if kp != 1 and kq != 1 else "mixed")
        name = ", ".join(f"{n}{sym[s]}0" for n, s in zip(("a0", "a1", "b0", "b1"), (sa0, sa1, sb0, sb1), strict=True))
        regimes.append(Regime(name, tuple(conds), tuple(eqs), tuple(labels),
                              degenerate=0 in (sa0, sa1, sb0, sb1),
                              description=f"sign pattern {name} of the payoff differences"))
    return PiecewiseResult(game.symbols, tuple(regimes), title="2x2 parametric equilibria",
                           method="sign table of the payoff differences (as solve_2x2)")
