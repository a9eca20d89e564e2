"""Every public result class is a frozen :class:`~deterrence_games.results.Result` exported from
``dg.results`` (issue 12, item 7).

The list is found by introspection, so that a new result class cannot escape: a *result* is a
class of the package that the public API hands back (the return annotation of a public function,
method or property of a module without a private component in its path, or the type of a field
of another result), unless it is a
representation or a specification (games, models, parameters, designs, strategies, plans,
warnings and errors), listed in :data:`NOT_RESULTS` with the reason.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pickle
import pkgutil
import re
import typing

import pytest

import deterrence_games as dg
from deterrence_games.results import RESULT_TYPES, Result

#: classes the public API returns that are not results: what a user builds or passes in
NOT_RESULTS = {
    # model declarations and the registry
    "Parameter": "declares a model parameter", "Variant": "declares a model variant",
    "Interval": "a parameter domain", "IntegerRange": "a parameter domain", "Choice": "a parameter domain",
    "Role": "a parameter role", "Model": "a model (built by the user or the registry)",
    # designs and plans of sweeps
    "Design": "a sweep design", "Grid": "a sweep design", "LatinHypercube": "a sweep design",
    "Points": "a sweep design", "RandomDesign": "a sweep design", "SweepPlan": "a validated sweep plan (input of run)",
    "AtlasSetting": "a setting of the atlas (input of run_atlas)",
    # representations of games and strategies (solved, not solutions)
    "SequenceForm": "the sequence form of a tree (a representation)",
    "ParametricBimatrix": "a symbolic game (a representation)",
    "PublicAutomaton": "a strategy profile (input of analyze_automaton)",
    "MemoryOneStrategy": "a strategy (input of memory_one_chain)",
    "AgentForm": "the agent form of a game (a representation)",
    # the rest
    "Dataset": "a description of a shipped data set", "Explorer": "an interactive widget",
    "EquilibriumOutcomes": "a mixin of results (outcome summaries)",
}

#: results still to be converted, with the reason they are not yet (remove when done)
PENDING = {
}


MODULES = ["deterrence_games"] + [info.name for info in pkgutil.walk_packages(dg.__path__, "deterrence_games.")
                                   if not info.name.endswith("__main__") and "numba" not in info.name]
#: the modules whose path has no private component (``_x``)
PUBLIC_MODULES = [m for m in MODULES if not any(p.startswith("_") for p in m.split("."))]


def _package_classes() -> dict[str, type]:
    """Every class defined in the package, by name."""
    out: dict[str, type] = {}
    for name in MODULES:
        mod = importlib.import_module(name)
        for n, obj in vars(mod).items():
            if inspect.isclass(obj) and obj.__module__ == mod.__name__:
                out.setdefault(n, obj)
    return out


CLASSES = _package_classes()


def _named(annotation: object) -> set[type]:
    """The package classes named in an annotation (a string under ``from __future__ import annotations``)."""
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", str(annotation))
    return {CLASSES[w] for w in re.findall(r"[A-Za-z_]\w*", text) if w in CLASSES}


def _returned(obj: object) -> set[type]:
    found: set[type] = set()
    if inspect.isfunction(obj):
        found |= _named(obj.__annotations__.get("return", ""))
    elif inspect.isclass(obj) and obj.__module__.startswith("deterrence_games"):
        found.add(obj)
        for name, member in vars(obj).items():
            if name.startswith("_"):
                continue
            if isinstance(member, property) and member.fget:
                member = member.fget
            if isinstance(member, classmethod | staticmethod):
                member = member.__func__
            if inspect.isfunction(member):
                found |= _named(member.__annotations__.get("return", ""))
    return found


def _public_classes() -> set[type]:
    found: set[type] = set()
    for module_name in PUBLIC_MODULES:
        mod = importlib.import_module(module_name)
        names = getattr(mod, "__all__", None) or [n for n in vars(mod) if not n.startswith("_")]
        for name in names:
            found |= _returned(getattr(mod, name))
    return found


def _is_input(cls: type) -> bool:
    return (cls is Result or cls.__name__.startswith("_")
            or cls.__module__.startswith("deterrence_games.games") or cls.__name__ in NOT_RESULTS
            or issubclass(cls, BaseException | Warning | dg.Model))


def result_classes() -> list[type]:
    """The result classes: returned by the public API (closed under the fields of results)."""
    todo = [c for c in _public_classes() if not _is_input(c)]
    seen: set[type] = set()
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        if dataclasses.is_dataclass(cls):
            for f in dataclasses.fields(cls):
                todo += [c for c in _named(f.type) if not _is_input(c) and c not in seen]
        todo += [c for c in _returned(cls) if not _is_input(c) and c not in seen]
    return sorted(seen, key=lambda c: c.__name__)


RESULTS = result_classes()


def test_the_introspection_finds_the_known_results():
    names = {c.__name__ for c in RESULTS}
    assert {"ModelSolution", "NashEquilibria", "PBEResult", "QREPath", "PayoffSet", "StrategicFit",
            "AtlasResult", "MechanismResult", "PiecewiseResult", "Batched2x2Result"} <= names
    assert {"BimatrixGame", "Parameter", "SweepPlan"}.isdisjoint(names)
    assert set(PENDING) <= names, "a pending class is no longer returned: remove it from PENDING"


@pytest.mark.parametrize("cls", [c for c in RESULTS if c.__name__ not in PENDING], ids=lambda c: c.__name__)
def test_every_result_class_is_a_frozen_result_exported_from_dg_results(cls):
    assert issubclass(cls, Result), f"{cls.__module__}.{cls.__name__} is not a Result subclass"
    assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen
    assert not cls.__dataclass_params__.eq or cls.__eq__ is not object.__eq__  # by value, never by a generated eq
    assert cls.__hash__ is None or "__hash__" in vars(cls) and cls.__hash__ is not None
    assert callable(getattr(cls, "to_dict", None)) and callable(getattr(cls, "_repr_html_", None))
    assert getattr(dg.results, cls.__name__) is cls, f"dg.results.{cls.__name__} (add it to RESULT_TYPES)"
    assert cls.__name__ in dg.results.__all__


def test_pending_results_are_still_pending():
    # a PENDING entry that has been converted must leave the list (and so be checked above)
    for name in PENDING:
        assert not issubclass(CLASSES[name], Result), f"{name} is a Result now: remove it from PENDING"


def test_result_types_names_only_results():
    for name in RESULT_TYPES:
        assert issubclass(getattr(dg.results, name), Result), name


# --- the common behaviour on real instances of the converted classes --------------------------------


def _instances() -> dict[str, Result]:
    import numpy as np

    from deterrence_games.solvers import batched, information_design, mechanism, qre, symbolic

    pd_game = dg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    path = qre.logit_qre(pd_game, lambda_max=5.0)
    a, b = (np.array([[[3.0, 0.0], [5.0, 1.0]]]), np.array([[[3.0, 5.0], [0.0, 1.0]]]))
    mech = mechanism.recommendation_mechanism(([0.5, 0.5], [0.5, 0.5]),
                                              ([[0.5, 0.2], [0.8, 0.5]], [[0.5, 0.8], [0.2, 0.5]]))
    design = information_design.optimal_experiment([0.7, 0.3], lambda mu: float(mu[1] >= 0.5), sense="max")
    import sympy as sp

    x = sp.Symbol("x", positive=True)
    piece = symbolic.solve_parametric_2x2(symbolic.ParametricBimatrix([[x, 0], [0, 1]], [[1, 0], [0, x]]),
                                          simplify=False)
    return {"QREPath": path, "QREProfile": path.limit, "Batched2x2Result": batched.solve_2x2(a, b),
            "MechanismResult": mech, "InformationDesignResult": design, "PiecewiseResult": piece,
            "Regime": piece.regimes[0], "ArraySolution": dg.get_model("crisis_bargaining_signal").evaluate(
                rho=np.array([0.5, 0.75]), pi=0.6)}


@pytest.fixture(scope="module")
def instances():
    return _instances()


@pytest.mark.parametrize("name", ["QREPath", "QREProfile", "Batched2x2Result", "MechanismResult",
                                  "InformationDesignResult", "PiecewiseResult", "Regime", "ArraySolution"])
def test_converted_results_are_frozen_equal_by_value_and_pickle(instances, name):
    res = instances[name]
    assert isinstance(res, Result)
    first = dataclasses.fields(res)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(res, first, None)
    back = pickle.loads(pickle.dumps(res))
    assert back == res and not (back != res)
    assert isinstance(res.to_dict(), dict) and res._repr_html_().startswith("<")
    assert isinstance(res.warnings, tuple) and isinstance(res.converged, bool) and isinstance(res.method, str)
    for f in dataclasses.fields(res):
        v = getattr(res, f.name)
        if hasattr(v, "flags") and hasattr(v, "setflags"):
            assert not v.flags.writeable, f"{name}.{f.name} is writeable"
        assert not isinstance(v, dict), f"{name}.{f.name} is a mutable dict"


def test_a_qre_path_stopped_short_reports_non_convergence_like_every_result():
    with pytest.warns(dg.warnings.ConvergenceWarning, match="did not converge: the logit branch"):
        path = dg.solvers.qre.logit_qre(dg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]]),
                                        lambda_max=50.0, max_points=3)
    assert not path.converged and path.lambdas[-1] < 50.0
    assert len(path.warnings) == 1 and path.warnings[0].startswith("did not converge: ")
    assert typing.get_type_hints(type(path).at)["return"] is dg.results.QREProfile
