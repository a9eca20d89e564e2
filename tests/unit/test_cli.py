"""The deterrence-games command: outputs, JSON contract, exit status 2 on bad input."""

import json

import pandas as pd
import pytest

from tests.conftest import run_cli


def test_models_json_lists_parameters_with_domains():
    r = run_cli("models", "--json")
    assert r.returncode == 0, r.stderr
    models = {m["id"]: m for m in json.loads(r.stdout)}
    assert {"crisis_bargaining", "crisis_bargaining_signal", "inspection_roc"} <= set(models)
    rho = {p["name"]: p for p in models["crisis_bargaining_signal"]["parameters"]}["rho"]
    assert rho["default"] == 0.75 and rho["domain_text"] == "0 <= rho <= 1" and rho["information"]
    plain = run_cli("models")
    assert "crisis_bargaining_signal  [textbook version]" in plain.stdout


def test_solve_json_contract():
    r = run_cli("solve", "crisis_bargaining_signal", "--set", "rho=0.53", "--set", "pi=0.6", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["model"] == "crisis_bargaining_signal" and out["parameters"]["rho"] == 0.53
    (eq,) = out["equilibria"]
    assert eq["escalation_probability"] == pytest.approx(0.282)
    assert eq["outcomes"]["war"] == pytest.approx(0.282)


def test_solve_text_and_choice_parameter():
    r = run_cli("solve", "inspection_roc", "--set", "variant=leadership", "--set", "D=2")
    assert r.returncode == 0, r.stderr
    assert "inspection_roc ModelSolution: 1 equilibrium" in r.stdout


def test_sweep_writes_table_and_sidecar(tmp_path):
    out = tmp_path / "t.csv"
    r = run_cli("sweep", "crisis_bargaining_signal", "--grid", "rho=0.5:1:11", "--grid", "pi=0.3,0.6",
                "--set", "c_A=0.1", "--out", str(out))
    assert r.returncode == 0, r.stderr
    t = pd.read_csv(out)
    assert len(t) == 22 and set(t["pi"]) == {0.3, 0.6}
    assert json.loads((tmp_path / "t.csv.json").read_text())["grid"]["pi"] == [0.3, 0.6]


@pytest.mark.parametrize(
    "args,needle",
    [(("solve", "no_such_model"), "`model`"),
     (("solve", "crisis_bargaining_signal", "--set", "rho=2"), "`rho` must satisfy 0 <= rho <= 1 (got 2.0)"),
     (("solve", "crisis_bargaining_signal", "--set", "zeta=2"), "no parameter 'zeta'"),
     (("solve", "crisis_bargaining_signal", "--set", "rho=abc"), "`rho`"),
     (("solve", "crisis_bargaining_signal", "--set", "rho"), "NAME=VALUE"),
     (("sweep", "crisis_bargaining_signal", "--grid", "rho=0.5:1", "--out", "x.csv"), "START:STOP:NUM"),
     (("sweep", "crisis_bargaining_signal", "--grid", "rho=0.5:1:0", "--out", "x.csv"), "NUM a positive integer"),
     (("sweep", "crisis_bargaining_signal", "--grid", "rho=0.5:1:3", "--out", "x.txt"), "`--out`"),
     (("solve", "inspection_roc", "--set", "variant=fast"), "`variant`"),
     (("reproduce", "NoSuchPaper"), "`PAPER`"),
     (("frobnicate",), "invalid choice")],
)
def test_bad_input_exits_2_with_one_line(args, needle):
    r = run_cli(*args)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], r.stderr
    assert "Traceback" not in r.stderr


def test_plot_from_a_saved_sweep(tmp_path):
    table = tmp_path / "t.csv"
    assert run_cli("sweep", "noisy_security_dilemma", "--grid", "specificity=0.8:0.99:5", "--out", str(table)).returncode == 0
    fig = tmp_path / "fig.png"
    r = run_cli("plot", str(table), "--x", "specificity", "--out", str(fig))
    assert r.returncode == 0, r.stderr
    assert fig.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = run_cli("plot", str(table), "--x", "nope", "--out", str(fig))
    assert bad.returncode == 2 and "`--x`" in bad.stderr
