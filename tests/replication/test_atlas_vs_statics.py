"""The transparency atlas (finite differences along grids) against the symbolic layer (derivatives).

Two methods for one claim, "more information lowers / raises escalation here": the atlas
classifies each curve from the model's numbers on a grid; the symbolic layer
differentiates the closed form of the regime that holds at each grid point. At every
interior grid point where one regime with a single equilibrium holds on both neighbours,
the sign of the central difference of the atlas curve must be the sign of the symbolic
derivative (steps below 1e-9 count as flat, derivatives are compared only where they are
clearly away from 0).
"""

from __future__ import annotations

import numpy as np
import pytest

from deterrence_games._validation import ParameterError
from deterrence_games.models import get_model
from deterrence_games.models._symbolic import ESCALATION, derivative, has_symbolic, symbolic_form
from deterrence_games.solvers.symbolic import lambdify_vectorized
from deterrence_games.sweeps.atlas import atlas_settings, evaluate_setting

pytestmark = pytest.mark.replication


def _comparable_settings():
    out = []
    for s in atlas_settings():
        m = get_model(s.model)
        if s.categorical or s.path or not has_symbolic(m):
            continue
        form = symbolic_form(m)
        if s.parameter in form.symbols and s.parameter not in form.integers:
            out.append(s)
    return out


SETTINGS = _comparable_settings()


def test_the_atlas_has_curves_to_compare():
    assert len({s.model for s in SETTINGS}) >= 10


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: f"{s.model}-{s.parameter}-{s.label}")
def test_atlas_direction_is_the_sign_of_the_symbolic_derivative(setting):
    m = get_model(setting.model)
    form = symbolic_form(m)
    points, ok = [], []
    for p in setting.points():  # default settings span the whole domain: skip invalid points
        try:
            points.append(m.validate(**p))
            ok.append(True)
        except ParameterError:
            points.append(m.validate())
            ok.append(False)
    ok = np.array(ok)
    # parameters without a symbol (Choice values, integers fixed per regime) select regimes
    fixed = {k: points[0][k] for k in points[0] if k not in form.symbols}
    assert all(p[k] == v for p in points for k, v in fixed.items())
    numeric = {k: np.array([p[k] for p in points], float) for k in points[0] if k in form.symbols}
    curve = evaluate_setting(setting)
    y = curve["esc_min"].to_numpy()
    one_eq = (curve["n_equilibria"].to_numpy() == 1) & ok
    idx = np.where(ok, form.piecewise.regime_index(form.complete(numeric), fixed), -1)
    x = form.symbols[setting.parameter]
    compared = 0
    for r in np.unique(idx[idx >= 0]):
        regime = form.regimes[r]
        if len(regime.equilibria) != 1 or regime.degenerate:
            continue
        d = derivative(form, regime.equilibria[0][ESCALATION], x)
        (dv,) = lambdify_vectorized(form.piecewise.all_symbols, [d])(form.complete(numeric))
        dv = np.broadcast_to(np.asarray(dv, float), y.shape)
        for i in range(1, len(y) - 1):
            if not (idx[i - 1] == idx[i] == idx[i + 1] == r and one_eq[i - 1 : i + 2].all()):
                continue
            step = y[i + 1] - y[i - 1]
            h = float(setting.values[i + 1]) - float(setting.values[i - 1])
            if abs(dv[i]) * h < 1e-7 or abs(step) <= 1e-9:
                continue  # flat, or too close to 0 to tell on this grid
            assert np.sign(step) == np.sign(dv[i]), (
                f"{m.id}, {setting.parameter} = {setting.values[i]}: atlas step {step:.3g}, "
                f"symbolic derivative {dv[i]:.3g} in regime {regime.name!r}")
            compared += 1
    if compared == 0:
        pytest.skip("no interior point with one single-equilibrium regime on both sides and a clear slope")
