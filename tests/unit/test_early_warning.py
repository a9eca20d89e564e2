"""early_warning (with its corrections): closed form, claims, second methods.

Second methods, independent of the closed form: (1) a brute-force best-response fixed point --
scan the defender's strategies on a grid along both branches (retaliate only after an alarm;
always after an alarm and sometimes after quiet), compute the attacker's best response and the
defender's posterior gains by Bayes' rule, keep the profiles that are mutual best responses and
refine sign changes by bisection; (2) a seeded Monte Carlo simulation of the game tree under the
returned strategies.
"""

from __future__ import annotations

import numpy as np
import pytest

from deterrence_games import ParameterError, get_model

MODEL = get_model("early_warning")
BASE = dict(gamma=0.5, X=1.0, K=1.0, theta_star=0.6)


def only(**kw):
    sol = MODEL.solve(**{**BASE, **kw})
    assert len(sol) == 1
    return sol[0]


# --- the worked cases test cases -----------------------------------------------------------

def test_sensor_09_01_mixed_regime():
    e = only(detection=0.9, false_alarm=0.1)
    assert e.label == "mixed"
    q = e.quantities
    assert q["p"] == pytest.approx(0.2857, abs=5e-5)
    assert q["r_alarm"] == pytest.approx(0.8929, abs=5e-5)
    assert q["attack_probability"] == pytest.approx(0.1429, abs=5e-5)
    assert q["retaliation_probability"] == pytest.approx(0.1913, abs=5e-5)
    assert q["false_retaliation_probability"] == pytest.approx(0.0765, abs=5e-5)
    assert e.escalation_probability == pytest.approx(q["retaliation_probability"], abs=1e-14)
    assert q["posterior_alarm"] == pytest.approx(0.6, abs=1e-12)  # the corrected MC posterior
    assert q["posterior_quiet"] < 0.6


def test_hotline_pure_retaliation():
    e = only(detection=0.9, false_alarm=0.1, hotline=True, h1=0.95, h0=0.2)
    assert e.label == "pure retaliation"
    q = e.quantities
    assert (q["beta_eff"], q["phi_eff"]) == pytest.approx((0.855, 0.02), abs=1e-12)
    assert q["attack_probability"] == pytest.approx(0.0825, abs=5e-5)
    assert q["retaliation_probability"] == pytest.approx(0.0889, abs=5e-5)
    assert q["false_retaliation_probability"] == pytest.approx(0.0184, abs=5e-5)
    # correction: the imposed rule "retaliate only on alarm-and-confirm" checked at the denied posterior
    assert q["posterior_alarm_denied"] == pytest.approx(0.048, abs=5e-4)
    assert e.flags["rule_sequentially_rational"]


def test_hotline_lowers_attacks_and_false_retaliation():
    without = only(detection=0.9, false_alarm=0.1).quantities
    with_ = only(detection=0.9, false_alarm=0.1, hotline=True).quantities
    assert with_["attack_probability"] < without["attack_probability"]
    assert with_["false_retaliation_probability"] < without["false_retaliation_probability"]


@pytest.mark.parametrize(("alpha", "ret"), [(0.6, 0.0), (0.7, 0.2481), (0.8, 0.2755), (0.9, 0.1913),
                                            (0.95, 0.1099), (0.99, 0.0244)])
def test_symmetric_accuracy_table(alpha, ret):
    e = only(detection=alpha, false_alarm=1 - alpha)
    assert e.escalation_probability == pytest.approx(ret, abs=5e-5)


def test_hump_shape_in_symmetric_accuracy():
    alpha = np.linspace(0.601, 0.999, 400)
    sol = MODEL.evaluate(**BASE, detection=alpha, false_alarm=1 - alpha)
    ret = sol.quantities["retaliation_probability"][:, 0]
    att = sol.quantities["attack_probability"][:, 0]
    d = np.diff(ret)
    # strictly rises, then strictly falls: exactly one sign change from + to -
    signs = np.sign(d[np.abs(d) > 1e-13])
    assert signs[0] > 0 and signs[-1] < 0
    assert np.count_nonzero(np.diff(signs)) == 1
    assert 0.75 < alpha[np.argmax(ret)] < 0.85
    assert np.all(np.diff(att) < 0)  # attacks fall monotonically in alpha


# --- comparative statics, with the correction ----------------------------------------------

def test_false_alarm_counterexample_lower_phi_raises_retaliation():
    hi, lo = only(detection=0.7, false_alarm=0.3).quantities, only(detection=0.7, false_alarm=0.2).quantities
    assert hi["retaliation_probability"] == pytest.approx(0.2481, abs=5e-5)
    assert hi["false_retaliation_probability"] == pytest.approx(0.0992, abs=5e-5)
    assert lo["retaliation_probability"] == pytest.approx(0.2800, abs=5e-5)
    assert lo["false_retaliation_probability"] == pytest.approx(0.1120, abs=5e-5)
    # the corrected claim: attacks still fall, retaliation and mistaken retaliation rise
    assert lo["attack_probability"] < hi["attack_probability"]
    assert lo["retaliation_probability"] > hi["retaliation_probability"]
    assert lo["false_retaliation_probability"] > hi["false_retaliation_probability"]


def _unique_grid(rng, n):
    pts = dict(gamma=rng.uniform(0.05, 1, n), X=rng.uniform(0.2, 3, n), K=rng.uniform(0.2, 3, n),
               theta_star=rng.uniform(0.05, 0.95, n), detection=rng.uniform(0.2, 1, n))
    pts["false_alarm"] = pts["detection"] * rng.uniform(0, 0.95, n)
    return pts


def test_attacks_decrease_in_beta_and_increase_in_phi():
    rng = np.random.default_rng(3)
    pts = _unique_grid(rng, 4000)
    base = MODEL.evaluate(**pts)
    unique = base.valid.sum(axis=1) == 1
    up_b = MODEL.evaluate(**{**pts, "detection": np.minimum(pts["detection"] * 1.01, 1.0)})
    up_f = MODEL.evaluate(**{**pts, "false_alarm": pts["false_alarm"] * 1.01})
    a0 = np.nansum(base.quantities["attack_probability"], axis=1)
    for sol, sign in ((up_b, -1), (up_f, +1)):
        ok = unique & (sol.valid.sum(axis=1) == 1)
        diff = np.nansum(sol.quantities["attack_probability"], axis=1)[ok] - a0[ok]
        assert np.all(sign * diff >= -1e-12)
    assert unique.mean() > 0.5


def test_corrected_claim_retaliation_falls_with_phi_when_p_star_le_half_or_pure():
    rng = np.random.default_rng(4)
    pts = _unique_grid(rng, 4000)
    hi = MODEL.evaluate(**pts)
    lo = MODEL.evaluate(**{**pts, "false_alarm": pts["false_alarm"] * 0.99})
    lab_hi, lab_lo = hi.labels[:, 0], lo.labels[:, 0]
    uniq = (hi.valid.sum(1) == 1) & (lo.valid.sum(1) == 1) & (lab_hi == lab_lo)
    pure = uniq & (lab_hi == "pure retaliation")
    low_p = uniq & (lab_hi == "mixed") & (hi.quantities["p"][:, 0] <= 0.5)
    assert pure.sum() > 100 and low_p.sum() > 100
    ret = "retaliation_probability"
    false = "false_retaliation_probability"
    # total retaliation falls with phi in both cases
    for cond in (pure, low_p):
        assert np.all(lo.quantities[ret][cond, 0] <= hi.quantities[ret][cond, 0] + 1e-12)
    # mistaken retaliation falls with phi when p* <= 1/2 (checked on this grid)
    assert np.all(lo.quantities[false][low_p, 0] <= hi.quantities[false][low_p, 0] + 1e-12)
    # ... and retaliation can rise when p* > 1/2, as the correction says
    other = uniq & (lab_hi == "mixed") & (hi.quantities["p"][:, 0] > 0.5)
    assert (lo.quantities[ret][other, 0] > hi.quantities[ret][other, 0]).any()


def test_false_retaliation_can_rise_as_phi_falls_even_in_the_pure_regime():
    """Refines the correction: in the pure regime *mistaken* retaliation (1 - gamma p) phi can rise
    as phi falls, because fewer attacks leave more innocent periods to be misread; its derivative
    in phi is 1 - gamma + gamma K (beta - 2 phi) / X, negative here."""
    kw = dict(gamma=0.4, X=0.2, K=0.9, theta_star=0.1, detection=1.0)
    hi, lo = MODEL.solve(**kw, false_alarm=0.9), MODEL.solve(**kw, false_alarm=0.85)
    assert hi[0].label == lo[0].label == "pure retaliation" and len(hi) == len(lo) == 1
    assert hi[0].quantities["false_retaliation_probability"] == pytest.approx(0.78 * 0.9, abs=1e-12)
    assert lo[0].quantities["false_retaliation_probability"] == pytest.approx(0.87 * 0.85, abs=1e-12)
    assert lo[0].escalation_probability < hi[0].escalation_probability  # total still falls


# --- second method 1: brute-force best-response fixed points ------------------------------

def brute_force_equilibria(gamma, X, K, theta_star, detection, false_alarm, n=2001):
    """All (r_alarm, r_quiet, p) that are mutual best responses, found on a grid + bisection."""
    beta, phi = detection, false_alarm

    def attack_prob(r1, r0):
        cutoff = K * (beta - phi) * (r1 - r0)
        return 1.0 - min(max(cutoff / X, 0.0), 1.0)

    def gains(r1, r0):
        a = gamma * attack_prob(r1, r0)
        alarm = a * beta + (1 - a) * phi
        quiet = 1 - alarm
        mu1 = a * beta / alarm if alarm > 0 else 0.0
        mu0 = a * (1 - beta) / quiet if quiet > 0 else 0.0
        return mu1 - theta_star, mu0 - theta_star

    def is_br(r, g, tol=1e-12):
        return (g < -tol and r == 0) or (g > tol and r == 1) or abs(g) <= tol or (
            g >= -tol and r == 1) or (g <= tol and r == 0)

    found = []
    grid = np.linspace(0, 1, n)
    for branch in ("alarm", "quiet"):
        profile = (lambda s: (s, 0.0)) if branch == "alarm" else (lambda s: (1.0, s))
        idx = 0 if branch == "alarm" else 1
        g = np.array([gains(*profile(s))[idx] for s in grid])
        for s in (0.0, 1.0):  # pure endpoints
            r1, r0 = profile(s)
            g1, g0 = gains(r1, r0)
            if is_br(r1, g1) and is_br(r0, g0) and not (g1 >= -1e-12 and r1 == 0 and g1 > 1e-12):
                if (r1 == 0 and g1 <= 1e-12 or r1 == 1 and g1 >= -1e-12) and (
                        r0 == 0 and g0 <= 1e-12 or r0 == 1 and g0 >= -1e-12):
                    found.append((r1, r0, attack_prob(r1, r0)))
        for k in np.flatnonzero(np.sign(g[:-1]) * np.sign(g[1:]) < 0):  # interior indifference
            lo, hi = grid[k], grid[k + 1]
            for _ in range(80):
                mid = (lo + hi) / 2
                if np.sign(gains(*profile(mid))[idx]) == np.sign(g[k]):
                    lo = mid
                else:
                    hi = mid
            r1, r0 = profile((lo + hi) / 2)
            other = gains(r1, r0)[1 - idx]
            if (idx == 0 and other <= 1e-12) or (idx == 1 and other >= -1e-12):
                found.append((r1, r0, attack_prob(r1, r0)))
    uniq = []
    for f in found:
        if not any(np.allclose(f, u, atol=1e-7) for u in uniq):
            uniq.append(f)
    return sorted(uniq)


def _grid_points():
    rng = np.random.default_rng(11)
    pts = [dict(gamma=0.5, X=1, K=1, theta_star=0.6, detection=0.9, false_alarm=0.1),
           dict(gamma=0.5, X=1, K=1, theta_star=0.6, detection=0.855, false_alarm=0.02),
           dict(gamma=0.9, X=1, K=1, theta_star=0.6, detection=0.7, false_alarm=0.1),   # three equilibria
           dict(gamma=0.2, X=1, K=1, theta_star=0.6, detection=0.7, false_alarm=0.3)]   # no deterrence
    for _ in range(36):
        b = rng.uniform(0.3, 1)
        pts.append(dict(gamma=float(rng.uniform(0.05, 1)), X=float(rng.uniform(0.3, 2)),
                        K=float(rng.uniform(0.3, 2)), theta_star=float(rng.uniform(0.1, 0.9)),
                        detection=float(b), false_alarm=float(b * rng.uniform(0, 0.9))))
    return pts


@pytest.mark.parametrize("pt", _grid_points())
def test_closed_form_matches_brute_force_fixed_points(pt):
    sol = MODEL.solve(**pt)
    ours = sorted((e.quantities["r_alarm"], e.quantities["r_quiet"], e.quantities["p"]) for e in sol)
    brute = brute_force_equilibria(**pt)
    assert len(ours) == len(brute), (ours, brute)
    for a, b in zip(ours, brute, strict=True):
        assert a == pytest.approx(b, abs=1e-8)


def test_three_equilibria_when_quiet_posterior_can_exceed_threshold():
    sol = MODEL.solve(gamma=0.9, X=1, K=1, theta_star=0.6, detection=0.7, false_alarm=0.1)
    assert [e.label for e in sol] == ["pure retaliation", "mixed after quiet", "always retaliate"]
    assert sol.select("flag:most_peaceful").label == "pure retaliation"
    mixed = sol[1].quantities
    assert mixed["posterior_quiet"] == pytest.approx(0.6, abs=1e-12)


# --- second method 2: Monte Carlo of the game tree -----------------------------------------

@pytest.mark.parametrize("kw", [dict(detection=0.9, false_alarm=0.1), dict(detection=0.9, false_alarm=0.1, hotline=True),
                                dict(detection=0.7, false_alarm=0.2), dict(gamma=0.9, detection=0.7, false_alarm=0.1)])
def test_monte_carlo_outcome_frequencies(kw):
    pt = {**BASE, **kw}
    sol = MODEL.solve(**pt)
    rng = np.random.default_rng(2026)
    n = 200_000
    for e in sol:
        opp = rng.random(n) < pt["gamma"]
        x = rng.uniform(0, pt["X"], n)
        attack = opp & (x > e.strategies["attack_if_benefit_above"])
        alarm = rng.random(n) < np.where(attack, pt["detection"], pt["false_alarm"])
        if pt.get("hotline"):
            confirm = rng.random(n) < np.where(attack, 0.95, 0.2)
            alarm &= confirm
        r = np.where(alarm, e.strategies["retaliate_after_alarm"], e.strategies["retaliate_after_quiet"])
        ret = rng.random(n) < r
        freq = {"peace": np.mean(~attack & ~ret), "unanswered_attack": np.mean(attack & ~ret),
                "retaliation_on_attack": np.mean(attack & ret), "false_retaliation": np.mean(~attack & ret)}
        for k, f in freq.items():
            pr = e.outcomes[k]
            se = np.sqrt(max(pr * (1 - pr), 1e-12) / n)
            assert abs(f - pr) <= 5 * se + 1e-12, (k, f, pr)
        payoff = np.mean(np.where(attack, x, 0.0) - pt["K"] * ret)
        assert payoff == pytest.approx(e.quantities["payoff_attacker"], abs=5 * np.std(np.where(attack, x, 0.0) - pt["K"] * ret) / np.sqrt(n))
        if alarm.any() and e.label == "mixed":
            assert np.mean(attack[alarm]) == pytest.approx(e.quantities["posterior_alarm"], abs=0.01)


# --- contract ------------------------------------------------------------------------------

def test_outcomes_sum_to_one_and_arrays_match_solve():
    rng = np.random.default_rng(5)
    pts = _unique_grid(rng, 200)
    pts["hotline"] = rng.random(200) < 0.3
    pts["h1"] = rng.uniform(0.5, 1, 200)
    pts["h0"] = rng.uniform(0, 0.5, 200)
    arr = MODEL.evaluate(**pts)
    for i in range(200):
        kw = {k: (bool(v[i]) if k == "hotline" else float(v[i])) for k, v in pts.items()}
        sol = MODEL.solve(**kw)
        slots = np.flatnonzero(arr.valid[i])
        assert len(slots) == len(sol)
        for j, e in zip(slots, sol, strict=True):
            assert arr.labels[i, j] == e.label
            assert sum(e.outcomes.values()) == pytest.approx(1.0, abs=1e-12)
            assert all(v >= -1e-15 for v in e.outcomes.values())
            for k, v in e.outcomes.items():
                assert arr.outcomes[k][i, j] == pytest.approx(v, abs=1e-14)
            for k, v in e.quantities.items():
                assert arr.quantities[k][i, j] == pytest.approx(v, abs=1e-14, nan_ok=True)


@pytest.mark.parametrize(("kw", "name"), [
    (dict(false_alarm=0.9, detection=0.9), "false_alarm"),
    (dict(false_alarm=0.95), "false_alarm"),
    (dict(hotline=True, detection=0.5, h1=0.1, false_alarm=0.4, h0=0.9), "h0"),
    (dict(gamma=0.0), "gamma"),
    (dict(theta_star=1.0), "theta_star"),
    (dict(detection=1.2), "detection"),
    (dict(K=-1.0), "K"),
    (dict(hotline="yes"), "hotline"),
])
def test_bad_input_names_the_parameter(kw, name):
    with pytest.raises(ParameterError, match=f"`{name}`"):
        MODEL.solve(**kw)


def test_knife_edge_at_alpha_06_is_continuous():
    """At mu(1) = theta_star (alpha = 0.6) the mixed regime meets no deterrence with r* = 0."""
    below = only(detection=0.6 - 1e-9, false_alarm=0.4 + 1e-9)
    above = only(detection=0.6 + 1e-9, false_alarm=0.4 - 1e-9)
    assert below.label == "no deterrence" and below.escalation_probability == 0.0
    assert above.label == "mixed" and above.escalation_probability == pytest.approx(0.0, abs=1e-7)
    assert below.quantities["attack_probability"] == pytest.approx(above.quantities["attack_probability"], abs=1e-7)


def test_rule_flag_detects_when_acting_only_on_confirmed_alarms_is_not_a_best_response():
    """corrected case: the rule is imposed. Here an unconfirmed alarm still leaves the posterior of an
    attack (0.47) above theta_star = 0.41, so the defender would rather retaliate on it."""
    kw = dict(gamma=0.63, X=1.0, K=0.81, theta_star=0.41, detection=0.95, false_alarm=0.11, hotline=True, h1=0.74, h0=0.04)
    (e,) = MODEL.solve(**kw)
    q = e.quantities
    assert e.label == "pure retaliation" and q["r_quiet"] == 0.0
    # posterior after "alarm, not confirmed", recomputed by hand
    a = kw["gamma"] * q["p"]
    denied = a * 0.95 * 0.26 / (a * 0.95 * 0.26 + (1 - a) * 0.11 * 0.96)
    assert q["posterior_alarm_denied"] == pytest.approx(denied, abs=1e-12) and denied > 0.41
    assert q["posterior_no_alarm"] < 0.41
    assert not e.flags["rule_sequentially_rational"]
    assert only(detection=0.9, false_alarm=0.1, hotline=True).flags["rule_sequentially_rational"]
