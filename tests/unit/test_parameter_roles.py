"""One parameter vocabulary: every shipped parameter has a role (deterrence_games.models.roles),
a name means one role across models, and renamed parameters keep their former names for one
release with a DeprecationWarning (solve, sweep, --set/--grid, TOML specs, stored sweeps)."""

from __future__ import annotations

import json
import shutil
import warnings
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import deterrence_games as dg
from deterrence_games.cli import main
from deterrence_games.models import model_ids
from deterrence_games.models.roles import ROLES, domain_within, parameters_markdown

MODELS = [dg.get_model(m) for m in model_ids()]
#: payoff magnitudes keep each paper's letters (a, b, c, d, ...): one family for the clash test
PAYOFF_FAMILY = {"cost", "benefit", "payoff"}


def test_every_shipped_parameter_has_a_role_within_its_domain():
    missing = [(m.id, p.name) for m in MODELS for p in m.parameters if p.role is None]
    assert not missing
    for m in MODELS:
        for p in m.parameters:
            assert p.role in ROLES, (m.id, p.name, p.role)
            assert domain_within(p.domain, ROLES[p.role].domain), (m.id, p.name, p.describe())


def test_a_name_means_one_role_across_models():
    roles = defaultdict(set)
    for m in MODELS:
        for p in m.parameters:
            roles[p.name].add("payoff" if p.role in PAYOFF_FAMILY else p.role)
    clashes = {name: r for name, r in roles.items() if len(r) > 1}
    assert not clashes


def test_variant_selectors_are_named_variant():
    for m in MODELS:
        for p in m.parameters:
            assert (p.role == "variant") == (p.name == "variant"), (m.id, p.name)
        for v in m.variants:  # variants are selected by current names
            assert set(v.when) <= set(m.parameter_names), (m.id, v.name)


def test_roles_of_the_information_parameters():
    """The clashes the vocabulary removes (beta: non-detection, detection, discount)."""
    assert dg.get_model("inspection").parameter("non_detection").role == "non_detection"
    assert dg.get_model("early_warning").parameter("detection").role == "detection"
    assert dg.get_model("price_war_trigger").parameter("delta").role == "discount"
    assert dg.get_model("price_war_trigger").parameter("delta").symbol == "β"  # the paper's letter stays
    assert {p.role for m in MODELS for p in m.parameters if p.name in ("delta",)} == {"discount"}


def test_parameter_role_is_validated():
    with pytest.raises(dg.ParameterError, match="`role` must satisfy one of prior, .*'priors'"):
        dg.Parameter("pi", 0.5, dg.interval(0, 1), "prior", role="priors")
    with pytest.raises(dg.ParameterError, match=r"`domain` must satisfy a domain within 0 <= pi <= 1 \(got '0 <= pi <= 2'\).*role 'prior'"):
        dg.Parameter("pi", 0.5, dg.interval(0, 2), "prior", role="prior")
    with pytest.raises(dg.ParameterError, match="role 'variant'"):
        dg.Parameter("variant", 0.5, dg.interval(0, 1), "a variant", role="variant")
    with pytest.warns(DeprecationWarning, match="'accuracy'.*'signal_accuracy'"):
        par = dg.Parameter("q", 0.7, dg.interval(0.5, 1), "precision", role="accuracy")
    assert par.role == "signal_accuracy"
    with pytest.raises(TypeError, match="`former`"):
        dg.Parameter("q", 0.7, dg.interval(0.5, 1), "precision", former="rho")


def test_models_json_and_text_show_roles(capsys):
    assert main(["models", "--json"]) == 0
    described = {d["id"]: d for d in json.loads(capsys.readouterr().out)}
    assert set(described) >= set(model_ids())
    for m in MODELS:
        got = {p["name"]: p["role"] for p in described[m.id]["parameters"]}
        assert got == {p.name: p.role for p in m.parameters}
        assert all(r in ROLES for r in got.values())
    assert {p["name"]: p["former"] for p in described["inspection"]["parameters"]}["non_detection"] == ["beta"]
    assert main(["models"]) == 0
    text = capsys.readouterr().out
    assert "non_detection (β) = 0.2; 0 <= non_detection <= 1;" in text
    assert "[role: non_detection]  (formerly beta)" in text


def test_docs_parameters_page_is_current():
    page = Path(__file__).resolve().parents[2] / "docs" / "parameters.md"
    assert page.read_text() == parameters_markdown()


# ----------------------------------------------------------------------------------------
# former names
# ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("model", "old", "new", "value"), [
    ("inspection", "beta", "non_detection", 0.3),
    ("inspection", "alpha", "false_alarm", 0.1),
    ("early_warning", "beta", "detection", 0.8),
    ("price_war_trigger", "beta", "delta", 0.9),
    ("brinkmanship", "version", "variant", "two_sided"),
    ("global_conflict", "spec", "variant", "public"),
    ("mediation", "q", "pi", 0.3),
    ("trust_building", "lam", "rho", 0.8),
])
def test_solve_with_a_former_name_warns_and_gives_the_same_solution(model, old, new, value):
    m = dg.get_model(model)
    with pytest.warns(DeprecationWarning, match=f"parameter '{old}' of model '{model}' is now called '{new}'"):
        old_sol = m.solve(**{old: value})
    new_sol = m.solve(**{new: value})
    assert old_sol.parameters == new_sol.parameters and new_sol.parameters[new] == value
    assert [e.outcomes for e in old_sol] == [e.outcomes for e in new_sol]
    with pytest.raises(dg.ParameterError, match=f"either '{new}' or its former name '{old}', not both"):
        m.solve(**{old: value, new: value})


def test_a_former_name_warning_points_at_the_callers_line():
    with pytest.warns(DeprecationWarning) as rec:
        dg.get_model("inspection").solve(beta=0.3)
    assert rec[0].filename == __file__  # shown by the default filters in a user's script


def test_sweep_with_former_names_in_grid_fixed_and_points():
    m = dg.get_model("inspection")
    want = dg.sweep(m, {"non_detection": [0.1, 0.3]}, fixed={"false_alarm": 0.1})
    with pytest.warns(DeprecationWarning) as rec:
        got = dg.sweep(m, {"beta": [0.1, 0.3]}, fixed={"alpha": 0.1})
    assert {str(w.message).split(" is now")[0] for w in rec} == {"parameter 'alpha' of model 'inspection'",
                                                                  "parameter 'beta' of model 'inspection'"}
    pd.testing.assert_frame_equal(got, want)
    assert got.attrs["provenance"]["fixed"] == {"false_alarm": 0.1}
    with pytest.warns(DeprecationWarning):
        pts = dg.sweep(m, [{"beta": 0.1, "false_alarm": 0.1}, {"beta": 0.3, "false_alarm": 0.1}])
    np.testing.assert_array_equal(pts["escalation_probability"], want["escalation_probability"])
    with pytest.warns(DeprecationWarning):
        lhs = dg.sweep(m, {"beta": (0.0, 0.5)}, design="lhs", n_points=4, seed=1)
    assert "non_detection" in lhs.columns and "beta" not in lhs.columns


def test_cli_set_grid_and_toml_spec_take_former_names(tmp_path, capsys):
    with pytest.warns(DeprecationWarning, match="'beta'.*'non_detection'"):
        assert main(["solve", "inspection", "--set", "beta=0.3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["parameters"]["non_detection"] == 0.3
    out = tmp_path / "t.csv"
    with pytest.warns(DeprecationWarning):
        assert main(["sweep", "inspection", "--grid", "beta=0:0.4:3", "--set", "alpha=0.1", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert {"non_detection", "false_alarm"} <= set(table.columns) and "beta" not in table.columns
    spec = tmp_path / "s.toml"
    spec.write_text('model = "inspection"\n[fixed]\nalpha = 0.1\n[grid]\nbeta = [0.0, 0.2, 0.4]\n')
    out2 = tmp_path / "t2.csv"
    with pytest.warns(DeprecationWarning, match="s.toml"):
        assert main(["sweep", "--spec", str(spec), "--out", str(out2)]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(out2), table)


# a model as it was before a rename, and after: the same id, the same computation
class _Before(dg.Model):
    id = "vocab_rename_example"
    title = "renamed parameter example"
    method = "closed form"
    parameters = (dg.Parameter("beta", 0.2, dg.interval(0, 1), "non-detection probability"),
                  dg.Parameter("c", 1.0, dg.interval(0, 10), "cost", role="cost"))
    outcomes = ("deterred", "violation")
    escalatory = ("violation",)

    def equilibria(self, params):
        b = params.get("beta", params.get("non_detection"))
        return [self.equilibrium("pure", {"violation": b / (1 + params["c"]), "deterred": 1 - b / (1 + params["c"])})]


class _After(_Before):
    parameters = (dg.Parameter("non_detection", 0.2, dg.interval(0, 1), "non-detection probability",
                               role="non_detection", former=("beta",)), _Before.parameters[1])


def test_stored_sweeps_with_former_names_load_and_resume(tmp_path):
    grid = {"c": [0.5, 1.0, 2.0, 4.0]}
    folder = tmp_path / "run"
    dg.sweep(_Before(), {"beta": [0.1, 0.3], **grid}, out=folder, chunk_size=2, collect=False)
    f = tmp_path / "t.csv"
    dg.sweep(_Before(), {"beta": [0.1, 0.3], **grid}, out=f)
    want = dg.sweep(_After(), {"non_detection": [0.1, 0.3], **grid})
    models = {_After.id: _After()}

    with pytest.warns(DeprecationWarning, match="'beta'.*'non_detection'"):
        got = dg.load_table(f, models=models)
    cols = ["non_detection", "c", "point", "label", "escalation_probability", "prob_violation"]
    pd.testing.assert_frame_equal(got[cols], want[cols], check_dtype=False)
    assert "non_detection" in got.attrs["provenance"]["design"]["grid"]
    with pytest.warns(DeprecationWarning, match="'beta'.*'non_detection'"):
        got = dg.load_sweep(folder, models=models)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert got.attrs["provenance"]["fixed"] == {} and "non_detection" in got.attrs["provenance"]["design"]["grid"]

    # an interrupted sweep written before the rename resumes under the new name
    parts = sorted(folder.glob("part-*.parquet"))
    assert len(parts) == 4
    interrupted = tmp_path / "interrupted"
    shutil.copytree(folder, interrupted)
    for p in sorted(interrupted.glob("part-*.parquet"))[2:]:
        p.unlink()
    (interrupted / "provenance.json").unlink(missing_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)  # new names in the call ...
        with pytest.raises(DeprecationWarning, match="sweep folder"):  # ... the folder's are former
            dg.sweep(_After(), {"non_detection": [0.1, 0.3], **grid}, out=interrupted, resume=True)
    with pytest.warns(DeprecationWarning):
        resumed = dg.sweep(_After(), {"non_detection": [0.1, 0.3], **grid}, out=interrupted, resume=True)
    pd.testing.assert_frame_equal(resumed, want, check_dtype=False)
    with pytest.raises(dg.ParameterError, match="differs in"), pytest.warns(DeprecationWarning):
        dg.sweep(_After(), {"non_detection": [0.1, 0.4], **grid}, out=interrupted, resume=True)  # other grid
