"""trust_building: the worked cases (K1, K3) against closed forms, exact recursion and Monte Carlo."""

import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games import ParameterError
from deterrence_games.models.trust_building import (
    first_passage_within,
    simulate_trust,
    steps_to_trust,
)


@pytest.mark.parametrize("pi,c,t,pistar,coop,pconf,uC,uD", [
    (0.8, 1, 0.5, 2 / 3, True, 0.36, 0.6, 0.4),
    (0.6, 1, 0.5, 2 / 3, False, 1.0, 0.2, 0.3),
    (0.6, 0.5, 0.5, 0.5, True, 0.64, 0.4, 0.3),
])
def test_k1_rows(pi, c, t, pistar, coop, pconf, uC, uD):
    sol = dg.get_model("trust_building").solve(pi0=pi, c=c, t_T=t, horizon=0)
    assert len(sol) == 2  # the all-D equilibrium is always reported
    tb, alld = sol[0], sol[1]
    assert tb.quantities["pi_star"] == pytest.approx(pistar)
    assert tb.escalation_probability == pytest.approx(pconf)
    assert alld.escalation_probability == 1.0 and alld.flags["all_defect"]
    # the check column: a trustworthy type's payoff from C and D given trust pi
    assert pi * 1 + (1 - pi) * (-c) == pytest.approx(uC)
    assert pi * t == pytest.approx(uD)
    assert (uC >= uD) == coop == (tb.quantities["m_star"] == 0)


K3 = [(0.6, 4, 20.0, 0.1975), (0.7, 2, 5.0, 0.1837), (0.8, 2, 3.333, 0.0625), (0.9, 1, 1.25, 0.1111)]


@pytest.mark.parametrize("lam,m,rounds,misplaced", K3)
def test_k3_rows_closed_form(lam, m, rounds, misplaced):
    e = dg.get_model("trust_building").solve(rho=lam, pi0=0.3, c=1, t_T=0.5)[0]
    assert e.quantities["m_star"] == m
    assert e.quantities["expected_rounds_to_trust"] == pytest.approx(rounds, abs=5e-4)
    assert e.quantities["p_misplaced_trust"] == pytest.approx(misplaced, abs=5e-5)


@pytest.mark.parametrize("lam,m,rounds,misplaced", K3)
def test_k3_monte_carlo(lam, m, rounds, misplaced):
    sim = simulate_trust(lam, 0.3, 2 / 3, n=50_000, seed=2026)
    assert abs(sim.mean_rounds_trustworthy - m / (2 * lam - 1)) < 4 * sim.se_rounds_trustworthy
    exact = ((1 - lam) / lam) ** m
    assert abs(sim.p_misplaced_trust - exact) < 4 * sim.se_misplaced_trust


def test_finite_horizon_recursion_converges_to_gamblers_ruin_and_matches_brute_force():
    lam = np.array([0.6, 0.7, 0.9])
    m = np.array([4, 2, 1])
    long = first_passage_within(m, 1 - lam, 3000)
    assert long == pytest.approx(((1 - lam) / lam) ** m, abs=1e-10)
    assert first_passage_within(m, lam, 3000) == pytest.approx(1.0, abs=1e-10)
    # brute force: enumerate every +-1 path of length H
    import itertools
    for mm, up, H in [(2, 0.7, 6), (3, 0.4, 7), (1, 0.55, 5)]:
        tot = 0.0
        for path in itertools.product((1, -1), repeat=H):
            pos, hit = 0, False
            for s in path:
                pos += s
                if pos >= mm:
                    hit = True
                    break
            if hit:
                k = sum(1 for s in path if s == 1)
                tot += up**k * (1 - up) ** (H - k)
        assert first_passage_within(mm, up, H)[0] == pytest.approx(tot, abs=1e-12)


def test_conflict_over_horizon_falls_with_accuracy_and_horizon():
    m = dg.get_model("trust_building")
    lams = np.linspace(0.55, 0.95, 9)
    conf = [m.solve(rho=float(x), horizon=20)[0].quantities["prob_conflict"] for x in lams]
    assert np.all(np.diff(conf) <= 1e-12)
    conf_h = [m.solve(horizon=h)[0].escalation_probability for h in (0, 2, 5, 20, 200)]
    assert np.all(np.diff(conf_h) <= 1e-12)
    # with no contact the trust-building equilibrium is the all-D outcome when pi0 < pi*
    assert conf_h[0] == 1.0


def test_outcomes_identity():
    e = dg.get_model("trust_building").solve(pi0=0.4, rho=0.75, horizon=30)[0]
    q = e.quantities
    assert e.outcomes["cooperation"] == pytest.approx(0.16 * q["p_trust_within_horizon"] ** 2)
    assert e.outcomes["exploitation"] == pytest.approx(2 * 0.4 * 0.6 * q["p_misplaced_within_horizon"])


def test_steps_tie_tolerance():
    # logit distance exactly 2 steps: no spurious third step from floating error
    lam = 0.7
    L = np.log(lam / (1 - lam))
    pi0 = 1 / (1 + np.exp(2 * L))  # logit pi0 = -2L, target logit 0
    assert steps_to_trust(pi0, 0.5, lam) == 2


def test_bad_input():
    m = dg.get_model("trust_building")
    with pytest.raises(ParameterError, match="`rho`"):
        m.solve(rho=0.5)
    with pytest.raises(ParameterError, match="`t_T`"):
        m.solve(t_T=1.0)
    with pytest.raises(ParameterError, match="`horizon`"):
        m.solve(horizon=-1)
    with pytest.raises(ParameterError, match="`lam`"):
        simulate_trust(0.4, 0.3, 0.6)
    with pytest.raises(ParameterError, match="`n`"):
        simulate_trust(0.7, 0.3, 0.6, n=10**7)


def test_cli(cli, tmp_path):
    out = tmp_path / "t.csv"
    r = cli("sweep", "trust_building", "--grid", "rho=0.6:0.9:4", "--out", str(out))
    assert r.returncode == 0, r.stderr
    import pandas as pd

    df = pd.read_csv(out)
    assert len(df) == 8 and set(df["label"]) == {"trust-building", "all-defect"}
