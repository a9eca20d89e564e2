"""dg.explore: controls from the declared domains, curve and table equal to sweep/solve (issue 15 item 4).

The browser half (a real Voilà page in headless chromium) is tests/browser/test_explorer_browser.py.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("ipywidgets")
import ipywidgets as w  # noqa: E402

import deterrence_games as dg  # noqa: E402
from deterrence_games.explorer import slider_bounds  # noqa: E402


def _hotline():
    """Three equilibria (two pure, one mixed) of a hotline game; a cross-parameter condition."""

    def check(p):
        if p["cost"] > 2 * p["gain"]:
            raise dg.ParameterError("cost", p["cost"], f"cost <= 2 gain = {2 * p['gain']:g}")

    @dg.model(parameters=[
        dg.Parameter("gain", 2.0, dg.interval(0, open_low=True), "gain from pushing"),
        dg.Parameter("h", 0.5, dg.interval(0, 1), "probability the hotline works", information=True),
        dg.Parameter("rounds", 2, dg.integer(1, 5), "rounds of talks"),
        dg.Parameter("cost", 1.0, dg.interval(), "cost of war"),
        dg.Parameter("mode", "open", dg.choice("open", "secret"), "channel"),
        dg.Parameter("q", 0.7, dg.interval(0, 1, open_low=True, open_high=True), "signal accuracy",
                      information=True)],
        outcomes=("talks", "standoff", "war"), escalatory=("war",),
        outcome_map=[["talks", "standoff"], ["standoff", "war"]], check=check, id="hotline_explorer")
    def hotline(p):
        "Hotline game."
        war = -0.5 - 3 * (1 - p["h"]) - p["cost"] * (p["mode"] == "secret") - 0.1 * p["rounds"] * (1 - p["q"])
        return dg.BimatrixGame([[2, 0], [p["gain"] + 1, war]], [[2, p["gain"] + 1], [0, war]],
                               ("calm", "push"), ("calm", "push"))

    return hotline


def _rows(ex):
    return [(m.group(1), float(m.group(2)), json.loads(html.unescape(m.group(3))))
            for m in re.finditer(r'data-label="([^"]*)" data-escalation="([^"]*)" data-outcomes=\'([^\']*)\'',
                                 ex._table.value)]


def test_import_does_not_import_ipywidgets():
    code = "import sys, deterrence_games as dg; assert 'ipywidgets' not in sys.modules; dg.explore; print('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_controls_follow_the_declared_domains_information_first():
    ex = dg.explore(_hotline(), points=5)
    assert list(ex.controls) == ["h", "q", "gain", "rounds", "cost", "mode"]
    assert isinstance(ex.controls["h"], w.FloatSlider) and (ex.controls["h"].min, ex.controls["h"].max) == (0, 1)
    assert isinstance(ex.controls["rounds"], w.IntSlider) and (ex.controls["rounds"].min, ex.controls["rounds"].max) == (1, 5)
    assert isinstance(ex.controls["mode"], w.Dropdown) and [v for _, v in ex.controls["mode"].options] == ["open", "secret"]
    # open sides start one step inside; infinite sides get finite bounds around the default
    assert ex.controls["q"].min == pytest.approx(0.01) and ex.controls["q"].max == pytest.approx(0.99)
    assert ex.controls["gain"].min == pytest.approx(0.08) and ex.controls["gain"].max == pytest.approx(8.0)
    assert (ex.controls["cost"].min, ex.controls["cost"].max) == (-3.0, 5.0)
    assert ex.axis.options == ("h", "q") and ex.axis.value == "h"
    for name, c in ex.controls.items():
        assert ex.model.parameter(name).domain.contains(c.min if hasattr(c, "min") else c.value).all()


def test_slider_bounds_of_unbounded_domains():
    assert slider_bounds(dg.interval(), 0.0) == (-1.0, 1.0, 0.02)
    assert slider_bounds(dg.interval(high=1), -3.0)[:2] == (-15.0, 1.0)
    assert slider_bounds(dg.integer(0), 3) == (0.0, 10.0, 1.0)


def test_table_and_curve_equal_solve_and_sweep_at_every_point():
    m = _hotline()
    ex = dg.explore(m, "q", points=11, h=0.3)
    ex.set(h=0.6, mode="secret", rounds=4)
    assert ex.error == "" and ex.values["h"] == 0.6
    sol = m.solve(**ex.values)
    assert len(sol.equilibria) == 3  # every equilibrium, none selected
    rows = _rows(ex)
    assert [(lab, e) for lab, e, _ in rows] == [(e.label, e.escalation_probability) for e in sol.equilibria]
    for (_, _, dist), e in zip(rows, sol.equilibria, strict=True):
        assert dist == {o: e.outcomes[o] for o in m.outcomes}
    # the curve: every equilibrium at every grid point, as solve gives it there
    xs = ex.grid()
    np.testing.assert_allclose(xs, np.linspace(0.01, 0.99, 11))
    for xv in xs[::2]:
        at = sorted(c["y"] for c in ex.curve if c["x"] == xv)  # equal values of one label are one curve
        want = np.unique([e.escalation_probability for e in m.solve(**{**ex.values, "q": xv}).equilibria])
        np.testing.assert_allclose(at, want, rtol=0, atol=1e-9)  # the plot keeps 10 decimals
    assert {c["label"] for c in ex.curve} == {"pure", "mixed"}
    data = re.search(r"data-curve='([^']*)'", ex._curve.value).group(1)
    assert json.loads(html.unescape(data)) == ex.curve


def test_axis_dropdown_redraws_over_the_other_parameter():
    ex = dg.explore(_hotline(), points=7)
    before = ex._figure.value
    ex.set(axis="q")
    assert ex.table["q"].nunique() == 7 and ex.table["h"].unique().tolist() == [0.5]
    assert ex._figure.value != before and ex._figure.value[:4] == b"\x89PNG"


def test_a_refused_point_is_one_line_in_the_widget_not_a_traceback():
    ex = dg.explore(_hotline(), points=5, gain=1.5)
    ex.set(cost=3.5)  # cost <= 2 gain is a cross-parameter condition of the model
    assert ex.error == "`cost` must satisfy cost <= 2 gain = 3 (got 3.5)"
    assert "dg-explore-error" in ex._error.value and "\n" not in ex._error.value
    assert ex.solution is None and ex._table.value == ""
    ex.set(cost=1.5)
    assert ex.error == "" and ex._error.value == "" and ex.solution is not None


def test_bad_arguments_raise_before_any_work():
    m = _hotline()
    with pytest.raises(dg.ParameterError, match=r"`h` must satisfy 0 <= h <= 1 \(got 2"):
        dg.explore(m, h=2.0)
    with pytest.raises(dg.ParameterError, match=r"`info` must satisfy one of h, q \(got 'cost'\)"):
        dg.explore(m, "cost")
    with pytest.raises(dg.ParameterError, match="`points`"):
        dg.explore(m, points=2)
    with pytest.raises(ValueError, match="nope"):
        dg.explore(m, nope=1)
    with pytest.raises(TypeError, match="`model` must be a Model"):
        dg.explore(object())


def test_shipped_model_by_id_and_static_html_export(tmp_path):
    ex = dg.explore("inspection", "non_detection", false_alarm=0.1)
    sol = dg.get_model("inspection").solve(false_alarm=0.1)
    assert [e for _, e, _ in _rows(ex)] == [e.escalation_probability for e in sol.equilibria]
    path = tmp_path / "explorer.html"
    ex.to_html(path)
    page = path.read_text()
    assert "application/vnd.jupyter.widget-state+json" in page and "dg-explore-table" in page
    assert repr(sol.equilibria[0].escalation_probability) in page


class _Hotline(dg.Model):
    "A crisis that escalates unless a hotline (working with probability h) connects."
    id = "hotline_subclass_explorer"
    title = "Hotline (subclass)"
    method = "closed form"
    parameters = (dg.Parameter("h", 0.5, dg.interval(0, 1), "hotline reliability", information=True),
                  dg.Parameter("n", 2, dg.integer(1), "rounds of crisis talks", information=True),
                  dg.Parameter("c", 1.0, dg.interval(0), "cost of talks"))
    outcomes = ("talks", "war")
    escalatory = ("war",)

    def equilibria(self, params):
        war = (1 - params["h"]) ** params["n"]
        return [self.equilibrium("pure", {"talks": 1 - war, "war": war})]


def test_a_model_subclass_is_explored_with_its_closed_form():
    ex = dg.explore(_Hotline(), points=11)
    assert isinstance(ex.controls["n"], w.IntSlider) and (ex.controls["n"].min, ex.controls["n"].max) == (1, 11)
    ex.set(n=3, h=0.2)
    assert _rows(ex) == [("pure", 0.8**3, {"talks": 1 - 0.8**3, "war": 0.8**3})]
    np.testing.assert_allclose([c["y"] for c in ex.curve], (1 - np.linspace(0, 1, 11)) ** 3, atol=1e-10)
    with pytest.raises(dg.ParameterError, match=r"`axis` must satisfy one of h, n \(got 'c'\)"):
        ex.set(axis="c")
    ex.set(axis="n")  # an integer axis: its integers
    assert ex.grid().tolist() == list(range(1, 12))
    np.testing.assert_allclose([c["y"] for c in ex.curve], 0.8 ** np.arange(1, 12), atol=1e-10)
