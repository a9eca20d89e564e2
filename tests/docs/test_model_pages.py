"""docs/models/: one page per registered model, complete, consistent with the model's metadata.

The pages' ``>>>`` examples are run here (as the docs build's doctest does), and the
``dg_models`` Sphinx extension's tables are checked against ``Model.describe()``.
"""

from __future__ import annotations

import doctest
import importlib.util
import re
import unicodedata
from pathlib import Path

import pytest

import deterrence_games as dg

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "docs" / "models"
SECTIONS = ("## The game", "## Equilibria", "## Escalation and information", "## What is paper-faithful",
            "## Parameters", "## Example", "## References")
IDS = dg.model_ids()


def _plain(text: str) -> str:
    """Lower case without accents (Hörner -> horner)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def _index_block(name: str) -> list[str]:
    text = (PAGES / "index.md").read_text(encoding="utf-8")
    m = re.search(r"```\{" + name + r"\}\n(.*?)```", text, re.S)
    assert m, f"docs/models/index.md has no {name} block"
    return [ln.strip() for ln in m.group(1).splitlines() if ln.strip() and not ln.startswith(":")]


def test_index_lists_every_model_once():
    listed = [ln.split("|")[0].strip() for ln in _index_block("dg-models")]
    assert sorted(listed) == sorted(IDS) and len(set(listed)) == len(listed)
    assert sorted(_index_block("toctree")) == sorted(IDS)


@pytest.mark.parametrize("model_id", IDS)
def test_page_is_complete(model_id):
    page = PAGES / f"{model_id}.md"
    assert page.is_file(), f"no page docs/models/{model_id}.md"
    text = page.read_text(encoding="utf-8")
    for section in SECTIONS:
        assert section in text, f"{model_id}: missing section {section!r}"
    assert f"```{{dg-parameters}} {model_id}\n```" in text
    assert f'dg.get_model("{model_id}")' in text
    assert f"```{{dg-escalation}} {model_id} " in text
    # the provenance section names the label of every variant the model reports
    model = dg.get_model(model_id)
    prov = text.split("## What is paper-faithful", 1)[1].split("## Parameters", 1)[0].lower()
    labels = {v.provenance for v in model.variants} or {model.provenance}
    for label in labels:
        assert label in prov, f"{model_id}: provenance section does not state {label!r}"
    # every reference the model declares is cited in full (by its first author's name)
    refs = text.split("## References", 1)[1]
    for ref in model.references:
        author = re.search(r"[A-Z][a-z]+", ref.split(":")[0]).group(0)
        assert _plain(author)[:6] in _plain(refs), f"{model_id}: reference {ref.split(':')[0]} not cited"


@pytest.mark.parametrize("model_id", IDS)
def test_page_example_runs(model_id):
    text = (PAGES / f"{model_id}.md").read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {}, model_id, str(PAGES / f"{model_id}.md"), 0)
    assert test.examples, f"{model_id}: the page has no example"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0, f"{model_id}: {runner.failures} example(s) of the page fail"


def _extension():
    pytest.importorskip("sphinx")
    spec = importlib.util.spec_from_file_location("dg_models", ROOT / "docs" / "_ext" / "dg_models.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("model_id", IDS)
def test_extension_tables_follow_the_metadata(model_id):
    ext = _extension()
    model = dg.get_model(model_id)
    rows = ext.parameter_rows(model)
    assert [r[0] for r in rows] == list(model.parameter_names)
    for row, par in zip(rows, model.parameters, strict=True):
        assert row[2] == par.meaning and row[3] == par.describe()
        assert (row[5] == "yes") == par.information
        assert bool(row[1]) == bool(par.symbol)
    vrows = ext.variant_rows(model)
    assert [r[0] for r in vrows] == [v.name for v in model.variants]
    assert [r[2].split(" (")[0] for r in vrows] == [v.provenance for v in model.variants]


def test_extension_escalation_table_is_the_solve():
    ext = _extension()
    model = dg.get_model("crisis_bargaining_signal")
    rows = ext.escalation_rows(model, "rho", [0.5, 0.53, 1.0], {"pi": 0.6})
    assert [r[0] for r in rows] == ["0.5", "0.53", "1.0"]
    for row, rho in zip(rows, (0.5, 0.53, 1.0), strict=True):
        lo, hi = model.solve(pi=0.6, rho=rho).escalation_range
        assert float(row[2].split(" – ")[0]) == pytest.approx(lo, abs=5e-5)
    # the Blackwell non-monotonicity of the page's text: no war, then war, then none
    assert [r[2] for r in rows] == ["0", "0.282", "0"]
