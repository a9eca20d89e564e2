"""papers/Kydd2000 (textbook version): the worked cases against the model and the script."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ._reproduced import reproduce_once

PAPER = Path(__file__).resolve().parents[2] / "papers" / "Kydd2000"
pytestmark = pytest.mark.replication


@pytest.fixture(scope="module")
def produced(tmp_path_factory):
    out = tmp_path_factory.mktemp("Kydd2000")
    files = {p.name for p in reproduce_once(PAPER, out)}
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


def test_semi_separating_families(produced):
    # hand-derived (model docstring): the posterior after one message is tau*
    out, files = produced
    assert "semi_separating.csv" in files
    got = pd.read_csv(out / "semi_separating.csv")
    exp = pd.read_csv(PAPER / "expected" / "semi_separating.csv")
    assert list(got["present"]) == list(exp["present"])
    for col in ("gesture_S1", "gesture_G1", "cooperation"):
        assert got[col].to_numpy() == pytest.approx(exp[col].to_numpy(), abs=1e-11, nan_ok=True)


def test_window_sweep_shows_family_a(produced):
    # most peaceful conflict along m (tau1 = 0.5, tau2 = 1): 1 below 0.6, 1 - 2m/3 on
    # [0.6, 0.75] (family A), 0.5 on the separating window [0.75, 1], 1 above
    out, _ = produced
    t = pd.read_csv(out / "reassurance_window_sweep.csv")
    best = t.groupby("m")["escalation_probability"].min()
    m = best.index.to_numpy()
    expect = np.where(m < 0.6 - 1e-9, 1.0, np.where(m < 0.75, 1 - 2 * m / 3, np.where(m <= 1 + 1e-9, 0.5, 1.0)))
    inner = (np.abs(m - 0.6) > 1e-6) & (np.abs(m - 1.0) > 1e-6)
    assert best.to_numpy()[inner] == pytest.approx(expect[inner], abs=1e-12)


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
