"""Every registered model keeps the model contract (DESIGN.md, Contracts)."""

import json
import math

import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games import ParameterError
from deterrence_games._validation import Choice, IntegerRange, Interval
from deterrence_games.models._base import PROVENANCE_LABELS

IDS = dg.model_ids()


@pytest.fixture(params=IDS)
def model(request):
    return dg.get_model(request.param)


def test_metadata(model):
    assert model.id and model.title and model.references
    assert model.provenance in PROVENANCE_LABELS
    assert model.__doc__ and model.provenance.split()[0] in model.__doc__.lower()
    assert set(model.escalatory) <= set(model.outcomes) and model.escalatory
    names = [p.name for p in model.parameters]
    assert len(names) == len(set(names))
    for p in model.parameters:
        assert p.meaning, f"{model.id}.{p.name} has no meaning"
        assert bool(p.domain.contains(p.default)), f"{model.id}.{p.name} default outside its domain"
    json.dumps(model.describe())


def test_defaults_solve_and_outcomes_are_distributions(model):
    sol = model.solve()
    assert len(sol) >= 1, "every model solves at its defaults"
    for e in sol:
        total = sum(e.outcomes.values())
        assert total == pytest.approx(1.0, abs=1e-9)
        assert all(-1e-12 <= v <= 1 + 1e-12 for v in e.outcomes.values())
        assert e.escalation_probability == pytest.approx(sum(e.outcomes[o] for o in model.escalatory), abs=1e-12)
    json.loads(sol.to_json())
    assert sol._repr_html_().startswith("<div>") and repr(sol).startswith(f"<{model.id} ModelSolution")
    assert len(sol.to_frame()) == len(sol)


def test_solution_is_deterministic_and_frozen(model):
    a, b = model.solve(), model.solve()
    assert a == b
    with pytest.raises(AttributeError):
        a.model = "x"


def test_unknown_parameter_rejected(model):
    with pytest.raises(ParameterError, match="no parameter 'not_a_parameter'"):
        model.solve(not_a_parameter=1.0)


def _outside(domain):
    if isinstance(domain, Interval):
        if math.isfinite(domain.high):
            return domain.high + 1.0
        if math.isfinite(domain.low):
            return domain.low - 1.0
        return float("nan")
    if isinstance(domain, IntegerRange):
        return domain.low - 1
    if isinstance(domain, Choice):
        return "__not_an_option__"
    raise AssertionError(domain)


def test_out_of_domain_values_name_the_parameter(model):
    for p in model.parameters:
        with pytest.raises(ParameterError, match=f"`{p.name}`"):
            model.solve(**{p.name: _outside(p.domain)})
        if not isinstance(p.domain, Choice):
            with pytest.raises(ParameterError, match=f"`{p.name}`"):
                model.solve(**{p.name: float("nan")})


def test_vectorized_closed_form_matches_scalar_solve(model):
    if not model.vectorized:
        pytest.skip("no vectorized closed form")
    rng = np.random.default_rng(11)
    info = [p for p in model.parameters if p.information and isinstance(p.domain, Interval)]
    if not info:
        pytest.skip("no continuous information parameter to sweep")
    p = info[0]
    lo = p.domain.low if math.isfinite(p.domain.low) else p.default - 1
    hi = p.domain.high if math.isfinite(p.domain.high) else p.default + 1
    values = np.unique(np.concatenate([[p.default], rng.uniform(lo, hi, 30)]))
    ok = []
    for v in values:
        try:
            model.validate(**{p.name: float(v)})
            ok.append(float(v))
        except ParameterError:
            pass
    a = dg.sweep(model, {p.name: ok})
    b = dg.sweep(model, {p.name: ok}, vectorized=False)
    assert list(a.columns) == list(b.columns)
    num = [c for c in a.columns if a[c].dtype.kind in "fiub"]
    assert np.allclose(a[num].to_numpy(float), b[num].to_numpy(float), rtol=1e-9, atol=1e-12, equal_nan=True)
    assert (a["label"].to_numpy() == b["label"].to_numpy()).all()
