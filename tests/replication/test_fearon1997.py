"""papers/Fearon1997 (two-type reconstruction): the worked cases against the model and script."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ._reproduced import reproduce_once

PAPER = Path(__file__).resolve().parents[2] / "papers" / "Fearon1997"
pytestmark = pytest.mark.replication


@pytest.fixture(scope="module")
def produced(tmp_path_factory):
    out = tmp_path_factory.mktemp("Fearon1997")
    files = {p.name for p in reproduce_once(PAPER, out)}
    return out, files


def test_reproduce_writes_tables_and_figures(produced):
    _, files = produced
    assert {"cases.csv", "thresholds.csv", "th_vs_sc.csv", "th_vs_sc.png", "sunk_cost_size.csv",
            "sunk_cost_size.png"} <= files


def test_cases_match_the_worked(produced):
    out, _ = produced
    got = pd.read_csv(out / "cases.csv").set_index("case")
    exp = pd.read_csv(PAPER / "expected" / "cases.csv").set_index("case")
    for case, row in exp.iterrows():
        assert got.loc[case, "label"] == row["label"]
        assert got.loc[case, "war_probability"] == pytest.approx(row["war_probability"], abs=1e-12), case
        if not np.isnan(row["payoff_S"]):
            assert got.loc[case, "payoff_S"] == pytest.approx(row["payoff_S"], abs=1e-12), case


def test_thresholds_match_the_worked(produced):
    out, _ = produced
    got = pd.read_csv(out / "thresholds.csv").set_index("quantity")["value"]
    for row in pd.read_csv(PAPER / "expected" / "thresholds.csv").itertuples():
        assert got[row.quantity] == pytest.approx(row.value, abs=row.tolerance)


def test_figure_data_shows_the_three_claims(produced):
    out, _ = produced
    t = pd.read_csv(out / "th_vs_sc.csv")
    assert (t["payoff_S_tying_hands"] > t["payoff_S_sinking_costs"]).all()  # claim (ii)
    assert (t["war_tying_hands"] >= t["war_sinking_costs"] - 1e-15).all()  # claim (iii)
    s = pd.read_csv(out / "sunk_cost_size.csv")
    best = s.loc[s["payoff_resolute"].idxmax()]
    assert best["m"] == pytest.approx(0.4, abs=0.005) and best["bluff_probability"] == 0.0  # claim (i)
