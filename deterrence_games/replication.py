"""Run the replications in ``papers/``: each folder holds a ``reproduce.py`` with ``main(out_dir)``."""

from __future__ import annotations

import importlib.util
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .plots.style import style
from .results import Result

__all__ = ["run_paper", "load_reproduce_module", "compare_table", "check_paper", "TableCheck", "PaperCheck"]


def load_reproduce_module(paper_dir: Path):
    """Import ``paper_dir/reproduce.py`` as a module (without touching ``sys.path``).

    Parameters
    ----------
    paper_dir : Path
        A folder of ``papers/``.

    Returns
    -------
    module
        With its ``main(out_dir)``.

    Raises
    ------
    FileNotFoundError
        The folder has no ``reproduce.py``.
    AttributeError
        The module defines no ``main``.
    """
    path = Path(paper_dir) / "reproduce.py"
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist")
    name = f"_deterrence_games_papers_{Path(paper_dir).name}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[name] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    if not callable(getattr(module, "main", None)):
        raise AttributeError(f"{path} defines no main(out_dir)")
    return module


def run_paper(paper_dir: Path, out_dir: Path) -> list[Path]:
    """Run one replication into ``out_dir`` in the journal :func:`~deterrence_games.plots.style`.

    Returns the files it wrote.

    Parameters
    ----------
    paper_dir : Path
        A folder of ``papers/``.
    out_dir : Path
        Where the tables and figures go.

    Returns
    -------
    list of Path
        The files written (tables, and figures as PNG, PDF and SVG).
    """
    import matplotlib

    matplotlib.use("Agg", force=True)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    before = set(out_dir.rglob("*"))
    module = load_reproduce_module(paper_dir)
    with style(width="onehalf"):  # journal fonts, colour-blind palette, constrained layout
        module.main(out_dir)
    return sorted(p for p in set(out_dir.rglob("*")) - before if p.is_file()) or sorted(
        p for p in out_dir.rglob("*") if p.is_file()
    )


# ---------------------------------------------------------------------------------------
# checking a regenerated table against papers/<paper>/expected/
# ---------------------------------------------------------------------------------------

#: An expected number written with few digits is still read to within this (relative above 1).
MAX_ROUNDING = 5e-4
#: Agreement expected of full-precision numbers (relative above 1): root finders stop near 1e-10.
MIN_TOLERANCE = 1e-9
#: A Monte Carlo column matches within this many of its standard errors.
MC_STANDARD_ERRORS = 4.0


@dataclass(frozen=True, eq=False)
class TableCheck(Result):
    """One regenerated table against ``expected/<name>``.

    ``n_numbers`` expected numbers were compared; ``max_deviation`` is the largest
    ``|regenerated - expected|`` among them; ``differences`` lists the expected rows that
    no regenerated row matches (empty when the table matches).

    Attributes
    ----------
    name : str
        The file name in ``expected/``.
    n_numbers : int
        Expected numbers compared.
    max_deviation : float
        Largest absolute deviation among them.
    differences : tuple of str
        The expected rows that did not match, as text.
    """

    name: str
    n_numbers: int
    max_deviation: float
    differences: tuple[str, ...] = ()

    @property
    def matches(self) -> bool:
        return not self.differences


@dataclass(frozen=True, eq=False)
class PaperCheck(Result):
    """Every table a replication regenerated that has a counterpart in ``expected/``.

    Attributes
    ----------
    paper : str
        The folder's name (citation key).
    tables : tuple of TableCheck
        One comparison per expected table.
    not_regenerated : tuple of str
        Expected tables the replication does not regenerate (checked by the tests only;
        named in the summary).
    """

    paper: str
    tables: tuple[TableCheck, ...]
    not_regenerated: tuple[str, ...] = field(default=())

    @property
    def matches(self) -> bool:
        return all(t.matches for t in self.tables)

    @property
    def n_numbers(self) -> int:
        return sum(t.n_numbers for t in self.tables)

    @property
    def max_deviation(self) -> float:
        return max((t.max_deviation for t in self.tables), default=0.0)

    def summary(self) -> str:
        """``matches (N numbers, max deviation x)`` or the differing rows, one per line."""
        if self.matches and not self.tables:
            return "no regenerated table to compare" + (
                f"; checked by the tests only: {', '.join(self.not_regenerated)}" if self.not_regenerated else "")
        if self.matches:
            n = len(self.tables)
            text = (f"matches ({self.n_numbers} numbers in {n} table{'s' if n != 1 else ''}, "
                    f"max deviation {self.max_deviation:.2g})")
            if self.not_regenerated:
                text += f"; checked by the tests only: {', '.join(self.not_regenerated)}"
            return text
        lines = ["DIFFERS from expected/ (expected row: regenerated value (expected value))"]
        for t in self.tables:
            lines += [f"  {t.name}: {d}" for d in t.differences]
        return "\n".join(lines)


def _tolerance(text: str) -> float:
    """How far from the printed number ``text`` a regenerated value may lie.

    Half a unit in its last printed digit ("0.0049" -> 5e-5), at most ``MAX_ROUNDING``
    and at least ``MIN_TOLERANCE`` (both relative above 1).
    """
    mantissa, _, exp = text.strip().lower().partition("e")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    scale = max(1.0, abs(float(text)))
    half_unit = 0.5 * 10.0 ** (int(exp or 0) - decimals)
    return max(min(half_unit, MAX_ROUNDING * scale), MIN_TOLERANCE * scale)


def _numbers(text: str) -> list[float] | None:
    """``"0.14;0.5"`` -> [0.14, 0.5]; None when ``text`` is not a number (list)."""
    try:
        return [float(s) for s in text.split(";")]
    except ValueError:
        return None


def _cell(expected: str, got: object, tol: float) -> tuple[bool, float, int]:
    """(agrees, deviation, numbers compared) for one expected cell; empty cells are skipped."""
    if expected == "":
        return True, 0.0, 0
    exp = _numbers(expected)
    if exp is None or expected.lower() in ("true", "false", "nan", "inf", "-inf"):
        g = "" if got is None or (isinstance(got, float) and math.isnan(got)) else str(got)
        return g.strip().lower() == expected.strip().lower(), 0.0, 0
    gtxt = "" if got is None else str(got)
    try:
        g = [float(s) for s in gtxt.split(";")] if isinstance(got, str) else [float(got)]  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False, math.inf, len(exp)
    if len(g) != len(exp):
        return False, math.inf, len(exp)
    devs = []
    for e, v, part in zip(exp, g, expected.split(";"), strict=True):
        if math.isnan(e):
            continue
        if math.isinf(e) or math.isnan(v) or math.isinf(v):
            devs.append(0.0 if e == v else math.inf)
            continue
        d = abs(v - e)
        devs.append(d if d <= max(tol, _tolerance(part)) else -d - 1.0)  # negative: out of tolerance
    bad = [d for d in devs if d < 0]
    if bad:
        return False, max(-d - 1.0 for d in bad), len(exp)
    return True, max(devs, default=0.0), len(exp)


def compare_table(got: pd.DataFrame, expected: Path | str, *, ignore: Sequence[str] = (),
                  standard_errors: Mapping[str, str] | None = None) -> TableCheck:
    """Compare a regenerated table with an ``expected/`` CSV.

    Each expected number is read to the digits printed (half a unit in the last digit,
    at most ``MAX_ROUNDING`` and at least ``MIN_TOLERANCE``, relative above 1);
    a ``tolerance`` column, where present, widens that per row, and a Monte Carlo column
    named in ``standard_errors`` (``{column: its standard-error column}``) matches within
    four standard errors. Empty expected cells are not checked, nor columns the regenerated
    table lacks or ``ignore`` names. Rows are matched in order when both tables have as many
    rows, else each expected row must match some regenerated row (the regenerated table
    may hold a finer grid or more equilibria).

    Parameters
    ----------
    got : pandas.DataFrame
        The regenerated table.
    expected : str or Path
        The CSV of ``expected/``.
    ignore : sequence of str, default ()
        Columns not compared.
    standard_errors : mapping of str to str, optional
        Monte Carlo columns and their standard-error columns.

    Returns
    -------
    TableCheck
    """
    path = Path(expected)
    exp = pd.read_csv(path, dtype=str, keep_default_na=False)
    se = dict(standard_errors or {})
    cols = [c for c in exp.columns if c in got.columns and c not in ignore and c != "tolerance"]
    has_tol = "tolerance" in exp.columns
    records = got.to_dict("records")

    def row_check(erow: dict, grow: dict) -> tuple[bool, float, int, list[str]]:
        tol0 = float(erow["tolerance"]) if has_tol and erow["tolerance"] != "" else 0.0
        ok_all, dev_max, n, bad = True, 0.0, 0, []
        for c in cols:
            tol = tol0
            if c in se and se[c] in grow:
                tol = max(tol, MC_STANDARD_ERRORS * float(grow[se[c]]))
            ok, dev, k = _cell(erow[c], grow[c], tol)
            n += k
            if ok:
                dev_max = max(dev_max, dev)
            else:
                ok_all = False
                bad.append(f"{c}={grow[c]!r} (expected {erow[c]})")
        return ok_all, dev_max, n, bad

    n_total, dev_total, diffs = 0, 0.0, []
    positional = len(exp) == len(got)
    for i, erow in enumerate(exp.to_dict("records")):
        if positional:
            ok, dev, n, bad = row_check(erow, records[i])
            if not ok:
                diffs.append(f"row {i + 1}: " + ", ".join(bad))
        else:
            best = None
            for grow in records:
                res = row_check(erow, grow)
                if res[0]:
                    best = res
                    break
                if best is None or len(res[3]) < len(best[3]):
                    best = res
            if best is None:
                diffs.append(f"row {i + 1}: no regenerated row")
                continue
            ok, dev, n, bad = best
            if not ok:
                diffs.append(f"row {i + 1} ({', '.join(f'{c}={erow[c]}' for c in cols[:3])}) has no match; "
                             f"nearest row differs in " + ", ".join(bad))
        n_total += n
        if ok:
            dev_total = max(dev_total, dev)
    if not cols:
        diffs.append("no column in common with the regenerated table")
    return TableCheck(path.name, n_total, dev_total, tuple(diffs))


def check_paper(paper_dir: Path | str, out_dir: Path | str) -> PaperCheck:
    """Compare every table ``out_dir`` holds that has a counterpart in ``paper_dir/expected``.

    A replication may declare, in its ``reproduce.py``, ``COMPARE = {"file.csv": {"ignore":
    [...], "standard_errors": {...}}}`` (the keyword arguments of :func:`compare_table`).

    Parameters
    ----------
    paper_dir : str or Path
        A folder of ``papers/`` (with ``reproduce.py`` and ``expected/``).
    out_dir : str or Path
        Where :func:`run_paper` wrote the regenerated tables.

    Returns
    -------
    PaperCheck
        ``matches`` and ``summary()`` say whether every expected number was reproduced.
    """
    paper_dir, out_dir = Path(paper_dir), Path(out_dir)
    spec = getattr(load_reproduce_module(paper_dir), "COMPARE", {})
    tables, missing = [], []
    for exp in sorted((paper_dir / "expected").glob("*.csv")):
        got = out_dir / exp.name
        if not got.is_file():
            missing.append(exp.name)
            continue
        tables.append(compare_table(pd.read_csv(got, keep_default_na=False, na_values=[""]), exp,
                                    **spec.get(exp.name, {})))
    return PaperCheck(paper_dir.name, tuple(tables), tuple(missing))
