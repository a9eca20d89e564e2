"""Bad input is refused with one line (exit 2 on the command line) before any work (issue 14)."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games import ParameterError
from deterrence_games._cli._parsing import json_text
from deterrence_games._validation import Choice, Interval, check_scalar
from deterrence_games.cli import main
from tests.conftest import ROOT


def cli(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(capsys, *args) -> str:
    code, out, err = cli(capsys, *args)
    assert code == 2, (code, out, err)
    assert len(err.strip().splitlines()) == 1 and err.startswith("deterrence-games: error: `"), err
    return err


# the API ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [math.inf, -math.inf, np.float64(np.inf)])
def test_infinite_values_are_refused_where_the_domain_is_finite(value):
    with pytest.raises(ParameterError, match="infinite values are not allowed"):
        dg.get_model("inspection").solve(c=value)
    with pytest.raises(ParameterError, match="`t_T`"):
        dg.get_model("trust_building").solve(t_T=-math.inf)
    assert not Interval().contains(value)
    assert Interval(allow_inf=True).contains(value)  # a domain may say otherwise


def test_python_ints_beyond_float_range():
    with pytest.raises(ParameterError, match="too large for a float"):
        check_scalar("c", 10**400, Interval(0, math.inf))
    with pytest.raises(ParameterError, match="`c`.*too large"):
        dg.get_model("inspection").solve(c=10**400)
    with pytest.raises(ParameterError, match="too large"):
        dg.sweep("inspection", {"c": [1, 10**400]})


def test_choices_take_one_value_and_booleans_only_booleans():
    m = dg.get_model("mediation")
    for bad in (1, 1.0, 0, "True", [True], (False,), np.array([True])):
        with pytest.raises(ParameterError, match="`public`"):
            m.solve(public=bad)
    assert m.solve(public=np.True_).parameters["public"] is True
    with pytest.raises(ParameterError, match="`public`"):
        dg.sweep("mediation", {"public": [True, 1]})
    with pytest.raises(ParameterError, match="one value, not a collection"):
        check_scalar("mode", ["a", "b"], Choice(("a", "b")))
    with pytest.raises(TypeError, match="not booleans"):
        dg.sweep("inspection", {"c": [0.5, True]})


# the command line --------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e400", "2.5", "abc"])
def test_integer_parameters_on_the_command_line(capsys, value):
    err = one_line_error(capsys, "solve", "price_war_trigger", "--set", f"T={value}")
    assert "`T`" in err


def test_repeated_flags_and_grid_syntax(capsys):
    assert "given twice" in one_line_error(capsys, "sweep", "inspection", "--grid", "non_detection=0:0.5:3",
                                           "--grid", "non_detection=0.1,0.2", "--dry-run")
    assert "given twice" in one_line_error(capsys, "sweep", "inspection", "--grid", "non_detection=0:0.5:3",
                                           "--set", "k=0.4", "--set", "k=0.5", "--dry-run")
    assert "finite START" in one_line_error(capsys, "sweep", "inspection", "--grid", "non_detection=0:inf:3", "--dry-run")


def test_size_budgets_need_yes(capsys, tmp_path):
    err = one_line_error(capsys, "sweep", "inspection", "--grid", "non_detection=0:0.5:20000001", "--out", tmp_path / "t.csv")
    assert "--yes" in err and "GB" in err
    # 2e9 points: refused with the estimate of --dry-run; --dry-run itself prints it
    args = ("sweep", "inspection", "--grid", "non_detection=0:0.6:200000", "--grid", "false_alarm=0:0.2:10000")
    err = one_line_error(capsys, *args, "--out", tmp_path / "t.parquet")
    assert "2000000000 points" in err and "estimated" in err and "--yes" in err
    code, out, _ = cli(capsys, *args, "--dry-run")
    assert code == 0 and out.startswith("2000000000 points")
    assert not any(tmp_path.iterdir())
    with pytest.raises(ParameterError, match="n_points"):
        dg.sweep("inspection", {"non_detection": (0, 0.6)}, design="lhs", n_points=10**9, seed=1)
    for args in (("automaton", "pause", "--T", "100000"), ("automaton", "pause", "--horizon", "0"),
                 ("statics", "inspection", "--wrt", "non_detection", "--points", "100000000"), ("atlas", "--points", "10000000")):
        one_line_error(capsys, *args)


@pytest.mark.parametrize("entry,match", [
    ('k = "0.4"', "fixed.k"),
    ("k = 1979-05-27", "fixed.k"),
    ("k = true", "fixed.k"),
])
def test_toml_values_of_the_wrong_kind(tmp_path, capsys, entry, match):
    spec = tmp_path / "s.toml"
    spec.write_text(f'model = "inspection"\n[fixed]\n{entry}\n[grid]\nnon_detection = [0.1, 0.2]\n')
    assert match in one_line_error(capsys, "sweep", "--spec", spec, "--dry-run")
    spec.write_text('model = "inspection"\n[grid]\nnon_detection = [0.1, "0.2"]\n')
    assert "grid.non_detection" in one_line_error(capsys, "sweep", "--spec", spec, "--dry-run")
    spec.write_text('model = "inspection"\n[grid]\nnon_detection = {start = 0.0, stop = "x", num = 3}\n')
    assert "grid.non_detection.stop" in one_line_error(capsys, "sweep", "--spec", spec, "--dry-run")
    spec.write_text('model = "inspection"\n[grid]\nnon_detection = {start = 0.0, stop = 0.5, num = 100000000}\n')
    assert "--yes" in one_line_error(capsys, "sweep", "--spec", spec, "--dry-run")


def test_json_output_is_strict_json_with_non_finite_listed():
    text = json_text({"a": [1.0, math.nan], "b": {"c": math.inf, "d": -math.inf}, "e": np.float64(0.5)})
    data = json.loads(text)  # would accept NaN; check the text itself too
    assert "NaN" not in text.replace('"NaN"', "") and "Infinity" not in text.replace('"Infinity"', "").replace('"-Infinity"', "")
    assert data["a"] == [1.0, None] and data["b"] == {"c": None, "d": None} and data["e"] == 0.5
    assert data["non_finite"] == {"a[1]": "NaN", "b.c": "Infinity", "b.d": "-Infinity"}


def test_automaton_grim_json_is_strict(capsys):
    code, out, err = cli(capsys, "automaton", "grim", "--json")
    assert code == 0, err
    data = json.loads(out, parse_constant=lambda c: pytest.fail(f"non-standard JSON constant {c}"))
    assert data["T"] is None and data["non_finite"]["T"] == "Infinity"


def test_solve_json_into_a_closed_pipe_is_quiet():
    env_path = f"{ROOT}"
    proc = subprocess.Popen([sys.executable, "-m", "deterrence_games", "models", "--json"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"})
    proc.stdout.close()  # like `| head` that has already exited
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert proc.returncode == 141
