"""papers/ChoKreps1987: beer-quiche equilibria and the intuitive criterion against hand-derived numbers."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ._reproduced import reproduce_once

PAPER = Path(__file__).resolve().parents[2] / "papers" / "ChoKreps1987"
pytestmark = [pytest.mark.replication, pytest.mark.slow]


def test_reproduce_matches_expected(tmp_path):
    files = {p.name for p in reproduce_once(PAPER, tmp_path)}
    assert {"equilibria.csv", "prior_sweep.csv", "qre_path.csv", "beer_quiche_prior_sweep.png"} <= files
    got = pd.read_csv(tmp_path / "equilibria.csv")
    exp = pd.read_csv(PAPER / "expected" / "equilibria.csv")
    assert list(got["outcome"]) == list(exp["outcome"])
    assert list(got["exists"]) == list(exp["exists"])
    both = exp["exists"].to_numpy()
    assert list(got["intuitive"][both]) == list(exp["intuitive"][both])
    for col in ("payoff_weak", "payoff_strong", "duel_after_deviation_belief_min"):
        np.testing.assert_allclose(got[col][both].astype(float), exp[col][both].astype(float), atol=1e-9)
    got = pd.read_csv(tmp_path / "prior_sweep.csv")
    exp = pd.read_csv(PAPER / "expected" / "prior_sweep.csv")
    assert list(got["pooling_outcomes"]) == list(exp["pooling_outcomes"])
    assert list(got["surviving_outcome"]) == list(exp["surviving_outcome"])
    for col in ("hybrid_weak_beer_prob", "hybrid_duel_after_beer"):
        np.testing.assert_allclose(got[col].to_numpy(float), exp[col].to_numpy(float), atol=1e-9, equal_nan=True)
    qre = pd.read_csv(tmp_path / "qre_path.csv")
    assert qre["strong_beer"].iloc[-1] > 0.999 and qre["weak_beer"].iloc[-1] > 0.99
