"""Hypothesis strategies built from the models' declared parameter domains (issue 14).

For each parameter: values inside its domain (moderate or extreme magnitudes), on its
boundary, outside it (including NaN and ±inf), and of the wrong type. Points combine one
strategy per parameter; cross-parameter conditions are left to the model (a refusal is then
a ``ParameterError``, which the contract allows).
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from deterrence_games._validation import Choice, IntegerRange, Interval

#: the largest magnitude of an "extreme" in-domain value, and of a moderate one
EXTREME = 1e300
MODERATE = 1e3
#: integer parameters are drawn at most this far above their lower end (their solvers grow
#: with the value: the size budgets are tested separately)
INTEGER_SPAN = 12


def _inside(d: Interval, x: float) -> bool:
    return bool(d.contains(x))


def in_domain(d, extreme: bool = False) -> st.SearchStrategy:
    """Values inside ``d``; ``extreme=True`` reaches magnitudes up to 1e300 and subnormals."""
    if isinstance(d, Choice):
        return st.sampled_from(d.options)
    if isinstance(d, IntegerRange):
        hi = d.low + INTEGER_SPAN if d.high is None else min(d.high, d.low + INTEGER_SPAN)
        return st.integers(d.low, hi)
    big = EXTREME if extreme else MODERATE
    lo = max(d.low, -big)
    hi = min(d.high, big)
    floats = st.floats(lo, hi, allow_nan=False, allow_infinity=False,
                       exclude_min=not d.low_closed and lo == d.low, exclude_max=not d.high_closed and hi == d.high)
    if extreme:
        tiny = [v for v in (5e-324, 1e-300, 1e-12, -1e-12, 1 - 1e-16, 1 + 1e-15, EXTREME, -EXTREME) if _inside(d, v)]
        return st.one_of(floats, st.sampled_from(tiny)) if tiny else floats
    return floats


def boundary(d, extreme: bool = False) -> st.SearchStrategy:
    """The domain's ends: the end itself when closed; inside an open end, 1e-6 away (the
    nearest float with ``extreme=True``)."""
    if isinstance(d, Choice):
        return st.sampled_from(d.options)
    if isinstance(d, IntegerRange):
        return st.sampled_from([d.low] + ([d.high] if d.high is not None else []))
    ends = []
    if math.isfinite(d.low):
        ends.append(d.low if d.low_closed else float(np.nextafter(d.low, math.inf)) if extreme else d.low + 1e-6)
    if math.isfinite(d.high):
        ends.append(d.high if d.high_closed else float(np.nextafter(d.high, -math.inf)) if extreme else d.high - 1e-6)
    ends = [e for e in ends if _inside(d, e)]
    return st.sampled_from(ends) if ends else in_domain(d)


def out_of_domain(d) -> st.SearchStrategy:
    """Values outside ``d`` (never accepted): NaN, ±inf, beyond or at an open end."""
    if isinstance(d, Choice):
        return st.sampled_from(["not-an-option", 1, 0, 1.0, None, [d.options[0]], (d.options[0],)])
    bad: list = [math.nan, math.inf, -math.inf]
    if isinstance(d, IntegerRange):
        bad += [d.low - 1, 2.5, 10**400] + ([d.high + 1] if d.high is not None else [])
        return st.sampled_from(bad)
    if math.isfinite(d.low):
        bad += [d.low] if not d.low_closed else [float(np.nextafter(d.low, -math.inf)), d.low - 1]
    if math.isfinite(d.high):
        bad += [d.high] if not d.high_closed else [float(np.nextafter(d.high, math.inf)), d.high + 1]
    bad.append(10**400)
    return st.sampled_from(bad)


def wrong_type(d) -> st.SearchStrategy:
    """Objects of a kind no domain accepts."""
    if isinstance(d, Choice):
        return st.sampled_from([None, [], {}, object(), b"x"])
    return st.sampled_from(["0.5", None, [0.5], (0.5,), {}, b"1", object(), True, complex(1, 1)])


def points(model, extreme: bool = False, kinds: str = "in") -> st.SearchStrategy:
    """A dict of parameter values: every parameter drawn in-domain (or on its boundary, one
    time in four); with ``kinds="out"`` / ``"type"`` exactly one parameter is replaced by an
    out-of-domain value / a value of the wrong type."""
    pars = model.parameters

    def one(p):
        if kinds != "in":
            return in_domain(p.domain)
        return st.one_of(in_domain(p.domain, extreme), boundary(p.domain, extreme))

    base = st.fixed_dictionaries({p.name: one(p) for p in pars})
    if kinds == "in":
        return base
    bad_of = out_of_domain if kinds == "out" else wrong_type

    @st.composite
    def with_one_bad(draw):
        point = draw(base)
        p = draw(st.sampled_from(pars))
        point[p.name] = draw(bad_of(p.domain))
        return point, p.name

    return with_one_bad()
