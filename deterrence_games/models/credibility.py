"""Credibility of reports: a friend or an enemy sending reports over two periods (Sobel-style).

Provenance: **reconstruction** (catalogue-repeated section 5.4: a two-period model built in the
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
  (catalogue Errata 5.4): l1 = 0 if Delta(0) <= 0, l1 = 1 if Delta(1) >= 0.
* Posteriors: after an honest first report pi2 = pi/P1, after a detected lie 0.

Reported: deception probabilities by period, P(deception at t=1) = (1-pi) l1 and
P(deception at t=2) = (1-pi)(1-l1) l2(pi2), the posteriors, and the receiver's expected
loss. Outcomes: ``deceived_period1``, ``deceived_period2`` (an undetected enemy lies in the
high-stakes period), ``no_deception``; the two deception outcomes are escalatory (the receiver
acts on false information). Methods: Brent's method on Delta (scalar), vectorized bisection
(sweeps), and a grid search as an independent check (tests).

Aliases: king and spy (Sobel 1985); reputation for honesty; cashing in a reputation;
double agent problem; credibility of hotline/intelligence reports.

Ties: the enemy lies in period 2 when pi2 = 1/2 exactly (then 1/(2(1-pi2)) = 1 too);
at a corner with Delta = 0 the corner value is returned.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq

from .._validation import Interval
from ._base import ArraySolution, Model, Parameter

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
    """l1 (vectorized bisection, or ``method="brentq"`` for scalars), corners per Errata 5.4."""
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
                  information=True),
        Parameter("I", 2.0, Interval(0.0, np.inf, low_closed=False),
                  "importance (weight) of the second-period issue relative to the first", "I"),
    )
    outcomes = ("no_deception", "deceived_period1", "deceived_period2")
    escalatory = ("deceived_period1", "deceived_period2")

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
    }
