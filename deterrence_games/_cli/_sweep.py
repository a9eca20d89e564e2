"""``deterrence-games sweep``: flags or a TOML spec, progress bar, --dry-run, --resume.

(A private module: the subcommand is registered by :mod:`deterrence_games.cli`, which
calls :func:`add_arguments` and :func:`run`.)

Examples::

    deterrence-games sweep inspection --grid non_detection=0:0.6:61 --grid false_alarm=0,0.05,0.2 --out t.parquet
    deterrence-games sweep inspection --design lhs --range non_detection=0:0.6 --range false_alarm=0:0.2 \\
        --n-points 10000 --seed 1 --backend process --out runs/lhs
    deterrence-games sweep --spec sweep.toml --dry-run
    deterrence-games sweep --spec sweep.toml --resume     # after an interruption
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

from .._validation import ParameterError
from ._parsing import MAX_AXIS

__all__ = ["add_arguments", "run", "MAX_POINTS"]

#: points of a design beyond which ``sweep`` asks for ``--yes`` (after printing the estimate)
MAX_POINTS = 10**9


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", nargs="?", help="model id (or `model` in the --spec file)")
    p.add_argument("--spec", metavar="FILE.toml", help="a TOML sweep specification (data only)")
    p.add_argument("--grid", action="append", default=[], metavar="NAME=START:STOP:NUM",
                   help="Cartesian grid axis: NAME=START:STOP:NUM (inclusive) or NAME=v1,v2,...")
    p.add_argument("--range", action="append", default=[], metavar="NAME=LOW:HIGH",
                   help="range of a sampled design (lhs, random); NAME=opt1,opt2 for a categorical parameter")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="fixed parameter")
    p.add_argument("--select", default=None, help="all | min | max | first | flag:<name> | qre (limit of the logit QRE branch; models with a finite game) (default all)")
    p.add_argument("--design", default=None, choices=["grid", "lhs", "random"])
    p.add_argument("--n-points", type=int, default=None, help="points of a sampled design")
    p.add_argument("--seed", type=int, default=None, help="seed of a sampled design")
    p.add_argument("--backend", default=None, choices=["auto", "serial", "process", "dask", "vectorized"])
    p.add_argument("--chunk-size", type=int, default=None)
    p.add_argument("--workers", type=int, default=None, help="processes of the process backend")
    p.add_argument("--scheduler", default=None, help="dask scheduler address (tcp://host:8786)")
    p.add_argument("--no-vectorized", dest="vectorized", action="store_false", default=None,
                   help="solve point by point even if the model has a closed form")
    p.add_argument("--out", default=None,
                   help="output: a folder (parts + manifest) or a .csv / .parquet file (default: CSV on stdout)")
    p.add_argument("--resume", action="store_true", help="continue the interrupted sweep in --out")
    p.add_argument("--overwrite", action="store_true", help="replace an existing --out .csv / .parquet file")
    p.add_argument("--yes", action="store_true",
                   help=f"run a sweep beyond the size budgets (a grid axis over {MAX_AXIS:.0e} values, "
                        f"a design over {MAX_POINTS:.0e} points)")
    p.add_argument("--dry-run", action="store_true", help="print the number of points and a time estimate")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar (default: when stderr is a terminal)")


def _parse_range(model: Any, text: str) -> tuple[str, Any]:
    from ._parsing import _current_name, _parse_value

    if "=" not in text:
        raise ParameterError("--range", text, "NAME=LOW:HIGH or NAME=opt1,opt2,...")
    name, spec = (s.strip() for s in text.split("=", 1))
    name = _current_name(model, name)
    model.parameter(name)
    if ":" in spec:
        parts = spec.split(":")
        if len(parts) != 2:
            raise ParameterError("--range", text, "NAME=LOW:HIGH")
        return name, tuple(_parse_value(model, name, s.strip()) for s in parts)
    items = [s.strip() for s in spec.split(",") if s.strip()]
    if not items:
        raise ParameterError("--range", text, "NAME=LOW:HIGH or NAME=opt1,opt2,...")
    return name, [_parse_value(model, name, s) for s in items]


def _options(args: argparse.Namespace) -> dict[str, Any]:
    """Merge the spec file (if any) with the flags; flags given explicitly win."""
    from ..models import get_model
    from ..sweeps.spec import check_spec_values, read_spec
    from ._parsing import check_unique, parse_assignment, parse_grid

    max_axis = None if args.yes else MAX_AXIS
    opts: dict[str, Any] = read_spec(args.spec, confine_out=args.out is None, max_axis=max_axis) if args.spec else {}
    if args.model:
        opts["model"] = args.model
    if "model" not in opts:
        raise ParameterError("MODEL", None, "a model id (or --spec FILE.toml)")
    model = get_model(opts["model"])
    opts["model"] = model
    if args.grid and args.range:
        raise ParameterError("--range", args.range[0], "either --grid or --range, not both")
    if args.spec:
        check_spec_values(model, opts, args.spec)
    if args.grid:
        opts["grid"] = check_unique("--grid", [parse_grid(model, g, max_axis) for g in args.grid])
    if args.range:
        opts["grid"] = check_unique("--range", [_parse_range(model, r) for r in args.range])
    if args.set:
        opts["fixed"] = {**opts.get("fixed", {}), **check_unique("--set", [parse_assignment(model, s) for s in args.set])}
    for key in ("select", "design", "n_points", "seed", "backend", "chunk_size", "workers", "scheduler",
                "out", "vectorized"):
        value = getattr(args, key)
        if value is not None:
            opts[key] = value
    if "grid" not in opts:
        raise ParameterError("--grid", None, "at least one NAME=START:STOP:NUM (or --range, or a spec)")
    if args.range and "design" not in opts:
        raise ParameterError("--design", None, "lhs or random with --range")
    return opts


def _n_points(grid: Any, opts: dict[str, Any]) -> int:
    """The number of points of the design, computed without building it."""
    if opts.get("design") in ("lhs", "random"):
        return int(opts.get("n_points") or 0)
    if isinstance(grid, dict):
        return math.prod(len(v) for v in grid.values())
    return len(grid)


def run(args: argparse.Namespace) -> int:
    from ..sweeps import estimate, sweep

    opts = _options(args)
    model = opts.pop("model")
    grid = opts.pop("grid")
    out = opts.pop("out", None)
    n = _n_points(grid, opts)
    if args.dry_run or (n > MAX_POINTS and not args.yes):
        kw = {k: opts[k] for k in ("fixed", "select", "vectorized", "design", "n_points", "seed", "backend", "workers")
              if k in opts}
        scale = 1.0
        if kw.get("n_points") is not None and kw["n_points"] > 10_000:  # calibrate on a sample, not n points
            scale, kw["n_points"] = kw["n_points"] / 10_000, 10_000
        e = estimate(model, grid, **kw)
        e["n_points"], e["estimated_seconds"] = n, e["estimated_seconds"] * scale
        backend = opts.get("backend", "auto")
        line = (f"{e['n_points']} points; calibration: {e['calibration_points']} points in "
                f"{e['calibration_seconds']:.3g} s ({e['points_per_second']:.3g} points/s serial); "
                f"estimated {e['estimated_seconds']:.3g} s with backend {backend} on {e['workers']} worker(s)")
        if args.dry_run:
            print(line)
            return 0
        raise ParameterError("design", f"{n} points", f"at most {MAX_POINTS:.0e} points without --yes", line)
    if out is None and args.resume:
        raise ParameterError("--out", None, "the output of the interrupted sweep, with --resume")
    if out is None:  # the table as CSV on stdout, the summary on stderr
        table = sweep(model, grid, progress=args.progress, **opts)
        table.to_csv(sys.stdout, index=False)
        prov = table.attrs["provenance"]
        print(f"{len(table)} rows ({prov['n_points']} points, {prov['n_failed']} failed)", file=sys.stderr)
        return 0
    out = Path(out)
    if out.suffix and out.suffix.lower() not in (".csv", ".parquet"):
        raise ParameterError("--out", str(out), "a folder, or a path ending in .csv or .parquet")
    try:
        result = sweep(model, grid, out=out, resume=args.resume, progress=args.progress, collect=False,
                       overwrite=args.overwrite, **opts)
    except KeyboardInterrupt:
        parts = out if not out.suffix else out.with_name(out.name + ".parts")
        print(f"deterrence-games: interrupted; finished chunks are kept in {parts}: rerun with --resume",
              file=sys.stderr)
        return 130
    prov = result.attrs["provenance"] if hasattr(result, "attrs") else result.provenance
    n_rows = len(result) if hasattr(result, "attrs") else result.n_rows
    print(f"wrote {n_rows} rows ({prov['n_points']} points, {prov['n_failed']} failed) to {out}")
    for reason, count in prov.get("failures", {}).items():
        print(f"  {count} x {reason}")
    return 0
