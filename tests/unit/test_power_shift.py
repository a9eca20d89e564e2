"""Model `power_shift` (the worked cases, Debs-Monteiro 2014 [R])."""

import json

import numpy as np
import pytest
from scipy.optimize import brentq

import deterrence_games as dg
from deterrence_games._validation import ParameterError

M = dg.get_model("power_shift")
BASE = dict(x0=0.5, x1=0.8, p=0.5, c_D=0.1, c_R=0.1, k=0.05)


def brute_force(pi, x0=0.5, x1=0.8, p=0.5, c_D=0.1, c_R=0.1, k=0.05):
    """Double indifference solved numerically from the primitive payoffs (second method)."""
    W_D = 1 - p - c_D

    def d_gain(sigma):  # D: strike blind minus not, at the Bayes posterior after no detection
        mu = sigma * (1 - pi) / (sigma * (1 - pi) + 1 - sigma)
        return W_D - (mu * (1 - x1) + (1 - mu) * (1 - x0))

    def r_gain(a):  # R: militarise minus not, given blind-strike rate a
        mil = pi * (p - c_R) + (1 - pi) * (a * (p - c_R) + (1 - a) * x1) - k
        return mil - (a * (p - c_R) + (1 - a) * x0)

    if r_gain(0.0) <= 0:
        return 0.0, 0.0
    a = brentq(r_gain, 0.0, 1.0, xtol=1e-15)
    sigma = brentq(d_gain, 1e-15, 1 - 1e-15, xtol=1e-15) if pi < 1 else 0.0
    return sigma, a


def war_of(sigma, a, pi):
    return sigma * (pi + (1 - pi) * a) + (1 - sigma) * a


@pytest.mark.parametrize("pi,war", [(0.0, 0.833), (0.3, 0.757), (0.5, 0.625), (0.6, 0.444), (0.8, 0.0)])
def test_worked_table(pi, war):
    e = M.solve(**BASE, pi_detect=pi)[0]
    assert e.escalation_probability == pytest.approx(war, abs=5e-4)
    assert sum(e.outcomes.values()) == pytest.approx(1.0)
    sigma, a = brute_force(pi)
    assert e.strategies["sigma"] == pytest.approx(sigma, abs=1e-10)
    assert e.strategies["a"] == pytest.approx(a, abs=1e-10)
    assert war_of(sigma, a, pi) == pytest.approx(e.escalation_probability, abs=1e-10)


def test_worked_details_at_half():
    e = M.solve(**BASE, pi_detect=0.5)[0]
    assert e.strategies["sigma"] == pytest.approx(0.5) and e.strategies["a"] == pytest.approx(0.5)
    assert e.quantities["share_strikes_not_militarizing"] == pytest.approx(0.40)
    assert e.quantities["mu_star"] == pytest.approx(1 / 3)
    assert e.quantities["pi_bar"] == pytest.approx(0.625)
    e0 = M.solve(**BASE, pi_detect=0.0)[0]
    assert e0.strategies["sigma"] == pytest.approx(1 / 3, abs=5e-4)
    assert e0.strategies["a"] == pytest.approx(0.833, abs=5e-4)


def test_effectiveness_raises_share_on_non_militarizers_claim_iii():
    lo = M.solve(**{**BASE, "c_D": 0.05}, pi_detect=0.5)[0]
    hi = M.solve(**BASE, pi_detect=0.5)[0]
    assert lo.escalation_probability == pytest.approx(0.571, abs=5e-4)
    assert lo.quantities["share_strikes_not_militarizing"] == pytest.approx(0.625)
    assert lo.quantities["share_strikes_not_militarizing"] > hi.quantities["share_strikes_not_militarizing"]
    assert lo.strategies["a"] == pytest.approx(hi.strategies["a"])  # a is unchanged


def test_transparency_monotone_then_jump_to_peace():
    pis = np.linspace(0, 1, 401)
    a = M.evaluate(**BASE, pi_detect=pis)
    war = a.outcomes["strike_militarizing"][:, 0] + a.outcomes["strike_not_militarizing"][:, 0]
    below = pis < 0.625 - 1e-12
    assert np.all(np.diff(war[below]) < 0)
    assert np.all(war[~below] == 0.0)
    # the jump: the limit from below is 0.357 (only detected militarisers are struck)
    left = M.solve(**BASE, pi_detect=0.625 - 1e-9)[0]
    assert left.escalation_probability == pytest.approx(0.357, abs=5e-4)
    assert M.solve(**BASE, pi_detect=0.625)[0].label == "peace"  # tie goes to peace
    assert M.solve(**BASE, pi_detect=1.0)[0].escalation_probability == 0.0  # claim (i)


def test_vectorized_matches_scalar_and_brute_force():
    rng = np.random.default_rng(5)
    for _ in range(20):
        pi = rng.uniform(0, 1)
        c_D = rng.uniform(0.02, 0.25)
        kk = rng.uniform(0.01, 0.2)
        e = M.solve(**{**BASE, "c_D": c_D, "k": kk}, pi_detect=pi)[0]
        s, a = brute_force(pi, c_D=c_D, k=kk)
        assert e.escalation_probability == pytest.approx(war_of(s, a, pi), abs=1e-9)
        arr = M.evaluate(**{**BASE, "c_D": c_D, "k": kk}, pi_detect=[pi])
        assert arr.outcomes["strike_not_militarizing"][0, 0] == pytest.approx(e.outcomes["strike_not_militarizing"])


def test_equilibrium_has_no_profitable_deviation():
    for pi in (0.0, 0.2, 0.5, 0.6):
        e = M.solve(**BASE, pi_detect=pi)[0]
        s, a = e.strategies["sigma"], e.strategies["a"]
        mu = s * (1 - pi) / (s * (1 - pi) + 1 - s)
        strike, wait = 1 - 0.5 - 0.1, mu * 0.2 + (1 - mu) * 0.5
        assert strike == pytest.approx(wait, abs=1e-12)  # D indifferent, so mixing is optimal
        mil = pi * 0.4 + (1 - pi) * (a * 0.4 + (1 - a) * 0.8) - 0.05
        assert mil == pytest.approx(a * 0.4 + (1 - a) * 0.5, abs=1e-12)  # R indifferent


def test_monte_carlo_outcomes():
    pi = 0.3
    e = M.solve(**BASE, pi_detect=pi)[0]
    s, a = e.strategies["sigma"], e.strategies["a"]
    rng = np.random.default_rng(2024)
    n = 200_000
    mil = rng.random(n) < s
    detected = mil & (rng.random(n) < pi)
    blind = ~detected & (rng.random(n) < a)
    strike = detected | blind
    assert np.mean(strike & mil) == pytest.approx(e.outcomes["strike_militarizing"], abs=4e-3)
    assert np.mean(strike & ~mil) == pytest.approx(e.outcomes["strike_not_militarizing"], abs=4e-3)
    assert np.mean(~strike & mil) == pytest.approx(e.outcomes["power_shift"], abs=4e-3)


def test_bad_input():
    with pytest.raises(ParameterError, match="`pi_detect`"):
        M.solve(pi_detect=1.2)
    with pytest.raises(ParameterError, match="`x1`"):
        M.solve(x1=0.55)  # x1 <= p + c_D: the shift would be tolerable
    with pytest.raises(ParameterError, match="`x0`"):
        M.solve(x0=0.7, x1=0.9)  # x0 > p + c_D
    with pytest.raises(ParameterError, match="`x0`"):
        M.solve(x0=0.35)  # x0 <= p - c_R (an assumption of the model)
    with pytest.raises(ParameterError, match="`k`"):
        M.solve(k=0.0)
    with pytest.raises(ParameterError, match="`x0`"):
        M.evaluate(x0=[0.5, 0.35])


def test_cli(cli):
    out = cli("solve", "power_shift", "--set", "pi_detect=0.5", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["equilibria"][0]["escalation_probability"] == pytest.approx(0.625)
    bad = cli("solve", "power_shift", "--set", "x0=0.3")
    assert bad.returncode == 2 and "`x0`" in bad.stderr


# ---- issue 17: the continuum at x0 = p + c_D ---------------------------------------------------
def test_continuum_at_x0_equal_p_plus_c_D_brute_force():
    """Brute force over D's blind-strike probability a (10,001 values) with sigma = 0 (R never
    militarises): from the primitive payoffs, D after no detection (posterior 0) compares
    1 - x0 with W_D = 1 - p - c_D, and R compares militarising with not. At x0 = p + c_D every
    a >= a_min = 1 - k/G(pi) is an equilibrium; the model reports both ends."""
    from deterrence_games import get_model

    m = get_model("power_shift")
    par = dict(x0=0.55, x1=0.8, p=0.5, c_D=0.05, c_R=0.1, k=0.05, pi_detect=0.2)
    a = np.linspace(0.0, 1.0, 10001)
    x0, x1, p, c_D, c_R, k, pi = (par[n] for n in ("x0", "x1", "p", "c_D", "c_R", "k", "pi_detect"))
    d_indifferent = abs((1 - x0) - (1 - p - c_D)) < 1e-12
    militarise = pi * (p - c_R - k) + (1 - pi) * (a * (p - c_R - k) + (1 - a) * (x1 - k))
    stay = a * (p - c_R) + (1 - a) * x0
    eq_a = a[(militarise <= stay + 1e-12) & d_indifferent]
    sol = m.solve(**par)
    assert [e.label for e in sol] == ["mixed", "continuum end (blind strike certain)"]
    assert all(e.flags["continuum"] for e in sol)
    assert sol[0].strategies["a"] == pytest.approx(eq_a.min(), abs=1e-4)
    assert eq_a.max() == 1.0 and sol[1].escalation_probability == 1.0
    assert sol.escalation_range == pytest.approx((eq_a.min(), 1.0), abs=1e-4)
    # just inside the domain the equilibrium is unique again
    assert len(m.solve(**{**par, "x0": 0.55 - 1e-6})) == 1
    r = m.evaluate(**{k_: [v, v] for k_, v in par.items()})
    assert r.valid.all() and r.labels[0, 1] == sol[1].label
