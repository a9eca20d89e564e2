r"""Incident reporting with a neutral verifier who re-examines incidents (reconstruction).

See :class:`IncidentVerification` (``incident_verification``).

References
----------
Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*, ch. 7. Oxford UP.
Rahman, D. (2012). But who will monitor the monitor? *American Economic Review* 102(6),
2767-2797.
Downs, G. W. and Rocke, D. M. (1990). *Tacit Bargaining, Arms Races, and Arms Control*.
University of Michigan Press.
"""

from __future__ import annotations

from typing import Any

from .._validation import Interval
from ._base import Parameter
from ._trigger_pause import DYNAMIC_PARAMETERS, STAGE_PARAMETERS, TriggerPauseModel

__all__ = ["IncidentVerification"]

UNIT = Interval(0.0, 1.0)


class IncidentVerification(TriggerPauseModel):
    r"""The repeated security dilemma with a neutral verifier who re-checks incidents.

    An accidental incident occurs under mutual restraint with probability ``false_alarm`` (alpha); a real
    (unilateral) arming produces an incident with probability ``detection`` (d). A neutral investigator
    certifies a true accident as an accident with probability ``certify`` (rho) and misclassifies a
    real violation as an accident with probability ``nu``. Only *uncertified* incidents
    trigger the pause, so the binary public signal of the trigger strategy has

    .. math:: p = 1 - \alpha(1 - \rho), \qquad q = 1 - d(1 - \nu),

    and everything else is the trigger-with-pause model of ``noisy_security_dilemma``:
    κ, the optimal pause T*, the value V(T*), the long-run escalation share
    φ(T*) = T*(1-p)/(1 + T*(1-p)), the expected peaceful spell 1/(1-p).

    **Assumption on q:** in a period with a real violation there is
    no *separate* accidental incident -- ``d`` already includes it. (Under independent
    accidents one would have q = (1 - alpha(1-rho))(1 - d(1-nu)) instead.)

    What verification does: a verifier that excuses accidents (``rho`` up) raises p and cuts
    mistaken escalation roughly in proportion to 1 - rho; one that also excuses real
    violations (``nu`` up) raises q, raises κ and forces longer pauses.

    Equilibria: the trigger equilibrium (when it deters) and *always arm* (static Nash), as
    in ``noisy_security_dilemma``. Provenance: **reconstruction**, built on
    the textbook model of ``noisy_security_dilemma``. Aliases: *neutral third-party verification*, *incident
    investigation / joint incident commission*, *public monitoring by a mediator*.
    Ties: the incentive constraint with equality deters (within 1e-12).
    """

    id = "incident_verification"
    title = "Neutral verification of incidents: how verifier accuracy moves the pause and escalation"
    provenance = "reconstruction"
    references = (
        "MailathSamuelson2006: Repeated Games and Reputations, ch. 7. Oxford University Press.",
        "Rahman2012: But who will monitor the monitor? American Economic Review 102(6):2767-2797.",
        "DownsRocke1990: Tacit Bargaining, Arms Races, and Arms Control. University of Michigan Press.",
    )
    parameters = STAGE_PARAMETERS + (
        Parameter("false_alarm", 0.1, UNIT, "probability of an accidental incident under mutual restraint", "α", role="false_alarm", former=("alpha",)),
        Parameter("detection", 0.5, UNIT, "probability that a real arming produces an incident", "d", role="detection", former=("d",)),
        Parameter("certify", 0.0, UNIT, "probability that the verifier certifies an accident as an accident", "ρ",
                  information=True, role="specificity", former=("rho",)),
        Parameter("nu", 0.0, UNIT, "probability that the verifier excuses a real violation as an accident", "ν",
                  information=True, role="non_detection"),
    ) + DYNAMIC_PARAMETERS

    def _check_arrays(self, p: dict[str, Any]) -> None:
        super()._check_arrays(p)
        self._require(p["detection"] * (1 - p["nu"]) > p["false_alarm"] * (1 - p["certify"]), "nu", p["nu"],
                      "detection (1 - nu) > false_alarm (1 - certify)",
                      "an uncertified incident must be more likely after a violation than after an accident")

    def _pq(self, p: dict[str, Any]) -> tuple[Any, Any]:
        return 1 - p["false_alarm"] * (1 - p["certify"]), 1 - p["detection"] * (1 - p["nu"])

    # p = 1 - alpha (1 - rho) is computed by the model with a cancellation: the unbounded
    # quantities 1/(1 - p), kappa and V_bind lose digits beyond 1e-9 absolute when 1 - p is
    # tiny, so the symbolic form leaves them out (noisy_security_dilemma's form has them)
    _SYMBOLIC_UNCHECKABLE = ("expected_time_to_escalation", "kappa", "v_bind")

    def _pq_symbolic(self, s: dict) -> tuple[Any, Any]:
        return 1 - s["false_alarm"] * (1 - s["certify"]), 1 - s["detection"] * (1 - s["nu"])

    def _facts_symbolic(self, s: dict) -> tuple:
        import sympy as sp

        return (sp.Gt(s["detection"] * (1 - s["nu"]), s["false_alarm"] * (1 - s["certify"])),)
