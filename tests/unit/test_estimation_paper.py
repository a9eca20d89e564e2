"""papers/Signorino1999: the reproduce script against expected/ and an independent optimiser."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import optimize

import deterrence_games as dg
from deterrence_games.replication import load_reproduce_module, run_paper

PAPER = Path(__file__).resolve().parents[2] / "papers" / "Signorino1999"
pytestmark = pytest.mark.replication


@pytest.fixture(scope="module")
def module():
    return load_reproduce_module(PAPER)


def test_reproduce_writes_the_readme_outputs_and_matches_expected(tmp_path):
    files = {p.name for p in run_paper(PAPER, tmp_path)}
    assert {"coefficients.csv", "summaries.txt", "coefficients_probit_agent.tex", "war_capitulation_vs_balance.csv",
            "war_capitulation_vs_balance.png", "agent_vs_private.csv"} <= files
    got = pd.read_csv(tmp_path / "coefficients.csv")
    exp = pd.read_csv(PAPER / "expected" / "coefficients.csv")
    assert list(got["coefficient"]) == list(exp["coefficient"])
    np.testing.assert_allclose(got["estimate"], exp["estimate"], atol=1e-4)
    np.testing.assert_allclose(got["se_hessian"], exp["se_hessian"], rtol=1e-3)
    tests = pd.read_csv(tmp_path / "agent_vs_private.csv")
    tests_exp = pd.read_csv(PAPER / "expected" / "agent_vs_private.csv")
    np.testing.assert_allclose(tests["statistic"], tests_exp["statistic"], rtol=1e-6)
    assert list(tests["preferred"]) == list(tests_exp["preferred"])
    band = pd.read_csv(tmp_path / "war_capitulation_vs_balance.csv")
    assert ((band["lower"] <= band["probability"]) & (band["probability"] <= band["upper"])).all()
    assert set(band["outcome"]) == {"war", "capit"} and len(band) == 202


def test_no_higher_likelihood_near_the_estimate(module):
    """A derivative-free optimiser (Powell) started at the estimate finds no better point."""
    war = dg.datasets.load("war1800")
    fit = dg.estimate.egame12(module.FORMULA, war, link="probit", errors="private", restarts=0)
    kern = fit._spec.kernel
    y = (war.loc[fit._spec.rows, "esc"] + war.loc[fit._spec.rows, "war"]).to_numpy()
    r = optimize.minimize(lambda t: -kern.loglik_obs(t, y).sum(), fit.params.to_numpy() + 0.05,
                          method="Powell", options={"xtol": 1e-8, "ftol": 1e-12, "maxfev": 20000})
    assert -r.fun <= fit.llf + 1e-6
    assert -r.fun == pytest.approx(fit.llf, abs=1e-4)
