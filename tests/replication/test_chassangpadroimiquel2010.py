"""papers/ChassangPadroiMiquel2010: the worked cases."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ._reproduced import reproduce_once

PAPER = Path(__file__).resolve().parents[2] / "papers" / "ChassangPadroiMiquel2010"
pytestmark = pytest.mark.replication


def _split(s):
    return [float(x) for x in str(s).split(";")]


def test_reproduce_matches_expected(tmp_path):
    files = {p.name for p in reproduce_once(PAPER, tmp_path)}
    assert {"spec_a.csv", "signaling11.csv", "spec_b.csv", "exit_game.csv", "weapons.csv",
            "global_conflict.png"} <= files
    for name in ("spec_a.csv", "signaling11.csv", "weapons.csv"):
        got, exp = pd.read_csv(tmp_path / name), pd.read_csv(PAPER / "expected" / name)
        for col in exp.columns:
            tol = 5e-3 if name == "weapons.csv" else 5e-5 if col != "threshold" else 5e-6
            assert got[col].to_numpy() == pytest.approx(exp[col].to_numpy(), abs=tol), (name, col)
    got, exp = pd.read_csv(tmp_path / "spec_b.csv"), pd.read_csv(PAPER / "expected" / "spec_b.csv")
    assert (got["n_equilibria"] == exp["n_equilibria"]).all()
    for g, e in zip(got["thresholds"], exp["thresholds"], strict=True):
        assert _split(g) == pytest.approx(_split(e), abs=5e-5)
    assert (got["uniqueness_condition"] == (exp["n_equilibria"] == 1)).all()
    got, exp = pd.read_csv(tmp_path / "exit_game.csv"), pd.read_csv(PAPER / "expected" / "exit_game.csv")
    assert got["complete_p_war"].to_numpy() == pytest.approx(exp["complete_p_war"].to_numpy(), abs=5e-5)
    ok = exp["complete_duration"].notna()
    assert got["complete_duration"][ok].to_numpy() == pytest.approx(exp["complete_duration"][ok].to_numpy(), abs=5e-3)
    for g, e in zip(got["strategic_p_war"], exp["strategic_p_war"], strict=True):
        assert _split(g) == pytest.approx(_split(e), abs=5e-5)


def test_uniqueness_threshold():
    from deterrence_games.models.global_conflict import public_uniqueness_holds

    row = pd.read_csv(PAPER / "expected" / "spec_b_uniqueness.csv").iloc[0]
    a = row["alpha_threshold"]
    assert public_uniqueness_holds(row["b"], row["c_B"], a - 1e-3, row["beta"])
    assert not public_uniqueness_holds(row["b"], row["c_B"], a + 1e-3, row["beta"])
    assert np.isfinite(a)
