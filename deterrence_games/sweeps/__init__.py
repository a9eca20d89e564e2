"""Many solves: parameter designs in, tidy tables out (serial, process pool or Dask; resumable)."""

from .designs import Design, Grid, LatinHypercube, Points, RandomDesign, make_design
from .run import (
    BACKENDS,
    STATUS_FAILED,
    STATUS_OK,
    SweepRun,
    estimate,
    failure_summary,
    grid_points,
    load_sweep,
    load_table,
    save_table,
    sweep,
)

__all__ = [
    "sweep", "grid_points", "save_table", "load_table", "load_sweep", "failure_summary", "SweepRun", "estimate",
    "Design", "Grid", "Points", "LatinHypercube", "RandomDesign", "make_design",
    "BACKENDS", "STATUS_OK", "STATUS_FAILED",
]
