r"""Every extreme Nash equilibrium of a bimatrix game, degenerate games included.

The default algorithm enumerates the vertices of the two best-response polytopes and pairs
the completely labelled ones (Avis, Rosenberg, Savani & von Stengel 2010; von Stengel 2007,
Algorithm 3.5). With payoffs made positive by a positive affine map (which does not change
the equilibria),

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}.

A point of :math:`P` has label :math:`i` if :math:`x_i = 0` and label :math:`m + j` if
:math:`(B^\top x)_j = 1` (column :math:`j` is a best response); a point of :math:`Q` has
label :math:`i` if :math:`(A y)_i = 1` and label :math:`m + j` if :math:`y_j = 0`. A pair of
non-zero vertices :math:`(x, y)` whose labels together cover :math:`\{0, \dots, m+n-1\}` is,
after normalising to probability vectors, an *extreme* Nash equilibrium, and every extreme
equilibrium arises in this way.

The game is *nondegenerate* when no mixed strategy with support of size :math:`k` has more
than :math:`k` pure best responses, which is the same as: no vertex of :math:`P` has more
than :math:`m` labels and no vertex of :math:`Q` more than :math:`n` (von Stengel 2007,
Definition 3.2 and Theorem 3.4). Nondegenerate games have finitely many equilibria, an odd
number. Degenerate games may have continua: the set of equilibria is the union of the
*maximal Nash subsets* :math:`\operatorname{conv}(X) \times \operatorname{conv}(Y)`, where
:math:`X \times Y` runs over the maximal complete bipartite subgraphs (bicliques) of the
graph whose edges are the extreme equilibria (Avis et al. 2010, Section 3; the EEE / clique
algorithm of Audet, Hansen, Jaumard & Savard 2001).

References
----------
Avis, D., Rosenberg, G. D., Savani, R. & von Stengel, B. (2010). Enumeration of Nash
equilibria for two-player games. *Economic Theory* 42, 9-37.

von Stengel, B. (2007). Equilibrium computation for two-player games in strategic and
extensive form. In Nisan, Roughgarden, Tardos & Vazirani (eds.), *Algorithmic Game
Theory*, chapter 3.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .._validation import ParameterError
from ..games.normal_form import BimatrixGame
from ..results import NashEquilibria
from ..warnings import ConvergenceWarning, DegenerateGameWarning, ToleranceWarning

__all__ = ["METHODS", "nash_equilibria"]

METHODS = ("auto", "vertex", "nashpy-support", "nashpy-vertex", "nashpy-lemke", "lp")
"""Valid values of ``method`` for :func:`nash_equilibria`."""

_LABEL_TOL = 1e-9
"""Tightness tolerance of a constraint on the normalised polytopes (payoffs in [1, 2],
coordinates in [0, 1]): a constraint within this distance of equality gives a label."""

_MATCH_TOL = 1e-7
"""Two probability vectors closer than this (max norm) are the same strategy."""

_CHUNK = 20_000
"""Number of candidate bases solved at once (bounds memory on larger games)."""


# ---------------------------------------------------------------------------------------
# Public entry point
# ---------------------------------------------------------------------------------------


def nash_equilibria(
    game: BimatrixGame,
    *,
    tol: float = 1e-9,
    method: str = "auto",
    max_pivots: int | None = None,
) -> NashEquilibria:
    """Every extreme Nash equilibrium of ``game``, certified, with degeneracy and continua.

    Parameters
    ----------
    game : BimatrixGame
        The game (``A[i, j]`` row payoff, ``B[i, j]`` column payoff).
    tol : float, default 1e-9
        Certificate tolerance: every returned profile has regret (largest gain from a pure
        deviation) at most ``tol * max(1, span)``, where ``span`` is the larger of the two
        payoff ranges ``max(A) - min(A)`` and ``max(B) - min(B)``.
    method : str, default "auto"
        ``"auto"`` / ``"vertex"``: our vertex enumeration (exhaustive, handles degenerate
        games). ``"nashpy-support"``, ``"nashpy-vertex"``, ``"nashpy-lemke"``: run nashpy's
        algorithm on a positively shifted copy of the game, certify what it returns, and
        reconcile it with vertex enumeration, so that what nashpy misses (or gets wrong) is
        restored and reported in ``warnings`` and ``options["nashpy"]``; the returned list
        is the complete certified set either way. ``"lp"``: zero-sum (or constant-sum)
        games only; one equilibrium from the minimax linear programme (scipy HiGHS dual
        simplex, a basic hence extreme optimal solution), with the game value in
        ``options["value"]``, cross-checked against vertex enumeration.
    max_pivots : int, optional
        Pivot cap for each Lemke-Howson path (``method="nashpy-lemke"``); default
        ``100 * (m + n)``. A path that reaches the cap is abandoned (nashpy's own loop has
        no cap and can cycle forever) and reported with a :class:`ConvergenceWarning`.

    Returns
    -------
    NashEquilibria
        Extreme equilibria sorted lexicographically by ``(x, y)``; ``degenerate``;
        ``continua`` (maximal Nash subsets with more than one extreme equilibrium, as index
        tuples); ``max_regret`` in payoff units; ``warnings``.

    Warns
    -----
    DegenerateGameWarning
        When the game is degenerate (also stored in ``result.warnings``).

    Notes
    -----
    Cost grows like ``C(m + n, m)`` linear solves per polytope: instantaneous up to about
    8x8 (12,870 bases), seconds around 10x10.

    Ties are decided after each payoff matrix is mapped affinely onto [1, 2]: a constraint
    within ``1e-9`` of equality is tight. Payoff differences smaller than about ``1e-9``
    times a matrix's range are therefore treated as ties (and the game may be reported
    degenerate); exact ties in integer or rational payoffs are always recognised.

    Examples
    --------
    >>> from deterrence_games.games import BimatrixGame
    >>> g = BimatrixGame([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    >>> res = nash_equilibria(g)
    >>> len(res), res.degenerate
    (3, False)
    >>> [x.round(4).tolist() for x, _ in res]
    [[0.0, 0.3333, 0.6667], [0.8, 0.2, 0.0], [1.0, 0.0, 0.0]]
    """
    if not isinstance(game, BimatrixGame):
        raise TypeError(f"`game` must be a BimatrixGame (got {type(game).__name__})")
    if isinstance(tol, bool) or not isinstance(tol, int | float | np.floating) or not (
        0 < float(tol) < 1
    ):
        raise ParameterError("tol", tol, "0 < tol < 1", "it is the regret tolerance of the certificate")
    if not isinstance(method, str) or method not in METHODS:
        raise ParameterError("method", method, f"method in {{{', '.join(METHODS)}}}")
    if max_pivots is not None and (
        isinstance(max_pivots, bool) or not isinstance(max_pivots, int | np.integer) or max_pivots < 1
    ):
        raise ParameterError("max_pivots", max_pivots, "an integer >= 1")
    tol = float(tol)

    A, B = np.asarray(game.A, float), np.asarray(game.B, float)
    enum = _enumerate(A, B)
    bound = tol * max(1.0, float(np.ptp(A)), float(np.ptp(B)))
    msgs: list[str] = []
    options: dict = {"tol": tol, "label_tol": _LABEL_TOL}

    eqs = [(x, y) for x, y in enum.equilibria]
    if method in ("auto", "vertex"):
        used = "vertex"
    elif method == "lp":
        used = "lp"
        eqs, info = _lp(A, B, tol, enum.equilibria)
        msgs += info.pop("messages")
        options.update(info)
    else:
        used = method
        runner = {"nashpy-support": _run_nashpy_support, "nashpy-vertex": _run_nashpy_vertex,
                  "nashpy-lemke": _run_nashpy_lemke}[method]
        cap = max_pivots if max_pivots is not None else 100 * sum(A.shape)
        candidates, notes = runner(A, B, cap)
        info = _reconcile(A, B, candidates, enum.equilibria, bound, method)
        info["notes"] = notes
        options["nashpy"] = info
        if method == "nashpy-lemke":
            options["max_pivots"] = cap
        msgs += _nashpy_messages(method, info)
        for note in notes:
            warnings.warn(note, ConvergenceWarning, stacklevel=2)
            msgs.append(note)

    # certify (regret <= bound) every profile we return
    kept, regrets = [], []
    for x, y in eqs:
        r = max(_regret(A, B, x, y))
        if r <= bound:
            kept.append((x, y))
            regrets.append(r)
        else:  # pragma: no cover - only on severe ill-conditioning
            msg = f"dropped a candidate profile whose regret {r:.3g} exceeds the tolerance {bound:.3g}"
            warnings.warn(msg, ToleranceWarning, stacklevel=2)
            msgs.append(msg)
    order = sorted(range(len(kept)), key=lambda k: _sort_key(*kept[k]))
    kept = [kept[k] for k in order]

    continua: tuple[tuple[int, ...], ...] = ()
    if used != "lp":
        continua = _continua(kept)
    if enum.degenerate:
        msg = f"degenerate game: {enum.reason}; equilibria may be non-isolated"
        if continua:
            msg += f" ({len(continua)} continu{'um' if len(continua) == 1 else 'a'} of equilibria)"
        warnings.warn(msg, DegenerateGameWarning, stacklevel=2)
        msgs.insert(0, msg)
    return NashEquilibria(
        equilibria=tuple(kept),
        degenerate=enum.degenerate,
        method=used,
        max_regret=float(max(regrets, default=0.0)),
        continua=continua,
        warnings=tuple(msgs),
        options=options,
        game=game,
    )


# ---------------------------------------------------------------------------------------
# Vertex enumeration kernel
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Enumeration:
    equilibria: list[tuple[NDArray, NDArray]]
    degenerate: bool
    reason: str


def _normalise(M: NDArray) -> NDArray:
    """Positive affine image of ``M`` with entries in [1, 2] (constant matrices -> 1)."""
    lo, span = M.min(), np.ptp(M)
    if span == 0:
        return np.ones_like(M)
    return 1.0 + (M - lo) / span


def _polytope_vertices(G: NDArray, h: NDArray) -> tuple[NDArray, NDArray]:
    """All vertices of ``{v : G v <= h}`` (bounded) with their label masks.

    Every vertex of a d-dimensional polytope is the unique solution of some d linearly
    independent tight constraints, so solving every d-subset finds all of them; vertices
    are identified by their full set of tight constraints (a vertex is determined by it).
    """
    r, d = G.shape
    seen: dict[bytes, NDArray] = {}
    combos = np.array(list(itertools.combinations(range(r), d)), dtype=np.intp)
    for start in range(0, len(combos), _CHUNK):
        idx = combos[start:start + _CHUNK]
        M = G[idx]  # (k, d, d)
        s = np.linalg.svd(M, compute_uv=False)
        ok = s[:, -1] > 1e-10 * s[:, 0]
        if not ok.any():
            continue
        V = np.linalg.solve(M[ok], h[idx[ok]][..., None])[..., 0]
        slack = V @ G.T - h  # (k, r)
        feas = (slack <= _LABEL_TOL).all(axis=1)
        tight = np.abs(slack) <= _LABEL_TOL
        for v, t in zip(V[feas], tight[feas], strict=True):
            key = np.packbits(t).tobytes()
            if key not in seen:
                seen[key] = (v, t)
    if not seen:  # pragma: no cover - a bounded non-empty polytope always has a vertex
        return np.zeros((0, d)), np.zeros((0, r), bool)
    verts, labels = [], []
    for v, t in seen.values():
        # polish: least-squares solution of all tight constraints (rank d at a vertex)
        v = np.linalg.lstsq(G[t], h[t], rcond=None)[0]
        verts.append(v)
        labels.append(t)
    return np.array(verts), np.array(labels)


def _enumerate(A: NDArray, B: NDArray) -> _Enumeration:
    """Extreme equilibria of (A, B) by vertex enumeration of P and Q, and degeneracy."""
    m, n = A.shape
    An, Bn = _normalise(A), _normalise(B)
    # P = {x >= 0, B^T x <= 1}: labels 0..m-1 (x_i = 0), m..m+n-1 (column j best response)
    GP = np.vstack([-np.eye(m), Bn.T])
    hP = np.concatenate([np.zeros(m), np.ones(n)])
    # Q = {A y <= 1, y >= 0}: labels 0..m-1 (row i best response), m..m+n-1 (y_j = 0)
    GQ = np.vstack([An, -np.eye(n)])
    hQ = np.concatenate([np.ones(m), np.zeros(n)])
    VP, LP = _polytope_vertices(GP, hP)
    VQ, LQ = _polytope_vertices(GQ, hQ)

    reasons = []
    for V, L, k, who, other in ((VP, LP, m, "row", "column"), (VQ, LQ, n, "column", "row")):
        count = L.sum(axis=1)
        if (count > k).any():
            v = V[int(np.argmax(count))]
            s = _clean(v)
            support = int((s > 0).sum())
            n_br = int(count.max()) - (k - support)
            reasons.append(f"the {other} player has {n_br} pure best responses to the {who} "
                           f"strategy {_fmt(s)}, whose support has size {support}")
    # drop the origin (the artificial equilibrium)
    nzP = VP.sum(axis=1) > _LABEL_TOL
    nzQ = VQ.sum(axis=1) > _LABEL_TOL
    VP, LP, VQ, LQ = VP[nzP], LP[nzP], VQ[nzQ], LQ[nzQ]
    complete = (LP[:, None, :] | LQ[None, :, :]).all(axis=2)
    eqs = []
    for i, j in zip(*np.nonzero(complete), strict=True):
        eqs.append((_clean(VP[i]), _clean(VQ[j])))
    return _Enumeration(eqs, bool(reasons), "; ".join(reasons))


def _clean(v: NDArray) -> NDArray:
    """Normalise a non-zero vertex to a probability vector, zeroing round-off."""
    v = np.where(np.abs(v) <= 1e-13, 0.0, v)
    v = np.clip(v, 0.0, None)
    return v / v.sum()


def _fmt(v: NDArray) -> str:
    return "[" + ", ".join(f"{float(t):.4g}" for t in v) + "]"


def _regret(A: NDArray, B: NDArray, x: NDArray, y: NDArray) -> tuple[float, float]:
    return float(np.max(A @ y) - x @ A @ y), float(np.max(x @ B) - x @ B @ y)


def _sort_key(x: NDArray, y: NDArray) -> tuple:
    return tuple(np.round(np.concatenate([x, y]), 9).tolist())


def _continua(eqs: list[tuple[NDArray, NDArray]]) -> tuple[tuple[int, ...], ...]:
    """Maximal Nash subsets with more than one extreme equilibrium (as index tuples).

    The extreme equilibria form a bipartite graph between distinct row strategies and
    distinct column strategies; the maximal Nash subsets are the products of convex hulls
    of its maximal bicliques (Avis et al. 2010, Section 3). A biclique's column side is an
    intersection of neighbourhoods of row vertices, so closing the family of
    neighbourhoods under intersection enumerates them all.
    """
    xs = _distinct([x for x, _ in eqs])
    ys = _distinct([y for _, y in eqs])
    xi = [xs.index_of(x) for x, _ in eqs]
    yi = [ys.index_of(y) for _, y in eqs]
    nbr: dict[int, int] = {}
    for a, b in zip(xi, yi, strict=True):
        nbr[a] = nbr.get(a, 0) | (1 << b)
    family = set(nbr.values())
    frontier = set(family)
    while frontier:
        new = set()
        for s in frontier:
            for t in family:
                u = s & t
                if u and u not in family:
                    new.add(u)
        family |= new
        frontier = new
    subsets = []
    for Ymask in family:
        Xmask = 0
        for a, s in nbr.items():
            if s & Ymask == Ymask:
                Xmask |= 1 << a
        members = tuple(k for k in range(len(eqs))
                        if (Xmask >> xi[k]) & 1 and (Ymask >> yi[k]) & 1)
        if len(members) > 1:
            subsets.append(members)
    return tuple(sorted(set(subsets)))


class _distinct:
    """Distinct vectors (up to ``_MATCH_TOL``) in order of first appearance."""

    def __init__(self, vecs: Iterable[NDArray]):
        self.items: list[NDArray] = []
        for v in vecs:
            if self._find(v) < 0:
                self.items.append(v)

    def _find(self, v: NDArray) -> int:
        for k, w in enumerate(self.items):
            if np.max(np.abs(v - w)) <= _MATCH_TOL:
                return k
        return -1

    def index_of(self, v: NDArray) -> int:
        return self._find(v)


# ---------------------------------------------------------------------------------------
# Guarded nashpy runners
# ---------------------------------------------------------------------------------------

Candidates = list[tuple[NDArray, NDArray]]


def _run_nashpy_support(A: NDArray, B: NDArray, cap: int) -> tuple[Candidates, list[str]]:
    """nashpy support enumeration on the payoffs shifted into [1, 2]."""
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = list(nashpy.Game(_normalise(A), _normalise(B)).support_enumeration())
    return [(np.asarray(x, float), np.asarray(y, float)) for x, y in out], []


def _run_nashpy_vertex(A: NDArray, B: NDArray, cap: int) -> tuple[Candidates, list[str]]:
    """nashpy vertex enumeration on payoffs shifted into [1, 2] (minimum never 0)."""
    import nashpy

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            out = list(nashpy.Game(_normalise(A), _normalise(B)).vertex_enumeration())
        except Exception as exc:  # qhull can fail on degenerate polytopes
            return [], [f"nashpy vertex_enumeration raised {type(exc).__name__}: {exc}"]
    return [(np.asarray(x, float), np.asarray(y, float)) for x, y in out], []


def _run_nashpy_lemke(A: NDArray, B: NDArray, cap: int) -> tuple[Candidates, list[str]]:
    """Lemke-Howson from every initial dropped label, on nashpy's tableaux, with a pivot cap.

    This is nashpy's loop (``nashpy.algorithms.lemke_howson``, lexicographic tableaux) with
    one change: it stops after ``cap`` pivots instead of running until fully labelled,
    which may never happen.
    """
    from nashpy.linalg import create_col_tableau, create_row_tableau

    m, n = A.shape
    An, Bn = _normalise(A), _normalise(B)
    found: Candidates = []
    capped, failed = [], []
    for label in range(m + n):
        status, res = _lemke_howson_capped(An, Bn, label, cap, create_col_tableau,
                                           create_row_tableau, lexicographic=True)
        if status == "ok":
            found.append(res)
        elif status == "capped":
            capped.append(label)
        else:
            failed.append(label)
    notes = []
    if capped:
        notes.append(f"Lemke-Howson did not terminate within {cap} pivots for initial "
                     f"label(s) {capped} (abandoned; nashpy's loop has no cap)")
    if failed:
        notes.append(f"Lemke-Howson pivoting failed for initial label(s) {failed} (discarded)")
    return found, notes


def _lemke_howson_capped(An: NDArray, Bn: NDArray, label: int, cap: int,
                         create_col: Callable, create_row: Callable, lexicographic: bool = True
                         ) -> tuple[str, tuple[NDArray, NDArray] | None]:
    """One Lemke-Howson path; status ``"ok"``, ``"capped"`` (no end within ``cap`` pivots)
    or ``"error"`` (a pivot raised)."""
    col = create_col(An, lexicographic)
    row = create_row(Bn, lexicographic)
    order = (row, col) if label in row.non_basic_variables else (col, row)
    full = col.labels
    entering = label
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            for k in range(cap):
                entering = order[k % 2].pivot_and_drop_label(entering)
                if col.non_basic_variables | row.non_basic_variables == full:
                    x = row.to_strategy(col.non_basic_variables)
                    y = col.to_strategy(row.non_basic_variables)
                    return "ok", (np.asarray(x, float), np.asarray(y, float))
        except Exception:  # a failed pivot is a failed path
            return "error", None
    return "capped", None


def _reconcile(A: NDArray, B: NDArray, candidates: Candidates, extreme: Candidates,
               bound: float, method: str) -> dict:
    """Certify nashpy's candidates and compare them with the enumerated extreme equilibria."""
    m, n = A.shape
    certified: Candidates = []
    rejected = 0
    for x, y in candidates:
        if x.shape != (m,) or y.shape != (n,) or not (np.isfinite(x).all() and np.isfinite(y).all()):
            rejected += 1
            continue
        if (x < -_MATCH_TOL).any() or (y < -_MATCH_TOL).any() or x.sum() <= 0 or y.sum() <= 0:
            rejected += 1
            continue
        x, y = _clean(x), _clean(y)
        if max(_regret(A, B, x, y)) > bound:
            rejected += 1
            continue
        certified.append((x, y))
    hit = [any(_same(e, c) for c in certified) for e in extreme]
    non_extreme = sum(not any(_same(e, c) for e in extreme) for c in certified)
    return {
        "returned": len(candidates),
        "certified": len(certified),
        "rejected": rejected,
        "found_extreme": int(sum(hit)),
        "missed_extreme": int(len(extreme) - sum(hit)),
        "non_extreme": int(non_extreme),
        "extreme_total": len(extreme),
    }


def _same(a: tuple[NDArray, NDArray], b: tuple[NDArray, NDArray]) -> bool:
    return bool(np.max(np.abs(a[0] - b[0])) <= _MATCH_TOL and np.max(np.abs(a[1] - b[1])) <= _MATCH_TOL)


def _nashpy_messages(method: str, info: dict) -> list[str]:
    msgs = []
    name = method.replace("nashpy-", "nashpy ")
    if info["rejected"]:
        msgs.append(f"{name} returned {info['rejected']} profile(s) that are not equilibria "
                    "(non-finite, negative or with positive regret); discarded")
    if info["missed_extreme"] and method != "nashpy-lemke":
        msgs.append(f"{name} missed {info['missed_extreme']} of {info['extreme_total']} extreme "
                    "equilibria; restored from vertex enumeration")
    return msgs


# ---------------------------------------------------------------------------------------
# Zero-sum linear programme
# ---------------------------------------------------------------------------------------


def _lp(A: NDArray, B: NDArray, tol: float, extreme: Candidates) -> tuple[Candidates, dict]:
    """Maximin strategies of a constant-sum game by linear programming (HiGHS dual simplex)."""
    from scipy.optimize import linprog

    S = A + B
    span = max(1.0, float(np.ptp(A)))
    if np.ptp(S) > 1e-12 * span:
        raise ParameterError("game", "a non-constant-sum game",
                             "A + B constant (a zero-sum or constant-sum game) for method='lp'",
                             "use method='vertex' for general games")
    m, n = A.shape

    def maximin(M: NDArray) -> tuple[NDArray, float]:
        # max v  s.t.  M^T x >= v 1, sum x = 1, x >= 0   (variables x, v)
        k, l = M.shape
        c = np.zeros(k + 1)
        c[-1] = -1.0
        A_ub = np.hstack([-M.T, np.ones((l, 1))])
        A_eq = np.hstack([np.ones((1, k)), np.zeros((1, 1))])
        res = linprog(c, A_ub=A_ub, b_ub=np.zeros(l), A_eq=A_eq, b_eq=[1.0],
                      bounds=[(0, None)] * k + [(None, None)], method="highs-ds")
        if res.status != 0:  # pragma: no cover - a finite matrix game always has a value
            raise RuntimeError(f"linear programme failed: {res.message}")
        return _clean(res.x[:k]), float(res.x[-1])

    x, v = maximin(A)
    y, w = maximin(-A.T)
    msgs = ["method='lp' returns one equilibrium (the value is unique); "
            "use method='vertex' for every extreme equilibrium"]
    values = [float(a @ A @ b) for a, b in extreme]
    if values and max(abs(t - v) for t in values) > tol * span:
        msgs.append(f"LP value {v:.12g} disagrees with vertex enumeration "
                    f"({min(values):.12g}..{max(values):.12g})")  # pragma: no cover
    if not any(_same((x, y), e) for e in extreme):
        msgs.append("the LP solution is not among the enumerated extreme equilibria")
    return [(x, y)], {"value": v + 0.0, "value_check": 0.0 - w, "messages": msgs}
