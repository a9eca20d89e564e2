import numpy as np
import pandas as pd
import pytest

import deterrence_games as dg
from deterrence_games import ParameterError
from deterrence_games._validation import Interval
from deterrence_games.models._base import Model, Parameter


class Flaky(Model):
    """A toy model that fails at x = 0.5 and has two equilibria for x > 0.7."""

    id = ""  # not registered
    title = "toy"
    provenance = "reconstruction"
    parameters = (Parameter("x", 0.1, Interval(0, 1), "a number"),)
    outcomes = ("calm", "war")
    escalatory = ("war",)

    def _solve(self, p):
        if p["x"] == 0.5:
            raise RuntimeError("solver diverged")
        eqs = [self._equilibrium("pure", {"war": p["x"] / 2, "calm": 1 - p["x"] / 2})]
        if p["x"] > 0.7:
            eqs.append(self._equilibrium("mixed", {"war": p["x"], "calm": 1 - p["x"]}, flags={"refined": True}))
        return eqs


def test_tidy_table_layout_and_provenance():
    t = dg.sweep("crisis_bargaining_signal", {"rho": [0.5, 0.75], "pi": [0.3, 0.6]})
    assert list(t.columns[:6]) == ["pi", "rho", "c_L", "c_H", "c_A", "p"]
    assert {"point", "equilibrium", "label", "escalation_probability", "prob_war", "status"} <= set(t.columns)
    assert list(zip(t["rho"], t["pi"], strict=True)) == [(0.5, 0.3), (0.5, 0.6), (0.75, 0.3), (0.75, 0.6)]
    prov = t.attrs["provenance"]
    assert prov["model"] == "crisis_bargaining_signal" and prov["select"] == "all"
    assert prov["version"] == dg.__version__ and prov["grid"]["rho"] == [0.5, 0.75]


def test_failing_point_is_recorded_and_sweep_goes_on():
    t = dg.sweep(Flaky(), {"x": [0.1, 0.5, 0.9]})
    assert list(t["status"]) == ["ok", "failed", "ok", "ok"]
    assert "solver diverged" in t.loc[1, "error"]
    assert t.attrs["provenance"]["n_failed"] == 1
    assert list(t["flag_refined"]) == [False, False, False, True]


def test_selection_rules_recorded():
    lo = dg.sweep(Flaky(), {"x": [0.8, 0.9]}, select="min")
    hi = dg.sweep(Flaky(), {"x": [0.8, 0.9]}, select="max")
    assert list(lo["escalation_probability"]) == [0.4, 0.45]
    assert list(hi["escalation_probability"]) == [0.8, 0.9] and list(hi["equilibrium"]) == [1, 1]
    assert hi.attrs["provenance"]["select"] == "max"
    refined = dg.sweep(Flaky(), {"x": [0.2, 0.9]}, select="flag:refined")
    # a point where the flag matches nothing is a failed row with its reason (issue 14), not a gap
    assert list(refined["x"]) == [0.2, 0.9] and list(refined["status"]) == ["failed", "ok"]
    assert refined["error"][0].startswith("SelectionError: select='flag:refined' matched none of the 1")
    assert refined.attrs["provenance"]["n_failed"] == 1


@pytest.mark.parametrize(
    "grid,match",
    [({"rho": [0.5, 1.5]}, "`rho`"),
     ({"rhoo": [0.5]}, "no parameter 'rhoo'"),
     ({"rho": []}, "non-empty 1-d"),
     ({"rho": 0.5}, "non-empty 1-d"),
     ({}, "`grid`")],
)
def test_bad_grids_rejected_before_work(grid, match):
    with pytest.raises(ParameterError, match=match):
        dg.sweep("crisis_bargaining_signal", grid)


def test_bad_select_and_cross_constraint():
    with pytest.raises(ParameterError, match="`select`"):
        dg.sweep("crisis_bargaining_signal", {"rho": [0.5]}, select="median")
    with pytest.raises(ParameterError, match="`c_H`"):
        dg.sweep("crisis_bargaining_signal", {"c_L": [0.1, 0.3]})


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_save_and_load_roundtrip(tmp_path, suffix):
    t = dg.sweep("crisis_bargaining", {"c_A": np.linspace(0, 0.2, 5)})
    path = dg.save_table(t, tmp_path / f"table{suffix}")
    back = dg.load_table(path)
    assert back.attrs["provenance"]["model"] == "crisis_bargaining"
    pd.testing.assert_frame_equal(back.drop(columns=["error"]), t.drop(columns=["error"]), check_dtype=False)


def test_deterministic_bytes(tmp_path):
    a = dg.save_table(dg.sweep("crisis_bargaining_signal", {"rho": np.linspace(0.5, 1, 11)}), tmp_path / "a.csv")
    b = dg.save_table(dg.sweep("crisis_bargaining_signal", {"rho": np.linspace(0.5, 1, 11)}), tmp_path / "b.csv")
    assert a.read_bytes() == b.read_bytes()  # the table's bytes
    import json

    pa, pb = (json.loads((tmp_path / f"{x}.csv.json").read_text()) for x in "ab")
    for stamp in ("started", "finished"):  # timestamps live in the sidecar only
        assert pa.pop(stamp) and pb.pop(stamp)
    assert pa == pb


def test_plot_draws_one_line_per_equilibrium_and_band():
    import matplotlib

    matplotlib.use("Agg")
    t = dg.sweep(Flaky(), {"x": [0.1, 0.3, 0.8, 0.9]})
    ax = dg.plot.escalation(t, x="x")
    assert len(ax.lines) == 2 and len(ax.collections) == 1
    with pytest.raises(ValueError, match="`nope`"):
        dg.plot.escalation(t, x="nope")
