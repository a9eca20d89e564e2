"""Validation at the public boundary: domains, parameter checks, canonical values.

Every public constructor and ``solve`` validates its input here, once, and raises
:class:`ParameterError` (a ``ValueError``) or ``TypeError`` with a message of the form::

    `delta` must satisfy 0 < delta < 1 (got 1.2); it is the common discount factor.

Kernels behind the boundary trust their inputs.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "ParameterError",
    "Interval",
    "IntegerRange",
    "Choice",
    "Domain",
    "check_scalar",
    "check_probability",
    "check_discount_factor",
    "check_probability_vector",
    "check_stochastic_matrix",
    "check_payoff_matrix",
    "check_finite_array",
    "as_rng",
]


class ParameterError(ValueError):
    """A user-supplied value is outside its documented domain.

    Attributes
    ----------
    name : str
        The parameter's name, as the user spelled it.
    value : object
        The value received.
    domain : str
        A human-readable description of the allowed values.
    """

    def __init__(self, name: str, value: object, domain: str, hint: str = ""):
        self.name = name
        self.value = value
        self.domain = domain
        self.hint = hint
        msg = f"`{name}` must satisfy {domain} (got {_fmt(value)})"
        if hint:
            msg += f"; {hint}"
        super().__init__(msg)


def _fmt(value: object) -> str:
    if isinstance(value, float | np.floating):
        return repr(float(value))
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=6, threshold=12)
    return repr(value)


# ---------------------------------------------------------------------------------------
# Domains
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """A real interval; ``low``/``high`` may be infinite.

    ``Interval(0, 1, low_closed=False, high_closed=False)`` is 0 < x < 1. Its members are
    finite numbers (an unbounded side means "any finite value"), unless ``allow_inf=True``.
    """

    low: float = -math.inf
    high: float = math.inf
    low_closed: bool = True
    high_closed: bool = True
    allow_inf: bool = False

    def contains(self, x: ArrayLike) -> NDArray[np.bool_]:
        """Elementwise membership (NaN is never a member, nor ±inf unless ``allow_inf``)."""
        x = np.asarray(x, dtype=float)
        lo = (x >= self.low) if self.low_closed else (x > self.low)
        hi = (x <= self.high) if self.high_closed else (x < self.high)
        ok = lo & hi  # NaN compares False, so it is never a member
        return ok if self.allow_inf else ok & np.isfinite(x)

    def describe(self, name: str = "x") -> str:
        """E.g. ``0 < delta < 1`` or ``c_A >= 0``."""
        lo_op = "<=" if self.low_closed else "<"
        hi_op = "<=" if self.high_closed else "<"
        if math.isinf(self.low) and math.isinf(self.high):
            return f"{name} finite"
        if math.isinf(self.low):
            return f"{name} {hi_op} {_num(self.high)}"
        if math.isinf(self.high):
            return f"{name} {'>=' if self.low_closed else '>'} {_num(self.low)}"
        return f"{_num(self.low)} {lo_op} {name} {hi_op} {_num(self.high)}"

    def to_dict(self) -> dict:
        return {
            "type": "interval",
            "low": None if math.isinf(self.low) else self.low,
            "high": None if math.isinf(self.high) else self.high,
            "low_closed": self.low_closed,
            "high_closed": self.high_closed,
        }


@dataclass(frozen=True)
class IntegerRange:
    """Integers ``low <= n <= high`` (``high`` may be None for unbounded)."""

    low: int = 0
    high: int | None = None

    def contains(self, x: ArrayLike) -> NDArray[np.bool_]:
        x = np.asarray(x, dtype=float)
        ok = np.isfinite(x) & (x == np.round(x)) & (x >= self.low)
        if self.high is not None:
            ok &= x <= self.high
        return ok

    def describe(self, name: str = "n") -> str:
        if self.high is None:
            return f"{name} an integer >= {self.low}"
        return f"{name} an integer with {self.low} <= {name} <= {self.high}"

    def to_dict(self) -> dict:
        return {"type": "integer", "low": self.low, "high": self.high}


@dataclass(frozen=True)
class Choice:
    """One of a finite set of values (strings or booleans)."""

    options: tuple

    def contains(self, x: object) -> NDArray[np.bool_]:
        """Elementwise membership; a boolean option matches only a boolean (not ``1`` or ``1.0``)."""
        arr = np.atleast_1d(np.asarray(x, dtype=object))
        return np.array([self._member(v) for v in arr.ravel()], dtype=bool).reshape(arr.shape)

    def _member(self, v: object) -> bool:
        is_bool = isinstance(v, bool | np.bool_)
        try:
            return any(v == o and is_bool == isinstance(o, bool) for o in self.options)
        except (TypeError, ValueError):  # e.g. an array compared elementwise
            return False

    def describe(self, name: str = "x") -> str:
        return f"{name} in {{{', '.join(repr(o) for o in self.options)}}}"

    def to_dict(self) -> dict:
        return {"type": "choice", "options": list(self.options)}


Domain = Interval | IntegerRange | Choice

UNIT = Interval(0.0, 1.0)
OPEN_UNIT = Interval(0.0, 1.0, low_closed=False, high_closed=False)
POSITIVE = Interval(0.0, math.inf, low_closed=False)
NONNEGATIVE = Interval(0.0, math.inf)
REAL = Interval()


def _num(x: float) -> str:
    return f"{x:g}"


# ---------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------


def check_scalar(name: str, value: object, domain: Domain = REAL, hint: str = "") -> float:
    """Return ``value`` as a float after checking type, finiteness and domain."""
    if isinstance(domain, Choice):
        if isinstance(value, list | tuple | set | frozenset | dict | np.ndarray):
            raise ParameterError(name, value, domain.describe(name), "one value, not a collection")
        if not bool(domain.contains(value).all()):
            raise ParameterError(name, value, domain.describe(name), hint)
        return value.item() if isinstance(value, np.generic) else value  # type: ignore[return-value]
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
            value = value.item()
        else:
            raise TypeError(
                f"`{name}` must be a real number (got {type(value).__name__} {value!r})"
            )
    try:
        x = float(value)  # type: ignore[arg-type]
    except OverflowError:  # a Python int beyond the float range
        raise ParameterError(name, f"an integer of {len(str(abs(int(value))))} digits",  # type: ignore[call-overload]
                             domain.describe(name), "too large for a float") from None
    if math.isnan(x):
        raise ParameterError(name, value, domain.describe(name), "NaN is not allowed")
    if not bool(domain.contains(x)):
        if math.isinf(x):
            hint = f"{hint}; infinite values are not allowed" if hint else "infinite values are not allowed"
        raise ParameterError(name, value, domain.describe(name), hint)
    if isinstance(domain, IntegerRange):
        return int(round(x))  # type: ignore[return-value]
    return x


def check_array(name: str, values: ArrayLike, domain: Domain = REAL, hint: str = "") -> NDArray:
    """Check every element of an array against ``domain``; report the first offender."""
    if isinstance(domain, Choice):
        arr = np.asarray(values, dtype=object)
    else:
        try:
            arr = np.asarray(values, dtype=float)
        except OverflowError:
            raise ParameterError(name, "an integer beyond the float range", domain.describe(name),
                                 "too large for a float") from None
        except (TypeError, ValueError):
            raise TypeError(f"`{name}` must hold real numbers (got {values!r})") from None
        raw = np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) else values
        if raw.dtype == object and any(isinstance(v, bool | np.bool_) for v in raw.ravel()):
            raise TypeError(f"`{name}` must hold real numbers, not booleans (got {values!r})")
    ok = np.asarray(domain.contains(arr))
    if not ok.all():
        bad = arr.ravel()[np.flatnonzero(~ok.ravel())[0]]
        raise ParameterError(name, bad, domain.describe(name), hint)
    return arr


def check_probability(name: str, value: object) -> float:
    """A probability in [0, 1]."""
    return check_scalar(name, value, UNIT)


def check_discount_factor(name: str, value: object) -> float:
    """A discount factor in the open interval (0, 1)."""
    return check_scalar(name, value, OPEN_UNIT, "it is the common discount factor")


def check_probability_vector(name: str, values: ArrayLike, atol: float = 1e-9) -> NDArray:
    """A 1-d probability vector: entries in [0, 1] summing to 1 (within ``atol``)."""
    p = check_finite_array(name, values, ndim=1)
    if p.size == 0:
        raise ParameterError(name, values, "a non-empty probability vector")
    if (p < -atol).any() or (p > 1 + atol).any():
        raise ParameterError(name, p, "0 <= entries <= 1")
    if abs(p.sum() - 1.0) > atol:
        raise ParameterError(name, p, f"entries summing to 1 (they sum to {p.sum():.12g})")
    return np.clip(p, 0.0, 1.0)


def check_stochastic_matrix(name: str, values: ArrayLike, atol: float = 1e-9) -> NDArray:
    """A row-stochastic matrix: entries in [0, 1], each row summing to 1."""
    m = check_finite_array(name, values, ndim=2)
    if m.shape[0] == 0 or m.shape[1] == 0:
        raise ParameterError(name, m.shape, "a matrix with at least one row and one column")
    if (m < -atol).any() or (m > 1 + atol).any():
        raise ParameterError(name, m, "0 <= entries <= 1")
    sums = m.sum(axis=1)
    bad = np.flatnonzero(np.abs(sums - 1.0) > atol)
    if bad.size:
        raise ParameterError(
            name, m, f"rows summing to 1 (row {bad[0]} sums to {sums[bad[0]]:.12g})"
        )
    return np.clip(m, 0.0, 1.0)


def check_payoff_matrix(name: str, values: ArrayLike, shape: tuple[int, ...] | None = None) -> NDArray:
    """A finite 2-d payoff matrix, optionally of a given shape."""
    m = check_finite_array(name, values, ndim=2)
    if m.shape[0] == 0 or m.shape[1] == 0:
        raise ParameterError(name, m.shape, "at least one action per player (shape (m, n), m, n >= 1)")
    if shape is not None and m.shape != shape:
        raise ParameterError(name, m.shape, f"shape {shape}", "both players' payoff matrices must have the same shape")
    return m


def check_finite_array(name: str, values: ArrayLike, ndim: int) -> NDArray[np.float64]:
    """A real array of dimension ``ndim`` with finite entries."""
    try:
        arr = np.array(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"`{name}` must be an array of real numbers (got {values!r})") from None
    if arr.ndim != ndim:
        raise ParameterError(name, arr.shape, f"a {ndim}-d array (got shape {arr.shape})")
    if not np.isfinite(arr).all():
        raise ParameterError(name, arr, "finite entries (no NaN or inf)")
    return arr


def check_names(kind: str, given: Iterable[str], known: Iterable[str]) -> None:
    """Raise if ``given`` contains a name not in ``known`` (e.g. unknown parameters)."""
    known = list(known)
    for g in given:
        if g not in known:
            raise ParameterError(kind, g, f"one of {', '.join(known)}", f"unknown {kind} name {g!r}")


def as_rng(seed: int | np.random.Generator | None) -> np.random.Generator:
    """Resolve ``seed`` into a ``numpy.random.Generator`` (no global state)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or (isinstance(seed, numbers.Integral) and not isinstance(seed, bool)):
        return np.random.default_rng(seed)
    raise TypeError(f"`seed` must be an int, a numpy Generator or None (got {seed!r})")


def plain(value: object) -> object:
    """Convert numpy scalars/arrays and mappings into JSON-friendly Python objects."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
