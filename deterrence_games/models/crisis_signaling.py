"""A generic deterrence crisis with private resolve, a costly threat and transparency ``q``.

Provenance: **reconstruction** -- a compact textbook-style crisis built for this toolkit to
show how a model is written on the generic signaling engine (nature, a defender with
private resolve, an optional threat with an audience cost as in Fearon 1994/1997's "tying
hands", an exogenous signal of resolve of precision ``q``, and a challenger who decides
whether to challenge). It is not the model of one paper; its parts are standard
(Fearon 1997, Section 2; Morrow 1994, ch. 8; Cho and Kreps 1987 for the solution concept).

Game. Nature draws the defender's type, *resolved* (probability ``pi``) or *irresolute*.
The defender ``threaten``\\ s or stays ``quiet``. The challenger sees the message and a
signal ``y`` of the type with ``P(y = type) = q`` (``q = 1/2``: opaque; ``q = 1``:
transparent), then ``refrain``\\ s (status quo) or ``challenge``\\ s. A challenged defender
fights if resolved, and also if irresolute but locked in by a threat with
``w_i < 1 + a``; otherwise it backs down (concession; after a threat it pays the audience
cost ``a``). Payoffs: defender 0 (status quo), ``-1`` (-``1 - a`` after a threat) on
concession, ``-w_type`` in war; challenger 0, ``+1`` on concession, ``-c`` in war.
The challenger challenges iff its belief that the defender is resolved is below
``1 / (1 + c)``.

Closed forms used in the tests (hand-derived; ``pi* = 1 / (1 + c)``):

* ``a = 0`` (threats are cheap talk): in every pooling PBE the challenger challenges after
  signal ``y`` iff the posterior ``mu(y) < pi*`` and war has probability
  ``pi * sum_y P(y | resolved) 1[mu(y) < pi*]``;
* ``q = 1``: the challenger challenges exactly the irresolute type unless a threat locks
  it in, so war has probability 0;
* ``q = 1/2``, ``w_i >= 1 + a``, ``pi < pi*``: pooling on ``quiet`` (war ``pi``) and a
  hybrid in which the irresolute type threatens with probability ``pi c / (1 - pi)`` and
  the challenger challenges a threat with probability ``1 / (1 + a)`` (war ``pi / (1 + a)``).

Solution concept: every PBE from :func:`deterrence_games.solvers.pbe.pbe` with
``consistent_beliefs=True``: off-path beliefs are consistent with the exogenous signal
(Fudenberg-Tirole: after an unused message the beliefs at the different signals come from
one common belief about the type, updated with ``P(y | type)``). Ties: every PBE is reported, including the knife-edge
ones; ``select('min')`` picks the most peaceful. Refinement flags are not defined for a
garbled game and are omitted. Scale: the engine's tolerance (1e-9) is relative to each
player's payoff range, so the equilibria do not depend on the unit of ``c``; only when the
challenger's gain from a concession, ``1 / (1 + c)`` of its range, falls to the tolerance
(``c >= 1e9``) are the two actions tied at a sure irresolute defender, and a few
knife-edge cells are added (certified to that tolerance).

Each equilibrium's ``strategies`` hold the representative profile (``sigma[t, m]``,
``rho[k, a]``) and the extreme points of its cell (``sigma_vertices``, ``rho_vertices``:
every profile in the product of their convex hulls is a PBE with the same supports).
The model exposes its finite game, so ``select="qre"`` (the logit QRE limit) applies.

Sweeps are vectorized: :func:`~deterrence_games.solvers.pbe.pbe_batch` applies the engine's
exact-support tests to every support pair for all points at once (the game's shape is fixed;
only the numbers change), and returns the cells that :meth:`~CrisisSignaling.solve` finds
point by point with the generic engine (the same rows, labels, flags and outcome
probabilities; ``dg.sweep(..., vectorized=False)`` runs the per-point path).

Aliases: "crisis bargaining with private resolve", "deterrence game with incomplete
information" (Morrow 1989), "tying hands" (Fearon 1997).
"""

from __future__ import annotations

import numpy as np

from .._validation import Interval
from ..games.information import binary_signal
from ..games.signaling import SignalingGame, type_signal_garbling
from ..results import Equilibrium
from ..solvers.pbe import pbe, pbe_batch
from ._base import ArraySolution, Model, Parameter

__all__ = ["CrisisSignaling", "crisis_game"]

_CHUNK = 2048  # points per pbe_batch call in sweeps (bounds the memory of its vertex arrays)

TYPES = ("resolved", "irresolute")
MESSAGES = ("threaten", "quiet")
ACTIONS = ("refrain", "challenge")


def _after_challenge(p: dict) -> np.ndarray:
    """``fights[t, m]``: does a challenged defender of type t who sent m fight?"""
    locked_in = p["w_i"] < 1 + p["a"]
    return np.array([[True, True], [locked_in, False]])


def _game_arrays(p: dict) -> tuple[np.ndarray, ...]:
    """``(prior, u_S, u_R, kernel, fights)`` of :func:`crisis_game` at every point of the
    parameter arrays ``p`` (leading axis: the points), the same numbers entry by entry."""
    n = len(p["q"])
    fights = np.zeros((n, 2, 2), bool)
    fights[:, 0, :] = True
    fights[:, 1, 0] = p["w_i"] < 1 + p["a"]
    u_S = np.zeros((n, 2, 2, 2))
    u_R = np.zeros((n, 2, 2, 2))
    for t, cost_of_war in ((0, p["w_r"]), (1, p["w_i"])):
        for m in range(2):
            backing_down = -1.0 - (p["a"] if m == 0 else 0.0)
            u_S[:, t, m, 1] = np.where(fights[:, t, m], -cost_of_war, backing_down)
            u_R[:, t, m, 1] = np.where(fights[:, t, m], -p["c"], 1.0)
    L = np.stack([np.stack([p["q"], 1 - p["q"]], 1), np.stack([1 - p["q"], p["q"]], 1)], 1)  # binary_signal
    kernel = np.zeros((n, 2, 2, 4))
    for m in range(2):  # type_signal_garbling: observation m * 2 + y
        kernel[:, :, m, 2 * m:2 * m + 2] = L
    prior = np.stack([p["pi"], 1 - p["pi"]], 1)
    return prior, u_S, u_R, kernel, fights


def crisis_game(p: dict) -> SignalingGame:
    """The crisis as a :class:`SignalingGame` (one page: payoffs, then the signal)."""
    fights = _after_challenge(p)
    u_S = np.zeros((2, 2, 2))  # [type, message, action]
    u_R = np.zeros((2, 2, 2))
    for t in range(2):
        for m in range(2):
            cost_of_war = p["w_r"] if t == 0 else p["w_i"]
            backing_down = -1.0 - (p["a"] if m == 0 else 0.0)
            u_S[t, m, 1] = -cost_of_war if fights[t, m] else backing_down
            u_R[t, m, 1] = -p["c"] if fights[t, m] else 1.0
    kernel, obs = type_signal_garbling(binary_signal(p["q"], TYPES), 2, MESSAGES)
    return SignalingGame(TYPES, [p["pi"], 1 - p["pi"]], MESSAGES, ACTIONS, u_S, u_R,
                         garbling=kernel, observations=obs, sender="defender",
                         receiver="challenger", name="crisis")


class CrisisSignaling(Model):
    """Deterrence crisis: private resolve, a costly threat, transparency ``q``.

    Provenance: reconstruction (a compact crisis built for this toolkit on the generic
    signaling engine; not one paper's model). The game, the closed forms used as checks and
    the solution concept (every PBE with beliefs consistent with the exogenous signal) are
    described in the module docstring of :mod:`deterrence_games.models.crisis_signaling`.
    """

    id = "crisis_signaling"
    title = "Deterrence crisis with private resolve, audience-cost threats and transparency q"
    provenance = "reconstruction"
    references = (
        "Fearon1997: Signaling foreign policy interests: tying hands versus sinking costs, JCR 41(1)",
        "ChoKreps1987: Signaling games and stable equilibria, QJE 102(2)",
        "Morrow1989: Capabilities, uncertainty, and resolve, AJPS 33(4)",
    )
    parameters = (
        Parameter("pi", 0.3, Interval(0, 1, False, False), "prior probability that the defender is resolved", "pi", role="prior"),
        Parameter("q", 0.5, Interval(0.5, 1), "precision of the exogenous signal of resolve (transparency)", "q",
                  information=True, role="signal_accuracy"),
        Parameter("c", 1.0, Interval(0, np.inf, False), "challenger's cost of war (gain from concession is 1)", "c", role="cost"),
        Parameter("w_r", 0.5, Interval(0, 1, True, False), "resolved defender's cost of war (< 1: fights)", "w_R", role="cost"),
        Parameter("w_i", 3.0, Interval(1, np.inf, False), "irresolute defender's cost of war (> 1: backs down)", "w_I", role="cost"),
        Parameter("a", 1.0, Interval(0, np.inf), "audience cost of backing down after a threat", "a", role="cost"),
    )
    outcomes = ("status_quo", "concession", "war")
    escalatory = ("war",)
    flags = ("continuum", "pure")
    method = "generic PBE engine (support enumeration), noise-consistent off-path beliefs"

    def _solve(self, p: dict) -> list[Equilibrium]:
        game = crisis_game(p)
        fights = _after_challenge(p)
        out = []
        for e in pbe(game, consistent_beliefs=True):
            wars = []
            for sv in e.sigma_vertices:  # outcome extremes over the cell (bilinear)
                for rv in e.rho_vertices:
                    wars.append(self._outcomes(game, sv, rv, fights)["war"])
            out.append(self._equilibrium(
                e.label, self._outcomes(game, e.sigma, e.rho, fights),
                strategies={"sigma": e.sigma, "rho": e.rho, "sigma_vertices": np.array(e.sigma_vertices),
                            "rho_vertices": np.array(e.rho_vertices)},
                quantities={"escalation_min": min(wars), "escalation_max": max(wars),
                            "payoff_resolved": float(e.sender_payoffs[0]),
                            "payoff_irresolute": float(e.sender_payoffs[1]),
                            "payoff_challenger": e.receiver_payoff},
                flags={"continuum": e.continuum, "pure": e.is_pure},
                certificate=dict(e.certificate),
            ))
        return out

    def _solve_arrays(self, p: dict[str, np.ndarray]) -> ArraySolution:
        """Every point at once: :func:`~deterrence_games.solvers.pbe.pbe_batch` on the games of
        all points, in chunks of ``_CHUNK`` points (the same cells, in the same order, as
        :meth:`solve`, which runs the generic engine point by point; ``dg.sweep(...,
        vectorized=False)`` uses it)."""
        n = len(p["q"])
        parts = [(lo, self._solve_chunk({k: v[lo:lo + _CHUNK] for k, v in p.items()}))
                 for lo in range(0, n, _CHUNK)]
        keys = sorted({key for _lo, (ks, _a) in parts for key in ks})  # the slots of every chunk, in pbe's order
        slot = {key: j for j, key in enumerate(keys)}
        valid = np.zeros((n, len(keys)), bool)
        labels = np.full((n, len(keys)), "", dtype=object)
        arrays: dict[str, np.ndarray] = {}
        for lo, (ks, part) in parts:
            rows, cols = slice(lo, lo + len(part["valid"])), [slot[key] for key in ks]
            valid[rows, cols] = part["valid"]
            labels[rows, cols] = part["labels"]
            for name, arr in part.items():
                if name not in ("valid", "labels"):
                    out = arrays.setdefault(name, np.full((n, len(keys)), False if arr.dtype == bool else np.nan))
                    out[rows, cols] = arr
        return ArraySolution(
            valid=valid, labels=labels, outcomes={o: arrays[o] for o in self.outcomes},
            quantities={q: arrays[q] for q in ("escalation_min", "escalation_max", "payoff_resolved",
                                               "payoff_irresolute", "payoff_challenger")},
            flags={"continuum": arrays["continuum"], "pure": arrays["pure"]})

    def _solve_chunk(self, p: dict[str, np.ndarray]) -> tuple[tuple, dict[str, np.ndarray]]:
        """``(slot keys, arrays (points, slots))`` of :meth:`_solve_arrays` for a few points."""
        prior, u_S, u_R, kernel, fights = _game_arrays(p)
        res = pbe_batch(prior, u_S, u_R, kernel, consistent_beliefs=True)
        valid = res.valid
        # outcome probabilities, bilinear in (sigma, rho): w[t, m, k] rho[k, a]
        f = fights[:, None, :, :]

        def outcomes(sigma, rho):  # sigma (..., t, m), rho (..., k, a): leading axes (n, J, ...)
            w = np.einsum("nt,nj...tm,ntmk->nj...tmk", prior, sigma, kernel)
            challenge = np.einsum("nj...tmk,nj...k->nj...tm", w, rho[..., 1])
            ff = f.reshape(f.shape[:2] + (1,) * (challenge.ndim - 4) + f.shape[2:])
            return (np.einsum("nj...tmk,nj...k->nj...", w, rho[..., 0]),
                    (challenge * ff).sum(axis=(-2, -1)), (challenge * ~ff).sum(axis=(-2, -1)))

        status_quo, war, concession = outcomes(res.sigma, res.rho)
        sv = np.nan_to_num(res.sigma_vertices)[:, :, :, None]  # (n, J, Vs, 1, t, m)
        rv = np.nan_to_num(res.rho_vertices)[:, :, None, :]  # (n, J, 1, Vr, k, a)
        Vs, Vr = sv.shape[2], rv.shape[3]
        wars = outcomes(np.broadcast_to(sv, sv.shape[:3] + (Vr,) + sv.shape[4:]),
                        np.broadcast_to(rv, rv.shape[:2] + (Vs,) + rv.shape[3:]))[1]
        pair = ((np.arange(Vs)[:, None] < res.n_sigma_vertices[:, :, None, None])
                & (np.arange(Vr)[None, :] < res.n_rho_vertices[:, :, None, None]))
        return res.sort_keys, {
            "valid": valid, "labels": np.where(valid, np.array(res.labels, dtype=object)[None, :], ""),
            "status_quo": status_quo, "concession": concession, "war": war,
            "escalation_min": np.where(pair, wars, np.inf).min(axis=(2, 3), initial=np.inf),
            "escalation_max": np.where(pair, wars, -np.inf).max(axis=(2, 3), initial=-np.inf),
            "payoff_resolved": res.sender_payoffs[:, :, 0], "payoff_irresolute": res.sender_payoffs[:, :, 1],
            "payoff_challenger": res.receiver_payoff, "continuum": res.continuum, "pure": res.is_pure}

    def finite_game(self, p: dict) -> SignalingGame:
        """The crisis as a finite signaling game (enables ``select="qre"``)."""
        return crisis_game(p)

    def equilibrium_profiles(self, p: dict, eq: Equilibrium) -> tuple[np.ndarray, ...]:
        """The equilibrium's cell: extreme points of ``sigma[t, m]`` and of ``rho[k, a]``."""
        s = eq.strategies
        return (np.asarray(s["sigma_vertices"]), np.asarray(s["rho_vertices"]))

    def profile_outcomes(self, p: dict, strategies: tuple[np.ndarray, ...]) -> dict[str, float]:
        """Outcome distribution of a profile ``(sigma, rho)`` of :meth:`finite_game`."""
        sigma, rho = strategies
        return self._outcomes(crisis_game(p), sigma, rho, _after_challenge(p))

    @staticmethod
    def _outcomes(game: SignalingGame, sigma, rho, fights) -> dict[str, float]:
        dist = game.outcome_distribution(sigma, rho)  # [t, m, k, a]
        challenge = dist[..., 1].sum(axis=2)  # [t, m]
        return {"status_quo": float(dist[..., 0].sum()),
                "war": float((challenge * fights).sum()),
                "concession": float((challenge * ~fights).sum())}
