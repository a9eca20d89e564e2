"""Brinkmanship: the threat that leaves something to chance.

``version="one_sided"`` (default) -- catalogue Part A §8a, **textbook version** of Schelling
(1960, *The Strategy of Conflict*, ch. 8) in the form of Dixit, Skeath and Reiley (*Games of
Strategy*, brinkmanship chapter). The notation and normalisation are the catalogue's, not
Schelling's (who gives no formal model). A threatener T chooses a risk ``q`` of uncontrollable
disaster; the target is hard (probability ``h``, never complies) or soft. Payoffs (T, target):
comply ``(a_T, -a_R)``; defy without disaster, T backs down ``(-b_T, b_R)``; defy with disaster
``(-D_T, -D_soft or -D_hard)``; no threat ``(-b_T, b_R)``.

* effectiveness: the soft target complies iff ``q >= q_eff = (a_R + b_R) / (b_R + D_soft)``;
* acceptability: T prefers the threat at ``q`` to no threat iff
  ``(1-h) a_T - h[(1-q) b_T + q D_T] > -b_T``, i.e. ``q < q_acc = (1-h)(a_T + b_T) / (h (D_T - b_T))``;
* T threatens at ``q = q_eff`` iff ``q_eff <= 1`` and ``q_eff < q_acc`` (errata: at
  ``q_eff == q_acc`` T is indifferent and the tie goes to the peaceful action, no threat);
* ``Pr(disaster) = h q_eff`` when the threat is made, 0 otherwise.

Equivalently T threatens iff ``h < h_bar = (a_T + b_T) / (a_T + b_T + q_eff (D_T - b_T))``.

Information extension (**reconstruction**, not in Schelling or Dixit-Skeath-Reiley; the
catalogue notes that "a noisy signal about h is again non-monotone"): before choosing, T sees a
public binary signal about the target's type of accuracy ``rho`` (``rho = 0.5`` is
uninformative and reproduces the textbook game; ``rho = 1`` reveals the type, and then disaster
is 0). After the hard-looking signal T's belief is ``h rho / (h rho + (1-h)(1-rho))``, after the
soft-looking one ``h (1-rho) / (h (1-rho) + (1-h) rho)``; T applies the rule above at each
posterior.

``version="two_sided"`` -- catalogue §8b, **reconstruction** (a continuous "risk war of
attrition" in the spirit of Powell 1987/1988; not Powell's game). Each state's resolve is
``v ~ U[0,1]``; conceding pays 0, disaster -1, prevailing ``v``; disaster strikes at a level
``U[0,1]`` of accumulated risk. The symmetric equilibrium quitting level is
``s(v) = 1 - (1 - v) e^v`` and ``Pr(disaster) = E[s(min(v_1, v_2))] = 11 - 4e``. No parameter
of the one-sided version (nor ``rho``) enters the two-sided version.

Ties go to the peaceful action: the soft target complies at ``q = q_eff``; T makes no threat when
indifferent. Comparisons use a tolerance ``TIE_TOL`` (1e-12).

Aliases: *threat that leaves something to chance*, *probabilistic threat*, *brinkmanship*
(Schelling 1960); *competition in risk taking* (Schelling 1966); *risk war of attrition*
(for the two-sided version).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import numpy as np

from .._validation import Choice, Interval
from ._base import ArraySolution, Model, Parameter

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = ["Brinkmanship", "TIE_TOL", "DISASTER_TWO_SIDED", "quit_level"]

TIE_TOL = 1e-12
DISASTER_TWO_SIDED = 11.0 - 4.0 * np.e
"""Pr(disaster) in the two-sided risk war of attrition, 11 - 4e (catalogue §8b)."""

_UNIT = Interval(0.0, 1.0)
_POS = Interval(0.0, np.inf, low_closed=False)
_NONNEG = Interval(0.0, np.inf)


def quit_level(v: Any) -> np.ndarray:
    """Symmetric equilibrium quitting level ``s(v) = 1 - (1 - v) e^v`` of the two-sided version."""
    v = np.asarray(v, dtype=float)
    return 1.0 - (1.0 - v) * np.exp(v)


class Brinkmanship(Model):
    """Schelling's threat that leaves something to chance (§8a) and a two-sided risk war of attrition (§8b).

    Provenance: textbook version for the one-sided game with ``rho = 0.5``; reconstruction for
    the signal extension and the two-sided version (solutions of those carry that label). See
    the module docstring for the equations and ties.
    """

    id = "brinkmanship"
    title = "Brinkmanship: a threat that leaves something to chance (one-sided) or a risk war of attrition"
    provenance = "textbook version"
    references = (
        "Schelling1960: The Strategy of Conflict, Harvard University Press, ch. 8",
        "DixitSkeathReiley: Games of Strategy, Norton, chapter on brinkmanship",
        "Powell1988: Nuclear Brinkmanship with Two-Sided Incomplete Information, APSR 82(1) (spirit of the two-sided version only)",
    )
    parameters = (
        Parameter("version", "one_sided", Choice(("one_sided", "two_sided")),
                  "one-sided threat (§8a, textbook) or two-sided risk war of attrition (§8b, reconstruction)"),
        Parameter("a_T", 1.0, _POS, "threatener's gain when the target complies", "a_T"),
        Parameter("b_T", 2.0, _POS, "threatener's loss when it backs down (also its no-threat payoff -b_T)", "b_T"),
        Parameter("D_T", 10.0, _POS, "threatener's loss from disaster (D_T > b_T)", "D_T"),
        Parameter("a_R", 1.0, _NONNEG, "target's loss from complying", "a_R"),
        Parameter("b_R", 2.0, _POS, "target's gain from defying when T backs down", "b_R"),
        Parameter("D_soft", 8.0, _POS, "soft target's loss from disaster", "D_soft"),
        Parameter("D_hard", 0.5, _POS, "hard target's loss from disaster (a hard target never complies)", "D_hard"),
        Parameter("h", 0.5, _UNIT, "prior probability that the target is hard", "h"),
        Parameter("rho", 0.5, Interval(0.5, 1.0),
                  "accuracy of a public signal about the target's type (0.5 uninformative; extension [R])",
                  "rho", information=True),
    )
    outcomes = ("no_threat", "compliance", "backdown", "disaster", "concession")
    escalatory = ("disaster",)

    def _check_arrays(self, p: dict[str, np.ndarray]) -> None:
        self._require(p["D_T"] > p["b_T"], "D_T", p["D_T"], "D_T > b_T",
                      "disaster must be worse for the threatener than backing down")

    def _solution(self, p, equilibria, warnings=(), method=None, solver_options=None):
        """As the base class, but a solution of a reconstructed part is labelled as such:
        the two-sided version and the signal extension (``rho != 0.5``) are reconstructions."""
        sol = super()._solution(p, equilibria, warnings, method, solver_options)
        if p["version"] == "two_sided" or abs(p["rho"] - 0.5) > TIE_TOL:
            sol = dataclasses.replace(sol, provenance="reconstruction")
        return sol

    # closed form ----------------------------------------------------------------------
    @staticmethod
    def _one_sided(a_T, b_T, D_T, a_R, b_R, D_soft, h, rho):
        """Outcome probabilities summed over the two signals, and the thresholds."""
        a_T, b_T, D_T, a_R, b_R, D_soft, h, rho = (np.asarray(v, dtype=float)
                                                   for v in (a_T, b_T, D_T, a_R, b_R, D_soft, h, rho))
        q_eff = (a_R + b_R) / (b_R + D_soft)
        h_bar = (a_T + b_T) / (a_T + b_T + q_eff * (D_T - b_T))
        out = {k: 0.0 for k in ("no_threat", "compliance", "backdown", "disaster")}
        threats = []
        # signal "hard-looking" (prob of hard: rho) and "soft-looking" (prob of hard: 1 - rho)
        for hit_hard, hit_soft in ((rho, 1.0 - rho), (1.0 - rho, rho)):
            p_sig = h * hit_hard + (1.0 - h) * hit_soft
            with np.errstate(invalid="ignore", divide="ignore"):
                post = np.where(p_sig > 0, h * hit_hard / np.where(p_sig > 0, p_sig, 1.0), 0.0)
            threat = (q_eff <= 1.0 + TIE_TOL) & (post < h_bar - TIE_TOL) & (p_sig > 0)
            hard_mass = h * hit_hard
            soft_mass = (1.0 - h) * hit_soft
            out["no_threat"] = out["no_threat"] + np.where(threat, 0.0, p_sig)
            out["compliance"] = out["compliance"] + np.where(threat, soft_mass, 0.0)
            out["disaster"] = out["disaster"] + np.where(threat, hard_mass * q_eff, 0.0)
            out["backdown"] = out["backdown"] + np.where(threat, hard_mass * (1.0 - q_eff), 0.0)
            threats.append((threat, post))
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            q_acc = np.where(h > 0, (1.0 - h) * (a_T + b_T) / np.where(h > 0, h * (D_T - b_T), 1.0), np.inf)
        return out, q_eff, q_acc, h_bar, threats

    # symbolic form --------------------------------------------------------------------
    def symbolic(self) -> SymbolicForm:
        r"""One-sided regimes (threat after both / the soft-looking signal only / none), ties, two-sided.

        With :math:`q_{eff} = (a_R + b_R)/(b_R + D_{soft})`, :math:`\bar h = (a_T + b_T)/(a_T + b_T
        + q_{eff}(D_T - b_T))` and the posteriors :math:`\mu_H = h\rho/(h\rho + (1-h)(1-\rho))
        \ge \mu_S = h(1-\rho)/(h(1-\rho) + (1-h)\rho)`, T threatens after a signal iff
        :math:`q_{eff} \le 1` and its posterior is :math:`< \bar h`. Ties: ``q_eff = 1`` still
        threatens (the soft target complies at ``q = q_eff``); a posterior equal to
        :math:`\bar h` gives no threat. The two-sided version is the constant ``11 - 4e``.
        """
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        s = model_symbols(self)
        a_T, b_T, D_T, a_R, b_R, D_soft, h, rho = (s[n] for n in
                                                   ("a_T", "b_T", "D_T", "a_R", "b_R", "D_soft", "h", "rho"))
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
        d = 11 - 4 * sp.E
        two = {ESCALATION: d, "disaster": d, "concession": 1 - d, "disaster_closed_form": d}
        ONE = {"version": "one_sided"}
        R = Regime
        eff, tie_eff, ineff = sp.Lt(q_eff, 1), sp.Eq(q_eff, 1), sp.Gt(q_eff, 1)
        regimes = [
            R("ineffective", (ineff,), (none,), ("no threat",), choices=ONE,
              description="q_eff > 1: no risk level makes the soft target comply"),
            R("threat", (eff, sp.Lt(mu_H, h_bar)), (both,), ("threat",), choices=ONE,
              description="T threatens at q_eff after either signal"),
            R("threat_soft_signal_only", (eff, sp.Lt(mu_S, h_bar), sp.Gt(mu_H, h_bar)), (soft,),
              ("threat after soft-looking signal only",), choices=ONE,
              description="T threatens only after the soft-looking signal"),
            R("no_threat", (eff, sp.Gt(mu_S, h_bar)), (none,), ("no threat",), choices=ONE,
              description="the threat is not acceptable after either signal"),
            R("tie:q_eff=1,threat", (tie_eff, sp.Lt(mu_H, h_bar)), (both,), ("threat",), choices=ONE,
              description="q_eff = 1: the certain-risk threat is still effective (the target complies)"),
            R("tie:mu_H=h_bar", (eff, sp.Eq(mu_H, h_bar), sp.Lt(mu_S, h_bar)), (soft,),
              ("threat after soft-looking signal only",), choices=ONE,
              description="indifferent after the hard-looking signal: no threat there"),
            R("tie:mu_S=h_bar", (eff, sp.Eq(mu_S, h_bar)), (none,), ("no threat",), choices=ONE,
              description="indifferent after the soft-looking signal: no threat"),
            R("two_sided", (), (two,), ("symmetric cutoff",), choices={"version": "two_sided"},
              description="risk war of attrition: Pr(disaster) = 11 - 4e"),
        ]
        return SymbolicForm.build(self, regimes, facts=(sp.Gt(D_T, b_T),),
                                  sampling={"a_T": (0.0, 3.0), "b_T": (0.0, 3.0), "D_T": (0.0, 20.0),
                                            "a_R": (0.0, 3.0), "b_R": (0.0, 3.0), "D_soft": (0.0, 10.0),
                                            "D_hard": (0.0, 3.0)},
                                  solve_order=("a_T", "D_soft"))

    def _solve(self, p: dict[str, Any]) -> list:
        # each version reports its own quantities and flags; _solve_arrays includes a
        # version's columns only when some point uses that version, so that scalar and
        # vectorized sweeps give the same columns
        if p["version"] == "two_sided":
            d = float(DISASTER_TWO_SIDED)
            return [self._equilibrium(
                "symmetric cutoff",
                {"concession": 1.0 - d, "disaster": d},
                strategies={"quit_level": "s(v) = 1 - (1 - v) exp(v)",
                            "s(0.3)": float(quit_level(0.3)), "s(0.6)": float(quit_level(0.6)),
                            "s(0.9)": float(quit_level(0.9))},
                quantities={"disaster_closed_form": d},
            )]
        out, q_eff, q_acc, h_bar, threats = self._one_sided(
            p["a_T"], p["b_T"], p["D_T"], p["a_R"], p["b_R"], p["D_soft"], p["h"], p["rho"])
        out = {k: float(v) for k, v in out.items()}
        (t_hard, post_hard), (t_soft, post_soft) = ((bool(t), float(m)) for t, m in threats)
        if abs(p["rho"] - 0.5) <= TIE_TOL:  # uninformative: both signals are the same
            t_soft = t_hard
        label = {(True, True): "threat", (False, False): "no threat"}.get(
            (t_hard, t_soft), "threat after soft-looking signal only")
        return [self._equilibrium(
            label, out,
            strategies={"threat_after_hard_signal": t_hard, "threat_after_soft_signal": t_soft,
                        "q": float(q_eff) if (t_hard or t_soft) else 0.0,
                        "soft_target_complies": "iff q >= q_eff"},
            quantities={"q_eff": float(q_eff), "q_acc": float(q_acc), "h_bar": float(h_bar),
                        "posterior_hard_signal": post_hard, "posterior_soft_signal": post_soft},
            flags={"threat": t_hard or t_soft},
        )]

    def _solve_arrays(self, p: dict[str, np.ndarray]) -> ArraySolution:
        two = p["version"] == "two_sided"
        f = {k: np.asarray(v, dtype=float) for k, v in p.items() if k != "version"}
        out, q_eff, q_acc, h_bar, threats = self._one_sided(
            f["a_T"], f["b_T"], f["D_T"], f["a_R"], f["b_R"], f["D_soft"], f["h"], f["rho"])
        n = two.shape[0]
        d = DISASTER_TWO_SIDED
        outcomes = {k: np.where(two, 0.0, np.broadcast_to(v, (n,))) for k, v in out.items()}
        outcomes["disaster"] = np.where(two, d, outcomes["disaster"])
        outcomes["concession"] = np.where(two, 1.0 - d, 0.0)
        (t_hard, post_hard), (t_soft, post_soft) = threats
        uninf = np.abs(f["rho"] - 0.5) <= TIE_TOL
        t_soft_eff = np.where(uninf, t_hard, t_soft)
        lab1 = np.where(t_hard & t_soft_eff, "threat",
                        np.where(~t_hard & ~t_soft_eff, "no threat", "threat after soft-looking signal only"))
        labels = np.where(two, "symmetric cutoff", lab1).astype(object)
        nan = np.full(n, np.nan)
        quantities = {"q_eff": np.where(two, nan, q_eff), "q_acc": np.where(two, nan, q_acc),
                      "h_bar": np.where(two, nan, h_bar),
                      "posterior_hard_signal": np.where(two, nan, post_hard),
                      "posterior_soft_signal": np.where(two, nan, post_soft),
                      "disaster_closed_form": np.where(two, d, nan)}
        flags = {"threat": ~two & (t_hard | t_soft_eff)}
        if not (~two).any():
            quantities = {"disaster_closed_form": quantities["disaster_closed_form"]}
            flags = {}
        elif not two.any():
            del quantities["disaster_closed_form"]
        return ArraySolution(
            valid=np.ones((n, 1), dtype=bool),
            labels=labels.reshape(n, 1),
            outcomes={k: v.reshape(n, 1) for k, v in outcomes.items()},
            quantities={k: np.broadcast_to(v, (n,)).reshape(n, 1) for k, v in quantities.items()},
            flags={k: np.asarray(v, bool).reshape(n, 1) for k, v in flags.items()},
        )
