"""Cross-check the exact APS polygons against QuantEcon's Abreu-Sannikov routine.

QuantEcon (>= 0.11.4) is an optional peer: skipped when absent.
An explicit ``u_init`` (each player's minimum payoff) is passed, as the project's
correction advise. Where QuantEcon raises (``QhullError`` on points and segments, or
``ValueError`` when no incentive-compatible payoff exists) our result must be a point,
a segment or empty.
"""

import numpy as np
import pytest

from deterrence_games.solvers.payoff_sets import aps_polygon

qe_gt = pytest.importorskip("quantecon.game_theory")
QhullError = pytest.importorskip("scipy.spatial").QhullError

pytestmark = pytest.mark.peer

PD1 = np.array([[9.0, 1.0], [10.0, 3.0]])
AXL = np.array([[3.0, 0.0], [5.0, 1.0]])


def quantecon_vertices(A, B, delta):
    g = qe_gt.NormalFormGame(np.stack([A, B], axis=-1))
    hull = qe_gt.RepeatedGame(g, delta).equilibrium_payoffs(
        options={"u_init": np.array([A.min(), B.min()])})
    return hull.points[hull.vertices]


@pytest.mark.parametrize("delta", [0.3, 0.75, 0.9])
def test_pd1_matches_quantecon(delta):
    V = quantecon_vertices(PD1, PD1.T, delta)
    S = aps_polygon(PD1, delta, B=PD1.T)
    assert len(S.vertices) == len(V) == 4
    assert S.hausdorff(V) < 1e-6


def test_abreu_sannikov_example_matches_quantecon():
    P = np.array([[(16, 9), (3, 13), (0, 3)], [(21, 1), (10, 4), (-1, 0)],
                  [(9, 0), (5, -4), (-5, -15)]], dtype=float)
    V = quantecon_vertices(P[..., 0], P[..., 1], 0.3)
    assert aps_polygon(P[..., 0], 0.3, B=P[..., 1]).hausdorff(V) < 1e-6


@pytest.mark.parametrize("A, delta, kind", [(PD1, 0.2, "segment"), (PD1, 0.1, "point"),
                                            (AXL, 0.2, "point")])
def test_we_handle_the_degenerate_sets_quantecon_crashes_on(A, delta, kind):
    with pytest.raises(QhullError):
        quantecon_vertices(A, A.T, delta)
    assert aps_polygon(A, delta, B=A.T).kind == kind


def test_random_games_agree_with_quantecon():
    rng = np.random.default_rng(20261125)
    compared = degenerate = 0
    for k in range(45):
        m, n = (int(x) for x in rng.integers(2, 4, size=2))
        A = rng.integers(-5, 10, size=(m, n)).astype(float)
        B = rng.integers(-5, 10, size=(m, n)).astype(float)
        delta = (0.3, 0.6, 0.85)[k % 3]
        S = aps_polygon(A, delta, B=B)
        try:
            V = quantecon_vertices(A, B, delta)
        except (QhullError, ValueError):
            assert S.kind in ("empty", "point", "segment"), (A, B, delta, S.vertices)
            degenerate += 1
            continue
        assert S.kind == "polygon"
        assert S.hausdorff(V) < 1e-6, (A, B, delta, S.vertices, V)
        compared += 1
    assert compared >= 10 and degenerate >= 5     # both branches were exercised


def test_high_delta_we_are_a_fixed_point_where_quantecon_stops_early():
    # 3x2 game at delta = 0.95: QuantEcon (u_init = minmax) returns a set that is not a
    # fixed point of the APS operator (by about 2e-7) and differs from ours by about 1e-5;
    # ours is a fixed point to round-off, and both our variants agree.
    from deterrence_games.solvers import _polygon as geo
    from deterrence_games.solvers.payoff_sets import aps as ps

    A = np.array([[9.0, 5.0], [-2.0, 7.0], [0.0, -1.0]])
    B = np.array([[-4.0, 4.0], [-3.0, -3.0], [-5.0, -5.0]])
    g = qe_gt.NormalFormGame(np.stack([A, B], axis=-1))
    hull = qe_gt.RepeatedGame(g, 0.95).equilibrium_payoffs(
        options={"u_init": np.array([A.max(axis=0).min(), B.max(axis=1).min()])})
    S = aps_polygon(A, 0.95, B=B)
    T = aps_polygon(A, 0.95, B=B, accelerate=False, start="hull")
    assert S.hausdorff(T) < 1e-7        # both within ~tol / (1 - delta) = 2e-9 of V*
    W = [tuple(v) for v in S.vertices]
    assert geo.hausdorff(W, ps._aps_step(W, ps._profiles(A, B, 0.95), 0.95, 1e-12)) < 1e-10
    assert S.hausdorff(hull.points[hull.vertices]) < 1e-4
