"""Brinkmanship: the threat that leaves something to chance.

``variant="one_sided"`` (default) -- **textbook version** of Schelling (1960, *The Strategy of
Conflict*, ch. 8) in the form of Dixit, Skeath and Reiley (*Games of Strategy*, brinkmanship
chapter); the notation and normalisation are the project's, not Schelling's (who gives no formal
model). A threatener T chooses a risk ``q`` of uncontrollable disaster; the target is hard
(probability ``pi``, Schelling's h) or soft. Payoffs (T, target): comply ``(a_T, -a_R)``; defy without disaster,
T backs down ``(-b_T, b_R)``; defy with disaster ``(-D_T, -D_soft or -D_hard)``; no threat
``(-b_T, b_R)``.

* compliance: type k complies iff ``q >= q_k = (a_R + b_R) / (b_R + D_k)``; ``q_eff = q_soft``,
  ``q_hard = (a_R + b_R) / (b_R + D_hard)``;
* T's candidates are no threat and a threat at each threshold ``q_k <= 1`` (a risk between
  thresholds has the same compliers as the lower one and more risk); T takes the best
  (ties: no threat, then the lower risk).
* The textbook case is ``D_hard < a_R`` (``q_hard > 1``: the hard target never complies). Then
  T threatens at ``q_eff`` iff ``q_eff <= 1`` and ``q_eff < q_acc = (1-h)(a_T + b_T) / (h (D_T - b_T))``
  (acceptability; at equality T is indifferent and makes no threat), i.e. iff
  ``h < h_bar = (a_T + b_T) / (a_T + b_T + q_eff (D_T - b_T))``, and ``Pr(disaster) = h q_eff``.
* If ``D_hard >= a_R`` (``q_hard <= 1``) and ``D_soft >= a_R``, T threatens at
  ``max(q_eff, q_hard)``: every type complies and there is no disaster (a threat that
  everyone obeys beats any threat that some type defies). If ``D_soft < a_R <= D_hard`` only
  the "hard" type can be made to comply; T threatens at ``q_hard`` iff ``h > g_h = q_hard (D_T - b_T)
  / (a_T + b_T + q_hard (D_T - b_T))`` and ``Pr(disaster) = (1 - h) q_hard``.

Information extension (**reconstruction**, not in Schelling or Dixit-Skeath-Reiley; the
project notes that a noisy signal about h is again non-monotone): before choosing, T sees a
public binary signal about the target's type of accuracy ``rho`` (``rho = 0.5`` is
uninformative and reproduces the textbook game; ``rho = 1`` reveals the type, and then disaster
is 0). After the hard-looking signal T's belief is ``h rho / (h rho + (1-h)(1-rho))``, after the
soft-looking one ``h (1-rho) / (h (1-rho) + (1-h) rho)``; T applies the rule above at each
posterior.

``variant="two_sided"`` -- **reconstruction** (a continuous "risk war of attrition" in the
spirit of Powell 1987/1988; not Powell's game). Each state's resolve is ``v ~ U[0,1]``;
conceding pays 0, disaster -1, prevailing ``v``; disaster strikes at a level ``U[0,1]`` of
accumulated risk. Equilibria in nondecreasing quitting levels (reported: all three kinds):

* symmetric: ``s(v) = 1 - (1 - v) e^v`` and ``Pr(disaster) = E[s(min(v_1, v_2))] = 11 - 4e``;
* asymmetric, a continuum indexed by the odds ratio ``K > 0`` of the two states' concession
  probabilities (:func:`quit_levels_asymmetric`, :func:`disaster_two_sided`), derived here as
  for the classical war of attrition (Nalebuff and Riley 1985): Pr(disaster) is below
  ``11 - 4e`` and tends to 0 as one state becomes the one that concedes;
* its two limits, where one state concedes at once (no disaster); a solution reports these
  two and the symmetric one, so that its escalation range ``[0, 11 - 4e]`` covers the family.

No parameter of the one-sided version (nor ``rho``) enters the two-sided version: it has no
types that differ in their disaster loss, so the gap of the one-sided version (a type that
could be made to comply) does not arise there.

Ties go to the peaceful action: the soft target complies at ``q = q_eff``; T makes no threat when
indifferent and takes the lower risk between equally good threats. Comparisons use a tolerance
``TIE_TOL`` (1e-12).

Aliases: *threat that leaves something to chance*, *probabilistic threat*, *brinkmanship*
(Schelling 1960); *competition in risk taking* (Schelling 1966); *risk war of attrition*
(for the two-sided version).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .._validation import Choice, Interval
from ._base import ArraySolution, Model, Parameter, Variant

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = ["Brinkmanship", "TIE_TOL", "DISASTER_TWO_SIDED", "quit_level", "quit_levels_asymmetric",
           "disaster_two_sided"]

TIE_TOL = 1e-12
DISASTER_TWO_SIDED = 11.0 - 4.0 * np.e
"""Pr(disaster) in the symmetric equilibrium of the two-sided risk war of attrition, 11 - 4e."""

_LABELS = {(True, True): "threat", (False, False): "no threat",
           (False, True): "threat after soft-looking signal only",
           (True, False): "threat after hard-looking signal only"}
"""Equilibrium label by (threat after the hard-looking signal, threat after the soft-looking one)."""

_UNIT = Interval(0.0, 1.0)
_POS = Interval(0.0, np.inf, low_closed=False)
_NONNEG = Interval(0.0, np.inf)


def quit_level(v: Any) -> np.ndarray:
    """Symmetric equilibrium quitting level ``s(v) = 1 - (1 - v) e^v`` of the two-sided version."""
    v = np.asarray(v, dtype=float)
    return 1.0 - (1.0 - v) * np.exp(v)


def quit_levels_asymmetric(v: Any, K: float) -> tuple[np.ndarray, np.ndarray]:
    """Quitting levels ``(s_1(v), s_2(v))`` of the two-sided equilibrium with odds ratio ``K``.

    In an equilibrium in increasing quitting levels, let ``F_i(x)`` be the probability that
    state i has quit before the risk reaches x. Each type's first-order condition
    ``(1 - x) v f_j(x) = 1 - F_j(x)`` gives ``F_1/(1 - F_1) = K F_2/(1 - F_2)`` for a
    constant ``K > 0`` (the odds that state 1 has quit, over state 2's), and then

    ``s_2(v) = 1 - (1 - v) (1 + (K - 1) v)^(1/(K - 1))``, ``s_1`` the same with ``1/K``.

    ``K = 1`` is the symmetric :func:`quit_level`; ``K > 1`` makes state 1 the one that
    concedes sooner. As ``K -> inf`` state 1 concedes at once (``s_1 -> 0``).
    """
    v = np.asarray(v, dtype=float)
    K = float(K)
    if not K > 0 or not np.isfinite(K):
        raise ValueError(f"`K` must be a positive finite number (got {K!r}); it is the odds ratio of the family")

    def level(k: float) -> np.ndarray:
        if abs(k - 1.0) < 1e-12:
            return quit_level(v)
        return 1.0 - (1.0 - v) * (1.0 + (k - 1.0) * v) ** (1.0 / (k - 1.0))

    return level(1.0 / K), level(K)


def disaster_two_sided(K: float = 1.0) -> float:
    """Pr(disaster) ``E[min(s_1(v_1), s_2(v_2))]`` in the two-sided equilibrium with odds ratio ``K``.

    ``= int_0^1 (1 - v)^2 K v g(v) / (1 - v + K v)^2 dv`` with ``g(v) = (1 + (K - 1) v)^(1/(K - 1))``
    (``e^v`` at ``K = 1``, where it equals ``11 - 4e``); symmetric in ``K <-> 1/K``, largest at
    ``K = 1`` and tending to 0 as K tends to 0 or infinity (a state that concedes at once).
    """
    from scipy.integrate import quad

    K = float(K)
    if not K > 0 or not np.isfinite(K):
        raise ValueError(f"`K` must be a positive finite number (got {K!r}); it is the odds ratio of the family")
    if abs(K - 1.0) < 1e-12:
        return float(DISASTER_TWO_SIDED)

    def integrand(v: float) -> float:
        g = (1.0 + (K - 1.0) * v) ** (1.0 / (K - 1.0))
        return (1.0 - v) ** 2 * K * v * g / (1.0 - v + K * v) ** 2

    return float(quad(integrand, 0.0, 1.0, epsabs=1e-13, epsrel=1e-12)[0])


class Brinkmanship(Model):
    """Schelling's threat that leaves something to chance and a two-sided risk war of attrition.

    Provenance: textbook version for the one-sided game with ``rho = 0.5``; reconstruction for
    the signal extension and the two-sided version (solutions of those carry that label). See
    the module docstring for the equations and ties.
    """

    id = "brinkmanship"
    title = "Brinkmanship: a threat that leaves something to chance (one-sided) or a risk war of attrition"
    provenance = "textbook version"
    variants = (
        Variant("one_sided", "textbook version", {"variant": "one_sided"}, "rho = 0.5"),
        Variant("one_sided signal extension", "reconstruction", {"variant": "one_sided"}, "rho != 0.5",
                example={"variant": "one_sided", "rho": 0.75}),
        Variant("two_sided", "reconstruction", {"variant": "two_sided"}),
    )
    references = (
        "Schelling1960: The Strategy of Conflict, Harvard University Press, ch. 8",
        "DixitSkeathReiley: Games of Strategy, Norton, chapter on brinkmanship",
        "Powell1988: Nuclear Brinkmanship with Two-Sided Incomplete Information, APSR 82(1) (spirit of the two-sided version only)",
        "NalebuffRiley1985: Asymmetric Equilibria in the War of Attrition, J. Theoretical Biology 113 (the asymmetric family's analogue)",
    )
    parameters = (
        Parameter("variant", "one_sided", Choice(("one_sided", "two_sided")),
                  "one-sided threat (textbook) or two-sided risk war of attrition (reconstruction)", role="variant", former=("version",)),
        Parameter("a_T", 1.0, _POS, "threatener's gain when the target complies", "a_T", role="benefit"),
        Parameter("b_T", 2.0, _POS, "threatener's loss when it backs down (also its no-threat payoff -b_T)", "b_T", role="cost"),
        Parameter("D_T", 10.0, _POS, "threatener's loss from disaster (D_T > b_T)", "D_T", role="cost"),
        Parameter("a_R", 1.0, _NONNEG, "target's loss from complying", "a_R", role="cost"),
        Parameter("b_R", 2.0, _POS, "target's gain from defying when T backs down", "b_R", role="benefit"),
        Parameter("D_soft", 8.0, _POS, "soft target's loss from disaster", "D_soft", role="cost"),
        Parameter("D_hard", 0.5, _POS, "hard target's loss from disaster (it never complies iff D_hard < a_R)", "D_hard", role="cost"),
        Parameter("pi", 0.5, _UNIT, "prior probability that the target is hard", "h", role="prior", former=("h",)),
        Parameter("rho", 0.5, Interval(0.5, 1.0),
                  "accuracy of a public signal about the target's type (0.5 uninformative; extension [R])",
                  "rho", information=True, role="signal_accuracy"),
    )
    outcomes = ("no_threat", "compliance", "backdown", "disaster", "concession")
    escalatory = ("disaster",)
    flags = ("symmetric", "threat")

    def _check_arrays(self, p: dict[str, np.ndarray]) -> None:
        self._require(p["D_T"] > p["b_T"], "D_T", p["D_T"], "D_T > b_T",
                      "disaster must be worse for the threatener than backing down")

    def variant_of(self, p):
        """Two-sided version, signal extension (``rho != 0.5``) or the textbook one-sided game."""
        if p["variant"] == "two_sided":
            return self.variants[2]
        return self.variants[1] if abs(p["rho"] - 0.5) > TIE_TOL else self.variants[0]

    # closed form ----------------------------------------------------------------------
    @staticmethod
    def _one_sided(a_T, b_T, D_T, a_R, b_R, D_soft, D_hard, h, rho):
        """Outcome probabilities summed over the two signals, the thresholds, and T's choice.

        After each signal T compares no threat with a threat at each compliance threshold
        ``q_k = (a_R + b_R) / (b_R + D_k)`` (k = soft, hard) that is at most 1: at ``q`` the
        types with ``q_k <= q`` comply, the others defy and disaster strikes with probability
        ``q``. A risk between two thresholds is dominated by the lower one (same compliers,
        more risk), so these are T's only candidates. Ties: no threat over a threat, then the
        lower risk.
        """
        a_T, b_T, D_T, a_R, b_R, D_soft, D_hard, h, rho = (
            np.asarray(v, dtype=float) for v in (a_T, b_T, D_T, a_R, b_R, D_soft, D_hard, h, rho))
        with np.errstate(over="ignore"):  # b_R + D_k subnormal: q_k = inf, a threshold above 1
            q_eff = (a_R + b_R) / (b_R + D_soft)
            q_hard = (a_R + b_R) / (b_R + D_hard)
            h_bar = (a_T + b_T) / (a_T + b_T + q_eff * (D_T - b_T))
        q_lo, q_hi = np.minimum(q_eff, q_hard), np.maximum(q_eff, q_hard)
        out = {k: 0.0 for k in ("no_threat", "compliance", "backdown", "disaster")}
        threats = []

        def gain(q, mu):
            """T's payoff at risk q over no threat, raw and per unit of a_T + b_T + q (D_T - b_T)
            (a positive scale: with only the soft type complying the latter is h_bar - mu)."""
            soft_c, hard_c = q_eff <= q + TIE_TOL, q_hard <= q + TIE_TOL
            p_c = (1.0 - mu) * soft_c + mu * hard_c
            ok = q <= 1.0 + TIE_TOL
            with np.errstate(over="ignore", invalid="ignore"):  # discarded where q > 1
                u = p_c * a_T - (1.0 - p_c) * ((1.0 - q) * b_T + q * D_T) + b_T
                return np.where(ok, u, -np.inf), np.where(ok, u / (a_T + b_T + q * (D_T - b_T)), -np.inf)

        # signal "hard-looking" (prob of hard: rho) and "soft-looking" (prob of hard: 1 - rho)
        for hit_hard, hit_soft in ((rho, 1.0 - rho), (1.0 - rho, rho)):
            p_sig = h * hit_hard + (1.0 - h) * hit_soft
            with np.errstate(invalid="ignore", divide="ignore"):
                post = np.where(p_sig > 0, h * hit_hard / np.where(p_sig > 0, p_sig, 1.0), 0.0)
            (u_lo, g_lo), (u_hi, g_hi) = gain(q_lo, post), gain(q_hi, post)
            use_hi = (g_hi > TIE_TOL) & (u_hi > u_lo + np.where(np.isfinite(u_lo), TIE_TOL * (1.0 + np.abs(u_lo)), 0.0))
            threat = (use_hi | (g_lo > TIE_TOL)) & (p_sig > 0)
            q = np.where(use_hi, q_hi, q_lo)
            hard_mass = h * hit_hard
            soft_mass = (1.0 - h) * hit_soft
            soft_c, hard_c = q_eff <= q + TIE_TOL, q_hard <= q + TIE_TOL
            defy = soft_mass * ~soft_c + hard_mass * ~hard_c
            out["no_threat"] = out["no_threat"] + np.where(threat, 0.0, p_sig)
            out["compliance"] = out["compliance"] + np.where(threat, p_sig - defy, 0.0)
            qt = np.where(threat, q, 0.0)  # the risk T runs (q may be inf where there is no threat)
            out["disaster"] = out["disaster"] + np.where(threat, defy * qt, 0.0)
            out["backdown"] = out["backdown"] + np.where(threat, defy * (1.0 - qt), 0.0)
            threats.append((threat, post, np.where(threat, q, 0.0)))
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            q_acc = np.where(h > 0, (1.0 - h) * (a_T + b_T) / np.where(h > 0, h * (D_T - b_T), 1.0), np.inf)
        return out, q_eff, q_hard, q_acc, h_bar, threats

    # symbolic form --------------------------------------------------------------------
    def symbolic(self) -> SymbolicForm:
        r"""One-sided regimes (threat after both / the soft-looking signal only / none), ties, two-sided.

        With :math:`q_{eff} = (a_R + b_R)/(b_R + D_{soft})`, :math:`\bar h = (a_T + b_T)/(a_T + b_T
        + q_{eff}(D_T - b_T))` and the posteriors :math:`\mu_H = h\rho/(h\rho + (1-h)(1-\rho))
        \ge \mu_S = h(1-\rho)/(h(1-\rho) + (1-h)\rho)`, T threatens after a signal iff
        :math:`q_{eff} \le 1` and its posterior is :math:`< \bar h`. Ties: ``q_eff = 1`` still
        threatens (the soft target complies at ``q = q_eff``); a posterior equal to
        :math:`\bar h` gives no threat. These regimes assume the hard type never complies
        (:math:`D_{hard} < a_R`); otherwise every type complies at the larger threshold
        (:math:`D_{soft} \ge a_R`) or only the hard type can be made to comply, which T does
        when its posterior exceeds :math:`g_h = q_{hard}(D_T - b_T)/(a_T + b_T + q_{hard}(D_T - b_T))`.
        The two-sided version: ``11 - 4e`` (symmetric) and 0 (one state concedes at once).
        """
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        s = model_symbols(self)
        a_T, b_T, D_T, a_R, b_R, D_soft, D_hard, h, rho = (
            s[n] for n in ("a_T", "b_T", "D_T", "a_R", "b_R", "D_soft", "D_hard", "pi", "rho"))
        q_eff = (a_R + b_R) / (b_R + D_soft)
        h_bar = (a_T + b_T) / (a_T + b_T + q_eff * (D_T - b_T))
        q_acc = (1 - h) * (a_T + b_T) / (h * (D_T - b_T))
        p_H = h * rho + (1 - h) * (1 - rho)  # probability of the hard-looking signal
        p_S = h * (1 - rho) + (1 - h) * rho
        mu_H, mu_S = h * rho / p_H, h * (1 - rho) / p_S
        common = {"q_eff": q_eff, "q_acc": q_acc, "h_bar": h_bar,
                  "posterior_hard_signal": mu_H, "posterior_soft_signal": mu_S}
        none = {ESCALATION: 0, "no_threat": 1, "compliance": 0, "backdown": 0, "disaster": 0, **common}
        both = {ESCALATION: h * q_eff, "no_threat": 0, "compliance": 1 - h, "disaster": h * q_eff,
                "backdown": h * (1 - q_eff), **common}
        soft = {ESCALATION: h * (1 - rho) * q_eff, "no_threat": p_H, "compliance": (1 - h) * rho,
                "disaster": h * (1 - rho) * q_eff, "backdown": h * (1 - rho) * (1 - q_eff), **common}
        q_hard = (a_R + b_R) / (b_R + D_hard)
        g_h = q_hard * (D_T - b_T) / (a_T + b_T + q_hard * (D_T - b_T))  # posterior on hard above which T threatens
        common_h = {**common, "q_hard": q_hard}
        all_c = {ESCALATION: 0, "no_threat": 0, "compliance": 1, "disaster": 0, "backdown": 0, **common_h}
        h_both = {ESCALATION: (1 - h) * q_hard, "no_threat": 0, "compliance": h, "disaster": (1 - h) * q_hard,
                  "backdown": (1 - h) * (1 - q_hard), **common_h}
        h_hard = {ESCALATION: (1 - h) * (1 - rho) * q_hard, "no_threat": p_S, "compliance": h * rho,
                  "disaster": (1 - h) * (1 - rho) * q_hard, "backdown": (1 - h) * (1 - rho) * (1 - q_hard),
                  **common_h}
        d = 11 - 4 * sp.E
        two = {ESCALATION: d, "disaster": d, "concession": 1 - d, "disaster_closed_form": d}
        conceded = {ESCALATION: 0, "disaster": 0, "concession": 1, "disaster_closed_form": 0}
        ONE = {"variant": "one_sided"}
        R = Regime
        eff, tie_eff, ineff = sp.Lt(q_eff, 1), sp.Eq(q_eff, 1), sp.Gt(q_eff, 1)
        regimes = [
            R("ineffective", (ineff, sp.Gt(a_R, D_hard)), (none,), ("no threat",), choices=ONE,
              description="q_eff > 1: no risk level makes the soft target comply"),
            R("threat", (eff, sp.Gt(a_R, D_hard), sp.Lt(mu_H, h_bar)), (both,), ("threat",), choices=ONE,
              description="T threatens at q_eff after either signal"),
            R("threat_soft_signal_only", (eff, sp.Gt(a_R, D_hard), sp.Lt(mu_S, h_bar), sp.Gt(mu_H, h_bar)), (soft,),
              ("threat after soft-looking signal only",), choices=ONE,
              description="T threatens only after the soft-looking signal"),
            R("no_threat", (eff, sp.Gt(a_R, D_hard), sp.Gt(mu_S, h_bar)), (none,), ("no threat",), choices=ONE,
              description="the threat is not acceptable after either signal"),
            R("tie:q_eff=1,threat", (tie_eff, sp.Gt(a_R, D_hard), sp.Lt(mu_H, h_bar)), (both,), ("threat",), choices=ONE,
              description="q_eff = 1: the certain-risk threat is still effective (the target complies)"),
            R("tie:mu_H=h_bar", (eff, sp.Gt(a_R, D_hard), sp.Eq(mu_H, h_bar), sp.Lt(mu_S, h_bar)), (soft,),
              ("threat after soft-looking signal only",), choices=ONE,
              description="indifferent after the hard-looking signal: no threat there"),
            R("tie:mu_S=h_bar", (eff, sp.Gt(a_R, D_hard), sp.Eq(mu_S, h_bar)), (none,), ("no threat",), choices=ONE,
              description="indifferent after the soft-looking signal: no threat"),
            # the hard type complies at q_hard <= 1 (D_hard >= a_R): every type complies at the
            # larger threshold, or (D_soft < a_R) only the hard type can be made to comply
            R("every_type_complies", (sp.Le(a_R, D_hard), sp.Le(a_R, D_soft)), (all_c,), ("threat",),
              choices=ONE, description="D_hard >= a_R and D_soft >= a_R: T threatens at max(q_eff, q_hard); no disaster"),
            R("only_hard_complies", (sp.Le(a_R, D_hard), sp.Gt(a_R, D_soft), sp.Gt(mu_S, g_h)), (h_both,),
              ("threat",), choices=ONE,
              description="D_soft < a_R <= D_hard: threat at q_hard after either signal; the soft type defies"),
            R("only_hard_complies_hard_signal_only", (sp.Le(a_R, D_hard), sp.Gt(a_R, D_soft), sp.Lt(mu_S, g_h),
                                                      sp.Gt(mu_H, g_h)), (h_hard,),
              ("threat after hard-looking signal only",), choices=ONE,
              description="D_soft < a_R <= D_hard: threat at q_hard after the hard-looking signal only"),
            R("only_hard_complies_no_threat", (sp.Le(a_R, D_hard), sp.Gt(a_R, D_soft), sp.Lt(mu_H, g_h)), (none,),
              ("no threat",), choices=ONE,
              description="D_soft < a_R <= D_hard: the threat at q_hard is not worth it after either signal"),
            R("two_sided", (), (two, conceded, conceded),
              ("symmetric cutoff", "state 1 concedes at once", "state 2 concedes at once"),
              choices={"variant": "two_sided"},
              description="risk war of attrition: Pr(disaster) = 11 - 4e (symmetric), 0 (one state concedes)"),
        ]
        return SymbolicForm.build(self, regimes, facts=(sp.Gt(D_T, b_T),),
                                  sampling={"a_T": (0.0, 3.0), "b_T": (0.0, 3.0), "D_T": (0.0, 20.0),
                                            "a_R": (0.0, 3.0), "b_R": (0.0, 3.0), "D_soft": (0.0, 10.0),
                                            "D_hard": (0.0, 3.0)},
                                  solve_order=("a_T", "D_soft"))

    def _two_sided(self) -> list:
        """Every equilibrium in nondecreasing quitting levels: the symmetric one and the two
        where one state concedes at once; between them a continuum (odds ratio ``K``, see
        :func:`quit_levels_asymmetric`) whose disaster probability fills ``(0, 11 - 4e)``."""
        d = float(DISASTER_TWO_SIDED)
        sym = self._equilibrium(
            "symmetric cutoff",
            {"concession": 1.0 - d, "disaster": d},
            strategies={"quit_level": "s(v) = 1 - (1 - v) exp(v)",
                        "s(0.3)": float(quit_level(0.3)), "s(0.6)": float(quit_level(0.6)),
                        "s(0.9)": float(quit_level(0.9))},
            quantities={"disaster_closed_form": d},
            flags={"symmetric": True},
        )
        ends = [self._equilibrium(
            f"state {i} concedes at once",
            {"concession": 1.0, "disaster": 0.0},
            strategies={"quit_level": f"s_{i}(v) = 0; s_{3 - i}(v) > 0 (any)",
                        "family": "limit of the asymmetric continuum (odds ratio K -> "
                                  + ("inf" if i == 1 else "0") + "); see quit_levels_asymmetric"},
            quantities={"disaster_closed_form": 0.0},
            flags={"symmetric": False},
        ) for i in (1, 2)]
        return [sym, *ends]

    def _solve(self, p: dict[str, Any]) -> list:
        # each version reports its own quantities and flags; _solve_arrays includes a
        # version's columns only when some point uses that version, so that scalar and
        # vectorized sweeps give the same columns
        if p["variant"] == "two_sided":
            return self._two_sided()
        out, q_eff, q_hard, q_acc, h_bar, threats = self._one_sided(
            p["a_T"], p["b_T"], p["D_T"], p["a_R"], p["b_R"], p["D_soft"], p["D_hard"], p["pi"], p["rho"])
        out = {k: float(v) for k, v in out.items()}
        (t_hard, post_hard, q_h), (t_soft, post_soft, q_s) = ((bool(t), float(m), float(q)) for t, m, q in threats)
        if abs(p["rho"] - 0.5) <= TIE_TOL:  # uninformative: both signals are the same
            t_soft, q_s = t_hard, q_h
        return [self._equilibrium(
            _LABELS[(t_hard, t_soft)], out,
            strategies={"threat_after_hard_signal": t_hard, "threat_after_soft_signal": t_soft,
                        "q_after_hard_signal": q_h, "q_after_soft_signal": q_s,
                        "target_complies": "soft iff q >= q_eff, hard iff q >= q_hard"},
            quantities={"q_eff": float(q_eff), "q_hard": float(q_hard), "q_acc": float(q_acc),
                        "h_bar": float(h_bar),
                        "posterior_hard_signal": post_hard, "posterior_soft_signal": post_soft},
            flags={"threat": t_hard or t_soft},
        )]

    def _solve_arrays(self, p: dict[str, np.ndarray]) -> ArraySolution:
        two = p["variant"] == "two_sided"
        f = {k: np.asarray(v, dtype=float) for k, v in p.items() if k != "variant"}
        out, q_eff, q_hard, q_acc, h_bar, threats = self._one_sided(
            f["a_T"], f["b_T"], f["D_T"], f["a_R"], f["b_R"], f["D_soft"], f["D_hard"], f["pi"], f["rho"])
        n = two.shape[0]
        d = DISASTER_TWO_SIDED
        outcomes = {k: np.where(two, 0.0, np.broadcast_to(v, (n,))) for k, v in out.items()}
        outcomes["disaster"] = np.where(two, d, outcomes["disaster"])
        outcomes["concession"] = np.where(two, 1.0 - d, 0.0)
        # slots 1 and 2: the two-sided equilibria where state 1 / state 2 concedes at once
        zero = np.zeros(n)
        ends = {k: zero for k in outcomes} | {"concession": np.ones(n)}
        (t_hard, post_hard, _), (t_soft, post_soft, _) = threats
        uninf = np.abs(f["rho"] - 0.5) <= TIE_TOL
        t_soft_eff = np.where(uninf, t_hard, t_soft)
        lab1 = np.where(t_hard & t_soft_eff, _LABELS[(True, True)],
                        np.where(~t_hard & ~t_soft_eff, _LABELS[(False, False)],
                                 np.where(t_soft_eff, _LABELS[(False, True)], _LABELS[(True, False)])))
        labels = np.where(two, "symmetric cutoff", lab1).astype(object)
        nan = np.full(n, np.nan)
        quantities = {"q_eff": np.where(two, nan, q_eff), "q_hard": np.where(two, nan, q_hard),
                      "q_acc": np.where(two, nan, q_acc),
                      "h_bar": np.where(two, nan, h_bar),
                      "posterior_hard_signal": np.where(two, nan, post_hard),
                      "posterior_soft_signal": np.where(two, nan, post_soft),
                      "disaster_closed_form": np.where(two, d, nan)}
        flags = {"threat": ~two & (t_hard | t_soft_eff), "symmetric": two}
        if not (~two).any():
            quantities = {"disaster_closed_form": quantities["disaster_closed_form"]}
            del flags["threat"]
        elif not two.any():
            del quantities["disaster_closed_form"], flags["symmetric"]
        valid = np.column_stack([np.ones(n, dtype=bool), two, two])
        lab = np.column_stack([labels, np.full(n, "state 1 concedes at once", dtype=object),
                               np.full(n, "state 2 concedes at once", dtype=object)])
        end_q = {k: np.where(two, 0.0, nan) if k == "disaster_closed_form" else nan for k in quantities}
        return ArraySolution(
            valid=valid,
            labels=lab,
            outcomes={k: np.column_stack([v, ends[k], ends[k]]) for k, v in outcomes.items()},
            quantities={k: np.column_stack([np.broadcast_to(v, (n,)), end_q[k], end_q[k]])
                        for k, v in quantities.items()},
            flags={k: np.column_stack([np.asarray(v, bool), np.zeros(n, bool), np.zeros(n, bool)])
                   for k, v in flags.items()},
        )
