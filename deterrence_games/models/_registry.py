"""Registry of models by id.

Every module in :mod:`deterrence_games.models` (not starting with ``_``) is imported on
first use, and every :class:`Model` subclass with a non-empty ``id`` defined in it is
registered. Adding a model therefore means adding one module; nothing else to edit.
"""

from __future__ import annotations

import importlib
import pkgutil

from .._validation import ParameterError
from ._base import Model

__all__ = ["get_model", "list_models", "model_ids"]

_MODELS: dict[str, type[Model]] = {}
_LOADED = False


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    from .. import models as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Model) and obj.id and obj.__module__ == module.__name__:
                if obj.id in _MODELS and _MODELS[obj.id] is not obj:
                    raise RuntimeError(f"two models share the id {obj.id!r}")
                _MODELS[obj.id] = obj
    _LOADED = True


def model_ids() -> list[str]:
    """Sorted ids of all registered models."""
    _load()
    return sorted(_MODELS)


def list_models() -> list[Model]:
    """One instance of every registered model, sorted by id."""
    return [get_model(i) for i in model_ids()]


def get_model(model_id: str | Model) -> Model:
    """The model registered under ``model_id`` (a Model instance is returned as is)."""
    if isinstance(model_id, Model):
        return model_id
    if not isinstance(model_id, str):
        raise TypeError(f"`model` must be a model id string or a Model (got {model_id!r})")
    _load()
    try:
        return _MODELS[model_id]()
    except KeyError:
        raise ParameterError("model", model_id, f"one of {', '.join(sorted(_MODELS))}",
                             "unknown model id") from None
