"""public_information: the symbolic form's proved welfare sign, and the regime-change roots.

The generic checks (symbolic == numeric in every regime, statics vs finite differences) are
in ``test_symbolic_models.py``; here: what is specific to Morris & Shin.
"""

import math

import numpy as np
import pytest
import sympy as sp
from scipy.stats import norm

import deterrence_games as dg
from deterrence_games.models._symbolic import derivative, prove_sign, symbolic_form
from deterrence_games.models.public_information import (
    regime_change_roots_z,
    regime_change_thresholds,
    welfare_derivative_alpha,
)

M = dg.get_model("public_information")


@pytest.mark.parametrize("regime, sign", [("bc:public_info_helps", "positive"),
                                          ("bc:public_info_harms", "negative")])
def test_welfare_sign_in_alpha_is_proved(regime, sign):
    """MS 2002: dE[W]/d alpha > 0 iff alpha > beta(1-r)(2r-1), proved from the regime's condition."""
    form = symbolic_form("public_information")
    r = next(x for x in form.regimes if x.name == regime)
    eq = r.equilibria[0]
    d = sp.simplify(derivative(form, eq["expected_welfare"], form.symbols["alpha"]))
    assert sp.simplify(d - eq["dW_dalpha"]) == 0  # the paper's derivative is the derivative of E[W]
    got, why = prove_sign(d, tuple(form.facts) + tuple(r.conditions))
    assert got == sign, why
    # and it is the closed form the model reports, at points of the regime
    pts = form.sample(r, 200, 3)
    (vals,) = form.evaluate(r, "dW_dalpha", pts).T
    np.testing.assert_allclose(vals, welfare_derivative_alpha(pts["alpha"], pts["beta"], pts["r"]), rtol=1e-12)
    assert (vals > 0).all() if sign == "positive" else (vals < 0).all()


def test_public_info_harms_needs_r_above_half():
    form = symbolic_form("public_information")
    r = next(x for x in form.regimes if x.name == "bc:public_info_harms")
    assert (form.sample(r, 200, 4)["r"] > 0.5).all()


def test_regression_roots_outside_the_old_theta_grid():
    """Regression: theta* < 1e-12 (a strong public signal y) used to give no equilibrium at all,
    because the roots were searched on the theta grid [1e-12, 1 - 1e-12]."""
    for y, expect_low in ((10.0, True), (-9.0, False)):
        sol = M.solve(variant="regime_change", alpha=1.0, beta=1.0, y=y, c=0.5)
        assert len(sol) == 1
        th = sol[0].quantities["theta_star"]
        assert (th < 1e-12) if expect_low else (th > 1 - 1e-12)
        # independent check: z = Phi^{-1}(theta*) solves z = k(Phi(z) - y) - s Phi^{-1}(c), k = s = ...
        z = (sol[0].quantities["x_star"] - th) * math.sqrt(1.0)
        assert abs(z - (norm.cdf(z) - y) + math.sqrt(2.0) * norm.ppf(0.5)) < 1e-10
        assert sol[0].certificate["residual"] < 1e-10
        assert sol[0].escalation_probability == pytest.approx(float(norm.cdf(th - y)), abs=1e-15)


def test_vectorized_roots_match_scalar_grid_and_brent():
    """Second method: branch bisection (vectorized) vs grid bracketing + Brent (scalar)."""
    rng = np.random.default_rng(8)
    n = 150
    a, b = rng.uniform(0.1, 40, n), rng.uniform(1, 100, n)
    y, c = rng.uniform(-1, 2, n), rng.uniform(0.01, 0.99, n)
    sol = M.evaluate(variant=np.full(n, "regime_change", dtype=object), alpha=a, beta=b, y=y, c=c)
    z, ok = regime_change_roots_z(y, c, a, b)
    assert (ok == sol.valid).all() and (ok.sum(axis=1) % 2 == 1).all()  # 1 or 3 roots
    for i in range(n):
        th = regime_change_thresholds(y[i], c[i], a[i], b[i])
        np.testing.assert_allclose(sol.quantities["theta_star"][i][sol.valid[i]], th, atol=1e-12)
        scalar = M.solve(variant="regime_change", alpha=a[i], beta=b[i], y=y[i], c=c[i])
        np.testing.assert_allclose(sol.outcomes["regime_change"][i][sol.valid[i]],
                                   [e.escalation_probability for e in scalar], atol=1e-12)
    three = ok.sum(axis=1) == 3
    assert three.any() and (~three).any()
    assert not three[a / np.sqrt(b) <= math.sqrt(2 * math.pi)].any()  # uniqueness condition


def test_worked_three_roots_vectorized():
    sol = M.evaluate(variant="regime_change", alpha=30.0, beta=100.0, y=0.5, c=0.5)
    np.testing.assert_allclose(sol.quantities["theta_star"][0], [0.1402, 0.5, 0.8598], atol=5e-5)
    assert sol.flags["most_peaceful"][0].tolist() == [True, False, False]
    assert sol.flags["most_aggressive"][0].tolist() == [False, False, True]
