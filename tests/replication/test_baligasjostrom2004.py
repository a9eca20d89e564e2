"""papers/BaligaSjostrom2004: worked numbers against the model and the reproduce script."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import deterrence_games as dg

from ._reproduced import reproduce_once

PAPER = Path(__file__).resolve().parents[2] / "papers" / "BaligaSjostrom2004"
M = dg.get_model("arms_race_talk")
pytestmark = pytest.mark.replication


def _kw(c):
    kw = {"mu": c.mu, "d": c.d, "variant": c.variant}
    if c.variant == "beta_mixture":
        kw.update(eps=c.eps, beta_a=c.beta_a, beta_b=c.beta_b)
    return kw


def test_cutoff_cases_match_expected():
    exp = pd.read_csv(PAPER / "expected" / "cutoff_cases.csv")
    for case, g in exp.groupby(exp["case"].astype(str).str[0]):
        sol = M.solve(**_kw(g.iloc[0]))
        assert len(sol) == len(g), case  # every equilibrium, no more
        got = sorted((e.strategies["cutoff"], e.escalation_probability) for e in sol)
        np.testing.assert_allclose([x for x, _ in got], sorted(g["cutoff"]), atol=5e-7)
        np.testing.assert_allclose([y for _, y in got], sorted(g["arms_race"]), atol=5e-5)


def test_complete_information_and_cheap_talk_match_expected():
    ci = pd.read_csv(PAPER / "expected" / "complete_information.csv").iloc[0]
    e = M.solve(mu=ci.mu, d=ci.d)[0]
    assert e.quantities["race_complete_information"] == pytest.approx(ci.arms_race_complete_information, abs=1e-12)
    ct = pd.read_csv(PAPER / "expected" / "cheap_talk.csv").iloc[0]
    sol = M.solve(mu=ct.mu, d=ct.d, talk=True)
    assert min(e.escalation_probability for e in sol if e.label == "babbling cutoff") == ct.no_talk_arms_race
    match = [e for e in sol if e.label.startswith("two-message") and abs(e.strategies["a"] - ct.a) < 5e-7]
    assert len(match) == 1
    e = match[0]
    assert e.strategies["b"] == pytest.approx(ct.b, abs=5e-7)
    assert e.quantities["q11"] == pytest.approx(ct.q11, abs=5e-6)
    assert e.escalation_probability == pytest.approx(ct.arms_race, abs=5e-6)


def test_second_branch_race_falls_as_hawks_vanish():
    """The README's statement about the second two-message solution [R] (a property, not a number)."""
    race = []
    for mu in (0.05, 0.02, 0.005, 0.0001):
        talk = [e for e in M.solve(mu=mu, d=1.2, talk=True) if e.label.startswith("two-message")]
        assert len(talk) == 2
        race.append(min(e.escalation_probability for e in talk))
    assert all(np.diff(race) < 0) and race[-1] < 0.01


def test_reproduce_script_writes_what_the_readme_lists(tmp_path):
    files = {p.name for p in reproduce_once(PAPER, tmp_path)}
    assert {"cutoff_cases.csv", "cheap_talk.csv", "best_response_map.png",
            "arms_race_vs_hawk_probability.png", "arms_race_vs_hawk_probability.csv"} <= files
    got = pd.read_csv(tmp_path / "cutoff_cases.csv")
    exp = pd.read_csv(PAPER / "expected" / "cutoff_cases.csv")
    np.testing.assert_allclose(np.sort(got["arms_race"]), np.sort(exp["arms_race"]), atol=5e-5)
