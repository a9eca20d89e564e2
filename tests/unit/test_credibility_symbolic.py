"""credibility: what the symbolic form reveals, checked against the numeric model (Brent)."""

import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games.models._symbolic import statics, symbolic_form

M = dg.get_model("credibility")


@pytest.mark.parametrize("pi", [0.05, 0.2, 0.249, 0.26, 0.4, 0.5, 0.6, 0.75, 0.9, 0.99])
@pytest.mark.parametrize("I", [0.3, 1.0, 2.0, 5.0, 40.0])
def test_total_deception_is_one_minus_pi_above_a_quarter(pi, I):
    """Hand derivation (docstring of Credibility.symbolic): Pr(deception) = 1 - pi for pi >= 1/4
    in every regime (corners and interior), 3/4 below; checked on the scalar (Brent) path."""
    e = M.solve(pi=pi, I=I)[0]
    expect = 1 - pi if pi >= 0.25 else 0.75
    assert e.escalation_probability == pytest.approx(expect, abs=1e-10)


def test_interior_root_solves_the_cubic():
    rng = np.random.default_rng(2)
    pi, I = rng.uniform(0.25, 1.0, 500), rng.uniform(0.01, 20, 500)
    sol = M.evaluate(pi=pi, I=I)
    P = sol.quantities["prob_report_true_t1"][:, 0]
    interior = sol.labels[:, 0] == "mixed"
    assert interior.any()
    res = (2 * P - 1 + I / 4) * P**2 - I * pi**2
    assert np.abs(res[interior]).max() < 1e-12


def test_sign_in_pi_is_proved():
    res = statics("credibility", "pi")
    signs = {r["regime"]: (r["sign"], r["method"]) for r in res.rows}
    assert signs["mixed_high"] == signs["mixed_mid"] == signs["honest_corner"] == ("negative", "proved")
    assert signs["mixed_low"] == ("zero", "proved")
    assert len(symbolic_form("credibility").regimes) == 8
