"""Mathematical invariants of the exact APS payoff sets (perfect monitoring)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deterrence_games.solvers import _polygon as geo
from deterrence_games.solvers import payoff_sets as ps
from deterrence_games.solvers.payoff_sets import aps


@st.composite
def games(draw):
    m = draw(st.integers(2, 3))
    n = draw(st.integers(2, 3))
    entries = st.integers(-5, 9)
    A = np.array(draw(st.lists(entries, min_size=m * n, max_size=m * n)), float).reshape(m, n)
    B = np.array(draw(st.lists(entries, min_size=m * n, max_size=m * n)), float).reshape(m, n)
    delta = draw(st.sampled_from([0.15, 0.3, 0.5, 0.7, 0.85]))
    return A, B, delta


def pure_nash(A, B):
    return [(A[i, j], B[i, j]) for i in range(A.shape[0]) for j in range(A.shape[1])
            if A[i, j] >= A[:, j].max() and B[i, j] >= B[i, :].max()]


@settings(max_examples=60, deadline=None)
@given(games())
def test_fixed_point_invariants_and_variants_agree(game):
    A, B, delta = game
    S = ps.aps_polygon(A, delta, B=B)
    assert S.converged
    # every repeated stage Nash payoff is an equilibrium payoff
    for v in pure_nash(A, B):
        assert S.contains(v, tol=1e-7)
    if S.kind == "empty":
        assert not pure_nash(A, B)
        return
    # individually rational (pure minmax) and feasible
    U = geo.convex_hull([(float(a), float(b)) for a, b in zip(A.ravel(), B.ravel(), strict=True)], 0.0)
    for v in S.vertices:
        assert v[0] >= A.max(axis=0).min() - 1e-7 and v[1] >= B.max(axis=1).min() - 1e-7
        assert geo.point_distance(tuple(v), U) <= 1e-7
    # a fixed point of the APS operator: B(V) = V
    W = [tuple(v) for v in S.vertices]
    BW = aps._aps_step(W, aps._profiles(A, B, delta), delta, 1e-12)
    assert geo.hausdorff(W, BW) < 1e-7
    # the textbook iteration (hull start, no acceleration) gives the same set
    T = ps.aps_polygon(A, delta, B=B, accelerate=False, start="hull")
    assert T.kind == S.kind and S.hausdorff(T) < 1e-6


@settings(max_examples=40, deadline=None)
@given(games(), st.floats(0.5, 3.0), st.floats(-4.0, 4.0))
def test_relabelling_and_affine_invariance(game, scale, shift):
    A, B, delta = game
    S = ps.aps_polygon(A, delta, B=B)
    # swapping the players mirrors the set
    T = ps.aps_polygon(B.T, delta, B=A.T)
    assert T.kind == S.kind
    if S.kind != "empty":
        assert T.hausdorff(S.vertices[:, ::-1]) < 1e-6
    # positive affine rescaling of both players' payoffs maps the set accordingly
    R = ps.aps_polygon(scale * A + shift, delta, B=scale * B + shift)
    assert R.kind == S.kind
    if S.kind != "empty":
        assert R.hausdorff(scale * S.vertices + shift) < 1e-6 * max(1.0, scale * 10)


@pytest.mark.parametrize("delta", [0.3, 0.6, 0.9])
def test_sets_grow_with_delta_for_pd(delta):
    # with public randomization the PD sets are nested in delta (the worked cases)
    A = np.array([[9.0, 1.0], [10.0, 3.0]])
    small = ps.aps_polygon(A, delta * 0.5, B=A.T)
    big = ps.aps_polygon(A, delta, B=A.T)
    for v in small.vertices:
        assert big.contains(v, tol=1e-7)
