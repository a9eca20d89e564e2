"""Shared part of the egame122 / egame123 likelihood kernels: utilities linear in their designs."""

from __future__ import annotations

import numpy as np


class SlotKernel:
    """A kernel whose utilities ``u_s = X_s theta_s`` fill the slots ``SLOTS`` (a subclass
    attribute) in order; a slot with no column is fixed (``fixed[s]``, default 0)."""

    SLOTS: tuple[str, ...] = ()

    def __init__(self, X, link, errors, fixed=None, W1=None, W2=None, common_scale=True):
        self.X = X
        self.link = link
        self.errors = errors
        self.fixed = {} if fixed is None else dict(fixed)
        self.k = {s: X[s].shape[1] for s in self.SLOTS}
        self.offsets = np.concatenate([[0], np.cumsum([self.k[s] for s in self.SLOTS])])
        self.n_params = int(self.offsets[-1])

    def with_design(self, X, W1=None, W2=None):
        return type(self)(X, self.link, self.errors, self.fixed)

    def _utilities(self, theta) -> tuple[dict, int]:
        """``({slot: u_s}, n)`` at coefficients ``theta``."""
        o = self.offsets
        n = next(iter(self.X.values())).shape[0]
        u = {}
        for i, s in enumerate(self.SLOTS):
            u[s] = self.X[s] @ theta[o[i]:o[i + 1]] if self.k[s] else np.full(n, float(self.fixed.get(s, 0.0)))
        return u, n
