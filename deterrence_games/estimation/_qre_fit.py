r"""QRE maximum likelihood for the toolkit's own finite games.

Observed choices (counts per agent and action) are fitted by the logit agent quantal
response equilibrium (McKelvey and Palfrey 1995, 1998) of a model's finite game
(:meth:`Model.finite_game <deterrence_games.models._base.Model.finite_game>`, e.g.
``inspection`` or ``crisis_signaling``) or of a game given directly. The free parameters are
the precision :math:`\lambda` (estimated as :math:`\log\lambda`) and any of the model's
payoff parameters; the likelihood is :math:`\sum n \log p(\theta)` with :math:`p` the
principal-branch QRE (:func:`deterrence_games.solvers.qre.log_likelihood`). The maximiser,
the covariances and the result object are the ones of :func:`egame12`; ``egame12`` with
logit agent error is itself the logit agent QRE (:math:`\lambda = 1/\sqrt2`) of its two-move
tree, which the tests check observation by observation. Scores here are central finite
differences of the equilibrium log-probabilities (the path has no closed-form derivative).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import ParameterError
from ..games.normal_form import BimatrixGame
from ..games.signaling import SignalingGame
from ..solvers.qre import logit_qre
from ._mle import covariances, maximize
from ._results import StrategicFit

__all__ = ["qre_fit"]


def _cell_logprobs(path, lam: float, counts: Sequence[np.ndarray | None]) -> np.ndarray:
    """log p of every (agent, action) cell with a positive count, in a fixed order."""
    prof = path.at(lam)
    out = []
    for s, c in zip(prof.strategies, counts, strict=True):
        if c is None:
            continue
        out.append(np.log(np.clip(np.asarray(s)[c > 0], 1e-300, None)))
    return np.concatenate(out)


def qre_fit(model_or_game: Any, *counts: Any, free: Sequence[str] = (), params: Mapping[str, Any] | None = None,
            lam: float = 1.0, start: Mapping[str, float] | None = None, restarts: int = 0, seed: int | None = 0,
            step: float = 1e-4) -> StrategicFit:
    """Fit the logit precision and chosen payoff parameters to observed choice counts.

    Parameters
    ----------
    model_or_game : Model, SignalingGame or BimatrixGame
        A model exposing its finite game (``model.has_finite_game``), or a game (then only
        ``lam`` is estimated).
    *counts : array_like or None
        As :func:`deterrence_games.solvers.qre.log_likelihood`: ``sender_counts[t, m]`` and
        ``receiver_counts[k, a]`` for a signaling game, ``row_counts``, ``column_counts`` for
        a bimatrix game (None for an unobserved block). Non-negative integers.
    free : sequence of str
        Model parameters estimated besides ``lam`` (the others are fixed at ``params`` or
        their defaults).
    params : dict, optional
        Values of the fixed model parameters.
    lam : float
        Starting precision (> 0); ``start`` gives starting values of ``free``.
    restarts, seed : int
        As :func:`egame12`.
    step : float
        Finite-difference step of the scores.

    Returns
    -------
    StrategicFit
        ``params`` indexed ``"log_lambda"`` and the ``free`` names; ``predict`` is not
        available (the data are counts).
    """
    from ..models._base import Model

    if isinstance(model_or_game, Model):
        model = model_or_game
        if not model.has_finite_game:
            raise ParameterError("model", model.id, "a model exposing its finite game (model.has_finite_game)")
        names = [p.name for p in model.parameters]
        bad = [f for f in free if f not in names]
        if bad:
            raise ParameterError("free", bad[0], f"parameters of {model.id} ({', '.join(names)})")
        fixed = dict(params or {})
        base = model.validate(**fixed)
        game0 = model.finite_game(base)
        label = model.id
    elif isinstance(model_or_game, SignalingGame | BimatrixGame):
        if free:
            raise ParameterError("free", list(free), "empty when a game is given (only lam is estimated)")
        model, base, game0, label = None, {}, model_or_game, type(model_or_game).__name__
    else:
        raise ParameterError("model_or_game", type(model_or_game).__name__, "a Model, SignalingGame or BimatrixGame")
    if not (np.isfinite(lam) and lam > 0):
        raise ParameterError("lam", lam, "a positive starting precision")
    # validate the counts through the QRE engine's own checks
    from ..solvers.qre import _AgentForm, _counts

    c = _counts(_AgentForm(game0), counts)
    for name, arr in zip(("counts[0]", "counts[1]"), c, strict=False):
        if arr is not None and not np.allclose(arr, np.round(arr)):
            raise ParameterError(name, arr, "integer counts")
    weights = np.concatenate([a[a > 0] for a in c if a is not None]).astype(int)
    start = dict(start or {})
    theta0 = np.array([np.log(lam)] + [float(start.get(f, base[f])) for f in free])
    pnames = ["log_lambda"] + list(free)

    paths: dict[tuple[float, ...], Any] = {}  # one traced branch per payoff point serves every lam

    def cells(t: np.ndarray) -> np.ndarray:
        key = tuple(map(float, t[1:]))
        lam_t = float(np.exp(t[0]))
        path = paths.get(key)
        if path is None or path.lambdas.max() < lam_t:
            if model is None:
                game = game0
            else:
                try:
                    p = model.validate(**{**base, **dict(zip(free, key, strict=True))})
                except ParameterError:
                    return np.full(len(weights), -np.inf)
                game = model.finite_game(p)
            if len(paths) > 64:
                paths.clear()
            path = paths[key] = logit_qre(game, lambda_max=max(2.0 * lam_t, 1e-3))
        return _cell_logprobs(path, lam_t, c)

    cache: dict[bytes, np.ndarray] = {}

    def cells_cached(t):
        key = np.asarray(t, float).tobytes()
        if key not in cache:
            if len(cache) > 512:
                cache.clear()
            cache[key] = cells(t)
        return cache[key]

    def cell_scores(t):
        g = np.empty((len(weights), len(t)))
        for j in range(len(t)):
            e = np.zeros(len(t))
            e[j] = step
            g[:, j] = (cells_cached(t + e) - cells_cached(t - e)) / (2 * step)
        return g

    def ll(t):  # per observation: each cell repeated by its count
        return np.repeat(cells_cached(t), weights)

    def score(t):
        return np.repeat(cell_scores(t), weights, axis=0)

    def ll_and_score(t):
        return ll(t), (weights[:, None] * cell_scores(t)).sum(axis=0)

    opt = maximize(ll, score, theta0, restarts=restarts, seed=seed, spread=0.5, ll_and_score=ll_and_score, gtol=1e-5)
    cov = covariances(score, opt.theta, total=lambda t: (weights[:, None] * cell_scores(t)).sum(axis=0))
    cov.pop("_H")
    warns = () if opt.converged else (f"QRE fit did not converge: {opt.message}",)
    return StrategicFit(
        model=f"qre:{label}", formula="logit agent QRE; free: " + ", ".join(pnames), link="logit", errors="agent",
        params=pd.Series(opt.theta, index=pnames, name="coef"), covariances=cov, vcov_type="hessian",
        llf=opt.llf, nobs=int(weights.sum()), n_dropped=0, converged=opt.converged, iterations=opt.iterations,
        restarts=pd.DataFrame(list(opt.restarts)), loglik_obs=np.asarray(ll(opt.theta)), boot_params=None,
        options={"fixed": {k: v for k, v in base.items() if k not in free}, "lam_start": lam, "step": step},
        warnings=warns, _spec=None)
