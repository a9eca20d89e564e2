"""``pbe_batch`` returns, game by game, exactly the cells of ``pbe`` (supports, labels,
representative profiles, extreme points, payoffs), on generic and on tie-heavy games."""

import numpy as np
import pytest

from deterrence_games import ParameterError
from deterrence_games.solvers.pbe import pbe, pbe_batch
from tests.signaling_brute import random_game


def _sorted_rows(vs):
    a = np.array([np.ravel(v) for v in vs])
    return a[np.lexsort(np.round(a, 9).T[::-1])]


def assert_batch_equals_pbe(games, **kw):
    res = pbe_batch(np.array([g.prior for g in games]), np.array([g.u_S for g in games]),
                    np.array([g.u_R for g in games]), np.array([g.observation_kernel for g in games]), **kw)
    n_cells = 0
    for i, g in enumerate(games):
        ref = pbe(g, **kw)
        js = np.flatnonzero(res.valid[i])
        assert [(e.sender_support, e.receiver_support) for e in ref] == \
            [(res.sender_supports[j], res.receiver_supports[j]) for j in js]
        for e, j in zip(ref, js, strict=True):
            assert e.label == res.labels[j]
            assert (e.continuum, e.is_pure) == (res.continuum[i, j], res.is_pure[i, j])
            np.testing.assert_allclose(res.sigma[i, j], e.sigma, atol=1e-10, rtol=0)
            np.testing.assert_allclose(res.rho[i, j], e.rho, atol=1e-10, rtol=0)
            sv = res.sigma_vertices[i, j, :res.n_sigma_vertices[i, j]]
            rv = res.rho_vertices[i, j, :res.n_rho_vertices[i, j]]
            np.testing.assert_allclose(_sorted_rows(sv), _sorted_rows(e.sigma_vertices), atol=1e-10)
            np.testing.assert_allclose(_sorted_rows(rv), _sorted_rows(e.rho_vertices), atol=1e-10)
            np.testing.assert_allclose(res.sender_payoffs[i, j], e.sender_payoffs, atol=1e-10)
            assert abs(res.receiver_payoff[i, j] - e.receiver_payoff) <= 1e-10
        n_cells += len(ref)
    assert res.valid.sum() == n_cells
    return n_cells


@pytest.mark.parametrize("shape", [(2, 2, 2), (2, 2, 3), (3, 2, 2)])
@pytest.mark.parametrize("integer", [False, True])
@pytest.mark.parametrize("garble", [False, True])
def test_batch_equals_pbe_game_by_game(shape, integer, garble):
    rng = np.random.default_rng([31, *shape, integer, garble])
    games = [random_game(rng, *shape, integer=integer, garble=garble) for _ in range(6)]
    assert assert_batch_equals_pbe(games) >= 6  # several zero patterns of the kernel in one batch


def test_batch_rejects_bad_input_before_work():
    rng = np.random.default_rng(0)
    g = random_game(rng, 2, 2, 2, integer=False)
    args = [np.array([g.prior]), np.array([g.u_S]), np.array([g.u_R]), np.array([g.observation_kernel])]
    with pytest.raises(ParameterError, match="u_R"):
        pbe_batch(args[0], args[1], args[2][:, :, :1], args[3])
    with pytest.raises(ParameterError, match="prior"):
        pbe_batch(-args[0], *args[1:])
    with pytest.raises(ParameterError, match="observation_kernel"):
        pbe_batch(*args[:3], 2 * args[3])
    with pytest.raises(ParameterError, match="unreachable"):
        pbe_batch(*args[:3], np.array([[[[1.0, 0.0], [1.0, 0.0]], [[1.0, 0.0], [1.0, 0.0]]]]))
    with pytest.raises(ParameterError, match="consistent_beliefs"):
        pbe_batch(*args[:3], np.array([[[[0.5, 0.5], [0.5, 0.5]], [[0.5, 0.5], [0.5, 0.5]]]]),
                  consistent_beliefs=True)
