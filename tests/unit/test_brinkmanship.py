"""brinkmanship: the worked cases, grid over q, quadrature, seeded Monte Carlo, BR grid."""

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.optimize import brentq

from deterrence_games import ParameterError, get_model
from deterrence_games.models.brinkmanship import (
    DISASTER_TWO_SIDED,
    disaster_two_sided,
    quit_level,
    quit_levels_asymmetric,
)

MODEL = get_model("brinkmanship")
P = dict(a_T=1.0, b_T=2.0, D_T=10.0, a_R=1.0, b_R=2.0, D_soft=8.0, D_hard=0.5)


@pytest.mark.parametrize(("h", "threat", "disaster"), [
    (0.2, True, 0.06), (0.3, True, 0.09), (0.5, True, 0.15), (0.6, False, 0.0),
])
def test_worked_8a(h, threat, disaster):
    sol = MODEL.solve(pi=h, **P)
    e = sol[0]
    assert e.quantities["q_eff"] == pytest.approx(0.3)
    assert e.flags["threat"] is threat
    assert sol.escalation_probability == pytest.approx(disaster, abs=1e-12)
    assert sum(e.outcomes.values()) == pytest.approx(1.0)
    if threat:  # the worked cases: disaster equals h * q_eff
        assert e.outcomes["disaster"] == pytest.approx(h * e.quantities["q_eff"])


def test_q_acc_values():
    assert MODEL.solve(pi=0.5, **P)[0].quantities["q_acc"] == pytest.approx(0.375)
    assert MODEL.solve(pi=0.6, **P)[0].quantities["q_acc"] == pytest.approx(0.25)


def _grid_over_q(h, a_T, b_T, D_T, a_R, b_R, D_soft, D_hard, n=100001):
    """T picks q on a grid (q = 0 is 'no threat'); soft target complies iff q >= q_eff."""
    q = np.linspace(0.0, 1.0, n)
    # the soft target's best response, computed from its payoffs: comply -a_R vs defy
    defy_soft = (1 - q) * b_R - q * D_soft
    complies = -a_R >= defy_soft - 1e-12
    u_T = np.where(complies, (1 - h) * a_T, (1 - h) * (-(1 - q) * b_T - q * D_T)) \
        + h * (-(1 - q) * b_T - q * D_T)
    u_no = -b_T
    j = int(np.argmax(u_T))
    if u_T[j] <= u_no + 1e-12:
        return 0.0
    return h * q[j]


def _brute_force(h, a_T, b_T, D_T, a_R, b_R, D_soft, D_hard, n=200001):
    """T picks q on a grid (q = 0 is 'no threat'); each type best-responds from its own payoffs
    (comply -a_R vs defy (1 - q) b_R - q D_k; ties: comply). Returns the outcome distribution,
    with ties in T's payoff broken toward no threat, then the lower q."""
    q = np.linspace(0.0, 1.0, n)
    res = {}
    u_T = np.zeros(n)
    for mass, D_k in ((1 - h, D_soft), (h, D_hard)):
        comply = -a_R >= (1 - q) * b_R - q * D_k - 1e-12
        u_T += mass * np.where(comply, a_T, -(1 - q) * b_T - q * D_T)
        res[D_k, mass] = comply
    j = int(np.argmax(u_T))  # first maximiser: the lowest q
    if u_T[j] <= -b_T + 1e-12:
        return {"no_threat": 1.0, "compliance": 0.0, "disaster": 0.0, "backdown": 0.0}
    defy = sum(mass for (_, mass), c in res.items() if not c[j])
    return {"no_threat": 0.0, "compliance": 1.0 - defy, "disaster": defy * q[j], "backdown": defy * (1 - q[j])}


@pytest.mark.parametrize("kw", [
    dict(D_hard=1.5), dict(D_hard=1.0), dict(a_R=0.0), dict(D_hard=0.99), dict(D_hard=9.0, D_soft=0.5),
    dict(D_hard=9.0, D_soft=0.5, a_T=0.1), dict(D_hard=3.0, D_soft=3.0), dict(D_soft=0.5),
])
@pytest.mark.parametrize("h", [0.0, 0.2, 0.5, 0.6, 0.9, 1.0])
def test_both_compliance_thresholds_brute_force(kw, h):
    """Issue 17: a hard target with D_hard >= a_R complies at q_hard = (a_R + b_R)/(b_R + D_hard) <= 1;
    T then threatens at q_hard, both types comply and there is no disaster. Brute force over q
    with both types best-responding (n = 200,001 risk levels)."""
    par = {**P, **kw}
    e = MODEL.solve(pi=h, **par)[0]
    bf = _brute_force(h, **par)
    for o, v in bf.items():
        assert e.outcomes[o] == pytest.approx(v, abs=2e-5), o
    assert e.quantities["q_hard"] == pytest.approx((par["a_R"] + par["b_R"]) / (par["b_R"] + par["D_hard"]))


def test_hard_target_that_complies_means_no_disaster():
    """The audit's examples: D_hard = 1.5 >= a_R = 1 and a_R = 0 give no disaster (was 0.15 and 0.10)."""
    for kw in (dict(D_hard=1.5), dict(a_R=0.0)):
        e = MODEL.solve(pi=0.5, **{**P, **kw})[0]
        assert e.escalation_probability == 0.0 and e.outcomes["compliance"] == 1.0
        q_hard = e.quantities["q_hard"]
        assert e.strategies["q_after_hard_signal"] == pytest.approx(q_hard)  # the higher threshold
    # D_hard just below a_R: the textbook answer h q_eff
    assert MODEL.solve(pi=0.5, **{**P, "D_hard": 0.999}).escalation_probability == pytest.approx(0.15)


def test_hard_type_more_hurt_by_disaster_can_be_the_only_complier():
    """D_hard > D_soft and D_soft < a_R: only the 'hard' type can be made to comply (q_hard <= 1 <
    q_eff); T threatens where its posterior on that type is high enough: after the hard-looking
    signal only, here. By hand: q_hard = 3/11; the soft mass 0.5 * 0.2 defies after it."""
    e = MODEL.solve(pi=0.5, rho=0.8, **{**P, "D_hard": 9.0, "D_soft": 0.5})[0]
    assert e.label == "threat after hard-looking signal only"
    assert e.escalation_probability == pytest.approx(0.5 * 0.2 * 3 / 11, abs=1e-12)


@pytest.mark.parametrize("h", [0.0, 0.1, 0.2, 0.3, 0.5, 0.55, 0.6, 0.9, 1.0])
def test_grid_over_q_agrees(h):
    got = MODEL.solve(pi=h, **P).escalation_probability
    assert got == pytest.approx(_grid_over_q(h, **P), abs=1e-5)


def test_tie_at_q_acc_means_no_threat():
    # choose h so that q_acc == q_eff exactly: h_bar = 3 / (3 + 0.3 * 8) = 5/9
    h_bar = MODEL.solve(**P)[0].quantities["h_bar"]
    assert h_bar == pytest.approx(5 / 9)
    assert MODEL.solve(pi=5 / 9, **P).escalation_probability == 0.0
    assert MODEL.solve(pi=5 / 9 - 1e-9, **P).escalation_probability == pytest.approx(0.3 * 5 / 9, abs=1e-8)
    assert MODEL.solve(pi=5 / 9 + 1e-9, **P).escalation_probability == 0.0


def test_signal_extension_rho_half_is_textbook_and_rho_one_is_peace():
    for h in (0.2, 0.5, 0.6):
        assert MODEL.solve(pi=h, rho=0.5, **P).escalation_probability == MODEL.solve(pi=h, **P).escalation_probability
        assert MODEL.solve(pi=h, rho=1.0, **P).escalation_probability == 0.0


def test_signal_extension_by_enumerating_signals():
    """Independent computation: posterior per signal, then the textbook rule at each posterior."""
    for h in (0.3, 0.5, 0.6):
        for rho in np.linspace(0.5, 1, 26):
            total = 0.0
            for lik_hard, lik_soft in ((rho, 1 - rho), (1 - rho, rho)):
                ps = h * lik_hard + (1 - h) * lik_soft
                if ps == 0:
                    continue
                post = h * lik_hard / ps
                total += ps * _grid_over_q(post, **P, n=20001)
            assert MODEL.solve(pi=h, rho=rho, **P).escalation_probability == pytest.approx(total, abs=1e-4)


# ---- §8b two-sided ---------------------------------------------------------------------
def test_two_sided_closed_form_quadrature():
    val, err = quad(lambda m: quit_level(m) * 2 * (1 - m), 0, 1)
    assert val == pytest.approx(11 - 4 * np.e, abs=1e-12)
    assert DISASTER_TWO_SIDED == pytest.approx(0.1268727, abs=1e-7)
    sol = MODEL.solve(variant="two_sided")
    sym = [e for e in sol if e.flags["symmetric"]]
    assert len(sym) == 1 and sym[0].escalation_probability == pytest.approx(val, abs=1e-12)
    assert sol.escalation_range == pytest.approx((0.0, val), abs=1e-12)


def test_two_sided_monte_carlo_seeded():
    rng = np.random.default_rng(20240601)
    n = 200_000
    v = rng.uniform(size=(n, 2))
    level = rng.uniform(size=n)  # accumulated risk at which disaster strikes
    disaster = level < quit_level(v.min(axis=1))
    est = disaster.mean()
    se = disaster.std() / np.sqrt(n)
    assert abs(est - DISASTER_TWO_SIDED) < 4 * se


def test_two_sided_best_response_grid_reproduces_s():
    """Against an opponent using s(.), a type v's best quitting level on a grid is s(v).

    U(s; v) = int_{w: s(w) < s} [(1 - s(w)) v - s(w)] dw - s (1 - s^{-1}(s)), by quadrature.
    """
    def s_inv(s):
        return brentq(lambda w: float(quit_level(w)) - s, 0.0, 1.0) if 0 < s < 1 else float(s >= 1)

    def utility(s, v):
        w_s = s_inv(s)
        win, _ = quad(lambda w: (1 - quit_level(w)) * v - quit_level(w), 0, w_s, epsabs=1e-13)
        return win - s * (1 - w_s)

    s_grid = np.linspace(0, 1, 1001)
    for v in (0.3, 0.6, 0.9):
        u = np.array([utility(s, v) for s in s_grid])
        s_v = float(quit_level(v))
        assert s_grid[np.argmax(u)] == pytest.approx(s_v, abs=1e-3)
        assert utility(s_v, v) >= u.max() - 1e-9


@pytest.mark.parametrize("K", [2.0, 0.25])
def test_two_sided_asymmetric_family_best_response_grid(K):
    """Every K > 0 is an equilibrium: against the opponent's quitting levels, each type's best
    level on a grid is its own (U(x; v) = int_{s_j < x} [(1 - s_j) v - s_j] - x Pr(s_j >= x),
    by Monte Carlo-free quadrature over the opponent's value)."""
    def utility(x, v, s_opp):
        w = brentq(lambda t: float(s_opp(t)) - x, 0.0, 1.0) if 0 < x < float(s_opp(1.0)) else float(x > 0)
        win, _ = quad(lambda t: (1 - s_opp(t)) * v - s_opp(t), 0, w, epsabs=1e-13)
        return win - x * (1 - w)

    x_grid = np.linspace(0, 0.999, 500)
    for i in (0, 1):
        def s_own(t, i=i):
            return float(quit_levels_asymmetric(t, K)[i])

        def s_opp(t, i=i):
            return float(quit_levels_asymmetric(t, K)[1 - i])
        for v in (0.3, 0.7):
            u = np.array([utility(x, v, s_opp) for x in x_grid])
            assert x_grid[np.argmax(u)] == pytest.approx(s_own(v), abs=3e-3)
            assert utility(s_own(v), v, s_opp) >= u.max() - 1e-9


def test_two_sided_disaster_over_the_family_monte_carlo():
    """Pr(disaster) E[min(s_1, s_2)] of the family by seeded Monte Carlo; largest at K = 1;
    symmetric in K <-> 1/K; the ends (one state concedes at once) have none."""
    rng = np.random.default_rng(17)
    v = rng.uniform(size=(200_000, 2))
    for K in (1.0, 3.0, 1 / 3, 20.0):
        s1, s2 = quit_levels_asymmetric(v[:, 0], K)[0], quit_levels_asymmetric(v[:, 1], K)[1]
        m = np.minimum(s1, s2)
        assert abs(m.mean() - disaster_two_sided(K)) < 4 * m.std() / np.sqrt(len(m))
        assert disaster_two_sided(K) <= DISASTER_TWO_SIDED + 1e-12
    assert disaster_two_sided(3.0) == pytest.approx(disaster_two_sided(1 / 3), abs=1e-10)
    assert disaster_two_sided(1.5) == pytest.approx(0.125, abs=1e-10)  # by hand: g = (1 + v/2)^2
    assert disaster_two_sided(1e6) < 1e-4
    sol = MODEL.solve(variant="two_sided")
    assert sorted(e.label for e in sol) == ["state 1 concedes at once", "state 2 concedes at once",
                                            "symmetric cutoff"]
    s1, s2 = quit_levels_asymmetric(np.linspace(0, 1, 11), 1.0)
    np.testing.assert_allclose(s1, quit_level(np.linspace(0, 1, 11)))
    np.testing.assert_allclose(s2, s1)
    with pytest.raises(ValueError, match="`K`"):
        disaster_two_sided(0.0)


# ---- vectorized ---------------------------------------------------------------------------
def test_solve_arrays_equals_solve():
    rng = np.random.default_rng(7)
    n = 300
    arrays = dict(
        variant=rng.choice(["one_sided", "two_sided"], n, p=[0.8, 0.2]),
        a_T=rng.uniform(0.1, 3, n), b_T=rng.uniform(0.1, 3, n), a_R=rng.uniform(0, 3, n),
        b_R=rng.uniform(0.1, 3, n), D_soft=rng.uniform(0.1, 10, n), D_hard=rng.uniform(0.1, 5, n),
        pi=rng.uniform(0, 1, n), rho=rng.uniform(0.5, 1, n),
    )
    arrays["D_T"] = arrays["b_T"] + rng.uniform(0.1, 10, n)
    arrays["rho"][:30] = 0.5
    res = MODEL.evaluate(**arrays)
    for i in range(n):
        sol = MODEL.solve(**{k: v[i].item() if hasattr(v[i], "item") else v[i] for k, v in arrays.items()})
        assert res.valid[i].sum() == len(sol)
        for j, e in enumerate(sol):
            for o in MODEL.outcomes:
                assert res.outcomes[o][i, j] == pytest.approx(e.outcomes[o], abs=1e-12)
            assert res.labels[i, j] == e.label


@pytest.mark.parametrize(("name", "value"), [
    ("pi", 1.2), ("rho", 0.4), ("rho", 1.01), ("b_T", 0.0), ("D_soft", -1.0), ("a_R", -0.5),
    ("variant", "three_sided"),
])
def test_bad_input(name, value):
    with pytest.raises(ParameterError, match=f"`{name}`"):
        MODEL.solve(**{name: value})


def test_disaster_must_be_worse_than_backing_down():
    with pytest.raises(ParameterError, match="`D_T`"):
        MODEL.solve(D_T=1.0, b_T=2.0)


def test_metadata():
    assert MODEL.provenance == "textbook version"
    assert MODEL.information == ("rho",)


def test_reconstructed_parts_are_labelled_per_solution():
    assert MODEL.solve().provenance == "textbook version"
    assert MODEL.solve(variant="two_sided").provenance == "reconstruction"
    assert MODEL.solve(rho=0.8).provenance == "reconstruction"


def test_command_line(tmp_path):
    import json
    import subprocess
    import sys

    run = [sys.executable, "-m", "deterrence_games"]
    r = subprocess.run([*run, "solve", "brinkmanship", "--set", "pi=0.5", "--json"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["escalation_range"] == pytest.approx([0.15, 0.15])
    r = subprocess.run([*run, "sweep", "brinkmanship", "--grid", "pi=0:1:5", "--out", str(tmp_path / "t.csv")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([*run, "solve", "brinkmanship", "--set", "rho=0.2"], capture_output=True, text=True)
    assert r.returncode == 2 and "`rho`" in r.stderr


@pytest.mark.parametrize("version", ["one_sided", "two_sided"])
def test_sweep_vectorized_and_loop_agree(version):
    import deterrence_games as dg

    grid = {"pi": np.linspace(0, 1, 11).tolist(), "rho": [0.5, 0.7, 1.0]}
    a = dg.sweep(MODEL, grid, fixed={"variant": version})
    b = dg.sweep(MODEL, grid, fixed={"variant": version}, vectorized=False)
    assert list(a.columns) == list(b.columns)
    num = [c for c in a.columns if a[c].dtype.kind in "fiub"]
    np.testing.assert_allclose(a[num].to_numpy(float), b[num].to_numpy(float), atol=1e-12)
    assert (a["label"] == b["label"]).all()
