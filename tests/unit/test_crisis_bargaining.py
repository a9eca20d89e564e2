"""Fearon (1995) models against the worked cases and second methods."""

import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games import ParameterError
from deterrence_games.games import binary_signal

CB = dg.get_model("crisis_bargaining")
CBS = dg.get_model("crisis_bargaining_signal")


def brute_force_uniform(p, c_A, a, b, n=200_001):
    """A's optimal demand by a fine grid over demands x in [p - c_A, 1]: the second method."""
    x = np.linspace(max(p + a - 0.2, 0.0), 1.0, n)
    F = np.clip((x - p - a) / (b - a), 0, 1)
    eu = x * (1 - F) + (p - c_A) * F
    i = np.argmax(eu)
    return x[i], F[i], eu[i]


@pytest.mark.parametrize(
    "p,c_A,a,b,x_star,war",
    [(0.5, 0.1, 0.0, 0.4, 0.65, 0.375),  # case 1a
     (0.5, 0.1, 0.1, 0.3, 0.60, 0.0),  # case 1b (boundary b = 2a + c_A)
     (0.4, 0.0, 0.0, 0.5, 0.65, 0.5)],  # case 1c (limit case c_A = 0)
)
def test_uniform_worked_cases(p, c_A, a, b, x_star, war):
    e = CB.solve(p=p, c_A=c_A, c_B_low=a, c_B_high=b)[0]
    assert e.quantities["demand"] == pytest.approx(x_star, abs=1e-12)
    assert e.escalation_probability == pytest.approx(war, abs=1e-12)
    xb, Fb, eub = brute_force_uniform(p, c_A, a, b)
    assert xb == pytest.approx(x_star, abs=1e-5)
    assert Fb == pytest.approx(war, abs=1e-4)
    assert eub == pytest.approx(e.quantities["eu_A"], abs=1e-9)


def test_case_1a_expected_utility_and_monte_carlo():
    e = CB.solve(p=0.5, c_A=0.1, c_B_low=0.0, c_B_high=0.4)[0]
    assert e.quantities["eu_A"] == pytest.approx(0.55625, abs=1e-12)
    rng = np.random.default_rng(7)
    c_B = rng.uniform(0, 0.4, 200_000)
    war = (c_B < e.quantities["demand"] - 0.5).mean()
    assert abs(war - 0.375) < 3 * np.sqrt(0.375 * 0.625 / c_B.size)
    eu_B = np.where(c_B < e.quantities["demand"] - 0.5, 1 - 0.5 - c_B, 1 - e.quantities["demand"]).mean()
    assert eu_B == pytest.approx(e.quantities["eu_B"], abs=3e-3)


@pytest.mark.parametrize("w,war", [(0.1, 0.0), (0.2, 0.125), (0.3, 1 / 3), (0.4, 0.4375)])
def test_case_1d_width_form(w, war):
    m, c_A = 0.2, 0.05
    sol = CB.solve(p=0.5, c_A=c_A, c_B_low=m - w / 2, c_B_high=m + w / 2)
    assert sol.escalation_probability == pytest.approx(war, abs=1e-12)
    assert sol.escalation_probability == pytest.approx(max(0.0, 0.75 - (m + c_A) / (2 * w)), abs=1e-12)


def test_width_monotone_and_bounded_by_half():
    widths = np.linspace(0.01, 0.4, 60)
    t = dg.sweep(CB, {"c_B_high": 0.2 + widths / 2}, fixed={"c_B_low": 0.0, "c_A": 0.05})
    assert (np.diff(t["escalation_probability"].to_numpy()) >= -1e-15).all()
    assert (t["escalation_probability"] <= 0.5).all()


def test_demand_capped_at_one():
    e = CB.solve(p=0.9, c_A=0.0, c_B_low=0.0, c_B_high=0.5)[0]
    assert e.quantities["demand"] == 1.0 and e.flags["demand_capped"]
    assert e.escalation_probability == pytest.approx(0.1 / 0.5)  # F(1 - p)


@pytest.mark.parametrize(
    "pi,rho,war",
    [(0.6, 0.5, 0.0), (0.6, 0.53, 0.282), (0.6, 0.75, 0.15), (0.6, 0.9, 0.06), (0.6, 1.0, 0.0),
     (0.3, 0.5, 0.30), (0.3, 0.75, 0.30), (0.3, 0.9, 0.03), (0.3, 1.0, 0.0)],
)
def test_signal_worked_cases_1e_1f(pi, rho, war):
    assert CBS.solve(pi=pi, rho=rho).escalation_probability == pytest.approx(war, abs=1e-12)


def brute_force_plan(pi, rho, c_L, c_H, c_A, p):
    """Second method: maximise A's ex-ante payoff over the 4 pure plans (demand per signal)."""
    best = None
    for d_t in (p + c_L, p + c_H):
        for d_s in (p + c_L, p + c_H):
            eu = war = 0.0
            for tough, prob in ((True, pi), (False, 1 - pi)):
                for looks_tough, ps in ((True, rho if tough else 1 - rho), (False, 1 - rho if tough else rho)):
                    d = d_t if looks_tough else d_s
                    cost = c_L if tough else c_H
                    fights = (1 - p - cost) - (1 - d) > 1e-12  # B fights iff war is strictly better (ties: accept)
                    eu += prob * ps * ((p - c_A) if fights else d)
                    war += prob * ps * fights
            # ties go to the safe plan: prefer more safe demands at equal payoff
            key = (round(eu, 12), (d_t == p + c_L) + (d_s == p + c_L))
            if best is None or key > best[0]:
                best = (key, war)
    return best[1]


def test_signal_model_against_brute_force_plan_on_grid():
    rng = np.random.default_rng(1)
    for _ in range(400):
        pi, rho = rng.uniform(0, 1), rng.uniform(0.5, 1)
        c_L = rng.uniform(0, 0.2)
        c_H = c_L + rng.uniform(0.01, 0.3)
        c_A = rng.uniform(0, 0.3)
        p = rng.uniform(0, 1 - c_H)
        sol = CBS.solve(pi=pi, rho=rho, c_L=c_L, c_H=c_H, c_A=c_A, p=p)
        assert sol.escalation_probability == pytest.approx(brute_force_plan(pi, rho, c_L, c_H, c_A, p), abs=1e-12)


def test_signal_properties_non_monotone_in_rho():
    c = dict(c_L=0.05, c_H=0.25, c_A=0.1)
    pi_star = CBS.pi_star(**c)
    for pi in (0.3, 0.6, 0.8):
        assert CBS.solve(pi=pi, rho=1.0, **c).escalation_probability == 0.0
        assert CBS.solve(pi=pi, rho=0.5, **c).escalation_probability == pytest.approx(pi * (pi < pi_star))
    t = dg.sweep(CBS, {"rho": np.linspace(0.5, 1, 201)}, fixed={"pi": 0.6, **c})
    w = t["escalation_probability"].to_numpy()
    assert w[0] == 0 and w[-1] == 0 and w.max() > 0.25  # rises from 0 then falls back: non-monotone


def test_minimal_disclosure_design():
    d = CBS.minimal_disclosure(pi=0.3)
    assert d["q"] == pytest.approx(0.3214, abs=5e-5)
    assert d["posterior_pooled"] == pytest.approx(d["pi_star"], abs=1e-12)  # the knife-edge
    assert d["war_probability"] == 0.0
    assert CBS.experiment_war(d["experiment"], pi=0.3) == 0.0
    # a slightly less disclosing experiment (more pooling) breaks peace: the tie decides
    q = d["q"] * 1.001
    exp = dg.InformationStructure([[1, 0], [q, 1 - q]])
    assert CBS.experiment_war(exp, pi=0.3) == pytest.approx(0.3)


def test_experiment_war_matches_solve_for_binary_signals():
    for rho in (0.5, 0.6, 0.75, 0.95):
        for pi in (0.2, 0.6):
            exp = binary_signal(rho, states=("tough", "soft"))
            assert CBS.experiment_war(exp, pi=pi, rho=rho) == pytest.approx(
                CBS.solve(pi=pi, rho=rho).escalation_probability, abs=1e-12)


def test_knife_edge_is_reported():
    # prior exactly pi* with an uninformative signal: A indifferent; the safe demand is reported
    pi_star = float(CBS.pi_star(0.05, 0.25, 0.1))
    sol = CBS.solve(pi=pi_star, rho=0.5)
    assert sol[0].flags["knife_edge"] and sol.escalation_probability == 0.0
    assert any("knife-edge" in w for w in sol.warnings)
    assert CBS.solve(pi=pi_star - 1e-9, rho=0.5).escalation_probability == pytest.approx(pi_star - 1e-9)
    assert CBS.solve(pi=pi_star + 1e-9, rho=0.5).escalation_probability == 0.0


@pytest.mark.parametrize("model", [CB, CBS])
def test_vectorized_equals_scalar(model):
    rng = np.random.default_rng(3)
    if model is CB:
        grid = {"c_B_high": rng.uniform(0.3, 0.6, 7), "c_A": rng.uniform(0, 0.3, 5), "p": rng.uniform(0.2, 0.9, 4)}
        fixed = {"c_B_low": 0.1}
    else:
        grid = {"rho": rng.uniform(0, 1, 9), "pi": rng.uniform(0, 1, 9), "c_A": rng.uniform(0, 0.3, 3)}
        fixed = {}
    a = dg.sweep(model, grid, fixed=fixed)
    b = dg.sweep(model, grid, fixed=fixed, vectorized=False)
    assert a.equals(b)


def test_bad_parameters():
    with pytest.raises(ParameterError, match="`c_B_high` must satisfy c_B_high > c_B_low"):
        CB.solve(c_B_low=0.5, c_B_high=0.4)
    with pytest.raises(ParameterError, match="`rho`"):
        CBS.solve(rho=1.5)
    with pytest.raises(ParameterError, match="`c_H`"):
        CBS.solve(c_L=0.3, c_H=0.2)
    with pytest.raises(ParameterError, match="no parameter 'rh0'"):
        CBS.solve(rh0=0.7)
    with pytest.raises(ParameterError, match="`pi`"):
        CBS.solve(pi=float("nan"))
