"""Provenance labels per variant equal the audited table in docs/provenance.md (issue 17)."""

import json
from pathlib import Path

import numpy as np
import pytest

import deterrence_games as dg
from deterrence_games.cli import main
from deterrence_games.models import list_models
from deterrence_games.models._base import PROVENANCE_LABELS

TABLE = Path(__file__).resolve().parents[2] / "docs" / "provenance.md"


def _table() -> dict[str, dict[str, str]]:
    """model -> {variant name ("—" if none): label}, parsed from the Markdown table."""
    rows: dict[str, dict[str, str]] = {}
    for line in TABLE.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 6 or not cells[0].startswith("`"):
            continue
        model, variant, _, label, folder, _ = cells
        assert (Path(__file__).resolve().parents[2] / "papers" / folder / "README.md").exists(), folder
        rows.setdefault(model.strip("`"), {})[variant] = label
    return rows


@pytest.fixture(scope="module")
def models_json():
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["models", "--json"]) == 0
    return {d["id"]: d for d in json.loads(buf.getvalue())}


def test_every_registered_model_is_in_the_table_and_nothing_else():
    assert set(_table()) == {m.id for m in list_models()}


def test_json_labels_equal_the_table(models_json):
    table = _table()
    for mid, d in models_json.items():
        want = table[mid]
        if d["variants"]:
            assert {v["name"]: v["provenance"] for v in d["variants"]} == want, mid
        else:
            assert want == {"—": d["provenance"]}, mid
        assert all(label in PROVENANCE_LABELS for label in want.values())


def test_a_solve_carries_its_variants_label():
    for m in list_models():
        for v in m.variants:
            point = dict(v.example if v.example is not None else v.when)
            assert m.variant_of(m.validate(**point)) is v, (m.id, v.name)
            if m.id == "global_conflict" and point.get("variant") == "exit":
                point["delta"] = 0.5  # a quick point of the exit game
            assert m.solve(**point).provenance == v.provenance, (m.id, v.name)


def test_the_audit_changes():
    """The labels that claimed too much (issue 17)."""
    art = dg.get_model("arms_race_talk")
    assert art.solve().provenance == "textbook version"
    assert art.solve(talk=True).provenance == "reconstruction"
    pi = dg.get_model("public_information")
    assert pi.solve(variant="regime_change").provenance == "textbook version"
    assert pi.solve(variant="beauty_contest").provenance == "paper-faithful"
    assert dg.get_model("mediation").solve(public=True).provenance == "reconstruction"


def test_sweep_records_the_weakest_label_and_each_variant():
    m = dg.get_model("arms_race_talk")
    t = dg.sweep(m, {"talk": [False, True]})
    prov = t.attrs["provenance"]
    assert prov["model_provenance"] == "reconstruction"
    assert prov["model_provenance_by_variant"] == {"talk=False": "textbook version", "talk=True": "reconstruction"}
    t = dg.sweep(m, {"mu": [0.05, 0.1]})
    assert t.attrs["provenance"]["model_provenance"] == "textbook version"
    b = dg.get_model("brinkmanship")
    t = dg.sweep(b, {"rho": np.linspace(0.5, 1.0, 3)})
    assert t.attrs["provenance"]["model_provenance_by_variant"] == {
        "one_sided": "textbook version", "one_sided signal extension": "reconstruction"}
    assert dg.sweep(dg.get_model("inspection"), {"false_alarm": [0.1]}).attrs["provenance"]["model_provenance"] \
        == "textbook version"


def test_models_text_lists_each_variant(capsys):
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert "arms_race_talk  [talk=False: textbook version; talk=True: reconstruction]" in out


def test_beauty_contest_says_it_has_no_escalation():
    pi = dg.get_model("public_information")
    sol = pi.solve(variant="beauty_contest")
    assert sol.escalation_probability == 0.0
    assert any("no escalatory outcome" in w for w in sol.warnings)
    assert not pi.solve(variant="regime_change").warnings
    t = dg.sweep(pi, {"alpha": [0.5, 1.0]})
    assert t.attrs["provenance"]["variants_without_escalation"] == ["beauty_contest"]
    assert "variants_without_escalation" not in dg.sweep(pi, {"alpha": [0.5]}, fixed={"variant": "regime_change"}).attrs["provenance"]
    assert "no escalatory outcome" in pi.provenance_text()
