r"""Recursive inspection game: n periods, k inspections, at most one violation (Dresher 1962).

See :class:`InspectionRepeated` (``inspection_repeated``) and the solver-level functions
:func:`inspection_value`, :func:`inspection_recursion`.

References
----------
Dresher, M. (1962). *A sampling inspection problem in arms control agreements: a
game-theoretic analysis*. Memorandum RM-2972-ARPA, RAND Corporation.
von Stengel, B. (2016). Recursive inspection games. *Mathematics of Operations Research*
41(3), 935-952 (arXiv:1412.0129).
Avenhaus, R., von Stengel, B. and Zamir, S. (2002). Inspection games. *Handbook of Game
Theory* vol. 3, ch. 51.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import comb, gammaln

from .._validation import IntegerRange, Interval, ParameterError, as_rng, check_scalar
from ..results import Result
from ._base import ArraySolution, Model, Parameter

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = ["InspectionRepeated", "inspection_value", "inspection_recursion", "InspectionTables",
           "simulate_inspection"]

POS = Interval(0.0, np.inf, low_closed=False)
MAX_PERIODS = 2000  # the recursion streams periods: n vector steps over k, memory O(k) per distinct b (n = k = 2000: seconds)


def inspection_value(n: ArrayLike, k: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    r"""Closed form v(n, k) = C(n-1, k) / sum_{i=0..k} C(n, i) b^{k-i} (von Stengel 2016).

    Boundary: v(n, 0) = 1 for n >= 1, v(n, k) = 0 for k >= n (and for n = 0). For b = 1 this
    is Dresher's (1962) value. Vectorized over broadcast arrays.
    """
    n, k, b = np.broadcast_arrays(np.asarray(n, float), np.asarray(k, float), np.asarray(b, float))
    if n.size == 0:
        return np.zeros(n.shape)
    # directly where the binomial sum fits a float; else in logarithms (C(n, i) b^(k-i)
    # overflows from n ~ 1030, or sooner for large b)
    kmax = int(np.max(k))
    small = (n <= 1000) & (k <= 1000)
    den = np.zeros(n.shape)
    if small.any():
        ks = np.where(small, k, 0.0)
        with np.errstate(over="ignore", invalid="ignore"):
            for i in range(int(ks.max()) + 1):
                den = den + np.where(i <= ks, comb(n, i) * b ** np.maximum(ks - i, 0), 0.0)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        v = comb(n - 1, k) / den
    big = ~(small & np.isfinite(den) & np.isfinite(v) & (den > 0))
    if big.any():
        v = np.where(big, _log_space_value(n, k, b, big, kmax), v)
    return np.where(n >= 1, np.where(k >= n, 0.0, v), 0.0)


def _log_space_value(n: NDArray, k: NDArray, b: NDArray, where: NDArray, kmax: int) -> NDArray:
    """v(n, k) in logarithms at the points ``where``: with sum_{i<=k} C(n, i) b^(k-i) =
    b^k sum_{i<=k} C(n, i) b^(-i), one cumulative log-sum-exp per distinct (n, b) serves every k."""
    nn = np.maximum(n[where], 1.0)
    kw = k[where]
    pairs, inv = np.unique(np.column_stack([nn, b[where]]), axis=0, return_inverse=True)
    i = np.arange(kmax + 1.0)
    logb = np.log(pairs[:, 1])
    cum = np.logaddexp.accumulate(_log_comb(pairs[:, :1], i[None, :]) - i[None, :] * logb[:, None], axis=1)
    kk = np.clip(kw, 0, kmax).astype(int)
    inv = inv.reshape(-1)
    out = np.zeros(n.shape)
    with np.errstate(invalid="ignore"):
        out[where] = np.exp(_log_comb(nn - 1, kw) - (kk * logb[inv] + cum[inv, kk]))
    return out


def _log_comb(n: NDArray, k: ArrayLike) -> NDArray:
    """``log C(n, k)`` for 0 <= k <= n (``-inf`` outside)."""
    k = np.asarray(k, float)
    with np.errstate(invalid="ignore"):
        out = gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)
    return np.where((k >= 0) & (k <= n), out, -np.inf)


@dataclass(frozen=True, eq=False)
class InspectionTables(Result):
    """Backward-recursion tables indexed ``[..., n, k]`` (leading axes: the points of ``b``).

    ``value``: v(n, k); ``inspect`` / ``violate``: the stage equilibrium probabilities of
    inspecting and violating at state (n, k); ``p_violation`` / ``p_caught``: probability,
    from state (n, k) on, that a violation occurs / is caught on the equilibrium path.

    Attributes
    ----------
    value, inspect, violate : ndarray
        ``v(n, k)`` and the stage probabilities of inspecting and violating.
    p_violation, p_caught : ndarray
        Path probabilities of a violation / a caught violation from ``(n, k)`` on.
    """

    value: NDArray[np.float64]
    inspect: NDArray[np.float64]
    violate: NDArray[np.float64]
    p_violation: NDArray[np.float64]
    p_caught: NDArray[np.float64]


def inspection_recursion(n_max: int, k_max: int, b: ArrayLike) -> InspectionTables:
    r"""Solve every state (n, k), n <= n_max, k <= k_max, by the recursion of 2x2 zero-sum games.

    State (n, k): rows (legal, violate) for the inspectee (maximiser), columns (inspect, not).
    Stage matrix [[v(n-1, k-1), v(n-1, k)], [-b, 1]]. With x = v(n-1, k-1), y = v(n-1, k),
    den = x - y + 1 + b (no saddle point when 0 < k < n): value (x + b y)/den, inspect with
    probability r = (1 - y)/den, violate with s = (x - y)/den.
    Boundaries: k = 0 -> violate for sure, undetected (value 1); k >= n -> inspect every
    period, the inspectee stays legal (value 0).

    Path probabilities (backward): P_V(n,k) = s + (1-s)[r P_V(n-1,k-1) + (1-r) P_V(n-1,k)],
    P_C(n,k) = s r + (1-s)[r P_C(n-1,k-1) + (1-r) P_C(n-1,k)].
    """
    b = np.asarray(b, dtype=float)
    shape = b.shape + (n_max + 1, k_max + 1)
    V, R, Sv, PV, PC = (np.zeros(shape) for _ in range(5))
    for n, row in _rows(n_max, k_max, b):
        V[..., n, :], R[..., n, :], Sv[..., n, :], PV[..., n, :], PC[..., n, :] = row
    return InspectionTables(V, R, Sv, PV, PC)


def _rows(n_max: int, k_max: int, b: NDArray) -> Iterator[tuple[int, tuple[NDArray, ...]]]:
    """The recursion of :func:`inspection_recursion` one period at a time.

    Yields ``(n, (V, R, S, P_V, P_C))`` for n = 1..n_max, each of shape ``b.shape + (k_max + 1,)``,
    from the previous row only: memory O(len(b) k_max) whatever n_max, and the interior
    states 1 <= k < n of a row computed at once.
    """
    shape = b.shape + (k_max + 1,)
    V, PV, PC = np.zeros(shape), np.zeros(shape), np.zeros(shape)  # row n = 0
    bb = b[..., None]
    for n in range(1, n_max + 1):
        V1, R1, S1, PV1, PC1 = (np.zeros(shape) for _ in range(5))
        # k = 0: violate surely, never inspected; k >= n: inspect every remaining period
        V1[..., 0], S1[..., 0], PV1[..., 0] = 1.0, 1.0, 1.0
        R1[..., n:] = 1.0
        top = min(n - 1, k_max)
        if top >= 1:
            x, y = V[..., 0:top], V[..., 1:top + 1]
            den = x - y + 1 + bb
            r, s = (1 - y) / den, (x - y) / den
            V1[..., 1:top + 1] = (x + bb * y) / den
            R1[..., 1:top + 1], S1[..., 1:top + 1] = r, s
            PV1[..., 1:top + 1] = s + (1 - s) * (r * PV[..., 0:top] + (1 - r) * PV[..., 1:top + 1])
            PC1[..., 1:top + 1] = s * r + (1 - s) * (r * PC[..., 0:top] + (1 - r) * PC[..., 1:top + 1])
        V, PV, PC = V1, PV1, PC1
        yield n, (V1, R1, S1, PV1, PC1)


def simulate_inspection(n: int, k: int, b: float, runs: int = 100_000,
                        seed: int | np.random.Generator | None = None) -> dict[str, float]:
    """Monte Carlo of the equilibrium path from (n, k): frequencies of violation and of being caught.

    Both players randomise independently each period with the stage probabilities of
    :func:`inspection_recursion`; vectorized over ``runs``.
    """
    n = int(check_scalar("n", n, IntegerRange(1, MAX_PERIODS)))
    k = int(check_scalar("k", k, IntegerRange(0, MAX_PERIODS)))
    b = check_scalar("b", b, POS)
    runs = int(check_scalar("runs", runs, IntegerRange(1, 10**7)))
    rng = as_rng(seed)
    tab = inspection_recursion(n, k, b)
    nn = np.full(runs, n)
    kk = np.full(runs, k)
    active = np.ones(runs, dtype=bool)
    violated = np.zeros(runs, dtype=bool)
    caught = np.zeros(runs, dtype=bool)
    payoff = np.zeros(runs)
    for _ in range(n):
        u = rng.random((2, runs))
        insp = u[0] < tab.inspect[nn, kk]
        viol = u[1] < tab.violate[nn, kk]
        now = active & viol
        violated |= now
        caught |= now & insp
        payoff[now & insp] = -b
        payoff[now & ~insp] = 1.0
        active &= ~viol
        kk = np.where(active & insp, kk - 1, kk)
        nn = np.where(active, nn - 1, nn)
        active &= nn > 0
    return {"p_violation": float(violated.mean()), "p_caught": float(caught.mean()),
            "mean_payoff": float(payoff.mean()), "se_payoff": float(payoff.std(ddof=1) / np.sqrt(runs))}


class InspectionRepeated(Model):
    r"""Dresher / von Stengel recursive inspection game over n periods with k inspections.

    An inspectee (a state under an arms-control agreement) may violate in at most one of n
    periods; an inspector has k <= n inspections. A violation in an inspected period is
    caught (inspectee payoff -b, the *accountability* penalty); an uninspected violation
    pays +1; staying legal throughout pays 0. The game is zero-sum and recursive: state
    (n, k) is the 2x2 game [[v(n-1, k-1), v(n-1, k)], [-b, 1]] (rows legal / violate,
    columns inspect / not). Its value has the closed form (von Stengel 2016; Dresher 1962
    for b = 1)

    .. math:: v(n, k) = \binom{n-1}{k} \Big/ \sum_{i=0}^{k} \binom{n}{i} b^{k-i},

    which the solve checks against the recursion (the certificate). Stage strategies at
    (n, k): inspect with r = (1 - y)/den, violate with s = (x - y)/den, x = v(n-1,k-1),
    y = v(n-1,k), den = x - y + 1 + b. Outcomes on the equilibrium path: ``compliance``
    (never violates), ``violation_undetected`` and ``violation_caught``; escalation is a
    *caught violation* (a verified breach that becomes a crisis), as in ``inspection_roc``
    where escalation is an alarm.

    Provenance: **paper-faithful** (Dresher 1962; von Stengel
    1991/2016). Aliases: *sequential inspection game*, *Dresher's game*, *recursive
    inspection game*, *customs / arms-control sampling*. The equilibrium is unique in the
    interior states (each stage game has no saddle point when 0 < k < n). Ties do not arise.
    """

    id = "inspection_repeated"
    title = "Recursive inspection game: n periods, k inspections (Dresher / von Stengel)"
    provenance = "paper-faithful"
    references = (
        "Dresher1962: A sampling inspection problem in arms control agreements. RAND RM-2972-ARPA.",
        "vonStengel2016: Recursive inspection games. Mathematics of Operations Research 41(3):935-952.",
        "AvenhausVonStengelZamir2002: Inspection games. Handbook of Game Theory 3, ch. 51.",
    )
    parameters = (
        Parameter("n", 10, IntegerRange(1, MAX_PERIODS), "number of periods", "n", role="horizon"),
        Parameter("inspections", 3, IntegerRange(0, MAX_PERIODS), "number of inspections available (inspections <= n)", "k",
                  information=True, role="count", former=("k",)),
        Parameter("b", 1.0, POS, "inspectee's penalty when a violation is caught (accountability)", "b", role="cost"),
    )
    outcomes = ("compliance", "violation_undetected", "violation_caught")
    escalatory = ("violation_caught",)
    flags = ()
    method = "closed form v(n,k) (von Stengel 2016) checked against the recursion of 2x2 zero-sum games"

    def _check_arrays(self, p: dict[str, np.ndarray]) -> None:
        self._require(p["inspections"] <= p["n"], "inspections", p["inspections"], "0 <= inspections <= n", "there cannot be more inspections than periods")

    def _tables(self, n: NDArray, k: NDArray, b: NDArray) -> dict[str, NDArray]:
        n = n.astype(int)
        k = k.astype(int)
        # one recursion per distinct b, streamed by period: each point's state is read off
        # when the recursion reaches its n (memory O(distinct b x max k), not x max n)
        ub, inv = np.unique(b, return_inverse=True)
        inv = inv.reshape(-1)
        names = ("recursion_value", "inspect_probability", "violate_probability", "p_violation", "p_caught")
        out = {name: np.zeros(n.shape) for name in names}
        for m, row in _rows(int(n.max()), int(k.max()), ub):
            at = np.flatnonzero(n == m)
            for name, table in zip(names, row, strict=True):
                out[name][at] = table[inv[at], k[at]]
        out["value"] = inspection_value(n, k, b)
        return out

    def _outcomes(self, t: dict[str, NDArray]) -> dict[str, NDArray]:
        return {"compliance": 1 - t["p_violation"],
                "violation_undetected": t["p_violation"] - t["p_caught"],
                "violation_caught": t["p_caught"]}

    def _solve_arrays(self, p: dict[str, np.ndarray]) -> ArraySolution:
        t = self._tables(p["n"], p["inspections"], p["b"])
        o = self._outcomes(t)
        n = p["n"].size
        quant = {k: t[k] for k in ("value", "inspect_probability", "violate_probability", "p_violation", "p_caught")}
        return ArraySolution(
            valid=np.ones((n, 1), dtype=bool),
            labels=np.where((p["inspections"] > 0) & (p["inspections"] < p["n"]), "mixed", "pure").astype(object)[:, None],
            outcomes={k: v[:, None] for k, v in o.items()},
            quantities={k: v[:, None] for k, v in quant.items()},
        )

    SYMBOLIC_MAX_PERIODS = 5
    """Largest n listed by :meth:`symbolic` (one regime per (n, k), 0 <= k <= n)."""

    def symbolic(self, max_periods: int = SYMBOLIC_MAX_PERIODS) -> SymbolicForm:
        """One regime per (n, k), n <= ``max_periods``: rational functions of b.

        v(n, k) is von Stengel's closed form C(n-1, k) / sum_{i<=k} C(n, i) b^(k-i) (it is
        *not* derived from the recursion, so the generic test checks the closed form against
        the numeric recursion). The stage strategies r = (1-y)/den, s = (x-y)/den and the
        path probabilities P_V, P_C (hence the outcomes and the escalation probability P_C)
        are the backward recursion carried out in exact arithmetic in b, cancelled to one
        rational function per state. n and k are integers, fixed per regime (``choices``);
        only b is differentiated.
        """
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        b = model_symbols(self)["b"]

        def v(n: int, k: int):
            if n < 1 or k >= n:
                return sp.Integer(0)
            return sp.binomial(n - 1, k) / sum(sp.binomial(n, i) * b ** (k - i) for i in range(k + 1))

        PV: dict[tuple[int, int], sp.Expr] = {}
        PC: dict[tuple[int, int], sp.Expr] = {}
        for n in range(0, max_periods + 1):
            for k in range(0, n + 1):
                if n == 0 or k == n:
                    PV[n, k] = PC[n, k] = sp.Integer(0)
                elif k == 0:
                    PV[n, k], PC[n, k] = sp.Integer(1), sp.Integer(0)
                else:
                    x, y = v(n - 1, k - 1), v(n - 1, k)
                    den = x - y + 1 + b
                    r, s_ = (1 - y) / den, (x - y) / den
                    PV[n, k] = sp.cancel(s_ + (1 - s_) * (r * PV[n - 1, k - 1] + (1 - r) * PV[n - 1, k]))
                    PC[n, k] = sp.cancel(s_ * r + (1 - s_) * (r * PC[n - 1, k - 1] + (1 - r) * PC[n - 1, k]))
        regimes = []
        for n in range(1, max_periods + 1):
            for k in range(0, n + 1):
                if k == 0:
                    r, s_ = sp.Integer(0), sp.Integer(1)
                elif k == n:
                    r, s_ = sp.Integer(1), sp.Integer(0)
                else:
                    x, y = v(n - 1, k - 1), v(n - 1, k)
                    r, s_ = sp.cancel((1 - y) / (x - y + 1 + b)), sp.cancel((x - y) / (x - y + 1 + b))
                eq = {ESCALATION: PC[n, k], "violation_caught": PC[n, k],
                      "violation_undetected": sp.cancel(PV[n, k] - PC[n, k]), "compliance": 1 - PV[n, k],
                      "value": sp.cancel(v(n, k)), "inspect_probability": r, "violate_probability": s_,
                      "p_violation": PV[n, k], "p_caught": PC[n, k]}
                kind = "mixed" if 0 < k < n else "pure"
                regimes.append(Regime(f"n={n}, k={k}", (), (eq,), (kind,), choices={"n": n, "inspections": k},
                                      description=f"{n} periods, {k} inspections"))
        return SymbolicForm.build(self, regimes, sampling={"b": (0.0, 5.0)})

    def _solve(self, p: dict[str, Any]) -> list:
        arr = {k: np.atleast_1d(np.asarray(p[k], dtype=float)) for k in ("n", "inspections", "b")}
        t = self._tables(arr["n"], arr["inspections"], arr["b"])
        o = self._outcomes(t)
        n, k = int(p["n"]), int(p["inspections"])
        quant = {q: float(t[q][0]) for q in ("value", "inspect_probability", "violate_probability",
                                              "p_violation", "p_caught")}
        if not quant["value"] == quant["value"]:  # pragma: no cover - closed form is finite
            raise ParameterError("b", p["b"], "b > 0")
        return [self._equilibrium(
            "mixed" if 0 < k < n else "pure",
            {key: float(v[0]) for key, v in o.items()},
            strategies={"inspect_first_period": quant["inspect_probability"],
                        "violate_first_period": quant["violate_probability"]},
            quantities=quant,
            certificate={"closed_form_minus_recursion": float(t["value"][0] - t["recursion_value"][0])},
        )]
