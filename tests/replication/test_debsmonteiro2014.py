"""papers/DebsMonteiro2014: worked numbers against the model and the reproduce script."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import deterrence_games as dg

from ._reproduced import reproduce_once

PAPER = Path(__file__).resolve().parents[2] / "papers" / "DebsMonteiro2014"
M = dg.get_model("power_shift")
PARAMS = ("x0", "x1", "p", "c_D", "c_R", "k", "pi_detect")
pytestmark = pytest.mark.replication


def test_transparency_table_matches_expected():
    exp = pd.read_csv(PAPER / "expected" / "transparency_table.csv")
    for c in exp.itertuples():
        e = M.solve(**{k: getattr(c, k) for k in PARAMS})[0]
        assert e.escalation_probability == pytest.approx(c.war, abs=5e-4)
        for name, got in (("sigma", e.strategies["sigma"]), ("a", e.strategies["a"]),
                          ("share_strikes_not_militarizing", e.quantities["share_strikes_not_militarizing"])):
            want = getattr(c, name)
            if not np.isnan(want):
                assert got == pytest.approx(want, abs=5e-4), (c.pi_detect, name)


def test_thresholds_and_jump_match_expected():
    t = pd.read_csv(PAPER / "expected" / "thresholds.csv").iloc[0]
    kw = {k: t[k] for k in PARAMS if k != "pi_detect"}
    e = M.solve(**kw, pi_detect=0.0)[0]
    assert e.quantities["mu_star"] == pytest.approx(t.mu_star, abs=5e-5)
    assert e.quantities["pi_bar"] == pytest.approx(t.pi_bar, abs=1e-12)
    assert M.solve(**kw, pi_detect=t.pi_bar - 1e-9)[0].escalation_probability == pytest.approx(
        t.war_just_below_pi_bar, abs=5e-4)
    assert M.solve(**kw, pi_detect=t.pi_bar)[0].escalation_probability == 0.0


def test_reproduce_script_writes_what_the_readme_lists(tmp_path):
    files = {p.name for p in reproduce_once(PAPER, tmp_path)}
    assert {"transparency_table.csv", "war_vs_detection.csv", "war_vs_detection.png"} <= files
    got = pd.read_csv(tmp_path / "transparency_table.csv")
    exp = pd.read_csv(PAPER / "expected" / "transparency_table.csv")
    assert got["war"].to_numpy() == pytest.approx(exp["war"].to_numpy(), abs=5e-4)
