r"""The QRE-limit selection ``select="qre"``: the equilibrium the logit tracing procedure picks.

For a model whose equilibria are those of a finite game (it implements
:meth:`Model.finite_game <deterrence_games.models._base.Model.finite_game>` and
:meth:`Model.equilibrium_profiles <deterrence_games.models._base.Model.equilibrium_profiles>`),
the selected equilibrium is the limit as :math:`\lambda \to \infty` of the principal branch
of the agent logit quantal response equilibrium (McKelvey and Palfrey 1995, 1998), traced
from the centroid by :func:`deterrence_games.solvers.qre.logit_qre` (Turocy 2005). The limit
is a Nash equilibrium of the game (a sequential equilibrium of a signaling game); in
symmetric 2x2 coordination games it is the risk-dominant one.

How the limit is computed and matched (a certificate, never a guess)
--------------------------------------------------------------------
1. The precision is measured in units of the game's payoff range
   :math:`R = \max(\max u - \min u)` over the players, so that the procedure does not
   depend on the payoff scale: the branch of the game scaled to payoff range 1 is traced to :math:`\lambda = \Lambda / R` with
   :math:`\Lambda` = ``1e4``, the first of :data:`QRE_LAMBDAS`; if the limit is then within
   ``tol`` of no reported equilibrium (slow convergence near a knife-edge), the branch is
   traced again to :math:`\Lambda` = ``1e6``.
2. The limit is estimated by Richardson extrapolation of the strategies along the branch,
   :math:`\hat p = 2 p(\Lambda/R) - p(\Lambda / (2R))` (clipped and renormalized per
   agent): a mixed component of the branch approaches its limit as :math:`c / \lambda`, so
   the extrapolation removes the first-order term; pure components converge exponentially.
3. The distance of :math:`\hat p` to each reported equilibrium is the sup-norm distance to
   the set of profiles it stands for (the product over strategy blocks of the convex hulls
   of the extreme points the model gives, a linear program when there are several).
4. The selection is the reported equilibrium at distance at most ``tol``
   (:data:`QRE_TOL`, ``1e-4``), the traced profile itself being within ``100 tol`` of it
   (a guard against an artefact of the extrapolation); when several are, and the profile set of one of them lies
   inside the sets of all the others (a face of a larger cell, as the PBE engine reports
   them), that smallest one. If none is that close (the limit is an equilibrium the
   model did not report, or the branch has not converged, e.g. at a knife-edge), if more
   than one is (ambiguous), or if the path following fails, :class:`QRESelectionError` is
   raised with the reason and the distances; a sweep records the point as failed with that
   reason. Another equilibrium is never substituted.

A reported equilibrium that stands for a continuum of profiles (a cell of a signaling game)
carries the outcomes of its representative profile; the limit is *one* profile of the cell,
and its own escalation probability is reported as ``qre_escalation_probability`` when the
model maps profiles to outcomes (``Model.profile_outcomes``).

The distances, the precision reached and the regret of the traced profile are reported
(``qre_distance``, ``qre_raw_distance``; ``qre_lambda`` = :math:`\Lambda`; ``qre_regret`` = regret / :math:`R`:
columns of a sweep).

References
----------
McKelvey, R. and Palfrey, T. (1995), "Quantal response equilibria for normal form games",
GEB 10(1), 6-38 (Section 4: the logit tracing procedure selects a unique equilibrium).
Turocy, T. (2005), "A dynamic homotopy interpretation of the logistic quantal response
equilibrium correspondence", GEB 51(2), 243-263.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.optimize import linprog

from .._validation import POSITIVE, ParameterError, check_scalar
from ..games.normal_form import BimatrixGame
from ..games.signaling import SignalingGame
from ..results import ModelSolution, Result
from ..solvers.qre import QREProfile, logit_qre
from .base import Model

__all__ = ["QRE_LAMBDAS", "QRE_TOL", "QRESelection", "QRESelectionError", "qre_selection",
           "check_qre_supported", "hull_distance", "qre_options"]

#: precisions traced (in units of 1 / the game's payoff range): the second only if the first
#: leaves the limit within ``tol`` of no reported equilibrium
QRE_LAMBDAS = (1e4, 1e6)
#: largest sup-norm distance between the extrapolated limit and the selected equilibrium
QRE_TOL = 1e-4
#: the traced (not extrapolated) profile must be within ``RAW_FACTOR * tol`` as well
RAW_FACTOR = 100.0


def qre_options() -> dict[str, Any]:
    """The selection's settings, as a sweep records them in its provenance (``select_options``)."""
    return {"lambdas": list(QRE_LAMBDAS), "lambda_units": "1 / payoff range", "tol": QRE_TOL,
            "limit": "Richardson extrapolation 2 p(lambda) - p(lambda / 2)",
            "distance": "sup norm to the equilibrium's profile set", "raw_tol": RAW_FACTOR * QRE_TOL}


class QRESelectionError(ValueError):
    """The QRE limit could not be matched to exactly one reported equilibrium (see ``reason``)."""

    def __init__(self, message: str, distance: float = float("nan")) -> None:
        super().__init__(message)
        self.distance = distance


@dataclass(frozen=True, eq=False)
class QRESelection(Result):
    """The reported equilibrium selected by the limit of the logit QRE principal branch.

    Attributes
    ----------
    index : int
        Position of the selected equilibrium in the model's list.
    distance : float
        Sup-norm distance between the extrapolated limit and that equilibrium's profiles.
    raw_distance : float
        The same distance for the traced profile at ``lambda_max`` (before extrapolation).
    distances : tuple of float
        The distance to every reported equilibrium (the certificate of uniqueness).
    lam : float
        Precision reached on the branch (in the game's payoff units).
    payoff_range : float
        The game's payoff range ``R`` (``lam = lambda_max / R``).
    lambda_max : float
        The precision reached in units of ``1 / R``.
    regret : float
        Largest gain from a best response at the traced profile (payoff units).
    limit : tuple of ndarray
        The extrapolated limit strategies (``(x, y)`` or ``(sigma, rho)``).
    profile : QREProfile
        The traced QRE of the game scaled to payoff range 1, at ``lambda_max``.
    outcomes : dict or None
        The model's outcome distribution at ``limit`` (when the model implements
        ``profile_outcomes``); it can differ from the selected equilibrium's own outcomes
        when that equilibrium stands for a continuum (a cell) of profiles.
    """

    index: int
    distance: float
    raw_distance: float
    distances: tuple[float, ...]
    lam: float
    payoff_range: float
    regret: float
    limit: tuple[NDArray[np.float64], ...]
    profile: QREProfile
    tol: float = QRE_TOL
    lambda_max: float = QRE_LAMBDAS[0]
    outcomes: dict[str, float] | None = None
    escalatory: tuple[str, ...] = ()

    @property
    def escalation_probability(self) -> float:
        """Escalation at the limit profile itself (NaN if the model gives no ``profile_outcomes``)."""
        if self.outcomes is None:
            return float("nan")
        return float(sum(self.outcomes[o] for o in self.escalatory))

    def quantities(self) -> dict[str, float]:
        """The columns a sweep adds to the selected row (precision and regret in payoff-range units)."""
        return {"qre_distance": self.distance, "qre_raw_distance": self.raw_distance, "qre_lambda": self.lambda_max,
                "qre_regret": self.regret / self.payoff_range,
                "qre_escalation_probability": self.escalation_probability}

    def to_dict(self) -> dict:
        return {"index": self.index, "distance": self.distance, "raw_distance": self.raw_distance,
                "distances": list(self.distances),
                "lam": self.lam, "payoff_range": self.payoff_range, "regret": self.regret,
                "limit": [a.tolist() for a in self.limit], "tol": self.tol, "lambda_max": self.lambda_max,
                "outcomes": self.outcomes, "escalation_probability": self.escalation_probability}

    def to_frame(self) -> pd.DataFrame:
        """One row per reported equilibrium: its distance to the limit, and which is selected."""
        return pd.DataFrame([{"equilibrium": i, "distance": d, "selected": i == self.index}
                             for i, d in enumerate(self.distances)])

    def __repr__(self) -> str:
        return (f"<QRESelection: equilibrium {self.index} at distance {self.distance:.3g} "
                f"(lambda={self.lam:.4g}, {len(self.distances)} reported)>")

    def _repr_html_(self) -> str:
        return f"<div><strong>{html.escape(repr(self))}</strong>{self.to_frame().to_html(index=False)}</div>"


def check_qre_supported(model: Model) -> None:
    """Raise ``ParameterError`` naming ``select`` and the model if it has no finite game.

    Parameters
    ----------
    model : Model
        The model asked for ``select="qre"``.

    Raises
    ------
    ParameterError
        If ``model.has_finite_game`` is False (no QRE limit is defined).
    """
    if not model.has_finite_game:
        raise ParameterError(
            "select", "qre", "a selection the model supports (all, min, max, first, flag:<name>)",
            f"model {model.id or type(model).__name__!r} does not expose a finite game "
            "(Model.finite_game), so its QRE limit is not defined")


def hull_distance(x: NDArray, vertices: NDArray) -> float:
    """Sup-norm distance from ``x`` to the convex hull of ``vertices`` (rows), by an LP."""
    x = np.ravel(np.asarray(x, float))
    V = np.asarray(vertices, float).reshape(len(vertices), -1)
    if len(V) == 1:
        return float(np.abs(x - V[0]).max(initial=0.0))
    k, n = V.shape
    # variables (w_1..w_k, t): min t  s.t.  +-(x - V'w) <= t,  sum w = 1,  w >= 0
    c = np.zeros(k + 1)
    c[-1] = 1.0
    ones = np.ones((n, 1))
    A_ub = np.vstack([np.hstack([-V.T, -ones]), np.hstack([V.T, -ones])])
    b_ub = np.concatenate([-x, x])
    A_eq = np.concatenate([np.ones(k), [0.0]])[None, :]
    res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=[1.0], bounds=[(0, None)] * (k + 1), method="highs")
    if res.status != 0:  # pragma: no cover - the LP is always feasible and bounded
        return float(min(np.abs(x - v).max() for v in V))
    return float(max(res.fun, 0.0))


def _payoff_range(game: Any) -> float:
    if isinstance(game, BimatrixGame):
        arrs = (game.A, game.B)
    elif isinstance(game, SignalingGame):
        arrs = (game.u_S[game.available], game.u_R)
    else:
        raise TypeError(f"finite_game must return a BimatrixGame or a SignalingGame (got {type(game).__name__})")
    r = max(float(np.ptp(a)) for a in arrs)
    return r if r > 0 else 1.0


def _scaled(game: Any, R: float) -> Any:
    """The same game with payoffs divided by ``R`` (its logit QRE at ``lam`` is the original's
    at ``lam / R``; tracing the scaled game keeps the path following scale-free)."""
    if R == 1.0:
        return game
    if isinstance(game, BimatrixGame):
        return BimatrixGame(game.A / R, game.B / R, game.row_actions, game.column_actions, game.name)
    return SignalingGame(game.types, game.prior, game.messages, game.actions, game.u_S / R, game.u_R / R,
                         available=game.available, garbling=game.observation_kernel,
                         observations=game.observations, sender=game.sender, receiver=game.receiver,
                         name=game.name)


def _contained(inner: Sequence[NDArray], outer: Sequence[NDArray], tol: float = 1e-9) -> bool:
    """Is the product of hulls ``inner`` inside the product of hulls ``outer`` (every vertex)?"""
    return all(hull_distance(v, V) <= tol for a, V in zip(inner, outer, strict=True) for v in a)


def _normalize(a: NDArray) -> NDArray:
    a = np.clip(a, 0.0, 1.0)
    s = a.sum(axis=-1, keepdims=True)
    return np.where(s > 0, a / np.where(s > 0, s, 1.0), a)


def qre_selection(model: Model, solution: ModelSolution | dict[str, Any], *,
                  lambdas: Sequence[float] = QRE_LAMBDAS, tol: float = QRE_TOL) -> QRESelection:
    """The reported equilibrium that is the limit of the logit QRE principal branch.

    Parameters
    ----------
    model : Model
        A model with a finite game (``model.has_finite_game``).
    solution : ModelSolution or dict
        The model's solution at a point (or the parameters, then it is solved).
    lambdas : sequence of float
        Precisions to trace, in units of 1 / payoff range, tried in order while the limit
        is within ``tol`` of no reported equilibrium (see the module docstring).
    tol : float
        Largest accepted sup-norm distance between the limit and the selected equilibrium.

    Returns
    -------
    QRESelection

    Raises
    ------
    ParameterError
        If the model does not expose a finite game (before any work).
    QRESelectionError
        If the path fails, or the limit is within ``tol`` of no reported equilibrium or of
        more than one (the message gives the distances).

    Examples
    --------
    >>> from deterrence_games.models import get_model, qre_selection
    >>> m = get_model("crisis_signaling")
    >>> sol = m.solve(q=0.8)
    >>> sel = qre_selection(m, sol)
    >>> len(sol), sel.index, sol[sel.index].label, sel.distance < 1e-6
    (4, 3, 'semi-separating, mixed receiver', True)
    """
    check_qre_supported(model)
    lambdas = tuple(check_scalar("lambdas", v, POSITIVE, "a precision") for v in lambdas)
    if not lambdas:
        raise ParameterError("lambdas", lambdas, "at least one precision")
    tol = check_scalar("tol", tol, POSITIVE, "the largest accepted distance")
    if not isinstance(solution, ModelSolution):
        solution = model.solve(**dict(solution))
    p = model.validate(**dict(solution.parameters))
    eqs = solution.equilibria
    if not eqs:
        raise QRESelectionError("no equilibrium is reported at this point")
    game = model.finite_game(p)
    R = _payoff_range(game)
    unit = _scaled(game, R)  # payoff range 1
    blocks = [model.equilibrium_profiles(p, e) for e in eqs]
    previous: tuple[float, float] | None = None
    for level, lambda_max in enumerate(lambdas):
        try:
            path = logit_qre(unit, lambda_max=lambda_max, max_step=lambda_max / 10)
            half = path.at(lambda_max / 2)
        except (RuntimeError, np.linalg.LinAlgError, FloatingPointError) as exc:
            before = "" if previous is None else f" (at lambda = {previous[0]:g} the nearest equilibrium was at distance {previous[1]:.3g})"
            raise QRESelectionError(f"the logit QRE path failed: {exc}{before}",
                                    float("nan") if previous is None else previous[1]) from exc
        top = path.limit
        limit = tuple(_normalize(2 * a - b) for a, b in zip(top.strategies, half.strategies, strict=True))
        distances, raw = [], []
        for e_blocks in blocks:
            if len(e_blocks) != len(limit):
                raise TypeError(f"{type(model).__name__}.equilibrium_profiles must return {len(limit)} blocks")
            distances.append(max(hull_distance(x, V) for x, V in zip(limit, e_blocks, strict=True)))
            raw.append(max(hull_distance(x, V) for x, V in zip(top.strategies, e_blocks, strict=True)))
        d, d_raw = np.array(distances), np.array(raw)
        # the traced profile itself must be near too (guards against an extrapolation artefact)
        close = np.flatnonzero((d <= tol) & (d_raw <= RAW_FACTOR * tol))
        if close.size == 0 and level + 1 < len(lambdas):
            previous = (lambda_max, float(d.min()))
            continue  # not converged near a knife-edge, or an unreported limit: trace further
        near = int(np.argmin(d))
        where = f"(lambda = {lambda_max:g} / payoff range {R:.4g})"
        if close.size > 1:  # nested sets (a face of a larger cell): the smallest one, if unique
            inner = [i for i in close if all(j == i or _contained(blocks[i], blocks[j]) for j in close)]
            if len(inner) == 1:
                close = np.array(inner)
        if close.size == 0:
            raise QRESelectionError(
                f"the logit QRE limit matches none of the {len(eqs)} reported equilibria: the nearest, "
                f"equilibrium {near}, is at distance {d[near]:.3g} (traced profile {d_raw[near]:.3g}), "
                f"more than tol {tol:g} (traced: {RAW_FACTOR * tol:g}) {where}", float(d[near]))
        if close.size > 1:
            listed = ", ".join(f"{i} ({d[i]:.3g})" for i in close)
            raise QRESelectionError(
                f"the logit QRE limit is ambiguous: within tol {tol:g} of equilibria {listed} {where}",
                float(d[near]))
        i = int(close[0])
        outcomes = None
        if type(model).profile_outcomes is not Model.profile_outcomes:
            outcomes = {o: float(v) for o, v in model.profile_outcomes(p, limit).items()}
        return QRESelection(index=i, distance=float(d[i]), raw_distance=float(d_raw[i]),
                            distances=tuple(float(v) for v in d),
                            lam=float(top.lam) / R, payoff_range=R, regret=float(top.regret) * R, limit=limit,
                            profile=top, tol=tol, lambda_max=lambda_max, outcomes=outcomes,
                            escalatory=tuple(model.escalatory))
    raise AssertionError("unreachable")  # pragma: no cover
