"""Sweeps at scale: designs, backends, chunking, resuming, provenance (issue 7)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import deterrence_games as dg
from deterrence_games import ParameterError
from deterrence_games.sweeps import load_sweep

from ._sweep_models import Dying, DyingOnce, Interrupting, SlowToy, Toy, VecToy

ROOT = Path(__file__).resolve().parents[2]
GRID = {"x": np.linspace(0, 1, 11), "y": [0.25, 0.75], "mode": ["a", "b"]}
#: the toy models are not registered: loading their folders needs them passed explicitly
TOYS = {f"tests.unit._sweep_models.{c.__name__}": c() for c in (Interrupting, SlowToy, Toy)}


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Same rows, same order, same dtypes, same values to the bit (floats written by repr)."""
    assert list(a.columns) == list(b.columns)
    assert list(a.dtypes) == list(b.dtypes)
    assert a.to_csv(index=False) == b.to_csv(index=False)
    pd.testing.assert_frame_equal(a, b, check_exact=True)


# designs ---------------------------------------------------------------------------------


def test_grid_order_and_explicit_points():
    t = dg.sweep(Toy(), {"x": [0.1, 0.2], "y": [0.3, 0.4, 0.6]})
    assert list(zip(t["x"], t["y"], strict=True)) == [(0.1, 0.3), (0.1, 0.4), (0.1, 0.6),
                                                      (0.2, 0.3), (0.2, 0.4), (0.2, 0.6)]
    pts = [{"x": 0.9, "y": 0.1}, {"x": 0.1, "y": 0.9}]
    p = dg.sweep(Toy(), pts)
    assert list(p["point"]) == [0, 0, 1] and list(p["x"]) == [0.9, 0.9, 0.1]
    assert p.attrs["provenance"]["design"] == {"kind": "points", "points": {"x": [0.9, 0.1], "y": [0.1, 0.9]}}
    same(p, dg.sweep(Toy(), pd.DataFrame(pts), design="points"))
    same(p, dg.sweep(Toy(), {"x": [0.9, 0.1], "y": [0.1, 0.9]}, design="points"))


@pytest.mark.parametrize("kind", ["lhs", "random"])
def test_sampled_designs_are_seeded_and_inside_ranges(kind):
    ranges = {"x": (0.2, 0.6), "y": (0.0, 1.0), "mode": ["a", "b"]}
    a = dg.sweep(Toy(), ranges, design=kind, n_points=40, seed=7)
    b = dg.sweep(Toy(), ranges, design=kind, n_points=40, seed=7, chunk_size=3)
    c = dg.sweep(Toy(), ranges, design=kind, n_points=40, seed=8)
    same(a, b)
    assert not np.array_equal(a["x"], c["x"])
    assert a["x"].between(0.2, 0.6).all() and set(a["mode"]) == {"a", "b"}
    prov = a.attrs["provenance"]
    assert prov["seed"] == 7 and prov["design"] == {"kind": kind, "ranges": {"x": [0.2, 0.6], "y": [0.0, 1.0], "mode": ["a", "b"]},
                                                    "n_points": 40, "seed": 7}
    if kind == "lhs":  # one point in each of the 40 strata of every axis
        strata = np.floor((a["x"].to_numpy() - 0.2) / 0.4 * 40).astype(int)
        assert sorted(strata) == list(range(40))


@pytest.mark.parametrize(
    "kwargs,match",
    [({"design": "lhs", "n_points": 5}, "`seed`"),
     ({"design": "lhs", "seed": 1}, "`n_points`"),
     ({"design": "sobol", "n_points": 5, "seed": 1}, "`design`"),
     ({"design": "random", "n_points": 5, "seed": -1}, "`seed`")],
)
def test_bad_designs(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        dg.sweep(Toy(), {"x": (0, 1)}, **kwargs)
    with pytest.raises(ParameterError, match="`grid\\['x'\\]`"):
        dg.sweep(Toy(), {"x": (0, 1, 2)}, design="random", n_points=3, seed=1)
    with pytest.raises(ParameterError, match="`x`"):
        dg.sweep(Toy(), {"x": (0, 2)}, design="random", n_points=3, seed=1)


# backends and chunks ------------------------------------------------------------------


def test_chunk_size_does_not_change_the_table():
    ref = dg.sweep(Toy(), GRID, backend="serial")
    assert (ref["status"] == "failed").sum() == 4 and ref.attrs["provenance"]["n_failed"] == 4
    assert ref.attrs["provenance"]["failures"] == {"RuntimeError: solver diverged": 4}
    for cs in (1, 3, 7, 1000):
        same(ref, dg.sweep(Toy(), GRID, backend="serial", chunk_size=cs))
    vref = dg.sweep(VecToy(), {"x": np.linspace(0, 1, 101), "y": np.linspace(0, 1, 7)})
    assert vref.attrs["provenance"]["vectorized"]
    for cs in (3, 13, 500):
        same(vref, dg.sweep(VecToy(), {"x": np.linspace(0, 1, 101), "y": np.linspace(0, 1, 7)}, chunk_size=cs))
    for select in ("min", "max", "flag:intuitive", "first"):
        a = dg.sweep(VecToy(), {"x": np.linspace(0, 1, 101)}, select=select)
        same(a, dg.sweep(VecToy(), {"x": np.linspace(0, 1, 101)}, select=select, chunk_size=9))


def test_vectorized_and_loop_agree_on_a_registered_model():
    grid = {"non_detection": np.linspace(0, 0.6, 13), "false_alarm": [0.0, 0.05, 0.2]}
    a = dg.sweep("inspection", grid, backend="vectorized", chunk_size=5)
    b = dg.sweep("inspection", grid, vectorized=False, backend="serial", chunk_size=4)
    assert len(a) == len(b)
    np.testing.assert_allclose(a["escalation_probability"], b["escalation_probability"], atol=1e-12)
    with pytest.raises(ParameterError, match="`backend`"):
        dg.sweep(Toy(), GRID, backend="vectorized")
    with pytest.raises(ParameterError, match="`backend`"):
        dg.sweep(Toy(), GRID, backend="threads")


@pytest.mark.slow
def test_process_pool_equals_serial():
    ref = dg.sweep(Toy(), GRID, backend="serial")
    same(ref, dg.sweep(Toy(), GRID, backend="process", workers=2, chunk_size=3))
    grid = {"non_detection": np.linspace(0, 0.6, 31), "false_alarm": [0.0, 0.05, 0.2]}
    vec = dg.sweep("inspection", grid)
    same(vec, dg.sweep("inspection", grid, backend="process", workers=2, chunk_size=10))
    loop = dg.sweep("inspection", grid, vectorized=False, backend="serial")
    p = dg.sweep("inspection", grid, vectorized=False, backend="process", workers=2, chunk_size=7)
    same(loop, p)
    assert p.attrs["provenance"]["backend"] == "process"


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    client = distributed.Client(cluster)
    yield cluster, client
    client.close()
    cluster.close()


@pytest.mark.slow
def test_dask_equals_serial(dask_cluster):
    cluster, client = dask_cluster
    ref = dg.sweep(Toy(), GRID, backend="serial")
    d = dg.sweep(Toy(), GRID, client=client, chunk_size=5)
    same(ref, d)
    assert d.attrs["provenance"]["backend"] == "dask"
    grid = {"non_detection": np.linspace(0, 0.6, 31), "false_alarm": [0.0, 0.05, 0.2]}
    same(dg.sweep("inspection", grid), dg.sweep("inspection", grid, backend="dask",
                                                 scheduler=cluster.scheduler_address, chunk_size=8))


@pytest.mark.slow
def test_dask_lost_worker(tmp_path):
    """A worker process dies mid-sweep: Dask reruns its chunk elsewhere and the table is
    identical; if the chunk kills every worker it reaches (Dask gives up: KilledWorker), the
    finished parts stay on disk and a resume completes the same table."""
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")

    ref = dg.sweep(Toy(), GRID)
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=None, silence_logs=50) as cluster, \
            distributed.Client(cluster) as client:
        once = DyingOnce()
        once.marker_dir = str(tmp_path / "once")
        os.mkdir(once.marker_dir)
        same(ref, dg.sweep(once, GRID, client=client, chunk_size=3, out=tmp_path / "once.parquet"))
        assert len(os.listdir(once.marker_dir)) == 1  # a worker did die

        always = DyingOnce()
        always.marker_dir, always.deaths = str(tmp_path / "always"), 10**6
        os.mkdir(always.marker_dir)
        out = tmp_path / "lost"
        with pytest.raises(distributed.KilledWorker):
            dg.sweep(always, GRID, client=client, chunk_size=3, out=out)
        assert len(os.listdir(always.marker_dir)) >= 2  # allowed-failures=1: a chunk lost two workers
        assert 0 < len(list(out.glob("part-*.parquet"))) < 15
        same(ref, dg.sweep(DyingOnce(), GRID, client=client, out=out, resume=True))


# never lose finished work -------------------------------------------------------------


def test_ctrl_c_then_resume_gives_the_uninterrupted_table(tmp_path):
    ref = dg.sweep(Toy(), GRID)
    out = tmp_path / "run"
    Interrupting.armed = True
    with pytest.raises(KeyboardInterrupt):
        dg.sweep(Interrupting(), GRID, out=out, chunk_size=4, backend="serial")
    parts = sorted(out.glob("part-*.parquet"))
    assert 0 < len(parts) < 11 and (out / "manifest.json").exists()
    partial = load_sweep(out, models=TOYS)
    assert not partial.attrs["provenance"]["complete"]
    with pytest.raises(ParameterError, match="resume"):
        dg.sweep(Interrupting(), GRID, out=out, chunk_size=4)
    with pytest.raises(ParameterError, match="differs in: select"):
        dg.sweep(Interrupting(), GRID, out=out, resume=True, select="max")
    Interrupting.armed = False
    mtimes = {p: p.stat().st_mtime_ns for p in parts}
    done = dg.sweep(Interrupting(), GRID, out=out, resume=True)
    assert {p: p.stat().st_mtime_ns for p in parts} == mtimes  # finished chunks not recomputed
    same(ref, done)
    back = load_sweep(out, models=TOYS)
    same(ref, back)
    prov = back.attrs["provenance"]
    assert prov["complete"] and len(prov["resumed"]) == 1 and prov["n_failed"] == 4


@pytest.mark.slow
def test_sigkill_then_resume_in_a_subprocess(tmp_path):
    out = tmp_path / "killed"
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
           "SWEEP_TEST_DELAY": "0.15"}  # 0.3 s a chunk: time to kill
    cmd = [sys.executable, "-m", "tests.unit._sweep_models", str(out)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(list(out.glob("part-*.parquet"))) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    n_parts = len(list(out.glob("part-*.parquet")))
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()
    assert 3 <= n_parts < 11
    r = subprocess.run([*cmd, "--resume"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    grid = {"x": np.linspace(0, 1, 11), "y": [0.25, 0.75]}
    same(dg.sweep(Toy(), grid), load_sweep(out, models=TOYS))
    assert len(load_sweep(out, models=TOYS).attrs["provenance"]["resumed"]) == 1
    assert SlowToy.delay > 0


@pytest.mark.slow
def test_lost_worker_then_resume(tmp_path):
    from concurrent.futures.process import BrokenProcessPool

    ref = dg.sweep(Toy(), GRID)
    out = tmp_path / "lost"
    dying = Dying()
    dying.die = True
    with pytest.raises(BrokenProcessPool):
        dg.sweep(dying, GRID, out=out, backend="process", workers=2, chunk_size=2)
    assert 0 < len(list(out.glob("part-*.parquet"))) < 22
    same(ref, dg.sweep(Dying(), GRID, out=out, backend="process", workers=2, resume=True))


def test_file_output_keeps_parts_until_written(tmp_path):
    ref = dg.sweep(Toy(), GRID)
    path = dg.sweep(Toy(), GRID, out=tmp_path / "t.parquet", chunk_size=5)
    assert not (tmp_path / "t.parquet.parts").exists()
    same(ref, path)
    same(ref, dg.load_table(tmp_path / "t.parquet"))
    run = dg.sweep(Toy(), GRID, out=tmp_path / "folder", chunk_size=5, collect=False)
    assert (run.n_points, run.n_failed) == (44, 4) and run.n_rows == len(ref)
    same(ref, run.load())


# provenance ---------------------------------------------------------------------------


def test_provenance_round_trip(tmp_path):
    t = dg.sweep("inspection", {"non_detection": [0.1, 0.2]}, fixed={"k": 0.4}, select="max", vectorized=False)
    prov = t.attrs["provenance"]
    for key in ("version", "model", "design", "fixed", "defaults", "select", "method", "solver_options",
                "seed", "backend", "started", "finished", "n_failed"):
        assert key in prov
    assert prov["fixed"] == {"k": 0.4} and prov["select"] == "max" and prov["defaults"]["false_alarm"] == 0.05
    for suffix in (".parquet", ".csv"):
        path = dg.save_table(t, tmp_path / f"t{suffix}")
        assert load_sweep(path).attrs["provenance"] == json.loads(json.dumps(prov))
    import pyarrow.parquet as pq

    meta = pq.read_schema(tmp_path / "t.parquet").metadata
    assert json.loads(meta[b"deterrence_games.provenance"])["model"] == "inspection"
    (tmp_path / "t.parquet.json").unlink()  # the Parquet metadata alone suffices
    assert dg.load_table(tmp_path / "t.parquet").attrs["provenance"]["select"] == "max"
    with pytest.raises(ParameterError, match="`path`"):
        load_sweep(tmp_path / "nope")
