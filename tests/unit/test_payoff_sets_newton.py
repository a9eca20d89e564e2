"""The Newton acceleration of the exact APS iteration (``aps_polygon``).

Checked against the textbook iteration run to a much tighter tolerance, against the
plain-Python reference step (:func:`_aps_step`, Sutherland-Hodgman clipping) and, for the
Jacobian of a structured step, against central finite differences.
"""

import numpy as np
import pytest

from deterrence_games.solvers import _polygon as geo
from deterrence_games.solvers.payoff_sets import aps as ps

AS3 = np.array([[(16, 9), (3, 13), (0, 3)],
                [(21, 1), (10, 4), (-1, 0)],
                [(9, 0), (5, -4), (-5, -15)]], dtype=float)


def test_as3_newton_is_exact_fixed_point_and_matches_tight_textbook_iteration():
    A, B = AS3[..., 0], AS3[..., 1]
    S = ps.aps_polygon(A, 0.3, B=B)
    assert S.options["acceleration"] == "newton" and S.converged
    T = ps.aps_polygon(A, 0.3, B=B, accelerate=False, start="hull", tol=1e-14)
    assert S.hausdorff(T) < 1e-12
    W = [tuple(v) for v in S.vertices]
    assert geo.hausdorff(W, ps._aps_step(W, ps._profiles(A, B, 0.3), 0.3, 1e-12)) < 1e-12
    assert S.iterations < T.iterations


@pytest.mark.parametrize("seed", range(6))
def test_traced_steps_equal_reference_step(seed):
    rng = np.random.default_rng(seed)
    A = rng.integers(-5, 10, size=(3, 4)).astype(float)
    B = rng.integers(-5, 10, size=(3, 4)).astype(float)
    delta = 0.6
    prof = ps._profiles(A, B, delta)
    pr = ps._Profiles(prof)
    W = geo.convex_hull([(p[0], p[1]) for p in prof], 1e-12)
    for _ in range(4):
        if len(W) < 3:
            break
        ref = ps._aps_step(W, prof, delta, 1e-12)
        small, s1 = ps._aps_step_small(W, prof, delta, 1e-12)
        pts, slots = ps._aps_candidates(np.array(W), *pr.arrays, delta, 1e-12)
        big, s2 = ps._hull_traced(pts, slots, 1e-12)
        assert geo.hausdorff(ref, small) < 1e-12 and geo.hausdorff(ref, big) < 1e-12
        assert len(small) == len(big) == len(ref) and len(s1) == len(small)
        W = ref


def test_structured_step_jacobian_matches_finite_differences():
    A, B = AS3[..., 0], AS3[..., 1]
    prof = ps._profiles(A, B, 0.3)
    pr = ps._Profiles(prof)
    W = [tuple(v) for v in ps.aps_polygon(A, 0.3, B=B, accelerate=False, max_iter=8,
                                          tol=1.0).vertices]
    W = geo.convex_hull(W, 1e-12)
    Wn, slots = ps._aps_step_traced(W, pr, 0.3, 1e-12)
    rec = ps._recipes(slots, len(W), prof)
    V = np.array(W)
    Fx, Fy, _ = ps._structured_step(V[:, 0].tolist(), V[:, 1].tolist(), rec, 0.3)
    # the structured step reproduces B(W) itself
    assert np.allclose(np.c_[Fx, Fy], np.array(Wn), atol=1e-12)
    # away from ties in min w_i (where the map has a kink) it is smooth: perturb V generically
    V = V + np.random.default_rng(0).uniform(-1e-3, 1e-3, size=V.shape)
    Fx, Fy, J = ps._structured_step(V[:, 0].tolist(), V[:, 1].tolist(), rec, 0.3)
    h = 1e-7
    for i in range(V.size):
        Vp, Vm = V.ravel().copy(), V.ravel().copy()
        Vp[i] += h
        Vm[i] -= h
        fp = ps._structured_step(Vp[0::2].tolist(), Vp[1::2].tolist(), rec, 0.3)
        fm = ps._structured_step(Vm[0::2].tolist(), Vm[1::2].tolist(), rec, 0.3)
        col = (np.c_[fp[0], fp[1]].ravel() - np.c_[fm[0], fm[1]].ravel()) / (2 * h)
        assert np.allclose(col, J[:, i], atol=1e-6), i
