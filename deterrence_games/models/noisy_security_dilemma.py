r"""Repeated security dilemma with a noisy public incident signal and a cooling-off pause.

See :class:`NoisySecurityDilemma` (``noisy_security_dilemma``).

References
----------
Downs, G. W. and Rocke, D. M. (1990). *Tacit Bargaining, Arms Races, and Arms Control*.
University of Michigan Press.
Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*, ch. 7. Oxford UP.
Abreu, D., Pearce, D. and Stacchetti, E. (1990). Toward a theory of discounted repeated games
with imperfect monitoring. *Econometrica* 58(5), 1041-1063.
Green, E. J. and Porter, R. H. (1984). Noncooperative collusion under imperfect price
information. *Econometrica* 52(1), 87-100.
"""

from __future__ import annotations

from typing import Any

from .._validation import Interval
from ._base import Parameter
from ._trigger_pause import DYNAMIC_PARAMETERS, STAGE_PARAMETERS, TriggerPauseModel

__all__ = ["NoisySecurityDilemma"]

UNIT = Interval(0.0, 1.0)


class NoisySecurityDilemma(TriggerPauseModel):
    r"""Arms restraint sustained by a trigger with a pause, under a noisy public incident signal.

    Two states choose *restrain* (C) or *arm* (D) every period; stage payoffs R (CC), S (CD),
    T̂ (DC), P (DD) with T̂ > R > P > S and 2R > T̂ + S. After each period a public signal
    is *good* (no incident) with probability ``p`` when both restrain and ``q < p`` when
    exactly one arms: the false-alarm rate is 1 - p, the detection rate 1 - q, and
    verification sets both. Strategy sigma(T): restrain; after an incident arm for ``T``
    periods (the pause, ignoring signals), then restrain again (T = infinity: grim trigger).
    Pr(good | DD) is never used because signals are ignored during the pause.

    Equations (Mailath & Samuelson 2006 §7.2):

    * g = (T̂ - R)/(R - P), κ = g / [(p - q) - g(1 - p)] (needs p - q > g(1 - p));
    * incentive constraint sum_{k=1..T} δ^k >= κ; δ*(∞) = κ/(1+κ);
    * optimal pause T* = smallest integer T with sum_{k<=T} δ^k >= κ - 1e-12 (the value
      V(T) = P + (1-δ)(R-P)/[1 - δp - (1-p)δ^{T+1}] decreases in T, so the shortest
      deterring pause is best in this class); finite T* exists iff δ > κ/(1+κ);
    * long-run share of periods in the pause φ(T) = T(1-p)/(1 + T(1-p)) -- the
      *escalation probability* reported; expected peaceful spell before the first pause
      1/(1-p); P(a pause period within N periods) = 1 - p^{N-1}.

    Quantities (both equilibria carry the same keys): ``p``, ``q``, ``kappa``,
    ``delta_star_grim`` (1.0 when no trigger strategy deters at any delta < 1), ``T_star``
    (the optimal pause; inf when no finite pause deters), ``T`` (the pause played; inf for grim
    trigger and for *always arm*), ``delta_star_T`` (critical delta of that pause; 0 for
    *always arm*), ``value`` (normalised), ``v_bind``, ``crisis_rate``,
    ``expected_time_to_escalation`` (peaceful periods before the first pause period) and
    ``escalation_within_horizon``.

    Two equilibria are reported at each point: the trigger equilibrium of the chosen pause
    rule (when it deters; flag ``best_trigger`` with ``pause='optimal'``) and the repetition
    of the static Nash equilibrium, *always arm* (flag ``static_nash``; escalation 1).
    Other perfect public equilibria exist (APS); this model covers the trigger class.
    The solve for one point certifies the trigger equilibrium by solving the automaton's
    linear system and checking every one-shot deviation (and that T* - 1 fails).

    Provenance: **reconstruction** : the closed forms are the textbook
    repeated prisoner's dilemma with a public signal (Mailath & Samuelson 2006); Downs &
    Rocke's (1990) exact specification could not be checked, so this is "Downs & Rocke
    style", not their model. Aliases: *forgiving trigger / T-period punishment* (repeated
    games), *cooling-off period / agreed pause* (crisis management), *trigger-price
    strategy* (Green & Porter 1984), *tit-for-tat with tolerance* (Downs & Rocke 1990).
    Ties: the incentive constraint holding with equality counts as deterring (within 1e-12).
    """

    id = "noisy_security_dilemma"
    title = "Repeated security dilemma: trigger with a pause under a noisy incident signal"
    provenance = "reconstruction"
    references = (
        "DownsRocke1990: Tacit Bargaining, Arms Races, and Arms Control. University of Michigan Press.",
        "MailathSamuelson2006: Repeated Games and Reputations, ch. 7. Oxford University Press.",
        "AbreuPearceStacchetti1990: Econometrica 58(5):1041-1063.",
        "GreenPorter1984: Econometrica 52(1):87-100.",
    )
    parameters = STAGE_PARAMETERS + (
        Parameter("specificity", 0.9, UNIT, "P(no incident | both restrain) = 1 - false-alarm rate", "p", information=True, role="specificity", former=("p",)),
        Parameter("non_detection", 0.5, UNIT, "P(no incident | one side arms) = 1 - detection rate", "q", information=True, role="non_detection", former=("q",)),
    ) + DYNAMIC_PARAMETERS

    def _check_arrays(self, p: dict[str, Any]) -> None:
        super()._check_arrays(p)
        self._require(p["non_detection"] < p["specificity"], "non_detection", p["non_detection"], "non_detection < specificity",
                      "a unilateral arming must make an incident more likely than mutual restraint")

    def _pq(self, p: dict[str, Any]) -> tuple[Any, Any]:
        return p["specificity"], p["non_detection"]

    def _pq_symbolic(self, s: dict) -> tuple[Any, Any]:
        return s["specificity"], s["non_detection"]

    def _facts_symbolic(self, s: dict) -> tuple:
        import sympy as sp

        return (sp.Lt(s["non_detection"], s["specificity"]),)
