"""noisy_security_dilemma and incident_verification against the worked cases

Closed forms are checked against the worked cases tables, against the automaton's linear
system and one-shot deviations (the certificate), against Monte Carlo, and the vectorized
sweep path against the per-point path.
"""

import json

import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games._validation import ParameterError
from deterrence_games.solvers.automata import pause_trigger, simulate_automaton

TABLE_11 = [  # p, q, delta, T*, V(T*), phi(T*), delta*(grim), V_bind
    (0.90, 0.50, 0.9, 2, 2.7079, 0.1667, 0.5882, 2.7500),
    (0.95, 0.50, 0.9, 2, 2.8425, 0.0909, 0.5405, 2.8889),
    (0.99, 0.50, 0.9, 2, 2.9664, 0.0196, 0.5076, 2.9796),
    (0.90, 0.20, 0.9, 1, 2.8349, 0.0909, 0.4348, 2.8571),
    (0.90, 0.50, 0.7, 3, 2.7342, 0.2308, 0.5882, 2.7500),
]
TABLE_13 = [  # rho, nu, p, q, T*, V, phi  (alpha = 0.1, d = 0.5, delta = 0.9)
    (0.0, 0.0, 0.900, 0.50, 2, 2.7079, 0.1667),
    (0.5, 0.0, 0.950, 0.50, 2, 2.8425, 0.0909),
    (0.9, 0.0, 0.990, 0.50, 2, 2.9664, 0.0196),
    (0.9, 0.5, 0.990, 0.75, 3, 2.9524, 0.0291),
    (0.9, 0.6, 0.990, 0.80, 4, 2.9400, 0.0385),
]


@pytest.mark.parametrize("row", TABLE_11)
def test_noisy_security_dilemma_worked(row):
    p, q, delta, T, V, phi, dg_, vb = row
    sol = dg.get_model("noisy_security_dilemma").solve(specificity=p, non_detection=q, delta=delta)
    assert len(sol) == 2
    trig = sol.select("flag:best_trigger")
    assert trig.label == "trigger with pause"
    assert trig.quantities["T"] == T
    assert trig.quantities["value"] == pytest.approx(V, abs=5e-5)
    assert trig.escalation_probability == pytest.approx(phi, abs=5e-5)
    assert trig.quantities["delta_star_grim"] == pytest.approx(dg_, abs=5e-5)
    assert trig.quantities["v_bind"] == pytest.approx(vb, abs=5e-5)
    assert sum(trig.outcomes.values()) == pytest.approx(1.0)
    # second method: automaton linear system and one-shot deviations
    c = trig.certificate
    assert c["max_deviation_gain"] <= 1e-12
    assert abs(c["value_linear_system_minus_closed_form"]) <= 1e-12
    assert abs(c["escalation_share_chain_minus_closed_form"]) <= 1e-12
    if T > 1:
        assert c["max_deviation_gain_at_T_minus_1"] > 1e-6
    static = sol.select("flag:static_nash")
    assert static.escalation_probability == 1.0 and static.quantities["value"] == 1.0


@pytest.mark.parametrize("row", TABLE_13)
def test_incident_verification_worked(row):
    rho, nu, p, q, T, V, phi = row
    trig = dg.get_model("incident_verification").solve(certify=rho, nu=nu).select("flag:best_trigger")
    assert trig.quantities["p"] == pytest.approx(p)
    assert trig.quantities["q"] == pytest.approx(q)
    assert trig.quantities["T"] == T
    assert trig.quantities["value"] == pytest.approx(V, abs=5e-5)
    assert trig.escalation_probability == pytest.approx(phi, abs=5e-5)
    assert trig.certificate["max_deviation_gain"] <= 1e-12


def test_incident_verification_reduces_to_noisy_security_dilemma():
    iv = dg.get_model("incident_verification").solve(false_alarm=0.2, detection=0.7, certify=0.3, nu=0.1, delta=0.8)
    p, q = 1 - 0.2 * 0.7, 1 - 0.7 * 0.9
    nsd = dg.get_model("noisy_security_dilemma").solve(specificity=p, non_detection=q, delta=0.8)
    for a, b in zip(iv, nsd, strict=True):
        assert a.escalation_probability == pytest.approx(b.escalation_probability, abs=1e-14)
        assert a.quantities["value"] == pytest.approx(b.quantities["value"], abs=1e-14)


def test_monte_carlo_escalation_share_and_horizon():
    m = dg.get_model("noisy_security_dilemma")
    trig = m.solve(specificity=0.9, non_detection=0.5, delta=0.7, horizon=8).select("flag:best_trigger")
    game = m.repeated_game(specificity=0.9, non_detection=0.5, delta=0.7)
    path = simulate_automaton(game, pause_trigger(game, int(trig.quantities["T"])), periods=600,
                              chains=300, seed=7)
    esc = np.asarray(path.escalation)
    share = esc[:, 100:].mean(axis=1)
    se = share.std(ddof=1) / np.sqrt(share.size)
    assert abs(share.mean() - trig.escalation_probability) < 3 * se
    hit = esc[:, :8].any(axis=1)
    se_h = np.sqrt(trig.quantities["escalation_within_horizon"] * (1 - trig.quantities["escalation_within_horizon"]) / hit.size)
    assert abs(hit.mean() - trig.quantities["escalation_within_horizon"]) < 3 * se_h
    first = np.argmax(esc, axis=1)[esc.any(axis=1)]  # periods before the first pause period
    se_t = first.std(ddof=1) / np.sqrt(first.size)
    assert abs(first.mean() - trig.quantities["expected_time_to_escalation"]) < 3 * se_t


def test_comparative_statics():
    m = dg.get_model("noisy_security_dilemma")
    t = dg.sweep(m, {"specificity": np.linspace(0.86, 0.99, 14)}, select="flag:best_trigger")
    assert np.all(np.diff(t["escalation_probability"]) < 0)  # phi falls with accuracy p
    t = dg.sweep(m, {"non_detection": np.linspace(0.0, 0.6, 13)}, select="flag:best_trigger")
    assert np.all(np.diff(t["T"]) >= 0) and t["T"].iloc[-1] > t["T"].iloc[0]  # T* rises with q
    # verification: nu forces longer pauses
    iv = dg.sweep("incident_verification", {"nu": [0.0, 0.5, 0.6]}, fixed={"certify": 0.9}, select="flag:best_trigger")
    assert iv["T"].tolist() == [2, 3, 4]


def test_pause_rules_and_no_equilibrium():
    m = dg.get_model("noisy_security_dilemma")
    assert len(m.solve(pause="fixed", T=1)) == 1  # T=1 < T*=2 does not deter: only always arm
    fixed = m.solve(pause="fixed", T=5).select("first")
    assert fixed.quantities["T"] == 5 and fixed.quantities["value"] < m.solve().select("first").quantities["value"]
    grim = m.solve(pause="grim").select("first")
    assert grim.label == "grim trigger" and grim.escalation_probability == 1.0
    assert grim.quantities["expected_time_to_escalation"] == pytest.approx(10.0)
    low = m.solve(delta=0.5)  # below delta*(grim) = 0.588
    assert [e.label for e in low] == ["always arm"]
    # p - q <= g (1 - p): no trigger equilibrium whatever delta
    assert len(m.solve(specificity=0.6, non_detection=0.4, delta=0.99)) == 1


def test_vectorized_matches_per_point():
    m = dg.get_model("incident_verification")
    grid = {"certify": [0.0, 0.45, 0.9], "nu": [0.0, 0.5], "delta": [0.55, 0.8, 0.95]}
    a = dg.sweep(m, grid, vectorized=True)
    b = dg.sweep(m, grid, vectorized=False)
    assert len(a) == len(b)
    for col in ("escalation_probability", "value", "T", "kappa", "escalation_within_horizon"):
        np.testing.assert_allclose(a[col].to_numpy(float), b[col].to_numpy(float), atol=1e-12, equal_nan=True)
    assert a["label"].tolist() == b["label"].tolist()


def test_cli_solve_and_sweep(cli, tmp_path):
    r = cli("solve", "incident_verification", "--set", "certify=0.9", "--set", "nu=0.6", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    trig = out["equilibria"][0]
    assert trig["quantities"]["T"] == 4
    assert trig["escalation_probability"] == pytest.approx(0.0385, abs=5e-5)
    r = cli("sweep", "noisy_security_dilemma", "--grid", "specificity=0.9:0.99:4", "--out", str(tmp_path / "t.csv"))
    assert r.returncode == 0, r.stderr
    r = cli("solve", "noisy_security_dilemma", "--set", "non_detection=0.95")
    assert r.returncode == 2 and "`non_detection`" in r.stderr


@pytest.mark.parametrize("model,params,name", [
    ("noisy_security_dilemma", {"non_detection": 0.95}, "non_detection"),
    ("noisy_security_dilemma", {"specificity": 1.5}, "specificity"),
    ("noisy_security_dilemma", {"delta": 1.0}, "delta"),
    ("noisy_security_dilemma", {"T_hat": 2.0}, "T_hat"),
    ("noisy_security_dilemma", {"R": 0.5}, "R"),
    ("noisy_security_dilemma", {"P": -1.0}, "P"),
    ("noisy_security_dilemma", {"pause": "forever"}, "pause"),
    ("noisy_security_dilemma", {"T": 0}, "T"),
    ("noisy_security_dilemma", {"horizon": 2.5}, "horizon"),
    ("incident_verification", {"certify": -0.1}, "certify"),
    ("incident_verification", {"nu": 0.9, "certify": 0.0, "detection": 0.5}, "nu"),
    ("incident_verification", {"false_alarm": 2.0}, "false_alarm"),
])
def test_bad_input(model, params, name):
    with pytest.raises(ParameterError, match=f"`{name}`"):
        dg.get_model(model).solve(**params)


def test_vectorized_matches_per_point_over_pause_rules():
    grid = {"pause": ["optimal", "fixed", "grim"], "T": [1, 2, 6], "non_detection": [0.3, 0.5, 0.65], "delta": [0.6, 0.9]}
    a = dg.sweep("noisy_security_dilemma", grid, vectorized=True)
    b = dg.sweep("noisy_security_dilemma", grid, vectorized=False)
    assert list(a.columns) == list(b.columns)
    num = [c for c in a.columns if a[c].dtype.kind in "fiub"]
    np.testing.assert_allclose(a[num].to_numpy(float), b[num].to_numpy(float), atol=1e-12, equal_nan=True)
    assert a["label"].tolist() == b["label"].tolist()
    assert set(a["label"]) == {"trigger with pause", "grim trigger", "always arm"}
