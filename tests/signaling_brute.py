"""Brute-force pure-strategy PBE of small signaling games (a second method for the tests)."""

from __future__ import annotations

import itertools

import numpy as np
from scipy.optimize import linprog


def simplex_grid(n: int, steps: int) -> np.ndarray:
    pts = [c for c in itertools.product(range(steps + 1), repeat=n) if sum(c) == steps]
    return np.array(pts, dtype=float) / steps


def _lp_supportable(U: np.ndarray, a: int, eps: float) -> bool:
    n = U.shape[0]
    G = (U - U[:, [a]]).T  # rows b: (u_b - u_a) . mu <= 0
    res = linprog(np.zeros(n), A_ub=G, b_ub=np.full(G.shape[0], eps), A_eq=np.ones((1, n)),
                  b_eq=[1.0], bounds=(0, None), method="highs")
    return res.status == 0


def pure_pbe(game, *, grid_steps: int | None = 12, eps: float = 1e-9):
    """All pure PBE as (sender messages per type, receiver action per observation).

    Off-path beliefs are searched on a grid of the simplex with ``grid_steps`` steps, or
    exactly by linear programming when ``grid_steps`` is None.
    """
    nT, nM, nA = game.shape
    nK = game.n_observations
    nodes = [game.nodes(k) for k in range(nK)]
    found = []
    avail = [[m for m in range(nM) if game.available[t, m]] for t in range(nT)]
    for s in itertools.product(*avail):
        sigma = np.zeros((nT, nM))
        sigma[np.arange(nT), list(s)] = 1.0
        pk, V = game.receiver_values(sigma)
        for r in itertools.product(range(nA), repeat=nK):
            rho = np.zeros((nK, nA))
            rho[np.arange(nK), list(r)] = 1.0
            U = game.sender_values(rho)
            if any(U[t, s[t]] < U[t, avail[t]].max() - eps for t in range(nT)):
                continue
            ok = True
            for k in range(nK):
                if pk[k] > 0:
                    if V[k, r[k]] < V[k].max() - eps:
                        ok = False
                        break
                else:
                    Uk = np.array([game.u_R[t, m] for t, m in nodes[k]])
                    if grid_steps is None:
                        sup = _lp_supportable(Uk, r[k], eps)
                    else:
                        vals = simplex_grid(len(nodes[k]), grid_steps) @ Uk
                        sup = bool((vals[:, r[k]] >= vals.max(axis=1) - eps).any())
                    if not sup:
                        ok = False
                        break
            if ok:
                found.append((tuple(s), tuple(r)))
    return found


def random_game(rng: np.random.Generator, nT: int, nM: int, nA: int, *, integer: bool,
                garble: bool = False, restrict: bool = False):
    from deterrence_games.games.signaling import SignalingGame

    if integer:
        u_S = rng.integers(0, 3, size=(nT, nM, nA))
        u_R = rng.integers(0, 3, size=(nT, nM, nA))
        prior = rng.integers(1, 4, size=nT).astype(float)
    else:
        u_S = rng.normal(size=(nT, nM, nA))
        u_R = rng.normal(size=(nT, nM, nA))
        prior = rng.uniform(0.2, 1.0, size=nT)
    prior /= prior.sum()
    available = None
    if restrict:
        available = rng.random((nT, nM)) < 0.75
        available[np.arange(nT), rng.integers(0, nM, nT)] = True
        available[rng.integers(0, nT, nM), np.arange(nM)] = True
    garbling = None
    if garble:
        noise = rng.integers(0, 3, size=(nM, nM)) if integer else rng.dirichlet(np.ones(nM), size=nM)
        garbling = 2 * np.eye(nM) + noise
        garbling = garbling / garbling.sum(axis=1, keepdims=True)
    return SignalingGame(nT, prior, nM, nA, u_S, u_R, available=available, garbling=garbling)
