"""papers/MorrisShin2002: the worked cases."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ._reproduced import reproduce_once

PAPER = Path(__file__).resolve().parents[2] / "papers" / "MorrisShin2002"
pytestmark = pytest.mark.replication


def test_reproduce_matches_expected(tmp_path):
    files = {p.name for p in reproduce_once(PAPER, tmp_path)}
    assert {"welfare.csv", "regime_change.csv", "welfare_vs_public_precision.png"} <= files
    got, exp = pd.read_csv(tmp_path / "welfare.csv"), pd.read_csv(PAPER / "expected" / "welfare.csv")
    assert got["weight_public"].to_numpy() == pytest.approx(exp["weight_public"].to_numpy(), abs=5e-5)
    assert got["expected_welfare"].to_numpy() == pytest.approx(exp["expected_welfare"].to_numpy(), abs=5e-6)
    assert np.sign(got["dW_dalpha"]).tolist() == np.sign(exp["dW_dalpha"]).tolist()
    assert got["dW_dalpha"].to_numpy() == pytest.approx(exp["dW_dalpha"].to_numpy(), rel=2e-3)
    assert (np.abs(got["mc_expected_welfare"] - got["expected_welfare"]) < 4 * got["mc_se"]).all()
    got, exp = pd.read_csv(tmp_path / "regime_change.csv"), pd.read_csv(PAPER / "expected" / "regime_change.csv")
    assert (got["n_equilibria"] == exp["n_equilibria"]).all()
    for g, e in zip(got["theta_star"], exp["theta_star"], strict=True):
        assert [float(x) for x in str(g).split(";")] == pytest.approx([float(x) for x in str(e).split(";")], abs=5e-5)
    assert (got["uniqueness_condition"] == (exp["n_equilibria"] == 1)).all()
