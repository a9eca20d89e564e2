"""Statistical inspection game against its table and a grid best response."""

import numpy as np
import pytest
from scipy.special import ndtr, ndtri

import deterrence_games as dg
from deterrence_games import ParameterError

M = dg.get_model("inspection_roc")
BASE = dict(a=1.0, b=2.0, c=10.0, d=1.0, e=1.0, h=0.5)


@pytest.mark.parametrize(
    "D,alpha,detection,q,sim,lead",
    [(0.5, 0.20030, 0.3667, 0.07639, -0.69674, -0.20030),
     (1.0, 0.08173, 0.3470, 0.04349, -0.37726, -0.08173),
     (2.0, 0.00761, 0.3346, 0.00636, -0.05199, -0.00761),
     (3.0, 0.00030, 0.3334, 0.00034, -0.00267, -0.00030)],
)
def test_worked_table(D, alpha, detection, q, sim, lead):
    e = M.solve(D=D, **BASE)[0]
    assert e.quantities["alpha_star"] == pytest.approx(alpha, abs=5e-6)
    assert e.quantities["detection_probability"] == pytest.approx(detection, abs=5e-5)
    assert e.quantities["violation_probability"] == pytest.approx(q, abs=5e-6)
    assert e.quantities["inspector_payoff"] == pytest.approx(sim, abs=5e-6)
    el = M.solve(D=D, variant="leadership", **BASE)[0]
    assert el.quantities["inspector_payoff"] == pytest.approx(lead, abs=5e-6)
    assert el.outcomes["violation_detected"] == 0 and el.escalation_probability == pytest.approx(alpha, abs=5e-6)
    assert el.quantities["inspector_payoff"] > e.quantities["inspector_payoff"]  # leadership pays


def test_detection_pinned_by_indifference():
    for D in (0.3, 1.0, 2.5):
        e = M.solve(D=D, **BASE)[0]
        al = e.quantities["alpha_star"]
        assert e.quantities["detection_probability"] == pytest.approx((BASE["d"] + BASE["h"] * al) / (BASE["b"] + BASE["d"]), abs=1e-12)


def test_grid_best_response_second_method():
    """Given q*, the inspector's payoff over a fine alpha grid peaks at alpha*; given alpha*,
    the inspectee is indifferent between legal and violating."""
    for D in (0.5, 1.0, 2.0):
        e = M.solve(D=D, **BASE)[0]
        q, al = e.quantities["violation_probability"], e.quantities["alpha_star"]
        grid = np.exp(np.linspace(np.log(al) - 2, np.log(min(al * np.e**2, 0.999)), 400_001))
        beta = ndtr(ndtri(1 - grid) - D)
        u = -(1 - q) * BASE["e"] * grid - q * ((1 - beta) * BASE["a"] + beta * BASE["c"])
        assert grid[np.argmax(u)] == pytest.approx(al, rel=1e-4)
        b_al = ndtr(ndtri(1 - al) - D)
        legal, violate = -BASE["h"] * al, -BASE["b"] * (1 - b_al) + BASE["d"] * b_al
        assert legal == pytest.approx(violate, abs=1e-12)


def test_better_technology_fewer_alarms_and_violations():
    t = dg.sweep(M, {"D": np.linspace(0.2, 4, 40)}, fixed=BASE)
    assert (np.diff(t["alpha_star"]) < 0).all() and (np.diff(t["violation_probability"]) < 0).all()
    assert (np.diff(t["escalation_probability"]) < 0).all()


def test_vectorized_matches_scalar_root_finder():
    rng = np.random.default_rng(0)
    grid = {"D": rng.uniform(0.1, 4, 25), "h": rng.uniform(0.05, 1.9, 4)}
    a = dg.sweep(M, grid, fixed={k: v for k, v in BASE.items() if k != "h"})
    b = dg.sweep(M, grid, fixed={k: v for k, v in BASE.items() if k != "h"}, vectorized=False)
    num = a.select_dtypes("number").columns
    assert np.allclose(a[num].to_numpy(float), b[num].to_numpy(float), rtol=1e-10, atol=1e-13)
    assert (a["label"] == b["label"]).all()


def test_bad_input():
    with pytest.raises(ParameterError, match="`h` must satisfy 0 < h < b"):
        M.solve(h=3.0)
    with pytest.raises(ParameterError, match="`variant`"):
        M.solve(variant="sequential")
    with pytest.raises(ParameterError, match="`D`"):
        M.solve(D=0.0)
