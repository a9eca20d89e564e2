"""papers/GreenPorter1984: the project's trigger-price rows against the model and the script."""

import sys
from pathlib import Path

import pandas as pd
import pytest

import deterrence_games as dg
from deterrence_games.replication import load_reproduce_module

from ._reproduced import reproduce_once

PAPER = Path(__file__).resolve().parents[2] / "papers" / "GreenPorter1984"
pytestmark = pytest.mark.replication
TOL = {"p_bar": 1e-9, "x": 5e-5, "F": 5e-5, "value": 5e-6, "share_in_war": 5e-5}


def _compare(got: pd.DataFrame, exp: pd.DataFrame) -> None:
    assert len(got) == len(exp)
    for g, e in zip(got.to_dict("records"), exp.to_dict("records"), strict=True):
        assert (g["s"], g["T"]) == (e["s"], e["T"])
        for k, tol in TOL.items():
            assert g[k] == pytest.approx(e[k], abs=tol), (e["s"], e["T"], k)


def test_fast_rows():
    mod = load_reproduce_module(PAPER)
    exp = pd.read_csv(PAPER / "expected" / "trigger_price.csv")
    _compare(mod.trigger_price_table(include_slow=False), exp[~exp["slow"]].reset_index(drop=True))
    nc = mod.no_collusion_table()
    assert (nc["n_collusive"] == 0).all()
    sys.modules.pop(mod.__name__, None)


def test_reproduce_script(tmp_path):
    files = {p.name for p in reproduce_once(PAPER, tmp_path)}
    assert {"trigger_price.csv", "no_collusion.csv", "value_and_war_vs_T.png", "price_path.png"} <= files
    _compare(pd.read_csv(tmp_path / "trigger_price.csv"), pd.read_csv(PAPER / "expected" / "trigger_price.csv"))
    sweep = pd.read_csv(tmp_path / "value_and_war_vs_T.csv")
    for _, sub in sweep.groupby("s"):
        assert sub["value"].is_monotonic_increasing
    assert dg.get_model("price_war_trigger").solve(s=0.2, T=3).escalation_probability == 1.0
