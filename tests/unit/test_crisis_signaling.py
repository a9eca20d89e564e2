"""crisis_signaling: the generic engine against hand-derived closed forms (model docstring)."""

import json
import subprocess
import sys

import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games._validation import ParameterError

MODEL = dg.get_model("crisis_signaling")


def posteriors(pi, q):
    """P(resolved | y) after a pooling message, for y = looks_resolved, looks_irresolute."""
    hi = pi * q / (pi * q + (1 - pi) * (1 - q))
    lo = pi * (1 - q) / (pi * (1 - q) + (1 - pi) * q)
    return hi, lo


@pytest.mark.parametrize("pi, q, c", [(0.3, 0.8, 1.0), (0.3, 0.9, 0.5), (0.6, 0.75, 1.0), (0.2, 0.6, 2.0), (0.7, 0.55, 0.2)])
def test_cheap_talk_pooling_escalation_closed_form(pi, q, c):
    """a = 0: every pure pooling PBE has war probability pi * sum_y P(y|R) 1[mu(y) < pi*]."""
    star = 1 / (1 + c)
    hi, lo = posteriors(pi, q)
    assert min(abs(hi - star), abs(lo - star)) > 1e-6  # away from the knife-edge
    expected = pi * (q * (hi < star) + (1 - q) * (lo < star))
    sol = MODEL.solve(pi=pi, q=q, c=c, a=0.0)
    pooling = [e for e in sol if e.label == "pooling"]
    assert pooling
    for e in pooling:
        assert e.escalation_probability == pytest.approx(expected, abs=1e-9)
        assert sum(e.outcomes.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("pi, a, w_i", [(0.3, 1.0, 3.0), (0.6, 0.5, 2.0), (0.2, 2.0, 1.5)])
def test_full_transparency_no_war(pi, a, w_i):
    """q = 1: the challenger knows the type; it never challenges the resolved defender."""
    sol = MODEL.solve(pi=pi, q=1.0, a=a, w_i=w_i)
    assert len(sol) >= 1
    for e in sol:
        assert e.escalation_probability == pytest.approx(0.0, abs=1e-12)
        if w_i >= 1 + a:  # no lock-in: the irresolute type is challenged and concedes
            assert e.outcomes["concession"] == pytest.approx(1 - pi, abs=1e-9)


@pytest.mark.parametrize("pi, c, a", [(0.3, 1.0, 1.0), (0.2, 2.0, 0.5), (0.1, 0.5, 3.0)])
def test_opaque_hybrid_and_pooling_closed_form(pi, c, a):
    """q = 1/2, w_i >= 1 + a, pi < pi*: pooling on quiet (war pi) and the hybrid (war pi/(1+a))."""
    sol = MODEL.solve(pi=pi, q=0.5, c=c, a=a, w_i=1 + a + 1.0)
    wars = sorted({round(e.escalation_probability, 9) for e in sol})
    assert wars == pytest.approx(sorted({round(pi / (1 + a), 9), round(pi, 9)}), abs=1e-9)
    s_star = pi * c / (1 - pi)
    hybrids = [e for e in sol if e.label.startswith("semi-separating")]
    assert hybrids
    for e in hybrids:
        np.testing.assert_allclose(e.strategies["sigma"], [[1, 0], [s_star, 1 - s_star]], atol=1e-9)
        # the challenger's average challenge probability after a threat is 1/(1+a)
        assert e.strategies["rho"][:2, 1].mean() == pytest.approx(1 / (1 + a), abs=1e-9)
        assert e.quantities["escalation_min"] == pytest.approx(pi / (1 + a), abs=1e-9)
        assert e.quantities["escalation_max"] == pytest.approx(pi / (1 + a), abs=1e-9)
    pool = [e for e in sol if e.label == "pooling"]
    assert pool and all(e.escalation_probability == pytest.approx(pi) for e in pool)


def test_transparency_lowers_worst_case_escalation():
    """More transparency never raises the worst-case war probability in this family (grid check)."""
    worst = [MODEL.solve(q=q).escalation_range[1] for q in (0.55, 0.7, 0.85, 1.0)]
    assert all(b <= a + 1e-12 for a, b in zip(worst, worst[1:], strict=False))
    assert worst[-1] == 0.0


def test_certificates_and_metadata():
    sol = MODEL.solve(q=0.8)
    assert sol.provenance == "reconstruction" and "q" in MODEL.information
    for e in sol:
        assert e.certificate["max_sender_regret"] < 1e-8 and e.certificate["max_receiver_regret"] < 1e-8
        assert set(e.outcomes) == {"status_quo", "concession", "war"}


def test_bad_input():
    with pytest.raises(ParameterError, match="`q`"):
        MODEL.solve(q=0.4)
    with pytest.raises(ParameterError, match="`w_i`"):
        MODEL.solve(w_i=0.5)
    with pytest.raises(ParameterError, match="`pi`"):
        MODEL.solve(pi=1.0)


def test_sweep_and_command_line():
    table = dg.sweep("crisis_signaling", grid={"q": [0.5, 1.0]}, select="min")
    assert len(table) == 2 and table["escalation_probability"].iloc[-1] == 0.0
    out = subprocess.run([sys.executable, "-m", "deterrence_games", "solve", "crisis_signaling",
                          "--set", "q=1", "--json"], capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    assert data["model"] == "crisis_signaling" and data["escalation_range"] == [0.0, 0.0]
    bad = subprocess.run([sys.executable, "-m", "deterrence_games", "solve", "crisis_signaling",
                          "--set", "q=2"], capture_output=True, text=True)
    assert bad.returncode == 2 and "`q`" in bad.stderr


def _normalised_crisis(p):
    """The crisis game with each player's payoffs divided by that player's payoff range."""
    from deterrence_games.games.signaling import SignalingGame
    from deterrence_games.models.crisis_signaling import crisis_game

    g = crisis_game(p)
    return SignalingGame(g.types, g.prior, g.messages, g.actions, g.u_S / np.ptp(g.u_S), g.u_R / np.ptp(g.u_R),
                         garbling=g.observation_kernel)


def test_equilibria_found_at_any_cost_scale():
    """Regression (issue 14, item 5): the count was 21, 18, 8, 0 at c = 1e6, 1e7, 3e7, 1e9.

    For c > (1 - pi) / pi the challenger refrains at the prior, and the set of PBE cells does
    not change with c; the tolerances are relative to the payoff range, so the count equals
    that at c = 10 and that of the game with payoffs divided by their range (a second
    computation of the same equilibria in unit-scale payoffs).
    """
    from deterrence_games.solvers.pbe import pbe

    base = len(MODEL.solve(c=10.0))
    assert base == 21
    for c in (1e6, 1e7, 3e7):
        sol = MODEL.solve(c=c)
        assert len(sol) == base
        unit = pbe(_normalised_crisis(MODEL.validate(c=c)), consistent_beliefs=True)
        assert [e.label for e in sol] == [e.label for e in unit]
        for e in sol:
            assert sum(e.outcomes.values()) == pytest.approx(1.0)
    # c = 1e9: the challenger's gain from challenging an irresolute defender is 1 / (1 + c)
    # of its payoff range, at the default tolerance 1e-9: the count is still that of the
    # unit-scale game, and with a finer tolerance it is the structural count again.
    p = MODEL.validate(c=1e9)
    sol = MODEL.solve(c=1e9)
    assert len(sol) == len(pbe(_normalised_crisis(p), consistent_beliefs=True)) >= base
    from deterrence_games.models.crisis_signaling import crisis_game

    assert len(pbe(crisis_game(p), consistent_beliefs=True, tol=1e-12)) == base


@pytest.mark.parametrize("n, seed", [(60, 2026), pytest.param(400, 7, marks=pytest.mark.slow)])
def test_vectorized_sweep_equals_the_generic_engine_point_by_point(n, seed, monkeypatch):
    """The batched path (pbe_batch over all points) gives the cells of pbe at each point:
    same rows, labels, flags, outcome probabilities and payoffs to 1e-10, on random
    in-domain points and on the edges (q = 1/2, q = 1, cheap talk a = 0, w_i = 1 + a),
    with chunks of 23 points (whose slots differ) merged into one table."""
    from deterrence_games.models import crisis_signaling

    monkeypatch.setattr(crisis_signaling, "_CHUNK", 23)
    assert MODEL.vectorized
    rng = np.random.default_rng(seed)
    pts = {"pi": rng.uniform(0.01, 0.99, n), "q": rng.uniform(0.5, 1.0, n), "c": rng.exponential(1.5, n),
           "w_r": rng.uniform(0.0, 0.999, n), "w_i": 1 + rng.exponential(1.5, n),
           "a": np.where(rng.uniform(size=n) < 0.25, 0.0, rng.exponential(1.0, n))}
    pts["q"][:6] = [0.5, 1.0, 1.0, 0.5, 0.8, 0.9]
    pts["a"][3:6] = 0.0
    pts["a"][6:9] = [0.5, 1.0, 2.0]
    pts["w_i"][6:9] = 1 + pts["a"][6:9]
    fast = dg.sweep(MODEL, pts, design="points", progress=False)
    slow = dg.sweep(MODEL, pts, design="points", progress=False, vectorized=False)
    assert list(fast.columns) == list(slow.columns) and len(fast) == len(slow) > 3 * n
    for col in fast.columns:
        a, b = fast[col].to_numpy(), slow[col].to_numpy()
        if a.dtype.kind == "f":
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-10, err_msg=col)
        else:
            assert (a == b).all(), col
    assert set(fast["label"]) >= {"pooling", "separating", "semi-separating, mixed receiver"}
