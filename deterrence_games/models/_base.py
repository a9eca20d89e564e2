"""The model contract.

A model maps named IR parameters to a game, solves it, and reports every equilibrium with
its outcome distribution and escalation probability. Subclasses declare:

``id``                 registry key (snake_case, fixed once published)
``title``              one line
``provenance``         ``"paper-faithful"``, ``"textbook version"`` or ``"reconstruction"``
``variants``           optional :class:`Variant` tuple: parts of the model with their own label
                       (a solution, a sweep and ``deterrence-games models`` report the label of
                       the variant actually solved; see :meth:`Model.variant_of`)
``references``         citation strings ``"Fearon1995: ..."``
``parameters``         tuple of :class:`Parameter` (name, default, domain, meaning, symbol)
``outcomes``           names of terminal outcomes (a solution gives a distribution over them)
``escalatory``         the subset of ``outcomes`` that counts as escalation
``information``        names of the parameters that measure information sharing

and implement ``_solve(p) -> list[Equilibrium]`` (``p`` is the validated parameter dict),
optionally ``_check(p)`` for cross-parameter conditions and ``_solve_arrays(p)`` for a
vectorized closed form used by sweeps (see :meth:`Model.evaluate`). A model whose
equilibria are those of a finite game may also expose it (``finite_game(p)`` and
``equilibrium_profiles(p, eq)``), which enables the QRE-limit selection ``select="qre"``
(see :mod:`deterrence_games.models._qre_select`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from .._validation import Choice, Domain, Interval, ParameterError, check_array, check_scalar
from ..results import Equilibrium, ModelSolution

__all__ = ["Parameter", "Model", "Variant", "PROVENANCE_LABELS"]

PROVENANCE_LABELS = ("paper-faithful", "textbook version", "reconstruction")


@dataclass(frozen=True)
class Parameter:
    """A model parameter: name, default, domain, one line of meaning, the paper's symbol."""

    name: str
    default: Any
    domain: Domain
    meaning: str
    symbol: str = ""
    information: bool = False  # True if it measures information sharing / transparency

    def describe(self) -> str:
        return self.domain.describe(self.name)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "default": self.default,
            "domain": self.domain.to_dict(),
            "domain_text": self.describe(),
            "meaning": self.meaning,
            "symbol": self.symbol,
            "information": self.information,
        }


@dataclass(frozen=True)
class Variant:
    """A part of a model with its own provenance label.

    ``when`` holds the parameter values that select it (matched exactly; the variant with the
    most matching entries wins, see :meth:`Model.variant_of`); ``condition`` says it in words
    when a model decides by a rule of its own (e.g. ``"rho != 0.5"``); ``example`` is a point
    of the variant (default: ``when``). ``escalation=False`` marks a variant without an
    escalatory outcome (its escalation probability is 0 by construction).
    """

    name: str
    provenance: str
    when: Mapping[str, Any] = field(default_factory=dict)
    condition: str = ""
    example: Mapping[str, Any] | None = None
    escalation: bool = True  # False: no escalatory outcome (escalation identically 0; not in the atlas)

    def to_dict(self) -> dict:
        return {"name": self.name, "provenance": self.provenance, "when": dict(self.when),
                "condition": self.condition, "escalation": self.escalation}


PROVENANCE_ORDER = {"reconstruction": 0, "textbook version": 1, "paper-faithful": 2}
"""Labels from the least to the most verified (a mixed sweep reports its weakest label)."""


@dataclass(frozen=True)
class ArraySolution:
    """Vectorized solution of a model with a fixed number ``k`` of equilibrium slots.

    Every array has shape ``(n, k)`` for ``n`` parameter points; ``valid[i, j]`` says
    whether slot ``j`` holds an equilibrium at point ``i``. ``outcomes`` maps each outcome
    name to its probability, ``quantities`` further numbers, ``labels`` the equilibrium
    kind (an object array of str), ``flags`` boolean refinement/selection flags.
    """

    valid: NDArray[np.bool_]
    labels: NDArray[np.object_]
    outcomes: Mapping[str, NDArray[np.float64]]
    quantities: Mapping[str, NDArray[np.float64]] = field(default_factory=dict)
    flags: Mapping[str, NDArray[np.bool_]] = field(default_factory=dict)


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

    # ------------------------------------------------------------------------------
    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
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

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
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
        """
        best, n_best = None, -1
        for v in self.variants:
            if all(k in p and p[k] == x for k, x in v.when.items()) and len(v.when) > n_best:
                best, n_best = v, len(v.when)
        return best

    def provenance_for(self, p: Mapping[str, Any]) -> str:
        """The provenance label of a solve at the validated parameters ``p`` (per variant)."""
        v = self.variant_of(p)
        return v.provenance if v is not None else self.provenance

    def provenance_text(self) -> str:
        """One line: the model's label, or each variant's (``deterrence-games models``)."""
        if not self.variants:
            return self.provenance
        return "; ".join(f"{v.name}: {v.provenance}" + ("" if v.escalation else " (no escalatory outcome)")
                         for v in self.variants)

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
        """Fill defaults and check every value; raise ``ParameterError`` naming the culprit."""
        for k in params:
            self.parameter(k)  # unknown names raise, listing the model's parameters
        p: dict[str, Any] = {}
        for par in self.parameters:
            value = params.get(par.name, par.default)
            p[par.name] = check_scalar(par.name, value, par.domain, par.meaning)
        self._check(p)
        return p

    def validate_arrays(self, **arrays: Any) -> dict[str, NDArray]:
        """Broadcast parameter arrays (defaults filled) and check every element."""
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
        """Solve at one parameter point and return every equilibrium."""
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
        )

    def _solve(self, p: dict[str, Any]) -> list[Equilibrium]:
        raise NotImplementedError

    def _equilibrium(self, label: str, outcomes: Mapping[str, float], **kwargs: Any) -> Equilibrium:
        """Build an Equilibrium whose escalation probability is the escalatory mass."""
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
        """
        raise NotImplementedError(f"model {self.id!r} does not expose a finite game")

    def equilibrium_profiles(self, p: dict[str, Any], eq: Equilibrium) -> tuple[NDArray, ...]:
        """The strategy profiles the reported equilibrium ``eq`` stands for, in the
        coordinates of :attr:`deterrence_games.solvers.qre.QREProfile.strategies` of
        :meth:`finite_game` (``(x, y)`` for a bimatrix game, ``(sigma, rho)`` for a signaling
        game): one array of extreme points per block, shape ``(n_vertices, *block_shape)``.
        The set is the product over blocks of the convex hulls (one vertex per block for an
        isolated equilibrium)."""
        raise NotImplementedError(f"model {self.id!r} does not expose a finite game")

    def profile_outcomes(self, p: dict[str, Any], strategies: tuple[NDArray, ...]) -> Mapping[str, float]:
        """Optional: the outcome distribution of a strategy profile of :meth:`finite_game`
        (same coordinates as :meth:`equilibrium_profiles`, one profile per block); used to
        report the escalation probability at the QRE limit itself."""
        raise NotImplementedError(f"model {self.id!r} does not map profiles to outcomes")

    # vectorized --------------------------------------------------------------------
    @property
    def vectorized(self) -> bool:
        """True if the model evaluates whole parameter arrays at once (closed form)."""
        return type(self)._solve_arrays is not Model._solve_arrays

    def _solve_arrays(self, p: dict[str, NDArray]) -> ArraySolution:
        raise NotImplementedError

    def evaluate(self, **arrays: Any) -> ArraySolution:
        """Vectorized closed form over broadcast parameter arrays (no Python loop per point)."""
        if not self.vectorized:
            raise NotImplementedError(f"model {self.id!r} has no vectorized closed form; use solve()")
        return self._solve_arrays(self.validate_arrays(**arrays))


def interval(low: float = -np.inf, high: float = np.inf, *, open_low: bool = False,
             open_high: bool = False) -> Interval:
    """Shorthand for a parameter domain."""
    return Interval(low, high, not open_low, not open_high)
