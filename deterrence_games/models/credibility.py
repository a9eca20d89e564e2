"""Credibility of reports: a friend or an enemy sending reports over two periods (Sobel-style).

Provenance: **reconstruction** (a two-period model built in the
spirit of Sobel 1985, *RES* 52:557-573, "A theory of credibility"; the paper's exact model is
not reproduced).

A receiver (the king, a state reading an intelligence channel or a rival's hotline reports)
is unsure whether the sender is a *friend* (always honest) or an *enemy* whose payoff is the
receiver's loss. Each period a binary, uniform state is reported; the receiver chooses
``a = Pr(state = reported | history)`` under quadratic loss; the state is revealed ex post,
so a lie is detected. Period weights are 1 and ``I`` (importance of the second issue).

* Period 2 (belief pi2 that the sender is a friend): the enemy lies for sure if pi2 >= 1/2,
  otherwise with probability 1/(2(1-pi2)) (which makes the receiver's posterior 1/2); its
  value is I max(pi2^2, 1/4).
* Period 1: the enemy lies with probability l1 solving Delta(l1) = 0, where
  P1 = pi + (1-pi)(1-l1) is the probability that a report is true and

      Delta(l1) = P1^2 + I/4 - (1-P1)^2 - I max((pi/P1)^2, 1/4)

  is the enemy's gain from lying (it is decreasing in l1, so the root is unique). Corners
  (the corner cases): l1 = 0 if Delta(0) <= 0, l1 = 1 if Delta(1) >= 0.
* Posteriors: after an honest first report pi2 = pi/P1, after a detected lie 0.

Reported: deception probabilities by period, P(deception at t=1) = (1-pi) l1 and
P(deception at t=2) = (1-pi)(1-l1) l2(pi2), the posteriors, and the receiver's expected
loss (in total and by period, the second weighted by I).

What to read: the escalation probability (any deception) is ``1 - pi`` whenever the enemy
reaches period 2 with trust ``pi2 >= 1/2`` (it then lies there for sure), whatever the stakes
``I``. Sobel's own quantities are *when* the enemy deceives and what it costs the receiver:
``share_deception_period2`` (the share of deception that falls in the high-stakes period,
rising with ``I``), ``stakes_weighted_deception`` ``= d1 + I d2`` and ``receiver_loss``. Outcomes: ``deceived_period1``, ``deceived_period2`` (an undetected enemy lies in the
high-stakes period), ``no_deception``; the two deception outcomes are escalatory (the receiver
acts on false information). Methods: Brent's method on Delta (scalar), vectorized bisection
(sweeps), and a grid search as an independent check (tests).

Aliases: king and spy (Sobel 1985); reputation for honesty; cashing in a reputation;
double agent problem; credibility of hotline/intelligence reports.

Ties: the enemy lies in period 2 when pi2 = 1/2 exactly (then 1/(2(1-pi2)) = 1 too);
at a corner with Delta = 0 the corner value is returned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import brentq

from .._validation import Interval
from ._base import ArraySolution, Model, Parameter

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = ["Credibility", "lie_gain", "first_period_lie_probability", "period2_lie_probability"]


def period2_lie_probability(pi2):
    """Enemy's lie probability in the last period at friend-belief ``pi2`` (vectorized)."""
    pi2 = np.asarray(pi2, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        mixed = 1.0 / (2.0 * (1.0 - pi2))
    return np.where(pi2 >= 0.5, 1.0, mixed)


def lie_gain(l1, pi, I):
    """Delta(l1): the enemy's period-1 gain from lying over telling the truth (vectorized)."""
    l1, pi, I = (np.asarray(x, float) for x in (l1, pi, I))
    P1 = pi + (1 - pi) * (1 - l1)
    return P1**2 + I / 4 - (1 - P1) ** 2 - I * np.maximum((pi / P1) ** 2, 0.25)


def first_period_lie_probability(pi, I, method: str = "bisection", tol: float = 1e-14):
    """l1 (vectorized bisection, or ``method="brentq"`` for scalars), with corners l1 = 0, 1."""
    pi, I = np.broadcast_arrays(np.asarray(pi, float), np.asarray(I, float))
    d0, d1 = lie_gain(0.0, pi, I), lie_gain(1.0, pi, I)
    if method == "brentq":
        out = np.empty(pi.shape)
        for idx in np.ndindex(pi.shape):
            p, i = float(pi[idx]), float(I[idx])
            if d0[idx] <= 0:
                out[idx] = 0.0
            elif d1[idx] >= 0:
                out[idx] = 1.0
            else:
                out[idx] = brentq(lambda x, p=p, i=i: float(lie_gain(x, p, i)), 0.0, 1.0, xtol=tol, rtol=4 * np.finfo(float).eps)
        return out
    lo, hi = np.zeros(pi.shape), np.ones(pi.shape)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        pos = lie_gain(mid, pi, I) > 0
        lo, hi = np.where(pos, mid, lo), np.where(pos, hi, mid)
    root = 0.5 * (lo + hi)
    return np.where(d0 <= 0, 0.0, np.where(d1 >= 0, 1.0, root))


class Credibility(Model):
    """Two-period Sobel-style credibility (reconstruction); see the module docstring."""

    id = "credibility"
    title = "Credibility of reports from a friend or an enemy over two periods (Sobel-style)"
    provenance = "reconstruction"
    references = ("Sobel1985: Sobel, A theory of credibility, Review of Economic Studies 52:557-573",)
    parameters = (
        Parameter("pi", 0.5, Interval(0.0, 1.0, False, False),
                  "prior probability that the sender is a friend (initial credibility)", "pi",
                  information=True, role="prior"),
        Parameter("I", 2.0, Interval(0.0, np.inf, low_closed=False),
                  "importance (weight) of the second-period issue relative to the first", "I", role="weight"),
    )
    outcomes = ("no_deception", "deceived_period1", "deceived_period2")
    escalatory = ("deceived_period1", "deceived_period2")
    flags = ("corner", "most_peaceful")

    # symbolic form ------------------------------------------------------------------
    def symbolic(self) -> SymbolicForm:
        r"""Corners and the interior root, written in :math:`P_1` (Pr(first report true)).

        In :math:`P_1 \in [\pi, 1]` the gain from lying is
        :math:`D(P_1) = 2P_1 - 1 + I/4 - I\max(\pi^2/P_1^2, 1/4)`, increasing. Hence
        :math:`\Delta(0) = 1 + I/4 - I\max(\pi^2, 1/4)` and :math:`\Delta(1) = 2\pi - 1 - 3I/4`:

        * honest corner (``l1 = 0``) iff :math:`\pi \ge 1/2` and :math:`1 + I/4 - I\pi^2 \le 0`;
        * lying corner (``l1 = 1``) iff :math:`2\pi - 1 - 3I/4 \ge 0` (and not the former);
        * otherwise interior. If :math:`\pi < 1/4` the root has :math:`\pi_2 < 1/2`, where
          :math:`D = 2P_1 - 1`: :math:`P_1 = 1/2`, :math:`l_1 = 1/(2(1-\pi))` (closed form). If
          :math:`\pi \ge 1/4`, :math:`\pi_2 \ge 1/2` at the root and :math:`P_1` is the unique positive
          root of the cubic :math:`(2P_1 - 1 + I/4)P_1^2 = I\pi^2` (an implicit symbol).

        Then ``l2 = 1`` except in the closed-form branch; the escalation probability (deception in
        either period) is :math:`1 - \pi` in every regime except :math:`\pi < 1/4`, where it is 3/4.
        """
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        s = model_symbols(self)
        pi, I = s["pi"], s["I"]
        P = sp.Symbol("P1_star", positive=True)
        half, quarter = sp.Rational(1, 2), sp.Rational(1, 4)

        def state(P1, l1, l2):
            pi2 = pi / P1
            P2 = pi2 + (1 - pi2) * (1 - l2)
            d1 = (1 - pi) * l1
            d2 = (1 - pi) * (1 - l1) * l2
            loss2 = P1 * (P2 * (1 - P2) ** 2 + (1 - P2) * P2**2) + (1 - P1) * quarter
            return {ESCALATION: d1 + d2, "no_deception": 1 - d1 - d2, "deceived_period1": d1,
                    "deceived_period2": d2, "lie_probability_t1": l1, "lie_probability_t2": l2,
                    "p_deception_t1": d1, "p_deception_t2": d2, "prob_report_true_t1": P1,
                    "posterior_after_honest": pi2, "posterior_after_lie": 0,
                    "receiver_loss": P1 * (1 - P1) ** 2 + (1 - P1) * P1**2 + I * loss2}

        d0 = 1 + I / 4 - I * pi**2  # Delta(0) when pi >= 1/2
        d1 = 2 * pi - 1 - 3 * I / 4  # Delta(1)
        honest = state(1, 0, 1)
        lies = state(pi, 1, 1)
        interior = state(P, (1 - P) / (1 - pi), 1)
        low = state(half, 1 / (2 * (1 - pi)), 1 / (2 * (1 - 2 * pi)))
        R = Regime
        regimes = [
            R("honest_corner", (sp.Ge(pi, half), sp.Lt(d0, 0)), (honest,), ("pure (enemy honest)",),
              description="Delta(0) < 0: the enemy tells the truth first and cashes in at t = 2"),
            R("tie:honest_corner", (sp.Ge(pi, half), sp.Eq(d0, 0)), (honest,), ("pure (enemy honest)",),
              description="Delta(0) = 0: the corner l1 = 0 is returned"),
            R("lying_corner", (sp.Gt(d1, 0),), (lies,), ("pure (enemy lies)",),
              description="Delta(1) > 0: the enemy lies at once"),
            R("tie:lying_corner", (sp.Eq(d1, 0),), (lies,), ("pure (enemy lies)",),
              description="Delta(1) = 0: the corner l1 = 1 is returned"),
            R("mixed_high", (sp.Ge(pi, half), sp.Gt(d0, 0), sp.Lt(d1, 0)), (interior,), ("mixed",),
              description="pi >= 1/2, interior: P1 solves the cubic, lie for sure at t = 2"),
            R("mixed_mid", (sp.Gt(pi, quarter), sp.Lt(pi, half)), (interior,), ("mixed",),
              description="1/4 < pi < 1/2: P1 solves the cubic, lie for sure at t = 2"),
            R("tie:pi=1/4", (sp.Eq(pi, quarter),), (low,), ("mixed",),
              description="pi = 1/4: both branches give P1 = 1/2, pi2 = 1/2"),
            R("mixed_low", (sp.Lt(pi, quarter),), (low,), ("mixed",),
              description="pi < 1/4: P1 = 1/2, and the enemy mixes at t = 2 too"),
        ]

        def cubic_root(v):
            """The unique positive root of (2P - 1 + I/4) P^2 - I pi^2 (bisection on [0, 1 + I])."""
            p_, i_ = np.broadcast_arrays(np.asarray(v["pi"], float), np.asarray(v["I"], float))
            lo, hi = np.zeros(p_.shape), 1.0 + i_
            for _ in range(200):
                mid = 0.5 * (lo + hi)
                pos = (2 * mid - 1 + i_ / 4) * mid**2 - i_ * p_**2 > 0
                lo, hi = np.where(pos, lo, mid), np.where(pos, mid, hi)
            return 0.5 * (lo + hi)

        return SymbolicForm.build(self, regimes, facts=(sp.Lt(pi, 1),), sampling={"I": (0.0, 20.0)},
                                  solve_order=("I", "pi"),
                                  implicit={P: (sp.Eq((2 * P - 1 + I / 4) * P**2, I * pi**2), cubic_root)})

    def _solve(self, p):
        pi, I = p["pi"], p["I"]
        l1 = float(first_period_lie_probability(pi, I, method="brentq"))
        return [self._from(pi, I, l1)]

    def _from(self, pi: float, I: float, l1: float):
        q = _quantities(np.array([pi]), np.array([I]), np.array([l1]))
        q = {k: float(v[0]) for k, v in q.items()}
        outcomes = {"deceived_period1": q["p_deception_t1"], "deceived_period2": q["p_deception_t2"],
                    "no_deception": 1 - q["p_deception_t1"] - q["p_deception_t2"]}
        label = "pure (enemy honest)" if l1 == 0 else "pure (enemy lies)" if l1 == 1 else "mixed"
        return self._equilibrium(
            label, outcomes, quantities=q,
            strategies={"enemy_lie_probability_t1": l1, "enemy_lie_probability_t2": q["lie_probability_t2"]},
            flags={"corner": l1 in (0.0, 1.0), "most_peaceful": True},
            certificate={"lie_gain_at_root": float(lie_gain(l1, pi, I)) if 0 < l1 < 1 else 0.0},
        )

    def _solve_arrays(self, p):
        pi, I = p["pi"], p["I"]
        l1 = first_period_lie_probability(pi, I)
        q = _quantities(pi, I, l1)
        n = pi.size
        labels = np.where(l1 == 0, "pure (enemy honest)", np.where(l1 == 1, "pure (enemy lies)", "mixed"))
        d1, d2 = q["p_deception_t1"], q["p_deception_t2"]
        return ArraySolution(
            valid=np.ones((n, 1), bool), labels=labels.astype(object)[:, None],
            outcomes={"no_deception": (1 - d1 - d2)[:, None], "deceived_period1": d1[:, None],
                      "deceived_period2": d2[:, None]},
            quantities={k: v[:, None] for k, v in q.items()},
            flags={"corner": ((l1 == 0) | (l1 == 1))[:, None], "most_peaceful": np.ones((n, 1), bool)},
        )


def _quantities(pi, I, l1):
    P1 = pi + (1 - pi) * (1 - l1)
    pi2 = pi / P1
    l2 = period2_lie_probability(pi2)
    P2 = pi2 + (1 - pi2) * (1 - l2)
    d1 = (1 - pi) * l1
    d2 = (1 - pi) * (1 - l1) * l2
    # receiver's expected loss: (1 - a)^2 after a true report, a^2 after a lie, a = P(true)
    loss1 = P1 * (1 - P1) ** 2 + (1 - P1) * P1**2
    loss2_honest_path = P2 * (1 - P2) ** 2 + (1 - P2) * P2**2
    loss2 = P1 * loss2_honest_path + (1 - P1) * 0.25  # after a detected lie reports are ignored
    return {
        "lie_probability_t1": l1,
        "lie_probability_t2": l2,
        "p_deception_t1": d1,
        "p_deception_t2": d2,
        "prob_report_true_t1": P1,
        "posterior_after_honest": pi2,
        "posterior_after_lie": np.zeros_like(pi2),
        "receiver_loss": loss1 + I * loss2,
        "receiver_loss_t1": loss1,
        "receiver_loss_t2": I * loss2,
        "share_deception_period2": np.divide(d2, d1 + d2, out=np.full_like(d2, np.nan), where=(d1 + d2) > 0),
        "stakes_weighted_deception": d1 + I * d2,
    }
