"""Former private home of the model contract, kept as an alias of
:mod:`deterrence_games.models.base` for one release (the shipped models still import it)."""

from .base import (  # noqa: F401 - re-exported names
    PROVENANCE_LABELS,
    ArraySolution,
    Model,
    Parameter,
    choice,
    integer,
    interval,
)

__all__ = ["Parameter", "Model", "PROVENANCE_LABELS", "ArraySolution", "interval", "integer", "choice"]
