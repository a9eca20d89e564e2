"""chain_store model: the worked cases, FL bound, CLI."""

import json

import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games import ParameterError
from deterrence_games.models.chain_store import weak_payoff_closed_form

ROWS = [  # N, a, b, prior, entry probs by k (1..), E[entries], E[fights], weak payoff, deterred markets
    (10, 2, 0.5, 0.1, {3: 1, 2: 0.8, 1: 0.95}, 2.75, 0.575, 14, 7),
    (20, 2, 0.5, 0.01, {6: 1, 5: 0.84, 4: 0.96, 3: 0.97, 2: 0.9875, 1: 0.9931}, 5.7506, 0.5053, 28, 14),
    (10, 3, 2 / 3, 0.1, {5: 1, 4: 0.8313, 3: 0.925, 2: 0.9417, 1: 0.963}, 4.6609, 1.0927, 15, 5),
]


@pytest.mark.parametrize("N,a,b,prior,entry,ent,fights,weak,deterred", ROWS)
def test_worked_rows(N, a, b, prior, entry, ent, fights, weak, deterred):
    sol = dg.get_model("chain_store").solve(n_markets=N, a=a, b=b, prior=prior)
    assert len(sol) == 1
    e = sol[0]
    by_k = e.strategies["entry_probability_by_k"]  # index 0 is k = N
    for k in range(1, N + 1):
        assert by_k[N - k] == pytest.approx(entry.get(k, 0.0), abs=5e-5)
    assert e.quantities["expected_entries"] == pytest.approx(ent, abs=5e-5)
    assert e.quantities["expected_fights"] == pytest.approx(fights, abs=5e-5)
    assert e.quantities["weak_payoff"] == weak
    assert e.quantities["deterred_markets"] == deterred
    assert e.flags["certified"] and e.certificate["max_regret"] == 0
    assert e.escalation_probability == pytest.approx(fights / N, abs=5e-6)
    assert sum(e.outcomes.values()) == pytest.approx(1)
    # the equilibrium payoff respects the Fudenberg-Levine bound (floor K is tight: K = entry markets)
    assert e.quantities["weak_payoff_average"] >= e.quantities["fl_bound_average"]
    assert e.quantities["fl_K"] == N - deterred


def test_row1_hand_check_and_prob_any_fight():
    e = dg.get_model("chain_store").solve()[0]
    # k=3: fight w.p. 0.4; then k=2 entry 1/2 and weak fights... any fight by k=3 or later
    assert e.quantities["prob_any_fight"] >= 0.4
    assert e.quantities["prob_any_fight"] <= e.quantities["expected_fights"]


def test_entry_window_independent_of_horizon():
    m = dg.get_model("chain_store")
    a = m.solve(n_markets=10)[0].quantities["expected_entries"]
    b = m.solve(n_markets=60)[0].quantities["expected_entries"]
    assert a == b


def test_weak_payoff_closed_form_vectorized():
    N = np.array([10, 20, 10, 40])
    a = np.array([2, 2, 3, 5])
    b = np.array([0.5, 0.5, 2 / 3, 0.7])
    p = np.array([0.1, 0.01, 0.1, 0.03])
    got = weak_payoff_closed_form(N, a, b, p)
    m = dg.get_model("chain_store")
    exact = [m.solve(n_markets=int(n), a=float(x), b=float(y), prior=float(z))[0].quantities["weak_payoff"]
             for n, x, y, z in zip(N, a, b, p, strict=True)]
    assert got == pytest.approx(exact)


def test_more_reputation_less_entry():
    m = dg.get_model("chain_store")
    ent = [m.solve(prior=x)[0].quantities["expected_entries"] for x in (0.01, 0.05, 0.1, 0.3, 0.6)]
    assert all(x >= y for x, y in zip(ent, ent[1:], strict=False))


def test_bad_input():
    m = dg.get_model("chain_store")
    with pytest.raises(ParameterError, match="`b`"):
        m.solve(b=1.0)
    with pytest.raises(ParameterError, match="`a`"):
        m.solve(a=0.5)
    with pytest.raises(ParameterError, match="`n_markets`"):
        m.solve(n_markets=2.5)
    with pytest.raises(ParameterError, match="`prior`"):
        m.solve(prior=1.0)


def test_cli_solve_and_sweep(cli, tmp_path):
    r = cli("solve", "chain_store", "--set", "n_markets=10", "--set", "prior=0.1", "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["equilibria"][0]["quantities"]["expected_entries"] == pytest.approx(2.75)
    out = tmp_path / "t.csv"
    r = cli("sweep", "chain_store", "--grid", "prior=0.05:0.3:3", "--out", str(out))
    assert r.returncode == 0, r.stderr
    import pandas as pd

    df = pd.read_csv(out)
    assert len(df) == 3 and df["expected_entries"].is_monotonic_decreasing
    r = cli("solve", "chain_store", "--set", "b=2")
    assert r.returncode == 2 and "`b`" in r.stderr


def test_vectorized_sweep_equals_exact_per_point_sweep():
    """The sweep's fast path (statistics affine in the prior between thresholds, fitted and
    checked in exact rationals, evaluated in floats) gives the exact per-point solve's table:
    discrete columns equal, numbers to 1e-10; priors at thresholds b^k and 0 included."""
    m = dg.get_model("chain_store")
    rng = np.random.default_rng(2026)
    pts = []
    while len(pts) < 160:
        N, a, b = int(rng.integers(1, 25)), float(rng.uniform(1.01, 5)), float(rng.choice([0.5, 2 / 3, rng.uniform(0.05, 0.95)]))
        delta = 1.0 if rng.random() < 0.6 else float(rng.uniform(0.9, 1))
        try:
            m.validate(n_markets=N, a=a, b=b, delta=delta)
        except ParameterError:
            continue
        priors = [*rng.uniform(0, 1, 30), *rng.uniform(0, b**N, 5), 0.0, b, b**min(N, 3)]
        pts += [{"n_markets": N, "a": a, "b": b, "delta": delta, "prior": float(x)} for x in priors]
    fast = dg.sweep(m, pts, design="points", backend="serial", progress=False)
    slow = dg.sweep(m, pts, design="points", backend="serial", progress=False, vectorized=False)
    assert list(fast.columns) == list(slow.columns) and len(fast) == len(slow)
    for c in ("label", "status", "n_equilibria", "deterred_markets", "fl_K", "flag_certified", "flag_kreps_wilson"):
        assert (fast[c].to_numpy() == slow[c].to_numpy()).all(), c
    assert slow["flag_certified"].all()
    num = [c for c in fast.columns if fast[c].dtype.kind == "f"]
    np.testing.assert_allclose(fast[num].to_numpy(float), slow[num].to_numpy(float), rtol=1e-12, atol=1e-10)


def test_vectorized_refuses_a_profile_without_equilibrium_before_any_work():
    m = dg.get_model("chain_store")
    with pytest.raises(ParameterError, match="delta"):
        m.evaluate(prior=[0.1, 0.2], delta=[1.0, 0.3], a=1.05)
