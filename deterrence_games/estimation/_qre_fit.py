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
from ..results import not_converged
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


def qre_fit(model_or_game: Any, *counts: Any, free: Sequence[str] | Mapping[str, str] = (),
            params: Mapping[str, Any] | None = None, lam: float = 1.0, start: Mapping[str, float] | None = None,
            restarts: int = 0, seed: int | None = 0, step: float = 1e-4, groups: pd.DataFrame | None = None,
            group_counts: Sequence[Sequence[Any]] | None = None, fix_lambda: bool = False) -> StrategicFit:
    """Fit the logit precision and chosen payoff parameters to observed choice counts.

    Parameters
    ----------
    model_or_game : Model, SignalingGame, BimatrixGame or callable
        A model exposing its finite game (``model.has_finite_game``); a game (then only
        ``lam`` is estimated); or a function ``params -> game`` building a user's game from a
        dict of payoff parameters (``params`` gives their values, ``free`` the estimated ones).
    *counts : array_like or None
        As :func:`deterrence_games.solvers.qre.log_likelihood`: ``sender_counts[t, m]`` and
        ``receiver_counts[k, a]`` for a signaling game, ``row_counts``, ``column_counts`` for
        a bimatrix game (None for an unobserved block). Non-negative integers.
    free : sequence of str, or dict
        Model parameters estimated besides ``lam`` (the others are fixed at ``params`` or
        their defaults). With ``groups``, a dict ``{parameter: right-hand side}`` making the
        parameter linear in the groups' covariates, e.g. ``{"c": "1 + distance"}``.
    params : dict, optional
        Values of the fixed model parameters.
    lam : float
        Starting precision (> 0); ``start`` gives starting values of ``free``.
    restarts, seed : int
        As :func:`egame12`.
    step : float
        Finite-difference step of the scores.
    groups, group_counts : DataFrame and sequence, optional
        Covariate profiles (one row per group of observations) and, per group, the count
        arrays (as ``*counts``); then no positional counts are given.
    fix_lambda : bool
        Keep the precision at ``lam`` (payoffs and precision are identified only up to scale
        when every payoff is free; e.g. ``egame12`` with logit agent error is the QRE at
        ``lam = 1/sqrt(2)``).

    Returns
    -------
    StrategicFit
        ``params`` indexed ``"log_lambda"`` and the ``free`` names; ``predict`` is not
        available (the data are counts).
    """
    from ..models import Model
    from ..solvers.qre import AgentForm as _AgentForm
    from ..solvers.qre import check_counts as _counts
    from ._formula import _parse_rhs, build_design

    if groups is None:
        if isinstance(free, Mapping):
            raise ParameterError("free", dict(free), "a list of parameter names without `groups`",
                                 "covariate formulas need groups=DataFrame and group_counts")
        free_names = list(free)
        count_sets = [counts]
    else:
        if counts:
            raise ParameterError("counts", "positional counts", "empty when `groups` is given (use group_counts)")
        if not isinstance(groups, pd.DataFrame):
            raise ParameterError("groups", type(groups).__name__, "a DataFrame of covariates, one row per group")
        if group_counts is None or len(group_counts) != len(groups):
            raise ParameterError("group_counts", None if group_counts is None else len(group_counts),
                                 f"one tuple of count arrays per row of `groups` ({len(groups)})")
        free = dict(free) if isinstance(free, Mapping) else {f: "1" for f in free}
        free_names = list(free)
        count_sets = [tuple(g) for g in group_counts]
    if isinstance(model_or_game, Model):
        model = model_or_game
        if not model.has_finite_game:
            raise ParameterError("model", model.id, "a model exposing its finite game (model.has_finite_game)")
        names = [p.name for p in model.parameters]
        bad = [f for f in free_names if f not in names]
        if bad:
            raise ParameterError("free", bad[0], f"parameters of {model.id} ({', '.join(names)})")
        base = model.validate(**dict(params or {}))
        game0 = model.finite_game(base)
        label = model.id
    elif isinstance(model_or_game, SignalingGame | BimatrixGame):
        if free_names:
            raise ParameterError("free", free_names, "empty when a game is given (only lam is estimated)")
        model, base, game0, label = None, {}, model_or_game, type(model_or_game).__name__
    elif callable(model_or_game):
        model, base = None, dict(params or {})
        bad = [f for f in free_names if f not in base]
        if bad:
            raise ParameterError("free", bad[0], f"keys of `params` ({', '.join(base)}), the builder's parameters")
        game0 = model_or_game(base)
        if not isinstance(game0, SignalingGame | BimatrixGame):
            raise ParameterError("model_or_game", type(game0).__name__, "a builder returning a SignalingGame or BimatrixGame")
        label = getattr(model_or_game, "__name__", "game")
    else:
        raise ParameterError("model_or_game", type(model_or_game).__name__, "a Model, SignalingGame or BimatrixGame")
    if not (np.isfinite(lam) and lam > 0):
        raise ParameterError("lam", lam, "a positive starting precision")
    # counts: validated by the QRE engine's own checks, per group
    form = _AgentForm(game0)
    cs = []
    for c in count_sets:
        c = _counts(form, c)
        for name, arr in zip(("counts[0]", "counts[1]"), c, strict=False):
            if arr is not None and not np.allclose(arr, np.round(arr)):
                raise ParameterError(name, arr, "integer counts")
        cs.append(c)
    weights = np.concatenate([a[a > 0] for c in cs for a in c if a is not None]).astype(int)
    # each free parameter is X_f beta_f: intercept only (one group) or a formula on `groups`
    if groups is None:
        X = {f: np.ones((1, 1)) for f in free_names}
        pnames = ["log_lambda"] + free_names
    else:
        rhs = {f: _parse_rhs(str(free[f]), str(free[f])) for f in free_names}
        design = build_design(groups, rhs, drop_na=False)
        if design.n_dropped or any(not np.isfinite(design.X[f]).all() for f in free_names):
            raise ParameterError("groups", "missing values", "complete covariates in every group")
        X = {f: design.X[f] for f in free_names}
        pnames = ["log_lambda"] + [f"{f}:{nm}" for f in free_names for nm in design.names[f]]
    sizes = [X[f].shape[1] for f in free_names]
    offsets = np.concatenate([[1], 1 + np.cumsum(sizes)]).astype(int)
    start = dict(start or {})
    theta0 = np.zeros(1 + sum(sizes))
    theta0[0] = np.log(lam)
    for i, f in enumerate(free_names):
        names_f = pnames[offsets[i]:offsets[i + 1]]
        v0 = float(start.get(f, base[f]))
        j = [k for k, nm in enumerate(names_f) if nm in (f, f"{f}:(Intercept)")]
        if j:
            theta0[offsets[i] + j[0]] = v0

    paths: dict[tuple[float, ...], Any] = {}  # one traced branch per payoff point serves every lam

    def group_cells(key: tuple[float, ...], lam_t: float, c) -> np.ndarray:
        path = paths.get(key)
        if path is None or path.lambdas.max() < lam_t:
            if model is not None:
                game = model.finite_game(model.validate(**{**base, **dict(zip(free_names, key, strict=True))}))
            elif free_names:  # a user's builder; a payoff it refuses is outside the domain
                try:
                    game = model_or_game({**base, **dict(zip(free_names, key, strict=True))})
                except ValueError as exc:
                    raise ParameterError("params", key, "values the game builder accepts") from exc
            else:
                game = game0
            if len(paths) > 256:
                paths.clear()
            path = paths[key] = logit_qre(game, lambda_max=max(2.0 * lam_t, 1e-3))
        return _cell_logprobs(path, lam_t, c)

    def cells(t: np.ndarray) -> np.ndarray:
        lam_t = float(np.exp(t[0]))
        values = [X[f] @ t[offsets[i]:offsets[i + 1]] for i, f in enumerate(free_names)]
        out = []
        try:
            for g, c in enumerate(cs):
                out.append(group_cells(tuple(float(v[g]) for v in values), lam_t, c))
        except ParameterError:  # a group's payoffs left the model's domain
            return np.full(len(weights), -np.inf)
        return np.concatenate(out)

    cache: dict[bytes, np.ndarray] = {}

    def cells_cached(t):
        key = np.asarray(t, float).tobytes()
        if key not in cache:
            if len(cache) > 512:
                cache.clear()
            cache[key] = cells(t)
        return cache[key]

    def full(t):  # optimiser coordinates -> (log lambda, payoff coefficients)
        return np.concatenate([[np.log(lam)], t]) if fix_lambda else t

    def cell_scores(t):
        g = np.empty((len(weights), len(t)))
        for j in range(len(t)):
            e = np.zeros(len(t))
            e[j] = step
            g[:, j] = (cells_cached(full(t + e)) - cells_cached(full(t - e))) / (2 * step)
        return g

    def ll(t):  # per observation: each cell repeated by its count
        return np.repeat(cells_cached(full(t)), weights)

    if fix_lambda:
        if not free_names:
            raise ParameterError("fix_lambda", True, "free payoff parameters to estimate when lam is fixed")
        theta0, pnames = theta0[1:], pnames[1:]

    def score(t):
        return np.repeat(cell_scores(t), weights, axis=0)

    def ll_and_score(t):
        return ll(t), (weights[:, None] * cell_scores(t)).sum(axis=0)

    opt = maximize(ll, score, theta0, restarts=restarts, seed=seed, spread=0.5, ll_and_score=ll_and_score, gtol=1e-5)
    cov = covariances(score, opt.theta, total=lambda t: (weights[:, None] * cell_scores(t)).sum(axis=0))
    cov.pop("_H")
    warns = () if opt.converged else (not_converged(f"QRE fit: {opt.message}"),)
    return StrategicFit(
        model=f"qre:{label}", formula="logit agent QRE; free: " + ", ".join(pnames), link="logit", errors="agent",
        params=pd.Series(opt.theta, index=pnames, name="coef"), covariances=cov, vcov_type="hessian",
        llf=opt.llf, nobs=int(weights.sum()), n_dropped=0, converged=opt.converged, iterations=opt.iterations,
        restarts=pd.DataFrame(list(opt.restarts)), loglik_obs=np.asarray(ll(opt.theta)), boot_params=None,
        options={"fixed": {k: v for k, v in base.items() if k not in free_names}, "lam_start": lam, "step": step,
                 "fix_lambda": fix_lambda,
                 "groups": None if groups is None else len(groups),
                 "free": dict(free) if isinstance(free, Mapping) else list(free)},
        warnings=warns, _spec=None)
