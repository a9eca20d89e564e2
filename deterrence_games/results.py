"""Result objects: frozen, typed, with readable reprs and tidy exports.

Two families:

* :class:`Equilibrium` and :class:`ModelSolution` are what a *model* returns: every
  equilibrium found, each with a probability distribution over the model's named terminal
  outcomes and its ``escalation_probability`` (the mass on the escalatory outcomes).
* :class:`NashEquilibria` is what the bimatrix *solvers* return: every extreme equilibrium
  as a pair of mixed strategies, with degeneracy and continua reported explicitly.

Arrays held by results are made read-only; equality is written by hand with
``np.array_equal`` (dataclass-generated ``__eq__`` fails on arrays).
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ._validation import ParameterError, plain
from ._version import __version__

__all__ = ["Equilibrium", "ModelSolution", "NashEquilibria", "SELECTIONS", "check_select",
           "select_equilibria"]


def frozen_map(m: Mapping | None) -> Mapping:
    """A read-only copy of ``m`` (a ``types.MappingProxyType``; picklable inside a :class:`Result`).

    Parameters
    ----------
    m : mapping or None
        The mapping to copy (None: an empty one).

    Returns
    -------
    mapping
        A read-only view of a new ``dict``.
    """
    return MappingProxyType(dict(m or {}))


def readonly(a: Any) -> Any:
    """A read-only copy of the array ``a`` (anything else unchanged): ``frozen`` does not freeze arrays.

    Parameters
    ----------
    a : object
        An ndarray (copied, then made read-only) or any other value (returned as is).

    Returns
    -------
    object
    """
    if isinstance(a, np.ndarray):
        a = a.copy()
        a.setflags(write=False)
    return a


_frozen_map = frozen_map  # former private names, kept for one release
_readonly = readonly


def _equal(a: Any, b: Any) -> bool:
    """Equality of result fields: arrays by ``np.array_equal``, containers element by element."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        nan = a.dtype.kind in "fc" and b.dtype.kind in "fc"  # NaN marks "undefined" in results
        return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=nan))
    if isinstance(a, pd.DataFrame | pd.Series) or isinstance(b, pd.DataFrame | pd.Series):
        return type(a) is type(b) and bool(a.equals(b))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def not_converged(message: str, *, stacklevel: int = 3) -> str:
    """Report an iterative solver that stopped before its tolerance, the same way everywhere.

    Emits a :class:`~deterrence_games.warnings.ConvergenceWarning` and returns the text to store
    in the result's ``warnings`` (whose ``converged`` is then False), so that the report
    survives in a notebook after the warning display is gone.

    Parameters
    ----------
    message : str
        What did not converge (e.g. the residual reached and the tolerance asked).
    stacklevel : int
        Passed to :func:`warnings.warn` (3: the caller of the solver that calls this).

    Returns
    -------
    str
        ``"did not converge: " + message``.
    """
    import warnings as _w

    from .warnings import ConvergenceWarning

    text = f"did not converge: {message}"
    _w.warn(text, ConvergenceWarning, stacklevel=stacklevel)
    return text


class Result:
    """Base of every result object of the package.

    A result is a ``@dataclass(frozen=True, eq=False)`` subclass of :class:`Result`. The base
    gives it, unless the subclass defines its own:

    * **freezing**: :meth:`__post_init__` makes array fields read-only copies and mapping fields
      read-only (:func:`readonly`, :func:`frozen_map`); a subclass with its own
      ``__post_init__`` calls ``super().__post_init__()`` or these helpers;
    * **equality** field by field (arrays with ``np.array_equal``; fields declared with
      ``compare=False`` are ignored), and no hash;
    * ``to_dict()`` (JSON-ready, via :func:`~deterrence_games._validation.plain`) and an HTML
      repr for Jupyter (escaped, with a ``<pre>`` text fallback; the ``to_frame()`` table when
      the result has one);
    * ``method`` (the algorithm), ``options`` (everything needed to rerun it), ``warnings``
      (texts) and ``converged`` (False only when an iterative method stopped before its
      tolerance: reported with :func:`not_converged`);
    * pickling (for process pools and Dask), read-only mappings and arrays included.
    """

    def __getattr__(self, name: str) -> Any:
        # the common attributes of a result that does not declare them as fields (not class
        # attributes: a dataclass would take those as defaults of the subclass's fields)
        if name in _DEFAULTS:
            return _DEFAULTS[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            v = getattr(self, f.name)
            if isinstance(v, np.ndarray):
                object.__setattr__(self, f.name, readonly(v))
            elif isinstance(v, dict):
                object.__setattr__(self, f.name, frozen_map(v))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(_equal(getattr(self, f.name), getattr(other, f.name))
                   for f in fields(self) if f.compare)  # type: ignore[arg-type]

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict:
        """JSON-ready dictionary of the fields."""
        return {f.name: plain(getattr(self, f.name)) for f in fields(self) if f.repr}  # type: ignore[arg-type]

    def _repr_html_(self) -> str:
        head = html.escape(repr(self))
        table = ""
        to_frame = getattr(self, "to_frame", None)
        if callable(to_frame):
            try:
                frame = to_frame()
                table = frame.to_html(index=False, float_format=lambda x: f"{x:.6g}") if len(frame) else ""
            except Exception:  # the text fallback below still shows everything
                table = ""
        warn = "".join(f"<li>{html.escape(str(w))}</li>" for w in self.warnings)
        return (f"<div><strong>{head}</strong>{table}{'<ul>' + warn + '</ul>' if warn else ''}"
                f"<details><summary>text</summary><pre>{html.escape(str(self))}</pre></details></div>")

    # pickling: MappingProxyType does not pickle, and unpickled arrays are writeable
    def __getstate__(self) -> dict:
        return {k: _picklable(v) for k, v in self.__dict__.items()}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        for k, v in state.items():
            object.__setattr__(self, k, _refreeze(v))


def _picklable(v: Any) -> Any:
    """Read-only mappings (also inside tuples) as tagged dicts, undone by :func:`_refreeze`."""
    if isinstance(v, MappingProxyType):
        return (_PROXY, {k: _picklable(x) for k, x in v.items()})
    if isinstance(v, tuple) and type(v) is tuple:
        return tuple(_picklable(x) for x in v)
    return v


def _refreeze(v: Any) -> Any:
    """Read-only again after unpickling: arrays (also inside tuples) and mappings."""
    if isinstance(v, np.ndarray):
        v.setflags(write=False)  # a fresh array from the pickle: no copy needed
        return v
    if isinstance(v, tuple):
        if len(v) == 2 and isinstance(v[0], str) and v[0] == _PROXY:
            return frozen_map({k: _refreeze(x) for k, x in v[1].items()})
        return tuple(_refreeze(x) for x in v)
    return v


_PROXY = "__deterrence_games.frozen_map__"
_DEFAULTS: dict[str, Any] = {"method": "", "options": MappingProxyType({}), "warnings": (), "converged": True}


# ---------------------------------------------------------------------------------------
# Model results
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Equilibrium(Result):
    """One equilibrium of a model and what it implies.

    Parameters
    ----------
    label : str
        Kind of equilibrium: ``"pure"``, ``"mixed"``, ``"pooling"``, ``"separating"``,
        ``"semi-separating"``, ``"cutoff"``, ... (model-specific, documented by the model).
    outcomes : mapping str -> float
        Probability of each of the model's named terminal outcomes; sums to 1.
    escalation_probability : float
        Total probability of the model's escalatory outcomes.
    strategies : mapping
        The equilibrium strategies (mixing probabilities, cutoffs, demands), by name.
    quantities : mapping str -> float
        Further numbers the model reports (posteriors, payoffs, thresholds).
    flags : mapping str -> bool
        Refinements and selections that hold (e.g. ``intuitive``, ``most_peaceful``).
    certificate : mapping str -> float
        How the equilibrium was verified, e.g. ``{"max_regret": 0.0}``.
    """

    label: str
    outcomes: Mapping[str, float]
    escalation_probability: float
    strategies: Mapping[str, Any] = field(default_factory=dict)
    quantities: Mapping[str, float] = field(default_factory=dict)
    flags: Mapping[str, bool] = field(default_factory=dict)
    certificate: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("outcomes", "strategies", "quantities", "flags", "certificate"):
            value = getattr(self, name)
            if name == "strategies":
                value = {k: readonly(v) for k, v in dict(value).items()}
            object.__setattr__(self, name, frozen_map(value))
        object.__setattr__(self, "escalation_probability", float(self.escalation_probability))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Equilibrium):
            return NotImplemented
        return (
            self.label == other.label
            and dict(self.outcomes) == dict(other.outcomes)
            and self.escalation_probability == other.escalation_probability
            and _maps_equal(self.strategies, other.strategies)
            and dict(self.quantities) == dict(other.quantities)
            and dict(self.flags) == dict(other.flags)
        )

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict:
        """JSON-ready dictionary."""
        return {
            "label": self.label,
            "outcomes": plain(self.outcomes),
            "escalation_probability": self.escalation_probability,
            "strategies": plain(self.strategies),
            "quantities": plain(self.quantities),
            "flags": plain(self.flags),
            "certificate": plain(self.certificate),
        }

    def __repr__(self) -> str:
        return f"<{self.label} Equilibrium: escalation_probability={self.escalation_probability:.6g}>"


def _maps_equal(a: Mapping, b: Mapping) -> bool:
    if a.keys() != b.keys():
        return False
    for k in a:
        x, y = a[k], b[k]
        if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
            if not np.array_equal(np.asarray(x), np.asarray(y)):
                return False
        elif x != y:
            return False
    return True


SELECTIONS = ("all", "min", "max", "first", "qre")
"""Declared selections: every equilibrium, the least / most escalatory, the first listed, the
limit of the logit QRE principal branch (``"qre"``, for models that expose their finite game;
see :mod:`deterrence_games.models._qre_select`).

A refinement flag may also be used as ``"flag:<name>"`` (e.g. ``"flag:intuitive"``): the
equilibria whose flag is true.
"""

def check_select(select: str) -> str:
    """Validate a selection rule's name (before any work); returns it.

    Parameters
    ----------
    select : str
        ``"all"``, ``"min"``, ``"max"``, ``"first"``, ``"qre"`` or ``"flag:<name>"``
        (:data:`SELECTIONS`).

    Returns
    -------
    str
        ``select``.

    Raises
    ------
    ParameterError
        An unknown rule (the message lists the rules).
    TypeError
        ``select`` is not a string.
    """
    if not isinstance(select, str):
        raise TypeError(f"`select` must be a string (got {select!r})")
    if select in SELECTIONS or (select.startswith("flag:") and len(select) > 5):
        return select
    raise ParameterError(
        "select", select, f"select in {{{', '.join(SELECTIONS)}}} or 'flag:<refinement>'"
    )


def select_equilibria(equilibria: Sequence[Equilibrium], select: str) -> list[int]:
    """Indices of ``equilibria`` kept by the declared selection rule ``select``.

    ``"qre"`` needs the model's game, not only the equilibria: use
    ``ModelSolution.select("qre")`` or ``sweep(..., select="qre")``.

    Parameters
    ----------
    equilibria : sequence of Equilibrium
        The equilibria of one solution, in the model's order.
    select : str
        ``"all"``; ``"min"`` / ``"max"``: the least / most escalatory one (the first of
        ties); ``"first"``; ``"flag:<name>"``: every equilibrium whose flag ``name`` is set.

    Returns
    -------
    list of int
        Indices into ``equilibria`` (empty if none is kept).

    Raises
    ------
    ParameterError
        An unknown rule, or ``"qre"``.

    Examples
    --------
    >>> import deterrence_games as dg
    >>> from deterrence_games.results import select_equilibria
    >>> sol = dg.get_model("crisis_signaling").solve()
    >>> select_equilibria(sol.equilibria, "max"), select_equilibria(sol.equilibria, "min")
    ([0], [1])
    """
    check_select(select)
    if select == "qre":
        raise ParameterError("select", select, "a rule computed from the equilibria alone (all, min, max, first, "
                             "flag:<name>)", "the QRE limit needs the model's finite game: use "
                             "ModelSolution.select('qre') or sweep(..., select='qre')")
    n = len(equilibria)
    if select == "all":
        return list(range(n))
    if n == 0:
        return []
    esc = [e.escalation_probability for e in equilibria]
    if select == "min":
        return [int(np.argmin(esc))]
    if select == "max":
        return [int(np.argmax(esc))]
    if select == "first":
        return [0]
    flag = select[5:]
    return [i for i, e in enumerate(equilibria) if e.flags.get(flag, False)]


@dataclass(frozen=True, eq=False)
class ModelSolution(Result):
    """All equilibria of one model at one parameter point.

    Iterating yields the :class:`Equilibrium` objects; ``escalation_range`` gives the
    (min, max) escalation probability over them. Returned by ``model.solve(...)``; in
    Jupyter it renders as a table with one row per equilibrium (``to_frame()``).

    Attributes
    ----------
    model : str
        The model's id.
    parameters : mapping of str to object
        The validated parameter values (defaults filled in).
    equilibria : tuple of Equilibrium
        Every equilibrium found, in the model's order (never a silent selection).
    outcomes : tuple of str
        The model's named terminal outcomes.
    escalatory : tuple of str
        The outcomes that count as escalation.
    method : str
        How the equilibria were found (closed form, solver).
    provenance : str
        ``"paper-faithful"``, ``"textbook version"``, ``"reconstruction"`` or
        ``"user model"``: the label of the variant solved.
    warnings : tuple of str
        Suspicious but valid findings (knife-edge points, degenerate games).
    solver_options : mapping
        Tolerances and options of the solver, to rerun it.
    version : str
        The package version that solved it.

    Examples
    --------
    >>> import deterrence_games as dg
    >>> sol = dg.get_model("crisis_signaling").solve()
    >>> len(sol), sol.provenance
    (4, 'reconstruction')
    >>> [round(x, 2) for x in sol.escalation_range]
    [0.15, 0.3]
    """

    model: str
    parameters: Mapping[str, Any]
    equilibria: tuple[Equilibrium, ...]
    outcomes: tuple[str, ...]
    escalatory: tuple[str, ...]
    method: str
    provenance: str = ""
    warnings: tuple[str, ...] = ()
    solver_options: Mapping[str, Any] = field(default_factory=dict)
    version: str = __version__
    #: the model's selection hook (``Model.select``), for the rules that need the model (``"qre"``)
    selector: Callable[..., tuple[list[int], dict]] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parameters", frozen_map(self.parameters))
        object.__setattr__(self, "solver_options", frozen_map(self.solver_options))
        object.__setattr__(self, "equilibria", tuple(self.equilibria))

    # container protocol -------------------------------------------------------------
    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.equilibria)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __getitem__(self, i: int) -> Equilibrium:
        return self.equilibria[i]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ModelSolution):
            return NotImplemented
        return (
            self.model == other.model
            and dict(self.parameters) == dict(other.parameters)
            and self.equilibria == other.equilibria
            and self.method == other.method
        )

    __hash__ = None  # type: ignore[assignment]

    # summaries ----------------------------------------------------------------------
    @property
    def options(self) -> Mapping[str, Any]:
        """The solver options (``solver_options``): everything needed to rerun the solve."""
        return self.solver_options

    @property
    def escalation_range(self) -> tuple[float, float]:
        """(min, max) escalation probability over all equilibria; (nan, nan) if none."""
        if not self.equilibria:
            return (float("nan"), float("nan"))
        esc = [e.escalation_probability for e in self.equilibria]
        return (min(esc), max(esc))

    @property
    def escalation_probability(self) -> float:
        """The escalation probability when it is the same in every equilibrium.

        Raises ``ValueError`` when equilibria disagree: then choose explicitly with
        :meth:`select` or use :attr:`escalation_range`.
        """
        lo, hi = self.escalation_range
        if not hi - lo <= 1e-12:
            raise ValueError(
                f"{len(self)} equilibria with escalation probabilities in [{lo:.6g}, {hi:.6g}]; "
                "use .escalation_range or .select('min'|'max'|...)"
            )
        return lo

    def select(self, rule: str = "min") -> Equilibrium:
        """The single equilibrium chosen by ``rule`` (see :data:`SELECTIONS`).

        ``"qre"`` (the limit of the logit QRE principal branch) is defined for models that
        expose their finite game; otherwise it raises ``ParameterError`` naming the model.

        Parameters
        ----------
        rule : str, default "min"
            ``"min"`` / ``"max"`` (least / most escalatory), ``"first"``,
            ``"flag:<name>"`` (the first equilibrium with that flag) or ``"qre"``.

        Returns
        -------
        Equilibrium

        Raises
        ------
        ParameterError
            An unknown rule, or ``"qre"`` for a model without a finite game.
        ValueError
            No equilibrium satisfies the rule (e.g. no equilibrium has the flag).
        """
        if rule == "qre":
            if self.selector is None:
                raise ParameterError("select", rule, "a selection the solution can make alone (all, min, max, first, "
                                     "flag:<name>)", f"the QRE limit needs model {self.model!r}'s finite game: "
                                     "use model.select(solution, 'qre')")
            idx, _ = self.selector(self, rule)
            return self.equilibria[idx[0]]
        idx = select_equilibria(self.equilibria, rule)
        if not idx:
            raise ValueError(f"no equilibrium satisfies the selection {rule!r}")
        return self.equilibria[idx[0]]

    # exports ------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """JSON-ready dictionary (the ``--json`` output of the command line)."""
        return {
            "model": self.model,
            "parameters": plain(self.parameters),
            "equilibria": [e.to_dict() for e in self.equilibria],
            "escalation_range": list(self.escalation_range),
            "outcomes": list(self.outcomes),
            "escalatory": list(self.escalatory),
            "method": self.method,
            "provenance": self.provenance,
            "warnings": list(self.warnings),
            "solver_options": plain(self.solver_options),
            "version": self.version,
        }

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`to_dict` as JSON text.

        Parameters
        ----------
        **kwargs
            Passed to :func:`json.dumps` (e.g. ``indent=2``).

        Returns
        -------
        str
        """
        return json.dumps(self.to_dict(), **kwargs)

    def to_frame(self) -> pd.DataFrame:
        """One row per equilibrium: label, outcome probabilities, quantities, flags."""
        flags = self.flag_names
        rows = [self._row(i, e, flags) for i, e in enumerate(self.equilibria)]
        return pd.DataFrame(rows)

    @property
    def flag_names(self) -> tuple[str, ...]:
        """Every flag name used by any equilibrium (a missing flag reads as False)."""
        names: dict[str, None] = {}
        for e in self.equilibria:
            names.update(dict.fromkeys(e.flags))
        return tuple(names)

    def row(self, i: int, flag_names: Sequence[str] = ()) -> dict:
        """The tidy row of equilibrium ``i`` (as in :meth:`to_frame`).

        Parameters
        ----------
        i : int
            Index of the equilibrium in :attr:`equilibria`.
        flag_names : sequence of str
            Flag columns to include even where the equilibrium does not set them (False).

        Returns
        -------
        dict
            ``equilibrium``, ``label``, ``escalation_probability``, ``prob_<outcome>``,
            the quantities and ``flag_<name>``.
        """
        return self._row(i, self.equilibria[i], flag_names)

    def _row(self, i: int, e: Equilibrium, flag_names: Sequence[str] = ()) -> dict:
        row: dict[str, Any] = {"equilibrium": i, "label": e.label,
                               "escalation_probability": e.escalation_probability}
        for o in self.outcomes:
            row[f"prob_{o}"] = float(e.outcomes.get(o, 0.0))
        for k, v in e.quantities.items():
            row[k] = v
        for k in dict.fromkeys([*flag_names, *e.flags]):
            row[f"flag_{k}"] = bool(e.flags.get(k, False))
        return row

    # reprs --------------------------------------------------------------------------
    def __repr__(self) -> str:
        n = len(self.equilibria)
        lo, hi = self.escalation_range
        rng = f"{lo:.4g}" if n and hi - lo <= 1e-12 else f"[{lo:.4g}, {hi:.4g}]"
        return f"<{self.model} ModelSolution: {n} equilibri{'um' if n == 1 else 'a'}, escalation {rng}>"

    def __str__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self.parameters.items())
        lines = [repr(self), f"  parameters: {params}", f"  method: {self.method}"]
        if self.provenance:
            lines.append(f"  provenance: {self.provenance}")
        if len(self.equilibria):
            lines.append(self.to_frame().to_string(index=False))
        for w in self.warnings:
            lines.append(f"  warning: {w}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = html.escape(repr(self))
        table = self.to_frame().to_html(index=False, float_format=lambda x: f"{x:.6g}") if len(self) else ""
        params = html.escape(", ".join(f"{k}={v!r}" for k, v in self.parameters.items()))
        warn = "".join(f"<li>{html.escape(w)}</li>" for w in self.warnings)
        return (
            f"<div><strong>{head}</strong><br><small>{params}</small>{table}"
            f"{'<ul>' + warn + '</ul>' if warn else ''}"
            f"<details><summary>text</summary><pre>{html.escape(str(self))}</pre></details></div>"
        )


# ---------------------------------------------------------------------------------------
# Bimatrix solver results
# ---------------------------------------------------------------------------------------


class EquilibriumOutcomes:
    """Outcome summaries of a solver result whose game names its outcomes.

    For games built with ``outcomes=`` and ``escalatory=`` (:class:`~deterrence_games.games.BimatrixGame`,
    :class:`~deterrence_games.games.SignalingGame`): per equilibrium, the probability of each
    named outcome and the mass of the escalatory ones (DESIGN.md, *Outcomes*). A subclass holds
    ``game`` and ``equilibria`` and defines :meth:`_profile` (the strategies of an equilibrium,
    as ``game.outcome_probabilities`` takes them) and, when an equilibrium is a convex cell,
    :meth:`_extreme_profiles`.
    """

    def _profile(self, e: Any) -> tuple:
        return tuple(e)

    def _extreme_profiles(self, e: Any) -> list[tuple]:
        return [self._profile(e)]

    @property
    def has_outcomes(self) -> bool:
        """True when the game names its outcomes (then the properties below are defined)."""
        return getattr(getattr(self, "game", None), "outcome_names", None) is not None

    def _check_outcomes(self) -> None:
        if not self.has_outcomes:
            raise ParameterError("outcomes", None, "outcome names given to the game",
                                 f"build the {type(getattr(self, 'game', None)).__name__} with outcomes=... "
                                 "and escalatory=...")

    @property
    def outcome_distributions(self) -> tuple[dict[str, float], ...]:
        """Per equilibrium (its representative profile), the probability of each named outcome."""
        self._check_outcomes()
        return tuple(self.game.outcome_probabilities(*self._profile(e)) for e in self.equilibria)

    def _escalation(self, d: Mapping[str, float]) -> float:
        esc = self.game.escalatory
        return float(sum(p for o, p in d.items() if o in esc))

    @property
    def escalation_probabilities(self) -> tuple[float, ...]:
        """Per equilibrium (its representative profile), the mass of the game's escalatory outcomes."""
        return tuple(self._escalation(d) for d in self.outcome_distributions)

    @property
    def escalation_range(self) -> tuple[float, float]:
        """(min, max) escalation probability over every equilibrium; (nan, nan) if none.

        Exact over convex cells of equilibria: the escalation mass is multilinear in the
        players' strategies, so its extremes over a product of polytopes are at vertices.
        """
        self._check_outcomes()
        esc = [self._escalation(self.game.outcome_probabilities(*prof))
               for e in self.equilibria for prof in self._extreme_profiles(e)]
        return (min(esc), max(esc)) if esc else (float("nan"), float("nan"))


@dataclass(frozen=True, eq=False)
class NashEquilibria(Result, EquilibriumOutcomes):
    """Every extreme Nash equilibrium of a bimatrix game.

    Attributes
    ----------
    equilibria : tuple of (x, y)
        Extreme equilibria: row player's and column player's mixed strategies, sorted
        lexicographically so that the order is deterministic.
    degenerate : bool
        True when the game is degenerate (some mixed strategy with support of size k has
        more than k pure best responses). Equilibria may then be non-isolated.
    continua : tuple of tuple of int
        Maximal Nash subsets with more than one extreme point, each given as the indices
        of its extreme equilibria; every convex combination within a subset (taken as a
        product of the row and column parts) is an equilibrium.
    method : str
        The algorithm that produced the list.
    max_regret : float
        Largest gain from a pure deviation over all returned equilibria (the certificate).
    """

    equilibria: tuple[tuple[NDArray[np.float64], NDArray[np.float64]], ...]
    degenerate: bool
    method: str
    max_regret: float
    continua: tuple[tuple[int, ...], ...] = ()
    warnings: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)
    game: Any = None

    def __post_init__(self) -> None:
        eqs = tuple((readonly(np.asarray(x, float)), readonly(np.asarray(y, float)))
                    for x, y in self.equilibria)
        object.__setattr__(self, "equilibria", eqs)
        object.__setattr__(self, "options", frozen_map(self.options))

    def __iter__(self) -> Iterator[tuple[NDArray[np.float64], NDArray[np.float64]]]:
        return iter(self.equilibria)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __getitem__(self, i: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        return self.equilibria[i]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NashEquilibria):
            return NotImplemented
        return (
            len(self) == len(other)
            and all(np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
                    for a, b in zip(self.equilibria, other.equilibria, strict=True))
            and self.degenerate == other.degenerate
            and self.continua == other.continua
        )

    __hash__ = None  # type: ignore[assignment]

    def to_frame(self) -> pd.DataFrame:
        """One row per extreme equilibrium with both strategies as lists (and, when the game
        names its outcomes, their probabilities and the escalation probability)."""
        rows = [{"equilibrium": i, "row_strategy": x.tolist(), "column_strategy": y.tolist()}
                for i, (x, y) in enumerate(self.equilibria)]
        if self.has_outcomes and rows:
            for row, d, e in zip(rows, self.outcome_distributions, self.escalation_probabilities, strict=True):
                row["escalation_probability"] = e
                row.update({f"prob_{o}": p for o, p in d.items()})
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        """JSON-ready dictionary of the equilibria, degeneracy, continua and certificate."""
        return {
            "equilibria": [[x.tolist(), y.tolist()] for x, y in self.equilibria],
            "degenerate": self.degenerate,
            "continua": [list(c) for c in self.continua],
            "method": self.method,
            "max_regret": self.max_regret,
            "warnings": list(self.warnings),
        }

    def __repr__(self) -> str:
        shape = ""
        if self.game is not None and hasattr(self.game, "shape"):
            shape = "{}x{} ".format(*self.game.shape)
        extra = ", degenerate" if self.degenerate else ""
        extra += f", {len(self.continua)} continu{'um' if len(self.continua) == 1 else 'a'}" if self.continua else ""
        n = len(self)
        return f"<{shape}NashEquilibria: {n} extreme equilibri{'um' if n == 1 else 'a'}{extra}>"

    def __str__(self) -> str:
        lines = [repr(self), f"  method: {self.method}; max regret {self.max_regret:.3g}"]
        with np.printoptions(precision=6, suppress=True):
            for i, (x, y) in enumerate(self.equilibria):
                lines.append(f"  [{i}] row {x}  column {y}")
        for c in self.continua:
            lines.append(f"  continuum through equilibria {list(c)}")
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(str(self))}</pre>"


# ---------------------------------------------------------------------------------------
# Every result type of the package, by the module that defines it
# ---------------------------------------------------------------------------------------

#: result types defined above this base layer (solvers, models, sweeps, estimation), by module.
#: ``dg.results.<Name>`` resolves them on first access: this module never imports them at import
#: time, so that the layers below can build on :class:`Result` (DESIGN.md, imports point down).
RESULT_TYPES: dict[str, str] = {
    "PBEResult": "solvers.pbe", "PBE": "solvers.pbe", "BeliefRegion": "solvers.pbe",
    "PBEBatchResult": "solvers.pbe", "GreenPorterEquilibrium": "models.price_war_trigger",
    "QREProfile": "solvers.qre", "QREPath": "solvers.qre", "LogitFit": "solvers.qre",
    "PiecewiseResult": "solvers.symbolic", "Regime": "solvers.symbolic",
    "PayoffSet": "solvers.payoff_sets",
    "AutomatonAnalysis": "solvers.automata", "AutomatonPath": "solvers.automata",
    "NoiseChainResult": "solvers.automata",
    "MechanismResult": "solvers.mechanism", "MediationCheck": "solvers.mechanism",
    "InformationDesignResult": "solvers.information_design",
    "Batched2x2Result": "solvers.batched", "TreeSolution": "solvers.extensive",
    "ReputationEquilibrium": "solvers.reputation",
    "ArraySolution": "models", "QRESelection": "models", "StaticsResult": "models", "SymbolicForm": "models",
    "SweepRun": "sweeps", "AtlasResult": "sweeps.atlas",
    "StrategicFit": "estimation", "FitSummary": "estimation",
    "PayoffSetBounds": "solvers.payoff_sets", "BlackwellComparison": "solvers.information_design",
    "ReputationCertificate": "solvers.reputation", "FudenbergLevineBound": "solvers.reputation",
    "ThresholdDesign": "solvers.trigger_closed_forms", "InspectionTables": "models.inspection_repeated",
    "TrustSimulation": "models.trust_building", "NonNestedTest": "estimation",
    "Segment": "sweeps.atlas", "Effect": "sweeps.atlas", "TableCheck": "replication", "PaperCheck": "replication",
    "CheckReport": "testing",
}

__all__ += ["Result", "EquilibriumOutcomes", "frozen_map", "readonly", "not_converged", "RESULT_TYPES", *RESULT_TYPES]


def __getattr__(name: str) -> Any:
    """``dg.results.<Name>`` for the result types of the layers above (see :data:`RESULT_TYPES`)."""
    where = RESULT_TYPES.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__package__}.{where}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *RESULT_TYPES})
