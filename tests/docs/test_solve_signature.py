"""``Model.solve`` shows each model's parameters to ``inspect.signature`` and ``help`` (issue 15)."""

import inspect
import pickle
import typing

import pytest

import deterrence_games as dg


@pytest.mark.parametrize("model_id", dg.model_ids())
def test_signature_lists_every_parameter_keyword_only_with_its_default(model_id):
    model = dg.get_model(model_id)
    sig = inspect.signature(model.solve)
    assert list(sig.parameters) == [p.name for p in model.parameters]
    for par in model.parameters:
        sp = sig.parameters[par.name]
        assert sp.kind is inspect.Parameter.KEYWORD_ONLY
        assert sp.default == par.default
    assert sig.return_annotation is dg.ModelSolution
    doc = model.solve.__doc__
    assert "Parameters\n----------" in doc and "Returns\n-------" in doc
    for par in model.parameters:
        assert f"\n{par.name} : " in doc
        assert par.describe() in doc


def test_annotations_follow_the_domains():
    sig = inspect.signature(dg.get_model("public_information").solve)
    assert sig.parameters["alpha"].annotation is float
    assert typing.get_args(sig.parameters["variant"].annotation) == ("beauty_contest", "regime_change")
    ints = [p for p in dg.get_model("chain_store").parameters if isinstance(p.domain, dg.testing.IntegerRange)]
    assert ints, "chain_store has an integer parameter"
    assert inspect.signature(dg.get_model("chain_store").solve).parameters[ints[0].name].annotation is int


def test_signature_of_an_overridden_solve_and_calls_unchanged():
    model = dg.get_model("crisis_bargaining_signal")  # overrides solve (knife-edge warning)
    assert "solve" in type(model).__dict__
    assert list(inspect.signature(model.solve).parameters)[:2] == ["pi", "rho"]
    assert "accuracy of the public signal" in model.solve.__doc__
    assert model.solve(pi=0.6, rho=0.75).escalation_probability == pytest.approx(0.15)
    with pytest.raises(dg.ParameterError, match="rho"):
        model.solve(rho=1.5)
    with pytest.raises(dg.ParameterError, match="nope"):
        model.solve(nope=1)
    again = pickle.loads(pickle.dumps(model.solve))  # bound methods still pickle (process backend)
    assert again(pi=0.6, rho=0.75).escalation_probability == model.solve(pi=0.6, rho=0.75).escalation_probability


def test_user_models_from_dg_model_and_subclasses():
    @dg.model(parameters=[dg.Parameter("h", 0.5, dg.interval(0, 1), "probability the hotline works",
                                       information=True),
                          dg.Parameter("n", 2, dg.integer(1, 5), "number of channels")],
              outcomes=("talks", "war"), escalatory=("war",), method="closed form")
    def hotline(p):
        "Hotline that connects with probability h."
        return [("pure", {"talks": p["h"], "war": 1 - p["h"]})]

    sig = inspect.signature(hotline.solve)
    assert [(n, q.default, q.annotation) for n, q in sig.parameters.items()] == [("h", 0.5, float), ("n", 2, int)]
    assert "probability the hotline works" in hotline.solve.__doc__
    assert "Measures information sharing" in hotline.solve.__doc__
    assert hotline.solve(h=0.8).escalation_probability == pytest.approx(0.2)

    class Pause(dg.Model):
        "A pause that holds with probability s."
        id = "pause_sig_example"
        method = "closed form"
        parameters = (dg.Parameter("s", 0.3, dg.interval(0, 1), "probability the pause holds"),)
        outcomes = ("calm", "war")
        escalatory = ("war",)

        def equilibria(self, params):
            return [self.equilibrium("pure", {"calm": params["s"], "war": 1 - params["s"]})]

    assert list(inspect.signature(Pause().solve).parameters) == ["s"]
    assert Pause().solve(s=0.25).escalation_probability == pytest.approx(0.75)
    # the class attribute stays the plain function (documented by autodoc with its own docstring)
    assert inspect.isfunction(dg.Model.solve) and "Raises" in dg.Model.solve.__doc__
