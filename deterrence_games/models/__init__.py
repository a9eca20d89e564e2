"""Published models of crisis escalation, one module each (see :func:`get_model`), and the
public contract a new model implements (:class:`Model`, :class:`Parameter`, the domains
:func:`interval`, :func:`integer`, :func:`choice`, and :func:`model` for models from functions)."""

from ._qre_select import QRESelection, QRESelectionError, qre_selection  # registers select="qre"
from ._registry import (
           PluginWarning,
           get_model,
           list_models,
           load_model_file,
           model_ids,
           plugin_errors,
           register_model,
)
from .base import ROLES, Model, Parameter, choice, integer, interval
from .function import FunctionModel, model

__all__ = ["Model", "Parameter", "get_model", "list_models", "model_ids", "qre_selection", "QRESelection",
           "QRESelectionError", "ROLES", "choice", "integer", "interval", "FunctionModel", "model",
           "register_model", "load_model_file", "PluginWarning", "plugin_errors"]
