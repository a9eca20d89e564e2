"""trust_building's symbolic form: quantities the generic test cannot compare (inf in all-defect),
regime coverage, long horizons, and the reflection-principle formula against the hitting-time sum."""

import math

import numpy as np
import sympy as sp

from deterrence_games.models import get_model
from deterrence_games.models._symbolic import ESCALATION, symbolic_form
from deterrence_games.models.trust_building import first_passage_within
from deterrence_games.solvers.symbolic import lambdify_vectorized


def test_wald_rounds_and_regime_coverage():
    form = symbolic_form("trust_building")
    model = get_model("trust_building")
    rng = np.random.default_rng(3)
    for r in form.regimes:
        pts = form.sample(r, 50, rng)
        expr = r.equilibria[0]["expected_rounds_to_trust"]  # trust-building only (all-defect: inf)
        (sym,) = lambdify_vectorized(form.piecewise.all_symbols, [expr])(form.complete(pts))
        sym = np.broadcast_to(np.asarray(sym, float), (50,))
        num = model.evaluate(**pts).quantities["expected_rounds_to_trust"][:, 0]
        np.testing.assert_allclose(sym, num, rtol=1e-12, atol=1e-12)
    # the three regimes partition the domain: exactly one holds at random points of the whole domain
    n = 5000
    for H_max in (5000, 10):  # the whole integer domain; short horizons (where m* = H is frequent)
        vals = {"pi0": rng.uniform(0, 1, n), "c": rng.uniform(0, 3, n), "t_T": rng.uniform(-2, 1, n),
                "rho": rng.uniform(0.5, 1, n), "horizon": rng.integers(0, H_max + 1, n).astype(float)}
        masks = form.piecewise.regime_masks(form.complete(vals))
        assert (masks.sum(axis=0) == 1).all()
    assert masks.any(axis=1).all()


def test_every_horizon_up_to_5000():
    """The same expressions hold for long horizons (the generic test samples H <= 200)."""
    form = symbolic_form("trust_building")
    model = get_model("trust_building")
    rng = np.random.default_rng(11)
    r = form.piecewise["1<=m*<H"]
    n = 8
    pts = {"pi0": rng.uniform(0.01, 0.3, n), "c": rng.uniform(0.5, 2, n), "t_T": rng.uniform(-1, 0.5, n),
           "rho": rng.uniform(0.5005, 0.52, n), "horizon": np.array([300, 700, 1500, 2500, 3500, 4200, 4800, 5000.])}
    full = form.complete(pts)
    assert (full["m_star"] >= 1).all() and (full["m_star"] < pts["horizon"]).all()
    assert full["m_star"].max() > 100  # long walks, not just short ones
    num = model.evaluate(**pts)
    for key in ("p_trust_within_horizon", "p_misplaced_within_horizon"):
        np.testing.assert_allclose(form.evaluate(r, key, pts)[:, 0], num.quantities[key][:, 0], rtol=0, atol=1e-9)
    esc = sum(num.outcomes[o] for o in model.escalatory)[:, 0]
    np.testing.assert_allclose(form.evaluate(r, ESCALATION, pts)[:, 0], esc, rtol=0, atol=1e-9)
    assert (esc < 1 - 1e-3).any() and (esc > 1e-3).all()  # not a trivial 0/1 comparison


def test_reflection_principle_equals_hitting_time_sum():
    """r_H(u) (binomial tails) = sum_t (m/t) C(t, (t+m)/2) u^((t+m)/2) (1-u)^((t-m)/2), exactly for small H."""
    form = symbolic_form("trust_building")
    lam, H = form.symbols["rho"], form.symbols["horizon"]
    (m,) = form.steps
    for Hv in range(1, 12):
        for mv in range(1, Hv + 1):
            r = form.piecewise["1<=m*<H" if mv < Hv else "m*=H"]
            f = lambdify_vectorized((lam, H, m), [r.equilibria[0]["p_trust_within_horizon"]])
            u = np.array([0.51, 0.6, 0.75, 0.9, 0.99])
            ref = sum(mv / t * math.comb(t, (t + mv) // 2) * u ** ((t + mv) // 2) * (1 - u) ** ((t - mv) // 2)
                      for t in range(mv, Hv + 1, 2))
            (got,) = f({"rho": u, "horizon": Hv, "m_star": mv})
            np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-14)
            np.testing.assert_allclose(got, first_passage_within(mv, u, Hv), rtol=1e-12, atol=1e-14)
    # the derivative in lam is a closed form (no unevaluated Derivative of a step symbol)
    d = sp.diff(form.piecewise["1<=m*<H"].equilibria[0][ESCALATION], lam)
    assert not d.has(sp.Derivative)
