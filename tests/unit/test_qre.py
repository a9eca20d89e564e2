"""Agent logit QRE by path following: fixed point, pygambit cross-check, limit, MLE."""

import numpy as np
import pytest

from deterrence_games._validation import ParameterError
from deterrence_games.games.normal_form import BimatrixGame
from deterrence_games.games.signaling import SignalingGame
from deterrence_games.solvers.pbe import pbe
from deterrence_games.solvers.qre import fit_lambda, log_likelihood, logit_qre
from deterrence_games.warnings import ConvergenceWarning
from tests.signaling_brute import random_game

U_S = [[[1, 3], [0, 2]], [[0, 2], [1, 3]]]
U_R = [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]


def beer_quiche():
    return SignalingGame(["weak", "strong"], [0.1, 0.9], ["quiche", "beer"], ["duel", "not"], U_S, U_R)


def _damped_fixed_point(game, lam, iters=5000):
    """Second method at small lambda: damped iteration of the logit response map."""
    from deterrence_games.solvers.qre import _AgentForm

    f = _AgentForm(game)
    p = np.concatenate([np.full(n, 1 / n) for n in f.sizes])
    for _ in range(iters):
        p = 0.5 * p + 0.5 * f.logit(p, lam)
    return p


@pytest.mark.parametrize("seed", range(4))
def test_path_points_are_logit_fixed_points(seed):
    rng = np.random.default_rng(seed)
    g = random_game(rng, 2, 2, 2, integer=False) if seed % 2 else BimatrixGame(rng.normal(size=(3, 2)), rng.normal(size=(3, 2)))
    path = logit_qre(g, lambda_max=8.0)
    assert path.lambdas[0] == 0 and path.lambdas[-1] == pytest.approx(8.0)
    prof = path.at(0.7)
    ref = _damped_fixed_point(g, 0.7)
    np.testing.assert_allclose(np.concatenate(prof.probabilities), ref, atol=1e-9)
    assert prof.residual < 1e-9


def test_beer_quiche_logit_selects_pooling_on_beer():
    path = logit_qre(beer_quiche(), lambda_max=60.0)
    sigma, rho = path.limit.strategies
    np.testing.assert_allclose(sigma, [[0, 1], [0, 1]], atol=1e-6)  # both types drink beer
    assert rho[1, 1] > 1 - 1e-6 and rho[0, 0] > 1 - 1e-6  # no duel after beer; duel after quiche
    assert path.limit.regret < 1e-6
    # the selected equilibrium is the intuitive PBE
    sel = [e for e in pbe(beer_quiche()) if not e.receiver_mixing and e.sender_support == ((1,), (1,))]
    assert sel and sel[0].flags["intuitive"]


def test_regret_vanishes_along_the_branch():
    g = random_game(np.random.default_rng(11), 2, 2, 2, integer=False)
    path = logit_qre(g, lambda_max=200.0)
    r = [path.at(lam).regret for lam in (5.0, 50.0, 200.0)]
    assert r[2] <= r[0] and r[2] < 0.05


def test_mle_recovers_lambda_from_expected_counts():
    g = beer_quiche()
    prof = logit_qre(g, lambda_max=5.0).at(3.0)
    sigma, rho = prof.strategies
    n = 1000
    sender = n * g.prior[:, None] * sigma
    receiver = n * rho
    fit = fit_lambda(g, sender, receiver, lambda_max=10.0)
    assert fit.lam == pytest.approx(3.0, abs=1e-4) and not fit.at_bound
    ll3 = log_likelihood(g, 3.0, sender, receiver)
    assert ll3 == pytest.approx(fit.log_likelihood, abs=1e-6)
    assert ll3 > log_likelihood(g, 2.5, sender, receiver) and ll3 > log_likelihood(g, 3.5, sender, receiver)
    assert "LogitFit" in repr(fit) and fit.to_dict()["n_observations"] == 3000


def test_result_objects_and_bad_input():
    g = BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    path = logit_qre(g, lambda_max=10.0)
    assert "QREPath" in repr(path) and len(path.to_frame()) == len(path)
    assert path.to_dict()["agents"] == ["row", "column"]
    with pytest.raises(ValueError):
        path.lambdas[0] = 1.0
    with pytest.raises(ParameterError, match="`lambda_max`"):
        logit_qre(g, lambda_max=-1)
    with pytest.raises(ParameterError, match="`lam`"):
        path.at(20.0)
    with pytest.raises(TypeError, match="`game`"):
        logit_qre("prisoners dilemma")
    with pytest.raises(ParameterError, match="`row_counts`"):
        log_likelihood(g, 1.0, [1, 2, 3], None)
    with pytest.raises(ParameterError, match="`sender_counts`"):
        fit_lambda(beer_quiche(), [[1, -1], [0, 0]], None)


@pytest.mark.peer
@pytest.mark.parametrize("seed", range(3))
def test_bimatrix_matches_pygambit_logit(seed):
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(100 + seed)
    A, B = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    G = gbt.Game.from_arrays(A, B)
    path = logit_qre(BimatrixGame(A, B), lambda_max=40.0)
    for r in gbt.qre.logit_solve_lambda(G, [0.5, 2.0, 10.0], use_strategic=True):
        theirs = np.array([float(r.profile[s]) for s in G.strategies])
        ours = np.concatenate(path.at(r.lam).probabilities)
        np.testing.assert_allclose(ours, theirs, atol=1e-6)
    # the lambda -> infinity limit: the same selected equilibrium as gambit's logit_solve
    # (ours stops at lambda = 40, so compare the equilibrium reached, within 1/lambda)
    eq = gbt.nash.logit_solve(G, use_strategic=True).equilibria[0]
    theirs = np.array([float(eq[s]) for s in G.strategies])
    np.testing.assert_allclose(np.concatenate(path.limit.probabilities), theirs, atol=1 / 40)


@pytest.mark.peer
def test_signaling_game_strategic_form_qre_matches_when_agent_form_equals_strategic_form():
    """With one type the agent form and the strategic form coincide (sender one agent,
    receiver one agent per message): compare with pygambit's strategic logit on the
    induced normal form (receiver strategies = action per message)."""
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(5)
    u_S = rng.normal(size=(1, 2, 2))
    u_R = rng.normal(size=(1, 2, 2))
    # garble so that the receiver cannot tell messages apart: a 2x2 bimatrix game in disguise
    g = SignalingGame(1, [1.0], 2, 2, u_S, u_R, garbling=[[1.0], [1.0]])
    A, B = u_S[0], u_R[0]
    G = gbt.Game.from_arrays(A, B)
    path = logit_qre(g, lambda_max=5.0)
    for r in gbt.qre.logit_solve_lambda(G, [0.5, 3.0], use_strategic=True):
        theirs = np.array([float(r.profile[s]) for s in G.strategies])
        ours = np.concatenate(path.at(r.lam).probabilities)
        np.testing.assert_allclose(ours, theirs, atol=1e-6)


# --- the path follower itself: analytic Jacobian, agreement with gambit, BLAS kernels -----------


def _garbled_game(rng):
    return SignalingGame(2, [0.3, 0.7], 2, 3, rng.normal(size=(2, 2, 3)), rng.normal(size=(2, 2, 3)),
                         garbling=[[0.8, 0.2], [0.4, 0.6]])


@pytest.mark.parametrize("kind", ["bimatrix", "signaling", "garbled"])
def test_analytic_jacobian_equals_central_differences(kind):
    from deterrence_games.solvers.qre import _AgentForm

    rng = np.random.default_rng(7)
    g = {"bimatrix": lambda: BimatrixGame(rng.normal(size=(3, 4)), rng.normal(size=(3, 4))),
         "signaling": lambda: random_game(rng, 3, 2, 3, integer=False),
         "garbled": lambda: _garbled_game(rng)}[kind]()
    f = _AgentForm(g)
    for lam in (0.0, 3.7, 250.0):
        x = np.concatenate([rng.normal(size=f.n) - 1, [lam]])
        J = f.jacobian(x[:-1], x[-1])
        h = 1e-6
        num = np.column_stack([(f.homotopy(*_split(x + e)) - f.homotopy(*_split(x - e))) / (2 * h)
                               for e in h * np.eye(f.n + 1)])
        np.testing.assert_allclose(J, num, atol=1e-7 * max(1.0, np.abs(J).max()))


def _split(x):
    return x[:-1], x[-1]


def _gambit_profiles(gbt, G, lams, strategic, read):
    """Gambit's QRE at ``lams`` (``read(profile)`` of each), asked on a denser grid: with a
    sparse list its corrector can land on another branch (seen at lambda = 100 after 10 on a
    random 6x6 game, where a dense grid and our path agree)."""
    dense = sorted(set(np.round(np.geomspace(0.5, max(lams), 24), 10)) | set(lams))
    res = gbt.qre.logit_solve_lambda(G, dense, use_strategic=strategic)
    return {lam: read(r.profile) for lam, r in zip(dense, res, strict=True) if lam in lams}


@pytest.mark.peer
@pytest.mark.parametrize("n", [4, 6, 10])
def test_bimatrix_path_matches_pygambit_to_1e8(n):
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(200 + n)
    A, B = rng.normal(size=(n, n)), rng.normal(size=(n, n))
    G = gbt.Game.from_arrays(A, B)
    path = logit_qre(BimatrixGame(A, B), lambda_max=100.0, max_step=10.0)
    lams = [0.5, 2.0, 10.0, 100.0]
    read = lambda prof: np.array([float(prof[s]) for s in G.strategies])  # noqa: E731
    for lam, theirs in _gambit_profiles(gbt, G, lams, True, read).items():
        np.testing.assert_allclose(np.concatenate(path.at(lam).probabilities), theirs, atol=1e-8, err_msg=str(lam))


def test_signaling_path_is_the_same_branch_whatever_the_step_sizes():
    """At lambda in {0.5, 2, 10, 100} the profile is a logit fixed point to 1e-10, and two traces
    with different step sequences give the same profile to 1e-8 (one branch, not a jump).
    (pygambit 16.7 cannot be the second method here: reading an agent-form profile from
    ``logit_solve_lambda`` raises "Cannot create a MixedBehaviorProfile outside a Game".)"""
    from deterrence_games.solvers.qre import _AgentForm

    g = random_game(np.random.default_rng(31), 3, 4, 4, integer=False)
    f = _AgentForm(g)
    coarse = logit_qre(g, lambda_max=100.0, max_step=10.0)
    fine = logit_qre(g, lambda_max=100.0, max_step=0.5, first_step=0.01)
    assert len(fine) > len(coarse)
    for lam in (0.5, 2.0, 10.0, 100.0):
        p = np.concatenate(coarse.at(lam).probabilities)
        np.testing.assert_allclose(f.logit(p, lam), p, atol=1e-10)
        np.testing.assert_allclose(np.concatenate(fine.at(lam).probabilities), p, atol=1e-8, err_msg=str(lam))


def test_path_reaches_large_lambda_on_a_signaling_game_with_off_path_messages():
    """The case that failed with 'step underflow' near lambda = 9,601 (payoff units) under
    OpenBLAS's SkylakeX kernel: crisis_signaling at q = 0.6, a = 1, pi = 0.6, traced to
    1e4 in units of the payoff range. The branch must get there, with vanishing regret."""
    import deterrence_games as dg
    from deterrence_games.models.crisis_signaling import crisis_game

    g = crisis_game(dg.get_model("crisis_signaling").validate(q=0.6, a=1.0, pi=0.6))
    R = max(float(np.ptp(g.u_S)), float(np.ptp(g.u_R)))
    unit = SignalingGame(g.types, g.prior, g.messages, g.actions, g.u_S / R, g.u_R / R,
                         garbling=g.observation_kernel, observations=g.observations)
    path = logit_qre(unit, lambda_max=1e4, max_step=1e3)
    assert path.lambdas[-1] == 1e4 and path.limit.regret < 1e-3 and path.limit.residual < 1e-9


def test_compiled_bimatrix_homotopy_and_jacobian_equal_the_agent_form():
    """The compiled bimatrix evaluation (`_qre_numba.evaluate`, explicit loops) gives the
    homotopy and bordered Jacobian of `_AgentForm.evaluate` to round-off, on rectangular
    games and at small and large lambda."""
    pytest.importorskip("numba")
    from deterrence_games.solvers import _qre_numba
    from deterrence_games.solvers.qre import _AgentForm

    rng = np.random.default_rng(12)
    for m, n in ((2, 2), (3, 5), (6, 4)):
        f = _AgentForm(BimatrixGame(rng.normal(size=(m, n)), rng.normal(size=(m, n))))
        for lam in (0.0, 3.7, 1e4):
            z = rng.normal(size=f.n) - 2
            H, J = f.evaluate(z, lam)
            H2, J2 = _qre_numba.evaluate(f._A, f._BT, z, lam, np.empty(f.n), np.empty((f.n + 1, f.n + 1)))
            np.testing.assert_allclose(H2, H, rtol=0, atol=1e-13)
            np.testing.assert_allclose(J2[:-1], J[:-1], rtol=0, atol=1e-12 * max(1.0, lam))


@pytest.mark.parametrize("n", [2, 4, 7])
def test_compiled_bimatrix_path_follows_the_numpy_path(n, monkeypatch):
    """With numba the bimatrix loop of `_trace` runs compiled: the same accepted points
    (count and coordinates to round-off) as the NumPy loop, and the hand-over to the NumPy
    loop on a singular bordered system gives the NumPy path too."""
    pytest.importorskip("numba")
    from deterrence_games.solvers import _qre_numba, qre

    rng = np.random.default_rng(40 + n)
    g = BimatrixGame(rng.normal(size=(n, n + 1)), rng.normal(size=(n, n + 1)))
    fast = logit_qre(g, lambda_max=100.0, max_step=10.0)
    with pytest.warns(ConvergenceWarning):  # stopped at max_points, short of lambda_max
        capped = logit_qre(g, lambda_max=100.0, max_points=5).lambdas
    monkeypatch.setattr(qre, "_compiled_trace", lambda: None)
    slow = logit_qre(g, lambda_max=100.0, max_step=10.0)
    with pytest.warns(ConvergenceWarning):
        np.testing.assert_allclose(capped, logit_qre(g, lambda_max=100.0, max_points=5).lambdas, rtol=1e-12)
    assert len(capped) == 5
    assert len(fast) == len(slow)
    np.testing.assert_allclose(fast.log_probabilities, slow.log_probabilities, rtol=0, atol=1e-9)
    np.testing.assert_allclose(fast.lambdas, slow.lambdas, rtol=1e-12, atol=1e-12)
    for lam in (0.5, 10.0, 100.0):
        np.testing.assert_allclose(np.concatenate(fast.at(lam).probabilities),
                                   np.concatenate(slow.at(lam).probabilities), rtol=0, atol=1e-12)

    def singular_at_once(A, BT, x, t, h, *args):
        return x[None, :], x, t, h, _qre_numba.SINGULAR

    monkeypatch.setattr(qre, "_compiled_trace", lambda: singular_at_once)
    handed = logit_qre(g, lambda_max=100.0, max_step=10.0)
    np.testing.assert_array_equal(handed.log_probabilities, slow.log_probabilities)
