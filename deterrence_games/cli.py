"""The ``deterrence-games`` command: a thin layer over models, sweeps and papers/.

Subcommands: ``models``, ``solve``, ``sweep``, ``reproduce``, plus plugins found in
:mod:`deterrence_games._cli` (each module defines ``add_parser(subparsers)``).
``models``, ``solve``, ``sweep`` and ``statics`` take ``--model-file PATH.py`` to run a
user's model (the file is imported and the models it defines are registered).

Bad input (an unknown model or parameter, a value outside its domain, a malformed grid)
exits with status 2 and a single line naming the parameter, the value and the domain.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from ._cli._parsing import (
    add_model_file_argument,
    json_text,
    load_model_files,
    parse_assignment,
    parse_grid,
)
from ._validation import ParameterError
from ._version import __version__

__all__ = ["main", "parse_assignment", "parse_grid"]


class UsageError(Exception):
    """Malformed command line (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, no usage dump
        raise UsageError(message)


# ---------------------------------------------------------------------------------------
# subcommands
# ---------------------------------------------------------------------------------------


def _cmd_models(args: argparse.Namespace) -> int:
    from .models import list_models

    models = list_models()
    if args.json:
        print(json.dumps([m.describe() for m in models], indent=2))
        return 0
    for m in models:
        print(f"{m.id}  [{m.provenance_text()}]  {m.title}")
        for p in m.parameters:
            info = "  (information)" if p.information else ""
            info += f"  [role: {p.role}]" if p.role else ""
            info += f"  (formerly {', '.join(p.former)})" if p.former else ""
            sym = f" ({p.symbol})" if p.symbol else ""
            print(f"    {p.name}{sym} = {p.default!r}; {p.describe()}; {p.meaning}{info}")
    return 0


def _cmd_solve(args: argparse.Namespace) -> int:
    from .models import get_model

    model = get_model(args.model)
    params = dict(parse_assignment(model, s) for s in args.set)
    sol = model.solve(**params)
    if args.json:
        print(json_text(sol.to_dict()))
    else:
        print(str(sol))
    return 0


def _cmd_sweep(args: argparse.Namespace) -> int:
    from ._cli._sweep import run

    return run(args)


def find_papers_dir(explicit: str | None = None) -> Path:
    """The ``papers/`` folder: explicit, else next to the package (source checkout), else ./papers."""
    if explicit:
        path = Path(explicit)
        if not path.is_dir():
            raise ParameterError("--papers-dir", explicit, "an existing folder")
        return path
    here = Path(__file__).resolve().parent.parent / "papers"
    if here.is_dir():
        return here
    cwd = Path.cwd() / "papers"
    if cwd.is_dir():
        return cwd
    raise ParameterError("--papers-dir", None, "a papers/ folder (run from a source checkout or pass --papers-dir)")


def available_papers(papers_dir: Path) -> list[str]:
    return sorted(p.name for p in papers_dir.iterdir() if (p / "reproduce.py").is_file())


def _cmd_reproduce(args: argparse.Namespace) -> int:
    from .replication import check_paper, run_paper

    papers_dir = find_papers_dir(args.papers_dir)
    known = available_papers(papers_dir)
    if args.list:
        for name in known:
            print(name)
        return 0
    wanted = args.papers or known
    for name in wanted:
        if name not in known:
            raise ParameterError("PAPER", name, f"one of {', '.join(known)}")
    out = Path(args.out)
    failed, differ = [], []
    for name in wanted:
        try:
            files = run_paper(papers_dir / name, out / name)
            check = check_paper(papers_dir / name, out / name)
        except Exception as exc:  # report and go on with the other papers
            failed.append(name)
            print(f"{name}: FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        print(f"{name}: {check.summary()} ({len(files)} files in {out / name})", flush=True)
        if not check.matches:
            differ.append(name)
    if differ:
        print(f"{len(differ)} of {len(wanted)} replications differ from expected/: {', '.join(differ)}",
              file=sys.stderr)
    if failed:
        print(f"{len(failed)} of {len(wanted)} replications failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed or differ else 0


#: An example per subcommand, printed under its --help.
EXAMPLES = {
    "models": "deterrence-games models\n  deterrence-games models --json > models.json",
    "solve": "deterrence-games solve crisis_bargaining_signal --set rho=0.75 --set pi=0.6\n"
             "  deterrence-games solve inspection_roc --set variant=leadership --json",
    "sweep": "deterrence-games sweep crisis_bargaining_signal --grid rho=0.5:1:101 --grid pi=0.3,0.6 --out war.csv\n"
             "  deterrence-games sweep inspection --grid non_detection=0:0.6:7 | head      (CSV on stdout)\n"
             "  deterrence-games sweep --spec sweep.toml --dry-run",
    "reproduce": "deterrence-games reproduce --list\n"
                 "  deterrence-games reproduce Fearon1995 --out out     (exit 1 if a table differs from expected/)",
    "atlas": "deterrence-games atlas crisis_signaling --points 101\n"
             "  deterrence-games atlas --out atlas.csv",
    "plot": "deterrence-games plot war.csv --x rho --hue pi --out war.pdf\n"
            "  deterrence-games plot war.csv --x rho --select min --out war.png",
    "statics": "deterrence-games statics crisis_bargaining_signal --wrt rho",
    "symbolic": "deterrence-games symbolic reassurance",
    "automaton": "deterrence-games automaton --help     (the options list the strategies and games)",
    "payoff-set": "deterrence-games payoff-set --help    (the options list the stage games)",
    "estimate": "deterrence-games estimate egame12 --data war1800 "
                "--formula 'esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2' --json\n"
                "  deterrence-games estimate egame12 --data disputes.csv --formula F --link logit --errors private",
}


def _plain(text: str) -> str:
    """Help text without reStructuredText markup (``x`` -> x, :func:`x` -> x)."""
    import re

    text = re.sub(r":\w+:`~?([^`]+)`", r"\1", text)
    return text.replace("``", "").replace("::", ":")


def _suggestion(exc: ParameterError) -> str:
    """"did you mean X?" when the value is a near miss of one of the allowed names."""
    import difflib
    import re

    if not isinstance(exc.value, str):
        return ""
    m = re.search(r"one of ([^;()]+)", str(exc.domain)) or re.search(r"\(([^()]*,[^()]*)\)", str(exc.domain))
    if not m:
        return ""
    options = [o.strip() for o in m.group(1).split(",") if o.strip()]
    close = difflib.get_close_matches(exc.value, options, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close and close[0] != exc.value else ""


# ---------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="deterrence-games", description=_plain(__doc__.splitlines()[0]),
                     epilog="Run 'deterrence-games COMMAND --help' for the options and an example of each command.")
    parser.add_argument("--version", action="version", version=f"deterrence_games {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("models", help="list models with their parameters, defaults and domains")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_model_file_argument(p)
    p.set_defaults(func=_cmd_models)

    p = sub.add_parser("solve", help="solve one model at one parameter point")
    p.add_argument("model")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_model_file_argument(p)
    p.set_defaults(func=_cmd_solve)

    p = sub.add_parser("sweep", help="sweep a model over a grid or design and write a table")
    from ._cli._sweep import add_arguments

    add_arguments(p)
    add_model_file_argument(p)
    p.set_defaults(func=_cmd_sweep)

    p = sub.add_parser("reproduce", help="regenerate the figures and tables of papers/ and check them",
                       description="Regenerate the tables and figures (PNG, PDF, SVG) of each replication in "
                                   "papers/ and compare every regenerated table with the paper's expected/ "
                                   "folder: prints per paper 'matches (N numbers, max deviation x)' or the "
                                   "differing rows; exit status 1 if a table differs or a replication fails.")
    p.add_argument("papers", nargs="*", metavar="PAPER")
    p.add_argument("--list", action="store_true", help="list the replications and exit")
    p.add_argument("--out", default="out", help="output folder (default: out)")
    p.add_argument("--papers-dir", default=None, help="folder holding the replications")
    p.set_defaults(func=_cmd_reproduce)

    from . import _cli

    for info in sorted(pkgutil.iter_modules(_cli.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{_cli.__name__}.{info.name}").add_parser(sub)
    for name, p in sub.choices.items():  # plain-text help with an example per subcommand
        p.formatter_class = argparse.RawDescriptionHelpFormatter
        if p.description:
            p.description = _plain(p.description)
        if name in EXAMPLES:
            p.epilog = "example:\n  " + EXAMPLES[name]
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``deterrence-games``; returns the exit status."""
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        load_model_files(args)
        status = int(args.func(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return status
    except ParameterError as exc:
        print(f"deterrence-games: error: {exc}{_suggestion(exc)}", file=sys.stderr)
        return 2
    except UsageError as exc:
        print(f"deterrence-games: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `... | head` closed the pipe: stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit flush
        return 141
    except OSError as exc:  # a file-system error: one line, no traceback
        where = f" {exc.filename!r}" if exc.filename else ""
        print(f"deterrence-games: error:{where} {exc.strerror or exc}", file=sys.stderr)
        return 1
