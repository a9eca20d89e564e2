"""Published models of crisis escalation, one module each (see :func:`get_model`)."""

from . import _qre_select  # noqa: F401 - registers the selection select="qre"
from ._base import Model, Parameter
from ._registry import get_model, list_models, model_ids

__all__ = ["Model", "Parameter", "get_model", "list_models", "model_ids"]
