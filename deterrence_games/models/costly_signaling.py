"""Costly signals of resolve: tying hands versus sinking costs (Fearon 1997), two-type version.

Provenance: **reconstruction**. Fearon (1997, *JCR* 41(1):68-90) uses continuous types;
his specification was not available to this project, so this is a two-type game
built to reproduce the paper's three headline claims, *not* Fearon's model: (i) leaders never
bluff on the equilibrium path at the optimal signal, (ii) tying hands (TH) pays the signaler more
than sinking costs (SC), (iii) tying hands nonetheless carries the higher ex-ante risk of war.

Game
----
* Signaler S (defender) is resolute (``r``, probability ``pi``) or irresolute (``i``), with
  stake values ``v_r > v_i > 0`` and war payoffs ``w_r > 0 > w_i`` (and ``w_r < v_r``).
* ``variant="sinking_costs"``: S may pay a sunk cost ``m > 0`` up front.
  ``variant="tying_hands"``: S may create an audience cost ``a`` paid only if it backs down after a
  challenge; the project's game needs ``a > -w_i`` (strict, so that at equality backing
  down, the peaceful choice, is kept). ``variant="none"``: the no-signal benchmark.
* The challenger R is revisionist with probability ``revisionist`` (theta) (always challenges) or opportunist:
  it challenges iff ``Pr(S fights | signal) < rho_star`` (``rho_star = b / (b + kappa)``) and mixes at
  equality. S then fights (war) or concedes. Payoffs to S: no challenge ``v_t - m``, concede
  ``-a - m``, fight ``w_t - m``. The model assumes ``pi < rho_star`` (else nobody needs to
  signal); it is required here. ``m`` enters only ``variant="sinking_costs"`` and ``a`` only
  ``variant="tying_hands"``.

Equilibria (every perfect Bayesian equilibrium, generic parameters)
-------------------------------------------------------------------
Sinking costs, with ``m* = (1 - theta) v_i`` (least-cost separating size) and
``m_max = (1 - theta)(v_r - w_r)``:

* pooling on no signal (always; off-path belief "signal => irresolute"): ``Pr(war) = pi``. It
  fails the intuitive criterion iff ``m* < m < m_max``.
* separating iff ``m* <= m <= m_max``: ``Pr(war) = pi theta``;
* semi-separating iff ``m < m*`` and ``v_r - w_r >= v_i``: the irresolute type bluffs
  with ``sigma = pi (1 - rho_star) / ((1 - pi) rho_star)`` and opportunists challenge a signal with
  ``y = 1 - m / ((1 - theta) v_i)``; ``Pr(war) = pi [theta + (1 - theta) y]``. Bluffers concede
  when challenged. The resolute payoff ``w_r + m ((v_r - w_r)/v_i - 1)`` rises (weakly) in ``m`` up
  to ``m*``, where the equilibrium is separating: no bluffing at the optimal signal (claim i).

Tying hands (``a > -w_i``: every type that ties its hands fights if challenged, so no bluffing),
with ``theta_bar = v_i / (v_i - w_i)``:

* pooling commitment iff ``theta < theta_bar`` (strict): ``Pr(war) = theta``;
* separating iff ``theta >= theta_bar``: ``Pr(war) = pi theta``. Pooling on no commitment is never
  an equilibrium: a commitment deters every opportunist whatever R believes.

No signal: ``Pr(war) = pi`` and S's payoff is ``pi w_r``.

Claims (ii)-(iii): whenever the irresolute type commits, TH war ``theta > pi theta`` = SC war at
``m*``, and TH pays S ``pi[theta w_r + (1-theta) v_r] + (1-pi) max(0, theta w_i + (1-theta) v_i)``,
more than SC's ``pi[theta w_r + (1-theta)(v_r - v_i)]``.

Headline numbers are stated with the refinement applied (flag ``intuitive``; sweeps
``select="flag:intuitive"``): for ``m* < m < m_max`` the pooling equilibrium of SC (war ``pi``)
fails the intuitive criterion and SC's war risk is ``pi theta``, below TH's ``theta``. At
``m = m*`` exactly the irresolute type is indifferent, the pooling equilibrium survives and
SC's range is ``[pi theta, pi]``, which contains TH's ``theta``: the comparison is then not a
property of every refined equilibrium. Two assumptions carry the result: the revisionist
challenger (``theta > 0``; with ``theta = 0`` both instruments deter every opportunist and give
no war), and the size of the sunk cost ``m``, which is a parameter (exogenous), not S's choice;
claim (i) compares S's payoff across sizes, it does not solve a game in which S picks ``m``.

Knife-edges: at ``m = m_max`` (resolute indifferent), at ``v_r - w_r = v_i`` and at
``theta = theta_bar`` continua of equilibria connect the listed ones; the listed ones are their
extreme points, with ties broken toward the peaceful action. At
``m = m*`` (the project's case ``m = 0.4``) the irresolute type is indifferent and a continuum
of semi-separating equilibria (bluffing probability in ``[0, sigma_bar]``, no opportunist
challenges a signal, ``y = 0``) ends at the listed separating one; its other end (bluffing
``sigma_bar``) has the same war probability ``pi theta`` but more concession, and is not listed
(the semi-separating slot requires ``m < m*``). At ``theta = 0`` (tying hands) every type is
indifferent about committing once no opportunist challenges; the engine finds several such
cells, all with the listed outcome. Every generic point, these knife-edges and their
``+-1e-9`` neighbours are checked against the generic PBE engine in
``tests/unit/test_signaling_engine_xcheck.py``.

Aliases: *tying hands* = *audience costs* = *public commitment*; *sinking costs* = *costly
mobilisation* = *burning money* (Fearon 1997; Schelling 1960 on commitment).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .._validation import Choice, Interval
from ._base import ArraySolution, Model, Parameter

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = ["CostlySignaling"]

_OPEN_UNIT = Interval(0.0, 1.0, low_closed=False, high_closed=False)
_POS = Interval(0.0, np.inf, low_closed=False)
_NEG = Interval(-np.inf, 0.0, high_closed=False)
_SIGNALS = ("sinking_costs", "tying_hands", "none")


def _closed_form(pi, theta, v_r, v_i, w_r, w_i, rho_star, m, signal):
    """Vectorized equilibria, three slots: see :meth:`CostlySignaling._solve_arrays`."""
    pi, theta, v_r, v_i, w_r, w_i, rho_star, m = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(x, float)) for x in (pi, theta, v_r, v_i, w_r, w_i, rho_star, m)))
    signal = np.broadcast_to(np.atleast_1d(np.asarray(signal, dtype=object)), pi.shape)
    n = pi.shape[0]
    sc = signal == "sinking_costs"
    th = signal == "tying_hands"
    m_star = (1.0 - theta) * v_i
    m_max = (1.0 - theta) * (v_r - w_r)
    theta_bar = v_i / (v_i - w_i)
    sigma_bar = pi * (1.0 - rho_star) / ((1.0 - pi) * rho_star)
    y_semi = 1.0 - m / m_star
    commit = th & (theta < theta_bar)

    shape = (n, 3)
    valid = np.zeros(shape, bool)
    labels = np.full(shape, "", dtype=object)
    war, conc, sq = (np.full(shape, np.nan) for _ in range(3))
    s_r, s_i, y_sig = (np.full(shape, np.nan) for _ in range(3))
    u_r, u_i = np.full(shape, np.nan), np.full(shape, np.nan)

    # slot 0: no-signal pooling (SC, none) or the tying-hands equilibrium
    valid[:, 0] = True
    labels[:, 0] = np.where(th, np.where(commit, "pooling (commit)", "separating"),
                            np.where(sc, "pooling (no signal)", "no signal"))
    war[:, 0] = np.where(th, np.where(commit, theta, pi * theta), pi)
    sq[:, 0] = np.where(th, np.where(commit, 1.0 - theta, pi * (1.0 - theta)), 0.0)
    conc[:, 0] = 1.0 - war[:, 0] - sq[:, 0]
    s_r[:, 0] = np.where(th, 1.0, 0.0)
    s_i[:, 0] = np.where(commit, 1.0, 0.0)
    y_sig[:, 0] = np.where(th, 0.0, 1.0)
    u_r[:, 0] = np.where(th, theta * w_r + (1.0 - theta) * v_r, w_r)
    u_i[:, 0] = np.where(commit, theta * w_i + (1.0 - theta) * v_i, 0.0)

    # slot 1: SC separating
    sep = sc & (m >= m_star) & (m <= m_max)
    valid[:, 1] = sep
    labels[:, 1] = np.where(sep, "separating", "")
    war[:, 1] = pi * theta
    sq[:, 1] = pi * (1.0 - theta)
    conc[:, 1] = 1.0 - pi
    s_r[:, 1], s_i[:, 1], y_sig[:, 1] = 1.0, 0.0, 0.0
    u_r[:, 1] = theta * w_r + (1.0 - theta) * v_r - m
    u_i[:, 1] = 0.0

    # slot 2: SC semi-separating (bluffing)
    semi = sc & (m < m_star) & (v_r - w_r >= v_i)
    valid[:, 2] = semi
    labels[:, 2] = np.where(semi, "semi-separating", "")
    challenged = theta + (1.0 - theta) * y_semi
    war[:, 2] = pi * challenged
    sq[:, 2] = (pi + (1.0 - pi) * sigma_bar) * (1.0 - challenged)
    conc[:, 2] = (1.0 - pi) * (sigma_bar * challenged + 1.0 - sigma_bar)
    s_r[:, 2], s_i[:, 2], y_sig[:, 2] = 1.0, sigma_bar, y_semi
    u_r[:, 2] = challenged * w_r + (1.0 - challenged) * v_r - m
    u_i[:, 2] = 0.0

    for arr in (war, conc, sq, s_r, s_i, y_sig, u_r, u_i):
        arr[~valid] = np.nan
    u_S = pi[:, None] * u_r + (1.0 - pi[:, None]) * u_i
    with np.errstate(invalid="ignore", divide="ignore"):
        sig_mass = pi[:, None] * s_r + (1.0 - pi[:, None]) * s_i
        post_sig = np.where(sig_mass > 0, pi[:, None] * s_r / np.where(sig_mass > 0, sig_mass, 1), 0.0)
        no_mass = pi[:, None] * (1 - s_r) + (1.0 - pi[:, None]) * (1 - s_i)
        post_no = np.where(no_mass > 0, pi[:, None] * (1 - s_r) / np.where(no_mass > 0, no_mass, 1), 0.0)
    col = np.ones((1, 3))
    quantities = {
        "theta_bar": theta_bar[:, None] * col, "sigma_bar": sigma_bar[:, None] * col,
        "m_star": m_star[:, None] * col, "m_max": m_max[:, None] * col,
        "payoff_S": u_S, "payoff_resolute": u_r, "payoff_irresolute": u_i,
        "sigma_resolute": s_r, "sigma_irresolute": s_i, "y_signal": y_sig,
        "belief_signal": post_sig, "belief_no_signal": post_no,
    }
    quantities = {k: np.where(valid, v, np.nan) for k, v in quantities.items()}
    outcomes = {"war": war, "concession": conc, "status_quo": sq}
    # intuitive criterion (only the no-signal pooling under SC has an off-path message)
    intuitive = valid.copy()
    intuitive[:, 0] = ~(sc & (m > m_star) & (m < m_max))
    return valid, labels, outcomes, quantities, intuitive


class CostlySignaling(Model):
    """Fearon (1997) tying hands versus sinking costs, two-type reconstruction.

    Provenance: reconstruction (a two-type game that reproduces Fearon's three claims; not his
    continuous-type model). See the module docstring for the game, every equilibrium and ties.

    Quantities: ``m_star``, ``m_max``, ``theta_bar``, ``sigma_bar`` (thresholds); payoffs
    (``payoff_S`` ex ante, and per type); ``sigma_resolute`` / ``sigma_irresolute`` (probability
    of signalling), ``y_signal`` (opportunist's challenge probability after a signal);
    ``belief_signal`` / ``belief_no_signal``: R's belief that S is resolute after each message
    (Bayes on the path; off the path the belief 0 that supports the equilibrium).

    Examples
    --------
    >>> import deterrence_games as dg
    >>> cs = dg.get_model("costly_signaling")
    >>> [(e.label, round(e.escalation_probability, 2)) for e in cs.solve(m=0.4)]
    [('pooling (no signal)', 0.3), ('separating', 0.06)]
    >>> th = cs.solve(variant="tying_hands")[0]
    >>> th.label, round(th.escalation_probability, 2), round(th.quantities["payoff_S"], 3)
    ('pooling (commit)', 0.2, 0.474)
    """

    id = "costly_signaling"
    title = "Costly signals of resolve: tying hands versus sinking costs (two-type)"
    provenance = "reconstruction"
    references = (
        "Fearon1997: Signaling Foreign Policy Interests: Tying Hands versus Sinking Costs, JCR 41(1):68-90",
        "Fearon1994: Domestic Political Audiences and the Escalation of International Disputes, APSR 88(3)",
    )
    parameters = (
        Parameter("pi", 0.3, _OPEN_UNIT, "prior probability that the signaler is resolute", "pi", role="prior"),
        Parameter("revisionist", 0.2, Interval(0.0, 1.0, high_closed=False),
                  "probability that the challenger is revisionist (challenges regardless)", "theta", role="prior", former=("theta",)),
        Parameter("v_r", 1.0, _POS, "resolute signaler's value of the stake", "v_r", role="benefit"),
        Parameter("v_i", 0.5, _POS, "irresolute signaler's value of the stake (v_i < v_r)", "v_i", role="benefit"),
        Parameter("w_r", 0.4, _POS, "resolute signaler's war payoff (0 < w_r < v_r)", "w_r", role="payoff"),
        Parameter("w_i", -0.5, _NEG, "irresolute signaler's war payoff (negative)", "w_i", role="payoff"),
        Parameter("rho_star", 0.6, _OPEN_UNIT,
                  "opportunist challenges iff Pr(S fights | signal) < rho_star = b/(b+kappa)", "rho^*", role="threshold"),
        Parameter("variant", "sinking_costs", Choice(_SIGNALS),
                  "instrument: sunk cost, audience cost (tying hands) or no signal", "",
                  information=True, role="variant", former=("signal",)),
        Parameter("m", 0.4, _POS, "size of the sunk-cost signal (exogenous; least-cost m* = (1-revisionist) v_i)",
                  "m", information=True, role="cost"),
        Parameter("a", 0.6, Interval(0.0, np.inf), "audience cost paid if S backs down after tying its hands",
                  "a", information=True, role="cost"),
    )
    outcomes = ("war", "concession", "status_quo")
    escalatory = ("war",)
    flags = ("bluffing", "intuitive", "most_peaceful")

    def _check(self, p: dict[str, Any]) -> None:
        self._check_arrays({k: np.atleast_1d(np.asarray(v, dtype=object if k == "variant" else float))
                            for k, v in p.items()})

    def _check_arrays(self, p: dict[str, np.ndarray]) -> None:
        f = {k: np.asarray(v, float) for k, v in p.items() if k != "variant"}
        self._require(f["v_i"] < f["v_r"], "v_i", p["v_i"], "0 < v_i < v_r",
                      "the resolute type values the stake more")
        self._require(f["w_r"] < f["v_r"], "w_r", p["w_r"], "0 < w_r < v_r",
                      "the resolute type prefers the status quo to war")
        self._require(f["pi"] < f["rho_star"], "pi", p["pi"], "pi < rho_star",
                      "with pi >= rho_star nobody needs to signal (Pr(war) = theta*pi)")
        th = np.asarray(p["variant"], dtype=object) == "tying_hands"
        self._require(~th | (f["a"] > -f["w_i"]), "a", p["a"], "a > -w_i",
                      "tying hands must bind: the irresolute type fights once committed")

    def _args(self, p):
        return (p["pi"], p["revisionist"], p["v_r"], p["v_i"], p["w_r"], p["w_i"], p["rho_star"], p["m"],
                p["variant"])

    def _solve_arrays(self, p: dict[str, np.ndarray]) -> ArraySolution:
        valid, labels, outcomes, quantities, intuitive = _closed_form(*self._args(p))
        sc = np.atleast_1d(np.asarray(p["variant"], dtype=object)) == "sinking_costs"
        war = np.where(valid, outcomes["war"], np.inf)
        flags = {"intuitive": intuitive & valid,
                 "bluffing": valid & sc[:, None] & (np.nan_to_num(quantities["sigma_irresolute"]) > 0),
                 "most_peaceful": valid & (war <= war.min(axis=1, keepdims=True) + 1e-12)}
        return ArraySolution(valid=valid, labels=labels, outcomes=outcomes, quantities=quantities,
                             flags=flags)

    def symbolic(self) -> SymbolicForm:
        """Regimes per instrument; sinking costs lists every equilibrium (pooling first).

        Boundaries (``m = m*``, ``m = m_max``, ``theta = theta_bar``) are not separate
        regimes here: they belong to the side the module docstring's conventions give.
        """
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        s = model_symbols(self)
        pi, theta, v_r, v_i, w_r, w_i, m, a = (s[n] for n in ("pi", "revisionist", "v_r", "v_i", "w_r", "w_i", "m", "a"))
        m_star, m_max, theta_bar = (1 - theta) * v_i, (1 - theta) * (v_r - w_r), v_i / (v_i - w_i)
        th = {"m_star": m_star, "m_max": m_max, "theta_bar": theta_bar}
        pool = {ESCALATION: pi, **th}
        sep = {ESCALATION: pi * theta, **th}
        y = 1 - m / m_star
        semi = {ESCALATION: pi * (theta + (1 - theta) * y), "y_signal": y, **th}
        SC, TH = {"variant": "sinking_costs"}, {"variant": "tying_hands"}
        R = Regime
        binds = sp.Gt(a, -w_i)
        regimes = [
            R("sc:bluffing", (sp.Lt(m, m_star), sp.Ge(v_r - w_r, v_i)), (pool, semi),
              ("pooling (no signal)", "semi-separating"), choices=SC,
              description="m < m*: pooling, and a semi-separating equilibrium with bluffing"),
            R("sc:no_bluffing", (sp.Lt(m, m_star), sp.Lt(v_r - w_r, v_i)), (pool,), ("pooling (no signal)",),
              choices=SC, description="m < m* and v_r - w_r < v_i: only pooling on no signal"),
            R("sc:separating", (sp.Ge(m, m_star), sp.Le(m, m_max)), (pool, sep),
              ("pooling (no signal)", "separating"), choices=SC,
              description="m* <= m <= m_max: pooling and the separating equilibrium"),
            R("sc:too_costly", (sp.Ge(m, m_star), sp.Gt(m, m_max)), (pool,), ("pooling (no signal)",),
              choices=SC, description="m > m_max: the signal is too costly even for the resolute type"),
            R("th:commit", (sp.Lt(theta, theta_bar), binds), ({ESCALATION: theta, **th},),
              ("pooling (commit)",), choices=TH, description="theta < theta_bar: both types tie their hands"),
            R("th:separating", (sp.Ge(theta, theta_bar), binds), (sep,), ("separating",), choices=TH,
              description="theta >= theta_bar: only the resolute type ties its hands"),
            R("none", (), ({ESCALATION: pi, "theta_bar": theta_bar},), ("no signal",), choices={"variant": "none"},
              description="no signalling instrument"),
        ]
        return SymbolicForm.build(self, regimes, facts=(sp.Lt(v_i, v_r), sp.Lt(w_r, v_r),
                                                         sp.Lt(pi, s["rho_star"])),
                                  sampling={"v_r": (0.0, 2.0), "v_i": (0.0, 2.0), "w_r": (0.0, 2.0),
                                            "w_i": (-2.0, 0.0), "m": (0.0, 2.0), "a": (0.0, 3.0)})

    def _solve(self, p: dict[str, Any]) -> list:
        pi, theta, m = p["pi"], p["revisionist"], p["m"]
        sig = p["variant"]
        m_star = (1.0 - theta) * p["v_i"]
        m_max = (1.0 - theta) * (p["v_r"] - p["w_r"])
        theta_bar = p["v_i"] / (p["v_i"] - p["w_i"])
        sigma_bar = pi * (1.0 - p["rho_star"]) / ((1.0 - pi) * p["rho_star"])
        base = {"theta_bar": theta_bar, "sigma_bar": sigma_bar, "m_star": m_star, "m_max": m_max}
        eqs: list[tuple] = []  # (label, outcomes, s_r, s_i, y, u_r, u_i, intuitive)

        def pool_no_signal(label: str, intuitive: bool) -> None:
            eqs.append((label, {"war": pi, "concession": 1.0 - pi}, 0.0, 0.0, 1.0,
                        p["w_r"], 0.0, intuitive))

        if sig == "none":
            pool_no_signal("no signal", True)
        elif sig == "tying_hands":
            u_commit_r = theta * p["w_r"] + (1.0 - theta) * p["v_r"]
            if theta < theta_bar:
                eqs.append(("pooling (commit)", {"war": theta, "status_quo": 1.0 - theta}, 1.0, 1.0,
                            0.0, u_commit_r, theta * p["w_i"] + (1.0 - theta) * p["v_i"], True))
            else:
                eqs.append(("separating", {"war": pi * theta, "status_quo": pi * (1.0 - theta),
                                           "concession": 1.0 - pi}, 1.0, 0.0, 0.0, u_commit_r, 0.0, True))
        else:
            pool_no_signal("pooling (no signal)", not (m_star < m < m_max))
            if m_star <= m <= m_max:
                eqs.append(("separating", {"war": pi * theta, "status_quo": pi * (1.0 - theta),
                                           "concession": 1.0 - pi}, 1.0, 0.0, 0.0,
                            theta * p["w_r"] + (1.0 - theta) * p["v_r"] - m, 0.0, True))
            if m < m_star and p["v_r"] - p["w_r"] >= p["v_i"]:
                y = 1.0 - m / m_star
                ch = theta + (1.0 - theta) * y
                eqs.append(("semi-separating",
                            {"war": pi * ch, "status_quo": (pi + (1.0 - pi) * sigma_bar) * (1.0 - ch),
                             "concession": (1.0 - pi) * (sigma_bar * ch + 1.0 - sigma_bar)},
                            1.0, sigma_bar, y, ch * p["w_r"] + (1.0 - ch) * p["v_r"] - m, 0.0, True))
        lo = min(o.get("war", 0.0) for _, o, *_ in eqs)
        out = []
        for label, outcomes, s_r, s_i, y, u_r, u_i, intuitive in eqs:
            mass_s = pi * s_r + (1 - pi) * s_i
            mass_n = 1.0 - mass_s
            q = dict(base)
            q.update(payoff_S=pi * u_r + (1 - pi) * u_i, payoff_resolute=u_r, payoff_irresolute=u_i,
                     sigma_resolute=s_r, sigma_irresolute=s_i, y_signal=y,
                     belief_signal=pi * s_r / mass_s if mass_s > 0 else 0.0,
                     belief_no_signal=pi * (1 - s_r) / mass_n if mass_n > 0 else 0.0)
            bluff = sig == "sinking_costs" and s_i > 0
            out.append(self._equilibrium(
                label, outcomes,
                strategies={"resolute_signals": s_r, "irresolute_signals": s_i,
                            "opportunist_challenges_signal": y if s_r + s_i > 0 else None,
                            "opportunist_challenges_no_signal": 1.0 if s_r + s_i < 2 else None,
                            "resolute_fights": True, "irresolute_fights": sig == "tying_hands" and s_i > 0},
                quantities=q,
                flags={"intuitive": intuitive, "bluffing": bluff,
                       "most_peaceful": outcomes.get("war", 0.0) <= lo + 1e-12},
            ))
        return out
