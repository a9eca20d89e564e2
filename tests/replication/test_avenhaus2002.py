"""papers/AvenhausVonStengelZamir2002: expected numbers (the worked cases) vs the models."""

from pathlib import Path

import pandas as pd
import pytest

from deterrence_games.replication import load_reproduce_module

from ._reproduced import reproduce_once

PAPER = Path(__file__).resolve().parents[2] / "papers" / "AvenhausVonStengelZamir2002"
pytestmark = pytest.mark.replication


def test_2x2_rows():
    exp = pd.read_csv(PAPER / "expected" / "inspection_2x2.csv")
    got = load_reproduce_module(PAPER).inspection_table()
    assert len(got) == len(exp)  # one (mixed) equilibrium per row
    for col in ("inspection_probability", "violation_probability"):
        assert got[col].to_numpy() == pytest.approx(exp[col].to_numpy(), abs=5e-5)


def test_roc_rows():
    exp = pd.read_csv(PAPER / "expected" / "inspection_roc.csv")
    got = load_reproduce_module(PAPER).roc_table()
    for col, tol in (("alpha_star", 5e-6), ("detection_probability", 5e-5), ("violation_probability", 5e-6),
                     ("inspector_payoff_simultaneous", 5e-6), ("inspector_payoff_leader", 5e-6)):
        assert got[col].to_numpy() == pytest.approx(exp[col].to_numpy(), abs=tol), col


def test_script_writes_figures(tmp_path):
    names = {p.name for p in reproduce_once(PAPER, tmp_path)}
    assert {"inspection_vs_detection.png", "inspection_roc_vs_detectability.png", "inspection_2x2.csv"} <= names
