"""global_conflict: the worked cases, second methods."""

import math

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.stats import norm

import deterrence_games as dg
from deterrence_games import ParameterError
from deterrence_games.models.global_conflict import (
    exit_fixed_points,
    exit_value_residual,
    public_threshold_residual,
    public_uniqueness_holds,
)

M = dg.get_model("global_conflict")


@pytest.mark.parametrize("sigma,k,p15,p25", [(0.05, 1.97179, 1.0, 0.0), (0.25, 1.85895, 0.9943, 0.0103),
                                            (0.5, 1.71791, 0.8901, 0.1143), (1.0, 1.43581, 0.7238, 0.2666)])
def test_spec_a_rows(sigma, k, p15, p25):
    e = M.solve(sigma=sigma, theta=1.5)[0]
    assert e.quantities["threshold"] == pytest.approx(k, abs=5e-6)
    assert e.escalation_probability == pytest.approx(p15, abs=5e-5)
    assert M.solve(sigma=sigma, theta=2.5)[0].escalation_probability == pytest.approx(p25, abs=5e-5)
    assert e.certificate["indifference_residual"] < 1e-12


def _threshold_by_quadrature(b, c, W, sigma):
    """Independent: Gauss-Hermite expected payoff difference at x = k, root by brentq."""
    z, w = np.polynomial.hermite_e.hermegauss(60)
    w = w / w.sum()

    def gain(k):
        theta = k + sigma * z
        q = norm.cdf((theta - k) / sigma)
        return float(np.sum(w * (q * (theta - W - b) - (1 - q) * c)))

    return brentq(gain, -20, 20, xtol=1e-13)


@pytest.mark.parametrize("b,c,W,sigma", [(1, 1, 0, 0.25), (1.2, 0.4, -0.2, 0.1), (0.3, 2.0, 1.0, 2.0)])
def test_threshold_closed_form_equals_quadrature_root(b, c, W, sigma):
    e = M.solve(b=b, c=c, W=W, sigma=sigma)[0]
    assert e.quantities["threshold"] == pytest.approx(_threshold_by_quadrature(b, c, W, sigma), abs=1e-9)


@pytest.mark.parametrize("sigma,x,w12,w16", [(0.5, 1.1179, 0.6805, 0.3069), (0.1, 1.3436, 0.9943, 0.0103),
                                            (0.01, 1.3944, 1.0, 0.0)])
def test_worked_signaling_11_rows_through_the_letter_map(sigma, x, w12, w16):
    # section 11: b'=1, d=0.6, w=0.2  ->  W = -w, b = b' + w, c = d - w
    kw = dict(b=1.2, c=0.4, W=-0.2, sigma=sigma)
    e = M.solve(theta=1.2, **kw)[0]
    assert e.quantities["threshold"] == pytest.approx(x, abs=5e-5)
    assert e.escalation_probability == pytest.approx(w12, abs=5e-5)
    assert M.solve(theta=1.6, **kw)[0].escalation_probability == pytest.approx(w16, abs=5e-5)


def test_monte_carlo_conflict_probability():
    rng = np.random.default_rng(7)
    sigma, theta = 0.5, 1.5
    k = M.solve(sigma=sigma, theta=theta)[0].quantities["threshold"]
    x = theta + sigma * rng.standard_normal((200_000, 2))
    war = ~(x >= k).all(axis=1)
    p = M.solve(sigma=sigma, theta=theta)[0].escalation_probability
    assert abs(war.mean() - p) < 4 * math.sqrt(p * (1 - p) / war.size)


def test_complete_information_equilibria():
    sol = M.solve(variant="complete", theta=1.5)
    labels = [e.label for e in sol]
    assert labels == ["pure (peace, peace)", "pure (attack, attack)", "mixed"]
    mixed = sol[2]
    q = mixed.strategies["peace_probability"]
    # indifference of the mixed strategy: q(theta - W - b) = (1 - q) c
    assert q * (1.5 - 1) == pytest.approx((1 - q) * 1)
    # theta between W+b and W+b+c: peace is an equilibrium but (A,A) risk-dominates
    assert sol[1].flags["risk_dominant"] and not sol[0].flags["risk_dominant"]
    assert [e.label for e in M.solve(variant="complete", theta=0.5)] == ["pure (attack, attack)"]
    assert M.solve(variant="complete", theta=2.5)[0].flags["risk_dominant"]


@pytest.mark.parametrize("alpha,roots", [(0.5, [1.5]), (2, [1.5]), (6, [1.2411, 1.5, 1.7589]),
                                         (12, [-0.4845, 1.5, 3.4845]), (40, [-4.0, 1.5, 7.0])])
def test_spec_b_all_threshold_equilibria(alpha, roots):
    sol = M.solve(variant="public", b=1, c_public=2, beta=4, y=1.5, alpha=alpha)
    got = [e.quantities["threshold"] for e in sol]
    assert got == pytest.approx(roots, abs=5e-5)
    assert sol[0].flags["uniqueness_condition"] == (len(roots) == 1)
    assert sol[0].flags["most_peaceful"] and sol[-1].flags["most_warlike"]
    # second method: sign changes of G on a fine grid count the same roots
    k = np.linspace(-20, 20, 400_001) + 1.234567e-5  # no grid point exactly on a root
    g = public_threshold_residual(k, 1.5, 1, 2, alpha, 4)
    assert int(np.sum(np.sign(g[1:]) != np.sign(g[:-1]))) == len(roots)


def test_spec_b_uniqueness_threshold_alpha():
    a_star = brentq(lambda a: 4 - (2 - 1) * a / (math.sqrt(1 / (a + 4) + 1 / 4) * math.sqrt(2 * math.pi)), 1, 20)
    assert a_star == pytest.approx(5.9371, abs=5e-5)
    assert public_uniqueness_holds(1, 2, 5.93, 4) and not public_uniqueness_holds(1, 2, 5.95, 4)
    # private-only limit: k* = (b + c_B)/2 for every precision
    for be in (0.5, 4, 100):
        sol = M.solve(variant="public", b=1, c_public=2, beta=be, alpha=1e-9, y=0.0)
        assert [e.quantities["threshold"] for e in sol] == pytest.approx([1.5], abs=1e-6)


@pytest.mark.parametrize("delta,strategic,complete", [(0, [0.9332], [0.6915]), (0.5, [0.9194], [0.5360]),
                                                      (0.8, [0.9055], [0.0981]),
                                                      (0.9, [0.8988, 0.1453, 0.0015], [0.0])])
def test_exit_game_rows(delta, strategic, complete):
    s = M.solve(variant="exit", delta=delta, W=0.5, peace_mean=1, peace_sd=1, b=1, c=1)
    c = M.solve(variant="exit", delta=delta, W=0.5, peace_mean=1, peace_sd=1, b=1, c=1, exit_information="complete")
    assert sorted(e.escalation_probability for e in s) == pytest.approx(sorted(strategic), abs=5e-5)
    assert [e.escalation_probability for e in c] == pytest.approx(complete, abs=5e-5)
    for e in list(s) + list(c):
        assert e.certificate["residual"] < 1e-9


def test_exit_durations_and_fixed_point_iteration():
    c = M.solve(variant="exit", delta=0.0, W=0.5, exit_information="complete")[0]
    assert c.quantities["expected_duration"] == pytest.approx(1.446, abs=5e-4)
    c = M.solve(variant="exit", delta=0.8, W=0.5, exit_information="complete")[0]
    assert c.quantities["expected_duration"] == pytest.approx(10.20, abs=5e-3)
    # second method: iterating V <- RHS(V) from low and high starts reaches the stable fixed points
    Vs = exit_fixed_points(1, 1, 0.5, 1, 1, 0.9)
    f = lambda v: exit_value_residual(np.array([v]), 1, 1, 0.5, 1, 1, 0.9)[0] + v  # noqa: E731
    lo, hi = Vs[0] - 1, Vs[-1] + 10
    for _ in range(3000):
        lo, hi = f(lo), f(hi)
    assert lo == pytest.approx(Vs[0], abs=1e-8) and hi == pytest.approx(Vs[-1], abs=1e-8)
    s = M.solve(variant="exit", delta=0.9, W=0.5)
    assert [e.flags["stable"] for e in s] == [True, False, True]


def test_bad_input():
    with pytest.raises(ParameterError, match="`c_public`"):
        M.solve(variant="public", b=3, c_public=2)
    M.solve(variant="private", b=3, c_public=2)  # c_public only matters for spec 'public'
    with pytest.raises(ParameterError, match="`variant`"):
        M.solve(variant="dynamic")
    with pytest.raises(ParameterError, match="`sigma`"):
        M.solve(sigma=0)
    with pytest.raises(ParameterError, match="`delta`"):
        M.solve(variant="exit", delta=1.0)


def test_cli_solve_public(cli):
    import json

    r = cli("solve", "global_conflict", "--set", "variant=public", "--set", "alpha=6", "--json")
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["equilibria"]) == 3


def test_exit_roots_found_when_delta_is_near_one():
    # the V-range grows like 1/(1-delta); the cutoff-space grid keeps close roots bracketed
    for d in (0.99, 0.999):
        Vs = exit_fixed_points(1, 1, 0.5, 1, 1, d)
        assert len(Vs) == 3
        fine = np.linspace(Vs[0] - 1, Vs[-1] + 1, 2_000_001)
        r = exit_value_residual(fine, 1, 1, 0.5, 1, 1, d)
        assert int(np.sum(np.sign(r[1:]) != np.sign(r[:-1]))) == 3


# ---- issue 17: the upper-dominance assumption and the exit game's uniqueness condition ----
def test_without_upper_dominance_both_always_attack_is_an_equilibrium_too():
    """Seeded Monte Carlo over theta | x (flat prior: theta = x - sigma eps): against an
    opponent who always attacks, peace pays W - c and attack W after every signal; against
    the threshold k*, the gain of peace changes sign at k*."""
    from deterrence_games import get_model

    m = get_model("global_conflict")
    p = dict(theta=1.5, b=1.0, c=1.0, W=0.0, sigma=0.5)
    sol = m.solve(upper_dominance=False, **p)
    assert [e.label for e in sol] == ["threshold", "pure (attack, attack)"]
    assert sol.escalation_range[1] == 1.0 and not any(e.flags["unique"] for e in sol)
    assert m.solve(**p)[0].flags["unique"] and len(m.solve(**p)) == 1
    rng = np.random.default_rng(1717)
    eps_i, eps_j = rng.standard_normal((2, 400_000))
    k = sol[0].quantities["threshold"]
    for x in (k - 1.0, k - 0.1, k + 0.1, k + 1.0):
        theta = x - p["sigma"] * eps_i
        x_j = theta + p["sigma"] * eps_j
        # opponent always attacks: u(P) - u(A) = (W - c) - W
        assert np.mean(np.full_like(theta, (p["W"] - p["c"]) - p["W"])) < 0
        # opponent uses k*: peace pays theta (W - c) if it keeps (breaks) peace; attack W + b (W)
        keeps = x_j >= k
        gain = np.where(keeps, theta - (p["W"] + p["b"]), -p["c"])
        assert (gain.mean() > 0) == (x > k)


def test_exit_game_contraction_condition_means_one_stationary_equilibrium():
    from deterrence_games import get_model
    from deterrence_games.models.global_conflict import exit_value_residual

    m = get_model("global_conflict")
    rng = np.random.default_rng(6)
    seen = 0
    for _ in range(60):
        q = dict(peace_mean=rng.uniform(-1, 2), peace_sd=rng.uniform(0.2, 3), W=rng.uniform(-2, 1), b=rng.uniform(0, 1.5),
                 c=rng.uniform(0.05, 1.5), delta=rng.uniform(0.3, 0.95),
                 exit_information=str(rng.choice(["strategic", "complete"])))
        sol = m.solve(variant="exit", **q)
        if sol[0].flags["contraction"]:
            seen += 1
            assert len(sol) == 1
        # G'(V) = delta [P(peace) + (T - W/(1 - delta)) f(T - delta V)] against a finite difference
        strategic = q["exit_information"] == "strategic"
        args = (q["peace_mean"], q["peace_sd"], q["W"], q["b"], q["c"], q["delta"], strategic)
        V = sol[0].quantities["value"]
        h = 1e-6
        fd = (exit_value_residual(np.array([V + h]), *args)[0] - exit_value_residual(np.array([V - h]), *args)[0]) / (2 * h) + 1
        d = q["delta"]
        T = q["W"] / (1 - d) + q["b"] + (q["c"] if strategic else 0.0)
        z = (T - d * V - q["peace_mean"]) / q["peace_sd"]
        from scipy.stats import norm
        g = d * (norm.sf(z) + (T - q["W"] / (1 - d)) * norm.pdf(z) / q["peace_sd"])
        assert fd == pytest.approx(g, abs=1e-5)
        assert 0 <= g <= d * (1 + (T - q["W"] / (1 - d)) / (q["peace_sd"] * np.sqrt(2 * np.pi))) + 1e-12
    assert seen >= 5


def test_exit_game_extremal_stationary_equilibria_bound_every_equilibrium():
    """Any equilibrium of the limit exit game has values V_t = G(V_{t+1}) (the static selection
    given the continuation value). Second method: run that recursion backward from random
    bounded terminal values (non-stationary equilibria) and check that, once the horizon is
    long, V_0 lies between the most warlike and the most peaceful stationary values; and that
    G is increasing, the property the bound rests on."""
    rng = np.random.default_rng(17)
    checked = 0
    for _ in range(40):
        q = dict(peace_mean=rng.uniform(-0.5, 2), peace_sd=rng.uniform(0.3, 2), W=rng.uniform(-1, 1),
                 b=rng.uniform(0.2, 1.5), c=rng.uniform(0.2, 1.5), delta=rng.uniform(0.8, 0.97))
        sol = M.solve(variant="exit", **q)
        values = [e.quantities["value"] for e in sol]
        low, high = min(values), max(values)
        assert sol[int(np.argmax(values))].flags["most_peaceful"]
        assert sol[int(np.argmin(values))].flags["most_warlike"]
        args = (q["peace_mean"], q["peace_sd"], q["W"], q["b"], q["c"], q["delta"], True)

        def G(V, _a=args):
            return exit_value_residual(V, *_a) + V

        Wv = q["W"] / (1 - q["delta"])
        # feasible values: at least the war value (attack at once), at most peace for ever at
        # the flow E[max(theta, (1 - delta) Wv)] <= |mu| + sd
        v_min, v_max = min(Wv, 0.0) - 1.0, (abs(q["peace_mean"]) + q["peace_sd"]) / (1 - q["delta"]) + abs(Wv) + 1.0
        grid = np.linspace(v_min, v_max, 2001)
        assert np.all(np.diff(G(grid)) >= -1e-12)  # G increasing
        V = rng.uniform(v_min, v_max, size=200)  # 200 non-stationary continuations
        for _ in range(1000):  # geometric convergence at the rate G' < 1 of the stable extremal points
            V = G(V)
        tol = 1e-6 * (1 + abs(high))
        assert np.all(V >= low - tol) and np.all(V <= high + tol)
        if len(sol) == 3:
            checked += 1
            # starting inside the stationary band keeps every path inside it
            inside = G(np.linspace(low, high, 101))
            assert np.all(inside >= low - tol) and np.all(inside <= high + tol)
    assert checked >= 3


def _random_points(rng, n, variant):
    """``n`` random in-domain points of ``variant`` (every parameter drawn, the others default)."""
    u = rng.uniform
    pts = {"variant": [variant] * n, "theta": u(-3, 5, n), "b": u(0, 2, n), "c": u(0.01, 2, n), "W": u(-2, 2, n),
           "sigma": np.exp(u(-5, 2, n)), "upper_dominance": rng.integers(0, 2, n).astype(bool).tolist()}
    if variant == "complete":  # ties theta = W + b, where the equilibria change
        tie = rng.random(n) < 0.2
        pts["theta"] = np.where(tie, pts["W"] + pts["b"], pts["theta"])
    if variant == "public":
        pts.update(y=u(-2, 2, n), c_public=pts["b"] + u(0.1, 3, n), alpha=np.exp(u(-2, 2.5, n)),
                   beta=np.exp(u(-2, 2.5, n)))
    if variant == "exit":
        pts.update(peace_mean=u(-2, 2, n), peace_sd=u(0.2, 3, n), delta=u(0.3, 0.95, n),
                   exit_information=rng.choice(["strategic", "complete"], n).tolist())
    return pts


@pytest.mark.parametrize("variant,n", [("private", 300), ("complete", 300), ("public", 200), ("exit", 150)])
def test_vectorized_sweep_equals_per_point_sweep(variant, n):
    """The fast path (``_solve_arrays``) gives the per-point solve's table: every equilibrium,
    label and flag equal, numbers to the bit: the same floating-point operations for the
    closed forms, the same grid brackets and Brent steps for the roots."""
    pts = _random_points(np.random.default_rng(len(variant) * n), n, variant)
    a = dg.sweep(M, pts, design="points", backend="serial", progress=False)
    b = dg.sweep(M, pts, design="points", backend="serial", progress=False, vectorized=False)
    assert list(a.columns) == list(b.columns) and len(a) == len(b)
    assert (a["label"].to_numpy() == b["label"].to_numpy()).all()
    num = [c for c in a.columns if a[c].dtype.kind in "fiub" and c != "upper_dominance"]
    flags = [c for c in a.columns if c.startswith("flag_")]
    assert (a[flags].to_numpy() == b[flags].to_numpy()).all()
    np.testing.assert_array_equal(a[num].to_numpy(float), b[num].to_numpy(float))
    assert a["n_equilibria"].max() >= {"private": 2, "complete": 3, "public": 3, "exit": 3}[variant]
