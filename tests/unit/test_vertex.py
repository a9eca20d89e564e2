"""Tests of the vertex enumeration kernel `deterrence_games.solvers._vertex`.

Held against polytopes whose vertices are known in closed form: the cube (2^d vertices,
simple), the cube with every facet repeated (the same vertices, each now degenerate), the
square pyramid (its apex lies on four facets in dimension three), and the simplex.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from deterrence_games.solvers._vertex import mask_keys, polytope_vertices, set_keys


def _cube(d: int) -> tuple[np.ndarray, np.ndarray]:
    """{0 <= v <= 1}: rows 0..d-1 are -v_i <= 0, rows d..2d-1 are v_i <= 1."""
    return np.vstack([-np.eye(d), np.eye(d)]), np.r_[np.zeros(d), np.ones(d)]


@pytest.mark.parametrize("d", [1, 2, 3, 6])
def test_cube_has_two_to_the_d_vertices(d):
    G, h = _cube(d)
    S, n_bases = polytope_vertices(G, h, np.arange(d))
    assert len(S) == 2**d and n_bases == 2**d  # simple: one basis per vertex
    coords = sorted(map(tuple, S[:, :d]))  # slack of -v_i <= 0 is v_i
    assert coords == sorted(itertools.product([0.0, 1.0], repeat=d))
    assert ((S == 0).sum(axis=1) == d).all()


def test_repeated_facets_make_every_vertex_degenerate():
    """Each facet of the 3-cube listed twice: still 8 vertices, each on 6 rows, and
    2^3 bases per vertex (choose one copy of each of its three facets)."""
    G, h = _cube(3)
    G, h = np.vstack([G, G]), np.r_[h, h]
    S, n_bases = polytope_vertices(G, h, np.arange(3))
    assert len(S) == 8 and n_bases == 8 * 8
    assert ((S == 0).sum(axis=1) == 6).all()


def test_square_pyramid_apex_is_degenerate():
    """Base [0,1]^2 x {0}, apex (1/2, 1/2, 1): five vertices; the apex is on the four
    slanted facets (2 z <= 2 x, 2 z <= 2 - 2 x, and the same in y)."""
    G = np.array([[0, 0, -1], [-2, 0, 1], [2, 0, 1], [0, -2, 1], [0, 2, 1]], float)
    h = np.array([0, 0, 2, 0, 2], float)
    # start: the vertex (0, 0, 0) lies on z >= 0, z <= 2x and z <= 2y
    S, n_bases = polytope_vertices(G, h, np.array([0, 1, 3]))
    assert len(S) == 5
    tight = sorted((S == 0).sum(axis=1).tolist())
    assert tight == [3, 3, 3, 3, 4]
    assert n_bases == 4 + 4  # the apex has 4 bases (any 3 of its 4 facets are independent)


def test_simplex_vertices():
    d = 4
    G = np.vstack([-np.eye(d), np.ones((1, d))])
    h = np.r_[np.zeros(d), 1.0]
    S, _ = polytope_vertices(G, h, np.arange(d))
    assert len(S) == d + 1
    assert sorted(map(tuple, S[:, :d])) == sorted(map(tuple, np.vstack([np.zeros(d), np.eye(d)])))


def test_keys_are_sets_of_columns():
    M = np.array([[1, 0, 1], [0, 0, 0], [1, 0, 1]], bool)
    k = mask_keys(M)
    assert k[0] == k[2] == 5 and k[1] == 0
    assert set_keys(np.array([[2, 0], [0, 2]]), 3).tolist() == [5, 5]
    wide = np.zeros((2, 70), bool)
    wide[0, 69] = wide[1, 0] = True
    assert mask_keys(wide).tolist() == [1 << 69, 1]  # Python ints beyond 64 columns


def _game_polytope(B: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from deterrence_games.solvers.nash import _normalise

    m, n = B.shape
    return np.vstack([-np.eye(m), _normalise(B).T]), np.r_[np.zeros(m), np.ones(n)]


def test_numba_and_numpy_kernels_visit_the_same_bases():
    """The compiled kernel (optional) and the NumPy kernel: same vertices, same tight rows,
    same number of feasible bases, on generic and tie-heavy best-response polytopes."""
    pytest.importorskip("numba")
    rng = np.random.default_rng(21)
    for trial in range(60):
        m, n = rng.integers(1, 7, size=2)
        B = rng.integers(0, 3, size=(m, n)).astype(float) if trial % 2 else rng.normal(size=(m, n))
        G, h = _game_polytope(B)
        S1, n1 = polytope_vertices(G, h, np.arange(m), backend="numpy")
        S2, n2 = polytope_vertices(G, h, np.arange(m), backend="numba")
        assert n1 == n2
        assert ((S1 == 0) == (S2 == 0)).all()
        assert np.allclose(S1, S2, rtol=0, atol=1e-12)


def test_nash_equilibria_without_numba_is_the_same(monkeypatch):
    """The pure NumPy path gives the same equilibria as the default path."""
    import warnings

    from deterrence_games.games import BimatrixGame
    from deterrence_games.solvers import _vertex, nash, nash_equilibria

    rng = np.random.default_rng(5)
    games = [(rng.random((5, 4)), rng.random((5, 4))),
             (rng.integers(0, 3, (4, 4)), rng.integers(0, 3, (4, 4)))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        default = [nash_equilibria(BimatrixGame(A, B)) for A, B in games]
        monkeypatch.setattr(_vertex, "_numba_kernel", lambda: None)
        monkeypatch.setattr(nash, "_numba_solve", lambda: None)
        plain = [nash_equilibria(BimatrixGame(A, B)) for A, B in games]
    for r1, r2 in zip(default, plain, strict=True):
        assert len(r1) == len(r2) and r1.degenerate == r2.degenerate and r1.continua == r2.continua
        for (x1, y1), (x2, y2) in zip(r1, r2, strict=True):
            assert np.allclose(x1, x2, atol=1e-12) and np.allclose(y1, y2, atol=1e-12)


def test_compiled_polytope_kernels_give_the_numpy_enumeration():
    """`_enumerate` with each polytope enumerated by the compiled kernel and by NumPy gives
    the same equilibria (to round-off: the kernels factorize differently), the same label
    masks, vertex and basis counts and degeneracy reason, on generic, tie-heavy and
    rectangular games."""
    pytest.importorskip("numba")
    from deterrence_games.solvers.nash import _enumerate, _normalise

    rng = np.random.default_rng(8)
    for trial in range(80):
        m, n = rng.integers(1, 8, size=2)
        if trial % 2:
            A, B = rng.integers(0, 3, size=(2, m, n)).astype(float)
        else:
            A, B = rng.normal(size=(2, m, n))
        An, Bn = _normalise(A), _normalise(B)
        e1, e2 = _enumerate(An, Bn, backend="numpy"), _enumerate(An, Bn, backend="auto")
        k1 = np.lexsort(np.hstack([e1.LX, e1.LY]).T[::-1])
        k2 = np.lexsort(np.hstack([e2.LX, e2.LY]).T[::-1])
        assert np.allclose(e1.X[k1], e2.X[k2], rtol=0, atol=1e-12)
        assert np.allclose(e1.Y[k1], e2.Y[k2], rtol=0, atol=1e-12)
        assert np.array_equal(e1.LX[k1], e2.LX[k2]) and np.array_equal(e1.LY[k1], e2.LY[k2])
        assert (e1.degenerate, e1.reason, e1.sizes) == (e2.degenerate, e2.reason, e2.sizes)


def test_bad_backend():
    G, h = _cube(2)
    with pytest.raises(ValueError, match="`backend`"):
        polytope_vertices(G, h, np.arange(2), backend="gpu")


def test_compiled_normalisation_enumeration_and_certificate_equal_the_numpy_path(monkeypatch):
    """`nash._solve_vertex` in one compiled call (payoffs mapped onto [1, 2], both
    polytopes, pairing, probability vectors, regrets) against the NumPy functions it
    fuses: the normalised payoffs, exponents and ranges are the same bits (also for
    payoffs near overflow, subnormal, with a large offset or constant), the equilibria
    and regrets agree to round-off, labels, counts and degeneracy are equal."""
    pytest.importorskip("numba")
    from deterrence_games.solvers import nash

    rng = np.random.default_rng(21)
    games = []
    for trial in range(60):
        m, n = rng.integers(1, 8, size=2)
        A, B = (rng.integers(0, 3, size=(2, m, n)).astype(float) if trial % 2
                else rng.normal(size=(2, m, n)))
        games.append((A, B))
    M = np.array([[1.0, -1.0], [-1.0, 1.0]])
    games += [(1e308 * M, -1e308 * M), (5e-324 * M, 3e-320 * M.T), (M + 1e12, 1e-9 * M),
              (np.zeros((2, 3)), np.ones((2, 3))), (-7.5 * np.ones((3, 2)), rng.normal(size=(3, 2)))]
    fused = [nash._solve_vertex(A, B) for A, B in games]
    monkeypatch.setattr(nash, "_numba_solve", lambda: None)
    for (A, B), (e1, pA1, pB1, r1) in zip(games, fused, strict=True):
        e2, pA2, pB2, r2 = nash._solve_vertex(A, B)
        for p1, p2 in ((pA1, pA2), (pB1, pB2)):
            assert np.array_equal(p1[0], p2[0]) and p1[1:] == p2[1:]
        k1 = np.lexsort(np.hstack([e1.LX, e1.LY]).T[::-1])
        k2 = np.lexsort(np.hstack([e2.LX, e2.LY]).T[::-1])
        assert np.allclose(e1.X[k1], e2.X[k2], rtol=0, atol=1e-12)
        assert np.allclose(e1.Y[k1], e2.Y[k2], rtol=0, atol=1e-12)
        assert np.array_equal(e1.LX[k1], e2.LX[k2]) and np.array_equal(e1.LY[k1], e2.LY[k2])
        assert (e1.degenerate, e1.reason, e1.sizes) == (e2.degenerate, e2.reason, e2.sizes)
        for a, b in zip(r1, r2, strict=True):
            assert np.allclose(a[k1], b[k2], rtol=0, atol=1e-13)
            assert np.all(np.abs(a) <= 1e-12)
