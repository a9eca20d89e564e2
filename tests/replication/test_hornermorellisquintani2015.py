"""papers/HornerMorelliSquintani2015: worked numbers against the model, the LP and the script."""

from pathlib import Path

import pandas as pd
import pytest

import deterrence_games as dg
from deterrence_games.models.mediation import mediation_lp

from ._reproduced import reproduce_once

PAPER = Path(__file__).resolve().parents[2] / "papers" / "HornerMorelliSquintani2015"
M = dg.get_model("mediation")
pytestmark = pytest.mark.replication


def test_war_table_matches_expected_closed_form_and_lp():
    exp = pd.read_csv(PAPER / "expected" / "war_table.csv")
    for c in exp.itertuples():
        conf = M.solve(pi=c.pi, p=c.p, pie_after_war=c.pie_after_war)[0]
        pub = M.solve(pi=c.pi, p=c.p, pie_after_war=c.pie_after_war, public=True)[0]
        assert conf.escalation_probability == pytest.approx(c.war_confidential, abs=5e-5)
        assert pub.escalation_probability == pytest.approx(c.war_public, abs=5e-5)
        assert conf.quantities["regime"] == c.regime
        # second method: the general mechanism LP with confidential reports
        assert mediation_lp(c.pi, c.p, c.pie_after_war, public=False).breakdown_probability == pytest.approx(
            conf.escalation_probability, abs=1e-9)


def test_thresholds_match_expected():
    t = pd.read_csv(PAPER / "expected" / "thresholds.csv").iloc[0]
    e = M.solve(pi=0.5, p=t.p, pie_after_war=t.theta)[0]
    assert e.quantities["q_bar"] == pytest.approx(t.q_bar, abs=5e-5)
    assert e.quantities["q_b"] == pytest.approx(t.q_b, abs=5e-6)


def test_reproduce_script_writes_what_the_readme_lists(tmp_path):
    files = {p.name for p in reproduce_once(PAPER, tmp_path)}
    assert {"war_table.csv", "war_vs_prior.csv", "war_vs_prior.png", "value_of_confidentiality.csv",
            "value_of_confidentiality.png"} <= files
    got = pd.read_csv(tmp_path / "war_table.csv")
    exp = pd.read_csv(PAPER / "expected" / "war_table.csv")
    assert got["war_public"].to_numpy() == pytest.approx(exp["war_public"].to_numpy(), abs=5e-5)
    grid = pd.read_csv(tmp_path / "value_of_confidentiality.csv")
    conf = grid[~grid["public"].astype(bool)].set_index(["pie_after_war", "pi"])["escalation_probability"]
    pub = grid[grid["public"].astype(bool)].set_index(["pie_after_war", "pi"])["escalation_probability"]
    assert (pub - conf).min() >= -1e-9  # confidentiality never hurts
