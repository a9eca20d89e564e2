"""papers/Fearon1995: the expected numbers against the models and the script."""

from pathlib import Path

import pandas as pd
import pytest

import deterrence_games as dg

from ._reproduced import reproduce_once

PAPER = Path(__file__).resolve().parents[2] / "papers" / "Fearon1995"
pytestmark = pytest.mark.replication


def test_uniform_cases_match_expected():
    exp = pd.read_csv(PAPER / "expected" / "uniform_cases.csv")
    m = dg.get_model("crisis_bargaining")
    for c in exp.itertuples():
        e = m.solve(p=c.p, c_A=c.c_A, c_B_low=c.c_B_low, c_B_high=c.c_B_high)[0]
        assert e.escalation_probability == pytest.approx(c.war_probability, abs=1e-12), c.case
        assert e.quantities["demand"] == pytest.approx(c.demand, abs=1e-12), c.case


def test_signal_cases_match_expected():
    exp = pd.read_csv(PAPER / "expected" / "signal_cases.csv")
    m = dg.get_model("crisis_bargaining_signal")
    for c in exp.itertuples():
        sol = m.solve(pi=c.pi, rho=c.rho, c_L=c.c_L, c_H=c.c_H, c_A=c.c_A, p=c.p)
        assert sol.escalation_probability == pytest.approx(c.war_probability, abs=1e-12), (c.case, c.rho)


def test_reproduce_script_writes_what_the_readme_lists(tmp_path):
    files = {p.name for p in reproduce_once(PAPER, tmp_path)}
    assert {"uniform_cases.csv", "signal_cases.csv", "minimal_disclosure.csv",
            "war_vs_uncertainty_width.png", "war_vs_signal_accuracy.png"} <= files
    got = pd.read_csv(tmp_path / "signal_cases.csv")
    exp = pd.read_csv(PAPER / "expected" / "signal_cases.csv")
    assert got["war_probability"].to_numpy() == pytest.approx(exp["war_probability"].to_numpy(), abs=1e-12)
    md = pd.read_csv(tmp_path / "minimal_disclosure.csv").iloc[0]
    md_exp = pd.read_csv(PAPER / "expected" / "minimal_disclosure.csv").iloc[0]
    assert md["q"] == pytest.approx(md_exp["q"], abs=5e-5) and md["war_probability"] == md_exp["war_probability"]
