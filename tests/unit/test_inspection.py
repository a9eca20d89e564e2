"""The 2x2 inspection game: solver vs closed form vs nashpy."""

import nashpy
import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games import ParameterError

M = dg.get_model("inspection")
BASE = dict(d=1.0, b=4.0, h=1.0, c=5.0, a=1.0, e=1.0, k=0.5)


@pytest.mark.parametrize("alpha,beta,r,q", [(0.05, 0.20, 0.2532, 0.1692), (0.05, 0.05, 0.2128, 0.1429),
                                            (0.20, 0.20, 0.2632, 0.2059)])
def test_worked_rows(alpha, beta, r, q):
    sol = M.solve(false_alarm=alpha, non_detection=beta, **BASE)
    (e,) = sol.equilibria  # unique, mixed
    assert e.label == "mixed"
    assert e.quantities["inspection_probability"] == pytest.approx(r, abs=5e-5)
    assert e.quantities["violation_probability"] == pytest.approx(q, abs=5e-5)
    r_cf, q_cf = M.closed_form(**BASE, alpha=alpha, beta=beta)
    assert e.quantities["inspection_probability"] == pytest.approx(r_cf, abs=1e-12)
    assert e.quantities["violation_probability"] == pytest.approx(q_cf, abs=1e-12)
    alarm = r_cf * ((1 - q_cf) * alpha + q_cf * (1 - beta))
    assert e.escalation_probability == pytest.approx(alarm, abs=1e-12)


def test_against_nashpy_on_a_grid():
    rng = np.random.default_rng(5)
    for _ in range(200):
        params = dict(d=rng.uniform(0.1, 3), b=rng.uniform(0.1, 5), h=rng.uniform(0.1, 2), c=rng.uniform(1, 6),
                      a=rng.uniform(0.05, 0.9), e=rng.uniform(0.1, 2), k=rng.uniform(0.05, 1),
                      false_alarm=rng.uniform(0, 0.5), non_detection=rng.uniform(0, 0.9))
        sol = M.solve(**params)
        A, B = M.payoff_matrices(*params.values())
        shift = 1 - min(A.min(), B.min())
        ref = list(nashpy.Game(A + shift, B + shift).support_enumeration(tol=1e-12))
        ours = sorted((round(float(e.strategies["inspectee"][1]), 8), round(float(e.strategies["inspector"][0]), 8)) for e in sol)
        theirs = sorted((round(float(x[1]), 8), round(float(y[0]), 8)) for x, y in ref)
        assert ours == theirs, params


def test_comparative_statics():
    t = dg.sweep(M, {"non_detection": np.linspace(0.0, 0.6, 31)}, fixed=BASE)
    q = t["violation_probability"].to_numpy()
    r = t["inspection_probability"].to_numpy()
    assert (np.diff(q) > 0).all() and (np.diff(r) > 0).all()  # worse detection (beta up): more of both
    t = dg.sweep(M, {"false_alarm": np.linspace(0.0, 0.3, 31)}, fixed=BASE)
    assert (np.diff(t["violation_probability"]) > 0).all()  # more false alarms raise violations


def test_pure_equilibria_outside_the_interior_region():
    # inspections so costly that the inspector never inspects: the inspectee violates for sure
    sol = M.solve(k=10.0)
    (e,) = sol.equilibria
    assert e.label == "pure" and e.quantities["violation_probability"] == 1.0
    assert e.quantities["inspection_probability"] == 0.0 and e.escalation_probability == 0.0


def test_vectorized_batched_solver_matches_scalar():
    rng = np.random.default_rng(9)
    grid = {"false_alarm": rng.uniform(0, 0.5, 8), "non_detection": rng.uniform(0, 0.95, 8), "k": [0.1, 0.5, 3.0, 10.0]}
    a = dg.sweep(M, grid, fixed={k: v for k, v in BASE.items() if k != "k"})
    b = dg.sweep(M, grid, fixed={k: v for k, v in BASE.items() if k != "k"}, vectorized=False)
    assert len(a) == len(b)
    num = [c for c in a.columns if a[c].dtype.kind in "fiub"]
    assert np.allclose(a[num].to_numpy(float), b[num].to_numpy(float), atol=1e-9)
    assert (a["label"] == b["label"]).all()


def test_bad_input():
    with pytest.raises(ParameterError, match="`a` must satisfy 0 < a < c"):
        M.solve(a=6.0)
    with pytest.raises(ParameterError, match="`false_alarm`"):
        M.solve(false_alarm=-0.1)
    with pytest.raises(ParameterError, match="`k`"):
        M.solve(k=0.0)
