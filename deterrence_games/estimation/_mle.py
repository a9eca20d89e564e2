"""The maximum-likelihood engine shared by every estimator of this package.

An estimator hands it a per-observation log-likelihood ``ll(theta) -> (n,)`` and its
analytic score ``score(theta) -> (n, k)``; the engine maximises the sum with BFGS from the
given start and from seeded random restarts, reports every run, and computes the observed
information (central differences of the analytic score), the outer product of the scores
and the sandwich (White 1982).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from . import _links as L


@dataclass(frozen=True)
class Optimum:
    theta: np.ndarray
    llf: float
    converged: bool
    iterations: int
    message: str
    grad_norm: float
    restarts: tuple[dict, ...]  # one dict per run: start, llf, converged, iterations


def maximize(ll: Callable, score: Callable, start: np.ndarray, *, restarts: int = 0,
             seed: int | None = 0, spread: float = 1.0, gtol: float = 1e-6, maxiter: int = 1000,
             ll_and_score: Callable | None = None) -> Optimum:
    """Maximise ``sum(ll(theta))``: BFGS from ``start`` then from ``restarts`` perturbed starts.

    ``ll_and_score(theta) -> (ll, total_score)``, if given, computes the per-observation
    log-likelihood and the summed score in one pass.
    """
    rng = np.random.default_rng(seed)
    starts = [np.asarray(start, float)]
    for _ in range(restarts):
        starts.append(starts[0] + spread * rng.standard_normal(len(start)))
    runs = []
    best = None

    def f(t):
        v = -float(np.sum(ll(t)))
        return v if np.isfinite(v) else 1e300

    def g(t):
        return -np.sum(score(t), axis=0)

    def fg(t):
        v, sc = ll_and_score(t)
        val = -float(np.sum(v))
        if not np.isfinite(val):
            return 1e300, np.zeros(len(t))
        return val, -sc

    for i, s in enumerate(starts):
        with np.errstate(all="ignore"):
            if ll_and_score is None:
                r = optimize.minimize(f, s, jac=g, method="BFGS", options={"gtol": gtol, "maxiter": maxiter})
            else:
                r = optimize.minimize(fg, s, jac=True, method="BFGS", options={"gtol": gtol, "maxiter": maxiter})
        grad = g(r.x)
        gn = float(np.max(np.abs(grad))) if len(grad) else 0.0
        # BFGS may stop on precision loss at an optimum: accept it when the predicted gain of a
        # further quasi-Newton step, g' H^-1 g / 2, is below 1e-8 (the log-likelihood is flat)
        decrement = float(grad @ r.hess_inv @ grad) / 2 if len(grad) else 0.0
        ok = bool(np.isfinite(r.fun) and (r.success or decrement < 1e-8))
        runs.append({"run": i, "start": "initial" if i == 0 else "random", "llf": -float(r.fun),
                     "converged": ok, "iterations": int(r.nit), "max_abs_gradient": gn,
                     "newton_decrement": decrement})
        if best is None or (ok and (not best[1] or -r.fun > best[0].llf + 1e-9)):
            best = (Optimum(theta=r.x, llf=-float(r.fun), converged=ok, iterations=int(r.nit),
                            message=str(r.message), grad_norm=gn, restarts=()), ok)
    opt = best[0]
    return Optimum(opt.theta, opt.llf, opt.converged, opt.iterations, opt.message, opt.grad_norm, tuple(runs))


def hessian(score: Callable, theta: np.ndarray, total: Callable | None = None) -> np.ndarray:
    """Hessian of the total log-likelihood: central differences of the analytic score.

    ``total(theta)``, if given, returns the summed score directly.
    """
    if total is None:
        def total(t):
            return np.sum(score(t), axis=0)
    k = len(theta)
    H = np.empty((k, k))
    for j in range(k):
        h = 1e-5 * max(1.0, abs(theta[j]))
        e = np.zeros(k)
        e[j] = h
        H[:, j] = (total(theta + e) - total(theta - e)) / (2 * h)
    return 0.5 * (H + H.T)


def covariances(score: Callable, theta: np.ndarray, total: Callable | None = None) -> dict[str, np.ndarray]:
    """``{"hessian": -H^-1, "opg": (S'S)^-1, "sandwich": H^-1 S'S H^-1}`` at ``theta``."""
    H = hessian(score, theta, total)
    S = score(theta)
    B = S.T @ S
    Hi = np.linalg.pinv(-H)
    return {"hessian": Hi, "opg": np.linalg.pinv(B), "sandwich": Hi @ B @ Hi, "_H": H}


def binary_fit(X: np.ndarray, y: np.ndarray, link: str, scale: float = 1.0, iters: int = 50) -> np.ndarray:
    """ML coefficients of ``P(y=1) = F(X b / scale)`` by Newton's method (start values only)."""
    k = X.shape[1]
    b = np.zeros(k)
    if k == 0:
        return b
    Xs = X / scale
    for _ in range(iters):
        z = Xs @ b
        a = np.where(y > 0, L.mills(link, z), -L.mills(link, -z))
        w = -np.where(y > 0, L.dmills(link, z), L.dmills(link, -z))
        grad = Xs.T @ a
        H = (Xs * w[:, None]).T @ Xs + 1e-8 * np.eye(k)
        step = np.linalg.solve(H, grad)
        b = b + step
        if not np.all(np.isfinite(b)) or np.max(np.abs(b)) > 1e3:  # separation: stop, keep finite
            return np.clip(np.nan_to_num(b), -10, 10)
        if np.max(np.abs(step)) < 1e-10:
            break
    return b
