"""Known unknowns: preventive strikes when militarization is only imperfectly observable.

A stylised reconstruction of the argument of Debs and Monteiro (2014) (see
``docs/models/power_shift.md``). A rising state R militarises (cost ``k``) with
probability ``sigma``. If it does, the declining state D detects it with probability
``pi_detect`` (no false positives) and then strikes. If D sees nothing, it strikes "blind"
with probability ``a``. Payoffs: status quo ``(x0, 1 - x0)`` to (R, D); an undetected,
unstruck militarisation shifts the division to ``x1 > x0``; war gives R ``p - c_R`` (minus
``k`` if it militarised) and D ``W_D = 1 - p - c_D``.

Assumptions (checked): ``x1 > p + c_D`` (the shift is intolerable, so D strikes after
detection), ``x0 <= p + c_D`` (D tolerates the status quo) and
``x0 > p - c_R`` (R prefers the status quo to war, so ``G(1) < 0``).

Equilibrium (unique for every parameter point with ``x0 < p + c_D``):

* D's threshold belief ``mu* = (p + c_D - x0) / (x1 - x0)``; after no detection D strikes iff
  ``Pr(militarised | no detection) > mu*`` and mixes at equality.
* R's gain from militarising when never struck blind ``G(pi) = (1 - pi) x1 + pi (p - c_R) - x0``;
  with blind strikes at rate ``a`` it is ``(1 - a) G(pi)``.
* **Peace** iff ``G(pi_detect) <= k``, i.e. ``pi_detect >= pi_bar = (x1 - x0 - k) /
  (x1 - x0 + x0 - p + c_R)`` (ties go to peace). Otherwise the **mixed** equilibrium:
  ``a = 1 - k / G(pi)`` (R indifferent) and ``sigma = mu* / (mu* + (1 - pi)(1 - mu*))``
  (D indifferent).
* ``Pr(war) = sigma (pi + (1 - pi) a) + (1 - sigma) a``; strikes on states that were not
  militarising have probability ``(1 - sigma) a``.

At ``x0 = p + c_D`` exactly (inside the domain) D is indifferent between war and the status
quo even when sure that R did not militarise (``mu* = 0``), so there is a **continuum**: R never
militarises (``sigma = 0``) and D strikes blind with any ``a`` in ``[a_min, 1]``, ``a_min = max(0,
1 - k/G(pi))``; ``Pr(war) = a``. A solution there reports both ends (flag ``continuum``): the
one above (``a = a_min``) and ``a = 1`` (war for sure, every strike on a state that was not
militarising).

No bargaining stage: D cannot offer R a concession before deciding to strike, so this is a
preventive strike under imperfect observation, **not** Debs and Monteiro's commitment-problem
mechanism (bargaining in the shadow of a power shift, Fearon 1995/Powell 2006), whose war
arises because offers cannot be committed to across the shift.

Claims reproduced (DM 2014 abstract): perfect transparency (``pi_detect = 1``) gives peace;
with imperfect observability D strikes without conclusive evidence; more effective
prevention (lower ``c_D``) raises the share of strikes that hit states that were not
militarising.

Provenance: **reconstruction**: a stylised model of DM's informational argument (imperfectly
observable militarisation); DM's own model (timing, bargaining stage, effectiveness parameter)
is not implemented.

Aliases: *preventive war under uncertainty* / *war of suspicion* (Merrell and Abrahams) /
*power shift with imperfect monitoring*; ``pi_detect`` is the *detection probability* of
intelligence or inspections.

Ties: at ``G(pi_detect) = k`` (within 1e-12, so that ``pi_detect = pi_bar`` computed in
floating point is a tie) R does not militarise (peace); at posterior ``mu*`` D mixes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from ..results import Equilibrium
from ._base import ArraySolution, Model, Parameter, interval

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = ["PowerShift", "power_shift_closed_form"]

_UNIT = interval(0.0, 1.0)
_TIE_TOL = 1e-12


def power_shift_closed_form(x0, x1, p, c_D, c_R, k, pi_detect) -> dict[str, NDArray]:
    """The unique equilibrium in closed form, vectorized."""
    x0, x1, p, c_D, c_R, k, pi = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (x0, x1, p, c_D, c_R, k, pi_detect)))
    mu_star = (p + c_D - x0) / (x1 - x0)
    G = (1 - pi) * x1 + pi * (p - c_R) - x0
    pi_bar = (x1 - x0 - k) / (x1 - x0 + x0 - p + c_R)
    mixed = G - k > _TIE_TOL  # ties (up to rounding) go to peace
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # k / G kept only where G > k
        a = np.where(mixed, 1.0 - k / G, 0.0)
        sigma = np.where(mixed, mu_star / (mu_star + (1 - pi) * (1 - mu_star)), 0.0)
    strike_mil = sigma * (pi + (1 - pi) * a)
    strike_not = (1 - sigma) * a
    shift = sigma * (1 - pi) * (1 - a)
    status_quo = (1 - sigma) * (1 - a)
    war = strike_mil + strike_not
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(war > 0, strike_not / war, np.nan)
    return {"mixed": mixed, "sigma": sigma, "a": a, "mu_star": mu_star, "G": G, "pi_bar": pi_bar,
            "status_quo": status_quo, "power_shift": shift, "strike_militarizing": strike_mil,
            "strike_not_militarizing": strike_not, "war": war, "share_strikes_not_militarizing": share}


def _continuum(x0, p, c_D):
    """True where ``x0 = p + c_D`` (to 1e-12): D is indifferent between war and the status quo."""
    return np.abs(np.asarray(x0, dtype=float) - (np.asarray(p, dtype=float) + np.asarray(c_D, dtype=float))) <= 1e-12


class PowerShift(Model):
    __doc__ = __doc__
    id = "power_shift"
    title = "Preventive strikes under imperfectly observable militarization (after Debs-Monteiro 2014; no bargaining stage)"
    provenance = "reconstruction"
    references = (
        "DebsMonteiro2014: Known unknowns: power shifts, uncertainty, and war, International Organization 68(1):1-31",
    )
    parameters = (
        Parameter("x0", 0.5, _UNIT, "R's share of the status quo", "x_0", role="share"),
        Parameter("x1", 0.8, _UNIT, "R's share after an unchecked power shift", "x_1", role="share"),
        Parameter("p", 0.5, _UNIT, "probability that R wins a war", "p", role="probability"),
        Parameter("c_D", 0.1, interval(0.0, open_low=True), "D's cost of war (lower: more effective prevention)", "c_D", role="cost"),
        Parameter("c_R", 0.1, interval(0.0, open_low=True), "R's cost of war", "c_R", role="cost"),
        Parameter("k", 0.05, interval(0.0, open_low=True), "R's cost of militarising", "k", role="cost"),
        Parameter("pi_detect", 0.5, _UNIT, "probability that D detects militarisation", "pi",
                  information=True, role="detection"),
    )
    outcomes = ("status_quo", "power_shift", "strike_militarizing", "strike_not_militarizing")
    escalatory = ("strike_militarizing", "strike_not_militarizing")
    flags = ("continuum", "peace")

    _QUANTITIES = ("sigma", "a", "mu_star", "G", "pi_bar", "share_strikes_not_militarizing")

    def _check_arrays(self, p: dict[str, NDArray]) -> None:
        self._require(p["x1"] > p["x0"], "x1", p["x1"], "x1 > x0", "the power shift must favour R")
        self._require(p["x1"] > p["p"] + p["c_D"], "x1", p["x1"], "x1 > p + c_D",
                      "the shift must be intolerable to D (an assumption of the model)")
        self._require(p["x0"] <= p["p"] + p["c_D"], "x0", p["x0"], "x0 <= p + c_D",
                      "D must prefer the status quo to war")
        self._require(p["x0"] > p["p"] - p["c_R"], "x0", p["x0"], "x0 > p - c_R",
                      "R must prefer the status quo to war")

    def symbolic(self) -> SymbolicForm:
        """Peace (``G(pi) < k``), the tie ``G(pi) = k`` (peace), and the mixed equilibrium."""
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        s = model_symbols(self)
        x0, x1, p, c_D, c_R, k, pi = (s[n] for n in ("x0", "x1", "p", "c_D", "c_R", "k", "pi_detect"))
        mu_star = (p + c_D - x0) / (x1 - x0)
        G = (1 - pi) * x1 + pi * (p - c_R) - x0
        pi_bar = (x1 - x0 - k) / (x1 - p + c_R)
        a = 1 - k / G
        sigma = mu_star / (mu_star + (1 - pi) * (1 - mu_star))
        common = {"mu_star": mu_star, "G": G, "pi_bar": pi_bar}
        peace = {ESCALATION: 0, "sigma": 0, "a": 0, **common}
        mixed = {ESCALATION: sigma * (pi + (1 - pi) * a) + (1 - sigma) * a, "sigma": sigma, "a": a,
                 "strike_not_militarizing": (1 - sigma) * a, **common}
        regimes = [
            Regime("peace", (sp.Lt(G, k),), (peace,), ("peace",),
                   description="militarising does not pay: G(pi_detect) < k"),
            Regime("tie", (sp.Eq(G, k),), (peace,), ("peace",),
                   description="G(pi_detect) = k: R is indifferent; the tie goes to peace"),
            Regime("mixed", (sp.Gt(G, k),), (mixed,), ("mixed",),
                   description="R militarises with prob. sigma, D strikes blind with prob. a"),
        ]
        return SymbolicForm.build(self, regimes, facts=(
            sp.Gt(x1, x0), sp.Gt(x1, p + c_D), sp.Le(x0, p + c_D), sp.Gt(x0, p - c_R)),
            sampling={"c_D": (0.0, 1.0), "c_R": (0.0, 1.0), "k": (0.0, 0.5)}, solve_order=("k",))

    def _solve(self, p: dict) -> list[Equilibrium]:
        cf = power_shift_closed_form(*(np.array([p[n]]) for n in
                                       ("x0", "x1", "p", "c_D", "c_R", "k", "pi_detect")))
        v = {k: (bool(x[0]) if k == "mixed" else float(x[0])) for k, x in cf.items()}
        mixed = v["mixed"]
        outcomes = {o: v[o] for o in self.outcomes}
        quantities = {k: v[k] for k in self._QUANTITIES}
        strategies = {"sigma": v["sigma"], "a": v["a"], "strike_after_detection": 1.0}
        edge = bool(_continuum(p["x0"], p["p"], p["c_D"]))
        eqs = [self._equilibrium("mixed" if mixed else "peace", outcomes, strategies=strategies,
                                 quantities=quantities, flags={"peace": not mixed, "continuum": edge})]
        if edge:
            eqs.append(self._equilibrium(
                "continuum end (blind strike certain)", {"strike_not_militarizing": 1.0},
                strategies={"sigma": 0.0, "a": 1.0, "strike_after_detection": 1.0},
                quantities={**quantities, "sigma": 0.0, "a": 1.0, "share_strikes_not_militarizing": 1.0},
                flags={"peace": False, "continuum": True}))
        return eqs

    def _solve_arrays(self, p: dict[str, NDArray]) -> ArraySolution:
        cf = power_shift_closed_form(*(p[n] for n in ("x0", "x1", "p", "c_D", "c_R", "k", "pi_detect")))
        n = cf["war"].size
        edge = np.broadcast_to(_continuum(p["x0"], p["p"], p["c_D"]), (n,))
        col = {k: np.asarray(v, dtype=float).reshape(n) for k, v in cf.items() if k != "mixed"}
        end = {o: np.zeros(n) for o in self.outcomes} | {"strike_not_militarizing": np.ones(n)}
        end_q = {k: col[k] for k in self._QUANTITIES} | {"sigma": np.zeros(n), "a": np.ones(n),
                                                        "share_strikes_not_militarizing": np.ones(n)}
        mixed = np.asarray(cf["mixed"]).reshape(n)
        return ArraySolution(
            valid=np.column_stack([np.ones(n, dtype=bool), edge]),
            labels=np.column_stack([np.where(mixed, "mixed", "peace").astype(object),
                                    np.full(n, "continuum end (blind strike certain)", dtype=object)]),
            outcomes={o: np.column_stack([col[o], end[o]]) for o in self.outcomes},
            quantities={k: np.column_stack([col[k], end_q[k]]) for k in self._QUANTITIES},
            flags={"peace": np.column_stack([~mixed, np.zeros(n, bool)]),
                   "continuum": np.column_stack([edge, edge])},
        )
