"""papers/FudenbergLevine1989: the bound's worked rows and the KW payoff above it."""

import math
from pathlib import Path

import pandas as pd
import pytest

from ._reproduced import reproduce_once

PAPER = Path(__file__).resolve().parents[2] / "papers" / "FudenbergLevine1989"
pytestmark = pytest.mark.replication


def test_reproduce_matches_expected(tmp_path):
    files = {p.name for p in reproduce_once(PAPER, tmp_path)}
    assert {"fl_bound.csv", "kw_versus_bound.csv", "kw_versus_fl_bound.png"} <= files
    got = pd.read_csv(tmp_path / "fl_bound.csv")
    exp = pd.read_csv(PAPER / "expected" / "fl_bound.csv")
    assert (got["K"] == exp["K"]).all()
    assert got["bound"].to_numpy() == pytest.approx(exp["bound"].to_numpy(), abs=5e-5)
    assert (got["K_floor"] == [math.floor(math.log(m) / math.log(b)) for m, b in zip(exp["mu"], exp["b"], strict=True)]).all()
    tight = pd.read_csv(PAPER / "expected" / "tight_floor.csv").iloc[0]
    assert got.loc[0, "K_floor"] == tight["K_floor"]
    kw = pd.read_csv(tmp_path / "kw_versus_bound.csv")
    assert (kw["weak_payoff_average"] >= kw["fl_bound_average"] - 1e-12).all()


def test_floor_count_equals_kw_entry_markets():
    import deterrence_games as dg

    tight = pd.read_csv(PAPER / "expected" / "tight_floor.csv").iloc[0]
    e = dg.get_model("chain_store").solve(n_markets=10, prior=tight["mu"], b=tight["b"])[0]
    assert e.quantities["fl_K"] == tight["K_floor"] == 10 - e.quantities["deterred_markets"]
