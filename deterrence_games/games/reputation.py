"""Finite-horizon reputation games: a long-run player of unknown type against short-run players.

Representation only (data + validation, no solving; the solver is
:mod:`deterrence_games.solvers.reputation`).

The class of games
------------------
Periods ``k = N, N-1, ..., 1`` (``k`` counts the periods remaining). In every period a new
short-run player (the *row* role in the stage game, e.g. an entrant) chooses between an
exit action (``out``, ends the stage; the long-run player's action is not observed) and
the participation action (``in``). After ``in`` the long-run player (the *column* role)
chooses one of ``n >= 2`` actions, which everybody observes.

* The long-run player is either the *commitment* type, which always plays the action
  ``commitment_action`` after ``in`` (a simple, Stackelberg-style type), or the *normal*
  type, which maximises the discounted sum of its stage payoffs. ``prior`` is the initial
  probability of the commitment type.
* Payoffs: the short-run player gets ``entrant_out`` after ``out`` and
  ``entrant_in[a]`` after ``in`` followed by action ``a``; the normal long-run player gets
  ``incumbent_out`` and ``incumbent_in[a]``.

Exact arithmetic: every number is stored as a :class:`fractions.Fraction`. Floats are
converted to the simplest fraction with denominator <= 10**6 that rounds back to the same
float (so ``0.1 -> 1/10`` and ``2/3 -> 2/3``), otherwise to their exact binary value.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from fractions import Fraction

from .._validation import ParameterError

__all__ = ["ReputationGame", "as_fraction", "chain_store_game"]


def as_fraction(name: str, value: object) -> Fraction:
    """``value`` as an exact Fraction (see the module docstring for floats)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a real number (got {type(value).__name__} {value!r})")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, numbers.Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    x = float(value)
    if x != x or x in (float("inf"), float("-inf")):
        raise ParameterError(name, value, f"{name} finite", "NaN and infinities are not allowed")
    simple = Fraction(x).limit_denominator(10**6)
    return simple if float(simple) == x else Fraction(x)


@dataclass(frozen=True)
class ReputationGame:
    """A finite-horizon reputation game (see the module docstring for the class covered).

    Parameters
    ----------
    horizon : int
        Number of periods ``N >= 1``.
    prior : Fraction
        Initial probability ``mu`` of the commitment type, ``0 <= mu < 1``.
    entrant_out, entrant_in : Fraction, tuple of Fraction
        Short-run player's payoff after ``out`` and after ``in`` and each long-run action.
    incumbent_out, incumbent_in : Fraction, tuple of Fraction
        Normal long-run player's stage payoffs.
    commitment_action : int
        Index of the action the commitment type always plays.
    delta : Fraction
        Normal long-run player's discount factor, ``0 < delta <= 1`` (1: undiscounted sum).
    actions : tuple of str
        Names of the long-run player's actions (for reports).
    outcomes : mapping str -> str, optional
        The named outcome of a period: keys ``"out"`` and every action name (``in``
        followed by that action), e.g. ``{"out": "deterred", "fight": "war",
        "acquiesce": "accommodation"}``. Stored as a tuple of pairs. Default: none.
    escalatory : iterable of str, optional
        The outcomes that count as escalation.

    Notes
    -----
    Assumptions that define the class (checked here; violations raise ParameterError):

    (A1) the short-run player stays out against the commitment action and enters against
         the normal type's best *other* action ``a^N``:
         ``entrant_in[a*] < entrant_out < entrant_in[a^N]``;
    (A2) the commitment action is costly to the normal type in the stage game:
         ``incumbent_in[a*] < incumbent_in[a^N]``, where ``a^N`` maximises
         ``incumbent_in`` over the actions other than ``a*`` (ties: lowest index);
    (A3) the normal type prefers deterring to being entered: ``incumbent_out > incumbent_in[a^N]``.

    The solver also needs (A4): every short-run player's indifference probability ``s_k``
    lies in [0, 1] (in the chain store: ``a >= 1``; with discounting the deterrence gain
    must cover ``(u(a^N) - u(a*))/delta``); it raises ParameterError when it does not.
    """

    horizon: int
    prior: Fraction
    entrant_out: Fraction
    entrant_in: tuple[Fraction, ...]
    incumbent_out: Fraction
    incumbent_in: tuple[Fraction, ...]
    commitment_action: int = 0
    delta: Fraction = Fraction(1)
    actions: tuple[str, ...] = ()
    outcomes: tuple[tuple[str, str], ...] | None = None
    escalatory: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if isinstance(self.horizon, bool) or not isinstance(self.horizon, numbers.Integral):
            raise TypeError(f"`horizon` must be an integer (got {self.horizon!r})")
        if self.horizon < 1:
            raise ParameterError("horizon", self.horizon, "horizon an integer >= 1")
        object.__setattr__(self, "horizon", int(self.horizon))
        mu = as_fraction("prior", self.prior)
        if not 0 <= mu < 1:
            raise ParameterError("prior", self.prior, "0 <= prior < 1",
                                 "it is the probability of the commitment type")
        object.__setattr__(self, "prior", mu)
        d = as_fraction("delta", self.delta)
        if not 0 < d <= 1:
            raise ParameterError("delta", self.delta, "0 < delta <= 1", "the long-run player's discount factor")
        object.__setattr__(self, "delta", d)
        for name in ("entrant_out", "incumbent_out"):
            object.__setattr__(self, name, as_fraction(name, getattr(self, name)))
        for name in ("entrant_in", "incumbent_in"):
            vals = getattr(self, name)
            if isinstance(vals, str | bytes) or not hasattr(vals, "__len__"):
                raise TypeError(f"`{name}` must be a sequence of payoffs, one per long-run action")
            object.__setattr__(self, name, tuple(as_fraction(name, v) for v in vals))
        n = len(self.entrant_in)
        if n < 2:
            raise ParameterError("entrant_in", n, "at least 2 long-run actions")
        if len(self.incumbent_in) != n:
            raise ParameterError("incumbent_in", len(self.incumbent_in), f"length {n} (as entrant_in)",
                                 "one payoff per long-run action")
        a = self.commitment_action
        if isinstance(a, bool) or not isinstance(a, numbers.Integral) or not 0 <= a < n:
            raise ParameterError("commitment_action", a, f"an integer 0 <= commitment_action < {n}")
        object.__setattr__(self, "commitment_action", int(a))
        names = tuple(self.actions) if self.actions else tuple(f"a{i}" for i in range(n))
        if len(names) != n:
            raise ParameterError("actions", names, f"{n} names (one per long-run action)")
        object.__setattr__(self, "actions", names)
        self._check_outcomes(names)
        aN = self.normal_action
        if not self.entrant_in[a] < self.entrant_out < self.entrant_in[aN]:
            raise ParameterError(
                "entrant_in", tuple(map(str, self.entrant_in)),
                "entrant_in[commitment] < entrant_out < entrant_in[normal best other action]",
                "assumption (A1): the short-run player must be deterred by the commitment action only",
            )
        if not self.incumbent_in[a] < self.incumbent_in[aN]:
            raise ParameterError(
                "incumbent_in", tuple(map(str, self.incumbent_in)),
                "incumbent_in[commitment] < max of incumbent_in over the other actions",
                "assumption (A2): the commitment action must be costly in the stage game",
            )
        if not self.incumbent_out > self.incumbent_in[aN]:
            raise ParameterError(
                "incumbent_out", str(self.incumbent_out),
                f"incumbent_out > incumbent_in[normal action] = {self.incumbent_in[aN]}",
                "assumption (A3): the long-run player must prefer deterrence",
            )

    def _check_outcomes(self, names: tuple[str, ...]) -> None:
        esc = self.escalatory
        esc = frozenset([esc]) if isinstance(esc, str) else frozenset(esc)
        if self.outcomes is None:
            if esc:
                raise ParameterError("escalatory", sorted(esc), "empty when no `outcomes` are named")
            object.__setattr__(self, "escalatory", esc)
            return
        pairs = dict(self.outcomes)
        keys = ("out", *names)
        if set(pairs) != set(keys):
            raise ParameterError("outcomes", sorted(pairs), f"one outcome name for each of {list(keys)}")
        known = set(pairs.values())
        unknown = sorted(esc - known)
        if unknown:
            raise ParameterError("escalatory", unknown[0], f"names among the outcomes {sorted(known)}")
        object.__setattr__(self, "outcomes", tuple((k, str(pairs[k])) for k in keys))
        object.__setattr__(self, "escalatory", esc)

    @property
    def normal_action(self) -> int:
        """``a^N``: the normal type's best stage action other than the commitment action."""
        others = [i for i in range(len(self.incumbent_in)) if i != self.commitment_action]
        return max(others, key=lambda i: (self.incumbent_in[i], -i))

    @property
    def deterrence_threshold(self) -> Fraction:
        """``q*``: the short-run player is indifferent when Pr(commitment action | in) = q*."""
        a, aN = self.commitment_action, self.normal_action
        hi, lo = self.entrant_in[aN], self.entrant_in[a]
        return (hi - self.entrant_out) / (hi - lo)


def chain_store_game(horizon: int, a: object, b: object, prior: object, delta: object = 1, *,
                     outcomes: dict[str, str] | None = None, escalatory: frozenset[str] | set[str] = frozenset(),
                     ) -> ReputationGame:
    """Kreps & Wilson (1982) chain store: entrant Out 0, In&Acquiesce b, In&Fight b-1;
    weak incumbent Out a, Acquiesce 0, Fight -1; the tough type always fights.

    ``outcomes`` (keys ``"out"``, ``"fight"``, ``"acquiesce"``) and ``escalatory`` name the
    period outcomes (see :class:`ReputationGame`)."""
    bf = as_fraction("b", b)
    return ReputationGame(
        horizon=horizon, prior=prior, entrant_out=0, entrant_in=(bf - 1, bf),
        incumbent_out=a, incumbent_in=(-1, 0), commitment_action=0, delta=delta,
        actions=("fight", "acquiesce"), outcomes=None if outcomes is None else tuple(outcomes.items()),
        escalatory=frozenset(escalatory),
    )
