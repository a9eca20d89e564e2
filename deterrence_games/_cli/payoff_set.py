"""``deterrence-games payoff-set``: equilibrium payoff set of a repeated two-player game.

Examples::

    deterrence-games payoff-set --A "9,1;10,3" --B "9,10;1,3" --delta 0.9
    deterrence-games payoff-set --A "2,-1;3,0" --B "2,3;-1,0" --delta 0.9 \\
        --monitoring pi.json --directions 64 --json --plot sets.png

Matrices are written row by row, rows separated by ``;`` and entries by ``,`` (or as JSON,
``[[9,1],[10,3]]``). Without ``--monitoring`` the exact perfect-monitoring set (APS) is
computed; with it (a JSON file holding the array ``pi[i][j][y] = p(y | i, j)``, or an
object with key ``pi`` or ``distribution``) the JYC inner and outer bounds of the
perfect-public-equilibrium set.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

from .._validation import ParameterError


def _matrix(name: str, text: str) -> np.ndarray:
    text = text.strip()
    try:
        if text.startswith("["):
            arr = np.array(json.loads(text), dtype=float)
        else:
            rows = [r for r in text.split(";") if r.strip()]
            arr = np.array([[float(x) for x in r.split(",")] for r in rows], dtype=float)
    except (ValueError, TypeError):
        raise ParameterError(name, text, "a matrix such as '9,1;10,3' or '[[9,1],[10,3]]'") from None
    if arr.ndim != 2 or 0 in arr.shape:
        raise ParameterError(name, text, "a non-empty rectangular matrix, rows separated by ';'")
    return arr


def _monitoring(path: str) -> np.ndarray:
    p = Path(path)
    if not p.is_file():
        raise ParameterError("--monitoring", path, "an existing JSON file")
    try:
        data: Any = json.loads(p.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ParameterError("--monitoring", path, "a JSON file", f"it does not parse: {exc.msg if hasattr(exc, 'msg') else exc}") from None
    if isinstance(data, dict):
        for key in ("pi", "distribution"):
            if key in data:
                data = data[key]
                break
        else:
            raise ParameterError("--monitoring", path, "a JSON array or an object with key 'pi'")
    try:
        return np.array(data, dtype=float)
    except (ValueError, TypeError):
        raise ParameterError("--monitoring", path, "a rectangular array of probabilities pi[i][j][y]") from None


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "payoff-set",
        help="equilibrium payoff set of a repeated game (APS / JYC bounds)",
        description=__doc__.splitlines()[0],
    )
    p.add_argument("--A", required=True, help="row player's payoffs, e.g. '9,1;10,3'")
    p.add_argument("--B", required=True, help="column player's payoffs, e.g. '9,10;1,3'")
    p.add_argument("--delta", required=True, type=str, help="discount factor in (0, 1)")
    p.add_argument("--monitoring", default=None, help="JSON file with pi[i][j][y] = p(y | a)")
    p.add_argument("--directions", default="64", help="number of JYC directions (default 64)")
    p.add_argument("--symmetric", action="store_true",
                   help="strongly symmetric equilibria (needs --monitoring, a symmetric game)")
    p.add_argument("--tol", default=None, help="convergence tolerance")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--plot", default=None, metavar="FILE.png", help="draw the set into this file")
    p.set_defaults(func=run)


def _float(name: str, text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ParameterError(name, text, "a number") from None


def run(args: argparse.Namespace) -> int:
    from ..solvers.payoff_sets import aps_polygon, jyc_bounds

    A = _matrix("--A", args.A)
    B = _matrix("--B", args.B)
    delta = _float("--delta", args.delta)
    opts: dict[str, Any] = {}
    if args.tol is not None:
        opts["tol"] = _float("--tol", args.tol)
    if args.plot is not None and Path(args.plot).suffix.lower() not in (".png", ".pdf", ".svg"):
        raise ParameterError("--plot", args.plot, "a file name ending in .png, .pdf or .svg")
    if args.monitoring is None:
        if args.symmetric:
            raise ParameterError("--symmetric", True, "used together with --monitoring")
        result: Any = aps_polygon(A, delta, B=B, **opts)
    else:
        try:
            directions = int(args.directions)
        except ValueError:
            raise ParameterError("--directions", args.directions, "an integer >= 3") from None
        pi = _monitoring(args.monitoring)
        result = jyc_bounds(A, delta, pi, B=B, directions=directions, symmetric=args.symmetric,
                            **opts)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print(str(result))
    if args.plot is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from ..plots.payoff_sets import plot_payoff_set

        pts = np.stack([A.ravel(), B.ravel()], axis=1)
        ax = plot_payoff_set(result, points=pts)
        ax.figure.savefig(args.plot, dpi=120, bbox_inches="tight")
        plt.close(ax.figure)
    return 0
