r"""Inspection games for arms-control verification (Avenhaus, von Stengel & Zamir 2002).

* :class:`Inspection` (``inspection``): the 2x2 inspect/violate game with imperfect
  detection (non-detection rate ``non_detection``, beta) and false alarms (rate ``false_alarm``, alpha).
* ``inspection_roc`` (module :mod:`.inspection_roc`): the statistical inspection game in
  which the inspector chooses the false-alarm level on a Gaussian ROC.

Escalation in both is *an alarm is raised* (a detected violation or a false alarm): the
event that turns a verification regime into a crisis.

References
----------
Avenhaus, R., von Stengel, B. and Zamir, S. (2002). Inspection games. In Aumann & Hart
(eds.), *Handbook of Game Theory* vol. 3, ch. 51, 1947-1987.
Avenhaus, R. and Canty, M. J. (1996). *Compliance Quantified*. Cambridge University Press.
Avenhaus, R., Okada, A. and Zamir, S. (1991). Inspector leadership with incomplete
information. In Selten (ed.), *Game Equilibrium Models IV*, 319-361.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from .._validation import Interval
from ..games.normal_form import BimatrixGame
from ..solvers.batched import solve_2x2
from ..warnings import DegenerateGameWarning, ToleranceWarning
from ._base import ArraySolution, Model, Parameter

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = ["Inspection", "TIE_TOL"]

POS = Interval(0.0, np.inf, low_closed=False)
UNIT = Interval(0.0, 1.0)
#: relative tie tolerance of both solution paths: a player's payoff difference is a tie when it
#: is at most ``TIE_TOL`` times that player's largest absolute payoff
TIE_TOL = 1e-12
OUTCOMES = ("legal_not_inspected", "legal_cleared", "false_alarm", "violation_detected", "violation_undetected")


class Inspection(Model):
    r"""Inspect/violate game with imperfect detection and false alarms.

    The inspectee chooses Legal or Violate; the inspector Inspect or Not. An inspection
    detects a violation with probability :math:`1-\beta` and raises a false alarm on a
    legal inspectee with probability :math:`\alpha`. Payoffs (inspectee, inspector):

    ==============  =========================================  ==============================================
    \               Inspect                                    Not
    ==============  =========================================  ==============================================
    Legal           :math:`(-h\alpha,\ -e\alpha - k)`           :math:`(0, 0)`
    Violate         :math:`(-(1-\beta)b + \beta d,\ -(1-\beta)a - \beta c - k)`  :math:`(d, -c)`
    ==============  =========================================  ==============================================

    with :math:`0 < a < c` and :math:`k, e, h > 0`. When both lie in (0, 1) the unique
    equilibrium is mixed with inspection and violation probabilities

    .. math:: r^* = \frac{d}{(1-\beta)(b+d) - h\alpha}, \qquad
              q^* = \frac{k + e\alpha}{(1-\beta)(c-a) + e\alpha}.

    Outside that region the game has pure or degenerate equilibria; all of them are found
    from the signs of the payoff differences (below), and the closed form above is the
    cross-check in the tests. Escalation
    is an alarm, :math:`\Pr = r[(1-q)\alpha + q(1-\beta)]`; the violation probability is
    reported too. Better detection (:math:`\beta\downarrow`) lowers both ``r*`` and ``q*``;
    more false alarms (:math:`\alpha\uparrow`) *raise* the violation probability.

    The model exposes its bimatrix game (:meth:`finite_game`), so ``select="qre"`` (the
    limit of the logit QRE principal branch) applies.

    Which tolerance decides a payoff tie: one rule, in ``solve`` and in the vectorized form
    used by sweeps alike. The extreme equilibria of a 2x2 game follow from the signs of the
    players' payoff differences (the sign table of
    :func:`~deterrence_games.solvers.batched.solve_2x2`, exhaustive by the proof in its
    module); a difference counts as a tie when it is at most :data:`TIE_TOL` ``= 1e-12``
    times that player's largest absolute payoff (``tie_tol`` in ``solver_options`` and in a
    sweep's provenance). Ties in the model's algebra (e.g. ``alpha = 0``) are ties after
    rounding; every larger difference is decided by its sign, at any payoff scale. ``solve``
    certifies each equilibrium it returns: regret at most ``2 tie_tol`` times the player's
    largest payoff (``certificate["max_regret"]``, in payoff units). The generic bimatrix
    solver (:func:`deterrence_games.solvers.nash.nash_equilibria`, vertex enumeration with
    ties at 1e-9 of the payoff range) and nashpy are the second method in the tests: they
    return the same equilibria wherever no payoff difference lies below their tolerance.

    Provenance: textbook version (in the spirit of Avenhaus & Canty 1996 and ASvZ 2002).
    Aliases: *inspection game*, *verification game*,
    *audit game* (accounting), *tax-evasion game*.
    """

    id = "inspection"
    title = "Inspect/violate game with imperfect detection and false alarms"
    provenance = "textbook version"
    references = (
        "AvenhausVonStengelZamir2002: Inspection games. Handbook of Game Theory 3, ch. 51.",
        "AvenhausCanty1996: Compliance Quantified. Cambridge University Press.",
    )
    parameters = (
        Parameter("d", 1.0, POS, "inspectee's gain from an undetected violation", "d", role="benefit"),
        Parameter("b", 4.0, POS, "inspectee's loss when a violation is detected", "b", role="cost"),
        Parameter("h", 1.0, POS, "inspectee's cost of a false alarm", "h", role="cost"),
        Parameter("c", 5.0, POS, "inspector's loss from an undetected violation", "c", role="cost"),
        Parameter("a", 1.0, POS, "inspector's loss from a detected violation (a < c)", "a", role="cost"),
        Parameter("e", 1.0, POS, "inspector's cost of a false alarm", "e", role="cost"),
        Parameter("k", 0.5, POS, "inspector's cost of an inspection", "k", role="cost"),
        Parameter("false_alarm", 0.05, UNIT, "false-alarm probability of an inspection", "α", information=True, role="false_alarm", former=("alpha",)),
        Parameter("non_detection", 0.2, UNIT, "non-detection probability (detection is 1 - non_detection)", "β", information=True, role="non_detection", former=("beta",)),
    )
    outcomes = OUTCOMES
    escalatory = ("false_alarm", "violation_detected")
    flags = ()
    method = "all extreme equilibria of the 2x2 game (signs of the payoff differences)"
    #: the relative tie tolerance of both paths (recorded in solutions and sweep provenance)
    solver_options = {"tie_tol": TIE_TOL}

    def _check_arrays(self, p: dict[str, np.ndarray]) -> None:
        self._require(p["a"] < p["c"], "a", p["a"], "0 < a < c", "a detected violation must cost the inspector less than an undetected one")

    @staticmethod
    def payoff_matrices(d, b, h, c, a, e, k, alpha, beta) -> tuple[np.ndarray, np.ndarray]:
        """Inspectee (rows Legal, Violate) and inspector (columns Inspect, Not) payoffs.

        Works on scalars or arrays (last two axes are the 2x2 game).
        """
        z = np.zeros(np.broadcast(d, b, h, c, a, e, k, alpha, beta).shape)
        A = np.stack([np.stack([-h * alpha + z, z], -1),
                      np.stack([-(1 - beta) * b + beta * d + z, d + z], -1)], -2)
        B = np.stack([np.stack([-e * alpha - k + z, z], -1),
                      np.stack([-(1 - beta) * a - beta * c - k + z, -c + z], -1)], -2)
        return A, B

    @staticmethod
    def closed_form(d, b, h, c, a, e, k, alpha, beta) -> tuple[Any, Any]:
        """The interior mixed equilibrium ``(r*, q*)`` (valid when both lie in (0, 1))."""
        r = d / ((1 - beta) * (b + d) - h * alpha)
        q = (k + e * alpha) / ((1 - beta) * (c - a) + e * alpha)
        return r, q

    def game(self, **params: Any) -> BimatrixGame:
        """The induced bimatrix game (rows: inspectee Legal/Violate; columns: Inspect/Not)."""
        p = self.validate(**params)
        A, B = self.payoff_matrices(*(p[n] for n in self.parameter_names))
        return BimatrixGame(A, B, ("legal", "violate"), ("inspect", "not"), name="inspection")

    def finite_game(self, p: dict[str, Any]) -> BimatrixGame:
        """The induced bimatrix game at validated parameters (enables ``select="qre"``)."""
        return self.game(**p)

    def equilibrium_profiles(self, p: dict[str, Any], eq: Any) -> tuple[np.ndarray, ...]:
        """``(x, y)``: the inspectee's and the inspector's mixed strategies (one vertex each)."""
        return (np.asarray(eq.strategies["inspectee"])[None, :], np.asarray(eq.strategies["inspector"])[None, :])

    def profile_outcomes(self, p: dict[str, Any], strategies: tuple[np.ndarray, ...]) -> dict[str, Any]:
        """Outcome distribution of a profile ``(x, y)`` of :meth:`finite_game`."""
        x, y = strategies
        return self._outcomes(float(x[1]), float(y[0]), p["false_alarm"], p["non_detection"])

    @staticmethod
    def _outcomes(q, r, alpha, beta) -> dict[str, Any]:
        """Outcome distribution given violation prob. ``q`` and inspection prob. ``r``."""
        return {
            "legal_not_inspected": (1 - q) * (1 - r),
            "legal_cleared": (1 - q) * r * (1 - alpha),
            "false_alarm": (1 - q) * r * alpha,
            "violation_detected": q * r * (1 - beta),
            "violation_undetected": q * (r * beta + (1 - r)),
        }

    def _solve(self, p: dict[str, Any]) -> list:
        game = self.game(**p)
        A, B = game.A, game.B
        res = solve_2x2(A, B, tol=TIE_TOL)  # the tie rule of `_solve_arrays` (class docstring)
        self._last_warnings = []
        if res.degenerate[0]:
            msg = (f"degenerate game: a payoff difference is a tie at the tolerance {TIE_TOL:.0e} of the "
                   "player's largest payoff" + ("; the equilibria form a continuum" if res.continuum[0] else ""))
            warnings.warn(msg, DegenerateGameWarning, stacklevel=4)
            self._last_warnings.append(msg)
        # certificate: regret <= 2 TIE_TOL s per player (TIE_TOL s from a tie, rounding below it)
        bound = 2 * TIE_TOL * np.array([np.abs(A).max(), np.abs(B).max()])
        eqs = []
        for x, y in res.equilibria(0):
            regret = np.array(game.regret(x, y))
            if (regret > bound).any():  # pragma: no cover - the sign rules say never
                msg = f"dropped a profile whose regret {regret.max():.3g} exceeds the certificate bound"
                warnings.warn(msg, ToleranceWarning, stacklevel=4)
                self._last_warnings.append(msg)
                continue
            q, r = float(x[1]), float(y[0])
            pure = all(np.isclose(v, 0) or np.isclose(v, 1) for v in (q, r))
            u_row, u_col = game.payoffs(x, y)
            eqs.append(self._equilibrium(
                "pure" if pure else "mixed",
                self._outcomes(q, r, p["false_alarm"], p["non_detection"]),
                strategies={"inspectee": x, "inspector": y},
                quantities={"violation_probability": q, "inspection_probability": r,
                            "alarm_probability": r * ((1 - q) * p["false_alarm"] + q * (1 - p["non_detection"])),
                            "inspectee_payoff": u_row, "inspector_payoff": u_col},
                certificate={"max_regret": float(regret.max())},
            ))
        return eqs

    def solve(self, **params: Any):  # noqa: D102 - see Model.solve
        p = self.validate(**params)
        eqs = self._solve(p)
        return self._solution(p, eqs, warnings=tuple(self._last_warnings), solver_options=dict(self.solver_options))

    def symbolic(self) -> SymbolicForm:
        """Closed form per regime from the parametric 2x2 solver (sign regimes of the game).

        Rows are (Legal, Violate), columns (Inspect, Not), as in :meth:`payoff_matrices`:
        ``p`` is the probability of Legal, ``q`` of Inspect, so the violation probability
        is ``1 - p`` and the inspection probability ``r = q``.
        """
        import sympy as sp

        from ..solvers.symbolic import ParametricBimatrix, Regime, solve_parametric_2x2
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        s = model_symbols(self)
        d, b, h, c, a, e, k, alpha, beta = (s[n] for n in self.parameter_names)
        A = [[-h * alpha, 0], [-(1 - beta) * b + beta * d, d]]
        B = [[-e * alpha - k, 0], [-(1 - beta) * a - beta * c - k, -c]]
        game = ParametricBimatrix(A, B, tuple(s.values()))
        regimes = []
        for reg in solve_parametric_2x2(game):
            eqs = []
            for eq in reg.equilibria:
                viol, r = sp.simplify(1 - eq["p"]), eq["q"]
                alarm = sp.simplify(r * ((1 - viol) * alpha + viol * (1 - beta)))
                eqs.append({ESCALATION: alarm, "violation_probability": viol, "inspection_probability": r,
                            "inspectee_payoff": eq["u_row"], "inspector_payoff": eq["u_col"]})
            regimes.append(Regime(reg.name, reg.conditions, tuple(eqs), reg.labels, reg.degenerate,
                                  description=reg.description))
        return SymbolicForm.build(self, regimes, facts=(sp.Lt(a, c),),
                                  sampling={n: (0.0, 5.0) for n in ("d", "b", "h", "c", "a", "e", "k")},
                                  solve_order=("k", "d", "h", "e", "b", "a", "c"))

    def _solve_arrays(self, p: dict[str, np.ndarray]) -> ArraySolution:
        args = [p[n] for n in self.parameter_names]
        A, B = self.payoff_matrices(*args)
        res = solve_2x2(A, B, tol=TIE_TOL)
        q = 1.0 - res.p  # p = P(row plays action 0 = legal)
        r = res.q  # q = P(column plays action 0 = inspect)
        alpha, beta = p["false_alarm"][:, None], p["non_detection"][:, None]
        out = self._outcomes(q, r, alpha, beta)
        # same test as np.isclose(v, 0) | np.isclose(v, 1) in `_solve`, written out (cheaper)
        pure = ((np.abs(q) <= 1e-8) | (np.abs(q - 1) <= 1e-8 + 1e-5)) & (
            (np.abs(r) <= 1e-8) | (np.abs(r - 1) <= 1e-8 + 1e-5))

        def bilinear(M):  # x' M y with x = (1 - q, q), y = (r, 1 - r), per slot
            M00, M01, M10, M11 = (M[:, i, j][:, None] for i in (0, 1) for j in (0, 1))
            return (1 - q) * (r * M00 + (1 - r) * M01) + q * (r * M10 + (1 - r) * M11)

        return ArraySolution(
            valid=res.valid,
            labels=np.array(["mixed", "pure"], dtype=object)[pure.astype(np.intp)],
            outcomes=out,
            quantities={"violation_probability": q, "inspection_probability": r,
                        "alarm_probability": r * ((1 - q) * alpha + q * (1 - beta)),
                        "inspectee_payoff": bilinear(A), "inspector_payoff": bilinear(B)},
        )
