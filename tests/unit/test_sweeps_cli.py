"""``deterrence-games sweep``: TOML specs, --dry-run, --resume, progress bar (issue 7)."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import deterrence_games as dg
from deterrence_games import ParameterError
from deterrence_games.cli import main
from deterrence_games.sweeps.spec import parse_spec
from tests.conftest import ROOT, run_cli


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run the command in this process (a subprocess costs seconds of imports)."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err

SPEC = """
model = "inspection"
select = "max"
backend = "serial"
chunk_size = 7

[fixed]
k = 0.4

[grid]
non_detection = {start = 0.0, stop = 0.6, num = 13}
false_alarm = [0.0, 0.05, 0.2]
"""


def test_spec_file_runs_the_same_sweep_as_python(tmp_path, capsys):
    spec = tmp_path / "sweep.toml"
    spec.write_text(f'out = "{(tmp_path / "run").as_posix()}"\n' + SPEC)  # top-level key first
    r = run_cli("sweep", "--spec", str(spec))  # once through the real command
    assert r.returncode == 0, r.stderr
    assert "wrote 39 rows (39 points, 0 failed)" in r.stdout
    assert r.stderr == ""  # no progress bar when stderr is not a terminal
    back = dg.load_sweep(tmp_path / "run")
    ref = dg.sweep("inspection", {"non_detection": np.linspace(0, 0.6, 13), "false_alarm": [0.0, 0.05, 0.2]},
                   fixed={"k": 0.4}, select="max")
    pd.testing.assert_frame_equal(back, ref, check_exact=True)
    assert back.attrs["provenance"]["select"] == "max" and back.attrs["provenance"]["fixed"] == {"k": 0.4}
    # flags override the spec; a second run into the same folder needs --resume
    code, _, err = cli(capsys, "sweep", "--spec", spec)
    assert code == 2 and "--resume" in err and len(err.strip().splitlines()) == 1
    code, out, err = cli(capsys, "sweep", "--spec", spec, "--resume")
    assert code == 0, err
    code, out, err = cli(capsys, "sweep", "--spec", spec, "--out", tmp_path / "t.csv", "--select", "min")
    assert code == 0, err
    assert dg.load_table(tmp_path / "t.csv").attrs["provenance"]["select"] == "min"


@pytest.mark.parametrize(
    "text,needle",
    [('model = "inspection"\nbakend = "serial"\n[grid]\nbeta = [0.1]\n', "(got 'bakend')"),
     ('model = "inspection"\n[grid]\nbeta = {start = 0, stop = 1, nm = 3}\n', "(got 'grid.beta.nm')"),
     ('model = "inspection\n', "`--spec` must satisfy a valid TOML file"),
     ('model = "inspection"\nchunk_size = "big"\n[grid]\nbeta = [0.1]\n', "`spec key chunk_size`"),
     ('model = "inspection"\n[grid]\nnon_detection = [0.1, 2.0]\n', "`non_detection`"),
     ('model = "inspection"\n', "[grid]"),
     ('model = "no_such"\n[grid]\nbeta = [0.1]\n', "`model`")],
)
def test_bad_spec_exits_2_with_one_line_naming_the_key(tmp_path, capsys, text, needle):
    spec = tmp_path / "s.toml"
    spec.write_text(text)
    code, _, err = cli(capsys, "sweep", "--spec", spec, "--out", tmp_path / "o.csv")
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], err
    assert not (tmp_path / "o.csv").exists()


def test_spec_is_data_only():
    # a string that looks like code stays a string: it is an unknown model id
    opts = parse_spec({"model": "__import__('os').system('false')", "grid": {"non_detection": [0.1]}})
    with pytest.raises(ParameterError, match="`model`"):
        dg.sweep(opts["model"], opts["grid"])
    opts = parse_spec({"model": "inspection", "design": "lhs", "n_points": 4, "seed": 3,
                       "grid": {"non_detection": {"low": 0.1, "high": 0.2}}})
    assert opts["grid"] == {"non_detection": (0.1, 0.2)}
    assert len(dg.sweep(opts.pop("model"), opts.pop("grid"), **opts)) == 4


def test_dry_run_counts_points_and_estimates_time(tmp_path, capsys):
    code, out, err = cli(capsys, "sweep", "inspection", "--design", "lhs", "--range", "non_detection=0:0.6", "--range",
                         "false_alarm=0:0.2", "--n-points", "5000", "--seed", "1", "--out", tmp_path / "never", "--dry-run")
    assert code == 0, err
    assert out.startswith("5000 points; calibration: ") and "estimated" in out
    assert not (tmp_path / "never").exists()
    code, out, err = cli(capsys, "sweep", "inspection", "--grid", "non_detection=0:0.6:4", "--grid", "false_alarm=0,0.1",
                         "--no-vectorized", "--dry-run")
    assert code == 0 and out.startswith("8 points;"), err
    e = dg.sweeps.estimate("inspection", {"non_detection": [0.1, 0.2, 0.3]}, vectorized=False, budget=0.0)
    assert e["n_points"] == 3 and e["calibration_points"] == 1 and e["estimated_seconds"] > 0


def test_flags_for_designs_and_errors(tmp_path, capsys):
    code, out, err = cli(capsys, "sweep", "inspection", "--design", "random", "--range", "non_detection=0:0.6",
                         "--n-points", "20", "--seed", "2", "--out", tmp_path / "r.parquet")
    assert code == 0, err
    t = dg.load_table(tmp_path / "r.parquet")
    ref = dg.sweep("inspection", {"non_detection": (0.0, 0.6)}, design="random", n_points=20, seed=2)
    pd.testing.assert_frame_equal(t, ref, check_exact=True)
    for args, needle in [(("--range", "non_detection=0:0.6", "--n-points", "3"), "`--design`"),
                         (("--design", "lhs", "--range", "non_detection=0:0.6", "--n-points", "3"), "`seed`"),
                         (("--grid", "non_detection=0:1:3", "--backend", "dask"), "`client`"),
                         ((), "`--grid`")]:
        code, out, err = cli(capsys, "sweep", "inspection", *args, "--out", tmp_path / "x")
        assert code == 2 and needle in err and len(err.strip().splitlines()) == 1, err


def test_progress_bar_on_a_terminal(tmp_path):
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    proc = subprocess.run([sys.executable, "-m", "deterrence_games", "sweep", "inspection", "--grid",
                           "non_detection=0:0.6:5", "--out", str(tmp_path / "p.csv")],
                          stdout=subprocess.PIPE, stderr=slave, env=env, cwd=ROOT, timeout=120)
    os.close(slave)
    seen = b""
    try:
        while chunk := os.read(master, 4096):
            seen += chunk
    except OSError:
        pass
    os.close(master)
    assert proc.returncode == 0
    assert b"sweep" in seen and b"5/5" in seen


def test_cluster_example_spec_is_valid():
    from deterrence_games.sweeps.spec import read_spec

    opts = read_spec(ROOT / "benchmarks" / "cluster" / "sweep.toml")
    assert opts["model"] == "inspection" and len(opts["grid"]["non_detection"]) == 2000
    e = dg.sweeps.estimate(opts["model"], opts["grid"], fixed=opts["fixed"], vectorized=False, budget=0.0)
    assert e["n_points"] == 2_000_000
