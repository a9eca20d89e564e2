"""Figures drawn from result objects and sweep tables (never recomputing)."""

from .escalation import curves, draw_curve, escalation
from .maps import heatmap, point_table, regime_map
from .style import column_label, figure_problems, parameter_label, save_figure, style

__all__ = ["escalation", "curves", "draw_curve", "heatmap", "regime_map", "point_table", "style", "save_figure",
           "figure_problems", "parameter_label", "column_label"]
