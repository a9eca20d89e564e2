"""Formulas for strategic models: the R ``games`` string form and a Python dict form.

A strategic model has one linear predictor per utility (``u11 | u13 | u14 | u24`` for
``egame12``). The R ``games`` form (Kenkel and Signorino 2014) writes them as one formula
with ``|``-separated right-hand sides and the outcome columns on the left::

    "esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2"

A right-hand side is a ``+``-separated list of column names, with ``1`` (the default) or
``0``/``-1`` to keep or drop the intercept; ``0`` alone fixes the utility at zero; a term
``C(x)`` forces ``x`` to be categorical; ``a:b`` is the interaction (product of the two
columns, or of their indicators) and ``a*b`` stands for ``a + b + a:b``, as in R. Categorical (string, boolean or pandas categorical)
columns are expanded into indicators against their first level (sorted), as R's treatment
contrasts do: ``regime1`` gives ``regime1dem`` and ``regime1mixed`` with ``autoc`` the
reference. The Python form is a dict ``{"u11": "s_wt_re1 + revis1", "u13": "0", ...}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import ParameterError

__all__ = ["Design", "parse_formula", "build_design"]

_NAME = re.compile(r"^[A-Za-z_.][A-Za-z0-9_.]*$")
_CAT = re.compile(r"^C\(\s*([A-Za-z_.][A-Za-z0-9_.]*)\s*\)$")


@dataclass(frozen=True)
class _RHS:
    intercept: bool
    terms: tuple[tuple[tuple[str, bool], ...], ...]  # each term: its factors (column, forced categorical)

    @property
    def empty(self) -> bool:
        return not self.intercept and not self.terms


def _factor(text: str, formula: str) -> tuple[str, bool]:
    m = _CAT.match(text)
    if m:
        return m.group(1), True
    if _NAME.match(text):
        return text, False
    raise ParameterError("formula", formula, "column names, `C(name)`, interactions `a:b` or `a*b`, `0` or `1` as terms",
                         f"cannot parse the term `{text}`")


def _parse_rhs(text: str, formula: str) -> _RHS:
    text = text.strip()
    if text == "":
        raise ParameterError("formula", formula, "a right-hand side in every `|` slot", "write `0` to fix a utility at zero")
    intercept = True
    terms: list[tuple[tuple[str, bool], ...]] = []
    pieces = re.findall(r"([+-]?)\s*([^+-]+)", text)
    if "".join(s + p for s, p in pieces).replace(" ", "") != text.replace(" ", ""):
        raise ParameterError("formula", formula, "terms separated by `+`", f"cannot parse `{text}`")
    for sign, raw in pieces:
        term = raw.strip()
        if term in {"0", "1"}:
            intercept = not (sign == "-" or term == "0")
            continue
        if sign == "-":
            raise ParameterError("formula", formula, "only `- 1` may be subtracted", f"cannot parse `-{term}`")
        if "*" in term:  # a*b = a + b + a:b (R)
            fs = [_factor(t.strip(), formula) for t in term.split("*")]
            for r in range(1, len(fs) + 1):
                for combo in _combinations(fs, r):
                    terms.append(tuple(combo))
        else:
            terms.append(tuple(_factor(t.strip(), formula) for t in term.split(":")))
    return _RHS(intercept, tuple(dict.fromkeys(terms)))


def _combinations(items, r):
    from itertools import combinations

    return combinations(items, r)


def parse_formula(formula: str | Mapping[str, str], slots: Sequence[str],
                  outcome: str | Sequence[str] | None = None) -> tuple[tuple[str, ...], dict[str, _RHS]]:
    """Split a formula into outcome columns and one right-hand side per utility slot.

    Parameters
    ----------
    formula : str or dict
        ``"y1 + y2 ~ rhs_1 | rhs_2 | ..."`` (one ``|`` slot per name in ``slots``), or a
        dict ``{slot: rhs}`` (missing slots are fixed at zero).
    slots : sequence of str
        The utility names, e.g. ``("u11", "u13", "u14", "u24")``.
    outcome : str or sequence of str, optional
        The outcome column(s) when ``formula`` is a dict (``"esc + war"`` or a list).

    Returns
    -------
    (outcome_columns, {slot: rhs})
    """
    if isinstance(formula, Mapping):
        unknown = set(formula) - set(slots)
        if unknown:
            raise ParameterError("formula", dict(formula), f"keys among {list(slots)}",
                                 f"unknown utilities {sorted(unknown)}")
        if outcome is None:
            raise ParameterError("outcome", None, "the outcome column(s) when `formula` is a dict",
                                 'e.g. outcome="esc + war"')
        rhs = {s: _parse_rhs(str(formula.get(s, "0")), str(dict(formula))) for s in slots}
        lhs = outcome
    elif isinstance(formula, str):
        if formula.count("~") != 1:
            raise ParameterError("formula", formula, "one `~` between the outcome and the utilities")
        left, right = formula.split("~")
        parts = right.split("|")
        if len(parts) != len(slots):
            raise ParameterError("formula", formula, f"{len(slots)} right-hand sides separated by `|` "
                                 f"({' | '.join(slots)})", f"got {len(parts)}")
        rhs = {s: _parse_rhs(p, formula) for s, p in zip(slots, parts, strict=True)}
        lhs = left if outcome is None else outcome
    else:
        raise ParameterError("formula", formula, "a string or a dict of right-hand sides")
    if isinstance(lhs, str):
        cols = tuple(c.strip() for c in lhs.split("+"))
    else:
        cols = tuple(lhs)
    if not cols or any(not _NAME.match(c) for c in cols):
        raise ParameterError("formula", formula, "outcome column names on the left of `~`",
                             f"cannot parse `{lhs}`")
    return cols, rhs


@dataclass(frozen=True)
class Design:
    """Design matrices of the utilities (and scales) on the rows kept after dropping NAs."""

    X: dict[str, np.ndarray]          # slot -> (n, k) array (k may be 0: utility fixed at zero)
    names: dict[str, tuple[str, ...]]  # slot -> column names ('(Intercept)', 'balanc', 'regime2dem', ...)
    levels: dict[str, tuple[str, ...]]  # categorical column -> levels (first is the reference)
    rhs: dict[str, _RHS]
    rows: pd.Index                     # index labels of the rows used
    n_dropped: int


def plain_frame(data: pd.DataFrame) -> pd.DataFrame:
    """A shallow copy without ``attrs`` (pandas deep-copies ``attrs`` on every derived object)."""
    if not data.attrs:
        return data
    out = data.copy(deep=False)
    out.attrs = {}
    return out


def _is_categorical(s: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s))


def variables(rhs: Mapping[str, _RHS]) -> list[str]:
    """Columns used by the right-hand sides, in order of first use."""
    return list(dict.fromkeys(c for r in rhs.values() for term in r.terms for c, _ in term))


def build_design(data: pd.DataFrame, rhs: Mapping[str, _RHS], extra: Sequence[str] = (),
                 levels: Mapping[str, Sequence[str]] | None = None, drop_na: bool = True) -> Design:
    """Model matrices for ``rhs`` on ``data``.

    Rows with a missing value in any used column (or in ``extra``, the outcome columns) are
    dropped and counted. ``levels`` (from a fitted model) fixes the categorical levels, so
    that ``predict(newdata)`` builds the same columns; a level unseen in the fit is an error.
    """
    if not isinstance(data, pd.DataFrame):
        raise ParameterError("data", type(data).__name__, "a pandas DataFrame")
    data = plain_frame(data)
    used = variables(rhs)
    missing = [c for c in list(used) + list(extra) if c not in data.columns]
    if missing:
        raise ParameterError("formula", missing[0], "a column of the data",
                             f"unknown column `{missing[0]}`; columns are {', '.join(map(str, data.columns))}")
    cols = list(dict.fromkeys(list(used) + list(extra)))
    sub = data[cols]
    keep = sub.notna().to_numpy().all(axis=1) if drop_na else np.ones(len(data), bool)
    columns = {c: sub[c] for c in cols}
    n = int(keep.sum())
    lv: dict[str, tuple[str, ...]] = {} if levels is None else {k: tuple(v) for k, v in levels.items()}
    X: dict[str, np.ndarray] = {}
    names: dict[str, tuple[str, ...]] = {}
    for slot, r in rhs.items():
        blocks: list[np.ndarray] = []
        nm: list[str] = []
        if r.intercept:
            blocks.append(np.ones((n, 1)))
            nm.append("(Intercept)")
        for term in r.terms:
            cols_: list[tuple[str, np.ndarray]] = [("", np.ones(n))]
            for col, forced in term:  # product of the factors' columns (treatment contrasts)
                s = columns[col]
                if forced or _is_categorical(s) or col in lv:
                    values = s.to_numpy()[keep].astype(str)
                    if col not in lv:
                        lv[col] = tuple(sorted(set(values)))
                    unseen = sorted(set(values) - set(lv[col]))
                    if unseen:
                        raise ParameterError(col, unseen[0], f"one of the levels {list(lv[col])} seen in the fit")
                    parts = [(f"{col}{level}", (values == level).astype(float)) for level in lv[col][1:]]
                else:
                    parts = [(col, s.to_numpy(dtype=float)[keep])]
                cols_ = [(f"{a}:{b}" if a else b, x * y) for a, x in cols_ for b, y in parts]
            for name, x in cols_:
                blocks.append(x[:, None])
                nm.append(name)
        X[slot] = np.hstack(blocks) if blocks else np.zeros((n, 0))
        names[slot] = tuple(nm)
    return Design(X=X, names=names, levels=lv, rhs=dict(rhs), rows=data.index[keep],
                  n_dropped=int(len(data) - n))
