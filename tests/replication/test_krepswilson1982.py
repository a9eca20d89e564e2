"""papers/KrepsWilson1982: the worked cases against the model and the script."""

from pathlib import Path

import pandas as pd
import pytest

from ._reproduced import reproduce_once

PAPER = Path(__file__).resolve().parents[2] / "papers" / "KrepsWilson1982"
pytestmark = pytest.mark.replication


def test_reproduce_matches_expected(tmp_path):
    files = {p.name for p in reproduce_once(PAPER, tmp_path)}
    assert {"summary.csv", "entry_by_k.csv", "entry_by_markets_remaining.png"} <= files
    got = pd.read_csv(tmp_path / "summary.csv")
    exp = pd.read_csv(PAPER / "expected" / "summary.csv")
    for col in ("expected_entries", "expected_fights"):
        assert got[col].to_numpy() == pytest.approx(exp[col].to_numpy(), abs=5e-5)
    assert (got["weak_payoff"] == exp["weak_payoff"]).all()
    assert (got["deterred_markets"] == exp["deterred_markets"]).all()
    assert got["certified"].all()
    gk = pd.read_csv(tmp_path / "entry_by_k.csv").set_index(["case", "k"])["entry_probability"]
    ek = pd.read_csv(PAPER / "expected" / "entry_by_k.csv")
    for r in ek.itertuples():
        assert gk[(r.case, r.k)] == pytest.approx(r.entry_probability, abs=5e-5)
    # every market not listed has entry probability 0 (deterred)
    listed = set(zip(ek["case"], ek["k"], strict=True))
    assert all(v == 0 for key, v in gk.items() if key not in listed)
