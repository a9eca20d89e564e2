"""The model contract: :class:`Model`, :class:`Parameter` and the parameter domains.

A model maps named IR parameters to a game, solves it, and reports every equilibrium with
its outcome distribution and escalation probability. Subclasses declare:

``id``                 registry key (snake_case, fixed once published)
``title``              one line
``provenance``         ``"paper-faithful"``, ``"textbook version"``, ``"reconstruction"`` or
                       ``"user model"`` (the default of a model that implements :meth:`Model.equilibria`)
``variants``           optional :class:`Variant` tuple: parts of the model with their own label
                       (a solution, a sweep and ``deterrence-games models`` report the label of
                       the variant actually solved; see :meth:`Model.variant_of`)
``method``             how the equilibria are found (required with :meth:`Model.equilibria`)
``references``         citation strings ``"Fearon1995: ..."``
``parameters``         tuple of :class:`Parameter` (name, default, domain, meaning, symbol, role)
``outcomes``           names of terminal outcomes (a solution gives a distribution over them)
``escalatory``         the subset of ``outcomes`` that counts as escalation
``information``        names of the parameters that measure information sharing

and implement the public hook ``equilibria(self, params) -> list[Equilibrium]`` (``params``
is the validated parameter dict), each equilibrium built with :meth:`Model.equilibrium`;
optionally ``_check(p)`` for cross-parameter conditions and ``_solve_arrays(p)`` for a
vectorized closed form used by sweeps (see :meth:`Model.evaluate`). The shipped models
implement the same hook under its former private name ``_solve`` (and build equilibria
with ``_equilibrium``); :meth:`Model.solve` dispatches to whichever the class defines.
A model whose equilibria are those of a finite game may also expose it (``finite_game(p)`` and
``equilibrium_profiles(p, eq)``), which enables the QRE-limit selection ``select="qre"``
(see :mod:`deterrence_games.models._qre_select`).

Example
-------
>>> import deterrence_games as dg
>>> class Hotline(dg.Model):
...     "A crisis that escalates unless a hotline (working with probability h) connects."
...     id = "hotline_example"
...     title = "Hotline example"
...     method = "closed form"
...     parameters = (dg.Parameter("h", 0.5, dg.interval(0, 1), "hotline reliability",
...                                information=True),)
...     outcomes = ("talks", "war")
...     escalatory = ("war",)
...     def equilibria(self, params):
...         h = params["h"]
...         return [self.equilibrium("pure", {"talks": h, "war": 1 - h})]
>>> Hotline().solve(h=0.8).escalation_range
(0.19999999999999996, 0.19999999999999996)

"""

from __future__ import annotations

import inspect
import math
import pickle
import sys
import types
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Literal

import numpy as np
from numpy.typing import NDArray

from .._validation import (
    Choice,
    Domain,
    IntegerRange,
    Interval,
    ParameterError,
    check_array,
    check_scalar,
)
from ..results import Equilibrium, ModelSolution, Result, frozen_map, select_equilibria
from .roles import ROLES, check_role

__all__ = ["Parameter", "Model", "Variant", "PROVENANCE_LABELS", "PROVENANCE_ORDER", "ROLES", "interval", "integer", "choice", "sample_value"]

PROVENANCE_LABELS = ("paper-faithful", "textbook version", "reconstruction", "user model")

#: former role names, accepted with a DeprecationWarning for one release
_FORMER_ROLES = {"accuracy": "signal_accuracy", "noise": "signal_noise"}


@dataclass(frozen=True)
class Parameter:
    """A model parameter.

    Parameters
    ----------
    name : str
        The keyword the model takes (a Python identifier).
    default : object
        The value used when the parameter is not given; must lie in ``domain``.
    domain : Interval, IntegerRange or Choice
        The admissible values (see :func:`interval`, :func:`integer`, :func:`choice`).
    meaning : str
        One line saying what it is.
    symbol : str, optional
        The paper's letter (shown in plots and LaTeX).
    information : bool, default False
        True if it measures information sharing (transparency, detection, a hotline).
    role : str, optional
        What kind of quantity it is, one of :data:`~deterrence_games.models.roles.ROLES`
        (``"prior"``, ``"discount"``, ``"detection"``, ``"false_alarm"``,
        ``"signal_accuracy"``, ``"variant"``, ...); the domain must lie within the role's.
        Every parameter of a shipped model has one.
    former : tuple of str, optional
        Former names of the parameter, still accepted for one release with a
        ``DeprecationWarning`` naming ``name`` (see :meth:`Model.canonical_names`).
    """

    name: str
    default: Any
    domain: Domain
    meaning: str
    symbol: str = ""
    information: bool = False  # True if it measures information sharing / transparency
    role: str | None = None
    former: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise TypeError(f"`name` of a Parameter must be a Python identifier (got {self.name!r})")
        if not isinstance(self.domain, Interval | IntegerRange | Choice):
            raise TypeError(f"`domain` of parameter {self.name!r} must be made with interval(), integer() or "
                            f"choice() (got {type(self.domain).__name__})")
        if not isinstance(self.meaning, str):
            raise TypeError(f"`meaning` of parameter {self.name!r} must be a string (got {self.meaning!r})")
        if self.role is not None and not isinstance(self.role, str):
            raise TypeError(f"`role` of parameter {self.name!r} must be a string or None "
                            f"(got {self.role!r}); roles: {', '.join(ROLES)}")
        if self.role in _FORMER_ROLES:
            warnings.warn(f"role {self.role!r} of parameter {self.name!r} is deprecated: use "
                          f"{_FORMER_ROLES[self.role]!r}", DeprecationWarning, stacklevel=3)
            object.__setattr__(self, "role", _FORMER_ROLES[self.role])
        check_role(self.name, self.role, self.domain)
        if isinstance(self.former, str) or not all(isinstance(f, str) and f.isidentifier() for f in self.former):
            raise TypeError(f"`former` of parameter {self.name!r} must be a tuple of identifiers "
                            f"(got {self.former!r})")
        object.__setattr__(self, "former", tuple(self.former))

    def describe(self) -> str:
        """The domain in words, e.g. ``"0 <= rho <= 1"``."""
        return self.domain.describe(self.name)

    def to_dict(self) -> dict:
        """JSON-ready description (``deterrence-games models --json``)."""
        return {
            "name": self.name,
            "default": self.default,
            "domain": self.domain.to_dict(),
            "domain_text": self.describe(),
            "meaning": self.meaning,
            "symbol": self.symbol,
            "information": self.information,
            "role": self.role,
            "former": list(self.former),
        }


@dataclass(frozen=True)
class Variant:
    """A part of a model with its own provenance label.

    ``when`` holds the parameter values that select it (matched exactly; the variant with the
    most matching entries wins, see :meth:`Model.variant_of`); ``condition`` says it in words
    when a model decides by a rule of its own (e.g. ``"rho != 0.5"``); ``example`` is a point
    of the variant (default: ``when``). ``escalation=False`` marks a variant without an
    escalatory outcome (its escalation probability is 0 by construction).

    Attributes
    ----------
    name : str
        Name of the variant (e.g. ``"pooling region"``).
    provenance : str
        Its provenance label (:data:`PROVENANCE_ORDER`).
    when : mapping str -> object
        Parameter values that select it.
    condition : str
        The selecting rule in words, when ``when`` cannot say it.
    example : mapping str -> object or None
        A parameter point of the variant (None: ``when``).
    escalation : bool
        False for a variant without an escalatory outcome.
    """

    name: str
    provenance: str
    when: Mapping[str, Any] = field(default_factory=dict)
    condition: str = ""
    example: Mapping[str, Any] | None = None
    escalation: bool = True  # False: no escalatory outcome (escalation identically 0; not in the atlas)

    def to_dict(self) -> dict:
        """JSON-ready dictionary: name, provenance, when, condition, escalation.

        Returns
        -------
        dict
        """
        return {"name": self.name, "provenance": self.provenance, "when": dict(self.when),
                "condition": self.condition, "escalation": self.escalation}


#: ``{id(parameters): (parameters, {former: current})}``: :attr:`Model.renamed` per parameter tuple
_RENAMED: dict[int, tuple[tuple, dict[str, str]]] = {}

PROVENANCE_ORDER = {"user model": 0, "reconstruction": 0, "textbook version": 1, "paper-faithful": 2}
"""Labels from the least to the most verified (a mixed sweep reports its weakest label)."""


@dataclass(frozen=True, eq=False)
class ArraySolution(Result):
    """Vectorized solution of a model with a fixed number ``k`` of equilibrium slots.

    Every array has shape ``(n, k)`` for ``n`` parameter points; ``valid[i, j]`` says
    whether slot ``j`` holds an equilibrium at point ``i``. ``outcomes`` maps each outcome
    name to its probability, ``quantities`` further numbers, ``labels`` the equilibrium
    kind (an object array of str), ``flags`` boolean refinement/selection flags.

    Attributes
    ----------
    valid : ndarray of bool, shape (n, k)
        Slot ``j`` holds an equilibrium at point ``i``.
    labels : ndarray of object, shape (n, k)
        Equilibrium labels (str).
    outcomes : mapping str -> ndarray, shape (n, k)
        Probability of each named outcome.
    quantities : mapping str -> ndarray, shape (n, k)
        Further numbers per equilibrium (thresholds, payoffs, ...).
    flags : mapping str -> ndarray of bool, shape (n, k)
        Refinement and selection flags.
    parameters : mapping str -> ndarray
        The validated parameter values the arrays were computed at (filled in by
        :meth:`Model.evaluate`; empty when a model's kernel builds the solution).
    """

    valid: NDArray[np.bool_]
    labels: NDArray[np.object_]
    outcomes: Mapping[str, NDArray[np.float64]]
    quantities: Mapping[str, NDArray[np.float64]] = field(default_factory=dict)
    flags: Mapping[str, NDArray[np.bool_]] = field(default_factory=dict)
    parameters: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # read-only views, not copies (a vectorized sweep holds these for every point of a chunk)
        for name in ("valid", "labels"):
            object.__setattr__(self, name, _readonly_view(getattr(self, name)))
        for name in ("outcomes", "quantities", "flags", "parameters"):
            object.__setattr__(self, name, frozen_map({k: _readonly_view(v) for k, v in getattr(self, name).items()}))

    def __repr__(self) -> str:
        n, k = np.shape(self.valid) if np.ndim(self.valid) == 2 else (np.size(self.valid), 1)
        return f"<ArraySolution: {n} points x {k} equilibrium slots, {int(np.sum(self.valid))} equilibria>"


def _readonly_view(a: Any) -> Any:
    """A read-only view of an array (no copy); anything else unchanged."""
    if isinstance(a, np.ndarray):
        a = a.view()
        a.setflags(write=False)
    return a


class Model:
    """Base class of every model (see the module docstring for the contract)."""

    id: ClassVar[str] = ""
    title: ClassVar[str] = ""
    provenance: ClassVar[str] = ""
    variants: ClassVar[tuple[Variant, ...]] = ()
    references: ClassVar[tuple[str, ...]] = ()
    parameters: ClassVar[tuple[Parameter, ...]] = ()
    outcomes: ClassVar[tuple[str, ...]] = ()
    escalatory: ClassVar[tuple[str, ...]] = ()
    method: ClassVar[str] = "closed form"
    #: the refinement / selection flags its equilibria may carry (``select="flag:<name>"``); when
    #: declared, an unknown flag name is refused before a sweep starts (None: not declared)
    flags: ClassVar[tuple[str, ...] | None] = None

    # ------------------------------------------------------------------------------
    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if isinstance(cls.__dict__.get("solve"), types.FunctionType):  # an override keeps the signature
            cls.solve = _ParameterSignature(cls.__dict__["solve"])
        if not cls.provenance and (cls.id or "equilibria" in cls.__dict__):
            cls.provenance = "user model"  # a model not published in a paper
        if "equilibria" in cls.__dict__:  # the public hook: method is declared
            if not any("method" in c.__dict__ for c in cls.__mro__[:-1] if c is not Model):
                raise TypeError(f"{cls.__name__} must declare `method`: how its equilibria are found "
                                "(e.g. 'closed form', 'enumeration of pure profiles')")
        if cls.id:
            if cls.provenance not in PROVENANCE_LABELS:
                raise TypeError(f"{cls.__name__}.provenance must be one of {PROVENANCE_LABELS}")
            for v in cls.variants:
                if v.provenance not in PROVENANCE_LABELS:
                    raise TypeError(f"{cls.__name__} variant {v.name!r}: provenance must be one of {PROVENANCE_LABELS}")
            unknown = set(cls.escalatory) - set(cls.outcomes)
            if unknown:
                raise TypeError(f"{cls.__name__}.escalatory names unknown outcomes {sorted(unknown)}")

    @property
    def information(self) -> tuple[str, ...]:
        """Names of the parameters that measure information sharing."""
        return tuple(p.name for p in self.parameters if p.information)

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters)

    @property
    def renamed(self) -> dict[str, str]:
        """``{former name: current name}`` of the renamed parameters (accepted with a warning)."""
        params = self.parameters
        hit = _RENAMED.get(id(params))
        if hit is None or hit[0] is not params:  # computed once per parameter tuple
            hit = _RENAMED[id(params)] = (params, {f: p.name for p in params for f in p.former})
        return dict(hit[1])

    def canonical_names(self, params: Mapping[str, Any], *, where: str = "") -> dict[str, Any]:
        """``params`` with every former parameter name replaced by the current one.

        A former name (:attr:`Parameter.former`) works for one release and emits a
        ``DeprecationWarning`` naming the new name; giving both raises ``ParameterError``.
        Every entry point goes through here (solve, sweep grids and ``fixed``, the command
        line's ``--set``/``--grid``, sweep specifications, stored sweeps and manifests).

        Parameters
        ----------
        params : mapping
            Keyword -> value (unknown names are passed through, for the caller to refuse).
        where : str, optional
            Where the names come from, for the warning (e.g. ``"sweep file t.csv"``).

        Returns
        -------
        dict
            The same values under the current names, in the same order.
        """
        params_tuple = self.parameters
        hit = _RENAMED.get(id(params_tuple))
        renamed = hit[1] if hit is not None and hit[0] is params_tuple else self.renamed
        if not renamed or not any(k in renamed for k in params):
            return dict(params)
        out: dict[str, Any] = {}
        for k, v in params.items():
            new = renamed.get(k)
            if new is None:
                if k in out:
                    raise ParameterError(k, v, f"either {k!r} or its former name, not both")
                out[k] = v
                continue
            if new in params or new in out:
                raise ParameterError(k, v, f"either {new!r} or its former name {k!r}, not both",
                                     f"{k!r} is the former name of {new!r} in model {self.id!r}")
            warnings.warn(f"parameter {k!r} of model {self.id!r} is now called {new!r}"
                          + (f" ({where})" if where else "") + f": use {new!r}; the former name "
                          "will stop working in the next release", DeprecationWarning,
                          stacklevel=_caller_level())
            out[new] = v
        return out

    def parameter(self, name: str) -> Parameter:
        """The declared :class:`Parameter` called ``name``.

        Parameters
        ----------
        name : str
            A parameter name (see :attr:`parameter_names`).

        Returns
        -------
        Parameter

        Raises
        ------
        ParameterError
            The model has no such parameter (the message lists its parameters).
        """
        for p in self.parameters:
            if p.name == name:
                return p
        if name in self.renamed:
            return self.parameter(next(iter(self.canonical_names({name: None}))))
        raise ParameterError(
            "parameter", name, f"one of {', '.join(self.parameter_names)}",
            f"model {self.id!r} has no parameter {name!r}",
        )

    @property
    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.parameters}

    def __repr__(self) -> str:
        return f"<Model {self.id!r}: {self.title} [{self.provenance_text()}]>"

    # provenance per variant -------------------------------------------------------------
    def variant_of(self, p: Mapping[str, Any]) -> Variant | None:
        """The variant that the validated parameters ``p`` select (None: the model has none).

        The variant whose ``when`` values all equal ``p``'s, the most specific first; a model
        whose variants depend on a rule (e.g. brinkmanship's ``rho != 0.5``) overrides this.

        Parameters
        ----------
        p : mapping of str to object
            Validated parameter values (:meth:`validate`).

        Returns
        -------
        Variant or None
        """
        best, n_best = None, -1
        for v in self.variants:
            if all(k in p and p[k] == x for k, x in v.when.items()) and len(v.when) > n_best:
                best, n_best = v, len(v.when)
        return best

    def provenance_for(self, p: Mapping[str, Any]) -> str:
        """The provenance label of a solve at the validated parameters ``p`` (per variant).

        Parameters
        ----------
        p : mapping of str to object
            Validated parameter values (:meth:`validate`).

        Returns
        -------
        str
            ``"paper-faithful"``, ``"textbook version"``, ``"reconstruction"`` or
            ``"user model"``.
        """
        v = self.variant_of(p)
        return v.provenance if v is not None else self.provenance

    def provenance_text(self) -> str:
        """One line: the model's label, or each variant's (``deterrence-games models``)."""
        if not self.variants:
            return self.provenance
        return "; ".join(f"{v.name}: {v.provenance}" + ("" if v.escalation else " (no escalatory outcome)")
                         for v in self.variants)

    # pickling (process and Dask backends) ----------------------------------------------
    def _by_reference(self) -> bool:
        """Can another process rebuild this model from its class's import path?"""
        return _importable(type(self))

    def __reduce_ex__(self, protocol: Any) -> Any:
        """Pickle by reference (module + class name) when another process can import the
        class, else by value with cloudpickle (a model defined in a notebook cell,
        ``__main__``, a function body or a file loaded with ``--model-file``)."""
        if self._by_reference():
            return object.__reduce_ex__(self, protocol)
        try:
            import cloudpickle
        except ImportError:  # pragma: no cover - cloudpickle comes with dask
            raise pickle.PicklingError(
                f"model {self.id or type(self).__name__!r} is defined where another process cannot import it "
                "(a notebook, __main__ or a function body): pickling it by value needs cloudpickle "
                "(pip install 'deterrence_games[user-models]')") from None
        return _rebuild_by_value, (cloudpickle.dumps((type(self), self.__dict__), protocol=protocol),)

    def describe(self) -> dict:
        """Metadata for ``deterrence-games models --json`` and documentation."""
        return {
            "id": self.id,
            "title": self.title,
            "provenance": self.provenance,
            "variants": [v.to_dict() for v in self.variants],
            "references": list(self.references),
            "parameters": [p.to_dict() for p in self.parameters],
            "outcomes": list(self.outcomes),
            "escalatory": list(self.escalatory),
            "information": list(self.information),
        }

    # validation -----------------------------------------------------------------------
    def validate(self, **params: Any) -> dict[str, Any]:
        """Fill defaults and check every value; raise ``ParameterError`` naming the culprit.

        Parameters
        ----------
        **params
            Parameter values by name (the others take their defaults).

        Returns
        -------
        dict of str to object
            One value per declared parameter, in declaration order (integers as ``int``).

        Raises
        ------
        ParameterError
            An unknown name, a value outside its domain, or a violated cross-parameter
            condition, naming the parameter, the value and the domain.

        Examples
        --------
        >>> import deterrence_games as dg
        >>> dg.get_model("crisis_bargaining_signal").validate(rho=0.9)["rho"]
        0.9
        """
        params = self.canonical_names(params)
        for k in params:
            self.parameter(k)  # unknown names raise, listing the model's parameters
        p: dict[str, Any] = {}
        for par in self.parameters:
            value = params.get(par.name, par.default)
            p[par.name] = check_scalar(par.name, value, par.domain, par.meaning)
        self._check(p)
        return p

    def validate_arrays(self, **arrays: Any) -> dict[str, NDArray]:
        """Broadcast parameter arrays (defaults filled) and check every element.

        Parameters
        ----------
        **arrays : array_like
            Values by parameter name, broadcast against each other.

        Returns
        -------
        dict of str to numpy.ndarray
            One flat array per declared parameter, all of the broadcast size.

        Raises
        ------
        ParameterError
            As :meth:`validate`, for the first offending element.
        """
        arrays = self.canonical_names(arrays)
        for k in arrays:
            self.parameter(k)
        out: dict[str, NDArray] = {}
        for par in self.parameters:
            value = arrays.get(par.name, par.default)
            out[par.name] = check_array(par.name, value, par.domain, par.meaning)
        shaped = np.broadcast_arrays(*out.values()) if out else []
        out = {k: np.ascontiguousarray(v).ravel() for k, v in zip(out, shaped, strict=True)}
        self._check_arrays(out)
        return out

    def _check(self, p: dict[str, Any]) -> None:
        """Cross-parameter conditions on one point (override; raise ParameterError)."""
        self._check_arrays({k: np.atleast_1d(v) for k, v in p.items()
                            if not isinstance(self.parameter(k).domain, Choice)})

    def _check_arrays(self, p: dict[str, NDArray]) -> None:
        """Cross-parameter conditions on arrays of points (override; raise ParameterError)."""

    @staticmethod
    def _require(ok: NDArray | bool, name: str, value: Any, domain: str, hint: str = "") -> None:
        """Raise ParameterError for the first point where ``ok`` is False."""
        ok = np.asarray(ok)
        if not ok.all():
            v = np.asarray(value)
            bad = v.ravel()[np.flatnonzero(~ok.ravel())[0]] if v.ndim else v
            raise ParameterError(name, bad.item() if hasattr(bad, "item") else bad, domain, hint)

    # solving -----------------------------------------------------------------------
    def solve(self, **params: Any) -> ModelSolution:
        """Solve at one parameter point and return every equilibrium.

        Parameters
        ----------
        **params
            Values of the model's parameters (:attr:`parameters`) by name; a parameter not
            given takes its default. On a model instance the signature and this section list
            each parameter with its meaning, domain and default.

        Returns
        -------
        ModelSolution
            Every equilibrium found, each with its outcome distribution and escalation
            probability, and the provenance label of the variant solved.

        Raises
        ------
        ParameterError
            An unknown parameter, or a value outside its domain, before any work.
        """
        p = self.validate(**params)
        equilibria = self._solve(p)
        return self._solution(p, equilibria)

    def _solution(self, p: Mapping[str, Any], equilibria: list[Equilibrium],
                  warnings: tuple[str, ...] = (), method: str | None = None,
                  solver_options: Mapping[str, Any] | None = None) -> ModelSolution:
        v = self.variant_of(p)
        if v is not None and not v.escalation:
            warnings = (*warnings, f"variant {v.name!r} has no escalatory outcome: its escalation "
                                   "probability is 0 by construction (see its quantities)")
        return ModelSolution(
            model=self.id,
            parameters=dict(p),
            equilibria=tuple(equilibria),
            outcomes=tuple(self.outcomes),
            escalatory=tuple(self.escalatory),
            method=method or self.method,
            provenance=self.provenance_for(p),
            warnings=tuple(warnings),
            solver_options=solver_options or {},
            selector=self.select,
        )

    def select(self, solution: ModelSolution, rule: str = "all") -> tuple[list[int], dict[str, float]]:
        """The equilibria of ``solution`` kept by the declared selection ``rule``.

        Parameters
        ----------
        solution : ModelSolution
            This model's solution at one point.
        rule : str
            A rule of :data:`deterrence_games.results.SELECTIONS` or ``"flag:<name>"``. ``"qre"``
            is the limit of the logit QRE principal branch on this model's finite game
            (McKelvey & Palfrey 1995; Turocy 2005; :func:`~deterrence_games.models.qre_selection`).

        Returns
        -------
        (list of int, dict)
            The indices kept (possibly none) and the quantities the rule reports (for
            ``"qre"``: ``qre_distance``, ``qre_lambda``, ...). A ``"qre"`` limit that matches
            no single equilibrium raises :class:`~deterrence_games.models.QRESelectionError`.
        """
        if rule == "qre":
            from .selection import (  # a sibling that builds on Model
                check_qre_supported,
                qre_selection,
            )

            check_qre_supported(self)
            chosen = qre_selection(self, solution)
            return [chosen.index], chosen.quantities()
        return select_equilibria(solution.equilibria, rule), {}

    def equilibria(self, params: dict[str, Any]) -> list[Equilibrium]:
        """Every equilibrium at the validated parameters ``params`` (the hook a model implements).

        Parameters
        ----------
        params : dict
            One value per declared parameter, already checked against its domain and the
            model's cross-parameter conditions (:meth:`validate`).

        Returns
        -------
        list of Equilibrium
            All equilibria (never a silent selection), each built with :meth:`equilibrium`.
        """
        if type(self)._solve is not Model._solve:  # a model written against the former private hook
            return self._solve(params)
        raise NotImplementedError(f"model {self.id or type(self).__name__!r} implements neither "
                                  "`equilibria(self, params)` nor the former `_solve(self, p)`")

    def _solve(self, p: dict[str, Any]) -> list[Equilibrium]:
        """Former private name of :meth:`equilibria` (the shipped models implement it)."""
        if type(self).equilibria is Model.equilibria:
            raise NotImplementedError(f"model {self.id or type(self).__name__!r} implements neither "
                                      "`equilibria(self, params)` nor the former `_solve(self, p)`")
        eqs = self.equilibria(p)
        if isinstance(eqs, Equilibrium) or not isinstance(eqs, list | tuple):
            raise TypeError(f"{type(self).__name__}.equilibria must return a list of Equilibrium "
                            f"(got {type(eqs).__name__})")
        for e in eqs:
            if not isinstance(e, Equilibrium):
                raise TypeError(f"{type(self).__name__}.equilibria must return a list of Equilibrium built with "
                                f"self.equilibrium(label, outcomes) (got an item of type {type(e).__name__})")
        return list(eqs)

    def equilibrium(self, label: str, outcomes: Mapping[str, float], **extras: Any) -> Equilibrium:
        """An :class:`~deterrence_games.results.Equilibrium` of this model.

        Parameters
        ----------
        label : str
            The kind of equilibrium (``"pure"``, ``"mixed"``, ``"pooling"``, ...).
        outcomes : mapping str -> float
            Probability of each of the model's outcomes (names not given have probability
            0); a probability distribution over :attr:`outcomes`.
        **extras
            ``strategies``, ``quantities``, ``flags``, ``certificate`` (see ``Equilibrium``).

        Returns
        -------
        Equilibrium
            With ``escalation_probability`` the mass on :attr:`escalatory`.

        Raises
        ------
        ValueError
            An outcome name the model does not declare, or probabilities that are not a
            distribution (each in [0, 1], summing to 1 within ``1e-9``).
        """
        if not isinstance(label, str) or not label:
            raise TypeError(f"`label` must be a non-empty string (got {label!r})")
        if not isinstance(outcomes, Mapping):
            raise TypeError(f"`outcomes` must be a mapping outcome name -> probability (got {type(outcomes).__name__})")
        unknown = [o for o in outcomes if o not in self.outcomes]
        if unknown:
            raise ValueError(f"`outcomes` names {unknown} not among the model's outcomes {list(self.outcomes)}")
        probs = {o: float(outcomes.get(o, 0.0)) for o in self.outcomes}
        v = np.array(list(probs.values()))
        if not (np.isfinite(v).all() and (v >= -1e-9).all() and (v <= 1 + 1e-9).all() and abs(v.sum() - 1) <= 1e-9):
            raise ValueError(f"`outcomes` must be a probability distribution over {list(self.outcomes)} "
                             f"(got {probs}, total {v.sum()!r})")
        return self._equilibrium(label, probs, **extras)

    def _equilibrium(self, label: str, outcomes: Mapping[str, float], **kwargs: Any) -> Equilibrium:
        """Build an Equilibrium whose escalation probability is the escalatory mass (unchecked;
        former private name of :meth:`equilibrium`)."""
        outcomes = {o: float(outcomes.get(o, 0.0)) for o in self.outcomes}
        esc = sum(outcomes[o] for o in self.escalatory)
        return Equilibrium(label=label, outcomes=outcomes, escalation_probability=esc, **kwargs)

    # the finite game (for the QRE-limit selection) ------------------------------------
    @property
    def has_finite_game(self) -> bool:
        """True if the model exposes its finite game (:meth:`finite_game`): ``select="qre"``."""
        return type(self).finite_game is not Model.finite_game

    def finite_game(self, p: dict[str, Any]) -> Any:
        """The finite game (``BimatrixGame`` or ``SignalingGame``) whose equilibria
        :meth:`_solve` reports at the validated parameters ``p``.

        Optional hook (default: not supported). A model that overrides it also overrides
        :meth:`equilibrium_profiles`; together they define ``select="qre"``.

        Parameters
        ----------
        p : dict
            Validated parameter values.

        Returns
        -------
        BimatrixGame or SignalingGame

        Raises
        ------
        NotImplementedError
            The model does not expose a finite game.
        """
        raise NotImplementedError(f"model {self.id!r} does not expose a finite game")

    def equilibrium_profiles(self, p: dict[str, Any], eq: Equilibrium) -> tuple[NDArray, ...]:
        """The strategy profiles the reported equilibrium ``eq`` stands for, in the
        coordinates of :attr:`deterrence_games.solvers.qre.QREProfile.strategies` of
        :meth:`finite_game` (``(x, y)`` for a bimatrix game, ``(sigma, rho)`` for a signaling
        game): one array of extreme points per block, shape ``(n_vertices, *block_shape)``.
        The set is the product over blocks of the convex hulls (one vertex per block for an
        isolated equilibrium).

        Parameters
        ----------
        p : dict
            Validated parameter values.
        eq : Equilibrium
            One equilibrium of the solution at ``p``.

        Returns
        -------
        tuple of numpy.ndarray
            Extreme points per block.
        """
        raise NotImplementedError(f"model {self.id!r} does not expose a finite game")

    def profile_outcomes(self, p: dict[str, Any], strategies: tuple[NDArray, ...]) -> Mapping[str, float]:
        """Optional: the outcome distribution of a strategy profile of :meth:`finite_game`
        (same coordinates as :meth:`equilibrium_profiles`, one profile per block); used to
        report the escalation probability at the QRE limit itself.

        Parameters
        ----------
        p : dict
            Validated parameter values.
        strategies : tuple of numpy.ndarray
            One strategy profile, one array per block.

        Returns
        -------
        mapping of str to float
            Outcome name -> probability.
        """
        raise NotImplementedError(f"model {self.id!r} does not map profiles to outcomes")

    # vectorized --------------------------------------------------------------------
    @property
    def vectorized(self) -> bool:
        """True if the model evaluates whole parameter arrays at once (closed form)."""
        return type(self)._solve_arrays is not Model._solve_arrays

    def _solve_arrays(self, p: dict[str, NDArray]) -> ArraySolution:
        raise NotImplementedError

    def evaluate(self, **arrays: Any) -> ArraySolution:
        """Vectorized closed form over broadcast parameter arrays (no Python loop per point).

        Parameters
        ----------
        **arrays : array_like
            Values by parameter name (see :meth:`validate_arrays`).

        Returns
        -------
        ArraySolution
            Arrays of shape ``(n, k)`` for ``n`` points and ``k`` equilibrium slots, and the
            validated parameter arrays (``parameters``).

        Raises
        ------
        NotImplementedError
            The model has no vectorized closed form (:attr:`vectorized` is False).
        ParameterError
            A bad value, before any work.
        """
        if not self.vectorized:
            raise NotImplementedError(f"model {self.id!r} has no vectorized closed form; use solve()")
        p = self.validate_arrays(**arrays)
        return replace(self._solve_arrays(p), parameters=p)


class _ParameterSignature:
    """Descriptor of :meth:`Model.solve` (and its overrides): the bound method of a model
    carries the model's parameters as its signature and docstring.

    ``inspect.signature(model.solve)`` lists every parameter as keyword-only with its default
    and a type from its domain (``float``, ``int`` or a ``Literal`` of the options), and
    ``help(model.solve)`` its meaning and domain, so that Jupyter's ``?`` and tab completion
    show them. Calling is unchanged: unknown names and bad values raise ``ParameterError``.
    """

    def __init__(self, func: Any) -> None:
        self.func = func
        self.__doc__ = func.__doc__
        self.__name__ = func.__name__
        self.__wrapped__ = func
        self._cache: dict[tuple, tuple] = {}

    def __set_name__(self, owner: type, name: str) -> None:
        self.__name__ = name

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        if obj is None:
            return self.func
        params = obj.parameters
        key = (id(params), obj.id, obj.title)
        hit = self._cache.get(key)
        if hit is None or hit[0] is not params:
            hit = (params, self._wrapper(obj, params))
            self._cache[key] = hit
        return types.MethodType(hit[1], obj)

    def _wrapper(self, obj: Any, params: tuple[Parameter, ...]) -> Any:
        func = self.func

        def solve(self: Any, /, **kwargs: Any) -> ModelSolution:
            return func(self, **kwargs)

        solve.__name__ = solve.__qualname__ = self.__name__
        solve.__module__ = func.__module__
        solve.__wrapped__ = func  # type: ignore[attr-defined]
        solve.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)]
            + [inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY, default=p.default,
                                 annotation=_annotation(p.domain)) for p in params],
            return_annotation=ModelSolution)
        solve.__doc__ = _solve_doc(obj, params, func)
        return solve


def _annotation(domain: Domain) -> Any:
    """The type a domain admits: ``float``, ``int`` or ``Literal[options]``."""
    if isinstance(domain, Choice):
        return Literal[domain.options]  # type: ignore[valid-type]
    return int if isinstance(domain, IntegerRange) else float


def _type_text(domain: Domain) -> str:
    if isinstance(domain, Choice):
        return "{" + ", ".join(repr(o) for o in domain.options) + "}"
    return "int" if isinstance(domain, IntegerRange) else "float"


def _solve_doc(obj: Any, params: tuple[Parameter, ...], func: Any) -> str:
    """Numpydoc of a model's ``solve``: one entry per parameter (meaning, symbol, domain)."""
    base = inspect.getdoc(Model.__dict__["solve"].func)
    doc = inspect.getdoc(func) or base
    summary = doc.split("\n\n")[0]
    tail = base[base.index("Returns\n-------"):]
    lines = [f"{summary}", "", f"Model ``{obj.id}``: {obj.title}." if obj.title else f"Model ``{obj.id}``.",
             "", "Parameters", "----------"]
    for p in params:
        lines.append(f"{p.name} : {_type_text(p.domain)}, default {p.default!r}")
        symbol = f" (symbol {p.symbol})" if p.symbol and p.symbol != p.name else ""
        info = " Measures information sharing." if p.information else ""
        lines.append(f"    {p.meaning}{symbol}. Domain: ``{p.describe()}``.{info}")
    if not params:
        lines += ["None", "    The model has no parameters."]
    return "\n".join(lines) + "\n\n" + tail


Model.solve = _ParameterSignature(Model.__dict__["solve"])  # type: ignore[method-assign]
def _caller_level() -> int:
    """``stacklevel`` of the first frame outside this package (a user's script, notebook cell
    or test), so that the default warning filters show a DeprecationWarning there."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_globals.get("__name__", "").startswith("deterrence_games"):
        frame, level = frame.f_back, level + 1
    return level


def sample_value(domain: Domain, default: Any, rng: np.random.Generator) -> Any:
    """A random value of ``domain`` (uniform on a bounded interval, a default-sized range
    beside the default on an unbounded side, integers within 2 of the default, any option)."""
    if isinstance(domain, Choice):
        return domain.options[rng.integers(len(domain.options))]
    if isinstance(domain, IntegerRange):  # near the default: the cost of a solve often grows with it
        lo = max(domain.low, int(default) - 2)
        hi = int(default) + 2 if domain.high is None else min(domain.high, int(default) + 2)
        return int(rng.integers(lo, hi + 1))
    lo, hi = domain.low, domain.high
    if not math.isfinite(lo) and not math.isfinite(hi):
        lo, hi = default - 1.0, default + 1.0
    elif not math.isfinite(hi):
        hi = max(lo, default) + max(1.0, abs(default))
    elif not math.isfinite(lo):
        lo = min(hi, default) - max(1.0, abs(default))
    width = hi - lo
    return float(rng.uniform(lo + 1e-3 * width, hi - 1e-3 * width)) if width > 0 else float(lo)


# ---------------------------------------------------------------------------------------
# pickling by value
# ---------------------------------------------------------------------------------------

#: modules whose models and functions pickle by value (files loaded with ``--model-file``)
BY_VALUE_MODULES: set[str] = set()


def _importable(obj: Any) -> bool:
    """True if ``obj`` (a class or function) is found again at ``module.qualname`` by import."""
    module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", "")
    if not module or module in ("__main__", "__mp_main__") or module in BY_VALUE_MODULES or "<" in qualname:
        return False
    mod = sys.modules.get(module)
    if mod is None:
        return False
    target: Any = mod
    for part in qualname.split("."):
        target = getattr(target, part, None)
    return target is obj


def _rebuild_by_value(payload: bytes) -> Model:
    cls, state = pickle.loads(payload)
    obj = cls.__new__(cls)
    obj.__dict__.update(state)
    return obj


# ---------------------------------------------------------------------------------------
# domains
# ---------------------------------------------------------------------------------------


def _bound(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating) or np.isnan(value):
        raise TypeError(f"`{name}` must be a real number or +-inf (got {value!r})")
    return float(value)


def interval(low: float = -np.inf, high: float = np.inf, *, open_low: bool = False,
             open_high: bool = False) -> Interval:
    """The real interval from ``low`` to ``high`` (closed unless ``open_low``/``open_high``).

    Parameters
    ----------
    low, high : float
        The bounds; ``-inf``/``inf`` for none.
    open_low, open_high : bool, default False
        Exclude the bound (``interval(0, 1, open_low=True)`` is 0 < x <= 1).

    Returns
    -------
    Interval
        A parameter domain.
    """
    lo, hi = _bound("low", low), _bound("high", high)
    if not lo < hi and not (lo == hi and not open_low and not open_high and np.isfinite(lo)):
        raise ParameterError("high", high, f"high > low = {low!r}", "the interval must not be empty")
    return Interval(lo, hi, not open_low, not open_high)


def integer(low: int = 0, high: int | None = None) -> IntegerRange:
    """The integers ``low <= n <= high`` (``high=None``: no upper bound).

    Parameters
    ----------
    low : int, default 0
        The smallest admissible value.
    high : int or None, default None
        The largest admissible value; None for no upper bound. ``high >= low``.

    Returns
    -------
    IntegerRange
        A parameter domain (values are passed to the model as ``int``).
    """
    for name, v in (("low", low), ("high", high)):
        if v is not None and (isinstance(v, bool) or not isinstance(v, int | np.integer)):
            raise TypeError(f"`{name}` must be an integer (got {v!r})")
    if high is not None and high < low:
        raise ParameterError("high", high, f"high >= low = {low}", "the range must not be empty")
    return IntegerRange(int(low), None if high is None else int(high))


def choice(*options: Any) -> Choice:
    """One of the given values (strings, booleans or numbers), e.g. ``choice("public", "private")``.

    Parameters
    ----------
    *options : str, bool or number
        The admissible values: at least one, all distinct. A boolean option matches only a
        boolean (not ``1`` or ``1.0``).

    Returns
    -------
    Choice
        A parameter domain.

    Raises
    ------
    ParameterError
        No option, or repeated options.
    """
    if not options:
        raise ParameterError("options", options, "at least one option")
    if len(set(options)) != len(options):
        raise ParameterError("options", options, "distinct options")
    return Choice(tuple(options))
