"""papers/Dresher1962: the worked cases against the model, via the reproduce script."""

from pathlib import Path

import pandas as pd
import pytest

from ._reproduced import reproduce_once

PAPER = Path(__file__).resolve().parents[2] / "papers" / "Dresher1962"
pytestmark = pytest.mark.replication


def test_reproduce_matches_expected(tmp_path):
    files = {p.name for p in reproduce_once(PAPER, tmp_path)}
    assert {"stage_table.csv", "path_probabilities.csv", "closed_form_vs_recursion.csv",
            "deterrence_vs_penalty.png"} <= files
    for name, cols in (("stage_table.csv", ("inspect_probability", "violate_probability")),
                       ("path_probabilities.csv", ("p_violation", "p_caught"))):
        got, exp = pd.read_csv(tmp_path / name), pd.read_csv(PAPER / "expected" / name)
        assert got["value"].to_numpy() == pytest.approx(exp["value"].to_numpy(), abs=5e-7)
        for c in cols:
            assert got[c].to_numpy() == pytest.approx(exp[c].to_numpy(), abs=5e-5), (name, c)
    err = pd.read_csv(tmp_path / "closed_form_vs_recursion.csv")
    assert (err["max_abs_error"] <= 4.5e-16).all()
    t = pd.read_csv(tmp_path / "deterrence_vs_penalty.csv")
    for _, sub in t.groupby("inspections"):
        assert sub["value"].is_monotonic_decreasing and sub["p_violation"].is_monotonic_decreasing
