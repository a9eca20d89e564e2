"""Published models of crisis escalation, one module each (see :func:`get_model`)."""

from ._base import Model, Parameter
from ._qre_select import QRESelection, QRESelectionError, qre_selection  # registers select="qre"
from ._registry import get_model, list_models, model_ids

__all__ = ["Model", "Parameter", "get_model", "list_models", "model_ids", "qre_selection", "QRESelection",
           "QRESelectionError"]
