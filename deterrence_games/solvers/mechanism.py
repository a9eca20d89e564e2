"""Optimal recommendation mechanisms for two players with private types, as a linear program.

Two players with independent finite types ``t1 ~ q1``, ``t2 ~ q2`` share a surplus of 1. A
mechanism maps a reported type profile ``(t1, t2)`` to a probability ``w[t1, t2]`` of the
outside option ("breakdown", e.g. war) and, otherwise, a split of the surplus. Breakdown
gives player ``i`` the exogenous payoff ``V_i[t1, t2]`` (depending on the *true* types). The
split enters linearly through ``y[t1, t2] = (1 - w) * s1``, player 1's expected peaceful
amount (player 2 gets ``(1 - w) - y``); so the design problem is a linear program
(Myerson 1979; Hörner, Morelli and Squintani 2015, Section 3). We minimise the probability of
breakdown ``sum q1[t1] q2[t2] w[t1, t2]``.

``confidential=True`` (reports go to the designer only):

* interim participation (IR): ``U_i(t | t) >= sum_j q_j V_i(t, j)``, the value of unilateral
  breakdown at the prior;
* incentive compatibility (IC): ``U_i(t | t) >= U_i(t' | t)`` for every misreport ``t'``.

This is the *arbitration* LP. Hörner, Morelli and Squintani (2015, Theorem 1) show that its
optimum is attained by a mediator whose recommendations are not enforceable. The LP does not
itself check mediator obedience; :func:`check_mediation` certifies a given recommendation plan
(every report followed by the best accept/reject reply to each recommended share).

``confidential=False`` (reports are public, so after the reports each player knows the
profile and can reject the proposed split, which triggers breakdown):

* every peaceful split is ex-post IR: ``s_i(t) >= V_i(t)`` for each profile ``t``;
* IC with *double deviations*: a player of type ``t`` who reports ``t'`` and learns the
  opponent's type ``j`` may then reject the split, so his deviation payoff in profile
  ``(t', j)`` is ``max(y(t', j) + w(t', j) V(t, j), V(t, j))``. The constraint
  ``U(t | t) >= sum_j q_j max(a_j, b_j)`` is linear once written for every combination of
  the max terms (``2^{n_j}`` inequalities per pair ``(t, t')``).

References
----------
Hörner, J., Morelli, M. and Squintani, F. (2015). Mediation and peace. *Review of Economic
Studies* 82(4): 1483-1501.
Myerson, R. (1979). Incentive compatibility and the bargaining problem. *Econometrica* 47(1).
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import linprog

from .._validation import ParameterError, check_payoff_matrix, check_probability_vector, plain
from .._version import __version__
from ..results import Result, frozen_map

__all__ = [
    "MechanismResult",
    "MediationCheck",
    "check_mediation",
    "mediation_mechanism",
    "recommendation_mechanism",
]

_MAX_TYPES = 8


def _ro(a: ArrayLike) -> NDArray[np.float64]:
    a = np.array(a, dtype=float)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class MechanismResult(Result):
    """An optimal recommendation mechanism.

    Attributes
    ----------
    breakdown : ndarray, shape (n1, n2)
        ``w[t1, t2]``, the probability of breakdown (war) in each type profile.
    share : ndarray, shape (n1, n2)
        Player 1's share of the surplus in peace (NaN where breakdown is certain).
    breakdown_probability : float
        Ex-ante probability of breakdown (the LP optimum).
    interim_payoffs : tuple of two arrays
        ``U_i(t | t)`` per type of each player.
    outside_options : tuple of two arrays
        Interim breakdown values ``sum_j q_j V_i(t, j)``.
    min_ir_slack : float
        Smallest interim participation slack ``U_i(t | t) - outside option``.
    min_ic_slack : float
        Smallest slack over every inequality of the LP (IC, double deviations, ex-post IR);
        >= -1e-9 for a feasible mechanism. Both are recomputed from the solution.
    confidential : bool
    """

    breakdown: NDArray[np.float64]
    share: NDArray[np.float64]
    breakdown_probability: float
    interim_payoffs: tuple[NDArray[np.float64], NDArray[np.float64]]
    outside_options: tuple[NDArray[np.float64], NDArray[np.float64]]
    min_ir_slack: float
    min_ic_slack: float
    confidential: bool
    types: tuple[tuple[str, ...], tuple[str, ...]]
    method: str = "LP (scipy HiGHS)"
    options: dict = field(default_factory=dict)
    version: str = __version__

    def __post_init__(self) -> None:
        object.__setattr__(self, "breakdown", _ro(self.breakdown))
        object.__setattr__(self, "share", _ro(self.share))
        object.__setattr__(self, "interim_payoffs", tuple(_ro(a) for a in self.interim_payoffs))
        object.__setattr__(self, "outside_options", tuple(_ro(a) for a in self.outside_options))
        object.__setattr__(self, "breakdown_probability", float(self.breakdown_probability))
        object.__setattr__(self, "options", frozen_map(self.options))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MechanismResult):
            return NotImplemented
        return (np.array_equal(self.breakdown, other.breakdown)
                and np.array_equal(self.share, other.share, equal_nan=True)
                and self.breakdown_probability == other.breakdown_probability
                and self.confidential == other.confidential and self.types == other.types)

    __hash__ = None  # type: ignore[assignment]

    def to_frame(self) -> pd.DataFrame:
        """One row per type profile: breakdown probability and player 1's peaceful share."""
        rows = []
        for i, a in enumerate(self.types[0]):
            for j, b in enumerate(self.types[1]):
                rows.append({"type_1": a, "type_2": b, "breakdown": float(self.breakdown[i, j]),
                             "share_1": float(self.share[i, j])})
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        """JSON-ready dictionary of the mechanism and its slacks.

        Returns
        -------
        dict
        """
        return {
            "breakdown": plain(self.breakdown), "share": plain(self.share),
            "breakdown_probability": self.breakdown_probability,
            "interim_payoffs": [plain(a) for a in self.interim_payoffs],
            "outside_options": [plain(a) for a in self.outside_options],
            "min_ir_slack": self.min_ir_slack, "min_ic_slack": self.min_ic_slack,
            "confidential": self.confidential, "types": [list(t) for t in self.types],
            "method": self.method, "options": plain(self.options), "version": self.version,
        }

    def __repr__(self) -> str:
        kind = "confidential" if self.confidential else "public"
        return (f"<MechanismResult ({kind} reports): breakdown_probability="
                f"{self.breakdown_probability:.6g}>")

    def __str__(self) -> str:
        return "\n".join([repr(self), self.to_frame().to_string(index=False),
                          f"  min IR slack {self.min_ir_slack:.3g}, min IC slack {self.min_ic_slack:.3g}"])

    def _repr_html_(self) -> str:
        return (f"<div><strong>{html.escape(repr(self))}</strong>"
                f"{self.to_frame().to_html(index=False, float_format=lambda x: f'{x:.6g}')}"
                f"<details><summary>text</summary><pre>{html.escape(str(self))}</pre></details></div>")


def recommendation_mechanism(
    type_priors: Sequence[ArrayLike],
    breakdown_payoffs: Sequence[ArrayLike],
    *,
    confidential: bool = True,
    types: Sequence[Sequence[str]] | None = None,
) -> MechanismResult:
    """Minimise the probability of breakdown over IR and IC recommendation mechanisms.

    Parameters
    ----------
    type_priors : (q1, q2)
        Probability vectors over each player's types (independent).
    breakdown_payoffs : (V1, V2)
        Arrays of shape ``(n1, n2)``: ``V_i[t1, t2]`` is player ``i``'s payoff from breakdown
        when the true types are ``(t1, t2)``, in units of the surplus (which is 1).
    confidential : bool
        True: reports are confidential (interim IR, IC). False: reports are public (ex-post IR
        of every split, IC against lie-then-reject double deviations). See the module
        docstring.
    types : (labels1, labels2), optional

    Returns
    -------
    MechanismResult
    """
    if len(type_priors) != 2 or len(breakdown_payoffs) != 2:
        raise ParameterError("type_priors", len(type_priors), "two players (q1, q2) and two payoff arrays")
    q1 = check_probability_vector("type_priors[0]", type_priors[0])
    q2 = check_probability_vector("type_priors[1]", type_priors[1])
    n1, n2 = q1.size, q2.size
    for name, n in (("type_priors[0]", n1), ("type_priors[1]", n2)):
        if n > _MAX_TYPES:
            raise ParameterError(name, n, f"at most {_MAX_TYPES} types", "the public LP has 2^n constraints per pair")
    V1 = check_payoff_matrix("breakdown_payoffs[0]", breakdown_payoffs[0], shape=(n1, n2))
    V2 = check_payoff_matrix("breakdown_payoffs[1]", breakdown_payoffs[1], shape=(n1, n2))
    if not isinstance(confidential, bool | np.bool_):
        raise TypeError(f"`confidential` must be a bool (got {confidential!r})")
    if types is None:
        labels = (tuple(f"t{i}" for i in range(n1)), tuple(f"t{j}" for j in range(n2)))
    else:
        labels = (tuple(types[0]), tuple(types[1]))
        if len(labels[0]) != n1 or len(labels[1]) != n2:
            raise ParameterError("types", labels, f"({n1}, {n2}) labels, one per type")
    return _solve(q1, q2, V1, V2, bool(confidential), labels)


def mechanism_lp(q1: NDArray, q2: NDArray, V1: NDArray, V2: NDArray, confidential: bool,
                 dtype: type = float) -> tuple[NDArray, NDArray, NDArray, Callable]:
    """The LP ``min c x`` s.t. ``A x <= b``, ``0 <= x <= 1`` of :func:`recommendation_mechanism`.

    Variables ``x = (w, y)``, each row-major over type profiles. Returns ``(A, b, c,
    interim)`` where ``interim(player, t, r)`` is the linear form ``(a, const)`` of the
    interim payoff of type ``t`` reporting ``r``. ``dtype=object`` builds the same rows from
    sympy entries (used by :meth:`Mediation.symbolic` for the exact vertices).
    """
    n1, n2 = q1.size, q2.size
    nw = n1 * n2
    nv = 2 * nw  # variables: w (n1*n2), then y (n1*n2), both row-major over (t1, t2)

    def iw(i: int, j: int) -> int:
        return i * n2 + j

    def iy(i: int, j: int) -> int:
        return nw + i * n2 + j

    # Linear forms of payoffs. Player 1 of true type t reporting r, opponent type j:
    #   y(r, j) + w(r, j) V1(t, j).   Player 2 of true type t reporting r, opponent type i:
    #   (1 - w(i, r)) - y(i, r) + w(i, r) V2(i, t) = 1 + w(i,r)(V2(i,t) - 1) - y(i, r).
    def term1(t: int, r: int, j: int) -> tuple[NDArray, float]:
        a = np.zeros(nv, dtype)
        a[iy(r, j)] = 1
        a[iw(r, j)] = V1[t, j]
        return a, 0

    def term2(t: int, r: int, i: int) -> tuple[NDArray, float]:
        a = np.zeros(nv, dtype)
        a[iw(i, r)] = V2[i, t] - 1
        a[iy(i, r)] = -1
        return a, 1

    def interim(player: int, t: int, r: int) -> tuple[NDArray, float]:
        a, c = np.zeros(nv, dtype), 0
        if player == 0:
            for j in range(n2):
                aj, cj = term1(t, r, j)
                a += q2[j] * aj
                c += q2[j] * cj
        else:
            for i in range(n1):
                ai, ci = term2(t, r, i)
                a += q1[i] * ai
                c += q1[i] * ci
        return a, c

    A, b = [], []  # rows of A x <= b

    def geq(lhs: tuple[NDArray, float], rhs: tuple[NDArray, float]) -> None:
        # lhs_a x + lhs_c >= rhs_a x + rhs_c  <=>  (rhs_a - lhs_a) x <= lhs_c - rhs_c
        A.append(rhs[0] - lhs[0])
        b.append(lhs[1] - rhs[1])

    zero = np.zeros(nv, dtype)
    out1 = V1 @ q2  # interim breakdown values
    out2 = q1 @ V2
    for player, n, q_opp, out in ((0, n1, q2, out1), (1, n2, q1, out2)):
        for t in range(n):
            truth = interim(player, t, t)
            geq(truth, (zero, out[t]))  # interim IR
            for r in range(n):
                if r == t:
                    continue
                if confidential:
                    geq(truth, interim(player, t, r))
                    continue
                # public: lie then (optionally) reject after learning the opponent's type
                for choice in itertools.product((0, 1), repeat=q_opp.size):
                    a, c = np.zeros(nv, dtype), 0
                    for k, reject in enumerate(choice):
                        if reject:
                            c += q_opp[k] * (V1[t, k] if player == 0 else V2[k, t])
                        else:
                            ak, ck = term1(t, r, k) if player == 0 else term2(t, r, k)
                            a += q_opp[k] * ak
                            c += q_opp[k] * ck
                    geq(truth, (a, c))
    if not confidential:  # ex-post IR of every peaceful split
        for i in range(n1):
            for j in range(n2):
                a = np.zeros(nv, dtype)  # y >= (1 - w) V1  <=>  -y - w V1 <= -V1
                a[iy(i, j)] = -1
                a[iw(i, j)] = -V1[i, j]
                A.append(a)
                b.append(-V1[i, j])
                a = np.zeros(nv, dtype)  # 1 - w - y >= (1 - w) V2  <=>  y + w (1 - V2) <= 1 - V2
                a[iy(i, j)] = 1
                a[iw(i, j)] = 1 - V2[i, j]
                A.append(a)
                b.append(1 - V2[i, j])
    # y <= 1 - w (player 2's amount is non-negative)
    for i in range(n1):
        for j in range(n2):
            a = np.zeros(nv, dtype)
            a[iy(i, j)] = 1
            a[iw(i, j)] = 1
            A.append(a)
            b.append(1)
    c = np.concatenate([np.outer(q1, q2).ravel(), np.zeros(nw, dtype)])
    return np.array(A, dtype), np.array(b, dtype), c, interim


def _solve(q1: NDArray, q2: NDArray, V1: NDArray, V2: NDArray, confidential: bool,
           labels: tuple) -> MechanismResult:
    n1, n2 = q1.size, q2.size
    nw = n1 * n2
    A_arr, b_arr, c, interim = mechanism_lp(q1, q2, V1, V2, confidential)
    out1 = V1 @ q2  # interim breakdown values
    out2 = q1 @ V2
    res = linprog(c, A_ub=A_arr, b_ub=b_arr, bounds=(0, 1), method="highs")
    if res.status != 0:  # pragma: no cover - certain breakdown is always feasible
        raise RuntimeError(f"mechanism LP failed: {res.message}")
    x = res.x
    w = np.clip(x[:nw].reshape(n1, n2), 0.0, 1.0)
    y = x[nw:].reshape(n1, n2)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(w < 1 - 1e-12, y / (1 - w), np.nan)
    slack = b_arr - A_arr @ x
    U1 = np.array([interim(0, t, t)[0] @ x + interim(0, t, t)[1] for t in range(n1)])
    U2 = np.array([interim(1, t, t)[0] @ x + interim(1, t, t)[1] for t in range(n2)])
    ir = min(float((U1 - out1).min()), float((U2 - out2).min()))
    ic = float(slack.min())
    return MechanismResult(
        breakdown=w, share=share, breakdown_probability=float(q1 @ w @ q2),
        interim_payoffs=(U1, U2), outside_options=(out1, out2), min_ir_slack=ir,
        min_ic_slack=ic, confidential=confidential, types=labels,
        options={"n_constraints": int(A_arr.shape[0])},
    )


@dataclass(frozen=True, eq=False)
class MediationCheck(Result):
    """Obedience certificate of a mediated (unenforceable) recommendation plan.

    ``min_slack`` is the smallest gain of reporting truthfully and obeying over the best
    deviation (any report followed by the best accept/reject reply to each recommended
    share, and non-participation). Truthful obedience is itself one of the candidate
    strategies, so ``min_slack <= 0``; ``min_slack >= -tol`` means the plan is a mediation
    equilibrium (nothing beats truth-telling and obedience).
    ``worst`` names the player, true type and report of the tightest constraint.

    Attributes
    ----------
    min_slack : float
        Smallest obedience slack (``>= -tol``: a mediation equilibrium).
    worst : tuple of (int, str, str)
        Player, true type and report of the tightest constraint.
    breakdown_probability : float
        Ex-ante probability of breakdown under the plan.
    slacks : mapping (int, str, str) -> float
        Slack of every (player, type, report) constraint.
    """

    min_slack: float
    worst: tuple[int, str, str]
    breakdown_probability: float
    slacks: dict = field(default_factory=dict)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MediationCheck):
            return NotImplemented
        return (self.min_slack, self.worst) == (other.min_slack, other.worst)

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict:
        """JSON-ready dictionary (``slacks`` keyed ``"player|type|report"``).

        Returns
        -------
        dict
        """
        return {"min_slack": self.min_slack, "worst": list(self.worst),
                "breakdown_probability": self.breakdown_probability,
                "slacks": {f"{k[0]}|{k[1]}|{k[2]}": v for k, v in self.slacks.items()}}

    def to_frame(self) -> pd.DataFrame:
        """One row per constraint: ``player``, ``type``, ``report``, ``slack``.

        Returns
        -------
        pandas.DataFrame
        """
        return pd.DataFrame([{"player": k[0], "type": k[1], "report": k[2], "slack": v}
                             for k, v in self.slacks.items()])

    def __repr__(self) -> str:
        return f"<MediationCheck: min_slack={self.min_slack:.3g} at {self.worst}>"

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(repr(self))}</pre>"


def check_mediation(
    type_priors: Sequence[ArrayLike],
    breakdown_payoffs: Sequence[ArrayLike],
    plan: dict,
    *,
    types: Sequence[Sequence[str]] | None = None,
    decimals: int = 12,
) -> MediationCheck:
    """Check that a mediator's recommendation plan is obeyed (Hörner et al. 2015, Section 4).

    Parameters
    ----------
    type_priors, breakdown_payoffs
        As in :func:`recommendation_mechanism`.
    plan : dict
        ``plan[(t1, t2)]`` (type indices) is a list of ``(probability, share_1)`` pairs: with
        that probability the mediator recommends the split giving player 1 ``share_1`` (player 2
        ``1 - share_1``); ``share_1=None`` recommends breakdown. Probabilities per profile sum
        to 1.

    A player observes only its own recommended share (rounded to ``decimals``), so after a
    report it chooses, per recommended share, to accept or to reject (rejection means
    breakdown at the true types' payoffs), given its posterior over the opponent's type; the
    opponent is assumed to report truthfully and obey. A recommendation of breakdown cannot
    be overturned. Non-participation yields the interim breakdown value.
    """
    q1 = check_probability_vector("type_priors[0]", type_priors[0])
    q2 = check_probability_vector("type_priors[1]", type_priors[1])
    n1, n2 = q1.size, q2.size
    V1 = check_payoff_matrix("breakdown_payoffs[0]", breakdown_payoffs[0], shape=(n1, n2))
    V2 = check_payoff_matrix("breakdown_payoffs[1]", breakdown_payoffs[1], shape=(n1, n2))
    if not isinstance(plan, dict):
        raise TypeError(f"`plan` must be a dict {{(t1, t2): [(probability, share_1), ...]}} (got {type(plan).__name__})")
    for i in range(n1):
        for j in range(n2):
            entries = plan.get((i, j))
            if entries is None:
                raise ParameterError("plan", f"missing profile {(i, j)}", "an entry for every type profile")
            total = sum(float(pr) for pr, _ in entries)
            if abs(total - 1.0) > 1e-9 or any(float(pr) < 0 for pr, _ in entries):
                raise ParameterError("plan", f"profile {(i, j)} probabilities sum to {total:.12g}",
                                     "non-negative probabilities summing to 1 per profile")
            for _, s in entries:
                if s is not None and not (0.0 <= float(s) <= 1.0):
                    raise ParameterError("plan", f"share {s} in profile {(i, j)}", "shares in [0, 1] or None")
    labels = ((tuple(f"t{i}" for i in range(n1)), tuple(f"t{j}" for j in range(n2)))
              if types is None else (tuple(types[0]), tuple(types[1])))

    def outcomes(player: int, own_report: int, opp: int) -> list[tuple[float, float | None]]:
        if player == 0:
            return [(float(pr), None if s is None else float(s)) for pr, s in plan[(own_report, opp)]]
        return [(float(pr), None if s is None else 1.0 - float(s)) for pr, s in plan[(opp, own_report)]]

    slacks: dict = {}
    worst, min_slack = (0, "", ""), np.inf
    for player, n_own, q_opp in ((0, n1, q2), (1, n2, q1)):
        def war(t: int, j: int, player: int = player) -> float:
            return float(V1[t, j]) if player == 0 else float(V2[j, t])

        for t in range(n_own):
            truth = sum(q_opp[j] * sum(pr * (war(t, j) if s is None else s) for pr, s in outcomes(player, t, j))
                        for j in range(q_opp.size))
            best = sum(q_opp[j] * war(t, j) for j in range(q_opp.size))  # non-participation
            for r in range(n_own):
                # group by the recommended share the player observes
                groups: dict = {}
                value = 0.0
                for j in range(q_opp.size):
                    for pr, s in outcomes(player, r, j):
                        if s is None:
                            value += q_opp[j] * pr * war(t, j)
                            continue
                        key = round(s, decimals)
                        acc, rej = groups.get(key, (0.0, 0.0))
                        groups[key] = (acc + q_opp[j] * pr * s, rej + q_opp[j] * pr * war(t, j))
                value += sum(max(acc, rej) for acc, rej in groups.values())
                slacks[(player, labels[player][t], labels[player][r])] = truth - value
                best = max(best, value)
            slack = truth - best
            if slack < min_slack:
                min_slack = slack
                worst = (player, labels[0 if player == 0 else 1][t], "")
    for k, v in slacks.items():
        if v <= min_slack + 1e-15:
            worst = k
            break
    war_prob = sum(q1[i] * q2[j] * sum(pr for pr, s in plan[(i, j)] if s is None)
                   for i in range(n1) for j in range(n2))
    return MediationCheck(float(min_slack), worst, float(war_prob), slacks)


def mediation_mechanism(
    type_priors: Sequence[ArrayLike],
    breakdown_payoffs: Sequence[ArrayLike],
    shares: ArrayLike,
    *,
    types: Sequence[Sequence[str]] | None = None,
) -> MechanismResult:
    """Minimise breakdown over *mediated* plans whose recommended splits lie on ``shares``.

    Variables ``pi[t1, t2, x]``: the probability of recommending the split giving player 1 the
    share ``x`` (player 2 ``1 - x``), plus one "breakdown" recommendation. A player observes
    only its recommended share; obedience against every report-then-accept/reject deviation,
    ``U(t) >= sum_x max(accept_x, reject_x) + breakdown part``, is linear with one epigraph
    variable per (player, type, report, share) (Hörner, Morelli and Squintani 2015, Section 4).
    Restricting splits to a finite menu can only raise the optimum, so the value is an upper
    bound on optimal mediation and, by HMS's Theorem 1, on nothing lower than the arbitration
    value :func:`recommendation_mechanism` (``confidential=True``); equality certifies that
    mediation attains arbitration at that point.

    Returns a :class:`MechanismResult` whose ``share`` is player 1's expected share in peace.
    """
    q1 = check_probability_vector("type_priors[0]", type_priors[0])
    q2 = check_probability_vector("type_priors[1]", type_priors[1])
    n1, n2 = q1.size, q2.size
    V1 = check_payoff_matrix("breakdown_payoffs[0]", breakdown_payoffs[0], shape=(n1, n2))
    V2 = check_payoff_matrix("breakdown_payoffs[1]", breakdown_payoffs[1], shape=(n1, n2))
    xs = np.unique(np.asarray(shares, dtype=float).ravel())
    if xs.size == 0 or not np.all(np.isfinite(xs)) or xs.min() < 0 or xs.max() > 1:
        raise ParameterError("shares", np.asarray(shares), "a non-empty array of shares in [0, 1]")
    labels = ((tuple(f"t{i}" for i in range(n1)), tuple(f"t{j}" for j in range(n2)))
              if types is None else (tuple(types[0]), tuple(types[1])))
    K = xs.size + 1  # last slot = breakdown
    n_pi = n1 * n2 * K

    def ip(i: int, j: int, k: int) -> int:
        return (i * n2 + j) * K + k

    z_index: dict = {}
    for player, n_own in ((0, n1), (1, n2)):
        for t in range(n_own):
            for r in range(n_own):
                for k in range(xs.size):
                    z_index[(player, t, r, k)] = n_pi + len(z_index)
    nv = n_pi + len(z_index)
    A, b = [], []
    for player, n_own, q_opp in ((0, n1, q2), (1, n2, q1)):
        def prof(own: int, opp: int, k: int, player: int = player) -> int:
            return ip(own, opp, k) if player == 0 else ip(opp, own, k)

        def own_share(k: int, player: int = player) -> float:
            return float(xs[k]) if player == 0 else float(1.0 - xs[k])

        def war(t: int, j: int, player: int = player) -> float:
            return float(V1[t, j]) if player == 0 else float(V2[j, t])

        for t in range(n_own):
            truth = np.zeros(nv)
            for j in range(q_opp.size):
                for k in range(xs.size):
                    truth[prof(t, j, k)] += q_opp[j] * own_share(k)
                truth[prof(t, j, K - 1)] += q_opp[j] * war(t, j)
            # participation: -truth <= -outside
            A.append(-truth)
            b.append(-sum(q_opp[j] * war(t, j) for j in range(q_opp.size)))
            for r in range(n_own):
                row = -truth.copy()  # sum z + breakdown part - truth <= 0
                for j in range(q_opp.size):
                    row[prof(r, j, K - 1)] += q_opp[j] * war(t, j)
                for k in range(xs.size):
                    z = z_index[(player, t, r, k)]
                    row[z] += 1.0
                    acc, rej = np.zeros(nv), np.zeros(nv)
                    for j in range(q_opp.size):
                        acc[prof(r, j, k)] += q_opp[j] * own_share(k)
                        rej[prof(r, j, k)] += q_opp[j] * war(t, j)
                    for form in (acc, rej):  # form - z <= 0
                        f = form.copy()
                        f[z] -= 1.0
                        A.append(f)
                        b.append(0.0)
                A.append(row)
                b.append(0.0)
    A_eq = np.zeros((n1 * n2, nv))
    for i in range(n1):
        for j in range(n2):
            A_eq[i * n2 + j, ip(i, j, 0):ip(i, j, 0) + K] = 1.0
    c = np.zeros(nv)
    for i in range(n1):
        for j in range(n2):
            c[ip(i, j, K - 1)] = q1[i] * q2[j]
    bounds = [(0, 1)] * n_pi + [(None, None)] * len(z_index)
    res = linprog(c, A_ub=np.array(A), b_ub=np.array(b), A_eq=A_eq, b_eq=np.ones(n1 * n2),
                  bounds=bounds, method="highs")
    if res.status != 0:  # pragma: no cover - certain breakdown is always feasible
        raise RuntimeError(f"mediation LP failed: {res.message}")
    pi = np.clip(res.x[:n_pi].reshape(n1, n2, K), 0.0, 1.0)
    w = pi[:, :, -1]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(w < 1 - 1e-12, (pi[:, :, :-1] @ xs) / (1 - w), np.nan)
    slack = np.array(b) - np.array(A) @ res.x
    out1, out2 = V1 @ q2, q1 @ V2
    U1 = np.array([sum(q2[j] * (pi[t, j, :-1] @ xs + w[t, j] * V1[t, j]) for j in range(n2)) for t in range(n1)])
    U2 = np.array([sum(q1[i] * (pi[i, t, :-1] @ (1 - xs) + w[i, t] * V2[i, t]) for i in range(n1)) for t in range(n2)])
    return MechanismResult(
        breakdown=w, share=share, breakdown_probability=float(q1 @ w @ q2),
        interim_payoffs=(U1, U2), outside_options=(out1, out2),
        min_ir_slack=min(float((U1 - out1).min()), float((U2 - out2).min())),
        min_ic_slack=float(slack.min()), confidential=True, types=labels,
        method="mediation LP on a share menu (scipy HiGHS)",
        options={"n_shares": int(xs.size), "recommendation_probabilities": pi.tolist()},
    )
