"""Chain-store deterrence with a tough type (Kreps & Wilson 1982).

A long-lived incumbent (a state defending a status quo in many arenas) faces a sequence of
``N`` potential challengers (entrants), one per market. With prior ``prior`` it is *tough*
and always fights an entry; otherwise it is *weak* and, in a single market, would rather
acquiesce. A weak incumbent fights early entries to build the reputation that deters later
ones; entry happens only in the last ``~ ln(prior)/ln(b)`` markets, whatever ``N``.

Provenance: **paper-faithful** (Kreps & Wilson
1982, JET 27:253-279, in the textbook form of Fudenberg & Tirole 1991, section 9.2).

Equations (k = markets remaining, p_k = Pr(tough) before market k):

* entrant k stays out if p_k > b^k, enters if p_k < b^k, stays out with probability 1/a if
  p_k = b^k;
* weak incumbent after entry: acquiesces at k = 1; for k > 1 fights if p_k >= b^{k-1},
  otherwise fights with probability beta_k = (1-b^{k-1}) p_k / ((1-p_k) b^{k-1});
* beliefs: out leaves p, a fight sets p to max(b^{k-1}, p), acquiescence sets p to 0;
* weak payoff (undiscounted) = a * #{k <= N : b^k < prior}.

The equilibrium is computed by :func:`deterrence_games.solvers.reputation.solve_reputation`
(exact rationals, general stage payoffs) and certified by ``certify_reputation`` (one-shot
deviation checks at every market and on a grid of beliefs); its certificate is stored
with the equilibrium. The Fudenberg & Levine (1989) lower bound is reported as quantities
``fl_K`` and ``fl_bound_average`` (floor rounding).

Outcomes: per-market frequencies (the expected share of the ``N`` markets) of
``deterred`` (no entry), ``acquiesced`` (entry, incumbent acquiesces) and ``fought``
(entry, incumbent fights; the escalatory outcome). ``escalation_probability`` is the
long-run frequency of fights, E[#fights]/N; ``prob_any_fight`` is the probability of at least
one fight within the horizon.

Aliases: chain-store paradox (Selten 1978); reputation for toughness; predation /
entry deterrence (IO); extended deterrence credibility (IR: Alt, Calvert & Humes 1988).

Ties: at p = b^k the entrant mixes as Kreps & Wilson specify (out with probability 1/a);
the weak incumbent at p = b^{k-1} fights (pools). Floats are read as the simplest rational
they print as (``b=0.5 -> 1/2``; ``2/3`` as typed in Python -> 2/3).
"""

from __future__ import annotations

import bisect
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from .._validation import IntegerRange, Interval, ParameterError
from ..games.reputation import as_fraction, chain_store_game
from ..solvers.reputation import (
    certify_reputation,
    fudenberg_levine_bound,
    fudenberg_levine_periods,
    solve_reputation,
)
from ._base import ArraySolution, Model, Parameter

if TYPE_CHECKING:
    from ._symbolic import SymbolicForm

__all__ = ["ChainStore", "chain_store_equilibrium", "weak_payoff_closed_form"]


def chain_store_equilibrium(n_markets: int, a: float, b: float, prior: float, delta: float = 1):
    """The exact Kreps-Wilson :class:`ReputationEquilibrium` of the chain store."""
    return _equilibrium(int(n_markets), a, b, prior, delta)


@lru_cache(maxsize=32)
def _equilibrium(n_markets: int, a, b, prior, delta):
    # cached: validation builds it (whether it exists depends on every period's indifference)
    # and the solve reuses it
    return solve_reputation(chain_store_game(n_markets, a, b, prior, delta))


def weak_payoff_closed_form(n_markets, a, b, prior):
    """Vectorized closed form ``a * #{k <= N : b^k < prior}`` (undiscounted, Kreps & Wilson 1982).

    Valid for ``prior`` not equal to a threshold ``b^k``.
    """
    N = np.asarray(n_markets, dtype=float)
    a, b, prior = (np.asarray(x, dtype=float) for x in (a, b, prior))
    with np.errstate(divide="ignore"):
        # b^k < prior  <=>  k > ln(prior)/ln(b)
        r = np.where(prior > 0, np.log(np.where(prior > 0, prior, 1.0)) / np.log(b), np.inf)
    first = np.floor(r) + 1  # smallest k with b^k < prior
    count = np.clip(N - first + 1, 0, None)
    return a * count


class ChainStore(Model):
    """Kreps & Wilson (1982) chain store (paper-faithful); see the module docstring."""

    id = "chain_store"
    title = "Chain-store deterrence with a tough type (Kreps-Wilson sequential equilibrium)"
    provenance = "paper-faithful"
    method = "backward induction over beliefs (exact rationals), certified on a belief grid"
    references = (
        "KrepsWilson1982: Kreps & Wilson, Reputation and imperfect information, JET 27:253-279",
        "MilgromRoberts1982: Milgrom & Roberts, Predation, reputation and entry deterrence, JET 27:280-312",
        "FudenbergLevine1989: Reputation and equilibrium selection in games with a patient player, Econometrica 57:759-778",
    )
    parameters = (
        Parameter("n_markets", 10, IntegerRange(1, 100), "number of markets (challengers) N; at most 100: the "
                  "exact backward induction grows faster than linearly (about 5 s at N = 100)", "N", role="count"),
        Parameter("a", 2.0, Interval(1.0, 1e300, low_closed=False, high_closed=False),
                  "weak incumbent's payoff when the entrant stays out (acquiesce 0, fight -1); below "
                  "1e300, so that its total over N <= 100 markets is a float", "a", role="benefit"),
        Parameter("b", 0.5, Interval(0.0, 1.0, False, False),
                  "entrant's payoff from entry met by acquiescence (fight gives b-1, out 0)", "b", role="benefit"),
        Parameter("prior", 0.1, Interval(0.0, 1.0, True, False),
                  "prior probability that the incumbent is the tough type (initial reputation)",
                  "delta_0", information=True, role="prior"),
        Parameter("delta", 1.0, Interval(0.0, 1.0, False, True),
                  "incumbent's discount factor (1: undiscounted sum, as in Kreps-Wilson)", "delta", role="discount"),
    )
    outcomes = ("deterred", "acquiesced", "fought")
    escalatory = ("fought",)
    flags = ("certified", "kreps_wilson", "most_peaceful")

    SYMBOLIC_MAX_MARKETS = 3
    """Largest N listed by :meth:`symbolic`."""

    def symbolic(self, max_markets: int = SYMBOLIC_MAX_MARKETS) -> SymbolicForm:
        """Regimes per (N, j): b^(j+1) < prior < b^j (j < N) or prior < b^N (j = N); undiscounted.

        Every regime has the condition delta >= 1 (i.e. delta = 1): with discounting the
        weak type's indifference, hence the path, changes, and that case is not listed.

        Along the Kreps-Wilson path (module docstring), with belief p before market k:
        p > b^k: out; p < b^k: entry, then a fight with probability F = p / b^(k-1) (tough
        plus the weak type's mixing), after which p = b^(k-1), or acquiescence (p = 0: every
        later entrant enters, no later fight); p = b^k: out with probability 1/a, otherwise
        entry and a fight with probability b. Expected fights and entries follow by this
        recursion carried out symbolically in (prior, a, b) with the order of prior among the
        thresholds fixed by the regime; escalation = E[fights]/N; weak payoff = a (N - j).
        The ties prior = b^k are not listed. N is fixed per regime and bounded
        (``max_markets``); the generic tests compare with the model's ``evaluate`` (the
        exact solution's statistics, affine in the prior between thresholds: see
        :meth:`_solve_arrays`).
        """
        import sympy as sp

        from ..solvers.symbolic import Regime
        from ._symbolic import ESCALATION, SymbolicForm, model_symbols

        sy = model_symbols(self)
        a, b, p0 = sy["a"], sy["b"], sy["prior"]

        def compare(state, k: int, j: int) -> int:
            """sign(p - b^k) for p = prior (state None) or p = b^i (state i); b^k decreases in k."""
            if state is None:
                return 1 if k >= j + 1 else -1
            return 0 if state == k else (1 if state < k else -1)

        def value(state):
            return p0 if state is None else b**state

        def paths(k: int, state, j: int):
            """(expected fights, expected entries) over markets k..1 from belief state."""
            if k == 0:
                return sp.Integer(0), sp.Integer(0)
            sgn = compare(state, k, j)
            if sgn > 0:
                return paths(k - 1, state, j)
            F = value(state) / b ** (k - 1)
            fi, en = paths(k - 1, k - 1, j) if k > 1 else (sp.Integer(0), sp.Integer(0))
            after_entry = (F * (1 + fi), 1 + F * en + (1 - F) * (k - 1))
            if sgn < 0:
                return after_entry
            fo, eo = paths(k - 1, state, j)
            return (fo / a + (1 - 1 / a) * after_entry[0], eo / a + (1 - 1 / a) * after_entry[1])

        regimes = []
        for N in range(1, max_markets + 1):
            for j in range(0, N + 1):
                fights, entries = (sp.simplify(x) for x in paths(N, None, j))
                eq = {ESCALATION: fights / N, "fought": fights / N, "acquiesced": (entries - fights) / N,
                      "deterred": 1 - entries / N, "expected_fights": fights, "expected_entries": entries,
                      "weak_payoff": a * (N - j)}
                cond = (sp.Ge(sy["delta"], 1),) + ((sp.Gt(p0, b ** (j + 1)),) if j < N else ()) + ((sp.Lt(p0, b**j),) if j > 0 else ())
                regimes.append(Regime(f"N={N}, j={j}", cond, (eq,), ("sequential (Kreps-Wilson)",),
                                      choices={"n_markets": N},
                                      description=f"{N} markets; prior below {j} threshold(s) b^k"))
        # undiscounted only (delta >= 1 within the domain delta <= 1): the box pins delta = 1
        return SymbolicForm.build(self, regimes, sampling={"a": (1.0, 5.0), "delta": (1.0, 1.0)})

    def _check(self, p):
        """With discounting (delta < 1) the Kreps-Wilson equilibrium exists only if every
        period's entrant can be kept indifferent (an out-probability s_k in [0, 1]): decided
        exactly, by building the equilibrium (cached for the solve)."""
        try:
            chain_store_equilibrium(p["n_markets"], p["a"], p["b"], p["prior"], p["delta"])
        except ParameterError as exc:
            raise ParameterError("delta", p["delta"], "a discount factor at which every period's entrant "
                                 "can be kept indifferent (an out-probability s_k in [0, 1])",
                                 f"{exc.hint} at n_markets={p['n_markets']}, a={p['a']!r}, b={p['b']!r}, "
                                 f"prior={p['prior']!r}") from None

    def _solve(self, p):
        N = int(p["n_markets"])
        eq = chain_store_equilibrium(N, p["a"], p["b"], p["prior"], p["delta"])
        cert = certify_reputation(eq, grid_size=_grid_size(N))
        stats = _statistics(eq)
        outcomes = {o: float(stats[o]) for o in self.outcomes}
        quantities = {k: float(stats[k]) for k in _AFFINE if k not in outcomes}
        quantities["deterred_markets"] = int(stats["deterred_markets"])
        quantities.update(_fl_quantities(N, float(eq.game.prior), p))
        quantities = {k: quantities[k] for k in _QUANTITIES}
        strategies = {
            "entry_probability_by_k": np.array([float(eq.entry_probability[k]) for k in range(N, 0, -1)]),  # index 0 is k = N
            "thresholds_b_pow_k": np.array([float(t) for t in eq.thresholds]),
            "out_probability_at_threshold": np.array([float(s) for s in eq.indifference_out]),
            "exact": eq.to_dict(),
        }
        return [self._equilibrium(
            "sequential (Kreps-Wilson)", outcomes, strategies=strategies, quantities=quantities,
            flags={"kreps_wilson": True, "certified": cert.ok, "most_peaceful": True},
            certificate={"max_regret": float(max(cert.max_regret_short_run, cert.max_regret_normal)),
                         "max_bayes_error": float(cert.max_bayes_error), "checks": cert.checks},
        )]

    def _check_arrays(self, p):
        # the equilibrium exists or not whatever the prior (s_k does not depend on it): one
        # check per (N, a, b, delta), at the first point with those values
        seen = set()
        for i, key in enumerate(zip(*(np.asarray(p[k]).tolist() for k in _PROFILE), strict=True)):
            if key not in seen:
                seen.add(key)
                self._check({**dict(zip(_PROFILE, key, strict=True)), "prior": float(p["prior"][i])})

    def _solve_arrays(self, p):
        """Sweeps: the exact equilibrium's statistics, affine in the prior between thresholds.

        Between two consecutive thresholds ``b^(r+1) < prior < b^r`` (regime ``r``) the path
        depends on the prior only through the fight probability ``prior / b^(r-1)`` at the
        first entry (market ``r``); beliefs after it, and all values, are prior-free. So every
        outcome and path statistic is affine in the prior there and the values and the
        certificate's checks at the prior are constant (each check holds on the whole
        interval or nowhere). Per (N, a, b, delta) and regime, the exact solution is computed
        at three rationals of the interval; the affine map through the first two must give
        the third exactly, with the same certificate and deterred markets (else the regime's
        points are solved exactly one by one), and is evaluated in floats at each prior.
        The regime of a prior is found in exact rationals (the prior read as :meth:`solve`
        reads it); priors at a threshold and ``prior = 0`` are solved exactly.
        """
        n = len(p["prior"])
        out = {k: np.full(n, np.nan) for k in (*_AFFINE, *_QUANTITIES)}
        certified = np.zeros(n, bool)
        groups: dict[tuple, list[int]] = {}
        for i, key in enumerate(zip(*(np.asarray(p[k]).tolist() for k in _PROFILE), strict=True)):
            groups.setdefault(key, []).append(i)
        prior = np.asarray(p["prior"], float)
        for key, members_of_profile in groups.items():
            idx = np.array(members_of_profile)
            prof = dict(zip(_PROFILE, key, strict=True))
            N = int(prof["n_markets"])
            e = _thresholds(N, prof["a"], prof["b"], prof["delta"])
            e_float = np.array([float(t) for t in e])
            x = prior[idx]
            # rounding is monotone: a prior whose float is not that of a threshold lies on the
            # same side of it in exact rationals as in floats; the others are read exactly
            j = np.searchsorted(e_float, x, "left")  # number of thresholds below the prior
            exact = []
            for t in np.flatnonzero((j != np.searchsorted(e_float, x, "right")) | (x == 0)):
                P = as_fraction("prior", float(x[t]))
                j[t] = bisect.bisect_left(e, P)
                if P == 0 or (j[t] < N and e[j[t]] == P):
                    exact.append(idx[t])
                    j[t] = -1
            for r in np.unique(N - j[j >= 0]):  # r = number of thresholds above the prior
                members = idx[(N - j == r) & (j >= 0)]
                fit = _regime_fit(N, prof["a"], prof["b"], prof["delta"], int(r)) if members.size > len(_NODES) else None
                if fit is None:
                    exact.extend(members)
                    continue
                A, S, ok, deterred = fit
                for k in _AFFINE:
                    out[k][members] = A[k] + S[k] * prior[members]
                out["deterred_markets"][members] = deterred
                certified[members] = ok
            for i in exact:
                eq = self._solve({**prof, "prior": float(prior[i])})[0]
                for k in out:
                    out[k][i] = eq.outcomes[k] if k in eq.outcomes else eq.quantities[k]
                certified[i] = eq.flags["certified"]
            # the bound depends on the prior only through K: one call per K
            b = float(as_fraction("b", prof["b"]))
            bound: dict[int, float] = {}
            for i in idx:
                x = float(prior[i])
                if x <= 0:
                    out["fl_K"][i], out["fl_bound_average"][i] = N, -1.0
                    continue
                K = fudenberg_levine_periods(max(x, 1e-300), b)
                if K not in bound:
                    bound[K] = _fl_quantities(N, x, prof)["fl_bound_average"]
                out["fl_K"][i], out["fl_bound_average"][i] = K, bound[K]
        col = {k: v.reshape(n, 1) for k, v in out.items()}
        true = np.ones((n, 1), bool)
        return ArraySolution(
            valid=true, labels=np.full((n, 1), "sequential (Kreps-Wilson)", dtype=object),
            outcomes={o: col[o] for o in self.outcomes}, quantities={k: col[k] for k in _QUANTITIES},
            flags={"kreps_wilson": true, "certified": certified.reshape(n, 1), "most_peaceful": true})


#: the parameters other than the prior (the Kreps-Wilson profile and the prior-free work are shared)
_PROFILE = ("n_markets", "a", "b", "delta")
#: the quantities of a solution, in their order
_QUANTITIES = ("expected_entries", "expected_fights", "weak_payoff", "weak_payoff_average", "tough_payoff",
               "deterred_markets", "prob_any_fight", "prob_any_entry", "fl_K", "fl_bound_average")
#: the statistics affine in the prior between consecutive thresholds (outcomes first)
_AFFINE = ("deterred", "acquiesced", "fought", "expected_entries", "expected_fights", "weak_payoff",
           "weak_payoff_average", "tough_payoff", "prob_any_fight", "prob_any_entry")
#: where in a regime's interval the exact solution is computed (two to fit, one to check)
_NODES = (Fraction(1, 4), Fraction(3, 4), Fraction(1, 2))


def _grid_size(N: int) -> int:
    """Beliefs per period of the certificate's grid."""
    return 50 if N <= 50 else 20


def _statistics(eq) -> dict[str, Fraction]:
    """Exact outcome frequencies and path statistics of a chain-store equilibrium."""
    N, d = eq.game.horizon, eq.game.delta
    entries, fights = eq.expected_entries, eq.expected_commitment_plays
    prob_fight, prob_entry = _prob_any(eq)
    return {
        "deterred": 1 - entries / N, "acquiesced": (entries - fights) / N, "fought": fights / N,
        "expected_entries": entries, "expected_fights": fights, "weak_payoff": eq.normal_payoff,
        "weak_payoff_average": eq.normal_payoff * ((1 - d) / (1 - d**N) if d < 1 else Fraction(1, N)),
        "tough_payoff": eq.commitment_payoff, "prob_any_fight": prob_fight, "prob_any_entry": prob_entry,
        "deterred_markets": Fraction(sum(1 for k in range(1, N + 1) if eq.entry_probability[k] == 0)),
    }


@lru_cache(maxsize=256)
def _thresholds(N: int, a: float, b: float, delta: float) -> tuple[Fraction, ...]:
    """The thresholds ``e_k`` of the Kreps-Wilson profile, in increasing order (exact)."""
    return tuple(sorted(chain_store_equilibrium(N, a, b, 0.0, delta).thresholds))


@lru_cache(maxsize=1024)
def _regime_fit(N: int, a: float, b: float, delta: float, r: int):
    """``(intercepts, slopes, certified, deterred markets)`` (floats) of the statistics on
    regime ``r`` (``r`` thresholds above the prior), from the exact solutions at three
    rationals of its interval; None unless the affine map through the first two reproduces
    the third exactly, with the same certificate and count."""
    e = _thresholds(N, a, b, delta)
    lo, hi = (e[N - r - 1] if r < N else Fraction(0)), (e[N - r] if r > 0 else Fraction(1))
    nodes = [lo + (hi - lo) * t for t in _NODES]
    sols = []
    for x in nodes:
        eq = chain_store_equilibrium(N, a, b, x, delta)
        sols.append((_statistics(eq), certify_reputation(eq, grid_size=_grid_size(N)).ok))
    (s1, c1), (s2, c2), (s3, c3) = sols
    x1, x2, x3 = nodes
    slope = {k: (s2[k] - s1[k]) / (x2 - x1) for k in _AFFINE}
    if not (c1 == c2 == c3 and s1["deterred_markets"] == s2["deterred_markets"] == s3["deterred_markets"]
            and all(s1[k] + slope[k] * (x3 - x1) == s3[k] for k in _AFFINE)):
        return None
    return ({k: float(s1[k] - slope[k] * x1) for k in _AFFINE}, {k: float(slope[k]) for k in _AFFINE}, c1,
            float(s1["deterred_markets"]))


def _fl_quantities(N: int, prior: float, p) -> dict:
    """The Fudenberg-Levine bound as quantities (void without a commitment type, prior 0:
    K = N, bound = u_min = -1)."""
    if prior <= 0:
        return {"fl_K": N, "fl_bound_average": -1.0}
    fl = fudenberg_levine_bound(max(prior, 1e-300), float(as_fraction("b", p["b"])), p["delta"], p["a"], -1,
                                horizon=N)
    return {"fl_K": fl.K, "fl_bound_average": fl.bound}


def _prob_any(eq) -> tuple[Fraction, Fraction]:
    """Probability of at least one fight / one entry within the horizon (forward pass)."""
    g = eq.game
    out: list[Fraction] = []
    for watch in ("fight", "entry"):
        alive: dict[Fraction, Fraction] = {g.prior: Fraction(1)}  # histories with no event yet
        hit = Fraction(0)
        for k in range(g.horizon, 0, -1):
            new: dict[Fraction, Fraction] = {}
            for p, w in alive.items():
                s = eq.out_probability(k, p)
                q = eq.commitment_play_probability(k, p)
                new[p] = new.get(p, Fraction(0)) + w * s
                if watch == "fight":
                    hit += w * (1 - s) * q
                    p0 = eq.posterior(k, p, g.normal_action)
                    new[p0] = new.get(p0, Fraction(0)) + w * (1 - s) * (1 - q)
                else:
                    hit += w * (1 - s)
            alive = {x: w for x, w in new.items() if w}
        out.append(hit)
    return out[0], out[1]


