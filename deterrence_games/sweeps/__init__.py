"""Many solves: parameter designs in, tidy tables out (serial, process pool or Dask; resumable).

>>> import numpy as np, deterrence_games as dg
>>> t = dg.sweep("inspection", {"non_detection": np.linspace(0, 0.6, 61), "false_alarm": [0.0, 0.05]})
>>> lhs = dg.sweep("inspection", {"non_detection": (0, 0.6), "false_alarm": (0, 0.3)}, design="lhs",
...                n_points=200, seed=1)
>>> len(lhs)
200

Generic solvers run in a process pool (``backend="process"``, or automatically when a sweep
would take more than a few seconds) or on Dask (``client=`` / ``scheduler=``; on one
machine ``distributed.Client(local_cluster())``, configured for CPU-bound chunks: see
:mod:`deterrence_games.sweeps.cluster`); with
``out="folder"`` finished chunks are kept on disk and ``resume=True`` continues an
interrupted sweep (see :mod:`deterrence_games.sweeps.run`; the sweep's validated plan is
:func:`plan_sweep`, its backends and store are :mod:`.backends` and :mod:`.store`). ``deterrence-games sweep
--spec sweep.toml`` runs a TOML spec (:mod:`deterrence_games.sweeps.spec`). Figures:
``dg.plot.escalation``, ``dg.plot.heatmap``, ``dg.plot.regime_map``.
"""

from .cluster import DASK_SWEEP_CONFIG, dask_sweep_environ, local_cluster
from .designs import Design, Grid, LatinHypercube, Points, RandomDesign, make_design
from .plan import SweepPlan, plan_sweep
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
    "sweep", "plan_sweep", "SweepPlan", "grid_points", "save_table", "load_table", "load_sweep", "failure_summary", "SweepRun", "estimate",
    "Design", "Grid", "Points", "LatinHypercube", "RandomDesign", "make_design",
    "BACKENDS", "STATUS_OK", "STATUS_FAILED", "DASK_SWEEP_CONFIG", "dask_sweep_environ", "local_cluster",
]
