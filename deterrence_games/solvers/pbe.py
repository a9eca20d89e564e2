r"""Every perfect Bayesian equilibrium of a finite signaling game, certified and refined.

Algorithm (support enumeration for sender-receiver games)
----------------------------------------------------------
Write ``w[t, m] = prior[t] sigma(m | t)`` for the sender's unnormalised joint
probabilities and ``rho[k, a]`` for the receiver's behaviour at observation ``k``. A
profile is a PBE iff

(a) for every type ``t``, each message it uses maximises
    ``U(t, m) = sum_k P(k|t,m) sum_a rho[k,a] u_S[t,m,a]`` -- *linear in rho*;
(b) at every observation ``k`` of positive probability each action the receiver uses
    maximises ``sum_{t,m} w[t,m] P(k|t,m) u_R[t,m,a]`` (Bayes' rule up to the positive
    factor ``Pr(k)``) -- *linear in w*;
(c) at every observation of probability zero, the actions used are best responses to
    *some* belief over the information set's nodes (weak PBE; for an ungarbled game this is
    exactly the textbook PBE of a signaling game).

Fix the *exact* supports: ``S_t`` (messages type ``t`` uses) and ``R_k`` (actions used at
``k``). Then (a) involves only ``rho`` and (b) only ``w``, so the equilibria with those
supports form a product ``W(S, R) x Q(S, R)`` of two polytopes intersected with the open
faces ``w > 0`` on ``S`` and ``rho > 0`` on ``R`` -- the same product structure as in
bimatrix support enumeration. The solver

1. computes, for every observation ``k``, the action sets ``R_k`` that can be
   simultaneously optimal for some belief (an LP per set; supersets of infeasible sets are
   skipped);
2. for every profile ``R = (R_k)`` of such sets -- all profiles at once, as arrays --
   bounds each ``U(t, m)`` over the faces ``Delta(R_k)`` and keeps the messages that can
   reach the payoff the best message guarantees; the sender supports ``S`` are built from
   these messages only, so a pair ``(S, R)`` that no receiver behaviour in ``R`` could
   sustain is never formed (the receiver's best-response regions prune the sender's
   supports);
3. for each ``(S, R)``: the ``R_k`` on the path must be optimal for some belief on the
   nodes ``S`` reaches (for a pure ``S``: at its posterior), then a per-observation
   necessary condition on ``W`` (the belief at ``k`` with the pure types' weights fixed,
   cached per local configuration), then the vertices of the closures of ``W`` (one per
   distinct on-path ``R``) and ``Q`` (their affine hulls are parametrised and every
   square subsystem of tight inequalities is solved); the pair is kept iff both are
   non-empty and the centroid of the vertices (a relative-interior point) has exactly the
   supports ``S`` and ``R``;
4. for each observation off the path, computes the polytope of beliefs that make every
   action of ``R_k`` a best response (linear inequalities plus its vertices).

Completeness. Every PBE has some exact supports ``(S, R)``; steps 1-2 discard only
supports that violate a necessary condition and step 3 is exact up to ``tol``; hence the
returned cells partition the set of PBE strategy profiles: every PBE lies in exactly one
cell, and a cell is the product of the convex hulls of its ``sigma`` and ``rho`` extreme
points (closures included: the boundary points are PBE too, with smaller supports, and
are also returned as their own cells). A cell with more than one extreme point is a
*continuum* (typically the receiver mixing at an off-path message, or a type indifferent
between messages). Exactness is in floating point with tolerance ``tol`` relative to each
player's payoff range (the solver works on the game whose payoffs are mapped affinely onto
[0, 1], which has the same PBE; certificates are reported in the game's own units, so the
cells of ``a + b u`` are those of ``u`` for any ``b > 0``); knife-edge games are handled like any other game because supports are
enumerated, not perturbed.

Many games of one shape (a sweep of a small model over its parameters): :func:`pbe_batch`
applies the tests of step 3 to every support pair, each polytope's vertices for all games
at once, and returns per game the cells of :func:`pbe` (refinement flags and belief regions
are not computed there).

Refinements (ungarbled games): the Cho-Kreps (1987) intuitive criterion in its textbook
outcome form, and the D1 and D2 criteria (Cho-Kreps 1987, Section IV) as restrictions on
the cell's off-path beliefs, applied once (not iterated). Universal divinity (Banks-Sobel
1987) lies between D1 and D2 and NWBR is stronger than D2; neither is computed.

References
----------
Cho, I.-K. and Kreps, D. (1987), "Signaling games and stable equilibria", QJE 102(2).
Banks, J. and Sobel, J. (1987), "Equilibrium selection in signaling games", Econometrica 55(3).
Fudenberg, D. and Tirole, J. (1991), *Game Theory*, Sections 8.2 and 11.2.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from .._validation import Interval, ParameterError, check_scalar, plain
from .._version import __version__
from ..games.signaling import SignalingGame
from ..results import EquilibriumOutcomes, Result, frozen_map
from ._polytope import nonempty, vertices, vertices_batch

__all__ = ["pbe", "PBE", "PBEResult", "BeliefRegion", "pbe_batch", "PBEBatchResult"]


def _ro(a: NDArray) -> NDArray:
    a = np.array(a, dtype=float)
    a.setflags(write=False)
    return a


# ---------------------------------------------------------------------------------------
# Result classes
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class BeliefRegion(Result):
    """Off-path beliefs supporting the receiver's behaviour at one observation.

    The region is ``{mu in Delta(nodes) : E mu = 0, G mu <= 0}``: ``E`` makes the actions
    used indifferent and ``G`` makes them weakly better than the others. ``mu`` is a
    distribution over the information set's ``nodes`` (``(type, message)`` pairs; in an
    ungarbled game these are the types able to send the message).

    Attributes
    ----------
    observation : int
    nodes : tuple of (int, int)
    E, G : ndarray
        Equality and inequality rows (one column per node).
    vertices : ndarray, shape (n_vertices, n_nodes)
        Extreme beliefs of the region.
    """

    observation: int
    nodes: tuple[tuple[int, int], ...]
    E: NDArray[np.float64]
    G: NDArray[np.float64]
    vertices: NDArray[np.float64]
    n_types: int = 0

    def __post_init__(self) -> None:
        for name in ("E", "G", "vertices"):
            object.__setattr__(self, name, _ro(getattr(self, name)))

    def contains(self, mu: Sequence[float], tol: float = 1e-9) -> bool:
        """True if the node belief ``mu`` supports the receiver's behaviour.

        Parameters
        ----------
        mu : sequence of float, shape (n_nodes,)
            A belief over :attr:`nodes`.
        tol : float
            Tolerance on the simplex, the equalities ``E mu = 0`` and ``G mu <= 0``.

        Returns
        -------
        bool
        """
        mu = np.asarray(mu, float)
        return bool(abs(mu.sum() - 1) <= tol and (mu >= -tol).all()
                    and (np.abs(self.E @ mu) <= tol).all() and (self.G @ mu <= tol).all())

    @property
    def type_vertices(self) -> NDArray[np.float64]:
        """Extreme beliefs as distributions over types (marginal of the node beliefs)."""
        out = np.zeros((len(self.vertices), self.n_types))
        for j, (t, _m) in enumerate(self.nodes):
            out[:, t] += self.vertices[:, j]
        return out

    @property
    def is_point(self) -> bool:
        return len(self.vertices) == 1

    def to_dict(self) -> dict:
        """JSON-ready dictionary: observation, nodes, E, G, vertices.

        Returns
        -------
        dict
        """
        return {"observation": self.observation, "nodes": [list(n) for n in self.nodes],
                "E": self.E.tolist(), "G": self.G.tolist(), "vertices": self.vertices.tolist()}

    def __repr__(self) -> str:
        return f"<BeliefRegion at observation {self.observation}: {len(self.vertices)} extreme beliefs>"


@dataclass(frozen=True, eq=False)
class PBE(Result):
    """One cell of perfect Bayesian equilibria: fixed supports, convex set of profiles.

    Attributes
    ----------
    sender_support : tuple of tuple of int
        Messages used by each type.
    receiver_support : tuple of tuple of int
        Actions used at each observation.
    sigma, rho : ndarray
        A representative equilibrium (the centroid of the extreme points):
        ``sigma[t, m]`` and ``rho[k, a]``.
    sigma_vertices, rho_vertices : tuple of ndarray
        Extreme points; every pair ``(sigma, rho)`` from the two convex hulls is a PBE.
    beliefs : ndarray, shape (n_observations, n_types, n_messages)
        Receiver's node beliefs at the representative point (Bayes on the path; the centroid
        of :attr:`belief_regions` off the path).
    on_path : ndarray of bool, shape (n_observations,)
    belief_regions : tuple of (BeliefRegion or None)
        Supporting off-path beliefs, ``None`` for observations on the path.
    kind : str
        ``"pooling"``, ``"separating"``, ``"partially pooling"`` (pure sender) or
        ``"semi-separating"`` (some type mixes).
    receiver_mixing : bool
        Some observation has more than one action in the receiver's support.
    continuum : bool
        More than one extreme point.
    sender_payoffs : ndarray, shape (n_types,)
        Each type's expected payoff at the representative point.
    receiver_payoff : float
        Receiver's ex-ante expected payoff at the representative point.
    flags : mapping str -> bool or None
        ``intuitive``: the cell's equilibrium outcome passes the Cho-Kreps intuitive
        criterion (outcome-level test: no unused message ``m`` and type ``t`` such that
        every best response to beliefs on the types for which ``m`` is not
        equilibrium-dominated gives ``t`` more than its equilibrium payoff).
        ``d1``: the cell's own off-path behaviour can be supported by beliefs that put
        zero weight on the types D1 deletes (cell-level; an outcome survives D1 iff one of
        its cells has ``d1`` True). ``d2``: the same with Cho-Kreps's D2 deletion rule
        (``t`` deleted if the responses that weakly tempt it are inside the *union* of
        those that strictly tempt the other types), stronger than D1 and than universal
        divinity (Banks-Sobel 1987, which is not computed separately). All are evaluated at every extreme point of the
        cell's ``rho`` and must hold at all of them. None when not defined (garbled games).
    certificate : mapping str -> float
        ``max_sender_regret``, ``max_receiver_regret`` (on and off path, at the extreme
        points), ``bayes_residual`` and ``tol``.
    """

    sender_support: tuple[tuple[int, ...], ...]
    receiver_support: tuple[tuple[int, ...], ...]
    sigma: NDArray[np.float64]
    rho: NDArray[np.float64]
    sigma_vertices: tuple[NDArray[np.float64], ...]
    rho_vertices: tuple[NDArray[np.float64], ...]
    beliefs: NDArray[np.float64]
    on_path: NDArray[np.bool_]
    belief_regions: tuple[BeliefRegion | None, ...]
    kind: str
    receiver_mixing: bool
    continuum: bool
    sender_payoffs: NDArray[np.float64]
    receiver_payoff: float
    flags: dict[str, bool | None] = field(default_factory=dict)
    certificate: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("sigma", "rho", "beliefs", "sender_payoffs"):
            object.__setattr__(self, name, _ro(getattr(self, name)))
        on = np.array(self.on_path, dtype=bool)
        on.setflags(write=False)
        object.__setattr__(self, "on_path", on)
        object.__setattr__(self, "sigma_vertices", tuple(_ro(v) for v in self.sigma_vertices))
        object.__setattr__(self, "rho_vertices", tuple(_ro(v) for v in self.rho_vertices))
        object.__setattr__(self, "flags", frozen_map(self.flags))
        object.__setattr__(self, "certificate", frozen_map(self.certificate))

    @property
    def label(self) -> str:
        """E.g. ``"pooling"`` or ``"semi-separating, mixed receiver"``."""
        return self.kind + (", mixed receiver" if self.receiver_mixing else "")

    @property
    def is_pure(self) -> bool:
        return all(len(s) == 1 for s in self.sender_support) and not self.receiver_mixing

    @property
    def type_beliefs(self) -> NDArray[np.float64]:
        """``beliefs`` marginalised over messages: ``mu[k, t]``."""
        return self.beliefs.sum(axis=2)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PBE):
            return NotImplemented
        return (self.sender_support == other.sender_support
                and self.receiver_support == other.receiver_support
                and np.array_equal(self.sigma, other.sigma) and np.array_equal(self.rho, other.rho))

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict:
        """JSON-ready dictionary of the cell (strategies, beliefs, flags, certificate).

        Returns
        -------
        dict
        """
        return {
            "label": self.label, "kind": self.kind, "receiver_mixing": self.receiver_mixing,
            "continuum": self.continuum,
            "sender_support": [list(s) for s in self.sender_support],
            "receiver_support": [list(r) for r in self.receiver_support],
            "sigma": self.sigma.tolist(), "rho": self.rho.tolist(),
            "sigma_vertices": [v.tolist() for v in self.sigma_vertices],
            "rho_vertices": [v.tolist() for v in self.rho_vertices],
            "beliefs": self.beliefs.tolist(), "on_path": self.on_path.tolist(),
            "belief_regions": [None if b is None else b.to_dict() for b in self.belief_regions],
            "sender_payoffs": self.sender_payoffs.tolist(), "receiver_payoff": self.receiver_payoff,
            "flags": plain(self.flags), "certificate": plain(self.certificate),
        }

    def __repr__(self) -> str:
        c = ", continuum" if self.continuum else ""
        return f"<PBE {self.label}{c}: sender payoffs {np.round(self.sender_payoffs, 6).tolist()}>"


@dataclass(frozen=True, eq=False)
class PBEResult(Result, EquilibriumOutcomes):
    """Every perfect Bayesian equilibrium cell of a signaling game (see :func:`pbe`).

    Iterating, ``len`` and indexing go over :attr:`equilibria`.

    Attributes
    ----------
    game : SignalingGame
        The game solved.
    equilibria : tuple of PBE
        Every cell (fixed sender and receiver supports), none selected.
    tol : float
        Tolerance of the certificate (regrets, Bayes residual).
    method : str
        The algorithm.
    warnings : tuple of str
        Suspicious-but-valid findings.
    version : str
        Package version that computed it.
    """

    game: SignalingGame
    equilibria: tuple[PBE, ...]
    tol: float
    method: str = "support enumeration (sender x receiver supports, polytope vertices)"
    warnings: tuple[str, ...] = ()
    version: str = __version__

    def __iter__(self) -> Iterator[PBE]:
        return iter(self.equilibria)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __getitem__(self, i: int) -> PBE:
        return self.equilibria[i]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PBEResult):
            return NotImplemented
        return self.game == other.game and self.equilibria == other.equilibria

    __hash__ = None  # type: ignore[assignment]

    @property
    def max_regret(self) -> float:
        """Largest regret (sender or receiver) over every extreme point of every cell."""
        return max((max(e.certificate["max_sender_regret"], e.certificate["max_receiver_regret"])
                    for e in self.equilibria), default=0.0)

    def pure(self) -> tuple[PBE, ...]:
        """The cells in pure strategies (one message per type, one action per observation).

        Returns
        -------
        tuple of PBE
        """
        return tuple(e for e in self.equilibria if e.is_pure)

    # outcome_distributions, escalation_probabilities, escalation_range: EquilibriumOutcomes
    def _profile(self, e: PBE) -> tuple:
        return (e.sigma, e.rho)

    def _extreme_profiles(self, e: PBE) -> list[tuple]:
        return [(s, r) for s in e.sigma_vertices for r in e.rho_vertices]

    def to_frame(self) -> pd.DataFrame:
        """One row per cell: label, supports, representative strategies, flags, certificate."""
        g = self.game
        rows = []
        for i, e in enumerate(self.equilibria):
            row: dict[str, Any] = {
                "equilibrium": i, "label": e.label, "continuum": e.continuum,
                "sender": "; ".join(f"{g.types[t]}->{'/'.join(g.messages[m] for m in s)}"
                                    for t, s in enumerate(e.sender_support)),
                "receiver": "; ".join(f"{g.observations[k]}->{'/'.join(g.actions[a] for a in r)}"
                                      for k, r in enumerate(e.receiver_support)),
                "off_path": ", ".join(g.observations[k] for k in range(len(e.on_path)) if not e.on_path[k]),
            }
            for t, name in enumerate(g.types):
                row[f"payoff_{name}"] = float(e.sender_payoffs[t])
            row["payoff_receiver"] = e.receiver_payoff
            for k, v in e.flags.items():
                row[k] = v
            row["max_regret"] = max(e.certificate["max_sender_regret"], e.certificate["max_receiver_regret"])
            rows.append(row)
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        return {"game": repr(self.game), "equilibria": [e.to_dict() for e in self.equilibria],
                "tol": self.tol, "method": self.method, "warnings": list(self.warnings),
                "version": self.version}

    def __repr__(self) -> str:
        n = len(self)
        c = sum(e.continuum for e in self.equilibria)
        nT, nM, nA = self.game.shape
        extra = f" ({c} continu{'um' if c == 1 else 'a'})" if c else ""
        return f"<PBEResult: {nT} types x {nM} messages x {nA} actions, {n} PBE cell{'s' * (n != 1)}{extra}>"

    def __str__(self) -> str:
        lines = [repr(self), f"  method: {self.method}; tol {self.tol:g}; max regret {self.max_regret:.3g}"]
        if len(self):
            lines.append(self.to_frame().to_string(index=False))
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        table = self.to_frame().to_html(index=False, float_format=lambda x: f"{x:.6g}") if len(self) else ""
        return (f"<div><strong>{html.escape(repr(self))}</strong>{table}"
                f"<details><summary>text</summary><pre>{html.escape(str(self))}</pre></details></div>")


# ---------------------------------------------------------------------------------------
# Public entry point
# ---------------------------------------------------------------------------------------


def pbe(game: SignalingGame, *, tol: float = 1e-9, consistent_beliefs: bool = False) -> PBEResult:
    """Every perfect Bayesian equilibrium of a finite signaling game.

    Parameters
    ----------
    game : SignalingGame
    tol : float
        Numerical tolerance for equalities, inequalities and supports, relative to each
        player's payoff range (payoff differences below ``tol`` times the range are ties);
        reported in every certificate (``scaled_tol``: in payoff units).
    consistent_beliefs : bool
        For garbled games whose observation reveals the message (e.g. the message plus a
        signal of the type, :func:`~deterrence_games.games.signaling.type_signal_garbling`):
        keep only the cells whose off-path beliefs are Bayes-consistent with the exogenous
        noise (Fudenberg-Tirole 1991): after an unused message ``m`` the beliefs at all
        observations of ``m`` are updates of one belief ``nu_m`` over types. Default False
        (weak PBE: independent beliefs at every zero-probability observation). Without
        garbling the two coincide.

    Returns
    -------
    PBEResult
        One :class:`PBE` per cell of equilibria with given exact supports (see the module
        docstring for the algorithm and its completeness claim), each certified and
        flagged with the intuitive criterion and D1.

    Examples
    --------
    >>> from deterrence_games.games.signaling import SignalingGame
    >>> u_S = [[[1, 3], [0, 2]], [[0, 2], [1, 3]]]
    >>> u_R = [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]
    >>> g = SignalingGame(["weak", "strong"], [0.1, 0.9], ["quiche", "beer"], ["duel", "not"], u_S, u_R)
    >>> res = pbe(g)
    >>> sorted({(e.label, e.flags["intuitive"]) for e in res})
    [('pooling', False), ('pooling', True), ('pooling, mixed receiver', False), ('pooling, mixed receiver', True)]
    """
    if not isinstance(game, SignalingGame):
        raise TypeError(f"`game` must be a SignalingGame (got {type(game).__name__})")
    tol = check_scalar("tol", tol, Interval(0.0, 1e-3, low_closed=False), "a small positive tolerance")
    if not isinstance(consistent_beliefs, bool):
        raise TypeError(f"`consistent_beliefs` must be True or False (got {consistent_beliefs!r})")
    if consistent_beliefs:
        for k in range(game.n_observations):
            if len({m for _t, m in game.nodes(k)}) > 1:
                raise ParameterError(
                    "consistent_beliefs", True, "a game whose observations reveal the message",
                    f"observation {game.observations[k]!r} can follow several messages")
    result = _Solver(game, tol).run()
    if consistent_beliefs and game.garbled:
        kept = tuple(e for e in result.equilibria if _noise_consistent(game, e, tol))
        result = PBEResult(game=game, equilibria=kept, tol=tol,
                           method=result.method + " + noise-consistent off-path beliefs")
    return result


def _noise_consistent(game: SignalingGame, e: PBE, tol: float) -> bool:
    """After each unused message m, one belief nu_m over types explains every observation of m.

    The region of observation k is homogeneous in the node weights (``E x = 0, G x <= 0``);
    with node weights ``nu_m(t) P(k | t, m)`` this is linear in ``nu_m``.
    """
    P = game.observation_kernel
    nT = game.shape[0]
    unit = _payoff_unit(game.u_R)[1]  # region rows are in payoff units: tolerance relative to the range
    for m in range(game.shape[1]):
        ks = [k for k in range(game.n_observations) if any(mm == m for _t, mm in game.nodes(k))]
        if not ks or any(e.on_path[k] for k in ks):
            continue
        able = [t for t in range(nT) if game.available[t, m]]
        E_rows, G_rows = [], []
        for k in ks:
            reg = e.belief_regions[k]
            D = np.zeros((len(reg.nodes), len(able)))
            for j, (t, _m) in enumerate(reg.nodes):
                D[j, able.index(t)] = P[t, m, k]
            E_rows.append(reg.E @ D / unit)
            G_rows.append(reg.G @ D / unit)
        n = len(able)
        E = np.vstack(E_rows + [np.ones((1, n))])
        b = np.concatenate([np.zeros(E.shape[0] - 1), [1.0]])
        G = np.vstack(G_rows)
        if not nonempty(E, b, G, np.full(G.shape[0], tol), n, tol):
            return False
    return True


# ---------------------------------------------------------------------------------------
# Kernel
# ---------------------------------------------------------------------------------------


def _nonempty_subsets(items: Sequence[int]) -> list[tuple[int, ...]]:
    return [c for r in range(1, len(items) + 1) for c in itertools.combinations(items, r)]


_SUBMASKS: dict[int, list[tuple[int, ...]]] = {}


def _submask_supports(mask: int) -> list[tuple[int, ...]]:
    """Non-empty subsets (ascending tuples) of the set of bit positions of ``mask``."""
    if mask not in _SUBMASKS:
        _SUBMASKS[mask] = _nonempty_subsets([m for m in range(mask.bit_length()) if mask >> m & 1])
    return _SUBMASKS[mask]


def _profile_chunks(sizes: Sequence[int], limit: int = 1 << 16) -> Iterator[NDArray[np.intp]]:
    """Rows of the product ``range(sizes[0]) x range(sizes[1]) x ...`` in chunks of <= limit rows."""
    total = int(np.prod(sizes))
    if total <= limit or len(sizes) == 1:
        yield np.indices(sizes).reshape(len(sizes), -1).T
        return
    for i in range(sizes[0]):
        for rest in _profile_chunks(sizes[1:], limit):
            yield np.column_stack([np.full(len(rest), i, dtype=rest.dtype), rest])


def _payoff_unit(u: NDArray) -> tuple[float, float]:
    """``(offset, range)`` such that ``(u - offset) / range`` lies in [0, 1] (range 1 if constant)."""
    top = float(np.abs(u).max())
    if top == 0.0:
        return 0.0, 1.0
    v = u / top  # in [-1, 1]: no overflow in the range below, even for payoffs near 1e308
    lo, hi = float(v.min()), float(v.max())
    return lo * top, ((hi - lo) * top if hi > lo else 1.0)


def _normalised(game: SignalingGame) -> SignalingGame:
    """The game with each player's payoffs mapped affinely onto [0, 1].

    A positive affine transformation of one player's payoffs leaves best responses, hence
    the PBE, unchanged; the solver works on this game so that its tolerances are relative
    to each player's payoff range (the same cells for ``u`` and ``a + b u``, ``b > 0``).
    """
    nT, nM, nA = game.shape
    (oS, rS), (oR, rR) = _payoff_unit(game.u_S), _payoff_unit(game.u_R)
    return SignalingGame(nT, game.prior, nM, nA, (game.u_S - oS) / rS, (game.u_R - oR) / rR,
                         available=game.available, garbling=game.observation_kernel)


class _Solver:
    def __init__(self, game: SignalingGame, tol: float) -> None:
        self.g0 = game  # the user's game: payoffs and certificates are reported in its units
        self.g = _normalised(game)
        self.nT, self.nM, self.nA = game.shape
        self.nK = game.n_observations
        self.P = game.observation_kernel
        self.av = game.available
        self.uS, self.uR = self.g.u_S, self.g.u_R
        self.tol = tol
        self.eps = tol  # payoffs in [0, 1]: tolerances relative to each player's payoff range
        self.units = max(_payoff_unit(game.u_S)[1], _payoff_unit(game.u_R)[1])
        self.nodes = [game.nodes(k) for k in range(self.nK)]
        # receiver payoff of each action at each node of k: (n_nodes, nA)
        self.node_payoffs = [np.array([self.uR[t, m] for t, m in self.nodes[k]]) for k in range(self.nK)]
        self.node_payoffs0 = [np.array([game.u_R[t, m] for t, m in self.nodes[k]]) for k in range(self.nK)]
        self._br_cache: dict = {}
        self._w_cache: dict = {}

    # receiver best-response sets ---------------------------------------------------
    def _region_system(self, U: NDArray, R: tuple[int, ...]) -> tuple[NDArray, NDArray]:
        """Rows E (indifference within R) and G (R weakly better than the rest) over beliefs."""
        a0 = R[0]
        E = np.array([U[:, a] - U[:, a0] for a in R[1:]]).reshape(-1, U.shape[0])
        G = np.array([U[:, b] - U[:, a0] for b in range(self.nA) if b not in R]).reshape(-1, U.shape[0])
        return E, G

    def _supportable(self, U: NDArray, R: tuple[int, ...]) -> bool:
        key = (U.tobytes(), U.shape, R)
        if key not in self._br_cache:
            n = U.shape[0]
            E, G = self._region_system(U, R)
            if n <= 2:  # beliefs on a segment: mu = (x, 1 - x), x in [0, 1]; each row is affine in x
                x_lo, x_hi, ok = 0.0, 1.0, True
                rows = [(r, True) for r in E] + [(r, False) for r in G]
                for r, equality in rows:
                    b0 = r[-1]
                    b1 = r[0] - r[-1] if n == 2 else 0.0  # row . mu = b0 + b1 x
                    if abs(b1) <= 1e-15:
                        ok &= (abs(b0) <= self.eps) if equality else (b0 <= self.eps)
                    elif equality:
                        x = -b0 / b1
                        x_lo, x_hi = max(x_lo, x - self.eps), min(x_hi, x + self.eps)
                    elif b1 > 0:
                        x_hi = min(x_hi, (self.eps - b0) / b1)
                    else:
                        x_lo = max(x_lo, (self.eps - b0) / b1)
                self._br_cache[key] = bool(ok and x_lo <= x_hi)
            else:
                A_eq = np.vstack([E, np.ones((1, n))])
                b_eq = np.concatenate([np.zeros(E.shape[0]), [1.0]])
                self._br_cache[key] = nonempty(A_eq, b_eq, G, np.full(G.shape[0], self.eps), n, self.eps)
        return self._br_cache[key]

    def _feasible_sets(self, U: NDArray) -> list[tuple[int, ...]]:
        """Action sets that are simultaneously optimal for some belief over the rows of U."""
        out: list[tuple[int, ...]] = []
        bad: list[set[int]] = []
        for r in range(1, self.nA + 1):
            for R in itertools.combinations(range(self.nA), r):
                if any(b <= set(R) for b in bad):
                    continue
                if self._supportable(U, R):
                    out.append(R)
                else:
                    bad.append(set(R))
        return out

    # polytopes ---------------------------------------------------------------------
    def _w_polytope(self, S: tuple[tuple[int, ...], ...], R: tuple[tuple[int, ...], ...],
                    on: NDArray) -> NDArray | None:
        """Vertices of the closure of W(S, R) in sigma coordinates, or None (exact supports)."""
        key = (S, tuple(R[k] if on[k] else () for k in range(self.nK)))
        if key in self._w_cache:
            return self._w_cache[key]
        var = [(t, m) for t in range(self.nT) for m in S[t]]
        n = len(var)
        if all(len(s) == 1 for s in S):
            sig = np.zeros((self.nT, self.nM))
            for t, s in enumerate(S):
                sig[t, s[0]] = 1.0
            _, V = self.g.receiver_values(sig)
            ok = True
            for k in range(self.nK):
                if on[k]:
                    best = V[k].max()
                    if (V[k, list(R[k])] < best - self.eps).any():
                        ok = False
                        break
            result = sig[None] if ok else None
            self._w_cache[key] = result
            return result
        if not all(self._w_local_ok(S, k, R[k]) for k in range(self.nK) if on[k]):
            self._w_cache[key] = None
            return None
        A_rows, b_rows, G_rows = [], [], []
        for t in range(self.nT):
            row = np.zeros(n)
            for j, (tt, _m) in enumerate(var):
                if tt == t:
                    row[j] = 1.0
            A_rows.append(row)
            b_rows.append(self.g.prior[t])
        for k in range(self.nK):
            if not on[k]:
                continue
            # coefficient of w[t, m] in the receiver's (unnormalised) payoff of action a at k
            C = np.array([self.P[t, m, k] * self.uR[t, m] for t, m in var])  # (n, nA)
            a0 = R[k][0]
            for a in R[k][1:]:
                A_rows.append(C[:, a] - C[:, a0])
                b_rows.append(0.0)
            for b in range(self.nA):
                if b not in R[k]:
                    G_rows.append(C[:, b] - C[:, a0])
        G = np.vstack(G_rows + [-np.eye(n)]) if G_rows else -np.eye(n)
        verts = vertices(np.array(A_rows), np.array(b_rows), G, np.zeros(G.shape[0]), self.eps)
        result = None
        if len(verts):
            if (verts.mean(axis=0) > self.eps).all():
                sigmas = np.zeros((len(verts), self.nT, self.nM))
                for j, (t, m) in enumerate(var):
                    sigmas[:, t, m] = verts[:, j] / self.g.prior[t]
                result = sigmas
        self._w_cache[key] = result
        return result

    def _w_local_ok(self, S: tuple[tuple[int, ...], ...], k: int, Rk: tuple[int, ...]) -> bool:
        """Necessary condition for W(S, R) != {} read at one observation ``k``.

        The unnormalised belief at ``k`` is ``x[t, m] = w[t, m] P(k | t, m)`` over the nodes
        that ``S`` uses; ``w[t, m] = prior[t]`` if ``t`` sends only ``m`` and
        ``eps <= w[t, m] <= prior[t]`` if it mixes; ``R_k`` must be optimal for ``x``. These
        are some of the constraints of ``W`` with its tolerances (the representative point
        of a non-empty ``W`` has ``w > eps``), so a failure here means ``W`` is empty; the
        test is cached per observation and local configuration, shared by many ``S``. It
        is skipped (True) when more nodes than types reach ``k``.
        """
        used = tuple((j, len(S[t]) == 1) for j, (t, m) in enumerate(self.nodes[k]) if m in S[t])
        key = ("w_local", k, used, Rk)
        if key in self._br_cache:
            return self._br_cache[key]
        n = len(used)
        if n > self.nT:  # several messages reach k (garbling): as costly as W itself, skip
            return True
        U = np.array([self.P[self.nodes[k][j] + (k,)] * self.node_payoffs[k][j] for j, _p in used])  # (n, nA)
        E, G = self._region_system(U, Rk)
        prior = np.array([self.g.prior[self.nodes[k][j][0]] for j, _p in used])
        pure = np.array([p for _j, p in used], dtype=bool)
        A_eq = np.vstack([E, np.eye(n)[pure]])
        b_eq = np.concatenate([np.zeros(E.shape[0]), prior[pure]])
        mix = np.eye(n)[~pure]
        G_all = np.vstack([G, mix, -mix])
        h_all = np.concatenate([np.zeros(G.shape[0]), prior[~pure], np.full(mix.shape[0], -self.eps)])
        ok = nonempty(A_eq, b_eq, G_all, h_all, n, self.eps)
        self._br_cache[key] = ok
        return ok

    def _rho_polytope(self, S: tuple[tuple[int, ...], ...], R: tuple[tuple[int, ...], ...]) -> NDArray | None:
        """Vertices of the closure of Q(S, R) as rho arrays, or None (exact supports)."""
        var = [(k, a) for k in range(self.nK) for a in R[k]]
        n = len(var)
        ks = np.array([k for k, _a in var])
        # coefficient of rho[k, a] in U(t, m): P[t, m, k] u_S[t, m, a]
        coef = self.P[:, :, ks] * self.uS[:, :, [a for _k, a in var]]
        A_rows = list((ks[None, :] == np.arange(self.nK)[:, None]).astype(float))
        b_rows = [1.0] * self.nK
        G_rows = []
        for t in range(self.nT):
            m0 = S[t][0]
            for m in S[t][1:]:
                A_rows.append(coef[t, m] - coef[t, m0])
                b_rows.append(0.0)
            for m in range(self.nM):
                if self.av[t, m] and m not in S[t]:
                    G_rows.append(coef[t, m] - coef[t, m0])
        G = np.vstack(G_rows + [-np.eye(n)]) if G_rows else -np.eye(n)
        verts = vertices(np.array(A_rows), np.array(b_rows), G, np.zeros(G.shape[0]), self.eps)
        if not len(verts) or not (verts.mean(axis=0) > self.eps).all():
            return None
        rhos = np.zeros((len(verts), self.nK, self.nA))
        for j, (k, a) in enumerate(var):
            rhos[:, k, a] = verts[:, j]
        return rhos

    # main loop ------------------------------------------------------------------------
    def run(self) -> PBEResult:
        """Every cell: receiver support profiles first, then the sender supports they allow.

        For a receiver support profile ``R`` the payoff ``U(t, m)`` of every message ranges
        over ``[lo(t, m), hi(t, m)]`` on the faces ``Delta(R_k)``; a message can be used by
        ``t`` only if ``hi(t, m) >= max_m' lo(t, m')`` (it can reach the payoff that the
        best message guarantees). This bound is evaluated for all profiles at once (array
        operations); the sender supports are then the products of the subsets of the
        surviving messages, so support pairs that no receiver behaviour could sustain are
        never formed. Each remaining pair ``(S, R)`` passes the exact tests of the module
        docstring (belief supportability on the path, then the polytopes ``W`` and ``Q``).
        The cells are the same as those of the exhaustive enumeration of all pairs.
        """
        F = [self._feasible_sets(self.node_payoffs[k]) for k in range(self.nK)]
        cells: list[PBE] = []
        av_msgs = [tuple(m for m in range(self.nM) if self.av[t, m]) for t in range(self.nT)]
        # loose bounds on U(t, m) over every receiver behaviour that is a best response somewhere
        acts = [sorted({a for R in F[k] for a in R}) for k in range(self.nK)]
        lo0 = sum(self.P[:, :, k] * self.uS[:, :, acts[k]].min(axis=2) for k in range(self.nK))
        hi0 = sum(self.P[:, :, k] * self.uS[:, :, acts[k]].max(axis=2) for k in range(self.nK))
        cand = np.zeros(self.nT, dtype=np.int64)  # bit m set: m can be used by t
        for t in range(self.nT):
            floor = max(lo0[t, m] for m in av_msgs[t])
            cand[t] = sum(1 << m for m in av_msgs[t] if hi0[t, m] >= floor - self.eps)
        # contribution of observation k to the bounds of U(t, m), per best-response set R_k
        lo_k = [np.array([self.P[:, :, k] * self.uS[:, :, list(R)].min(axis=2) for R in F[k]])
                for k in range(self.nK)]
        hi_k = [np.array([self.P[:, :, k] * self.uS[:, :, list(R)].max(axis=2) for R in F[k]])
                for k in range(self.nK)]
        bit = np.int64(1) << np.arange(self.nM, dtype=np.int64)
        sizes = [len(f) for f in F]
        radix = np.cumprod([1] + sizes[:-1]).astype(np.int64)  # profile code = sum_k idx[k] radix[k]
        rows_of: dict[tuple, list[NDArray]] = {}
        for idx in _profile_chunks(sizes):
            lo = np.zeros((len(idx), self.nT, self.nM))
            hi = np.zeros((len(idx), self.nT, self.nM))
            for k in range(self.nK):
                lo += lo_k[k][idx[:, k]]
                hi += hi_k[k][idx[:, k]]
            floor = np.where(self.av, lo, -np.inf).max(axis=2)
            usable = self.av & (hi >= floor[:, :, None] - self.eps)
            masks = (usable * bit).sum(axis=2) & cand  # (profiles, types)
            keys, inverse = np.unique(masks, axis=0, return_inverse=True)
            inverse = inverse.ravel()
            for i, key in enumerate(keys):
                rows = idx[inverse == i]
                for S in itertools.product(*[_submask_supports(int(b)) for b in key]):
                    rows_of.setdefault(S, []).append(rows)
        for S, parts in rows_of.items():
            self._pairs(S, np.concatenate(parts), F, radix, cells)
        cells.sort(key=_sort_key)
        return PBEResult(game=self.g0, equilibria=tuple(cells), tol=self.tol)

    def _pairs(self, S: tuple[tuple[int, ...], ...], rows: NDArray, F, radix: NDArray,
               cells: list[PBE]) -> None:
        """Exact tests of the pairs ``(S, R)`` for the receiver profiles ``rows`` (indices into F)."""
        on = np.zeros(self.nK, dtype=bool)
        for t in range(self.nT):
            for m in S[t]:
                on |= self.P[t, m] > 0
        on_k = np.flatnonzero(on)
        V = None
        if all(len(s) == 1 for s in S):  # W is the single point sigma (see _w_polytope)
            sig = np.zeros((self.nT, self.nM))
            for t, s in enumerate(S):
                sig[t, s[0]] = 1.0
            _, V = self.g.receiver_values(sig)
        keep = np.ones(len(rows), dtype=bool)
        for k in on_k:
            # R_k must be optimal for some belief on the nodes of k that S reaches
            sel = tuple(j for j, (t, m) in enumerate(self.nodes[k]) if m in S[t])
            key = ("on_path_sets", int(k), sel)
            if key not in self._br_cache:
                U = self.node_payoffs[k][list(sel)]
                self._br_cache[key] = np.array([self._supportable(U, R) for R in F[k]])
            allowed = self._br_cache[key]
            if V is not None:  # ... and optimal at the posterior of the pure sigma
                allowed = allowed & np.array([not (V[k, list(R)] < V[k].max() - self.eps).any() for R in F[k]])
            keep &= allowed[rows[:, k]]
        rows = rows[keep]
        if not len(rows):
            return
        # W(S, R) depends on the receiver supports on the path only: one test per distinct R_on
        code = rows[:, on_k] @ radix[on_k]
        order = np.argsort(code, kind="stable")
        code, rows = code[order], rows[order]
        starts = np.flatnonzero(np.r_[True, code[1:] != code[:-1]])
        ends = np.r_[starts[1:], len(code)]
        for a, b in zip(starts, ends, strict=True):
            r0 = rows[a]
            R0 = tuple(F[k][r0[k]] for k in range(self.nK))
            sig_v = self._w_polytope(S, R0, on)
            if sig_v is None:
                continue
            for r in rows[a:b]:
                R = tuple(F[k][r[k]] for k in range(self.nK))
                rho_v = self._rho_polytope(S, R)
                if rho_v is None:
                    continue
                cells.append(self._cell(S, R, on, sig_v, rho_v, F))

    # one cell -------------------------------------------------------------------------
    def _cell(self, S, R, on, sig_v, rho_v, F) -> PBE:
        g = self.g0  # certificate and payoffs in the user's units
        regions = [None if on[k] else self._region(k, R[k]) for k in range(self.nK)]
        sigma = sig_v.mean(axis=0)
        rho = rho_v.mean(axis=0)
        beliefs = self._beliefs(sigma, regions)
        # certificate over all extreme-point pairs
        s_reg = r_reg = bayes = 0.0
        for sv in sig_v:
            pk, V = g.receiver_values(sv)
            w = g.joint(sv)
            for rv in rho_v:
                U = g.sender_values(rv)
                for t in range(self.nT):
                    best = U[t][self.av[t]].max()
                    s_reg = max(s_reg, best - float(sv[t] @ U[t]))
                for k in range(self.nK):
                    if pk[k] > self.eps:
                        r_reg = max(r_reg, V[k].max() - float(rv[k] @ V[k]))
                    else:  # off the path (or at a boundary point of the cell where Pr(k) = 0)
                        reg = regions[k] if regions[k] is not None else self._region(k, R[k])
                        if not len(reg.vertices):
                            r_reg = np.inf
                            continue
                        Vb = reg.vertices.mean(axis=0) @ self.node_payoffs0[k]
                        r_reg = max(r_reg, Vb.max() - float(rv[k] @ Vb))
            mu = self._beliefs(sv, regions)
            for k in range(self.nK):
                if pk[k] > self.eps:
                    bayes = max(bayes, float(np.abs(mu[k] * pk[k] - w[:, :, k]).max()))
        kind = _kind(S)
        sender_payoffs = np.einsum("tm,tm->t", sigma, g.sender_values(rho))
        receiver_payoff = float(np.einsum("tmka,tma->", g.outcome_distribution(sigma, rho), g.u_R))
        flags = self._refinements(S, R, on, rho_v, regions, F)
        return PBE(
            sender_support=tuple(S), receiver_support=tuple(R), sigma=sigma, rho=rho,
            sigma_vertices=tuple(sig_v), rho_vertices=tuple(rho_v), beliefs=beliefs, on_path=on,
            belief_regions=tuple(regions), kind=kind,
            receiver_mixing=any(len(r) > 1 for r in R),
            continuum=len(sig_v) > 1 or len(rho_v) > 1,
            sender_payoffs=sender_payoffs, receiver_payoff=receiver_payoff, flags=flags,
            certificate={"max_sender_regret": float(max(s_reg, 0.0)),
                         "max_receiver_regret": float(max(r_reg, 0.0)),
                         "bayes_residual": bayes, "tol": self.tol, "scaled_tol": self.tol * self.units},
        )

    def _region(self, k: int, Rk: tuple[int, ...]) -> BeliefRegion:
        """Off-path belief region at ``k`` (rows ``E``, ``G`` in the user's payoff units)."""
        key = ("region", k, Rk)
        if key not in self._br_cache:
            E, G = self._region_system(self.node_payoffs[k], Rk)
            n = E.shape[1]
            A_eq = np.vstack([E, np.ones((1, n))])
            b_eq = np.concatenate([np.zeros(E.shape[0]), [1.0]])
            Gall = np.vstack([G, -np.eye(n)])
            verts = vertices(A_eq, b_eq, Gall, np.zeros(Gall.shape[0]), self.eps)
            E0, G0 = self._region_system(self.node_payoffs0[k], Rk)
            self._br_cache[key] = BeliefRegion(k, self.nodes[k], E0, G0, verts, self.nT)
            self._br_cache[("region_unit", k, Rk)] = (E, G)
        return self._br_cache[key]

    def _beliefs(self, sigma: NDArray, regions: Sequence[BeliefRegion | None]) -> NDArray:
        w = self.g.joint(sigma)
        pk = w.sum(axis=(0, 1))
        mu = np.zeros((self.nK, self.nT, self.nM))
        for k in range(self.nK):
            if pk[k] > 0:
                mu[k] = w[:, :, k] / pk[k]
            else:
                reg = regions[k]
                if reg is not None and len(reg.vertices):
                    c = reg.vertices.mean(axis=0)
                    for j, (t, m) in enumerate(reg.nodes):
                        mu[k, t, m] = c[j]
        return mu

    # refinements ---------------------------------------------------------------------
    def _refinements(self, S, R, on, rho_v, regions, F) -> dict[str, bool | None]:
        if self.g.garbled:
            return {"intuitive": None, "d1": None, "d2": None}
        intuitive = True
        d1 = True
        d2 = True
        for rv in rho_v:
            U = self.g.sender_values(rv)
            ustar = np.array([U[t, S[t][0]] for t in range(self.nT)])
            for m in range(self.nM):
                if on[m]:
                    continue
                able = [t for t in range(self.nT) if self.av[t, m]]
                intuitive &= self._intuitive_ok(m, able, ustar, F[m])
                d1 &= self._d1_ok(m, able, ustar, F[m], R[m])
                d2 &= self._d1_ok(m, able, ustar, F[m], R[m], criterion="d2")
        return {"intuitive": bool(intuitive), "d1": bool(d1), "d2": bool(d2)}

    def _br_actions(self, m: int, types: Sequence[int]) -> list[int]:
        """Pure actions that are best responses at message m to some belief on ``types``."""
        U = np.array([self.uR[t, m] for t in types])
        return [a for a in range(self.nA) if self._supportable(U, (a,))]

    def _intuitive_ok(self, m: int, able: list[int], ustar: NDArray, Fm) -> bool:
        key = ("ic", m, tuple(np.round(ustar / self.eps).astype(np.int64)))
        if key not in self._br_cache:
            self._br_cache[key] = self._intuitive_test(m, able, ustar, Fm)
        return self._br_cache[key]

    def _intuitive_test(self, m: int, able: list[int], ustar: NDArray, Fm) -> bool:
        br_all = [R[0] for R in Fm if len(R) == 1]
        dominated = [t for t in able if ustar[t] > max(self.uS[t, m, a] for a in br_all) + self.eps]
        J = [t for t in able if t not in dominated]
        if not J or not dominated:
            return True
        brJ = self._br_actions(m, J)
        return not any(min(self.uS[t, m, a] for a in brJ) > ustar[t] + self.eps for t in able)

    def _d1_ok(self, m: int, able: list[int], ustar: NDArray, Fm, Rm: tuple[int, ...],
               criterion: str = "d1") -> bool:
        key = (criterion, m, tuple(np.round(ustar / self.eps).astype(np.int64)))
        if key not in self._br_cache:
            deleter = self._d1_deleted if criterion == "d1" else self._d2_deleted
            self._br_cache[key] = deleter(m, able, ustar, Fm)
        deleted = self._br_cache[key]
        if not deleted or len(deleted) == len(able):
            return True
        key = ("d1region", m, Rm, tuple(deleted))
        if key not in self._br_cache:
            self._region(m, Rm)
            E, G = self._br_cache[("region_unit", m, Rm)]
            idx = [j for j, (t, _m) in enumerate(self.nodes[m]) if t in deleted]
            n = len(self.nodes[m])
            Z = np.zeros((len(idx), n))
            for i, j in enumerate(idx):
                Z[i, j] = 1.0
            A_eq = np.vstack([E, Z, np.ones((1, n))])
            b_eq = np.concatenate([np.zeros(E.shape[0] + len(idx)), [1.0]])
            self._br_cache[key] = nonempty(A_eq, b_eq, G, np.full(G.shape[0], self.eps), n, self.eps)
        return self._br_cache[key]

    def _d1_deleted(self, m: int, able: list[int], ustar: NDArray, Fm) -> tuple[int, ...]:
        """Types deleted by D1 at message m given equilibrium payoffs ``ustar``."""
        maximal = [R for R in Fm if not any(set(R) < set(Q) for Q in Fm)]
        deleted = []
        for t in able:
            for t2 in able:
                if t2 == t:
                    continue
                # t is deleted (in favour of t2) if no mixed best response alpha gives
                # u_t(alpha) >= u*_t while u_t2(alpha) <= u*_t2.
                violated = False
                for Rset in maximal:
                    n = len(Rset)
                    ut = self.uS[t, m, list(Rset)]
                    ut2 = self.uS[t2, m, list(Rset)]
                    Gm = np.vstack([-ut, ut2])
                    hm = np.array([-ustar[t] + self.eps, ustar[t2] + self.eps])
                    if nonempty(np.ones((1, n)), np.array([1.0]), Gm, hm, n, self.eps):
                        violated = True
                        break
                if not violated:
                    deleted.append(t)
                    break
        return tuple(deleted)

    def _d2_deleted(self, m: int, able: list[int], ustar: NDArray, Fm) -> tuple[int, ...]:
        """Types deleted by D2 at m: D0_t is inside the union of D_t' over the other types.

        The complement of a union is an intersection, so t is deleted iff no mixed best
        response alpha gives ``u_t(alpha) >= u*_t`` and ``u_t'(alpha) <= u*_t'`` for every
        other type t' -- one feasibility problem per maximal best-response set.
        """
        maximal = [R for R in Fm if not any(set(R) < set(Q) for Q in Fm)]
        deleted = []
        for t in able:
            others = [t2 for t2 in able if t2 != t]
            if not others:
                continue
            violated = False
            for Rset in maximal:
                n = len(Rset)
                rows = [-self.uS[t, m, list(Rset)]] + [self.uS[t2, m, list(Rset)] for t2 in others]
                hm = np.array([-ustar[t] + self.eps] + [ustar[t2] + self.eps for t2 in others])
                if nonempty(np.ones((1, n)), np.array([1.0]), np.vstack(rows), hm, n, self.eps):
                    violated = True
                    break
            if not violated:
                deleted.append(t)
        return tuple(deleted)


def _sort_key(e: PBE) -> tuple:
    return _slot_key(e.sender_support, e.receiver_support)


# ---------------------------------------------------------------------------------------
# Many games of one shape at once
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class PBEBatchResult(Result):
    """Every PBE cell of ``n`` signaling games of one shape (see :func:`pbe_batch`).

    Slot ``j`` is one pair of exact supports ``(S_j, R_j)``, in the order in which
    :func:`pbe` lists its cells; ``valid[i, j]`` says whether it is a cell of game ``i``.
    Arrays are NaN where a slot is not valid (vertex arrays also beyond their counts).

    Attributes
    ----------
    sender_supports, receiver_supports : tuple
        ``S_j`` and ``R_j`` per slot (as :attr:`PBE.sender_support`, :attr:`PBE.receiver_support`).
    labels : tuple of str
        :attr:`PBE.label` per slot.
    valid : ndarray of bool, shape (n, J)
    sigma, rho : ndarray, shapes (n, J, n_types, n_messages) and (n, J, n_observations, n_actions)
        Representative profile of each cell (the centroid of its extreme points).
    sigma_vertices, rho_vertices : ndarray, shapes (n, J, V_s, n_types, n_messages), (n, J, V_r, ...)
        Extreme points, padded with NaN.
    n_sigma_vertices, n_rho_vertices : ndarray of int, shape (n, J)
    sender_payoffs : ndarray, shape (n, J, n_types)
    receiver_payoff : ndarray, shape (n, J)
    tol : float
    method : str
    """

    sender_supports: tuple[tuple[tuple[int, ...], ...], ...]
    receiver_supports: tuple[tuple[tuple[int, ...], ...], ...]
    labels: tuple[str, ...]
    valid: NDArray[np.bool_]
    sigma: NDArray[np.float64]
    rho: NDArray[np.float64]
    sigma_vertices: NDArray[np.float64]
    rho_vertices: NDArray[np.float64]
    n_sigma_vertices: NDArray[np.int64]
    n_rho_vertices: NDArray[np.int64]
    sender_payoffs: NDArray[np.float64]
    receiver_payoff: NDArray[np.float64]
    tol: float
    method: str = "support enumeration for games of one shape (polytope vertices in array operations)"

    @property
    def continuum(self) -> NDArray[np.bool_]:
        """``(n, J)``: the cell has more than one extreme point (:attr:`PBE.continuum`)."""
        return self.valid & ((self.n_sigma_vertices > 1) | (self.n_rho_vertices > 1))

    @property
    def is_pure(self) -> NDArray[np.bool_]:
        """``(n, J)``: :attr:`PBE.is_pure` of each valid cell."""
        pure = np.array([all(len(s) == 1 for s in S) and all(len(r) == 1 for r in R)
                         for S, R in zip(self.sender_supports, self.receiver_supports, strict=True)], bool)
        return self.valid & pure[None, :]

    @property
    def sort_keys(self) -> tuple[tuple, ...]:
        """Per slot, the key by which :func:`pbe` orders its cells (slots are in this order;
        results of several batches merge by sorting the union of their keys)."""
        return tuple(_slot_key(S, R) for S, R in zip(self.sender_supports, self.receiver_supports, strict=True))

    def __repr__(self) -> str:
        n, J = self.valid.shape
        return f"<PBEBatchResult: {n} games, {int(self.valid.sum())} PBE cells in {J} support slots>"


def pbe_batch(prior: NDArray, u_S: NDArray, u_R: NDArray, observation_kernel: NDArray, *,
              tol: float = 1e-9, consistent_beliefs: bool = False) -> PBEBatchResult:
    """Every PBE of ``n`` small signaling games that share their shape, in array operations.

    The cells of game ``i`` are those that :func:`pbe` returns for
    ``SignalingGame(nT, prior[i], nM, nA, u_S[i], u_R[i], garbling=observation_kernel[i])``
    (every message available to every type): the same exact-support test (step 3 of the
    module docstring: best-response sets ``R_k``, vertices of ``W`` and ``Q``, relative
    interiors) is applied to every support pair ``(S, R)``, each polytope's vertices for
    games at once (the constraint pattern of a pair is the same in every game with the same
    zero pattern of the kernel; only the numbers differ). The cost is a few array passes per
    support pair and zero pattern, whatever ``n``: meant for sweeps of a small game over its
    parameters (a few hundred support pairs).

    Parameters
    ----------
    prior : array_like, shape (n, n_types)
    u_S, u_R : array_like, shape (n, n_types, n_messages, n_actions)
    observation_kernel : array_like, shape (n, n_types, n_messages, n_observations)
        ``P(k | t, m)`` per game, every observation reachable.
    tol : float
        As in :func:`pbe` (relative to each player's payoff range in each game).
    consistent_beliefs : bool
        As in :func:`pbe`.

    Returns
    -------
    PBEBatchResult
    """
    tol = check_scalar("tol", tol, Interval(0.0, 1e-3, low_closed=False), "a small positive tolerance")
    prior = np.asarray(prior, float)
    u_S, u_R, P = (np.asarray(x, float) for x in (u_S, u_R, observation_kernel))
    if prior.ndim != 2:
        raise ParameterError("prior", prior.shape, "shape (n_games, n_types)")
    n, nT = prior.shape
    if u_S.ndim != 4 or u_S.shape[:2] != (n, nT):
        raise ParameterError("u_S", u_S.shape, f"shape ({n}, {nT}, n_messages, n_actions)")
    _, _, nM, nA = u_S.shape
    if u_R.shape != u_S.shape:
        raise ParameterError("u_R", u_R.shape, f"shape {u_S.shape} (that of u_S)")
    if P.ndim != 4 or P.shape[:3] != (n, nT, nM):
        raise ParameterError("observation_kernel", P.shape, f"shape ({n}, {nT}, {nM}, n_observations)")
    for name, arr in (("prior", prior), ("u_S", u_S), ("u_R", u_R), ("observation_kernel", P)):
        if not np.isfinite(arr).all():
            raise ParameterError(name, "non-finite entries", "finite numbers")
    if (prior <= 0).any() or np.abs(prior.sum(axis=1) - 1).max(initial=0) > 1e-9:
        raise ParameterError("prior", prior, "rows of positive probabilities summing to 1")
    if (P < 0).any() or np.abs(P.sum(axis=3) - 1).max(initial=0) > 1e-9:
        raise ParameterError("observation_kernel", "a kernel", "entries >= 0 with P(. | t, m) summing to 1")
    reach = (P > 0).any(axis=(1, 2))
    if not reach.all():
        i, k = np.argwhere(~reach)[0]
        raise ParameterError("observation_kernel", f"observation {k} of game {i} unreachable",
                             "every observation reachable in every game")
    nK = P.shape[3]
    if consistent_beliefs:
        follows = (P > 0).any(axis=1).sum(axis=1)  # (n, nK): messages that can lead to k
        if (follows > 1).any():
            i, k = np.argwhere(follows > 1)[0]
            raise ParameterError("consistent_beliefs", True, "games whose observations reveal the message",
                                 f"observation {k} of game {i} can follow several messages")
    garbled = not (nK == nM and (P == np.eye(nM)[None, None]).all())
    # one pass per zero pattern of the kernel (it fixes the information sets' nodes)
    patterns, group = np.unique((P > 0).reshape(n, -1), axis=0, return_inverse=True)
    found = []
    for g, pattern in enumerate(patterns):
        idx = np.flatnonzero(group.ravel() == g)
        part = _Batch(prior[idx], u_S[idx], u_R[idx], P[idx], pattern.reshape(nT, nM, nK), tol)
        found += [(S, R, idx[pts], *rest) for S, R, pts, *rest in part.run(consistent_beliefs and garbled)]
    return _assemble(found, prior, u_S, u_R, P, tol)


def _payoff_unit_batch(u: NDArray) -> tuple[NDArray, NDArray]:
    """:func:`_payoff_unit` of each game ``u[i]`` (arrays of offsets and ranges)."""
    flat = u.reshape(len(u), -1)
    top = np.abs(flat).max(axis=1)
    safe = np.where(top == 0, 1.0, top)
    v = flat / safe[:, None]
    lo, hi = v.min(axis=1), v.max(axis=1)
    off = np.where(top == 0, 0.0, lo * top)
    rng = np.where((top == 0) | ~(hi > lo), 1.0, (hi - lo) * top)
    return off, rng


class _Batch:
    """The kernel of :func:`pbe_batch` (same notation as :class:`_Solver`)."""

    def __init__(self, prior, u_S, u_R, P, pattern, tol) -> None:
        self.n, self.nT, self.nM, self.nA = u_S.shape
        self.nK = P.shape[3]
        self.prior, self.P, self.eps = prior, P, tol
        self.uS0, self.uR0 = u_S, u_R
        oS, rS = _payoff_unit_batch(u_S)
        oR, self.rR = _payoff_unit_batch(u_R)
        self.uS = (u_S - oS[:, None, None, None]) / rS[:, None, None, None]
        self.uR = (u_R - oR[:, None, None, None]) / self.rR[:, None, None, None]
        self.pattern = pattern
        self.nodes = [tuple((t, m) for t in range(self.nT) for m in range(self.nM) if pattern[t, m, k])
                      for k in range(self.nK)]

    # receiver best-response sets (as _Solver._supportable / _feasible_sets) -----------
    def _supportable(self, U: NDArray, R: tuple[int, ...]) -> NDArray:
        """``(n,)``: R is optimal for some belief over the nodes (rows of ``U[i]``)."""
        n_nodes, eps = U.shape[1], self.eps
        a0 = R[0]
        E = [U[:, :, a] - U[:, :, a0] for a in R[1:]]
        G = [U[:, :, b] - U[:, :, a0] for b in range(self.nA) if b not in R]
        if n_nodes <= 2:
            x_lo, x_hi = np.zeros(self.n), np.ones(self.n)
            ok = np.ones(self.n, bool)
            for r, equality in [(r, True) for r in E] + [(r, False) for r in G]:
                b0 = r[:, -1]
                b1 = r[:, 0] - r[:, -1] if n_nodes == 2 else np.zeros(self.n)
                flat = np.abs(b1) <= 1e-15
                ok &= ~flat | ((np.abs(b0) <= eps) if equality else (b0 <= eps))
                s = np.where(flat, 1.0, b1)
                if equality:
                    x = -b0 / s
                    x_lo = np.where(flat, x_lo, np.maximum(x_lo, x - eps))
                    x_hi = np.where(flat, x_hi, np.minimum(x_hi, x + eps))
                else:
                    bound = (eps - b0) / s
                    x_hi = np.where(~flat & (b1 > 0), np.minimum(x_hi, bound), x_hi)
                    x_lo = np.where(~flat & (b1 < 0), np.maximum(x_lo, bound), x_lo)
            return ok & (x_lo <= x_hi)
        A = np.concatenate([np.stack(E, 1) if E else np.zeros((self.n, 0, n_nodes)),
                            np.ones((self.n, 1, n_nodes))], axis=1)
        b = np.zeros(A.shape[:2])
        b[:, -1] = 1.0
        Gm = np.concatenate([np.stack(G, 1) if G else np.zeros((self.n, 0, n_nodes)),
                             -np.broadcast_to(np.eye(n_nodes), (self.n, n_nodes, n_nodes))], axis=1)
        h = np.zeros(Gm.shape[:2])
        h[:, :len(G)] = eps
        return vertices_batch(A, b, Gm, h, eps)[1].any(axis=1)

    def _feasible_sets(self) -> list[dict[tuple[int, ...], NDArray]]:
        """Per observation: ``{R_k: (n,) bool}``, True where R_k is in _Solver._feasible_sets."""
        out = []
        for k in range(self.nK):
            U = self.uR[:, [t for t, _m in self.nodes[k]], [m for _t, m in self.nodes[k]]]  # (n, nodes, nA)
            bad: dict[tuple[int, ...], NDArray] = {}
            inF: dict[tuple[int, ...], NDArray] = {}
            for R in _nonempty_subsets(range(self.nA)):
                tested = ~np.logical_or.reduce([bad[B] for B in bad if set(B) < set(R)] + [np.zeros(self.n, bool)])
                s = self._supportable(U, R)
                inF[R], bad[R] = tested & s, tested & ~s
            out.append(inF)
        return out

    # polytopes (as _Solver._w_polytope and _rho_polytope) --------------------------------
    def _w(self, S, R, on, pts) -> tuple[NDArray, NDArray, NDArray]:
        """``(sigma vertices (p, C, nT, nM), keep (p, C), ok (p,))``: the closure of W for the
        games ``pts``, and whether W itself (exact supports S) is non-empty."""
        p = len(pts)
        prior, P, uR = self.prior[pts], self.P[pts], self.uR[pts]
        if all(len(s) == 1 for s in S):
            sig = np.zeros((self.nT, self.nM))
            for t, s in enumerate(S):
                sig[t, s[0]] = 1.0
            w = prior[:, :, None, None] * sig[None, :, :, None] * P
            pk = w.sum(axis=(1, 2))
            V = np.einsum("ntmk,ntma->nka", w, uR) / np.where(pk > 0, pk, 1.0)[:, :, None]
            ok = np.ones(p, bool)
            for k in np.flatnonzero(on):
                ok &= ~(V[:, k, list(R[k])] < V[:, k].max(axis=1, keepdims=True) - self.eps).any(axis=1)
            return np.broadcast_to(sig, (p, 1, self.nT, self.nM)), ok[:, None], ok
        var = [(t, m) for t in range(self.nT) for m in S[t]]
        nv = len(var)
        ts, ms = [t for t, _m in var], [m for _t, m in var]
        A = [np.broadcast_to((np.array(ts) == t).astype(float), (p, nv)) for t in range(self.nT)]
        b = [prior[:, t] for t in range(self.nT)]
        Gr = []
        for k in np.flatnonzero(on):
            C = P[:, ts, ms, k][:, :, None] * uR[:, ts, ms]  # (p, nv, nA)
            a0 = R[k][0]
            A += [C[:, :, a] - C[:, :, a0] for a in R[k][1:]]
            b += [np.zeros(p)] * (len(R[k]) - 1)
            Gr += [C[:, :, c] - C[:, :, a0] for c in range(self.nA) if c not in R[k]]
        G = np.concatenate([np.stack(Gr, 1) if Gr else np.zeros((p, 0, nv)),
                            -np.broadcast_to(np.eye(nv), (p, nv, nv))], axis=1)
        X, keep = vertices_batch(np.stack(A, 1), np.stack(b, 1), G, np.zeros(G.shape[:2]), self.eps)
        sig = np.zeros(X.shape[:2] + (self.nT, self.nM))
        for j, (t, m) in enumerate(var):
            sig[:, :, t, m] = X[:, :, j] / prior[:, t, None]
        return sig, keep, self._interior(X, keep)

    def _q(self, S, R, pts) -> tuple[NDArray, NDArray, NDArray]:
        """``(rho vertices (p, C, nK, nA), keep (p, C), ok (p,))``: as :meth:`_w` for Q."""
        p = len(pts)
        var = [(k, a) for k in range(self.nK) for a in R[k]]
        nv = len(var)
        ks, acts = [k for k, _a in var], [a for _k, a in var]
        coef = self.P[pts][:, :, :, ks] * self.uS[pts][:, :, :, acts]  # (p, nT, nM, nv)
        A = [np.broadcast_to((np.array(ks) == k).astype(float), (p, nv)) for k in range(self.nK)]
        b = [np.ones(p)] * self.nK
        Gr = []
        for t in range(self.nT):
            m0 = S[t][0]
            A += [coef[:, t, m] - coef[:, t, m0] for m in S[t][1:]]
            b += [np.zeros(p)] * (len(S[t]) - 1)
            Gr += [coef[:, t, m] - coef[:, t, m0] for m in range(self.nM) if m not in S[t]]
        G = np.concatenate([np.stack(Gr, 1) if Gr else np.zeros((p, 0, nv)),
                            -np.broadcast_to(np.eye(nv), (p, nv, nv))], axis=1)
        X, keep = vertices_batch(np.stack(A, 1), np.stack(b, 1), G, np.zeros(G.shape[:2]), self.eps)
        rho = np.zeros(X.shape[:2] + (self.nK, self.nA))
        for j, (k, a) in enumerate(var):
            rho[:, :, k, a] = X[:, :, j]
        return rho, keep, self._interior(X, keep)

    def _interior(self, X: NDArray, keep: NDArray) -> NDArray:
        """``(p,)``: non-empty, and the centroid of the vertices ``X[i, keep[i]]`` is > eps."""
        cnt = keep.sum(axis=1)
        c = (X * keep[:, :, None]).sum(axis=1) / np.maximum(cnt, 1)[:, None]
        return (cnt > 0) & (c > self.eps).all(axis=1)

    def _noise_consistent(self, S, R, pts) -> NDArray:
        """As :func:`_noise_consistent`, for games ``pts``."""
        ok = np.ones(len(pts), bool)
        for m in range(self.nM):
            if any(m in s for s in S):
                continue
            ks = [k for k in range(self.nK) if any(mm == m for _t, mm in self.nodes[k])]
            able = list(range(self.nT))
            E_rows, G_rows = [], []
            for k in ks:
                U = self.uR0[pts][:, [t for t, _m in self.nodes[k]], [mm for _t, mm in self.nodes[k]]]
                D = np.zeros((len(pts), len(self.nodes[k]), self.nT))
                for j, (t, _m) in enumerate(self.nodes[k]):
                    D[:, j, t] = self.P[pts, t, m, k]
                a0 = R[k][0]
                unit = self.rR[pts][:, None]
                E_rows += [np.einsum("nj,njt->nt", U[:, :, a] - U[:, :, a0], D) / unit for a in R[k][1:]]
                G_rows += [np.einsum("nj,njt->nt", U[:, :, c] - U[:, :, a0], D) / unit
                           for c in range(self.nA) if c not in R[k]]
            nv = len(able)
            A = np.stack(E_rows + [np.ones((len(pts), nv))], 1)
            b = np.zeros(A.shape[:2])
            b[:, -1] = 1.0
            G = np.concatenate([np.stack(G_rows, 1) if G_rows else np.zeros((len(pts), 0, nv)),
                                -np.broadcast_to(np.eye(nv), (len(pts), nv, nv))], axis=1)
            h = np.zeros(G.shape[:2])
            h[:, :len(G_rows)] = self.eps
            ok &= vertices_batch(A, b, G, h, self.eps)[1].any(axis=1)
        return ok

    def run(self, consistent: bool) -> list[tuple]:
        """``(S, R, games, sigma vertices, kept, rho vertices, kept)`` of every cell found."""
        nK = self.nK
        F = self._feasible_sets()
        S_all = list(itertools.product(*[_nonempty_subsets(range(self.nM)) for _t in range(self.nT)]))
        R_all = list(itertools.product(*[list(F[k]) for k in range(nK)]))
        # for every receiver profile at once: R_k best responses somewhere, and the bounds of
        # U(t, m) over the faces Delta(R_k) (as in _Solver.run)
        code = [{R: i for i, R in enumerate(F[k])} for k in range(nK)]
        idx = np.array([[code[k][R[k]] for k in range(nK)] for R in R_all]).reshape(len(R_all), nK)
        inF = np.ones((len(R_all), self.n), bool)
        lo = np.zeros((len(R_all), self.n, self.nT, self.nM))
        hi = np.zeros_like(lo)
        for k in range(nK):
            sets = list(F[k])
            inF &= np.array([F[k][R] for R in sets])[idx[:, k]]
            lo += np.array([self.P[..., k] * self.uS[..., list(R)].min(axis=3) for R in sets])[idx[:, k]]
            hi += np.array([self.P[..., k] * self.uS[..., list(R)].max(axis=3) for R in sets])[idx[:, k]]
        floor = lo.max(axis=3, keepdims=True) - self.eps
        found = []
        for S in S_all:
            on = np.zeros(nK, bool)
            used = np.zeros((self.nT, self.nM), bool)
            for t, s in enumerate(S):
                used[t, list(s)] = True
                for m in s:
                    on |= self.pattern[t, m]
            ok_all = inF & ((hi >= floor) | ~used).all(axis=(2, 3))
            for k in np.flatnonzero(on):  # R_k optimal for some belief on the nodes S reaches
                nodes = [(t, m) for t, m in self.nodes[k] if used[t, m]]
                U = self.uR[:, [t for t, _m in nodes], [m for _t, m in nodes]]
                ok_all &= np.array([self._supportable(U, R) for R in F[k]])[idx[:, k]]
            for r in np.flatnonzero(ok_all.any(axis=1)):
                R = R_all[r]
                pts = np.flatnonzero(ok_all[r])
                sv, skeep, ok = self._w(S, R, on, pts)
                if not ok.any():
                    continue
                pts, sv, skeep = pts[ok], sv[ok], skeep[ok]
                rv, rkeep, ok = self._q(S, R, pts)
                if consistent:
                    ok[ok] = self._noise_consistent(S, R, pts[ok])
                if not ok.any():
                    continue
                found.append((S, R, pts[ok], sv[ok], skeep[ok], rv[ok], rkeep[ok]))
        return found


def _kind(S: tuple[tuple[int, ...], ...]) -> str:
    """:attr:`PBE.kind` of the sender support ``S``."""
    used = {s[0] for s in S}
    if any(len(s) > 1 for s in S):
        return "semi-separating"
    return "pooling" if len(used) == 1 else "separating" if len(used) == len(S) else "partially pooling"


def _slot_key(S: tuple, R: tuple) -> tuple:
    """The key of :func:`_sort_key` for the supports ``(S, R)``."""
    order = {"pooling": 0, "separating": 1, "partially pooling": 2, "semi-separating": 3}
    return (order[_kind(S)], any(len(r) > 1 for r in R), S, R)


def _assemble(found: list[tuple], prior, u_S, u_R, P, tol: float) -> PBEBatchResult:
    """The slots of :class:`PBEBatchResult` from the cells of :meth:`_Batch.run` (one slot per
    support pair, in the order of :func:`_sort_key`)."""
    n, nT, nM, nA = u_S.shape
    nK = P.shape[3]
    keys = sorted({(f[0], f[1]) for f in found}, key=lambda sr: _slot_key(*sr))
    slot_of = {sr: j for j, sr in enumerate(keys)}
    J = len(keys)
    Vs = max([int(f[4].sum(axis=1).max()) for f in found], default=1)
    Vr = max([int(f[6].sum(axis=1).max()) for f in found], default=1)
    valid = np.zeros((n, J), bool)
    sig_v = np.full((n, J, Vs, nT, nM), np.nan)
    rho_v = np.full((n, J, Vr, nK, nA), np.nan)
    ns, nr = np.zeros((n, J), np.int64), np.zeros((n, J), np.int64)
    for S, R, pts, sv, skeep, rv, rkeep in found:
        j = slot_of[(S, R)]
        valid[pts, j] = True
        for src, keep, dst, cnt in ((sv, skeep, sig_v, ns), (rv, rkeep, rho_v, nr)):
            c = keep.sum(axis=1)
            cnt[pts, j] = c
            slot = np.cumsum(keep, axis=1) - 1  # position of each kept vertex
            ii, cc = np.nonzero(keep)
            dst[pts[ii], j, slot[ii, cc]] = src[ii, cc]
    sigma = np.nansum(sig_v, axis=2) / np.where(valid, ns, 1)[..., None, None]
    rho = np.nansum(rho_v, axis=2) / np.where(valid, nr, 1)[..., None, None]
    sigma[~valid], rho[~valid] = np.nan, np.nan
    # payoffs in the games' own units (as PBE.sender_payoffs, PBE.receiver_payoff)
    U = np.einsum("ntmk,njka,ntma->njtm", P, rho, u_S)
    w = prior[:, None, :, None, None] * sigma[..., None] * P[:, None]  # (n, J, t, m, k)
    return PBEBatchResult(
        sender_supports=tuple(S for S, _R in keys), receiver_supports=tuple(R for _S, R in keys),
        labels=tuple(_kind(S) + (", mixed receiver" if any(len(r) > 1 for r in R) else "") for S, R in keys),
        valid=valid, sigma=sigma, rho=rho, sigma_vertices=sig_v,
        rho_vertices=rho_v, n_sigma_vertices=ns, n_rho_vertices=nr,
        sender_payoffs=np.einsum("njtm,njtm->njt", sigma, U),
        receiver_payoff=np.einsum("njtmk,njka,ntma->nj", w, rho, u_R), tol=tol)
