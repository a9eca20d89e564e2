"""inspection_repeated against closed form v(n,k) vs the recursion,
stage strategies vs nashpy on each 2x2 stage game, path probabilities vs Monte Carlo."""

import json

import nashpy
import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games._validation import ParameterError
from deterrence_games.models.inspection_repeated import (
    inspection_recursion,
    inspection_value,
    simulate_inspection,
)

STAGE = [  # (n, k), v, inspect, violate  (b = 1)
    ((2, 1), 1 / 3, 0.3333, 0.3333),
    ((3, 1), 0.5, 0.2500, 0.2500),
    ((3, 2), 1 / 7, 0.4286, 0.1429),
    ((5, 2), 0.375, 0.3125, 0.1406),
    ((10, 3), 0.477273, 0.2614, 0.0817),
]
PATH = [(0.5, 0.578811, 0.9123, 0.2224), (2, 0.325581, 0.6928, 0.1224), (5, 0.116667, 0.3306, 0.0356)]


@pytest.mark.parametrize("row", STAGE)
def test_stage_table(row):
    (n, k), v, r, s = row
    e = dg.get_model("inspection_repeated").solve(n=n, inspections=k)[0]
    assert e.quantities["value"] == pytest.approx(v, abs=5e-7)
    assert e.quantities["inspect_probability"] == pytest.approx(r, abs=5e-5)
    assert e.quantities["violate_probability"] == pytest.approx(s, abs=5e-5)
    assert abs(e.certificate["closed_form_minus_recursion"]) < 1e-15


@pytest.mark.parametrize("row", PATH)
def test_path_probabilities(row):
    b, v, pv, pc = row
    e = dg.get_model("inspection_repeated").solve(n=10, inspections=3, b=b)[0]
    assert e.quantities["value"] == pytest.approx(v, abs=5e-7)
    assert e.quantities["p_violation"] == pytest.approx(pv, abs=5e-5)
    assert e.quantities["p_caught"] == pytest.approx(pc, abs=5e-5)
    assert e.escalation_probability == pytest.approx(pc, abs=5e-5)
    assert sum(e.outcomes.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("b", [0.5, 2.0, 5.0])
def test_monte_carlo(b):
    e = dg.get_model("inspection_repeated").solve(n=10, inspections=3, b=b)[0]
    n = 100_000
    mc = simulate_inspection(10, 3, b, runs=n, seed=20261125)
    for key in ("p_violation", "p_caught"):
        x = e.quantities[key]
        assert abs(mc[key] - x) < 3 * np.sqrt(x * (1 - x) / n)
    assert abs(mc["mean_payoff"] - e.quantities["value"]) < 3 * mc["se_payoff"]


def test_closed_form_equals_recursion():
    bs = np.array([0.5, 1.0, 2.0, 5.0])
    tab = inspection_recursion(12, 6, bs)
    nn, kk = np.meshgrid(np.arange(13), np.arange(7), indexing="ij")
    for i, b in enumerate(bs):
        np.testing.assert_allclose(inspection_value(nn, kk, b), tab.value[i], atol=4.5e-16, rtol=0)  # a few ulps
    # Dresher's b = 1 form C(n-1,k)/sum_{i<=k} C(n,i)
    from math import comb
    assert inspection_value(10, 3, 1.0) == pytest.approx(comb(9, 3) / sum(comb(10, i) for i in range(4)), abs=1e-15)


def test_stage_strategies_are_nash_of_each_stage_game():
    b = 2.0
    tab = inspection_recursion(8, 4, b)
    for n in range(2, 9):
        for k in range(1, min(n, 5)):
            x, y = tab.value[n - 1, k - 1], tab.value[n - 1, k]
            A = np.array([[x, y], [-b, 1.0]])
            (row, col), = list(nashpy.Game(A).support_enumeration())
            assert row[1] == pytest.approx(tab.violate[n, k], abs=1e-12)
            assert col[0] == pytest.approx(tab.inspect[n, k], abs=1e-12)
            assert row @ A @ col == pytest.approx(tab.value[n, k], abs=1e-12)


def test_comparative_statics_and_boundaries():
    m = dg.get_model("inspection_repeated")
    t = dg.sweep(m, {"b": [0.5, 1, 2, 5, 10]}, fixed={"n": 10, "inspections": 3})
    assert np.all(np.diff(t["value"]) < 0) and np.all(np.diff(t["p_violation"]) < 0)
    t = dg.sweep(m, {"inspections": list(range(0, 11))}, fixed={"n": 10})
    assert np.all(np.diff(t["value"]) <= 0)
    assert t["value"].iloc[0] == 1.0 and t["prob_violation_undetected"].iloc[0] == 1.0
    assert t["value"].iloc[-1] == 0.0 and t["prob_compliance"].iloc[-1] == 1.0


def test_vectorized_matches_per_point():
    grid = {"n": [3, 7, 12], "inspections": [0, 1, 3], "b": [0.5, 2.0]}
    a = dg.sweep("inspection_repeated", grid, vectorized=True)
    b = dg.sweep("inspection_repeated", grid, vectorized=False)
    for col in ("value", "p_violation", "p_caught", "escalation_probability"):
        np.testing.assert_allclose(a[col].to_numpy(float), b[col].to_numpy(float), atol=1e-14)


def test_cli(cli):
    r = cli("solve", "inspection_repeated", "--set", "n=5", "--set", "inspections=2", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["equilibria"][0]["quantities"]["value"] == pytest.approx(0.375)
    r = cli("solve", "inspection_repeated", "--set", "inspections=11")
    assert r.returncode == 2 and "`inspections`" in r.stderr


@pytest.mark.parametrize("params,name", [({"inspections": 11}, "inspections"), ({"n": 0}, "n"), ({"b": 0.0}, "b"),
                                         ({"inspections": 1.5}, "inspections"), ({"b": float("nan")}, "b")])
def test_bad_input(params, name):
    with pytest.raises(ParameterError, match=f"`{name}`"):
        dg.get_model("inspection_repeated").solve(**params)
    with pytest.raises(ParameterError, match="`runs`"):
        simulate_inspection(5, 2, 1.0, runs=0)


def _recursion_by_state(n_max, k_max, b):
    """The recursion state by state (a scalar double loop): the second method."""
    V = np.zeros((n_max + 1, k_max + 1))
    PC = np.zeros_like(V)
    PV = np.zeros_like(V)
    for n in range(1, n_max + 1):
        V[n, 0], PV[n, 0] = 1.0, 1.0
        for k in range(1, min(n, k_max + 1)):
            x, y = V[n - 1, k - 1], V[n - 1, k]
            den = x - y + 1 + b
            r, s = (1 - y) / den, (x - y) / den
            V[n, k] = (x + b * y) / den
            PV[n, k] = s + (1 - s) * (r * PV[n - 1, k - 1] + (1 - r) * PV[n - 1, k])
            PC[n, k] = s * r + (1 - s) * (r * PC[n - 1, k - 1] + (1 - r) * PC[n - 1, k])
    return V, PV, PC


def test_row_recursion_equals_state_by_state_recursion():
    from deterrence_games.models.inspection_repeated import inspection_recursion

    tab = inspection_recursion(60, 45, np.array([0.3, 1.0, 4.0]))
    for j, b in enumerate((0.3, 1.0, 4.0)):
        V, PV, PC = _recursion_by_state(60, 45, b)
        np.testing.assert_array_equal(tab.value[j], V)
        np.testing.assert_array_equal(tab.p_violation[j], PV)
        np.testing.assert_array_equal(tab.p_caught[j], PC)


def test_closed_form_stays_finite_and_equals_the_recursion_for_long_horizons():
    """C(n, i) b^(k-i) overflows a float from n ~ 1030; the closed form works in logarithms."""
    from deterrence_games.models.inspection_repeated import inspection_recursion, inspection_value

    rng = np.random.default_rng(3)
    n, k = rng.integers(1, 1501, 400), rng.integers(0, 1501, 400)
    tab = inspection_recursion(1500, 1500, np.array([0.7]))
    v = inspection_value(n, k, 0.7)
    assert np.isfinite(v).all()
    np.testing.assert_allclose(v, tab.value[0, n, k], atol=1e-11)
    sol = dg.get_model("inspection_repeated").solve(n=1500, inspections=700, b=0.7)
    assert abs(sol[0].certificate["closed_form_minus_recursion"]) < 1e-11
