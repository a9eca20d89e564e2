"""Many solves: parameter grids in, tidy tables out."""

from .run import STATUS_FAILED, STATUS_OK, grid_points, load_table, save_table, sweep

__all__ = ["sweep", "grid_points", "save_table", "load_table", "STATUS_OK", "STATUS_FAILED"]
