"""The reputation solver shares the prior-free work across priors (the Kreps-Wilson profile,
the values V_k and the certificate's checks on the prior-free belief grid): results must be
identical, in exact rationals, to the unshared reference (``_reputation_reference``)."""

from fractions import Fraction as F

import numpy as np
import pytest

from deterrence_games.games.reputation import ReputationGame, chain_store_game
from deterrence_games.solvers import reputation as rep

from . import _reputation_reference as ref

_FIELDS = ("thresholds", "indifference_out", "off_path", "expected_entries", "expected_commitment_plays",
           "normal_payoff", "commitment_payoff")
_CERT = ("max_regret_short_run", "max_regret_normal", "max_bayes_error", "mixing_without_indifference",
         "checks", "periods", "beliefs_per_period")


def _same(game, off_path, grid_size):
    new, old = rep.solve_reputation(game, off_path), ref.solve_reputation(game, off_path)
    for f in _FIELDS:
        assert getattr(new, f) == getattr(old, f), f
    assert dict(new.entry_probability) == dict(old.entry_probability)
    assert dict(new.path_beliefs) == dict(old.path_beliefs)
    c_new, c_old = rep.certify_reputation(new, grid_size=grid_size), ref.certify_reputation(old, grid_size=grid_size)
    for f in _CERT:
        assert getattr(c_new, f) == getattr(c_old, f), f
    assert c_new.ok == c_old.ok


def test_shared_profile_and_certificate_equal_the_reference_on_random_chain_stores():
    rng = np.random.default_rng(13)
    # few profiles, many priors each (as in a sweep), in shuffled order; priors include the
    # thresholds b^k themselves, 0 and grid beliefs i/n
    profiles = [(int(rng.integers(1, 8)), F(int(rng.integers(6, 17)), 2),
                 F(int(rng.integers(1, 5)), 5), F(1) if rng.random() < 0.5 else F(int(rng.integers(8, 10)), 10),
                 str(rng.choice(["kw", "zero"])), int(rng.choice([4, 10, 16]))) for _ in range(8)]
    points = []
    for N, a, b, d, off, gs in profiles:
        priors = {F(int(rng.integers(0, 1000)), 1000) for _ in range(18)} | {b**k for k in range(1, N + 1)} | {F(0), F(1, gs)}
        points += [(N, a, b, d, off, gs, p) for p in priors if p < 1]
    order = rng.permutation(len(points))
    assert len(points) >= 150
    for i in order:
        N, a, b, d, off, gs, p = points[i]
        _same(chain_store_game(N, a, b, p, d), off, gs)


def test_shared_path_equals_the_reference_on_a_general_stage_game_and_explicit_beliefs():
    for prior in (F(0), F(1, 20), F(2, 5), F(4, 25), F(7, 9)):
        g = ReputationGame(horizon=6, prior=prior, entrant_out=F(1), entrant_in=(F(-2), F(3), F(2)),
                           incumbent_out=F(8), incumbent_in=(F(-1), F(2), F(1)), commitment_action=0,
                           delta=F(9, 10), actions=("fight", "accommodate", "share"))
        _same(g, "kw", 10)
        beliefs = [F(1, 3), F(2, 5), prior]
        c_new = rep.certify_reputation(rep.solve_reputation(g), beliefs)
        c_old = ref.certify_reputation(ref.solve_reputation(g), beliefs)
        assert all(getattr(c_new, f) == getattr(c_old, f) for f in _CERT)


def test_a_wrong_profile_is_not_certified_from_the_shared_cache():
    # certify the true profile first (fills the cache), then a tampered one: not OK
    eq = rep.solve_reputation(chain_store_game(6, 2, F(1, 2), F(1, 10)))
    assert rep.certify_reputation(eq).ok
    bad = rep.ReputationEquilibrium(eq.game, eq.thresholds, tuple(F(1, 3) for _ in eq.thresholds), "kw",
                                    {}, F(0), F(0), F(0), F(0))
    assert not rep.certify_reputation(bad).ok


@pytest.mark.parametrize("a", [F(1, 2), F(9, 10)])
def test_no_equilibrium_is_still_an_error_every_time(a):
    for _ in range(2):  # a failure is not cached as a result
        with pytest.raises(rep.ParameterError, match="indifference probability"):
            rep.solve_reputation(chain_store_game(4, a, F(1, 2), F(1, 10)))
