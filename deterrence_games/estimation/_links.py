"""Link functions: cdf F, log F and the ratio f/F, computed stably in the tails."""

from __future__ import annotations

import numpy as np
from scipy import special

LINKS = ("probit", "logit")


def cdf(link: str, z: np.ndarray) -> np.ndarray:
    return special.ndtr(z) if link == "probit" else special.expit(z)


def pdf(link: str, z: np.ndarray) -> np.ndarray:
    if link == "probit":
        return np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi)
    e = special.expit(z)
    return e * (1 - e)


def logcdf(link: str, z: np.ndarray) -> np.ndarray:
    if link == "probit":
        z = np.asarray(z, float)
        out = np.empty_like(z)
        body = z > -5.0
        out[body] = np.log(special.ndtr(z[body]))
        out[~body] = special.log_ndtr(z[~body])
        return out
    return -np.logaddexp(0.0, -z)


def mills(link: str, z: np.ndarray) -> np.ndarray:
    """f(z) / F(z), finite for all z."""
    if link == "probit":
        z = np.asarray(z, float)
        out = np.empty_like(z)
        body = z > -5.0  # ndtr is accurate here; log_ndtr (slower) only in the lower tail
        zb = z[body]
        out[body] = np.exp(-0.5 * zb * zb) / (np.sqrt(2 * np.pi) * special.ndtr(zb))
        zt = z[~body]
        out[~body] = np.exp(-0.5 * zt * zt - 0.5 * np.log(2 * np.pi) - special.log_ndtr(zt))
        return out
    return special.expit(-z)


def dmills(link: str, z: np.ndarray) -> np.ndarray:
    """d/dz of f(z)/F(z)."""
    m = mills(link, z)
    if link == "probit":
        return -m * (z + m)
    return -m * (1 - m)
