"""Transparency that exposes weakness: inspections can raise the probability of war.

Provenance: **reconstruction**. Two reduced forms of the project (see
``docs/models/transparency_exposure.md``), built to capture published arguments; neither is
the model of the paper it is inspired by.

* ``version="leak_proxy"`` (the capability-degradation "security leak" proxy).
  Slantchev (2010, "Feigning Weakness", *IO* 64(3)) presents an ultimatum crisis-bargaining
  model in which a strong state may conceal its strength because, should war break out, it
  benefits from the opponent believing it weak (tactical surprise). His model is **not**
  implemented here; the proxy only shares the mechanism "revealing capability costs the strong
  type something in war".

  S is strong (``H``, prior ``pi``) or weak (``L``); S's win probability in war is ``p_H`` or
  ``p_L``; war costs ``c_S`` and ``c_R``. R makes a take-it-or-leave-it offer ``x`` (S's share)
  and S accepts iff ``x >= p_t - c_S``. If ``H`` discloses its type verifiably, R adapts and
  ``H``'s win probability falls to ``p_H_prime <= p_H``; so ``H`` conceals whenever
  ``p_H_prime < p_H`` and the types pool. An exogenous inspection of intensity ``tau`` finds the
  strong type's capability with probability ``tau`` (it finds nothing in a weak type). After
  no finding R's posterior is

      mu(tau) = pi (1 - tau) / (1 - pi tau),

  and R gambles on the low offer ``p_L - c_S`` iff ``mu < pi_star`` with

      pi_star = (p_H - p_L) / (p_H - p_L + c_S + c_R),

  so that ``Pr(war) = pi (1 - tau) 1[mu(tau) < pi_star]``. For ``pi >= pi_star`` war is 0
  without inspection, jumps up where ``mu(tau)`` crosses ``pi_star`` at
  ``tau_star = (pi - pi_star) / (pi (1 - pi_star))`` and falls to 0 at ``tau = 1``.

* ``version="deal_window"`` (a reduced form of the trade-off named in the
  abstract of Coe and Vaynman 2020, "Why Arms Control Is So Rare", *APSR* 114: monitoring must
  make arming transparent enough to assure compliance but not so much as to threaten
  security). Their model is **not** implemented. With ``D = S_deal_minus_race``: a state in
  the deal that cheats gains ``G`` if undetected (payoff ``S_deal + G``) and is caught with
  probability ``tau`` (payoff ``S_race``: detected cheating ends the deal in an arms race); the
  monitoring leak costs ``lam * tau`` whether or not the state complies. Compliance holds iff
  ``tau >= tau_min = G / (G + D)``; participation iff ``tau <= tau_max = D / lam``. The
  probability of war is ``w_deal`` when the deal is in force at ``tau`` and ``w_race`` otherwise;
  ``w_deal`` and ``w_race`` are exogenous parameters (they are
  defined as the war probability under an arms-control deal and under an
  arms race).

Ties go to the peaceful action: R offers the safe (high) offer when ``mu == pi_star``; S
accepts an offer equal to its war value; the strong type discloses when ``p_H_prime == p_H``
(disclosure then costs nothing and prevents the gamble); a state complies at ``tau == tau_min``
and joins at ``tau == tau_max``. Comparisons use a tolerance of ``TIE_TOL`` (1e-12), because
the project's ``pi=0.8, tau=0.5`` case is a tie that floating point misses by one ulp.

Aliases: *security leak*, *transparency-security trade-off* (Coe and Vaynman 2020);
*feigning weakness*, *tactical surprise* (Slantchev 2010); *verification dilemma*.

References: Slantchev 2010 (abstract consulted); Coe and Vaynman 2020 (abstract consulted);
Fearon 1995 for the take-it-or-leave-it screening logic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .._validation import Choice, Interval
from ._base import ArraySolution, Model, Parameter

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = ["TransparencyExposure", "TIE_TOL"]

TIE_TOL = 1e-12
"""Tolerance for knife-edge comparisons (a tie within it goes to the peaceful action)."""

_UNIT = Interval(0.0, 1.0)
_POS = Interval(0.0, np.inf, low_closed=False)
_NONNEG = Interval(0.0, np.inf)


class TransparencyExposure(Model):
    """Inspections that reveal capability can raise war and the verification window.

    Provenance: reconstruction (the project's reduced forms, not Slantchev's or Coe and
    Vaynman's models). See the module docstring for the equations and ties.
    """

    id = "transparency_exposure"
    title = "Transparency that exposes weakness: security-leak proxy and arms-control verification window"
    provenance = "reconstruction"
    references = (
        "Slantchev2010: Feigning Weakness, International Organization 64(3):357-388 (mechanism only)",
        "CoeVaynman2020: Why Arms Control Is So Rare, American Political Science Review 114(2):342-355 (trade-off only)",
        "Fearon1995: Rationalist Explanations for War, International Organization 49(3) (TIOLI screening)",
    )
    parameters = (
        Parameter("variant", "leak_proxy", Choice(("leak_proxy", "deal_window")),
                  "which reduced form: the security-leak proxy or the verification window", role="variant", former=("version",)),
        Parameter("tau", 0.8, _UNIT,
                  "inspection / monitoring intensity: probability that capability or cheating is detected",
                  "tau", information=True, role="detection"),
        Parameter("pi", 0.8, _UNIT, "prior probability that S is strong (leak_proxy)", "pi", role="prior"),
        Parameter("p_H", 0.7, _UNIT, "strong S's probability of winning a war if undisclosed (leak_proxy)", "p_H", role="probability"),
        Parameter("p_H_prime", 0.55, _UNIT,
                  "strong S's win probability after disclosure lets R adapt, p_H' <= p_H (leak_proxy)", "p_H'", role="probability"),
        Parameter("p_L", 0.3, _UNIT, "weak S's probability of winning a war (leak_proxy)", "p_L", role="probability"),
        Parameter("c_S", 0.1, _POS, "S's cost of war (leak_proxy)", "c_S", role="cost"),
        Parameter("c_R", 0.1, _POS, "R's cost of war (leak_proxy)", "c_R", role="cost"),
        Parameter("S_deal_minus_race", 0.3, _POS,
                  "gain from an arms-control deal over an arms race, S_deal - S_race (deal_window)",
                  "S_deal - S_race", role="benefit"),
        Parameter("G", 0.2, _POS, "gain from cheating on the deal when undetected (deal_window)", "G", role="benefit"),
        Parameter("lam", 0.5, _NONNEG, "security cost of monitoring per unit of intensity: leak cost lam*tau (deal_window)",
                  "lambda", role="cost"),
        Parameter("w_deal", 0.02, _UNIT, "probability of war while an arms-control deal is in force (deal_window)",
                  "w_deal", role="probability"),
        Parameter("w_race", 0.10, _UNIT, "probability of war in an arms race (deal_window)", "w_race", role="probability"),
    )
    outcomes = ("settlement", "war", "arms_control", "arms_race")
    escalatory = ("war",)
    flags = ("deal_exists_for_some_tau", "deal_in_force", "gamble")

    # validation -----------------------------------------------------------------------
    def _check_arrays(self, p: dict[str, np.ndarray]) -> None:
        self._require(p["p_H"] > p["p_L"], "p_H", p["p_H"], "p_H > p_L",
                      "the strong type must win more often than the weak type")
        self._require(p["p_H_prime"] <= p["p_H"], "p_H_prime", p["p_H_prime"], "p_H_prime <= p_H",
                      "disclosure can only lower the strong type's win probability")

    # closed form ----------------------------------------------------------------------
    @staticmethod
    def _leak(pi, tau, p_H, p_H_prime, p_L, c_S, c_R):
        pi, tau, p_H, p_H_prime, p_L, c_S, c_R = (np.asarray(v, dtype=float)
                                                  for v in (pi, tau, p_H, p_H_prime, p_L, c_S, c_R))
        pi_star = (p_H - p_L) / (p_H - p_L + c_S + c_R)
        denom = 1.0 - pi * tau
        with np.errstate(invalid="ignore", divide="ignore"):
            mu = np.where(denom > 0, pi * (1.0 - tau) / np.where(denom > 0, denom, 1.0), 0.0)
        uninspected_strong = pi * (1.0 - tau)
        discloses = p_H_prime >= p_H - TIE_TOL  # disclosure costless -> tie -> peaceful (disclose)
        gamble = (mu < pi_star - TIE_TOL) & ~discloses & (uninspected_strong > 0)
        war = np.where(gamble, uninspected_strong, 0.0)
        offer = np.where(gamble, p_L - c_S, p_H - c_S)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            tau_star = np.where(pi > pi_star, (pi - pi_star) / (pi * (1.0 - pi_star)), 0.0)
        return war, pi_star, mu, offer, gamble, discloses, tau_star

    @staticmethod
    def _window(tau, D, G, lam, w_deal, w_race):
        tau, D, G, lam, w_deal, w_race = (np.asarray(v, dtype=float) for v in (tau, D, G, lam, w_deal, w_race))
        tau_min = G / (G + D)
        with np.errstate(divide="ignore", over="ignore"):
            tau_max = np.where(lam > 0, D / np.where(lam > 0, lam, 1.0), np.inf)
        complies = tau >= tau_min - TIE_TOL
        joins = tau <= tau_max + TIE_TOL
        deal = complies & joins
        war = np.where(deal, w_deal, w_race)
        deal_exists = tau_min <= np.minimum(1.0, tau_max) + TIE_TOL
        return war, deal, tau_min, tau_max, deal_exists

    def _solve(self, p: dict[str, Any]) -> list:
        # each version reports its own quantities and flags; _solve_arrays includes a
        # version's columns only when some point uses that version, so that scalar and
        # vectorized sweeps give the same columns
        leak = p["variant"] == "leak_proxy"
        war_l, pi_star, mu, offer, gamble, discloses, tau_star = (
            np.asarray(v).item() for v in self._leak(
                p["pi"], p["tau"], p["p_H"], p["p_H_prime"], p["p_L"], p["c_S"], p["c_R"]))
        war_w, deal, tau_min, tau_max, deal_exists = (
            np.asarray(v).item() for v in self._window(
                p["tau"], p["S_deal_minus_race"], p["G"], p["lam"], p["w_deal"], p["w_race"]))
        if leak:
            return [self._equilibrium(
                "separating (disclosure)" if discloses else "pooling",
                {"settlement": 1.0 - war_l, "war": war_l},
                strategies={"strong_discloses": bool(discloses),
                            "offer_after_no_finding": float(offer),
                            "R_gambles_after_no_finding": bool(gamble),
                            "S_accepts": "iff offer >= p_t - c_S"},
                quantities={"pi_star": pi_star, "posterior_no_finding": mu, "tau_star": tau_star},
                flags={"gamble": bool(gamble)},
            )]
        return [self._equilibrium(
            "deal" if deal else "arms race",
            {"war": war_w, ("arms_control" if deal else "arms_race"): 1.0 - war_w},
            strategies={"comply": bool(p["tau"] >= tau_min - TIE_TOL),
                        "join": bool(p["tau"] <= tau_max + TIE_TOL)},
            quantities={"tau_min": tau_min, "tau_max": tau_max},
            flags={"deal_in_force": bool(deal), "deal_exists_for_some_tau": bool(deal_exists)},
        )]

    def symbolic(self) -> SymbolicForm:
        r"""Regimes of both reduced forms (``version`` as a regime choice).

        leak_proxy: the strong type discloses iff :math:`p_H' = p_H`; otherwise R gambles after
        no finding iff :math:`\mu(\tau) < \pi^*` (the tie :math:`\mu = \pi^*` is its own
        regime: safe offer), and :math:`\Pr(\text{war}) = \pi(1-\tau)`; if no strong type
        can remain uninspected (:math:`\pi(1-\tau) = 0`) there is no war.
        deal_window: the deal holds iff :math:`\tau \ge G/(G+D)` and :math:`\lambda\tau \le D`.
        """
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        s = model_symbols(self)
        tau, pi, p_H, p_Hp, p_L, c_S, c_R = (s[n] for n in ("tau", "pi", "p_H", "p_H_prime", "p_L", "c_S", "c_R"))
        D, G, lam, w_deal, w_race = (s[n] for n in ("S_deal_minus_race", "G", "lam", "w_deal", "w_race"))
        pi_star = (p_H - p_L) / (p_H - p_L + c_S + c_R)
        mu = pi * (1 - tau) / (1 - pi * tau)
        left = pi * (1 - tau)
        conceal = sp.Lt(p_Hp, p_H)
        LEAK, DEAL = {"variant": "leak_proxy"}, {"variant": "deal_window"}
        R = Regime
        lab = "pooling"
        regimes = [
            R("leak:discloses", (sp.Eq(p_Hp, p_H),), ({ESCALATION: 0, "pi_star": pi_star},),
              ("separating (disclosure)",), choices=LEAK, description="disclosure costs nothing: the strong type discloses"),
            R("leak:gamble", (conceal, sp.Gt(left, 0), sp.Lt(mu, pi_star)),
              ({ESCALATION: left, "pi_star": pi_star, "posterior_no_finding": mu},), (lab,), choices=LEAK,
              description="after no finding R's posterior is below pi*: R gambles, an uninspected strong S fights"),
            R("leak:tie", (conceal, sp.Gt(left, 0), sp.Eq(mu, pi_star)),
              ({ESCALATION: 0, "pi_star": pi_star, "posterior_no_finding": mu},), (lab,), choices=LEAK,
              description="posterior exactly pi*: the tie goes to the safe offer"),
            R("leak:safe", (conceal, sp.Gt(left, 0), sp.Gt(mu, pi_star)),
              ({ESCALATION: 0, "pi_star": pi_star, "posterior_no_finding": mu},), (lab,), choices=LEAK,
              description="posterior above pi*: R makes the safe offer"),
            R("leak:all_inspected", (conceal, sp.Eq(left, 0)), ({ESCALATION: 0, "pi_star": pi_star},), (lab,),
              choices=LEAK, description="no strong type remains uninspected (pi (1 - tau) = 0)"),
            R("deal:in_force", (sp.Ge(tau, G / (G + D)), sp.Le(lam * tau, D)), ({ESCALATION: w_deal},),
              ("deal",), choices=DEAL, description="monitoring deters cheating and is tolerable: the deal holds"),
            R("deal:cheating", (sp.Lt(tau, G / (G + D)),), ({ESCALATION: w_race},), ("race",), choices=DEAL,
              description="tau < tau_min: cheating pays, no deal"),
            R("deal:too_intrusive", (sp.Ge(tau, G / (G + D)), sp.Gt(lam * tau, D)), ({ESCALATION: w_race},),
              ("race",), choices=DEAL, description="lam tau > D: monitoring leaks too much, no deal"),
        ]
        return SymbolicForm.build(self, regimes, facts=(sp.Gt(p_H, p_L), sp.Le(p_Hp, p_H)),
                                  sampling={"c_S": (0.0, 1.0), "c_R": (0.0, 1.0), "S_deal_minus_race": (0.0, 1.0),
                                            "G": (0.0, 1.0), "lam": (0.0, 2.0)},
                                  solve_order=("p_H_prime", "tau", "c_R"))

    def _solve_arrays(self, p: dict[str, np.ndarray]) -> ArraySolution:
        leak = p["variant"] == "leak_proxy"
        f = {k: np.asarray(v, dtype=float) for k, v in p.items() if k != "variant"}
        war_l, pi_star, mu, offer, gamble, discloses, tau_star = self._leak(
            f["pi"], f["tau"], f["p_H"], f["p_H_prime"], f["p_L"], f["c_S"], f["c_R"])
        war_w, deal, tau_min, tau_max, deal_exists = self._window(
            f["tau"], f["S_deal_minus_race"], f["G"], f["lam"], f["w_deal"], f["w_race"])
        n = leak.shape[0]
        war = np.where(leak, war_l, war_w)
        outcomes = {
            "settlement": np.where(leak, 1.0 - war_l, 0.0),
            "war": war,
            "arms_control": np.where(~leak & deal, 1.0 - war_w, 0.0),
            "arms_race": np.where(~leak & ~deal, 1.0 - war_w, 0.0),
        }
        labels = np.where(leak, np.where(discloses, "separating (disclosure)", "pooling"),
                          np.where(deal, "deal", "arms race")).astype(object)
        nan = np.full(n, np.nan)
        quantities = {
            "pi_star": np.where(leak, pi_star, nan),
            "posterior_no_finding": np.where(leak, mu, nan),
            "tau_star": np.where(leak, tau_star, nan),
            "tau_min": np.where(leak, nan, tau_min),
            "tau_max": np.where(leak, nan, tau_max),
        }
        flags = {"gamble": leak & gamble, "deal_in_force": ~leak & deal,
                 "deal_exists_for_some_tau": ~leak & np.broadcast_to(deal_exists, (n,))}
        leak_keys = ("pi_star", "posterior_no_finding", "tau_star", "gamble")
        used = (leak_keys if leak.any() else ()) + (
            ("tau_min", "tau_max", "deal_in_force", "deal_exists_for_some_tau") if (~leak).any() else ())
        quantities = {k: v for k, v in quantities.items() if k in used}
        flags = {k: v for k, v in flags.items() if k in used}
        return ArraySolution(
            valid=np.ones((n, 1), dtype=bool),
            labels=labels.reshape(n, 1),
            outcomes={k: v.reshape(n, 1) for k, v in outcomes.items()},
            quantities={k: v.reshape(n, 1) for k, v in quantities.items()},
            flags={k: np.asarray(v, bool).reshape(n, 1) for k, v in flags.items()},
        )
