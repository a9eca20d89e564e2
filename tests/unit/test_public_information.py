"""public_information: the worked cases (MS 2002) and the worked cases (regime change)."""

import math

import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games import ParameterError
from deterrence_games.models.public_information import (
    expected_welfare,
    regime_change_residual,
    welfare_derivative_alpha,
)

M = dg.get_model("public_information")
ROWS = [(1, 1, 0.5, 0.6667, -0.55556, 0.2963), (0.1, 1, 0.75, 0.2857, -1.32653, -0.5831),
        (1, 10, 0.75, 0.2857, -0.13265, -0.00583), (2, 10, 0.75, 0.4444, -0.12963, 0.00823)]


@pytest.mark.parametrize("a,b,r,w,W,dW", ROWS)
def test_worked_rows(a, b, r, w, W, dW):
    e = M.solve(alpha=a, beta=b, r=r)[0]
    assert e.quantities["weight_public"] == pytest.approx(w, abs=5e-5)
    assert e.quantities["expected_welfare"] == pytest.approx(W, abs=5e-6)
    assert e.quantities["dW_dalpha"] == pytest.approx(dW, abs=5e-5 * max(1, abs(dW) * 10))
    assert e.flags["public_info_helps"] == (dW > 0)


def test_derivative_sign_matches_numerical_differentiation():
    rng = np.random.default_rng(3)
    a = rng.uniform(0.01, 5, 2000)
    b = rng.uniform(0.01, 20, 2000)
    r = rng.uniform(0.01, 0.99, 2000)
    h = 1e-6 * a
    num = (expected_welfare(a + h, b, r) - expected_welfare(a - h, b, r)) / (2 * h)
    cf = welfare_derivative_alpha(a, b, r)
    assert np.allclose(num, cf, rtol=1e-5, atol=1e-9)
    clear = np.abs(cf) > 1e-6
    assert (np.sign(num[clear]) == np.sign(cf[clear])).all()
    # the sign rule alpha > beta(1-r)(2r-1) and correction: for r <= 1/2 public info always helps
    assert ((cf > 0) == (a > b * (1 - r) * (2 * r - 1)))[clear].all()
    assert (cf[r <= 0.5] > 0).all()


@pytest.mark.parametrize("a,b,r", [(1, 1, 0.5), (0.1, 1, 0.75), (2, 10, 0.75)])
def test_welfare_monte_carlo(a, b, r):
    rng = np.random.default_rng(11)
    n = 200_000
    theta = rng.standard_normal(n)  # welfare does not depend on theta under the improper prior
    y = theta + rng.standard_normal(n) / math.sqrt(a)
    x = theta + rng.standard_normal(n) / math.sqrt(b)
    w = M.solve(alpha=a, beta=b, r=r)[0].quantities["weight_public"]
    act = w * y + (1 - w) * x
    loss = (act - theta) ** 2  # welfare normalised by (1-r): E[W] = -E[(a_i - theta)^2]
    assert abs(-loss.mean() - float(expected_welfare(a, b, r))) < 4 * loss.std() / math.sqrt(n)


def test_regime_change_worked_cases():
    s = M.solve(variant="regime_change", alpha=10, beta=100, y=0.5, c=0.5)
    assert [e.quantities["theta_star"] for e in s] == pytest.approx([0.5], abs=1e-10)
    assert s[0].flags["uniqueness_condition"]
    s = M.solve(variant="regime_change", alpha=30, beta=100, y=0.5, c=0.5)
    assert [e.quantities["theta_star"] for e in s] == pytest.approx([0.1402, 0.5, 0.8598], abs=5e-5)
    assert not s[0].flags["uniqueness_condition"]
    assert 30 / math.sqrt(100) > math.sqrt(2 * math.pi)


def test_regime_change_indifference_and_mass_by_quadrature():
    """Second method: at x*, an agent's posterior P(theta < theta*) equals c; at theta*,
    the mass of attackers equals theta*."""
    a, b, y, c = 30.0, 100.0, 0.5, 0.3
    for e in M.solve(variant="regime_change", alpha=a, beta=b, y=y, c=c):
        th, xs = e.quantities["theta_star"], e.quantities["x_star"]
        from scipy.stats import norm

        assert norm.cdf(math.sqrt(b) * (xs - th)) == pytest.approx(th, abs=1e-9)
        post_mean = (a * y + b * xs) / (a + b)
        post_sd = 1 / math.sqrt(a + b)
        assert norm.cdf((th - post_mean) / post_sd) == pytest.approx(c, abs=1e-9)
        assert abs(regime_change_residual(th, y, c, a, b)) < 1e-9


def test_regime_change_uniqueness_boundary():
    for a in np.linspace(1, 2.5 * 10, 12):
        n = len(M.solve(variant="regime_change", alpha=float(a), beta=100, y=0.5, c=0.5))
        if a / 10 <= math.sqrt(2 * math.pi):
            assert n == 1


def test_bad_input():
    with pytest.raises(ParameterError, match="`r`"):
        M.solve(r=1.0)
    with pytest.raises(ParameterError, match="`alpha`"):
        M.solve(alpha=0)
    with pytest.raises(ParameterError, match="`c`"):
        M.solve(variant="regime_change", c=1.0)


def test_cli_sweep(cli, tmp_path):
    out = tmp_path / "t.csv"
    r = cli("sweep", "public_information", "--grid", "alpha=0.1:2:5", "--set", "beta=10", "--set", "r=0.75",
            "--out", str(out))
    assert r.returncode == 0, r.stderr
    import pandas as pd

    df = pd.read_csv(out)
    assert len(df) == 5 and (np.sign(df["dW_dalpha"]) == np.sign(df["alpha"] - 10 * 0.25 * 0.5)).all()
