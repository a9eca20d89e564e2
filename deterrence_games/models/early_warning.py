"""Early warning, false alarms and hotlines: deterrence through a noisy sensor.

Provenance: **textbook version**: a one-attacker reduction of the noisy-attribution
deterrence models of Baliga, Bueno de Mesquita and Wolitzky (2020, *APSR* 114(4)) and Ma, Tauman
and Zeckhauser (2024, *IJGT* 53), in the tradition of inspection games (Avenhaus, von Stengel
and Zamir 2002). No published IR paper has exactly this game and there is no canonical
"signal-detection hotline" paper, so the label is *textbook version*, not *paper-faithful*.

Game
----
* With probability ``gamma`` the attacker has an opportunity; its benefit is ``x ~ U[0, X]``.
  If the defender retaliates, the attacker loses ``K`` whether or not it attacked.
* A sensor raises an alarm with probability ``detection`` (beta) after an attack (hit rate) and ``false_alarm`` (phi)
  without one (false-alarm rate).
* The defender retaliates with probability ``r_alarm`` after an alarm and ``r_quiet`` after no
  alarm. Retaliating against the guilty is worth ``b``, against the innocent it costs ``e``; it is
  a best response iff the posterior of an attack is at least ``theta_star = e / (b + e)``.
* Hotline (``hotline=True``): a conditionally independent clarification with
  ``Pr(confirm | attack) = h1`` and ``Pr(confirm | no attack) = h0``. The defender acts on
  "alarm and confirmed", so the effective sensor is ``(beta h1, phi h0)``. This rule is
  *imposed*, not derived: the posterior after "alarm but not confirmed"
  is reported (``posterior_alarm_denied``, and ``posterior_no_alarm`` after no alarm at all) and
  the flag ``rule_sequentially_rational`` says whether treating both like "not confirmed" is a
  best response there.

Equilibrium (with ``d = r_alarm - r_quiet``)
--------------------------------------------------------------
* The attacker attacks iff ``x > K (beta - phi) d``, so ``p = 1 - F(K (beta - phi) d)``.
* Posterior after an alarm: ``mu = gamma p beta / (gamma p beta + (1 - gamma p) phi)``.
* Regimes on the alarm (the project's three, mutually exclusive):

  - no deterrence (``r = 0``, ``p = 1``) iff ``mu(1) < theta_star``;
  - mixed iff ``mu(p(1)) < theta_star <= mu(1)``:
    ``p* = theta_star phi / (gamma [beta (1 - theta_star) + theta_star phi])``,
    ``r* = F^{-1}(1 - p*) / (K (beta - phi))``;
  - pure retaliation (``r = 1``) iff ``mu(p(1)) >= theta_star``.

* The three regimes assume that the posterior after no alarm is below ``theta_star``. When the
  attack opportunity is so likely that this fails (``mu_quiet(1) >= theta_star``), the model
  has further equilibria, which are also returned: "always retaliate" (``r_quiet = r_alarm =
  1``, ``p = 1``) and, if ``mu_quiet(p(1)) < theta_star < mu_quiet(1)``, a mixed equilibrium
  after quiet signals (``r_alarm = 1``, ``mu_quiet(p) = theta_star``). When
  ``mu_quiet(1) < theta_star`` the equilibrium is unique.

Probabilities
--------------------------------
``Pr(attack) = gamma p``; ``Pr(retaliation) = r[gamma p beta + (1 - gamma p) phi]`` (the
escalation probability: outcomes ``retaliation_on_attack`` plus ``false_retaliation``);
``Pr(false retaliation) = r (1 - gamma p) phi`` (accidental war).

Comparative statics (that fewer false alarms lower retaliation is **false** in general):
lower ``phi`` weakly lowers attacks (always); retaliation and mistaken retaliation can rise or
fall as ``phi`` falls -- they fall once ``p* <= 1/2`` or in the pure-retaliation regime. A
counterexample: ``gamma=0.5, X=K=1, theta_star=0.6, beta=0.7``; ``phi`` 0.3 -> 0.2 raises
``Pr(retaliation)`` 0.2481 -> 0.2800 and ``Pr(false retaliation)`` 0.0992 -> 0.1120. Attacks
decrease in ``beta`` and increase in ``phi``. With symmetric accuracy ``beta = alpha``,
``phi = 1 - alpha``, attacks fall monotonically in ``alpha`` but total retaliation is hump-shaped
(0 at 0.6, 0.2755 at 0.8, 0.0244 at 0.99).

A further refinement found while testing the corrected claim: in the pure-retaliation
regime *total* retaliation falls with ``phi`` but *mistaken* retaliation ``(1 - gamma p) phi``
can rise as ``phi`` falls (its derivative in ``phi`` is ``1 - gamma + gamma K (beta - 2 phi)/X``),
e.g. ``gamma=0.4, X=0.2, K=0.9, theta_star=0.1, beta=1``: ``phi`` 0.9 -> 0.85 raises it
0.702 -> 0.7395. Attacks fall with ``beta`` and rise with ``phi`` in the project's regimes; in
the "mixed after quiet" equilibrium (only when ``mu_quiet(1) >= theta_star``) they rise with
``beta``.

Ties go to the peaceful action where the choice is pure: the attacker does not attack at
``x = K (beta - phi) d`` (a null event); at a posterior exactly equal to ``theta_star`` the
defender is indifferent and the regime boundaries above use ``>=``.

Aliases: *inspection game with false alarms* (Avenhaus, von Stengel and Zamir 2002); *deterrence
with noisy attribution* (Baliga, Bueno de Mesquita and Wolitzky 2020); *bashing on a noisy
signal* (Ma, Tauman and Zeckhauser 2024); *launch on warning* (nuclear strategy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .._validation import Choice, Interval
from ._base import ArraySolution, Model, Parameter

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = ["EarlyWarning"]

_UNIT = Interval(0.0, 1.0)
_OPEN_UNIT = Interval(0.0, 1.0, low_closed=False, high_closed=False)
_POS = Interval(0.0, np.inf, low_closed=False)

_SLOTS = 3  # alarm regime (no deterrence / mixed / pure), mixed after quiet, always retaliate


def _core(gamma, X, K, theta_star, beta, phi):
    """Vectorized closed form over the effective sensor ``(beta, phi)``.

    Returns ``(valid, label_codes, p, r_alarm, r_quiet)`` each of shape ``(n, 3)``.
    Label codes: 0 no deterrence, 1 mixed, 2 pure retaliation, 3 mixed after quiet, 4 always.
    """
    gamma, X, K, t, beta, phi = np.broadcast_arrays(*(np.asarray(v, float) for v in
                                                      (gamma, X, K, theta_star, beta, phi)))
    n = gamma.shape[0]
    # the game depends on K and X only through K / X: the spread in units of X keeps the
    # closed form exact at any scale (K and X near 1e300 or subnormal); an overflow of K / X
    # to inf is its correct limit (every cutoff beyond X)
    with np.errstate(over="ignore"):
        spread = (K / X) * (beta - phi)  # K (beta - phi) / X, > 0 by validation

    def p_of(d):
        return 1.0 - np.clip(spread * d, 0.0, 1.0)

    def alarm_gap(p):  # sign of mu_alarm(p) - theta_star, cross-multiplied
        return gamma * p * beta * (1.0 - t) - t * (1.0 - gamma * p) * phi

    def quiet_gap(p):  # sign of mu_quiet(p) - theta_star
        return gamma * p * (1.0 - beta) * (1.0 - t) - t * (1.0 - gamma * p) * (1.0 - phi)

    p1 = p_of(1.0)
    a1, ap1 = alarm_gap(1.0), alarm_gap(p1)
    q1, qp1 = quiet_gap(1.0), quiet_gap(p1)

    valid = np.zeros((n, _SLOTS), dtype=bool)
    code = np.full((n, _SLOTS), -1, dtype=int)
    p = np.full((n, _SLOTS), np.nan)
    ra = np.full((n, _SLOTS), np.nan)
    rq = np.full((n, _SLOTS), np.nan)

    # slot 0: the project's alarm regimes (always exactly one holds)
    none = a1 < 0
    pure = ~none & (ap1 >= 0)
    mixed = ~none & ~pure
    # the formulas of the regimes are evaluated at every point and kept where their regime
    # holds: an overflow or 0/0 elsewhere (gamma or the spread near 0) is discarded
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        p_star = t * phi / (gamma * (beta * (1.0 - t) + t * phi))
        r_star = (1.0 - p_star) / spread
    ok0 = none | mixed | (pure & (qp1 <= 0))
    valid[:, 0] = ok0
    code[:, 0] = np.where(none, 0, np.where(mixed, 1, 2))
    p[:, 0] = np.where(none, 1.0, np.where(mixed, p_star, p1))
    ra[:, 0] = np.where(none, 0.0, np.where(mixed, np.clip(r_star, 0.0, 1.0), 1.0))
    rq[:, 0] = 0.0

    # slot 1: mixed after quiet signals (only when the quiet posterior can reach theta_star)
    mq = (qp1 < 0) & (q1 > 0)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        p_q = t * (1.0 - phi) / (gamma * ((1.0 - beta) * (1.0 - t) + t * (1.0 - phi)))
        r_q = 1.0 - (1.0 - p_q) / spread
    valid[:, 1] = mq
    code[:, 1] = 3
    p[:, 1] = np.where(mq, p_q, np.nan)
    ra[:, 1] = 1.0
    rq[:, 1] = np.where(mq, np.clip(r_q, 0.0, 1.0), np.nan)

    # slot 2: always retaliate
    al = q1 >= 0
    valid[:, 2] = al
    code[:, 2] = 4
    p[:, 2] = 1.0
    ra[:, 2] = 1.0
    rq[:, 2] = 1.0
    return valid, code, p, ra, rq


_LABELS = np.array(["no deterrence", "mixed", "pure retaliation", "mixed after quiet",
                    "always retaliate"], dtype=object)


def _posterior(num, other):
    """num / (num + other) with 0/0 -> nan (a signal that never occurs)."""
    den = num + other
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


class EarlyWarning(Model):
    """Deterrence with an early-warning sensor (hit rate, false-alarm rate) and a hotline.

    Provenance: textbook version (a one-attacker reduction; no paper has exactly this game).
    See the module docstring for the game, the equations and ties. Quantities that are not
    defined at a point (``posterior_alarm_denied`` without a hotline, a posterior after a
    signal that never occurs) are omitted from the equilibrium (NaN in sweeps).

    Examples
    --------
    >>> import deterrence_games as dg
    >>> sol = dg.get_model("early_warning").solve(detection=0.9, false_alarm=0.1)
    >>> sol[0].label, round(sol[0].quantities["retaliation_probability"], 4)
    ('mixed', 0.1913)
    >>> round(dg.get_model("early_warning").solve(hotline=True)[0].escalation_probability, 4)
    0.0889
    """

    id = "early_warning"
    title = "Early warning: an attacker, a noisy sensor, a defender who may retaliate, and a hotline"
    provenance = "textbook version"
    references = (
        "BaligaBuenoDeMesquitaWolitzky2020: Deterrence with Imperfect Attribution, APSR 114(4):1155-1178",
        "MaTaumanZeckhauser2024: Deterrence games and the disruption of information, IJGT 53",
        "AvenhausVonStengelZamir2002: Inspection games, Handbook of Game Theory vol. 3",
    )
    parameters = (
        Parameter("gamma", 0.5, Interval(0.0, 1.0, low_closed=False),
                  "probability that the attacker has an attack opportunity", "gamma", role="prior"),
        Parameter("X", 1.0, _POS, "upper bound of the attacker's benefit x ~ U[0, X]", "X", role="benefit"),
        Parameter("K", 1.0, _POS, "attacker's loss if retaliated against", "K", role="cost"),
        Parameter("theta_star", 0.6, _OPEN_UNIT,
                  "posterior of an attack above which retaliation pays, e / (b + e)", "theta^*", role="threshold"),
        Parameter("detection", 0.9, _UNIT, "sensor hit rate Pr(alarm | attack)", "beta", information=True, role="detection", former=("beta",)),
        Parameter("false_alarm", 0.1, _UNIT, "sensor false-alarm rate Pr(alarm | no attack)", "phi",
                  information=True, role="false_alarm", former=("phi",)),
        Parameter("hotline", False, Choice((False, True)),
                  "clarify each alarm on a hotline and retaliate only if it is confirmed", "",
                  information=True, role="mechanism"),
        Parameter("h1", 0.95, _UNIT, "hotline confirmation rate after an attack Pr(confirm | attack)",
                  "h_1", information=True, role="detection"),
        Parameter("h0", 0.2, _UNIT, "hotline confirmation rate without attack Pr(confirm | no attack)",
                  "h_0", information=True, role="false_alarm"),
    )
    outcomes = ("peace", "unanswered_attack", "retaliation_on_attack", "false_retaliation")
    escalatory = ("retaliation_on_attack", "false_retaliation")
    flags = ("most_peaceful", "rule_sequentially_rational")

    # symbolic form ------------------------------------------------------------------
    def symbolic(self) -> SymbolicForm:
        r"""The regimes of :func:`_core`, for each sensor (without / with the hotline).

        With the effective sensor :math:`(B, F)` (``(beta, phi)``, or ``(beta h1, phi h0)`` with
        the hotline), :math:`p_1 = 1 - K(B - F)/X` and the cross-multiplied posterior gaps
        :math:`a(p) = \gamma p B(1-\theta^*) - \theta^*(1-\gamma p)F` (alarm) and
        :math:`q(p) = \gamma p(1-B)(1-\theta^*) - \theta^*(1-\gamma p)(1-F)` (quiet):
        no deterrence iff :math:`a(1) < 0`; mixed iff :math:`a(1) \ge 0 > a(p_1)`; pure
        retaliation iff :math:`a(p_1) \ge 0` (an equilibrium iff :math:`q(p_1) \le 0`); the
        "mixed after quiet" equilibrium iff :math:`q(p_1) < 0 < q(1)` and "always retaliate"
        iff :math:`q(1) \ge 0`. (The clip of ``p(1)`` at 0 never changes a sign used here:
        for :math:`p_1 \le 0`, :math:`a(p_1) < 0` and :math:`q(p_1) < 0` whenever ``F > 0``.)
        Combinations that cannot occur (``a(1) < 0 <= q(1)``, ``a(p_1) < 0 <= q(p_1)``, both
        impossible since ``B > F``) are not regimes. The boundaries ``q(1) = 0`` and
        ``q(p_1) = 0``, where an equilibrium appears, are not declared: the numeric form
        compares without a tolerance there, so rounding decides.
        """
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        s = model_symbols(self)
        g, X, K, t, beta, phi, h1, h0 = (s[n] for n in ("gamma", "X", "K", "theta_star", "detection", "false_alarm", "h1", "h0"))
        regimes = []
        for hot in (False, True):
            B, F = (beta * h1, phi * h0) if hot else (beta, phi)
            informative = sp.Gt(B, F)
            spread = K * (B - F)

            def alarm(p, B=B, F=F):
                return g * p * B * (1 - t) - t * (1 - g * p) * F

            def quiet(p, B=B, F=F):
                return g * p * (1 - B) * (1 - t) - t * (1 - g * p) * (1 - F)

            p1 = 1 - spread / X
            a1, ap1, q1, qp1 = alarm(1), alarm(p1), quiet(1), quiet(p1)

            def eq(p, ra, rq, B=B, F=F, spread=spread, hot=hot):
                att = g * p
                ret_att = att * (B * ra + (1 - B) * rq)
                false = (1 - att) * (F * ra + (1 - F) * rq)
                cut = spread * (ra - rq)
                # factored: the same expression, and its derivatives simplify much faster
                esc = sp.factor(sp.cancel(ret_att + false))
                out = {ESCALATION: esc, "peace": 1 - att - false, "unanswered_attack": att - ret_att,
                       "retaliation_on_attack": ret_att, "false_retaliation": false,
                       "attack_probability": att, "retaliation_probability": ret_att + false,
                       "false_retaliation_probability": false, "p": p, "r_alarm": ra, "r_quiet": rq,
                       "cutoff": cut, "beta_eff": B, "phi_eff": F,
                       "payoff_attacker": g * (X**2 - cut**2) / (2 * X) - att * K * (B * ra + (1 - B) * rq)
                       - (1 - att) * K * (F * ra + (1 - F) * rq),
                       "posterior_alarm": att * B / (att * B + (1 - att) * F),
                       "posterior_quiet": att * (1 - B) / (att * (1 - B) + (1 - att) * (1 - F))}
                if hot:
                    out["posterior_alarm_denied"] = att * beta * (1 - h1) / (
                        att * beta * (1 - h1) + (1 - att) * phi * (1 - h0))
                    out["posterior_no_alarm"] = att * (1 - beta) / (att * (1 - beta) + (1 - att) * (1 - phi))
                return out

            p_star = t * F / (g * (B * (1 - t) + t * F))
            p_q = t * (1 - F) / (g * ((1 - B) * (1 - t) + t * (1 - F)))
            none = eq(1, 0, 0)
            mixed = eq(p_star, X * (1 - p_star) / spread, 0)
            pure = eq(p1, 1, 0)
            mixed_quiet = eq(p_q, 1, 1 - X * (1 - p_q) / spread)
            always = eq(1, 1, 1)
            tag = "hotline:" if hot else ""
            ch = {"hotline": hot}
            R = Regime
            regimes += [
                R(tag + "no_deterrence", (informative, sp.Lt(a1, 0)), (none,), ("no deterrence",), choices=ch,
                  description="mu(1) < theta*: the defender never retaliates, every opportunity is used"),
                R(tag + "mixed", (informative, sp.Ge(a1, 0), sp.Lt(ap1, 0), sp.Lt(q1, 0)), (mixed,), ("mixed",),
                  choices=ch, description="mu(p(1)) < theta* <= mu(1): the defender mixes after an alarm"),
                R(tag + "mixed+quiet", (informative, sp.Ge(a1, 0), sp.Lt(ap1, 0), sp.Gt(q1, 0)),
                  (mixed, mixed_quiet, always), ("mixed", "mixed after quiet", "always retaliate"), choices=ch,
                  description="as mixed, and attacks so likely that retaliating after quiet also pays"),
                R(tag + "pure", (informative, sp.Ge(ap1, 0), sp.Lt(q1, 0)), (pure,), ("pure retaliation",),
                  choices=ch, description="mu(p(1)) >= theta*: retaliate after every alarm"),
                R(tag + "pure+quiet", (informative, sp.Ge(ap1, 0), sp.Lt(qp1, 0), sp.Gt(q1, 0)),
                  (pure, mixed_quiet, always), ("pure retaliation", "mixed after quiet", "always retaliate"),
                  choices=ch, description="pure retaliation, and the quiet posterior can reach theta*"),
                R(tag + "always_only", (informative, sp.Ge(ap1, 0), sp.Gt(qp1, 0)), (always,),
                  ("always retaliate",), choices=ch,
                  description="mu_quiet(p(1)) > theta*: retaliating after every signal is the only equilibrium"),
            ]
        return SymbolicForm.build(self, regimes, sampling={"X": (0.05, 2.0), "K": (0.05, 2.0)})

    # validation ---------------------------------------------------------------------
    def _check(self, p: dict[str, Any]) -> None:
        self._check_arrays({k: np.atleast_1d(np.asarray(v, dtype=object if k == "hotline" else float))
                            for k, v in p.items()})

    def _check_arrays(self, p: dict[str, np.ndarray]) -> None:
        hot = np.asarray(p["hotline"], dtype=bool)
        beta, phi = np.asarray(p["detection"], float), np.asarray(p["false_alarm"], float)
        self._require(hot | (beta > phi), "false_alarm", p["false_alarm"], "false_alarm < detection",
                      "the sensor must be informative: alarms more likely after an attack than without")
        b_e = beta * np.asarray(p["h1"], float)
        f_e = phi * np.asarray(p["h0"], float)
        self._require(~hot | (b_e > f_e), "h0", p["h0"], "false_alarm*h0 < detection*h1",
                      "the confirmed alarm must be informative: detection*h1 > false_alarm*h0")

    @staticmethod
    def _effective(p: dict[str, Any]):
        hot = np.asarray(p["hotline"], dtype=bool)
        beta = np.asarray(p["detection"], float)
        phi = np.asarray(p["false_alarm"], float)
        return (np.where(hot, beta * np.asarray(p["h1"], float), beta),
                np.where(hot, phi * np.asarray(p["h0"], float), phi), hot)

    # closed form --------------------------------------------------------------------
    def _arrays(self, p: dict[str, Any]):
        b_e, f_e, hot = self._effective(p)
        g = np.atleast_1d(np.asarray(p["gamma"], float))
        b_e, f_e, hot = (np.broadcast_to(np.atleast_1d(a), g.shape) for a in (b_e, f_e, hot))
        valid, code, pp, ra, rq = _core(g, p["X"], p["K"], p["theta_star"], b_e, f_e)
        g2 = g[:, None]
        be, fe = b_e[:, None], f_e[:, None]
        att = g2 * pp
        ret_att = att * (be * ra + (1.0 - be) * rq)
        false_ret = (1.0 - att) * (fe * ra + (1.0 - fe) * rq)
        outcomes = {
            "peace": (1.0 - att) - false_ret,
            "unanswered_attack": att - ret_att,
            "retaliation_on_attack": ret_att,
            "false_retaliation": false_ret,
        }
        t = np.atleast_1d(np.asarray(p["theta_star"], float))[:, None]
        K = np.atleast_1d(np.asarray(p["K"], float))[:, None]
        post_alarm = _posterior(att * be, (1.0 - att) * fe)
        post_quiet = _posterior(att * (1.0 - be), (1.0 - att) * (1.0 - fe))
        # hotline: alarm raised but not confirmed (lumped with "quiet" by the imposed rule)
        beta = np.atleast_1d(np.asarray(p["detection"], float))[:, None]
        phi = np.atleast_1d(np.asarray(p["false_alarm"], float))[:, None]
        h1 = np.atleast_1d(np.asarray(p["h1"], float))[:, None]
        h0 = np.atleast_1d(np.asarray(p["h0"], float))[:, None]
        post_denied = np.where(hot[:, None], _posterior(att * beta * (1.0 - h1),
                                                        (1.0 - att) * phi * (1.0 - h0)), np.nan)
        post_no_alarm = np.where(hot[:, None], _posterior(att * (1.0 - beta), (1.0 - att) * (1.0 - phi)),
                                 np.nan)
        tol = 1e-12

        def best_response(post, r):
            """Treating this signal as "not confirmed" (probability r) is a best response."""
            return np.where(np.isnan(post), True,
                            np.where(r <= tol, post <= t + tol,
                                     np.where(r >= 1 - tol, post >= t - tol, np.abs(post - t) <= tol)))

        # the imposed rule lumps "no alarm" and "alarm, not confirmed": both must agree with r_quiet
        denied_ok = best_response(post_denied, rq) & best_response(post_no_alarm, rq)
        # attacker's ex-ante payoff: benefit of the types above the cutoff, minus expected punishment
        Xc = np.atleast_1d(np.asarray(p["X"], float))[:, None]
        with np.errstate(over="ignore"):  # K / X = inf: every cutoff is X
            d = ra - rq  # the cutoff in units of X (0 when d = 0, even if K / X = inf)
            u_hat = np.where(d > 0, np.clip((K / Xc) * (be - fe) * np.where(d > 0, d, 1.0), 0.0, 1.0), 0.0)
        r_if_attack = be * ra + (1.0 - be) * rq
        r_if_not = fe * ra + (1.0 - fe) * rq
        # g (X^2 - c^2) / (2 X), factored so that X near 1e300 does not overflow
        attacker_payoff = (g2 * Xc * (1.0 - u_hat) * (1.0 + u_hat) / 2.0 - att * K * r_if_attack
                           - (1.0 - att) * K * r_if_not)
        quantities = {
            "attack_probability": att,
            "retaliation_probability": ret_att + false_ret,
            "false_retaliation_probability": false_ret,
            "p": pp,
            "r_alarm": ra,
            "r_quiet": rq,
            "cutoff": K * (be - fe) * (ra - rq),
            "payoff_attacker": attacker_payoff,
            "posterior_alarm": post_alarm,
            "posterior_quiet": post_quiet,
            "beta_eff": np.broadcast_to(be, pp.shape),
            "phi_eff": np.broadcast_to(fe, pp.shape),
            # last: present only with a hotline
            "posterior_alarm_denied": post_denied,
            "posterior_no_alarm": post_no_alarm,
        }
        return valid, code, outcomes, quantities, denied_ok

    def _solve_arrays(self, p: dict[str, np.ndarray]) -> ArraySolution:
        valid, code, outcomes, quantities, denied_ok = self._arrays(p)
        labels = np.where(valid, _LABELS[np.clip(code, 0, None)], "").astype(object)
        outcomes = {k: np.where(valid, v, np.nan) for k, v in outcomes.items()}
        if not np.asarray(p["hotline"], dtype=bool).any():  # defined only with a hotline
            quantities.pop("posterior_alarm_denied")
            quantities.pop("posterior_no_alarm")
        quantities = {k: np.where(valid, np.asarray(v, float), np.nan) for k, v in quantities.items()}
        esc = np.where(valid, outcomes["retaliation_on_attack"] + outcomes["false_retaliation"], np.inf)
        flags = {"rule_sequentially_rational": valid & denied_ok,
                 "most_peaceful": valid & (esc <= esc.min(axis=1, keepdims=True) + 1e-12)}
        return ArraySolution(valid=valid, labels=labels, outcomes=outcomes, quantities=quantities,
                             flags=flags)

    def _solve(self, p: dict[str, Any]) -> list:
        valid, code, outcomes, quantities, denied_ok = self._arrays(p)
        eqs = []
        for j in np.flatnonzero(valid[0]):
            out = {k: float(v[0, j]) for k, v in outcomes.items()}
            q = {k: float(v[0, j]) for k, v in quantities.items() if not np.isnan(v[0, j])}
            eqs.append(self._equilibrium(
                str(_LABELS[code[0, j]]), out,
                strategies={"attack_if_benefit_above": q["cutoff"],
                            "retaliate_after_alarm": q["r_alarm"],
                            "retaliate_after_quiet": q["r_quiet"]},
                quantities=q,
                flags={"rule_sequentially_rational": bool(denied_ok[0, j])},
            ))
        esc = [e.escalation_probability for e in eqs]
        lo = min(esc)
        return [self._equilibrium(e.label, e.outcomes, strategies=e.strategies,
                                  quantities=e.quantities,
                                  flags={**e.flags, "most_peaceful": e.escalation_probability <= lo + 1e-12})
                for e in eqs]
