"""``deterrence-games atlas``: the transparency atlas for some or all registered models."""

from __future__ import annotations

import argparse
from pathlib import Path

from .._validation import ParameterError


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "atlas",
        help="classify how more information changes equilibrium escalation, model by model",
        description="Sweep every information parameter of the given models (default: all "
                    "registered models that declare one) and print the effect of more "
                    "information on escalation: lowers / raises / non-monotone / no effect, read in "
                    "the direction of more information that the column 'more information =' states "
                    "(a parameter increasing, or decreasing for noise and error rates).",
    )
    p.add_argument("models", nargs="*", metavar="MODEL")
    p.add_argument("--points", type=int, default=401, help="grid points per setting (default 401)")
    p.add_argument("--out", default=None, help="write the summary table to this CSV file")
    p.add_argument("--curves", default=None, help="write every curve (tidy) to this CSV file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..models import get_model
    from ..sweeps.atlas import atlas_settings, run_atlas

    if not 2 <= args.points <= 10**5:
        raise ParameterError("--points", args.points, "an integer with 2 <= points <= 1e5",
                             "grid points per setting, every curve held in memory")
    models = [get_model(m) for m in args.models] or None
    if models is not None:
        for m in models:
            if not m.information:
                raise ParameterError("MODEL", m.id, "a model with information parameters",
                                     "this model declares none")
    result = run_atlas(atlas_settings(models, n=args.points))
    cols = ["model", "setting", "information_parameter", "more_information_means", "envelope", "effect",
            "ranges_compact"]
    # `effect` reads the curve in the direction of more information, which the previous column
    # states: where more information is a smaller parameter value, a curve rising along the
    # figure's axis "lowers" escalation.
    print(result.summary[cols].rename(columns={"information_parameter": "parameter",
                                               "more_information_means": "more information ="})
          .to_string(index=False))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        result.summary.to_csv(args.out, index=False)
    if args.curves:
        Path(args.curves).parent.mkdir(parents=True, exist_ok=True)
        result.curves.to_csv(args.curves, index=False)
    return 0
