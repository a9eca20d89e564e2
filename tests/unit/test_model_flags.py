"""Shipped models declare the refinement / selection flags their equilibria carry (``Model.flags``),
so that ``select="flag:<name>"`` with a name the model never sets is refused before a sweep starts
(issue 12, item 7d)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games import ParameterError
from deterrence_games.sweeps.plan import plan_sweep
from deterrence_games.testing import sample_points

MODELS = sorted(m.id for m in dg.list_models())


def _points(m: dg.Model) -> list[dict]:
    """The defaults, every variant at its defaults, and seeded random points of the domains."""
    pts: list[dict] = [{}]
    for p in m.parameters:
        if p.role == "variant":
            pts += [{p.name: v} for v in p.domain.options if v != p.default]
    return pts + sample_points(m, 8, seed=0)


def _carried(m: dg.Model) -> set[str]:
    seen: set[str] = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # degenerate points warn; the flags are what is checked
        for p in _points(m):
            for e in m.solve(**p).equilibria:
                seen |= set(e.flags)
            if m.vectorized:  # the vectorized closed form carries the same flags
                arrays = {k: np.asarray([v]) if isinstance(v, float) else v for k, v in p.items()}
                seen |= set(m.evaluate(**arrays).flags)
    return seen


def test_every_shipped_model_is_checked():
    assert len(MODELS) >= 20 and "crisis_bargaining_signal" in MODELS


@pytest.mark.parametrize("model_id", MODELS)
def test_declared_flags_are_exactly_the_flags_its_equilibria_carry(model_id):
    m = dg.get_model(model_id)
    assert m.flags is not None, f"model {model_id!r} declares no `flags`"
    assert len(set(m.flags)) == len(m.flags)
    carried = _carried(m)
    assert carried <= set(m.flags), f"carried but not declared: {sorted(carried - set(m.flags))}"
    assert set(m.flags) <= carried, f"declared but never carried on the sample: {sorted(set(m.flags) - carried)}"


@pytest.mark.parametrize("model_id", MODELS)
def test_an_undeclared_flag_is_refused_before_any_work(model_id, monkeypatch):
    m = dg.get_model(model_id)

    def forbidden(*args, **kwargs):
        raise AssertionError("solved before the selection was checked")

    monkeypatch.setattr(type(m), "solve", forbidden)
    monkeypatch.setattr(type(m), "equilibria", forbidden, raising=False)
    first = m.parameters[0]
    grid = {first.name: [first.default]}
    with pytest.raises(ParameterError, match=r"`select` must satisfy a flag that model .* declares .*got 'flag:no_such_flag'"):
        plan_sweep(m, grid, select="flag:no_such_flag")
    for flag in m.flags:
        assert plan_sweep(m, grid, select=f"flag:{flag}").spec["select"] == f"flag:{flag}"
