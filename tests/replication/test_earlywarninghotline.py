"""papers/EarlyWarningHotline (textbook reduction): the worked cases and correction."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ._reproduced import reproduce_once

PAPER = Path(__file__).resolve().parents[2] / "papers" / "EarlyWarningHotline"
KEYS = ("p", "r_alarm", "attack_probability", "retaliation_probability", "false_retaliation_probability")
pytestmark = pytest.mark.replication


@pytest.fixture(scope="module")
def produced(tmp_path_factory):
    out = tmp_path_factory.mktemp("EarlyWarningHotline")
    files = {p.name for p in reproduce_once(PAPER, out)}
    return out, files


def test_reproduce_writes_tables_and_figures(produced):
    _, files = produced
    assert {"sensor_cases.csv", "symmetric_accuracy.csv", "symmetric_accuracy.png", "false_alarm_rate.csv",
            "false_alarm_rate.png", "false_alarm_counterexample.csv"} <= files


def test_sensor_and_hotline_cases(produced):
    out, _ = produced
    got = pd.read_csv(out / "sensor_cases.csv").set_index("case")
    for c in pd.read_csv(PAPER / "expected" / "sensor_cases.csv").itertuples():
        assert got.loc[c.case, "label"] == c.label
        for k in KEYS:
            assert got.loc[c.case, k] == pytest.approx(getattr(c, k), abs=c.tolerance), (c.case, k)
    assert got.loc["sensor_0.9_0.1", "posterior_alarm"] == pytest.approx(0.6, abs=1e-12)
    assert got.loc["hotline", "posterior_alarm_denied"] == pytest.approx(0.048, abs=5e-4)


def test_symmetric_accuracy_table_and_hump(produced):
    out, _ = produced
    got = pd.read_csv(out / "symmetric_accuracy.csv")
    for c in pd.read_csv(PAPER / "expected" / "symmetric_accuracy.csv").itertuples():
        row = got.loc[np.isclose(got["alpha"], c.alpha)].iloc[0]
        assert row["retaliation_probability"] == pytest.approx(c.retaliation_probability, abs=c.tolerance)
    inside = got[got["alpha"] > 0.6]
    peak = inside["retaliation_probability"].idxmax()
    assert inside["retaliation_probability"].loc[:peak].is_monotonic_increasing
    assert inside["retaliation_probability"].loc[peak:].is_monotonic_decreasing
    assert got["attack_probability"].is_monotonic_decreasing


def test_false_alarm_counterexample(produced):
    out, _ = produced
    got = pd.read_csv(out / "false_alarm_counterexample.csv")
    exp = pd.read_csv(PAPER / "expected" / "false_alarm_counterexample.csv")
    for col in ("retaliation_probability", "false_retaliation_probability"):
        assert got[col].to_numpy() == pytest.approx(exp[col].to_numpy(), abs=5e-5)
    sweep = pd.read_csv(out / "false_alarm_rate.csv")
    assert sweep["attack_probability"].is_monotonic_increasing  # lower phi never raises attacks
    assert not sweep["retaliation_probability"].is_monotonic_increasing  # but can raise retaliation
