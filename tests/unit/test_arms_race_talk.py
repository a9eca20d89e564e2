"""Model `arms_race_talk` (the worked cases, Baliga-Sjöström 2004)."""

import json

import numpy as np
import pytest
from scipy.special import betainc

import deterrence_games as dg
from deterrence_games._validation import ParameterError

M = dg.get_model("arms_race_talk")

# payoff of own action (row: build, not) against opponent action (col: build, not)


def payoff(c, mu, d):
    return np.array([[-c, mu - c], [-d, 0.0]])


def best_response_value(c, beta, mu, d):
    """Max over own actions of the expected payoff when the opponent builds w.p. beta."""
    build = beta * (-c) + (1 - beta) * (mu - c)
    not_build = beta * (-d) + (1 - beta) * 0.0
    return np.maximum(build, not_build)


def test_case_1_multiplier_arms_race_with_probability_one():
    s = M.solve(mu=0.05, d=1.2)
    assert len(s) == 1
    e = s[0]
    assert e.strategies["cutoff"] == 1.0
    assert e.escalation_probability == 1.0
    assert e.quantities["multiplier_condition"] == 1.0
    assert e.quantities["race_complete_information"] == pytest.approx(0.0975)
    # brute force: best-response iteration from the most peaceful start also ends at c_hat = 1
    c = 0.0
    for _ in range(2000):
        c = min(1.0, 0.05 + 1.15 * c)
    assert c == 1.0


def test_case_2_unique_interior_cutoff_indifferent():
    s = M.solve(mu=0.05, d=0.8)
    assert len(s) == 1
    c_hat = s[0].strategies["cutoff"]
    assert c_hat == pytest.approx(0.2, abs=1e-12)
    assert s[0].escalation_probability == pytest.approx(0.04, abs=1e-12)
    beta = 0.2  # F(c_hat)
    P = payoff(c_hat, 0.05, 0.8)
    assert P[0] @ [beta, 1 - beta] == pytest.approx(P[1] @ [beta, 1 - beta], abs=1e-12)


def F_case3(c):
    return 0.05 * np.clip(c / 0.05, 0, 1) + 0.95 * betainc(8, 8, np.clip(c, 0, 1))


def test_case_3_beta_mixture_three_equilibria():
    s = M.solve(mu=0.05, d=1.0, variant="beta_mixture", eps=0.05, beta_a=8, beta_b=8)
    cut = [e.strategies["cutoff"] for e in s]
    race = [e.escalation_probability for e in s]
    np.testing.assert_allclose(cut, [0.097525, 0.473167, 1.0], atol=5e-7)
    np.testing.assert_allclose(race, [0.0025, 0.1984, 1.0], atol=5e-5)
    assert [e.flags["most_peaceful"] for e in s] == [True, False, False]
    # second method: fixed points of the best-response map by a brute-force dense scan
    c = np.linspace(0, 1, 2_000_001)
    g = 0.05 + 0.95 * F_case3(c) - c
    inner = c < 0.99  # c_hat = 1 is the corner root (g(1) = 0 exactly, up to rounding)
    interior = c[inner][:-1][np.sign(g[inner][:-1]) != np.sign(g[inner][1:])]
    np.testing.assert_allclose(interior, cut[:2], atol=1e-6)
    assert 0.05 + 0.95 * F_case3(1.0) >= 1.0 - 1e-12


def test_every_cutoff_is_a_fixed_point_of_best_responses():
    rng = np.random.default_rng(0)
    for _ in range(10):
        mu, d = rng.uniform(0.01, 0.2), rng.uniform(0.5, 1.5)
        for e in M.solve(mu=mu, d=d, c_hi=1.0):
            ch = e.strategies["cutoff"]
            beta = min(max(ch, 0), 1)  # F uniform on [0, 1]
            # types just below build, just above do not (unless the cutoff is a corner)
            for c in (ch - 1e-6, ch + 1e-6):
                if 0 <= c <= 1:
                    P = payoff(c, mu, d)
                    builds = P[0] @ [beta, 1 - beta] > P[1] @ [beta, 1 - beta]
                    assert builds == (c < ch)


def test_cheap_talk_worked_construction_found():
    s = M.solve(mu=0.05, d=1.2, talk=True)
    labels = [e.label for e in s]
    assert labels.count("babbling cutoff") == 1
    informative = [e for e in s if e.label == "two-message cheap talk [R]"]
    assert informative and not any(e.flags["paper_construction"] for e in informative)
    cat = min(informative, key=lambda e: e.strategies["a"])
    assert cat.strategies["a"] == pytest.approx(0.060447, abs=5e-7)
    assert cat.strategies["b"] == pytest.approx(0.485789, abs=5e-7)
    assert cat.quantities["q11"] == pytest.approx(0.10519, abs=5e-6)
    assert cat.escalation_probability == pytest.approx(0.49251, abs=5e-6)
    # babbling keeps the no-talk outcome
    assert s[0].escalation_probability == 1.0


def _independent_ic_check(a, b, mu, d, n=200_001):
    """Message IC on a fine type grid with every continuation deviation enumerated."""
    F = lambda x: min(max(x, 0.0), 1.0)  # noqa: E731
    P1, P2 = F(a) + 1 - F(b), F(b) - F(a)
    q = {("G1", "G1"): F(a) / P1, ("G1", "G2"): 1.0, ("G2", "G1"): 1.0, ("G2", "G2"): 0.0}
    prob = {"G1": P1, "G2": P2}
    c = np.linspace(0, 1, n)
    val = {m: sum(prob[o] * best_response_value(c, q[(m, o)], mu, d) for o in ("G1", "G2"))
           for m in ("G1", "G2")}
    eq = np.where((c < a) | (c >= b), val["G1"], val["G2"])
    return float((eq - np.maximum(val["G1"], val["G2"])).min())


def test_cheap_talk_incentive_constraints_on_fine_grid():
    for e in M.solve(mu=0.05, d=1.2, talk=True):
        if e.label.startswith("two-message"):
            assert _independent_ic_check(e.strategies["a"], e.strategies["b"], 0.05, 1.2) >= -1e-6


def test_cheap_talk_incentive_constraints_coarse_grid_and_continuations():
    for e in M.solve(mu=0.05, d=1.2, talk=True):
        if not e.label.startswith("two-message"):
            continue
        a, b, t = e.strategies["a"], e.strategies["b"], e.strategies["build_threshold_G1G1"]
        assert _independent_ic_check(a, b, 0.05, 1.2, n=4001) >= -1e-6
        assert e.certificate["min_ic_slack"] >= -1e-9
        # continuation consistency: in (G1, G1) exactly [0, a) builds; (G2, G2) types are not hawks
        assert a <= t <= b and a >= 0.05


@pytest.mark.parametrize("mu,d", [(0.05, 1.2), (0.01, 1.0), (0.002, 1.2), (0.08, 1.5), (0.12, 1.2)])
def test_all_two_message_solutions_found_by_independent_scan(mu, d):
    """Uniform F: eliminate a by the quadratic a^2 - a b + mu (1 - b) = 0 and scan b."""
    b = np.linspace(0.0, 1.0, 400_001)
    disc = b**2 - 4 * mu * (1 - b)
    sols = []
    for sign in (-1, 1):
        a = (b + sign * np.sqrt(np.where(disc >= 0, disc, np.nan))) / 2
        resid = b * (1 - 2 * (b - a)) - d * a
        ok = np.isfinite(resid)
        idx = np.flatnonzero(ok[:-1] & ok[1:] & (np.sign(resid[:-1]) != np.sign(resid[1:])))
        for i in idx:
            ai, bi = a[i], b[i]
            P1, P2 = ai + 1 - bi, bi - ai
            t = mu + (d - mu) * ai / P1
            if (mu <= ai < bi <= 1 and P1 > P2 > 1e-6 and ai <= t <= bi
                    and not any(abs(ai - x) + abs(bi - y) < 1e-4 for x, y in sols)):
                sols.append((ai, bi))
    model = sorted((e.strategies["a"], e.strategies["b"]) for e in M.solve(mu=mu, d=d, talk=True)
                   if e.label.startswith("two-message"))
    assert len(model) == len(sols)
    if sols:
        np.testing.assert_allclose(model, sorted(sols), atol=2e-5)
        for a, b in model:
            assert _independent_ic_check(a, b, mu, d, n=20_001) >= -1e-6


def test_cheap_talk_monte_carlo_race_probability():
    e = min((e for e in M.solve(mu=0.05, d=1.2, talk=True) if e.label.startswith("two")),
            key=lambda e: e.strategies["a"])
    a, b, t = e.strategies["a"], e.strategies["b"], e.strategies["build_threshold_G1G1"]
    rng = np.random.default_rng(42)
    c = rng.random((200_000, 2))
    g1 = (c < a) | (c >= b)
    both_g1 = g1[:, 0] & g1[:, 1]
    both_g2 = ~g1[:, 0] & ~g1[:, 1]
    build = np.where(both_g1[:, None], c < t, np.where(both_g2[:, None], False, True))
    assert np.mean(build.all(axis=1)) == pytest.approx(e.escalation_probability, abs=4e-3)


def test_no_informative_equilibrium_when_doves_exist():
    # the construction needs c_hi <= d (mixed-message punishment: everyone builds)
    s = M.solve(mu=0.05, d=0.8, talk=True)
    assert all(e.label == "babbling cutoff" for e in s)


def test_outcomes_sum_to_one():
    for kw in ({}, {"talk": True}, {"d": 0.8}, {"variant": "beta_mixture", "d": 1.0, "talk": True}):
        for e in M.solve(**kw):
            assert sum(e.outcomes.values()) == pytest.approx(1.0)


def test_bad_input():
    with pytest.raises(ParameterError, match="`c_hi`"):
        M.solve(c_lo=0.5, c_hi=0.4)
    with pytest.raises(ParameterError, match="`d`"):
        M.solve(d=0.04)
    with pytest.raises(ParameterError, match="`variant`"):
        M.solve(variant="normal")
    with pytest.raises(ParameterError, match="`mu`"):
        M.solve(variant="beta_mixture", c_lo=0.1, mu=0.05)
    with pytest.raises(ParameterError, match="`eps`"):
        M.solve(eps=1.0)


def test_cli(cli):
    out = cli("solve", "arms_race_talk", "--set", "talk=True", "--json")
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert min(d["escalation_range"]) < 0.5 and max(d["escalation_range"]) == 1.0
    bad = cli("solve", "arms_race_talk", "--set", "d=0.01")
    assert bad.returncode == 2 and "`d`" in bad.stderr


def test_sweep_per_point_with_choices():
    df = dg.sweep(M, grid={"mu": [0.02, 0.05], "talk": [False, True]}, fixed={"d": 1.2})
    assert set(df["status"]) == {"ok"}
    n_eq = df.groupby(["mu", "talk"])["equilibrium"].count().to_dict()
    assert n_eq[(0.05, False)] == 1 and n_eq[(0.05, True)] == 3
    assert df["escalation_probability"].min() < 0.2


def _random_talk_points(n, seed):
    """Random parameters with talk, mostly where the two-message construction can exist."""
    rng = np.random.default_rng(seed)
    pts = []
    for i in range(n):
        lo = float(rng.uniform(0, 0.3))
        hi = lo + float(rng.uniform(0.5, 1.5))
        mu = lo + float(rng.uniform(1e-3, 0.4))
        d = max(mu + 0.05, hi + float(rng.uniform(-0.3, 1.0)))
        p = {"mu": mu, "d": d, "c_lo": lo, "c_hi": hi, "talk": True}
        if i % 3 == 2:
            p.update(dist="beta_mixture", eps=float(rng.uniform(0.01, 0.3)), beta_a=float(rng.uniform(0.5, 10)),
                     beta_b=float(rng.uniform(0.5, 10)))
        pts.append(p)
    return pts


def _array_only(F):
    """``F`` forced through its array branch (the path every evaluation took before)."""
    return lambda c: F(np.asarray(c, dtype=float))


def test_scalar_cdf_equals_array_cdf_bitwise():
    from deterrence_games.models.arms_race_talk import _cdf
    rng = np.random.default_rng(7)
    for p in _random_talk_points(300, 11):
        full = {"variant": "uniform", "eps": 0.05, "beta_a": 8.0, "beta_b": 8.0, **p}
        F = _cdf(full)
        c = rng.uniform(full["c_lo"] - 0.2, full["c_hi"] + 0.2, 20)
        fast = [F(v) for v in c.tolist()] + [F(v) for v in c]  # Python floats and NumPy scalars
        slow = [float(_array_only(F)(v)) for v in c.tolist()] * 2
        assert fast == slow  # same bits
        assert np.array_equal(F(c), [float(_array_only(F)(v)) for v in c])


@pytest.mark.parametrize("seed", [0, 1])
def test_solve_with_scalar_cdf_equals_array_path(monkeypatch, seed):
    """The scalar fast path of F changes no answer: every solution equals the array-path one."""
    from deterrence_games.models import arms_race_talk as art
    pts = _random_talk_points(20, seed)
    fast = [M.solve(**p) for p in pts]
    cdf = art._cdf
    monkeypatch.setattr(art, "_cdf", lambda p: _array_only(cdf(p)))
    slow = [M.solve(**p) for p in pts]
    assert sum(len(s) for s in fast) > len(fast)  # informative equilibria are among them
    assert any(e.label.startswith("two-message") for s in fast for e in s)
    for a, b in zip(fast, slow, strict=True):
        assert a == b


def test_vectorized_sweep_equals_per_point_sweep():
    """_solve_arrays (cutoff scans in blocks of points; with talk and uniform costs, Newton's
    method from the same 64 starts for every point at once, then the same acceptance rules)
    gives the per-point solve's table (MINPACK hybr from each start) on random in-domain points:
    the same rows, labels, flags and counts, the numbers within 1e-10."""
    import pandas as pd

    m = dg.get_model("arms_race_talk")
    rng = np.random.default_rng(11)
    n = 260
    c_lo = np.where(rng.random(n) < 0.5, 0.0, rng.uniform(0, 0.5, n))
    c_hi = c_lo + rng.uniform(0.2, 2, n)
    mu = c_lo + np.where(rng.random(n) < 0.8, rng.uniform(1e-4, 0.4, n) * (c_hi - c_lo), rng.uniform(-0.1, 0, n))
    mu = np.maximum(mu, 1e-4)
    d = np.where(rng.random(n) < 0.8, c_hi * rng.uniform(1, 2.5, n), mu + rng.uniform(0.01, 2, n))
    pts = pd.DataFrame({"mu": mu, "d": d, "c_lo": c_lo, "c_hi": c_hi, "talk": rng.random(n) < 0.85,
                        "variant": np.where(rng.random(n) < 0.9, "uniform", "beta_mixture"),
                        "eps": rng.uniform(0.01, 0.3, n), "beta_a": rng.uniform(1, 10, n),
                        "beta_b": rng.uniform(1, 10, n)})
    pts = pts[(pts.variant == "uniform") | (pts.mu > pts.c_lo)]
    pts = pd.concat([pts, pd.DataFrame({"mu": np.linspace(0.0002, 0.1998, 60), "d": 1.2, "c_lo": 0.0, "c_hi": 1.0,
                                        "talk": True, "variant": "uniform", "eps": 0.05, "beta_a": 8.0,
                                        "beta_b": 8.0})], ignore_index=True)
    vec = dg.sweep(m, pts, design="points", vectorized=True, backend="serial", progress=False)
    per = dg.sweep(m, pts, design="points", vectorized=False, backend="serial", progress=False)
    assert (per["label"] == "two-message cheap talk [R]").sum() > 100
    for col in ("point", "equilibrium", "n_equilibria", "label", "flag_most_peaceful", "flag_paper_construction",
                "status"):
        assert list(vec[col]) == list(per[col]), col
    pd.testing.assert_frame_equal(vec, per, check_exact=False, rtol=1e-10, atol=1e-12, check_dtype=False)


def test_linspace9_equals_numpy_linspace_row_by_row():
    from deterrence_games.models.arms_race_talk import _linspace9

    rng = np.random.default_rng(0)
    start = np.concatenate([rng.uniform(-2, 2, 500), [0.3, 1.0, 0.0]])
    stop = np.concatenate([start[:500] + rng.uniform(0, 3, 500), [0.3, 1.0, 5e-324]])
    got = _linspace9(start, stop)
    for i in range(start.size):
        np.testing.assert_array_equal(got[i], np.linspace(start[i], stop[i], 9))
