"""``egame12``: strategic probit/logit estimation of the two-player crisis game."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validation import ParameterError
from ..results import not_converged
from . import _egame12 as E
from ._formula import _RHS, _parse_rhs, build_design, parse_formula, plain_frame
from ._links import LINKS
from ._mle import binary_fit, covariances, maximize
from ._results import StrategicFit

__all__ = ["egame12", "egame122", "egame123", "simulate_egame12"]

_ERRORS = ("agent", "private")


@dataclass(frozen=True)
class _Spec:
    """What a fit needs to predict on new data."""

    slots: tuple[str, ...]
    outcomes: tuple[str, ...]
    actions: tuple[str, ...]
    rhs: dict[str, _RHS]
    levels: dict[str, tuple[str, ...]]
    kernel: Any
    data: pd.DataFrame
    rows: pd.Index


def _outcome(data: pd.DataFrame, cols: Sequence[str], rows: pd.Index) -> np.ndarray:
    """Codes 0 (sq), 1 (capit), 2 (war) from ``esc + war`` indicators or one outcome column."""
    if len(cols) == 2:
        sub = data.loc[rows, list(cols)]
        esc, war = sub[cols[0]], sub[cols[1]]
        for c, s in zip(cols, (esc, war), strict=True):
            if not s.isin([0, 1]).all():
                raise ParameterError(c, sorted(pd.unique(s))[:5], "a 0/1 indicator (outcome column)")
        e, w = esc.to_numpy(int), war.to_numpy(int)
        if (w > e).any():
            raise ParameterError(cols[1], int((w > e).sum()), f"nested in `{cols[0]}`",
                                 f"rows with {cols[1]}=1 and {cols[0]}=0 (war without escalation)")
        return e + w
    if len(cols) == 1:
        s = data.loc[rows, cols[0]]
        if pd.api.types.is_numeric_dtype(s) and s.isin([1, 2, 3]).all():
            return s.to_numpy(int) - 1
        lab = s.astype(str)
        codes = {"sq": 0, "capit": 1, "cap": 1, "war": 2}  # 'cap' as in the games examples
        if lab.isin(list(codes)).all():
            return lab.map(codes).to_numpy(int)
        raise ParameterError(cols[0], sorted(map(str, pd.unique(s)))[:5],
                             "outcome codes 1/2/3 or labels 'sq'/'capit' (or 'cap')/'war'")
    raise ParameterError("formula", " + ".join(cols), "two outcome indicators (`esc + war`) or one outcome column")


def _check_design(design, players: Mapping[int, Sequence[str]], checks) -> None:
    """Refuse unidentified models before fitting, naming the variable.

    ``players``: player -> the utilities among which that player chooses (a regressor in all
    of them is identified only in differences); ``checks``: ``(slot, rows, event, what)`` for
    the separation checks of each choice (a regressor that predicts ``event`` perfectly on
    ``rows`` has an infinite maximum-likelihood estimate).
    """
    X, names = design.X, design.names
    for i, slots in players.items():
        common = set.intersection(*(set(names[s]) for s in slots))
        if common:
            v = sorted(common)[0]
            raise ParameterError("formula", v, f"a regressor absent from at least one of {', '.join(slots)}",
                                 f"`{v}` enters every utility of player {i}, so only its differences are "
                                 "identified (Lewis and Schultz 2003)")
    for s in X:
        Xs = X[s]
        if Xs.shape[1] == 0 or np.linalg.matrix_rank(Xs) == Xs.shape[1]:
            continue
        for j in range(Xs.shape[1]):  # rank deficient: find the first dependent column
            if np.linalg.matrix_rank(Xs[:, : j + 1]) <= j:
                raise ParameterError("formula", names[s][j], f"a regressor of {s} not collinear with the others",
                                     f"`{names[s][j]}` in {s} is constant or a linear combination of "
                                     f"{', '.join(names[s][:j])}" if j else f"`{names[s][j]}` in {s} is all zero")
    for s, rows, event, what in checks:
        for j, nm in enumerate(names[s]):
            if nm == "(Intercept)":
                continue
            x, ev = X[s][rows, j], event[rows]
            if ev.all() or not ev.any():
                continue
            vals = np.unique(x)
            if len(vals) == 2:  # an indicator: one of its values always gives the same outcome
                for v in vals:
                    sel = ev[x == v]
                    if sel.all() or not sel.any():
                        raise ParameterError("formula", nm, f"a regressor that does not predict {what} perfectly",
                                             f"{s}: every observation with {nm}={v:g} has the same outcome "
                                             f"({'all' if sel.all() else 'no'} {what}), so its coefficient is infinite")
            elif x[ev].max() < x[~ev].min() or x[ev].min() > x[~ev].max():
                raise ParameterError("formula", nm, f"a regressor that does not predict {what} perfectly",
                                     f"{s}: `{nm}` separates the outcomes completely")


def _identification(design, y: np.ndarray) -> None:
    """egame12: player 1's utilities u11, u13, u14; escalation, and war given escalation."""
    esc = y > 0
    checks = [(s, np.ones(len(y), bool), esc, "escalation") for s in ("u11", "u13", "u14")]
    checks.append(("u24", esc, y == 2, "war given escalation"))
    _check_design(design, {1: ("u11", "u13", "u14")}, checks)


def _local_identification(scores: np.ndarray, names: Sequence[str]) -> None:
    """Refuse a likelihood that is flat in some direction at the start (rank-deficient scores).

    Structural non-identification (e.g. intercepts in both u11 and u14 with no regressor
    moving player 2's choice) makes the per-observation scores linearly dependent at every
    point; the coefficients loading on the null direction are named.
    """
    if scores.shape[1] == 0:
        return
    norms = np.linalg.norm(scores, axis=0)
    norms[norms == 0] = 1.0
    _, sv, vt = np.linalg.svd(scores / norms, full_matrices=False)
    if sv[-1] < 1e-8 * sv[0]:
        v = vt[-1] / norms
        v = v / np.abs(v).max()
        involved = [n for n, c in zip(names, v, strict=True) if abs(c) > 1e-3]
        raise ParameterError("formula", ", ".join(involved), "identified utilities",
                             f"the likelihood is flat along a combination of {', '.join(involved)}: "
                             "they are not separately identified (Lewis and Schultz 2003)")


def _sbi_start(kern: E.Egame12Kernel, design, y: np.ndarray, link: str, errors: str) -> np.ndarray:
    """Statistical backward induction (Bas, Signorino and Walker 2008): player 2, then player 1."""
    theta = np.zeros(kern.n_params)
    o = kern.offsets
    esc = y > 0
    c = np.sqrt(2.0) if errors == "agent" else 1.0
    X = design.X
    if kern.k["u24"]:
        b24 = binary_fit(X["u24"][esc], (y[esc] == 2).astype(float), link, scale=c)
        theta[o[3]:o[4]] = b24
        p4 = np.clip(E.L.cdf(link, X["u24"] @ b24 / c), 1e-6, 1 - 1e-6)
    else:
        p4 = np.full(len(y), E.L.cdf(link, np.array(kern.fixed.get("u24", 0.0) / c)))
    p3 = 1 - p4
    S = np.sqrt(2.0) if errors == "agent" else np.sqrt(1 + p3 ** 2 + p4 ** 2)
    blocks = [(0, -X["u11"]), (1, p3[:, None] * X["u13"]), (2, p4[:, None] * X["u14"])]
    Z = np.hstack([b for _, b in blocks]) / (np.ones(len(y)) * S)[:, None]
    if Z.shape[1]:
        b1 = binary_fit(Z, esc.astype(float), link)
        pos = 0
        for i, B in blocks:
            k = B.shape[1]
            theta[o[i]:o[i + 1]] = b1[pos:pos + k]
            pos += k
    return theta


def egame12(formula: str | Mapping[str, str], data: pd.DataFrame, *, outcome: str | Sequence[str] | None = None,
            link: str = "probit", errors: str = "agent", fixed_utils: Sequence[float] | Mapping[str, float] | None = None,
            scale_formula: str | None = None, scale_by_player: bool = False, start: str | Sequence[float] = "sbi",
            restarts: int = 4, seed: int | None = 0, vcov: str = "hessian", boot: int = 0,
            boot_seed: int | None = 0) -> StrategicFit:
    r"""Fit the strategic crisis game ``egame12`` by maximum likelihood (Signorino 1999).

    Player 1 keeps the status quo (``u11``) or escalates; player 2 then capitulates
    (``u13`` for player 1, 0 for player 2) or fights (``u14``, ``u24``). See
    :mod:`deterrence_games.estimation._egame12` for the choice probabilities.

    Parameters
    ----------
    formula : str or dict
        ``"esc + war ~ x1 + x2 | 0 | regime1 | balanc + regime2"`` (R ``games`` form: the
        outcome indicators, then the regressors of u11 | u13 | u14 | u24; ``0`` fixes a
        utility at zero), or ``{"u11": "x1 + x2", "u14": "regime1", ...}`` with ``outcome``.
        The outcome is either two nested 0/1 indicators (escalation, war) or one column coded
        1/2/3 or ``'sq'/'capit'/'war'``.
    data : pandas.DataFrame
        Rows with a missing value in a used column are dropped and counted (``n_dropped``).
    outcome : str or sequence, optional
        Outcome column(s) when ``formula`` is a dict.
    link : {"probit", "logit"}
    errors : {"agent", "private"}
        Agent error or private information (Signorino 2003).
    fixed_utils : sequence of 4 floats or dict, optional
        Fix (u11, u13, u14, u24) at these values and estimate the scale of the shocks instead.
    scale_formula : str, optional
        Right-hand side of :math:`\log\sigma` (e.g. ``"balanc - 1"``); default ``"1"`` when
        ``fixed_utils`` is given, else no scale parameter (sigma = 1).
    scale_by_player : bool
        One scale equation per player (``log_sigma1``, ``log_sigma2``).
    start : "sbi", "zero" or array
        Starting values: statistical backward induction (Bas, Signorino and Walker 2008).
    restarts, seed : int
        Extra runs from the start plus N(0, 1) perturbations (seeded); all are reported in
        ``.restarts`` and the best converged run is kept.
    vcov : {"hessian", "opg", "sandwich", "bootstrap"}
        Covariance behind ``.bse`` (all are kept: ``fit.cov_params("sandwich")``).
    boot, boot_seed : int
        Nonparametric bootstrap replicates (rows resampled with replacement).

    Returns
    -------
    StrategicFit

    Examples
    --------
    >>> import deterrence_games as dg
    >>> war = dg.datasets.load("war1800")
    >>> fit = dg.estimate.egame12("esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2", war)
    >>> fit.nobs, fit.n_dropped, fit.converged
    (282, 31, True)
    """
    _check_options(link, errors, vcov, boot, restarts, data)
    data = plain_frame(data)
    fixed: dict[str, float] = {}
    if fixed_utils is not None:
        if isinstance(fixed_utils, Mapping):
            bad = set(fixed_utils) - set(E.SLOTS)
            if bad:
                raise ParameterError("fixed_utils", sorted(bad), f"keys among {list(E.SLOTS)}")
            fixed = {k: float(v) for k, v in fixed_utils.items()}
        else:
            vals = list(fixed_utils)
            if len(vals) != 4:
                raise ParameterError("fixed_utils", vals, "four values (u11, u13, u14, u24)")
            fixed = dict(zip(E.SLOTS, map(float, vals), strict=True))
        if not all(np.isfinite(list(fixed.values()))):
            raise ParameterError("fixed_utils", fixed, "finite values")
        if isinstance(formula, str) and "|" not in formula and "~" in formula:
            formula = formula.split("~")[0] + "~" + " | ".join(["0"] * 4)
    out_cols, rhs = parse_formula(formula, E.SLOTS, outcome)
    for s in fixed:
        if not rhs[s].empty:
            raise ParameterError("fixed_utils", s, "utilities whose formula is `0`",
                                 f"{s} has regressors in the formula and a fixed value")
    if scale_formula is None and fixed:
        scale_formula = "1"
    scale_rhs: dict[str, _RHS] = {}
    if scale_formula is not None:
        r = _parse_rhs(str(scale_formula), str(scale_formula))
        if r.empty:
            raise ParameterError("scale_formula", scale_formula, "at least one term")
        if r.intercept and not any(v != 0 for v in fixed.values()):
            raise ParameterError("scale_formula", scale_formula, "no intercept unless some utility is fixed at a non-zero value",
                                 "the common scale is not identified when every utility is estimated (Signorino 1999); "
                                 "write e.g. 'balanc - 1'")
        scale_rhs = {"_s1": r} if not scale_by_player else {"_s1": r, "_s2": r}
    all_rhs = {**rhs, **scale_rhs}
    design = build_design(data, all_rhs, extra=out_cols)
    if len(design.rows) == 0:
        raise ParameterError("data", f"{len(data)} rows", "at least one row without missing values in the used columns")
    y = _outcome(data, out_cols, design.rows)
    esc = y > 0
    if esc.all() or not esc.any():
        raise ParameterError("data", f"{int(esc.sum())} escalations in {len(y)} rows",
                             "variation in the outcome (some status quo and some escalation)")
    if not (y[esc] == 2).any() or (y[esc] == 2).all():
        raise ParameterError("data", f"{int((y == 2).sum())} wars in {int(esc.sum())} escalations",
                             "variation in player 2's choice (some capitulation and some war)")
    _identification(design, y)

    X = {s: design.X[s] for s in E.SLOTS}
    W1 = design.X.get("_s1")
    W2 = design.X.get("_s2")
    kern = E.Egame12Kernel(X, link, errors, fixed, W1, W2 if W2 is not None else W1, common_scale=not scale_by_player)
    if isinstance(start, str):
        if start not in ("sbi", "zero"):
            raise ParameterError("start", start, "'sbi', 'zero' or an array of starting values")
        theta0 = _sbi_start(kern, design, y, link, errors) if start == "sbi" else np.zeros(kern.n_params)
    else:
        theta0 = np.asarray(start, float)
        if theta0.shape != (kern.n_params,):
            raise ParameterError("start", theta0.shape, f"an array of {kern.n_params} starting values")

    names = [f"{s}:{nm}" for s in E.SLOTS for nm in design.names[s]]
    if scale_rhs:
        if scale_by_player:
            names += [f"log_sigma1:{nm}" for nm in design.names["_s1"]] + [f"log_sigma2:{nm}" for nm in design.names["_s2"]]
        else:
            names += [f"log_sigma:{nm}" for nm in design.names["_s1"]]
    fstr = formula if isinstance(formula, str) else f"{' + '.join(out_cols)} ~ " + " | ".join(
        str(dict(formula).get(s, "0")) for s in E.SLOTS)
    spec = _Spec(slots=E.SLOTS, outcomes=E.OUTCOMES, actions=E.ACTIONS, rhs=all_rhs, levels=design.levels,
                 kernel=kern, data=data, rows=design.rows)
    options = {"start": start if isinstance(start, str) else "user", "restarts": int(restarts), "seed": seed,
               "boot": int(boot), "boot_seed": boot_seed, "fixed_utils": fixed or None,
               "scale_formula": scale_formula, "scale_by_player": scale_by_player, "optimizer": "BFGS"}
    return _estimate("egame12", kern, y, theta0, names, spec, fstr, link, errors, vcov, restarts, seed, boot,
                     boot_seed, design.n_dropped, options)


def _estimate(model, kern, y, theta0, names, spec, fstr, link, errors, vcov, restarts, seed, boot, boot_seed,
              n_dropped, options) -> StrategicFit:
    """The shared back end: local identification, ML with restarts, covariances, bootstrap."""
    _local_identification(kern.score_obs(theta0, y), names)

    def ll(t):
        return kern.loglik_obs(t, y)

    def sc(t):
        return kern.score_obs(t, y)

    opt = maximize(ll, sc, theta0, restarts=int(restarts), seed=seed,
                   ll_and_score=lambda t: kern.loglik_and_score(t, y, "sum"))
    warns: list[str] = []
    if not opt.converged:
        warns.append(not_converged(f"{model}: {opt.message} (max |gradient| {opt.grad_norm:.3g})", stacklevel=4))
    runs = pd.DataFrame(list(opt.restarts))
    distinct = runs[runs["converged"] & ((runs["llf"] - opt.llf).abs() > 1e-4)]
    if len(distinct):
        warns.append(f"{len(distinct)} of {len(runs)} runs converged to a different local maximum "
                     f"(log-likelihoods {sorted(set(np.round(distinct['llf'], 4)))}); the best is reported")
    cov = covariances(sc, opt.theta, total=lambda t: kern.loglik_and_score(t, y, "sum")[1])
    cov.pop("_H")
    boot_params = None
    if boot:
        rng = np.random.default_rng(boot_seed)
        reps = []
        n = len(y)
        W1 = getattr(kern, "W1", None)
        W2 = getattr(kern, "W2", None)
        for _ in range(int(boot)):
            idx = rng.integers(0, n, n)
            kb = kern.with_design({s: X[idx] for s, X in kern.X.items()}, None if W1 is None else W1[idx],
                                  None if W2 is None else W2[idx])
            yb = y[idx]
            ob = maximize(lambda t, kb=kb, yb=yb: kb.loglik_obs(t, yb),
                          lambda t, kb=kb, yb=yb: kb.score_obs(t, yb), opt.theta, restarts=0,
                          ll_and_score=lambda t, kb=kb, yb=yb: kb.loglik_and_score(t, yb, "sum"))
            if ob.converged:
                reps.append(ob.theta)
        boot_params = np.array(reps)
        if len(reps) < boot:
            warns.append(f"{boot - len(reps)} of {boot} bootstrap fits did not converge and were discarded")
        cov["bootstrap"] = np.cov(boot_params, rowvar=False).reshape(kern.n_params, kern.n_params)
        boot_params.setflags(write=False)
    return StrategicFit(
        model=model, formula=fstr, link=link, errors=errors,
        params=pd.Series(opt.theta, index=names, name="coef"), covariances=cov, vcov_type=vcov,
        llf=opt.llf, nobs=len(y), n_dropped=n_dropped, converged=opt.converged, iterations=opt.iterations,
        restarts=runs, loglik_obs=np.asarray(ll(opt.theta)), boot_params=boot_params, options=options,
        warnings=tuple(warns), _spec=spec)


def simulate_egame12(formula: str | Mapping[str, str], data: pd.DataFrame, params: Mapping[str, float] | Sequence[float],
                     *, link: str = "probit", errors: str = "agent", seed: int | None = 0,
                     outcome: Sequence[str] = ("esc", "war")) -> pd.DataFrame:
    """Draw ``egame12`` outcomes for the rows of ``data`` from known utilities.

    ``formula`` gives the regressors as in :func:`egame12` (its outcome columns are the ones
    created); ``params`` maps the names :func:`egame12` reports (``"u24:balanc"``...) to
    values, or lists them in that order. Returns a copy of ``data`` (complete rows) with the
    two outcome indicators added: the data-generating process of the simulation checks.

    Parameters
    ----------
    formula : str or mapping of str to str
        As in :func:`egame12`.
    data : pandas.DataFrame
        The regressors.
    params : mapping of str to float, or sequence of float
        The true coefficients.
    link : {"probit", "logit"}, default "probit"
        Distribution of the errors.
    errors : {"agent", "private"}, default "agent"
        Agent error or private information (Signorino 2003).
    seed : int or None, default 0
        Seed of the draws.
    outcome : (str, str), default ("esc", "war")
        Names of the two indicators created.

    Returns
    -------
    pandas.DataFrame
    """
    if link not in LINKS:
        raise ParameterError("link", link, f"one of {list(LINKS)}")
    if errors not in _ERRORS:
        raise ParameterError("errors", errors, f"one of {list(_ERRORS)}")
    cols, rhs = parse_formula(formula, E.SLOTS, None if isinstance(formula, str) else list(outcome))
    design = build_design(data, rhs)
    names = [f"{s}:{nm}" for s in E.SLOTS for nm in design.names[s]]
    if isinstance(params, Mapping):
        missing = [n for n in names if n not in params]
        if missing:
            raise ParameterError("params", sorted(params), f"a value for every coefficient ({', '.join(names)})",
                                 f"missing {missing[0]}")
        theta = np.array([float(params[n]) for n in names])
    else:
        theta = np.asarray(params, float)
        if theta.shape != (len(names),):
            raise ParameterError("params", theta.shape, f"{len(names)} values ({', '.join(names)})")
    kern = E.Egame12Kernel({s: design.X[s] for s in E.SLOTS}, link, errors)
    _, act = kern.probabilities(theta)
    rng = np.random.default_rng(seed)
    esc = rng.random(len(act)) < act[:, 0]
    war = esc & (rng.random(len(act)) < act[:, 1])
    out = data.loc[design.rows].copy()
    out[cols[0]] = esc.astype(int)
    out[cols[-1]] = war.astype(int)
    return out


def _outcome122(data: pd.DataFrame, cols: Sequence[str], rows: pd.Index) -> np.ndarray:
    """Codes 0..3 (LL, LR, RL, RR) from ``a1 + a2`` move indicators (1 = R) or one column 1..4."""
    from . import _egame122 as E2

    if len(cols) == 2:
        sub = data.loc[rows, list(cols)]
        for c in cols:
            if not sub[c].isin([0, 1]).all():
                raise ParameterError(c, sorted(pd.unique(sub[c]))[:5], "a 0/1 move indicator (1 = R)")
        return 2 * sub[cols[0]].to_numpy(int) + sub[cols[1]].to_numpy(int)
    if len(cols) == 1:
        s = data.loc[rows, cols[0]]
        if pd.api.types.is_numeric_dtype(s) and s.isin([1, 2, 3, 4]).all():
            return s.to_numpy(int) - 1
        lab = s.astype(str)
        if lab.isin(E2.OUTCOMES).all():
            return lab.map({o: i for i, o in enumerate(E2.OUTCOMES)}).to_numpy(int)
        raise ParameterError(cols[0], sorted(map(str, pd.unique(s)))[:5], "outcome codes 1-4 or labels 'LL'/'LR'/'RL'/'RR'")
    raise ParameterError("formula", " + ".join(cols), "two move indicators (`a1 + a2`) or one outcome column")


def egame122(formula: str | Mapping[str, str], data: pd.DataFrame, *, outcome: str | Sequence[str] | None = None,
             link: str = "probit", errors: str = "agent", start: str | Sequence[float] = "sbi", restarts: int = 4,
             seed: int | None = 0, vcov: str = "hessian", boot: int = 0, boot_seed: int | None = 0) -> StrategicFit:
    """Fit the two-player, four-outcome game ``egame122`` by maximum likelihood.

    Player 1 chooses L or R, player 2 then L or R (outcomes LL, LR, RL, RR); see
    :mod:`deterrence_games.estimation._egame122` for the choice probabilities.

    Parameters
    ----------
    formula : str or dict
        ``"a1 + a2 ~ u11 | u12 | u13 | u14 | u22 | u24"`` right-hand sides (R ``games`` form;
        ``a1``, ``a2`` the 0/1 moves of players 1 and 2, 1 = R), or one outcome column coded
        1-4 or ``'LL'/'LR'/'RL'/'RR'``; or a dict of right-hand sides with ``outcome``.
    data, outcome, link, errors, start, restarts, seed, vcov, boot, boot_seed
        As :func:`egame12` (no scale parameters: every utility is estimated).

    Returns
    -------
    StrategicFit
    """
    from . import _egame122 as E2

    _check_options(link, errors, vcov, boot, restarts, data)
    data = plain_frame(data)
    out_cols, rhs = parse_formula(formula, E2.SLOTS, outcome)
    design = build_design(data, rhs, extra=out_cols)
    if len(design.rows) == 0:
        raise ParameterError("data", f"{len(data)} rows", "at least one row without missing values in the used columns")
    y = _outcome122(data, out_cols, design.rows)
    right = y >= 2
    if right.all() or not right.any():
        raise ParameterError("data", f"{int(right.sum())} R moves of player 1 in {len(y)} rows", "variation in player 1's move")
    for node, mask in (("L", ~right), ("R", right)):
        r2 = (y[mask] % 2) == 1
        if mask.any() and (r2.all() or not r2.any()):
            raise ParameterError("data", f"player 2 after {node}: {int(r2.sum())} R moves in {int(mask.sum())}",
                                 f"variation in player 2's move after {node}")
    ones = np.ones(len(y), bool)
    _check_design(design, {1: ("u11", "u12", "u13", "u14")},
                  [(s, ones, right, "player 1's R") for s in ("u11", "u12", "u13", "u14")]
                  + [("u22", ~right, (y == 1), "player 2's R after L"), ("u24", right, (y == 3), "player 2's R after R")])
    X = {s: design.X[s] for s in E2.SLOTS}
    kern = E2.Egame122Kernel(X, link, errors)
    if isinstance(start, str):
        if start not in ("sbi", "zero"):
            raise ParameterError("start", start, "'sbi', 'zero' or an array of starting values")
        theta0 = _sbi_start122(kern, y, link, errors) if start == "sbi" else np.zeros(kern.n_params)
    else:
        theta0 = np.asarray(start, float)
        if theta0.shape != (kern.n_params,):
            raise ParameterError("start", theta0.shape, f"an array of {kern.n_params} starting values")
    names = [f"{s}:{nm}" for s in E2.SLOTS for nm in design.names[s]]
    fstr = formula if isinstance(formula, str) else f"{' + '.join(out_cols)} ~ " + " | ".join(
        str(dict(formula).get(s, "0")) for s in E2.SLOTS)
    spec = _Spec(slots=E2.SLOTS, outcomes=E2.OUTCOMES, actions=E2.ACTIONS, rhs=rhs, levels=design.levels,
                 kernel=kern, data=data, rows=design.rows)
    options = {"start": start if isinstance(start, str) else "user", "restarts": int(restarts), "seed": seed,
               "boot": int(boot), "boot_seed": boot_seed, "optimizer": "BFGS"}
    return _estimate("egame122", kern, y, theta0, names, spec, fstr, link, errors, vcov, restarts, seed, boot,
                     boot_seed, design.n_dropped, options)


def _sbi_start122(kern, y: np.ndarray, link: str, errors: str) -> np.ndarray:
    """Statistical backward induction for egame122: player 2 at each node, then player 1."""
    from . import _links as L

    theta = np.zeros(kern.n_params)
    o, X = kern.offsets, kern.X
    c = np.sqrt(2.0) if errors == "agent" else 1.0
    right = y >= 2
    p = {}
    for i, (slot, mask, ev) in enumerate((("u22", ~right, y == 1), ("u24", right, y == 3))):
        j = 4 + i
        if kern.k[slot]:
            b = binary_fit(X[slot][mask], ev[mask].astype(float), link, scale=c)
            theta[o[j]:o[j + 1]] = b
            p[slot] = np.clip(L.cdf(link, X[slot] @ b / c), 1e-6, 1 - 1e-6)
        else:
            p[slot] = np.full(len(y), 0.5)
    pA, pB = p["u22"], p["u24"]
    S = np.sqrt(2.0) if errors == "agent" else np.sqrt((1 - pA) ** 2 + pA ** 2 + (1 - pB) ** 2 + pB ** 2)
    blocks = [-(1 - pA)[:, None] * X["u11"], -pA[:, None] * X["u12"], (1 - pB)[:, None] * X["u13"],
              pB[:, None] * X["u14"]]
    Z = np.hstack(blocks) / (np.ones(len(y)) * S)[:, None]
    if Z.shape[1]:
        b1 = binary_fit(Z, right.astype(float), link)
        pos = 0
        for i, B in enumerate(blocks):
            k = B.shape[1]
            theta[o[i]:o[i + 1]] = b1[pos:pos + k]
            pos += k
    return theta


def _check_options(link, errors, vcov, boot, restarts, data) -> None:
    if link not in LINKS:
        raise ParameterError("link", link, f"one of {list(LINKS)}")
    if errors not in _ERRORS:
        raise ParameterError("errors", errors, f"one of {list(_ERRORS)}")
    if vcov not in ("hessian", "opg", "sandwich", "bootstrap"):
        raise ParameterError("vcov", vcov, "one of 'hessian', 'opg', 'sandwich', 'bootstrap'")
    if not isinstance(boot, int | np.integer) or boot < 0:
        raise ParameterError("boot", boot, "a non-negative integer")
    if vcov == "bootstrap" and boot < 2:
        raise ParameterError("boot", boot, "an integer >= 2 when vcov='bootstrap'")
    if not isinstance(restarts, int | np.integer) or restarts < 0:
        raise ParameterError("restarts", restarts, "a non-negative integer")
    if not isinstance(data, pd.DataFrame):
        raise ParameterError("data", type(data).__name__, "a pandas DataFrame")


def egame123(formula: str | Mapping[str, str], data: pd.DataFrame, *, outcome: str | Sequence[str] | None = None,
             link: str = "probit", errors: str = "agent", start: str | Sequence[float] = "sbi", restarts: int = 4,
             seed: int | None = 0, vcov: str = "hessian", boot: int = 0, boot_seed: int | None = 0) -> StrategicFit:
    """Fit the three-player, four-outcome game ``egame123`` by maximum likelihood.

    Player 1 ends the game (outcome 1) or passes to player 2, who ends it (outcome 3) or passes
    to player 3, who chooses outcome 5 or 6; see :mod:`deterrence_games.estimation._egame123`.

    Parameters
    ----------
    formula : str or dict
        ``"a1 + a2 + a3 ~ u11 | u13 | u15 | u16 | u23 | u25 | u26 | u36"`` right-hand sides
        (``a1``, ``a2``, ``a3``: nested 0/1 indicators that players 1, 2, 3 moved R), or one
        outcome column coded 1-4 (outcomes 1, 3, 5, 6); or a dict with ``outcome``.
    data, outcome, link, errors, start, restarts, seed, vcov, boot, boot_seed
        As :func:`egame12` (no scale parameters).

    Returns
    -------
    StrategicFit
    """
    from . import _egame123 as E3

    _check_options(link, errors, vcov, boot, restarts, data)
    data = plain_frame(data)
    out_cols, rhs = parse_formula(formula, E3.SLOTS, outcome)
    design = build_design(data, rhs, extra=out_cols)
    if len(design.rows) == 0:
        raise ParameterError("data", f"{len(data)} rows", "at least one row without missing values in the used columns")
    sub = data.loc[design.rows, list(out_cols)]
    if len(out_cols) == 3:
        for c in out_cols:
            if not sub[c].isin([0, 1]).all():
                raise ParameterError(c, sorted(pd.unique(sub[c]))[:5], "a 0/1 move indicator (1 = R)")
        a = sub.to_numpy(int)
        if (a[:, 1] > a[:, 0]).any() or (a[:, 2] > a[:, 1]).any():
            raise ParameterError(out_cols[1] if (a[:, 1] > a[:, 0]).any() else out_cols[2], "not nested",
                                 "moves of a player who was reached (a3 <= a2 <= a1)")
        y = a.sum(axis=1)
    elif len(out_cols) == 1 and pd.api.types.is_numeric_dtype(sub[out_cols[0]]) and sub[out_cols[0]].isin([1, 2, 3, 4]).all():
        y = sub[out_cols[0]].to_numpy(int) - 1
    else:
        raise ParameterError("formula", " + ".join(out_cols), "three nested move indicators or one column coded 1-4")
    for i, (rows, ev) in enumerate(((np.ones(len(y), bool), y >= 1), (y >= 1, y >= 2), (y >= 2, y == 3)), start=1):
        if not rows.any() or ev[rows].all() or not ev[rows].any():
            raise ParameterError("data", f"player {i}: {int(ev[rows].sum())} R moves in {int(rows.sum())}",
                                 f"variation in player {i}'s move")
    ones = np.ones(len(y), bool)
    _check_design(design, {1: ("u11", "u13", "u15", "u16"), 2: ("u23", "u25", "u26")},
                  [(s, ones, y >= 1, "player 1's R") for s in ("u11", "u13", "u15", "u16")]
                  + [(s, y >= 1, y >= 2, "player 2's R") for s in ("u23", "u25", "u26")]
                  + [("u36", y >= 2, y == 3, "player 3's R")])
    kern = E3.Egame123Kernel({s: design.X[s] for s in E3.SLOTS}, link, errors)
    if isinstance(start, str):
        if start not in ("sbi", "zero"):
            raise ParameterError("start", start, "'sbi', 'zero' or an array of starting values")
        theta0 = _sbi_start123(kern, y, link, errors) if start == "sbi" else np.zeros(kern.n_params)
    else:
        theta0 = np.asarray(start, float)
        if theta0.shape != (kern.n_params,):
            raise ParameterError("start", theta0.shape, f"an array of {kern.n_params} starting values")
    names = [f"{s}:{nm}" for s in E3.SLOTS for nm in design.names[s]]
    fstr = formula if isinstance(formula, str) else f"{' + '.join(out_cols)} ~ " + " | ".join(
        str(dict(formula).get(s, "0")) for s in E3.SLOTS)
    spec = _Spec(slots=E3.SLOTS, outcomes=E3.OUTCOMES, actions=E3.ACTIONS, rhs=rhs, levels=design.levels,
                 kernel=kern, data=data, rows=design.rows)
    options = {"start": start if isinstance(start, str) else "user", "restarts": int(restarts), "seed": seed,
               "boot": int(boot), "boot_seed": boot_seed, "optimizer": "BFGS"}
    return _estimate("egame123", kern, y, theta0, names, spec, fstr, link, errors, vcov, restarts, seed, boot,
                     boot_seed, design.n_dropped, options)


def _sbi_start123(kern, y: np.ndarray, link: str, errors: str) -> np.ndarray:
    """Statistical backward induction for egame123: player 3, then 2, then 1."""
    from . import _links as L

    theta = np.zeros(kern.n_params)
    o, X, k = kern.offsets, kern.X, kern.k
    agent = errors == "agent"
    idx = {s: i for i, s in enumerate(kern.X)}

    def put(slots, blocks, b):
        pos = 0
        for s, B in zip(slots, blocks, strict=True):
            i = idx[s]
            theta[o[i]:o[i + 1]] = b[pos:pos + B.shape[1]]
            pos += B.shape[1]

    c = np.sqrt(2.0) if agent else 1.0
    m3 = y >= 2
    if k["u36"]:
        b = binary_fit(X["u36"][m3], (y[m3] == 3).astype(float), link, scale=c)
        put(["u36"], [X["u36"]], b)
        p3 = np.clip(L.cdf(link, X["u36"] @ b / c), 1e-6, 1 - 1e-6)
    else:
        p3 = np.full(len(y), 0.5)
    S2 = np.sqrt(2.0) if agent else np.sqrt(1 + (1 - p3) ** 2 + p3 ** 2)
    slots2 = ["u23", "u25", "u26"]
    blocks2 = [-X["u23"], (1 - p3)[:, None] * X["u25"], p3[:, None] * X["u26"]]
    m2 = y >= 1
    Z2 = np.hstack(blocks2) / (np.ones(len(y)) * S2)[:, None]
    if Z2.shape[1]:
        b2 = binary_fit(Z2[m2], (y[m2] >= 2).astype(float), link)
        put(slots2, blocks2, b2)
        p2 = np.clip(L.cdf(link, Z2 @ b2), 1e-6, 1 - 1e-6)
    else:
        p2 = np.full(len(y), 0.5)
    S1 = np.sqrt(2.0) if agent else np.sqrt(1 + (1 - p2) ** 2 + p2 ** 2 * ((1 - p3) ** 2 + p3 ** 2))
    slots1 = ["u11", "u13", "u15", "u16"]
    blocks1 = [-X["u11"], (1 - p2)[:, None] * X["u13"], (p2 * (1 - p3))[:, None] * X["u15"],
               (p2 * p3)[:, None] * X["u16"]]
    Z1 = np.hstack(blocks1) / (np.ones(len(y)) * S1)[:, None]
    if Z1.shape[1]:
        put(slots1, blocks1, binary_fit(Z1, (y >= 1).astype(float), link))
    return theta
