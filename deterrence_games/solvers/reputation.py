"""Sequential equilibrium of finite-horizon reputation games, by backward induction over beliefs.

Class of games covered (exactly): :class:`deterrence_games.games.reputation.ReputationGame`,
i.e. a long-run player with one simple commitment type (always plays ``a*`` after entry) and
one normal type, facing a new short-run player in each of ``N`` periods; the short-run
player chooses ``out`` (ends the stage, nothing about the long-run player is observed) or
``in``, after which the long-run player's action is observed; the stage payoffs satisfy
(A1)-(A3) of that module (the chain-store ordering, with arbitrary numbers and any number
of long-run actions). Not covered: several commitment types, a long-run rival, short-run
players with more than two actions, imperfect observation of actions.

Construction (Kreps & Wilson 1982, section 3, in general payoffs; all arithmetic exact)
--------------------------------------------------------------------------------------
State: ``(k, p)``, ``k`` periods remaining, ``p`` = Pr(commitment type).

* Deterrence threshold ``q* = (u_S(in,a^N) - u_S(out)) / (u_S(in,a^N) - u_S(in,a*))``.
* Thresholds ``e_1 = q*`` and ``e_k`` = the belief at which the short-run player of period
  ``k`` is indifferent, found by solving ``Pr_k(a* | in, p) = q*`` for ``p`` where
  ``Pr_k(a* | in, p) = p + (1-p) beta_k(p)``; this gives ``e_k = q* e_{k-1}``.
* Normal type after entry: ``beta_1 = 0`` (last period: no future); for ``k >= 2`` it plays
  ``a*`` for sure if ``p >= e_{k-1}``, else with the probability
  ``beta_k = p (1-e_{k-1}) / ((1-p) e_{k-1})`` that makes the posterior after ``a*``
  exactly ``e_{k-1}``; any other action reveals the normal type (posterior 0) and is
  therefore the stage-best other action ``a^N``.
* Short-run player: out if ``Pr_k(a*|in) > q*``, in if ``< q*``; when indifferent (belief
  exactly ``e_k``) it stays out with the probability ``s_k`` that makes the normal type of
  period ``k+1`` indifferent between ``a*`` and ``a^N`` (a linear equation in ``s_k``):
  ``u_L(a*) + delta V_k(e_k) = u_L(a^N) + delta V_k(0)``.
* Beliefs: ``out`` leaves ``p``; ``a^N`` (any action other than ``a*``) sets ``p = 0``;
  ``a*`` sets ``p = max(e_{k-1}, p)`` (Bayes' rule whenever ``a*`` has positive probability;
  off path, i.e. at ``p = 0``, the same formula is the Kreps-Wilson specification;
  ``off_path="zero"`` keeps ``p = 0`` instead). In the last period, ``a*`` sets ``p = 1``
  if ``p > 0``. Both off-path rules are limits of Bayes beliefs under trembles (the
  posterior after an unexpected ``a*`` at ``p = 0`` can be made to converge to any value by
  the relative tremble rates of the two types), so both are consistent in Kreps & Wilson's
  sense; the certificate checks sequential rationality under either.

Certification (:func:`certify_reputation`) is independent of the construction: it
re-evaluates the normal type's values by its own recursion over the strategy profile and
checks, at every period and every belief on a grid (plus every threshold and the on-path
beliefs), that no player gains from a one-shot deviation (which, in a finite horizon, is
sequential rationality), that mixing happens only under exact indifference, and that the
beliefs follow Bayes' rule wherever the observed action has positive probability.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from types import MappingProxyType

import pandas as pd

from .._validation import ParameterError
from ..games.reputation import ReputationGame
from ..results import Result

__all__ = [
    "ReputationEquilibrium",
    "ReputationCertificate",
    "solve_reputation",
    "certify_reputation",
    "belief_grid",
    "FudenbergLevineBound",
    "fudenberg_levine_bound",
    "fudenberg_levine_periods",
]

_ZERO, _ONE = Fraction(0), Fraction(1)

#: Python refuses int -> decimal str beyond 4,300 digits (sys.get_int_max_str_digits)
_DECIMAL_BITS = 14_000


def _fraction_text(x: Fraction | int) -> str:
    """An exact rational as text: ``"p/q"`` in decimal, or ``"0x.../0x..."`` in hexadecimal
    when a decimal integer would pass Python's 4,300-digit conversion limit (thresholds
    ``b**N`` of a subnormal ``b`` over many markets). Both are exact.

    Parameters
    ----------
    x : Fraction or int

    Returns
    -------
    str
    """
    x = Fraction(x)
    if max(x.numerator.bit_length(), x.denominator.bit_length()) <= _DECIMAL_BITS:
        return str(x)
    return f"{x.numerator:#x}/{x.denominator:#x}"


@dataclass(frozen=True, eq=False)
class ReputationEquilibrium(Result):
    """The sequential equilibrium of a :class:`ReputationGame` and its path statistics.

    Strategies are functions of ``(k, p)`` (exact Fractions): :meth:`out_probability`,
    :meth:`commit_probability`, :meth:`posterior`, :meth:`value`. Path statistics from the
    prior: ``entry_probability[k]`` (k = periods remaining), ``expected_entries``,
    ``expected_commitment_plays`` (e.g. fights: ``a*`` played after entry, by either type),
    ``normal_payoff`` (the normal type's equilibrium value ``V_N(prior)``) and
    ``commitment_payoff`` (the stage payoff stream of the commitment type, undiscounted
    by ``delta`` in the same way).

    Attributes
    ----------
    game : ReputationGame
        The game solved.
    thresholds : tuple of Fraction
        ``e_1 .. e_N``: the belief at which the short-run player of period ``k`` is indifferent.
    indifference_out : tuple of Fraction
        ``s_1 .. s_N``: the probability of staying out at ``p = e_k``.
    off_path : str
        The off-path belief rule after ``a*`` at ``p = 0`` (``"zero"`` keeps ``p = 0``).
    entry_probability : mapping int -> Fraction
        Probability of entry in the period with ``k`` periods remaining, from the prior.
    expected_entries, expected_commitment_plays : Fraction
        Expected number of entries and of ``a*`` played after entry.
    normal_payoff, commitment_payoff : Fraction
        Equilibrium value of the normal type ``V_N(prior)``; payoff stream of the
        commitment type.
    path_beliefs : mapping int -> tuple of Fraction
        Beliefs reached on the path with ``k`` periods remaining.
    """

    game: ReputationGame
    thresholds: tuple[Fraction, ...]  # e_1 .. e_N
    indifference_out: tuple[Fraction, ...]  # s_1 .. s_N
    off_path: str
    entry_probability: Mapping[int, Fraction]
    expected_entries: Fraction
    expected_commitment_plays: Fraction
    normal_payoff: Fraction
    commitment_payoff: Fraction
    path_beliefs: Mapping[int, tuple[Fraction, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "entry_probability", MappingProxyType(dict(self.entry_probability)))
        object.__setattr__(self, "path_beliefs", MappingProxyType(dict(self.path_beliefs)))

    # strategies -----------------------------------------------------------------------
    def threshold(self, k: int) -> Fraction:
        """``e_k``: the belief at which the short-run player of period ``k`` is indifferent.

        Parameters
        ----------
        k : int
            Periods remaining, ``1 <= k <= N``.

        Returns
        -------
        Fraction
            ``e_k``
        """
        return self.thresholds[k - 1]

    def commit_probability(self, k: int, p: Fraction) -> Fraction:
        """``beta_k(p)``: probability that the normal type plays ``a*`` after entry.

        Parameters
        ----------
        k : int
            Periods remaining, ``1 <= k <= N``.
        p : Fraction
            Belief that the long-run player is the commitment type.

        Returns
        -------
        Fraction
            ``beta_k(p)``
        """
        return _beta(self.thresholds, k, Fraction(p))

    def commitment_play_probability(self, k: int, p: Fraction) -> Fraction:
        """Pr(a* | in) at ``(k, p)`` = p + (1-p) beta_k(p).

        Parameters
        ----------
        k : int
            Periods remaining, ``1 <= k <= N``.
        p : Fraction
            Belief that the long-run player is the commitment type.

        Returns
        -------
        Fraction
            ``p + (1 - p) beta_k(p)``
        """
        p = Fraction(p)
        return p + (1 - p) * self.commit_probability(k, p)

    def out_probability(self, k: int, p: Fraction) -> Fraction:
        """Probability that the short-run player of period ``k`` stays out at belief ``p``.

        Parameters
        ----------
        k : int
            Periods remaining, ``1 <= k <= N``.
        p : Fraction
            Belief that the long-run player is the commitment type.

        Returns
        -------
        Fraction
            Pr(out)
        """
        qs = _memo(self, "_qs", lambda: self.game.deterrence_threshold)
        return _out_prob(self.game, self.thresholds, self.indifference_out, k, Fraction(p), qs)

    def posterior(self, k: int, p: Fraction, action: str | int) -> Fraction:
        """Belief in period ``k-1`` after ``action`` (``"out"`` or a long-run action index/name).

        Parameters
        ----------
        k : int
            Periods remaining, ``1 <= k <= N``.
        p : Fraction
            Belief that the long-run player is the commitment type.
        action : str or int
            ``"out"``, or the long-run player's action (index or name) after entry.

        Returns
        -------
        Fraction
            The updated belief (Bayes' rule on the path, :attr:`off_path` off it).
        """
        return _posterior(self.game, self.thresholds, self.off_path, k, Fraction(p), action)

    def value(self, k: int, p: Fraction) -> Fraction:
        """Normal type's equilibrium value with ``k`` periods remaining at belief ``p``.

        Parameters
        ----------
        k : int
            Periods remaining, ``1 <= k <= N``.
        p : Fraction
            Belief that the long-run player is the commitment type.

        Returns
        -------
        Fraction
            ``V_N(k, p)``
        """
        V = _memo(self, "_V", lambda: _value_function(self.game, self.thresholds, list(self.indifference_out),
                                                      self.off_path))
        return V(k, Fraction(p))

    # outcomes (games built with ``outcomes=`` and ``escalatory=``) ----------------------
    @property
    def expected_outcome_counts(self) -> dict[str, Fraction]:
        """Expected number of periods ending in each named outcome, from the prior.

        ``out``: ``N - expected_entries``; ``in`` then the commitment action:
        ``expected_commitment_plays``; ``in`` then the normal type's other action ``a^N``:
        the remaining entries (no other action is played in equilibrium).
        """
        g = self.game
        if g.outcomes is None:
            raise ParameterError("outcomes", None, "outcome names given to the ReputationGame",
                                 "pass outcomes={'out': ..., <action>: ...} and escalatory=...")
        name = dict(g.outcomes)
        counts: dict[str, Fraction] = dict.fromkeys(dict.fromkeys(name.values()), Fraction(0))
        counts[name["out"]] += g.horizon - self.expected_entries
        counts[name[g.actions[g.commitment_action]]] += self.expected_commitment_plays
        counts[name[g.actions[g.normal_action]]] += self.expected_entries - self.expected_commitment_plays
        return counts

    @property
    def outcome_frequencies(self) -> dict[str, Fraction]:
        """Expected share of the ``N`` periods ending in each named outcome (sums to 1)."""
        return {o: c / self.game.horizon for o, c in self.expected_outcome_counts.items()}

    @property
    def escalation_frequency(self) -> Fraction:
        """Expected share of periods ending in an escalatory outcome."""
        return sum((f for o, f in self.outcome_frequencies.items() if o in self.game.escalatory), Fraction(0))

    # reports --------------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """One row per period remaining ``k``: threshold, entry probability on path, s_k."""
        rows = []
        for k in range(self.game.horizon, 0, -1):
            rows.append({
                "k": k,
                "threshold": float(self.threshold(k)),
                "entry_probability": float(self.entry_probability[k]),
                "out_probability_at_threshold": float(self.indifference_out[k - 1]),
            })
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        """JSON-ready dictionary: exact Fractions as strings, decimal ``"p/q"`` or, beyond
        Python's 4,300-digit conversion limit, hexadecimal ``"0x.../0x..."``.

        Returns
        -------
        dict
        """
        t = _fraction_text
        return {
            "horizon": self.game.horizon,
            "prior": t(self.game.prior),
            "thresholds": [t(b) for b in self.thresholds],
            "entry_probability": {int(k): t(v) for k, v in self.entry_probability.items()},
            "expected_entries": t(self.expected_entries),
            "expected_commitment_plays": t(self.expected_commitment_plays),
            "normal_payoff": t(self.normal_payoff),
            "commitment_payoff": t(self.commitment_payoff),
            "off_path": self.off_path,
        }

    def __repr__(self) -> str:
        return (f"<ReputationEquilibrium N={self.game.horizon} prior={self.game.prior}: "
                f"E[entries]={float(self.expected_entries):.6g}, "
                f"normal payoff={float(self.normal_payoff):.6g}>")

    def _repr_html_(self) -> str:
        return (f"<div><strong>{html.escape(repr(self))}</strong>"
                f"{self.to_frame().to_html(index=False)}</div>")


@dataclass(frozen=True, eq=False)
class ReputationCertificate(Result):
    """Result of :func:`certify_reputation`: worst regret and Bayes-consistency errors found.

    Attributes
    ----------
    max_regret_short_run, max_regret_normal : Fraction
        Largest gain of a deviation of a short-run player / of the normal long-run type.
    max_bayes_error : Fraction
        Largest violation of Bayes' rule on the path.
    mixing_without_indifference : int
        Mixed actions at which the mixing player is not indifferent (0 in an equilibrium).
    checks, periods, beliefs_per_period : int
        How many conditions were checked, over how many periods and beliefs per period.
    """

    max_regret_short_run: Fraction
    max_regret_normal: Fraction
    max_bayes_error: Fraction
    mixing_without_indifference: int
    checks: int
    periods: int
    beliefs_per_period: int

    @property
    def ok(self) -> bool:
        """True when every check holds exactly."""
        return (self.max_regret_short_run == 0 and self.max_regret_normal == 0
                and self.max_bayes_error == 0 and self.mixing_without_indifference == 0)

    def to_dict(self) -> dict:
        return {
            "max_regret_short_run": float(self.max_regret_short_run),
            "max_regret_normal": float(self.max_regret_normal),
            "max_bayes_error": float(self.max_bayes_error),
            "mixing_without_indifference": self.mixing_without_indifference,
            "checks": self.checks,
            "ok": self.ok,
        }

    def __repr__(self) -> str:
        return (f"<ReputationCertificate {'OK' if self.ok else 'FAILED'}: {self.checks} checks over "
                f"{self.periods} periods x {self.beliefs_per_period} beliefs>")


# ---------------------------------------------------------------------------------------
# kernels
# ---------------------------------------------------------------------------------------


def _beta(e: tuple[Fraction, ...], k: int, p: Fraction) -> Fraction:
    if k == 1 or p == 0:
        return _ZERO
    ek1 = e[k - 2]
    if p >= ek1:
        return _ONE
    return p * (1 - ek1) / ((1 - p) * ek1)


def _action_index(game: ReputationGame, action: str | int) -> int:
    if isinstance(action, str):
        if action not in game.actions:
            raise ParameterError("action", action, f"'out' or one of {game.actions}")
        return game.actions.index(action)
    return int(action)


def _posterior(game: ReputationGame, e: tuple[Fraction, ...], off_path: str, k: int, p: Fraction,
               action: str | int) -> Fraction:
    if action == "out":
        return p
    i = _action_index(game, action)
    if i != game.commitment_action:
        return _ZERO
    if k == 1:
        return _ONE if p > 0 else _ZERO
    if p == 0 and off_path == "zero":
        return _ZERO
    return max(e[k - 2], p)


def _out_prob(game: ReputationGame, e: tuple[Fraction, ...], s: list[Fraction] | tuple[Fraction, ...],
              k: int, p: Fraction, qs: Fraction | None = None) -> Fraction:
    """Pr(out) at ``(k, p)``; ``qs`` = q* (= e_1) when known (saves recomputing it)."""
    q = p + (1 - p) * _beta(e, k, p)
    if qs is None:
        qs = game.deterrence_threshold
    if q > qs:
        return _ONE
    if q < qs:
        return _ZERO
    return s[k - 1]


def _value_function(g: ReputationGame, e: tuple[Fraction, ...], s: list[Fraction], off_path: str):
    """Normal type's value V_k(p) under the constructed profile (memoised).

    ``s`` may grow during the backward pass: V_k only reads s_1..s_k, and s_k only at
    p = e_k, which the solver evaluates after setting s_k.
    """
    a, aN = g.commitment_action, g.normal_action
    qs = g.deterrence_threshold

    @cache
    def V(k: int, p: Fraction) -> Fraction:
        if k == 0:
            return _ZERO
        out = _out_prob(g, e, s, k, p, qs)
        beta = _beta(e, k, p)
        after_in = _ZERO
        if beta:
            after_in += beta * (g.incumbent_in[a] + g.delta * V(k - 1, _posterior(g, e, off_path, k, p, a)))
        if beta != 1:
            after_in += (1 - beta) * (g.incumbent_in[aN] + g.delta * V(k - 1, _ZERO))
        val = (1 - out) * after_in
        if out:
            val += out * (g.incumbent_out + g.delta * V(k - 1, p))
        return val

    return V


def solve_reputation(game: ReputationGame, off_path: str = "kw") -> ReputationEquilibrium:
    """The Kreps-Wilson sequential equilibrium of ``game`` by backward induction over beliefs.

    Parameters
    ----------
    game : ReputationGame
    off_path : {"kw", "zero"}
        Belief after ``a*`` when it has probability zero (only at ``p = 0``):
        ``"kw"`` = ``e_{k-1}`` (Kreps & Wilson 1982), ``"zero"`` = stays 0.

    Returns
    -------
    ReputationEquilibrium

    Raises
    ------
    ParameterError
        If the indifference probability ``s_k`` of some short-run player falls outside
        [0, 1] (then no equilibrium of this form exists for these payoffs; e.g. the chain
        store with ``a < 1``).

    References
    ----------
    Kreps & Wilson (1982), JET 27:253-279, section 3 and Proposition 1.
    """
    if not isinstance(game, ReputationGame):
        raise TypeError(f"`game` must be a ReputationGame (got {type(game).__name__})")
    if off_path not in ("kw", "zero"):
        raise ParameterError("off_path", off_path, "off_path in {'kw', 'zero'}")
    et, s_tuple, V = _cached(_PROFILES, (_profile_key(game), off_path), lambda: _kw_profile(game, off_path))
    eq = ReputationEquilibrium(game, et, s_tuple, off_path, {}, _ZERO, _ZERO, _ZERO, _ZERO)
    object.__setattr__(eq, "_V", V)
    return _with_path_statistics(eq)


def _profile_key(game: ReputationGame) -> tuple:
    """Everything of ``game`` but the prior: the Kreps-Wilson profile and the values
    ``V_k(p)`` depend on the stage payoffs, the horizon and ``delta`` only."""
    return (game.horizon, game.entrant_out, game.entrant_in, game.incumbent_out, game.incumbent_in,
            game.commitment_action, game.delta)


_CACHE_SIZE = 64
_PROFILES: dict[tuple, tuple] = {}  # (profile key, off_path) -> (e, s, V), oldest first


def _cached(cache: dict, key: object, make) -> object:
    """``cache[key]``, made by ``make()`` on a miss; beyond ``_CACHE_SIZE`` entries the
    oldest is dropped (the prior-free work shared by the games of one profile)."""
    value = cache.get(key)
    if value is None:
        if len(cache) >= _CACHE_SIZE:
            cache.pop(next(iter(cache)))
        value = cache[key] = make()
    return value


def _memo(eq: ReputationEquilibrium, name: str, make) -> object:
    """Attribute ``name`` of the frozen ``eq``, computed by ``make()`` once."""
    value = eq.__dict__.get(name)
    if value is None:
        value = make()
        object.__setattr__(eq, name, value)
    return value


def _kw_profile(game: ReputationGame, off_path: str) -> tuple:
    """Thresholds ``e_k``, indifference probabilities ``s_k`` and the memoised value function
    ``V_k(p)`` of ``game``; none depends on its prior, so :func:`solve_reputation` shares
    them among the games with the same :func:`_profile_key` (a sweep over the prior runs the
    backward induction once)."""
    N, qs = game.horizon, game.deterrence_threshold
    a, aN = game.commitment_action, game.normal_action
    uLa, uLN, uLout, d = game.incumbent_in[a], game.incumbent_in[aN], game.incumbent_out, game.delta

    # thresholds: solve Pr_k(a*|in, p) = q* for p, using beta_k (which needs e_{k-1})
    e: list[Fraction] = [qs]
    for _k in range(2, N + 1):
        # for p < e_{k-1}: Pr = p / e_{k-1} (linear), so the root is q* e_{k-1} (< e_{k-1}).
        e.append(qs * e[-1])
    et = tuple(e)

    # out-probabilities at the thresholds, period by period from the end: s_k makes the
    # normal type of period k+1 indifferent; V_k(e_k) is linear in s_k.
    s_list: list[Fraction] = []
    V = _value_function(game, et, s_list, off_path)
    for k in range(1, N + 1):
        ek = et[k - 1]
        beta = _beta(et, k, ek)
        after_in = (beta * (uLa + d * V(k - 1, _posterior(game, et, off_path, k, ek, a)))
                    + (1 - beta) * (uLN + d * V(k - 1, _ZERO)))
        out_val = uLout + d * V(k - 1, ek)
        target = (uLN - uLa) / d + V(k, _ZERO)  # V_k(e_k) that makes period k+1 indifferent
        s = (target - after_in) / (out_val - after_in)
        if not 0 <= s <= 1:
            raise ParameterError(
                "incumbent_out", str(uLout), "a value for which every indifferent short-run player can mix",
                f"the indifference probability s_{k} = {s} is outside [0, 1]; no Kreps-Wilson equilibrium",
            )
        s_list.append(s)
    return et, tuple(s_list), V


def _with_path_statistics(eq: ReputationEquilibrium) -> ReputationEquilibrium:
    """Forward pass over the (finite) distribution of beliefs on the equilibrium path."""
    g = eq.game
    a, aN = g.commitment_action, g.normal_action
    dist: dict[Fraction, Fraction] = {g.prior: _ONE}  # unconditional distribution of beliefs
    entry: dict[int, Fraction] = {}
    beliefs: dict[int, tuple[Fraction, ...]] = {}
    fights = entries = _ZERO
    commit_pay = _ZERO
    disc = _ONE
    # the commitment type's own path: same play by short-run players, belief never 0
    cdist: dict[Fraction, Fraction] = {g.prior: _ONE}
    for k in range(g.horizon, 0, -1):
        beliefs[k] = tuple(sorted(dist))
        new: dict[Fraction, Fraction] = {}
        pk_entry = _ZERO
        for p, w in dist.items():
            s = eq.out_probability(k, p)
            q = eq.commitment_play_probability(k, p)
            pk_entry += w * (1 - s)
            fights += w * (1 - s) * q
            _add(new, p, w * s)
            # Pr(a* | in) = q mixes both types at this belief
            _add(new, eq.posterior(k, p, a), w * (1 - s) * q)
            _add(new, eq.posterior(k, p, aN), w * (1 - s) * (1 - q))
        entry[k] = pk_entry
        entries += pk_entry
        dist = {p: w for p, w in new.items() if w != 0}
        cnew: dict[Fraction, Fraction] = {}
        for p, w in cdist.items():
            s = eq.out_probability(k, p)
            commit_pay += disc * w * (s * g.incumbent_out + (1 - s) * g.incumbent_in[a])
            _add(cnew, p, w * s)
            _add(cnew, eq.posterior(k, p, a), w * (1 - s))
        cdist = {p: w for p, w in cnew.items() if w != 0}
        disc *= g.delta
    out = ReputationEquilibrium(
        g, eq.thresholds, eq.indifference_out, eq.off_path, entry, entries, fights,
        eq.value(g.horizon, g.prior), commit_pay, beliefs,
    )
    object.__setattr__(out, "_V", eq.__dict__["_V"])
    return out


def _add(d: dict[Fraction, Fraction], key: Fraction, w: Fraction) -> None:
    d[key] = d.get(key, _ZERO) + w


# ---------------------------------------------------------------------------------------
# certification
# ---------------------------------------------------------------------------------------


def belief_grid(eq: ReputationEquilibrium, n: int = 50, smallest: Fraction = Fraction(1, 10**6)) -> list[Fraction]:
    """``n`` evenly spaced beliefs ``i/n`` in [0, 1), every threshold ``e_k >= smallest`` with
    its neighbours ``e_k (1 -+ 1/1000)``, the prior and every belief reached on the path."""
    pts = set(_base_belief_grid(eq, n, smallest))
    for bs in eq.path_beliefs.values():
        pts |= {b for b in bs if b < 1}
    pts.add(eq.game.prior)
    return sorted(pts)


def _base_belief_grid(eq: ReputationEquilibrium, n: int = 50,
                      smallest: Fraction = Fraction(1, 10**6)) -> list[Fraction]:
    """The part of :func:`belief_grid` that does not depend on the prior."""
    pts: set[Fraction] = {Fraction(i, n) for i in range(n)}
    for t in eq.thresholds:
        if t < smallest:
            continue
        pts |= {t, t * Fraction(999, 1000), min(t * Fraction(1001, 1000), Fraction(999, 1000))}
    return sorted(pts)


def certify_reputation(eq: ReputationEquilibrium, beliefs: Iterable[Fraction] | None = None,
                       grid_size: int = 50) -> ReputationCertificate:
    """Check sequential rationality and Bayes consistency of ``eq`` on a belief grid.

    The values used are recomputed here by backward recursion over the strategy profile
    (not taken from the construction). At every period ``k`` and belief ``p``:

    * short-run player: regret = best pure payoff minus the payoff of its mixture, and a
      mixture with both actions in the support only under exact indifference;
    * normal long-run player after entry: regret over *every* action (the continuation of a
      non-commitment action uses the posterior the profile assigns, 0), and mixing only
      under exact indifference;
    * Bayes: wherever ``a*`` has positive probability, the posterior equals
      ``p / (p + (1-p) beta)``; after any other action with positive probability, 0.

    Returns
    -------
    ReputationCertificate (``.ok`` is True when everything holds exactly).
    """
    g = eq.game
    W_memo, partial = _cached(_CERTIFIED, (_profile_key(g), eq.thresholds, eq.indifference_out, eq.off_path),
                              lambda: ({}, {}))
    if beliefs is not None:
        grid = sorted({Fraction(p) for p in beliefs})
        r_s, r_n, bayes, bad_mix = _certify_beliefs(eq, W_memo, grid)
    else:
        # belief_grid = a prior-free part (i/n, the thresholds and their neighbours), whose
        # checks are shared by every prior of the profile, plus the prior and the path beliefs
        def base() -> tuple:
            grid = _base_belief_grid(eq, grid_size)
            return frozenset(grid), _certify_beliefs(eq, W_memo, grid)

        base_set, (r_s, r_n, bayes, bad_mix) = _cached(partial, grid_size, base)
        on_path = {b for bs in eq.path_beliefs.values() for b in bs if b < 1} | {g.prior}
        extra = sorted(p for p in on_path if p not in base_set)  # = belief_grid(eq, grid_size) - base
        e_s, e_n, e_b, e_m = _certify_beliefs(eq, W_memo, extra)
        r_s, r_n, bayes, bad_mix = max(r_s, e_s), max(r_n, e_n), max(bayes, e_b), bad_mix + e_m
        grid = extra + list(base_set)
    return ReputationCertificate(r_s, r_n, bayes, bad_mix, g.horizon * len(grid), g.horizon, len(grid))


_CERTIFIED: dict[tuple, tuple[dict, dict]] = {}  # profile -> (memo of W, {grid_size: base checks})


def _certify_beliefs(eq: ReputationEquilibrium, W_memo: dict, grid: list[Fraction]) -> tuple:
    """The checks of :func:`certify_reputation` at every period and every belief of ``grid``:
    (max short-run regret, max normal regret, max Bayes error, mixings without indifference).

    ``W_memo`` holds the normal type's values ``W_k(p)``, recomputed by an own backward
    recursion over the profile (not taken from the construction); it depends on the profile
    only, so it is shared across calls."""
    g = eq.game
    a, aN = g.commitment_action, g.normal_action
    nA = len(g.actions)

    def W(k: int, p: Fraction) -> Fraction:
        if k == 0:
            return _ZERO
        v = W_memo.get((k, p))
        if v is not None:
            return v
        s = eq.out_probability(k, p)
        beta = eq.commit_probability(k, p)
        in_val = _ZERO
        for i in range(nA):
            prob = beta if i == a else ((1 - beta) if i == aN else _ZERO)
            if prob:
                in_val += prob * (g.incumbent_in[i] + g.delta * W(k - 1, eq.posterior(k, p, i)))
        v = W_memo[(k, p)] = s * (g.incumbent_out + g.delta * W(k - 1, p)) + (1 - s) * in_val
        return v

    r_s = r_n = bayes = _ZERO
    bad_mix = 0
    for k in range(1, g.horizon + 1):
        for p in grid:
            # short-run player
            beta = eq.commit_probability(k, p)
            q = p + (1 - p) * beta
            u_in = q * g.entrant_in[a] + (1 - q) * g.entrant_in[aN]
            s = eq.out_probability(k, p)
            mix = s * g.entrant_out + (1 - s) * u_in
            r_s = max(r_s, max(u_in, g.entrant_out) - mix)
            if 0 < s < 1 and u_in != g.entrant_out:
                bad_mix += 1
            # normal long-run player after entry
            vals = [g.incumbent_in[i] + g.delta * W(k - 1, eq.posterior(k, p, i)) for i in range(nA)]
            played = beta * vals[a] + (1 - beta) * vals[aN]
            r_n = max(r_n, max(vals) - played)
            if 0 < beta < 1 and vals[a] != vals[aN]:
                bad_mix += 1
            # Bayes' rule on path
            pa = p + (1 - p) * beta
            if pa > 0:
                bayes = max(bayes, abs(eq.posterior(k, p, a) - p / pa))
            if (1 - p) * (1 - beta) > 0:
                bayes = max(bayes, abs(eq.posterior(k, p, aN)))
            bayes = max(bayes, abs(eq.posterior(k, p, "out") - p))
    return r_s, r_n, bayes, bad_mix


# ---------------------------------------------------------------------------------------
# Fudenberg-Levine bound
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class FudenbergLevineBound(Result):
    """Fudenberg & Levine (1989) lower bound on a patient long-run player's payoff.

    ``K`` bounds the number of periods in which a short-run player fails to best-respond
    to the commitment action while the long-run player mimics the commitment type;
    ``bound`` is the lower bound on the normal type's *average* discounted payoff
    ``(1-delta)/(1-delta**N) * sum_t delta**t u_t`` (``N`` = horizon, ``N = inf`` allowed when
    ``delta < 1``; with ``delta = 1`` the plain average over the ``N`` periods).

    Attributes
    ----------
    K : int
        Bound on the number of periods without a best response to the commitment action.
    bound : float
        Lower bound on the normal type's average discounted payoff.
    prior, pi_bar, delta, v_star, u_min, horizon : float
        The inputs: prior on the commitment type, belief threshold, discount factor, Stackelberg
        payoff, worst stage payoff, horizon ``N``.
    rounding : str
        How ``K`` was rounded.
    """

    K: int
    bound: float
    prior: float
    pi_bar: float
    delta: float
    v_star: float
    u_min: float
    horizon: float
    rounding: str

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    def __repr__(self) -> str:
        return f"<FudenbergLevineBound K={self.K} ({self.rounding}): average payoff >= {self.bound:.6g}>"


def fudenberg_levine_bound(prior: float, pi_bar: float, delta: float, v_star: float, u_min: float,
                           horizon: float = float("inf"), rounding: str = "floor") -> FudenbergLevineBound:
    """Lower bound on the long-run player's payoff in *any* Nash equilibrium.

    If the commitment type (always ``a*``) has prior ``prior = mu* > 0`` and a short-run
    player best-responds to ``a*`` whenever Pr(a*) > ``pi_bar``, then by mimicking ``a*`` the
    normal type meets at most ``K`` periods without that best response, because each such
    period multiplies the posterior of the commitment type by at least ``1/pi_bar``:
    ``mu* / pi_bar**K <= 1``. Hence (Fudenberg & Levine 1989, Theorem 1, in its
    textbook form, Mailath & Samuelson 2006, ch. 15)

        v >= delta**K v* + (1 - delta**K) u_min          (infinite horizon),

    and in a horizon of ``N`` periods (the ``K`` bad periods placed first, the worst case)

        v >= [sum_{t<K} delta**t u_min + sum_{K<=t<N} delta**t v*] (1-delta)/(1-delta**N).

    Parameters
    ----------
    prior : float
        ``mu*`` in (0, 1).
    pi_bar : float
        ``pi-bar`` in (0, 1).
    delta : float
        Discount factor in (0, 1]; 1 needs a finite ``horizon``.
    v_star, u_min : float
        Stackelberg payoff (the payoff when short-run players best-respond to ``a*``) and
        the minimum stage payoff with ``a*`` played (``v_star >= u_min``).
    horizon : float
        Number of periods ``N`` (integer) or ``inf``.
    rounding : {"floor", "ceil"}
        ``K = floor(ln mu*/ln pi_bar)`` (valid and tight, since ``mu* / pi_bar**K <= 1``
        holds at the floor) or the looser ``ceil``.
    """
    import math

    mu = _check_open_unit("prior", prior)
    pb = _check_open_unit("pi_bar", pi_bar)
    d = float(delta)
    if not 0 < d <= 1:
        raise ParameterError("delta", delta, "0 < delta <= 1")
    if rounding not in ("floor", "ceil"):
        raise ParameterError("rounding", rounding, "rounding in {'floor', 'ceil'}")
    if not (math.isfinite(float(v_star)) and math.isfinite(float(u_min))) or float(v_star) < float(u_min):
        raise ParameterError("v_star", v_star, f"finite v_star >= u_min = {u_min}")
    N = float(horizon)
    if not (N == math.inf or (N >= 1 and N == int(N))):
        raise ParameterError("horizon", horizon, "horizon an integer >= 1 or inf")
    if N == math.inf and d == 1:
        raise ParameterError("delta", delta, "0 < delta < 1 when horizon is infinite")
    K = fudenberg_levine_periods(mu, pb, rounding)
    vs, um = float(v_star), float(u_min)
    if N == math.inf:
        bound = d**K * vs + (1 - d**K) * um
    else:
        n = int(N)
        kk = min(K, n)
        if d == 1:
            bound = (kk * um + (n - kk) * vs) / n
        else:
            bad = (1 - d**kk) / (1 - d)
            good = (d**kk - d**n) / (1 - d)
            bound = (bad * um + good * vs) * (1 - d) / (1 - d**n)
    return FudenbergLevineBound(K, float(bound), mu, pb, d, vs, um, N, rounding)


def fudenberg_levine_periods(prior: float, pi_bar: float, rounding: str = "floor") -> int:
    """``K``, the number of periods of :func:`fudenberg_levine_bound`: ``ln mu* / ln pi_bar``
    rounded down (or up), a ratio within 1e-12 of an integer counting as that integer.

    Parameters
    ----------
    prior, pi_bar : float
        ``mu*`` and ``pi-bar``, both in (0, 1) (not checked here: see
        :func:`fudenberg_levine_bound`, which validates them).
    rounding : {"floor", "ceil"}

    Returns
    -------
    int
    """
    import math

    ratio = math.log(prior) / math.log(pi_bar)
    # guard against a ratio that is an integer up to rounding (e.g. 2.9999999999999996)
    r_int = round(ratio)
    if abs(ratio - r_int) < 1e-12:
        ratio = float(r_int)
    return math.floor(ratio) if rounding == "floor" else math.ceil(ratio)


def _check_open_unit(name: str, x: object) -> float:
    from .._validation import OPEN_UNIT, check_scalar

    return check_scalar(name, x, OPEN_UNIT)
