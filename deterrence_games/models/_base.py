"""Former private home of the model contract, kept as an alias of
:mod:`deterrence_games.models.base` for one release (the shipped models still import it)."""

from .base import (  # noqa: F401 - re-exported names
    PROVENANCE_LABELS,
    PROVENANCE_ORDER,
    ArraySolution,
    Model,
    Parameter,
    Variant,
    choice,
    integer,
    interval,
)

__all__ = ["Parameter", "Model", "Variant", "PROVENANCE_LABELS", "PROVENANCE_ORDER", "ArraySolution", "interval", "integer", "choice"]
