"""papers/ZagareKilgour2000: perfect deterrence, closed form and tree."""

from pathlib import Path

import pandas as pd
import pytest

from ._reproduced import reproduce_once

pytestmark = pytest.mark.replication

PAPER = Path(__file__).resolve().parents[2] / "papers" / "ZagareKilgour2000"
EXPECTED = pd.read_csv(PAPER / "expected" / "conflict.csv")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    d = tmp_path_factory.mktemp("ZagareKilgour2000")
    reproduce_once(PAPER, d)
    return d


def test_conflict_table(out):
    got = pd.read_csv(out / "conflict.csv")
    assert len(got) == len(EXPECTED)
    for (_, e), (_, g) in zip(EXPECTED.iterrows(), got.iterrows(), strict=True):
        for k in ("s_ch", "d_S", "p_ch", "p_def"):
            assert g[k] == e[k]
        assert g["c_ch"] == pytest.approx(e["c_ch"], abs=1e-12)
        assert g["conflict"] == pytest.approx(e["conflict"], abs=1e-12)
        assert g["conflict_tree"] == pytest.approx(e["conflict"], abs=1e-12)


def test_figure_written(out):
    assert (out / "conflict_vs_credibility.png").stat().st_size > 0
