"""All PBE of >= 1,000 random small signaling games: certified, and every pure PBE found by
brute force (pure strategies x a grid of off-path beliefs, and x exact LP beliefs) is ours."""

import itertools

import numpy as np
import pytest

from deterrence_games.solvers.pbe import pbe
from tests.signaling_brute import pure_pbe, random_game

SHAPES = [(2, 2, 2)] * 6 + [(3, 2, 2), (2, 3, 2), (2, 2, 3), (3, 2, 3)]


def _pure_keys(res):
    return {(tuple(s[0] for s in e.sender_support), tuple(r[0] for r in e.receiver_support))
            for e in res if e.is_pure}


def _check(res, g):
    assert res.max_regret <= 1e-7
    for e in res:
        assert e.certificate["bayes_residual"] <= 1e-9
        # every extreme sigma is a behaviour strategy with the declared support
        for sv in e.sigma_vertices:
            np.testing.assert_allclose(sv.sum(axis=1), 1.0, atol=1e-9)
            assert (sv[~g.available] == 0).all()
        for t, s in enumerate(e.sender_support):
            assert (e.sigma[t, list(s)] > 0).all()
            assert np.isclose(e.sigma[t, list(s)].sum(), 1.0)
        for k, r in enumerate(e.receiver_support):
            assert np.isclose(e.rho[k, list(r)].sum(), 1.0) and (e.rho[k, list(r)] > 0).all()
        # D1 is stronger than the intuitive criterion (Cho-Kreps 1987, Section IV)
        if e.flags["d1"]:
            assert e.flags["intuitive"]
        # D2 deletes at least the types D1 deletes; with two types the rules coincide
        if e.flags["d2"] is not None:
            if g.shape[0] == 2:
                assert e.flags["d2"] == e.flags["d1"]
            elif e.flags["d2"]:
                assert e.flags["d1"]
    # cells are disjoint: exact supports are distinct
    keys = [(e.sender_support, e.receiver_support) for e in res]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("block", range(10))
def test_random_games_brute_force(block):
    rng = np.random.default_rng(1000 + block)
    n = 0
    for i in range(100):
        shape = SHAPES[i % len(SHAPES)]
        g = random_game(rng, *shape, integer=(i % 2 == 0), restrict=(i % 7 == 3), garble=(i % 11 == 5))
        res = pbe(g)
        _check(res, g)
        ours = _pure_keys(res)
        grid = set(pure_pbe(g, grid_steps=6))
        assert grid <= ours, (block, i)
        if i % 5 == 0:  # exact brute force: off-path beliefs by LP -> equality
            assert set(pure_pbe(g, grid_steps=None)) == ours, (block, i)
        n += 1
    assert n == 100


@pytest.mark.slow
def test_random_three_by_three_by_three():
    rng = np.random.default_rng(7)
    for i in range(12):
        g = random_game(rng, 3, 3, 3, integer=(i % 2 == 0), restrict=(i % 4 == 1))
        res = pbe(g)
        _check(res, g)
        assert set(pure_pbe(g, grid_steps=None)) == _pure_keys(res)


def _in_hull(x, verts):
    from scipy.optimize import linprog

    V = np.array([v.ravel() for v in verts]).T
    n = V.shape[1]
    res = linprog(np.zeros(n), A_eq=np.vstack([V, np.ones((1, n))]), b_eq=np.concatenate([x.ravel(), [1]]),
                  bounds=(0, None), method="highs")
    return res.status == 0


def _supports_mixed(U, support, eps=1e-9):
    """Is there a belief over the rows of U making every action in ``support`` optimal?"""
    from scipy.optimize import linprog

    n, nA = U.shape
    a0 = support[0]
    E = [U[:, a] - U[:, a0] for a in support[1:]]
    G = [U[:, b] - U[:, a0] for b in range(nA) if b not in support]
    res = linprog(np.zeros(n), A_ub=np.array(G).reshape(-1, n) if G else None,
                  b_ub=np.full(len(G), eps) if G else None,
                  A_eq=np.vstack(E + [np.ones(n)]), b_eq=np.concatenate([np.zeros(len(E)), [1.0]]),
                  bounds=(0, None), method="highs")
    return res.status == 0


@pytest.mark.peer
@pytest.mark.parametrize("shape", [(2, 2, 2), (3, 2, 2), (2, 3, 2), (2, 2, 3)])
def test_mixed_nash_of_strategic_form_that_are_pbe_are_in_our_cells(shape):
    """Second method for mixed equilibria: every extreme Nash equilibrium of the strategic
    form (pygambit enummixed) that satisfies the PBE conditions lies in one of our cells."""
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(3 + shape[0] * 10 + shape[1])
    checked = 0
    for i in range(12):
        g = random_game(rng, *shape, integer=(i % 2 == 0))
        nT, nM, nA = g.shape
        S_pure = list(itertools.product(range(nM), repeat=nT))
        R_pure = list(itertools.product(range(nA), repeat=nM))
        A = np.zeros((len(S_pure), len(R_pure)))
        B = np.zeros_like(A)
        for i1, s in enumerate(S_pure):
            for j, r in enumerate(R_pure):
                for t in range(nT):
                    A[i1, j] += g.prior[t] * g.u_S[t, s[t], r[s[t]]]
                    B[i1, j] += g.prior[t] * g.u_R[t, s[t], r[s[t]]]
        G = gbt.Game.from_arrays(A, B)
        p0, p1 = list(G.players)
        res = pbe(g)
        for eq in gbt.nash.enummixed_solve(G, rational=False).equilibria:
            x = np.array([float(eq[st]) for st in p0.strategies])
            y = np.array([float(eq[st]) for st in p1.strategies])
            sigma = np.zeros((nT, nM))
            rho = np.zeros((nM, nA))
            for p, s in zip(x, S_pure, strict=True):
                for t in range(nT):
                    sigma[t, s[t]] += p
            for p, r in zip(y, R_pure, strict=True):
                for m in range(nM):
                    rho[m, r[m]] += p
            pk, _ = g.receiver_values(sigma)
            R = tuple(tuple(int(a) for a in np.flatnonzero(rho[k] > 1e-9)) for k in range(nM))
            if any(pk[m] <= 1e-12 and not _supports_mixed(g.u_R[:, m, :], R[m]) for m in range(nM)):
                continue  # a Nash equilibrium that is not a PBE
            S = tuple(tuple(int(m) for m in np.flatnonzero(sigma[t] > 1e-9)) for t in range(nT))
            cells = [e for e in res if e.sender_support == S and e.receiver_support == R]
            assert len(cells) == 1, (i, S, R)
            assert _in_hull(sigma, cells[0].sigma_vertices) and _in_hull(rho, cells[0].rho_vertices)
            checked += 1
    assert checked >= 12
