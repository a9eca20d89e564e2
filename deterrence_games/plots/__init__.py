"""Figures drawn from result objects and sweep tables (never recomputing)."""

from .escalation import escalation

__all__ = ["escalation"]
