"""Solver for finite-horizon reputation games (deterrence_games.solvers.reputation)."""

from fractions import Fraction as F

import numpy as np
import pytest

from deterrence_games import ParameterError
from deterrence_games.games.reputation import ReputationGame, as_fraction, chain_store_game
from deterrence_games.solvers.reputation import (
    ReputationEquilibrium,
    certify_reputation,
    fudenberg_levine_bound,
    solve_reputation,
)


def _kw_float(N, a, b, prior):
    """Independent float implementation of the Kreps-Wilson formulas."""
    # distribution over beliefs on the path; beliefs in {prior, b^j, 0}
    dist = {prior: 1.0}
    entry, fights = {}, 0.0
    for k in range(N, 0, -1):
        new, ent = {}, 0.0
        for p, w in dist.items():
            thr = b**k
            s = 1.0 if p > thr + 1e-15 else (0.0 if p < thr - 1e-15 else 1 / a)
            if k == 1:
                beta = 0.0
            elif p >= b ** (k - 1):
                beta = 1.0
            else:
                beta = (1 - b ** (k - 1)) * p / ((1 - p) * b ** (k - 1))
            q = p + (1 - p) * beta
            ent += w * (1 - s)
            fights += w * (1 - s) * q
            post_f = max(b ** (k - 1), p) if k > 1 else 1.0
            for x, m in ((p, w * s), (post_f, w * (1 - s) * q), (0.0, w * (1 - s) * (1 - q))):
                if m:
                    key = min(new, key=lambda y: abs(y - x)) if new and min(abs(y - x) for y in new) < 1e-13 else x
                    new[key] = new.get(key, 0.0) + m
        entry[k] = ent
        dist = new
    return entry, sum(entry.values()), fights


@pytest.mark.parametrize("N,a,b,prior", [(10, 2, F(1, 2), F(1, 10)), (20, 2, F(1, 2), F(1, 100)),
                                         (10, 3, F(2, 3), F(1, 10)), (15, 5, F(3, 4), F(1, 3))])
def test_exact_solver_matches_independent_float_formulas(N, a, b, prior):
    eq = solve_reputation(chain_store_game(N, a, b, prior))
    entry, ent, fights = _kw_float(N, a, float(b), float(prior))
    for k in range(1, N + 1):
        assert float(eq.entry_probability[k]) == pytest.approx(entry[k], abs=1e-12)
        assert eq.threshold(k) == b**k
        assert eq.indifference_out[k - 1] == F(1, a)
    assert float(eq.expected_entries) == pytest.approx(ent, abs=1e-12)
    assert float(eq.expected_commitment_plays) == pytest.approx(fights, abs=1e-12)


def test_certificate_holds_on_and_off_path_for_both_off_path_rules():
    for off in ("kw", "zero"):
        eq = solve_reputation(chain_store_game(12, 2, F(1, 2), F(1, 10)), off_path=off)
        c = certify_reputation(eq)
        assert c.ok and c.checks >= 12 * 50


def test_certificate_detects_a_wrong_profile():
    eq = solve_reputation(chain_store_game(10, 2, F(1, 2), F(1, 10)))
    # entrants at the threshold stay out with probability 1/3 instead of 1/2: the weak
    # incumbent is no longer indifferent where it mixes
    bad = ReputationEquilibrium(eq.game, eq.thresholds, tuple(F(1, 3) for _ in eq.thresholds), "kw",
                                {}, F(0), F(0), F(0), F(0))
    c = certify_reputation(bad)
    assert not c.ok and (c.max_regret_normal > 0 or c.mixing_without_indifference > 0)
    # thresholds shifted: entrants no longer best-respond
    bad2 = ReputationEquilibrium(eq.game, tuple(t * F(11, 10) for t in eq.thresholds), eq.indifference_out,
                                 "kw", {}, F(0), F(0), F(0), F(0))
    assert not certify_reputation(bad2).ok


def test_general_stage_game_three_actions_and_discounting():
    # incumbent has a third action (partial accommodation), general payoffs, delta < 1
    g = ReputationGame(horizon=8, prior=F(1, 20), entrant_out=F(1), entrant_in=(F(-2), F(3), F(2)),
                       incumbent_out=F(8), incumbent_in=(F(-1), F(2), F(1)), commitment_action=0,
                       delta=F(9, 10), actions=("fight", "accommodate", "share"))
    assert g.normal_action == 1 and g.deterrence_threshold == F(2, 5)
    eq = solve_reputation(g)
    assert certify_reputation(eq).ok
    assert all(eq.threshold(k) == F(2, 5) ** k for k in range(1, 9))
    # the normal type's value equals "play a^N in every entry phase" when it starts in the entry phase
    assert eq.normal_payoff >= 0


def test_normal_payoff_is_kw_closed_form_and_respects_fl_bound():
    for N, a, b, prior in [(10, 2, 0.5, 0.1), (20, 2, 0.5, 0.01), (10, 3, 2 / 3, 0.1), (30, 4, 0.6, 0.2)]:
        eq = solve_reputation(chain_store_game(N, a, b, prior))
        count = sum(1 for k in range(1, N + 1) if as_fraction("b", b) ** k < as_fraction("p", prior))
        assert eq.normal_payoff == a * count
        fl = fudenberg_levine_bound(prior, b, 1, a, -1, horizon=N)
        assert float(eq.normal_payoff) / N >= fl.bound - 1e-12


def test_fl_bound_worked_rows_and_rounding():
    rows = [(0.1, 0.5, 0.95, 4, 1.4435), (0.01, 0.5, 0.95, 7, 1.0950), (0.1, 0.5, 0.99, 4, 1.8818)]
    for mu, b, d, K, bound in rows:
        r = fudenberg_levine_bound(mu, b, d, 2, -1, rounding="ceil")
        assert r.K == K and r.bound == pytest.approx(bound, abs=5e-5)
        assert fudenberg_levine_bound(mu, b, d, 2, -1).K <= K
    assert fudenberg_levine_bound(0.1, 0.5, 0.95, 2, -1).K == 3  # floor is tight (KW: 3 entry markets)
    assert fudenberg_levine_bound(0.125, 0.5, 0.9, 2, -1).K == 3  # exact power: no floating ceil/floor trap
    # infinite-horizon formula = limit of the finite-horizon one
    inf = fudenberg_levine_bound(0.1, 0.5, 0.95, 2, -1)
    fin = fudenberg_levine_bound(0.1, 0.5, 0.95, 2, -1, horizon=2000)
    assert fin.bound == pytest.approx(inf.bound, abs=1e-12)


def test_discounted_equilibrium_respects_fl_bound_average():
    for d in (0.8, 0.9, 0.95):
        eq = solve_reputation(chain_store_game(25, 2, 0.5, 0.05, delta=d))
        assert certify_reputation(eq, grid_size=20).ok
        avg = float(eq.normal_payoff) * (1 - d) / (1 - d**25)
        assert avg >= fudenberg_levine_bound(0.05, 0.5, d, 2, -1, horizon=25).bound - 1e-12


def test_monte_carlo_of_the_strategies_matches_exact_path_statistics():
    eq = solve_reputation(chain_store_game(10, 2, F(1, 2), F(1, 10)))
    rng = np.random.default_rng(20261125)
    n = 40_000
    tough = rng.random(n) < 0.1
    p = np.full(n, 0.1)
    entries = np.zeros(n)
    fights = np.zeros(n)
    cache = {}

    def strat(k, x):
        key = (k, x)
        if key not in cache:
            fx = as_fraction("p", x)
            cache[key] = (float(eq.out_probability(k, fx)), float(eq.commit_probability(k, fx)),
                          float(eq.posterior(k, fx, "fight")))
        return cache[key]

    for k in range(10, 0, -1):
        for x in np.unique(p):
            idx = p == x
            s, beta, post = strat(k, float(x))
            m = idx.sum()
            enter = rng.random(m) >= s
            fight = enter & (tough[idx] | (rng.random(m) < beta))
            newp = np.where(~enter, x, np.where(fight, post, 0.0))
            entries[idx] += enter
            fights[idx] += fight
            p[idx] = newp
    se = entries.std() / np.sqrt(n)
    assert abs(entries.mean() - float(eq.expected_entries)) < 4 * se
    assert abs(fights.mean() - float(eq.expected_commitment_plays)) < 4 * fights.std() / np.sqrt(n)


def test_bad_input():
    with pytest.raises(ParameterError, match="`horizon`"):
        chain_store_game(0, 2, 0.5, 0.1)
    with pytest.raises(ParameterError, match="`prior`"):
        chain_store_game(5, 2, 0.5, 1.0)
    with pytest.raises(ParameterError, match="`entrant_in`"):
        chain_store_game(5, 2, 1.5, 0.1)
    with pytest.raises(ParameterError, match="`incumbent_out`"):
        chain_store_game(5, -1, 0.5, 0.1)
    with pytest.raises(ParameterError, match="`incumbent_out`"):  # a < 1: s_k = 1/a > 1
        solve_reputation(chain_store_game(5, F(1, 2), 0.5, 0.1))
    with pytest.raises(ParameterError, match="`delta`"):
        chain_store_game(5, 2, 0.5, 0.1, delta=0)
    with pytest.raises(TypeError, match="`prior`"):
        chain_store_game(5, 2, 0.5, "0.1")
    with pytest.raises(TypeError, match="ReputationGame"):
        solve_reputation("chain store")
    with pytest.raises(ParameterError, match="`off_path`"):
        solve_reputation(chain_store_game(5, 2, 0.5, 0.1), off_path="optimistic")
    with pytest.raises(ParameterError, match="`commitment_action`"):
        ReputationGame(3, 0.1, 0, (-1, 1), 2, (-1, 0), commitment_action=2)
    with pytest.raises(ParameterError, match="`prior`"):
        fudenberg_levine_bound(0, 0.5, 0.9, 2, -1)
    with pytest.raises(ParameterError, match="`delta`"):
        fudenberg_levine_bound(0.1, 0.5, 1, 2, -1)
    with pytest.raises(ParameterError, match="`rounding`"):
        fudenberg_levine_bound(0.1, 0.5, 0.9, 2, -1, rounding="round")


def test_float_inputs_are_read_as_simple_rationals():
    assert as_fraction("b", 2 / 3) == F(2, 3) and as_fraction("p", 0.1) == F(1, 10)
    assert as_fraction("p", 0.1234567891234) == F(0.1234567891234)


def test_outside_the_class_is_reported_not_guessed():
    # with discounting, a premium (u(a^N) - u(a*))/delta larger than the deterrence gain leaves
    # no Kreps-Wilson mixing probability in [0, 1]: the solver says so instead of returning junk
    g = ReputationGame(horizon=8, prior=F(1, 20), entrant_out=F(1), entrant_in=(F(-2), F(3), F(2)),
                       incumbent_out=F(5), incumbent_in=(F(-1), F(2), F(1)), delta=F(9, 10))
    with pytest.raises(ParameterError, match="outside \\[0, 1\\]"):
        solve_reputation(g)
