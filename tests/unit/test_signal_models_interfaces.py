"""costly_signaling, reassurance and early_warning through the command line and the sweep."""

import json

import pandas as pd
import pytest

from tests.conftest import run_cli


def test_solve_json_costly_signaling_tying_hands():
    r = run_cli("solve", "costly_signaling", "--set", "variant=tying_hands", "--json")
    assert r.returncode == 0, r.stderr
    (eq,) = json.loads(r.stdout)["equilibria"]
    assert eq["label"] == "pooling (commit)" and eq["escalation_probability"] == pytest.approx(0.2)
    assert eq["quantities"]["payoff_S"] == pytest.approx(0.474)


def test_solve_json_reassurance_lists_every_equilibrium():
    r = run_cli("solve", "reassurance", "--set", "tau1=0.7", "--set", "tau2=0.7", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [e["label"] for e in out["equilibria"]] == ["spiral", "cooperative", "mixed"]
    assert out["escalation_range"] == pytest.approx([0.51, 1.0])


def test_solve_early_warning_with_hotline_boolean():
    r = run_cli("solve", "early_warning", "--set", "hotline=true", "--json")
    assert r.returncode == 0, r.stderr
    (eq,) = json.loads(r.stdout)["equilibria"]
    assert eq["quantities"]["false_retaliation_probability"] == pytest.approx(0.01835, abs=1e-5)


def test_sweep_early_warning_phi(tmp_path):
    out = tmp_path / "ew.csv"
    r = run_cli("sweep", "early_warning", "--grid", "false_alarm=0.2:0.3:2", "--set", "detection=0.7", "--out", str(out))
    assert r.returncode == 0, r.stderr
    t = pd.read_csv(out)
    assert t["escalation_probability"].to_numpy() == pytest.approx([0.2800, 0.2481], abs=5e-5)


@pytest.mark.parametrize(("args", "needle"), [
    (("solve", "costly_signaling", "--set", "pi=0.8"), "`pi`"),
    (("solve", "early_warning", "--set", "false_alarm=0.95"), "`false_alarm`"),
])
def test_bad_input_exits_2_naming_the_parameter(args, needle):
    r = run_cli(*args)
    assert r.returncode == 2 and needle in r.stderr, (r.returncode, r.stderr)


@pytest.mark.slow
def test_reproduce_the_three_papers(tmp_path):
    r = run_cli("reproduce", "Fearon1997", "Kydd2000", "EarlyWarningHotline", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    for name in ("Fearon1997", "Kydd2000", "EarlyWarningHotline"):
        assert any((tmp_path / name).glob("*.png")) and any((tmp_path / name).glob("*.csv"))


@pytest.mark.parametrize(("model", "grid", "fixed"), [
    ("costly_signaling", {"variant": ["tying_hands", "sinking_costs", "none"], "revisionist": [0.1, 0.5, 0.7]}, {"m": 0.3}),
    ("early_warning", {"hotline": [False, True], "false_alarm": [0.05, 0.2, 0.4]}, {"detection": 0.7, "gamma": 0.9}),
    ("reassurance", {"variant": ["continuous", "two_type"], "c": [0.25, 1.0]}, {"m": 0.8, "tau1": 0.5, "tau2": 1.0}),
    ("reassurance", {"variant": ["two_type", "continuous"], "tau1": [0.5, 0.8]}, {"c": 0.25}),
])
def test_vectorized_sweep_equals_the_loop_over_choice_parameters(model, grid, fixed):
    import numpy as np

    import deterrence_games as dg

    a = dg.sweep(model, grid, fixed=fixed)
    b = dg.sweep(model, grid, fixed=fixed, vectorized=False)
    # same columns; the order may differ when a quantity exists at some points only (the loop
    # appends columns in order of first appearance, after the flags of the first point)
    assert sorted(a.columns) == sorted(b.columns)
    b = b[list(a.columns)]
    num = [c for c in a.columns if a[c].dtype.kind in "fiub"]
    assert np.allclose(a[num].to_numpy(float), b[num].to_numpy(float), rtol=1e-12, atol=1e-14, equal_nan=True)
    assert (a["label"].to_numpy() == b["label"].to_numpy()).all()
