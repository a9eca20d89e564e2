"""A sweep written to one ``.parquet`` file without collecting it is streamed from its parts
(one row group per part, issue 13 item 4): the file must equal the gathered one."""

import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import deterrence_games as dg
from deterrence_games.sweeps.store import PARQUET_KEY, SweepRun

from ._sweep_models import Toy

# Toy: a failed point (x = 0.5), columns present only in some chunks (only_mixed, the flag
# refined: x > 0.7), two rows at some points, a categorical parameter
GRID = {"x": np.round(np.linspace(0.1, 0.9, 17), 12), "mode": ["a", "b"]}


def _provenance(path):
    p = json.loads(pq.read_schema(path).metadata[PARQUET_KEY])
    return {k: v for k, v in p.items() if k not in ("started", "finished")}


@pytest.mark.parametrize(("model", "grid", "chunk"), [
    (Toy(), GRID, 5),
    ("crisis_bargaining_signal", {"rho": np.linspace(0.5, 1, 40), "pi": [0.2, 0.6, 0.9]}, 17),
    ("reassurance", {"tau1": np.linspace(0, 1, 30), "tau2": [0.2, 0.7]}, 7),
])
def test_streamed_file_equals_the_gathered_file(tmp_path, model, grid, chunk):
    gathered = dg.sweep(model, grid, out=tmp_path / "a.parquet", chunk_size=chunk, progress=False)
    run = dg.sweep(model, grid, out=tmp_path / "b.parquet", chunk_size=chunk, progress=False, collect=False)
    assert isinstance(run, SweepRun) and run.path == tmp_path / "b.parquet"
    assert run.n_rows == len(gathered) and run.n_failed == gathered.attrs["provenance"]["n_failed"]
    a, b = pd.read_parquet(tmp_path / "a.parquet"), pd.read_parquet(tmp_path / "b.parquet")
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    pd.testing.assert_frame_equal(run.load(), gathered, check_exact=True)
    sa, sb = pq.read_schema(tmp_path / "a.parquet"), pq.read_schema(tmp_path / "b.parquet")
    assert sa.remove_metadata() == sb.remove_metadata()
    assert sa.metadata[b"pandas"] == sb.metadata[b"pandas"]
    assert _provenance(tmp_path / "a.parquet") == _provenance(tmp_path / "b.parquet")
    side = json.loads((tmp_path / "b.parquet.json").read_text())
    assert {k: v for k, v in side.items() if k not in ("started", "finished")} == _provenance(tmp_path / "b.parquet")
    n_chunks = -(-run.n_points // chunk)
    assert pq.ParquetFile(tmp_path / "b.parquet").num_row_groups == n_chunks  # one per part, none empty here
    assert not (tmp_path / "b.parquet.parts").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left


def test_streamed_file_is_not_overwritten_without_overwrite(tmp_path):
    out = tmp_path / "t.parquet"
    dg.sweep(Toy(), GRID, out=out, chunk_size=5, progress=False, collect=False)
    before = out.read_bytes()
    with pytest.raises(dg.ParameterError, match="overwrite=True"):
        dg.sweep(Toy(), GRID, out=out, chunk_size=5, progress=False, collect=False)
    assert out.read_bytes() == before
    run = dg.sweep(Toy(), {"x": [0.2, 0.3], "mode": ["a"]}, out=out, progress=False, collect=False, overwrite=True)
    assert len(pd.read_parquet(out)) == run.n_rows == 2


def test_streaming_resumes_an_interrupted_file_sweep(tmp_path):
    from ._sweep_models import Interrupting

    out = tmp_path / "t.parquet"
    Interrupting.armed = True
    try:
        with pytest.raises(KeyboardInterrupt):
            dg.sweep(Interrupting(), GRID, out=out, chunk_size=4, backend="serial", progress=False, collect=False)
        assert not out.exists() and (tmp_path / "t.parquet.parts").is_dir()
        Interrupting.armed = False
        run = dg.sweep(Interrupting(), GRID, out=out, chunk_size=4, backend="serial", progress=False,
                       collect=False, resume=True)
    finally:
        Interrupting.armed = True
    ref = dg.sweep(Toy(), GRID, chunk_size=4, backend="serial", progress=False)
    pd.testing.assert_frame_equal(pd.read_parquet(out), ref, check_exact=True)
    assert run.n_rows == len(ref) and not (tmp_path / "t.parquet.parts").exists()
