"""Trust and reassurance in the security dilemma (Kydd 1997, 2000, 2005).

Catalogue Part A §3, **textbook version**: the standard two-type security-dilemma game and its
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
    ``tau* = c / (1 + c - g_S)`` (Kydd 2000; catalogue §3(2)). Every Bayesian equilibrium is
    returned: the **spiral** (all defect; always exists), the **cooperative** one (security
    seekers cooperate, greedy types defect; iff ``tau_1, tau_2 >= tau*``; conflict
    ``1 - tau_1 tau_2``) and, under the same condition, the **mixed** one (security seeker ``i``
    cooperates with probability ``tau*/tau_i``, so each side cooperates with probability ``tau*``;
    conflict ``1 - tau*^2``). Conflict (= escalation) is "not (C,C)".

    **Reassurance** (``m > 0``): before play, player 1 may make a gesture of size ``m`` that costs
    ``k_t = m v_t`` (Kydd's single crossing: ``v_G > v_S``). Following the errata (which override
    the catalogue text, which assumed ``tau_2 = 1``): if ``tau_2 >= tau*``, the separating
    equilibrium (security seekers gesture, greedy types do not; cooperative continuation after a
    gesture, spiral after none) exists iff ``k_S <= tau_2 (1 + c) - c`` and
    ``k_G >= tau_2 g_G`` (and ``0 < tau_1 < 1``; otherwise it coincides with a pooling one), i.e. ``m`` in the window
    ``[tau_2 g_G / v_G, (tau_2 (1 + c) - c) / v_S]`` (``[g_G/v_G, 1/v_S]`` when ``tau_2 = 1``);
    its conflict is ``1 - tau_1 tau_2``. If ``tau_2 < tau*`` no gesture helps. Also returned, where
    they exist: the pooling equilibria without a gesture (spiral / cooperative / mixed
    continuation, supported by the belief "a gesture comes from a greedy type"), pooling on the
    gesture (cooperative or mixed continuation, if both types can afford it) and separating with a
    mixed continuation (``k_S <= tau* g_S``, ``k_G >= tau* g_G``). Off the path the harshest
    continuation (the spiral, payoff 0 to both types) is used, which supports every equilibrium
    that any belief supports. At the knife-edges ``k_t`` = a type's gain, continua of
    semi-separating equilibria join the listed ones (which are their extreme points in pure
    gesture strategies).

    **Known gap (not yet returned).** The list is *not* complete for generic ``m``: at a
    posterior exactly ``tau*`` the stage game has a continuum of equilibria (the security seeker
    1 cooperates, the security seeker 2 cooperates with any probability ``y`` in
    ``[tau*/tau_2, 1]``), so a type can be kept indifferent about the gesture on open sets of
    parameters. Semi-separating equilibria of this kind (one type mixes so that one message
    leads to the posterior ``tau*``) exist, e.g. ``tau1=0.5, tau2=1, m=0.7`` (defaults
    otherwise): the greedy type gestures with probability 1/2, player 2 cooperates after a
    gesture with probability 14/15, cooperation 7/15, while only the spiral is returned. The
    four families (their conditions and outcomes, hand-derived) are written out and checked
    against the generic PBE engine in ``tests/unit/test_signaling_engine_xcheck.py``.

``version="continuous"``
    Temptations ``g ~ U[g_min, g_max]`` (Kydd 2005; structurally Baliga-Sjostrom 2004). Types
    with ``g <= g_hat`` cooperate, where ``G(g_hat)(1 + c - g_hat) = c``; for the uniform this is
    the quadratic ``g^2 - (1 + c + g_min) g + g_min (1 + c) + c (g_max - g_min) = 0``. Every root
    in ``(g_min, g_max]`` is returned, plus the spiral (always; errata §3) and, when
    ``g_max < 1``, full cooperation (``G = 1``). Conflict ``1 - G(g_hat)^2``. Only the stage-game
    parameters ``c`` and the distribution enter; ``tau_1, tau_2, g_S, g_G, m, v_S, v_G`` do not.

Ties go to cooperation (the peaceful action): a security seeker whose trust equals ``tau*``
cooperates; a type indifferent about a gesture makes the choice that leads to cooperation
(both window endpoints are separating, as in the catalogue).

Aliases: *security dilemma with incomplete information*, *spiral model* (Jervis 1976; Kydd
1997), *assurance game* / *stag hunt* for the security seekers' game, *costly reassurance* /
*confidence-building measure* for the gesture (Kydd 2000).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import Choice, Interval
from ._base import ArraySolution, Model, Parameter

__all__ = ["Reassurance"]

_UNIT = Interval(0.0, 1.0)
_POS = Interval(0.0, np.inf, low_closed=False)
_NONNEG = Interval(0.0, np.inf)
_K = 7  # equilibrium slots

_LABELS_NO_GESTURE = ("spiral", "cooperative", "mixed")
_LABELS_GESTURE = ("no gesture, spiral", "no gesture, cooperative", "no gesture, mixed",
                   "pooling gesture, cooperative", "pooling gesture, mixed",
                   "separating, cooperative", "separating, mixed")
_Q_TWO = ("tau_star", "window_low", "window_high", "payoff_S1", "payoff_G1", "payoff_S2", "payoff_G2")
_Q_CONT = ("cutoff", "cooperation_probability", "discriminant")
_LABELS_CONT = ("spiral", "cutoff (lower root)", "cutoff (most cooperative)")


def _cols(n: int, fill: float = np.nan) -> np.ndarray:
    return np.full((n, _K), fill)


def _two_type(c, g_S, g_G, tau1, tau2, m, v_S, v_G):
    """Vectorized two-type equilibria (7 slots); see the module docstring."""
    n = c.shape[0]
    t_star = c / (1.0 + c - g_S)
    gesture = m > 0
    k_S, k_G = m * v_S, m * v_G
    both = (tau1 >= t_star) & (tau2 >= t_star)
    mixed_distinct = both & ((tau1 > t_star) | (tau2 > t_star))
    u_coop_S1 = tau2 * (1.0 + c) - c  # S_1's payoff in the cooperative continuation
    interior = (tau1 > 0) & (tau1 < 1)

    valid = np.zeros((n, _K), bool)
    valid[:, 0] = True
    valid[:, 1] = both
    valid[:, 2] = mixed_distinct
    valid[:, 3] = gesture & both & (k_S <= u_coop_S1) & (k_G <= tau2 * g_G)
    valid[:, 4] = gesture & mixed_distinct & (k_S <= t_star * g_S) & (k_G <= t_star * g_G)
    valid[:, 5] = gesture & interior & (tau2 >= t_star) & (k_S <= u_coop_S1) & (k_G >= tau2 * g_G)
    valid[:, 6] = gesture & interior & (tau2 >= t_star) & (k_S <= t_star * g_S) & (k_G >= t_star * g_G)

    # joint outcome probabilities: cooperation (C,C), exploitation (one side), mutual defection
    cc, ex = _cols(n), _cols(n)
    def indep(j, p1, p2):
        cc[:, j] = p1 * p2
        ex[:, j] = p1 * (1 - p2) + p2 * (1 - p1)
    indep(0, 0.0, 0.0)
    indep(1, tau1, tau2)
    indep(2, t_star, t_star)
    indep(3, tau1, tau2)
    indep(4, t_star, t_star)
    cc[:, 5] = tau1 * tau2
    ex[:, 5] = tau1 * (1 - tau2)
    cc[:, 6] = tau1 * t_star ** 2
    ex[:, 6] = tau1 * 2 * t_star * (1 - t_star)
    dd = 1.0 - cc - ex

    # strategies: Pr(gesture | S_1), Pr(gesture | G_1), on-path Pr(C | S_1), Pr(C | S_2 after the
    # message sent by S_1)
    gS, gG, x, y = _cols(n, 0.0), _cols(n, 0.0), _cols(n), _cols(n)
    x[:, 0], y[:, 0] = 0.0, 0.0
    x[:, 1], y[:, 1] = 1.0, 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        x[:, 2], y[:, 2] = t_star / tau1, t_star / tau2
        x[:, 4], y[:, 4] = t_star / tau1, t_star / tau2
        y[:, 6] = t_star / tau2
    x[:, 3], y[:, 3] = 1.0, 1.0
    x[:, 5], y[:, 5] = 1.0, 1.0
    x[:, 6] = t_star
    gS[:, 3:] = 1.0
    gG[:, 3:5] = 1.0

    # ex-ante payoffs of each type, net of the gesture cost
    zero = np.zeros(n)
    u = {name: _cols(n) for name in ("payoff_S1", "payoff_G1", "payoff_S2", "payoff_G2")}
    rows = [
        (zero, zero, zero, zero),
        (u_coop_S1, tau2 * g_G, tau1 * (1 + c) - c, tau1 * g_G),
        (t_star * g_S, t_star * g_G, t_star * g_S, t_star * g_G),
        (u_coop_S1 - k_S, tau2 * g_G - k_G, tau1 * (1 + c) - c, tau1 * g_G),
        (t_star * g_S - k_S, t_star * g_G - k_G, t_star * g_S, t_star * g_G),
        (u_coop_S1 - k_S, zero, tau1, tau1 * g_G),
        (t_star * g_S - k_S, zero, tau1 * t_star * g_S, tau1 * t_star * g_G),
    ]
    for j, vals in enumerate(rows):
        for name, v in zip(u, vals, strict=True):
            u[name][:, j] = v

    lo = tau2 * g_G / v_G
    hi = u_coop_S1 / v_S
    labels = np.where(gesture[:, None], np.array(_LABELS_GESTURE, dtype=object)[None, :],
                      np.array(_LABELS_NO_GESTURE + ("",) * 4, dtype=object)[None, :])
    quantities = {"tau_star": np.repeat(t_star[:, None], _K, 1),
                  "window_low": np.repeat(lo[:, None], _K, 1),
                  "window_high": np.repeat(hi[:, None], _K, 1),
                  "gesture_S1": gS, "gesture_G1": gG, "coop_S1": x, "coop_S2": y, **u}
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
        Parameter("version", "two_type", Choice(("two_type", "continuous")),
                  "two types (security seeker / greedy) or continuous temptations g ~ U[g_min, g_max]"),
        Parameter("c", 1.0, _POS, "loss from being exploited, payoff -c at (C, D)", "c"),
        Parameter("g_S", 0.5, Interval(0.0, 1.0, high_closed=False),
                  "security seeker's gain from exploiting (g_S < 1: stag hunt)", "g_S"),
        Parameter("g_G", 1.5, Interval(1.0, np.inf, low_closed=False),
                  "greedy type's gain from exploiting (g_G > 1: defection dominant)", "g_G"),
        Parameter("tau1", 0.7, _UNIT, "trust in player 1: Pr(player 1 is a security seeker)", "tau_1",
                  information=True),
        Parameter("tau2", 0.7, _UNIT, "trust in player 2: Pr(player 2 is a security seeker)", "tau_2",
                  information=True),
        Parameter("m", 0.0, _NONNEG, "size of player 1's reassuring gesture (0: no gesture stage)", "m",
                  information=True),
        Parameter("v_S", 1.0, _POS, "security seeker's cost per unit of gesture, k_S = m v_S", "v_S"),
        Parameter("v_G", 2.0, _POS, "greedy type's cost per unit of gesture, k_G = m v_G", "v_G"),
        Parameter("g_min", 0.0, _NONNEG, "continuous version: lower bound of temptations g", "g_min"),
        Parameter("g_max", 1.25, _POS, "continuous version: upper bound of temptations g", "g_max"),
    )
    outcomes = ("cooperation", "exploitation", "mutual_defection")
    escalatory = ("exploitation", "mutual_defection")

    def _check(self, p: dict[str, Any]) -> None:
        self._check_arrays({k: np.atleast_1d(np.asarray(v, dtype=object if k == "version" else float))
                            for k, v in p.items()})

    def _check_arrays(self, p: dict[str, np.ndarray]) -> None:
        self._require(np.asarray(p["g_min"], float) < np.asarray(p["g_max"], float), "g_max", p["g_max"],
                      "g_max > g_min", "the temptation distribution U[g_min, g_max] needs positive width")

    def _solve_arrays(self, p: dict[str, np.ndarray]) -> ArraySolution:
        return self._evaluate(p)[0]

    def _evaluate(self, p: dict[str, np.ndarray]) -> tuple[ArraySolution, dict[str, np.ndarray]]:
        """The vectorized solution and the two-type strategies (used by :meth:`_solve`)."""
        f = {k: np.atleast_1d(np.asarray(v, float)) for k, v in p.items() if k != "version"}
        cont = np.atleast_1d(np.asarray(p["version"], dtype=object)) == "continuous"
        n = f["c"].shape[0]
        cont = np.broadcast_to(cont, (n,))
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
                      for k in ("gesture_S1", "gesture_G1", "coop_S1", "coop_S2")}
        esc = np.where(valid, 1.0 - outcomes["cooperation"], np.inf)
        flags = {"most_peaceful": valid & (esc <= esc.min(axis=1, keepdims=True) + 1e-12),
                 "reassuring": valid & ~sel & np.char.startswith(labels.astype(str), "separating")}
        sol = ArraySolution(valid=valid, labels=labels, outcomes=outcomes, quantities=quantities,
                            flags=flags)
        return sol, strategies

    def _solve(self, p: dict[str, Any]) -> list:
        sol, strat = self._evaluate({k: np.atleast_1d(np.asarray(v, dtype=object if k == "version" else float))
                                  for k, v in p.items()})
        cont = p["version"] == "continuous"
        keep = _Q_CONT if cont else _Q_TWO
        eqs = []
        for j in np.flatnonzero(sol.valid[0]):
            q = {k: float(sol.quantities[k][0, j]) for k in keep}
            if cont:
                strategies = {"cooperate_if_temptation_at_most": q["cutoff"]}
            else:
                strategies = {k: float(v[0, j]) for k, v in strat.items()}
                strategies.update(coop_G1=0.0, coop_G2=0.0)
            eqs.append(self._equilibrium(
                str(sol.labels[0, j]), {k: float(v[0, j]) for k, v in sol.outcomes.items()},
                strategies=strategies, quantities=q,
                flags={k: bool(v[0, j]) for k, v in sol.flags.items()},
            ))
        return eqs
