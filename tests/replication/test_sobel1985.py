"""papers/Sobel1985: the worked cases against the script."""

from pathlib import Path

import pandas as pd
import pytest

from ._reproduced import reproduce_once

PAPER = Path(__file__).resolve().parents[2] / "papers" / "Sobel1985"
pytestmark = pytest.mark.replication


def test_reproduce_matches_expected(tmp_path):
    files = {p.name for p in reproduce_once(PAPER, tmp_path)}
    assert {"rows.csv", "deception_vs_stakes.csv", "deception_vs_stakes.png"} <= files
    got, exp = pd.read_csv(tmp_path / "rows.csv"), pd.read_csv(PAPER / "expected" / "rows.csv")
    for col in ("lie_t1", "p_deception_t1", "posterior_after_honest", "p_deception_t2"):
        assert got[col].to_numpy() == pytest.approx(exp[col].to_numpy(), abs=5e-5), col
    sweep = pd.read_csv(tmp_path / "deception_vs_stakes.csv")
    assert sweep["p_deception_t1"].is_monotonic_decreasing
