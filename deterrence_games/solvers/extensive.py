r"""Equilibria of game trees (:class:`~deterrence_games.games.tree.ExtensiveGame`).

Three concepts, each with the set it covers stated in the result's ``covers``:

* :func:`subgame_perfect` -- *every pure-strategy subgame-perfect equilibrium* of a
  perfect-information tree with chance moves, by backward induction (Kuhn 1953; Selten
  1965); at a tie every maximising action starts its own branch, so all pure SPE are
  returned (mixtures over tied actions are SPE too when they leave the movers above
  indifferent; they are not listed).
* :func:`tree_pbe` -- *every perfect Bayesian equilibrium cell* of a tree that is a
  sender-receiver game (nature draws a type, the informed player sends a message, the
  other observes it, possibly through a chance garbling, and acts): the tree is read as a
  :class:`~deterrence_games.games.signaling.SignalingGame` and solved by
  :func:`~deterrence_games.solvers.pbe.pbe`.
* :func:`sequence_form_nash` -- *every extreme Nash equilibrium* of a two-player tree with
  perfect recall, in behaviour strategies, by vertex enumeration of the sequence-form
  best-response polyhedra (Koller, Megiddo and von Stengel 1996; von Stengel 1996), the
  extensive-form analogue of bimatrix vertex enumeration. With realization plans
  :math:`x, y` (:math:`Ex = e`, :math:`Fy = f`, :math:`x, y \ge 0`) and sequence-form
  payoff matrices :math:`A, B`, a pair is an equilibrium iff there are :math:`p, q` with
  :math:`(y, p) \in Q_2 = \{Fy = f, y \ge 0, E^\top p \ge A y\}`,
  :math:`(x, q) \in Q_1 = \{Ex = e, x \ge 0, F^\top q \ge B^\top x\}` and every sequence
  is a *label* of one of the two points (its realization weight is zero or its dual
  constraint is tight). The equilibrium set is a finite union of products of faces of
  :math:`Q_1 \times Q_2`; its extreme points are the completely labelled vertex pairs,
  all of which are returned.

:func:`tree_equilibria` chooses among them (SPE for perfect information, PBE for
sender-receiver trees, Nash otherwise) and refuses, naming the reason, trees none of
them covers (more than two players with imperfect information).

Every equilibrium is returned as an :class:`~deterrence_games.results.Equilibrium`
whose ``outcomes`` are the probabilities of the tree's named outcomes and whose
``escalation_probability`` is the mass of its escalatory outcomes; ``strategies`` holds
the behaviour at every information set (label -> probabilities over its actions) and
``certificate`` the largest gain from a deviation, computed independently of the method.

References
----------
Kuhn, H. W. (1953), "Extensive games and the problem of information".
Selten, R. (1965), "Spieltheoretische Behandlung eines Oligopolmodells mit
Nachfrageträgheit", ZgS 121.
Koller, D., Megiddo, N. and von Stengel, B. (1996), "Efficient computation of equilibria
for extensive two-person games", GEB 14(2).
von Stengel, B. (1996), "Efficient computation of behavior strategies", GEB 14(2).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._validation import Interval, ParameterError, check_scalar
from ..games.tree import ExtensiveGame
from ..results import Equilibrium, ModelSolution
from .pbe import pbe

__all__ = ["TreeSolution", "sequence_form", "sequence_form_nash", "subgame_perfect", "tree_equilibria", "tree_pbe",
           "tree_qre"]

CONCEPTS = ("auto", "spe", "pbe", "nash")

_MAX_SPE = 100_000


@dataclass(frozen=True, eq=False, repr=False)
class TreeSolution(ModelSolution):
    """Equilibria of a game tree, with the set they cover.

    A :class:`~deterrence_games.results.ModelSolution` (so ``escalation_range``,
    ``select``, ``to_frame`` work as for models) plus:

    Attributes
    ----------
    concept : str
        ``"subgame perfect"``, ``"perfect Bayesian"`` or ``"Nash"``.
    covers : str
        Which equilibria are listed, e.g. ``"every pure-strategy SPE"``.
    game : ExtensiveGame
    """

    concept: str = ""
    covers: str = ""
    game: Any = None

    def to_dict(self) -> dict:
        d = super().to_dict()
        d.update(concept=self.concept, covers=self.covers)
        return d

    def __str__(self) -> str:
        return super().__str__() + f"\n  concept: {self.concept}; covers: {self.covers}"

    def _repr_html_(self) -> str:
        import html

        head = super()._repr_html_()
        note = f"<small>{html.escape(self.concept)}: {html.escape(self.covers)}</small>"
        return head.replace("</strong>", f"</strong><br>{note}", 1)


def _tol(game: ExtensiveGame, tol: float) -> float:
    return tol * max(1.0, float(np.abs(game.payoffs).max(initial=0.0)))


def _solution(game: ExtensiveGame, eqs: list[Equilibrium], concept: str, covers: str, method: str,
              options: Mapping[str, Any], warnings: Sequence[str] = ()) -> TreeSolution:
    return TreeSolution(model=game.name or "tree", parameters={}, equilibria=tuple(eqs), outcomes=game.outcomes,
                        escalatory=tuple(o for o in game.outcomes if o in game.escalatory), method=method,
                        provenance="ExtensiveGame", warnings=tuple(warnings), solver_options=dict(options),
                        concept=concept, covers=covers, game=game)


def _equilibrium(game: ExtensiveGame, label: str, behaviour: list[NDArray], *, reach: NDArray | None = None,
                 unreached: Sequence[str] = (), flags: Mapping[str, Any] | None = None,
                 certificate: Mapping[str, float] | None = None) -> Equilibrium:
    pz = game.terminal_probabilities(behaviour) if reach is None else reach
    outs = game.outcome_distribution(pz)
    strat: dict[str, Any] = {I.label: np.asarray(b, float) for I, b in zip(game.infosets, behaviour, strict=True)}
    q = {f"payoff_{p}": float(v) for p, v in zip(game.players, pz @ game.payoffs, strict=True)}
    cert = dict(certificate or {})
    cert.setdefault("max_regret", max(regrets(game, behaviour)))
    fl = dict(flags or {})
    if unreached:
        strat["unreached"] = tuple(unreached)
    return Equilibrium(label=label, outcomes=outs, escalation_probability=sum(outs[o] for o in game.escalatory),
                       strategies=strat, quantities=q, flags=fl, certificate=cert)


# ---------------------------------------------------------------------------------------
# Certificates: best-response values in behaviour strategies
# ---------------------------------------------------------------------------------------


def regrets(game: ExtensiveGame, behaviour: Sequence[NDArray]) -> list[float]:
    """Each player's gain from a best response to a behaviour profile (>= 0 up to rounding).

    The best response is computed by backward induction over the deviating player's own
    information sets (perfect recall), with the other players and chance fixed.
    """
    b = game.check_behaviour(behaviour)
    kind, ch, inf = game.node_kind, game.node_children, game.node_infoset
    # reach of each node by everyone but player i (chance included)
    out = []
    pz_all = game.terminal_probabilities(b)
    for i in range(game.n_players):
        r = np.zeros(len(kind))
        r[0] = 1.0
        for v, k in enumerate(kind):
            for a, c in enumerate(ch[v]):
                if k == "chance":
                    r[c] = r[v] * game.chance_probs[v][a]  # type: ignore[index]
                elif game.infosets[inf[v]].player == i:
                    r[c] = r[v]
                else:
                    r[c] = r[v] * b[inf[v]][a]
        # weight of each own sequence: sum of r(z) u_i(z) over terminals ending it; then
        # v(s) = g(s) + sum over own information sets h after s of max_a v(s h a), deepest first
        v: dict = {}
        for z_idx, z in enumerate(game.terminals):
            s = game.node_sequences(z)[i]
            key = s[-1] if s else ()
            v[key] = v.get(key, 0.0) + r[z] * game.payoffs[z_idx, i]
        for h in range(len(game.infosets) - 1, -1, -1):
            I = game.infosets[h]
            if I.player != i:
                continue
            parent = I.sequence[-1] if I.sequence else ()
            v[parent] = v.get(parent, 0.0) + max(v.get((h, a), 0.0) for a in range(len(I.actions)))
        best = v.get((), 0.0)
        out.append(float(max(best - pz_all @ game.payoffs[:, i], 0.0)))
    return out


# ---------------------------------------------------------------------------------------
# Subgame perfection by backward induction
# ---------------------------------------------------------------------------------------


def subgame_perfect(game: ExtensiveGame, *, tol: float = 1e-9) -> TreeSolution:
    """Every pure-strategy subgame-perfect equilibrium of a perfect-information tree.

    Parameters
    ----------
    game : ExtensiveGame
        Every information set a single node; chance moves allowed; any number of players.
    tol : float
        Two actions tie when their values differ by at most ``tol * max(1, max |payoff|)``;
        a tie branches into one equilibrium per maximising action.

    Returns
    -------
    TreeSolution
        One :class:`~deterrence_games.results.Equilibrium` per pure SPE (label
        ``"pure SPE"``), with the behaviour at every node (also off the path).

    Examples
    --------
    >>> from deterrence_games.games.tree import ExtensiveGame, decision, terminal
    >>> g = ExtensiveGame(["A", "B"], decision("A", {
    ...     "wait": terminal("status_quo", (0, 0)),
    ...     "push": decision("B", {"yield": terminal("concession", (1, -1)),
    ...                            "fight": terminal("war", (-1, -2))})}), escalatory={"war"})
    >>> sol = subgame_perfect(g)
    >>> [(e.label, dict(e.outcomes)) for e in sol]
    [('pure SPE', {'status_quo': 0.0, 'concession': 1.0, 'war': 0.0})]
    """
    _check_game(game)
    tol = check_scalar("tol", tol, Interval(0.0, 1e-3), "a small tolerance")
    if not game.is_perfect_information:
        h = next(I for I in game.infosets if len(I.nodes) > 1)
        raise ParameterError("game", repr(game), "a perfect-information tree (every information set one node)",
                             f"information set {h.label!r} has {len(h.nodes)} nodes; use tree_pbe or "
                             "sequence_form_nash")
    eps = _tol(game, tol)
    kind, ch = game.node_kind, game.node_children
    # sols[v]: list of (choices: tuple of (node, action) in the subtree, value vector)
    sols: list[list[tuple[tuple[tuple[int, int], ...], NDArray]]] = [[] for _ in kind]
    for v in range(len(kind) - 1, -1, -1):
        if kind[v] == "terminal":
            sols[v] = [((), game.payoffs[game.node_terminal[v]].copy())]
            continue
        combos = itertools.product(*[sols[c] for c in ch[v]])
        n_combo = int(np.prod([len(sols[c]) for c in ch[v]]))
        if n_combo > _MAX_SPE:
            raise ParameterError("game", repr(game), f"at most {_MAX_SPE} pure SPE in a subtree",
                                 "too many ties; perturb the payoffs")
        res = []
        for combo in combos:
            choices = tuple(itertools.chain.from_iterable(c[0] for c in combo))
            vals = np.array([c[1] for c in combo])
            if kind[v] == "chance":
                res.append((choices, game.chance_probs[v] @ vals))  # type: ignore[operator]
            else:
                i = game.infosets[game.node_infoset[v]].player
                best = vals[:, i].max()
                for a in np.flatnonzero(vals[:, i] >= best - eps):
                    res.append((((v, int(a)),) + choices, vals[a]))
        if len(res) > _MAX_SPE:
            raise ParameterError("game", repr(game), f"at most {_MAX_SPE} pure SPE", "too many ties; perturb the payoffs")
        sols[v] = res
        for c in ch[v]:
            sols[c] = []
    eqs = []
    for choices, _val in sols[0]:
        b = [np.zeros(len(I.actions)) for I in game.infosets]
        for v, a in choices:
            b[game.node_infoset[v]][a] = 1.0
        eqs.append(_equilibrium(game, "pure SPE", b))
    return _solution(game, eqs, "subgame perfect", "every pure-strategy subgame-perfect equilibrium",
                     "backward induction (ties branch)", {"tol": tol})


# ---------------------------------------------------------------------------------------
# Sender-receiver trees through the signaling engine
# ---------------------------------------------------------------------------------------


def tree_pbe(game: ExtensiveGame, *, tol: float = 1e-9) -> TreeSolution:
    """Every perfect Bayesian equilibrium cell of a sender-receiver tree.

    The tree is read as a signaling game (:meth:`ExtensiveGame.to_signaling_game`;
    refused with the reason when it is not one) and solved by
    :func:`~deterrence_games.solvers.pbe.pbe`. Each cell is reported at its representative
    point, with the cell's refinement flags, ``continuum``, and the signaling engine's
    certificate; receiver information sets that can never be reached are listed in the
    result's ``warnings`` (their behaviour is arbitrary and shown uniform).

    Parameters
    ----------
    game : ExtensiveGame
        A sender-receiver tree (chance picks the type, the sender sends a message, the
        receiver acts).
    tol : float, default 1e-9
        Tolerance of the signaling engine.

    Returns
    -------
    TreeSolution
        Every PBE cell with its outcome distribution over the tree's outcomes.

    Raises
    ------
    ParameterError
        The tree is not a signaling game (the reason is given).
    """
    _check_game(game)
    sg, info = game.to_signaling_game()
    res = pbe(sg, tol=tol)
    eqs = []
    for e in res:
        b = _behaviour_from_signaling(game, info, sg, e.sigma, e.rho)
        flags = {k: v for k, v in e.flags.items() if v is not None}
        flags["continuum"] = e.continuum
        cert = {"max_sender_regret": e.certificate["max_sender_regret"],
                "max_receiver_regret": e.certificate["max_receiver_regret"],
                "bayes_residual": e.certificate["bayes_residual"]}
        unreached = tuple(game.infosets[h].label for h in info["unreachable"])
        eqs.append(_equilibrium(game, e.label, b, unreached=unreached, flags=flags, certificate=cert))
    warns = list(res.warnings) + list(sg.notes)
    return _solution(game, eqs, "perfect Bayesian", "every PBE cell (representative point of each)",
                     res.method, {"tol": tol}, warns)


def _behaviour_from_signaling(game: ExtensiveGame, info: Mapping[str, Any], sg: Any, sigma: NDArray,
                              rho: NDArray) -> list[NDArray]:
    b = [np.full(len(I.actions), 1.0 / len(I.actions)) for I in game.infosets]
    for t, h in enumerate(info["sender_infosets"]):
        acts = game.infosets[h].actions
        b[h] = np.array([sigma[t, sg.messages.index(a)] for a in acts])
    for h in info["receiver_infosets"]:
        lab = game.infosets[h].label
        if lab in sg.observations:
            b[h] = np.asarray(rho[sg.observations.index(lab)], float)
    return b


# ---------------------------------------------------------------------------------------
# Sequence form
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SequenceForm:
    """The sequence form of a two-player tree (Koller, Megiddo and von Stengel 1996).

    Attributes
    ----------
    sequences : tuple of two tuples
        Each player's sequences: ``()`` (the empty sequence) then ``(infoset, action)``.
    E, F : ndarray
        Constraint matrices, ``E x = e`` and ``F y = f`` with ``e = f = (1, 0, ..., 0)``.
    A, B : ndarray, shape (n_1, n_2)
        Expected payoffs (chance included) of each pair of sequences.
    terminal_sequences : ndarray of int, shape (n_terminals, 2)
        Each terminal node's sequence index for both players.
    """

    sequences: tuple[tuple[tuple[int, int] | tuple[()], ...], ...]
    E: NDArray[np.float64]
    F: NDArray[np.float64]
    A: NDArray[np.float64]
    B: NDArray[np.float64]
    terminal_sequences: NDArray[np.intp]
    chance_reach: NDArray[np.float64] = field(repr=False, default=None)  # type: ignore[assignment]


def sequence_form(game: ExtensiveGame) -> SequenceForm:
    """The sequence form ``(E, F, A, B)`` of a two-player tree with perfect recall.

    Koller, Megiddo & von Stengel (1996): strategies are realization plans over sequences,
    so the game has size linear in the tree (used by :func:`sequence_form_nash`).

    Parameters
    ----------
    game : ExtensiveGame
        A two-player tree with perfect recall.

    Returns
    -------
    SequenceForm

    Raises
    ------
    ParameterError
        A tree with other than two players.
    """
    _check_game(game)
    if game.n_players != 2:
        raise ParameterError("game", repr(game), "a two-player tree for the sequence form",
                             f"it has {game.n_players} players")
    seqs: list[list] = [[()], [()]]
    index: list[dict] = [{(): 0}, {(): 0}]
    for h, I in enumerate(game.infosets):
        for a in range(len(I.actions)):
            index[I.player][(h, a)] = len(seqs[I.player])
            seqs[I.player].append((h, a))
    mats = []
    for i in (0, 1):
        own = [(h, I) for h, I in enumerate(game.infosets) if I.player == i]
        M = np.zeros((1 + len(own), len(seqs[i])))
        M[0, 0] = 1.0
        for r, (h, I) in enumerate(own, start=1):
            parent = I.sequence[-1] if I.sequence else ()
            M[r, index[i][parent]] = -1.0
            for a in range(len(I.actions)):
                M[r, index[i][(h, a)]] = 1.0
        mats.append(M)
    cr = game.chance_reach()
    zs = np.zeros((len(game.terminals), 2), dtype=np.intp)
    A = np.zeros((len(seqs[0]), len(seqs[1])))
    B = np.zeros_like(A)
    for z_idx, z in enumerate(game.terminals):
        s = game.node_sequences(z)
        j0 = index[0][s[0][-1] if s[0] else ()]
        j1 = index[1][s[1][-1] if s[1] else ()]
        zs[z_idx] = (j0, j1)
        A[j0, j1] += cr[z_idx] * game.payoffs[z_idx, 0]
        B[j0, j1] += cr[z_idx] * game.payoffs[z_idx, 1]
    for arr in (*mats, A, B, zs, cr):
        arr.setflags(write=False)
    return SequenceForm(tuple(tuple(s) for s in seqs), mats[0], mats[1], A, B, zs, cr)


_MAX_BASES = 500_000


def _vertices_with_labels(Mw: NDArray, Mu: NDArray, C: NDArray, tol: float) -> tuple[NDArray, NDArray]:
    """Vertices of ``{(w, u): Mw w = e, w >= 0, C w <= Mu^T u}`` and their label masks.

    ``u`` is free. In standard form ``z = (w, u, s) ``, ``s = Mu^T u - C w >= 0``, the
    polyhedron is pointed (``Mu^T`` has full column rank) and every vertex has a basis holding
    all of ``u``. A search by lexicographic simplex pivots from one feasible basis (found by
    HiGHS) visits every lex-feasible basis, hence every vertex (the lexicographic rule
    of Dantzig, Orden and Wolfe 1955, as in reverse search, Avis and Fukuda 1992).

    Returns ``W`` (the vertices' ``w`` parts) and ``L`` of shape ``(n_vertices, n_s + n_w)``:
    the first block marks tight rows of ``C w <= Mu^T u`` (labels of the other player's
    sequences), the second block zeros of ``w``.
    """
    from scipy.optimize import linprog

    nw, nu, ns = Mw.shape[1], Mu.shape[0], C.shape[0]
    # rows: Mw w = e ; C w - Mu^T u + s = 0
    M = np.zeros((Mw.shape[0] + ns, nw + nu + ns))
    M[:Mw.shape[0], :nw] = Mw
    M[Mw.shape[0]:, :nw] = C
    M[Mw.shape[0]:, nw:nw + nu] = -Mu.T
    M[Mw.shape[0]:, nw + nu:] = np.eye(ns)
    rhs = np.zeros(M.shape[0])
    rhs[0] = 1.0
    m, N = M.shape
    free = set(range(nw, nw + nu))
    bounds = [(0, None)] * nw + [(None, None)] * nu + [(0, None)] * ns
    lp = linprog(np.zeros(N), A_eq=M, b_eq=rhs, bounds=bounds, method="highs-ds")
    if lp.status != 0:
        return np.empty((0, nw)), np.empty((0, ns + nw), dtype=bool)
    z0 = lp.x
    # a first basis: the free columns, the positive columns, then independent columns
    basis: list[int] = sorted(free) + [j for j in range(N) if j not in free and z0[j] > tol]
    for j in range(N):
        if len(basis) == m:
            break
        if j in basis:
            continue
        if np.linalg.matrix_rank(M[:, basis + [j]], tol=1e-10) == len(basis) + 1:
            basis.append(j)
    if len(basis) != m or np.linalg.matrix_rank(M[:, basis], tol=1e-10) != m:  # pragma: no cover - full rank
        raise ValueError("no starting basis for the sequence-form polyhedron")
    # lexicographic perturbation b(eps) = b + M_B0 (eps, eps^2, ...): B0 is lex-feasible, the
    # perturbed polyhedron is simple, its bases are the lex-feasible bases of the original,
    # every vertex is the image of one of them, and its graph is connected
    B0 = M[:, basis].copy()
    start = tuple(sorted(basis))
    seen = {start}
    queue = [start]
    verts: dict[tuple, NDArray] = {}
    while queue:
        B = queue.pop()
        Bl = list(B)
        Binv = np.linalg.inv(M[:, Bl])
        xB = Binv @ rhs
        P = Binv @ B0
        z = np.zeros(N)
        z[Bl] = xB
        key = tuple(np.round(z / (100 * tol)).astype(np.int64))
        verts.setdefault(key, z)
        restricted = np.array([j not in free for j in Bl])
        D = Binv @ M
        inB = np.zeros(N, dtype=bool)
        inB[Bl] = True
        ok = restricted[:, None] & (D > 1e-11)
        with np.errstate(divide="ignore", invalid="ignore"):
            R = np.where(ok, xB[:, None] / D, np.inf)
        best = R.min(axis=0)
        ties = (R <= best + 1e-9) & ok
        for j in np.flatnonzero(~inB & np.isfinite(best)):
            rows = np.flatnonzero(ties[:, j])
            if rows.size > 1:  # degenerate: lexicographic tie-break on the perturbation
                T = np.round(P[rows] / D[rows, j][:, None], 9)
                rows = rows[np.lexsort(T.T[::-1])[:1]]
            r = int(rows[0])
            nb = tuple(sorted(Bl[:r] + Bl[r + 1:] + [int(j)]))
            if nb not in seen:
                seen.add(nb)
                queue.append(nb)
                if len(seen) > _MAX_BASES:
                    raise ValueError(f"vertex enumeration too large (more than {_MAX_BASES} bases)")
    Z = np.array(list(verts.values()))
    W, S = Z[:, :nw], Z[:, nw + nu:]
    return W, np.hstack([np.abs(S) <= tol, np.abs(W) <= tol])


def sequence_form_nash(game: ExtensiveGame, *, tol: float = 1e-9) -> TreeSolution:
    """Every extreme Nash equilibrium of a two-player tree, by the sequence form.

    Parameters
    ----------
    game : ExtensiveGame
        Two players, perfect recall (checked by the constructor); chance moves allowed.
    tol : float
        Tolerance for tight constraints, scaled by ``max(1, max |payoff|)``.

    Returns
    -------
    TreeSolution
        One :class:`~deterrence_games.results.Equilibrium` per distinct extreme
        equilibrium (realization plans), labelled ``"pure"`` or ``"mixed"``, with the
        behaviour at every information set; where a player's own earlier moves make an
        information set unreachable the behaviour there is arbitrary (any completion is an
        equilibrium), shown uniform and listed in ``strategies["unreached"]``. Convex
        combinations of equilibria in one Nash component are equilibria too and are not
        listed.

    Examples
    --------
    Matching pennies played in sequence but with the second mover uninformed:

    >>> from deterrence_games.games.tree import ExtensiveGame, decision, terminal
    >>> leaf = lambda a, b: terminal("match" if a == b else "mismatch", (1, -1) if a == b else (-1, 1))
    >>> g = ExtensiveGame(["A", "B"], decision("A", {a: decision("B", {b: leaf(a, b) for b in "HT"},
    ...                   infoset="B") for a in "HT"}))
    >>> sol = sequence_form_nash(g)
    >>> len(sol), sol[0].label, round(sol[0].outcomes["match"], 9), sol.covers
    (1, 'mixed', 0.5, 'every extreme Nash equilibrium (realization plans)')
    """
    _check_game(game)
    tol = check_scalar("tol", tol, Interval(0.0, 1e-3, low_closed=False), "a small positive tolerance")
    sf = sequence_form(game)
    eps = _tol(game, tol)
    n1, n2 = sf.A.shape
    try:
        # Q2: (y, p) with F y = f, y >= 0, A y <= E^T p   -> labels: tight rows (S1), zero y (S2)
        Y, L2 = _vertices_with_labels(sf.F, sf.E, sf.A, eps)
        # Q1: (x, q) with E x = e, x >= 0, B^T x <= F^T q -> labels: tight rows (S2), zero x (S1)
        X, L1 = _vertices_with_labels(sf.E, sf.F, sf.B.T, eps)
    except ValueError as err:
        raise ParameterError("game", repr(game), "a tree small enough for sequence-form vertex enumeration",
                             str(err)) from None
    # labels as (S1 | S2) masks
    lab2 = L2  # (tight S1 rows, zero S2)
    lab1 = np.hstack([L1[:, n2:], L1[:, :n2]])  # (zero S1, tight S2 rows)
    complete = (lab1[:, None, :] | lab2[None, :, :]).all(axis=2)
    pairs = np.argwhere(complete)
    found: dict[tuple, tuple[NDArray, NDArray]] = {}
    for i, j in pairs:
        x, y = _snap(X[i], eps), _snap(Y[j], eps)
        key = tuple(np.round(np.concatenate([x, y]) / (100 * max(eps, 1e-12))).astype(np.int64))
        found.setdefault(key, (x, y))
    eqs = []
    for key in sorted(found):
        x, y = found[key]
        b, unreached = _behaviour_from_plans(game, sf, x, y, eps)
        pz = sf.chance_reach * x[sf.terminal_sequences[:, 0]] * y[sf.terminal_sequences[:, 1]]
        pure = all(np.isclose(v, 0, atol=eps) or np.isclose(v, 1, atol=eps) for v in np.concatenate([x, y]))
        eqs.append(_equilibrium(game, "pure" if pure else "mixed", b, reach=pz, unreached=unreached))
    return _solution(game, eqs, "Nash", "every extreme Nash equilibrium (realization plans)",
                     "sequence-form vertex enumeration (Koller, Megiddo and von Stengel 1996)", {"tol": tol})


def _snap(v: NDArray, eps: float) -> NDArray:
    """Round entries within ``eps`` of 0 or 1 (vertex arithmetic noise) to exactly 0 or 1."""
    v = np.clip(v, 0.0, None)
    v[v <= eps] = 0.0
    v[np.abs(v - 1.0) <= eps] = 1.0
    return v


def _behaviour_from_plans(game: ExtensiveGame, sf: SequenceForm, x: NDArray, y: NDArray,
                          eps: float) -> tuple[list[NDArray], list[str]]:
    plans = (x, y)
    index = [{s: k for k, s in enumerate(sf.sequences[i])} for i in (0, 1)]
    b, unreached = [], []
    for h, I in enumerate(game.infosets):
        r = plans[I.player]
        parent = r[index[I.player][I.sequence[-1] if I.sequence else ()]]
        w = np.array([r[index[I.player][(h, a)]] for a in range(len(I.actions))])
        if parent > eps:
            v = np.clip(w / parent, 0, None)
            b.append(v / v.sum())
        else:
            b.append(np.full(len(I.actions), 1.0 / len(I.actions)))
            unreached.append(I.label)
    return b, unreached


# ---------------------------------------------------------------------------------------
# Dispatcher
# ---------------------------------------------------------------------------------------


def tree_equilibria(game: ExtensiveGame, concept: str = "auto", *, tol: float = 1e-9) -> TreeSolution:
    """Equilibria of a game tree under ``concept``, saying which ones are covered.

    Parameters
    ----------
    game : ExtensiveGame
    concept : {"auto", "spe", "pbe", "nash"}
        ``"auto"``: every pure SPE when the tree has perfect information, else every PBE
        cell when it is a sender-receiver tree, else every extreme Nash equilibrium
        (two players). ``"spe"``, ``"pbe"`` and ``"nash"`` force one method.
    tol : float
        Passed to the method.

    Returns
    -------
    TreeSolution
        Its ``concept`` and ``covers`` say what was computed.

    Examples
    --------
    A three-rung escalation ladder with perfect information: nature makes the challenger
    resolved with probability 0.3; the challenger threatens or not; the defender concedes
    or resists; after resistance an incident sparks war with probability 0.2, otherwise the
    challenger backs down or fights. By backward induction the resolved type fights, so
    the defender, for whom conceding (-3) is worse than war (-2), resists it, and the
    resolved type still threatens (war 0.5 > 0); the irresolute type would back down, the
    defender resists it (0.2 (-2) + 0.8 (1) > -3) and it keeps the status quo.

    >>> from deterrence_games.games.tree import ExtensiveGame, chance, decision, terminal
    >>> def rungs(war):
    ...     return decision("Challenger", {
    ...         "status quo": terminal("status_quo", (0, 0)),
    ...         "threaten": decision("Defender", {
    ...             "concede": terminal("concession", (1, -3)),
    ...             "resist": chance({
    ...                 "incident": (0.2, terminal("war", (war, -2))),
    ...                 "calm": (0.8, decision("Challenger", {
    ...                     "back down": terminal("backdown", (-1, 1)),
    ...                     "fight": terminal("war", (war, -2))}))})})})
    >>> ladder = ExtensiveGame(["Challenger", "Defender"],
    ...                        chance({"resolved": (0.3, rungs(0.5)), "irresolute": (0.7, rungs(-2.0))}),
    ...                        escalatory={"war"})
    >>> sol = tree_equilibria(ladder)
    >>> sol.concept, len(sol), sol.escalation_probability
    ('subgame perfect', 1, 0.3)
    >>> {o: round(p, 6) for o, p in sol[0].outcomes.items()}
    {'status_quo': 0.7, 'concession': 0.0, 'war': 0.3, 'backdown': 0.0}
    """
    _check_game(game)
    if concept not in CONCEPTS:
        raise ParameterError("concept", concept, f"concept in {{{', '.join(CONCEPTS)}}}")
    if concept == "spe" or (concept == "auto" and game.is_perfect_information):
        return subgame_perfect(game, tol=tol)
    if concept == "pbe":
        return tree_pbe(game, tol=tol)
    if concept == "auto":
        try:
            game.to_signaling_game()
        except ParameterError:
            pass
        else:
            return tree_pbe(game, tol=tol)
        if game.n_players != 2:
            raise ParameterError("game", repr(game), "perfect information, a sender-receiver tree, or two players",
                                 f"an imperfect-information tree with {game.n_players} players is not supported")
    return sequence_form_nash(game, tol=tol)


def _check_game(game: object) -> None:
    if not isinstance(game, ExtensiveGame):
        raise TypeError(f"`game` must be an ExtensiveGame (got {type(game).__name__})")


# ---------------------------------------------------------------------------------------
# Logit agent quantal response equilibrium
# ---------------------------------------------------------------------------------------


class _Agents:
    """The tree's agents (information sets) and their conditional action values ``v(p)``."""

    def __init__(self, game: ExtensiveGame) -> None:
        self.g = game
        self.sizes = [len(I.actions) for I in game.infosets]
        self.offsets = np.concatenate([[0], np.cumsum(self.sizes)]).astype(int)
        self.n = int(self.offsets[-1])
        self.order = range(len(game.node_kind))

    def split(self, p: NDArray) -> list[NDArray]:
        return [p[self.offsets[h]:self.offsets[h + 1]] for h in range(len(self.sizes))]

    def values(self, p: NDArray) -> NDArray:
        """Flattened ``v[h, a]``: the mover's expected payoff of ``a`` at ``h`` (Bayes beliefs)."""
        g = self.g
        b = self.split(p)
        kind, ch, inf = g.node_kind, g.node_children, g.node_infoset
        nN = len(kind)
        reach = np.zeros(nN)
        reach[0] = 1.0
        for v in self.order:
            if kind[v] == "decision":
                reach[list(ch[v])] = reach[v] * b[inf[v]]
            elif kind[v] == "chance":
                reach[list(ch[v])] = reach[v] * g.chance_probs[v]
        V = np.zeros((nN, g.n_players))
        for v in reversed(self.order):
            if kind[v] == "terminal":
                V[v] = g.payoffs[g.node_terminal[v]]
            elif kind[v] == "decision":
                V[v] = b[inf[v]] @ V[list(ch[v])]
            else:
                V[v] = g.chance_probs[v] @ V[list(ch[v])]
        out = np.zeros(self.n)
        for h, I in enumerate(g.infosets):
            w = reach[list(I.nodes)]
            w = w / w.sum() if w.sum() > 0 else np.full(len(I.nodes), 1.0 / len(I.nodes))
            vals = np.array([[V[ch[u][a], I.player] for a in range(self.sizes[h])] for u in I.nodes])
            out[self.offsets[h]:self.offsets[h + 1]] = w @ vals
        return out

    def residual(self, z: NDArray, lam: float) -> NDArray:
        u = lam * self.values(np.exp(z))
        r = np.empty(self.n)
        for h in range(len(self.sizes)):
            s = slice(self.offsets[h], self.offsets[h + 1])
            m = u[s].max()
            r[s] = z[s] - (u[s] - m - np.log(np.exp(u[s] - m).sum()))
        return r

    def newton(self, z: NDArray, lam: float, tol: float, iters: int = 12,
               max_move: float = 5.0) -> tuple[NDArray, bool, int]:
        for it in range(iters):
            F = self.residual(z, lam)
            if np.abs(F).max() < tol:
                return z, True, it
            J = np.empty((self.n, self.n))
            hstep = 1e-7
            for k in range(self.n):
                dz = z.copy()
                dz[k] += hstep
                J[:, k] = (self.residual(dz, lam) - F) / hstep
            step = np.linalg.lstsq(J, -F, rcond=None)[0]
            if not np.isfinite(step).all() or np.abs(step).max() > max_move:
                return z, False, it
            z = z + step
        return z, bool(np.abs(self.residual(z, lam)).max() < tol), iters


def tree_qre(game: ExtensiveGame, lambdas: float | Sequence[float], *, tol: float = 1e-10,
             first_step: float = 0.1, max_step: float = 0.5) -> TreeSolution:
    r"""The logit agent quantal response equilibrium of a tree at each precision ``lambda``.

    Every information set ``h`` is an agent choosing action ``a`` with probability
    :math:`p_{ha} \propto \exp(\lambda v_{ha}(p))`, where :math:`v_{ha}` is the mover's
    expected payoff of ``a`` under Bayes beliefs over the nodes of ``h`` (always defined:
    logit play reaches every node of positive chance probability; McKelvey and Palfrey
    1998). The principal branch is followed from the centroid at ``lambda = 0`` by
    natural-parameter continuation in ``lambda`` (Newton's method on the log-probabilities,
    adaptive steps); a branch that turns back in ``lambda`` is reported as a failure, not
    jumped over.

    Parameters
    ----------
    game : ExtensiveGame
    lambdas : float or sequence of float
        Precisions (``>= 0``) at which the branch is reported.
    tol : float
        Newton tolerance on the logit equations (log-probabilities).
    first_step, max_step : float
        First continuation step in ``lambda``, and the largest relative one: a step is at most
        ``max_step * max(1, lambda)``.

    Returns
    -------
    TreeSolution
        One :class:`~deterrence_games.results.Equilibrium` per requested ``lambda`` (label
        ``"logit QRE"``, ``quantities["lambda"]``), in increasing ``lambda``; ``concept`` is
        ``"logit agent QRE"``. A QRE is not a Nash equilibrium: ``certificate["max_regret"]``
        measures how far it is from one.

    References
    ----------
    McKelvey, R. and Palfrey, T. (1998), "Quantal response equilibria for extensive form
    games", Experimental Economics 1(1).
    """
    _check_game(game)
    lams = [lambdas] if np.isscalar(lambdas) else list(lambdas)  # type: ignore[list-item]
    if not lams:
        raise ParameterError("lambdas", lambdas, "at least one precision lambda >= 0")
    lams = sorted(check_scalar("lambdas", v, Interval(0.0, np.inf), "a precision lambda >= 0") for v in lams)
    tol = check_scalar("tol", tol, Interval(0.0, 1e-4, low_closed=False))
    first_step = check_scalar("first_step", first_step, Interval(0.0, np.inf, low_closed=False))
    max_step = check_scalar("max_step", max_step, Interval(0.0, np.inf, low_closed=False))
    ag = _Agents(game)
    z = np.concatenate([np.full(n, -np.log(n)) for n in ag.sizes])
    lam, h = 0.0, first_step
    span = float(np.ptp(game.payoffs)) if game.payoffs.size else 0.0
    slope = np.zeros_like(z)  # secant predictor dz/dlambda
    eqs = []
    for target in lams:
        while lam < target:
            nxt = min(lam + h, target)
            z_new, ok, its = ag.newton(z + (nxt - lam) * slope, nxt, tol, max_move=5.0 + 2 * (nxt - lam) * span)
            if ok:
                slope = (z_new - z) / (nxt - lam)
                z, lam = z_new, nxt
                if its <= 3:
                    h = min(h * 1.5, max_step * max(1.0, lam))
            else:
                h /= 2
                if h < 1e-8:
                    raise RuntimeError(f"logit continuation failed near lambda={lam:.6g} (the branch may turn back "
                                       "in lambda); the equilibria below that precision are still reported by "
                                       "tree_equilibria")
        b = ag.split(np.exp(z))
        b = [v / v.sum() for v in b]
        e = _equilibrium(game, "logit QRE", b)
        eqs.append(Equilibrium(label=e.label, outcomes=e.outcomes, escalation_probability=e.escalation_probability,
                               strategies=e.strategies, quantities={"lambda": lam, **e.quantities},
                               certificate=e.certificate))
    return _solution(game, eqs, "logit agent QRE", "the principal branch at the requested lambdas",
                     "natural-parameter continuation from lambda = 0 (Newton on log-probabilities)",
                     {"tol": tol, "first_step": first_step, "max_step": max_step})
