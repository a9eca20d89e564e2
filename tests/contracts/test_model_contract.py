"""Every registered model keeps the model contract (DESIGN.md, Contracts), checked with
the public suite :func:`deterrence_games.testing.check_model` (one test per model and check),
plus what only the shipped models promise (references, provenance explained in the docstring)."""

import unittest

import pytest

import deterrence_games as dg
from deterrence_games.models.base import PROVENANCE_LABELS
from deterrence_games.testing import CHECKS, ModelCheckError, model_checks

IDS = dg.model_ids()

#: known contract violations of shipped models, found by check_model (strict: a fix shows up)
KNOWN: dict[tuple[str, str], str] = {}


def _cases():
    for mid in IDS:
        for name, run in model_checks(mid, n_points=3, seed=0):
            if name == "backends":  # worker processes: covered once in tests/unit/test_user_models.py
                continue
            marks = [pytest.mark.xfail(raises=ModelCheckError, strict=True, reason=KNOWN[mid, name])] \
                if (mid, name) in KNOWN else []
            yield pytest.param(run, id=f"{mid}-{name}", marks=marks)


@pytest.mark.parametrize("check", list(_cases()))
def test_model_contract(check):
    try:
        check()
    except unittest.SkipTest as why:
        pytest.skip(str(why))


def test_every_check_is_run():
    assert [name for name, _ in model_checks(IDS[0])] == list(CHECKS)


@pytest.mark.parametrize("mid", IDS)
def test_shipped_metadata(mid):
    model = dg.get_model(mid)
    assert model.id and model.title and model.references
    assert model.provenance in PROVENANCE_LABELS and model.provenance != "user model"
    assert model.__doc__ and model.provenance.split()[0] in model.__doc__.lower()
