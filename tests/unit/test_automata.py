"""Tests for deterrence_games.solvers.automata and trigger_closed_forms.

Known answers come from the worked cases (trigger with a pause, binary signal) and §2
(noisy memory-one strategies); each is checked against the closed form AND an independent
method (linear-system automaton values, one-shot deviations, seeded Monte Carlo of the
primitive process).
"""

import numpy as np
import pytest

from deterrence_games._validation import ParameterError
from deterrence_games.games import BimatrixGame, RepeatedGame, incident_monitoring
from deterrence_games.solvers import trigger_closed_forms as cf
from deterrence_games.solvers.automata import (
    ALLD,
    GRIM1,
    TFT,
    WSLS,
    MemoryOneStrategy,
    PublicAutomaton,
    analyze_automaton,
    automaton_values,
    critical_discount_factor,
    escalation_within,
    expected_time_to_escalation,
    generous_tit_for_tat,
    grim_trigger,
    gtft,
    induced_chain,
    is_perfect_public_equilibrium,
    long_run_distribution,
    memory_one_automaton,
    memory_one_chain,
    minimal_deterring_pause,
    one_shot_deviation_gains,
    pause_trigger,
    simulate_automaton,
    simulate_memory_one,
    tit_for_tat,
    win_stay_lose_shift,
)

PD4 = BimatrixGame([[3, 0], [4, 1]], [[3, 4], [0, 1]], ("C", "D"), ("C", "D"))  # §1.1 payoffs
PD5 = BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]], ("C", "D"), ("C", "D"))  # §2 payoffs
G = 0.5  # (4 - 3)/(3 - 1)

# the worked cases: p, q, delta, kappa, delta*(grim), T*, delta*(T*), V(T*), V_bind, phi(T*)
TABLE_11 = [
    (0.90, 0.50, 0.9, 1.4286, 0.5882, 2, 0.7956, 2.7079, 2.7500, 0.1667),
    (0.95, 0.50, 0.9, 1.1765, 0.5405, 2, 0.6943, 2.8425, 2.8889, 0.0909),
    (0.99, 0.50, 0.9, 1.0309, 0.5076, 2, 0.6318, 2.9664, 2.9796, 0.0196),
    (0.90, 0.20, 0.9, 0.7692, 0.4348, 1, 0.7692, 2.8349, 2.8571, 0.0909),
    (0.90, 0.50, 0.7, 1.4286, 0.5882, 3, 0.6724, 2.7342, 2.7500, 0.2308),
]


def _game(p, q, delta):
    return RepeatedGame(PD4, delta, incident_monitoring(PD4, false_alarm=1 - p, detection=1 - q))


@pytest.mark.parametrize("row", TABLE_11)
def test_pause_closed_forms_match_worked(row):
    p, q, d, k, dg, T, dT, V, Vb, phi = row
    kap = cf.kappa(G, p, q)
    assert kap == pytest.approx(k, abs=5e-5)
    assert cf.critical_delta_grim(G, p, q) == pytest.approx(dg, abs=5e-5)
    assert cf.optimal_pause_length(d, kap) == T
    assert cf.critical_delta_pause(T, kap) == pytest.approx(dT, abs=5e-5)
    assert cf.pause_value(T, d, p, 3, 1) == pytest.approx(V, abs=5e-5)
    assert cf.v_bind(3, 4, p, q) == pytest.approx(Vb, abs=5e-5)
    assert cf.punishment_share(T, p) == pytest.approx(phi, abs=5e-5)


@pytest.mark.parametrize("row", TABLE_11)
def test_pause_automaton_agrees_with_closed_form(row):
    p, q, d, _, _, T, _, _, _, _ = row
    game = _game(p, q, d)
    kap = cf.kappa(G, p, q)
    aut = pause_trigger(game, T)
    a = analyze_automaton(game, aut, horizons=(1, 5, 30))
    # linear-system values vs V(T)
    np.testing.assert_allclose(a.initial_values, cf.pause_value(T, d, p, 3, 1), atol=1e-12)
    # stationary distribution vs phi(T)
    assert a.escalation_share == pytest.approx(float(cf.punishment_share(T, p)), abs=1e-12)
    assert a.expected_time_to_escalation == pytest.approx(1 / (1 - p), rel=1e-10)
    for N, pr in a.escalation_within.items():
        assert pr == pytest.approx(float(cf.pause_escalation_within(N, p)), abs=1e-12)
    # one-shot deviation: PPE at T*, not at T* - 1 (worked: IC fails at T*-1 in every row)
    assert a.is_ppe
    if T > 1:
        assert not is_perfect_public_equilibrium(game, pause_trigger(game, T - 1))
    assert minimal_deterring_pause(game) == T
    # critical discount factor by bisection on the OSD gains vs closed form
    assert critical_discount_factor(game, aut) == pytest.approx(float(cf.critical_delta_pause(T, kap)), abs=1e-8)
    assert critical_discount_factor(game, grim_trigger(game)) == pytest.approx(
        float(cf.critical_delta_grim(G, p, q)), abs=1e-8)


@pytest.mark.parametrize("row", TABLE_11)
def test_pause_monte_carlo(row):
    p, q, d, _, _, T, _, _, _, phi = row
    game = _game(p, q, d)
    path = simulate_automaton(game, pause_trigger(game, T), periods=1000, chains=200, seed=11)
    # chains start cooperative; drop a burn-in of 100 periods
    esc = np.asarray(path.escalation)[:, 100:]
    exact = float(cf.punishment_share(T, p))
    n = esc.size
    # serial correlation inflates the variance; use a per-chain standard error
    se = esc.mean(axis=1).std(ddof=1) / np.sqrt(esc.shape[0])
    assert abs(esc.mean() - exact) < 3 * se + 1e-12, (esc.mean(), exact, se, n)


def test_pause_value_decreasing_and_vbind_upper_bound():
    d, p, q = 0.9, 0.9, 0.5
    Ts = np.arange(1, 60)
    V = cf.pause_value(Ts, d, p, 3, 1)
    assert np.all(np.diff(V) < 0)
    assert cf.pause_value(np.inf, d, p, 3, 1) == pytest.approx(V[-1], abs=1e-2)
    # V(T*) <= V_bind
    assert cf.pause_value(2, d, p, 3, 1) <= cf.v_bind(3, 4, p, q)


def test_perfect_monitoring_special_case():
    # p = 1, q = 0: delta*(inf) = (T-R)/(T-P), delta*(1) = g
    assert cf.critical_delta_grim(G, 1.0, 0.0) == pytest.approx(1 / 3)
    assert cf.critical_delta_pause(1, cf.kappa(G, 1.0, 0.0)) == pytest.approx(0.5)
    g4 = RepeatedGame(PD4, 0.9)
    assert critical_discount_factor(g4, grim_trigger(g4)) == pytest.approx(1 / 3, abs=1e-8)
    assert critical_discount_factor(g4, pause_trigger(g4, 1)) == pytest.approx(0.5, abs=1e-8)


def test_optimal_pause_corrected_rules():
    # IC binding exactly at an integer: delta = 0.5, kappa = 0.5 + 0.25 + 0.125 -> T* = 3
    assert cf.optimal_pause_length(0.5, 0.875) == 3
    # at delta = kappa/(1+kappa) exactly only grim works; below, nothing
    k = 1.0
    assert np.isinf(cf.optimal_pause_length(0.5, k))
    assert np.isnan(cf.optimal_pause_length(0.49, k))
    assert np.isnan(cf.optimal_pause_length(0.9, np.inf))
    # vectorized agrees with the brute-force definition
    rng = np.random.default_rng(0)
    d = rng.uniform(0.3, 0.99, 500)
    k = rng.uniform(0.1, 8, 500)
    T = cf.optimal_pause_length(d, k)
    for di, ki, Ti in zip(d, k, T, strict=True):
        if di / (1 - di) <= ki:
            assert np.isnan(Ti) or np.isinf(Ti)
            continue
        s, t = 0.0, 0
        while s < ki - 1e-12:
            t += 1
            s += di**t
        assert Ti == t


def test_grim_trigger_absorbing():
    game = _game(0.9, 0.5, 0.9)
    a = analyze_automaton(game, grim_trigger(game))
    assert a.escalation_share == pytest.approx(1.0)
    np.testing.assert_allclose(a.initial_values, cf.pause_value(np.inf, 0.9, 0.9, 3, 1), atol=1e-12)


# ---------------------------------------------------------------------------------------
# §2 noise chains
# ---------------------------------------------------------------------------------------

GEN = float(cf.gtft_generosity(3, 0, 5, 1))

TABLE_2 = [  # eps: TFT, GTFT, WSLS, GRIM1, ALLD P(CC)
    (0.01, 0.2500, 0.9431, 0.9607, 0.0050, 0.0001),
    (0.05, 0.2500, 0.7656, 0.8170, 0.0250, 0.0025),
    (0.10, 0.2500, 0.6173, 0.6660, 0.0500, 0.0100),
]
TABLE_2_ETA = [  # eta with eps = 0.01: TFT, GTFT, WSLS
    (0.0, 0.25, 0.9431, 0.9607),
    (0.01, 0.25, 0.9102, 0.9235),
    (0.05, 0.25, 0.8036, 0.7875),
    (0.10, 0.25, 0.7093, 0.6446),
]


def test_gtft_generosity():
    assert GEN == pytest.approx(1 / 3)


@pytest.mark.parametrize("row", TABLE_2)
def test_implementation_noise_table(row):
    eps, *expected = row
    for s, e in zip((TFT, gtft(GEN), WSLS, GRIM1, ALLD), expected, strict=True):
        assert memory_one_chain(s, s, eps).p_cc == pytest.approx(e, abs=5e-5)


@pytest.mark.parametrize("row", TABLE_2_ETA)
def test_perception_noise_table(row):
    eta, *expected = row
    for s, e in zip((TFT, gtft(GEN), WSLS), expected, strict=True):
        assert memory_one_chain(s, s, 0.01, eta).p_cc == pytest.approx(e, abs=5e-5)


@pytest.mark.parametrize("eps", [0.001, 0.01, 0.05, 0.1, 0.3, 0.49])
def test_noise_closed_forms(eps):
    assert memory_one_chain(TFT, TFT, eps).p_cc == pytest.approx(0.25, abs=1e-12)
    assert memory_one_chain(TFT, TFT, eps).p_dd == pytest.approx(0.25, abs=1e-12)
    w = memory_one_chain(WSLS, WSLS, eps)
    assert w.p_cc == pytest.approx(float(cf.wsls_cc(eps)), abs=1e-12)
    assert w.p_dd == pytest.approx(float(cf.wsls_dd(eps)), abs=1e-12)
    g1 = memory_one_chain(GRIM1, GRIM1, eps)
    assert g1.p_cc == pytest.approx(float(cf.grim1_cc(eps)), abs=1e-12)
    assert g1.p_dd == pytest.approx(float(cf.grim1_dd(eps)), abs=1e-12)
    # 16-state chain with eta = 0 reproduces the 4-state chain
    for s in (TFT, WSLS, gtft(GEN), GRIM1):
        a, b = memory_one_chain(s, s, eps), memory_one_chain(s, s, eps, 0.0)
        for o in ("CC", "CD", "DC", "DD"):
            assert b.outcome_probabilities[o] == pytest.approx(a.outcome_probabilities[o], abs=1e-10)


def test_memory_one_automaton_matches_chain():
    game = RepeatedGame(PD5, 0.9)
    for s in (TFT, WSLS, gtft(GEN), GRIM1):
        aut = memory_one_automaton(game, s, s, tremble=0.05)
        a = analyze_automaton(game, aut)
        c = memory_one_chain(s, s, 0.05)
        assert a.profile_distribution[0, 0] == pytest.approx(c.p_cc, abs=1e-10)
        assert a.profile_distribution[1, 1] == pytest.approx(c.p_dd, abs=1e-10)
        assert a.escalation_share == pytest.approx(1 - c.p_cc, abs=1e-10)


@pytest.mark.parametrize("strategy,eps,eta", [(WSLS, 0.05, 0.0), (TFT, 0.05, 0.0), (WSLS, 0.01, 0.05),
                                              ("gtft", 0.01, 0.1)])
def test_memory_one_monte_carlo(strategy, eps, eta):
    s = gtft(GEN) if strategy == "gtft" else strategy
    exact = memory_one_chain(s, s, eps, eta if eta else None).p_cc
    n = 100_000
    mc = simulate_memory_one(s, s, eps, eta, periods=n, seed=2024)["CC"]
    # batch-means standard error (serial correlation)
    batches = [simulate_memory_one(s, s, eps, eta, periods=n // 10, seed=100 + b)["CC"] for b in range(10)]
    se = np.std(batches, ddof=1) / np.sqrt(10)
    assert abs(mc - exact) < 3 * max(se, 1e-4), (mc, exact, se)


def test_true_grim_expected_time():
    game = RepeatedGame(PD5, 0.9)
    for eps, expected in ((0.01, 50.25), (0.05, 10.26)):
        a = analyze_automaton(game, grim_trigger(game, tremble=eps))
        assert a.expected_time_to_escalation == pytest.approx(expected, abs=5e-3)
        assert a.expected_time_to_escalation == pytest.approx(float(cf.grim_expected_time(eps)), rel=1e-10)
        assert a.escalation_share == pytest.approx(1.0)
        # P(still cooperating after t periods) = (1-eps)^(2t)
        for t in (1, 5, 20):
            assert escalation_within(a.chain, a.automaton.escalation, t + 1) == pytest.approx(
                1 - (1 - eps) ** (2 * t), abs=1e-12)


def test_equilibrium_status_of_memory_one():
    g4 = RepeatedGame(PD4, 0.9)  # 2R > T + P
    assert critical_discount_factor(g4, win_stay_lose_shift(g4)) == pytest.approx(
        float(cf.wsls_critical_delta(3, 4, 1)), abs=1e-8)
    # TFT is not subgame perfect off the knife-edge
    assert np.isnan(critical_discount_factor(g4, tit_for_tat(g4)))
    assert not is_perfect_public_equilibrium(g4, generous_tit_for_tat(g4, 0.2))


def test_mixed_state_indifference_is_checked():
    # a state that mixes: deviation gains are zero only if both actions are optimal
    game = RepeatedGame(PD4, 0.5)
    aut = PublicAutomaton(["mix"], [[0.5, 0.5]], [[0.0, 1.0]], np.ones((1, 4, 1)))
    gains = one_shot_deviation_gains(game, aut)
    assert gains[0, 0] == pytest.approx(0.5 * (1 - 0.5) * 1.0)  # D beats C by 1 in the stage
    assert gains[0, 1] <= 1e-12


def test_long_run_distribution_reducible_and_periodic():
    M = np.array([[0.5, 0.25, 0.25], [0, 1, 0], [0, 0, 1]])
    np.testing.assert_allclose(long_run_distribution(M, 0), [0, 0.5, 0.5])
    P = np.array([[0, 1], [1, 0]])
    np.testing.assert_allclose(long_run_distribution(P, 0), [0.5, 0.5])
    assert np.isinf(expected_time_to_escalation(np.eye(2), [False, True], 0))
    assert expected_time_to_escalation(np.eye(2), [True, False], 0) == 0.0


def test_induced_chain_rows_sum_to_one_and_values_solve_bellman():
    game = _game(0.9, 0.5, 0.8)
    aut = pause_trigger(game, 3, tremble=0.02)
    M = induced_chain(game, aut)
    np.testing.assert_allclose(M.sum(axis=1), 1.0)
    V = automaton_values(game, aut)
    x, y = aut.realized_strategies()
    u = np.einsum("wi,ij,wj->w", x, PD4.A, y)
    np.testing.assert_allclose(V[:, 0], 0.2 * u + 0.8 * M @ V[:, 0], atol=1e-12)


def test_results_repr_and_export():
    game = _game(0.9, 0.5, 0.9)
    a = analyze_automaton(game, pause_trigger(game, 2))
    assert "PPE" in repr(a) and "escalation share" in repr(a)
    assert set(a.to_frame().columns) >= {"state", "value_row", "long_run_share"}
    assert a.to_dict()["is_ppe"] is True
    assert "<strong>" in a._repr_html_()
    with pytest.raises(ValueError):
        a.values[0, 0] = 1.0
    aut = pause_trigger(game, 2)
    assert aut == pause_trigger(game, 2) and aut != pause_trigger(game, 3)
    assert "pause_1" in aut.to_frame().loc[0, "after_incident"]
    c = memory_one_chain(WSLS, WSLS, 0.05)
    assert "P(CC)=0.8170" in repr(c)


def test_bad_inputs():
    game = _game(0.9, 0.5, 0.9)
    with pytest.raises(ParameterError, match="`T`"):
        pause_trigger(game, 0)
    with pytest.raises(ParameterError, match="`tremble`"):
        pause_trigger(game, 2, tremble=0.7)
    with pytest.raises(ParameterError, match="`bad_signals`"):
        pause_trigger(game, 2, bad_signals=("boom",))
    with pytest.raises(ParameterError, match="`cooperative`"):
        pause_trigger(game, 2, cooperative=(0, 5))
    with pytest.raises(TypeError, match="`game`"):
        pause_trigger("game", 2)
    with pytest.raises(ParameterError, match="`game`"):
        tit_for_tat(game)  # needs perfect monitoring
    with pytest.raises(ParameterError, match="`transitions`"):
        PublicAutomaton(["a"], [[1, 0]], [[1, 0]], np.full((1, 2, 1), 0.5))
    with pytest.raises(ParameterError, match="`row_strategy`"):
        PublicAutomaton(["a"], [[1, 1]], [[1, 0]], np.ones((1, 2, 1)))
    with pytest.raises(ParameterError, match="`states`"):
        PublicAutomaton(["a", "a"], [[1, 0]] * 2, [[1, 0]] * 2, np.ones((2, 2, 2)) / 2)
    with pytest.raises(ParameterError, match="`initial`"):
        PublicAutomaton(["a"], [[1, 0]], [[1, 0]], np.ones((1, 2, 1)), initial="b")
    with pytest.raises(ParameterError, match="`automaton`"):
        analyze_automaton(RepeatedGame(PD4, 0.9), pause_trigger(game, 2))  # 2 vs 4 signals
    with pytest.raises(ParameterError, match="`epsilon`"):
        memory_one_chain(TFT, TFT, 1.5)
    with pytest.raises(ParameterError, match="`eta`"):
        memory_one_chain(TFT, TFT, 0.1, -0.1)
    with pytest.raises(ParameterError, match=r"`p\[1\]`"):
        MemoryOneStrategy((1, 2, 0, 0))
    with pytest.raises(ParameterError, match="`generosity`"):
        gtft(1.5)
    with pytest.raises(ParameterError, match="`horizon`"):
        escalation_within(np.eye(2), [False, True], 0)
    with pytest.raises(ParameterError, match="`periods`"):
        simulate_automaton(game, pause_trigger(game, 2), 0)
    with pytest.raises(TypeError, match="`seed`"):
        simulate_automaton(game, pause_trigger(game, 2), 10, seed="x")


# ---------------------------------------------------------------------------------------
# public randomisation and the Gaussian threshold design
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("p,q,d", [(0.9, 0.5, 0.9), (0.95, 0.5, 0.9), (0.9, 0.5, 0.7), (0.9, 0.2, 0.6)])
def test_random_grim_attains_v_bind_with_binding_ic(p, q, d):
    game = _game(p, q, d)
    theta = float(cf.random_trigger_probability(d, 3, 4, 1, p, q))
    assert 0 < theta <= 1
    aut = grim_trigger(game) if theta == 1 else pause_trigger(game, None, trigger_probability=theta)
    a = analyze_automaton(game, aut)
    np.testing.assert_allclose(a.initial_values, cf.v_bind(3, 4, p, q), atol=1e-12)
    # the incentive constraint binds: deviating to D in the cooperative state gains exactly 0
    x, y = aut.realized_strategies()
    gains = one_shot_deviation_gains(game, aut)
    assert abs(gains[0, 0]) < 1e-12 and a.is_ppe
    # below delta*(grim) the lottery would need theta > 1
    d_low = float(cf.critical_delta_grim(G, p, q)) * 0.95
    assert cf.random_trigger_probability(d_low, 3, 4, 1, p, q) > 1


# corrected table (delta = 0.9): sigma, (theta*, V, phi) at T = 200 and with T <= 5
TABLE_12 = [
    (0.20, 1.3186, 3.00000, 0.0000, 1.2200, 3.00000, 0.0000),
    (0.50, 1.7955, 2.99704, 0.0319, 1.5466, 2.99273, 0.0049),
    (0.75, 2.1767, 2.96720, 0.2703, 1.7811, 2.93731, 0.0421),
    (1.00, 2.5190, 2.89940, 0.5406, 1.9319, 2.82091, 0.1177),
]


@pytest.mark.parametrize("row", TABLE_12)
def test_threshold_design_corrected_table(row):
    sigma, th200, v200, phi200, th5, v5, phi5 = row
    cap = cf.threshold_design(sigma, 0.9, 5)
    assert cap.T_star == 5
    assert cap.theta_star == pytest.approx(th5, abs=5e-5)
    assert cap.value_star == pytest.approx(v5, abs=5e-6)
    assert cap.phi_star == pytest.approx(phi5, abs=5e-5)
    long = cf.threshold_design(sigma, 0.9, 200)
    assert long.theta[-1] == pytest.approx(th200, abs=5e-5)
    assert long.value[-1] == pytest.approx(v200, abs=5e-6)
    assert long.phi[-1] == pytest.approx(phi200, abs=5e-5)
    # V*(T) is nondecreasing in T: the optimum is the cap
    feasible = long.value[~np.isnan(long.value)]  # short pauses may not deter at all
    assert np.all(np.diff(feasible) >= -1e-12)
    # second method: the automaton at (theta*, T = 5) is a PPE with a binding IC
    p, q = cap.p[-1], cap.q[-1]
    game = _game(p, q, 0.9)
    gains = one_shot_deviation_gains(game, pause_trigger(game, 5))
    assert gains.max() <= 1e-9
    assert automaton_values(game, pause_trigger(game, 5))[0, 0] == pytest.approx(cap.value_star, abs=1e-12)


def test_threshold_design_bad_input():
    with pytest.raises(ParameterError, match="`sigma`"):
        cf.threshold_design(0.0, 0.9, 5)
    with pytest.raises(ParameterError, match="`T_max`"):
        cf.threshold_design(0.5, 0.9, 0)
    with pytest.raises(ParameterError, match="`trigger_probability`"):
        pause_trigger(_game(0.9, 0.5, 0.9), 2, trigger_probability=0.0)


def test_cli_automaton(cli):
    import json

    r = cli("automaton", "pause", "--p", "0.9", "--q", "0.5", "--delta", "0.9", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["T"] == 2 and out["is_ppe"] is True
    assert out["escalation_share"] == pytest.approx(1 / 6, abs=1e-12)
    assert out["critical_delta"] == pytest.approx(0.7956, abs=5e-5)
    r = cli("automaton", "wsls", "--payoffs", "3,0,5,1", "--tremble", "0.01", "--eta", "0.05", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["outcome_probabilities"]["CC"] == pytest.approx(0.7875, abs=5e-5)
    r = cli("automaton", "pause", "--p", "1.5")
    assert r.returncode == 2 and "`--p`" in r.stderr
    r = cli("automaton", "pause", "--payoffs", "1,2")
    assert r.returncode == 2 and "`--payoffs`" in r.stderr
