"""Repeated games with public monitoring: a stage game, a discount factor, and p(y | a).

A :class:`RepeatedGame` is plain data (no solving). It holds

* ``stage`` -- the stage game, a :class:`~deterrence_games.games.normal_form.BimatrixGame`
  with ``m`` row actions and ``n`` column actions;
* ``delta`` -- the common discount factor, 0 < delta < 1. A *continuation probability*
  (the chance that the relationship lasts another period) enters the same way; see
  :meth:`RepeatedGame.from_continuation_probability`;
* ``monitoring`` -- a :class:`PublicMonitoring`: an array ``distribution`` of shape
  ``(m, n, |Y|)`` with ``distribution[i, j, y] = p(y | a = (i, j))`` and labels for the
  public signals ``y``. Perfect monitoring is the special case ``Y = A`` with
  ``p(y | a) = 1{y = a}`` (:func:`perfect_monitoring`).

Values are normalised by ``(1 - delta)`` throughout the package (average discounted
payoffs), as in Mailath & Samuelson (2006) and Abreu, Pearce & Stacchetti (1990).

Monitoring constructors (the toolkit's verification / incident-reporting knobs;
see ``docs/models/noisy_security_dilemma.md`` and ``docs/models/incident_verification.md``):

* :func:`incident_monitoring` -- a binary public signal "no incident / incident" with a
  false-alarm rate (incident when nobody defected) and a detection rate (incident when
  one side defected). In Mailath & Samuelson's notation p = 1 - false_alarm and
  q = 1 - detection.
* :func:`verified_incident_monitoring` -- incidents are re-examined by a neutral verifier who
  certifies a true accident as an accident with probability ``rho`` and misclassifies a real
  violation as an accident with probability ``nu``. Signals: ``quiet``, ``excused``
  (incident certified as an accident) and ``incident`` (uncertified incident). Its binary
  coarsening "uncertified incident or not" has p = 1 - alpha (1 - rho) and
  q = 1 - d (1 - nu), the formulas of ``incident_verification``.

Examples
--------
>>> from deterrence_games.games import BimatrixGame
>>> pd = BimatrixGame([[3, 0], [4, 1]], [[3, 4], [0, 1]], ("C", "D"), ("C", "D"))
>>> g = RepeatedGame(pd, 0.9, incident_monitoring(pd.shape, false_alarm=0.1, detection=0.5))
>>> g
<RepeatedGame: 2x2 stage game, delta=0.9, 2 public signals ('no_incident', 'incident')>
>>> g.signal_probabilities(0, 0)
array([0.9, 0.1])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validation import (
    UNIT,
    IntegerRange,
    ParameterError,
    check_discount_factor,
    check_probability_vector,
    check_scalar,
)
from ._outcomes import outcome_distribution
from .normal_form import BimatrixGame

__all__ = [
    "PublicMonitoring",
    "RepeatedGame",
    "perfect_monitoring",
    "incident_monitoring",
    "verified_incident_monitoring",
]


# ---------------------------------------------------------------------------------------
# Public monitoring
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False, init=False)
class PublicMonitoring:
    """A public monitoring structure ``p(y | a)`` for a two-player stage game.

    Parameters
    ----------
    distribution : array_like, shape (m, n, k)
        ``distribution[i, j, y]`` is the probability of public signal ``y`` when the row
        player plays ``i`` and the column player ``j``. Each ``distribution[i, j]`` must be
        a probability vector.
    signals : sequence of str, optional
        Labels of the ``k`` signals (default ``y0, y1, ...``).

    Attributes
    ----------
    distribution : ndarray, shape (m, n, k), read-only
    signals : tuple of str
    """

    distribution: NDArray[np.float64]
    signals: tuple[str, ...]

    def __init__(self, distribution: ArrayLike, signals: Sequence[str] | None = None) -> None:
        try:
            pi = np.array(distribution, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(
                f"`distribution` must be an array of real numbers (got {distribution!r})"
            ) from None
        if pi.ndim != 3 or 0 in pi.shape:
            raise ParameterError(
                "distribution", pi.shape,
                "a 3-d array of shape (m, n, k) with m, n, k >= 1",
                "distribution[i, j, y] = p(y | row action i, column action j)",
            )
        if not np.isfinite(pi).all():
            raise ParameterError("distribution", pi, "finite entries (no NaN or inf)")
        if (pi < -1e-9).any() or (pi > 1 + 1e-9).any():
            raise ParameterError("distribution", pi, "0 <= entries <= 1")
        sums = pi.sum(axis=2)
        bad = np.argwhere(np.abs(sums - 1.0) > 1e-9)
        if bad.size:
            i, j = bad[0]
            raise ParameterError(
                "distribution", pi,
                f"p(. | a) summing to 1 for every profile a (profile ({i}, {j}) sums to {sums[i, j]:.12g})",
            )
        pi = np.clip(pi, 0.0, 1.0)
        k = pi.shape[2]
        labels = tuple(str(s) for s in signals) if signals is not None else tuple(f"y{s}" for s in range(k))
        if len(labels) != k:
            raise ParameterError("signals", labels, f"{k} labels, one per signal (last axis of `distribution`)")
        if len(set(labels)) != k:
            raise ParameterError("signals", labels, "distinct labels")
        pi.setflags(write=False)
        object.__setattr__(self, "distribution", pi)
        object.__setattr__(self, "signals", labels)

    @property
    def shape(self) -> tuple[int, int]:
        """The stage game's shape ``(m, n)``."""
        return self.distribution.shape[:2]  # type: ignore[return-value]

    @property
    def num_signals(self) -> int:
        return self.distribution.shape[2]

    @property
    def is_perfect(self) -> bool:
        """True if the signal reveals the action profile (each signal has one profile)."""
        pi = self.distribution
        m, n, k = pi.shape
        if not np.all((pi == 0) | (pi == 1)):
            return False
        owners = pi.reshape(m * n, k).sum(axis=0)
        return bool(np.all(owners <= 1))

    def signal_index(self, signal: str | int) -> int:
        """Index of a signal given by label or index.

        Parameters
        ----------
        signal : str or int
            A signal label, or an index ``0 <= signal < num_signals``.

        Returns
        -------
        int

        Raises
        ------
        ParameterError
            An unknown label or an index out of range.
        """
        if isinstance(signal, str):
            if signal not in self.signals:
                raise ParameterError("signal", signal, f"one of {self.signals}")
            return self.signals.index(signal)
        return int(check_scalar("signal", signal, IntegerRange(0, self.num_signals - 1)))

    def coarsen(self, groups: dict[str, Sequence[str]]) -> PublicMonitoring:
        """Merge signals: ``groups`` maps each new label to the old labels it pools.

        Every old signal must appear in exactly one group. A coarsening is a garbling, so
        it never adds information (Blackwell).

        Parameters
        ----------
        groups : dict of str to sequence of str
            New label -> the old labels it pools (a partition of the signals).

        Returns
        -------
        PublicMonitoring

        Raises
        ------
        ParameterError
            ``groups`` is not a partition of the signals.
        """
        old = [s for g in groups.values() for s in g]
        if sorted(old) != sorted(self.signals):
            raise ParameterError(
                "groups", groups, f"a partition of the signals {self.signals}",
                "each old signal must appear in exactly one group",
            )
        pi = np.stack(
            [sum(self.distribution[..., self.signals.index(s)] for s in g) for g in groups.values()],
            axis=-1,
        )
        return PublicMonitoring(pi, tuple(groups))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PublicMonitoring):
            return NotImplemented
        return bool(np.array_equal(self.distribution, other.distribution) and self.signals == other.signals)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        m, n = self.shape
        kind = "perfect " if self.is_perfect else ""
        return f"<{kind}PublicMonitoring: {m}x{n} profiles -> {self.num_signals} signals {self.signals}>"


def perfect_monitoring(stage: BimatrixGame) -> PublicMonitoring:
    """Perfect monitoring: the public signal is the action profile, ``p(y | a) = 1{y = a}``.

    Signal labels are ``"<row action>,<column action>"``.

    Parameters
    ----------
    stage : BimatrixGame
        The stage game.

    Returns
    -------
    PublicMonitoring
        One signal per action profile, observed without error.
    """
    if not isinstance(stage, BimatrixGame):
        raise TypeError(f"`stage` must be a BimatrixGame (got {type(stage).__name__})")
    m, n = stage.shape
    pi = np.eye(m * n).reshape(m, n, m * n)
    labels = tuple(f"{r},{c}" for r in stage.row_actions for c in stage.column_actions)
    return PublicMonitoring(pi, labels)


def _shape_arg(shape: tuple[int, int] | BimatrixGame) -> tuple[int, int]:
    if isinstance(shape, BimatrixGame):
        return shape.shape
    try:
        m, n = (int(s) for s in shape)
    except (TypeError, ValueError):
        raise TypeError(f"`shape` must be a BimatrixGame or a pair (m, n) (got {shape!r})") from None
    if m < 1 or n < 1:
        raise ParameterError("shape", shape, "m >= 1 and n >= 1")
    return m, n


def _defectors(shape: tuple[int, int], cooperative: tuple[int, int]) -> NDArray[np.int_]:
    """Number of players not playing their cooperative action at each profile, shape (m, n)."""
    m, n = shape
    try:
        c_row, c_col = (int(c) for c in cooperative)
    except (TypeError, ValueError):
        raise TypeError(f"`cooperative` must be a pair of action indices (got {cooperative!r})") from None
    if not (0 <= c_row < m and 0 <= c_col < n):
        raise ParameterError("cooperative", cooperative, f"indices with 0 <= i < {m} and 0 <= j < {n}")
    return (np.arange(m)[:, None] != c_row).astype(int) + (np.arange(n)[None, :] != c_col).astype(int)


def incident_monitoring(
    shape: tuple[int, int] | BimatrixGame,
    false_alarm: float,
    detection: float,
    detection_both: float | None = None,
    cooperative: tuple[int, int] = (0, 0),
) -> PublicMonitoring:
    """Binary public signal ``no_incident`` / ``incident``.

    Parameters
    ----------
    shape : BimatrixGame or (m, n)
        The stage game (or its shape).
    false_alarm : float in [0, 1]
        P(incident | both cooperate) = alpha = 1 - p: an incident with nobody at fault.
    detection : float in [0, 1]
        P(incident | exactly one player defects) = 1 - q.
    detection_both : float in [0, 1], optional
        P(incident | both defect) = 1 - r. Default ``1 - (1 - detection)**2`` (each
        defection independently detected). Trigger strategies that ignore signals during the
        pause never use it.
    cooperative : (int, int)
        Indices of the cooperative (restraint) action of each player; any other action
        counts as a defection. Default ``(0, 0)``.

    Notes
    -----
    With ``p = 1 - false_alarm`` and ``q = 1 - detection`` this is Mailath & Samuelson's
    (2006, §7.2) good / bad signal: Pr(good | CC) = p, Pr(good | CD) = Pr(good | DC) = q.
    The signal is informative about a unilateral defection iff p > q.
    """
    m, n = _shape_arg(shape)
    alpha = check_scalar("false_alarm", false_alarm, UNIT, "it is P(incident | nobody defects)")
    d = check_scalar("detection", detection, UNIT, "it is P(incident | one player defects)")
    if detection_both is None:
        d2 = 1.0 - (1.0 - d) ** 2
    else:
        d2 = check_scalar("detection_both", detection_both, UNIT, "it is P(incident | both defect)")
    k = _defectors((m, n), cooperative)
    incident = np.choose(k, [alpha, d, d2])
    return PublicMonitoring(np.stack([1.0 - incident, incident], axis=-1), ("no_incident", "incident"))


def verified_incident_monitoring(
    shape: tuple[int, int] | BimatrixGame,
    alpha: float,
    d: float,
    rho: float,
    nu: float,
    d_both: float | None = None,
    cooperative: tuple[int, int] = (0, 0),
    coarse: bool = False,
) -> PublicMonitoring:
    """Incidents re-examined by a neutral verifier (a reconstruction).

    Parameters
    ----------
    shape : BimatrixGame or (m, n)
        The stage game (or its shape).
    alpha : float in [0, 1]
        Probability of an accidental incident when both cooperate.
    d : float in [0, 1]
        Probability that a real (unilateral) defection produces an incident.
    rho : float in [0, 1]
        Probability that the verifier certifies a true accident as an accident.
    nu : float in [0, 1]
        Probability that the verifier misclassifies a real violation as an accident.
    d_both : float in [0, 1], optional
        Probability of an incident when both defect; default ``1 - (1 - d)**2``.
    cooperative : (int, int)
        Indices of each player's cooperative action.
    coarse : bool
        If False (default) the public signals are ``quiet`` (no incident), ``excused``
        (incident certified as an accident) and ``incident`` (uncertified incident). If True,
        ``quiet`` and ``excused`` are pooled into ``no_incident`` (the binary signal the
        trigger strategies of ``incident_verification`` use).

    Notes
    -----
    Assumption: in a period with a real defection there is no
    *separate* accidental incident -- ``d`` already includes it. Then the binary signal has
    p = P(no uncertified incident | CC) = 1 - alpha (1 - rho) and
    q = P(no uncertified incident | one defection) = 1 - d (1 - nu).
    """
    m, n = _shape_arg(shape)
    alpha = check_scalar("alpha", alpha, UNIT, "it is the accidental-incident probability")
    d = check_scalar("d", d, UNIT, "it is the probability that a defection causes an incident")
    rho = check_scalar("rho", rho, UNIT, "it is the probability that an accident is certified")
    nu = check_scalar("nu", nu, UNIT, "it is the probability that a violation is excused")
    if d_both is None:
        d2 = 1.0 - (1.0 - d) ** 2
    else:
        d2 = check_scalar("d_both", d_both, UNIT, "it is P(incident | both defect)")
    k = _defectors((m, n), cooperative)
    incident = np.choose(k, [alpha, d, d2])
    excuse = np.where(k == 0, rho, nu)
    pi = np.stack([1.0 - incident, incident * excuse, incident * (1.0 - excuse)], axis=-1)
    mon = PublicMonitoring(pi, ("quiet", "excused", "incident"))
    if coarse:
        return mon.coarsen({"no_incident": ("quiet", "excused"), "incident": ("incident",)})
    return mon


# ---------------------------------------------------------------------------------------
# Repeated game
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False, init=False)
class RepeatedGame:
    """An infinitely repeated two-player game with public monitoring.

    Parameters
    ----------
    stage : BimatrixGame
        The stage game, shape ``(m, n)``.
    delta : float
        Common discount factor, ``0 < delta < 1``. Values are normalised by ``1 - delta``.
    monitoring : PublicMonitoring or array_like of shape (m, n, k), optional
        The public monitoring structure ``p(y | a)``. Default: perfect monitoring.
    signals : sequence of str, optional
        Signal labels when ``monitoring`` is given as an array.
    outcomes, escalatory : optional
        Named outcomes of the stage profiles and the escalatory ones (see
        :class:`~deterrence_games.games.normal_form.BimatrixGame`); default: the stage
        game's own.

    Attributes
    ----------
    stage : BimatrixGame
    delta : float
    monitoring : PublicMonitoring

    Notes
    -----
    Interface used by the solvers (automata in :mod:`deterrence_games.solvers.automata`,
    payoff sets in :mod:`deterrence_games.solvers.payoff_sets`):

    * ``game.payoff_arrays`` -- ``(A, B)``, each shape ``(m, n)``;
    * ``game.delta`` -- the discount factor;
    * ``game.distribution`` -- ``p(y | a)``, shape ``(m, n, k)``;
    * ``game.signals`` -- the signal labels; ``game.is_perfect_monitoring``.
    """

    stage: BimatrixGame
    delta: float
    monitoring: PublicMonitoring

    def __init__(
        self,
        stage: BimatrixGame,
        delta: float,
        monitoring: PublicMonitoring | ArrayLike | None = None,
        signals: Sequence[str] | None = None,
        *,
        outcomes: ArrayLike | Callable[[str, str], str] | None = None,
        escalatory: Iterable[str] = (),
    ) -> None:
        if not isinstance(stage, BimatrixGame):
            raise TypeError(f"`stage` must be a BimatrixGame (got {type(stage).__name__})")
        if outcomes is not None or escalatory:
            stage = BimatrixGame(stage.A, stage.B, stage.row_actions, stage.column_actions, stage.name,
                                 outcomes=outcomes, escalatory=escalatory)
        delta = check_discount_factor("delta", delta)
        if monitoring is None:
            mon = perfect_monitoring(stage)
        elif isinstance(monitoring, PublicMonitoring):
            if signals is not None:
                raise TypeError("`signals` is only accepted when `monitoring` is an array")
            mon = monitoring
        else:
            mon = PublicMonitoring(monitoring, signals)
        if mon.shape != stage.shape:
            raise ParameterError(
                "monitoring", mon.shape, f"profiles of shape {stage.shape} (the stage game's shape)",
                "monitoring.distribution must have shape (m, n, k) for an m x n stage game",
            )
        object.__setattr__(self, "stage", stage)
        object.__setattr__(self, "delta", delta)
        object.__setattr__(self, "monitoring", mon)

    @classmethod
    def from_continuation_probability(
        cls,
        stage: BimatrixGame,
        continuation: float,
        monitoring: PublicMonitoring | ArrayLike | None = None,
        signals: Sequence[str] | None = None,
        discount: float = 1.0,
    ) -> RepeatedGame:
        """A game that continues each period with probability ``continuation``.

        With time preference ``discount`` in (0, 1] the effective discount factor is
        ``delta = discount * continuation``; it must lie in (0, 1).

        Parameters
        ----------
        stage : BimatrixGame
            The stage game.
        continuation : float
            Probability of another period, in [0, 1] (sustained engagement).
        monitoring : PublicMonitoring or array_like, optional
            Public monitoring ``p(y | a)`` (default: perfect monitoring).
        signals : sequence of str, optional
            Signal labels when ``monitoring`` is an array.
        discount : float, default 1
            Per-period time preference, in [0, 1].

        Returns
        -------
        RepeatedGame

        Raises
        ------
        ParameterError
            ``continuation * discount`` outside (0, 1).
        """
        c = check_scalar("continuation", continuation, UNIT, "it is the probability of another period")
        r = check_scalar("discount", discount, UNIT, "it is the per-period time preference factor")
        delta = c * r
        if not 0.0 < delta < 1.0:
            raise ParameterError(
                "continuation", continuation, "0 < continuation * discount < 1",
                f"the effective discount factor is {delta!r}",
            )
        return cls(stage, delta, monitoring, signals)

    # interface for solvers ---------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, int]:
        return self.stage.shape

    @property
    def payoff_arrays(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """``(A, B)``: the row and column player's stage payoffs."""
        return self.stage.A, self.stage.B

    @property
    def distribution(self) -> NDArray[np.float64]:
        """``p(y | a)``, shape ``(m, n, k)`` (read-only)."""
        return self.monitoring.distribution

    @property
    def signals(self) -> tuple[str, ...]:
        return self.monitoring.signals

    @property
    def num_signals(self) -> int:
        return self.monitoring.num_signals

    @property
    def is_perfect_monitoring(self) -> bool:
        return self.monitoring.is_perfect

    def signal_probabilities(self, x: ArrayLike | int, y: ArrayLike | int) -> NDArray[np.float64]:
        """Distribution of the public signal under a (possibly mixed) profile.

        ``x`` and ``y`` are action indices or mixed strategies of the row / column player.

        Parameters
        ----------
        x, y : int or array_like
            Row and column player's action index or mixed strategy.

        Returns
        -------
        numpy.ndarray
            One probability per public signal.
        """
        m, n = self.shape
        xv = self._mixed("x", x, m)
        yv = self._mixed("y", y, n)
        return np.einsum("i,j,ijk->k", xv, yv, self.distribution)

    @staticmethod
    def _mixed(name: str, s: ArrayLike | int, size: int) -> NDArray[np.float64]:
        if isinstance(s, int | np.integer) and not isinstance(s, bool):
            i = int(check_scalar(name, s, IntegerRange(0, size - 1)))
            v = np.zeros(size)
            v[i] = 1.0
            return v
        v = check_probability_vector(name, s)
        if v.size != size:
            raise ParameterError(name, v, f"a mixed strategy of length {size}")
        return v

    @property
    def outcome_names(self) -> NDArray[np.str_] | None:
        """Named outcome of each stage profile (the stage game's), or None."""
        return self.stage.outcome_names

    @property
    def escalatory(self) -> frozenset[str]:
        """Escalatory stage outcomes (the stage game's)."""
        return self.stage.escalatory

    def outcome_frequencies(self, profile_distribution: ArrayLike) -> dict[str, float]:
        """Aggregate a distribution over stage profiles, shape (m, n), by outcome name.

        Applied to the long-run frequency of profiles (e.g.
        ``AutomatonAnalysis.profile_distribution``) it gives the long-run frequency of each
        named stage outcome.

        Parameters
        ----------
        profile_distribution : array_like, shape (m, n)
            Probability (or frequency) of each stage profile.

        Returns
        -------
        dict of str to float
            Outcome name -> frequency.
        """
        P = np.asarray(profile_distribution, dtype=float)
        if P.shape != self.shape:
            raise ParameterError("profile_distribution", P.shape, f"shape {self.shape} (one entry per stage profile)")
        return outcome_distribution(self.outcome_names, P)

    def with_delta(self, delta: float) -> RepeatedGame:
        """The same game with another discount factor.

        Parameters
        ----------
        delta : float
            Discount factor, ``0 < delta < 1``.

        Returns
        -------
        RepeatedGame
        """
        return RepeatedGame(self.stage, delta, self.monitoring)

    def with_monitoring(self, monitoring: PublicMonitoring | ArrayLike, signals: Sequence[str] | None = None) -> RepeatedGame:
        """The same game with another monitoring structure.

        Parameters
        ----------
        monitoring : PublicMonitoring or array_like
            Public monitoring ``p(y | a)``, shape (m, n, signals) for an array.
        signals : sequence of str, optional
            Signal labels when ``monitoring`` is an array.

        Returns
        -------
        RepeatedGame
        """
        return RepeatedGame(self.stage, self.delta, monitoring, signals)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RepeatedGame):
            return NotImplemented
        return self.stage == other.stage and self.delta == other.delta and self.monitoring == other.monitoring

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        m, n = self.shape
        mon = "perfect monitoring" if self.is_perfect_monitoring else (
            f"{self.num_signals} public signal{'s' if self.num_signals != 1 else ''} {self.signals}"
        )
        return f"<RepeatedGame: {m}x{n} stage game, delta={self.delta:g}, {mon}>"

    def __str__(self) -> str:
        lines = [repr(self), str(self.stage)]
        with np.printoptions(precision=6, suppress=True):
            for i, r in enumerate(self.stage.row_actions):
                for j, c in enumerate(self.stage.column_actions):
                    lines.append(f"p(y | {r},{c}) = {self.distribution[i, j]}")
        return "\n".join(lines)
