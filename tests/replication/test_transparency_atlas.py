"""The transparency atlas (papers/transparency_atlas): every claim row is checked.

Each row of ``papers/transparency_atlas/expected/claims.csv`` states, for one model setting,
the effect of more information on escalation, the jumps it predicts and
worked numbers at given parameter values. A claim whose model is not registered on this
branch is skipped with a visible reason (never silently).
"""

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from deterrence_games import get_model, model_ids
from deterrence_games.sweeps.atlas import EFFECTS, KNOWN_SETTINGS, atlas_settings, run_atlas

from ._reproduced import reproduce_once

pytestmark = pytest.mark.replication

PAPER = Path(__file__).resolve().parents[2] / "papers" / "transparency_atlas"
with open(PAPER / "expected" / "claims.csv", newline="") as fh:
    CLAIMS = list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def atlas():
    return run_atlas()


def _setting(model, label):
    matches = [s for s in KNOWN_SETTINGS.get(model, ()) if s.label == label]
    assert len(matches) == 1, f"no unique atlas setting {label!r} for {model!r}"
    return matches[0]


def test_claims_file_is_well_formed():
    assert CLAIMS
    assert len({c["claim_id"] for c in CLAIMS}) == len(CLAIMS)
    for c in CLAIMS:
        assert c["effect"] in EFFECTS
        assert c["source"].startswith("docs/models/")


@pytest.mark.parametrize("claim", CLAIMS, ids=[c["claim_id"] for c in CLAIMS])
def test_claim(claim, atlas):
    if claim["model"] not in model_ids():
        pytest.skip(f"model {claim['model']!r} is not registered on this branch; claim {claim['claim_id']} unchecked")
    setting = _setting(claim["model"], claim["setting"])
    rows = atlas.summary[(atlas.summary["model"] == claim["model"]) & (atlas.summary["setting"] == claim["setting"])]
    assert claim["envelope"] in set(rows["envelope"]), rows[["envelope", "effect"]]
    row = rows[rows["envelope"] == claim["envelope"]].iloc[0]
    assert row["n_failed"] == 0
    # 1. the classified effect of more information
    assert row["effect"] == claim["effect"], row["ranges"]
    # 2. every predicted jump sits within one grid step of its closed-form location
    #    (for a switch such as public / talk, the two-point "curve" is a jump by construction)
    segments = json.loads(row["segments"]) if not setting.categorical else []
    jumps = [s for s in segments if s["jump"]]
    tokens = [t for t in claim["transitions"].split(";") if t]
    for token in [t for t in tokens if t.startswith("starts@")]:
        # the first change of escalation happens within one grid step of a closed-form point
        at = float(token.split("@")[1])
        step = float(np.max(np.diff(np.asarray(setting.values, dtype=float))))
        first = next(s for s in segments if s["direction"] != 0)
        assert abs(first["start"] - at) <= step + 1e-9, (token, first)
    expected = [t for t in tokens if not t.startswith("starts@")]
    assert len(jumps) == len(expected), row["ranges"]
    for token, seg in zip(expected, sorted(jumps, key=lambda s: s["start"]), strict=True):
        kind, at = token.split("@")
        assert seg["direction"] == (1 if kind == "jump_up" else -1)
        assert seg["start"] - 1e-12 <= float(at) <= seg["end"] + 1e-12, (token, seg)
    # 3. worked numbers at given points, solved at exactly that point
    model = get_model(claim["model"])
    for item in [c for c in claim["check_points"].split(";") if c]:
        x_text, value = item.split(":")
        x = {"True": True, "False": False}.get(x_text, x_text) if setting.categorical else float(x_text)
        value = float(value)
        params = dict(setting.fixed)
        if setting.path:
            params.update({k: a + b * x for k, (a, b) in setting.path.items()})
        else:
            params[setting.parameter] = x
        lo, hi = model.solve(**params).escalation_range
        decimals = len(item.split(":")[1].split(".")[1]) if "." in item.split(":")[1] else 0
        tol = 0.5 * 10 ** -max(decimals, 2) + 1e-12
        if claim["envelope"] in ("unique", "all equal", "min"):
            assert lo == pytest.approx(value, abs=tol), (item, lo, hi)
        if claim["envelope"] in ("unique", "all equal", "max"):
            assert hi == pytest.approx(value, abs=tol), (item, lo, hi)


def test_every_registered_information_model_is_in_the_atlas(atlas):
    with_info = {m for m in model_ids() if get_model(m).information}
    assert with_info == set(atlas.summary["model"])
    for m in with_info:
        covered = set(atlas.summary.loc[atlas.summary["model"] == m, "information_parameter"])
        paths = {k for s in atlas.settings if s.model == m for k in s.path}
        assert set(get_model(m).information) <= covered | paths


def test_summary_effects_are_consistent_with_curves(atlas):
    """Independent reading of each curve: the effect follows from the signs of its steps."""
    for s in atlas.settings:
        curve = atlas.curves[(atlas.curves["model"] == s.model) & (atlas.curves["setting"] == s.label)
                             & (atlas.curves["parameter"] == s.parameter)]
        row = atlas.summary[(atlas.summary["model"] == s.model) & (atlas.summary["setting"] == s.label)
                            & (atlas.summary["information_parameter"] == s.parameter)].iloc[0]
        y = curve["esc_min"].to_numpy()
        dy = np.diff(y[np.isfinite(y)])  # failed points are dropped, as the classifier does
        if s.more_information == "decreasing":
            dy = -dy
        up, down = (dy > 1e-9).any(), (dy < -1e-9).any()
        expected = {(False, False): "no effect", (False, True): "lowers", (True, False): "raises",
                    (True, True): "non-monotone"}[(bool(up), bool(down))]
        if row["envelope"] in ("unique", "all equal", "min"):
            assert row["effect"] == expected, (s.model, s.label)


def test_reproduce_writes_summary_figures_and_is_deterministic(tmp_path, atlas):
    files = reproduce_once(PAPER, tmp_path / "a")
    names = {p.name for p in files}
    assert {"atlas_summary.csv", "atlas_curves.csv"} <= names
    summary = pd.read_csv(tmp_path / "a" / "atlas_summary.csv")
    for m in set(summary["model"]):
        assert f"atlas_{m}.png" in names
    # determinism: the reproduce run and this module's own run give the same bytes
    atlas.summary.to_csv(tmp_path / "summary.csv", index=False)
    atlas.curves.to_csv(tmp_path / "curves.csv", index=False)
    assert (tmp_path / "a" / "atlas_summary.csv").read_bytes() == (tmp_path / "summary.csv").read_bytes()
    assert (tmp_path / "a" / "atlas_curves.csv").read_bytes() == (tmp_path / "curves.csv").read_bytes()


def test_known_settings_fit_their_models():
    for model, settings in KNOWN_SETTINGS.items():
        if model not in model_ids():
            continue
        labels = {s.label for s in settings}
        chosen = [s for s in atlas_settings([model]) if s.label in labels and not s.source.startswith("default")]
        assert len(chosen) == len(settings), f"a known setting of {model!r} no longer fits its parameters"
