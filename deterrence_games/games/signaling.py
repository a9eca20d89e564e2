"""Finite signaling (sender-receiver) games.

Timing. Nature draws the sender's type ``t`` with probability ``prior[t]``; the sender,
knowing ``t``, sends a message ``m`` among the messages available to ``t``; the receiver
observes ``k`` drawn from ``P(k | t, m)`` (the *observation*; without garbling ``k = m``)
and chooses an action ``a``. Payoffs are ``u_S[t, m, a]`` and ``u_R[t, m, a]``.

Indexing convention: every payoff array has shape ``(n_types, n_messages, n_actions)``;
the observation kernel has shape ``(n_types, n_messages, n_observations)``. A receiver
*information set* is an observation ``k``; its *nodes* are the (type, message) pairs
``(t, m)`` that are available and reach ``k`` with positive probability.

Transparency enters through ``garbling``:

* a row-stochastic matrix ``G`` of shape ``(n_messages, n_observations)`` (or an
  :class:`~deterrence_games.games.information.InformationStructure` whose states are the
  messages): the receiver sees a noisy report of the message, ``P(k | t, m) = G[m, k]``;
* a kernel of shape ``(n_types, n_messages, n_observations)``: the general case, e.g. the
  receiver sees the message *and* an exogenous signal of the type, built with
  :func:`type_signal_garbling`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validation import (
    ParameterError,
    check_finite_array,
    check_probability_vector,
    check_stochastic_matrix,
)
from ._outcomes import check_outcomes, outcome_distribution
from .information import InformationStructure

__all__ = ["SignalingGame", "type_signal_garbling"]


def _labels(name: str, values: Sequence[str] | int, prefix: str) -> tuple[str, ...]:
    if isinstance(values, int) and not isinstance(values, bool):
        if values < 1:
            raise ParameterError(name, values, f"at least one {prefix}")
        return tuple(f"{prefix}{i}" for i in range(values))
    if isinstance(values, str):
        raise TypeError(f"`{name}` must be a sequence of labels or a count (got the string {values!r})")
    try:
        labels = tuple(str(v) for v in values)
    except TypeError:
        raise TypeError(f"`{name}` must be a sequence of labels or a count (got {values!r})") from None
    if not labels:
        raise ParameterError(name, labels, "a non-empty sequence of labels")
    if len(set(labels)) != len(labels):
        raise ParameterError(name, labels, "distinct labels")
    return labels


def _payoffs(name: str, values: ArrayLike, shape: tuple[int, int, int]) -> NDArray[np.float64]:
    arr = check_finite_array(name, values, ndim=3)
    if arr.shape != shape:
        raise ParameterError(name, arr.shape, f"shape {shape} = (n_types, n_messages, n_actions)")
    return arr


def type_signal_garbling(likelihood: ArrayLike | InformationStructure, n_messages: int,
                         messages: Sequence[str] | None = None) -> tuple[NDArray[np.float64], tuple[str, ...]]:
    """Observation kernel for "the receiver sees the message and a signal of the type".

    Parameters
    ----------
    likelihood : array_like (n_types, n_signals) or InformationStructure
        ``L[t, y] = P(y | t)``, the exogenous signal of the sender's type (transparency).
    n_messages : int
        Number of messages.
    messages : sequence of str, optional
        Message labels, used to name the observations ``"<message>|<signal>"``.

    Returns
    -------
    kernel : ndarray, shape (n_types, n_messages, n_messages * n_signals)
        ``kernel[t, m, m * n_signals + y] = L[t, y]``; pass it as ``garbling``.
    observations : tuple of str
        Labels of the observations.
    """
    if isinstance(likelihood, InformationStructure):
        L, signals = likelihood.likelihood, likelihood.signals
    else:
        L = check_stochastic_matrix("likelihood", likelihood)
        signals = tuple(f"y{j}" for j in range(L.shape[1]))
    n_t, n_y = L.shape
    msgs = tuple(messages) if messages is not None else tuple(f"m{i}" for i in range(n_messages))
    if len(msgs) != n_messages:
        raise ParameterError("messages", msgs, f"{n_messages} labels")
    kernel = np.zeros((n_t, n_messages, n_messages * n_y))
    for m in range(n_messages):
        kernel[:, m, m * n_y:(m + 1) * n_y] = L
    obs = tuple(f"{msg}|{y}" for msg in msgs for y in signals)
    return kernel, obs


@dataclass(frozen=True, eq=False, init=False)
class SignalingGame:
    """A finite signaling game with an optional garbled observation of the message.

    Parameters
    ----------
    types, messages, actions : sequence of str or int
        Labels (or counts) of the sender's types, the messages and the receiver's actions.
    prior : array_like, shape (n_types,)
        Prior over types; every entry must be positive.
    u_S, u_R : array_like, shape (n_types, n_messages, n_actions)
        Sender's and receiver's payoffs ``u[t, m, a]``.
    available : array_like of bool, shape (n_types, n_messages), optional
        ``available[t, m]`` is True if type ``t`` may send ``m`` (default: all). Every type
        needs at least one message.
    message_costs : array_like, shape (n_types, n_messages) or (n_messages,), optional
        A cost ``c(t, m)`` subtracted from the sender's payoff (``u_S`` stored net of it).
    garbling : array_like or InformationStructure, optional
        What the receiver observes: a row-stochastic ``(n_messages, n_observations)``
        matrix (a noisy report of the message), or a ``(n_types, n_messages,
        n_observations)`` kernel ``P(k | t, m)`` (see :func:`type_signal_garbling`).
        Default: the receiver sees the message.
    observations : sequence of str, optional
        Labels of the observations (default: the messages when ungarbled, else ``o0, ...``).
    sender, receiver, name : str
        Labels for reprs and for the ``.efg`` export.
    outcomes : array_like of str, shape (n_types, n_messages, n_actions), or callable, optional
        The named terminal outcome of each ``(t, m, a)`` (e.g. ``"war"``), or a function
        ``f(type, message, action) -> name`` of the labels. Default: none (outcome
        queries then raise).
    escalatory : iterable of str, optional
        The outcomes that count as escalation.

    Attributes
    ----------
    dropped_observations : tuple of str
        Observations of probability zero under every type and message (e.g. a hotline that
        works with probability ``h = 0``), removed from the game; ``notes`` says so.

    Examples
    --------
    The beer-quiche game of Cho and Kreps (1987):

    >>> import numpy as np
    >>> u_S = [[[1, 3], [0, 2]], [[0, 2], [1, 3]]]     # weak prefers quiche, strong beer
    >>> u_R = [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]     # duel the weak, not the strong
    >>> g = SignalingGame(["weak", "strong"], [0.1, 0.9], ["quiche", "beer"],
    ...                   ["duel", "not"], u_S, u_R)
    >>> g.shape
    (2, 2, 2)
    """

    types: tuple[str, ...]
    prior: NDArray[np.float64]
    messages: tuple[str, ...]
    actions: tuple[str, ...]
    u_S: NDArray[np.float64]
    u_R: NDArray[np.float64]
    available: NDArray[np.bool_]
    observation_kernel: NDArray[np.float64]
    observations: tuple[str, ...]
    garbled: bool
    sender: str
    receiver: str
    name: str
    outcome_names: NDArray[np.str_] | None
    escalatory: frozenset[str]
    dropped_observations: tuple[str, ...]
    notes: tuple[str, ...]

    def __init__(
        self,
        types: Sequence[str] | int,
        prior: ArrayLike,
        messages: Sequence[str] | int,
        actions: Sequence[str] | int,
        u_S: ArrayLike,
        u_R: ArrayLike,
        *,
        available: ArrayLike | None = None,
        message_costs: ArrayLike | None = None,
        garbling: ArrayLike | InformationStructure | None = None,
        observations: Sequence[str] | None = None,
        sender: str = "Sender",
        receiver: str = "Receiver",
        name: str = "",
        outcomes: ArrayLike | Callable[[str, str, str], str] | None = None,
        escalatory: Iterable[str] = (),
    ) -> None:
        T = _labels("types", types, "t")
        M = _labels("messages", messages, "m")
        A = _labels("actions", actions, "a")
        nT, nM, nA = len(T), len(M), len(A)
        p = check_probability_vector("prior", prior)
        if p.size != nT:
            raise ParameterError("prior", p, f"a probability vector of length {nT} (one entry per type)")
        if (p <= 0).any():
            raise ParameterError("prior", p, "entries > 0", "drop types of prior probability zero")
        uS = _payoffs("u_S", u_S, (nT, nM, nA))
        uR = _payoffs("u_R", u_R, (nT, nM, nA))

        if available is None:
            av = np.ones((nT, nM), dtype=bool)
        else:
            av_raw = np.asarray(available)
            if av_raw.shape != (nT, nM):
                raise ParameterError("available", av_raw.shape, f"shape ({nT}, {nM}) = (n_types, n_messages)")
            if av_raw.dtype != bool and not np.isin(av_raw, (0, 1)).all():
                raise ParameterError("available", av_raw, "a boolean mask (entries True/False or 0/1)")
            av = av_raw.astype(bool)
            empty = np.flatnonzero(~av.any(axis=1))
            if empty.size:
                raise ParameterError("available", av, "at least one available message per type",
                                     f"type {T[empty[0]]!r} has none")

        if message_costs is not None:
            try:
                c = np.array(message_costs, dtype=float)
            except (TypeError, ValueError):
                raise TypeError(f"`message_costs` must be an array of real numbers (got {message_costs!r})") from None
            if c.shape == (nM,):
                c = np.broadcast_to(c, (nT, nM))
            if c.shape != (nT, nM):
                raise ParameterError("message_costs", c.shape, f"shape ({nT}, {nM}) or ({nM},)")
            if not np.isfinite(c).all():
                raise ParameterError("message_costs", c, "finite entries (no NaN or inf)")
            uS = uS - c[:, :, None]

        if garbling is None:
            kernel = np.broadcast_to(np.eye(nM), (nT, nM, nM)).copy()
            obs = M if observations is None else tuple(observations)
            garbled = False
        else:
            if isinstance(garbling, InformationStructure):
                G = garbling.likelihood
                if G.shape[0] != nM:
                    raise ParameterError("garbling", G.shape, f"an information structure on the {nM} messages")
                kernel = np.broadcast_to(G, (nT, nM, G.shape[1])).copy()
                default_obs = garbling.signals
            else:
                try:
                    G = np.array(garbling, dtype=float)
                except (TypeError, ValueError):
                    raise TypeError(f"`garbling` must be an array of probabilities (got {garbling!r})") from None
                if G.ndim == 2:
                    if G.shape[0] != nM:
                        raise ParameterError("garbling", G.shape, f"shape ({nM}, n_observations): one row per message")
                    G = check_stochastic_matrix("garbling", G)
                    kernel = np.broadcast_to(G, (nT, nM, G.shape[1])).copy()
                elif G.ndim == 3:
                    if G.shape[:2] != (nT, nM):
                        raise ParameterError("garbling", G.shape, f"shape ({nT}, {nM}, n_observations)")
                    flat = check_stochastic_matrix("garbling", G.reshape(nT * nM, -1))
                    kernel = flat.reshape(G.shape)
                else:
                    raise ParameterError("garbling", G.shape, "a 2-d (messages x observations) or 3-d "
                                         "(types x messages x observations) array")
                default_obs = tuple(f"o{k}" for k in range(kernel.shape[2]))
            obs = default_obs if observations is None else tuple(observations)
            garbled = not (kernel.shape[2] == nM and np.array_equal(kernel, np.broadcast_to(np.eye(nM), kernel.shape)))
        nK = kernel.shape[2]
        if len(obs) != nK or len(set(obs)) != nK:
            raise ParameterError("observations", obs, f"{nK} distinct labels, one per observation")
        reach = (kernel * av[:, :, None]).sum(axis=(0, 1)) > 0
        notes: tuple[str, ...] = ()
        dropped: tuple[str, ...] = ()
        if not reach.all():
            k = int(np.flatnonzero(~reach)[0])
            if not garbled:
                raise ParameterError("available", av, "every message available to at least one type",
                                     f"no type can send {obs[k]!r}; drop it")
            # an observation of probability zero under every type and message (a hotline that
            # works with probability h = 0): no information set, so drop it and say so
            dropped = tuple(o for o, r in zip(obs, reach, strict=True) if not r)
            kernel = np.ascontiguousarray(kernel[:, :, reach])
            obs = tuple(o for o, r in zip(obs, reach, strict=True) if r)
            notes = tuple(f"observation {o!r} has probability zero under every type and message; dropped"
                          for o in dropped)
            garbled = not (kernel.shape[2] == nM and np.array_equal(kernel, np.broadcast_to(np.eye(nM), kernel.shape)))
        names, esc = check_outcomes(outcomes, escalatory, (T, M, A), "(n_types, n_messages, n_actions)")
        for arr in (p, uS, uR, av, kernel):
            arr.setflags(write=False)
        for key, val in (("types", T), ("prior", p), ("messages", M), ("actions", A), ("u_S", uS),
                         ("u_R", uR), ("available", av), ("observation_kernel", kernel),
                         ("observations", obs), ("garbled", garbled), ("sender", str(sender)),
                         ("receiver", str(receiver)), ("name", str(name)), ("outcome_names", names),
                         ("escalatory", esc), ("dropped_observations", dropped), ("notes", notes)):
            object.__setattr__(self, key, val)

    # ------------------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, int, int]:
        """``(n_types, n_messages, n_actions)``."""
        return self.u_S.shape  # type: ignore[return-value]

    @property
    def n_observations(self) -> int:
        return self.observation_kernel.shape[2]

    def nodes(self, k: int) -> tuple[tuple[int, int], ...]:
        """The (type, message) nodes of the receiver's information set ``k``.

        Parameters
        ----------
        k : int
            An observation index (a receiver information set).

        Returns
        -------
        tuple of (int, int)
            The available (type, message) pairs that lead to ``k`` with positive probability.
        """
        P = self.observation_kernel
        return tuple((t, m) for t in range(self.shape[0]) for m in range(self.shape[1])
                     if self.available[t, m] and P[t, m, k] > 0)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SignalingGame):
            return NotImplemented
        return bool(
            self.types == other.types and self.messages == other.messages and self.actions == other.actions
            and self.observations == other.observations
            and np.array_equal(self.prior, other.prior) and np.array_equal(self.u_S, other.u_S)
            and np.array_equal(self.u_R, other.u_R) and np.array_equal(self.available, other.available)
            and np.array_equal(self.observation_kernel, other.observation_kernel)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        nT, nM, nA = self.shape
        g = f", {self.n_observations} observations (garbled)" if self.garbled else ""
        nm = f"{self.name} " if self.name else ""
        return f"<{nm}SignalingGame: {nT} types x {nM} messages x {nA} actions{g}>"

    # payoff-level queries --------------------------------------------------------
    def sender_values(self, rho: ArrayLike) -> NDArray[np.float64]:
        """``U[t, m]``: sender's expected payoff from ``m`` given receiver strategy ``rho[k, a]``.

        Parameters
        ----------
        rho : array_like, shape (observations, actions)
            Receiver's behaviour strategy: ``rho[k, a] = P(a | observation k)``.

        Returns
        -------
        numpy.ndarray, shape (types, messages)
        """
        rho = np.asarray(rho, float)
        return np.einsum("tmk,ka,tma->tm", self.observation_kernel, rho, self.u_S)

    def joint(self, sigma: ArrayLike) -> NDArray[np.float64]:
        """``w[t, m, k] = prior[t] sigma[t, m] P(k | t, m)``: joint probability of nodes.

        Parameters
        ----------
        sigma : array_like, shape (types, messages)
            Sender's strategy: ``sigma[t, m] = P(m | type t)``.

        Returns
        -------
        numpy.ndarray, shape (types, messages, observations)
        """
        sigma = np.asarray(sigma, float)
        return self.prior[:, None, None] * sigma[:, :, None] * self.observation_kernel

    def receiver_values(self, sigma: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """``(Pr(k), V[k, a])``: observation probabilities and conditional expected payoffs.

        ``V[k, a]`` is the receiver's expected payoff of ``a`` given ``k`` (zero where
        ``Pr(k) = 0``).

        Parameters
        ----------
        sigma : array_like, shape (types, messages)
            Sender's strategy.

        Returns
        -------
        (numpy.ndarray, numpy.ndarray)
            ``Pr(k)`` of shape (observations,) and ``V`` of shape (observations, actions).
        """
        w = self.joint(sigma)
        pk = w.sum(axis=(0, 1))
        raw = np.einsum("tmk,tma->ka", w, self.u_R)
        V = np.where(pk[:, None] > 0, raw / np.where(pk > 0, pk, 1.0)[:, None], 0.0)
        return pk, V

    def outcome_distribution(self, sigma: ArrayLike, rho: ArrayLike) -> NDArray[np.float64]:
        """``Pr(t, m, k, a)`` under the behaviour profile ``(sigma, rho)``.

        Parameters
        ----------
        sigma : array_like, shape (types, messages)
            Sender's strategy.
        rho : array_like, shape (observations, actions)
            Receiver's strategy.

        Returns
        -------
        numpy.ndarray, shape (types, messages, observations, actions)
        """
        return self.joint(sigma)[:, :, :, None] * np.asarray(rho, float)[None, None, :, :]

    def outcome_probabilities(self, sigma: ArrayLike, rho: ArrayLike) -> dict[str, float]:
        """Probability of each named outcome under the profile ``(sigma, rho)``.

        Parameters
        ----------
        sigma, rho : array_like
            The profile, as in :meth:`outcome_distribution`.

        Returns
        -------
        dict of str to float
            Outcome name -> probability.

        Raises
        ------
        ParameterError
            The game names no ``outcomes``.
        """
        return outcome_distribution(self.outcome_names, self.outcome_distribution(sigma, rho).sum(axis=2))

    def escalation_probability(self, sigma: ArrayLike, rho: ArrayLike) -> float:
        """Mass of the ``escalatory`` outcomes: :meth:`outcome_probabilities` summed over them.

        Parameters
        ----------
        sigma, rho : array_like
            Sender's and receiver's strategies (shapes as in :meth:`outcome_distribution`).

        Returns
        -------
        float
        """
        d = self.outcome_probabilities(sigma, rho)
        return float(sum(p for o, p in d.items() if o in self.escalatory))

    # export ------------------------------------------------------------------------
    def to_efg(self) -> str:
        """The game in Gambit's ``.efg`` text format (version 2, rational numbers).

        Chance draws the type (one chance information set); each type is one sender
        information set whose actions are its available messages; if the game is garbled
        a chance node per (type, message) draws the observation; each observation is one
        receiver information set. Every terminal node has its own outcome
        ``(u_S, u_R)`` (message costs included), labelled with the game's outcome name
        (``"<type>,<message>,<action>"`` when the game names none).
        """
        nT, nM, nA = self.shape
        P = self.observation_kernel

        def q(x: float) -> str:
            return str(Fraction(float(x)).limit_denominator(10**12))

        def probs(v: NDArray) -> list[str]:
            fr = [Fraction(float(x)).limit_denominator(10**9) for x in v]
            fr[-1] = 1 - sum(fr[:-1])
            return [str(f) for f in fr]

        def esc(s: str) -> str:
            return s.replace("\\", "\\\\").replace('"', '\\"')

        lines = [f'EFG 2 R "{esc(self.name or "signaling game")}" {{ "{esc(self.sender)}" "{esc(self.receiver)}" }}',
                 '""', ""]
        lines.append('c "" 1 "type" { ' + " ".join(f'"{esc(t)}" {p}' for t, p in zip(self.types, probs(self.prior), strict=True)) + " } 0")
        outcome = itertools.count(1)
        chance_set = itertools.count(2)
        for t in range(nT):
            msgs = [m for m in range(nM) if self.available[t, m]]
            lines.append(f'p "" 1 {t + 1} "{esc(self.types[t])}" {{ ' + " ".join(f'"{esc(self.messages[m])}"' for m in msgs) + " } 0")
            for m in msgs:
                ks = [k for k in range(self.n_observations) if P[t, m, k] > 0]
                if self.garbled:
                    lines.append(f'c "" {next(chance_set)} "observe {esc(self.types[t])},{esc(self.messages[m])}" {{ '
                                 + " ".join(f'"{esc(self.observations[k])}" {p}' for k, p in zip(ks, probs(P[t, m, ks]), strict=True)) + " } 0")
                for k in ks:
                    lines.append(f'p "" 2 {k + 1} "{esc(self.observations[k])}" {{ ' + " ".join(f'"{esc(a)}"' for a in self.actions) + " } 0")
                    for a in range(nA):
                        o = next(outcome)
                        label = (f"{self.types[t]},{self.messages[m]},{self.actions[a]}" if self.outcome_names is None
                                 else str(self.outcome_names[t, m, a]))
                        lines.append(f't "" {o} "{esc(label)}" '
                                     f'{{ {q(self.u_S[t, m, a])}, {q(self.u_R[t, m, a])} }}')
        return "\n".join(lines) + "\n"
