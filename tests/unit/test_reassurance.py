"""reassurance: Kydd's trust threshold and costly reassurance.

Second methods, independent of the closed form:

* two types: nashpy's vertex enumeration on the induced Bayesian normal form (each player picks
  an action for each of its types; payoffs are ex-ante expectations over both players' types);
* the gesture game: every pure gesture profile of player 1, every continuation equilibrium that
  nashpy finds at the posterior each message induces, the harshest continuation (the spiral)
  off the path, and a check of both types' incentives -- the surviving profiles must be exactly
  our equilibria with pure gesture strategies. Scope: this brute force does not reach mixed
  gesture strategies (they need a posterior of exactly tau*, where nashpy's vertex enumeration
  returns only the end points of the continuum of continuations). The semi-separating
  equilibria are instead (a) certified one by one from their strategies (Bayes' rule, stage and
  gesture incentives: ``certify``), (b) checked against hand-derived cases, and (c) shown to be
  complete against the generic PBE engine in ``test_signaling_engine_xcheck.py``;
* continuous types: a seeded Monte Carlo population of 2e5 types and a scan for fixed points of
  the empirical best-response map "share cooperating -> share whose best response is C".
"""

from __future__ import annotations

import itertools

import nashpy
import numpy as np
import pytest

from deterrence_games import ParameterError, get_model

MODEL = get_model("reassurance")
BASE = dict(c=1.0, g_S=0.5, g_G=1.5)


def labels(sol):
    return [e.label for e in sol]


# --- the worked cases ------------------------------------------------------------------------

def test_trust_threshold_cases():
    sol = MODEL.solve(**BASE, tau1=0.6, tau2=0.6)
    assert labels(sol) == ["spiral"] and sol[0].escalation_probability == 1.0
    sol = MODEL.solve(**BASE, tau1=0.7, tau2=0.7)
    assert sol[0].quantities["tau_star"] == pytest.approx(2 / 3, abs=1e-15)
    coop = sol.select("flag:most_peaceful")
    assert coop.label == "cooperative" and coop.escalation_probability == pytest.approx(0.51, abs=1e-12)
    assert MODEL.solve(**BASE, tau1=0.9, tau2=0.9).select("min").escalation_probability == pytest.approx(0.19)


def test_all_three_equilibria_are_returned_spiral_always():
    sol = MODEL.solve(**BASE, tau1=0.7, tau2=0.9)
    assert labels(sol) == ["spiral", "cooperative", "mixed"]
    mixed = sol[2]
    # each side cooperates with probability tau*: conflict 1 - tau*^2
    assert mixed.escalation_probability == pytest.approx(1 - (2 / 3) ** 2, abs=1e-12)
    assert mixed.strategies["coop_S1"] == pytest.approx((2 / 3) / 0.7)
    assert mixed.strategies["coop_S2"] == pytest.approx((2 / 3) / 0.9)


def test_discontinuous_drop_in_conflict_across_tau_star():
    t_star = 2 / 3
    below = MODEL.solve(**BASE, tau1=t_star - 1e-9, tau2=t_star - 1e-9).escalation_range
    above = MODEL.solve(**BASE, tau1=t_star + 1e-9, tau2=t_star + 1e-9).escalation_range
    assert below == (1.0, 1.0)
    assert above[0] == pytest.approx(1 - t_star ** 2, abs=1e-8)  # a jump of 4/9
    at = MODEL.solve(**BASE, tau1=t_star, tau2=t_star)  # tie: cooperate
    assert labels(at) == ["spiral", "cooperative"]


@pytest.mark.parametrize("m", [0.75, 0.9, 1.0])
def test_reassurance_window_separates(m):
    sol = MODEL.solve(**BASE, tau1=0.5, tau2=1.0, m=m, v_S=1.0, v_G=2.0)
    if m == 0.75:  # knife-edge k_G = tau2 g_G: family A's end point (y = 1) is listed too
        assert labels(sol) == ["no gesture, spiral", "separating, cooperative", "semi-separating, greedy mixes"]
    else:
        assert labels(sol) == ["no gesture, spiral", "separating, cooperative"]
    sep = sol[1]
    assert (sep.quantities["window_low"], sep.quantities["window_high"]) == pytest.approx((0.75, 1.0))
    assert sep.escalation_probability == pytest.approx(0.5, abs=1e-12)
    assert sep.flags["reassuring"] and sep.flags["most_peaceful"]


def test_family_a_knife_edge_end_point():
    # m = 0.75: G_1 indifferent (k_G = 1.5 = tau2 g_G) for every gesture probability that keeps
    # the posterior >= tau*: a continuum from separating (sigma_G = 0) to sigma_G = 1/2 (posterior
    # 2/3); at the far end y = 1, cooperation tau1 = 0.5, exploitation 0.5 + 0.75 - 2 * 0.5 = 0.25
    sol = MODEL.solve(**BASE, tau1=0.5, tau2=1.0, m=0.75)
    a = sol[2]
    assert a.strategies["gesture_G1"] == pytest.approx(0.5) and a.strategies["coop_S2_gesture"] == pytest.approx(1.0)
    assert a.outcomes["cooperation"] == pytest.approx(0.5) and a.outcomes["exploitation"] == pytest.approx(0.25)


# --- semi-separating families (posterior exactly tau* after one message), hand-derived ----
#
# c = 1, g_S = 0.5 (tau* = 2/3), g_G = 1.5, v_S = 1, v_G = 2 unless stated; k_t = m v_t.
# A (tau1 < tau*): S_1 gestures, G_1 gestures w.p. tau1 (1 - tau*) / ((1 - tau1) tau*), player
#   2 cooperates after a gesture with total probability r = k_G / g_G (keeps G_1 indifferent);
#   needs tau* g_G <= k_G <= tau2 g_G and r (1 + c) - c >= k_S. With tau1 = 0.5, tau2 = 1:
#   1 <= 2m <= 1.5 and 8m/3 - 1 >= m, i.e. m in [0.6, 0.75]; cooperation tau1 r = 2m/3.

@pytest.mark.parametrize("m", [0.61, 0.65, 0.7, 0.74])
def test_family_a_window_and_outcome(m):
    sol = MODEL.solve(**BASE, tau1=0.5, tau2=1.0, m=m)
    assert labels(sol) == ["no gesture, spiral", "semi-separating, greedy mixes"]
    a = sol[1]
    assert a.strategies["gesture_S1"] == 1.0 and a.strategies["gesture_G1"] == pytest.approx(0.5)
    assert a.strategies["coop_S2_gesture"] == pytest.approx(2 * m / 1.5)
    assert a.outcomes["cooperation"] == pytest.approx(2 * m / 3, abs=1e-12)
    # player 2 cooperates w.p. r after a gesture, sent w.p. tau1 / tau* = 3/4
    assert a.outcomes["exploitation"] == pytest.approx(0.5 + 0.75 * 2 * m / 1.5 - 2 * 2 * m / 3, abs=1e-12)
    assert a.quantities["payoff_G1"] == pytest.approx(0.0, abs=1e-12)
    assert a.quantities["payoff_S1"] == pytest.approx(2 * (2 * m / 1.5) - 1 - m, abs=1e-12)
    assert a.flags["most_peaceful"] and not a.flags["reassuring"]


def test_family_a_outside_its_window():
    assert labels(MODEL.solve(**BASE, tau1=0.5, tau2=1.0, m=0.59)) == ["no gesture, spiral"]
    assert labels(MODEL.solve(**BASE, tau1=0.5, tau2=1.0, m=0.76)) == ["no gesture, spiral", "separating, cooperative"]


def test_family_b_hand_case():
    # tau1 = 0.8 > tau*, tau2 = 0.9, m = 0.1: S_1 skips the gesture w.p. s = tau*(1 - tau1) /
    # (tau1 (1 - tau*)) = 1/2 (posterior tau* after none), G_1 never gestures; after none player 2
    # cooperates w.p. r_n = tau2 - k_S / (1 + c) = 0.85 (S_1 indifferent: 0.8 - 0.1 = 2 r_n - 1).
    # Cooperation tau1 ((1 - s) tau2 + s r_n) = 0.8 (0.45 + 0.425) = 0.7.
    sol = MODEL.solve(**BASE, tau1=0.8, tau2=0.9, m=0.1)
    b = [e for e in sol if e.label == "semi-separating, seeker mixes, cooperative"]
    assert len(b) == 1
    b = b[0]
    assert b.strategies["gesture_S1"] == pytest.approx(0.5) and b.strategies["gesture_G1"] == 0.0
    assert b.strategies["coop_S2_no_gesture"] == pytest.approx(0.85 / 0.9)
    assert b.outcomes["cooperation"] == pytest.approx(0.7, abs=1e-12)
    assert b.quantities["payoff_S1"] == pytest.approx(0.7, abs=1e-12)
    assert b.quantities["payoff_G1"] == pytest.approx(0.85 * 1.5, abs=1e-12)


def test_family_d_spiral_hand_case():
    # tau1 = 0.8, tau2 = 0.9, m = 0.5: G_1 always gestures, S_1 gestures w.p. 1/2 (posterior tau*
    # after a gesture), spiral after none; S_1 indifferent: 2 r_g - 1 - 0.5 = 0, r_g = 0.75; G_1:
    # 0.75 * 1.5 - 1 >= 0. Cooperation 0.8 * 0.5 * 0.75 = 0.3, player 2 cooperates w.p.
    # 0.75 (0.4 + 0.2) = 0.45, exploitation 0.4 + 0.45 - 0.6 = 0.25.
    sol = MODEL.solve(**BASE, tau1=0.8, tau2=0.9, m=0.5)
    d = [e for e in sol if e.label == "semi-separating, seeker mixes, spiral"]
    assert len(d) == 1
    assert d[0].outcomes["cooperation"] == pytest.approx(0.3, abs=1e-12)
    assert d[0].outcomes["exploitation"] == pytest.approx(0.25, abs=1e-12)
    assert d[0].quantities["payoff_G1"] == pytest.approx(0.125, abs=1e-12)


def test_family_d_mixed_hand_case():
    # g_G = 3, v_G = 1.2 (k_G <= g_G k_S / (1 + c)), tau1 = 0.8, tau2 = 0.9, m = 0.3: S_1 gestures
    # w.p. 1/2, G_1 always; after none (posterior 1) the mixed continuation (S_1 cooperates w.p.
    # tau*, player 2 w.p. tau* in total), after a gesture r_g = tau* + k_S / (1 + c) = 0.81667.
    # Cooperation 0.8 (0.5 r_g + 0.5 tau*^2).
    sol = MODEL.solve(**BASE | dict(g_G=3.0), tau1=0.8, tau2=0.9, m=0.3, v_G=1.2)
    d = [e for e in sol if e.label == "semi-separating, seeker mixes, mixed"]
    assert len(d) == 1
    r_g = 2 / 3 + 0.15
    assert d[0].outcomes["cooperation"] == pytest.approx(0.8 * (0.5 * r_g + 0.5 * 4 / 9), abs=1e-12)
    assert d[0].quantities["payoff_S1"] == pytest.approx(2 / 3 * 0.5, abs=1e-12)  # tau* g_S


@pytest.mark.parametrize("m", [0.5, 1.2])
def test_outside_the_window_no_gesture_helps(m):
    sol = MODEL.solve(**BASE, tau1=0.5, tau2=1.0, m=m)
    assert labels(sol) == ["no gesture, spiral"] and sol.escalation_range == (1.0, 1.0)


def test_corrected_general_tau2_window_and_conflict():
    # tau2 = 0.9 >= tau*: window [tau2 g_G / v_G, (tau2 (1 + c) - c) / v_S] = [0.675, 0.8]
    sol = MODEL.solve(**BASE, tau1=0.5, tau2=0.9, m=0.7)
    sep = [e for e in sol if e.label == "separating, cooperative"][0]
    assert (sep.quantities["window_low"], sep.quantities["window_high"]) == pytest.approx((0.675, 0.8))
    assert sep.escalation_probability == pytest.approx(1 - 0.5 * 0.9, abs=1e-12)
    for m in (0.67, 0.81):
        assert "separating, cooperative" not in labels(MODEL.solve(**BASE, tau1=0.5, tau2=0.9, m=m))
    # tau2 < tau*: no gesture helps, whatever its size
    for m in np.linspace(0.01, 3, 300):
        sol = MODEL.solve(**BASE, tau1=0.5, tau2=0.6, m=float(m))
        assert sol.escalation_range == (1.0, 1.0)


# --- continuous types ---------------------------------------------------------------------

def test_continuous_roots_and_conflict():
    sol = MODEL.solve(variant="continuous", c=0.25, g_min=0.0, g_max=1.25)
    assert labels(sol) == ["spiral", "cutoff (lower root)", "cutoff (most cooperative)"]
    assert sol[1].quantities["cutoff"] == pytest.approx(0.34549, abs=1e-5)
    assert sol[2].quantities["cutoff"] == pytest.approx(0.90451, abs=1e-5)
    assert sol[2].escalation_probability == pytest.approx(0.47639, abs=1e-5)
    assert sol.select("flag:most_peaceful") == sol[2]
    assert sol[0].escalation_probability == 1.0
    for e in sol[1:]:  # the cutoff type is indifferent: G(g)(1 + c - g) = c
        g = e.quantities["cutoff"]
        assert (g / 1.25) * (1.25 - g) == pytest.approx(0.25, abs=1e-12)


def test_continuous_c1_spiral_only():
    assert labels(MODEL.solve(variant="continuous", c=1.0)) == ["spiral"]


def empirical_fixed_points(c, g_min, g_max, n=200_000, seed=0):
    """Shares of cooperators q with BR(q) = q in a sampled population (sign changes of BR(q) - q)."""
    g = np.sort(np.random.default_rng(seed).uniform(g_min, g_max, n))
    q = np.linspace(0, 1, 4001)
    with np.errstate(divide="ignore"):
        thresh = np.where(q > 0, 1 + c - c / np.where(q > 0, q, 1), -np.inf)
    br = np.searchsorted(g, thresh, side="right") / n
    h = br - q
    roots = [0.0]  # nobody cooperates: BR(0) = 0
    nz = np.flatnonzero(np.sign(h) != 0)[1:]  # skip q = 0; exact zeros sit between sign changes
    for a, b in zip(nz[:-1], nz[1:], strict=True):
        if np.sign(h[a]) != np.sign(h[b]) and q[a] - roots[-1] > 0.01:  # noise may flicker: keep one
            roots.append(q[a])
    if h[-1] >= 0 and 1.0 - roots[-1] > 0.01:  # everybody cooperates is self-consistent
        roots.append(1.0)
    return roots


@pytest.mark.parametrize(("c", "g_min", "g_max"), [(0.25, 0.0, 1.25), (1.0, 0.0, 1.25), (0.25, 0.0, 0.9),
                                                   (0.1, 0.2, 2.0), (0.4, 0.1, 1.1), (0.05, 0.0, 3.0)])
def test_continuous_matches_monte_carlo_best_response_fixed_points(c, g_min, g_max):
    sol = MODEL.solve(variant="continuous", c=c, g_min=g_min, g_max=g_max)
    ours = sorted(e.quantities["cooperation_probability"] for e in sol)
    mc = sorted(empirical_fixed_points(c, g_min, g_max))
    assert len(ours) == len(mc), (ours, mc)
    assert np.allclose(ours, mc, atol=5e-3)


# --- two types: nashpy on the induced Bayesian normal form ---------------------------------

def stage_payoff(g, a, b, c):
    return {("C", "C"): 1.0, ("D", "D"): 0.0, ("C", "D"): -c, ("D", "C"): g}[(a, b)]


def bayesian_equilibria(c, g_S, g_G, tau1, tau2):
    """Every extreme BNE as (Pr(S_1 plays C), Pr(S_2 plays C)), G types' play included in checks."""
    strategies = list(itertools.product("CD", repeat=2))  # (action of S, action of G)
    A = np.zeros((4, 4))
    B = np.zeros((4, 4))
    for i, s1 in enumerate(strategies):
        for j, s2 in enumerate(strategies):
            for (t1, p1), (t2, p2) in itertools.product(((0, tau1), (1, 1 - tau1)), ((0, tau2), (1, 1 - tau2))):
                g1, g2 = (g_S, g_G)[t1], (g_S, g_G)[t2]
                A[i, j] += p1 * p2 * stage_payoff(g1, s1[t1], s2[t2], c)
                B[i, j] += p1 * p2 * stage_payoff(g2, s2[t2], s1[t1], c)
    out = []
    with np.errstate(all="ignore"):
        for x, y in nashpy.Game(A, B).vertex_enumeration():
            pS1 = sum(x[i] for i, s in enumerate(strategies) if s[0] == "C")
            pG1 = sum(x[i] for i, s in enumerate(strategies) if s[1] == "C")
            pS2 = sum(y[j] for j, s in enumerate(strategies) if s[0] == "C")
            pG2 = sum(y[j] for j, s in enumerate(strategies) if s[1] == "C")
            P1 = tau1 * pS1 + (1 - tau1) * pG1
            P2 = tau2 * pS2 + (1 - tau2) * pG2
            key = (round(P1, 9), round(P2, 9))
            if key not in [(round(a, 9), round(b, 9)) for a, b in out]:
                out.append((P1, P2))
    return sorted(out)


def _two_type_points():
    rng = np.random.default_rng(17)
    pts = [dict(c=1.0, g_S=0.5, g_G=1.5, tau1=t, tau2=t) for t in (0.6, 0.7, 0.9)]
    while len(pts) < 40:
        c, g_S = rng.uniform(0.1, 3), rng.uniform(0, 0.95)
        t_star = c / (1 + c - g_S)
        t1, t2 = rng.uniform(0.05, 0.98, 2)
        if min(abs(t1 - t_star), abs(t2 - t_star)) < 0.01:
            continue
        pts.append(dict(c=float(c), g_S=float(g_S), g_G=float(rng.uniform(1.05, 3)), tau1=float(t1),
                        tau2=float(t2)))
    return pts


@pytest.mark.parametrize("pt", _two_type_points())
def test_two_type_matches_nashpy_on_bayesian_normal_form(pt):
    sol = MODEL.solve(**pt)
    ours = sorted((pt["tau1"] * e.strategies["coop_S1"], pt["tau2"] * e.strategies["coop_S2"]) for e in sol)
    brute = bayesian_equilibria(**pt)
    assert len(ours) == len(brute), (ours, brute)
    for o, b in zip(ours, brute, strict=True):
        assert o == pytest.approx(b, abs=1e-8)
    for e in sol:  # conflict = 1 - Pr(C) Pr(C) with independent types
        P1 = pt["tau1"] * e.strategies["coop_S1"]
        P2 = pt["tau2"] * e.strategies["coop_S2"]
        assert e.escalation_probability == pytest.approx(1 - P1 * P2, abs=1e-12)


# --- the gesture game: brute force over gesture profiles and continuation equilibria --------

def gesture_equilibria(c, g_S, g_G, tau1, tau2, m, v_S, v_G):
    """(gesture_S, gesture_G, cooperation, exploitation, mutual_defection) of every pure-gesture PBE."""
    k = {0: m * v_S, 1: m * v_G}  # type 0 = S, 1 = G
    gains = (g_S, g_G)
    found = []
    for prof in itertools.product((0, 1), repeat=2):  # gesture of S_1, of G_1
        on_path = {msg: [t for t in (0, 1) if prof[t] == msg and (tau1 if t == 0 else 1 - tau1) > 0]
                   for msg in (0, 1)}
        conts = {}
        for msg in (0, 1):
            if not on_path[msg]:
                conts[msg] = [None]  # off path: spiral
                continue
            mass_S = tau1 if 0 in on_path[msg] else 0.0
            mass = mass_S + ((1 - tau1) if 1 in on_path[msg] else 0.0)
            conts[msg] = bayesian_continuations(c, g_S, g_G, mass_S / mass, tau2)
        for choice in itertools.product(conts[0], conts[1]):
            def value(t, msg, choice=choice):
                cont = choice[msg]
                P2 = 0.0 if cont is None else cont[1]
                best = max(P2 * 1 + (1 - P2) * (-c), P2 * gains[t])
                return best - k[t] * msg
            if all(value(t, prof[t]) >= value(t, 1 - prof[t]) - 1e-12 for t in (0, 1)
                   if (tau1 if t == 0 else 1 - tau1) > 0):
                cc = ex = 0.0
                for t, pt_ in ((0, tau1), (1, 1 - tau1)):
                    cont = choice[prof[t]]
                    P1t = 0.0 if cont is None else cont[2][t]
                    P2 = 0.0 if cont is None else cont[1]
                    cc += pt_ * P1t * P2
                    ex += pt_ * (P1t * (1 - P2) + P2 * (1 - P1t))
                found.append((prof[0], prof[1], cc, ex, 1 - cc - ex))
    uniq = []
    for f in found:
        if not any(np.allclose(f, u, atol=1e-9) for u in uniq):
            uniq.append(f)
    return sorted(uniq)


def bayesian_continuations(c, g_S, g_G, tau1, tau2):
    """Continuation BNE at posterior tau1 as (P1, P2, (Pr C | S_1, Pr C | G_1))."""
    strategies = list(itertools.product("CD", repeat=2))
    A = np.zeros((4, 4))
    B = np.zeros((4, 4))
    for i, s1 in enumerate(strategies):
        for j, s2 in enumerate(strategies):
            for (t1, p1), (t2, p2) in itertools.product(((0, tau1), (1, 1 - tau1)), ((0, tau2), (1, 1 - tau2))):
                A[i, j] += p1 * p2 * stage_payoff((g_S, g_G)[t1], s1[t1], s2[t2], c)
                B[i, j] += p1 * p2 * stage_payoff((g_S, g_G)[t2], s2[t2], s1[t1], c)
    out = []
    with np.errstate(all="ignore"):
        for x, y in nashpy.Game(A, B).vertex_enumeration():
            pS1 = sum(x[i] for i, s in enumerate(strategies) if s[0] == "C")
            pS2 = sum(y[j] for j, s in enumerate(strategies) if s[0] == "C")
            pG2 = sum(y[j] for j, s in enumerate(strategies) if s[1] == "C")
            pS1 = pS1 if tau1 > 0 else 0.0
            P2 = tau2 * pS2 + (1 - tau2) * pG2
            item = (tau1 * pS1, P2, (pS1, 0.0))
            if not any(np.allclose(item[:2], o[:2], atol=1e-9) for o in out):
                out.append(item)
    return out


def _gesture_points():
    rng = np.random.default_rng(23)
    pts = [dict(c=1.0, g_S=0.5, g_G=1.5, tau1=0.5, tau2=1.0, m=m, v_S=1.0, v_G=2.0)
           for m in (0.5, 0.9, 1.2)]
    pts.append(dict(c=1.0, g_S=0.5, g_G=1.5, tau1=0.8, tau2=0.9, m=0.1, v_S=1.0, v_G=2.0))
    # both separating equilibria (cooperative and mixed continuation) exist here
    pts.append(dict(c=0.2, g_S=0.9, g_G=1.5, tau1=0.4, tau2=0.9, m=0.8, v_S=0.5, v_G=2.0))
    pts.append(dict(c=0.2, g_S=0.9, g_G=1.5, tau1=0.8, tau2=0.9, m=0.3, v_S=0.5, v_G=2.0))
    while len(pts) < 30:
        c, g_S, g_G = rng.uniform(0.1, 2), rng.uniform(0, 0.9), rng.uniform(1.05, 2.5)
        t_star = c / (1 + c - g_S)
        t1, t2 = rng.uniform(0.05, 0.95), rng.uniform(0.3, 0.99)
        v_S = rng.uniform(0.5, 1.5)
        v_G = v_S * rng.uniform(1.0, 3.0)
        m = rng.uniform(0.01, 1.5)
        edges = [t2 * g_G / v_G, (t2 * (1 + c) - c) / v_S, t_star * g_S / v_S, t_star * g_G / v_G,
                 t_star * g_S / v_S]
        if min(abs(t1 - t_star), abs(t2 - t_star)) < 0.01 or min(abs(m - e) for e in edges) < 1e-3:
            continue
        pts.append(dict(c=float(c), g_S=float(g_S), g_G=float(g_G), tau1=float(t1), tau2=float(t2),
                        m=float(m), v_S=float(v_S), v_G=float(v_G)))
    return pts


@pytest.mark.parametrize("pt", _gesture_points())
def test_gesture_game_matches_brute_force(pt):
    sol = MODEL.solve(**pt)
    if pt["c"] == 0.2 and pt["tau1"] == 0.4:
        assert labels(sol)[-2:] == ["separating, cooperative", "separating, mixed"]
    # the brute force covers pure gesture strategies only; the semi-separating ones are certified
    # by test_every_gesture_equilibrium_is_a_pbe and shown complete against the generic engine
    # (tests/unit/test_signaling_engine_xcheck.py)
    ours = sorted((e.strategies["gesture_S1"], e.strategies["gesture_G1"], e.outcomes["cooperation"],
                   e.outcomes["exploitation"], e.outcomes["mutual_defection"]) for e in sol
                  if e.strategies["gesture_S1"] in (0.0, 1.0) and e.strategies["gesture_G1"] in (0.0, 1.0))
    brute = gesture_equilibria(**pt)
    assert len(ours) == len(brute), (ours, brute)
    for o, b in zip(ours, brute, strict=True):
        assert o == pytest.approx(b, abs=1e-8)


def certify(pt, e, tol=1e-9):
    """Check from its strategies alone that ``e`` is a PBE of the gesture game; return its outcomes.

    Bayes' rule on the path, stage best responses of S_2 (to Pr(1 cooperates) = mu x) and of S_1
    (to Pr(2 cooperates) = tau2 y) after each message, and both types' gesture choices against
    the spiral off the path (payoff 0 before the cost). Greedy types defect.
    """
    c, g_S, g_G, tau1, tau2 = pt["c"], pt["g_S"], pt["g_G"], pt["tau1"], pt["tau2"]
    cost = {"gesture": (pt["m"] * pt["v_S"], pt["m"] * pt["v_G"]), "no_gesture": (0.0, 0.0)}
    s = e.strategies
    send = {"gesture": (s["gesture_S1"], s["gesture_G1"]),
            "no_gesture": (1 - s["gesture_S1"], 1 - s["gesture_G1"])}
    value, cc, p1c, p2c = {}, 0.0, 0.0, 0.0
    for msg, (pS, pG) in send.items():
        mass = tau1 * pS + (1 - tau1) * pG
        if mass <= 0:  # off the path: the spiral
            value[msg] = (-cost[msg][0], -cost[msg][1])
            continue
        x, y = s[f"coop_S1_{msg}"], s[f"coop_S2_{msg}"]
        q, r = tau1 * pS / mass * x, tau2 * y
        C2, D2 = q - (1 - q) * c, q * g_S
        assert (y == 0 or C2 >= D2 - tol) and (y == 1 or D2 >= C2 - tol), (e.label, msg, "S_2")
        C1, D1 = r - (1 - r) * c, r * g_S
        if pS > 0:
            assert (x == 0 or C1 >= D1 - tol) and (x == 1 or D1 >= C1 - tol), (e.label, msg, "S_1")
        value[msg] = (max(C1, D1) - cost[msg][0], r * g_G - cost[msg][1])
        cc += tau1 * pS * x * r
        p1c += tau1 * pS * x
        p2c += mass * r
    for t, sig in enumerate((s["gesture_S1"], s["gesture_G1"])):
        if sig > 0:
            assert value["gesture"][t] >= value["no_gesture"][t] - tol, (e.label, t)
        if sig < 1:
            assert value["no_gesture"][t] >= value["gesture"][t] - tol, (e.label, t)
        expected = sig * value["gesture"][t] + (1 - sig) * value["no_gesture"][t]
        assert e.quantities[("payoff_S1", "payoff_G1")[t]] == pytest.approx(expected, abs=1e-9)
    return {"cooperation": cc, "exploitation": p1c + p2c - 2 * cc, "mutual_defection": 1 - p1c - p2c + cc}


def _family_points():
    rng = np.random.default_rng(29)
    pts = []
    while len(pts) < 300:
        c, g_S, g_G = rng.uniform(0.05, 2), rng.uniform(0, 0.95), rng.uniform(1.05, 6)
        v_S = rng.uniform(0.2, 1.5)
        pts.append(dict(c=float(c), g_S=float(g_S), g_G=float(g_G), tau1=float(rng.uniform(0.02, 0.98)),
                        tau2=float(rng.uniform(0.3, 1)), m=float(rng.uniform(0.01, 1.5)), v_S=float(v_S),
                        v_G=float(v_S + rng.uniform(0.01, 1))))
    while len(pts) < 400:  # tau1 < tau* and k_G in [tau* g_G, tau2 g_G], where family A can live
        c, g_S, g_G = rng.uniform(0.05, 2), rng.uniform(0, 0.95), rng.uniform(1.05, 6)
        t_star = c / (1 + c - g_S)
        tau2 = rng.uniform(t_star, 1)
        v_S = rng.uniform(0.05, 1)
        v_G = v_S + rng.uniform(0.01, 2)
        k_G = rng.uniform(t_star * g_G, tau2 * g_G)
        pts.append(dict(c=float(c), g_S=float(g_S), g_G=float(g_G), tau1=float(rng.uniform(0.02, 1) * t_star),
                        tau2=float(tau2), m=float(k_G / v_G), v_S=float(v_S), v_G=float(v_G)))
    return pts


def test_every_gesture_equilibrium_is_a_pbe():
    seen = set()
    for pt in _gesture_points() + _family_points():
        for e in MODEL.solve(**pt):
            got = certify(pt, e)
            for k, v in got.items():
                assert e.outcomes[k] == pytest.approx(v, abs=1e-9), (e.label, pt)
            seen.add(e.label)
    assert {"semi-separating, greedy mixes", "semi-separating, seeker mixes, cooperative",
            "semi-separating, seeker mixes, spiral", "semi-separating, seeker mixes, mixed"} <= seen


def test_knife_edge_equilibria_are_pbe():
    # at the boundaries (weak inequalities) the listed end points are equilibria too
    t_star = 2 / 3
    pts = [dict(BASE, tau1=0.5, tau2=1.0, m=m, v_S=1.0, v_G=2.0) for m in (0.5, 0.6, 0.75, 1.0)]
    pts += [dict(BASE, tau1=0.8, tau2=0.9, m=m, v_S=1.0, v_G=2.0) for m in (1 / 3, 0.6, 0.8)]
    pts += [dict(BASE, tau1=t_star, tau2=0.9, m=0.3, v_S=1.0, v_G=2.0),
            dict(BASE, tau1=0.8, tau2=t_star, m=0.3, v_S=1.0, v_G=2.0)]
    for pt in pts:
        for e in MODEL.solve(**pt):
            got = certify(pt, e)
            for k, v in got.items():
                assert e.outcomes[k] == pytest.approx(v, abs=1e-9), (e.label, pt)


# --- contract ------------------------------------------------------------------------------

def test_arrays_match_solve_at_random_points():
    rng = np.random.default_rng(31)
    n = 200
    arrays = dict(variant=rng.choice(["two_type", "continuous"], n).astype(object),
                  c=rng.uniform(0.05, 2, n), g_S=rng.uniform(0, 0.95, n), g_G=rng.uniform(1.01, 3, n),
                  tau1=rng.uniform(0, 1, n), tau2=rng.uniform(0, 1, n),
                  m=np.where(rng.random(n) < 0.3, 0.0, rng.uniform(0, 1.5, n)),
                  v_S=rng.uniform(0.5, 1.5, n), v_G=rng.uniform(0.5, 3, n),
                  g_min=rng.uniform(0, 0.3, n), g_max=rng.uniform(0.5, 2.5, n))
    arr = MODEL.evaluate(**arrays)
    for i in range(n):
        kw = {k: (str(v[i]) if k == "variant" else float(v[i])) for k, v in arrays.items()}
        sol = MODEL.solve(**kw)
        slots = np.flatnonzero(arr.valid[i])
        assert [arr.labels[i, j] for j in slots] == labels(sol)
        for j, e in zip(slots, sol, strict=True):
            assert sum(e.outcomes.values()) == pytest.approx(1.0, abs=1e-12)
            assert min(e.outcomes.values()) >= -1e-12
            for k, v in e.outcomes.items():
                assert arr.outcomes[k][i, j] == pytest.approx(v, abs=1e-13)


@pytest.mark.parametrize(("kw", "name"), [
    (dict(c=0.0), "c"),
    (dict(g_S=1.0), "g_S"),
    (dict(g_G=1.0), "g_G"),
    (dict(tau1=1.5), "tau1"),
    (dict(tau2=-0.1), "tau2"),
    (dict(m=-1.0), "m"),
    (dict(variant="continuous", g_min=1.0, g_max=0.5), "g_max"),
    (dict(variant="three_type"), "variant"),
])
def test_bad_input_names_the_parameter(kw, name):
    with pytest.raises(ParameterError, match=f"`{name}`"):
        MODEL.solve(**kw)
