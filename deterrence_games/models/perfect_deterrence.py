"""Perfect deterrence: credibility under two-sided incomplete information.

Provenance: **textbook version** of the rudimentary unilateral
(asymmetric) deterrence game of Zagare and Kilgour (*Perfect Deterrence*, Cambridge University
Press 2000, ch. 5; Kilgour and Zagare 1991, *AJPS*), in the project's normalisation. The
book's Unilateral Deterrence Game has more moves than this rudimentary game; its equilibrium
tables are not reproduced here.

Moves: the challenger Cooperates (outcome ``status_quo``, ZK's SQ) or Defects; after a
defection the defender Concedes (``defender_concedes``, ZK's DC) or Denies/retaliates
(``conflict``, ZK's DD). Challenger utilities: DC = 1 > SQ = ``s_ch``; DD = ``d_H > s_ch`` for a
Hard challenger (probability ``p_ch``) and DD = ``d_S < s_ch`` for a Soft one. The defender is
Hard with probability ``p_def`` (its *credibility*) and then prefers DD to DC; a Soft defender
prefers DC to DD. Types are private and independent.

Unique perfect Bayesian equilibrium (backward induction): the Hard defender retaliates, the Soft
defender concedes; the Hard challenger always defects; the Soft challenger defects iff

    p_def < c_ch = (1 - s_ch) / (1 - d_S),

so that ``Pr(DD) = p_def [p_ch + (1 - p_ch) 1(p_def < c_ch)]``. Below ``c_ch`` raising
credibility raises conflict; crossing ``c_ch`` makes it collapse (ZK: credibility must exceed a
threshold; partial credibility can be worse than none).

The probability that the status quo survives (ZK's emphasis) is reported as the quantity
``status_quo_survival`` ``= (1 - p_ch) 1(p_def >= c_ch)`` (the ``status_quo`` outcome).

**Why no Bluff or separating equilibria here.** In this rudimentary game the defender moves
once, after a defection, and its choice ends the game: a Hard defender denies and a Soft one
concedes whatever it believes about the challenger (its beliefs do no work), and it has no
earlier move by which a Soft type could pretend to be Hard, so there is nothing to bluff or
separate on. Zagare and
Kilgour's Bluff and separating equilibria live in their larger Unilateral Deterrence Game, where
the defender first chooses how to respond to a demand and can resist before conceding: those
equilibria need that extra move and are not modelled here (the book's tables are not
reproduced).

Ties go to the peaceful action: at ``p_def == c_ch`` the Soft challenger cooperates (within
``TIE_TOL`` = 1e-12).

Aliases: *rudimentary asymmetric deterrence game*, *unilateral deterrence game* (Zagare and
Kilgour 1993, 2000); *perfect deterrence theory*; *credibility threshold*.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .._validation import Interval
from ._base import ArraySolution, Model, Parameter

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = ["PerfectDeterrence", "TIE_TOL"]

TIE_TOL = 1e-12
_UNIT = Interval(0.0, 1.0)


class PerfectDeterrence(Model):
    """Zagare-Kilgour rudimentary unilateral deterrence game with two-sided incomplete information.

    Provenance: textbook version (a normalisation of the rudimentary game; the book's
    UDG has more moves). See the module docstring for the equations and ties.
    """

    id = "perfect_deterrence"
    title = "Perfect deterrence: rudimentary unilateral deterrence game with two-sided incomplete information"
    provenance = "textbook version"
    references = (
        "ZagareKilgour2000: Perfect Deterrence, Cambridge University Press, ch. 5",
        "KilgourZagare1991: Credibility, Uncertainty, and Deterrence, AJPS 35(2):305-334",
        "ZagareKilgour1993: Asymmetric Deterrence, International Studies Quarterly 37(1):1-27",
    )
    parameters = (
        Parameter("s_ch", 0.5, Interval(-np.inf, 1.0, high_closed=False),
                  "challenger's utility for the status quo SQ (DC = 1 > s_ch)", "s_Ch", role="payoff"),
        Parameter("d_S", 0.0, Interval(), "Soft challenger's utility for conflict DD (d_S < s_ch)", "d_S", role="payoff"),
        Parameter("d_H", 0.75, Interval(), "Hard challenger's utility for conflict DD (d_H > s_ch)", "d_H", role="payoff"),
        Parameter("p_ch", 0.2, _UNIT, "probability that the challenger is Hard (prefers DD to SQ)", "p_Ch", role="prior"),
        Parameter("p_def", 0.5, _UNIT,
                  "defender's credibility: probability that the defender is Hard (prefers DD to DC)",
                  "p_Def", information=True, role="prior"),
    )
    outcomes = ("status_quo", "defender_concedes", "conflict")
    escalatory = ("conflict",)
    flags = ("soft_challenger_deterred",)

    def _check_arrays(self, p: dict[str, np.ndarray]) -> None:
        self._require(p["d_S"] < p["s_ch"], "d_S", p["d_S"], "d_S < s_ch",
                      "a Soft challenger prefers the status quo to conflict")
        self._require(p["d_H"] > p["s_ch"], "d_H", p["d_H"], "d_H > s_ch",
                      "a Hard challenger prefers conflict to the status quo")

    @staticmethod
    def _closed(s_ch, d_S, p_ch, p_def):
        s_ch, d_S, p_ch, p_def = (np.asarray(v, dtype=float) for v in (s_ch, d_S, p_ch, p_def))
        c_ch = (1.0 - s_ch) / (1.0 - d_S)
        soft_defects = p_def < c_ch - TIE_TOL
        defect = p_ch + (1.0 - p_ch) * soft_defects
        conflict = p_def * defect
        concede = (1.0 - p_def) * defect
        return {"status_quo": 1.0 - defect, "defender_concedes": concede, "conflict": conflict}, c_ch, soft_defects

    def _solve(self, p: dict[str, Any]) -> list:
        out, c_ch, soft_defects = self._closed(p["s_ch"], p["d_S"], p["p_ch"], p["p_def"])
        soft_defects = bool(soft_defects)
        return [self._equilibrium(
            "attack" if soft_defects else "deterrence",
            {k: float(v) for k, v in out.items()},
            strategies={"hard_challenger": "defect", "soft_challenger": "defect" if soft_defects else "cooperate",
                        "hard_defender": "deny", "soft_defender": "concede"},
            quantities={"c_ch": float(c_ch), "status_quo_survival": float(out["status_quo"])},
            flags={"soft_challenger_deterred": not soft_defects},
        )]

    def symbolic(self) -> SymbolicForm:
        r"""Attack (:math:`p_{Def} < c_{Ch}`), the tie (deterrence) and deterrence regimes."""
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        s = model_symbols(self)
        s_ch, d_S, d_H, p_ch, p_def = (s[n] for n in ("s_ch", "d_S", "d_H", "p_ch", "p_def"))
        c_ch = (1 - s_ch) / (1 - d_S)
        attack = {ESCALATION: p_def, "c_ch": c_ch, "defender_concedes": 1 - p_def, "status_quo": 0}
        deter = {ESCALATION: p_def * p_ch, "c_ch": c_ch, "defender_concedes": (1 - p_def) * p_ch,
                 "status_quo": 1 - p_ch}
        regimes = [
            Regime("attack", (sp.Lt(p_def, c_ch),), (attack,), ("attack",),
                   description="credibility below the threshold: both challenger types defect"),
            Regime("threshold", (sp.Eq(p_def, c_ch),), (deter,), ("deterrence",),
                   description="credibility at the threshold: the Soft challenger's tie goes to cooperation"),
            Regime("deterrence", (sp.Gt(p_def, c_ch),), (deter,), ("deterrence",),
                   description="credibility above the threshold: only the Hard challenger defects"),
        ]
        return SymbolicForm.build(self, regimes, facts=(sp.Lt(d_S, s_ch), sp.Gt(d_H, s_ch)),
                                  sampling={"s_ch": (-1.0, 1.0), "d_S": (-2.0, 1.0), "d_H": (-1.0, 2.0)},
                                  solve_order=("p_def",))

    def _solve_arrays(self, p: dict[str, np.ndarray]) -> ArraySolution:
        out, c_ch, soft_defects = self._closed(p["s_ch"], p["d_S"], p["p_ch"], p["p_def"])
        n = p["p_def"].shape[0]
        return ArraySolution(
            valid=np.ones((n, 1), dtype=bool),
            labels=np.where(soft_defects, "attack", "deterrence").astype(object).reshape(n, 1),
            outcomes={k: np.asarray(v, dtype=float).reshape(n, 1) for k, v in out.items()},
            quantities={"c_ch": np.broadcast_to(np.asarray(c_ch, dtype=float), (n,)).reshape(n, 1),
                        "status_quo_survival": np.broadcast_to(np.asarray(out["status_quo"], dtype=float),
                                                               (n,)).reshape(n, 1)},
            flags={"soft_challenger_deterred": ~np.broadcast_to(soft_defects, (n,)).reshape(n, 1)},
        )
