"""transparency_exposure: the worked cases, a brute-force TIOLI search, ties, arrays."""

import numpy as np
import pytest

from deterrence_games import ParameterError, get_model

MODEL = get_model("transparency_exposure")
LEAK = dict(p_H=0.7, p_H_prime=0.55, p_L=0.3, c_S=0.1, c_R=0.1)


# ---- the worked cases ---------------------------------------------------------------------
@pytest.mark.parametrize(("pi", "tau", "war"), [
    (0.8, 0.0, 0.0), (0.8, 0.5, 0.0), (0.8, 0.8, 0.16), (0.8, 1.0, 0.0),
    (0.5, 0.0, 0.5), (0.5, 1.0, 0.0),
])
def test_worked_7a(pi, tau, war):
    sol = MODEL.solve(pi=pi, tau=tau, **LEAK)
    assert len(sol) == 1
    assert sol.escalation_probability == pytest.approx(war, abs=1e-12)
    assert sol[0].quantities["pi_star"] == pytest.approx(2 / 3)
    assert sum(sol[0].outcomes.values()) == pytest.approx(1.0)


def test_pi_05_declines_monotonically():
    taus = np.linspace(0, 1, 101)
    war = [MODEL.solve(pi=0.5, tau=t, **LEAK).escalation_probability for t in taus]
    assert np.all(np.diff(war) < 0)
    np.testing.assert_allclose(war, 0.5 * (1 - taus), atol=1e-12)


def test_tau_half_is_a_tie_resolved_peacefully_and_perturbations_flip_it():
    # mu(0.5) = pi_star exactly in real arithmetic; floating point misses by an ulp
    assert MODEL.solve(pi=0.8, tau=0.5, **LEAK).escalation_probability == 0.0
    assert MODEL.solve(pi=0.8, tau=0.5 - 1e-9, **LEAK).escalation_probability == 0.0
    assert MODEL.solve(pi=0.8, tau=0.5 + 1e-9, **LEAK).escalation_probability == pytest.approx(0.8 * (1 - 0.5), abs=1e-8)
    assert MODEL.solve(pi=0.8, tau=0.5, **LEAK)[0].quantities["tau_star"] == pytest.approx(0.5)


def _brute_force_war(pi, tau, p_H, p_H_prime, p_L, c_S, c_R, n=20001):
    """R searches a grid of offers; S accepts iff offer >= p_t - c_S; ties -> less war."""
    offers = np.linspace(0.0, 1.0, n)
    # strong type's disclosure choice: compare its payoffs given R's response to each message
    mu = pi * (1 - tau) / (1 - pi * tau) if pi * tau < 1 else 0.0

    def best_offer(m):
        acc_H = offers >= p_H - c_S - 1e-12
        acc_L = offers >= p_L - c_S - 1e-12
        u_R = (m * np.where(acc_H, 1 - offers, 1 - p_H - c_R)
               + (1 - m) * np.where(acc_L, 1 - offers, 1 - p_L - c_R))
        war = m * ~acc_H + (1 - m) * ~acc_L
        best = np.flatnonzero(u_R >= u_R.max() - 1e-12)
        j = best[np.argmin(war[best])]
        return offers[j], bool(acc_H[j])

    x_pool, strong_accepts = best_offer(mu)
    conceal_payoff = x_pool if strong_accepts else p_H - c_S
    disclose_payoff = p_H_prime - c_S  # R then offers exactly the adapted war value
    if disclose_payoff >= conceal_payoff - 1e-12 and not strong_accepts:
        return 0.0  # disclosure is weakly better and avoids war: peaceful tie-break
    return pi * (1 - tau) * (0.0 if strong_accepts else 1.0)


@pytest.mark.parametrize("pi", [0.3, 0.5, 0.7, 0.8, 0.95])
@pytest.mark.parametrize("tau", [0.0, 0.2, 0.45, 0.55, 0.8, 1.0])
def test_brute_force_tioli_search_agrees(pi, tau):
    war = MODEL.solve(pi=pi, tau=tau, **LEAK).escalation_probability
    assert war == pytest.approx(_brute_force_war(pi, tau, **LEAK), abs=1e-12)


def test_costless_disclosure_unravels():
    params = dict(LEAK, p_H_prime=0.7)
    sol = MODEL.solve(pi=0.5, tau=0.3, **params)
    assert sol.escalation_probability == 0.0
    assert sol[0].strategies["strong_discloses"] is True
    assert _brute_force_war(0.5, 0.3, **params) == 0.0


# ---- the worked cases ---------------------------------------------------------------------
def test_worked_12_window():
    sol = MODEL.solve(variant="deal_window", tau=0.5, S_deal_minus_race=0.3, G=0.2, lam=0.5)
    assert sol.escalation_probability == pytest.approx(0.02)
    assert sol[0].quantities["tau_min"] == pytest.approx(0.4)
    assert sol[0].quantities["tau_max"] == pytest.approx(0.6)
    sol = MODEL.solve(variant="deal_window", tau=0.5, S_deal_minus_race=0.3, G=0.2, lam=1.0)
    assert sol.escalation_probability == pytest.approx(0.10)
    assert sol[0].quantities["tau_max"] == pytest.approx(0.3)
    assert sol[0].flags["deal_exists_for_some_tau"] is False


@pytest.mark.parametrize("tau", np.linspace(0, 1, 41))
@pytest.mark.parametrize("lam", [0.0, 0.5, 1.0])
def test_window_brute_force_over_state_choices(tau, lam):
    D, G = 0.3, 0.2
    S_race, S_deal = 0.0, D
    # the state's options: stay out (race), join and comply, join and cheat
    u_out = S_race
    u_comply = S_deal - lam * tau
    u_cheat = (1 - tau) * (S_deal + G) + tau * S_race - lam * tau
    in_force = bool(u_comply >= u_cheat - 1e-12 and u_comply >= u_out - 1e-12)
    sol = MODEL.solve(variant="deal_window", tau=tau, S_deal_minus_race=D, G=G, lam=lam)
    assert sol[0].flags["deal_in_force"] is in_force
    assert sol.escalation_probability == (0.02 if in_force else 0.10)


def test_window_ties_are_peaceful():
    for tau in (0.4, 0.6):  # both window edges
        assert MODEL.solve(variant="deal_window", tau=tau).escalation_probability == pytest.approx(0.02)


# ---- vectorized closed form ---------------------------------------------------------------
def test_solve_arrays_equals_solve():
    rng = np.random.default_rng(1)
    n = 300
    arrays = dict(
        variant=rng.choice(["leak_proxy", "deal_window"], n), tau=rng.uniform(0, 1, n),
        pi=rng.uniform(0, 1, n), p_H=rng.uniform(0.5, 1, n), p_L=rng.uniform(0, 0.45, n),
        c_S=rng.uniform(0.01, 0.3, n), c_R=rng.uniform(0.01, 0.3, n),
        S_deal_minus_race=rng.uniform(0.05, 1, n), G=rng.uniform(0.05, 1, n),
        lam=rng.uniform(0, 2, n), w_deal=rng.uniform(0, 0.1, n), w_race=rng.uniform(0.1, 0.5, n),
    )
    arrays["p_H_prime"] = arrays["p_H"] * rng.uniform(0.5, 1, n)
    arrays["tau"][:20] = np.linspace(0, 1, 20)
    res = MODEL.evaluate(**arrays)
    assert res.valid.all()
    for i in range(n):
        sol = MODEL.solve(**{k: (v[i].item() if hasattr(v[i], "item") else v[i]) for k, v in arrays.items()})
        for o in MODEL.outcomes:
            assert res.outcomes[o][i, 0] == pytest.approx(sol[0].outcomes[o], abs=1e-12)
        assert res.labels[i, 0] == sol[0].label


# ---- bad input -------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "value"), [
    ("tau", 1.5), ("tau", -0.1), ("pi", 2.0), ("c_S", 0.0), ("c_R", -1.0), ("lam", -0.1),
    ("w_race", 1.2), ("G", 0.0), ("S_deal_minus_race", 0.0), ("variant", "nope"),
])
def test_bad_input(name, value):
    with pytest.raises(ParameterError, match=f"`{name}`"):
        MODEL.solve(**{name: value})


def test_cross_parameter_conditions():
    with pytest.raises(ParameterError, match="`p_H_prime`"):
        MODEL.solve(p_H=0.6, p_H_prime=0.7)
    with pytest.raises(ParameterError, match="`p_H`"):
        MODEL.solve(p_H=0.3, p_L=0.4)
    with pytest.raises(TypeError, match="`tau`"):
        MODEL.solve(tau="high")


def test_metadata():
    assert MODEL.provenance == "reconstruction"
    assert MODEL.information == ("tau",)
    assert MODEL.escalatory == ("war",)


def test_command_line(tmp_path):
    import json
    import subprocess
    import sys

    run = [sys.executable, "-m", "deterrence_games"]
    r = subprocess.run([*run, "solve", "transparency_exposure", "--set", "pi=0.8", "--set", "tau=0.8", "--json"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["escalation_range"] == pytest.approx([0.16, 0.16])
    r = subprocess.run([*run, "sweep", "transparency_exposure", "--grid", "tau=0:1:11", "--out", str(tmp_path / "t.csv")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([*run, "solve", "transparency_exposure", "--set", "tau=2"], capture_output=True, text=True)
    assert r.returncode == 2 and "`tau`" in r.stderr


@pytest.mark.parametrize("version", ["leak_proxy", "deal_window"])
def test_sweep_vectorized_and_loop_agree(version):
    import deterrence_games as dg

    grid = {"tau": np.linspace(0, 1, 21).tolist()}
    a = dg.sweep(MODEL, grid, fixed={"variant": version})
    b = dg.sweep(MODEL, grid, fixed={"variant": version}, vectorized=False)
    assert list(a.columns) == list(b.columns)
    num = [c for c in a.columns if a[c].dtype.kind in "fiub"]
    np.testing.assert_allclose(a[num].to_numpy(float), b[num].to_numpy(float), atol=1e-12)
