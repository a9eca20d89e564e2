"""Named terminal outcomes of finite games (shared by the game representations).

A game may name the outcome of each terminal profile (e.g. ``"war"``, ``"settlement"``) and
declare which outcomes are *escalatory*; a profile's outcome distribution aggregates the
terminal probabilities by name and its escalation probability is the escalatory mass.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validation import ParameterError

__all__ = ["check_outcomes", "outcome_distribution"]


def check_outcomes(outcomes: ArrayLike | Callable[..., str] | None, escalatory: Iterable[str],
                   axes: Sequence[tuple[str, ...]], axis_names: str) -> tuple[NDArray[np.str_] | None, frozenset[str]]:
    """Validate outcome names and the escalatory set.

    Parameters
    ----------
    outcomes : array_like of str, callable or None
        One name per terminal profile (shape ``tuple(len(a) for a in axes)``), or a function
        of the profile's labels returning a name.
    escalatory : iterable of str
        Outcome names that count as escalation (a single string is one name).
    axes : sequence of tuple of str
        Labels along each axis of the terminal profiles.
    axis_names : str
        How the shape is described in errors, e.g. ``"(n_rows, n_columns)"``.

    Returns
    -------
    names : read-only ndarray of str, or None when no outcomes are given
    escalatory : frozenset of str
    """
    esc = frozenset([escalatory]) if isinstance(escalatory, str) else frozenset(escalatory)
    if outcomes is None:
        if esc:
            raise ParameterError("escalatory", sorted(esc), "empty when no `outcomes` are named")
        return None, esc
    shape = tuple(len(a) for a in axes)
    if callable(outcomes):
        flat = [str(outcomes(*labels)) for labels in itertools.product(*axes)]
        names = np.array(flat, dtype=str).reshape(shape)
    else:
        names = np.asarray(outcomes, dtype=str)
        if names.shape != shape:
            raise ParameterError("outcomes", names.shape, f"shape {shape} = {axis_names}")
    known = list(dict.fromkeys(names.ravel().tolist()))
    unknown = sorted(esc - set(known))
    if unknown:
        raise ParameterError("escalatory", unknown[0], f"names among the outcomes {known}")
    names = names.copy()
    names.setflags(write=False)
    return names, esc


def outcome_distribution(names: NDArray[np.str_] | None, probs: ArrayLike) -> dict[str, float]:
    """Aggregate terminal-profile probabilities (same shape as ``names``) by outcome name."""
    if names is None:
        raise ParameterError("outcomes", None, "outcome names given to the game",
                             "pass outcomes=... (an array of names or a function of the profile's labels)")
    flat = names.ravel().tolist()
    out = dict.fromkeys(dict.fromkeys(flat), 0.0)
    for name, p in zip(flat, np.asarray(probs, float).ravel(), strict=True):
        out[name] += float(p)
    return out
