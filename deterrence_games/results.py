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
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ._validation import ParameterError, plain
from ._version import __version__

__all__ = ["Equilibrium", "ModelSolution", "NashEquilibria", "SELECTIONS", "MODEL_SELECTIONS", "check_select",
           "select_equilibria"]


def _frozen_map(m: Mapping | None) -> Mapping:
    return MappingProxyType(dict(m or {}))


def _readonly(a: Any) -> Any:
    if isinstance(a, np.ndarray):
        a = a.copy()
        a.setflags(write=False)
    return a


# ---------------------------------------------------------------------------------------
# Model results
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Equilibrium:
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
                value = {k: _readonly(v) for k, v in dict(value).items()}
            object.__setattr__(self, name, _frozen_map(value))
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

#: selections computed from the model as well as its equilibria, ``rule -> f(solution) -> index``;
#: registered by the models layer (``"qre"``), used by :meth:`ModelSolution.select`
MODEL_SELECTIONS: dict[str, Callable[[ModelSolution], int]] = {}


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
class ModelSolution:
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

    def __post_init__(self) -> None:
        object.__setattr__(self, "parameters", _frozen_map(self.parameters))
        object.__setattr__(self, "solver_options", _frozen_map(self.solver_options))
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
        selector = MODEL_SELECTIONS.get(rule) if isinstance(rule, str) else None
        if selector is not None:
            return self.equilibria[selector(self)]
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


@dataclass(frozen=True, eq=False)
class NashEquilibria:
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
        eqs = tuple((_readonly(np.asarray(x, float)), _readonly(np.asarray(y, float)))
                    for x, y in self.equilibria)
        object.__setattr__(self, "equilibria", eqs)
        object.__setattr__(self, "options", _frozen_map(self.options))

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

    # outcomes (games built with ``outcomes=`` and ``escalatory=``) -------------------
    @property
    def has_outcomes(self) -> bool:
        """True when the game names its outcomes (then the properties below are defined)."""
        return getattr(self.game, "outcome_names", None) is not None

    @property
    def outcome_distributions(self) -> tuple[dict[str, float], ...]:
        """Per equilibrium, the probability of each of the game's named outcomes."""
        if not self.has_outcomes:
            raise ParameterError("outcomes", None, "outcome names given to the game",
                                 "build the BimatrixGame with outcomes=... and escalatory=...")
        return tuple(self.game.outcome_probabilities(x, y) for x, y in self.equilibria)

    @property
    def escalation_probabilities(self) -> tuple[float, ...]:
        """Per equilibrium, the mass of the game's escalatory outcomes."""
        esc = self.game.escalatory if self.has_outcomes else ()
        return tuple(float(sum(p for o, p in d.items() if o in esc)) for d in self.outcome_distributions)

    @property
    def escalation_range(self) -> tuple[float, float]:
        """(min, max) escalation probability over the extreme equilibria; (nan, nan) if none."""
        esc = self.escalation_probabilities
        return (min(esc), max(esc)) if esc else (float("nan"), float("nan"))

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
