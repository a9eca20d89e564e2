"""papers/Kydd2000 (textbook version): catalogue §3 numbers against the model and the script."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from deterrence_games.replication import run_paper

PAPER = Path(__file__).resolve().parents[2] / "papers" / "Kydd2000"
pytestmark = pytest.mark.replication


@pytest.fixture(scope="module")
def produced(tmp_path_factory):
    out = tmp_path_factory.mktemp("Kydd2000")
    files = {p.name for p in run_paper(PAPER, out)}
    return out, files


def test_reproduce_writes_tables_and_figures(produced):
    _, files = produced
    assert {"trust_cases.csv", "reassurance_window.csv", "continuous.csv", "conflict_vs_trust.csv",
            "conflict_vs_trust.png", "reassurance_window.png"} <= files


def test_trust_cases(produced):
    out, _ = produced
    got = pd.read_csv(out / "trust_cases.csv")
    exp = pd.read_csv(PAPER / "expected" / "trust_cases.csv")
    assert got["most_peaceful_conflict"].to_numpy() == pytest.approx(exp["most_peaceful_conflict"].to_numpy(), abs=1e-12)
    assert list(got["most_peaceful_label"]) == list(exp["most_peaceful_label"])
    assert got["tau_star"].to_numpy() == pytest.approx(2 / 3, abs=1e-15)


def test_reassurance_window(produced):
    out, _ = produced
    got = pd.read_csv(out / "reassurance_window.csv")
    exp = pd.read_csv(PAPER / "expected" / "reassurance_window.csv")
    assert list(got["separating"]) == list(exp["separating"])
    assert got["conflict_separating"].to_numpy() == pytest.approx(exp["conflict_separating"].to_numpy(), abs=1e-12, nan_ok=True)
    assert got["window_low"].to_numpy() == pytest.approx(exp["window_low"].to_numpy(), abs=1e-12)
    assert got["window_high"].to_numpy() == pytest.approx(exp["window_high"].to_numpy(), abs=1e-12)
    assert list(got["conflict_most_peaceful"]) == pytest.approx([1.0, 0.5, 0.5, 0.5, 1.0])


def test_continuous_roots(produced):
    out, _ = produced
    got = pd.read_csv(out / "continuous.csv")
    exp = pd.read_csv(PAPER / "expected" / "continuous.csv")
    for g, e in zip(got.itertuples(), exp.itertuples(), strict=True):
        assert g.n_roots == e.n_roots
        for col in ("lower_cutoff", "upper_cutoff", "most_peaceful_conflict"):
            assert getattr(g, col) == pytest.approx(getattr(e, col), abs=e.tolerance, nan_ok=True)


def test_conflict_jumps_at_the_trust_threshold(produced):
    out, _ = produced
    t = pd.read_csv(out / "conflict_vs_trust.csv")
    best = t[["conflict_spiral", "conflict_cooperative", "conflict_mixed"]].min(axis=1).to_numpy()
    below, above = best[t["tau"] < 2 / 3], best[t["tau"] > 2 / 3]
    assert np.all(below == 1.0) and above[0] < 1 - 0.4
