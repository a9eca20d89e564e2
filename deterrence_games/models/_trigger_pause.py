"""Shared machinery of the repeated security dilemma with a pause.

Not a model itself (no ``id``): :mod:`.noisy_security_dilemma` and
:mod:`.incident_verification` subclass :class:`TriggerPauseModel` and say how the monitoring
parameters map to (p, q).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .._validation import Choice, IntegerRange, Interval
from ..games.normal_form import BimatrixGame, symmetric_2x2
from ..games.repeated import RepeatedGame, incident_monitoring
from ..solvers import trigger_closed_forms as cf
from ..solvers.automata import analyze_automaton, pause_trigger
from ._base import ArraySolution, Model, Parameter

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = ["TriggerPauseModel", "STAGE_PARAMETERS", "DYNAMIC_PARAMETERS"]

REAL = Interval()
OPEN_UNIT = Interval(0.0, 1.0, low_closed=False, high_closed=False)
AUTOMATON_MAX_STATES = 2000  # beyond this the automaton cross-check is skipped (closed form only)

STAGE_PARAMETERS = (
    Parameter("R", 3.0, REAL, "payoff when both restrain", "R", role="payoff"),
    Parameter("S", 0.0, REAL, "payoff of restraining while the rival arms", "S", role="payoff"),
    Parameter("T_hat", 4.0, REAL, "payoff of arming while the rival restrains (temptation)", "T̂", role="payoff"),
    Parameter("P", 1.0, REAL, "payoff when both arm", "P", role="payoff"),
)
DYNAMIC_PARAMETERS = (
    Parameter("delta", 0.9, OPEN_UNIT, "common discount factor (sustained engagement)", "δ", role="discount"),
    Parameter("pause", "optimal", Choice(("optimal", "fixed", "grim")),
              "pause rule: the shortest deterring pause, a fixed length T, or grim trigger", role="rule"),
    Parameter("T", 2, IntegerRange(1), "pause length when pause='fixed'", "T", role="duration"),
    Parameter("horizon", 10, IntegerRange(1), "N for P(at least one escalation period within N periods)", "N", role="horizon"),
)


class TriggerPauseModel(Model):
    """Trigger strategy with a cooling-off pause under a binary public signal (base class).

    Subclasses define ``_pq(p) -> (p_good, q_good)``: the probability of the good signal
    when both restrain and when exactly one arms.
    """

    outcomes = ("restraint", "pause", "arms_race")
    escalatory = ("pause", "arms_race")
    flags = ("best_trigger", "static_nash")
    method = "closed form; automaton linear system and one-shot deviations as certificate"

    # -- to override ---------------------------------------------------------------
    def _pq(self, p: dict[str, Any]) -> tuple[Any, Any]:
        raise NotImplementedError

    def _pq_symbolic(self, s: dict) -> tuple[Any, Any]:
        """(p, q) as sympy expressions of the model's symbols ``s``."""
        raise NotImplementedError

    def _facts_symbolic(self, s: dict) -> tuple:
        """Cross-parameter conditions of the subclass (its ``_check_arrays``), as sympy relations."""
        return ()

    _SYMBOLIC_UNCHECKABLE: tuple[str, ...] = ()
    """Quantities left out of the symbolic form because the numeric code loses digits in them."""

    SYMBOLIC_SAMPLING = {"T": (1, 60), "horizon": (1, 200)}
    """Boxes in which the symbolic form's tests draw the unbounded integers T and N."""

    def symbolic(self) -> SymbolicForm:
        r"""Regimes of the trigger-with-pause closed form.

        With S_T = sum_{k=1..T} delta^k = delta (1 - delta^T)/(1 - delta) and
        kappa = g / [(p - q) - g (1 - p)]:

        * ``optimal: no kappa`` ((p - q) <= g (1 - p)) and ``optimal: delta < delta*``
          (delta/(1-delta) < kappa): only *always arm* (escalation 1);
        * ``optimal: delta > delta*`` (delta/(1-delta) > kappa, every finite T*): the trigger
          with the optimal pause T*, escalation phi(T*) = T*(1-p)/(1 + T*(1-p)), value
          V(T*), crisis rate, ..., and *always arm*. T* is the smallest integer T >= 1 with
          S_T >= kappa. Since S_T >= kappa <=> delta^T <= 1 - kappa (1-delta)/delta =: r,
          and 0 < r < 1 exactly when delta/(1-delta) > kappa > 0,

          .. math:: T^* = \left\lceil \frac{\ln(1 - \kappa(1-\delta)/\delta)}{\ln\delta} \right\rceil

          (>= 1 automatically, because ln r / ln delta > 0). T* is a step symbol
          (``steps``): an integer, piecewise constant in the parameters, so its derivative
          is 0 almost everywhere and signs are taken between its jumps. The model uses the
          tie convention S_T >= kappa - 1e-12 (exact partial sums, not a floating
          ceiling); the two differ only within ~1e-12 of a jump of T*, a set the random test
          points miss;
        * the knife edge delta/(1-delta) = kappa (only grim trigger deters, escalation share
          1) is *not* listed: the model's convention there holds within an absolute 1e-12,
          below the rounding of kappa and delta/(1-delta) near it (errors of 1e-12 seen at
          kappa ~ 50), so sampled boundary points cannot be classified reliably;
        * ``grim`` and ``fixed`` rules: the trigger equilibrium exists iff the incentive
          constraint holds (S_T >= kappa for the fixed pause, with equality deterring;
          delta/(1-delta) >= kappa for grim).

        The integers T (fixed pause) and N (horizon, in P(a pause period within N periods)
        = 1 - p^(N-1)) are integer symbols, drawn by the tests in ``SYMBOLIC_SAMPLING``
        (T in 1..60, N in 1..200); every value in their domain is covered by the same
        expressions. ``delta_star_T`` (delta*(T), a polynomial root for T >= 2) is not
        listed.
        """
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        s = model_symbols(self, integers=("T", "horizon"))
        R, S, T_hat, P, delta = s["R"], s["S"], s["T_hat"], s["P"], s["delta"]
        T, N = s["T"], s["horizon"]
        p, q = self._pq_symbolic(s)
        g = (T_hat - R) / (R - P)
        den = (p - q) - g * (1 - p)
        kap = g / den
        T_star = sp.Symbol("T_star", integer=True, positive=True)
        T_star_def = sp.ceiling(sp.log(1 - kap * (1 - delta) / delta) / sp.log(delta))

        def S_t(t):
            return delta * (1 - delta**t) / (1 - delta)

        def value(t):
            tail = 0 if t is None else (1 - p) * delta ** (t + 1)
            return P + (1 - delta) * (R - P) / (1 - delta * p - tail)

        common = {"p": p, "q": q, "v_bind": R - (1 - p) / (p - q) * (T_hat - R)}
        static = {ESCALATION: 1, "restraint": 0, "pause": 0, "arms_race": 1, "value": P, "crisis_rate": 0,
                  "expected_time_to_escalation": 0, "escalation_within_horizon": 1, "delta_star_T": 0}

        def trigger(t):  # t None: grim trigger
            phi = 1 if t is None else t * (1 - p) / (1 + t * (1 - p))
            out = {ESCALATION: phi, "restraint": 1 - phi, "pause": phi, "arms_race": 0, "value": value(t),
                   "crisis_rate": 0 if t is None else (1 - p) / (1 + t * (1 - p)),
                   "expected_time_to_escalation": 1 / (1 - p), "escalation_within_horizon": 1 - p ** (N - 1)}
            return out if t is None else {**out, "T": t}

        with_kappa = {**common, "kappa": kap, "delta_star_grim": kap / (1 + kap)}
        no_kappa = {**common, "delta_star_grim": 1}
        labels2 = ("trigger", "always arm")
        regimes = []
        for rule in ("optimal", "grim", "fixed"):
            regimes.append(Regime(f"{rule}: no kappa", (sp.Le(den, 0),), ({**static, **no_kappa},),
                                  ("always arm",), choices={"pause": rule},
                                  description="(p - q) <= g (1 - p): no trigger strategy deters"))
        ch = {"pause": "optimal"}
        regimes.append(Regime("optimal: delta < delta*", (sp.Gt(den, 0), sp.Lt(delta / (1 - delta), kap)),
                              ({**static, **with_kappa},), ("always arm",), choices=ch,
                              description="too impatient: not even grim trigger deters"))
        regimes.append(Regime("optimal: delta > delta*", (sp.Gt(den, 0), sp.Gt(delta / (1 - delta), kap)),
                              ({**trigger(T_star), **with_kappa, "T_star": T_star},
                               {**static, **with_kappa, "T_star": T_star}), labels2, choices=ch,
                              description="the shortest deterring pause T* (any finite T* >= 1)"))
        ch = {"pause": "grim"}
        regimes.append(Regime("grim: deters", (sp.Gt(den, 0), sp.Ge(delta / (1 - delta), kap)),
                              ({**trigger(None), **with_kappa}, {**static, **with_kappa}), labels2, choices=ch))
        regimes.append(Regime("grim: fails", (sp.Gt(den, 0), sp.Lt(delta / (1 - delta), kap)),
                              ({**static, **with_kappa},), ("always arm",), choices=ch))
        ch = {"pause": "fixed"}
        regimes.append(Regime("fixed: deters", (sp.Gt(den, 0), sp.Ge(S_t(T), kap)),
                              ({**trigger(T), **with_kappa, "T_star": T_star},
                               {**static, **with_kappa, "T_star": T_star}), labels2, choices=ch,
                              description="the fixed pause T deters (then delta > delta*, so T* <= T is finite)"))
        regimes.append(Regime("fixed: fails", (sp.Gt(den, 0), sp.Lt(S_t(T), kap)),
                              ({**static, **with_kappa},), ("always arm",), choices=ch))
        facts = (sp.Gt(T_hat, R), sp.Gt(R, P), sp.Gt(P, S), sp.Gt(2 * R, T_hat + S)) + self._facts_symbolic(s)
        eqs_drop = self._SYMBOLIC_UNCHECKABLE
        if eqs_drop:
            regimes = [Regime(r.name, r.conditions, tuple({k: v for k, v in e.items() if k not in eqs_drop}
                                                          for e in r.equilibria), r.labels, r.degenerate,
                              r.choices, r.description) for r in regimes]
        return SymbolicForm.build(self, regimes, facts=facts, sampling=self.SYMBOLIC_SAMPLING,
                                  steps={T_star: T_star_def})

    # -- checks --------------------------------------------------------------------
    def _check_arrays(self, p: dict[str, np.ndarray]) -> None:
        R, S, T_hat, P = p["R"], p["S"], p["T_hat"], p["P"]
        self._require(T_hat > R, "T_hat", T_hat, "T_hat > R", "arming against a restrained rival must tempt")
        self._require(R > P, "R", R, "R > P", "mutual restraint must beat mutual arming")
        self._require(P > S, "P", P, "P > S", "being the only one restrained must be worst")
        self._require(2 * R > T_hat + S, "R", R, "2R > T_hat + S", "mutual restraint must beat alternating exploitation")

    # -- closed form ---------------------------------------------------------------
    def _closed_form(self, p: dict[str, Any]) -> dict[str, np.ndarray]:
        pg, qg = (np.asarray(v, dtype=float) for v in self._pq(p))
        R, T_hat, P = (np.asarray(p[k], dtype=float) for k in ("R", "T_hat", "P"))
        d = np.asarray(p["delta"], dtype=float)
        pause = np.asarray(p["pause"], dtype=object)
        T_fixed = np.asarray(p["T"], dtype=float)
        N = np.asarray(p["horizon"], dtype=float)
        g = cf.temptation(R, T_hat, P)
        kap = cf.kappa(g, pg, qg)
        T_star = cf.optimal_pause_length(d, kap)
        grim_ok = np.isfinite(kap) & cf.pause_incentive_holds(np.inf, d, kap)
        fixed_ok = np.isfinite(kap) & cf.pause_incentive_holds(T_fixed, d, kap)
        T_used = np.where(pause == "optimal", T_star,
                          np.where(pause == "fixed", np.where(fixed_ok, T_fixed, np.nan),
                                   np.where(grim_ok, np.inf, np.nan)))
        T_used = T_used.astype(float)
        valid = ~np.isnan(T_used)
        Tq = np.where(valid, T_used, 1.0)
        phi = np.where(valid, cf.punishment_share(Tq, pg), np.nan)
        value = np.where(valid, cf.pause_value(Tq, d, pg, R, P), np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            out = {
                "valid": valid,
                "restraint": np.where(valid, 1 - phi, 0.0),
                "pause": np.where(valid, phi, 0.0),
                "p": pg, "q": qg, "kappa": kap,
                # no NaN in reported quantities (equality, tidy tables): "never" is 1.0 / inf
                "delta_star_grim": np.nan_to_num(cf.critical_delta_grim(g, pg, qg), nan=1.0),
                "T_star": np.nan_to_num(T_star, nan=np.inf, posinf=np.inf),
                "T": T_used,
                "delta_star_T": np.where(valid, cf.critical_delta_pause(Tq, kap), np.nan),
                "value": value,
                "v_bind": np.where(pg > qg, cf.v_bind(R, T_hat, pg, qg), np.nan),
                "crisis_rate": np.where(valid, cf.crisis_rate(Tq, pg), np.nan),
                "expected_time_to_escalation": np.where(valid, cf.mean_cooperative_spell(pg), np.nan),
                "escalation_within_horizon": np.where(valid, cf.pause_escalation_within(N, pg), np.nan),
            }
        return out

    _TRIGGER_Q = ("p", "q", "kappa", "delta_star_grim", "T_star", "T", "delta_star_T", "value", "v_bind",
                  "crisis_rate", "expected_time_to_escalation", "escalation_within_horizon")

    def _static_quantities(self, cfm: dict[str, np.ndarray], P: Any) -> dict[str, np.ndarray]:
        """Always arm: arming never ends (T = inf) and it is an equilibrium for every delta."""
        shape = np.shape(cfm["p"])
        q = {k: np.asarray(cfm[k], dtype=float) for k in ("p", "q", "kappa", "delta_star_grim", "T_star", "v_bind")}
        q.update(T=np.full(shape, np.inf), delta_star_T=np.full(shape, 0.0),
                 value=np.broadcast_to(np.asarray(P, dtype=float), shape).copy(),
                 crisis_rate=np.full(shape, 0.0), expected_time_to_escalation=np.full(shape, 0.0),
                 escalation_within_horizon=np.full(shape, 1.0))
        return {k: q[k] for k in self._TRIGGER_Q}

    def _solve_arrays(self, p: dict[str, np.ndarray]) -> ArraySolution:
        cfm = self._closed_form(p)
        n = cfm["valid"].size
        stat = self._static_quantities(cfm, p["P"])
        T = cfm["T"]
        labels = np.empty((n, 2), dtype=object)
        labels[:, 0] = np.where(np.isinf(T), "grim trigger", "trigger with pause")
        labels[:, 1] = "always arm"
        return ArraySolution(
            valid=np.stack([cfm["valid"], np.ones(n, dtype=bool)], axis=1),
            labels=labels,
            outcomes={
                "restraint": np.stack([cfm["restraint"], np.zeros(n)], axis=1),
                "pause": np.stack([cfm["pause"], np.zeros(n)], axis=1),
                "arms_race": np.stack([np.zeros(n), np.ones(n)], axis=1),
            },
            quantities={k: np.stack([np.broadcast_to(cfm[k], (n,)), np.broadcast_to(stat[k], (n,))], axis=1)
                        for k in self._TRIGGER_Q},
            flags={"best_trigger": np.stack([cfm["valid"] & (np.asarray(p["pause"], dtype=object) == "optimal"),
                                             np.zeros(n, dtype=bool)], axis=1),
                   "static_nash": np.stack([np.zeros(n, dtype=bool), np.ones(n, dtype=bool)], axis=1)},
        )

    # -- one point: closed form + automaton certificate ------------------------------
    def stage_game(self, **params: Any) -> BimatrixGame:
        """The stage game (rows / columns: restrain = C, arm = D)."""
        p = self.validate(**params)
        R, S, T_hat, P = p["R"], p["S"], p["T_hat"], p["P"]
        return symmetric_2x2(R, S, T_hat, P, ("restrain", "arm"), name="security dilemma")

    def repeated_game(self, **params: Any) -> RepeatedGame:
        """The repeated game with the binary public signal of these parameters."""
        p = self.validate(**params)
        pg, qg = (float(v) for v in self._pq(p))
        stage = self.stage_game(**params)
        return RepeatedGame(stage, p["delta"], incident_monitoring(stage, false_alarm=1 - pg, detection=1 - qg))

    def _solve(self, p: dict[str, Any]) -> list:
        cfm = {k: np.asarray(v).reshape(()) if np.ndim(v) else v for k, v in self._closed_form(p).items()}
        eqs = []
        q_static = {k: float(v) for k, v in self._static_quantities(cfm, p["P"]).items()}
        if bool(cfm["valid"]):
            T = float(cfm["T"])
            quant = {k: float(cfm[k]) for k in self._TRIGGER_Q}
            cert: dict[str, float] = {}
            if np.isinf(T) or T + 1 <= AUTOMATON_MAX_STATES:
                game = self.repeated_game(**p)
                aut = pause_trigger(game, None if np.isinf(T) else int(T))
                a = analyze_automaton(game, aut, horizons=(int(p["horizon"]),))
                cert = {
                    "max_deviation_gain": float(a.deviation_gains.max()),
                    "value_linear_system_minus_closed_form": float(a.initial_values[0] - quant["value"]),
                    "escalation_share_chain_minus_closed_form": float(a.escalation_share - float(cfm["pause"])),
                }
                if not np.isinf(T) and T > 1:
                    shorter = analyze_automaton(game, pause_trigger(game, int(T) - 1), horizons=())
                    cert["max_deviation_gain_at_T_minus_1"] = float(shorter.deviation_gains.max())
            label = "grim trigger" if np.isinf(T) else "trigger with pause"
            eqs.append(self._equilibrium(
                label, {"restraint": float(cfm["restraint"]), "pause": float(cfm["pause"])},
                strategies={"pause_length": T, "trigger": "incident (bad public signal)",
                            "cooperative_phase": "(restrain, restrain)", "pause_phase": "(arm, arm)"},
                quantities=quant, flags={"best_trigger": p["pause"] == "optimal", "static_nash": False},
                certificate=cert,
            ))
        eqs.append(self._equilibrium(
            "always arm", {"arms_race": 1.0},
            strategies={"pause_length": float("inf"), "trigger": "none", "cooperative_phase": "(arm, arm)",
                        "pause_phase": "(arm, arm)"},
            quantities=q_static, flags={"best_trigger": False, "static_nash": True},
            certificate={"max_deviation_gain": 0.0},
        ))
        return eqs
