"""The common result base (freezing, equality, to_dict, HTML, pickling), outcome summaries of
solver results, selection owned by the model, and the sweep plan."""

from __future__ import annotations

import pickle
import warnings
from dataclasses import dataclass

import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games import ParameterError
from deterrence_games.results import RESULT_TYPES, EquilibriumOutcomes, Result, not_converged
from deterrence_games.solvers.pbe import pbe
from deterrence_games.sweeps.plan import STREAM_VALIDATION_POINTS, SweepPlan, plan_sweep
from deterrence_games.warnings import ConvergenceWarning

# --- the base ---------------------------------------------------------------------------------


def test_every_result_type_is_exported_from_dg_results():
    for name, where in RESULT_TYPES.items():
        cls = getattr(dg.results, name)
        assert cls.__name__ == name and cls.__module__.startswith(f"deterrence_games.{where}"), (name, cls)
        assert name in dg.results.__all__ and name in dir(dg.results)
    for cls in (dg.results.ModelSolution, dg.results.Equilibrium, dg.results.NashEquilibria, dg.results.PBEResult):
        assert issubclass(cls, Result)
    with pytest.raises(AttributeError, match="NoSuchResult"):
        dg.results.NoSuchResult  # noqa: B018


def test_model_solution_pickles_with_its_read_only_fields():
    # mappingproxy fields made ModelSolution unpicklable: process pools and Dask need it
    sol = dg.get_model("crisis_bargaining_signal").solve(pi=0.6, rho=0.75)
    back = pickle.loads(pickle.dumps(sol))
    assert back == sol and back.to_dict() == sol.to_dict()
    assert type(back.parameters).__name__ == "mappingproxy"
    with pytest.raises(TypeError):
        back.parameters["pi"] = 0.1  # type: ignore[index]
    with pytest.raises(AttributeError):
        back.model = "x"  # type: ignore[misc]
    assert back.escalation_range == sol.escalation_range == (0.15, 0.15)
    assert back.options is back.solver_options and back.converged and back.method == sol.method


def test_nash_result_pickles_read_only_and_equality_is_by_value():
    game = dg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]], outcomes=[["peace", "exploit"], ["exploit", "war"]],
                           escalatory=["war"])
    res = dg.solvers.nash_equilibria(game)
    back = pickle.loads(pickle.dumps(res))
    assert back == res and not back.equilibria[0][0].flags.writeable
    assert back.escalation_probabilities == res.escalation_probabilities == (1.0,)  # prisoners' dilemma: (D, D)
    html = res._repr_html_()
    assert html.startswith("<") and "&lt;" in html and "<pre>" in html


@dataclass(frozen=True, eq=False)
class Toy(Result):
    x: np.ndarray
    info: dict


def test_base_defaults_for_a_plain_subclass():
    a, b = Toy(np.arange(3.0), {"k": 1}), Toy(np.arange(3.0), {"k": 1})
    assert a == b and a != Toy(np.arange(3.0) + 1, {"k": 1}) and a.__hash__ is None
    assert not a.x.flags.writeable and type(a.info).__name__ == "mappingproxy"
    assert a.to_dict() == {"x": [0.0, 1.0, 2.0], "info": {"k": 1}}
    assert a.method == "" and a.warnings == () and a.converged and dict(a.options) == {}
    assert pickle.loads(pickle.dumps(a)) == a and "<pre>" in a._repr_html_()
    with pytest.raises(AttributeError, match="nothing"):
        a.nothing  # noqa: B018


def test_not_converged_is_reported_the_same_way_everywhere():
    with pytest.warns(ConvergenceWarning, match="did not converge: 50 iterations"):
        text = not_converged("50 iterations, gap 1e-3")
    assert text == "did not converge: 50 iterations, gap 1e-3"


# --- outcomes of PBE results (item 1) ----------------------------------------------------------


def _hotline(prior_hawk: float) -> dg.SignalingGame:
    """Sender (hawk / dove) says 'firm' or 'soft'; receiver stands firm or yields.

    Escalation (``war``) when the receiver stands firm against a hawk.
    """
    u_S = np.array([[[-1.0, 1.0], [-1.0, 1.0]], [[0.0, 0.5], [0.0, 0.5]]])  # hawk, dove x firm, soft x stand, yield
    u_R = np.array([[[-1.0, 0.0], [-1.0, 0.0]], [[1.0, 0.0], [1.0, 0.0]]])
    def outcome(t: str, m: str, a: str) -> str:
        return "war" if (t, a) == ("hawk", "stand") else ("standoff" if a == "stand" else "concession")
    return dg.SignalingGame(["hawk", "dove"], [prior_hawk, 1 - prior_hawk], ["firm", "soft"], ["stand", "yield"],
                            u_S, u_R, outcomes=outcome, escalatory=["war"])


@pytest.mark.parametrize("prior_hawk", [0.3, 0.5, 0.7])
def test_pbe_result_carries_outcomes_of_every_equilibrium(prior_hawk):
    game = _hotline(prior_hawk)
    res = pbe(game)
    assert res.has_outcomes and len(res) > 0 and isinstance(res, EquilibriumOutcomes)
    prior = np.array([prior_hawk, 1 - prior_hawk])
    for e, d, esc in zip(res.equilibria, res.outcome_distributions, res.escalation_probabilities, strict=True):
        # a second computation: Pr(war) = sum_t,m prior[t] sigma[t,m] rho[m, stand] [t = hawk]
        direct = float(prior[0] * e.sigma[0] @ e.rho[:, 0])
        assert esc == pytest.approx(direct, abs=1e-12) and d["war"] == pytest.approx(direct, abs=1e-12)
        assert sum(d.values()) == pytest.approx(1.0) and set(d) <= {"war", "standoff", "concession"}
    lo, hi = res.escalation_range
    pts = [float(prior[0] * s[0] @ r[:, 0]) for e in res.equilibria for s in e.sigma_vertices for r in e.rho_vertices]
    assert (lo, hi) == pytest.approx((min(pts), max(pts)))
    assert lo <= min(res.escalation_probabilities) and max(res.escalation_probabilities) <= hi
    back = pickle.loads(pickle.dumps(res))
    assert back == res and back.escalation_probabilities == res.escalation_probabilities


def test_pbe_result_without_outcome_names_says_how_to_get_them():
    g = _hotline(0.5)
    plain = dg.SignalingGame(g.types, g.prior, g.messages, g.actions, g.u_S, g.u_R)
    res = pbe(plain)
    assert not res.has_outcomes
    with pytest.raises(ParameterError, match="`outcomes`.*SignalingGame with outcomes="):
        res.escalation_probabilities  # noqa: B018


# --- selection owned by the model ---------------------------------------------------------------


def test_selection_is_owned_by_the_model():
    m = dg.get_model("inspection")
    sol = m.solve()
    idx, extra = m.select(sol, "qre")
    assert idx == [0] and extra["qre_distance"] <= 1e-4 and sol.select("qre") == sol[0]
    assert m.select(sol, "max") == ([0], {}) and m.select(sol, "flag:nosuch") == ([], {})
    detached = pickle.loads(pickle.dumps(sol))  # the hook travels with the solution
    assert detached.select("qre") == sol[0]
    import dataclasses

    bare = dataclasses.replace(sol, selector=None)
    with pytest.raises(ParameterError, match="`select`.*model.select"):
        bare.select("qre")


# --- the sweep plan ------------------------------------------------------------------------------


def test_plan_is_validated_before_any_work_and_sweep_runs_it():
    plan = plan_sweep("crisis_bargaining_signal", {"rho": [0.5, 0.75, 1.0]}, fixed={"pi": 0.6})
    assert isinstance(plan, SweepPlan) and plan.n == 3 and plan.vectorized and not plan.streamed
    assert plan.spec["fixed"] == {"pi": 0.6} and plan.spec["select"] == "all"
    with pytest.raises(ParameterError, match="`rho`"):
        plan_sweep("crisis_bargaining_signal", {"rho": [0.5, 1.5]})
    with pytest.raises(ParameterError, match="`backend`"):
        plan_sweep("crisis_bargaining_signal", {"rho": [0.5]}, backend="gpu")


def test_huge_product_design_is_validated_axes_first_then_chunk_by_chunk():
    m = dg.get_model("inspection")
    n_side = int(np.ceil(np.sqrt(STREAM_VALIDATION_POINTS))) + 1
    grid = {"non_detection": np.linspace(0, 0.6, n_side), "false_alarm": np.linspace(0, 0.3, n_side)}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plan = plan_sweep(m, grid)
    assert plan.n == n_side**2 > STREAM_VALIDATION_POINTS
    cross = type(m)._check_arrays is not dg.Model._check_arrays
    assert plan.streamed is cross
    cols = plan.chunk(0, 5)
    assert len(cols["non_detection"]) == 5
    bad = {"non_detection": np.linspace(0, 0.6, n_side), "false_alarm": [*np.linspace(0, 0.3, n_side - 1), 1.5]}
    with pytest.raises(ParameterError, match="`false_alarm`"):  # a bad axis value: refused before any work
        plan_sweep(m, bad)


def test_an_unknown_flag_is_refused_before_any_work_when_the_model_declares_its_flags():
    class Declared(dg.Model):
        id = ""
        outcomes = ("peace", "war")
        escalatory = ("war",)
        flags = ("intuitive", "d1")
        method = "closed form"
        parameters = (dg.Parameter("x", 0.5, dg.interval(0, 1), "a number"),)

        def equilibria(self, p):
            return [self.equilibrium("pure", {"peace": 1 - p["x"], "war": p["x"]}, flags={"intuitive": True})]

    with pytest.raises(ParameterError, match=r"`select`.*flag:intuitive, flag:d1.*flag:nosuch"):
        plan_sweep(Declared(), {"x": [0.5]}, select="flag:nosuch")
    t = dg.sweep(Declared(), {"x": [0.25]}, select="flag:intuitive")
    assert t["escalation_probability"].tolist() == [0.25]


class Ordered(dg.Model):
    """x < y (a cross-parameter condition); counts its solves."""

    id = ""
    method = "closed form"
    outcomes = ("peace", "war")
    escalatory = ("war",)
    parameters = (dg.Parameter("x", 0.1, dg.interval(0, 1), "lower"), dg.Parameter("y", 0.9, dg.interval(0, 1), "upper"))
    solved: list = []

    def _check_arrays(self, p):
        self._require(p["x"] < p["y"], "x", p["x"], "x < y")

    def equilibria(self, p):
        Ordered.solved.append(p["x"])
        return [self.equilibrium("pure", {"peace": 1 - p["x"], "war": p["x"]})]


def test_streamed_validation_checks_each_chunk_before_it_is_dispatched(monkeypatch):
    from deterrence_games.sweeps import plan as plan_module

    grid = {"y": [0.5, 0.95], "x": [0.1, 0.2, 0.3, 0.4]}  # every x < y
    bad = {"y": [0.95, 0.35], "x": [0.1, 0.2, 0.3, 0.4]}  # points 6, 7: x = 0.3, 0.4 >= y = 0.35
    Ordered.solved = []
    with pytest.raises(ParameterError, match="`x`.*x < y"):  # small design: every point before any work
        dg.sweep(Ordered(), bad, backend="serial", chunk_size=2)
    assert Ordered.solved == []
    monkeypatch.setattr(plan_module, "STREAM_VALIDATION_POINTS", 4)
    plan = plan_sweep(Ordered(), bad, vectorized=False)
    assert plan.streamed and plan.n == 8
    with pytest.raises(ParameterError, match="`x`.*x < y"):  # found when its chunk comes up
        dg.sweep(Ordered(), bad, backend="serial", chunk_size=2)
    assert Ordered.solved == [0.1, 0.2, 0.3, 0.4, 0.1, 0.2]  # chunks 0-2 ran, chunk 3 was refused
    Ordered.solved = []
    t = dg.sweep(Ordered(), grid, backend="serial", chunk_size=2)
    assert len(t) == 8 and (t["status"] == "ok").all()
    with pytest.raises(ParameterError, match="`x`"):  # an axis out of its domain: refused up front
        plan_sweep(Ordered(), {"y": [0.95, 0.35], "x": [0.1, 1.2]})


def test_an_estimate_that_stops_early_is_reported_like_every_non_converged_result(monkeypatch):
    # the optimiser's own verdict is forced to "not converged": the fit must say so the common way
    import dataclasses

    from deterrence_games.estimation import _qre_fit

    real = _qre_fit.maximize

    def stopped(*args, **kwargs):
        return dataclasses.replace(real(*args, **kwargs), converged=False, message="iteration limit")

    monkeypatch.setattr(_qre_fit, "maximize", stopped)
    game = dg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.warns(ConvergenceWarning, match="did not converge: QRE fit: iteration limit"):
        fit = dg.estimate.qre_fit(game, [40, 60], [45, 55], lam=1.0)
    assert not fit.converged and fit.warnings == ("did not converge: QRE fit: iteration limit",)
    assert isinstance(fit, Result) and "NOT CONVERGED" in repr(fit)
