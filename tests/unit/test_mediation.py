"""Model `mediation` (HMS 2015): closed form, LP second method, contract."""

import json

import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games._validation import ParameterError
from deterrence_games.models.mediation import mediation_lp

M = dg.get_model("mediation")


def test_registered_with_metadata():
    assert "mediation" in dg.model_ids()
    assert M.provenance == "textbook version"
    assert M.information == ("public",)
    assert M.escalatory == ("war",)


@pytest.mark.parametrize("q,conf,pub", [(0.3, 0.2378, 0.2378), (0.5, 0.1429, 0.2059),
                                        (0.6, 0.0, 0.2471), (0.8, 0.0, 0.3294)])
def test_worked_table(q, conf, pub):
    s = M.solve(pi=q, p=0.8, pie_after_war=0.8)
    assert len(s) == 1
    e = s[0]
    assert e.escalation_probability == pytest.approx(conf, abs=5e-5)
    assert sum(e.outcomes.values()) == pytest.approx(1.0)
    sp = M.solve(pi=q, p=0.8, pie_after_war=0.8, public=True)
    assert sp[0].escalation_probability == pytest.approx(pub, abs=5e-5)
    assert sp[0].quantities["war_confidential"] == pytest.approx(conf, abs=5e-5)


def test_regimes_and_thresholds():
    e = M.solve(pi=0.5)[0]
    assert e.quantities["regime"] == 1.0
    assert e.quantities["q_bar"] == pytest.approx(7 / 12)
    assert e.quantities["q_b"] == pytest.approx(0.41176, abs=5e-6)
    assert M.solve(pi=0.3)[0].quantities["regime"] == 2.0
    assert M.solve(pi=0.6)[0].flags["full_peace"]
    # exactly at q_bar: IR_H binds with equality, peace
    assert M.solve(pi=7 / 12)[0].escalation_probability == pytest.approx(0.0, abs=1e-12)


def test_closed_form_vs_lp_on_a_grid():
    qs = np.linspace(0.0, 1.0, 21)
    a = M.evaluate(pi=qs, p=0.75, pie_after_war=0.95)
    lp = [mediation_lp(q, 0.75, 0.95, public=False).breakdown_probability for q in qs]
    np.testing.assert_allclose(a.outcomes["war"][:, 0], lp, atol=1e-9)
    # and the scalar path agrees with the vectorized one
    for q in qs[::5]:
        assert M.solve(pi=q, p=0.75, pie_after_war=0.95).escalation_probability == pytest.approx(
            a.outcomes["war"][list(qs).index(q), 0], abs=1e-12)


def test_evaluate_public_points():
    a = M.evaluate(pi=[0.5, 0.5], public=[False, True])
    np.testing.assert_allclose(a.outcomes["war"][:, 0], [1 / 7, 0.2059], atol=5e-5)


def test_confidential_weakly_better_everywhere():
    rng = np.random.default_rng(11)
    for _ in range(15):
        q, p, th = rng.uniform(0, 1), rng.uniform(0.5, 1), rng.uniform(0.05, 0.99)
        c = M.solve(pi=q, p=p, pie_after_war=th)[0]
        pub = M.solve(pi=q, p=p, pie_after_war=th, public=True)[0]
        assert c.escalation_probability <= pub.escalation_probability + 1e-9


def test_bad_input():
    with pytest.raises(ParameterError, match="`pi`"):
        M.solve(pi=1.5)
    with pytest.raises(ParameterError, match="`p`"):
        M.solve(p=0.4)
    with pytest.raises(ParameterError, match="`pie_after_war`"):
        M.solve(pie_after_war=1.0)
    with pytest.raises(ParameterError, match="`public`"):
        M.solve(public="maybe")


def test_cli_solve_json_and_bad_input(cli):
    out = cli("solve", "mediation", "--set", "pi=0.5", "--set", "public=True", "--json")
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["equilibria"][0]["escalation_probability"] == pytest.approx(0.2059, abs=5e-5)
    bad = cli("solve", "mediation", "--set", "pie_after_war=2")
    assert bad.returncode == 2 and "`pie_after_war`" in bad.stderr


def test_sweep_from_python_and_cli(cli, tmp_path):
    df = dg.sweep(M, grid={"pi": np.linspace(0, 1, 11), "public": [False, True]})
    assert len(df) == 22
    conf = df[~df["public"].astype(bool)].sort_values("pi")["escalation_probability"].to_numpy()
    pub = df[df["public"].astype(bool)].sort_values("pi")["escalation_probability"].to_numpy()
    assert np.all(conf <= pub + 1e-9)
    out = cli("sweep", "mediation", "--grid", "pi=0:1:5", "--out", str(tmp_path / "t.csv"))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "t.csv").exists()


def test_vectorized_sweep_equals_per_point_sweep():
    grid = {"pi": np.linspace(0.05, 0.95, 7), "public": [False, True], "pie_after_war": [0.7, 0.9]}
    a = dg.sweep(M, grid)
    b = dg.sweep(M, grid, vectorized=False)
    assert list(a.columns) == list(b.columns)
    num = [c for c in a.columns if a[c].dtype.kind in "fiub"]
    np.testing.assert_allclose(a[num].to_numpy(float), b[num].to_numpy(float), rtol=1e-9, atol=1e-12)
    assert (a["label"].to_numpy() == b["label"].to_numpy()).all()
