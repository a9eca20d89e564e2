"""price_war_trigger against the worked cases (with the correction: most collusive non-Cournot
fixed point, p_bar grid step 0.005), the automaton linear system and Monte Carlo price paths."""

import json

import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games._validation import ParameterError
from deterrence_games.models.price_war_trigger import (
    P_BAR_STEP,
    _value,
    green_porter_equilibria,
    simulate_price_path,
)

# s, T, p_bar*, x*, P(war starts), normalised value, long-run share in war
TABLE_14 = [
    (0.1, 3, 0.380, 0.2926, 0.2038, 0.11772, 0.3795),
    (0.1, 20, 0.375, 0.2734, 0.0327, 0.12026, 0.3953),
    (0.2, 10, 0.300, 0.3084, 0.1307, 0.11465, 0.5665),
]
TABLE_14_SLOW = [
    (0.1, 400, 0.370, 0.2714, 0.0194, 0.12059, 0.8858),
    (0.2, 400, 0.290, 0.2931, 0.0466, 0.11651, 0.9491),
]


def _check_row(row):
    s, T, pbar, x, F, v, share = row
    sol = dg.get_model("price_war_trigger").solve(s=s, T=T)
    e = sol.select("flag:most_collusive")
    assert e.quantities["p_bar"] == pytest.approx(pbar, abs=1e-9)
    assert e.quantities["x"] == pytest.approx(x, abs=5e-5)
    assert e.quantities["F"] == pytest.approx(F, abs=5e-5)
    assert e.quantities["value"] == pytest.approx(v, abs=5e-6)
    assert e.escalation_probability == pytest.approx(share, abs=5e-5)
    assert e.certificate["max_best_response_gain"] <= 1e-12
    assert abs(e.certificate["value_linear_system_minus_formula"]) < 1e-12
    # the Cournot repetition is always there, less valuable
    c = sol.select("flag:static_nash")
    assert c.quantities["x"] == pytest.approx(1 / 3) and c.quantities["value"] < e.quantities["value"]


@pytest.mark.parametrize("row", TABLE_14)
def test_worked_rows(row):
    _check_row(row)


@pytest.mark.slow
@pytest.mark.parametrize("row", TABLE_14_SLOW)
def test_worked_rows_long_wars(row):
    _check_row(row)


@pytest.mark.parametrize("s,T", [(0.1, 1), (0.2, 1), (0.2, 2), (0.2, 3)])
def test_no_collusive_equilibrium_when_the_pause_is_too_short(s, T):
    sol = dg.get_model("price_war_trigger").solve(s=s, T=T)
    assert [e.label for e in sol] == ["Cournot"]
    assert sol.escalation_probability == 1.0


def test_global_best_response_by_brute_force():
    # independent check of x* at the optimal p_bar: a fine grid over own quantity
    s, T, beta = 0.1, 3, 0.95
    e = dg.get_model("price_war_trigger").solve(s=s, T=T).select("flag:most_collusive")
    x, pbar = e.quantities["x"], e.quantities["p_bar"]
    own = np.linspace(0, 1 - x, 200_001)
    v = _value(own, np.full_like(own, x), pbar, s, T, beta, 2)
    assert own[np.argmax(v)] == pytest.approx(x, abs=1e-4)
    assert v.max() <= e.quantities["value"] + 1e-12
    # a less collusive quantity is not a fixed point: its best response differs
    v2 = _value(own, np.full_like(own, 0.30), pbar, s, T, beta, 2)
    assert abs(own[np.argmax(v2)] - 0.30) > 1e-3


def test_pinned_grid_and_fixed_trigger():
    assert P_BAR_STEP == 0.005
    eqs = green_porter_equilibria(0.1, 3, 0.95)
    assert all(abs(e.p_bar / P_BAR_STEP - round(e.p_bar / P_BAR_STEP)) < 1e-9 for e in eqs)
    # a finer trigger price (p_bar = 0.3775 gives x* = 0.2933, value 0.117729)
    e = dg.get_model("price_war_trigger").solve(s=0.1, T=3, trigger="fixed", p_bar=0.3775).select("flag:most_collusive")
    assert e.quantities["x"] == pytest.approx(0.2933, abs=5e-5)
    assert e.quantities["F"] == pytest.approx(0.1959, abs=5e-5)
    assert e.quantities["value"] == pytest.approx(0.117729, abs=5e-7)


def test_reversion_episodes_on_the_path_monte_carlo():
    s, T = 0.1, 3
    e = dg.get_model("price_war_trigger").solve(s=s, T=T, horizon=5).select("flag:most_collusive")
    eq = next(g for g in green_porter_equilibria(s, T, 0.95) if g.p_bar == e.quantities["p_bar"] and g.x == e.quantities["x"])
    war = simulate_price_path(eq, s, T, periods=1200, chains=150, seed=3)
    share = war[:, 200:].mean(axis=1)
    se = share.std(ddof=1) / np.sqrt(share.size)
    assert abs(share.mean() - e.escalation_probability) < 3 * se
    hit = war[:, :5].any(axis=1).mean()
    pr = e.quantities["war_within_horizon"]
    assert abs(hit - pr) < 3 * np.sqrt(pr * (1 - pr) / war.shape[0])
    # no one cheats on the path, yet wars happen: the Green-Porter mechanism
    assert war.any(axis=1).mean() > 0.99


def test_sweep_and_cli(cli):
    t = dg.sweep("price_war_trigger", {"T": [3, 5, 10]}, select="flag:most_collusive")
    assert np.all(np.diff(t["value"]) > 0)  # value rises with T in this calibration
    r = cli("solve", "price_war_trigger", "--set", "T=3", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["equilibria"][0]["quantities"]["p_bar"] == pytest.approx(0.38)
    r = cli("solve", "price_war_trigger", "--set", "delta=1.5")
    assert r.returncode == 2 and "`delta`" in r.stderr


@pytest.mark.parametrize("params,name", [({"s": 0.0}, "s"), ({"T": 0}, "T"), ({"delta": 1.0}, "delta"),
                                         ({"firms": 1}, "firms"), ({"trigger": "best"}, "trigger"),
                                         ({"p_bar": 1.2}, "p_bar")])
def test_bad_input(params, name):
    with pytest.raises(ParameterError, match=f"`{name}`"):
        dg.get_model("price_war_trigger").solve(**params)


def test_fast_path_equals_full_grid_on_random_points():
    """Skipping the quantities where the FOC's sign is known, and the own quantities that cannot
    be the best deviation, gives exactly the equilibria of the full computation."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).parent))
    import _price_war_reference as ref

    from deterrence_games.models.price_war_trigger import _equilibria_cached
    rng = np.random.default_rng(2026)
    n_eq = 0
    for i in range(150):
        s = float(rng.uniform(0.005, 5.0)) if i % 3 == 0 else float(rng.uniform(0.01, 0.4))
        T, beta, n = int(rng.integers(1, 40)), float(rng.uniform(0.3, 0.995)), int(rng.integers(2, 8))
        p_bar = None if i % 4 else float(rng.uniform(0.01, 0.99))
        fast = _equilibria_cached.__wrapped__(s, T, beta, n, p_bar)
        assert fast == ref.equilibria(s, T, beta, n, p_bar), (s, T, beta, n, p_bar)
        n_eq += len(fast)
    assert n_eq > 500  # the comparison covers many equilibria, not only empty sets


def _random_points(rng, n):
    """In-domain points: s log-uniform over 1e-3..5 (most in the collusive range), T, delta, n, both rules."""
    import pandas as pd
    return pd.DataFrame({
        "s": np.where(rng.random(n) < 0.7, rng.uniform(0.003, 0.4, n), np.exp(rng.uniform(np.log(1e-3), np.log(5.0), n))),
        "T": rng.integers(1, 25, n), "delta": rng.uniform(0.3, 0.995, n), "firms": rng.integers(2, 7, n),
        "trigger": rng.choice(["optimal", "fixed"], n, p=[0.75, 0.25]), "p_bar": rng.uniform(0.01, 0.99, n),
        "horizon": rng.integers(1, 60, n)})


def test_band_brackets_equal_full_grid_brackets():
    """The batched bracketing (first-order condition evaluated only inside the band of
    _band_rows) finds exactly the brackets of the full p_bar x quantity grid, with the same sign
    at the left end, on random points including extreme s and delta."""
    from deterrence_games.models.price_war_trigger import (
        X_GRID,
        _constants,
        _foc_grid,
        _trigger_brackets,
    )

    rng = np.random.default_rng(13)
    n_br = 0
    for n in (2, 3, 5, 20):
        m = 60
        s = np.concatenate([rng.uniform(0.003, 0.5, m - 6), [1e-300, 1e-9, 4.99, 5.0, 0.02, 0.3]])
        T = rng.integers(1, 500, m)
        beta = np.concatenate([rng.uniform(0.2, 0.999, m - 3), [1e-300, 1 - 1e-16, 0.999999]])
        p_fixed = np.where(rng.random(m) < 0.2, rng.uniform(0.001, 0.999, m), np.nan)
        consts = [_constants(int(t), float(b), n) for t, b in zip(T, beta, strict=True)]
        c, omb = np.array([k[0] for k in consts]), np.array([k[1] for k in consts])
        point, pb, lo, hi, slo = _trigger_brackets(s, c, omb, n, p_fixed)
        xs = np.linspace(1e-6, (1 / (n + 1)) * (1 - 1e-6), X_GRID)
        for i in range(m):
            pbars = np.arange(1, 200) * P_BAR_STEP if np.isnan(p_fixed[i]) else np.array([p_fixed[i]])
            G = _foc_grid(xs, pbars, float(s[i]), int(T[i]), float(beta[i]), n)
            ii, jj = np.nonzero(np.sign(G[:, :-1]) * np.sign(G[:, 1:]) < 0)
            mine = point == i
            np.testing.assert_array_equal(pb[mine], pbars[ii])
            np.testing.assert_array_equal(lo[mine], xs[jj])
            np.testing.assert_array_equal(hi[mine], xs[jj + 1])
            np.testing.assert_array_equal(slo[mine], np.sign(G[ii, jj]))
            n_br += ii.size
    assert n_br > 2000


def test_vectorized_sweep_equals_per_point_sweep():
    """The batched path (_solve_arrays: band bracketing, bisection of every bracket at once, lazy
    best-response checks) gives the per-point solve's table on random in-domain points: the same
    rows, labels, flags and counts, and the numbers within 1e-10."""
    import pandas as pd

    m = dg.get_model("price_war_trigger")
    pts = _random_points(np.random.default_rng(7), 200)
    vec = dg.sweep(m, pts, design="points", vectorized=True, backend="serial", progress=False)
    per = dg.sweep(m, pts, design="points", vectorized=False, backend="serial", progress=False)
    assert (per["label"] == "trigger price").sum() > 80  # many collusive equilibria, not only Cournot
    assert per["n_equilibria"].max() >= 3
    for col in ("point", "equilibrium", "n_equilibria", "label", "flag_most_collusive", "flag_static_nash", "status"):
        assert list(vec[col]) == list(per[col]), col
    pd.testing.assert_frame_equal(vec, per, check_exact=False, rtol=1e-10, atol=1e-12, check_dtype=False)
