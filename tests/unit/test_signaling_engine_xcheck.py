"""Closed-form signaling models held together with the generic PBE engine (issue 3).

Each model's game is embedded as a finite :class:`SignalingGame` (``_signaling_embeddings``),
solved by :func:`deterrence_games.solvers.pbe.pbe`, and every engine cell is mapped to the
model's outcome distribution at each of its extreme points (``sigma`` vertex x ``rho`` vertex;
outcomes are bilinear in the two, so these pairs carry every extreme outcome). Two inclusions
are asserted on a grid of parameter points:

1. every closed-form equilibrium *is* an engine equilibrium: its strategy profile has the exact
   supports of some engine cell and lies in that cell's convex hulls; the outcome the engine's
   mapping gives at that profile equals the closed form's; the labels agree (pooling /
   separating / semi-separating) and so does the intuitive-criterion flag;
2. every extreme point of every engine cell has the outcome distribution of some closed-form
   equilibrium -- except at declared knife-edges, where each extra extreme point is explained
   (and the explanation is itself asserted).

At generic points this makes the sets of escalation probabilities equal, and the sets of
(label, intuitive) pairs equal.

costly_signaling (§2). Generic points and the knife-edges ``m = m*``, ``m = m_max``,
``v_r - w_r = v_i``, ``theta = theta_bar``, ``theta = 0`` with their ``+-1e-9`` neighbours.
Finding: ``m = m* = (1 - theta) v_i`` (the project's own test point ``m = 0.4``) is a
knife-edge the closed form did not list: the irresolute type is indifferent, and a continuum of
semi-separating equilibria (bluffing probability in ``[0, sigma_bar]``, no opportunist
challenges a signal) joins the separating one. Its other extreme point (bluffing ``sigma_bar``)
has the separating war probability ``pi theta`` but more concession and less status quo; the
closed form reports only the separating end (docstring now says so).

reassurance (§3, two types): an exact embedding exists (player 1's gesture and stage action
form one message, player 2 sees only the gesture), compared at the level of outcome
distributions; see the second half of this module. Finding: the closed form misses four
generic families of semi-separating equilibria whose posterior after one message is exactly
``tau*``; they are hand-derived below. The model now lists them, and the engine's outcome set
is asserted to equal the closed form's (and each hand-derived family to be among it). The
continuous-type version is not embedded (continuous types).

early_warning (§10) is not embedded: the attacker's benefit is continuous, and a finite
discretisation changes the equilibrium (the marginal type mixes and ``r`` equals its benefit
over ``K (beta - phi)``, so ``r`` and the regime boundaries differ from the closed form by
O(1/n)); support enumeration is exponential in the number of types, so ``n`` stays too small
for a sharp comparison. Its second methods remain the brute-force fixed point and Monte Carlo
in ``test_early_warning.py``.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import nnls

from deterrence_games import get_model
from deterrence_games.solvers.pbe import pbe

try:
    from _signaling_embeddings import (
        costly_signaling_game,
        costly_signaling_outcomes,
        reassurance_game,
        reassurance_outcomes,
    )
except ImportError:  # pragma: no cover - package-style import
    from ._signaling_embeddings import (
        costly_signaling_game,
        costly_signaling_outcomes,
        reassurance_game,
        reassurance_outcomes,
    )

TOL = 1e-11  # engine tolerance: far below the 1e-9 knife-edge offsets
ATOL = 1e-8  # comparison of outcome probabilities
CS = get_model("costly_signaling")
CASE = dict(pi=0.3, revisionist=0.2, v_r=1.0, v_i=0.5, w_r=0.4, w_i=-0.5, rho_star=0.6)


def in_hull(x: np.ndarray, vertices) -> bool:
    """``x`` is a convex combination of ``vertices`` (non-negative least squares)."""
    V = np.array([np.ravel(v) for v in vertices]).T
    A = np.vstack([V, np.ones((1, V.shape[1]))])
    b = np.concatenate([np.ravel(x), [1.0]])
    _, resid = nnls(A, b)
    return resid < 1e-8


def supports(sigma: np.ndarray, rho: np.ndarray, eps: float = 1e-12):
    S = tuple(tuple(int(m) for m in np.flatnonzero(row > eps)) for row in sigma)
    R = tuple(tuple(int(a) for a in np.flatnonzero(row > eps)) for row in rho)
    return S, R


def vertex_outcomes(game, p, cell, outcomes_fn):
    return [outcomes_fn(game, p, s, r) for s in cell.sigma_vertices for r in cell.rho_vertices]


def same(o1: dict, o2: dict) -> bool:
    return all(abs(o1[k] - o2[k]) <= ATOL for k in o1)


def find_cell(result, sigma, rho):
    """The engine cell containing the profile (exact supports, inside the convex hulls)."""
    S, R = supports(sigma, rho)
    for e in result:
        if (e.sender_support, e.receiver_support) == (S, R):
            if in_hull(sigma, e.sigma_vertices) and in_hull(rho, e.rho_vertices):
                return e
    return None


# --- costly_signaling ------------------------------------------------------------------------

def cs_kind(label: str) -> str:
    return {"pooling (no signal)": "pooling", "pooling (commit)": "pooling", "no signal": "pooling",
            "separating": "separating", "semi-separating": "semi-separating"}[label]


def cs_profile(eq, signal: str):
    """The closed form's strategy profile in engine coordinates.

    Off the path the closed form uses the belief "irresolute" (``belief_* = 0``), under which
    the opportunist challenges: ``y = 1`` after an unused message.
    """
    s = eq.strategies
    if signal == "none":
        return np.array([[1.0], [1.0]]), np.array([[0.0, 1.0]])
    s_r, s_i = s["resolute_signals"], s["irresolute_signals"]
    sigma = np.array([[1 - s_r, s_r], [1 - s_i, s_i]])
    y_sig = s["opportunist_challenges_signal"]
    y_no = s["opportunist_challenges_no_signal"]
    y_sig = 1.0 if y_sig is None else y_sig
    y_no = 1.0 if y_no is None else y_no
    return sigma, np.array([[1 - y_no, y_no], [1 - y_sig, y_sig]])


def cs_check(params: dict, knife: str | None = None):
    """Assert the closed form equals the engine at one point; return the engine result."""
    p = CS.validate(**params)
    closed = list(CS.solve(**p))
    game = costly_signaling_game(p)
    res = pbe(game, tol=TOL)
    assert res.max_regret <= 1e-9
    # (1) every closed-form equilibrium lies in an engine cell, with the same outcome, kind, flag
    for eq in closed:
        sigma, rho = cs_profile(eq, p["variant"])
        cell = find_cell(res, sigma, rho)
        assert cell is not None, (eq.label, sigma, rho, [(e.label, e.sender_support, e.receiver_support) for e in res])
        assert same(costly_signaling_outcomes(game, p, sigma, rho), eq.outcomes), eq
        assert cell.kind == cs_kind(eq.label)
        assert cell.flags["intuitive"] == eq.flags["intuitive"], (eq.label, cell.flags)
    # (2) every extreme point of every engine cell is a closed-form outcome, or explained
    explained = []
    for cell in res:
        for o in vertex_outcomes(game, p, cell, costly_signaling_outcomes):
            matches = [eq for eq in closed if same(o, eq.outcomes)]
            if matches:
                # the intuitive criterion is an outcome-level test: every cell with the outcome agrees
                assert all(cell.flags["intuitive"] == eq.flags["intuitive"] for eq in matches)
                continue
            explained.append((cell, o))
    closed_war = {round(eq.escalation_probability, 7) for eq in closed}
    if knife is None:
        assert not explained, [(c.label, o) for c, o in explained]
        engine_war = {round(costly_signaling_outcomes(game, p, s, r)["war"], 7)
                      for e in res for s in e.sigma_vertices for r in e.rho_vertices}
        assert engine_war == closed_war
        assert {(e.kind, e.flags["intuitive"]) for e in res} == {
            (cs_kind(eq.label), eq.flags["intuitive"]) for eq in closed}
    else:
        explain_cs_knife_edge(knife, p, closed, explained)
    return res


def explain_cs_knife_edge(knife, p, closed, explained):
    pi, theta = p["pi"], p["revisionist"]
    sep = [eq for eq in closed if eq.label == "separating"]
    if knife == "m_star":
        # separating <-> semi-separating continuum: bluffing sigma in [0, sigma_bar], y = 0.
        # The extra end has the separating war probability pi * theta.
        assert sep and explained
        sigma_bar = pi * (1 - p["rho_star"]) / ((1 - pi) * p["rho_star"])
        for cell, o in explained:
            assert cell.kind == "semi-separating" and cell.continuum
            assert o["war"] == pytest.approx(pi * theta, abs=ATOL)
            assert o["status_quo"] == pytest.approx((pi + (1 - pi) * sigma_bar) * (1 - theta), abs=ATOL)
    elif knife == "theta_bar":
        # tie broken toward the peaceful separating equilibrium; the engine also has pooling on
        # the commitment (war theta) and the continuum between them
        assert [eq.label for eq in closed] == ["separating"] and explained
        for _cell, o in explained:
            assert o["war"] == pytest.approx(theta, abs=ATOL)
            assert o["status_quo"] == pytest.approx(1 - theta, abs=ATOL)
    elif knife in ("m_max", "separable_edge"):
        # continua connect listed equilibria; their extreme points are listed ones
        assert not explained, [(c.label, o) for c, o in explained]
    elif knife == "theta_zero":
        # no revisionist: every profile that deters every opportunist is peaceful; the engine
        # finds several cells (labels differ), all with the listed outcome
        assert not explained
    else:  # pragma: no cover
        raise AssertionError(knife)


def _random_points(n: int, seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    pts = []
    while len(pts) < n:
        v_i = rng.uniform(0.1, 1)
        v_r = v_i + rng.uniform(0.05, 1.5)
        w_r = rng.uniform(0.01, v_r - 0.01)
        rho = rng.uniform(0.1, 0.95)
        pt = dict(pi=float(rng.uniform(0.01, 0.99) * rho), revisionist=float(rng.uniform(0.01, 0.95)),
                  v_r=float(v_r), v_i=float(v_i), w_r=float(w_r), w_i=float(-rng.uniform(0.05, 1.5)),
                  rho_star=float(rho))
        if abs(v_r - w_r - v_i) < 0.02 or abs(pt["revisionist"] - v_i / (v_i - pt["w_i"])) < 0.02:
            continue
        pts.append(pt)
    return pts


def _sc_generic():
    out = []
    for pt in _random_points(20, 31):
        m_star = (1 - pt["revisionist"]) * pt["v_i"]
        m_max = (1 - pt["revisionist"]) * (pt["v_r"] - pt["w_r"])
        for m in (0.5 * min(m_star, m_max), 0.5 * (m_star + m_max), 1.3 * max(m_star, m_max)):
            out.append({**pt, "m": float(m)})
    return out


@pytest.mark.parametrize("params", _sc_generic())
def test_costly_signaling_sinking_costs_generic(params):
    cs_check({**params, "variant": "sinking_costs"})


@pytest.mark.parametrize("params", _random_points(20, 32))
def test_costly_signaling_tying_hands_and_no_signal_generic(params):
    cs_check({**params, "variant": "tying_hands", "a": -params["w_i"] + 0.25})
    cs_check({**params, "variant": "tying_hands", "a": -params["w_i"] + 1e-9})
    cs_check({**params, "variant": "none"})


def test_worked_cases_against_the_engine():
    # the project's semi-separating cases m = 0.1, 0.2, 0.3 and the intuitive window
    for m in (0.1, 0.2, 0.3, 0.45, 0.6):
        cs_check({**CASE, "m": m})
    cs_check({**CASE, "variant": "tying_hands"})
    cs_check({**CASE, "variant": "tying_hands", "revisionist": 0.6})
    cs_check({**CASE, "variant": "none"})
    # the project's separating point m = 0.4 is exactly m* = (1 - theta) v_i: a knife-edge
    res = cs_check({**CASE, "m": 0.4}, knife="m_star")
    assert any(e.kind == "semi-separating" and e.continuum for e in res)


# dyadic v_r, v_i so that v_r - (v_r - v_i) == v_i exactly in floating point (else the closed
# form and the engine's tolerance see the edge v_r - w_r = v_i on different sides of 1e-16)
KNIFE_POINTS = [(0.3, 0.2, 1.0, 0.5, 0.4, -0.5, 0.6), (0.1, 0.35, 2.0, 0.75, 0.6, -1.2, 0.4),
                (0.45, 0.05, 1.25, 0.25, 0.1, -0.3, 0.9)]


@pytest.mark.parametrize("vals", KNIFE_POINTS)
@pytest.mark.parametrize("delta", [-1e-9, 0.0, 1e-9])
def test_costly_signaling_knife_edges(vals, delta):
    pt = dict(zip(("pi", "revisionist", "v_r", "v_i", "w_r", "w_i", "rho_star"), vals, strict=True))
    m_star = (1 - pt["revisionist"]) * pt["v_i"]
    m_max = (1 - pt["revisionist"]) * (pt["v_r"] - pt["w_r"])
    edge = None if delta else "m_star"
    cs_check({**pt, "m": m_star + delta}, knife=edge)
    cs_check({**pt, "m": m_max + delta}, knife=None if delta else "m_max")
    # v_r - w_r = v_i: the resolute type's and the bluffer's indifference coincide
    sep = {**pt, "w_r": pt["v_r"] - pt["v_i"] + delta}
    for m in (0.5 * m_star, m_star + 0.01, 1.5 * m_star):
        cs_check({**sep, "m": m}, knife=None if delta else "separable_edge")
    theta_bar = pt["v_i"] / (pt["v_i"] - pt["w_i"])
    cs_check({**pt, "revisionist": theta_bar + delta, "variant": "tying_hands", "a": -pt["w_i"] + 0.5},
             knife=None if delta else "theta_bar")


def test_costly_signaling_no_revisionists():
    for vals in KNIFE_POINTS:
        pt = dict(zip(("pi", "revisionist", "v_r", "v_i", "w_r", "w_i", "rho_star"), vals, strict=True))
        pt["revisionist"] = 0.0
        res = cs_check({**pt, "variant": "tying_hands", "a": -pt["w_i"] + 0.5}, knife="theta_zero")
        assert len({e.kind for e in res}) > 1  # labels are not identified, outcomes are
        cs_check({**pt, "m": 0.5 * pt["v_i"]})


# --- reassurance (two types) -----------------------------------------------------------------
#
# Embedding (``reassurance_game``): player 1's gesture *and* its stage action form one message
# ``(gesture?, C/D)``; player 2's security-seeking type is the receiver and observes only the
# gesture (a deterministic garbling), so the stage game stays simultaneous; player 2's greedy
# type defects (strictly dominant) and is folded into player 1's payoffs. This is exact for the
# outcomes on the path. Off the path the engine's weak PBE lets player 2 hold any belief about
# player 1's type *and* stage action, which is more permissive than the model's continuation
# equilibria; but the spiral (player 2 defects) is supported in both and is every type's worst
# continuation, so the two give the same set of on-path outcomes. The comparison is therefore at
# the level of outcome distributions (cooperation, exploitation, mutual defection).
#
# Finding: the closed form misses generic semi-separating equilibria. At a posterior exactly
# tau* the stage game has a continuum of equilibria (player 1's security seeker cooperates,
# player 2's security seeker cooperates with any probability y in [tau*/tau2, 1]), so the
# continuation payoff varies with y and a type can be made indifferent about the gesture on an
# open set of parameters. Hand-derived (with k_t = m v_t, u_c = tau2 (1 + c) - c), all needing
# tau2 >= tau*:
#
#   A  tau1 < tau*: S1 gestures, G1 gestures with the probability that makes the posterior tau*,
#      y = k_G / (tau2 g_G) after a gesture, spiral after none; needs tau* g_G <= k_G <= tau2 g_G
#      and tau2 y (1 + c) - c >= k_S.
#   B  tau1 > tau*: G1 never gestures, S1 skips the gesture with the probability that makes the
#      posterior after no gesture tau*, y_n = 1 - k_S / (tau2 (1 + c)) there, cooperative
#      continuation after a gesture; needs k_S <= (tau2 - tau*)(1 + c), k_G >= g_G k_S / (1 + c).
#   D  tau1 > tau*: G1 always gestures, S1 gestures with the probability that makes the posterior
#      after a gesture tau*; after no gesture (posterior 1) either the spiral, with
#      y_g = (c + k_S) / (tau2 (1 + c)), needing tau* g_S <= k_S <= u_c and tau2 y_g g_G >= k_G,
#      or the mixed continuation, with y_g = (tau* + k_S / (1 + c)) / tau2, needing
#      k_S <= (tau2 - tau*)(1 + c) and g_G k_S / (1 + c) >= k_G.
#
# The model now lists these families itself (re-derived there independently). The tests below
# assert that the engine's outcome set equals the closed form's, on a grid of generic points, and
# that each family derived here (independently of the model) is among the closed form's outcomes.

RA = get_model("reassurance")


def _ra_outcome(p1c: float, p2c: float, cc: float) -> dict[str, float]:
    return {"cooperation": cc, "exploitation": p1c + p2c - 2 * cc, "mutual_defection": 1 - p1c - p2c + cc}


def ra_missing_families(p: dict) -> dict[str, dict[str, float]]:
    """Outcomes of the hand-derived semi-separating families A, B, D (see the comment above)."""
    c, g_S, g_G, tau1, tau2 = p["c"], p["g_S"], p["g_G"], p["tau1"], p["tau2"]
    t = c / (1 + c - g_S)
    k_S, k_G = p["m"] * p["v_S"], p["m"] * p["v_G"]
    out = {}
    if p["m"] <= 0 or tau2 < t or not 0 < tau1 < 1:
        return out
    if tau1 < t:
        y = k_G / (tau2 * g_G)
        if t * g_G <= k_G <= tau2 * g_G and tau2 * y * (1 + c) - c >= k_S:
            out["A"] = _ra_outcome(tau1, tau2 * y * tau1 / t, tau1 * tau2 * y)
    if tau1 > t:
        s = t * (1 - tau1) / (tau1 * (1 - t))  # S1's probability of the message at posterior tau*
        y_n = 1 - k_S / (tau2 * (1 + c))
        if k_S <= (tau2 - t) * (1 + c) and k_G >= g_G * k_S / (1 + c):
            out["B"] = _ra_outcome(tau1, tau2 * ((tau1 * s + 1 - tau1) * y_n + tau1 * (1 - s)),
                                   tau2 * tau1 * (s * y_n + 1 - s))
        y_g = (c + k_S) / (tau2 * (1 + c))
        if t * g_S <= k_S <= tau2 * (1 + c) - c and tau2 * y_g * g_G >= k_G:
            out["D spiral"] = _ra_outcome(tau1 * s, tau2 * y_g * (tau1 * s + 1 - tau1), tau1 * s * tau2 * y_g)
        y_g = (t + k_S / (1 + c)) / tau2
        if k_S <= (tau2 - t) * (1 + c) and g_G * k_S / (1 + c) >= k_G:
            out["D mixed"] = _ra_outcome(tau1 * (s + (1 - s) * t),
                                         tau2 * y_g * (tau1 * s + 1 - tau1) + tau1 * (1 - s) * t,
                                         tau1 * (s * tau2 * y_g + (1 - s) * t * t))
    return out


def ra_engine_outcomes(p: dict):
    game, _ = reassurance_game(p)
    res = pbe(game, tol=TOL)
    assert res.max_regret <= 1e-9
    return [reassurance_outcomes(game, p, s, r) for e in res for s in e.sigma_vertices for r in e.rho_vertices]


def _margins(p: dict) -> list[float]:
    """Distances to every boundary of the closed form and of the families (for generic points)."""
    c, g_S, g_G, tau1, tau2 = p["c"], p["g_S"], p["g_G"], p["tau1"], p["tau2"]
    t = c / (1 + c - g_S)
    k_S, k_G = p["m"] * p["v_S"], p["m"] * p["v_G"]
    u_c = tau2 * (1 + c) - c
    if p["m"] == 0:
        return [tau1 - t, tau2 - t]
    out = [tau1 - t, tau2 - t, k_S - u_c, k_G - tau2 * g_G, k_S - t * g_S, k_G - t * g_G,
           k_S - (tau2 - t) * (1 + c), k_G - g_G * k_S / (1 + c),
           k_G * (1 + c) / g_G - c - k_S, (c + k_S) * g_G / (1 + c) - k_G]
    return out


def _ra_points(n: int, seed: int, with_gesture: bool = True) -> list[dict]:
    rng = np.random.default_rng(seed)
    pts = []
    while len(pts) < n:
        v_S = rng.uniform(0.2, 1.5)
        pt = dict(c=rng.uniform(0.05, 2.0), g_S=rng.uniform(0.0, 0.95), g_G=rng.uniform(1.05, 6.0),
                  tau1=rng.uniform(0.02, 0.98), tau2=rng.uniform(0.3, 1.0),
                  m=rng.uniform(0.01, 1.5) if with_gesture else 0.0, v_S=v_S, v_G=v_S + rng.uniform(0.01, 1.0))
        pt = {k: float(v) for k, v in pt.items()}
        if min(abs(x) for x in _margins(pt)) < 1e-3:
            continue
        pts.append(pt)
    return pts


def _ra_compare(pt: dict, extra: dict[str, dict[str, float]]):
    """Engine outcomes == closed-form outcomes; each hand-derived family is a closed-form outcome."""
    p = RA.validate(**pt)
    closed = [eq.outcomes for eq in RA.solve(**p)]
    for name, o in extra.items():
        assert any(same(o, e) for e in closed), (name, o, closed)
    expected = closed
    engine = ra_engine_outcomes(p)
    for o in expected:
        assert any(same(o, e) for e in engine), (o, engine)
    for e in engine:
        assert any(same(e, o) for o in expected), (e, expected)
    return closed, engine


def _ra_family_a_points(n: int, seed: int) -> list[dict]:
    """Generic points with tau1 < tau* and k_G inside (tau* g_G, tau2 g_G), where family A lives."""
    rng = np.random.default_rng(seed)
    pts = []
    while len(pts) < n:
        c, g_S, g_G = rng.uniform(0.05, 2.0), rng.uniform(0.0, 0.95), rng.uniform(1.05, 6.0)
        t = c / (1 + c - g_S)
        tau2 = rng.uniform(t, 1.0)
        v_S = rng.uniform(0.05, 1.0)
        v_G = v_S + rng.uniform(0.01, 2.0)
        k_G = rng.uniform(t * g_G, tau2 * g_G)
        pt = {k: float(v) for k, v in dict(c=c, g_S=g_S, g_G=g_G, tau1=rng.uniform(0.02, 1.0) * t,
                                            tau2=tau2, m=k_G / v_G, v_S=v_S, v_G=v_G).items()}
        if min(abs(x) for x in _margins(pt)) < 1e-3:
            continue
        pts.append(pt)
    return pts


@pytest.mark.parametrize("pt", _ra_points(12, 41, with_gesture=False))
def test_reassurance_bayesian_game_equals_engine(pt):
    _ra_compare(pt, {})


@pytest.mark.parametrize("pt", _ra_points(60, 42))
def test_reassurance_gesture_game_equals_engine_plus_missing_families(pt):
    _ra_compare(pt, ra_missing_families(RA.validate(**pt)))


@pytest.mark.parametrize("pt", _ra_family_a_points(10, 43))
def test_reassurance_family_a_points_equal_engine_plus_missing_families(pt):
    _ra_compare(pt, ra_missing_families(RA.validate(**pt)))


def test_reassurance_missing_families_occur_in_the_grid():
    found = set()
    for pt in _ra_points(60, 42) + _ra_family_a_points(10, 43):
        found |= set(ra_missing_families(RA.validate(**pt)))
    assert found == {"A", "B", "D spiral", "D mixed"}


def test_reassurance_worked_example_family_a():
    # c = 1, g_S = 0.5 (tau* = 2/3), g_G = 1.5, v_S = 1, v_G = 2, tau1 = 0.5, tau2 = 1, m = 0.7:
    # below the separating window [0.75, 1]; G1 gestures w.p. 1/2 so that the posterior after a
    # gesture is 2/3, player 2 cooperates after it w.p. k_G / g_G = 14/15: cooperation 7/15.
    pt = dict(tau1=0.5, tau2=1.0, m=0.7)
    fam = ra_missing_families(RA.validate(**pt))
    assert set(fam) == {"A"} and fam["A"]["cooperation"] == pytest.approx(7 / 15)
    closed, engine = _ra_compare(pt, fam)
    assert sorted(round(o["cooperation"], 9) for o in closed) == [0.0, round(7 / 15, 9)]
    assert any(e["cooperation"] == pytest.approx(7 / 15, abs=1e-9) for e in engine)


def test_reassurance_closed_form_is_complete():
    # the model now lists the families itself: closed form == engine, with no extra outcomes
    closed, engine = _ra_compare(dict(tau1=0.5, tau2=1.0, m=0.7), {})
    assert sorted(round(o["cooperation"], 9) for o in closed) == [0.0, round(7 / 15, 9)]
