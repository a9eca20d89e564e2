"""Nothing lost, nothing wrong, nothing run: the file safety of sweeps (issue 14).

Each test is a reproducer of the issue: a reordered grid on resume, a damaged part, two
writers on one output, overwriting, a spec's ``out`` leaving its folder, a crafted manifest,
an expression that would run code, a point without equilibrium, an unreachable scheduler,
outputs that cannot be written.
"""

from __future__ import annotations

import json
import os
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

import deterrence_games as dg
from deterrence_games import ParameterError
from deterrence_games.cli import main
from deterrence_games.sweeps import backends as sweep_backends
from deterrence_games.sweeps import load_sweep
from deterrence_games.sweeps import run as sweep_run
from deterrence_games.sweeps.run import CorruptPartWarning, design_of

from ._sweep_models import Interrupting, Sparse, SparseVec, Toy

GRID = {"x": np.linspace(0, 1, 11), "y": [0.25, 0.75], "mode": ["a", "b"]}
TOYS = {f"tests.unit._sweep_models.{c.__name__}": c() for c in (Interrupting, Toy)}


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert list(a.columns) == list(b.columns)
    assert a.to_csv(index=False) == b.to_csv(index=False)


def cli(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def interrupted(out, grid=GRID, **kw):
    """A sweep into ``out`` stopped by a Ctrl-C at x == 0.9 (some parts written)."""
    Interrupting.armed = True
    try:
        with pytest.raises(KeyboardInterrupt):
            dg.sweep(Interrupting(), grid, out=out, chunk_size=4, backend="serial", **kw)
    finally:
        Interrupting.armed = False


# the order of the design's keys --------------------------------------------------------


def test_resume_refuses_a_reordered_grid(tmp_path):
    # the reproducer: pi=0:1:3, rho=0:1:4, resumed with the two swapped gave 12 rows for 10 points
    out = tmp_path / "run"
    grid = {"x": [0.1, 0.5, 0.9], "y": [0.0, 0.3, 0.6, 1.0]}
    interrupted(out, grid)
    swapped = {"y": grid["y"], "x": grid["x"]}
    with pytest.raises(ParameterError, match="differs in: design"):
        dg.sweep(Interrupting(), swapped, out=out, resume=True)
    manifest = json.loads((out / "manifest.json").read_text())
    assert list(manifest["spec"]["design"]["grid"]) == ["x", "y"]  # the order is kept on disk
    done = dg.sweep(Interrupting(), grid, out=out, resume=True)
    same(dg.sweep(Toy(), grid), done)
    assert done["point"].is_monotonic_increasing and done["point"].nunique() == 12


@pytest.mark.parametrize("kind", ["lhs", "random"])
def test_resume_refuses_reordered_ranges_and_design_of_rebuilds_the_sample(tmp_path, kind):
    ranges = {"y": (0.0, 1.0), "x": (0.2, 0.95)}  # not in the model's parameter order
    out = tmp_path / kind
    dg.sweep(Toy(), ranges, design=kind, n_points=30, seed=3, out=out, chunk_size=7)
    (out / "part-000001.parquet").unlink()  # as if interrupted
    with pytest.raises(ParameterError, match="differs in: design"):
        dg.sweep(Toy(), {"x": ranges["x"], "y": ranges["y"]}, design=kind, n_points=30, seed=3,
                 out=out, resume=True)
    table = dg.sweep(Toy(), ranges, design=kind, n_points=30, seed=3, out=out, resume=True)
    same(dg.sweep(Toy(), ranges, design=kind, n_points=30, seed=3), table)
    for prov in (table.attrs["provenance"], load_sweep(out, models=TOYS).attrs["provenance"]):
        assert list(prov["design"]["ranges"]) == ["y", "x"]
        d = design_of(prov, Toy()).chunk(0, 30)
        pts = table.drop_duplicates("point")
        np.testing.assert_array_equal(d["x"], pts["x"])
        np.testing.assert_array_equal(d["y"], pts["y"])


def test_key_order_kept_in_sidecar_and_parquet_metadata(tmp_path):
    import pyarrow.parquet as pq

    path = tmp_path / "t.parquet"
    dg.sweep("crisis_bargaining_signal", {"rho": [0.5, 1.0], "pi": [0.3, 0.6, 0.9]}, out=path)
    side = json.loads((tmp_path / "t.parquet.json").read_text())
    meta = json.loads(pq.read_schema(path).metadata[b"deterrence_games.provenance"])
    for prov in (side, meta):
        assert list(prov["design"]["grid"]) == ["rho", "pi"]
        d = design_of(prov).chunk(0, 6)
        t = dg.load_table(path)
        np.testing.assert_array_equal(d["rho"], t["rho"])
        np.testing.assert_array_equal(d["pi"], t["pi"])


# damaged parts -----------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["truncate", "empty", "flip", "foreign"])
def test_damaged_part_is_reported_and_recomputed(tmp_path, damage):
    ref = dg.sweep(Toy(), GRID)
    out = tmp_path / "run"
    dg.sweep(Toy(), GRID, out=out, chunk_size=4)
    part = out / "part-000002.parquet"
    data = part.read_bytes()
    if damage == "truncate":
        part.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        part.write_bytes(b"")
    elif damage == "flip":  # same size, one byte changed: only the checksum sees it
        i = len(data) // 3
        part.write_bytes(data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1:])
    else:  # a part of another sweep (another selection) copied in
        other = tmp_path / "other"
        dg.sweep(Toy(), GRID, out=other, chunk_size=4, select="max")
        part.write_bytes((other / "part-000002.parquet").read_bytes())
        (out / "parts.sha256").unlink()  # no checksum to catch it: the stored spec does
    with pytest.raises(ParameterError, match="part-000002.parquet"):
        load_sweep(out, models=TOYS)
    with pytest.warns(CorruptPartWarning, match="part-000002.parquet"):
        done = dg.sweep(Toy(), GRID, out=out, resume=True)
    same(ref, done)
    same(ref, load_sweep(out, models=TOYS))
    with warnings.catch_warnings():  # a second resume finds every part sound
        warnings.simplefilter("error", CorruptPartWarning)
        same(ref, dg.sweep(Toy(), GRID, out=out, resume=True))


# overwrite, atomic write, locks ------------------------------------------------------------


def test_no_overwrite_without_overwrite(tmp_path, capsys):
    path = tmp_path / "t.csv"
    first = dg.sweep(Toy(), GRID, out=path)
    before = path.read_bytes(), (tmp_path / "t.csv.json").read_bytes()
    with pytest.raises(ParameterError, match="exists: pass overwrite=True"):
        dg.sweep(Toy(), {"x": [0.2]}, out=path)
    with pytest.raises(ParameterError, match="exists"):
        dg.save_table(first, path)
    assert (path.read_bytes(), (tmp_path / "t.csv.json").read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv", "t.csv.json"]  # no parts, no temporaries
    again = dg.sweep(Toy(), {"x": [0.2]}, out=path, overwrite=True)
    same(again, dg.load_table(path))
    # the sidecar alone also blocks, and the command line says --overwrite
    (tmp_path / "u.csv.json").write_text("{}")
    with pytest.raises(ParameterError, match="u.csv.json exists"):
        dg.sweep(Toy(), GRID, out=tmp_path / "u.csv")
    code, _, err = cli(capsys, "sweep", "inspection", "--grid", "non_detection=0:0.5:3", "--out", path)
    assert code == 2 and "--overwrite" in err and len(err.strip().splitlines()) == 1
    code, out, err = cli(capsys, "sweep", "inspection", "--grid", "non_detection=0:0.5:3", "--out", path, "--overwrite")
    assert code == 0, err
    assert len(dg.load_table(path)) == 3


def test_lock_names_its_owner_and_a_stale_lock_is_taken_over(tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    (out / ".lock").write_text(json.dumps({"pid": os.getppid(), "host": sweep_run._host(), "started": "t"}))
    with pytest.raises(ParameterError, match=f"pid {os.getppid()} on host"):
        dg.sweep(Toy(), GRID, out=out)
    assert sorted(p.name for p in out.iterdir()) == [".lock"]  # nothing else written
    import subprocess

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (out / ".lock").write_text(json.dumps({"pid": dead.pid, "host": sweep_run._host(), "started": "t"}))
    same(dg.sweep(Toy(), GRID), dg.sweep(Toy(), GRID, out=out))  # a dead owner's lock: taken over
    assert not (out / ".lock").exists()


def test_two_concurrent_writers_never_both_succeed(tmp_path):
    """Two processes released together by a barrier sweep into one file, 20 times: exactly
    one writes it, the other fails with a one-line error, and the file is the right table."""
    import multiprocessing

    from ._sweep_models import concurrent_writer

    ctx = multiprocessing.get_context("spawn")
    barrier, jobs, results = ctx.Barrier(2), ctx.Queue(), ctx.Queue()
    procs = [ctx.Process(target=concurrent_writer, args=(barrier, jobs, results)) for _ in range(2)]
    for p in procs:
        p.start()
    ref = dg.sweep("inspection", {"non_detection": np.linspace(0, 0.6, 25), "false_alarm": [0.0, 0.05, 0.2]}, vectorized=False)
    try:
        for trial in range(20):
            path = tmp_path / f"t{trial}.parquet"
            jobs.put(str(path))
            jobs.put(str(path))
            got = sorted(results.get(timeout=120) for _ in range(2))
            assert got[1] == "ok" and got[0].startswith("ParameterError: `out`"), got
            assert "\n" not in got[0]
            same(ref, dg.load_table(path))
            assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(f"t{trial}.")) == \
                [f"t{trial}.parquet", f"t{trial}.parquet.json"]
    finally:
        for _ in procs:
            jobs.put(None)
        for p in procs:
            p.join(30)
            if p.is_alive():
                p.kill()


# spec files: `out` stays in the spec's folder ----------------------------------------------


def test_spec_out_is_relative_to_the_spec_and_confined(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "specs"
    folder.mkdir()
    body = 'model = "inspection"\nbackend = "serial"\n[grid]\nbeta = [0.1, 0.2]\n'
    spec = folder / "s.toml"
    spec.write_text('out = "run.csv"\n' + body)
    monkeypatch.chdir(tmp_path)  # not the spec's folder
    code, _, err = cli(capsys, "sweep", "--spec", spec)
    assert code == 0, err
    assert (folder / "run.csv").exists() and not (tmp_path / "run.csv").exists()
    for escape in ("../escape.csv", str(tmp_path / "abs.csv"), "sub/../../x.csv"):
        spec.write_text(f"out = {json.dumps(escape)}\n" + body)
        code, _, err = cli(capsys, "sweep", "--spec", spec)
        assert code == 2 and "spec key out" in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["specs"]
    code, _, err = cli(capsys, "sweep", "--spec", spec, "--out", tmp_path / "chosen.csv")  # the user says so
    assert code == 0, err
    assert (tmp_path / "chosen.csv").exists()


# loading runs no code ----------------------------------------------------------------------


def test_crafted_manifest_imports_nothing(tmp_path, monkeypatch):
    mod = tmp_path / "mods"
    mod.mkdir()
    marker = tmp_path / "ran"
    (mod / "evilmod.py").write_text(f"open({str(marker)!r}, 'w').write('x')\nclass Model:\n    pass\n")
    monkeypatch.syspath_prepend(str(mod))
    out = tmp_path / "run"
    dg.sweep("inspection", {"non_detection": [0.1, 0.2]}, out=out)
    manifest = json.loads((out / "manifest.json").read_text())
    for name in ("evilmod.Model", "os.system", "tests.unit._sweep_models.Toy"):
        manifest["spec"]["model"] = name
        (out / "manifest.json").write_text(json.dumps(manifest))
        with pytest.raises(ParameterError, match="registered model id"):
            load_sweep(out)
        with pytest.raises(ParameterError, match="registered model id"):
            dg.load_table(out)
    assert not marker.exists() and "evilmod" not in sys.modules
    # an explicit mapping from the caller is the way to load an unregistered model's sweep
    toy_out = tmp_path / "toy"
    dg.sweep(Toy(), GRID, out=toy_out)
    same(dg.sweep(Toy(), GRID), load_sweep(toy_out, models={"tests.unit._sweep_models.Toy": Toy}))


@pytest.mark.parametrize("text", [
    "__import__('os').system('touch {marker}')",
    "x.__class__.__bases__[0].__subclasses__()",
    "exec('import os')",
    "eval('1')",
    "getattr(x, 'y')",
    "(lambda: 1)()",
    "[c for c in ()]",
    "Symbol('evil')",
    "sqrt(x, evaluate=False)",
    "2**10**10",
    "x; import os",
])
def test_parse_expression_refuses_code(tmp_path, text):
    import sympy as sp

    from deterrence_games.solvers.symbolic import parse_expression

    marker = tmp_path / "pwned"
    with pytest.raises(ParameterError, match="`expression`"):
        parse_expression(text.format(marker=marker), [sp.Symbol("x")])
    assert not marker.exists()


def test_parse_expression_reads_back_what_str_writes():
    import sympy as sp

    from deterrence_games.solvers.symbolic import parse_expression

    x, y = sp.symbols("x y", positive=True)
    for e in (x**2 / 3 + sp.Float(0.5) * y, sp.Piecewise((x, x < 1), (sp.sqrt(y), True)),
              sp.Le(x, sp.Rational(1, 2), evaluate=False), (x < 1) & (y > 2), sp.exp(-y) * sp.log(1 + x),
              sp.Max(x, y) - sp.Abs(x - 2 * y), sp.pi * x):
        assert parse_expression(str(e), [x, y]) == e


# failed rows instead of missing points ------------------------------------------------------


def test_points_without_equilibrium_are_failed_rows():
    t = dg.sweep(Sparse(), {"x": [0.1, 0.9], "y": [0.5]})
    assert list(t["status"]) == ["ok", "failed"] and list(t["equilibrium"]) == [0, -1]
    assert t["error"].iloc[1].startswith("NoEquilibrium") and t.attrs["provenance"]["n_failed"] == 1
    for vec in (True, False):
        for select in ("all", "max", "flag:intuitive", "flag:nosuch"):
            v = dg.sweep(SparseVec(), {"x": [0.1, 0.8, 0.9]}, vectorized=vec, select=select)
            assert v["point"].tolist() == sorted(v["point"]) and set(v["point"]) == {0, 1, 2}
            failed = v[v["status"] == "failed"]
            assert 2 in set(failed["point"]) and failed["error"].str.len().gt(0).all()
            if select.startswith("flag:"):
                assert 0 in set(failed["point"]) and "matched none" in failed["error"].iloc[0]
        same(dg.sweep(SparseVec(), {"x": [0.1, 0.8, 0.9]}, vectorized=True, select="flag:intuitive"),
             dg.sweep(SparseVec(), {"x": [0.1, 0.8, 0.9]}, vectorized=False, select="flag:intuitive"))


# file errors: one line, nothing left behind ------------------------------------------------------


def test_unreachable_scheduler_fails_fast_and_leaves_nothing(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(sweep_backends, "DASK_CONNECT_TIMEOUT", 2.0)
    out = tmp_path / "run"
    for _ in range(2):  # the same command again: nothing blocks the rerun
        with pytest.raises(ParameterError, match="`scheduler`") as e:
            dg.sweep("inspection", {"non_detection": [0.1, 0.2]}, scheduler="tcp://127.0.0.1:9", out=out)
        assert "\n" not in str(e.value)
        assert not out.exists()


def test_output_paths_that_cannot_be_written(tmp_path, capsys):
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(ParameterError, match="this path is a folder"):
        dg.sweep("inspection", {"non_detection": [0.1]}, out=tmp_path / "dir.csv")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ParameterError, match="a folder"):
        dg.sweep("inspection", {"non_detection": [0.1]}, out=tmp_path / "file")
    with pytest.raises(ParameterError, match="can create and write"):
        dg.sweep("inspection", {"non_detection": [0.1]}, out=tmp_path / "file" / "sub")
    target = tmp_path / "elsewhere"
    target.mkdir()
    (tmp_path / "t.csv.parts").symlink_to(target)
    with pytest.raises(ParameterError, match="symbolic link"):
        dg.sweep("inspection", {"non_detection": [0.1]}, out=tmp_path / "t.csv")
    assert list(target.iterdir()) == []
    code, _, err = cli(capsys, "sweep", "inspection", "--grid", "non_detection=0:0.5:3", "--out", tmp_path / "dir.csv")
    assert code == 2 and len(err.strip().splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(ParameterError, match="can create and write"):
            dg.sweep("inspection", {"non_detection": [0.1]}, out=ro / "run")
        with pytest.raises(ParameterError, match="`out`"):
            dg.sweep("inspection", {"non_detection": [0.1]}, out=ro / "t.csv")
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o700)
