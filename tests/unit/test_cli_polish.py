"""Command-line polish (issue 15): plain help with examples, "did you mean", sweep to stdout,
atlas direction column, quiet exit on a closed pipe."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from deterrence_games.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]


def test_help_is_plain_text_with_an_example_per_subcommand():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert "``" not in parser.format_help()
    for name, p in sub.choices.items():
        text = p.format_help()
        assert "``" not in text and ":func:" not in text, name
        assert f"example:\n  deterrence-games {name}" in text, name


@pytest.mark.parametrize("args,hint", [
    (["solve", "crisis_signalling"], "did you mean 'crisis_signaling'?"),
    (["solve", "crisis_signaling", "--set", "qq=0.7"], "did you mean 'q'?"),
    (["reproduce", "Fearon95"], "did you mean 'Fearon1995'?"),
])
def test_did_you_mean(args, hint, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].endswith(hint)


def test_no_suggestion_for_a_far_miss(capsys):
    assert main(["solve", "zzzz"]) == 2
    assert "did you mean" not in capsys.readouterr().err


def test_sweep_without_out_writes_csv_to_stdout(capsys):
    assert main(["sweep", "crisis_bargaining_signal", "--grid", "rho=0.5:1:6", "--grid", "pi=0.3,0.6",
                 "--backend", "serial"]) == 0
    captured = capsys.readouterr()
    table = pd.read_csv(io.StringIO(captured.out))
    assert len(table) == 12 and set(table["pi"]) == {0.3, 0.6}
    assert "12 rows (12 points, 0 failed)" in captured.err


def test_atlas_prints_the_direction_of_more_information(capsys):
    assert main(["atlas", "noisy_security_dilemma", "--points", "11"]) == 0
    out = capsys.readouterr().out
    assert "more information =" in out and "non_detection decreasing" in out and "specificity increasing" in out


def test_closed_pipe_ends_quietly():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "deterrence_games", "sweep", "inspection", "--grid",
                             "non_detection=0:0.6:400", "--grid", "false_alarm=0,0.05,0.2", "--backend", "vectorized"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode()
    proc.wait(timeout=300)
    assert "Traceback" not in err and "BrokenPipeError" not in err
    assert proc.returncode == 141  # 128 + SIGPIPE, as `yes | head` ends
