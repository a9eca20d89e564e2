"""Published models of crisis escalation, one module each (see :func:`get_model`)."""

from ._base import Model, Parameter
from ._registry import get_model, list_models, model_ids

__all__ = ["Model", "Parameter", "get_model", "list_models", "model_ids"]
