"""The transparency atlas: how escalation responds to information, model by model.

For every registered model that declares information parameters (``model.information``)
the atlas sweeps each such parameter over its domain (or over an explicit setting), records
the least and the most escalatory equilibrium at every point, and classifies the effect of
*more information* on escalation as ``lowers``, ``raises``, ``non-monotone`` or
``no effect``, with the parameter ranges where each holds.

Settings come from :data:`KNOWN_SETTINGS` (explicit, documented parameter values for the
models whose documentation page gives a worked case) and, for any other registered model, from
:func:`default_settings` (defaults of the other parameters, the information parameter over
its domain). A model merged later is therefore included automatically.

The classification (:func:`classify_effect`) works on the sweep alone, at the grid's
resolution: consecutive grid steps are tagged up / down / flat with an absolute tolerance,
runs of equal tags are merged into segments, and a single step much larger than its
neighbours is marked as a jump.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from .._validation import Choice, IntegerRange, Interval, ParameterError, plain
from .._version import __version__
from ..models import Model, get_model, list_models
from ..results import Result

__all__ = [
    "AtlasSetting",
    "AtlasResult",
    "Segment",
    "Effect",
    "KNOWN_SETTINGS",
    "EFFECTS",
    "NOT_COMPUTED",
    "classify_effect",
    "default_settings",
    "atlas_settings",
    "evaluate_setting",
    "run_atlas",
]

EFFECTS = ("lowers", "raises", "non-monotone", "no effect")
"""Effects of more information on escalation, as reported in the summary table."""

NOT_COMPUTED = "not computed"
"""The summary's effect when fewer than two points of a curve could be solved (see ``n_failed``)."""

_DIRECTION_WORD = {-1: "lowers", 1: "raises", 0: "no effect"}


# ---------------------------------------------------------------------------------------
# Classification
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Segment(Result):
    """A maximal run of grid steps with the same direction.

    ``direction`` is -1 (escalation falls as the parameter rises), +1 (rises) or 0 (flat);
    ``start``/``end`` are grid values; ``jump`` marks a single step much larger than its
    neighbours (a discontinuity at the grid's resolution).

    Attributes
    ----------
    direction : int
        -1, 0 or +1.
    start, end : float
        Grid values where the run starts and ends.
    jump : bool
        A single step much larger than its neighbours.
    change : float
        Change of the curve over the run.
    """

    direction: int
    start: float
    end: float
    jump: bool = False
    change: float = 0.0

    def to_dict(self) -> dict:
        return {"direction": self.direction, "start": self.start, "end": self.end,
                "jump": self.jump, "change": self.change}


@dataclass(frozen=True, eq=False)
class Effect(Result):
    """The classified effect of a parameter on a curve (in the parameter's own direction).

    Attributes
    ----------
    effect : str
        One of ``EFFECTS``: ``"lowers"``, ``"raises"``, ``"non-monotone"``, ``"no effect"``.
    segments : tuple of Segment
        The runs of equal direction, in grid order.
    """

    effect: str
    segments: tuple[Segment, ...]

    def flipped(self) -> Effect:
        """The same curve read in the opposite direction (more information = smaller value)."""
        segs = tuple(Segment(-s.direction, s.start, s.end, s.jump, -s.change) for s in self.segments)
        return Effect(_overall(segs), segs)

    def describe(self, fmt: str = "{:.4g}", compact: bool = False) -> str:
        """E.g. ``no effect on [0, 0.5]; raises (jump) on [0.5, 0.5025]; lowers on [0.5025, 1]``.

        With ``compact=True`` a staircase (same-direction steps separated by flat stretches)
        is one segment tagged ``(in steps)``.

        Parameters
        ----------
        fmt : str
            Format of the grid values.
        compact : bool
            Merge staircases into one segment.

        Returns
        -------
        str
        """
        parts = []
        for direction, start, end, tag in (self._compact() if compact else
                                           [(s.direction, s.start, s.end, " (jump)" if s.jump else "")
                                            for s in self.segments]):
            parts.append(f"{_DIRECTION_WORD[direction]}{tag} on [{fmt.format(start)}, {fmt.format(end)}]")
        return "; ".join(parts)

    def _compact(self) -> list[tuple[int, float, float, str]]:
        segs = list(self.segments)
        out: list[tuple[int, float, float, str]] = []
        i = 0
        while i < len(segs):
            s = segs[i]
            if s.direction == 0:
                out.append((0, s.start, s.end, ""))
                i += 1
                continue
            j, steps = i, 1
            while (j + 2 < len(segs) and segs[j + 1].direction == 0 and segs[j + 2].direction == s.direction) or (
                    j + 1 < len(segs) and segs[j + 1].direction == s.direction):
                j += 2 if segs[j + 1].direction == 0 else 1
                steps += 1
            tag = " (in steps)" if steps > 1 and any(segs[k].direction == 0 for k in range(i, j + 1)) else (
                " (jump)" if steps == 1 and s.jump else "")
            out.append((s.direction, s.start, segs[j].end, tag))
            i = j + 1
        return out


def _overall(segments: Sequence[Segment]) -> str:
    dirs = {s.direction for s in segments if s.direction != 0}
    if not dirs:
        return "no effect"
    if dirs == {-1}:
        return "lowers"
    if dirs == {1}:
        return "raises"
    return "non-monotone"


def classify_effect(x: Sequence[float], y: Sequence[float], *, atol: float = 1e-9,
                    jump_factor: float = 5.0, jump_min: float = 1e-3) -> Effect:
    """Classify how ``y`` moves as ``x`` increases: lowers / raises / non-monotone / no effect.

    Parameters
    ----------
    x, y : sequences of float
        The grid (strictly increasing after dropping NaN values of ``y``) and the curve.
    atol : float
        A step with ``|dy| <= atol`` is flat.
    jump_factor, jump_min : float
        A step is a jump when ``|dy| >= jump_min`` and ``|dy|`` exceeds ``jump_factor`` times
        the larger of its neighbouring steps (so a steady slope is never a jump).

    Returns
    -------
    Effect
        The overall effect and the maximal segments (merged runs of equal direction; a jump
        is its own segment).
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise ParameterError("y", y.shape, f"a 1-d array of the same shape as `x` {x.shape}")
    if not (np.isfinite(atol) and atol >= 0):
        raise ParameterError("atol", atol, "atol >= 0")
    keep = np.isfinite(y) & np.isfinite(x)
    x, y = x[keep], y[keep]
    if x.size >= 2 and not np.all(np.diff(x) > 0):
        raise ParameterError("x", x, "strictly increasing values")
    if x.size < 2:
        return Effect("no effect", ())
    dy = np.diff(y)
    sign = np.where(dy > atol, 1, np.where(dy < -atol, -1, 0))
    mag = np.abs(dy)
    left = np.concatenate(([0.0], mag[:-1]))
    right = np.concatenate((mag[1:], [0.0]))
    jump = (sign != 0) & (mag >= jump_min) & (mag > jump_factor * np.maximum(left, right))
    segments: list[Segment] = []
    for i in range(dy.size):
        s = int(sign[i])
        if segments and not jump[i] and not segments[-1].jump and segments[-1].direction == s:
            last = segments[-1]
            segments[-1] = Segment(s, last.start, float(x[i + 1]), False, last.change + float(dy[i]))
        else:
            segments.append(Segment(s, float(x[i]), float(x[i + 1]), bool(jump[i]), float(dy[i])))
    return Effect(_overall(segments), tuple(segments))


# ---------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AtlasSetting:
    """One curve of the atlas: a model, an information parameter, its grid, the rest fixed.

    Parameters
    ----------
    model : str
        Registered model id.
    parameter : str
        The information parameter swept (the x axis). Either a model parameter, or, when
        ``path`` is given, the name of a derived coordinate (e.g. a width ``w``).
    values : tuple of float or str
        The grid (strings for a Choice-domain parameter).
    fixed : mapping
        Values of other parameters (the rest take the model's defaults).
    path : mapping str -> (intercept, slope)
        Model parameters set to ``intercept + slope * x`` along the sweep (for a derived
        coordinate such as a width around a fixed centre).
    more_information : str
        ``"increasing"`` if a larger value means more information, ``"decreasing"`` if a smaller
        one does (e.g. a width of uncertainty).
    label : str
        Short name of the setting (e.g. ``"pi=0.8"``).
    source : str
        Where the setting comes from (a worked case on the model's documentation page, or
        ``"default"`` for automatic).
    """

    model: str
    parameter: str
    values: tuple
    fixed: Mapping[str, Any] = field(default_factory=dict)
    path: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    more_information: str = "increasing"
    label: str = "default"
    source: str = "default"

    def __post_init__(self) -> None:
        object.__setattr__(self, "fixed", MappingProxyType(dict(self.fixed)))
        object.__setattr__(self, "path", MappingProxyType(dict(self.path)))
        object.__setattr__(self, "values", tuple(self.values))
        if self.more_information not in ("increasing", "decreasing"):
            raise ParameterError("more_information", self.more_information, "'increasing' or 'decreasing'")

    @property
    def categorical(self) -> bool:
        return any(isinstance(v, str | bool | np.bool_) for v in self.values)

    def points(self) -> list[dict[str, Any]]:
        """The full parameter assignments along the grid."""
        out = []
        for v in self.values:
            p = dict(self.fixed)
            if self.path:
                for name, (a, b) in self.path.items():
                    p[name] = a + b * float(v)
            else:
                p[self.parameter] = v.item() if isinstance(v, np.generic) else v
            out.append(p)
        return out

    def check(self, model: Model) -> None:
        """Raise ParameterError if the setting names a parameter the model lacks."""
        names = set(model.parameter_names)
        for k in (*self.fixed, *self.path, *(() if self.path else (self.parameter,))):
            if k not in names:
                raise ParameterError("parameter", k, f"one of {', '.join(model.parameter_names)}",
                                     f"atlas setting {self.label!r} does not fit model {model.id!r}")


def _grid(domain: Any, default: Any, n: int) -> tuple:
    if isinstance(domain, Choice):
        return tuple(domain.options)
    if isinstance(domain, IntegerRange):
        hi = domain.high if domain.high is not None else max(domain.low + 20, int(default) * 2)
        return tuple(float(i) for i in range(domain.low, min(hi, domain.low + 200) + 1))
    if not isinstance(domain, Interval):
        raise TypeError(f"unsupported parameter domain {domain!r}")
    d = float(default)
    lo = domain.low if math.isfinite(domain.low) else d - 2 * max(abs(d), 1.0)
    hi = domain.high if math.isfinite(domain.high) else lo + max(4 * (d - lo), 1.0)
    eps = 1e-3 * (hi - lo)
    if math.isfinite(domain.low) and not domain.low_closed:
        lo += eps
    if math.isfinite(domain.high) and not domain.high_closed:
        hi -= eps
    return tuple(np.linspace(lo, hi, n).tolist())


def default_settings(model: str | Model, n: int = 201, n_generic: int = 41) -> list[AtlasSetting]:
    """One automatic setting per information parameter: other parameters at their defaults,
    the information parameter over its domain (unbounded domains cut at a few times the
    default). Larger values are taken to mean more information (``source="default"``).
    ``n`` grid points for a model with a vectorized closed form, ``n_generic`` otherwise
    (each point is then a full solve)."""
    m = get_model(model)
    n = n if m.vectorized else n_generic
    return [AtlasSetting(m.id, name, _grid(m.parameter(name).domain, m.parameter(name).default, n),
                         label="defaults", source="default (other parameters at their defaults)")
            for name in m.information]


def _lin(a: float, b: float, n: int) -> tuple:
    return tuple(np.linspace(a, b, n).tolist())


_MEANING = "model defaults; direction from the parameter's meaning"


def _known_settings(n: int = 401) -> dict[str, tuple[AtlasSetting, ...]]:
    exposure = dict(p_H=0.7, p_H_prime=0.55, p_L=0.3, c_S=0.1, c_R=0.1)
    brink = dict(a_T=1.0, b_T=2.0, D_T=10.0, a_R=1.0, b_R=2.0, D_soft=8.0, D_hard=0.5)
    fearon2 = dict(c_L=0.05, c_H=0.25, c_A=0.1, p=0.5)
    return {
        "crisis_bargaining": (
            AtlasSetting("crisis_bargaining", "w", _lin(0.01, 0.4, n), {"p": 0.5, "c_A": 0.05},
                         path={"c_B_low": (0.2, -0.5), "c_B_high": (0.2, 0.5)}, more_information="decreasing",
                         label="width w of B's cost range, centre m=0.2", source="worked case (docs/models/crisis_bargaining.md)"),
        ),
        "crisis_bargaining_signal": (
            AtlasSetting("crisis_bargaining_signal", "rho", _lin(0.5, 1.0, n), {"pi": 0.6, **fearon2},
                         label="pi=0.6 (>= pi*)", source="worked case (docs/models/crisis_bargaining_signal.md)"),
            AtlasSetting("crisis_bargaining_signal", "rho", _lin(0.5, 1.0, n), {"pi": 0.3, **fearon2},
                         label="pi=0.3 (< pi*)", source="worked case (docs/models/crisis_bargaining_signal.md)"),
        ),
        "transparency_exposure": (
            AtlasSetting("transparency_exposure", "tau", _lin(0.0, 1.0, n), {"pi": 0.8, **exposure},
                         label="leak proxy, pi=0.8", source="worked case (docs/models/transparency_exposure.md)"),
            AtlasSetting("transparency_exposure", "tau", _lin(0.0, 1.0, n), {"pi": 0.5, **exposure},
                         label="leak proxy, pi=0.5", source="worked case (docs/models/transparency_exposure.md)"),
            AtlasSetting("transparency_exposure", "tau", _lin(0.0, 1.0, n),
                         {"variant": "deal_window", "S_deal_minus_race": 0.3, "G": 0.2, "lam": 0.5},
                         label="deal window, lam=0.5", source="worked case (docs/models/transparency_exposure.md)"),
        ),
        "brinkmanship": (
            AtlasSetting("brinkmanship", "rho", _lin(0.5, 1.0, n), {"pi": 0.5, **brink},
                         label="h=0.5 (threat at the prior)", source="worked case (docs/models/brinkmanship.md) + signal extension [R]"),
            AtlasSetting("brinkmanship", "rho", _lin(0.5, 1.0, n), {"pi": 0.6, **brink},
                         label="h=0.6 (no threat at the prior)", source="worked case (docs/models/brinkmanship.md) + signal extension [R]"),
        ),
        "perfect_deterrence": (
            AtlasSetting("perfect_deterrence", "p_def", _lin(0.0, 1.0, n), {"s_ch": 0.5, "d_S": 0.0, "p_ch": 0.0},
                         label="p_ch=0", source="worked case (docs/models/perfect_deterrence.md)"),
            AtlasSetting("perfect_deterrence", "p_def", _lin(0.0, 1.0, n), {"s_ch": 0.5, "d_S": 0.0, "p_ch": 0.2},
                         label="p_ch=0.2", source="worked case (docs/models/perfect_deterrence.md)"),
        ),
        "inspection": (
            AtlasSetting("inspection", "false_alarm", _lin(0.0, 0.5, n), {"non_detection": 0.2}, more_information="decreasing",
                         label="false alarms alpha (beta=0.2)", source="worked case (docs/models/inspection.md) (parameters of its table)"),
            AtlasSetting("inspection", "non_detection", _lin(0.0, 0.9, n), {"false_alarm": 0.05}, more_information="decreasing",
                         label="non-detection beta (alpha=0.05)", source="worked case (docs/models/inspection.md) (parameters of its table)"),
        ),
        "power_shift": (
            AtlasSetting("power_shift", "pi_detect", _lin(0.0, 1.0, n),
                         {"x0": 0.5, "x1": 0.8, "p": 0.5, "c_D": 0.1, "c_R": 0.1, "k": 0.05},
                         label="worked case", source="worked case (docs/models/power_shift.md)"),
        ),
        "mediation": tuple(
            AtlasSetting("mediation", "public", (False, True), {"pi": q, "p": 0.8, "pie_after_war": 0.8},
                         label=f"q={q}", source="worked case (docs/models/mediation.md)")
            for q in (0.3, 0.5, 0.6)
        ),
        "arms_race_talk": (
            AtlasSetting("arms_race_talk", "talk", (False, True), {"mu": 0.05, "d": 1.2, "c_lo": 0.0, "c_hi": 1.0},
                         label="c ~ U[0,1], mu=0.05, d=1.2", source="worked case (docs/models/arms_race_talk.md)"),
        ),
        "early_warning": (
            AtlasSetting("early_warning", "alpha", _lin(0.6, 0.99, n), {"hotline": False},
                         path={"detection": (0.0, 1.0), "false_alarm": (1.0, -1.0)},
                         label="symmetric accuracy alpha (beta=alpha, phi=1-alpha)", source="worked case (docs/models/early_warning.md)"),
            AtlasSetting("early_warning", "hotline", (False, True), {},
                         label="hotline at the defaults", source="worked case (docs/models/early_warning.md)"),
            AtlasSetting("early_warning", "false_alarm", _lin(0.0, 0.5, n), {"hotline": False}, more_information="decreasing",
                         label="false-alarm rate phi (beta=0.9)", source="worked case (docs/models/early_warning.md)"),
            AtlasSetting("early_warning", "h0", _lin(0.0, 0.9, n), {"hotline": True}, more_information="decreasing",
                         label="hotline false confirmation h0", source="worked case (docs/models/early_warning.md)"),
        ),
        "noisy_security_dilemma": (
            AtlasSetting("noisy_security_dilemma", "non_detection", _lin(0.0, 1.0, n), {}, more_information="decreasing",
                         label="q = 1 - detection rate (defaults)", source=_MEANING),
        ),
        "incident_verification": (
            AtlasSetting("incident_verification", "certify", _lin(0.0, 1.0, 101), {},
                         label="accidents certified rho (defaults)", source=_MEANING),
            AtlasSetting("incident_verification", "nu", _lin(0.0, 1.0, 101), {}, more_information="decreasing",
                         label="violations excused nu (defaults)", source=_MEANING),
        ),
        "inspection_repeated": (
            AtlasSetting("inspection_repeated", "inspections", tuple(float(k) for k in range(0, 11)), {"n": 10},
                         label="inspections k of n=10", source=_MEANING),
        ),
        "price_war_trigger": (
            AtlasSetting("price_war_trigger", "s", _lin(0.01, 1.0, 100), {}, more_information="decreasing",
                         label="monitoring noise s (defaults)", source=_MEANING),
        ),
        "public_information": (
            AtlasSetting("public_information", "alpha", _lin(1.0, 40.0, n),
                         {"variant": "regime_change", "beta": 100.0, "y": 0.5, "c": 0.5},
                         label="regime change, beta=100, y=c=0.5", source="worked case (docs/models/public_information.md) (Morris-Shin)"),
            AtlasSetting("public_information", "beta", _lin(1.0, 200.0, n),
                         {"variant": "regime_change", "alpha": 20.0, "y": 0.5, "c": 0.5},
                         label="regime change, alpha=20, y=c=0.5", source=_MEANING),
        ),
        "global_conflict": (
            AtlasSetting("global_conflict", "sigma", _lin(0.01, 2.0, 201), {}, more_information="decreasing",
                         label="private-signal noise sigma (defaults)", source=_MEANING),
            AtlasSetting("global_conflict", "alpha", _lin(0.1, 10.0, 201), {"variant": "public"},
                         label="public spec: public precision alpha (defaults)", source=_MEANING),
            AtlasSetting("global_conflict", "beta", _lin(0.1, 10.0, 201), {"variant": "public"},
                         label="public spec: private precision beta (defaults)", source=_MEANING),
        ),
        "inspection_roc": (
            AtlasSetting("inspection_roc", "D", _lin(0.05, 5.0, n), {"variant": "simultaneous"},
                         label="simultaneous", source="worked case (docs/models/inspection_roc.md) (defaults)"),
            AtlasSetting("inspection_roc", "D", _lin(0.05, 5.0, n), {"variant": "leadership"},
                         label="inspector leadership", source="worked case (docs/models/inspection_roc.md) (defaults)"),
        ),
    }


KNOWN_SETTINGS = MappingProxyType(_known_settings())
"""Explicit settings (worked cases of the models' documentation pages) by model id; other models
get :func:`default_settings`."""


def atlas_settings(models: Iterable[str | Model] | None = None, n: int = 401) -> list[AtlasSetting]:
    """Settings for every registered model with information parameters (or for ``models``).

    A model in :data:`KNOWN_SETTINGS` gets its explicit settings when they fit its
    parameters, plus default settings for any information parameter they do not cover;
    every other model gets :func:`default_settings`.
    """
    ms = list_models() if models is None else [get_model(m) for m in models]
    known = _known_settings(n) if n != 401 else dict(KNOWN_SETTINGS)
    out: list[AtlasSetting] = []
    for m in ms:
        if not m.information:
            continue
        chosen: list[AtlasSetting] = []
        for s in known.get(m.id, ()):
            try:
                s.check(m)
            except ParameterError:
                continue
            chosen.append(s)
        covered = {s.parameter for s in chosen} | {k for s in chosen for k in s.path}
        chosen += [s for s in default_settings(m, n=min(n, 201)) if s.parameter not in covered]
        out += [s for s in chosen if _has_escalation(m, s)]
    return out


def _has_escalation(m: Model, setting: AtlasSetting) -> bool:
    """False for a setting whose variant has no escalatory outcome (e.g. the Morris-Shin beauty
    contest, whose escalation probability is 0 by construction): the atlas leaves it out."""
    v = m.variant_of({**m.defaults, **dict(setting.fixed)})
    return v is None or v.escalation


# ---------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------


def _escalation_slots(m: Model, points: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """(esc_min, esc_max, n_equilibria, errors) along the points."""
    n = len(points)
    lo = np.full(n, np.nan)
    hi = np.full(n, np.nan)
    k = np.zeros(n, dtype=np.int64)
    errors = [""] * n
    if m.vectorized and points:
        try:
            keys = sorted({key for p in points for key in p})
            arrays = {key: [p.get(key, m.parameter(key).default) for p in points] for key in keys}
            sol = m.evaluate(**arrays)
            valid = np.asarray(sol.valid, bool).reshape(n, -1)
            esc = sum(np.broadcast_to(np.asarray(sol.outcomes[o], float).reshape(n, -1), valid.shape)
                      for o in m.escalatory)
            esc = np.asarray(esc, float)
            k = valid.sum(axis=1)
            with np.errstate(invalid="ignore"):
                lo = np.where(k > 0, np.min(np.where(valid, esc, np.inf), axis=1), np.nan)
                hi = np.where(k > 0, np.max(np.where(valid, esc, -np.inf), axis=1), np.nan)
            return lo, hi, k, ["" if kk else "no equilibrium" for kk in k]
        except (ParameterError, TypeError):
            pass  # fall back to point-by-point solves, which record the failing points
    for i, p in enumerate(points):
        try:
            sol = m.solve(**p)
        except Exception as exc:  # a failing point is data, not a crash
            errors[i] = f"{type(exc).__name__}: {exc}"
            continue
        k[i] = len(sol)
        if len(sol):
            lo[i], hi[i] = sol.escalation_range
        else:
            errors[i] = "no equilibrium"
    return lo, hi, k, errors


def evaluate_setting(setting: AtlasSetting) -> pd.DataFrame:
    """The curve of one setting: one row per grid value with the least and most escalatory
    equilibrium (``esc_min``, ``esc_max``), the number of equilibria and any error."""
    m = get_model(setting.model)
    setting.check(m)
    points = setting.points()
    lo, hi, k, errors = _escalation_slots(m, points)
    cat = setting.categorical
    return pd.DataFrame({
        "model": m.id,
        "setting": setting.label,
        "parameter": setting.parameter,
        "x": np.arange(len(points), dtype=float) if cat else np.asarray(setting.values, dtype=float),
        "x_label": [str(v) for v in setting.values],
        "esc_min": lo,
        "esc_max": hi,
        "n_equilibria": k,
        "status": ["ok" if not e else "failed" for e in errors],
        "error": errors,
    })


def _summary_rows(setting: AtlasSetting, curve: pd.DataFrame, m: Model, atol: float) -> list[dict]:
    rows = []
    same = np.allclose(curve["esc_min"], curve["esc_max"], atol=atol, equal_nan=True)
    envelopes = [("unique" if (curve["n_equilibria"] <= 1).all() else "all equal", "esc_min")] if same \
        else [("min", "esc_min"), ("max", "esc_max")]
    for env, col in envelopes:
        eff = classify_effect(curve["x"], curve[col], atol=atol)
        info = eff if setting.more_information == "increasing" else eff.flipped()
        y = curve[col].to_numpy()
        ok = np.isfinite(y)
        if ok.sum() < 2:  # nothing to classify: say so rather than "no effect"
            info = Effect(NOT_COMPUTED, ())
        rows.append({
            "model": m.id,
            "provenance": _provenance(m, setting),
            "setting": setting.label,
            "information_parameter": setting.parameter,
            "more_information_means": f"{setting.parameter} {setting.more_information}"
                                      + (" (assumed)" if setting.source.startswith("default (") else ""),
            "envelope": env,
            "effect": info.effect,
            "ranges": info.describe(),
            "ranges_compact": info.describe(compact=True),
            "segments": json.dumps([s.to_dict() for s in info.segments]),
            "x_min": float(curve["x"].min()),
            "x_max": float(curve["x"].max()),
            "escalation_at_x_min": float(y[ok][0]) if ok.any() else math.nan,
            "escalation_at_x_max": float(y[ok][-1]) if ok.any() else math.nan,
            "escalation_max": float(np.nanmax(y)) if ok.any() else math.nan,
            "n_points": int(len(curve)),
            "n_failed": int((curve["status"] != "ok").sum()),
            "fixed": json.dumps(plain(dict(setting.fixed)), sort_keys=True),
            "path": json.dumps(plain(dict(setting.path)), sort_keys=True),
            "source": setting.source,
        })
    return rows


def _provenance(m: Model, setting: AtlasSetting) -> str:
    """The label of the solutions along the setting (a model may label a reconstructed
    extension differently from its textbook core, e.g. brinkmanship's signal); the model's
    label if no solution's label is available."""
    labels = []
    for p in (setting.points()[0], setting.points()[-1]):
        try:
            labels.append(m.solve(**p).provenance)
        except Exception:  # noqa: BLE001 - an unsolvable end point is recorded elsewhere
            continue
    if "reconstruction" in labels:
        return "reconstruction"
    return labels[0] if labels else m.provenance


@dataclass(frozen=True, eq=False)
class AtlasResult(Result):
    """The atlas: every curve (``curves``, tidy) and the summary table (``summary``).

    Attributes
    ----------
    curves : pandas.DataFrame
        Every curve, tidy: one row per setting, grid value and envelope.
    summary : pandas.DataFrame
        One row per model setting and envelope (direction of the effect of information).
    settings : tuple of AtlasSetting
        The curves computed.
    atol : float
        Tolerance below which a change of escalation probability counts as none.
    version : str
        Package version that computed it.
    """

    curves: pd.DataFrame
    summary: pd.DataFrame
    settings: tuple[AtlasSetting, ...]
    atol: float
    version: str = __version__

    def to_frame(self) -> pd.DataFrame:
        """The summary table (one row per model setting and envelope)."""
        return self.summary.copy()

    def to_dict(self) -> dict:
        """JSON-ready dictionary: the summary records, ``atol``, version and number of curves.

        Returns
        -------
        dict
        """
        return {"summary": plain(self.summary.to_dict(orient="records")), "atol": self.atol,
                "version": self.version, "n_curves": len(self.settings)}

    def __repr__(self) -> str:
        models = self.summary["model"].nunique() if len(self.summary) else 0
        return f"<AtlasResult: {len(self.settings)} settings over {models} models>"

    def __str__(self) -> str:
        cols = ["model", "setting", "information_parameter", "envelope", "effect", "ranges"]
        return repr(self) + "\n" + self.summary[cols].to_string(index=False)

    def _repr_html_(self) -> str:
        cols = ["model", "setting", "information_parameter", "envelope", "effect", "ranges"]
        return (f"<div><strong>{html.escape(repr(self))}</strong>"
                f"{self.summary[cols].to_html(index=False)}</div>")


def run_atlas(settings: Sequence[AtlasSetting] | None = None, *, n: int = 401, atol: float = 1e-9) -> AtlasResult:
    """Evaluate every setting and classify the effect of more information on escalation.

    Parameters
    ----------
    settings : sequence of AtlasSetting, optional
        Default: :func:`atlas_settings` (every registered model with information parameters).
    n : int
        Grid size for the default settings.
    atol : float
        Flatness tolerance of :func:`classify_effect`.
    """
    settings = tuple(atlas_settings(n=n) if settings is None else settings)
    curves, rows = [], []
    for s in settings:
        m = get_model(s.model)
        curve = evaluate_setting(s)
        curves.append(curve)
        rows += _summary_rows(s, curve, m, atol)
    curves_df = pd.concat(curves, ignore_index=True) if curves else pd.DataFrame()
    return AtlasResult(curves=curves_df, summary=pd.DataFrame(rows), settings=settings, atol=atol)
