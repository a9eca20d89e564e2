"""Parsing of command-line values by a model's parameter domains (shared by all subcommands)."""

from __future__ import annotations

import argparse
import json
import math
from typing import Any

import numpy as np

from .._validation import Choice, IntegerRange, ParameterError

__all__ = ["parse_assignment", "parse_grid", "MAX_AXIS", "check_unique", "json_text"]

#: values of one grid axis beyond which a command asks for confirmation (``--yes``): the
#: axis is allocated before any work (8 bytes a value, 80 MB at the limit)
MAX_AXIS = 10**7


def _parse_value(model: Any, name: str, text: str) -> Any:
    par = model.parameter(name)  # ParameterError for unknown names
    if isinstance(par.domain, Choice):
        for opt in par.domain.options:
            if str(opt) == text or (isinstance(opt, bool) and text.lower() == str(opt).lower()):
                return opt
        raise ParameterError(name, text, par.describe())
    try:
        value = float(text)
    except ValueError:
        raise ParameterError(name, text, par.describe(), "not a number") from None
    if not math.isfinite(value):
        raise ParameterError(name, text, par.describe(), "not a finite number")
    if isinstance(par.domain, IntegerRange):
        if value != int(value):
            raise ParameterError(name, text, par.describe(), "not an integer")
        return int(value)
    return value


def parse_assignment(model: Any, text: str) -> tuple[str, Any]:
    """``NAME=VALUE`` -> (name, value parsed by the parameter's domain)."""
    if "=" not in text:
        raise ParameterError("--set", text, "NAME=VALUE")
    name, value = text.split("=", 1)
    name = _current_name(model, name.strip())
    return name, _parse_value(model, name, value.strip())


def _current_name(model: Any, name: str) -> str:
    """``name``, or the current name of a renamed parameter (DeprecationWarning)."""
    renamed = getattr(model, "renamed", {})
    return next(iter(model.canonical_names({name: None}))) if name in renamed else name


def check_unique(flag: str, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``dict(pairs)``, refusing a name given twice (a repeated ``--grid`` or ``--set``)."""
    out: dict[str, Any] = {}
    for name, value in pairs:
        if name in out:
            raise ParameterError(flag, name, "each parameter at most once", f"{name!r} is given twice")
        out[name] = value
    return out


def parse_grid(model: Any, text: str, max_num: int | None = MAX_AXIS) -> tuple[str, list[Any]]:
    """``NAME=START:STOP:NUM`` (inclusive linspace) or ``NAME=v1,v2,...``; ``NUM`` at most
    ``max_num`` (None: no limit)."""
    if "=" not in text:
        raise ParameterError("--grid", text, "NAME=START:STOP:NUM or NAME=v1,v2,...")
    name, spec = (s.strip() for s in text.split("=", 1))
    name = _current_name(model, name)
    model.parameter(name)
    if ":" in spec:
        parts = spec.split(":")
        try:
            if len(parts) != 3:
                raise ValueError
            start, stop, num = float(parts[0]), float(parts[1]), int(parts[2])
            if num < 1 or not (math.isfinite(start) and math.isfinite(stop)):
                raise ValueError
        except ValueError:
            raise ParameterError("--grid", text, "NAME=START:STOP:NUM with finite START, STOP and NUM a positive integer") from None
        if max_num is not None and num > max_num:
            raise ParameterError("--grid", text, f"NUM <= {max_num:.0e} values on one axis",
                                 f"{num} values take {8 * num / 1e9:.3g} GB before any work: pass --yes to allocate them anyway")
        values = [float(v) for v in np.linspace(start, stop, num)]
        values = [_parse_value(model, name, repr(v)) for v in values]
    else:
        items = [s.strip() for s in spec.split(",") if s.strip()]
        if not items:
            raise ParameterError("--grid", text, "NAME=START:STOP:NUM or NAME=v1,v2,...")
        values = [_parse_value(model, name, s) for s in items]
    return name, values


def json_text(data: object) -> str:
    """Strict JSON (RFC 8259): a non-finite number becomes ``null`` and its path is listed,
    with ``"NaN"``, ``"Infinity"`` or ``"-Infinity"``, under the top-level key ``"non_finite"``."""
    bad: dict[str, str] = {}

    def clean(v: object, path: str) -> object:
        if isinstance(v, float) and not math.isfinite(v):
            bad[path] = "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
            return None
        if isinstance(v, dict):
            return {k: clean(x, f"{path}.{k}" if path else str(k)) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return [clean(x, f"{path}[{i}]") for i, x in enumerate(v)]
        return v

    def default(v: object) -> object:
        if isinstance(v, np.generic):
            return v.item()
        if isinstance(v, np.ndarray):
            return v.tolist()
        return str(v)

    out = clean(json.loads(json.dumps(data, default=default)), "")
    if bad and isinstance(out, dict):
        out["non_finite"] = bad
    return json.dumps(out, indent=2, allow_nan=False)


def add_model_file_argument(p: argparse.ArgumentParser) -> None:
    """``--model-file PATH.py`` (repeatable): import the file and register the models it defines."""
    p.add_argument("--model-file", action="append", default=[], metavar="PATH.py",
                   help="a Python file defining models (dg.model(...) or Model subclasses): "
                        "imported and its models registered, so they can be named by id")


def load_model_files(args: argparse.Namespace) -> None:
    """Register the models of every ``--model-file`` (an explicit user action)."""
    from ..models import load_model_file

    for path in getattr(args, "model_file", None) or []:
        load_model_file(path)
