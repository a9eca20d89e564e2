"""Trust and reassurance in the security dilemma (Kydd 1997, 2000, 2005).

Provenance: **textbook version**: the standard two-type security-dilemma game and its
continuous-type variant, restating Kydd's mechanism (spiral versus cooperation, a trust
threshold, costly reassurance that works when trustworthy types are more willing to pay). The
claims come from Kydd's abstracts; his own normalisation and multi-stage signalling game are not
reproduced, so the label is *textbook version*.

Stage game
----------
Two players choose C or D. Payoff to i: (C,C) 1; (D,D) 0; (C,D) ``-c`` (exploited); (D,C)
``g_t`` (exploiting). A security seeker has ``g_S < 1`` (stag hunt), a greedy type ``g_G > 1``
(D dominant). Trust ``tau_j`` = Pr(j is a security seeker).

``version="two_type"``
    Security seekers cooperate in equilibrium iff trust clears the **trust threshold**
    ``tau* = c / (1 + c - g_S)`` (Kydd 2000). Every Bayesian equilibrium is
    returned: the **spiral** (all defect; always exists), the **cooperative** one (security
    seekers cooperate, greedy types defect; iff ``tau_1, tau_2 >= tau*``; conflict
    ``1 - tau_1 tau_2``) and, under the same condition, the **mixed** one (security seeker ``i``
    cooperates with probability ``tau*/tau_i``, so each side cooperates with probability ``tau*``;
    conflict ``1 - tau*^2``). Conflict (= escalation) is "not (C,C)".

    **Reassurance** (``m > 0``): before play, player 1 may make a gesture of size ``m`` that costs
    ``k_t = m v_t`` (Kydd's single crossing: ``v_G > v_S``). Player 2 updates its trust in player
    1 to a posterior ``mu`` after each message; the continuation is a stage equilibrium at
    ``(mu, tau_2)``. Let ``r`` be the probability that player 2 cooperates; a security seeker 1
    then gets ``r (1 + c) - c`` if it cooperates, a greedy one ``r g_G``. At ``mu > tau*`` (and
    ``tau_2 >= tau*``) the continuations are the spiral (``r = 0``), the mixed (``r = tau*``) and
    the cooperative (``r = tau_2``) one; at ``mu < tau*`` only the spiral; at ``mu = tau*``
    exactly, the spiral and a *continuum*: S_1 cooperates and S_2 cooperates with any
    probability ``y`` in ``[tau*/tau_2, 1]`` (``r`` in ``[tau*, tau_2]``). Off the path the
    harshest continuation (the spiral, payoff 0 to both types) is used, which supports every
    equilibrium that any belief supports. If ``tau_2 < tau*`` no gesture helps: only the spiral
    without a gesture. Otherwise, writing ``u_c = tau_2 (1 + c) - c`` and, for ``tau_1 > tau*``,
    ``s = tau* (1 - tau_1) / (tau_1 (1 - tau*))`` (the share of S_1 behind the message whose
    posterior is ``tau*``), every PBE outcome at generic parameters is one of (conditions with
    weak inequalities):

    * **no gesture** (pooling): spiral; cooperative and mixed continuation if
      ``tau_1 >= tau*`` (a gesture is read as coming from a greedy type);
    * **pooling gesture**: cooperative continuation if ``tau_1 >= tau*``, ``k_S <= u_c``,
      ``k_G <= tau_2 g_G``; mixed if ``k_S <= tau* g_S``, ``k_G <= tau* g_G``;
    * **separating** (for any ``tau_2``, not only ``tau_2 = 1``;
      ``0 < tau_1 < 1``): S_1 gestures, G_1 does not; cooperative continuation after a gesture
      iff ``k_S <= u_c`` and ``k_G >= tau_2 g_G``, i.e. ``m`` in the window
      ``[tau_2 g_G / v_G, (tau_2 (1 + c) - c) / v_S]`` (``[g_G/v_G, 1/v_S]`` when
      ``tau_2 = 1``), conflict ``1 - tau_1 tau_2``; mixed continuation iff ``k_S <= tau* g_S``
      and ``k_G >= tau* g_G``;
    * **semi-separating, greedy mixes** (``0 < tau_1 < tau*``): S_1 gestures, G_1 gestures with
      probability ``tau_1 (1 - tau*) / ((1 - tau_1) tau*)`` so that the posterior after a
      gesture is ``tau*``; there ``r = k_G / g_G`` (G_1 indifferent), spiral after none; iff
      ``tau* g_G <= k_G <= tau_2 g_G`` and ``r (1 + c) - c >= k_S``. Example: ``tau1=0.5,
      tau2=1, m=0.7`` (defaults otherwise): G_1 gestures with probability 1/2, player 2
      cooperates after a gesture with probability 14/15, cooperation 7/15 (the separating
      window is ``[0.75, 1]``; this family covers ``m`` in ``[0.6, 0.75]``);
    * **semi-separating, seeker mixes, cooperative** (``tau* < tau_1 < 1``): G_1 does not
      gesture, S_1 skips the gesture with probability ``s`` (posterior ``tau*`` after none,
      where ``r = tau_2 - k_S / (1 + c)``, S_1 indifferent), cooperative continuation after a
      gesture; iff ``k_S <= (tau_2 - tau*)(1 + c)`` and ``k_G >= g_G k_S / (1 + c)``;
    * **semi-separating, seeker mixes, spiral** (``tau* < tau_1 < 1``): G_1 gestures, S_1
      gestures with probability ``s`` (posterior ``tau*`` after a gesture, where
      ``r = (c + k_S) / (1 + c)``), spiral after none; iff ``tau* g_S <= k_S <= u_c`` and
      ``k_G <= g_G (c + k_S) / (1 + c)``;
    * **semi-separating, seeker mixes, mixed**: as the previous one with the mixed continuation
      after no gesture (posterior 1, S_1 cooperates with probability ``tau*``) and
      ``r = tau* + k_S / (1 + c)`` after a gesture; iff ``k_S <= (tau_2 - tau*)(1 + c)`` and
      ``k_G <= g_G k_S / (1 + c)``.

    No other gesture strategies survive at generic parameters (both types mixing, or a type
    mixing at a posterior other than ``tau*``, needs an equality between parameters), so for
    ``tau_1, tau_2 != tau*`` and ``m`` off the boundaries above the list is complete (checked
    against the generic PBE engine in ``tests/unit/test_signaling_engine_xcheck.py``). At the
    knife-edges (a boundary above holds with equality, ``tau_1 = tau*`` or ``tau_2 = tau*``)
    continua of equilibria appear (e.g. at ``k_G = tau_2 g_G`` with ``tau_1 < tau*`` G_1
    gestures with any probability from 0 to the family-A value); the listed equilibria are
    members of them (often their end points) but not every extreme point of every continuum is
    claimed to be listed. Strategies: ``gesture_S1``, ``gesture_G1`` (gesture probabilities),
    ``coop_S1_gesture``, ``coop_S1_no_gesture``, ``coop_S2_gesture``, ``coop_S2_no_gesture``
    (Pr(C) of each security seeker after each message; 0 off the path; the ``_gesture`` ones are
    absent when ``m = 0``), ``coop_S1`` and ``coop_S2`` (the same averaged over S_1's messages).
    The flag ``reassuring`` marks the separating equilibria only.

``version="continuous"``
    Temptations ``g ~ U[g_min, g_max]`` (Kydd 2005; structurally Baliga-Sjostrom 2004). Types
    with ``g <= g_hat`` cooperate, where ``G(g_hat)(1 + c - g_hat) = c``; for the uniform this is
    the quadratic ``g^2 - (1 + c + g_min) g + g_min (1 + c) + c (g_max - g_min) = 0``. Every root
    in ``(g_min, g_max]`` is returned, plus the spiral (always) and, when
    ``g_max < 1``, full cooperation (``G = 1``). Conflict ``1 - G(g_hat)^2``. Only the stage-game
    parameters ``c`` and the distribution enter; ``tau_1, tau_2, g_S, g_G, m, v_S, v_G`` do not.

Ties go to cooperation (the peaceful action): a security seeker whose trust equals ``tau*``
cooperates; a type indifferent about a gesture makes the choice that leads to cooperation
(both window endpoints are separating); the conditions above are weak
inequalities, so at a boundary the family's end point is listed as well.

Aliases: *security dilemma with incomplete information*, *spiral model* (Jervis 1976; Kydd
1997), *assurance game* / *stag hunt* for the security seekers' game, *costly reassurance* /
*confidence-building measure* for the gesture (Kydd 2000).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .._validation import Choice, Interval
from ._base import ArraySolution, Model, Parameter

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = ["Reassurance"]

_UNIT = Interval(0.0, 1.0)
_POS = Interval(0.0, np.inf, low_closed=False)
_NONNEG = Interval(0.0, np.inf)
_K = 11  # equilibrium slots

_LABELS_NO_GESTURE = ("spiral", "cooperative", "mixed")
_LABELS_GESTURE = ("no gesture, spiral", "no gesture, cooperative", "no gesture, mixed",
                   "pooling gesture, cooperative", "pooling gesture, mixed",
                   "separating, cooperative", "separating, mixed",
                   "semi-separating, greedy mixes",
                   "semi-separating, seeker mixes, cooperative",
                   "semi-separating, seeker mixes, spiral",
                   "semi-separating, seeker mixes, mixed")
_STRATEGIES = ("gesture_S1", "gesture_G1", "coop_S1", "coop_S2", "coop_S1_gesture", "coop_S1_no_gesture",
               "coop_S2_gesture", "coop_S2_no_gesture")
_Q_TWO = ("tau_star", "window_low", "window_high", "payoff_S1", "payoff_G1", "payoff_S2", "payoff_G2")
_Q_CONT = ("cutoff", "cooperation_probability", "discriminant")
_LABELS_CONT = ("spiral", "cutoff (lower root)", "cutoff (most cooperative)")


def _cols(n: int, fill: float = np.nan) -> np.ndarray:
    return np.full((n, _K), fill)


def _two_type(c, g_S, g_G, tau1, tau2, m, v_S, v_G):
    """Vectorized two-type equilibria (11 slots); see the module docstring.

    Each slot is described by player 1's gesture probabilities ``(s_S, s_G)`` and the stage
    play after each message (``x``: Pr(C | S_1), ``y``: Pr(C | S_2); 0 off the path, the
    spiral); outcomes and payoffs then follow from one formula for every slot.
    """
    n = c.shape[0]
    t = c / (1.0 + c - g_S)  # tau*
    gesture = m > 0
    k_S, k_G = m * v_S, m * v_G
    both = (tau1 >= t) & (tau2 >= t)
    mixed_distinct = both & ((tau1 > t) | (tau2 > t))
    u_c = tau2 * (1.0 + c) - c  # S_1's payoff in the cooperative continuation
    interior = (tau1 > 0) & (tau1 < 1)
    trusting2 = gesture & (tau2 >= t)
    with np.errstate(divide="ignore", invalid="ignore"):
        # probability that the mixing type sends the message whose posterior is exactly tau*
        sig_A = tau1 * (1 - t) / ((1 - tau1) * t)  # G_1's gesture (family A, tau1 < tau*)
        s_t = t * (1 - tau1) / (tau1 * (1 - t))  # S_1's message at posterior tau* (tau1 > tau*)
        r_A = k_G / g_G  # Pr(2 cooperates) after a gesture that keeps G_1 indifferent
        r_B = tau2 - k_S / (1 + c)  # ... after no gesture, keeping S_1 indifferent (B)
        r_Ds = c / (1 + c) + k_S / (1 + c)  # ... after a gesture, spiral after none (D spiral)
        r_Dm = t + k_S / (1 + c)  # ... after a gesture, mixed after none (D mixed)

    valid = np.zeros((n, _K), bool)
    valid[:, 0] = True
    valid[:, 1] = both
    valid[:, 2] = mixed_distinct
    valid[:, 3] = gesture & both & (k_S <= u_c) & (k_G <= tau2 * g_G)
    valid[:, 4] = gesture & mixed_distinct & (k_S <= t * g_S) & (k_G <= t * g_G)
    valid[:, 5] = trusting2 & interior & (k_S <= u_c) & (k_G >= tau2 * g_G)
    valid[:, 6] = trusting2 & interior & (k_S <= t * g_S) & (k_G >= t * g_G)
    valid[:, 7] = (trusting2 & (tau1 > 0) & (tau1 < t) & (t * g_G <= k_G) & (k_G <= tau2 * g_G)
                   & (r_A * (1 + c) - c >= k_S))
    upper = trusting2 & (tau1 > t) & (tau1 < 1)
    valid[:, 8] = upper & (k_S <= (tau2 - t) * (1 + c)) & (k_G >= g_G * (k_S / (1 + c)))
    valid[:, 9] = upper & (t * g_S <= k_S) & (k_S <= u_c) & (k_G <= g_G * r_Ds)
    valid[:, 10] = upper & (k_S <= (tau2 - t) * (1 + c)) & (k_G <= g_G * (k_S / (1 + c)))

    # gesture probabilities and stage play after a gesture (g) and after none (n)
    sS, sG = _cols(n, 0.0), _cols(n, 0.0)
    xg, yg, xn, yn = _cols(n, 0.0), _cols(n, 0.0), _cols(n, 0.0), _cols(n, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        xn[:, 1], yn[:, 1] = 1.0, 1.0
        xn[:, 2], yn[:, 2] = t / tau1, t / tau2
        sS[:, 3:7] = 1.0
        sG[:, 3:5] = 1.0
        xg[:, 3], yg[:, 3] = 1.0, 1.0
        xg[:, 4], yg[:, 4] = t / tau1, t / tau2
        xg[:, 5], yg[:, 5] = 1.0, 1.0
        xg[:, 6], yg[:, 6] = t, t / tau2
        # A: S_1 gestures, G_1 gestures w.p. sig_A (posterior tau*), spiral after none
        sS[:, 7], sG[:, 7], xg[:, 7], yg[:, 7] = 1.0, sig_A, 1.0, r_A / tau2
        # B: G_1 never gestures, S_1 skips it w.p. s_t (posterior tau* after none)
        sS[:, 8], xg[:, 8], yg[:, 8], xn[:, 8], yn[:, 8] = 1 - s_t, 1.0, 1.0, 1.0, r_B / tau2
        # D: G_1 always gestures, S_1 gestures w.p. s_t (posterior tau* after a gesture)
        sS[:, 9], sG[:, 9], xg[:, 9], yg[:, 9] = s_t, 1.0, 1.0, r_Ds / tau2
        sS[:, 10], sG[:, 10], xg[:, 10], yg[:, 10] = s_t, 1.0, 1.0, r_Dm / tau2
        xn[:, 10], yn[:, 10] = t, t / tau2

    # slots that do not exist at a point may hold inf/NaN (e.g. tau1 = 1): zero them before use
    sS, sG, xg, yg, xn, yn = (np.where(valid, a, 0.0) for a in (sS, sG, xg, yg, xn, yn))
    T1, T2, C, GS, GG = (a[:, None] for a in (tau1, tau2, c, g_S, g_G))
    KS, KG = k_S[:, None], k_G[:, None]
    Pg = T1 * sS + (1 - T1) * sG
    Pn = 1 - Pg
    rg, rn = T2 * yg, T2 * yn  # Pr(player 2 cooperates) after each message
    p1c = T1 * (sS * xg + (1 - sS) * xn)
    p2c = Pg * rg + Pn * rn
    cc = T1 * T2 * (sS * xg * yg + (1 - sS) * xn * yn)
    ex = p1c + p2c - 2 * cc
    dd = 1.0 - p1c - p2c + cc

    def stage_S(x, r, gain):  # a security seeker's stage payoff: C w.p. x against Pr(C) = r
        return x * (r * (1 + C) - C) + (1 - x) * r * gain

    a_g, a_n = T1 * sS * xg, T1 * (1 - sS) * xn  # mass of cooperating S_1 behind each message
    u = {
        "payoff_S1": sS * (stage_S(xg, rg, GS) - KS) + (1 - sS) * stage_S(xn, rn, GS),
        "payoff_G1": sG * (rg * GG - KG) + (1 - sG) * rn * GG,
        "payoff_S2": (yg * (a_g * (1 + C) - C * Pg) + (1 - yg) * a_g * GS
                      + yn * (a_n * (1 + C) - C * Pn) + (1 - yn) * a_n * GS),
        "payoff_G2": GG * p1c,
    }
    u = {k: v + 0.0 for k, v in u.items()}

    strategies = {"gesture_S1": sS, "gesture_G1": sG,
                  "coop_S1": sS * xg + (1 - sS) * xn, "coop_S2": sS * yg + (1 - sS) * yn,
                  "coop_S1_gesture": np.where(gesture[:, None], xg, np.nan),
                  "coop_S1_no_gesture": xn,
                  "coop_S2_gesture": np.where(gesture[:, None], yg, np.nan),
                  "coop_S2_no_gesture": yn}

    lo = tau2 * g_G / v_G
    hi = u_c / v_S
    labels = np.where(gesture[:, None], np.array(_LABELS_GESTURE, dtype=object)[None, :],
                      np.array(_LABELS_NO_GESTURE + ("",) * (_K - 3), dtype=object)[None, :])
    quantities = {"tau_star": np.repeat(t[:, None], _K, 1),
                  "window_low": np.repeat(lo[:, None], _K, 1),
                  "window_high": np.repeat(hi[:, None], _K, 1),
                  **strategies, **u}
    return valid, labels, {"cooperation": cc, "exploitation": ex, "mutual_defection": dd}, quantities


def _continuous(c, g_min, g_max):
    """Vectorized continuous-type roots of ``G(g)(1 + c - g) = c`` for ``G = U[g_min, g_max]``."""
    n = c.shape[0]
    disc = (1.0 + c - g_min) ** 2 - 4.0 * c * (g_max - g_min)
    sq = np.sqrt(np.where(disc >= 0, disc, 0.0))
    lo_root = (1.0 + c + g_min - sq) / 2.0
    hi_root = (1.0 + c + g_min + sq) / 2.0
    real = disc >= 0
    lo_ok = real & (lo_root > g_min) & (lo_root <= g_max)
    hi_ok = real & (hi_root > g_min) & (hi_root <= g_max) & (sq > 0)
    full = g_max < 1.0  # everybody cooperates: G = 1, cutoff 1 beyond the support
    cut = _cols(n)
    valid = np.zeros((n, _K), bool)
    valid[:, 0] = True
    cut[:, 0] = g_min
    valid[:, 1] = lo_ok
    cut[:, 1] = lo_root
    valid[:, 2] = hi_ok | full
    cut[:, 2] = np.where(hi_ok, hi_root, 1.0)
    P = np.clip((cut - g_min[:, None]) / (g_max - g_min)[:, None], 0.0, 1.0)
    P[:, 0] = 0.0
    labels = np.full((n, _K), "", dtype=object)
    labels[:, :3] = np.array(_LABELS_CONT, dtype=object)
    outcomes = {"cooperation": P ** 2, "exploitation": 2 * P * (1 - P), "mutual_defection": (1 - P) ** 2}
    quantities = {"cutoff": cut, "cooperation_probability": P,
                  "discriminant": np.repeat(disc[:, None], _K, 1)}
    return valid, labels, outcomes, quantities


class Reassurance(Model):
    """Kydd's security dilemma: trust threshold, spiral versus cooperation, costly reassurance (§3).

    Provenance: textbook version (the standard formalisation of Kydd's mechanism, not his own
    normalisation). See the module docstring for the game, every equilibrium and ties.

    Quantities (two types): ``tau_star``; the gesture window ``[window_low, window_high]``
    (separating reassurance needs ``m`` inside it *and* ``tau2 >= tau_star``); ex-ante payoffs of
    each type net of the gesture cost. Continuous types: ``cutoff`` (``g_hat``),
    ``cooperation_probability`` ``G(g_hat)`` and the quadratic's ``discriminant``.

    Examples
    --------
    >>> import deterrence_games as dg
    >>> ra = dg.get_model("reassurance")
    >>> [(e.label, round(e.escalation_probability, 4)) for e in ra.solve(tau1=0.7, tau2=0.7)]
    [('spiral', 1.0), ('cooperative', 0.51), ('mixed', 0.5556)]
    >>> [e.label for e in ra.solve(tau1=0.5, tau2=1.0, m=0.9)]
    ['no gesture, spiral', 'separating, cooperative']
    >>> [(e.label, round(e.outcomes["cooperation"], 4)) for e in ra.solve(tau1=0.5, tau2=1.0, m=0.7)]
    [('no gesture, spiral', 0.0), ('semi-separating, greedy mixes', 0.4667)]
    """

    id = "reassurance"
    title = "Trust and reassurance in the security dilemma (two-type and continuous types)"
    provenance = "textbook version"
    references = (
        "Kydd1997: Game Theory and the Spiral Model, World Politics 49(3):371-400",
        "Kydd2000: Trust, Reassurance, and Cooperation, International Organization 54(2):325-357",
        "Kydd2005: Trust and Mistrust in International Relations, Princeton University Press",
        "BaligaSjostrom2004: Arms Races and Negotiations, Review of Economic Studies 71(2)",
    )
    parameters = (
        Parameter("variant", "two_type", Choice(("two_type", "continuous")),
                  "two types (security seeker / greedy) or continuous temptations g ~ U[g_min, g_max]", role="variant", former=("version",)),
        Parameter("c", 1.0, _POS, "loss from being exploited, payoff -c at (C, D)", "c", role="cost"),
        Parameter("g_S", 0.5, Interval(0.0, 1.0, high_closed=False),
                  "security seeker's gain from exploiting (g_S < 1: stag hunt)", "g_S", role="benefit"),
        Parameter("g_G", 1.5, Interval(1.0, np.inf, low_closed=False),
                  "greedy type's gain from exploiting (g_G > 1: defection dominant)", "g_G", role="benefit"),
        Parameter("tau1", 0.7, _UNIT, "trust in player 1: Pr(player 1 is a security seeker)", "tau_1",
                  information=True, role="prior"),
        Parameter("tau2", 0.7, _UNIT, "trust in player 2: Pr(player 2 is a security seeker)", "tau_2",
                  information=True, role="prior"),
        Parameter("m", 0.0, _NONNEG, "size of player 1's reassuring gesture (0: no gesture stage)", "m",
                  information=True, role="cost"),
        Parameter("v_S", 1.0, _POS, "security seeker's cost per unit of gesture, k_S = m v_S", "v_S", role="cost"),
        Parameter("v_G", 2.0, _POS, "greedy type's cost per unit of gesture, k_G = m v_G", "v_G", role="cost"),
        Parameter("g_min", 0.0, _NONNEG, "continuous version: lower bound of temptations g", "g_min", role="benefit"),
        Parameter("g_max", 1.25, _POS, "continuous version: upper bound of temptations g", "g_max", role="benefit"),
    )
    outcomes = ("cooperation", "exploitation", "mutual_defection")
    escalatory = ("exploitation", "mutual_defection")
    flags = ("most_peaceful", "reassuring")

    def _check(self, p: dict[str, Any]) -> None:
        self._check_arrays({k: np.atleast_1d(np.asarray(v, dtype=object if k == "variant" else float))
                            for k, v in p.items()})

    def _check_arrays(self, p: dict[str, np.ndarray]) -> None:
        self._require(np.asarray(p["g_min"], float) < np.asarray(p["g_max"], float), "g_max", p["g_max"],
                      "g_max > g_min", "the temptation distribution U[g_min, g_max] needs positive width")

    def _solve_arrays(self, p: dict[str, np.ndarray]) -> ArraySolution:
        return self._evaluate(p)[0]

    def _evaluate(self, p: dict[str, np.ndarray]) -> tuple[ArraySolution, dict[str, np.ndarray]]:
        """The vectorized solution and the two-type strategies (used by :meth:`_solve`)."""
        f = {k: np.atleast_1d(np.asarray(v, float)) for k, v in p.items() if k != "variant"}
        cont = np.atleast_1d(np.asarray(p["variant"], dtype=object)) == "continuous"
        n = f["c"].shape[0]
        cont = np.broadcast_to(cont, (n,))
        # both versions are evaluated at every point: quotients by a subnormal tau2, v or
        # g_max - g_min and products of payoffs near 1e300 overflow to inf, which orders the
        # existence conditions correctly, or land in slots that do not exist (zeroed there)
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            v2, l2, o2, q2 = _two_type(f["c"], f["g_S"], f["g_G"], f["tau1"], f["tau2"], f["m"],
                                       f["v_S"], f["v_G"])
            vc, lc, oc, qc = _continuous(f["c"], f["g_min"], f["g_max"])
        sel = cont[:, None]
        valid = np.where(sel, vc, v2)
        labels = np.where(valid, np.where(sel, lc, l2), "").astype(object)
        outcomes = {k: np.where(valid, np.where(sel, oc[k], o2[k]), np.nan) for k in o2}
        quantities = {}
        # report the quantities of the versions present (the first point's version first, as a
        # loop over points would meet them), NaN for the other version
        blocks = [(_Q_TWO, q2, ~sel, not cont.all()), (_Q_CONT, qc, sel, bool(cont.any()))]
        for keys, q, mask, present in (blocks[::-1] if n and cont[0] else blocks):
            if present:
                for k in keys:
                    quantities[k] = np.where(valid & mask, q[k], np.nan)
        strategies = {k: np.where(valid & ~sel, q2[k], np.nan)
                      for k in _STRATEGIES}
        esc = np.where(valid, 1.0 - outcomes["cooperation"], np.inf)
        flags = {"most_peaceful": valid & (esc <= esc.min(axis=1, keepdims=True) + 1e-12),
                 "reassuring": valid & ~sel & np.char.startswith(labels.astype(str), "separating")}
        sol = ArraySolution(valid=valid, labels=labels, outcomes=outcomes, quantities=quantities,
                            flags=flags)
        return sol, strategies

    def _solve(self, p: dict[str, Any]) -> list:
        sol, strat = self._evaluate({k: np.atleast_1d(np.asarray(v, dtype=object if k == "variant" else float))
                                  for k, v in p.items()})
        cont = p["variant"] == "continuous"
        keep = _Q_CONT if cont else _Q_TWO
        eqs = []
        for j in np.flatnonzero(sol.valid[0]):
            q = {k: float(sol.quantities[k][0, j]) for k in keep}
            if cont:
                strategies = {"cooperate_if_temptation_at_most": q["cutoff"]}
            else:
                # without a gesture stage (m = 0) the after-a-gesture entries do not exist
                strategies = {k: float(v[0, j]) for k, v in strat.items() if not np.isnan(v[0, j])}
                strategies.update(coop_G1=0.0, coop_G2=0.0)
            eqs.append(self._equilibrium(
                str(sol.labels[0, j]), {k: float(v[0, j]) for k, v in sol.outcomes.items()},
                strategies=strategies, quantities=q,
                flags={k: bool(v[0, j]) for k, v in sol.flags.items()},
            ))
        return eqs

    def symbolic(self) -> SymbolicForm:
        """Closed forms per regime: two types without and with a gesture, and continuous types.

        Two types, ``m = 0`` (boundary regimes ``Eq(m, 0)``): spiral only if ``tau_1 < tau*``
        or ``tau_2 < tau*``; spiral, cooperative (``1 - tau_1 tau_2``) and mixed (``1 - tau*^2``)
        if ``tau_1 > tau*`` and ``tau_2 >= tau*``, or ``tau_1 >= tau*`` and ``tau_2 > tau*``.

        Two types with a gesture (``m > 0``): if ``tau_2 < tau*`` no gesture helps (spiral
        only). If ``tau_2 > tau*``, which of the 11 equilibria (module docstring) exist is decided
        by eight strict atoms: ``tau_1 > tau*``; ``k_S < u_c``; ``k_G < tau_2 g_G``;
        ``k_S < tau* g_S``; ``k_G < tau* g_G``; ``k_S < k_G (1 + c)/g_G - c``;
        ``k_S < (tau_2 - tau*)(1 + c)``; ``k_G > g_G k_S / (1 + c)``. In the coordinates
        ``q = c/(1+c)``, ``X = k_S/(1+c)``, ``a = k_G/g_G`` they are half-planes bounded by the
        lines ``X = tau_2 - q``, ``X = tau* - q``, ``X = tau_2 - tau*``, ``a = tau_2``,
        ``a = tau*``, ``a = X + q`` and ``a = X`` (``0 < q <= tau* < tau_2 <= 1``), so only 29
        of the 128 sign patterns of the last seven atoms are non-empty on each side of
        ``tau*``. Grouping them by the set of equilibria that exist and minimising (empty
        patterns as don't-cares) gives 22 regimes, each a conjunction of at most five atoms
        (``_GESTURE_REGIMES``): 7 with ``tau_1 < tau*`` (spiral only; separating; separating
        cooperative and mixed; semi-separating with the greedy type mixing, alone or with the
        separating mixed one) and 15 with ``tau_1 > tau*`` (the no-gesture spiral, cooperative
        and mixed equilibria plus a combination of the pooling, separating and seeker-mixing
        ones). Every point with ``m > 0``, ``tau_2 > tau*``, ``tau_1 != tau*`` and no atom at
        equality lies in exactly one of them (``tests/unit/test_reassurance_symbolic.py``:
        linear programmes prove the other patterns empty; random points of the domain).
        Not declared: the knife edges ``tau_2 = tau*``, ``tau_1 = tau*`` and any atom at
        equality (the window ends and the other family boundaries, where continua of
        equilibria appear and the model lists end points), and ``tau_1`` in ``{0, 1}``.

        Continuous types: with ``q(g) = (g - g_min)(g - 1 - c) + c (g_max -
        g_min)`` (roots = cutoffs ``g_hat``), ``q(g_min) > 0`` and ``q(g_max) = (g_max -
        g_min)(g_max - 1)``: if ``g_max < 1`` exactly one root lies in the support (lower
        root) and full cooperation is an equilibrium; if ``g_max > 1`` both roots lie in it
        iff the discriminant is positive and the vertex ``(1 + c + g_min)/2`` lies in
        ``(g_min, g_max)``, otherwise none. The knife edges ``g_max = 1``, a zero
        discriminant and ``tau_i = tau*`` are not declared.
        """
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        s = model_symbols(self)
        c, g_S, g_G, tau1, tau2, m, v_S, v_G, g_min, g_max = (
            s[n] for n in ("c", "g_S", "g_G", "tau1", "tau2", "m", "v_S", "v_G", "g_min", "g_max"))
        t = c / (1 + c - g_S)  # trust threshold tau*
        common = {"tau_star": t, "window_low": tau2 * g_G / v_G, "window_high": (tau2 * (1 + c) - c) / v_S}

        def two(p1c, p2c, cc, pay):
            out = {ESCALATION: 1 - cc, "cooperation": cc, "exploitation": p1c + p2c - 2 * cc,
                   "mutual_defection": 1 - p1c - p2c + cc, **common}
            out.update(zip(("payoff_S1", "payoff_G1", "payoff_S2", "payoff_G2"), pay, strict=True))
            return out

        spiral = two(0, 0, 0, (0, 0, 0, 0))
        coop = two(tau1, tau2, tau1 * tau2, (tau2 * (1 + c) - c, tau2 * g_G, tau1 * (1 + c) - c, tau1 * g_G))
        mixed = two(t, t, t**2, (t * g_S, t * g_G, t * g_S, t * g_G))
        no_gesture = {"variant": "two_type"}
        m0 = sp.Eq(m, 0)
        trust = (spiral, coop, mixed)
        trust_labels = ("spiral", "cooperative", "mixed")
        regimes = [
            Regime("two_type, m=0, tau1<tau*", (m0, sp.Lt(tau1, t)), (spiral,), ("spiral",),
                   choices=no_gesture, description="player 1 not trusted enough: only the spiral"),
            Regime("two_type, m=0, tau1>=tau*, tau2<tau*", (m0, sp.Ge(tau1, t), sp.Lt(tau2, t)), (spiral,),
                   ("spiral",), choices=no_gesture, description="player 2 not trusted enough: only the spiral"),
            Regime("two_type, m=0, tau1>tau*, tau2>=tau*", (m0, sp.Gt(tau1, t), sp.Ge(tau2, t)), trust,
                   trust_labels, choices=no_gesture,
                   description="both trusted: spiral, cooperative and mixed equilibria"),
            Regime("two_type, m=0, tau1>=tau*, tau2>tau*", (m0, sp.Ge(tau1, t), sp.Gt(tau2, t)), trust,
                   trust_labels, choices=no_gesture,
                   description="both trusted: spiral, cooperative and mixed equilibria"),
            Regime("two_type, m>0, tau2<tau*", (sp.Gt(m, 0), sp.Lt(tau2, t)), (spiral,),
                   ("no gesture, spiral",), choices=no_gesture,
                   description="player 2 not trusted enough: no gesture helps, only the spiral"),
        ]
        regimes += _gesture_regimes(sp, Regime, ESCALATION, s, t, common)

        disc = (1 + c - g_min) ** 2 - 4 * c * (g_max - g_min)
        vertex = (1 + c + g_min) / 2
        lo_root, hi_root = vertex - sp.sqrt(disc) / 2, vertex + sp.sqrt(disc) / 2

        def cont(cut, P):
            return {ESCALATION: 1 - P**2, "cooperation": P**2, "exploitation": 2 * P * (1 - P),
                    "mutual_defection": (1 - P) ** 2, "cutoff": cut, "cooperation_probability": P,
                    "discriminant": disc}

        def share(cut):
            return (cut - g_min) / (g_max - g_min)

        c_spiral = cont(g_min, sp.Integer(0))
        c_lo, c_hi = cont(lo_root, share(lo_root)), cont(hi_root, share(hi_root))
        c_full = cont(sp.Integer(1), sp.Integer(1))
        cv = {"variant": "continuous"}
        gt1 = sp.Gt(g_max, 1)
        regimes += [
            Regime("continuous, g_max<1", (sp.Lt(g_max, 1),), (c_spiral, c_lo, c_full),
                   ("spiral", "cutoff (lower root)", "cutoff (most cooperative)"), choices=cv,
                   description="every type a stag hunter: spiral, the lower root and full cooperation"),
            Regime("continuous, two roots", (gt1, sp.Gt(disc, 0), sp.Gt(vertex, g_min), sp.Lt(vertex, g_max)),
                   (c_spiral, c_lo, c_hi), ("spiral", "cutoff (lower root)", "cutoff (most cooperative)"),
                   choices=cv, description="both roots of G(g)(1+c-g) = c in the support"),
            Regime("continuous, no real root", (gt1, sp.Lt(disc, 0)), (c_spiral,), ("spiral",), choices=cv,
                   description="no cutoff equilibrium: only the spiral"),
            Regime("continuous, roots above g_max", (gt1, sp.Gt(disc, 0), sp.Ge(vertex, g_max)), (c_spiral,),
                   ("spiral",), choices=cv, description="both roots beyond the support: only the spiral"),
            Regime("continuous, roots below g_min", (gt1, sp.Gt(disc, 0), sp.Le(vertex, g_min)), (c_spiral,),
                   ("spiral",), choices=cv, description="both roots below the support: only the spiral"),
        ]
        return SymbolicForm.build(self, regimes, facts=(sp.Lt(g_min, g_max), sp.Lt(g_S, 1), sp.Gt(g_G, 1)),
                                  # a box in which every regime has >= ~0.1% of the draws (the
                                  # gesture regimes are thin slivers of the default domain box)
                                  sampling={"c": (0.0, 1.0), "g_S": (0.3, 1.0), "g_G": (1.0, 2.0),
                                            "tau2": (0.3, 1.0), "m": (0.0, 1.0), "v_S": (0.0, 1.0),
                                            "v_G": (0.0, 3.0), "g_min": (0.0, 3.0), "g_max": (0.0, 4.0)},
                                  solve_order=("m",))


# ---------------------------------------------------------------------------------------
# Symbolic form of the gesture version at m > 0, tau_2 > tau* (see Reassurance.symbolic)
# ---------------------------------------------------------------------------------------

# The eight strict atoms that decide which of the 11 slots exist (``_two_type``), as
# (name, name of the negation). In the coordinates q = c/(1+c), X = k_S/(1+c), a = k_G/g_G
# (0 < q <= tau* < tau_2 <= 1, X > 0, a > 0, all free) every atom is linear:
#   up: tau_1 > tau*          b: X < tau_2 - q        c1: a < tau_2       d: X < tau* - q
#   e: a < tau*               f: a > X + q            g: X < tau_2 - tau*  h: a > X
_GESTURE_ATOMS = {
    "up": ("tau1>tau*", "tau1<tau*"),
    "b": ("k_S<u_c", "k_S>u_c"),
    "c1": ("k_G<tau2 g_G", "k_G>tau2 g_G"),
    "d": ("k_S<tau* g_S", "k_S>tau* g_S"),
    "e": ("k_G<tau* g_G", "k_G>tau* g_G"),
    "f": ("k_S<k_G(1+c)/g_G-c", "k_S>k_G(1+c)/g_G-c"),
    "g": ("k_S<(tau2-tau*)(1+c)", "k_S>(tau2-tau*)(1+c)"),
    "h": ("k_G>g_G k_S/(1+c)", "k_G<g_G k_S/(1+c)"),
}

# The regimes: (literals, slots). A literal is an atom or "~atom" (its negation); the slots
# are the equilibria (indices into _LABELS_GESTURE) that exist on the whole regime. Slot
# validity (``_two_type``): 0 always; 1, 2 iff up; 3 up & b & c1; 4 up & d & e; 5 b & ~c1;
# 6 d & ~e; 7 ~up & ~e & c1 & f; 8 up & g & h; 9 up & ~d & b & ~f; 10 up & g & ~h.
# Of the 2 x 128 sign patterns only 2 x 29 are non-empty (d => b, g => b, e => c1, f => h,
# d & ~e => f, c1 & f => b, ...); the rows below are minimal disjoint conjunctions covering
# each set of slots, found by Boolean minimisation with the empty patterns as don't-cares.
# tests/unit/test_reassurance_symbolic.py proves with a linear programme that every
# non-empty pattern lies in exactly one row and that the row's slots are the pattern's.
_GESTURE_REGIMES = (
    ("~up e", (0,)),
    ("~up ~e ~f", (0,)),
    ("~up f ~b", (0,)),
    ("~up b ~c1 ~d", (0, 5)),
    ("~up d ~c1", (0, 5, 6)),
    ("~up c1 d ~e", (0, 6, 7)),
    ("~up c1 f ~d", (0, 7)),
    ("up ~b", (0, 1, 2)),
    ("up c1 f ~d ~g", (0, 1, 2, 3)),
    ("up d e ~g", (0, 1, 2, 3, 4)),
    ("up d e g h", (0, 1, 2, 3, 4, 8)),
    ("up d g ~h", (0, 1, 2, 3, 4, 10)),
    ("up c1 d ~e ~g", (0, 1, 2, 3, 6)),
    ("up c1 d g ~e", (0, 1, 2, 3, 6, 8)),
    ("up c1 f g ~d", (0, 1, 2, 3, 8)),
    ("up g h ~d ~f", (0, 1, 2, 3, 8, 9)),
    ("up b ~d ~f ~g", (0, 1, 2, 3, 9)),
    ("up g ~d ~h", (0, 1, 2, 3, 9, 10)),
    ("up b ~c1 ~d ~g", (0, 1, 2, 5)),
    ("up d ~c1 ~g", (0, 1, 2, 5, 6)),
    ("up d g ~c1", (0, 1, 2, 5, 6, 8)),
    ("up g ~c1 ~d", (0, 1, 2, 5, 8)),
)


def _gesture_regimes(sp, Regime, ESCALATION, s, t, common):
    """Regimes of the gesture version at ``m > 0``, ``tau_2 > tau*`` (``_GESTURE_REGIMES``)."""
    c, g_S, g_G, tau1, tau2, m, v_S, v_G = (s[n] for n in ("c", "g_S", "g_G", "tau1", "tau2", "m", "v_S",
                                                             "v_G"))
    k_S, k_G = m * v_S, m * v_G
    u_c = tau2 * (1 + c) - c
    atoms = {  # atom: (relation, its negation), strict
        "up": (sp.Gt(tau1, t), sp.Lt(tau1, t)),
        "b": (sp.Lt(k_S, u_c), sp.Gt(k_S, u_c)),
        "c1": (sp.Lt(k_G, tau2 * g_G), sp.Gt(k_G, tau2 * g_G)),
        "d": (sp.Lt(k_S, t * g_S), sp.Gt(k_S, t * g_S)),
        "e": (sp.Lt(k_G, t * g_G), sp.Gt(k_G, t * g_G)),
        "f": (sp.Lt(k_S, k_G * (1 + c) / g_G - c), sp.Gt(k_S, k_G * (1 + c) / g_G - c)),
        "g": (sp.Lt(k_S, (tau2 - t) * (1 + c)), sp.Gt(k_S, (tau2 - t) * (1 + c))),
        "h": (sp.Gt(k_G, g_G * k_S / (1 + c)), sp.Lt(k_G, g_G * k_S / (1 + c))),
    }
    one, zero = sp.Integer(1), sp.Integer(0)
    sig_A = tau1 * (1 - t) / ((1 - tau1) * t)
    s_t = t * (1 - tau1) / (tau1 * (1 - t))
    r_A, r_B = k_G / g_G, tau2 - k_S / (1 + c)
    r_Ds, r_Dm = (c + k_S) / (1 + c), t + k_S / (1 + c)
    # (s_S, s_G, x_g, y_g, x_n, y_n) per slot, as in _two_type
    play = (
        (zero, zero, zero, zero, zero, zero),
        (zero, zero, zero, zero, one, one),
        (zero, zero, zero, zero, t / tau1, t / tau2),
        (one, one, one, one, zero, zero),
        (one, one, t / tau1, t / tau2, zero, zero),
        (one, zero, one, one, zero, zero),
        (one, zero, t, t / tau2, zero, zero),
        (one, sig_A, one, r_A / tau2, zero, zero),
        (1 - s_t, zero, one, one, one, r_B / tau2),
        (s_t, one, one, r_Ds / tau2, zero, zero),
        (s_t, one, one, r_Dm / tau2, t, t / tau2),
    )

    def stage_S(x, r):  # a security seeker's stage payoff: C w.p. x against Pr(C) = r
        return x * (r * (1 + c) - c) + (1 - x) * r * g_S

    def equilibrium(sS, sG, xg, yg, xn, yn):
        Pg = tau1 * sS + (1 - tau1) * sG
        Pn = 1 - Pg
        rg, rn = tau2 * yg, tau2 * yn
        p1c = tau1 * (sS * xg + (1 - sS) * xn)
        p2c = Pg * rg + Pn * rn
        cc = tau1 * tau2 * (sS * xg * yg + (1 - sS) * xn * yn)
        a_g, a_n = tau1 * sS * xg, tau1 * (1 - sS) * xn
        out = {ESCALATION: 1 - cc, "cooperation": cc, "exploitation": p1c + p2c - 2 * cc,
               "mutual_defection": 1 - p1c - p2c + cc,
               "payoff_S1": sS * (stage_S(xg, rg) - k_S) + (1 - sS) * stage_S(xn, rn),
               "payoff_G1": sG * (rg * g_G - k_G) + (1 - sG) * rn * g_G,
               "payoff_S2": (yg * (a_g * (1 + c) - c * Pg) + (1 - yg) * a_g * g_S
                             + yn * (a_n * (1 + c) - c * Pn) + (1 - yn) * a_n * g_S),
               "payoff_G2": g_G * p1c}
        return {**{k: sp.factor(v) for k, v in out.items()}, **common}

    slots = [equilibrium(*row) for row in play]  # one expression object per slot, shared
    base = (sp.Gt(m, 0), sp.Gt(tau2, t))
    interior = {True: sp.Lt(tau1, 1), False: sp.Gt(tau1, 0)}  # 0 < tau_1 < 1 (separating needs it)
    out = []
    for lits, js in _GESTURE_REGIMES:
        conds, names = [], []
        for lit in lits.split():
            neg = lit.startswith("~")
            key = lit.lstrip("~")
            conds.append(atoms[key][neg])
            names.append(_GESTURE_ATOMS[key][neg])
        up = "up" in lits.split()
        labels = tuple(_LABELS_GESTURE[j] for j in js)
        out.append(Regime("two_type, m>0, tau2>tau*, " + ", ".join(names), (*base, interior[up], *conds),
                          tuple(slots[j] for j in js), labels, choices={"variant": "two_type"},
                          description="gesture stage; equilibria: " + "; ".join(labels)))
    return out
