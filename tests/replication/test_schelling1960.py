"""papers/Schelling1960: brinkmanship, the worked cases (textbook) and §8b (reconstruction)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from deterrence_games import get_model

from ._reproduced import reproduce_once

pytestmark = pytest.mark.replication

PAPER = Path(__file__).resolve().parents[2] / "papers" / "Schelling1960"
EXPECTED_ONE = pd.read_csv(PAPER / "expected" / "one_sided.csv")
EXPECTED_TWO = pd.read_csv(PAPER / "expected" / "two_sided.csv")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    d = tmp_path_factory.mktemp("Schelling1960")
    reproduce_once(PAPER, d)
    return d


def test_one_sided_cases_closed_form_and_grid(out):
    got = pd.read_csv(out / "one_sided.csv")
    assert len(got) == len(EXPECTED_ONE)
    for (_, e), (_, g) in zip(EXPECTED_ONE.iterrows(), got.iterrows(), strict=True):
        assert g["pi"] == e["pi"]
        assert g["q_eff"] == pytest.approx(e["q_eff"], abs=1e-12)
        if not np.isnan(e["q_acc"]):
            assert g["q_acc"] == pytest.approx(e["q_acc"], abs=1e-12)
        assert bool(g["threat"]) is bool(e["threat"])
        assert g["disaster"] == pytest.approx(e["disaster"], abs=1e-12)
        assert g["disaster_grid"] == pytest.approx(e["disaster"], abs=1e-5)  # brute force over q


def test_two_sided_numbers(out):
    got = pd.read_csv(out / "two_sided.csv").set_index("quantity")["value"]
    exp = EXPECTED_TWO.set_index("quantity")
    for q in ("disaster_closed_form",):
        assert got[q] == pytest.approx(exp.loc[q, "value"], abs=exp.loc[q, "tolerance"])
    assert got["disaster_quadrature"] == pytest.approx(exp.loc["disaster_closed_form", "value"], abs=5e-8)
    assert got["disaster_monte_carlo"] == pytest.approx(exp.loc["disaster_monte_carlo", "value"],
                                                        abs=exp.loc["disaster_monte_carlo", "tolerance"])
    assert abs(got["disaster_monte_carlo"] - got["disaster_closed_form"]) < 4 * got["disaster_monte_carlo_se"]
    for v in ("0.3", "0.6", "0.9"):
        e = exp.loc[f"quit_level_v{v}"]
        assert got[f"quit_level_v{v}"] == pytest.approx(e["value"], abs=1e-7)
        assert got[f"quit_level_grid_br_v{v}"] == pytest.approx(e["value"], abs=e["tolerance"])


def test_model_two_sided_matches_expected():
    sol = get_model("brinkmanship").solve(variant="two_sided")
    (sym,) = [e for e in sol if e.label == "symmetric cutoff"]
    assert sym.escalation_probability == pytest.approx(EXPECTED_TWO.iloc[0]["value"], abs=5e-8)
    # the other equilibria (one state concedes at once) have no disaster (issue 17)
    assert sol.escalation_range == pytest.approx((0.0, EXPECTED_TWO.iloc[0]["value"]), abs=5e-8)


def test_figures_written(out):
    assert (out / "disaster_vs_h.png").stat().st_size > 0
    assert (out / "quit_level.png").stat().st_size > 0
