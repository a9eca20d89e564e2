r"""Agent logit quantal response equilibrium (QRE) by path following.

Every information set is an *agent* choosing among its actions with logit probabilities

.. math:: p_{ij} = \frac{\exp(\lambda v_{ij}(p))}{\sum_{j'} \exp(\lambda v_{ij'}(p))},

where :math:`v_{ij}` is the agent's conditional expected payoff of action ``j``
(McKelvey and Palfrey 1995, 1998). For a signaling game the agents are the sender's types
(choosing messages) and the receiver's observations (choosing actions, with Bayes beliefs,
always defined because logit play reaches every information set); for a bimatrix game they
are the two players.

The principal branch starts at the centroid (``lambda = 0``) and is traced with a
predictor-corrector method on the homotopy in log-probabilities
:math:`z_{ij} = \log p_{ij}` (Turocy 2005):

.. math:: H(z, \lambda) = \big(z_{ij} - z_{i0} - \lambda (v_{ij} - v_{i0}),\;
          \textstyle\sum_j e^{z_{ij}} - 1\big) = 0,

with an Euler predictor along the unit tangent (the null vector of the Jacobian
:math:`[\partial_z H, \partial_\lambda H]`, oriented consistently) and Moore-Penrose Newton
corrector steps; the step length adapts to the corrector's behaviour. As
:math:`\lambda \to \infty` the branch converges to a Nash equilibrium (a sequential
equilibrium of the signaling game), the *logit selection*.

References
----------
McKelvey, R. and Palfrey, T. (1995), "Quantal response equilibria for normal form games",
GEB 10(1); (1998) "Quantal response equilibria for extensive form games", Exp. Econ. 1(1).
Turocy, T. (2005), "A dynamic homotopy interpretation of the logistic quantal response
equilibrium correspondence", GEB 51(2).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize_scalar

from .._validation import NONNEGATIVE, POSITIVE, Interval, ParameterError, check_scalar, plain
from .._version import __version__
from ..games.normal_form import BimatrixGame
from ..games.signaling import SignalingGame

__all__ = ["logit_qre", "QREPath", "QREProfile", "LogitFit", "log_likelihood", "fit_lambda"]


# ---------------------------------------------------------------------------------------
# Agent form
# ---------------------------------------------------------------------------------------


class _AgentForm:
    """Agents (information sets), their actions, and conditional values ``v(p)``."""

    def __init__(self, game: SignalingGame | BimatrixGame) -> None:
        self.game = game
        if isinstance(game, SignalingGame):
            nT, nM, nA = game.shape
            self.sender_msgs = [np.flatnonzero(game.available[t]) for t in range(nT)]
            self.sizes = [len(m) for m in self.sender_msgs] + [nA] * game.n_observations
            self.names = [f"{game.sender}:{t}" for t in game.types] + [f"{game.receiver}:{k}" for k in game.observations]
        elif isinstance(game, BimatrixGame):
            m, n = game.shape
            self.sizes = [m, n]
            self.names = ["row", "column"]
        else:
            raise TypeError(f"`game` must be a SignalingGame or a BimatrixGame (got {type(game).__name__})")
        self.offsets = np.concatenate([[0], np.cumsum(self.sizes)])
        self.n = int(self.offsets[-1])

    def split(self, p: NDArray) -> list[NDArray]:
        return [p[self.offsets[i]:self.offsets[i + 1]] for i in range(len(self.sizes))]

    def strategies(self, p: NDArray) -> tuple[NDArray, ...]:
        """Signaling: (sigma[t, m], rho[k, a]); bimatrix: (x, y)."""
        g = self.game
        parts = self.split(p)
        if isinstance(g, SignalingGame):
            nT, nM, _ = g.shape
            sigma = np.zeros((nT, nM))
            for t in range(nT):
                sigma[t, self.sender_msgs[t]] = parts[t]
            rho = np.array(parts[nT:])
            return sigma, rho
        return parts[0].copy(), parts[1].copy()

    def values(self, p: NDArray, z: NDArray | None = None) -> NDArray:
        """Conditional expected payoffs of every agent's actions.

        For signaling games the receiver's beliefs are computed from the log-probabilities
        ``z`` (log-sum-exp), so they stay accurate when messages become very unlikely.
        """
        g = self.game
        if isinstance(g, SignalingGame):
            if z is None:
                z = np.log(np.clip(p, 1e-300, None))
            sigma, rho = self.strategies(p)
            U = g.sender_values(rho)
            nT, nM, _ = g.shape
            logsig = np.full((nT, nM), -np.inf)
            parts_z = self.split(z)
            for t in range(nT):
                logsig[t, self.sender_msgs[t]] = parts_z[t]
            with np.errstate(divide="ignore"):
                logw = np.log(g.prior)[:, None, None] + logsig[:, :, None] + np.log(g.observation_kernel)
            top = logw.max(axis=(0, 1))
            w = np.exp(logw - top[None, None, :])
            mu = w / w.sum(axis=(0, 1))[None, None, :]
            V = np.einsum("tmk,tma->ka", mu, g.u_R)
            parts = [U[t, self.sender_msgs[t]] for t in range(nT)] + list(V)
            return np.concatenate(parts)
        x, y = self.split(p)
        return np.concatenate([g.A @ y, g.B.T @ x])

    def homotopy(self, z: NDArray, lam: float) -> NDArray:
        p = np.exp(z)
        v = self.values(p, z)
        out = np.empty(self.n)
        for i in range(len(self.sizes)):
            a, b = self.offsets[i], self.offsets[i + 1]
            out[a] = p[a:b].sum() - 1.0
            out[a + 1:b] = z[a + 1:b] - z[a] - lam * (v[a + 1:b] - v[a])
        return out

    def jacobian(self, z: NDArray, lam: float) -> NDArray:
        """``[dH/dz, dH/dlambda]`` (central differences in z, exact in lambda)."""
        J = np.empty((self.n, self.n + 1))
        h = 1e-7
        for j in range(self.n):
            e = np.zeros(self.n)
            e[j] = h
            J[:, j] = (self.homotopy(z + e, lam) - self.homotopy(z - e, lam)) / (2 * h)
        v = self.values(np.exp(z), z)
        dl = np.zeros(self.n)
        for i in range(len(self.sizes)):
            a, b = self.offsets[i], self.offsets[i + 1]
            dl[a + 1:b] = -(v[a + 1:b] - v[a])
        J[:, self.n] = dl
        return J

    def logit(self, p: NDArray, lam: float) -> NDArray:
        v = self.values(p)
        out = np.empty(self.n)
        for i in range(len(self.sizes)):
            a, b = self.offsets[i], self.offsets[i + 1]
            u = lam * v[a:b]
            e = np.exp(u - u.max())
            out[a:b] = e / e.sum()
        return out

    def regret(self, p: NDArray) -> float:
        """Largest gain of an agent from switching to its best action (0 at a Nash point)."""
        v = self.values(p)
        return max(float(v[a:b].max() - p[a:b] @ v[a:b]) for a, b in zip(self.offsets[:-1], self.offsets[1:], strict=True))


# ---------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class QREProfile:
    """The logit QRE at one ``lam``: choice probabilities of every agent.

    ``strategies`` is ``(sigma, rho)`` for a signaling game and ``(x, y)`` for a bimatrix
    game. ``regret`` is the largest gain from a best response (how far from Nash).
    """

    lam: float
    strategies: tuple[NDArray[np.float64], ...]
    agents: tuple[str, ...]
    probabilities: tuple[NDArray[np.float64], ...]
    regret: float
    residual: float

    def __post_init__(self) -> None:
        for name in ("strategies", "probabilities"):
            arrs = []
            for a in getattr(self, name):
                a = np.array(a, float)
                a.setflags(write=False)
                arrs.append(a)
            object.__setattr__(self, name, tuple(arrs))

    def to_dict(self) -> dict:
        return {"lam": self.lam, "agents": list(self.agents),
                "probabilities": [p.tolist() for p in self.probabilities],
                "regret": self.regret, "residual": self.residual}

    def to_frame(self) -> pd.DataFrame:
        rows = [{"agent": name, "action": j, "probability": float(q)}
                for name, p in zip(self.agents, self.probabilities, strict=True) for j, q in enumerate(p)]
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        return f"<QREProfile lambda={self.lam:.6g}: {len(self.agents)} agents, regret {self.regret:.3g}>"

    def _repr_html_(self) -> str:
        return f"<div><strong>{html.escape(repr(self))}</strong>{self.to_frame().to_html(index=False)}</div>"


@dataclass(frozen=True, eq=False)
class QREPath:
    """The traced principal branch of the logit QRE correspondence.

    Attributes
    ----------
    lambdas : ndarray, shape (n_points,)
        Precision parameter along the branch (increasing except at turning points).
    probabilities : ndarray, shape (n_points, n_agent_actions)
        Concatenated choice probabilities of all agents (see ``agents`` and ``sizes``).
    limit : QREProfile
        The last point (``lam = lambda_max``): the logit selection as ``lam`` grows.
    """

    game: Any
    lambdas: NDArray[np.float64]
    probabilities: NDArray[np.float64]
    agents: tuple[str, ...]
    sizes: tuple[int, ...]
    limit: QREProfile
    options: dict[str, Any] = field(default_factory=dict)
    version: str = __version__

    def __post_init__(self) -> None:
        for name in ("lambdas", "probabilities"):
            a = np.array(getattr(self, name), float)
            a.setflags(write=False)
            object.__setattr__(self, name, a)

    def __len__(self) -> int:
        return len(self.lambdas)

    def at(self, lam: float) -> QREProfile:
        """The QRE on the principal branch at ``lam`` (first crossing; Newton-corrected)."""
        lam = check_scalar("lam", lam, NONNEGATIVE, "the logit precision")
        form = _AgentForm(self.game)
        L = self.lambdas
        if lam > L.max() + 1e-12:
            raise ParameterError("lam", lam, f"0 <= lam <= {L.max():g}", "trace a longer path (raise lambda_max)")
        i = int(np.argmax(L >= lam))
        if i == 0:
            p0 = self.probabilities[0]
        else:
            w = (lam - L[i - 1]) / (L[i] - L[i - 1]) if L[i] > L[i - 1] else 1.0
            p0 = (1 - w) * self.probabilities[i - 1] + w * self.probabilities[i]
        z = _correct_fixed(form, np.log(np.clip(p0, 1e-300, None)), lam)
        return _profile(form, np.exp(z), lam)

    def to_frame(self) -> pd.DataFrame:
        """One row per traced point: lambda and every choice probability."""
        cols = [f"{a}[{j}]" for a, n in zip(self.agents, self.sizes, strict=True) for j in range(n)]
        df = pd.DataFrame(self.probabilities, columns=cols)
        df.insert(0, "lam", self.lambdas)
        return df

    def to_dict(self) -> dict:
        return {"lambdas": self.lambdas.tolist(), "probabilities": self.probabilities.tolist(),
                "agents": list(self.agents), "sizes": list(self.sizes), "limit": self.limit.to_dict(),
                "options": plain(self.options), "version": self.version}

    def __repr__(self) -> str:
        return (f"<QREPath: {len(self)} points, lambda in [0, {self.lambdas.max():.4g}], "
                f"limit regret {self.limit.regret:.3g}>")

    def _repr_html_(self) -> str:
        return f"<div><strong>{html.escape(repr(self))}</strong>{self.limit._repr_html_()}</div>"


@dataclass(frozen=True, eq=False)
class LogitFit:
    """Maximum-likelihood estimate of the logit precision ``lam`` (see :func:`fit_lambda`)."""

    lam: float
    log_likelihood: float
    profile: QREProfile
    n_observations: int
    at_bound: bool

    def to_dict(self) -> dict:
        return {"lam": self.lam, "log_likelihood": self.log_likelihood,
                "n_observations": self.n_observations, "at_bound": self.at_bound,
                "profile": self.profile.to_dict()}

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"lam": self.lam, "log_likelihood": self.log_likelihood,
                              "n_observations": self.n_observations, "at_bound": self.at_bound}])

    def __repr__(self) -> str:
        b = " (at the search bound)" if self.at_bound else ""
        return f"<LogitFit: lambda={self.lam:.6g}{b}, log-likelihood {self.log_likelihood:.6g}, n={self.n_observations}>"

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(repr(self))}</pre>"


# ---------------------------------------------------------------------------------------
# Path following
# ---------------------------------------------------------------------------------------


def _profile(form: _AgentForm, p: NDArray, lam: float) -> QREProfile:
    z = np.log(np.clip(p, 1e-300, None))
    return QREProfile(lam=float(lam), strategies=form.strategies(p), agents=tuple(form.names),
                      probabilities=tuple(form.split(p)), regret=form.regret(p),
                      residual=float(np.abs(form.homotopy(z, lam)).max()))


def _correct_fixed(form: _AgentForm, z: NDArray, lam: float, tol: float = 1e-12, iters: int = 100) -> NDArray:
    """Newton on ``H(., lam) = 0`` with damping, then a logit fixed-point polish."""
    for _ in range(iters):
        H = form.homotopy(z, lam)
        if np.abs(H).max() < tol:
            break
        J = form.jacobian(z, lam)[:, :-1]
        try:
            dz = np.linalg.solve(J, -H)
        except np.linalg.LinAlgError:
            dz = np.linalg.lstsq(J, -H, rcond=None)[0]
        step = 1.0
        while step > 1e-6 and np.abs(form.homotopy(z + step * dz, lam)).max() > np.abs(H).max():
            step /= 2
        z = z + step * dz
    return z


def _tangent(J: NDArray, prev: NDArray | None) -> NDArray:
    _, _, vt = np.linalg.svd(J)
    t = vt[-1]
    if prev is None:
        if t[-1] < 0:
            t = -t
    elif t @ prev < 0:
        t = -t
    return t


def logit_qre(
    game: SignalingGame | BimatrixGame,
    *,
    lambda_max: float = 100.0,
    first_step: float = 0.03,
    max_step: float = 5.0,
    tol: float = 1e-10,
    max_points: int = 20_000,
) -> QREPath:
    """Trace the principal branch of the agent logit QRE from ``lam = 0`` to ``lambda_max``.

    Parameters
    ----------
    game : SignalingGame or BimatrixGame
    lambda_max : float
        Where to stop; the last point approximates the logit-selected equilibrium.
    first_step, max_step : float
        Initial and largest arc-length step of the predictor.
    tol : float
        Corrector tolerance on the homotopy residual.
    max_points : int
        Safety cap on the number of accepted points.

    Returns
    -------
    QREPath

    Examples
    --------
    In the prisoner's dilemma the logit branch converges to mutual defection:

    >>> from deterrence_games.games.normal_form import BimatrixGame
    >>> path = logit_qre(BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]]), lambda_max=20.0)
    >>> [round(float(p[1]), 6) for p in path.limit.probabilities]
    [1.0, 1.0]
    >>> round(float(path.at(0.0).probabilities[0][0]), 6)
    0.5
    """
    form = _AgentForm(game)
    lambda_max = check_scalar("lambda_max", lambda_max, POSITIVE, "the largest logit precision to trace")
    first_step = check_scalar("first_step", first_step, Interval(0, 1, low_closed=False))
    max_step = check_scalar("max_step", max_step, POSITIVE)
    tol = check_scalar("tol", tol, Interval(0, 1e-4, low_closed=False))
    z = np.concatenate([np.full(n, -np.log(n)) for n in form.sizes])
    lam = 0.0
    lams, probs = [lam], [np.exp(z)]
    h = first_step
    J = form.jacobian(z, lam)
    t = _tangent(J, None)
    while lam < lambda_max and len(lams) < max_points:
        accepted = False
        while not accepted:
            x = np.concatenate([z, [lam]]) + h * t
            ok = False
            n_newton = 0
            Jx = J  # chord Newton: Jacobian refreshed only if convergence is slow
            for it in range(12):
                H = form.homotopy(x[:-1], x[-1])
                if np.abs(H).max() < tol:
                    ok = True
                    break
                n_newton += 1
                if it in (0, 4, 8):
                    Jx = form.jacobian(x[:-1], x[-1])
                dx = np.linalg.lstsq(Jx, -H, rcond=None)[0]
                if np.abs(dx).max() > 5 * max(h, 1e-3):
                    break
                x = x + dx
            if ok and np.linalg.norm(x - np.concatenate([z, [lam]])) < 3 * h:
                # reject steps that turn too sharply (they may jump to another branch)
                J_new = form.jacobian(x[:-1], x[-1])
                t_new = _tangent(J_new, t)
                if t_new @ t > 0.95 or h < 1e-9:
                    accepted = True
                    if n_newton <= 3 and t_new @ t > 0.995:
                        h = min(h * 1.4, max_step)
                else:
                    h /= 2
            else:
                h /= 2
                if h < 1e-12:
                    raise RuntimeError(f"logit path following failed at lambda={lam:.6g} (step underflow)")
        if x[-1] < 0:
            raise RuntimeError(f"logit path following lost the principal branch near lambda={lam:.6g}")
        if x[-1] > lambda_max:  # land exactly on lambda_max
            z = _correct_fixed(form, x[:-1], lambda_max)
            lam = lambda_max
        else:
            z, lam = x[:-1], float(x[-1])
        J, t = J_new, t_new
        lams.append(lam)
        probs.append(np.exp(z))
    p = np.exp(z)
    return QREPath(game=game, lambdas=np.array(lams), probabilities=np.array(probs),
                   agents=tuple(form.names), sizes=tuple(form.sizes), limit=_profile(form, p, lam),
                   options={"lambda_max": lambda_max, "first_step": first_step, "max_step": max_step, "tol": tol})


# ---------------------------------------------------------------------------------------
# Estimation
# ---------------------------------------------------------------------------------------


def _counts(form: _AgentForm, counts: Sequence[ArrayLike | None]) -> list[NDArray | None]:
    g = form.game
    if isinstance(g, SignalingGame):
        nT, nM, nA = g.shape
        shapes = [("sender_counts", (nT, nM)), ("receiver_counts", (g.n_observations, nA))]
    else:
        m, n = g.shape
        shapes = [("row_counts", (m,)), ("column_counts", (n,))]
    out: list[NDArray | None] = []
    for (name, shape), c in zip(shapes, counts, strict=True):
        if c is None:
            out.append(None)
            continue
        arr = np.asarray(c, float)
        if arr.shape != shape:
            raise ParameterError(name, arr.shape, f"shape {shape}")
        if not np.isfinite(arr).all() or (arr < 0).any():
            raise ParameterError(name, arr, "non-negative finite counts")
        out.append(arr)
    if all(c is None for c in out):
        raise ParameterError(shapes[0][0], None, "at least one array of observed counts")
    if isinstance(g, SignalingGame) and out[0] is not None and (out[0][~g.available] > 0).any():
        raise ParameterError("sender_counts", out[0], "zero counts on unavailable messages")
    return out


def _ll(profile: QREProfile, counts: list[NDArray | None]) -> float:
    total = 0.0
    for s, c in zip(profile.strategies, counts, strict=True):
        if c is None:
            continue
        mask = c > 0
        total += float((c[mask] * np.log(np.clip(s[mask], 1e-300, None))).sum())
    return total


def log_likelihood(game: SignalingGame | BimatrixGame, lam: float, *counts: ArrayLike | None,
                   path: QREPath | None = None) -> float:
    """Log-likelihood of observed choices given the principal-branch QRE at ``lam``.

    ``counts`` are, for a signaling game, ``sender_counts[t, m]`` (messages observed per
    type; pass None if types are unobserved) and ``receiver_counts[k, a]``; for a bimatrix
    game ``row_counts`` and ``column_counts``. The log-likelihood is
    ``sum n log p`` over observed choices.
    """
    form = _AgentForm(game)
    c = _counts(form, counts)
    lam = check_scalar("lam", lam, NONNEGATIVE, "the logit precision")
    if path is None or path.lambdas.max() < lam:
        path = logit_qre(game, lambda_max=max(lam, 1e-6))
    return _ll(path.at(lam), c)


def fit_lambda(game: SignalingGame | BimatrixGame, *counts: ArrayLike | None,
               lambda_max: float = 50.0) -> LogitFit:
    """Maximum-likelihood ``lam`` on ``[0, lambda_max]`` along the principal branch.

    The likelihood is evaluated at every traced point, then refined by a bounded scalar
    search around the best one.
    """
    form = _AgentForm(game)
    c = _counts(form, counts)
    path = logit_qre(game, lambda_max=lambda_max, max_step=min(5.0, lambda_max / 20))
    L = path.lambdas
    vals = []
    for p in path.probabilities:
        prof = QREProfile(0.0, form.strategies(p), tuple(form.names), tuple(form.split(p)), 0.0, 0.0)
        vals.append(_ll(prof, c))
    i = int(np.argmax(vals))
    lo, hi = L[max(i - 1, 0)], L[min(i + 1, len(L) - 1)]
    f: Callable[[float], float] = lambda x: -_ll(path.at(x), c)  # noqa: E731
    if hi > lo:
        r = minimize_scalar(f, bounds=(lo, hi), method="bounded", options={"xatol": 1e-8})
        lam_hat = float(r.x)
    else:
        lam_hat = float(L[i])
    prof = path.at(lam_hat)
    n = int(sum(float(x.sum()) for x in c if x is not None))
    return LogitFit(lam=lam_hat, log_likelihood=_ll(prof, c), profile=prof, n_observations=n,
                    at_bound=bool(lam_hat >= lambda_max - 1e-6))
