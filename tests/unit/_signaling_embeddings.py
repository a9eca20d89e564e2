"""Closed-form signaling models embedded as finite :class:`SignalingGame` objects.

Used by ``test_signaling_engine_xcheck.py`` to hold each closed form together with the generic
PBE engine (:func:`deterrence_games.solvers.pbe.pbe`). Each embedding states what is folded in
and why the folding preserves the equilibrium set; ``*_outcomes(sigma, rho)`` maps an engine
profile to the model's named outcome distribution.

costly_signaling (Fearon 1997)
    Types ``(resolute, irresolute)``, messages ``(no_signal, signal)``, receiver = the
    *opportunist* challenger with actions ``(refrain, challenge)``. Folded in:

    * the defender's last move: after a challenge type ``t`` fights iff ``w_t > -a_m`` (its
      concession payoff; ``a_m = a`` after a tying-hands signal, else 0; ties to conceding, the
      peaceful action). It is a type-contingent best response fixed by sequential rationality,
      so it is a constant of ``(t, m)``;
    * the revisionist challenger (probability ``theta``, always challenges): non-strategic, so
      ``u_S(t, m, a) = theta * u(t, m, challenged) + (1 - theta) * u(t, m, a)``;
    * the sunk cost ``m`` as a message cost of ``signal``.

    The opportunist's payoff is ``rho_star - 1[S fights]`` for ``challenge`` and 0 for
    ``refrain`` (``b(1 - f) - kappa f`` divided by ``b + kappa``), so it challenges iff
    ``Pr(fight | message) < rho_star`` and is indifferent at equality, as in the model.

reassurance (Kydd, the worked cases, two types)
    Player 1's gesture and its own stage-game action are *one* sender move: messages are the
    pairs ``(gesture?, C/D)``; the receiver (player 2's security-seeker type) observes only the
    gesture (a deterministic garbling), so player 1's stage action is hidden from player 2 and
    the stage game stays simultaneous. Player 2's greedy type defects (strictly dominant) and is
    folded into player 1's payoffs as non-strategic. See the test module for what this embedding
    does and does not show.
"""

from __future__ import annotations

import numpy as np

from deterrence_games.games.signaling import SignalingGame

# --- costly_signaling -----------------------------------------------------------------------

CS_TYPES = ("resolute", "irresolute")
CS_ACTIONS = ("refrain", "challenge")


def costly_signaling_fights(p: dict) -> np.ndarray:
    """``fights[t, m]``: a challenged defender of type ``t`` that sent ``m`` fights."""
    w = np.array([p["w_r"], p["w_i"]])
    audience = p["a"] if p["variant"] == "tying_hands" else 0.0
    n_msg = 1 if p["variant"] == "none" else 2
    a_m = np.array([0.0, audience])[:n_msg]
    return w[:, None] > -a_m[None, :]


def costly_signaling_game(p: dict) -> SignalingGame:
    """The §2 game for validated parameters ``p`` (``CostlySignaling().validate(...)``)."""
    fights = costly_signaling_fights(p)
    n_msg = fights.shape[1]
    v = np.array([p["v_r"], p["v_i"]])
    w = np.array([p["w_r"], p["w_i"]])
    audience = p["a"] if p["variant"] == "tying_hands" else 0.0
    a_m = np.array([0.0, audience])[:n_msg]
    challenged = np.where(fights, w[:, None], -a_m[None, :])  # payoff once challenged (cost aside)
    theta = p["revisionist"]
    u_S = np.zeros((2, n_msg, 2))
    u_S[:, :, 0] = theta * challenged + (1.0 - theta) * v[:, None]
    u_S[:, :, 1] = challenged
    u_R = np.zeros((2, n_msg, 2))
    u_R[:, :, 1] = p["rho_star"] - fights
    costs = np.array([0.0, p["m"] if p["variant"] == "sinking_costs" else 0.0])[:n_msg]
    messages = ("no_signal", "signal")[:n_msg]
    return SignalingGame(CS_TYPES, [p["pi"], 1.0 - p["pi"]], messages, CS_ACTIONS, u_S, u_R,
                         message_costs=costs, sender="defender", receiver="opportunist",
                         name=f"costly_signaling[{p['variant']}]")


def costly_signaling_outcomes(game: SignalingGame, p: dict, sigma, rho) -> dict[str, float]:
    """(war, concession, status_quo) of the engine profile ``(sigma, rho)``."""
    fights = costly_signaling_fights(p)
    dist = game.outcome_distribution(sigma, rho).sum(axis=2)  # [t, m, a] (ungarbled: k = m)
    theta = p["revisionist"]
    pr_challenged = dist[..., 0] * theta + dist[..., 1]  # [t, m]
    return {"war": float((pr_challenged * fights).sum()),
            "concession": float((pr_challenged * ~fights).sum()),
            "status_quo": float(dist[..., 0].sum() * (1.0 - theta))}


# --- reassurance (two types) ----------------------------------------------------------------

RA_MESSAGES = ("none,C", "none,D", "gesture,C", "gesture,D")
RA_ACTIONS = ("C", "D")


def _stage(g: float, c: float, mine: int, theirs: int) -> float:
    """Stage payoff to a player with temptation ``g``; actions 0 = C, 1 = D."""
    return [[1.0, -c], [g, 0.0]][mine][theirs]


def reassurance_game(p: dict) -> tuple[SignalingGame, tuple[int, ...]]:
    """The §3 gesture game (``m > 0``) or the plain Bayesian game (``m = 0``).

    Returns the game and the indices of player 1's types kept (types of prior zero are dropped,
    as :class:`SignalingGame` requires a positive prior).
    """
    c, tau1, tau2 = p["c"], p["tau1"], p["tau2"]
    gain = (p["g_S"], p["g_G"])
    cost = (p["m"] * p["v_S"], p["m"] * p["v_G"])
    gesture_stage = p["m"] > 0
    kept = tuple(t for t, pr in enumerate((tau1, 1.0 - tau1)) if pr > 0)
    msgs = RA_MESSAGES if gesture_stage else RA_MESSAGES[:2]
    u_S = np.zeros((len(kept), len(msgs), 2))
    u_R = np.zeros((len(kept), len(msgs), 2))
    costs = np.zeros((len(kept), len(msgs)))
    for i, t in enumerate(kept):
        for j, msg in enumerate(msgs):
            x = 0 if msg.endswith("C") else 1  # player 1's stage action
            for a in (0, 1):  # the security-seeking player 2's action
                u_S[i, j, a] = tau2 * _stage(gain[t], c, x, a) + (1 - tau2) * _stage(gain[t], c, x, 1)
                u_R[i, j, a] = _stage(p["g_S"], c, a, x)
            costs[i, j] = cost[t] if msg.startswith("gesture") else 0.0
    prior = [(tau1, 1.0 - tau1)[t] for t in kept]
    # player 2 observes the gesture, not player 1's stage action
    obs = ("none", "gesture") if gesture_stage else ("none",)
    garbling = np.zeros((len(kept), len(msgs), len(obs)))
    for j, msg in enumerate(msgs):
        garbling[:, j, 1 if msg.startswith("gesture") else 0] = 1.0
    game = SignalingGame([("S1", "G1")[t] for t in kept], prior, msgs, RA_ACTIONS, u_S, u_R,
                         message_costs=costs, garbling=garbling, observations=obs,
                         sender="player 1", receiver="player 2 (security seeker)", name="reassurance")
    return game, kept


def reassurance_outcomes(game: SignalingGame, p: dict, sigma, rho) -> dict[str, float]:
    """(cooperation, exploitation, mutual_defection) of the engine profile ``(sigma, rho)``."""
    dist = game.outcome_distribution(sigma, rho).sum(axis=2)  # [t, m, a2 of the S type]
    tau2 = p["tau2"]
    x_coop = np.array([msg.endswith("C") for msg in game.messages])
    p1c = dist.sum(axis=2)[:, x_coop].sum()  # Pr(player 1 cooperates)
    both = tau2 * dist[:, x_coop, 0].sum()  # player 2 cooperates only if it is an S type
    p2c = tau2 * dist[..., 0].sum()
    return {"cooperation": float(both), "exploitation": float(p1c + p2c - 2 * both),
            "mutual_defection": float(1.0 - p1c - p2c + both)}
