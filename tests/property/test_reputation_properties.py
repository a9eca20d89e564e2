"""Mathematical invariants of the reputation solver and the strategic-risk models (hypothesis)."""

from fractions import Fraction as F

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import deterrence_games as dg
from deterrence_games.games.reputation import ReputationGame
from deterrence_games.models.credibility import first_period_lie_probability, lie_gain
from deterrence_games.models.global_conflict import public_threshold_residual, public_thresholds
from deterrence_games.models.public_information import (
    regime_change_thresholds,
    regime_change_unique,
)
from deterrence_games.solvers.reputation import certify_reputation, solve_reputation

small = st.integers(1, 9)


@st.composite
def reputation_games(draw):
    """Chain-store-class games valid by construction (A1-A3, and a >= 1 relative gains for A4)."""
    out = F(draw(st.integers(-3, 3)))
    lo = out - draw(small)          # entrant against the commitment action
    hi = out + draw(small)          # entrant against the normal action
    uN = F(draw(st.integers(-3, 3)))
    ua = uN - draw(small)           # commitment action is costly
    gap = uN - ua
    uout = uN + gap + draw(st.integers(0, 9))  # deterrence worth at least the stage cost (A4, delta=1)
    N = draw(st.integers(1, 8))
    prior = F(draw(st.integers(1, 19)), 20)
    return ReputationGame(N, prior, out, (lo, hi), uout, (ua, uN), commitment_action=0)


@settings(max_examples=25, deadline=None)
@given(reputation_games())
def test_every_constructed_equilibrium_is_certified(game):
    eq = solve_reputation(game)
    cert = certify_reputation(eq, grid_size=12)
    assert cert.ok
    # path statistics are probabilities and fights are a subset of entries
    assert all(0 <= v <= 1 for v in eq.entry_probability.values())
    assert 0 <= eq.expected_commitment_plays <= eq.expected_entries <= game.horizon


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 19), min_size=2, max_size=5, unique=True))
def test_weak_payoff_nondecreasing_in_reputation(numerators):
    vals = []
    for n in sorted(numerators):
        eq = solve_reputation(ReputationGame(8, F(n, 20), 0, (F(-1, 2), F(1, 2)), 2, (-1, 0)))
        vals.append(eq.normal_payoff)
    assert all(a <= b for a, b in zip(vals, vals[1:], strict=False))


@settings(max_examples=40, deadline=None)
@given(st.floats(0.02, 0.98), st.floats(0.05, 20))
def test_credibility_root_is_the_unique_sign_change(pi, I):
    l1 = float(first_period_lie_probability(pi, I))
    if 0 < l1 < 1:
        assert abs(float(lie_gain(l1, pi, I))) < 1e-9
    grid = np.linspace(0, 1, 2001)
    g = lie_gain(grid, pi, I)
    assert np.all(np.diff(g) <= 1e-12)


@settings(max_examples=30, deadline=None)
@given(st.floats(0.1, 60), st.floats(0.5, 10), st.floats(-3, 3))
def test_public_spec_roots_are_roots_and_odd_in_number(alpha, beta, y):
    ks = public_thresholds(y, 1.0, 2.0, alpha, beta)
    assert len(ks) % 2 == 1
    assert all(abs(float(public_threshold_residual(k, y, 1.0, 2.0, alpha, beta))) < 1e-9 for k in ks)


@settings(max_examples=30, deadline=None)
@given(st.floats(0.5, 40), st.floats(4, 400), st.floats(0.05, 0.95), st.floats(0.05, 0.95))
def test_regime_change_unique_when_condition_holds(alpha, beta, y, c):
    roots = regime_change_thresholds(y, c, alpha, beta, n=4001)
    if regime_change_unique(alpha, beta):
        assert len(roots) == 1


@settings(max_examples=20, deadline=None)
@given(st.floats(0.55, 0.95), st.integers(0, 60))
def test_trust_outcomes_are_distributions(lam, H):
    for e in dg.get_model("trust_building").solve(rho=lam, horizon=H):
        assert abs(sum(e.outcomes.values()) - 1) < 1e-12
        assert all(v >= -1e-15 for v in e.outcomes.values())
