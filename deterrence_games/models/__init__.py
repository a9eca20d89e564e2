"""Published models of crisis escalation, one module each (see :func:`get_model`), and the
public contract a new model implements (:class:`Model`, :class:`Parameter`, the domains
:func:`interval`, :func:`integer`, :func:`choice`, and :func:`model` for models from functions)."""

from ._registry import (
           PluginWarning,
           get_model,
           list_models,
           load_model_file,
           model_ids,
           plugin_errors,
           register_model,
)
from ._symbolic import (
           ESCALATION,
           StaticsResult,
           SymbolicForm,
           has_symbolic,
           model_symbols,
           prove_sign,
           statics,
           statics_table,
           symbolic_form,
           write_statics_csv,
)
from .base import (
           PROVENANCE_ORDER,
           ROLES,
           ArraySolution,
           Model,
           Parameter,
           Variant,
           choice,
           integer,
           interval,
)
from .function import FunctionModel, model
from .selection import (
           QRESelection,
           QRESelectionError,
           check_qre_supported,
           qre_options,
           qre_selection,
)

__all__ = ["Model", "Parameter", "get_model", "list_models", "model_ids", "qre_selection", "QRESelection",
           "QRESelectionError", "ROLES", "choice", "integer", "interval", "FunctionModel", "model",
           "register_model", "load_model_file", "PluginWarning", "plugin_errors",
           "ArraySolution", "Variant", "PROVENANCE_ORDER", "check_qre_supported", "qre_options",
           "ESCALATION", "StaticsResult", "SymbolicForm", "has_symbolic", "model_symbols", "prove_sign", "statics",
           "statics_table", "symbolic_form", "write_statics_csv"]
