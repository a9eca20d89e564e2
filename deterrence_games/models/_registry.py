"""Registry of models by id.

Three sources, loaded lazily on first use:

1. every module of :mod:`deterrence_games.models` (not starting with ``_``): every
   :class:`Model` subclass with a non-empty ``id`` defined in it (adding a shipped model
   means adding one module; nothing else to edit);
2. the entry-point group ``deterrence_games.models`` of installed packages: each entry point
   names a Model subclass, a Model instance (e.g. made by :func:`~.function.model`), a
   module (its models are registered) or a list of those. A plugin that fails to load is
   reported with a :class:`PluginWarning` (and in :func:`plugin_errors`), never fatal;
3. explicit user actions: :func:`register_model` and :func:`load_model_file` (the command
   line's ``--model-file PATH.py``).

A third-party ``pyproject.toml`` registers its models with::

    [project.entry-points."deterrence_games.models"]
    my_crisis = "my_package.models:MyCrisis"
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import pkgutil
import sys
import warnings
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

from .._validation import ParameterError
from .base import BY_VALUE_MODULES, Model

__all__ = ["ENTRY_POINT_GROUP", "PluginWarning", "get_model", "list_models", "load_model_file", "model_ids",
           "plugin_errors", "register_model"]

#: the entry-point group through which installed packages register models
ENTRY_POINT_GROUP = "deterrence_games.models"

_MODELS: dict[str, type[Model] | Model] = {}
_SHIPPED: set[str] = set()
_ERRORS: list[str] = []
_LOADED = False


class PluginWarning(UserWarning):
    """A model plugin (entry point) could not be loaded; the other models are unaffected."""


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    from .. import models as pkg

    shipped: dict[str, type[Model]] = {}
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Model) and obj.id and obj.__module__ == module.__name__:
                if obj.id in shipped and shipped[obj.id] is not obj:
                    raise RuntimeError(f"two models share the id {obj.id!r}")
                shipped[obj.id] = obj
    _MODELS.update(shipped)
    _SHIPPED.update(shipped)
    _LOADED = True
    _load_entry_points()


def _load_entry_points() -> None:
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            found = _models_in(ep.load())
            if not found:
                raise TypeError("it names no Model subclass with an id, Model instance or module of models")
            for obj in found:
                register_model(obj)
        except Exception as exc:  # a broken plugin must not break the toolkit
            msg = f"model plugin {ep.name!r} ({ep.value}) of entry-point group {ENTRY_POINT_GROUP!r} not loaded: {type(exc).__name__}: {exc}"
            _ERRORS.append(msg)
            warnings.warn(msg, PluginWarning, stacklevel=3)


def plugin_errors() -> list[str]:
    """Why each model plugin that failed to load was skipped (one line each)."""
    _load()
    return list(_ERRORS)


def _models_in(obj: Any) -> list[type[Model] | Model]:
    """The models an entry point or a file names: a class, an instance, a module or a list."""
    if isinstance(obj, Model) or (isinstance(obj, type) and issubclass(obj, Model) and obj.id):
        return [obj]
    if isinstance(obj, ModuleType):
        out: list[type[Model] | Model] = []
        for v in vars(obj).values():
            if isinstance(v, type) and issubclass(v, Model) and v.id and v.__module__ == obj.__name__:
                out.append(v)
            elif isinstance(v, Model) and v.id and _defined_in(v, obj.__name__):
                out.append(v)
        return out
    if isinstance(obj, list | tuple):
        return [m for item in obj for m in _models_in(item)]
    return []


def _defined_in(m: Model, module: str) -> bool:
    fn = getattr(m, "fn", None)
    return (getattr(fn, "__module__", None) if fn is not None else type(m).__module__) == module


def _origin(obj: type[Model] | Model) -> str:
    target = getattr(obj, "fn", None) or (obj if isinstance(obj, type) else type(obj))
    return f"{getattr(target, '__module__', '')}.{getattr(target, '__qualname__', '')}"


def _register(obj: type[Model] | Model, mid: str, replace: bool) -> None:
    old = _MODELS.get(mid)
    if old is not None and old is not obj:
        if mid in _SHIPPED:
            raise ParameterError("id", mid, "an id not used by a shipped model", f"rename the model (shipped: {old!r})")
        if not replace and _origin(old) != _origin(obj):
            raise ParameterError("id", mid, "an id not yet registered",
                                 f"{_origin(old)} is registered under it; pass replace=True to replace it")
    _MODELS[mid] = obj


def register_model(model: type[Model] | Model, *, replace: bool = False) -> str:
    """Register a model (a :class:`Model` subclass or instance with an ``id``); return its id.

    Afterwards :func:`get_model`, :func:`dg.sweep <deterrence_games.sweep>` and the command line
    know it by id. Registering again the same model (the same class or function, e.g. a
    notebook cell run twice) replaces it; another model under a registered id needs
    ``replace=True``, and a shipped model's id is refused.

    Parameters
    ----------
    model : Model subclass or Model instance
        The model; its ``id`` (a non-empty string) is the key.
    replace : bool, default False
        Replace another model registered under the same id.

    Returns
    -------
    str
        The id under which the model is registered.

    Raises
    ------
    ParameterError
        The id is empty, is a shipped model's, or is taken by another model and
        ``replace`` is False.
    TypeError
        ``model`` is not a Model subclass or instance.
    """
    if not (isinstance(model, Model) or (isinstance(model, type) and issubclass(model, Model))):
        raise TypeError(f"`model` must be a Model subclass or instance (got {model!r})")
    mid = model.id
    if not isinstance(mid, str) or not mid:
        raise ParameterError("id", mid, "a non-empty model id", "give the model an `id`")
    _load()
    _register(model, mid, replace)
    return mid


def load_model_file(path: str | Path) -> list[str]:
    """Import the Python file ``path`` and register the models it defines; return their ids.

    An explicit user action (the command line's ``--model-file``): the file runs as Python
    code. Its models pickle by value, so the process and Dask backends can run them.

    Parameters
    ----------
    path : str or Path
        An existing ``.py`` file defining ``Model`` subclasses with an ``id`` or models made
        with :func:`~deterrence_games.model`.

    Returns
    -------
    list of str
        The ids of the models registered (replacing earlier ones of the same id).

    Raises
    ------
    ParameterError
        ``path`` is not an existing ``.py`` file, or it defines no model.
    """
    p = Path(path)
    if p.suffix != ".py" or not p.is_file():
        raise ParameterError("--model-file", str(path), "an existing Python file ending in .py")
    p = p.resolve()
    name = f"deterrence_games_user.{p.stem}_{hashlib.sha1(str(p).encode()).hexdigest()[:8]}"
    spec = importlib.util.spec_from_file_location(name, p)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py file always has a loader
        raise ParameterError("--model-file", str(path), "an importable Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    BY_VALUE_MODULES.add(name)
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    try:
        import cloudpickle

        cloudpickle.register_pickle_by_value(module)
    except ImportError:  # pragma: no cover - then the models run on the serial backend only
        pass
    found = _models_in(module)
    if not found:
        raise ParameterError("--model-file", str(path), "a Python file that defines at least one model",
                             "define a Model subclass with an `id`, or a model made with dg.model(...)")
    return [register_model(m, replace=True) for m in found]


def model_ids() -> list[str]:
    """Sorted ids of all registered models."""
    _load()
    return sorted(_MODELS)


def list_models() -> list[Model]:
    """One instance of every registered model, sorted by id."""
    return [get_model(i) for i in model_ids()]


def get_model(model_id: str | Model) -> Model:
    """The model registered under ``model_id`` (a Model instance is returned as is).

    Parameters
    ----------
    model_id : str or Model
        A registered id (see :func:`model_ids`; ``deterrence-games models`` lists them with
        their parameters), or a model instance.

    Returns
    -------
    Model
        An instance of the model; ``model.solve?`` shows its parameters.

    Raises
    ------
    ParameterError
        ``model_id`` is not a registered id (the message lists the ids).
    TypeError
        ``model_id`` is neither a string nor a Model.

    Examples
    --------
    >>> import deterrence_games as dg
    >>> model = dg.get_model("crisis_bargaining_signal")
    >>> model.information
    ('rho',)
    """
    if isinstance(model_id, Model):
        return model_id
    if not isinstance(model_id, str):
        hint = " (wrap a function with dg.model(...))" if callable(model_id) else ""
        raise TypeError(f"`model` must be a model id string or a Model (got {model_id!r}){hint}")
    _load()
    try:
        entry = _MODELS[model_id]
    except KeyError:
        raise ParameterError("model", model_id, f"one of {', '.join(sorted(_MODELS))}",
                             "unknown model id") from None
    return entry if isinstance(entry, Model) else entry()
