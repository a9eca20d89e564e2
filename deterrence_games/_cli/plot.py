"""``deterrence-games plot``: draw a figure from a saved sweep table (never recomputes).

Examples::

    deterrence-games sweep crisis_bargaining_signal --grid rho=0.5:1:101 --grid pi=0.3,0.6 --out war.csv
    deterrence-games plot war.csv --x rho --hue pi --out war.png
    deterrence-games plot table.parquet --x q --y prob_war --select min --out war.pdf
"""

from __future__ import annotations

from pathlib import Path

from .._validation import ParameterError

FORMATS = (".png", ".pdf", ".svg")


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("plot", help="draw escalation against a parameter from a saved sweep table")
    p.add_argument("table", help="a table written by `deterrence-games sweep` (.csv or .parquet)")
    p.add_argument("--x", required=True, help="parameter on the horizontal axis")
    p.add_argument("--y", default="escalation_probability", help="column to draw (default escalation_probability)")
    p.add_argument("--hue", default=None, help="one colour per value of this parameter")
    p.add_argument("--select", default=None, choices=["min", "max"],
                   help="draw the least (min) or most (max) escalatory equilibrium as one curve, the "
                        "range over equilibria shaded (default: every equilibrium, followed by its label)")
    p.add_argument("--title", default=None)
    p.add_argument("--out", required=True, help="figure file (.png, .pdf or .svg)")
    p.set_defaults(func=run)


def run(args) -> int:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..plots import escalation, save_figure
    from ..sweeps import load_table

    path = Path(args.table)
    if not path.is_file() or path.suffix.lower() not in (".csv", ".parquet"):
        raise ParameterError("TABLE", str(path), "an existing .csv or .parquet sweep table")
    out = Path(args.out)
    if out.suffix.lower() not in FORMATS:
        raise ParameterError("--out", str(out), f"a path ending in {', '.join(FORMATS)}")
    table = load_table(path)
    for name, col in (("--x", args.x), ("--y", args.y), ("--hue", args.hue)):
        if col is not None and col not in table.columns:
            raise ParameterError(name, col, f"a column of the table ({', '.join(map(str, table.columns))})")
    ax = escalation(table, x=args.x, y=args.y, hue=args.hue, title=args.title, select=args.select)
    save_figure(ax.figure, out, [out.suffix.lower().lstrip(".")])
    plt.close(ax.figure)
    print(f"wrote {out}")
    return 0
