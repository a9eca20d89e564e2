"""Data sets shipped with the package, for examples, tests and replications (no network).

``load(name)`` returns a :class:`pandas.DataFrame` whose ``attrs`` carry the citation and
the meaning of every column; ``list()`` names what is available; ``describe(name)`` gives
the citation and the column glossary without loading the rows.

>>> import deterrence_games as dg
>>> "war1800" in dg.datasets.list()
True
>>> dg.datasets.load("war1800").shape
(313, 21)
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from importlib import resources

import pandas as pd

from .._validation import ParameterError

__all__ = ["Dataset", "describe", "list", "load"]


@dataclass(frozen=True)
class Dataset:
    """A shipped data set: file, unit of observation, citation and column glossary.

    Attributes
    ----------
    name : str
        The name :func:`load` takes.
    filename : str
        The CSV file shipped in the package.
    title : str
        One line.
    unit : str
        The unit of observation (what a row is).
    citation : str
        The source to cite.
    columns : dict of str to str
        The meaning of each column.
    categorical : tuple of str
        Columns read as categorical (levels in their order of the glossary).
    """

    name: str
    filename: str
    title: str
    unit: str
    citation: str
    columns: dict[str, str] = field(default_factory=dict)
    categorical: tuple[str, ...] = ()

    def __str__(self) -> str:
        width = max(map(len, self.columns))
        lines = [f"{self.name}: {self.title}", f"unit: {self.unit}", f"cite: {self.citation}", "columns:"]
        lines += [f"  {c:<{width}}  {m}" for c, m in self.columns.items()]
        return "\n".join(lines)


_WAR1800 = Dataset(
    name="war1800",
    filename="war1800.csv",
    title="Militarized interstate disputes, 1816-1899 (313 dyadic disputes)",
    unit="one dispute: initiator (player 1) and respondent (player 2)",
    citation=(
        "Jones, D. M., Bremer, S. A. and Singer, J. D. (1996), 'Militarized Interstate Disputes, "
        "1816-1992: Rationale, Coding Rules, and Empirical Patterns', Conflict Management and Peace "
        "Science 15(2): 163-213 (Correlates of War MID data); in the dyadic form of Signorino, C. S. "
        "(1999), 'Strategic Interaction and the Statistical Analysis of International Conflict', "
        "American Political Science Review 93(2): 279-297, as distributed in the R package `games` "
        "(Kenkel and Signorino 2014, Journal of Statistical Software 56(8))."
    ),
    columns={
        "ccode1": "Correlates of War country code of the initiator",
        "ccode2": "Correlates of War country code of the respondent",
        "year": "year of the dispute",
        "cap_1": "initiator's military capabilities, share of total system capabilities",
        "cap_2": "respondent's military capabilities, share of total system capabilities",
        "balanc": "initiator's share of dyadic capabilities, cap_1 / (cap_1 + cap_2)",
        "s_wt_re1": "dyadic S-score of alliance-portfolio similarity (Signorino and Ritter 1999), weighted by the initiator's region",
        "s_wt_re2": "dyadic S-score of alliance-portfolio similarity, weighted by the respondent's region",
        "dem1": "initiator's Polity score (missing for 12 disputes)",
        "dem2": "respondent's Polity score (missing for 20 disputes)",
        "distance": "distance between the capitals (miles)",
        "peaceyrs": "years since the last dispute in the dyad",
        "midnum": "dispute number in the MID data",
        "revis1": "1 if the initiator had revisionist aims",
        "revis2": "1 if the respondent had revisionist aims",
        "sq": "outcome indicator: status quo (the initiator did not escalate)",
        "capit": "outcome indicator: capitulation (the initiator escalated, the respondent gave in)",
        "war": "outcome indicator: war (the initiator escalated, the respondent fought)",
        "esc": "1 if the initiator escalated (capit + war)",
        "regime1": "initiator's regime type from its Polity score: 'autoc', 'mixed' or 'dem'",
        "regime2": "respondent's regime type from its Polity score: 'autoc', 'mixed' or 'dem'",
    },
    categorical=("regime1", "regime2"),
)

_REGISTRY: dict[str, Dataset] = {_WAR1800.name: _WAR1800}


def list() -> builtins.list[str]:  # noqa: A001 - the public name the API promises
    """Names of the shipped data sets, sorted."""
    return sorted(_REGISTRY)


def describe(name: str) -> Dataset:
    """Citation, unit and column glossary of data set ``name`` (no rows loaded).

    Parameters
    ----------
    name : str
        One of :func:`list`.

    Returns
    -------
    Dataset
        ``print()`` it for the glossary.

    Raises
    ------
    ParameterError
        An unknown name.
    """
    if name not in _REGISTRY:
        raise ParameterError("name", name, f"one of {sorted(_REGISTRY)}", "see dg.datasets.list()")
    return _REGISTRY[name]


def load(name: str) -> pd.DataFrame:
    """Load data set ``name`` as a DataFrame (missing values are NaN).

    Parameters
    ----------
    name : str
        One of :func:`list`.

    Returns
    -------
    pandas.DataFrame
        The rows, with ``attrs["citation"]``, ``attrs["columns"]`` (column -> meaning) and
        ``attrs["name"]``. Categorical columns are plain strings, as in the source.
    """
    info = describe(name)
    with resources.files(__name__).joinpath(info.filename).open("rb") as fh:
        frame = pd.read_csv(fh)
    frame.attrs.update(name=info.name, citation=info.citation, columns=dict(info.columns))
    return frame
