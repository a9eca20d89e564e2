"""costly_signaling: Fearon 1997 two-type reconstruction.

Second method, independent of the closed form: the induced (ex-ante) normal form of the
signaling game -- S picks a signal for each type, R (the opportunist) a response to each
message, fighting decisions fixed by sequential rationality -- solved by nashpy's vertex
enumeration; Nash equilibria whose off-path responses no belief rationalises are discarded
(the PBE filter), and the outcome distributions of the remaining ones are compared with ours.
"""

from __future__ import annotations

import itertools

import nashpy
import numpy as np
import pytest

from deterrence_games import ParameterError, get_model

MODEL = get_model("costly_signaling")
CASE = dict(pi=0.3, revisionist=0.2, v_r=1.0, v_i=0.5, w_r=0.4, w_i=-0.5, rho_star=0.6)


def by_label(sol):
    return {e.label: e for e in sol}


# --- worked cases ---------------------------------------------------------------------

def test_no_signal_benchmark():
    (e,) = MODEL.solve(**CASE, variant="none")
    assert e.escalation_probability == pytest.approx(0.30, abs=1e-12)
    assert e.quantities["payoff_S"] == pytest.approx(0.12, abs=1e-12)


def test_sinking_costs_least_cost_separating():
    sol = by_label(MODEL.solve(**CASE, variant="sinking_costs", m=0.4))
    sep = sol["separating"]
    assert sep.quantities["m_star"] == pytest.approx(0.40, abs=1e-12)
    assert sep.quantities["m_max"] == pytest.approx(0.48, abs=1e-12)
    assert sep.escalation_probability == pytest.approx(0.06, abs=1e-12)
    assert sep.quantities["payoff_S"] == pytest.approx(0.144, abs=1e-12)
    assert sep.flags["most_peaceful"] and not sep.flags["bluffing"]
    assert "semi-separating" not in sol  # m = m* is the boundary: separating only


@pytest.mark.parametrize(("m", "y", "war"), [(0.1, 0.75, 0.24), (0.2, 0.5, 0.18), (0.3, 0.25, 0.12)])
def test_sinking_costs_semi_separating(m, y, war):
    semi = by_label(MODEL.solve(**CASE, m=m))["semi-separating"]
    assert semi.quantities["sigma_irresolute"] == pytest.approx(0.2857, abs=5e-5)
    assert semi.quantities["y_signal"] == pytest.approx(y, abs=1e-12)
    assert semi.escalation_probability == pytest.approx(war, abs=1e-12)
    assert semi.quantities["belief_signal"] == pytest.approx(CASE["rho_star"], abs=1e-12)
    assert semi.flags["bluffing"]


def test_tying_hands_pooling_commitment():
    (e,) = MODEL.solve(**CASE, variant="tying_hands", a=0.6)
    assert e.label == "pooling (commit)"
    assert e.quantities["theta_bar"] == pytest.approx(0.5, abs=1e-12)
    assert e.escalation_probability == pytest.approx(0.20, abs=1e-12)
    assert e.quantities["payoff_S"] == pytest.approx(0.474, abs=1e-12)
    assert not e.flags["bluffing"]


def test_theta_06_tying_hands_separates_and_matches_sinking_costs():
    (th,) = MODEL.solve(**{**CASE, "revisionist": 0.6}, variant="tying_hands")
    sc = by_label(MODEL.solve(**{**CASE, "revisionist": 0.6}, m=0.4 * 0.5))["separating"]
    assert th.label == "separating"
    assert th.escalation_probability == pytest.approx(0.18, abs=1e-12)
    assert sc.escalation_probability == pytest.approx(0.18, abs=1e-12)


# --- correction: ties and missing conditions ---------------------------------------------------

def test_pooling_commitment_iff_theta_strictly_below_theta_bar():
    at = MODEL.solve(**{**CASE, "revisionist": 0.5}, variant="tying_hands")
    below = MODEL.solve(**{**CASE, "revisionist": 0.5 - 1e-9}, variant="tying_hands")
    assert at[0].label == "separating" and at[0].escalation_probability == pytest.approx(0.15)
    assert below[0].label == "pooling (commit)"


def test_tying_hands_requires_a_strictly_above_minus_w_i():
    MODEL.solve(**CASE, variant="tying_hands", a=0.5 + 1e-9)
    with pytest.raises(ParameterError, match="`a`"):
        MODEL.solve(**CASE, variant="tying_hands", a=0.5)


def test_semi_separating_needs_resolute_willing_to_signal():
    # v_r - w_r = 0.3 < v_i = 0.5: neither semi-separating nor separating exists
    sol = MODEL.solve(**{**CASE, "w_r": 0.7}, m=0.1)
    assert [e.label for e in sol] == ["pooling (no signal)"]


@pytest.mark.parametrize(("m", "labels"), [
    (0.4 - 1e-9, ["pooling (no signal)", "semi-separating"]),
    (0.4, ["pooling (no signal)", "separating"]),
    (0.48, ["pooling (no signal)", "separating"]),
    (0.48 + 1e-9, ["pooling (no signal)"]),
])
def test_sinking_cost_regime_boundaries(m, labels):
    assert [e.label for e in MODEL.solve(**CASE, m=m)] == labels


def test_intuitive_criterion_flags_pooling_only_strictly_inside_the_window():
    flags = {m: by_label(MODEL.solve(**CASE, m=m))["pooling (no signal)"].flags["intuitive"]
             for m in (0.2, 0.4, 0.45, 0.48, 0.6)}
    assert flags == {0.2: True, 0.4: True, 0.45: False, 0.48: True, 0.6: True}


# --- Fearon's three claims on a grid -------------------------------------------------------

def _random_points(n, seed):
    rng = np.random.default_rng(seed)
    pts = []
    while len(pts) < n:
        v_i = rng.uniform(0.1, 1)
        v_r = v_i + rng.uniform(0.05, 1.5)
        w_r = rng.uniform(0.01, v_r - 0.01)
        rho = rng.uniform(0.1, 0.95)
        pts.append(dict(pi=float(rng.uniform(0.01, 0.99) * rho), revisionist=float(rng.uniform(0, 0.95)),
                        v_r=float(v_r), v_i=float(v_i), w_r=float(w_r), w_i=float(-rng.uniform(0.05, 1.5)),
                        rho_star=float(rho)))
    return pts


def _separable(pt):
    """The resolute type is willing to pay the least-cost separating signal: v_r - w_r >= v_i."""
    return pt["v_r"] - pt["w_r"] >= pt["v_i"]


@pytest.mark.parametrize("pt", [p for p in _random_points(80, 1) if _separable(p)][:25])
def test_claim_i_no_bluffing_at_the_optimal_sunk_cost(pt):
    m_star = (1 - pt["revisionist"]) * pt["v_i"]
    m_max = (1 - pt["revisionist"]) * (pt["v_r"] - pt["w_r"])
    assert m_max >= m_star
    grid = np.linspace(m_max / 400, m_max, 400)
    grid = np.unique(np.append(grid, m_star))
    best_m, best_u, best_e = None, -np.inf, None
    for m in grid:  # the resolute type's payoff in the signaling (non-pooling) equilibrium
        for e in MODEL.solve(**pt, m=float(m)):
            if e.label != "pooling (no signal)" and e.quantities["payoff_resolute"] > best_u + 1e-12:
                best_m, best_u, best_e = m, e.quantities["payoff_resolute"], e
    assert best_m == pytest.approx(m_star, abs=1e-12)
    assert best_e.label == "separating" and not best_e.flags["bluffing"]
    assert best_e.quantities["sigma_irresolute"] == 0.0


@pytest.mark.parametrize("pt", _random_points(200, 2))
def test_claims_ii_iii_tying_hands_pays_more_and_risks_more(pt):
    m_star = (1 - pt["revisionist"]) * pt["v_i"]
    m_max = (1 - pt["revisionist"]) * (pt["v_r"] - pt["w_r"])
    if m_max < m_star:
        return
    sc = by_label(MODEL.solve(**pt, m=m_star))["separating"]
    (th,) = MODEL.solve(**pt, variant="tying_hands", a=-pt["w_i"] + 0.1)
    assert th.quantities["payoff_S"] > sc.quantities["payoff_S"]
    assert th.escalation_probability >= sc.escalation_probability - 1e-15
    if th.label == "pooling (commit)":  # the irresolute type commits: strictly riskier
        assert th.escalation_probability > sc.escalation_probability


# --- second method: nashpy on the induced normal form, filtered to PBE ----------------------

def induced_equilibria(pt, signal, m=0.4, a=0.6):
    """Outcome distributions (war, concession, status_quo) of every PBE, via nashpy."""
    pi, theta, rho = pt["pi"], pt["revisionist"], pt["rho_star"]
    v = {"r": pt["v_r"], "i": pt["v_i"]}
    w = {"r": pt["w_r"], "i": pt["w_i"]}
    prior = {"r": pi, "i": 1 - pi}
    cost_up = m if signal == "sinking_costs" else 0.0
    audience = a if signal == "tying_hands" else 0.0

    def fights(t, s):  # sequential rationality after a challenge
        return w[t] - cost_up * s > -audience * s - cost_up * s

    def u_S(t, s, challenged):
        if not challenged:
            return v[t] - cost_up * s
        return (w[t] if fights(t, s) else -audience * s) - cost_up * s

    S_pure = list(itertools.product((0, 1), repeat=2))  # (s_r, s_i)
    R_pure = list(itertools.product((0, 1), repeat=2))  # (c_after_0, c_after_1)
    A = np.zeros((4, 4))
    B = np.zeros((4, 4))
    for i, s in enumerate(S_pure):
        for j, c in enumerate(R_pure):
            for k, t in enumerate("ri"):
                st = s[k]
                A[i, j] += prior[t] * (theta * u_S(t, st, True) + (1 - theta) * u_S(t, st, bool(c[st])))
                B[i, j] += prior[t] * c[st] * (-(1 - rho) if fights(t, st) else rho)
    out = []
    with np.errstate(all="ignore"):
        eqs = list(nashpy.Game(A, B).vertex_enumeration())
    for x, y in eqs:
        sig = {t: sum(x[i] * s[k] for i, s in enumerate(S_pure)) for k, t in enumerate("ri")}
        chal = [sum(y[j] * c[msg] for j, c in enumerate(R_pure)) for msg in (0, 1)]
        ok = True
        for msg in (0, 1):
            mass = sum(prior[t] * (sig[t] if msg else 1 - sig[t]) for t in "ri")
            if mass < 1e-12:  # off path: some belief must rationalise the response
                f = [float(fights(t, msg)) for t in "ri"]  # fight prob ranges over [lo, hi]
                if chal[msg] > 1e-9 and min(f) > rho:  # challenging needs fight prob <= rho*
                    ok = False
                if chal[msg] < 1 - 1e-9 and max(f) < rho:  # not challenging needs >= rho*
                    ok = False
        if not ok:
            continue
        war = conc = sq = 0.0
        for t in "ri":
            for msg, pm in ((1, sig[t]), (0, 1 - sig[t])):
                pc = theta + (1 - theta) * chal[msg]
                mass = prior[t] * pm
                sq += mass * (1 - pc)
                if fights(t, msg):
                    war += mass * pc
                else:
                    conc += mass * pc
        out.append((war, conc, sq))
    uniq = []
    for o in out:
        if not any(np.allclose(o, u, atol=1e-9) for u in uniq):
            uniq.append(o)
    return sorted(uniq)


def _generic_points(n, seed):
    pts = []
    for pt in _random_points(4 * n, seed):
        m_star = (1 - pt["revisionist"]) * pt["v_i"]
        m_max = (1 - pt["revisionist"]) * (pt["v_r"] - pt["w_r"])
        if abs(pt["v_r"] - pt["w_r"] - pt["v_i"]) < 0.02 or abs(pt["revisionist"] - pt["v_i"] / (pt["v_i"] - pt["w_i"])) < 0.02:
            continue
        for m in (0.5 * m_star, 0.5 * (m_star + m_max), 1.3 * max(m_star, m_max)):
            if m > 0 and min(abs(m - m_star), abs(m - m_max)) > 1e-3:
                pts.append((pt, float(m)))
        if len(pts) >= n:
            break
    return pts[:n]


@pytest.mark.parametrize(("pt", "m"), _generic_points(40, 7))
@pytest.mark.parametrize("signal", ["sinking_costs", "tying_hands", "none"])
def test_closed_form_matches_induced_normal_form(pt, m, signal):
    a = -pt["w_i"] + 0.3
    sol = MODEL.solve(**pt, variant=signal, m=m, a=a)
    ours = sorted((e.outcomes["war"], e.outcomes["concession"], e.outcomes["status_quo"]) for e in sol)
    if signal == "none":
        brute = [(pt["pi"], 1 - pt["pi"], 0.0)]  # the no-signal game has a single information set
    else:
        brute = induced_equilibria(pt, signal, m=m, a=a)
    assert len(ours) == len(brute), (ours, brute)
    for o, b in zip(ours, brute, strict=True):
        assert o == pytest.approx(b, abs=1e-8)


# --- contract ------------------------------------------------------------------------------

def test_arrays_match_solve_at_random_points():
    rng = np.random.default_rng(9)
    pts = _random_points(150, 3)
    signals = rng.choice(["sinking_costs", "tying_hands", "none"], size=150)
    ms = rng.uniform(0.01, 1.0, 150)
    arrays = {k: np.array([p[k] for p in pts]) for k in pts[0]}
    arrays["a"] = -arrays["w_i"] + 0.2
    sol_arr = MODEL.evaluate(**arrays, variant=signals.astype(object), m=ms)
    for i, pt in enumerate(pts):
        sol = MODEL.solve(**pt, variant=str(signals[i]), m=float(ms[i]), a=float(arrays["a"][i]))
        slots = np.flatnonzero(sol_arr.valid[i])
        assert [sol_arr.labels[i, j] for j in slots] == [e.label for e in sol]
        for j, e in zip(slots, sol, strict=True):
            assert sum(e.outcomes.values()) == pytest.approx(1.0, abs=1e-12)
            for k, v in e.outcomes.items():
                assert sol_arr.outcomes[k][i, j] == pytest.approx(v, abs=1e-13)
            for k, v in e.quantities.items():
                if k in sol_arr.quantities:
                    assert sol_arr.quantities[k][i, j] == pytest.approx(v, abs=1e-13, nan_ok=True)


@pytest.mark.parametrize(("kw", "name"), [
    (dict(pi=0.7), "pi"),
    (dict(pi=0.0), "pi"),
    (dict(v_i=1.2), "v_i"),
    (dict(w_r=1.5), "w_r"),
    (dict(w_i=0.1), "w_i"),
    (dict(revisionist=1.0), "revisionist"),
    (dict(m=0.0), "m"),
    (dict(variant="burning_money"), "variant"),
    (dict(variant="tying_hands", a=0.2), "a"),
    (dict(rho_star=1.0), "rho_star"),
])
def test_bad_input_names_the_parameter(kw, name):
    with pytest.raises(ParameterError, match=f"`{name}`"):
        MODEL.solve(**kw)


# ---- issue 17: headline numbers with the intuitive criterion applied ------------------------
def test_headline_war_risk_with_the_intuitive_criterion():
    """Claim (iii) with the refinement: for m* < m < m_max the pooling equilibrium (war = pi) fails
    the intuitive criterion and sinking costs leaves only the separating one (war = pi theta =
    0.06), against tying hands' 0.20. By hand (pi = 0.3, theta = 0.2, v_i = 0.5, m = 0.45): the
    irresolute type's best payoff from the signal is (1 - theta) v_i - m = -0.05 < 0, its pooling
    payoff, so the signal is equilibrium-dominated for it; the resolute type's is
    (1 - theta) v_r + theta w_r - m = 0.43 > w_r = 0.4. At m = m* exactly the irresolute type is
    indifferent and the pooling equilibrium survives (the range is then [0.06, 0.30])."""
    from deterrence_games import get_model

    m = get_model("costly_signaling")
    P = dict(pi=0.3, revisionist=0.2, v_r=1.0, v_i=0.5, w_r=0.4, w_i=-0.5, a=0.6)
    assert (1 - 0.2) * 0.5 - 0.45 < 0 < (1 - 0.2) * 1.0 + 0.2 * 0.4 - 0.45 - 0.4
    sc = [e for e in m.solve(variant="sinking_costs", m=0.45, **P) if e.flags["intuitive"]]
    th = [e for e in m.solve(variant="tying_hands", **P) if e.flags["intuitive"]]
    assert [e.label for e in sc] == ["separating"] and sc[0].escalation_probability == pytest.approx(0.06)
    assert [e.label for e in th] == ["pooling (commit)"] and th[0].escalation_probability == pytest.approx(0.20)
    at_m_star = m.solve(variant="sinking_costs", m=0.4, **P)
    assert all(e.flags["intuitive"] for e in at_m_star)
    assert at_m_star.escalation_range == pytest.approx((0.06, 0.30))


def test_headline_rests_on_a_revisionist_challenger():
    """With theta = 0 (no revisionist) tying hands and sinking costs (at m* < m = 0.55 < m_max,
    m* = v_i = 0.5, m_max = v_r - w_r = 0.6) give the same war risk, 0: the strict claim (iii)
    needs theta > 0."""
    from deterrence_games import get_model

    m = get_model("costly_signaling")
    P = dict(pi=0.3, revisionist=0.0, v_r=1.0, v_i=0.5, w_r=0.4, w_i=-0.5, a=0.6)
    th = m.solve(variant="tying_hands", **P)
    sc = [e for e in m.solve(variant="sinking_costs", m=0.55, **P) if e.flags["intuitive"]]
    assert th.escalation_range == (0.0, 0.0)
    assert [e.escalation_probability for e in sc] == [0.0]
