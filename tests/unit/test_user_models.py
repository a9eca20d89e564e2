"""A user's own model: the public Model hook, dg.model, registration, dg.testing.check_model."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import warnings
from importlib.metadata import EntryPoint
from pathlib import Path

import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games import ParameterError
from deterrence_games.cli import main
from deterrence_games.models import _registry
from deterrence_games.models.crisis_signaling import crisis_game
from deterrence_games.models.inspection import Inspection
from deterrence_games.testing import ModelCheckError, check_model

ROOT = Path(__file__).resolve().parents[2]

HOTLINE_FILE = '''
import deterrence_games as dg


@dg.model(parameters=[dg.Parameter("h", 0.5, dg.interval(0, 1), "probability the hotline works",
                                   information=True, role="signal_accuracy")],
          outcomes=("talks", "standoff", "war"), escalatory=("war",),
          outcome_map=[["talks", "standoff"], ["standoff", "war"]])
def hotline(p):
    "Hotline game: each side stays calm or pushes."
    w = -3 * (1 - p["h"])
    return dg.BimatrixGame([[2, 0], [3, w]], [[2, 3], [0, w]], ("calm", "push"), ("calm", "push"))


class Alarm(dg.Model):
    "A false-alarm crisis: war follows an alarm with probability alpha."
    id = "alarm"
    title = "False alarm"
    method = "closed form"
    parameters = (dg.Parameter("false_alarm", 0.1, dg.interval(0, 1), "false-alarm rate", information=True,
                               role="false_alarm"),)
    outcomes = ("peace", "war")
    escalatory = ("war",)

    def equilibria(self, params):
        a = params["false_alarm"]
        return [self.equilibrium("pure", {"peace": 1 - a, "war": a})]
'''


@pytest.fixture
def registry():
    """A registry restored after the test (user models registered in it are dropped)."""
    _registry._load()
    saved = dict(_registry._MODELS), set(_registry._SHIPPED), list(_registry._ERRORS)
    yield _registry
    _registry._MODELS.clear()
    _registry._MODELS.update(saved[0])
    _registry._SHIPPED.clear()
    _registry._SHIPPED.update(saved[1])
    _registry._ERRORS[:] = saved[2]
    _registry._LOADED = True


@pytest.fixture
def hotline_file(tmp_path):
    path = tmp_path / "hotline_models.py"
    path.write_text(HOTLINE_FILE)
    return path


def _hotline():
    @dg.model(parameters=[dg.Parameter("h", 0.5, dg.interval(0, 1), "probability the hotline works",
                                       information=True, role="signal_accuracy")],
              outcomes=("talks", "standoff", "war"), escalatory=("war",),
              outcome_map=[["talks", "standoff"], ["standoff", "war"]])
    def hotline(p):
        "Hotline game: each side stays calm or pushes."
        w = -3 * (1 - p["h"])
        return dg.BimatrixGame([[2, 0], [3, w]], [[2, 3], [0, w]], ("calm", "push"), ("calm", "push"))

    return hotline


class PluginModel(dg.Model):
    """A model an installed package registers through the entry-point group."""

    id = "plugin_model"
    title = "Plugin"
    method = "closed form"
    parameters = (dg.Parameter("x", 0.5, dg.interval(0, 1), "war probability"),)
    outcomes = ("peace", "war")
    escalatory = ("war",)

    def equilibria(self, params):
        return [self.equilibrium("pure", {"peace": 1 - params["x"], "war": params["x"]})]


# ---------------------------------------------------------------------------------------
# the public hook and the declarations
# ---------------------------------------------------------------------------------------


def test_public_hook_and_legacy_hook_both_solve():
    class Legacy(dg.Model):
        id = ""
        parameters = (dg.Parameter("x", 0.25, dg.interval(0, 1), "war probability"),)
        outcomes = ("peace", "war")
        escalatory = ("war",)

        def _solve(self, p):
            return [self._equilibrium("pure", {"peace": 1 - p["x"], "war": p["x"]})]

    m = Legacy()
    assert m.solve(x=0.3).escalation_range == (0.3, 0.3)
    assert m.equilibria({"x": 0.3})[0].escalation_probability == 0.3  # the public name reaches _solve
    p = PluginModel()
    assert p.provenance == "user model" and p.solve(x=0.7).escalation_range == (0.7, 0.7)
    assert p._solve({"x": 0.7}) == p.equilibria({"x": 0.7})  # and the former name reaches equilibria

    class Nothing(dg.Model):
        parameters = ()
        outcomes = ("war",)
        escalatory = ("war",)

    with pytest.raises(NotImplementedError, match="implements neither"):
        Nothing().solve()


def test_method_must_be_declared_with_the_public_hook():
    with pytest.raises(TypeError, match="must declare `method`"):
        class NoMethod(dg.Model):
            outcomes = ("war",)
            escalatory = ("war",)

            def equilibria(self, params):
                return []


def test_equilibrium_builder_refuses_unknown_outcomes_and_non_distributions():
    m = PluginModel()
    with pytest.raises(ValueError, match=r"\['wr'\] not among the model's outcomes"):
        m.equilibrium("pure", {"peace": 0.5, "wr": 0.5})
    with pytest.raises(ValueError, match="probability distribution"):
        m.equilibrium("pure", {"peace": 0.5, "war": 0.6})
    e = m.equilibrium("mixed", {"war": 1.0}, quantities={"q": 2.0})
    assert e.outcomes == {"peace": 0.0, "war": 1.0} and e.escalation_probability == 1.0 and e.quantities["q"] == 2.0

    class Bad(PluginModel):
        def equilibria(self, params):
            return {"peace": 1.0}

    with pytest.raises(TypeError, match="must return a list of Equilibrium"):
        Bad().solve()


def test_domains_and_parameter_role():
    assert dg.interval(0, 1, open_low=True).describe("q") == "0 < q <= 1"
    assert dg.integer(1, 5).describe("n") == "n an integer with 1 <= n <= 5"
    assert dg.choice("public", "private").describe("s") == "s in {'public', 'private'}"
    with pytest.raises(ParameterError, match="`high`"):
        dg.interval(1, 0)
    with pytest.raises(ParameterError, match="`high`"):
        dg.integer(3, 1)
    with pytest.raises(ParameterError, match="`options`"):
        dg.choice()
    with pytest.raises(ParameterError, match="distinct"):
        dg.choice("a", "a")
    with pytest.raises(TypeError, match="`low`"):
        dg.interval("0", 1)
    with pytest.raises(TypeError, match="`role`"):
        dg.Parameter("q", 0.5, dg.interval(0, 1), "precision", role=3)
    with pytest.raises(TypeError, match="`domain`"):
        dg.Parameter("q", 0.5, (0, 1), "precision")
    par = dg.Parameter("q", 0.5, dg.interval(0, 1), "precision", "q", information=True, role="signal_accuracy")
    assert par.to_dict()["role"] == "signal_accuracy"
    assert dg.get_model("crisis_signaling").describe()["parameters"][0]["role"] == "prior"


def test_dg_solve_alias_is_removed():
    # `dg.solve` read like a function but was a module: the solvers are `dg.solvers`
    assert not hasattr(dg, "solve") and "solve" not in dg.__all__
    with pytest.raises(AttributeError, match="solve"):
        dg.solve  # noqa: B018


# ---------------------------------------------------------------------------------------
# models from functions
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("h", [0.0, 0.2, 0.5, 0.9])
def test_hotline_from_a_function_matches_its_closed_form(h):
    """Chicken with war payoff w = -3(1 - h): the mixed equilibrium has Pr(calm) = -w / (1 - w),
    so Pr(war) = (1 / (1 - w))^2; the two pure equilibria (one pushes) never reach war."""
    m = _hotline()
    sol = m.solve(h=h)
    w = -3 * (1 - h)
    assert [e.label for e in sol] == ["pure", "mixed", "pure"]
    assert [e.escalation_probability for e in sol] == pytest.approx([0, (1 / (1 - w)) ** 2, 0], abs=1e-12)
    assert sol.method == "nash_equilibria (vertex)" and sol.provenance == "user model"
    assert m.id == "hotline" and m.title == "Hotline game: each side stays calm or pushes."
    assert m.information == ("h",) and m.has_finite_game and not m.vectorized


def test_inspection_through_the_builder_gives_the_shipped_equilibria():
    """Inspection (Avenhaus, von Stengel and Zamir 2002) as a user writes it: the bimatrix game
    plus the outcome of each profile (an inspection errs with alpha / beta)."""
    shipped = dg.get_model("inspection")

    def outcomes(p, inspectee, inspector):
        a, b = p["false_alarm"], p["non_detection"]
        return {("legal", "inspect"): {"legal_cleared": 1 - a, "false_alarm": a},
                ("legal", "not"): {"legal_not_inspected": 1.0},
                ("violate", "inspect"): {"violation_detected": 1 - b, "violation_undetected": b},
                ("violate", "not"): {"violation_undetected": 1.0}}[inspectee, inspector]

    user = dg.model(lambda p: BimatrixFromInspection(p), id="inspection_user", title="Inspection",
                    parameters=shipped.parameters, outcomes=shipped.outcomes, escalatory=shipped.escalatory,
                    outcome_map=outcomes, check=lambda p: shipped._check(p))
    rng = np.random.default_rng(3)
    points = [{}] + [{"false_alarm": float(rng.uniform(0, 0.2)), "non_detection": float(rng.uniform(0, 0.5))} for _ in range(5)]
    for point in points:
        a, b = shipped.solve(**point), user.solve(**point)
        assert len(a) == len(b) >= 1
        for ea, eb in zip(a, b, strict=True):
            assert ea.label == eb.label
            assert np.allclose(list(ea.outcomes.values()), list(eb.outcomes.values()), atol=1e-12)
            assert np.allclose(ea.strategies["inspectee"], eb.strategies["row"], atol=1e-12)
            assert np.allclose(ea.strategies["inspector"], eb.strategies["column"], atol=1e-12)
    with pytest.raises(ParameterError, match="`a`"):  # the shipped cross-parameter check, before work
        user.solve(a=50.0)


def BimatrixFromInspection(p):
    A, B = Inspection.payoff_matrices(*(p[n] for n in Inspection().parameter_names))
    return dg.BimatrixGame(A, B, ("legal", "violate"), ("inspect", "not"))


def test_crisis_signaling_through_the_builder_gives_the_shipped_equilibria():
    """The crisis signaling model (a garbled signaling game) through dg.model: every PBE with
    noise-consistent off-path beliefs, outcomes from (type, message, action)."""
    shipped = dg.get_model("crisis_signaling")

    def outcome(p, t, m, a):
        fights = t == "resolved" or (m == "threaten" and p["w_i"] < 1 + p["a"])
        return "status_quo" if a == "refrain" else "war" if fights else "concession"

    user = dg.model(crisis_game, id="crisis_signaling_user", parameters=shipped.parameters,
                    outcomes=shipped.outcomes, escalatory=shipped.escalatory, outcome_map=outcome,
                    solver_options={"consistent_beliefs": True})
    for point in [{}, {"q": 0.8}, {"a": 0.0, "q": 0.7}, {"q": 1.0}, {"w_i": 1.5, "pi": 0.6}]:
        a, b = shipped.solve(**point), user.solve(**point)
        assert len(a) == len(b) >= 1
        for ea, eb in zip(a, b, strict=True):
            assert ea.label == eb.label
            assert np.allclose(list(ea.outcomes.values()), list(eb.outcomes.values()), atol=1e-12)
            for k in ("escalation_min", "escalation_max"):
                assert ea.quantities[k] == pytest.approx(eb.quantities[k], abs=1e-12)


def test_models_returning_equilibria_declare_their_method():
    pars = [dg.Parameter("c", 1.0, dg.interval(0, 10, open_low=True), "cost of war")]
    with pytest.raises(TypeError, match="must declare `method`"):
        dg.model(lambda p: [], id="m", parameters=pars, outcomes=("peace", "war"), escalatory=("war",))

    def fearon(p):
        "Risk-return trade-off: war with probability 1 / (1 + c)."
        q = 1 / (1 + p["c"])
        return [{"peace": 1 - q, "war": q}, ("pure", {"peace": 1.0}, {"quantities": {"c": p["c"]}})]

    m = dg.model(fearon, parameters=pars, outcomes=("peace", "war"), escalatory=("war",), method="closed form")
    sol = m.solve(c=3.0)
    assert sol.method == "closed form" and [e.label for e in sol] == ["equilibrium", "pure"]
    assert [e.escalation_probability for e in sol] == [0.25, 0.0] and sol[1].quantities["c"] == 3.0
    bad = dg.model(lambda p: [{"peace": 0.5, "war": 0.7}], id="bad", parameters=pars, outcomes=("peace", "war"),
                   escalatory=("war",), method="closed form")
    with pytest.raises(ValueError, match="probability distribution"):
        bad.solve()
    game_fn = dg.model(lambda p: dg.BimatrixGame([[1]], [[1]]), id="g", parameters=pars,
                       outcomes=("peace", "war"), escalatory=("war",), method="closed form")
    with pytest.raises(TypeError, match="declare `outcome_map`"):
        game_fn.solve()


def test_builder_refuses_bad_declarations_before_work():
    pars = [dg.Parameter("h", 0.5, dg.interval(0, 1), "hotline")]
    with pytest.raises(ParameterError, match="`escalatory`"):
        dg.model(lambda p: [], id="m", parameters=pars, outcomes=("peace",), escalatory=("war",), method="m")
    with pytest.raises(ParameterError, match="`provenance`"):
        dg.model(lambda p: [], id="m", parameters=pars, outcomes=("war",), escalatory=("war",), method="m",
                 provenance="mine")
    with pytest.raises(ParameterError, match="`id`"):
        dg.model(lambda p: [], parameters=pars, outcomes=("war",), escalatory=("war",), method="m")
    with pytest.raises(ParameterError, match="`h`"):
        dg.model(lambda p: [], id="m", parameters=[dg.Parameter("h", 2.0, dg.interval(0, 1), "hotline")],
                 outcomes=("war",), escalatory=("war",), method="m")
    m = dg.model(lambda p: dg.BimatrixGame([[1, 0], [0, 1]]), id="m", parameters=pars, outcomes=("a", "b"),
                 escalatory=("b",), outcome_map=[["a", "c"], ["a", "b"]])
    with pytest.raises(ParameterError, match="`outcome_map`.*'c'.*at \\(row action, column action\\) = \\('r0', 'c1'\\)"):
        m.solve()
    with pytest.raises(ParameterError, match="`outcome_map`"):
        dg.model(lambda p: dg.BimatrixGame([[1, 0], [0, 1]]), id="m", parameters=pars, outcomes=("a", "b"),
                 escalatory=("b",), outcome_map=[["a", "b"]]).solve()
    with pytest.raises(ParameterError, match="`h`"):
        _hotline().solve(h=1.5)
    with pytest.raises(TypeError, match=r"dg\.model"):
        dg.sweep(lambda p: None, {"h": [0.5]})


def test_qre_selection_on_a_model_from_a_function_picks_the_risk_dominant_equilibrium():
    """Stag hunt: (hare, hare) risk-dominates (deviation losses 3 x 3 > 1 x 1), and the logit
    QRE limit of a symmetric 2x2 coordination game is the risk-dominant equilibrium
    (McKelvey and Palfrey 1995)."""
    m = dg.model(lambda p: dg.BimatrixGame([[p["s"], 0], [3, 3]], [[p["s"], 3], [0, 3]], ("stag", "hare"),
                                           ("stag", "hare")),
                 id="stag_hunt", parameters=[dg.Parameter("s", 4.0, dg.interval(3, 10, open_low=True), "stag payoff")],
                 outcomes=("cooperation", "miscoordination", "caution"), escalatory=("miscoordination",),
                 outcome_map=lambda r, c: "cooperation" if r == c == "stag" else "caution" if r == c else "miscoordination")
    t = dg.sweep(m, {"s": [4.0, 7.0]}, select="qre")
    assert len(t) == 2 and (t["status"] == "ok").all()
    assert t["prob_caution"].tolist() == pytest.approx([1.0, 0.0])  # s = 7: stag risk-dominates (4^2 > 3^2)
    assert t.attrs["provenance"]["select"] == "qre"


# ---------------------------------------------------------------------------------------
# check_model
# ---------------------------------------------------------------------------------------


def test_check_model_passes_user_models():
    report = check_model(_hotline())
    assert set(report.results) == set(dg.testing.CHECKS)
    assert report.results["closed_form"] == "passed" and report.results["plot"] == "passed"
    assert check_model(PluginModel()).results["validation"] == "passed"


class _Base(dg.Model):
    id = "broken"
    title = "Broken"
    method = "closed form"
    parameters = (dg.Parameter("x", 0.5, dg.interval(0, 1), "war probability"),)
    outcomes = ("peace", "war")
    escalatory = ("war",)


def _failures(model):
    with pytest.raises(ModelCheckError) as info:
        check_model(model, plot=False)
    return str(info.value)


def test_check_model_finds_broken_models():
    class NotADistribution(_Base):
        def _solve(self, p):  # the unchecked legacy builder lets this through
            return [self._equilibrium("pure", {"peace": 0.5, "war": p["x"] + 0.1})]

    assert "outcomes: at the defaults, equilibrium 0" in _failures(NotADistribution())

    class WorksFirst(_Base):
        def solve(self, **params):
            self._solve({"x": 0.5})
            return super().solve(**params)

        def equilibria(self, params):
            return [self.equilibrium("pure", {"peace": 1 - params["x"], "war": params["x"]})]

    assert "validation: solve({'not_a_parameter': 1.0}) started solving" in _failures(WorksFirst())

    class LateCheck(_Base):
        def equilibria(self, params):
            if params["x"] > 0.9:
                raise ParameterError("x", params["x"], "x <= 0.9")
            return [self.equilibrium("pure", {"peace": 1 - params["x"], "war": params["x"]})]

    with pytest.raises(ModelCheckError, match="validate\\(\\) accepts"):
        check_model(LateCheck(), n_points=40, plot=False)

    class Unstable(_Base):
        calls = []

        def equilibria(self, params):
            self.calls.append(1)
            x = params["x"] * (1 - 0.1 * (len(self.calls) % 3))  # a state leaks between solves
            return [self.equilibrium("pure", {"peace": 1 - x, "war": x})]

    assert "determinism" in _failures(Unstable())


def test_check_model_certifies_equilibria_of_the_finite_game():
    """A model that drops an equilibrium, or reports a profile that is not one, fails."""
    hot = _hotline()

    class Drops(dg.Model):
        id = "drops"
        title = "Drops the mixed equilibrium"
        method = "hand-written"
        parameters = hot.parameters
        outcomes = hot.outcomes
        escalatory = hot.escalatory

        def equilibria(self, params):
            return [e for e in hot.equilibria(params) if e.label == "pure"]

        def finite_game(self, p):
            return hot.finite_game(p)

        def equilibrium_profiles(self, p, eq):
            return hot.equilibrium_profiles(p, eq)

    assert "the generic solver finds the equilibrium" in _failures(Drops())

    class Wrong(Drops):
        def equilibria(self, params):
            return [self.equilibrium("pure", {"talks": 1.0}, strategies={"row": np.array([1.0, 0.0]),
                                                                         "column": np.array([1.0, 0.0])})]

    assert "is not a Nash equilibrium of the finite game" in _failures(Wrong())


def test_check_model_validates_its_options():
    with pytest.raises(ParameterError, match="`backends`"):
        check_model(PluginModel(), backends=("threads",))
    with pytest.raises(ParameterError, match="`n_points`"):
        check_model(PluginModel(), n_points=-1)


# ---------------------------------------------------------------------------------------
# a model defined in a notebook / __main__: pickled by value for process and Dask workers
# ---------------------------------------------------------------------------------------

MAIN_SCRIPT = '''
import pandas as pd
import deterrence_games as dg
from deterrence_games.sweeps import local_cluster
{hotline}

class Fearon(dg.Model):
    "War with probability 1 / (1 + c)."
    id = "fearon_main"
    title = "Fearon"
    method = "closed form"
    parameters = (dg.Parameter("c", 1.0, dg.interval(0, 10, open_low=True), "cost of war", information=True),)
    outcomes = ("peace", "war")
    escalatory = ("war",)

    def equilibria(self, params):
        q = 1 / (1 + params["c"])
        return [self.equilibrium("pure", {{"peace": 1 - q, "war": q}})]


def frame(t):
    t = t.copy()
    t.attrs = {{}}
    return t


if __name__ == "__main__":
    import distributed
    for m, grid in ((hotline, {{"h": [0.0, 0.3, 0.6, 1.0]}}), (Fearon(), {{"c": [0.5, 1.0, 2.0]}})):
        serial = dg.sweep(m, grid, backend="serial")
        proc = dg.sweep(m, grid, backend="process", workers=2, chunk_size=1)
        assert proc.attrs["provenance"]["backend"] == "process"
        pd.testing.assert_frame_equal(frame(proc), frame(serial), check_exact=True)
    with local_cluster(1) as cluster, distributed.Client(cluster) as client:
        for m, grid in ((hotline, {{"h": [0.0, 0.3, 0.6, 1.0]}}), (Fearon(), {{"c": [0.5, 1.0, 2.0]}})):
            serial = dg.sweep(m, grid, backend="serial")
            dask = dg.sweep(m, grid, backend="dask", client=client, chunk_size=1)
            pd.testing.assert_frame_equal(frame(dask), frame(serial), check_exact=True)
        report = dg.testing.check_model(hotline, backends=("serial", "process", "dask"), client=client, plot=False)
        assert report.results["backends"] == "passed", report
    print("SAME TABLES")
'''


@pytest.mark.slow
def test_a_model_defined_in_main_sweeps_alike_on_process_and_dask(tmp_path):
    pytest.importorskip("distributed")
    pytest.importorskip("cloudpickle")
    hotline = HOTLINE_FILE.split("class Alarm")[0].replace("import deterrence_games as dg", "")
    script = tmp_path / "notebook_cell.py"
    script.write_text(MAIN_SCRIPT.format(hotline=hotline))
    env = {"PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"}
    res = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600, env=env,
                         cwd=tmp_path)
    assert res.returncode == 0, res.stderr[-3000:]
    assert "SAME TABLES" in res.stdout


def test_models_from_main_or_a_function_body_pickle_by_value():
    import pickle

    m = _hotline()  # a function defined inside a function: not importable by reference
    assert not m._by_reference()
    copy = pickle.loads(pickle.dumps(m))
    assert copy.solve(h=0.3) == m.solve(h=0.3)

    class Local(PluginModel):
        id = "local"

    copy = pickle.loads(pickle.dumps(Local()))
    assert type(copy).__name__ == "Local" and copy.solve(x=0.2) == Local().solve(x=0.2)
    assert len(pickle.dumps(PluginModel())) < 200  # an importable class travels by reference


# ---------------------------------------------------------------------------------------
# registration: register_model, entry points, --model-file
# ---------------------------------------------------------------------------------------


def test_register_model(registry):
    m = _hotline()
    assert dg.register_model(m) == "hotline"
    assert dg.get_model("hotline") is m and "hotline" in dg.model_ids()
    assert dg.register_model(_hotline()) == "hotline"  # the same function again (a cell run twice)
    other = dg.model(lambda p: [], id="hotline", parameters=(), outcomes=("war",), escalatory=("war",), method="m")
    with pytest.raises(ParameterError, match="replace=True"):
        dg.register_model(other)
    dg.register_model(m, replace=True)
    assert dg.get_model("hotline") is m
    clash = dg.model(lambda p: [], id="inspection", parameters=(), outcomes=("war",), escalatory=("war",), method="m")
    with pytest.raises(ParameterError, match="shipped model"):
        dg.register_model(clash)
    with pytest.raises(TypeError):
        dg.register_model("hotline")
    t = dg.sweep("hotline", {"h": [0.5]}, backend="serial")
    assert t.attrs["provenance"]["model"] == "hotline"


def test_entry_points_are_loaded_lazily_and_broken_plugins_are_not_fatal(registry, monkeypatch):
    eps = [EntryPoint("good", f"{__name__}:PluginModel", _registry.ENTRY_POINT_GROUP),
           EntryPoint("broken", "no_such_module_xyz:Model", _registry.ENTRY_POINT_GROUP),
           EntryPoint("empty", "json:dumps", _registry.ENTRY_POINT_GROUP)]
    monkeypatch.setattr(_registry, "entry_points", lambda group: [e for e in eps if e.group == group])
    monkeypatch.setattr(_registry, "_LOADED", False)
    with pytest.warns(_registry.PluginWarning) as rec:
        ids = dg.model_ids()
    assert "plugin_model" in ids and "inspection" in ids
    assert len(rec) == 2 and "'broken'" in str(rec[0].message) and "ModuleNotFoundError" in str(rec[0].message)
    assert "'empty'" in str(rec[1].message) and "names no Model" in str(rec[1].message)
    assert isinstance(dg.get_model("plugin_model"), PluginModel)
    assert len(_registry.plugin_errors()) == 2


def test_model_file_on_the_command_line(registry, hotline_file, capsys, tmp_path):
    assert main(["models", "--model-file", str(hotline_file), "--json"]) == 0
    described = {m["id"]: m for m in json.loads(capsys.readouterr().out)}
    assert described["hotline"]["provenance"] == "user model"
    assert described["hotline"]["parameters"][0]["role"] == "signal_accuracy"
    assert described["alarm"]["parameters"][0]["role"] == "false_alarm"
    assert main(["solve", "hotline", "--set", "h=0.5", "--json", "--model-file", str(hotline_file)]) == 0
    sol = json.loads(capsys.readouterr().out)
    assert [round(e["escalation_probability"], 12) for e in sol["equilibria"]] == [0.0, 0.16, 0.0]
    out = tmp_path / "alarm.csv"
    assert main(["sweep", "alarm", "--grid", "false_alarm=0:1:5", "--out", str(out), "--model-file", str(hotline_file)]) == 0
    table = dg.load_table(out)
    assert table["escalation_probability"].tolist() == pytest.approx([0, 0.25, 0.5, 0.75, 1])
    capsys.readouterr()
    assert main(["statics", "alarm", "--wrt", "false_alarm", "--model-file", str(hotline_file)]) == 2
    assert "declares a symbolic form" in capsys.readouterr().err
    assert main(["solve", "hotline", "--model-file", str(tmp_path / "missing.py")]) == 2
    assert "`--model-file`" in capsys.readouterr().err


def test_model_file_models_sweep_on_worker_processes(registry, hotline_file):
    """A file loaded with --model-file is no importable module: its models travel by value."""
    ids = _registry.load_model_file(hotline_file)
    assert sorted(ids) == ["alarm", "hotline"]
    serial = dg.sweep("hotline", {"h": [0.1, 0.7]}, backend="serial")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        proc = dg.sweep("hotline", {"h": [0.1, 0.7]}, backend="process", workers=2, chunk_size=1)
    assert proc["escalation_probability"].tolist() == serial["escalation_probability"].tolist()
    empty = hotline_file.with_name("empty_models.py")
    empty.write_text("x = 1\n")
    with pytest.raises(ParameterError, match="at least one model"):
        _registry.load_model_file(empty)


# ---------------------------------------------------------------------------------------
# symbolic statics of a model whose payoffs are sympy expressions
# ---------------------------------------------------------------------------------------


def _hotline_payoffs(p):
    w = -3 * (1 - p["h"])
    return [[2, 0], [3, w]], [[2, 3], [0, w]]


def _symbolic_hotline():
    return dg.model(lambda p: dg.BimatrixGame(*_hotline_payoffs(p), ("calm", "push"), ("calm", "push")),
                    id="hotline_symbolic", parameters=[dg.Parameter("h", 0.5, dg.interval(0, 1), "hotline works",
                                                                    information=True)],
                    outcomes=("talks", "standoff", "war"), escalatory=("war",),
                    outcome_map=[["talks", "standoff"], ["standoff", "war"]], symbolic_payoffs=_hotline_payoffs)


def test_symbolic_statics_of_a_model_from_a_function(registry):
    """Pr(war) in the mixed equilibrium is 1 / (4 - 3h)^2: increasing in h, proved; the
    closed form per regime agrees with the generic solver."""
    import sympy as sp

    from deterrence_games.models._symbolic import statics, symbolic_form

    m = _symbolic_hotline()
    dg.register_model(m)  # the symbolic machinery finds a model by id
    form = symbolic_form(m)
    (inside,) = [r for r in form.regimes if not r.degenerate]
    h = form.symbols["h"]
    mixed = inside.equilibria[inside.labels.index("mixed")]["escalation_probability"]
    assert sp.simplify(mixed - 1 / (4 - 3 * h) ** 2) == 0
    for v in (0.1, 0.5, 0.9):
        numeric = [e.escalation_probability for e in m.solve(h=v)]
        assert sorted(numeric) == pytest.approx(sorted(float(e["escalation_probability"].subs(h, v))
                                                       for e in inside.equilibria), abs=1e-12)
    res = statics(m, "h", n_points=20).to_frame()
    row = res[res["equilibrium"] == inside.labels.index("mixed")].iloc[0]
    assert row["sign"] == "positive" and row["method"] == "proved"
    with pytest.raises(TypeError, match="symbolic_payoffs"):
        dg.model(lambda p: [], id="x", parameters=(), outcomes=("war",), escalatory=("war",), method="m",
                 symbolic_payoffs=_hotline_payoffs)


def test_statics_on_the_command_line_with_a_model_file(registry, tmp_path, capsys):
    path = tmp_path / "symbolic_hotline.py"
    path.write_text(textwrap.dedent('''
        import deterrence_games as dg


        def payoffs(p):
            w = -3 * (1 - p["h"])
            return [[2, 0], [3, w]], [[2, 3], [0, w]]


        hotline_cli = dg.model(lambda p: dg.BimatrixGame(*payoffs(p)), id="hotline_cli",
                               parameters=[dg.Parameter("h", 0.5, dg.interval(0, 1), "hotline works")],
                               outcomes=("talks", "standoff", "war"), escalatory=("war",),
                               outcome_map=[["talks", "standoff"], ["standoff", "war"]], symbolic_payoffs=payoffs)
    '''))
    assert main(["statics", "hotline_cli", "--wrt", "h", "--points", "10", "--json", "--model-file", str(path)]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert sorted(r["sign"] for r in rows if not r.get("degenerate")) == ["positive", "zero", "zero"]


def test_noisy_security_dilemma_through_the_builder_gives_the_shipped_equilibria():
    """The repeated security dilemma with a noisy incident signal, as a user writes it from the
    public repeated-game pieces: the pause-trigger automaton is an equilibrium iff no one-shot
    deviation gains (Mailath and Samuelson 2006, Prop. 7.1.1), and its long-run share of pause
    periods is the escalation; the shipped model computes both in closed form."""
    from deterrence_games.games.repeated import incident_monitoring
    from deterrence_games.solvers.automata import analyze_automaton, pause_trigger

    shipped = dg.get_model("noisy_security_dilemma")

    def repeated(p):
        stage = dg.BimatrixGame([[p["R"], p["S"]], [p["T_hat"], p["P"]]], [[p["R"], p["T_hat"]], [p["S"], p["P"]]],
                                ("restrain", "arm"), ("restrain", "arm"))
        game = dg.RepeatedGame(stage, p["delta"], incident_monitoring(stage, false_alarm=1 - p["specificity"],
                                                                      detection=1 - p["non_detection"]))
        T = None if p["pause"] == "grim" else int(p["T"])
        a = analyze_automaton(game, pause_trigger(game, T), horizons=(int(p["horizon"]),))
        eqs = []
        if a.deviation_gains.max() <= 1e-9:
            eqs.append(("grim trigger" if T is None else "trigger with pause",
                        {"restraint": 1 - a.escalation_share, "pause": a.escalation_share}))
        return eqs + [("always arm", {"arms_race": 1.0})]

    user = dg.model(repeated, id="nsd_user", parameters=[q for q in shipped.parameters if q.name != "pause"] +
                    [dg.Parameter("pause", "grim", dg.choice("fixed", "grim"), "pause rule")],
                    outcomes=shipped.outcomes, escalatory=shipped.escalatory,
                    method="public automaton (pause_trigger), one-shot deviation check (analyze_automaton)")
    rng = np.random.default_rng(0)
    kinds = set()
    for i in range(40):
        point = {"specificity": rng.uniform(0.5, 1), "non_detection": rng.uniform(0, 0.9), "delta": rng.uniform(0.5, 0.99),
                 "pause": ("fixed", "grim")[i % 2], "T": int(rng.integers(1, 6))}
        try:
            a = shipped.solve(**point)
        except ParameterError:  # outside the shipped model's cross-parameter conditions
            continue
        b = user.solve(**point)
        assert [e.label for e in a] == [e.label for e in b]
        for ea, eb in zip(a, b, strict=True):
            assert np.allclose(list(ea.outcomes.values()), list(eb.outcomes.values()), atol=1e-9)
        kinds.add(tuple(e.label for e in a))
    assert {("always arm",), ("trigger with pause", "always arm"), ("grim trigger", "always arm")} <= kinds
