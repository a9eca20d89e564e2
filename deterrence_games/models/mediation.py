"""Mediation and peace: a confidential mediator versus public revelation of types.

Hörner, Morelli and Squintani (2015), in a textbook rendering (see ``docs/models/mediation.md``).
Two states are each strong (H) with probability ``q``, otherwise weak (L),
independently. The pie is 1; war shrinks it to ``theta`` and the winner takes it; H beats L
with probability ``p > 1/2`` and equal types win with probability 1/2. Interim war values:
``V_H = theta (q/2 + (1-q) p)`` and ``V_L = theta (q (1-p) + (1-q)/2)``.

A mechanism recommends war with probability ``w_tt'`` and otherwise a split, per reported
type profile, and minimises ``Pr(war) = q^2 w_HH + 2 q (1-q) w_HL + (1-q)^2 w_LL`` subject
to participation and incentive constraints.

**Confidential reports** (``public=False``, the mediator). Interim IR against the war
values above and IC; this is the arbitration LP, whose value HMS (2015, Theorem 1) show a
mediator with unenforceable recommendations attains, by recommending the equal split in
(H, L) as well as in (H, H) so that a strong state is not told its opponent is weak.
That the arbitration optimum is attained by mediation is checked numerically by
:func:`deterrence_games.solvers.mechanism.mediation_mechanism` (tests/unit/test_mechanism.py).
Closed form (derived from the LP):

* if ``p theta <= 1/2``: peace for every ``q``;
* full peace iff ``q >= q_bar = (p - 1/(2 theta)) / (p - 1/2)`` (IR_H with the equal split);
* regime 1, ``q_b < q < q_bar``: ``w_HL = w_LL = 0`` and
  ``Pr(war) = q (theta (q/2 + (1-q) p) - 1/2) / ((1-q)(1/2 - (1-p) theta) - (1-theta)/2)``;
  H's share against L is ``s = 1/2 + q w_HH (1/2 - (1-p) theta)``;
* regime 2, ``q <= q_b = (2 p theta - 1) / (2 p theta - 2 theta + 1)``: ``w_HH = 1``,
  ``w_LL = 0``, ``w_HL = (2pq theta - 2p theta - 2q theta + q + 1) /
  (2pq theta - 2p theta - 3q theta + 2q + theta)``, ``Pr(war) = q^2 + 2q(1-q) w_HL`` and
  ``s = p theta`` (H gets exactly its war value against L).

**Public reports** (``public=True``, unmediated revelation, the project's proxy for HMS's
unmediated protocol). Every peaceful split must be ex-post IR and a liar may reject the split
after learning the opponent's type. The model solves the LP of
:func:`deterrence_games.solvers.mechanism.recommendation_mechanism` with
``confidential=False`` point by point. Its optimum is piecewise rational: five optimal-basis
regimes, derived exactly (KKT on the symmetric LP) in :meth:`Mediation.symbolic` and checked
against the LP; in the regime with ``theta (p + 1/2) >= 1`` and ``w_HH = 1`` it equals the
confidential regime 2. Confidential is weakly better, strictly iff ``q > q_b``.

Provenance: **textbook version**. The claims reproduced are HMS 2015's (checked against the
paper's abstract), but the environment is the project's textbook rendering, not verified
against the paper's Section 2, and the closed forms are derived from the LP; the public
benchmark (``public=True``) is the project's construction, not HMS's own unmediated game: a
solution with public reports is labelled **reconstruction** (per variant).

Aliases: *mediation* / *neutral third-party information handling* / *confidential
verification*; the optimal mechanism is also the *optimal arbitration* (HMS 2015).

Ties: at ``q = q_bar`` IR_H holds with equality and the outcome is peace; at ``q = q_b``
both regime formulas agree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from .._validation import Choice
from ..results import Equilibrium
from ..solvers.mechanism import recommendation_mechanism
from ._base import ArraySolution, Model, Parameter, Variant, interval

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = ["Mediation", "mediation_closed_form", "mediation_lp", "mediator_plan"]


def mediation_closed_form(q: NDArray, p: NDArray, theta: NDArray) -> dict[str, NDArray]:
    """Confidential-mediator optimum in closed form (vectorized; see the module docstring)."""
    q, p, theta = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (q, p, theta)))
    pt = p * theta
    active = pt > 0.5  # otherwise peace for every q
    # each regime's formula is evaluated everywhere and kept where the regime holds: an
    # overflow or 0/0 outside it (theta or q near 0) is discarded
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        q_bar = np.where(active, (p - 1.0 / (2.0 * theta)) / (p - 0.5), 0.0)
        q_b = np.where(active, (2 * pt - 1) / (2 * pt - 2 * theta + 1), 0.0)
        V_H = theta * (q / 2 + (1 - q) * p)
        ratio = (V_H - 0.5) / ((1 - q) * (0.5 - (1 - p) * theta) - (1 - theta) / 2)  # war1 / q
        war1 = q * ratio
        w_hh1 = ratio / q  # war1 / q^2 without forming q^2 (0 for a subnormal q)
        w_hl2 = ((2 * p * q * theta - 2 * pt - 2 * q * theta + q + 1)
                 / (2 * p * q * theta - 2 * pt - 3 * q * theta + 2 * q + theta))
    peace = ~active | (q >= q_bar)
    reg2 = active & (q <= q_b)
    reg1 = active & ~peace & ~reg2
    zero = np.zeros_like(q)
    w_hh = np.where(reg2, 1.0, np.where(reg1 & (q > 0), w_hh1, 0.0))
    w_hl = np.where(reg2, w_hl2, 0.0)
    ratio, w_hl2 = np.where(reg1, ratio, 0.0), np.where(reg2, w_hl2, 0.0)
    war = np.where(reg2, q * q + 2 * q * (1 - q) * w_hl2, np.where(reg1, war1, 0.0))
    share = np.where(reg2, pt, np.where(reg1, 0.5 + ratio * (0.5 - (1 - p) * theta), 0.5))  # q w_HH = ratio
    regime = np.where(peace, 0.0, np.where(reg1, 1.0, 2.0))
    return {"war": war, "w_HH": w_hh, "w_HL": w_hl, "w_LL": zero, "share_H_vs_L": share,
            "q_bar": np.where(active, q_bar, np.nan), "q_b": np.where(active, q_b, np.nan),
            "regime": regime}


def mediation_lp(q: float, p: float, theta: float, public: bool):
    """The mechanism LP for the HMS environment (second method; public benchmark)."""
    win = np.array([[0.5, p], [1 - p, 0.5]])  # rows: own type (H, L); columns: opponent's
    return recommendation_mechanism(([q, 1 - q], [q, 1 - q]), (theta * win, theta * win.T),
                                    confidential=not public, types=(("H", "L"), ("H", "L")))


class Mediation(Model):
    __doc__ = __doc__
    id = "mediation"
    title = "Mediation and peace: confidential mediator vs public revelation (HMS 2015)"
    provenance = "textbook version"
    variants = (
        Variant("public=False", "textbook version", {"public": False}),
        Variant("public=True", "reconstruction", {"public": True}),
    )
    references = (
        "HornerMorelliSquintani2015: Mediation and peace, Review of Economic Studies 82(4):1483-1501",
        "Myerson1979: Incentive compatibility and the bargaining problem, Econometrica 47(1)",
    )
    parameters = (
        Parameter("pi", 0.5, interval(0.0, 1.0), "prior probability that a state is strong (H)", "q", role="prior", former=("q",)),
        Parameter("p", 0.8, interval(0.5, 1.0), "probability that a strong state beats a weak one", "p", role="probability"),
        Parameter("pie_after_war", 0.8, interval(0.0, 1.0, open_low=True, open_high=True),
                  "share of the pie left after war (war destroys 1 - pie_after_war)", "theta", role="share", former=("theta",)),
        Parameter("public", False, Choice((False, True)),
                  "True: reports are public (unmediated revelation); False: confidential mediator",
                  "public", information=True, role="mechanism"),
    )
    outcomes = ("settlement", "war")
    escalatory = ("war",)
    flags = ("full_peace",)

    _QUANTITIES = ("w_HH", "w_HL", "w_LL", "share_H_vs_L", "q_bar", "q_b", "regime", "war_confidential")

    def symbolic(self) -> SymbolicForm:
        r"""Closed forms per regime, for confidential (``public=False``) and public reports.

        **Confidential** (``public=False``): the four regimes of the module docstring
        (``war_too_costly`` if ``p theta <= 1/2``; ``full_peace`` for ``q >= q_bar``;
        ``regime_1`` for ``q_b < q < q_bar``; ``regime_2`` for ``q <= q_b``), with the
        optimal ``w_HH``, ``w_HL`` and H's share against L.

        **Public** (``public=True``): the optimum of the public-report LP (ex-post IR, IC
        against lie-then-reject deviations; :func:`~deterrence_games.solvers.mechanism.mechanism_lp`)
        as a rational function per optimal basis. Derivation (exact, sympy): the LP is
        symmetric in the two players and convex, so a symmetric optimum exists; with
        ``w_LH = w_HL``, ``y_HH = (1 - w_HH)/2``, ``y_LL = (1 - w_LL)/2`` and
        ``y_LH = 1 - w_HL - y_HL`` it has four variables ``(w_HH, w_HL, w_LL, y_HL)`` and 26
        distinct rows. The bases that occur were found by solving that LP (HiGHS) at 20,000
        random points of the domain and recording the binding rows and the support of the
        dual; for each, the vertex solves the binding rows, the multipliers solve
        ``grad(objective) = sum lambda_i grad(row_i)``, and the regime is primal feasibility
        (every other row >= 0 at the vertex) and dual feasibility (lambda >= 0): there the
        vertex is optimal (KKT), so the formula is the LP value. Factors whose sign the
        domain fixes (checked by writing q, p, theta through positive variables, so that a
        polynomial with coefficients of one sign has that sign) are dropped from the
        conditions, as are conditions a regime's one-factor conditions make redundant.
        Bases with the same vertex are merged (the dual bases of a degenerate vertex gave
        the same conditions, or a subset). Five regimes, with ``V_H`` binding rows named as
        in the module docstring:

        * ``public: peace`` (``p theta <= 1/2``): the equal split everywhere, no war;
        * ``public: A`` ``w_HH = (2 p theta - 1)/(q (2 p theta - 2 theta + 1))``,
          ``w_HL = w_LL = 0``, ``y_HL = p theta`` (H's ex-post IR against L binds, and
          L's IC): ``Pr(war) = q (2 p theta - 1)/(2 p theta - 2 theta + 1)``;
        * ``public: B`` ``w_HH`` interior, ``w_HL = w_LL = 0`` (H's IC against lying
          "L" then rejecting against L binds, and L's IC):
          ``Pr(war) = q (1 - q)(2 p theta - 1)/(theta (2 p - 1))``;
        * ``public: C`` ``w_HH = 1``, ``w_HL`` interior, ``theta (p + 1/2) <= 1``, ``q <= 1/2``;
        * ``public: D`` ``w_HH = 1``, ``w_HL`` interior, ``theta (p + 1/2) >= 1``: the same
          mechanism and war probability as confidential ``regime_2`` (so public and
          confidential coincide there, the project's "equal for q <= q_b").

        Only ``escalation_probability`` is declared for the public regimes: the LP's optimal
        ``w`` need not be unique and the numeric solver may return another optimal vertex
        (an asymmetric one), so the symmetric vertex is given in the regime's
        ``mechanism_*`` keys (not compared with the numeric quantities). Random points of
        the domain each fall into a public regime
        (tests/unit/test_symbolic_lp_roots.py, the coverage test); the boundaries between
        regimes (equalities) are not declared as regimes of their own.
        """
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        s = model_symbols(self)
        q, p, theta = s["pi"], s["p"], s["pie_after_war"]
        half = sp.Rational(1, 2)
        q_bar = (p - 1 / (2 * theta)) / (p - half)
        q_b = (2 * p * theta - 1) / (2 * p * theta - 2 * theta + 1)
        V_H = theta * (q / 2 + (1 - q) * p)
        war1 = q * (V_H - half) / ((1 - q) * (half - (1 - p) * theta) - (1 - theta) / 2)
        w_hl2 = ((2 * p * q * theta - 2 * p * theta - 2 * q * theta + q + 1)
                 / (2 * p * q * theta - 2 * p * theta - 3 * q * theta + 2 * q + theta))
        active, inactive = sp.Gt(p * theta, half), sp.Le(p * theta, half)
        conf = {"public": False}
        R = Regime
        regimes = [
            R("war_too_costly", (inactive,), ({ESCALATION: 0, "w_HH": 0, "w_HL": 0, "share_H_vs_L": half},),
              ("optimal mechanism (confidential)",), choices=conf,
              description="p theta <= 1/2: peace for every prior"),
            R("full_peace", (active, sp.Ge(q, q_bar), sp.Gt(q, q_b)),
              ({ESCALATION: 0, "w_HH": 0, "w_HL": 0, "share_H_vs_L": half, "q_bar": q_bar, "q_b": q_b},),
              ("optimal mechanism (confidential)",), choices=conf,
              description="q >= q_bar: the equal split is accepted by a strong state"),
            R("regime_1", (active, sp.Gt(q, q_b), sp.Lt(q, q_bar)),
              ({ESCALATION: war1, "w_HH": war1 / q**2, "w_HL": 0,
                "share_H_vs_L": half + (war1 / q) * (half - (1 - p) * theta), "q_bar": q_bar, "q_b": q_b},),
              ("optimal mechanism (confidential)",), choices=conf,
              description="q_b < q < q_bar: war only between two strong states"),
            R("regime_2", (active, sp.Le(q, q_b)),
              ({ESCALATION: q**2 + 2 * q * (1 - q) * w_hl2, "w_HH": 1, "w_HL": w_hl2, "share_H_vs_L": p * theta,
                "q_bar": q_bar, "q_b": q_b},),
              ("optimal mechanism (confidential)",), choices=conf,
              description="q <= q_b: war between strong states for sure, and between H and L sometimes"),
            *self._public_regimes(q, p, theta),
        ]
        return SymbolicForm.build(self, regimes)

    @staticmethod
    def _public_regimes(q, p, theta) -> list:
        """The public-report LP's optimal vertices and their regions (see :meth:`symbolic`)."""
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION

        half = sp.Rational(1, 2)
        pt = p * theta
        pub = {"public": True}
        label = ("optimal mechanism (public)",)

        def eq(war, w_hh, w_hl, y_hl):
            return ({ESCALATION: war, "mechanism_w_HH": w_hh, "mechanism_w_HL": w_hl, "mechanism_w_LL": 0,
                     "mechanism_y_HL": y_hl},)

        den_d = 2 * pt * q - 2 * pt - 3 * q * theta + 2 * q + theta  # (<= 0 in D)
        w_hl_d = (2 * pt * q - 2 * pt - 2 * q * theta + q + 1) / den_d
        war_d = -q * (2 * pt * q**2 - 6 * pt * q + 4 * pt - q**2 * theta + 3 * q * theta - 2) / den_d
        den_c = theta * (2 * p - 1) * (2 * q - 1)
        w_hl_c = (4 * pt * q - 2 * pt - q * theta - q + 1) / den_c
        war_c = -q * (4 * pt * q**2 - 10 * pt * q + 4 * pt - 2 * q**2 + q * theta + 4 * q - 2) / den_c
        war_a = q * (2 * pt - 1) / (2 * pt - 2 * theta + 1)
        war_b = q * (1 - q) * (2 * pt - 1) / (theta * (2 * p - 1))
        Ge, Le = sp.Ge, sp.Le
        return [
            Regime("public: peace", (Le(2 * pt - 1, 0), Ge(2 * pt * q - 2 * pt - q * theta + 1, 0)),
                   eq(0, 0, 0, half), label, choices=pub,
                   description="p theta <= 1/2: the equal split is ex-post IR; no war"),
            Regime("public: A", (
                Ge(2 * pt - 1, 0),
                Le(4 * pt**2 * q - 4 * pt**2 - 2 * pt * q * theta - 2 * pt * q + 2 * pt * theta + 2 * pt
                   - 2 * q * theta**2 + 5 * q * theta - 2 * q - theta, 0),
                Ge(2 * pt * q + 2 * pt - 2 * q * theta + q - 1, 0),
                Ge(2 * pt * q - 2 * pt - 2 * q * theta + q + 1, 0),
                Ge(2 * pt * q - 2 * q * theta + q + theta - 1, 0)),
                eq(war_a, war_a / q**2, 0, pt), label, choices=pub,
                description="war only in (H, H); H gets its war value p theta against L"),
            Regime("public: B", (
                Ge(2 * pt - 1, 0),
                Le(-2 * pt + q * theta - q + 1, 0),
                Le(2 * pt * q - 2 * q * theta + q + theta - 1, 0),
                Le(4 * pt**2 * q - 4 * pt**2 - 4 * pt * q * theta + 4 * pt * theta - 2 * pt + 2 * q * theta - q
                   - theta + 1, 0),
                Le(4 * pt**2 * q - 4 * pt**2 - 4 * pt * q * theta + 6 * pt * theta - 2 * pt + 2 * q * theta - q
                   - theta**2 - theta + 1, 0),
                Ge(4 * pt**2 * q**2 - 8 * pt**2 * q + 4 * pt**2 - 4 * pt * q**2 * theta + 4 * pt * q * theta
                   + 4 * pt * q - 2 * pt * theta - 2 * pt + 2 * q**2 * theta - q**2 + q * theta**2 - 4 * q * theta
                   + q + theta, 0),
                Ge(4 * pt**2 * q - 4 * pt**2 - 4 * pt * q * theta + 2 * pt * theta + 2 * pt + 2 * q * theta - q
                   + theta**2 - 3 * theta + 1, 0),
                Ge(4 * pt * q - 2 * pt - q * theta - q + 1, 0)),
                eq(war_b, war_b / q**2, 0,
                   -(4 * pt**2 * q - 4 * pt**2 - 4 * pt * q * theta + 4 * pt * theta - 2 * pt + 2 * q * theta - q
                     - theta + 1) / (2 * theta * (2 * p - 1))),
                label, choices=pub,
                description="war only in (H, H); a strong state's IC against lying then rejecting binds"),
            Regime("public: C", (
                Ge(2 * pt - 1, 0),
                Le(2 * q - 1, 0),
                Le(2 * pt + theta - 2, 0),
                Ge(2 * pt * q**2 * theta - 2 * pt * q**2 - 4 * pt * q * theta - 4 * pt * q + 2 * pt * theta + 2 * pt
                   + q**2 * theta**2 - 3 * q**2 * theta + 2 * q**2 - q * theta**2 + 7 * q * theta - 2 * q
                   - 2 * theta, 0),
                Le(2 * pt * q**2 * theta - 2 * pt * q**2 - 4 * pt * q * theta + 12 * pt * q + 2 * pt * theta
                   - 6 * pt + q**2 * theta**2 - 3 * q**2 * theta + 2 * q**2 - q * theta**2 + q * theta - 4 * q + 2, 0),
                Le(4 * pt * q - 2 * pt - 2 * q + theta, 0),
                Le(4 * pt * q - 2 * pt - q * theta - q + 1, 0),
                Le(8 * pt**2 * q - 4 * pt**2 + 2 * pt * q**2 * theta - 2 * pt * q**2 - 6 * pt * q * theta
                   - 2 * pt * q + 2 * pt * theta + 2 * pt + q**2 * theta**2 - 3 * q**2 * theta + 2 * q**2
                   - q * theta**2 + 5 * q * theta - 2 * q - theta, 0)),
                eq(war_c, 1, w_hl_c,
                   (q - 1) * (theta - 1) * (2 * pt * q - 2 * pt + q * theta - 2 * q) / (2 * den_c)),
                label, choices=pub,
                description="war for sure in (H, H), sometimes in (H, L); theta (p + 1/2) <= 1"),
            Regime("public: D", (
                Ge(2 * pt - 1, 0),
                Ge(2 * pt + theta - 2, 0),
                Le(den_d, 0),
                Ge(pt * q * theta - 3 * pt * q - pt * theta + 3 * pt + 2 * q * theta - q - 1, 0),
                Le(2 * pt * q - 2 * pt - 2 * q * theta + q + 1, 0),
                Le(pt * q * theta + pt * q - pt * theta - pt - 3 * q * theta + 2 * q + theta, 0),
                Le(2 * pt * q - 2 * pt - q * theta + 1, 0)),
                eq(war_d, 1, w_hl_d, -pt * (q - 1) * (theta - 1) / den_d),
                label, choices=pub,
                description="war for sure in (H, H), sometimes in (H, L): confidential regime_2's mechanism"),
        ]

    def _solve(self, p: dict) -> list[Equilibrium]:
        sol = self._solve_arrays({k: np.array([v], dtype=object if k == "public" else float)
                                  for k, v in p.items()})
        war = float(sol.outcomes["war"][0, 0])
        quantities = {k: float(sol.quantities[k][0, 0]) for k in self._QUANTITIES}
        w = np.array([[quantities["w_HH"], quantities["w_HL"]], [quantities["w_HL"], quantities["w_LL"]]])
        return [self._equilibrium(str(sol.labels[0, 0]), {"settlement": 1.0 - war, "war": war},
                                  strategies={"w": w}, quantities=quantities,
                                  flags={"full_peace": bool(sol.flags["full_peace"][0, 0])})]

    def _solve_arrays(self, p: dict) -> ArraySolution:
        cf = mediation_closed_form(p["pi"], p["p"], p["pie_after_war"])
        public = np.array([bool(x) for x in np.atleast_1d(p["public"])])
        n = public.size
        q = {k: np.array(np.broadcast_to(cf[k], (n,)), dtype=float) for k in self._QUANTITIES[:-1]}
        q["war_confidential"] = np.array(np.broadcast_to(cf["war"], (n,)), dtype=float)
        war = q["war_confidential"].copy()
        for i in np.flatnonzero(public):  # no closed form: one LP per public point
            r = mediation_lp(float(p["pi"][i]), float(p["p"][i]), float(p["pie_after_war"][i]), public=True)
            war[i] = r.breakdown_probability
            q["w_HH"][i], q["w_LL"][i] = r.breakdown[0, 0], r.breakdown[1, 1]
            q["w_HL"][i] = (r.breakdown[0, 1] + r.breakdown[1, 0]) / 2
            q["share_H_vs_L"][i] = r.share[0, 1]
            q["regime"][i] = np.nan
        labels = np.where(public, "optimal mechanism (public)", "optimal mechanism (confidential)")
        return ArraySolution(
            valid=np.ones((n, 1), dtype=bool),
            labels=labels.astype(object).reshape(n, 1),
            outcomes={"settlement": (1.0 - war).reshape(n, 1), "war": war.reshape(n, 1)},
            quantities={k: q[k].reshape(n, 1) for k in self._QUANTITIES},
            flags={"full_peace": (war <= 1e-12).reshape(n, 1)},
        )


def mediator_plan(q: float, p: float, theta: float, *, pool: bool = True) -> dict:
    """A mediator's recommendation plan implementing the confidential optimum (HMS 2015).

    Types are indexed 0 = H, 1 = L. In (H, H): war with probability ``w_HH``, else the equal
    split; in (L, L): the equal split; in (H, L): war with probability ``w_HL``, else the equal
    split with probability ``r`` and otherwise H gets ``p theta`` (its war value against L),
    where ``r = (p theta - s) / (p theta - 1/2)`` delivers H's expected share ``s``. Pooling the
    equal split across (H, H) and (H, L) keeps a strong state from learning that its opponent
    is weak (e.g. ``r = 0.306`` at ``q = 0.5``, ``p = theta = 0.8``).
    ``pool=False`` recommends the share ``s`` itself in (H, L), which reveals the weak type (a
    negative control: it is not obeyed in regime 1). Check with
    :func:`deterrence_games.solvers.mechanism.check_mediation`.
    """
    cf = {k: float(v[0]) for k, v in mediation_closed_form(np.array([q]), p, theta).items()}
    pt, s = p * theta, cf["share_H_vs_L"]
    w_hh, w_hl = cf["w_HH"], cf["w_HL"]
    if pool and pt > 0.5:
        r = min(max((pt - s) / (pt - 0.5), 0.0), 1.0)
        hl = [(w_hl, None), ((1 - w_hl) * r, 0.5), ((1 - w_hl) * (1 - r), pt)]
    else:
        hl = [(w_hl, None), (1 - w_hl, s)]
    lh = [(pr, None if x is None else 1 - x) for pr, x in hl]
    return {(0, 0): [(w_hh, None), (1 - w_hh, 0.5)], (1, 1): [(1.0, 0.5)], (0, 1): hl, (1, 0): lh}
