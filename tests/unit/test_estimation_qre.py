"""QRE maximum likelihood (dg.estimate.qre_fit) on the toolkit's finite games.

Second method: the precision-only fit equals solvers.qre.fit_lambda (a bounded scalar search
along the traced branch); a payoff parameter is recovered from simulated counts.
"""

from __future__ import annotations

import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games import ParameterError
from deterrence_games.solvers.qre import fit_lambda, log_likelihood, logit_qre


def _draw(game, lam, n, seed):
    rng = np.random.default_rng(seed)
    return [rng.multinomial(n, s) if s.ndim == 1 else np.array([rng.multinomial(n, r) for r in s])
            for s in logit_qre(game, lambda_max=lam).at(lam).strategies]


def test_precision_only_fit_equals_fit_lambda_on_a_bimatrix_game():
    model = dg.get_model("inspection")
    game = model.finite_game(model.validate())
    counts = _draw(game, 1.5, 2000, seed=3)
    ours = dg.estimate.qre_fit(game, *counts, lam=1.0)
    ref = fit_lambda(game, *counts, lambda_max=10.0)
    assert ours.converged
    assert np.exp(ours.params["log_lambda"]) == pytest.approx(ref.lam, rel=1e-4)
    assert ours.llf == pytest.approx(ref.log_likelihood, abs=1e-6)
    assert ours.llf == pytest.approx(log_likelihood(game, ref.lam, *counts), abs=1e-6)


def test_precision_only_fit_equals_fit_lambda_on_a_signaling_game():
    model = dg.get_model("crisis_signaling")
    game = model.finite_game(model.validate())
    sender, receiver = _draw(game, 2.0, 1500, seed=5)
    ours = dg.estimate.qre_fit(model, sender, receiver, lam=1.0)
    ref = fit_lambda(game, sender, receiver, lambda_max=10.0)
    assert np.exp(ours.params["log_lambda"]) == pytest.approx(ref.lam, rel=1e-4)
    assert ours.nobs == int(sender.sum() + receiver.sum())


def test_payoff_parameter_recovered_from_simulated_counts():
    model = dg.get_model("inspection")
    truth = {"c": 5.0, "lam": 1.5}
    game = model.finite_game(model.validate(c=truth["c"]))
    counts = _draw(game, truth["lam"], 20000, seed=11)
    fit = dg.estimate.qre_fit(model, *counts, free=["c"], lam=1.0, start={"c": 3.0})
    assert fit.converged
    est = fit.params
    assert abs(est["c"] - truth["c"]) <= 3 * fit.bse["c"]
    assert abs(est["log_lambda"] - np.log(truth["lam"])) <= 3 * fit.bse["log_lambda"]
    # the maximum is at least as high as the likelihood at the truth
    assert fit.llf >= log_likelihood(game, truth["lam"], *counts) - 1e-8
    with pytest.raises(NotImplementedError):
        fit.predict()


def test_qre_fit_refuses_bad_input():
    model = dg.get_model("inspection")
    game = model.finite_game(model.validate())
    with pytest.raises(ParameterError, match="free"):
        dg.estimate.qre_fit(model, [5, 5], [5, 5], free=["resolve"])
    with pytest.raises(ParameterError, match="row_counts"):
        dg.estimate.qre_fit(game, [5, 5, 5], [5, 5])
    with pytest.raises(ParameterError, match="integer"):
        dg.estimate.qre_fit(game, [5.5, 5], [5, 5])
    with pytest.raises(ParameterError, match="lam"):
        dg.estimate.qre_fit(game, [5, 5], [5, 5], lam=-1.0)


def _grouped_counts(model):
    import pandas as pd

    groups = pd.DataFrame({"x": [0.0, 1.0, 2.0]})
    counts = []
    for g, x in enumerate(groups["x"]):
        game = model.finite_game(model.validate(c=4.0 + 1.5 * x))
        counts.append(_draw(game, 1.5, 6000, seed=40 + g))
    return groups, counts


@pytest.mark.slow
def test_payoff_linear_in_covariates_recovered():
    """c = 4 + 1.5 x over three groups of 6,000 + 6,000 choices: each coefficient within 3 s.e."""
    model = dg.get_model("inspection")
    groups, counts = _grouped_counts(model)
    fit = dg.estimate.qre_fit(model, free={"c": "1 + x"}, groups=groups, group_counts=counts, lam=1.0,
                              start={"c": 4.0})
    assert fit.converged
    assert list(fit.params.index) == ["log_lambda", "c:(Intercept)", "c:x"]
    truth = np.array([np.log(1.5), 4.0, 1.5])
    assert np.all(np.abs(fit.params.to_numpy() - truth) <= 3 * fit.bse.to_numpy()), (fit.params, fit.bse)


def test_grouped_fit_with_a_constant_equals_the_pooled_fit():
    """Second method: one constant c over groups has the likelihood of the pooled counts."""
    model = dg.get_model("inspection")
    groups, counts = _grouped_counts(model)
    const = dg.estimate.qre_fit(model, free={"c": "1"}, groups=groups, group_counts=counts, lam=1.0)
    pooled = dg.estimate.qre_fit(model, *[sum(c[i] for c in counts) for i in range(2)], free=["c"], lam=1.0)
    assert list(const.params.index) == ["log_lambda", "c:(Intercept)"]
    assert const.llf == pytest.approx(pooled.llf, abs=1e-6)
    np.testing.assert_allclose(const.params.to_numpy(), pooled.params.to_numpy(), atol=1e-4)
    with pytest.raises(ParameterError, match="group_counts"):
        dg.estimate.qre_fit(model, free={"c": "1 + x"}, groups=groups, group_counts=counts[:2])
    with pytest.raises(ParameterError, match="free"):
        dg.estimate.qre_fit(model, [5, 5], [5, 5], free={"c": "1 + x"})


def test_one_engine_egame12_logit_agent_equals_the_qre_fit_of_its_tree():
    """The saturated egame12 (u11 and u24 intercepts), logit agent error, on war1800 is the QRE fit
    (lam fixed at 1/sqrt 2) of the two-move tree built as a user's SignalingGame: same estimates."""
    war = dg.datasets.load("war1800")
    fit = dg.estimate.egame12("esc + war ~ 1 | 0 | 0 | 1", war, link="logit", errors="agent", restarts=0)

    def tree(p):
        u_S = [[[p["u11"], p["u11"]], [0.0, 0.0]]]
        u_R = [[[0.0, 0.0], [0.0, p["u24"]]]]
        return dg.SignalingGame(["p1"], [1.0], ["sq", "esc"], ["capit", "war"], u_S, u_R)

    n = war[["sq", "capit", "war"]].sum().to_numpy()
    q = dg.estimate.qre_fit(tree, [[n[0], n[1] + n[2]]], [[0, 0], [n[1], n[2]]], free=["u11", "u24"],
                            params={"u11": 0.0, "u24": 0.0}, lam=1 / np.sqrt(2), fix_lambda=True)
    assert list(q.params.index) == ["u11", "u24"]
    assert q.llf == pytest.approx(fit.llf, abs=1e-6)
    np.testing.assert_allclose(q.params.to_numpy(), fit.params.to_numpy(), atol=1e-4)
    np.testing.assert_allclose(q.bse.to_numpy(), fit.bse.to_numpy(), rtol=1e-3)
