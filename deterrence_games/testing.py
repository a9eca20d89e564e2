"""The model contract as a test suite: :func:`check_model` (as scikit-learn's ``check_estimator``).

Every shipped model passes it in the package's own tests; run it on yours::

    import deterrence_games as dg
    dg.testing.check_model(my_model)          # raises ModelCheckError listing what fails

or one test per check with pytest::

    @pytest.mark.parametrize("name, check", dg.testing.model_checks(my_model))
    def test_contract(name, check):
        check()

The checks (each a function of the model and the options):

``metadata``
    id, title, provenance label, outcomes, escalatory subset, parameters
    (unique names, a meaning, defaults inside their domains), JSON description
``validation``
    an unknown name, a value outside each parameter's domain and NaN raise
    :class:`~deterrence_games.ParameterError` naming the parameter, before
    the model starts solving
``outcomes``
    at the defaults and at random valid points: at least one equilibrium at
    the defaults, each a distribution over the declared outcomes, with
    ``escalation_probability`` the mass on the escalatory ones
``determinism``
    the same point solved twice (with other points in between) gives equal
    solutions
``pickling``
    a pickled copy (what the process and Dask backends send) solves alike
``closed_form``
    the vectorized closed form equals the per-point solve (if the model has
    one); the equilibria reported for a finite game are equilibria of it
    (Nash: no profitable deviation; signaling: sequential rationality on
    the path) and, for a bimatrix game, all of them (the generic solver
    :func:`~deterrence_games.solvers.nash_equilibria` finds no other)
``sweep``
    a sweep over a parameter gives one row per equilibrium with the solve's
    numbers, its provenance, and a CSV round trip with the same table
``plot``
    :func:`deterrence_games.plots.escalation` draws the sweep
``backends``
    the process (and, given a ``client``, Dask) backends give the serial
    table (only if asked: they start worker processes)
"""

from __future__ import annotations

import json
import math
import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._validation import Choice, IntegerRange, Interval, ParameterError
from .models import get_model
from .models.base import PROVENANCE_LABELS, Model, sample_value
from .results import Result

__all__ = ["CHECKS", "ModelCheckError", "CheckReport", "check_model", "model_checks", "sample_points"]

#: the checks :func:`check_model` runs, in order (``backends`` only when asked for)
CHECKS = ("metadata", "validation", "outcomes", "determinism", "pickling", "closed_form", "sweep", "plot",
          "backends")
TOL = 1e-9


class ModelCheckError(AssertionError):
    """A model breaks the model contract (the message lists every failed check)."""


@dataclass(frozen=True, eq=False)
class CheckReport(Result):
    """What :func:`check_model` ran: ``results`` maps each check to ``"passed"`` or ``"skipped: why"``.

    Attributes
    ----------
    model : str
        The model's id.
    results : dict of str to str
        ``"passed"`` or ``"skipped: <reason>"`` per check (a failure raises instead).
    """

    model: str
    results: dict[str, str]

    def __repr__(self) -> str:
        passed = sum(v == "passed" for v in self.results.values())
        return f"<CheckReport {self.model!r}: {passed} of {len(self.results)} checks passed, the others skipped>"


class _Skip(Exception):
    pass


class _WorkStarted(Exception):
    pass


def _fail(check: str, msg: str) -> None:
    raise ModelCheckError(f"{check}: {msg}")


# ---------------------------------------------------------------------------------------
# points
# ---------------------------------------------------------------------------------------


def sample_points(model: Model, n: int, seed: int = 0) -> list[dict[str, Any]]:
    """Up to ``n`` random valid parameter points (domains and cross-parameter conditions).

    Parameters
    ----------
    model : Model
        The model.
    n : int
        Number of points wanted; a draw that fails validation (a cross-parameter
        condition) is discarded, and after ``20 n`` draws fewer points may be returned.
    seed : int, default 0
        Seed of the draws.

    Returns
    -------
    list of dict
        One value per parameter at each point (each passes ``model.validate``).
    """
    rng = np.random.default_rng(seed)
    out: list[dict[str, Any]] = []
    for _ in range(20 * n):
        if len(out) >= n:
            break
        point = {p.name: sample_value(p.domain, p.default, rng) for p in model.parameters}
        try:
            model.validate(**point)
        except (ParameterError, TypeError):
            continue
        out.append(point)
    return out


def _outside(domain: Any) -> Any:
    if isinstance(domain, Interval):
        if math.isfinite(domain.high):
            return domain.high + 1.0
        if math.isfinite(domain.low):
            return domain.low - 1.0
        return None
    if isinstance(domain, IntegerRange):
        return domain.low - 1
    return "__not_an_option__"


def _sweep_parameter(model: Model) -> tuple[str, list[Any]] | None:
    """A parameter to sweep (an information one first) and 3 valid values of it."""
    pars = sorted(model.parameters, key=lambda p: (not p.information, isinstance(p.domain, Choice)))
    for p in pars:
        if isinstance(p.domain, Choice):
            values = list(p.domain.options)[:3]
        elif isinstance(p.domain, IntegerRange):
            values = [p.default + k for k in (0, 1, 2)]
        else:
            rng = np.random.default_rng(1)
            values = [p.default] + [sample_value(p.domain, p.default, rng) for _ in range(6)]
        ok = []
        for v in values:
            try:
                model.validate(**{p.name: v})
                if v not in ok:
                    ok.append(v)
            except (ParameterError, TypeError):
                pass
        if len(ok) >= 2:
            return p.name, sorted(ok[:3], key=str) if isinstance(p.domain, Choice) else sorted(ok[:3])
    return None


# ---------------------------------------------------------------------------------------
# the checks
# ---------------------------------------------------------------------------------------


def check_metadata(m: Model, **_: Any) -> None:
    """Declarations: id, title, provenance, outcomes, parameters, JSON description."""
    c = "metadata"
    if not (isinstance(m.id, str) and m.id.isidentifier()):
        _fail(c, f"`id` must be a snake_case identifier (got {m.id!r})")
    if not (isinstance(m.title, str) and m.title):
        _fail(c, "`title` is empty")
    if m.provenance not in PROVENANCE_LABELS:
        _fail(c, f"`provenance` {m.provenance!r} is not one of {PROVENANCE_LABELS}")
    if not (isinstance(m.method, str) and m.method):
        _fail(c, "`method` is empty: say how the equilibria are found")
    if not m.outcomes or len(set(m.outcomes)) != len(m.outcomes):
        _fail(c, f"`outcomes` must be distinct names (got {m.outcomes!r})")
    if not m.escalatory or not set(m.escalatory) <= set(m.outcomes):
        _fail(c, f"`escalatory` {m.escalatory!r} must be a non-empty subset of the outcomes {m.outcomes!r}")
    names = [p.name for p in m.parameters]
    if len(names) != len(set(names)):
        _fail(c, f"parameter names repeat: {names}")
    for p in m.parameters:
        if not p.meaning:
            _fail(c, f"parameter {p.name!r} has no meaning")
        if not bool(np.all(p.domain.contains(p.default))):
            _fail(c, f"the default {p.default!r} of {p.name!r} is outside its domain ({p.describe()})")
    try:
        json.dumps(m.describe())
    except (TypeError, ValueError) as exc:
        _fail(c, f"describe() is not JSON-serializable: {exc}")


def check_validation(m: Model, **_: Any) -> None:
    """Bad input raises ParameterError naming the parameter, before the model solves."""
    c = "validation"
    spy = object.__new__(type(m))
    spy.__dict__.update(m.__dict__)

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise _WorkStarted

    for hook in ("_solve", "equilibria", "_solve_arrays"):
        setattr(spy, hook, forbidden)
    if "fn" in m.__dict__:
        spy.fn = forbidden
    cases: list[tuple[str, dict[str, Any]]] = [("not_a_parameter", {"not_a_parameter": 1.0})]
    for p in m.parameters:
        bad = _outside(p.domain)
        if bad is not None:
            cases.append((p.name, {p.name: bad}))
        if not isinstance(p.domain, Choice):
            cases.append((p.name, {p.name: float("nan")}))
    for name, params in cases:
        try:
            spy.solve(**params)
        except ParameterError as exc:
            if f"`{name}`" not in str(exc) and repr(name) not in str(exc):
                _fail(c, f"solve({params}) raised ParameterError not naming {name!r}: {exc}")
        except _WorkStarted:
            _fail(c, f"solve({params}) started solving before rejecting the bad value")
        else:
            _fail(c, f"solve({params}) raised no ParameterError")


def _check_solution(c: str, m: Model, sol: Any, where: str) -> None:
    for j, e in enumerate(sol):
        if set(e.outcomes) != set(m.outcomes):
            _fail(c, f"{where}, equilibrium {j}: outcomes {sorted(e.outcomes)} are not the declared {sorted(m.outcomes)}")
        v = np.array([e.outcomes[o] for o in m.outcomes], float)
        if not (np.isfinite(v).all() and (v >= -TOL).all() and (v <= 1 + TOL).all() and abs(v.sum() - 1) <= TOL):
            _fail(c, f"{where}, equilibrium {j}: outcome probabilities {dict(e.outcomes)} are not a distribution")
        esc = sum(e.outcomes[o] for o in m.escalatory)
        if not abs(e.escalation_probability - esc) <= TOL:
            _fail(c, f"{where}, equilibrium {j}: escalation_probability {e.escalation_probability!r} is not the "
                     f"escalatory mass {esc!r}")
        if not (isinstance(e.label, str) and e.label):
            _fail(c, f"{where}, equilibrium {j}: empty label")


def check_outcomes(m: Model, *, points: Sequence[dict] = (), **_: Any) -> None:
    """Every equilibrium is a distribution over the outcomes with its escalation mass."""
    c = "outcomes"
    sol = m.solve()
    if len(sol) < 1:
        _fail(c, "no equilibrium at the defaults")
    _check_solution(c, m, sol, "at the defaults")
    if sol.model != m.id or tuple(sol.outcomes) != tuple(m.outcomes):
        _fail(c, f"the solution names model {sol.model!r} and outcomes {sol.outcomes}, not the model's")
    json.loads(sol.to_json())
    if not (sol._repr_html_().startswith("<div>") and repr(sol).startswith(f"<{m.id} ModelSolution")):
        _fail(c, f"the solution's reprs do not identify it: {repr(sol)!r}")
    if len(sol.to_frame()) != len(sol):
        _fail(c, "to_frame() does not give one row per equilibrium")
    for point in points:
        try:
            sol = m.solve(**point)
        except ParameterError as exc:
            _fail(c, f"validate() accepts {point} but solve() then rejects it (bad input must be refused "
                     f"before any work, by validate/_check): {exc}")
        _check_solution(c, m, sol, f"at {point}")


def check_determinism(m: Model, *, points: Sequence[dict] = (), **_: Any) -> None:
    """The same point gives equal solutions, whatever was solved in between."""
    a = m.solve()
    for point in points:
        try:
            m.solve(**point)
        except Exception:  # reported by the `outcomes` check
            pass
    if m.solve() != a:
        _fail("determinism", "solving the defaults twice gave different solutions")
    try:
        a.model = "changed"  # type: ignore[misc]
    except AttributeError:
        pass
    else:
        _fail("determinism", "the solution is not frozen")


def check_pickling(m: Model, **_: Any) -> None:
    """A pickled copy (as sent to process and Dask workers) solves alike; its solution pickles."""
    c = "pickling"
    try:
        data = pickle.dumps(m, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        _fail(c, f"the model does not pickle ({type(exc).__name__}: {exc}): the process and Dask backends need it")
    copy = pickle.loads(data)
    if copy.id != m.id or copy.parameter_names != m.parameter_names:
        _fail(c, "the unpickled model has another id or parameters")
    sol = m.solve()
    if copy.solve() != sol:
        _fail(c, "the unpickled model solves the defaults differently")
    try:  # solutions travel too (a worker's ModelSolution, a notebook's saved state)
        back = pickle.loads(pickle.dumps(sol, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception as exc:
        _fail(c, f"the solution does not pickle ({type(exc).__name__}: {exc})")
    if back != sol or back.to_dict() != sol.to_dict():
        _fail(c, "the unpickled solution differs from the solution")


def _certify_bimatrix(c: str, m: Model, p: dict, game: Any, sol: Any) -> None:
    from .solvers.nash import nash_equilibria

    reported = []
    for j, e in enumerate(sol):
        xs, ys = m.equilibrium_profiles(p, e)
        for x in xs:
            for y in ys:
                if not game.is_nash(x, y, tol=1e-7):
                    _fail(c, f"equilibrium {j} ({e.label}) is not a Nash equilibrium of the finite game: "
                             f"x={np.round(x, 6).tolist()}, y={np.round(y, 6).tolist()}")
                reported.append((np.asarray(x, float), np.asarray(y, float)))
    for x, y in nash_equilibria(game).equilibria:  # the generic solver finds no other
        if not any(np.allclose(x, a, atol=1e-7) and np.allclose(y, b, atol=1e-7) for a, b in reported):
            _fail(c, f"the generic solver finds the equilibrium x={np.round(x, 6).tolist()}, "
                     f"y={np.round(y, 6).tolist()} that the model does not report")


def _certify_signaling(c: str, m: Model, p: dict, game: Any, sol: Any) -> None:
    av = np.asarray(game.available)
    for j, e in enumerate(sol):
        sigmas, rhos = m.equilibrium_profiles(p, e)
        for sigma in sigmas:
            for rho in rhos:
                U = game.sender_values(rho)
                best = np.where(av, U, -np.inf).max(axis=1, keepdims=True)
                span = 1e-7 * max(1.0, float(np.ptp(game.u_S)))
                if ((sigma > 1e-9) & (U < best - span)).any():
                    _fail(c, f"equilibrium {j} ({e.label}): a sender type sends a message that is not a best reply")
                pk, V = game.receiver_values(sigma)
                vbest = V.max(axis=1, keepdims=True)
                span = 1e-7 * max(1.0, float(np.ptp(game.u_R)))
                if ((pk[:, None] > 1e-9) & (rho > 1e-9) & (V < vbest - span)).any():
                    _fail(c, f"equilibrium {j} ({e.label}): on the path, the receiver plays an action that is "
                             "not a best reply to Bayes' rule")


def check_closed_form(m: Model, **_: Any) -> None:
    """Closed form = generic path: vectorized vs per point, and equilibria of the finite game."""
    from .games.normal_form import BimatrixGame
    from .sweeps import sweep

    c = "closed_form"
    ran = False
    if m.vectorized:
        sp = _sweep_parameter(m)
        if sp is not None:
            name, values = sp
            a = sweep(m, {name: values})
            b = sweep(m, {name: values}, vectorized=False)
            if list(a.columns) != list(b.columns) or len(a) != len(b):
                _fail(c, "the vectorized closed form and the per-point solve give tables of different shapes")
            num = [k for k in a.columns if a[k].dtype.kind in "fiub"]
            if not np.allclose(a[num].to_numpy(float), b[num].to_numpy(float), rtol=1e-9, atol=1e-12, equal_nan=True):
                _fail(c, f"the vectorized closed form and the per-point solve differ over {name}={values}")
            if not (a["label"].to_numpy() == b["label"].to_numpy()).all():
                _fail(c, "the vectorized closed form and the per-point solve label equilibria differently")
            ran = True
    if m.has_finite_game:
        p = m.validate()
        game = m.finite_game(p)
        sol = m.solve()
        if isinstance(game, BimatrixGame):
            _certify_bimatrix(c, m, p, game, sol)
        else:
            _certify_signaling(c, m, p, game, sol)
        ran = True
    if not ran:
        raise _Skip("no vectorized closed form and no finite game")


def _sweep_table(m: Model) -> tuple[str, list[Any], pd.DataFrame]:
    from .sweeps import sweep

    sp = _sweep_parameter(m)
    if sp is None:
        raise _Skip("no parameter with two valid values to sweep")
    name, values = sp
    return name, values, sweep(m, {name: values}, backend="serial")


def check_sweep(m: Model, **_: Any) -> None:
    """A sweep reports the solve's numbers, carries its provenance and survives a CSV round trip."""
    from .sweeps import load_table, save_table

    c = "sweep"
    name, values, t = _sweep_table(m)
    if name not in t.columns or "escalation_probability" not in t.columns:
        _fail(c, f"the table lacks the columns {name!r} / 'escalation_probability'")
    prov = t.attrs.get("provenance", {})
    if prov.get("model") != m.id:
        _fail(c, f"the table's provenance names model {prov.get('model')!r}, not {m.id!r}")
    for v in values:
        sol = m.solve(**{name: v})
        rows = t[(t[name] == v) & (t["status"] == "ok")]
        if len(rows) != len(sol):
            _fail(c, f"at {name}={v!r}: {len(rows)} rows for {len(sol)} equilibria")
        if not np.allclose(rows["escalation_probability"].to_numpy(float),
                           [e.escalation_probability for e in sol], rtol=1e-9, atol=1e-12):
            _fail(c, f"at {name}={v!r}: the table's escalation probabilities differ from the solve's")
    with tempfile.TemporaryDirectory() as tmp:
        path = save_table(t, Path(tmp) / "table.csv")
        back = load_table(path)
    if list(back.columns) != list(t.columns) or len(back) != len(t):
        _fail(c, "the CSV round trip changed the table's shape")
    if not np.allclose(back["escalation_probability"].to_numpy(float), t["escalation_probability"].to_numpy(float),
                       rtol=0, atol=0, equal_nan=True):
        _fail(c, "the CSV round trip changed the escalation probabilities")


def check_plot(m: Model, **_: Any) -> None:
    """The sweep plots (one line or marker set at least) without recomputing."""
    import matplotlib.pyplot as plt

    from .plots import escalation

    name, _, t = _sweep_table(m)
    if t[name].dtype == object:
        raise _Skip(f"the swept parameter {name!r} is not numeric")
    ax = escalation(t, x=name)
    try:
        if not (ax.lines or ax.collections):
            _fail("plot", "plots.escalation drew nothing")
    finally:
        plt.close(ax.figure)


def _frame(t: pd.DataFrame) -> pd.DataFrame:
    t = t.copy()
    t.attrs = {}
    return t.reset_index(drop=True)


def check_backends(m: Model, *, backends: Sequence[str] = (), client: Any = None, **_: Any) -> None:
    """The process (and Dask) backends give the serial table, cell for cell."""
    from .sweeps import sweep

    asked = [b for b in backends if b != "serial"]
    if not asked:
        raise _Skip("no parallel backend asked for (backends=('process', 'dask'))")
    name, values, serial = _sweep_table(m)
    for b in asked:
        if b == "dask" and client is None:
            raise _Skip("backend 'dask' needs a `client`")
        t = sweep(m, {name: values}, backend=b, chunk_size=1, workers=2 if b == "process" else None,
                  client=client if b == "dask" else None)
        try:
            pd.testing.assert_frame_equal(_frame(t), _frame(serial), check_exact=True)
        except AssertionError as exc:
            _fail("backends", f"backend {b!r} gives another table than serial: {exc}")


_FUNCS: dict[str, Callable[..., None]] = {
    "metadata": check_metadata, "validation": check_validation, "outcomes": check_outcomes,
    "determinism": check_determinism, "pickling": check_pickling, "closed_form": check_closed_form,
    "sweep": check_sweep, "plot": check_plot, "backends": check_backends,
}


def model_checks(model: Model | str, *, n_points: int = 3, seed: int = 0, backends: Sequence[str] = ("serial",),
                 client: Any = None, plot: bool = True) -> Iterator[tuple[str, Callable[[], None]]]:
    """``(name, check)`` pairs, each ``check()`` raising :class:`ModelCheckError` on a
    violation or ``pytest.skip`` semantics via :class:`unittest.SkipTest` when it does not apply.

    Parameters
    ----------
    model, n_points, seed, backends, client, plot
        As in :func:`check_model`.

    Returns
    -------
    iterator of (str, callable)
        One pair per check, for ``pytest.mark.parametrize``.
    """
    import unittest

    m = get_model(model)
    points = sample_points(m, n_points, seed)
    opts = {"points": points, "backends": tuple(backends), "client": client}
    for name in CHECKS:
        if name == "plot" and not plot:
            continue

        def run(name: str = name) -> None:
            try:
                _FUNCS[name](m, **opts)
            except _Skip as why:
                raise unittest.SkipTest(str(why)) from None

        yield name, run


def check_model(model: Model | str, *, n_points: int = 3, seed: int = 0, backends: Sequence[str] = ("serial",),
                client: Any = None, plot: bool = True) -> CheckReport:
    """Run the model contract checks (see the module docstring) on ``model``.

    Parameters
    ----------
    model : Model or str
        A model or a registered model id.
    n_points : int, default 3
        Random valid parameter points checked besides the defaults.
    seed : int, default 0
        Seed of those points.
    backends : sequence of str, default ("serial",)
        Add ``"process"`` and/or ``"dask"`` to check that those backends give the serial table.
    client : dask.distributed.Client, optional
        The cluster for ``"dask"``.
    plot : bool, default True
        Also check the plot round trip (needs matplotlib).

    Returns
    -------
    CheckReport
        ``"passed"`` or ``"skipped: reason"`` per check.

    Raises
    ------
    ModelCheckError
        Listing every failed check with its reason.
    """
    import unittest

    if isinstance(n_points, bool) or not isinstance(n_points, int) or n_points < 0:
        raise ParameterError("n_points", n_points, "an integer >= 0")
    unknown = [b for b in backends if b not in ("serial", "process", "dask")]
    if unknown:
        raise ParameterError("backends", unknown, "a subset of ('serial', 'process', 'dask')")
    m = get_model(model)
    results: dict[str, str] = {}
    failures: list[str] = []
    for name, run in model_checks(m, n_points=n_points, seed=seed, backends=backends, client=client, plot=plot):
        try:
            run()
            results[name] = "passed"
        except unittest.SkipTest as why:
            results[name] = f"skipped: {why}"
        except ModelCheckError as exc:
            results[name] = "failed"
            failures.append(str(exc))
        except Exception as exc:  # a crash inside a check is a failure of the model
            results[name] = "failed"
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
    if failures:
        raise ModelCheckError(f"model {m.id!r} breaks the model contract:\n  " + "\n  ".join(failures))
    return CheckReport(m.id, results)
