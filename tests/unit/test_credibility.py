"""credibility: the worked cases, corners, brentq vs grid vs bisection."""

import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games import ParameterError
from deterrence_games.models.credibility import first_period_lie_probability, lie_gain

ROWS = [(0.5, 0.5, 0.7858, 0.3929, 0.8236, 0.1071), (0.5, 2, 0.5495, 0.2747, 0.6894, 0.2253),
        (0.3, 2, 0.6446, 0.4512, 0.5466, 0.2488), (0.7, 4, 0.0224, 0.0067, 0.7047, 0.2933)]


@pytest.mark.parametrize("pi,I,l1,d1,post,d2", ROWS)
def test_worked_rows(pi, I, l1, d1, post, d2):
    sol = dg.get_model("credibility").solve(pi=pi, I=I)
    assert len(sol) == 1
    q = sol[0].quantities
    assert q["lie_probability_t1"] == pytest.approx(l1, abs=5e-5)
    assert q["p_deception_t1"] == pytest.approx(d1, abs=5e-5)
    assert q["posterior_after_honest"] == pytest.approx(post, abs=5e-5)
    assert q["p_deception_t2"] == pytest.approx(d2, abs=5e-5)
    assert sol[0].escalation_probability == pytest.approx(d1 + d2, abs=1e-4)


@pytest.mark.parametrize("pi,I", [(r[0], r[1]) for r in ROWS] + [(0.2, 7.0), (0.45, 0.3)])
def test_grid_search_agrees_with_brentq_and_bisection(pi, I):
    grid = np.linspace(0, 1, 200_001)
    g = lie_gain(grid, pi, I)
    l_grid = grid[np.argmin(np.abs(g))]
    l_b = first_period_lie_probability(pi, I, method="brentq")
    l_bis = first_period_lie_probability(pi, I)
    assert l_b == pytest.approx(l_grid, abs=1e-5)
    assert l_bis == pytest.approx(l_b, abs=1e-12)
    assert np.all(np.diff(g) <= 1e-12)  # Delta decreasing: the root is unique


def test_corners():
    # l1 = 0 when Delta(0) <= 0: a credible friend-belief and a big future issue
    pi, I = 0.9, 2.0
    assert lie_gain(0.0, pi, I) <= 0
    e = dg.get_model("credibility").solve(pi=pi, I=I)[0]
    assert e.quantities["lie_probability_t1"] == 0 and e.flags["corner"] and e.label == "pure (enemy honest)"
    assert e.quantities["p_deception_t2"] == pytest.approx(1 - pi)  # it cashes in later
    # l1 = 1 when Delta(1) >= 0: an unimportant future
    pi, I = 0.9, 0.1
    assert lie_gain(1.0, pi, I) >= 0
    e = dg.get_model("credibility").solve(pi=pi, I=I)[0]
    assert e.quantities["lie_probability_t1"] == 1 and e.label == "pure (enemy lies)"


def test_enemy_indifferent_in_period_two_when_mixing():
    e = dg.get_model("credibility").solve(pi=0.1, I=20)[0]
    pi2 = e.quantities["posterior_after_honest"]
    l2 = e.quantities["lie_probability_t2"]
    assert pi2 < 0.5 and 0 < l2 < 1
    P2 = pi2 + (1 - pi2) * (1 - l2)
    assert P2**2 == pytest.approx((1 - P2) ** 2)  # lying and truth-telling pay the same


def test_higher_stakes_buy_honesty_now_and_deception_later():
    m = dg.get_model("credibility")
    Is = [0.5, 1, 2, 4, 8]
    l1 = [m.solve(pi=0.5, I=i)[0].quantities["lie_probability_t1"] for i in Is]
    d2 = [m.solve(pi=0.5, I=i)[0].quantities["p_deception_t2"] for i in Is]
    assert np.all(np.diff(l1) <= 0) and np.all(np.diff(d2) >= 0)


def test_bad_input():
    m = dg.get_model("credibility")
    with pytest.raises(ParameterError, match="`pi`"):
        m.solve(pi=1.0)
    with pytest.raises(ParameterError, match="`I`"):
        m.solve(I=0)


def test_cli_sweep(cli, tmp_path):
    import pandas as pd

    out = tmp_path / "c.csv"
    r = cli("sweep", "credibility", "--grid", "I=0.5:4:4", "--set", "pi=0.5", "--out", str(out))
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(out)
    assert len(df) == 4 and df["lie_probability_t1"].is_monotonic_decreasing
    r = cli("solve", "credibility", "--set", "pi=1.5")
    assert r.returncode == 2 and "`pi`" in r.stderr


# ---- issue 17: Sobel's quantities (when the enemy deceives, what it costs the receiver) --------
@pytest.mark.parametrize(("pi", "I"), [(0.3, 0.5), (0.3, 3.0), (0.6, 0.5), (0.6, 2.0), (0.8, 8.0), (0.1, 1.0)])
def test_share_of_deception_and_receiver_loss_by_enumerating_paths(pi, I):
    """Second method: l1 by a grid search on the enemy's gain (100,001 values), then the
    receiver's loss by enumerating the paths (friend; enemy lies at t=1; enemy honest at t=1
    then lies or not at t=2), actions a = Pr(report true) under quadratic loss."""
    from deterrence_games import get_model

    grid = np.linspace(0.0, 1.0, 100001)
    P1 = pi + (1 - pi) * (1 - grid)
    gain = P1**2 + I / 4 - (1 - P1) ** 2 - I * np.maximum((pi / P1) ** 2, 0.25)
    l1 = 0.0 if gain[0] <= 0 else 1.0 if gain[-1] >= 0 else grid[np.argmin(np.abs(gain))]
    P1 = pi + (1 - pi) * (1 - l1)
    pi2 = pi / P1
    l2 = 1.0 if pi2 >= 0.5 else 1 / (2 * (1 - pi2))
    P2 = pi2 + (1 - pi2) * (1 - l2)
    loss = pi * ((1 - P1) ** 2 + I * (1 - P2) ** 2) + (1 - pi) * (
        l1 * (P1**2 + I / 4) + (1 - l1) * ((1 - P1) ** 2 + I * (l2 * P2**2 + (1 - l2) * (1 - P2) ** 2)))
    d1, d2 = (1 - pi) * l1, (1 - pi) * (1 - l1) * l2
    e = get_model("credibility").solve(pi=pi, I=I)[0]
    assert e.quantities["receiver_loss"] == pytest.approx(loss, abs=1e-4)
    assert e.quantities["receiver_loss_t1"] + e.quantities["receiver_loss_t2"] == pytest.approx(loss, abs=1e-4)
    assert e.quantities["share_deception_period2"] == pytest.approx(d2 / (d1 + d2), abs=1e-4)
    assert e.quantities["stakes_weighted_deception"] == pytest.approx(d1 + I * d2, abs=1e-4)


def test_escalation_ignores_the_stakes_but_the_share_does_not():
    """With trust pi2 >= 1/2 the total deception is 1 - pi whatever I, while the share in the
    high-stakes period rises with I (Sobel: higher future stakes buy honesty now)."""
    from deterrence_games import get_model

    m = get_model("credibility")
    sols = [m.solve(pi=0.6, I=I)[0] for I in (0.5, 1.0, 2.0, 4.0)]
    assert all(e.escalation_probability == pytest.approx(0.4) for e in sols)
    shares = [e.quantities["share_deception_period2"] for e in sols]
    assert all(b > a for a, b in zip(shares, shares[1:], strict=False))
