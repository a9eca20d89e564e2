"""Equilibrium payoff sets: exact APS polygons and JYC bounds.

Reference sets come from the worked cases (with its correction) and from
closed forms (Mailath & Samuelson 2006 ch. 7); QuantEcon is cross-checked in
``test_payoff_sets_quantecon.py``.
"""

import json
import math
from types import SimpleNamespace

import numpy as np
import pytest

from deterrence_games import BimatrixGame, ParameterError
from deterrence_games.solvers import _polygon as geo
from deterrence_games.solvers.payoff_sets import (
    PayoffSet,
    PayoffSetBounds,
    aps_polygon,
    equilibrium_payoffs,
    jyc_bounds,
    jyc_outer,
    perfect_monitoring_signals,
    unit_directions,
)
from deterrence_games.warnings import ConvergenceWarning
from tests.conftest import run_cli

PD1 = np.array([[9.0, 1.0], [10.0, 3.0]])            # symmetric: B = A.T
AXL = np.array([[3.0, 0.0], [5.0, 1.0]])
AS3 = np.array([[(16, 9), (3, 13), (0, 3)],
                [(21, 1), (10, 4), (-1, 0)],
                [(9, 0), (5, -4), (-5, -15)]], dtype=float)   # the worked cases
PD1_SET = [(3, 3), (9.75, 3), (9, 9), (3, 9.75)]
MS_PD = np.array([[2.0, -1.0], [3.0, 0.0]])           # Mailath-Samuelson PD (EE, ES; SE, SS)


def ms_signals(p, q, r):
    """Pr(good | EE) = p, Pr(good | one shirks) = q, Pr(good | SS) = r."""
    return np.array([[[p, 1 - p], [q, 1 - q]], [[q, 1 - q], [r, 1 - r]]])


def same_polygon(S, expected, tol=1e-6):
    """The vertices of S are the expected ones (any start, counterclockwise)."""
    V = S.vertices
    E = np.array(expected, dtype=float)
    assert len(V) == len(E), (V, E)
    for e in E:
        assert np.min(np.linalg.norm(V - e, axis=1)) < tol, (V, e)
    assert S.area >= 0  # counterclockwise


def check_invariants(S, A, B, tol=1e-7):
    """Every vertex is at least the pure minmax and inside co(u(A))."""
    minmax1 = A.max(axis=0).min()
    minmax2 = B.max(axis=1).min()
    U = np.stack([A.ravel(), B.ravel()], axis=1)
    H = geo.convex_hull([tuple(u) for u in U], 0.0)
    for v in S.vertices:
        assert v[0] >= minmax1 - tol and v[1] >= minmax2 - tol, v
        assert geo.point_distance(tuple(v), H) <= tol, v


# ---------------------------------------------------------------------------------------
# (a) perfect monitoring: exact APS polygons
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("delta", [0.25, 0.3, 0.5, 0.75, 0.9, 0.95])
@pytest.mark.parametrize("accelerate, start", [(True, "minmax"), (True, "hull"), (False, "hull")])
def test_pd1_quadrilateral(delta, accelerate, start):
    S = aps_polygon(PD1, delta, B=PD1.T, accelerate=accelerate, start=start)
    assert S.kind == "polygon" and S.converged
    same_polygon(S, PD1_SET, tol=1e-6)
    check_invariants(S, PD1, PD1.T)


def test_pd1_just_below_quarter():
    # the worked cases: delta = 0.249 gives (3,3), (9.6805,3), (9,9), (3,9.6805)
    S = aps_polygon(PD1, 0.249, B=PD1.T)
    same_polygon(S, [(3, 3), (9.68046, 3), (9, 9), (3, 9.68046)], tol=1e-4)


@pytest.mark.parametrize("delta", [0.15, 0.2, 0.24, 0.246])
def test_pd1_segment_where_quantecon_crashes(delta):
    S = aps_polygon(PD1, delta, B=PD1.T)
    assert S.kind == "segment"
    same_polygon(S, [(3, 3), (9, 9)])


def test_pd1_collapse_threshold():
    # analytic collapse of the quadrilateral into the segment at (-190 + sqrt(36288)) / 2
    d0 = (-190 + math.sqrt(36288)) / 2
    assert aps_polygon(PD1, d0 - 1e-3, B=PD1.T).kind == "segment"
    assert aps_polygon(PD1, d0 + 1e-3, B=PD1.T).kind == "polygon"


@pytest.mark.parametrize("delta", [0.1, 0.14])
def test_pd1_point_below_one_seventh(delta):
    S = aps_polygon(PD1, delta, B=PD1.T)
    assert S.kind == "point"
    np.testing.assert_allclose(S.vertices, [[3, 3]], atol=1e-9)
    assert S.contains([3, 3]) and not S.contains([9, 9])


@pytest.mark.parametrize("delta", [0.5, 0.6, 0.9])
def test_axelrod_quadrilateral(delta):
    S = aps_polygon(AXL, delta, B=AXL.T)
    same_polygon(S, [(1, 1), (13 / 3, 1), (3, 3), (1, 13 / 3)])


@pytest.mark.parametrize("delta", [0.25, 0.4, 0.49])
def test_axelrod_triangle_alternating_exploitation(delta):
    S = aps_polygon(AXL, delta, B=AXL.T)
    same_polygon(S, [(1, 1), (4, 1), (1, 4)])
    assert not S.contains([3, 3])      # no mutual cooperation


@pytest.mark.parametrize("delta", [0.2, 0.24])
def test_axelrod_point(delta):
    S = aps_polygon(AXL, delta, B=AXL.T)
    assert S.kind == "point"
    np.testing.assert_allclose(S.vertices, [[1, 1]], atol=1e-9)


@pytest.mark.parametrize("accelerate", [True, False])
def test_abreu_sannikov_3x3_example(accelerate):
    S = aps_polygon(AS3[..., 0], 0.3, B=AS3[..., 1], accelerate=accelerate)
    same_polygon(S, [(7.337705, 10.982625), (1.125682, 2.8), (7.337705, 0), (7.863090, 0),
                     (19.791798, 2.8), (15.563090, 9.1)], tol=2e-6)
    check_invariants(S, AS3[..., 0], AS3[..., 1])


def test_no_spurious_vertex_below_minmax():
    # the worked cases pitfall: unclamped intersections produced (2.5, 4.75) at delta = 0.75
    for accelerate in (True, False):
        S = aps_polygon(PD1, 0.75, B=PD1.T, accelerate=accelerate, start="hull")
        assert S.vertices[:, 0].min() >= 3 - 1e-9 and S.vertices[:, 1].min() >= 3 - 1e-9
        assert not S.contains([2.5, 4.75])


def test_empty_set_without_pure_equilibrium():
    # matching pennies has no pure Nash equilibrium and, at low delta, no pure SPE
    A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    S = aps_polygon(A, 0.3, B=-A)
    assert S.kind == "empty" and len(S.vertices) == 0 and S.area == 0.0


def test_acceleration_is_verified_and_recorded():
    S = aps_polygon(PD1, 0.99, B=PD1.T, start="hull")
    T = aps_polygon(PD1, 0.99, B=PD1.T, start="hull", accelerate=False)
    assert S.options["accelerated"] and not T.options["accelerated"]
    assert S.iterations < T.iterations
    assert S.hausdorff(T) < 1e-6


def test_max_iter_warns():
    with pytest.warns(ConvergenceWarning, match="max_iter"):
        S = aps_polygon(PD1, 0.9, B=PD1.T, max_iter=3, accelerate=False, start="hull")
    assert not S.converged and S.warnings


def test_inputs_bimatrix_and_repeated_game_like():
    g = BimatrixGame(PD1, PD1.T)
    S1 = aps_polygon(g, 0.9)
    S2 = aps_polygon(SimpleNamespace(stage=g, delta=0.9, monitoring=None))
    assert S1 == S2
    S3 = equilibrium_payoffs(g, 0.9)
    assert isinstance(S3, PayoffSet) and S3 == S1
    mon = SimpleNamespace(distribution=perfect_monitoring_signals((2, 2)), is_perfect=True)
    assert equilibrium_payoffs(SimpleNamespace(stage=g, delta=0.9, monitoring=mon)) == S1


def test_result_object_contract():
    S = aps_polygon(PD1, 0.9, B=PD1.T)
    assert repr(S) == "<PayoffSet polygon (4 vertices), delta=0.9, aps-polygon, converged>"
    assert "9.75" in str(S) and "<table>" in S._repr_html_()
    df = S.to_frame()
    assert list(df.columns) == ["vertex", "v1", "v2"] and len(df) == 4
    d = S.to_dict()
    assert d["kind"] == "polygon" and json.loads(json.dumps(d))["delta"] == 0.9
    with pytest.raises(ValueError):
        S.vertices[0, 0] = 0.0
    with pytest.raises(AttributeError):
        S.delta = 0.5
    assert S.area == pytest.approx(40.5)      # shoelace on (3,3), (9.75,3), (9,9), (3,9.75)
    assert S.contains([6, 6]) and not S.contains([9.5, 9.5])
    assert S.distance([3, 2]) == pytest.approx(1.0)


def test_bad_input():
    with pytest.raises(ParameterError, match="`delta`"):
        aps_polygon(PD1, 1.0, B=PD1.T)
    with pytest.raises(ParameterError, match="`delta`"):
        aps_polygon(PD1, None, B=PD1.T)
    with pytest.raises(ParameterError, match="`B`"):
        aps_polygon(PD1, 0.5, B=[[1, 2, 3]])
    with pytest.raises(ParameterError, match="`B`"):
        aps_polygon(PD1, 0.5)
    with pytest.raises(ParameterError, match="`tol`"):
        aps_polygon(PD1, 0.5, B=PD1.T, tol=0)
    with pytest.raises(ParameterError, match="`pi`"):
        jyc_outer(PD1, 0.5, np.ones((2, 2, 2)), B=PD1.T)          # rows sum to 2
    with pytest.raises(ParameterError, match="`pi`"):
        jyc_outer(PD1, 0.5, np.ones((3, 2, 1)), B=PD1.T)          # wrong shape
    with pytest.raises(ParameterError, match="`directions`"):
        jyc_outer(PD1, 0.5, B=PD1.T, directions=2)
    with pytest.raises(ParameterError, match="`directions`"):
        jyc_outer(PD1, 0.5, B=PD1.T, directions=[[1, 0], [0, 1], [1, 1]])   # not spanning
    with pytest.raises(ParameterError, match="`symmetric`"):
        jyc_bounds(AS3[..., 0], 0.5, B=AS3[..., 1], symmetric=True)
    with pytest.raises(ParameterError, match="`v`"):
        aps_polygon(PD1, 0.9, B=PD1.T).contains([1, 2, 3])


# ---------------------------------------------------------------------------------------
# (b) imperfect public monitoring: JYC outer / inner
# ---------------------------------------------------------------------------------------


def test_unit_directions():
    H = unit_directions(8, extra=[[1, 0.125]])
    assert len(H) == 9
    np.testing.assert_allclose(np.linalg.norm(H, axis=1), 1.0)
    ang = np.mod(np.arctan2(H[:, 1], H[:, 0]), 2 * np.pi)
    assert np.all(np.diff(ang) > 0)
    assert len(unit_directions(8, extra=[[0, 2]])) == 8          # duplicate dropped


def test_embedding_perfect_monitoring_32_directions_matches_worked_gap():
    # the worked cases: outer, 32 directions from angle 0: Hausdorff distance 0.367-0.369
    S = jyc_outer(PD1, 0.9, B=PD1.T, directions=32)
    exact = aps_polygon(PD1, 0.9, B=PD1.T)
    assert S.converged
    assert S.hausdorff(exact) == pytest.approx(0.368, abs=2e-3)
    for v in exact.vertices:                       # outer contains the true set
        assert S.contains(v, tol=1e-7)


@pytest.mark.slow
def test_embedding_with_facet_normals_reproduces_aps_set():
    # Y = A (the signal reveals the profile): the PPE set is the perfect-monitoring set.
    # With the true facet normals among the directions both bounds are exact.
    normals = [[1, 0.125], [0.125, 1], [-1, 0], [0, -1]]
    R = jyc_bounds(PD1, 0.9, perfect_monitoring_signals((2, 2)), B=PD1.T, directions=16,
                   facet_normals=normals)
    exact = aps_polygon(PD1, 0.9, B=PD1.T)
    assert R.outer.hausdorff(exact) < 1e-6
    assert R.inner.hausdorff(exact) < 1e-6
    assert R.hausdorff < 2e-6 and R.inner.options["self_generating"]


@pytest.mark.parametrize("p, q, r, delta", [(0.9, 0.5, 0.2, 0.9), (0.9, 0.5, 0.2, 0.7),
                                            (0.95, 0.5, 0.2, 0.9)])
def test_mailath_samuelson_sse_interval(p, q, r, delta):
    R = jyc_bounds(MS_PD, delta, ms_signals(p, q, r), B=MS_PD.T, symmetric=True)
    top = 2 - (1 - p) / (p - q)                        # closed form (§3.5)
    np.testing.assert_allclose(R.outer.vertices, [[0, 0], [top, top]], atol=1e-6)
    np.testing.assert_allclose(R.inner.vertices, [[0, 0], [top, top]], atol=1e-6)
    assert R.inner.options["self_generating"]
    assert R.hausdorff < 1e-6


def test_mailath_samuelson_sse_threshold():
    # cooperation needs delta >= 1 / (3p - 2q) = 0.5882 for p = 0.9, q = 0.5
    pi = ms_signals(0.9, 0.5, 0.2)
    below = jyc_bounds(MS_PD, 0.57, pi, B=MS_PD.T, symmetric=True)
    above = jyc_bounds(MS_PD, 0.6, pi, B=MS_PD.T, symmetric=True)
    assert below.outer.kind == "point" and np.allclose(below.outer.vertices, 0, atol=1e-7)
    assert above.outer.kind == "segment"
    np.testing.assert_allclose(above.outer.vertices[1], [1.75, 1.75], atol=1e-6)


@pytest.mark.parametrize("p, delta", [(0.9, 0.7), (0.95, 0.9)])
def test_mailath_samuelson_ppe_bounds(p, delta):
    q, r = 0.5, 0.2
    R = jyc_bounds(MS_PD, delta, ms_signals(p, q, r), B=MS_PD.T, directions=16)
    k11 = 4 - 2 * (1 - p) / (p - q)      # max v1 + v2, the FL score in direction (1, 1)
    assert R.outer.vertices.sum(axis=1).max() == pytest.approx(k11, abs=1e-6)
    assert R.inner.vertices.sum(axis=1).max() == pytest.approx(k11, abs=1e-6)
    assert R.inner.options["self_generating"]
    # inner inside outer, both inside the feasible and individually rational region
    for v in R.inner.vertices:
        assert R.outer.contains(v, tol=1e-7)
    check_invariants(R.outer, MS_PD, MS_PD.T)
    check_invariants(R.inner, MS_PD, MS_PD.T)
    assert 0 < R.hausdorff < 0.5
    assert R.contains([1.0, 1.0]) is True and R.contains([3.0, 3.0]) is False
    # asymmetric PPE do not beat the SSE in the (1, 1) direction (signal cannot tell who deviated)
    sse = jyc_bounds(MS_PD, delta, ms_signals(p, q, r), B=MS_PD.T, symmetric=True)
    assert 2 * sse.outer.vertices[1, 0] == pytest.approx(k11, abs=1e-6)


def test_bounds_object_contract():
    R = jyc_bounds(MS_PD, 0.7, ms_signals(0.9, 0.5, 0.2), B=MS_PD.T, symmetric=True)
    assert isinstance(R, PayoffSetBounds)
    assert repr(R).startswith("<PayoffSetBounds delta=0.7: inner segment (2 vertices)")
    df = R.to_frame()
    assert set(df["set"]) == {"inner", "outer"} and len(df) == 4
    assert json.loads(json.dumps(R.to_dict()))["outer"]["kind"] == "segment"
    assert "inner" in R._repr_html_()


def test_repeated_game_like_with_monitoring():
    g = BimatrixGame(MS_PD, MS_PD.T)
    mon = SimpleNamespace(distribution=ms_signals(0.9, 0.5, 0.2), is_perfect=False)
    R = equilibrium_payoffs(SimpleNamespace(stage=g, delta=0.7, monitoring=mon), symmetric=True)
    assert isinstance(R, PayoffSetBounds)
    np.testing.assert_allclose(R.outer.vertices[1], [1.75, 1.75], atol=1e-6)


# ---------------------------------------------------------------------------------------
# plots and command line
# ---------------------------------------------------------------------------------------


def test_plot_reads_results():
    import matplotlib.pyplot as plt

    from deterrence_games.plots.payoff_sets import plot_payoff_set

    fig, axes = plt.subplots(1, 3)
    plot_payoff_set(aps_polygon(PD1, 0.9, B=PD1.T), ax=axes[0], points=[[9, 9], [3, 3]],
                    point_labels=["CC", "DD"])
    plot_payoff_set(aps_polygon(PD1, 0.2, B=PD1.T), ax=axes[1])         # a segment
    R = jyc_bounds(MS_PD, 0.7, ms_signals(0.9, 0.5, 0.2), B=MS_PD.T, symmetric=True)
    plot_payoff_set(R, ax=axes[2])
    assert len(axes[0].patches) == 1 and len(axes[1].lines) >= 1
    with pytest.raises(TypeError):
        plot_payoff_set(object(), ax=axes[0])
    plt.close(fig)


def test_cli_perfect_monitoring_json_and_plot(tmp_path):
    png = tmp_path / "set.png"
    r = run_cli("payoff-set", "--A", "9,1;10,3", "--B", "9,10;1,3", "--delta", "0.9",
                "--json", "--plot", str(png))
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["kind"] == "polygon"
    np.testing.assert_allclose(sorted(map(tuple, out["vertices"])), sorted(PD1_SET), atol=1e-6)
    assert png.stat().st_size > 1000


def test_cli_public_monitoring_sse(tmp_path):
    f = tmp_path / "pi.json"
    f.write_text(json.dumps({"pi": ms_signals(0.9, 0.5, 0.2).tolist()}))
    r = run_cli("payoff-set", "--A", "[[2,-1],[3,0]]", "--B", "2,3;-1,0", "--delta", "0.9",
                "--monitoring", str(f), "--symmetric", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["outer"]["vertices"][1][0] == pytest.approx(1.75, abs=1e-6)


@pytest.mark.parametrize("args, name", [
    (["--delta", "1.5"], "`delta`"),
    (["--delta", "x"], "`--delta`"),
    (["--delta", "0.5", "--monitoring", "/nonexistent.json"], "`--monitoring`"),
    (["--delta", "0.5", "--symmetric"], "`--symmetric`"),
    (["--delta", "0.5", "--plot", "out.txt"], "`--plot`"),
])
def test_cli_bad_input_exits_2_with_one_line(args, name):
    r = run_cli("payoff-set", "--A", "9,1;10,3", "--B", "9,10;1,3", *args)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0]


def test_cli_bad_matrix():
    r = run_cli("payoff-set", "--A", "9,1;10", "--B", "9,10;1,3", "--delta", "0.5")
    assert r.returncode == 2 and "`--A`" in r.stderr


def test_hull_keeps_extreme_point_one_ulp_right_of_a_column():
    # Regression: lexicographic order put (x + 1 ulp, low y) after (x, high y) and the
    # monotone chain dropped the extreme low point as "collinear" (a lost vertex that
    # made the APS iteration converge to a too-small set for the game below).
    x = 6.965182935855391
    pts = [(x, -0.0257), (x, 7.45), (np.nextafter(x, 10), -0.4257), (np.nextafter(x, 10), 6.83),
           (7.065, -0.4375), (9.0, 8.0)]
    H = geo.convex_hull(pts, 1e-12)
    assert any(abs(p[1] + 0.4257) < 1e-12 for p in H)
    assert len(H) == 4 and PayoffSet(np.array(H), 0.5, "hull", 0, True, 0.0, 1.0).area > 0


def test_regression_lost_vertex_game_matches_reference():
    # 3x2 game at delta = 0.95; reference vertex (7, -0.2142) also found by QuantEcon
    A = np.array([[9.0, 4.0], [0.0, 7.0], [-1.0, 0.0]])
    B = np.array([[8.0, -3.0], [8.0, -5.0], [-5.0, -3.0]])
    for accelerate in (True, False):
        S = aps_polygon(A, 0.95, B=B, accelerate=accelerate)
        assert S.converged
        assert S.vertices[:, 1].min() < -0.2
        assert S.contains([7.0, -0.2142], tol=1e-3)


@pytest.mark.parametrize("delta", [0.2, 0.3, 0.9])
def test_minmax_start_and_textbook_hull_start_agree(delta):
    for A, B in ((PD1, PD1.T), (AXL, AXL.T), (AS3[..., 0], AS3[..., 1])):
        S = aps_polygon(A, delta, B=B)
        T = aps_polygon(A, delta, B=B, start="hull", accelerate=False)
        assert S.options["start"] == "minmax" and T.options["start"] == "hull"
        assert S.kind == T.kind and S.hausdorff(T) < 1e-6
    with pytest.raises(ParameterError, match="`start`"):
        aps_polygon(PD1, 0.5, B=PD1.T, start="zero")


@pytest.mark.parametrize("A, delta, kind", [(PD1, 0.1, "point"), (PD1, 0.2, "segment"),
                                            (AXL, 0.2, "point"), (AXL, 0.4, "polygon")])
def test_jyc_bounds_on_degenerate_sets_match_exact(A, delta, kind):
    # the LP machinery (Y = A embedding) handles points and segments; here both bounds
    # are exact because the facets are axis-parallel or diagonal, among the 16 directions
    R = jyc_bounds(A, delta, B=A.T, directions=16)
    exact = aps_polygon(A, delta, B=A.T)
    assert exact.kind == kind and R.outer.kind == kind and R.inner.kind == kind
    assert R.outer.hausdorff(exact) < 1e-6 and R.inner.hausdorff(exact) < 1e-6
    assert R.inner.options["self_generating"]


def test_with_the_package_repeated_game():
    from deterrence_games.games import RepeatedGame, incident_monitoring, perfect_monitoring

    pd = BimatrixGame(MS_PD, MS_PD.T)
    g = RepeatedGame(pd, 0.9, incident_monitoring(pd.shape, false_alarm=0.1, detection=0.5))
    R = equilibrium_payoffs(g, symmetric=True)       # p = 0.9, q = 0.5: top 2 - 0.1/0.4
    np.testing.assert_allclose(R.outer.vertices, [[0, 0], [1.75, 1.75]], atol=1e-6)
    stage = BimatrixGame(PD1, PD1.T)
    exact = equilibrium_payoffs(RepeatedGame(stage, 0.9, perfect_monitoring(stage)))
    assert isinstance(exact, PayoffSet) and exact.method == "aps-polygon"
    same_polygon(exact, PD1_SET)
