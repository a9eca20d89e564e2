"""``deterrence-games statics MODEL --wrt PARAM [--json]``: sign of d Pr(escalation) / d PARAM per regime."""

from __future__ import annotations

import argparse
import json


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("statics", help="comparative statics: sign of the escalation derivative per regime")
    p.add_argument("model")
    p.add_argument("--wrt", required=True, metavar="PARAM", help="the parameter to differentiate with respect to")
    p.add_argument("--points", type=int, default=200, help="random points per regime for numerical evidence")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true", help="one JSON object")
    from ._parsing import add_model_file_argument

    add_model_file_argument(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .._validation import ParameterError
    from ..models import get_model
    from ..symbolic import statics

    if not 1 <= args.points <= 10**6:
        raise ParameterError("--points", args.points, "1 <= points <= 1e6", "random points per regime, held in memory")
    res = statics(get_model(args.model), args.wrt, n_points=args.points, rng=args.seed)
    if args.json:
        print(json.dumps(res.to_dict(), indent=2))
    else:
        frame = res.to_frame()[["regime", "equilibrium", "sign", "method", "derivative", "evidence"]]
        print(f"d Pr(escalation) / d {args.wrt} in model {res.model!r}:")
        print(frame.to_string(index=False, max_colwidth=80))
    return 0
