"""Trust built over repeated low-stakes contacts (Kydd-style K1 + K3).

Provenance: **reconstruction** (a minimal model built in the
spirit of Kydd 2000, *IO* 54:325-357, "Trust, Reassurance, and Cooperation"; Kydd 2005). Do
not cite it as Kydd's model.

K1, one-shot security dilemma with types (payoffs CC (1,1), DD (0,0), CD (-c, t_j)). A
trustworthy type (t_T < 1) cooperates iff Pr(other cooperates) >= pi* = c/(1 + c - t_T); an
untrustworthy type (t > 1) always defects. The cooperative equilibrium exists iff
trust >= pi*; the all-defect equilibrium exists for every trust level.

K3, trust built by contacts. Before the high-stakes game, the two sides meet in up to
``horizon`` low-stakes contacts. In each a trustworthy type complies and an untrustworthy
type (myopic) does not; each side observes the other's compliance correctly with
probability ``lam`` (the transparency of the contact), so trust log-odds move by
+-L, L = ln(lam/(1-lam)). Trust is reached after m* net favourable observations,

    m* = ceil((logit pi* - logit pi0) / L)           (0 if pi0 >= pi*),

and then that side cooperates in the high-stakes game. Closed forms (horizon -> infinity):
E[rounds to trust | trustworthy rival] = m*/(2 lam - 1) (Wald) and
P(misplaced trust | untrustworthy rival) = ((1-lam)/lam)^m* (gambler's ruin). For a finite
horizon the probabilities r_H = P(trust within H | trustworthy) and m_H = P(trust within H |
untrustworthy) come from the exact first-passage recursion of the +-1 walk (vectorized),
and a seeded Monte Carlo (:func:`simulate_trust`) checks them. The symbolic form
(:meth:`TrustBuilding.symbolic`) writes them in closed form for every H by the reflection
principle (binomial tails, i.e. regularized incomplete beta functions).

Outcomes of the high-stakes game after the contacts (two sides, independent types with
Pr(trustworthy) = pi0, independent observations):

* ``cooperation`` (both trustworthy and both reached trust): pi0^2 r_H^2;
* ``exploitation`` (a trustworthy side trusts an untrustworthy one: misplaced trust):
  2 pi0 (1-pi0) m_H;
* ``mutual_defection``: the rest.

Escalatory: ``exploitation`` and ``mutual_defection`` (conflict = no mutual cooperation).
With m* = 0 this reduces to K1: P(conflict) = 1 - pi0^2.

Equilibria: ``trust-building`` (the strategies above) whenever pi* < 1 (t_T < 1), and
``all-defect`` (nobody ever cooperates, P(conflict) = 1) always.

Aliases: reassurance game, assurance game / stag hunt with types (Kydd 2000); security
dilemma with incomplete information; confidence-building measures (CBMs).

Ties: a trustworthy side at exactly pi* cooperates (peaceful tie-break), and m* uses a
tolerance of 1e-12 before rounding up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .._validation import IntegerRange, Interval, ParameterError, as_rng
from ..results import Result
from ._base import ArraySolution, Model, Parameter

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = ["TrustBuilding", "trust_threshold", "steps_to_trust", "first_passage_within",
           "simulate_trust", "TrustSimulation"]


def trust_threshold(c, t_T):
    """pi* = c / (1 + c - t_T) (K1); vectorized."""
    c, t_T = np.asarray(c, float), np.asarray(t_T, float)
    return c / (1.0 + c - t_T)


def _logit(p):
    return np.log(p) - np.log1p(-p)


def steps_to_trust(pi0, pi_star, lam):
    """m* = ceil((logit pi* - logit pi0)/ln(lam/(1-lam))), 0 if pi0 >= pi*; vectorized ints."""
    pi0, pi_star = np.asarray(pi0, float), np.asarray(pi_star, float)
    return _steps(_logit(pi_star) - _logit(pi0), lam)


def _threshold_log_odds(c, t_T):
    """logit pi* = ln c - ln(1 - t_T): exact where pi* = c / (1 + c - t_T) rounds to 1
    (c near 1e300, t_T just below 1)."""
    return np.log(np.asarray(c, float)) - np.log1p(-np.asarray(t_T, float))


def _steps(gap, lam):
    """m* = ceil(gap / ln(lam/(1-lam))) for the log-odds gap ``logit pi* - logit pi0``, 0 if the
    gap is <= 0; capped at 2^62 (a walk that long never arrives within a horizon <= 5000)."""
    gap, lam = np.asarray(gap, float), np.asarray(lam, float)
    m = np.ceil(gap / np.log(lam / (1 - lam)) - 1e-12)
    return np.where(gap <= 0, 0, np.clip(m, 0, 2.0**62)).astype(np.int64)


def first_passage_within(m, up, horizon):
    """P(a +-1 walk with up-probability ``up`` gains ``m`` net steps within ``horizon`` steps).

    Exact recursion over the distance still to go, vectorized over points (``m``, ``up``,
    ``horizon`` broadcast to 1-d arrays).
    """
    m, up, horizon = np.broadcast_arrays(np.asarray(m, int), np.asarray(up, float), np.asarray(horizon, int))
    m, up, horizon = m.ravel(), up.ravel(), horizon.ravel()
    n = m.size
    if n == 0:
        return np.zeros(0)
    Hmax = int(horizon.max()) if n else 0
    m = np.minimum(m, Hmax + 1)  # a walk more than Hmax steps away never arrives: same answer, smaller state
    D = int(m.max()) + Hmax + 2
    P = np.zeros((n, D))
    P[np.arange(n), m] = 1.0  # distance to go
    hit = (m == 0).astype(float)
    P[:, 0] = 0.0
    out = np.where(horizon == 0, hit, 0.0)
    u = up[:, None]
    for t in range(1, Hmax + 1):
        new = np.zeros_like(P)
        new[:, :-1] += u * P[:, 1:]          # one step closer
        new[:, 1:] += (1 - u) * P[:, :-1]    # one step further
        hit = hit + new[:, 0]
        new[:, 0] = 0.0
        P = new
        out = np.where(horizon == t, hit, out)
    return out


@dataclass(frozen=True, eq=False)
class TrustSimulation(Result):
    """Seeded Monte Carlo of trust building (see :func:`simulate_trust`).

    Attributes
    ----------
    mean_rounds_trustworthy, se_rounds_trustworthy : float
        Mean number of rounds of trust with a trustworthy partner, and its standard error.
    p_misplaced_trust, se_misplaced_trust : float
        Frequency of trust placed in an untrustworthy partner, and its standard error.
    n, max_rounds : int
        Simulated runs and rounds per run.
    seed : int or None
        The seed.
    """

    mean_rounds_trustworthy: float
    se_rounds_trustworthy: float
    p_misplaced_trust: float
    se_misplaced_trust: float
    n: int
    seed: int | None
    max_rounds: int

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def simulate_trust(lam: float, pi0: float, pi_star: float, n: int = 100_000, seed: int | None = 0,
                   max_rounds: int = 2000) -> TrustSimulation:
    """Simulate Bayesian log-odds updating directly (not the +-1 walk) for both rival types.

    Rounds to trust for a trustworthy rival (censored at ``max_rounds``) and the frequency of
    misplaced trust (untrustworthy rival judged trustworthy within ``max_rounds``). A walker
    that falls 40 log-odds steps below the target is stopped as never trusting (its chance
    of coming back is below ((1-lam)/lam)**40).
    """
    for name, v in (("lam", lam), ("pi0", pi0), ("pi_star", pi_star)):
        if not 0 < float(v) < 1:
            raise ParameterError(name, v, f"0 < {name} < 1")
    if not 0.5 < lam < 1:
        raise ParameterError("lam", lam, "0.5 < lam < 1", "observations must be informative")
    if int(n) < 1 or int(n) > 200_000:
        raise ParameterError("n", n, "1 <= n <= 200000")
    rng = as_rng(seed)
    target = np.log(pi_star / (1 - pi_star))
    L = np.log(lam / (1 - lam))
    res = []
    for comply_p in (lam, 1 - lam):  # trustworthy rival, untrustworthy rival
        x = np.full(n, np.log(pi0 / (1 - pi0)))
        done = x >= target - 1e-12
        rounds = np.where(done, 0, max_rounds)
        for t in range(1, max_rounds + 1):
            active = ~done
            if not active.any():
                break
            obs = rng.random(active.sum()) < comply_p
            x[active] += np.where(obs, L, -L)
            newly = active.copy()
            newly[active] = x[active] >= target - 1e-9
            rounds = np.where(newly, t, rounds)
            done |= newly
            # a walker 40 steps below the target returns with probability < ((1-lam)/lam)^40:
            # stop it (counted as never trusting) to keep the simulation short
            lost = ~done & (x < target - 40 * L)
            done |= lost
            rounds = np.where(lost, max_rounds, rounds)
        done &= rounds < max_rounds
        res.append((rounds, done))
    r_T, _ = res[0]
    _, d_U = res[1]
    return TrustSimulation(float(r_T.mean()), float(r_T.std() / np.sqrt(n)), float(d_U.mean()),
                           float(d_U.std() / np.sqrt(n)), int(n), seed if isinstance(seed, int) else None,
                           int(max_rounds))


class TrustBuilding(Model):
    """Kydd-style trust building (reconstruction); see the module docstring."""

    id = "trust_building"
    title = "Trust built over repeated low-stakes contacts with noisy observation (Kydd-style)"
    provenance = "reconstruction"
    references = (
        "Kydd2000: Kydd, Trust, reassurance, and cooperation, International Organization 54:325-357",
        "Kydd2005: Kydd, Trust and Mistrust in International Relations, Princeton UP",
    )
    parameters = (
        Parameter("pi0", 0.3, Interval(0.0, 1.0, False, False),
                  "initial trust: prior probability that the rival is the trustworthy type", "pi_0", role="prior"),
        Parameter("c", 1.0, Interval(0.0, np.inf, low_closed=False),
                  "cost of cooperating against a defector (CD gives -c)", "c", role="cost"),
        Parameter("t_T", 0.5, Interval(-np.inf, 1.0, high_closed=False),
                  "trustworthy type's payoff from defecting on a cooperator (t_T < 1)", "t_T", role="payoff"),
        Parameter("rho", 0.7, Interval(0.5, 1.0, False, False),
                  "accuracy of each low-stakes observation (transparency of a contact)", "lambda",
                  information=True, role="signal_accuracy", former=("lam",)),
        Parameter("horizon", 50, IntegerRange(0, 5000), "number of low-stakes contacts before the high-stakes game", "H", role="horizon"),
    )
    outcomes = ("cooperation", "exploitation", "mutual_defection")
    escalatory = ("exploitation", "mutual_defection")
    flags = ("all_defect", "most_peaceful")

    SYMBOLIC_SAMPLING = {"c": (0.0, 3.0), "t_T": (-2.0, 1.0), "horizon": (0, 200)}
    """Boxes in which the symbolic form's tests draw c, t_T (unbounded) and H (0..200 of 0..5000)."""

    def symbolic(self) -> SymbolicForm:
        r"""Closed forms for every horizon H and every m*: regimes ``m*=0``, ``1<=m*<H``, ``m*=H``, ``m*>H``.

        m* = ceil(rho), rho = (logit pi* - logit pi0) / ln(lam/(1-lam)) (m* = 0 if
        pi0 >= pi*), is an integer step function of the parameters: a step symbol
        (``steps``), piecewise constant, so derivatives are taken between its jumps. The
        horizon H is an integer symbol. The probability that a +-1 walk with up-probability
        u first gains m >= 1 net steps within H steps is, by the reflection principle
        (reflect a path that touches m and ends at k < m after its first visit to m: it ends
        at 2m - k > m and its probability is multiplied by (u/(1-u))^(m-k)),

        .. math:: r_H(u) = \Pr\left(X \ge \tfrac{H+m}{2}\right)
                  + \left(\tfrac{u}{1-u}\right)^m \Pr\left(Y > \tfrac{H+m}{2}\right),
                  \quad X \sim \mathrm{Bin}(H, u),\ Y \sim \mathrm{Bin}(H, 1-u),

        with binomial tails as regularized incomplete beta functions,
        Pr(X >= a) = I_u(a, H - a + 1) for 1 <= a <= H (sympy ``betainc_regularized``,
        evaluated by ``scipy.special.betainc``): a = ceil((H+m)/2) and, for the second
        term, a' = floor((H+m)/2) + 1 <= H when m < H. At m = H the second term is 0 and
        r_H = u^H (its own regime ``m*=H``, written as m* >= H and m* <= H: an integer
        equality, not a knife edge), r_H = 1 if m* = 0 and 0 if m* > H;
        r_H = r_H(lam), m_H = r_H(1 - lam).

        Covered: every H in the domain (0..5000) by the same expressions. The generic test
        draws H in 0..200 (``SYMBOLIC_SAMPLING``); :mod:`tests.unit.test_trust_building_symbolic`
        checks horizons up to 5000 at a few points (the model's exact recursion costs
        O(H^2) per point). Not covered: the derivative's factor u^(a-1)(1-u)^(b-1)/B(a, b)
        is evaluated term by term, so it under/overflows in floating point for H in the
        thousands (B(a, b) < 1e-308); signs are sampled for H <= 200. The tie convention
        (m* rounds rho up with a tolerance of 1e-12) differs from the exact ceiling only
        within 1e-12 of a jump of m*, a set the random test points miss.
        """
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        sy = model_symbols(self, integers=("horizon",))
        pi0, c, t_T, lam, H = sy["pi0"], sy["c"], sy["t_T"], sy["rho"], sy["horizon"]
        pi_star = c / (1 + c - t_T)
        L = sp.log(lam / (1 - lam))
        rho = (sp.log(pi_star / (1 - pi_star)) - sp.log(pi0 / (1 - pi0))) / L
        m = sp.Symbol("m_star", integer=True, nonnegative=True)
        m_def = sp.Piecewise((0, sp.Ge(pi0, pi_star)), (sp.ceiling(rho), True))

        def tail(a, u):  # Pr(Bin(H, u) >= a), 1 <= a <= H
            return sp.betainc_regularized(a, H - a + 1, 0, u)

        def reach(u):  # r_H(u) for 1 <= m* < H (reflection principle); then ceil((H+m)/2) <= floor((H+m)/2) + 1 <= H
            a, a2 = sp.ceiling((H + m) / 2), sp.floor((H + m) / 2) + 1
            return tail(a, u) + (u / (1 - u)) ** m * tail(a2, 1 - u)

        def equilibria(rH, mH):
            coop, expl = pi0**2 * rH**2, 2 * pi0 * (1 - pi0) * mH
            common = {"pi_star": pi_star, "m_star": m, "log_odds_step": L}
            trust = {ESCALATION: 1 - coop, "cooperation": coop, "exploitation": expl,
                     "mutual_defection": 1 - coop - expl, "prob_conflict": 1 - coop,
                     "p_misplaced_trust": ((1 - lam) / lam) ** m,
                     "expected_rounds_to_trust": m / (2 * lam - 1),
                     "p_trust_within_horizon": rH, "p_misplaced_within_horizon": mH, **common}
            defect = {ESCALATION: 1, "cooperation": 0, "exploitation": 0, "mutual_defection": 1,
                      "prob_conflict": 1, "p_misplaced_trust": 0,
                      "p_trust_within_horizon": 0, "p_misplaced_within_horizon": 0, **common}
            return (trust, defect)

        labels = ("trust-building", "all-defect")
        regimes = [
            Regime("m*=0", (sp.Ge(pi0, pi_star),), equilibria(sp.Integer(1), sp.Integer(1)), labels,
                   description="initial trust suffices: both trustworthy types cooperate at once (K1)"),
            Regime("1<=m*<H", (sp.Lt(pi0, pi_star), sp.Lt(m, H)), equilibria(reach(lam), reach(1 - lam)), labels,
                   description="trust after m* net favourable observations, reachable within H contacts"),
            # m* = H (integers: both inequalities, not a knife edge): only the all-favourable path arrives
            Regime("m*=H", (sp.Lt(pi0, pi_star), sp.Ge(m, H), sp.Le(m, H)), equilibria(lam**H, (1 - lam) ** H),
                   labels, description="trust needs every one of the H contacts to look favourable"),
            Regime("m*>H", (sp.Lt(pi0, pi_star), sp.Gt(m, H)), equilibria(sp.Integer(0), sp.Integer(0)), labels,
                   description="H contacts cannot build trust: m* > H, only K1 cooperation is lost"),
        ]
        return SymbolicForm.build(self, regimes, sampling=self.SYMBOLIC_SAMPLING, steps={m: m_def})

    def _solve(self, p):
        arr = self._solve_arrays({k: np.atleast_1d(np.asarray(v, float)) for k, v in p.items()})
        eqs = []
        for j in range(arr.valid.shape[1]):
            if not arr.valid[0, j]:
                continue
            q = {k: float(v[0, j]) for k, v in arr.quantities.items()}
            label = str(arr.labels[0, j])
            eqs.append(self._equilibrium(
                label, {o: float(arr.outcomes[o][0, j]) for o in self.outcomes}, quantities=q,
                strategies={"trustworthy_cooperates_after_net_signals": q["m_star"] if j == 0 else -1,
                            "untrustworthy": "defect"},
                flags={f: bool(v[0, j]) for f, v in arr.flags.items()}))
        return eqs

    def _solve_arrays(self, p):
        pi0, c, t_T, lam, H = p["pi0"], p["c"], p["t_T"], p["rho"], p["horizon"].astype(int)
        n = pi0.size
        pi_star = trust_threshold(c, t_T)
        m = _steps(_threshold_log_odds(c, t_T) - _logit(pi0), lam)
        rH = first_passage_within(m, lam, H)
        mH = first_passage_within(m, 1 - lam, H)
        coop = pi0**2 * rH**2
        expl = 2 * pi0 * (1 - pi0) * mH
        mutual = 1 - coop - expl
        valid = np.ones((n, 2), bool)  # pi* < 1 for every c > 0, t_T < 1
        labels = np.empty((n, 2), dtype=object)
        labels[:, 0], labels[:, 1] = "trust-building", "all-defect"
        z = np.zeros(n)
        L = np.log(lam / (1 - lam))
        common = {
            "pi_star": np.column_stack([pi_star, pi_star]),
            "m_star": np.column_stack([m, m]).astype(float),
            "log_odds_step": np.column_stack([L, L]),
            "expected_rounds_to_trust": np.column_stack([m / (2 * lam - 1), np.full(n, np.inf)]),
            "p_misplaced_trust": np.column_stack([((1 - lam) / lam) ** m, z]),
            "p_trust_within_horizon": np.column_stack([rH, z]),
            "p_misplaced_within_horizon": np.column_stack([mH, z]),
            "prob_conflict": np.column_stack([1 - coop, np.ones(n)]),
        }
        outcomes = {
            "cooperation": np.column_stack([coop, z]),
            "exploitation": np.column_stack([expl, z]),
            "mutual_defection": np.column_stack([mutual, np.ones(n)]),
        }
        flags = {"most_peaceful": np.column_stack([np.ones(n, bool), np.zeros(n, bool)]),
                 "all_defect": np.column_stack([np.zeros(n, bool), np.ones(n, bool)])}
        return ArraySolution(valid=valid, labels=labels, outcomes=outcomes, quantities=common, flags=flags)
