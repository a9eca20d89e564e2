"""Information design (Bayesian persuasion) on a finite state space, as linear programs.

A designer commits to an experiment ``L[s, y] = P(y | s)``; a receiver sees ``y``, forms the
posterior ``mu_y`` by Bayes' rule and acts; the designer's expected value is ``E[v(mu_y)]``.
Kamenica and Gentzkow (2011, Proposition 1 and Corollary 2): the best achievable value is the
concave envelope (for maximisation; the convex envelope for minimisation) of ``v`` evaluated
at the prior, over distributions of posteriors whose mean is the prior (Bayes plausibility).

Two exact-or-controlled formulations, both solved with scipy's HiGHS:

* :func:`optimal_experiment` with ``receiver_payoffs`` and ``designer_values``: the
  *obedience* LP over action recommendations (Bergemann and Morris 2016 for one receiver;
  Kamenica and Gentzkow 2011, Section IV.A, "straightforward signals"). Variables
  ``x[s, a] = P(recommend a | s)``; obedience ``sum_s prior[s] x[s, a] (u[s, a] - u[s, a']) >= 0``.
  Exact for finite action sets. Weak obedience means that a receiver indifferent between
  actions follows the recommendation, i.e. ties are resolved in the designer's favour (the
  standard sender-preferred convention; for a designer who minimises escalation, ties go to
  the peaceful action).
* :func:`optimal_experiment` with a callable ``value`` on the belief simplex: the
  concavification LP over a grid of posteriors (weights ``tau_k >= 0`` with
  ``sum_k tau_k mu_k = prior``). Exact when ``v`` is piecewise linear with its kinks and jumps
  on the grid (pass them as ``breakpoints``) and, at each jump, takes the value the designer
  prefers (so that the optimum is attained, e.g. ties to the peaceful action when minimising
  escalation). Otherwise the LP value is feasible, hence a bound on the optimum (an upper
  bound when minimising, a lower bound when maximising), accurate to the grid spacing.

:func:`experiment_value` evaluates a *given* experiment, :func:`blackwell_compare` compares
two experiments by Blackwell's garbling order
(:meth:`~deterrence_games.games.information.InformationStructure.blackwell_dominates`).

References
----------
Kamenica, E. and Gentzkow, M. (2011). Bayesian persuasion. *American Economic Review* 101(6).
Bergemann, D. and Morris, S. (2016). Bayes correlated equilibrium and the comparison of
information structures in games. *Theoretical Economics* 11(2).
Blackwell, D. (1953). Equivalent comparisons of experiments. *Ann. Math. Statist.* 24(2).
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import linprog

from .._validation import (
    Choice,
    IntegerRange,
    ParameterError,
    check_payoff_matrix,
    check_probability_vector,
    check_scalar,
    plain,
)
from .._version import __version__
from ..games.information import InformationStructure
from ..results import Result, frozen_map

__all__ = [
    "InformationDesignResult",
    "BlackwellComparison",
    "optimal_experiment",
    "experiment_value",
    "blackwell_compare",
]

SENSES = ("min", "max")
_TOL = 1e-9


def _ro(a: ArrayLike) -> NDArray[np.float64]:
    a = np.array(a, dtype=float)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class InformationDesignResult(Result):
    """An experiment, the posteriors it induces and the designer's value.

    Attributes
    ----------
    experiment : InformationStructure
        Likelihood matrix ``P(signal | state)``; signals with zero probability are dropped.
    prior : ndarray, shape (n_states,)
    posteriors : ndarray, shape (n_signals, n_states)
        ``posteriors[y]`` is the receiver's belief after signal ``y``.
    signal_probabilities : ndarray, shape (n_signals,)
        ``P(y)``; Bayes plausibility: ``signal_probabilities @ posteriors == prior``.
    signal_values : ndarray, shape (n_signals,)
        The designer's value ``v(mu_y)`` at each posterior.
    value : float
        ``sum_y P(y) v(mu_y)``.
    sense : str
        ``"min"`` or ``"max"``: what the designer optimises (for a given experiment, the
        direction in which receiver ties were broken).
    value_no_information, value_full_information : float
        The value of the uninformative and of the fully revealing experiment (same tie rule).
    actions : tuple of str
        For finite action problems, the receiver's action after each signal (empty otherwise).
    method : str
        ``"obedience LP"``, ``"concavification LP on a grid"`` or ``"given experiment"``.
    """

    experiment: InformationStructure
    prior: NDArray[np.float64]
    posteriors: NDArray[np.float64]
    signal_probabilities: NDArray[np.float64]
    signal_values: NDArray[np.float64]
    value: float
    sense: str
    value_no_information: float
    value_full_information: float
    actions: tuple[str, ...] = ()
    method: str = ""
    options: dict = field(default_factory=dict)
    version: str = __version__

    def __post_init__(self) -> None:
        for name in ("prior", "posteriors", "signal_probabilities", "signal_values"):
            object.__setattr__(self, name, _ro(getattr(self, name)))
        object.__setattr__(self, "value", float(self.value))
        object.__setattr__(self, "options", frozen_map(self.options))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, InformationDesignResult):
            return NotImplemented
        return (
            self.experiment == other.experiment
            and np.array_equal(self.prior, other.prior)
            and np.array_equal(self.posteriors, other.posteriors)
            and np.array_equal(self.signal_probabilities, other.signal_probabilities)
            and self.value == other.value
            and self.sense == other.sense
            and self.actions == other.actions
        )

    __hash__ = None  # type: ignore[assignment]

    @property
    def value_of_design(self) -> float:
        """Improvement over no information in the designer's direction (>= 0 when optimal)."""
        d = self.value_no_information - self.value
        return d if self.sense == "min" else -d

    def to_frame(self) -> pd.DataFrame:
        """One row per signal: probability, posterior per state, value (and action)."""
        rows = []
        for y, sig in enumerate(self.experiment.signals):
            row: dict[str, Any] = {"signal": sig, "probability": float(self.signal_probabilities[y])}
            for s, st in enumerate(self.experiment.states):
                row[f"posterior_{st}"] = float(self.posteriors[y, s])
                row[f"likelihood_{st}"] = float(self.experiment.likelihood[s, y])
            if self.actions:
                row["action"] = self.actions[y]
            row["value"] = float(self.signal_values[y])
            rows.append(row)
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        """JSON-ready dictionary."""
        return {
            "states": list(self.experiment.states),
            "signals": list(self.experiment.signals),
            "likelihood": plain(self.experiment.likelihood),
            "prior": plain(self.prior),
            "posteriors": plain(self.posteriors),
            "signal_probabilities": plain(self.signal_probabilities),
            "signal_values": plain(self.signal_values),
            "actions": list(self.actions),
            "value": self.value,
            "sense": self.sense,
            "value_no_information": self.value_no_information,
            "value_full_information": self.value_full_information,
            "method": self.method,
            "options": plain(self.options),
            "version": self.version,
        }

    def __repr__(self) -> str:
        n_s, n_y = self.experiment.shape
        return (f"<InformationDesignResult ({self.method}, {self.sense}): {n_s} states, "
                f"{n_y} signals, value={self.value:.6g}>")

    def __str__(self) -> str:
        lines = [repr(self),
                 f"  prior: {np.array2string(self.prior, precision=6)}",
                 f"  no information: {self.value_no_information:.6g}; "
                 f"full information: {self.value_full_information:.6g}",
                 self.to_frame().to_string(index=False)]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        table = self.to_frame().to_html(index=False, float_format=lambda x: f"{x:.6g}")
        return (f"<div><strong>{html.escape(repr(self))}</strong>{table}"
                f"<details><summary>text</summary><pre>{html.escape(str(self))}</pre></details></div>")


@dataclass(frozen=True, eq=False)
class BlackwellComparison(Result):
    """Blackwell comparison of two experiments on the same states.

    ``relation`` is ``"equivalent"``, ``"first more informative"``, ``"second more
    informative"`` or ``"incomparable"``; ``garbling_first_to_second`` is a row-stochastic
    ``M`` with ``first.likelihood @ M == second.likelihood`` when one exists (else None).

    Attributes
    ----------
    first_dominates, second_dominates : bool
        The other experiment is a garbling of the first (second) one: it is at least as
        informative for every decision problem (Blackwell 1953).
    garbling_first_to_second, garbling_second_to_first : ndarray or None
        A row-stochastic garbling matrix when one exists.
    """

    first_dominates: bool
    second_dominates: bool
    garbling_first_to_second: NDArray[np.float64] | None
    garbling_second_to_first: NDArray[np.float64] | None

    def __post_init__(self) -> None:
        for name in ("garbling_first_to_second", "garbling_second_to_first"):
            g = getattr(self, name)
            if g is not None:
                object.__setattr__(self, name, _ro(g))

    @property
    def relation(self) -> str:
        if self.first_dominates and self.second_dominates:
            return "equivalent"
        if self.first_dominates:
            return "first more informative"
        if self.second_dominates:
            return "second more informative"
        return "incomparable"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BlackwellComparison):
            return NotImplemented
        return (self.first_dominates, self.second_dominates) == (other.first_dominates,
                                                                 other.second_dominates)

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict:
        return {"relation": self.relation, "first_dominates": self.first_dominates,
                "second_dominates": self.second_dominates,
                "garbling_first_to_second": plain(self.garbling_first_to_second),
                "garbling_second_to_first": plain(self.garbling_second_to_first)}

    def to_frame(self) -> pd.DataFrame:
        """One row: ``relation``, ``first_dominates``, ``second_dominates``.

        Returns
        -------
        pandas.DataFrame
        """
        return pd.DataFrame([{"relation": self.relation, "first_dominates": self.first_dominates,
                              "second_dominates": self.second_dominates}])

    def __repr__(self) -> str:
        return f"<BlackwellComparison: {self.relation}>"

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(repr(self))}</pre>"


# ---------------------------------------------------------------------------------------
# validation helpers
# ---------------------------------------------------------------------------------------


def _check_sense(sense: object) -> str:
    return check_scalar("sense", sense, Choice(SENSES), "minimise or maximise the designer's value")


def _check_action_problem(prior: NDArray, receiver_payoffs: ArrayLike, designer_values: ArrayLike,
                          actions: Sequence[str] | None) -> tuple[NDArray, NDArray, tuple[str, ...]]:
    u = check_payoff_matrix("receiver_payoffs", receiver_payoffs)
    if u.shape[0] != prior.size:
        raise ParameterError("receiver_payoffs", u.shape, f"shape ({prior.size}, n_actions): one row per state")
    v = check_payoff_matrix("designer_values", designer_values, shape=u.shape)
    names = tuple(actions) if actions is not None else tuple(f"a{j}" for j in range(u.shape[1]))
    if len(names) != u.shape[1]:
        raise ParameterError("actions", names, f"{u.shape[1]} labels, one per column of `receiver_payoffs`")
    return u, v, names


def _best_action(mu: NDArray, u: NDArray, v: NDArray, sense: str) -> int:
    """Receiver's best action at belief ``mu``; ties broken in the designer's favour."""
    eu = mu @ u
    best = np.flatnonzero(eu >= eu.max() - 1e-12 * max(1.0, abs(eu.max())))
    dv = (mu @ v)[best]
    return int(best[np.argmin(dv) if sense == "min" else np.argmax(dv)])


def _simplex_grid(n: int, m: int) -> NDArray[np.float64]:
    """All points of the simplex in R^n with coordinates in multiples of 1/m."""
    pts = [np.array(c, dtype=float) for c in itertools.product(range(m + 1), repeat=n - 1) if sum(c) <= m]
    arr = np.array([np.append(c, m - c.sum()) for c in pts]) / m
    return arr


def _experiment_from_posteriors(prior: NDArray, tau: NDArray, mus: NDArray,
                                states: Sequence[str] | None) -> InformationStructure:
    L = (tau[None, :] * mus.T) / prior[:, None]  # L[s, k] = tau_k mu_k[s] / prior[s]
    L = L / L.sum(axis=1, keepdims=True)
    return InformationStructure(L, states, tuple(f"y{k}" for k in range(L.shape[1])))


def _merge_equal_posteriors(tau: NDArray, mus: NDArray, vals: NDArray,
                            acts: list[str] | None) -> tuple:
    """Merge signals that induce (numerically) the same posterior and action."""
    keep: list[int] = []
    t = tau.copy()
    for k in range(len(t)):
        for j in keep:
            same_act = acts is None or acts[j] == acts[k]
            if same_act and np.max(np.abs(mus[j] - mus[k])) <= 1e-10:
                t[j] += t[k]
                break
        else:
            keep.append(k)
    idx = np.array(keep, dtype=int)
    return t[idx], mus[idx], vals[idx], ([acts[i] for i in idx] if acts is not None else None)


# ---------------------------------------------------------------------------------------
# public functions
# ---------------------------------------------------------------------------------------


def optimal_experiment(
    prior: ArrayLike,
    value: Callable[[NDArray[np.float64]], float] | None = None,
    *,
    receiver_payoffs: ArrayLike | None = None,
    designer_values: ArrayLike | None = None,
    sense: str = "min",
    states: Sequence[str] | None = None,
    actions: Sequence[str] | None = None,
    grid: int = 2000,
    breakpoints: Sequence[float] = (),
    least_informative: bool = True,
) -> InformationDesignResult:
    """The experiment that minimises (or maximises) the designer's expected value.

    Give *either* ``value`` (a callable on beliefs) *or* the finite action problem
    (``receiver_payoffs`` and ``designer_values``).

    Parameters
    ----------
    prior : array_like, shape (n_states,)
        Common prior over the states.
    value : callable, optional
        ``value(mu) -> float`` for a belief ``mu`` (a probability vector over the states),
        e.g. the probability of escalation when the receiver holds belief ``mu``. Solved by
        the concavification LP over a grid of posteriors (Kamenica and Gentzkow 2011,
        Corollary 2).
    receiver_payoffs : array_like, shape (n_states, n_actions), optional
        ``u[s, a]``, the receiver's payoff from action ``a`` in state ``s``.
    designer_values : array_like, shape (n_states, n_actions), optional
        ``v[s, a]``, the designer's value (e.g. the probability of escalation) from ``a`` in
        ``s``. With ``receiver_payoffs``, solved by the exact obedience LP.
    sense : {"min", "max"}
        Minimise (e.g. escalation) or maximise the designer's expected value.
    states, actions : sequence of str, optional
        Labels.
    grid : int
        Grid resolution for the callable form: ``grid + 1`` points on [0, 1] for two states,
        a simplex lattice of step ``1/grid`` otherwise (capped at 200 for n_states > 2).
    breakpoints : sequence of float
        For two states: beliefs (probability of the *second* state) where ``value`` jumps or
        kinks; they are added to the grid so that the LP is exact for piecewise-linear
        ``value``.
    least_informative : bool
        Among optimal experiments, return one that is least valuable to the receiver (finite
        action problems: a second LP minimises the receiver's expected payoff subject to the
        optimal designer value; callable form: a second LP minimises the expected squared
        distance of posteriors from the prior). This selects the *minimal-disclosure*
        experiment (e.g. Fearon's pooled posterior exactly at the threshold).

    Returns
    -------
    InformationDesignResult

    Examples
    --------
    Kamenica and Gentzkow's prosecutor (prior guilt 0.3; convict iff P(guilty) >= 1/2):

    >>> r = optimal_experiment([0.7, 0.3], receiver_payoffs=[[1, 0], [0, 1]],
    ...                        designer_values=[[0, 1], [0, 1]], sense="max",
    ...                        states=("innocent", "guilty"), actions=("acquit", "convict"))
    >>> round(r.value, 12)
    0.6
    """
    p = check_probability_vector("prior", prior)
    sense = _check_sense(sense)
    if states is not None and len(tuple(states)) != p.size:
        raise ParameterError("states", tuple(states), f"{p.size} labels, one per state")
    finite = receiver_payoffs is not None or designer_values is not None
    if finite and value is not None:
        raise TypeError("give either `value` (a callable) or `receiver_payoffs` and `designer_values`, not both")
    if finite:
        if receiver_payoffs is None or designer_values is None:
            missing = "receiver_payoffs" if receiver_payoffs is None else "designer_values"
            raise TypeError(f"`{missing}` is required for a finite action problem")
        u, v, names = _check_action_problem(p, receiver_payoffs, designer_values, actions)
        return _obedience_lp(p, u, v, names, sense, states, bool(least_informative))
    if value is None:
        raise TypeError("give `value` (a callable on beliefs) or `receiver_payoffs` and `designer_values`")
    if not callable(value):
        raise TypeError(f"`value` must be a callable on beliefs (got {type(value).__name__})")
    grid = check_scalar("grid", grid, IntegerRange(2, 10**6), "the number of grid steps on the simplex")
    bps = np.atleast_1d(np.asarray(breakpoints, dtype=float))
    if bps.size and (p.size != 2 or not np.all((bps >= 0) & (bps <= 1))):
        raise ParameterError("breakpoints", bps, "beliefs in [0, 1] (two-state problems only)")
    return _concavify(p, value, sense, states, int(grid), bps, bool(least_informative))


#: HiGHS's default feasibility tolerances (1e-7) let a recommended action fall short of the
#: best response at its posterior by ~1e-7 (found with payoffs of that size); 1e-10 keeps
#: obedience to rounding
_HIGHS_TIGHT = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}


def _obedience_lp(p: NDArray, u: NDArray, v: NDArray, names: tuple[str, ...], sense: str,
                  states: Sequence[str] | None, least_informative: bool) -> InformationDesignResult:
    n_s, n_a = u.shape
    # variables x[s, a] flattened row-major
    sign = 1.0 if sense == "min" else -1.0
    c = sign * (p[:, None] * v).ravel()
    A_ub, b_ub = [], []
    for a in range(n_a):
        for a2 in range(n_a):
            if a2 == a:
                continue
            row = np.zeros((n_s, n_a))
            row[:, a] = -p * (u[:, a] - u[:, a2])  # -(obedience gain) <= 0
            A_ub.append(row.ravel())
            b_ub.append(0.0)
    A_eq = np.kron(np.eye(n_s), np.ones(n_a))
    b_eq = np.ones(n_s)
    A_ub_arr = np.array(A_ub) if A_ub else None
    b_ub_arr = np.array(b_ub) if b_ub else None
    res = linprog(c, A_ub=A_ub_arr, b_ub=b_ub_arr, A_eq=A_eq, b_eq=b_eq, bounds=(0, 1), method="highs",
                  options=_HIGHS_TIGHT)
    if res.status != 0:  # pragma: no cover - the uninformative recommendation is always feasible
        raise RuntimeError(f"obedience LP failed: {res.message}")
    opt = float(res.fun)
    x = res.x
    if least_informative:
        # minimise the receiver's expected payoff among designer-optimal experiments
        A2 = np.vstack([A_ub_arr, c]) if A_ub_arr is not None else c[None, :]
        b2 = np.append(b_ub_arr if b_ub_arr is not None else [], opt)
        res2 = linprog((p[:, None] * u).ravel(), A_ub=A2, b_ub=b2, A_eq=A_eq, b_eq=b_eq,
                       bounds=(0, 1), method="highs", options=_HIGHS_TIGHT)
        if res2.status == 0 and c @ res2.x <= opt + _TOL * max(1.0, abs(opt)):
            x = res2.x
    x = x.reshape(n_s, n_a)
    x[x < 1e-11] = 0.0
    x = np.clip(x, 0.0, 1.0)
    x /= x.sum(axis=1, keepdims=True)
    py = p @ x
    used = np.flatnonzero(py > 1e-12)
    L = x[:, used]
    L /= L.sum(axis=1, keepdims=True)
    exp = InformationStructure(L, states, tuple(f"recommend_{names[a]}" for a in used))
    py, post = exp.posteriors(p)
    acts = tuple(names[a] for a in used)
    sig_vals = np.array([post[k] @ v[:, a] for k, a in enumerate(used)])
    value = float(py @ sig_vals)
    return InformationDesignResult(
        experiment=exp, prior=p, posteriors=post, signal_probabilities=py,
        signal_values=sig_vals, value=value, sense=sense,
        value_no_information=_value_at(p, u, v, sense),
        value_full_information=float(sum(p[s] * _value_at(np.eye(n_s)[s], u, v, sense) for s in range(n_s))),
        actions=acts, method="obedience LP",
        options={"least_informative": least_informative, "lp": "scipy HiGHS"},
    )


def _value_at(mu: NDArray, u: NDArray, v: NDArray, sense: str) -> float:
    a = _best_action(mu, u, v, sense)
    return float(mu @ v[:, a])


def _concavify(p: NDArray, value: Callable, sense: str, states: Sequence[str] | None, grid: int,
               bps: NDArray, least_informative: bool) -> InformationDesignResult:
    n = p.size
    if n == 2:
        m2 = np.unique(np.concatenate([np.linspace(0.0, 1.0, grid + 1), bps, [p[1]]]))
        mus = np.column_stack([1.0 - m2, m2])
    else:
        mus = np.vstack([_simplex_grid(n, min(grid, 200)), p[None, :]])
    vals = np.array([float(value(mu)) for mu in mus])
    if not np.all(np.isfinite(vals)):
        raise ParameterError("value", "a callable returning non-finite values", "finite values on every belief")
    sign = 1.0 if sense == "min" else -1.0
    A_eq = np.vstack([mus.T, np.ones(len(mus))])
    b_eq = np.append(p, 1.0)
    res = linprog(sign * vals, A_eq=A_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if res.status != 0:  # pragma: no cover - the prior itself is on the grid
        raise RuntimeError(f"concavification LP failed: {res.message}")
    tau = res.x
    if least_informative:
        opt = float(res.fun)
        spread = ((mus - p) ** 2).sum(axis=1)
        res2 = linprog(spread, A_ub=(sign * vals)[None, :], b_ub=[opt],
                       A_eq=A_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        if res2.status == 0 and sign * vals @ res2.x <= opt + _TOL * max(1.0, abs(opt)):
            tau = res2.x
    k = np.flatnonzero(tau > 1e-11)
    t, m_used, v_used, _ = _merge_equal_posteriors(tau[k] / tau[k].sum(), mus[k], vals[k], None)
    exp = _experiment_from_posteriors(p, t, m_used, states)
    # report the grid posteriors and their values (recomputing them by Bayes' rule from the
    # likelihood could move a posterior that sits on a jump of ``value`` by one ulp)
    py, post, sig_vals = t, m_used, v_used
    full = float(sum(p[s] * float(value(np.eye(n)[s])) for s in range(n)))
    return InformationDesignResult(
        experiment=exp, prior=p, posteriors=post, signal_probabilities=py,
        signal_values=sig_vals, value=float(py @ sig_vals), sense=sense,
        value_no_information=float(value(p)), value_full_information=full,
        method="concavification LP on a grid",
        options={"grid": grid, "breakpoints": bps.tolist(), "least_informative": least_informative,
                 "lp": "scipy HiGHS"},
    )


def experiment_value(
    experiment: InformationStructure,
    prior: ArrayLike,
    value: Callable[[NDArray[np.float64]], float] | None = None,
    *,
    receiver_payoffs: ArrayLike | None = None,
    designer_values: ArrayLike | None = None,
    sense: str = "min",
    actions: Sequence[str] | None = None,
) -> InformationDesignResult:
    """The designer's expected value under a *given* experiment.

    ``sum_y P(y) v(mu_y)`` for a callable ``value``; for a finite action problem the receiver
    best-responds to each posterior, ties broken toward the designer's ``sense`` (``"min"``:
    the action with the lower designer value, e.g. the peaceful one).
    """
    if not isinstance(experiment, InformationStructure):
        raise TypeError(f"`experiment` must be an InformationStructure (got {type(experiment).__name__})")
    p = experiment.check_prior(prior)
    sense = _check_sense(sense)
    finite = receiver_payoffs is not None or designer_values is not None
    if finite and value is not None:
        raise TypeError("give either `value` (a callable) or `receiver_payoffs` and `designer_values`, not both")
    py, post = experiment.posteriors(p)
    n = p.size
    if finite:
        if receiver_payoffs is None or designer_values is None:
            missing = "receiver_payoffs" if receiver_payoffs is None else "designer_values"
            raise TypeError(f"`{missing}` is required for a finite action problem")
        u, v, names = _check_action_problem(p, receiver_payoffs, designer_values, actions)
        idx = [_best_action(mu, u, v, sense) for mu in post]
        sig_vals = np.array([post[k] @ v[:, a] for k, a in enumerate(idx)])
        acts = tuple(names[a] for a in idx)
        no_info = _value_at(p, u, v, sense)
        full = float(sum(p[s] * _value_at(np.eye(n)[s], u, v, sense) for s in range(n)))
    else:
        if value is None or not callable(value):
            raise TypeError("give `value` (a callable on beliefs) or `receiver_payoffs` and `designer_values`")
        sig_vals = np.array([float(value(mu)) for mu in post])
        acts = ()
        no_info = float(value(p))
        full = float(sum(p[s] * float(value(np.eye(n)[s])) for s in range(n)))
    return InformationDesignResult(
        experiment=experiment, prior=p, posteriors=post, signal_probabilities=py,
        signal_values=sig_vals, value=float(py @ sig_vals), sense=sense,
        value_no_information=no_info, value_full_information=full, actions=acts,
        method="given experiment",
    )


def blackwell_compare(first: InformationStructure, second: InformationStructure) -> BlackwellComparison:
    """Compare two experiments in Blackwell's order (garbling LPs in both directions)."""
    for name, e in (("first", first), ("second", second)):
        if not isinstance(e, InformationStructure):
            raise TypeError(f"`{name}` must be an InformationStructure (got {type(e).__name__})")
    g12 = first.garbling_to(second)
    g21 = second.garbling_to(first)
    return BlackwellComparison(g12 is not None, g21 is not None, g12, g21)
