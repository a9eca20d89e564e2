r"""Statistical inspection game on a Gaussian ROC (Avenhaus, von Stengel & Zamir 2002).

The inspector chooses the false-alarm level of a Neyman-Pearson test; detectability ``D``
is the transparency knob. Escalation is *an alarm is raised*. See :class:`InspectionROC`.

References
----------
Avenhaus, R., von Stengel, B. and Zamir, S. (2002). Inspection games. In Aumann & Hart
(eds.), *Handbook of Game Theory* vol. 3, ch. 51, 1947-1987.
Avenhaus, R., Okada, A. and Zamir, S. (1991). Inspector leadership with incomplete
information. In Selten (ed.), *Game Equilibrium Models IV*, 319-361.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.optimize import brentq
from scipy.special import ndtr, ndtri

from .._validation import Choice, Interval
from ..solvers.roots import bisect_increasing
from ._base import ArraySolution, Model, Parameter

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = ["InspectionROC"]

POS = Interval(0.0, np.inf, low_closed=False)


class InspectionROC(Model):
    r"""Statistical inspection game: the inspector picks a false-alarm level on a Gaussian ROC.

    A Neyman-Pearson test with false-alarm probability :math:`\alpha` has non-detection
    probability :math:`\beta(\alpha) = \Phi(\Phi^{-1}(1-\alpha) - D)`, where ``D`` (the
    diversion size over the measurement error) is the *detectability*, the transparency
    knob. Payoffs (inspector, inspectee): legal & no alarm (0, 0); false alarm (-e, -h);
    illegal & detected (-a, -b); illegal & undetected (-c, d).

    **Simultaneous** equilibrium: the inspectee's indifference pins :math:`\alpha^*` by
    :math:`\beta(\alpha^*) = (b - h\alpha^*)/(b + d)` (unique root in (0, 1) when
    ``h < b``), and the inspector's first-order condition the violation probability
    :math:`q^* = e/(e - (c-a)\beta'(\alpha^*))` with
    :math:`\beta'(\alpha) = -\varphi(z - D)/\varphi(z)`, :math:`z = \Phi^{-1}(1-\alpha)`.
    **Leadership**: the inspector announces :math:`\alpha^*` and the inspectee then acts
    legally (its tie is broken towards Legal), so the inspector earns
    :math:`-e\alpha^*` (ASvZ 2002; Avenhaus, Okada & Zamir 1991).

    Escalation is an alarm: :math:`(1-q)\alpha + q(1-\beta)` (simultaneous) and
    :math:`\alpha^*` (leadership). Note that the equilibrium *detection* probability
    :math:`1 - \beta(\alpha^*) = (d + h\alpha^*)/(b + d)` is pinned by the inspectee's
    indifference: better technology shows up as fewer false alarms and violations.

    Provenance: textbook version (the structure of ASvZ 2002's statistical-decision and
    leadership sections, in their notation).
    """

    id = "inspection_roc"
    title = "Statistical inspection game on a Gaussian ROC (simultaneous / inspector leadership)"
    provenance = "textbook version"
    references = (
        "AvenhausVonStengelZamir2002: Inspection games. Handbook of Game Theory 3, ch. 51.",
        "AvenhausOkadaZamir1991: Inspector leadership with incomplete information. Game Equilibrium Models IV.",
    )
    parameters = (
        Parameter("D", 1.0, Interval(0.0, np.inf, low_closed=False), "detectability: diversion size over measurement error", "D", information=True, role="detectability"),
        Parameter("a", 1.0, POS, "inspector's loss from a detected violation (a < c)", "a", role="cost"),
        Parameter("b", 2.0, POS, "inspectee's loss when caught", "b", role="cost"),
        Parameter("c", 10.0, POS, "inspector's loss from an undetected violation", "c", role="cost"),
        Parameter("d", 1.0, POS, "inspectee's gain from an undetected violation", "d", role="benefit"),
        Parameter("e", 1.0, POS, "inspector's cost of a false alarm", "e", role="cost"),
        Parameter("h", 0.5, POS, "inspectee's cost of a false alarm (h < b)", "h", role="cost"),
        Parameter("variant", "simultaneous", Choice(("simultaneous", "leadership")), "simultaneous moves or inspector leadership", role="variant", former=("version",)),
    )
    outcomes = ("legal_no_alarm", "false_alarm", "violation_detected", "violation_undetected")
    escalatory = ("false_alarm", "violation_detected")
    flags = ()
    method = "closed form (inspectee indifference root by bisection / Brent)"

    def _check_arrays(self, p: dict[str, np.ndarray]) -> None:
        self._require(p["a"] < p["c"], "a", p["a"], "0 < a < c")
        self._require(p["h"] < p["b"], "h", p["h"], "0 < h < b", "a false alarm must hurt the inspectee less than being caught")
        # alpha* solves beta(alpha, D) = (b - h alpha)/(b + d); it is a float only if the
        # inspectee still prefers violating at the smallest one, alpha = exp(-745)
        lo = math.exp(-745.0)
        b, d, h = (np.asarray(p[k], float) for k in ("b", "d", "h"))
        self._require(self.beta(lo, np.asarray(p["D"], float)) > (b - h * lo) / (b + d), "D", p["D"],
                      "beta(5e-324, D) > (b - 5e-324 h)/(b + d)",
                      "detection so sharp that the equilibrium false-alarm rate alpha* is below 5e-324 (the "
                      "smallest float): lower D, or raise d relative to b")

    @staticmethod
    def beta(alpha: Any, D: Any) -> Any:
        """Non-detection probability on the Gaussian ROC."""
        return ndtr(-ndtri(np.asarray(alpha, float)) - D)  # Phi^-1(1 - alpha) = -Phi^-1(alpha), exact for small alpha

    @staticmethod
    def beta_prime(alpha: Any, D: Any) -> Any:
        """:math:`\\beta'(\\alpha) = -\\exp(zD - D^2/2)`, :math:`z = \\Phi^{-1}(1-\\alpha)`."""
        z = -ndtri(np.asarray(alpha, float))  # Phi^-1(1 - alpha), without rounding 1 - alpha to 1
        D = np.asarray(D, float)
        with np.errstate(over="ignore"):  # z D - D^2/2 = D (z - D/2): -inf, so 0, for D near 1e300
            return -np.exp(D * (z - D / 2))

    @classmethod
    def alpha_star(cls, D, b, d, h) -> Any:
        """Root of the inspectee's indifference by vectorized bisection on log(alpha).

        80 halvings of [-745, 0] pin log(alpha*) below double precision; the residual of the
        indifference equation is then limited by its conditioning (up to ~1e-9 for large D).
        """
        D, b, d, h = np.broadcast_arrays(*(np.asarray(v, float) for v in (D, b, d, h)))

        def g(al):
            return cls.beta(al, D) - (b - h * al) / (b + d)

        lo = np.full(D.shape, -745.0)  # log(alpha); g(exp(lo)) > 0
        hi = np.zeros(D.shape)  # g(1) = -(b - h)/(b + d) < 0
        return np.exp(bisect_increasing(lambda x: -g(np.exp(x)), lo, hi, iters=80))

    def _quantities(self, al, D, a, b, c, d, e, h, leadership):
        be = self.beta(al, D)
        q_sim = e / (e - (c - a) * self.beta_prime(al, D))
        q = np.where(leadership, 0.0, q_sim)
        out = {
            "legal_no_alarm": (1 - q) * (1 - al),
            "false_alarm": (1 - q) * al,
            "violation_detected": q * (1 - be),
            "violation_undetected": q * be,
        }
        inspector = np.where(leadership, -e * al, -(1 - q) * e * al - q * ((1 - be) * a + be * c))
        inspectee = -h * al  # legal in leadership; indifferent (so equal to the legal payoff) otherwise
        quant = {"alpha_star": al, "detection_probability": 1 - be, "violation_probability": q,
                 "inspector_payoff": inspector, "inspectee_payoff": inspectee}
        return out, quant

    def symbolic(self) -> SymbolicForm:
        r"""Closed forms in the implicit root :math:`\alpha^*` (one regime per version).

        :math:`\alpha^*` solves :math:`\Phi(\Phi^{-1}(1-\alpha) - D) = (b - h\alpha)/(b + d)`
        (written with ``erf``/``erfinv``); its value comes from :meth:`alpha_star` and the
        tests check the equation's residual. Derivatives use implicit differentiation.
        """
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        s = model_symbols(self)
        D, a, b, c, d, e, h = (s[n] for n in ("D", "a", "b", "c", "d", "e", "h"))
        al = sp.Symbol("alpha_star", positive=True)

        def Phi(x):
            return (1 + sp.erf(x / sp.sqrt(2))) / 2

        z = sp.sqrt(2) * sp.erfinv(1 - 2 * al)  # Phi^{-1}(1 - alpha)
        indifference = sp.Eq(Phi(z - D), (b - h * al) / (b + d))
        detect = 1 - Phi(z - D)  # 1 - beta(alpha*) = (d + h alpha*)/(b + d) at the root
        q = e / (e + (c - a) * sp.exp(z * D - D**2 / 2))
        sim = {ESCALATION: (1 - q) * al + q * detect, "alpha_star": al, "violation_probability": q,
               "detection_probability": detect}
        lead = {ESCALATION: al, "alpha_star": al, "violation_probability": 0, "detection_probability": detect}
        regimes = [
            Regime("simultaneous", (), (sim,), ("mixed",), choices={"variant": "simultaneous"},
                   description="simultaneous moves: the inspector mixes over violations' detection"),
            Regime("leadership", (), (lead,), ("leadership",), choices={"variant": "leadership"},
                   description="inspector leadership: the inspectee acts legally"),
        ]

        def alpha_root(v):
            return self.alpha_star(v["D"], v["b"], v["d"], v["h"])

        return SymbolicForm.build(self, regimes, facts=(sp.Lt(a, c), sp.Lt(h, b)),
                                  sampling={"D": (0.05, 4.0), **{n: (0.05, 10.0) for n in "abcdeh"}},
                                  implicit={al: (indifference, alpha_root)})

    def _solve(self, p: dict[str, Any]) -> list:
        lead = p["variant"] == "leadership"
        # scalar path: Brent's method on the indifference condition (a second root-finder)
        D, b, d, h = p["D"], p["b"], p["d"], p["h"]

        def g(log_al):
            al = np.exp(log_al)
            return float(self.beta(al, D) - (b - h * al) / (b + d))

        al = float(np.exp(brentq(g, -745.0, 0.0, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)))
        out, quant = self._quantities(al, D, p["a"], b, p["c"], d, p["e"], h, lead)
        quant = {k: float(v) for k, v in quant.items()}
        return [self._equilibrium("leadership" if lead else "mixed",
                                  {k: float(v) for k, v in out.items()},
                                  strategies={"false_alarm_level": al, "violation_probability": quant["violation_probability"]},
                                  quantities=quant)]

    def _solve_arrays(self, p: dict[str, np.ndarray]) -> ArraySolution:
        lead = p["variant"] == "leadership"
        al = self.alpha_star(p["D"], p["b"], p["d"], p["h"])
        out, quant = self._quantities(al, p["D"], p["a"], p["b"], p["c"], p["d"], p["e"], p["h"], lead)
        n = p["D"].size
        return ArraySolution(
            valid=np.ones((n, 1), bool),
            labels=np.where(lead, "leadership", "mixed").astype(object)[:, None],
            outcomes={k: np.asarray(v, float)[:, None] for k, v in out.items()},
            quantities={k: np.asarray(v, float)[:, None] for k, v in quant.items()},
        )
