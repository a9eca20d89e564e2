"""papers/Kydd2000_trust: the worked cases (K1, K3) against the script."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ._reproduced import reproduce_once

PAPER = Path(__file__).resolve().parents[2] / "papers" / "Kydd2000_trust"
pytestmark = pytest.mark.replication


def test_reproduce_matches_expected(tmp_path):
    files = {p.name for p in reproduce_once(PAPER, tmp_path)}
    assert {"k1.csv", "k3.csv", "conflict_vs_accuracy.png"} <= files
    g1, e1 = pd.read_csv(tmp_path / "k1.csv"), pd.read_csv(PAPER / "expected" / "k1.csv")
    assert g1["pi_star"].to_numpy() == pytest.approx(e1["pi_star"].to_numpy(), abs=5e-5)
    assert (g1["cooperative"] == e1["cooperative"]).all()
    assert g1["p_conflict"].to_numpy() == pytest.approx(e1["p_conflict"].to_numpy(), abs=1e-12)
    assert (g1["p_conflict_all_defect"] == 1).all()
    g3, e3 = pd.read_csv(tmp_path / "k3.csv"), pd.read_csv(PAPER / "expected" / "k3.csv")
    assert (g3["m_star"] == e3["m_star"]).all()
    assert g3["expected_rounds"].to_numpy() == pytest.approx(e3["expected_rounds"].to_numpy(), abs=5e-4)
    assert g3["p_misplaced_trust"].to_numpy() == pytest.approx(e3["p_misplaced_trust"].to_numpy(), abs=5e-5)
    # our seeded Monte Carlo agrees with the closed form (independent evidence)
    assert (np.abs(g3["mc_expected_rounds"] - e3["expected_rounds"]) < 4 * g3["mc_se_rounds"] + 5e-4).all()
    assert (np.abs(g3["mc_p_misplaced"] - e3["p_misplaced_trust"]) < 4 * g3["mc_se_misplaced"] + 5e-5).all()
