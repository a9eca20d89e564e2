"""``deterrence-games estimate egame12|egame122|egame123 --data war1800|PATH.csv --formula F [...] [--json]``.

Fits a strategic model by maximum likelihood (:func:`deterrence_games.estimation.egame12` and its siblings)
and prints its summary, or one JSON object with ``loglik``, ``n_obs``, ``n_dropped``,
``params``, ``bse`` and ``converged``. Bad input (an unknown column, outcome columns that
are not 0/1 or not nested, a formula that cannot be parsed, no variation) exits with
status 2 and one line naming the problem; a fit that does not converge is printed with
``"converged": false`` and exits with status 1.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .._validation import ParameterError

_MODELS = ("egame12", "egame122", "egame123")


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("estimate", help="fit a strategic model (egame12) to dispute data by maximum likelihood")
    p.add_argument("model", help="the strategic model: egame12, egame122 or egame123")
    p.add_argument("--data", required=True, help="a shipped data set (war1800) or a CSV file")
    p.add_argument("--formula", required=True,
                   help="R games form, e.g. 'esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2'")
    p.add_argument("--link", default="probit", help="probit (default) or logit")
    p.add_argument("--errors", default="agent", help="agent (default) or private")
    p.add_argument("--vcov", default=None, help="hessian (default), opg, sandwich, or bootstrap (with --boot)")
    p.add_argument("--boot", type=int, default=0, help="bootstrap replicates (default 0)")
    p.add_argument("--seed", type=int, default=0, help="seed of the restarts and the bootstrap (default 0)")
    p.add_argument("--restarts", type=int, default=4, help="random restarts besides the SBI start (default 4)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def _load(spec: str):
    import pandas as pd

    from .. import datasets

    if spec in datasets.list():
        return datasets.load(spec)
    path = Path(spec)
    if path.suffix.lower() != ".csv" or not path.is_file():
        raise ParameterError("--data", spec, f"a shipped data set ({', '.join(datasets.list())}) or an existing .csv file")
    try:
        return pd.read_csv(path)
    except Exception as exc:  # unreadable CSV: one line
        raise ParameterError("--data", spec, "a readable CSV file", f"{type(exc).__name__}: {exc}") from None


def run(args: argparse.Namespace) -> int:
    import warnings

    from .. import estimation
    from ..warnings import ConvergenceWarning

    if args.model not in _MODELS:
        raise ParameterError("MODEL", args.model, f"one of {', '.join(_MODELS)}")
    data = _load(args.data)
    vcov = args.vcov or ("bootstrap" if args.boot else "hessian")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # reported in the output instead
        fit = getattr(estimation, args.model)(args.formula, data, link=args.link, errors=args.errors, vcov=vcov, boot=args.boot,
                      boot_seed=args.seed, seed=args.seed, restarts=args.restarts)
    if args.json:
        print(json.dumps(fit.to_dict(), indent=2, default=float))
    else:
        print(str(fit.summary()))
        for w in fit.warnings:
            print(f"warning: {w}")
    return 0 if fit.converged else 1
