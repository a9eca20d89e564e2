"""Parsing of command-line values by a model's parameter domains (shared by all subcommands)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import Choice, IntegerRange, ParameterError

__all__ = ["parse_assignment", "parse_grid"]


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
    if isinstance(par.domain, IntegerRange) and value == int(value):
        return int(value)
    return value


def parse_assignment(model: Any, text: str) -> tuple[str, Any]:
    """``NAME=VALUE`` -> (name, value parsed by the parameter's domain)."""
    if "=" not in text:
        raise ParameterError("--set", text, "NAME=VALUE")
    name, value = text.split("=", 1)
    name = name.strip()
    return name, _parse_value(model, name, value.strip())


def parse_grid(model: Any, text: str) -> tuple[str, list[Any]]:
    """``NAME=START:STOP:NUM`` (inclusive linspace) or ``NAME=v1,v2,...``."""
    if "=" not in text:
        raise ParameterError("--grid", text, "NAME=START:STOP:NUM or NAME=v1,v2,...")
    name, spec = (s.strip() for s in text.split("=", 1))
    model.parameter(name)
    if ":" in spec:
        parts = spec.split(":")
        try:
            if len(parts) != 3:
                raise ValueError
            start, stop, num = float(parts[0]), float(parts[1]), int(parts[2])
            if num < 1:
                raise ValueError
        except ValueError:
            raise ParameterError("--grid", text, "NAME=START:STOP:NUM with NUM a positive integer") from None
        values = [float(v) for v in np.linspace(start, stop, num)]
        values = [_parse_value(model, name, repr(v)) for v in values]
    else:
        items = [s.strip() for s in spec.split(",") if s.strip()]
        if not items:
            raise ParameterError("--grid", text, "NAME=START:STOP:NUM or NAME=v1,v2,...")
        values = [_parse_value(model, name, s) for s in items]
    return name, values
