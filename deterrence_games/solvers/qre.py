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

import functools
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
from ..results import Result, frozen_map, not_converged

__all__ = ["logit_qre", "QREPath", "QREProfile", "LogitFit", "log_likelihood", "fit_lambda"]


# ---------------------------------------------------------------------------------------
# Agent form
# ---------------------------------------------------------------------------------------


class _AgentForm:
    """Agents (information sets), their actions, conditional values ``v`` and their derivatives.

    Every action of every agent is one coordinate ``j`` of the concatenated profile;
    ``head[j]`` is the first action of ``j``'s agent (the reference action of the homotopy).
    """

    def __init__(self, game: SignalingGame | BimatrixGame) -> None:
        self.game = game
        if isinstance(game, SignalingGame):
            nT, nM, nA = game.shape
            self.sender_msgs = [np.flatnonzero(game.available[t]) for t in range(nT)]
            self.sizes = [len(m) for m in self.sender_msgs] + [nA] * game.n_observations
            self.names = [f"{game.sender}:{t}" for t in game.types] + [f"{game.receiver}:{k}" for k in game.observations]
            # coordinates of the sender's (t, m) and of the receiver's (k, a)
            self._t = np.concatenate([np.full(len(m), t) for t, m in enumerate(self.sender_msgs)])
            self._m = np.concatenate(self.sender_msgs)
            self.n_sender = len(self._m)
            with np.errstate(divide="ignore"):
                self._log_prior = np.log(game.prior)
                self._log_kernel = np.log(game.observation_kernel)
        elif isinstance(game, BimatrixGame):
            m, n = game.shape
            self.sizes = [m, n]
            self.names = ["row", "column"]
            self._A, self._BT = np.asarray(game.A, float), np.ascontiguousarray(np.asarray(game.B, float).T)
        else:
            raise TypeError(f"`game` must be a SignalingGame or a BimatrixGame (got {type(game).__name__})")
        self.offsets = np.concatenate([[0], np.cumsum(self.sizes)])
        self.n = int(self.offsets[-1])
        agent = np.repeat(np.arange(len(self.sizes)), self.sizes)
        self.head = self.offsets[agent]
        self._range = np.arange(self.n)
        self.is_head = self.head == self._range
        self.same_agent = agent[:, None] == agent[None, :]
        self._head_block = self.same_agent[self.is_head]  # agents x actions: own actions

    def split(self, p: NDArray) -> list[NDArray]:
        return [p[self.offsets[i]:self.offsets[i + 1]] for i in range(len(self.sizes))]

    def strategies(self, p: NDArray) -> tuple[NDArray, ...]:
        """Signaling: (sigma[t, m], rho[k, a]); bimatrix: (x, y)."""
        g = self.game
        if isinstance(g, SignalingGame):
            nT, nM, nA = g.shape
            sigma = np.zeros((nT, nM))
            sigma[self._t, self._m] = p[:self.n_sender]
            return sigma, p[self.n_sender:].reshape(g.n_observations, nA).copy()
        parts = self.split(p)
        return parts[0].copy(), parts[1].copy()

    def _beliefs(self, z: NDArray) -> NDArray:
        """``mu[t, m, k]``: Bayes beliefs at every observation, from log-probabilities.

        Computed by log-sum-exp, so they stay accurate when messages become very unlikely
        (logit play reaches every information set). An observation that no type and message
        can produce gets zero weight (its agent's values are then 0).
        """
        g = self.game
        nT, nM, _ = g.shape
        logsig = np.full((nT, nM), -np.inf)
        logsig[self._t, self._m] = z[:self.n_sender]
        logw = self._log_prior[:, None, None] + logsig[:, :, None] + self._log_kernel
        top = logw.max(axis=(0, 1))
        top = np.where(np.isfinite(top), top, 0.0)
        w = np.exp(logw - top[None, None, :])
        tot = w.sum(axis=(0, 1))
        return w / np.where(tot > 0, tot, 1.0)[None, None, :]

    def values(self, p: NDArray, z: NDArray | None = None) -> NDArray:
        """Conditional expected payoffs ``v_j`` of every agent's actions at profile ``p``."""
        return self.values_and_derivatives(p, z, derivatives=False)[0]

    def values_and_derivatives(self, p: NDArray, z: NDArray | None = None, *,
                               derivatives: bool = True) -> tuple[NDArray, NDArray | None]:
        r"""``v`` and ``D[j, k] = \partial v_j / \partial z_k`` (``z = log p``), analytically.

        Bimatrix: ``v = (A y, B' x)`` and ``D = [[0, A diag(y)], [B' diag(x), 0]]``.
        Signaling: the sender's ``U[t, m] = sum_{k,a} K[t,m,k] rho[k,a] u_S[t,m,a]`` has
        ``dU[t,m]/dz[k,a] = K[t,m,k] u_S[t,m,a] rho[k,a]``; the receiver's
        ``V[k, a] = sum_{t,m} mu[t,m,k] u_R[t,m,a]`` with ``mu`` proportional to
        ``prior[t] sigma[t,m] K[t,m,k]`` has
        ``dV[k,a]/dz[t,m] = mu[t,m,k] (u_R[t,m,a] - V[k,a])``.
        """
        g = self.game
        if z is None:
            with np.errstate(divide="ignore"):
                z = np.log(p)
        if isinstance(g, BimatrixGame):
            m, _ = g.shape
            x, y = p[:m], p[m:]
            v = np.empty(self.n)
            np.matmul(self._A, y, out=v[:m])
            np.matmul(self._BT, x, out=v[m:])
            if not derivatives:
                return v, None
            D = np.zeros((self.n, self.n))
            np.multiply(self._A, y, out=D[:m, m:])
            np.multiply(self._BT, x, out=D[m:, :m])
            return v, D
        nT, nM, nA = g.shape
        nK = g.n_observations
        ns = self.n_sender
        t, mm = self._t, self._m
        rho = p[ns:].reshape(nK, nA)
        K = g.observation_kernel
        U = np.einsum("tmk,ka,tma->tm", K, rho, g.u_S)
        mu = self._beliefs(z)
        V = np.einsum("tmk,tma->ka", mu, g.u_R)
        v = np.concatenate([U[t, mm], V.ravel()])
        if not derivatives:
            return v, None
        D = np.zeros((self.n, self.n))
        # sender rows, receiver columns: K[t,m,k] u_S[t,m,a] rho[k,a]
        D[:ns, ns:] = (K[t, mm][:, :, None] * g.u_S[t, mm][:, None, :] * rho[None, :, :]).reshape(ns, nK * nA)
        # receiver rows (k, a), sender columns (t, m): mu[t,m,k] (u_R[t,m,a] - V[k,a])
        mu_s = mu[t, mm]  # (ns, nK)
        uR_s = g.u_R[t, mm]  # (ns, nA)
        D[ns:, :ns] = (mu_s.T[:, None, :] * (uR_s.T[None, :, :] - V[:, :, None])).reshape(nK * nA, ns)
        return v, D

    def homotopy(self, z: NDArray, lam: float) -> NDArray:
        r"""``H(z, lam)``, the agent rows scaled by ``1 / (1 + lam)``.

        Row of an agent's first action: :math:`\sum_j e^{z_j} - 1`; of another action
        :math:`[z_j - z_h - \lambda (v_j - v_h)] / (1 + \lambda)`. The scaling keeps every
        row of order one as :math:`\lambda` grows, so that the corrector's tolerance means the
        same thing at every precision (an absolute tolerance on the unscaled rows would
        ask for relative accuracy near machine precision at large :math:`\lambda`).
        """
        return self.evaluate(z, lam, jacobian=False)[0]

    def jacobian(self, z: NDArray, lam: float) -> NDArray:
        """``[dH/dz, dH/dlambda]``, analytic (see :meth:`values_and_derivatives`)."""
        return self.evaluate(z, lam)[1][:-1]

    def evaluate(self, z: NDArray, lam: float, *, jacobian: bool = True) -> tuple[NDArray, NDArray | None]:
        """``H(z, lam)`` and, when asked, ``[dH/dz, dH/dlambda]`` with one spare last row
        (shape ``(n + 1, n + 1)``, the row of the bordered systems), from one evaluation of
        the values."""
        p = np.exp(z)
        v, D = self.values_and_derivatives(p, z, derivatives=jacobian)
        s = 1.0 / (1.0 + lam)
        h = self.head
        dz, dv = z - z[h], v - v[h]
        H = s * dz - (lam * s) * dv
        H[self.is_head] = np.add.reduceat(p, self.offsets[:-1]) - 1.0
        if not jacobian:
            return H, None
        n, i = self.n, self._range
        J = np.empty((n + 1, n + 1))
        Jz = J[:n, :n]
        np.subtract(D, D[h], out=Jz)
        Jz *= -(lam * s)
        Jz[i, i] += s
        Jz[i, h] -= s
        Jz[self.is_head] = np.where(self._head_block, p[None, :], 0.0)
        dl = J[:n, n]
        np.multiply(dz + dv, -(s * s), out=dl)
        dl[self.is_head] = 0.0
        return H, J

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
class QREProfile(Result):
    """The logit QRE at one ``lam``: choice probabilities of every agent.

    ``strategies`` is ``(sigma, rho)`` for a signaling game and ``(x, y)`` for a bimatrix
    game. ``regret`` is the largest gain from a best response (how far from Nash).

    Attributes
    ----------
    lam : float
        Logit precision.
    strategies : tuple of ndarray
        ``(sigma, rho)`` (signaling game) or ``(x, y)`` (bimatrix game).
    agents : tuple of str
        Names of the agents (one per information set of the agent form).
    probabilities : tuple of ndarray
        Choice probabilities of each agent.
    regret : float
        Largest gain of a best response over the profile.
    residual : float
        Residual of the logit fixed-point equations.
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
        """JSON-ready dictionary: lam, agents, probabilities, regret, residual.

        Returns
        -------
        dict
        """
        return {"lam": self.lam, "agents": list(self.agents),
                "probabilities": [p.tolist() for p in self.probabilities],
                "regret": self.regret, "residual": self.residual}

    def to_frame(self) -> pd.DataFrame:
        """One row per agent and action: ``agent``, ``action``, ``probability``.

        Returns
        -------
        pandas.DataFrame
        """
        rows = [{"agent": name, "action": j, "probability": float(q)}
                for name, p in zip(self.agents, self.probabilities, strict=True) for j, q in enumerate(p)]
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        return f"<QREProfile lambda={self.lam:.6g}: {len(self.agents)} agents, regret {self.regret:.3g}>"

    def _repr_html_(self) -> str:
        return f"<div><strong>{html.escape(repr(self))}</strong>{self.to_frame().to_html(index=False)}</div>"


@dataclass(frozen=True, eq=False)
class QREPath(Result):
    """The traced principal branch of the logit QRE correspondence.

    Attributes
    ----------
    lambdas : ndarray, shape (n_points,)
        Precision parameter along the branch (increasing except at turning points).
    probabilities : ndarray, shape (n_points, n_agent_actions)
        Concatenated choice probabilities of all agents (see ``agents`` and ``sizes``).
    limit : QREProfile
        The last point (``lam = lambda_max``): the logit selection as ``lam`` grows.
    log_probabilities : ndarray, shape (n_points, n_agent_actions)
        The traced coordinates themselves, ``log`` of ``probabilities`` (finite where a
        probability underflows to 0 at large ``lam``).
    """

    game: Any
    lambdas: NDArray[np.float64]
    probabilities: NDArray[np.float64]
    agents: tuple[str, ...]
    sizes: tuple[int, ...]
    limit: QREProfile
    options: dict[str, Any] = field(default_factory=dict)
    version: str = __version__
    log_probabilities: NDArray[np.float64] | None = None

    def __post_init__(self) -> None:
        if self.log_probabilities is None:
            object.__setattr__(self, "log_probabilities", np.log(np.clip(self.probabilities, 1e-300, None)))
        for name in ("lambdas", "probabilities", "log_probabilities"):
            a = np.array(getattr(self, name), float)
            a.setflags(write=False)
            object.__setattr__(self, name, a)
        object.__setattr__(self, "options", frozen_map(self.options))

    @property
    def converged(self) -> bool:
        """True when the branch was traced up to ``options["lambda_max"]`` (False: ``max_points``
        traced points were reached first, and ``limit`` is the QRE at the last one)."""
        target = self.options.get("lambda_max")
        return target is None or len(self.lambdas) == 0 or float(self.lambdas[-1]) >= float(target) * (1 - 1e-9)

    @property
    def warnings(self) -> tuple[str, ...]:
        """``("did not converge: ...",)`` when the trace stopped short of ``lambda_max``, else ``()``."""
        if self.converged:
            return ()
        return (f"did not converge: the logit branch was traced to lambda={float(self.lambdas[-1]):.6g} < "
                f"lambda_max={self.options['lambda_max']:g} in {len(self.lambdas)} points; raise `max_points`",)

    def __len__(self) -> int:
        return len(self.lambdas)

    def at(self, lam: float) -> QREProfile:
        """The QRE on the principal branch at ``lam`` (its first crossing of ``lam``).

        The branch is followed again from the traced point before that crossing to ``lam``
        exactly, with the same predictor-corrector (an interpolated starting point can
        converge to a QRE of another branch when traced points are far apart).

        Parameters
        ----------
        lam : float
            Logit precision, ``0 <= lam <=`` the largest traced value.

        Returns
        -------
        QREProfile
        """
        lam = check_scalar("lam", lam, NONNEGATIVE, "the logit precision")
        form = _AgentForm(self.game)
        L, Z = self.lambdas, self.log_probabilities
        if lam > L.max() + 1e-12:
            raise ParameterError("lam", lam, f"0 <= lam <= {L.max():g}", "trace a longer path (raise lambda_max)")
        i = int(np.argmax(L >= lam))
        if L[i] == lam or i == 0:
            z = _correct_fixed(form, Z[i].copy(), lam)
            return _profile(form, np.exp(z), lam, z)
        x0 = np.concatenate([Z[i - 1], [L[i - 1]]])
        secant = np.concatenate([Z[i], [L[i]]]) - x0
        t = _tangent(form.jacobian(x0[:-1], x0[-1]), secant / np.linalg.norm(secant))
        o = self.options
        xs, _ = _trace(form, x0, t, h=min(float(np.linalg.norm(secant)), o.get("max_step", 5.0)),
                       lambda_max=lam, max_step=o.get("max_step", 5.0), tol=o.get("tol", 1e-10),
                       max_points=o.get("max_points", 20_000))
        z = xs[-1][:-1]
        return _profile(form, np.exp(z), lam, z)

    def to_frame(self) -> pd.DataFrame:
        """One row per traced point: lambda and every choice probability."""
        cols = [f"{a}[{j}]" for a, n in zip(self.agents, self.sizes, strict=True) for j in range(n)]
        df = pd.DataFrame(self.probabilities, columns=cols)
        df.insert(0, "lam", self.lambdas)
        return df

    def to_dict(self) -> dict:
        """JSON-ready dictionary of the traced branch, its limit and options.

        Returns
        -------
        dict
        """
        return {"lambdas": self.lambdas.tolist(), "probabilities": self.probabilities.tolist(),
                "agents": list(self.agents), "sizes": list(self.sizes), "limit": self.limit.to_dict(),
                "options": plain(self.options), "version": self.version}

    def __repr__(self) -> str:
        return (f"<QREPath: {len(self)} points, lambda in [0, {self.lambdas.max():.4g}], "
                f"limit regret {self.limit.regret:.3g}>")

    def _repr_html_(self) -> str:
        return f"<div><strong>{html.escape(repr(self))}</strong>{self.limit._repr_html_()}</div>"


@dataclass(frozen=True, eq=False)
class LogitFit(Result):
    """Maximum-likelihood estimate of the logit precision ``lam`` (see :func:`fit_lambda`).

    Attributes
    ----------
    lam : float
        The estimate.
    log_likelihood : float
        Log-likelihood of the observations at ``lam``.
    profile : QREProfile
        The QRE at ``lam``.
    n_observations : int
        Number of observed choices.
    at_bound : bool
        The maximum is at the bound of the search interval (the estimate is a bound).
    """

    lam: float
    log_likelihood: float
    profile: QREProfile
    n_observations: int
    at_bound: bool

    def to_dict(self) -> dict:
        """JSON-ready dictionary of the estimate and its profile.

        Returns
        -------
        dict
        """
        return {"lam": self.lam, "log_likelihood": self.log_likelihood,
                "n_observations": self.n_observations, "at_bound": self.at_bound,
                "profile": self.profile.to_dict()}

    def to_frame(self) -> pd.DataFrame:
        """One row: ``lam``, ``log_likelihood``, ``n_observations``, ``at_bound``.

        Returns
        -------
        pandas.DataFrame
        """
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


def _profile(form: _AgentForm, p: NDArray, lam: float, z: NDArray | None = None) -> QREProfile:
    if z is None:
        z = np.log(np.clip(p, 1e-300, None))
    return QREProfile(lam=float(lam), strategies=form.strategies(p), agents=tuple(form.names),
                      probabilities=tuple(form.split(p)), regret=form.regret(p),
                      residual=float(np.abs(form.homotopy(z, lam)).max()))


def _solve(M: NDArray, b: NDArray) -> NDArray:
    try:
        return np.linalg.solve(M, b)
    except np.linalg.LinAlgError:
        return np.linalg.lstsq(M, b, rcond=None)[0]


def _correct_fixed(form: _AgentForm, z: NDArray, lam: float, tol: float = 1e-12, iters: int = 100) -> NDArray:
    """Damped Newton on ``H(., lam) = 0`` at fixed ``lam``."""
    for _ in range(iters):
        H = form.homotopy(z, lam)
        r = np.abs(H).max()
        if r < tol:
            break
        dz = _solve(form.jacobian(z, lam)[:, :-1], -H)
        step = 1.0
        while step > 1e-6 and _residual(form, z + step * dz, lam) > r:
            step /= 2
        z = z + step * dz
    return z


def _residual(form: _AgentForm, z: NDArray, lam: float) -> float:
    """``max |H(z, lam)|``, infinite where ``z`` is not a vector of log-probabilities."""
    if not np.isfinite(z).all() or z.max() > 1.0:
        return np.inf
    return float(np.abs(form.homotopy(z, lam)).max())


def _tangent(J: NDArray, prev: NDArray | None) -> NDArray:
    """Unit null vector of ``J`` (n x n+1), oriented along ``prev`` (or increasing ``lam``).

    With a previous tangent it solves ``[J; prev'] t = (0, 1)``, which orients ``t`` so
    that ``t . prev > 0``; at the start it takes the last right singular vector. ``J`` may
    also be given with a spare last row (``(n+1) x (n+1)``, as :meth:`_AgentForm.evaluate`
    returns it), which is overwritten by ``prev``.
    """
    n = J.shape[1] - 1
    if prev is None:
        t = np.linalg.svd(J[:n])[2][-1]
        return -t if t[-1] < 0 else t
    rhs = np.zeros(n + 1)
    rhs[-1] = 1.0
    if J.shape[0] == n:
        J = np.vstack([J, prev])
    else:
        J[n] = prev
    t = _solve(J, rhs)
    return t / np.sqrt(t @ t)


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

    Pseudo-arclength continuation (Allgower and Georg 1990, ch. 2) of ``H(z, lam) = 0``:
    an Euler predictor along the unit tangent, then Newton corrector steps orthogonal to
    it on the bordered system ``[J; t'] d = (-H, 0)`` with the analytic Jacobian. A step is
    accepted when the corrector converges within a few contracting iterations and the
    tangent turns by less than about 18 degrees; the step length then grows by 1.5 (up to
    ``max_step``), else it is halved. The agent rows of ``H`` are scaled by ``1/(1+lam)``
    (see :meth:`_AgentForm.homotopy`), so ``tol`` is a relative accuracy at every precision
    and the path does not depend on rounding details (such as the BLAS kernel) at large
    ``lam``. On a bimatrix game with numba installed the loop runs compiled (the same
    steps and tests; the first call compiles it, once per installation).

    Parameters
    ----------
    game : SignalingGame or BimatrixGame
    lambda_max : float
        Where to stop; the last point approximates the logit-selected equilibrium.
    first_step, max_step : float
        Initial and largest arc-length step of the predictor.
    tol : float
        Corrector tolerance on the (scaled) homotopy residual.
    max_points : int
        Safety cap on the number of accepted points.

    Returns
    -------
    QREPath

    Raises
    ------
    RuntimeError
        If the step length underflows (the branch cannot be followed) or the branch
        turns back below ``lam = 0``.

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
    x = np.concatenate([np.concatenate([np.full(n, -np.log(n)) for n in form.sizes]), [0.0]])
    t = _tangent(form.jacobian(x[:-1], 0.0), None)
    xs, _ = _trace(form, x, t, h=first_step, lambda_max=lambda_max, max_step=max_step, tol=tol,
                   max_points=max_points)
    X = np.array(xs)
    z, lam = X[-1, :-1], float(X[-1, -1])
    path = QREPath(game=game, lambdas=X[:, -1], probabilities=np.exp(X[:, :-1]), log_probabilities=X[:, :-1],
                   agents=tuple(form.names), sizes=tuple(form.sizes), limit=_profile(form, np.exp(z), lam, z),
                   options={"lambda_max": lambda_max, "first_step": first_step, "max_step": max_step, "tol": tol,
                            "max_points": max_points})
    if not path.converged:  # the same ConvergenceWarning as every other iterative result
        not_converged(path.warnings[0].removeprefix("did not converge: "))
    return path


@functools.cache
def _compiled_trace() -> Callable | None:
    """The compiled bimatrix loop (:func:`._qre_numba.bimatrix_trace`), or None without numba."""
    try:
        from . import _qre_numba
    except ImportError:
        return None
    return _qre_numba.bimatrix_trace


def _trace(form: _AgentForm, x: NDArray, t: NDArray, *, h: float, lambda_max: float, max_step: float,
           tol: float, max_points: int) -> tuple[list[NDArray], NDArray]:
    """Follow the branch from ``x = (z, lam)`` along tangent ``t`` until ``lam = lambda_max``.

    Returns the accepted points (the first is ``x``; the last lies on ``lambda_max`` unless
    ``max_points`` was reached) and the last tangent. See :func:`logit_qre` for the method.
    On a bimatrix game with numba installed the loop runs compiled
    (:mod:`._qre_numba`: the same steps and tests, the bordered systems solved by Gaussian
    elimination in explicit loops); it hands back to the NumPy loop on a singular system.
    """
    fast = _compiled_trace() if isinstance(form.game, BimatrixGame) else None
    if fast is None:
        return _trace_numpy(form, x, t, h=h, lambda_max=lambda_max, max_step=max_step, tol=tol,
                            max_points=max_points)
    from . import _qre_numba as K

    # writable C-contiguous copies: one compiled specialisation whatever the inputs' flags
    pts, x, t, h, status = fast(np.array(form._A, float), np.array(form._BT, float), np.array(x, float),
                                np.array(t, float), float(h), float(lambda_max), float(max_step),
                                float(tol), int(max_points))
    xs = list(pts)
    if status == K.UNDERFLOW:
        raise RuntimeError(f"logit path following failed at lambda={x[-1]:.6g} (step underflow)")
    if status == K.LOST:
        raise RuntimeError(f"logit path following lost the principal branch near lambda={x[-1]:.6g}")
    if status == K.LANDED:
        xs.append(np.concatenate([_correct_fixed(form, x[:-1], lambda_max), [lambda_max]]))
    elif status == K.SINGULAR:
        rest, t = _trace_numpy(form, x, t, h=h, lambda_max=lambda_max, max_step=max_step, tol=tol,
                               max_points=max_points - len(xs) + 1)
        xs += rest[1:]
    return xs, t


def _trace_numpy(form: _AgentForm, x: NDArray, t: NDArray, *, h: float, lambda_max: float,
                 max_step: float, tol: float, max_points: int) -> tuple[list[NDArray], NDArray]:
    """:func:`_trace` in NumPy (every game)."""
    xs = [x]
    rhs = np.zeros(len(x))  # (-H, 0), the right-hand side of the corrector
    while x[-1] < lambda_max and len(xs) < max_points:
        step = h
        if t[-1] > 0 and x[-1] + step * t[-1] > lambda_max:  # land on lambda_max
            step = (lambda_max - x[-1]) / t[-1]
        y = x + step * t
        converged, n_iter, last = False, 0, np.inf
        for n_iter in range(8):  # noqa: B007
            if not np.isfinite(y).all() or y[:-1].max() > 1.0:  # z = log p <= 0: diverged
                break
            H, J = form.evaluate(y[:-1], y[-1])  # J: bordered, its spare row filled below
            if np.abs(H).max() < tol:
                converged = True
                break
            J[-1] = t
            rhs[:-1] = -H
            d = _solve(J, rhs)  # [J; t] d = (-H, 0)
            size = np.sqrt(d @ d)
            if size > 0.5 * last or size > max(step, 1e-8):  # not contracting, or too far
                break
            y, last = y + d, size
        t_new = _tangent(J, t) if converged else t  # the Jacobian at the accepted point
        if not converged or t_new @ t < 0.95:
            h = step / 2
            if h < 1e-12 * max(1.0, float(np.abs(x).max())):
                raise RuntimeError(f"logit path following failed at lambda={x[-1]:.6g} (step underflow)")
            continue
        if y[-1] < 0:
            raise RuntimeError(f"logit path following lost the principal branch near lambda={x[-1]:.6g}")
        if n_iter <= 3 and t_new @ t > 0.995:
            h = min(1.5 * step, max_step)
        x, t = y, t_new
        if abs(x[-1] - lambda_max) < 1e-9 * lambda_max or x[-1] > lambda_max:
            x = np.concatenate([_correct_fixed(form, x[:-1], lambda_max), [lambda_max]])
        xs.append(x)
    return xs, t


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
    search around the best one (McKelvey & Palfrey 1995).

    Parameters
    ----------
    game : SignalingGame or BimatrixGame
        The game whose logit QRE branch (:func:`logit_qre`) is fitted.
    *counts : array_like or None
        Observed choice counts: ``(row_counts (m,), column_counts (n,))`` for a bimatrix
        game; ``(sender_counts (types, messages), receiver_counts (observations, actions))``
        for a signaling game. None for a player not observed (at least one is needed).
    lambda_max : float, default 50
        Upper end of the precision searched.

    Returns
    -------
    LogitFit
        ``lam``, ``log_likelihood``, the QRE ``profile``, ``n_observations`` and
        ``at_bound`` (the estimate sits at ``lambda_max``).

    Raises
    ------
    ParameterError
        Counts of the wrong shape, negative or not finite, or none given.
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


# public names for the estimators built on the agent QRE (deterrence_games.estimation)
AgentForm = _AgentForm
check_counts = _counts
__all__ += ["AgentForm", "check_counts"]
