"""``deterrence-games symbolic MODEL [--latex | --json]``: a model's closed form per regime."""

from __future__ import annotations

import argparse
import json


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("symbolic", help="print a model's regimes, conditions and escalation expression")
    p.add_argument("model")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--latex", action="store_true", help="a LaTeX cases snippet")
    fmt.add_argument("--json", action="store_true", help="one JSON object (expressions as sympy strings)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..models import get_model
    from ..symbolic import symbolic_form

    form = symbolic_form(get_model(args.model))
    if args.json:
        print(json.dumps(form.to_dict(), indent=2))
    elif args.latex:
        print(form.to_latex())
    else:
        print(str(form))
    return 0
