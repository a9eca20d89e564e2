"""Figures drawn from result objects and sweep tables (never recomputing)."""

from .escalation import escalation
from .maps import heatmap, point_table, regime_map

__all__ = ["escalation", "heatmap", "regime_map", "point_table"]
