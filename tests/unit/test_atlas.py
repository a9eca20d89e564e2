"""The atlas classifier, settings and evaluation (deterrence_games.sweeps.atlas)."""

import numpy as np
import pytest

from deterrence_games import ParameterError, get_model
from deterrence_games._validation import Choice, Interval
from deterrence_games.models._base import Model, Parameter
from deterrence_games.plots.atlas import atlas_figure
from deterrence_games.sweeps import atlas as A
from deterrence_games.sweeps.atlas import (
    AtlasSetting,
    classify_effect,
    default_settings,
    evaluate_setting,
    run_atlas,
)

X = np.linspace(0, 1, 101)


@pytest.mark.parametrize(("y", "effect"), [
    (1 - X, "lowers"), (X**2, "raises"), (np.zeros_like(X), "no effect"),
    (np.abs(X - 0.5), "non-monotone"), (np.where(X < 0.3, 0.0, 0.2), "raises"),
    (np.where(X < 0.5, X, 0.0), "non-monotone"),
    (1e-12 * np.sin(40 * X), "no effect"),  # below the tolerance
])
def test_classify_basic(y, effect):
    assert classify_effect(X, y).effect == effect


def test_segments_and_jumps():
    y = np.where(X <= 0.5, 0.0, 0.8 * (1 - X))  # flat, jump up after 0.5, then decline
    eff = classify_effect(X, y)
    assert eff.effect == "non-monotone"
    dirs = [(s.direction, s.jump) for s in eff.segments]
    assert dirs == [(0, False), (1, True), (-1, False)]
    assert eff.segments[1].start == pytest.approx(0.5) and eff.segments[1].end == pytest.approx(0.51)
    assert eff.segments[0].start == 0 and eff.segments[-1].end == 1
    assert "raises (jump) on [0.5, 0.51]" in eff.describe()


def test_steady_slope_is_not_a_jump():
    eff = classify_effect(X, 1 - X)
    assert len(eff.segments) == 1 and not eff.segments[0].jump
    assert eff.segments[0].change == pytest.approx(-1.0)


def test_flipped_reads_the_curve_backwards_in_information():
    eff = classify_effect(X, X).flipped()
    assert eff.effect == "lowers"
    assert eff.segments[0].direction == -1


def test_nan_points_are_dropped():
    y = 1 - X.copy()
    y[10:20] = np.nan
    assert classify_effect(X, y).effect == "lowers"
    assert classify_effect([0.0], [1.0]).effect == "no effect"


def test_classifier_bad_input():
    with pytest.raises(ParameterError, match="`y`"):
        classify_effect([0, 1, 2], [0, 1])
    with pytest.raises(ParameterError, match="`x`"):
        classify_effect([0, 2, 1], [0, 1, 2])
    with pytest.raises(ParameterError, match="`atol`"):
        classify_effect([0, 1], [0, 1], atol=-1)


def test_setting_rejects_unknown_parameters_and_directions():
    with pytest.raises(ParameterError, match="`more_information`"):
        AtlasSetting("perfect_deterrence", "p_def", (0.0, 1.0), more_information="sideways")
    s = AtlasSetting("perfect_deterrence", "nonsense", (0.0, 1.0))
    with pytest.raises(ParameterError, match="`parameter`"):
        s.check(get_model("perfect_deterrence"))


def test_default_settings_cover_every_information_parameter():
    for mid in ("transparency_exposure", "brinkmanship", "perfect_deterrence"):
        m = get_model(mid)
        settings = default_settings(m, n=11)
        assert [s.parameter for s in settings] == list(m.information)
        for s in settings:
            dom = m.parameter(s.parameter).domain
            assert dom.contains(np.asarray(s.values)).all()


def test_failing_points_are_recorded_not_raised():
    # c_B_low sweeps past c_B_high = 0.4: those points violate c_B_high > c_B_low
    s = AtlasSetting("crisis_bargaining", "c_B_low", tuple(np.linspace(0, 1, 11)))
    curve = evaluate_setting(s)
    bad = curve["x"] >= 0.4 - 1e-12
    assert (curve.loc[bad, "status"] == "failed").all()
    assert curve.loc[bad, "error"].str.contains("c_B_high").all()
    assert (curve.loc[~bad, "status"] == "ok").all()


class _TwoEquilibria(Model):
    """A toy model with two equilibria and a Choice information parameter (not registered:
    defined in a test module)."""

    id = "_toy_two_equilibria"
    title = "toy"
    provenance = "reconstruction"
    parameters = (Parameter("x", 0.5, Interval(0, 1), "knob", information=True),
                  Parameter("public", "no", Choice(("no", "yes")), "publicity", information=True))
    outcomes = ("peace", "war")
    escalatory = ("war",)

    def _solve(self, p):
        w = p["x"] if p["public"] == "no" else 0.5 * p["x"]
        return [self._equilibrium("a", {"war": w, "peace": 1 - w}),
                self._equilibrium("b", {"war": 1 - w, "peace": w})]


def test_multiple_equilibria_give_min_and_max_envelopes_and_choices_work():
    toy = _TwoEquilibria()
    curve = A._escalation_slots(toy, [{"x": v} for v in np.linspace(0, 1, 21)])
    lo, hi, k, errors = curve
    assert (k == 2).all() and not any(errors)
    np.testing.assert_allclose(lo, np.minimum(np.linspace(0, 1, 21), 1 - np.linspace(0, 1, 21)))
    assert classify_effect(np.linspace(0, 1, 21), lo).effect == "non-monotone"
    assert classify_effect(np.linspace(0, 1, 21), hi).effect == "non-monotone"
    lo2, hi2, _, _ = A._escalation_slots(toy, [{"public": v, "x": 0.8} for v in ("no", "yes")])
    np.testing.assert_allclose(lo2, [0.2, 0.4])
    np.testing.assert_allclose(hi2, [0.8, 0.6])


def test_run_atlas_and_figure():
    s = AtlasSetting("perfect_deterrence", "p_def", tuple(np.linspace(0, 1, 51)), {"p_ch": 0.0}, label="p_ch=0")
    res = run_atlas([s])
    assert repr(res) == "<AtlasResult: 1 settings over 1 models>"
    row = res.summary.iloc[0]
    assert row["effect"] == "non-monotone" and row["envelope"] == "unique"
    assert "<table" in res._repr_html_()
    fig = atlas_figure(res.curves, "perfect_deterrence")
    assert len(fig.axes) == 1
    with pytest.raises(ValueError, match="no solved points"):
        atlas_figure(res.curves, "brinkmanship")


def test_unsolvable_curve_is_not_called_no_effect():
    # every point violates c_B_high > c_B_low
    s = AtlasSetting("crisis_bargaining", "c_B_low", (0.5, 0.6, 0.7), {"c_B_high": 0.4}, label="bad")
    row = run_atlas([s]).summary.iloc[0]
    assert row["effect"] == A.NOT_COMPUTED
    assert row["n_failed"] == 3


def test_generic_models_get_coarser_default_grids():
    toy = _TwoEquilibria()
    assert not toy.vectorized
    assert len(default_settings(toy, n=201, n_generic=7)[0].values) == 7
    assert len(default_settings("perfect_deterrence", n=201)[0].values) == 201


def test_command_line(cli, tmp_path):
    import pandas as pd

    out = tmp_path / "summary.csv"
    r = cli("atlas", "perfect_deterrence", "transparency_exposure", "--points", "101", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "non-monotone" in r.stdout
    summary = pd.read_csv(out)
    assert set(summary["model"]) == {"perfect_deterrence", "transparency_exposure"}
    assert (summary["n_points"] == 101).all()
    r = cli("atlas", "no_such_model")
    assert r.returncode == 2 and "`model`" in r.stderr
    r = cli("atlas", "perfect_deterrence", "--points", "1")
    assert r.returncode == 2 and "`--points`" in r.stderr


def test_compact_description_merges_staircases():
    x = np.linspace(0, 1, 101)
    y = np.floor(x * 4) / 4  # four steps up, flat in between
    eff = classify_effect(x, y)
    assert eff.effect == "raises"
    assert len(eff.segments) > 3
    assert eff.describe(compact=True) == "no effect on [0, 0.24]; raises (in steps) on [0.24, 1]"
    # a single jump and a smooth slope are left as they are
    y2 = np.where(x <= 0.5, 0.0, 0.8 * (1 - x))
    assert classify_effect(x, y2).describe(compact=True) == classify_effect(x, y2).describe()


def test_switch_parameters_are_drawn_as_points():
    toy_curves = evaluate_setting(AtlasSetting("brinkmanship", "variant", ("one_sided", "two_sided"), label="switch"))
    assert toy_curves["x"].tolist() == [0.0, 1.0]
    fig = atlas_figure(toy_curves, "brinkmanship")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["one_sided", "two_sided"]
    assert not ax.collections or all(len(c.get_segments()) == 2 for c in ax.collections)
