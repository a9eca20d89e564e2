"""Fearon (1995): crisis bargaining under private information — the risk-return trade-off.

Two models share this module:

* :class:`CrisisBargaining` (``crisis_bargaining``): A makes a take-it-or-leave-it demand;
  B's cost of war is private, uniform on ``[c_B_low, c_B_high]``.
* :class:`CrisisBargainingSignal` (``crisis_bargaining_signal``): B's cost takes two
  values (tough ``c_L``, soft ``c_H``) and A first sees a public signal of accuracy ``rho``
  about it (verified data exchange, transparency about resolve).

Provenance: **textbook version** of Fearon's mechanism (paper-faithful for the structure:
bargaining range, risk-return trade-off; the closed forms are the standard textbook
rendering, and the public-signal extension is not in Fearon). See ``papers/Fearon1995``.

References
----------
Fearon, J. D. (1995). Rationalist explanations for war. *International Organization*
49(3), 379-414.
Kamenica, E. and Gentzkow, M. (2011). Bayesian persuasion. *American Economic Review*
101(6), 2590-2615 (for the minimal-disclosure experiment).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

import numpy as np

from .._validation import Interval, ParameterError
from ..games.information import InformationStructure
from ._base import ArraySolution, Model, Parameter

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = ["CrisisBargaining", "CrisisBargainingSignal"]

UNIT = Interval(0.0, 1.0)
NONNEG = Interval(0.0, np.inf)
TIE_TOL = 1e-12  # a posterior within this distance of pi* counts as the knife-edge tie


class CrisisBargaining(Model):
    r"""Take-it-or-leave-it crisis bargaining with B's war cost uniform on [a, b].

    States A and B divide an issue space [0, 1]; war gives A ``p - c_A`` and B
    ``1 - p - c_B``. B's cost ``c_B ~ U[a, b]`` (``a = c_B_low``, ``b = c_B_high``) is
    private. A demands ``x``; B accepts iff ``c_B >= x - p`` (ties: accept, the peaceful
    action). With ``y = x - p`` the first-order condition is the risk-return trade-off
    :math:`1 - F(y) = f(y)(y + c_A)`, so for the uniform

    .. math:: y^* = \max\{a, (b - c_A)/2\}, \qquad
              \Pr(\text{war}) = \max\{0, (b - c_A - 2a) / (2(b - a))\}

    ("safe" regime when :math:`b \le 2a + c_A`, "risky" otherwise). If ``p + y* > 1`` the
    demand is capped at 1 and :math:`\Pr(\text{war}) = F(1 - p)`.
    In mean/width form (``m = (a+b)/2``, ``w = b - a``, needs ``w <= 2m``):
    :math:`\Pr(\text{war}) = \max\{0, 3/4 - (m + c_A)/(2w)\}`, increasing in the width of
    A's uncertainty: transparency that narrows it lowers war.

    Provenance: textbook version (Fearon 1995, "War due to private information and
    incentives to misrepresent"; Figure 1 is the bargaining range ``[p - c_A, p + c_B]``).
    Aliases: *screening / risk-return trade-off* (Fearon 1995; Powell 1999 ch. 3),
    *monopoly pricing with unknown valuation* (industrial organisation).
    The equilibrium is unique (A's objective is concave on [a, b]).
    """

    id = "crisis_bargaining"
    title = "Fearon (1995) take-it-or-leave-it bargaining, B's war cost uniform"
    provenance = "textbook version"
    references = ("Fearon1995: Rationalist explanations for war. International Organization 49(3):379-414.",)
    parameters = (
        Parameter("p", 0.5, UNIT, "probability that A wins a war", "p", role="probability"),
        Parameter("c_A", 0.1, NONNEG, "A's cost of war (c_A = 0 is a limit case)", "c_A", role="cost"),
        Parameter("c_B_low", 0.0, NONNEG, "lower end of B's war-cost distribution", "a", information=True, role="cost"),
        Parameter("c_B_high", 0.4, NONNEG, "upper end of B's war-cost distribution", "b", information=True, role="cost"),
    )
    outcomes = ("settlement", "war")
    escalatory = ("war",)
    flags = ("demand_capped", "risky")

    def _check_arrays(self, p: dict[str, np.ndarray]) -> None:
        self._require(p["c_B_high"] > p["c_B_low"], "c_B_high", p["c_B_high"], "c_B_high > c_B_low",
                      "B's cost is uniform on [c_B_low, c_B_high]")

    @staticmethod
    def _closed_form(p: np.ndarray, c_A: np.ndarray, a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
        y = np.maximum(a, (b - c_A) / 2.0)
        capped = p + y > 1.0
        y = np.where(capped, 1.0 - p, y)
        x = p + y
        war = np.clip((y - a) / (b - a), 0.0, 1.0)
        eu_A = x * (1.0 - war) + (p - c_A) * war
        # B: accept part (1 - x)(1 - F) plus war part E[(1 - p - c_B) 1{c_B < y}]
        lo, hi = a, np.clip(y, a, b)
        # (hi^2 - lo^2) / 2 factored as (hi - lo)(hi/2 + lo/2): no overflow for costs up to 1e308
        eu_B = (1.0 - x) * (1.0 - war) + (hi - lo) / (b - a) * ((1.0 - p) - (hi / 2.0 + lo / 2.0))
        risky = war > 0
        return {"x": x, "y": y, "war": war, "eu_A": eu_A, "eu_B": eu_B, "capped": capped, "risky": risky}

    def symbolic(self) -> SymbolicForm:
        r"""Regimes of the uniform model: safe, risky, and the demand capped at 1.

        With ``a = c_B_low``, ``b = c_B_high``: risky iff :math:`b > 2a + c_A`, where
        :math:`\Pr(\text{war}) = (b - c_A - 2a)/(2(b - a))`; the demand ``p + y*`` is
        capped at 1 when it exceeds 1, and then :math:`\Pr(\text{war}) = (1 - p - a)/(b - a)`
        if ``p + a < 1`` (else 0).
        """
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        s = model_symbols(self)
        p, c_A, a, b = s["p"], s["c_A"], s["c_B_low"], s["c_B_high"]
        risky = sp.Gt(b, 2 * a + c_A)
        safe = sp.Le(b, 2 * a + c_A)
        y = (b - c_A) / 2
        R = Regime
        regimes = [
            R("safe", (safe, sp.Le(p + a, 1)), ({ESCALATION: 0, "demand": p + a},), ("pure",),
              description="A demands p + c_B_low, which every type accepts"),
            R("safe_capped", (safe, sp.Gt(p + a, 1)), ({ESCALATION: 0, "demand": 1},), ("pure",),
              description="p + c_B_low > 1: A demands everything, every type accepts"),
            R("risky", (risky, sp.Le(p + y, 1)),
              ({ESCALATION: (b - c_A - 2 * a) / (2 * (b - a)), "demand": p + y},), ("pure",),
              description="risk-return trade-off: A demands p + (c_B_high - c_A)/2"),
            R("risky_capped", (risky, sp.Gt(p + y, 1), sp.Lt(p + a, 1)),
              ({ESCALATION: (1 - p - a) / (b - a), "demand": 1},), ("pure",),
              description="the optimal demand exceeds 1: A demands 1"),
            R("capped_safe", (risky, sp.Gt(p + y, 1), sp.Ge(p + a, 1)), ({ESCALATION: 0, "demand": 1},),
              ("pure",), description="demand capped at 1, which every type accepts"),
        ]
        return SymbolicForm.build(self, regimes, facts=(sp.Gt(b, a),),
                                  sampling={"c_A": (0.0, 1.0), "c_B_low": (0.0, 1.0), "c_B_high": (0.0, 2.0)})

    def _solve(self, p: dict[str, Any]) -> list:
        r = {k: float(v) for k, v in self._closed_form(p["p"], p["c_A"], p["c_B_low"], p["c_B_high"]).items()}
        regime = "risky" if r["risky"] else "safe"
        return [self._equilibrium(
            "pure",
            {"war": r["war"], "settlement": 1.0 - r["war"]},
            strategies={"demand": r["x"], "B_accepts_if_cost_at_least": r["y"], "regime": regime},
            quantities={"demand": r["x"], "eu_A": r["eu_A"], "eu_B": r["eu_B"],
                        "bargaining_range_low": p["p"] - p["c_A"],
                        "bargaining_range_high_expected": p["p"] + (p["c_B_low"] + p["c_B_high"]) / 2},
            flags={"risky": bool(r["risky"]), "demand_capped": bool(r["capped"])},
        )]

    def _solve_arrays(self, p: dict[str, np.ndarray]) -> ArraySolution:
        r = self._closed_form(p["p"], p["c_A"], p["c_B_low"], p["c_B_high"])
        n = r["x"].size
        return ArraySolution(
            valid=np.ones((n, 1), bool),
            labels=np.full((n, 1), "pure", dtype=object),
            outcomes={"war": r["war"][:, None], "settlement": 1.0 - r["war"][:, None]},
            quantities={"demand": r["x"][:, None], "eu_A": r["eu_A"][:, None], "eu_B": r["eu_B"][:, None],
                        "bargaining_range_low": (p["p"] - p["c_A"])[:, None],
                        "bargaining_range_high_expected": (p["p"] + (p["c_B_low"] + p["c_B_high"]) / 2)[:, None]},
            flags={"risky": r["risky"][:, None], "demand_capped": r["capped"][:, None]},
        )


class CrisisBargainingSignal(Model):
    r"""Two-type Fearon bargaining with a public signal of accuracy ``rho``.

    B is tough (war cost ``c_L``, probability ``pi``) or soft (``c_H > c_L``). A public
    signal says "looks tough" with probability ``rho`` if B is tough and ``1 - rho`` if
    soft (a symmetric binary experiment; ``rho = 1/2`` is uninformative, ``rho = 1``
    reveals the type). At posterior :math:`\mu` A either gambles on ``p + c_H`` (the
    tough type fights) or makes the safe demand ``p + c_L``; it gambles iff

    .. math:: \mu < \pi^* = (c_H - c_L)/(c_H + c_A)

    (ties go to the safe demand). With posteriors :math:`\mu_t = \pi\rho/(\pi\rho +
    (1-\pi)(1-\rho))` and :math:`\mu_s = \pi(1-\rho)/(\pi(1-\rho) + (1-\pi)\rho)`:

    .. math:: W(\rho) = \pi\rho\,1[\mu_t < \pi^*] + \pi(1-\rho)\,1[\mu_s < \pi^*]

    ``W`` is **not monotone** in ``rho``: a Blackwell-more-informative signal can raise
    the probability of war (e.g. at ``pi = 0.6``, ``papers/Fearon1995``). At a knife-edge posterior
    A is indifferent and any mixture is an equilibrium; the solution reports the
    tie-break (safe) equilibrium and says so in ``warnings``.

    Provenance: textbook version (Fearon's two-type logic; the signal extension is a
    textbook extension, not in Fearon 1995). Aliases: *gambling for resolution*,
    *risk-return trade-off with two types*.
    """

    id = "crisis_bargaining_signal"
    title = "Fearon (1995) two-type bargaining with a public signal of B's resolve"
    provenance = "textbook version"
    references = (
        "Fearon1995: Rationalist explanations for war. International Organization 49(3):379-414.",
        "KamenicaGentzkow2011: Bayesian persuasion. American Economic Review 101(6):2590-2615.",
    )
    parameters = (
        Parameter("pi", 0.6, UNIT, "prior probability that B is tough", "π", role="prior"),
        Parameter("rho", 0.75, UNIT, "accuracy of the public signal about B's type", "ρ", information=True, role="signal_accuracy"),
        Parameter("c_L", 0.05, NONNEG, "tough B's cost of war", "c_L", role="cost"),
        Parameter("c_H", 0.25, NONNEG, "soft B's cost of war", "c_H", role="cost"),
        Parameter("c_A", 0.1, NONNEG, "A's cost of war", "c_A", role="cost"),
        Parameter("p", 0.5, UNIT, "probability that A wins a war", "p", role="probability"),
    )
    outcomes = ("settlement", "war")
    escalatory = ("war",)
    flags = ("gamble_after_looks_soft", "gamble_after_looks_tough", "knife_edge")

    def _check_arrays(self, p: dict[str, np.ndarray]) -> None:
        self._require(p["c_H"] > p["c_L"], "c_H", p["c_H"], "c_H > c_L", "the soft type has the higher war cost")
        self._require(p["p"] + p["c_H"] <= 1.0, "c_H", p["c_H"], "p + c_H <= 1",
                      "the gamble demand p + c_H must be a feasible division")

    @staticmethod
    def pi_star(c_L: Any, c_H: Any, c_A: Any) -> Any:
        """A's gambling threshold :math:`\\pi^* = (c_H - c_L)/(c_H + c_A)`."""
        return (np.asarray(c_H) - c_L) / (np.asarray(c_H) + c_A)

    @staticmethod
    def _closed_form(pi, rho, c_L, c_H, c_A, p) -> dict[str, np.ndarray]:
        pi_s = (c_H - c_L) / (c_H + c_A)
        P_t = pi * rho + (1 - pi) * (1 - rho)
        P_s = 1.0 - P_t
        with np.errstate(invalid="ignore", divide="ignore"):
            mu_t = np.where(P_t > 0, pi * rho / np.where(P_t > 0, P_t, 1.0), pi)
            mu_s = np.where(P_s > 0, pi * (1 - rho) / np.where(P_s > 0, P_s, 1.0), pi)
        gamble_t = mu_t < pi_s - TIE_TOL
        gamble_s = mu_s < pi_s - TIE_TOL
        tie = (np.abs(mu_t - pi_s) <= TIE_TOL) & (P_t > 0) | (np.abs(mu_s - pi_s) <= TIE_TOL) & (P_s > 0)
        war = pi * rho * gamble_t + pi * (1 - rho) * gamble_s
        safe, risky = p + c_L, p + c_H

        def eu(mu, g):
            return np.where(g, (1 - mu) * risky + mu * (p - c_A), safe)

        eu_A = P_t * eu(mu_t, gamble_t) + P_s * eu(mu_s, gamble_s)
        return {"war": war, "mu_t": mu_t, "mu_s": mu_s, "P_t": P_t, "pi_star": pi_s,
                "gamble_t": gamble_t, "gamble_s": gamble_s, "tie": tie, "eu_A": eu_A,
                "demand_t": np.where(gamble_t, risky, safe), "demand_s": np.where(gamble_s, risky, safe)}

    def symbolic(self) -> SymbolicForm:
        r"""Nine regimes: each posterior below, at (tie: safe demand) or above :math:`\pi^*`.

        :math:`\Pr(\text{war}) = \pi\rho\,1[\mu_t < \pi^*] + \pi(1-\rho)\,1[\mu_s < \pi^*]`.
        """
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        s = model_symbols(self)
        pi, rho, c_L, c_H, c_A = s["pi"], s["rho"], s["c_L"], s["c_H"], s["c_A"]
        pi_s = (c_H - c_L) / (c_H + c_A)
        P_t = pi * rho + (1 - pi) * (1 - rho)
        mu_t = pi * rho / P_t
        mu_s = pi * (1 - rho) / (1 - P_t)
        cases = {"gamble": (sp.Lt, True), "tie": (sp.Eq, False), "safe": (sp.Gt, False)}
        regimes = []
        for (nt, (rel_t, g_t)), (ns, (rel_s, g_s)) in itertools.product(cases.items(), repeat=2):
            war = pi * rho * int(g_t) + pi * (1 - rho) * int(g_s)
            regimes.append(Regime(
                f"looks_tough:{nt}|looks_soft:{ns}",
                (rel_t(mu_t, pi_s, evaluate=False), rel_s(mu_s, pi_s, evaluate=False)),
                ({ESCALATION: war, "pi_star": pi_s, "prob_looks_tough": P_t},), ("pure",),
                description=f"after 'looks tough' A's posterior is {nt}, after 'looks soft' {ns} "
                            "(gamble: below pi*, tie: at pi*, safe demand)"))
        return SymbolicForm.build(self, regimes, facts=(sp.Gt(c_H, c_L), sp.Le(s["p"] + c_H, 1)),
                                  sampling={"c_L": (0.0, 1.0), "c_H": (0.0, 1.0), "c_A": (0.0, 1.0)},
                                  solve_order=("c_A", "rho", "pi"))

    def _args(self, p: dict[str, Any]) -> tuple:
        return tuple(p[k] for k in ("pi", "rho", "c_L", "c_H", "c_A", "p"))

    def _solve(self, p: dict[str, Any]) -> list:
        r = self._closed_form(*self._args(p))
        r = {k: (bool(v) if isinstance(v, np.bool_ | bool) else float(v)) for k, v in r.items()}
        return [self._equilibrium(
            "pure",
            {"war": r["war"], "settlement": 1.0 - r["war"]},
            strategies={"demand_after_looks_tough": r["demand_t"], "demand_after_looks_soft": r["demand_s"]},
            quantities={"mu_looks_tough": r["mu_t"], "mu_looks_soft": r["mu_s"],
                        "prob_looks_tough": r["P_t"], "pi_star": r["pi_star"], "eu_A": r["eu_A"]},
            flags={"gamble_after_looks_tough": r["gamble_t"], "gamble_after_looks_soft": r["gamble_s"],
                   "knife_edge": r["tie"]},
        )]

    def solve(self, **params: Any):  # noqa: D102 - documented on Model.solve
        p = self.validate(**params)
        eqs = self._solve(p)
        warnings: tuple[str, ...] = ()
        if eqs[0].flags["knife_edge"]:
            warnings = ("a posterior equals pi* (knife-edge): A is indifferent, so every mixture of the two "
                        "demands there is also an equilibrium; reported is the tie-break to the safe demand",)
        return self._solution(p, eqs, warnings=warnings, solver_options={"tie_tolerance": TIE_TOL})

    def _solve_arrays(self, p: dict[str, np.ndarray]) -> ArraySolution:
        r = self._closed_form(*self._args(p))
        n = r["war"].size

        def col(a):
            return np.asarray(a)[:, None]

        return ArraySolution(
            valid=np.ones((n, 1), bool),
            labels=np.full((n, 1), "pure", dtype=object),
            outcomes={"war": col(r["war"]), "settlement": col(1.0 - r["war"])},
            quantities={"mu_looks_tough": col(r["mu_t"]), "mu_looks_soft": col(r["mu_s"]),
                        "prob_looks_tough": col(r["P_t"]), "pi_star": col(r["pi_star"]), "eu_A": col(r["eu_A"])},
            flags={"gamble_after_looks_tough": col(r["gamble_t"]), "gamble_after_looks_soft": col(r["gamble_s"]),
                   "knife_edge": col(r["tie"])},
        )

    # ------------------------------------------------------------------------------
    def minimal_disclosure(self, **params: Any) -> dict[str, Any]:
        r"""The least informative experiment a neutral verifier can commit to that secures peace.

        For a prior :math:`\pi < \pi^*` the tough type always sends the pooled message, the
        soft type sends it with probability :math:`q = \pi(1-\pi^*)/((1-\pi)\pi^*)` and is
        otherwise revealed; the pooled posterior is exactly :math:`\pi^*` (the tie goes to
        the safe demand), so war is 0 (Kamenica-Gentzkow concavification: the lower convex
        envelope of war(mu) is 0 at every prior). For :math:`\pi \ge \pi^*` no information
        is needed (``q = 1``). Returns the experiment, ``q``, the posteriors and the war
        probability it induces. ``rho`` is ignored.
        """
        p = self.validate(**params)
        pi, pi_s = p["pi"], float(self.pi_star(p["c_L"], p["c_H"], p["c_A"]))
        q = 1.0 if pi >= pi_s else pi * (1 - pi_s) / ((1 - pi) * pi_s)
        experiment = InformationStructure([[1.0, 0.0], [q, 1.0 - q]], ("tough", "soft"), ("pooled", "revealed_soft"))
        prob_pooled = pi + (1 - pi) * q
        mu_pooled = pi / prob_pooled if prob_pooled > 0 else pi
        gamble = mu_pooled < pi_s - TIE_TOL
        war = pi * float(gamble)  # revealed-soft posterior is 0: A gambles, soft accepts, no war
        return {"q": q, "experiment": experiment, "posterior_pooled": mu_pooled,
                "prob_pooled": prob_pooled, "pi_star": pi_s, "war_probability": war}

    def experiment_war(self, experiment: InformationStructure, **params: Any) -> float:
        """War probability when A observes ``experiment`` (states: tough, soft) before demanding."""
        if not isinstance(experiment, InformationStructure):
            raise TypeError(f"`experiment` must be an InformationStructure (got {type(experiment).__name__})")
        if experiment.shape[0] != 2:
            raise ParameterError("experiment", experiment.shape, "an experiment on the 2 states (tough, soft)")
        p = self.validate(**params)
        pi_s = float(self.pi_star(p["c_L"], p["c_H"], p["c_A"]))
        py, post = experiment.posteriors([p["pi"], 1 - p["pi"]])
        war = 0.0
        for y in range(experiment.shape[1]):
            if py[y] > 0 and post[y, 0] < pi_s - TIE_TOL:
                war += py[y] * post[y, 0]
        return war
