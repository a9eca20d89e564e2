import json

import numpy as np
import pytest

from deterrence_games.results import Equilibrium, ModelSolution, NashEquilibria, select_equilibria


def _sol():
    e1 = Equilibrium("pooling", {"war": 0.2, "peace": 0.8}, 0.2, strategies={"x": np.array([0.5, 0.5])})
    e2 = Equilibrium("separating", {"war": 0.6, "peace": 0.4}, 0.6, flags={"intuitive": True})
    return ModelSolution("toy", {"a": 1.0}, (e1, e2), ("peace", "war"), ("war",), "test")


def test_solution_is_frozen_and_arrays_read_only():
    s = _sol()
    with pytest.raises(AttributeError):
        s.model = "other"
    with pytest.raises(TypeError):
        s.parameters["a"] = 2
    with pytest.raises(ValueError):
        s[0].strategies["x"][0] = 1.0


def test_equality_by_value_with_arrays():
    assert _sol() == _sol()
    other = Equilibrium("pooling", {"war": 0.2, "peace": 0.8}, 0.2, strategies={"x": np.array([0.4, 0.6])})
    assert _sol()[0] != other


def test_selection_rules():
    s = _sol()
    assert s.escalation_range == (0.2, 0.6)
    assert s.select("min").label == "pooling" and s.select("max").label == "separating"
    assert s.select("flag:intuitive").label == "separating"
    with pytest.raises(ValueError, match="escalation_range"):
        _ = s.escalation_probability
    with pytest.raises(ValueError, match="`select`"):
        select_equilibria(s.equilibria, "median")


def test_reprs_and_exports():
    s = _sol()
    assert repr(s) == "<toy ModelSolution: 2 equilibria, escalation [0.2, 0.6]>"
    assert "parameters: a=1.0" in str(s)
    html = s._repr_html_()
    assert "<pre>" in html and "&lt;toy ModelSolution" in html
    d = json.loads(s.to_json())
    assert d["equilibria"][1]["flags"] == {"intuitive": True}
    f = s.to_frame()
    assert list(f["prob_war"]) == [0.2, 0.6] and list(f["flag_intuitive"]) == [False, True]


def test_nash_equilibria_result():
    r = NashEquilibria(((np.array([1.0, 0.0]), np.array([0.0, 1.0])),), degenerate=False, method="m", max_regret=0.0)
    assert len(r) == 1 and "1 extreme equilibrium" in repr(r)
    with pytest.raises(ValueError):
        r[0][0][0] = 0.5
    assert r == NashEquilibria(((np.array([1.0, 0.0]), np.array([0.0, 1.0])),), False, "other", 0.0)
