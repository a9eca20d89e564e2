"""trust_building's symbolic form: quantities the generic test cannot compare (inf in all-defect)."""

import numpy as np

from deterrence_games.models import get_model
from deterrence_games.models._symbolic import symbolic_form
from deterrence_games.solvers.symbolic import lambdify_vectorized


def test_wald_rounds_and_regime_coverage():
    form = symbolic_form("trust_building")
    model = get_model("trust_building")
    rng = np.random.default_rng(3)
    for r in form.regimes:
        pts = form.sample(r, 50, rng)
        expr = r.equilibria[0]["expected_rounds_to_trust"]  # trust-building only (all-defect: inf)
        (sym,) = lambdify_vectorized(form.piecewise.all_symbols, [expr])(form.complete(pts))
        sym = np.broadcast_to(np.asarray(sym, float), (50,))
        num = model.evaluate(**pts).quantities["expected_rounds_to_trust"][:, 0]
        np.testing.assert_allclose(sym, num, rtol=1e-12, atol=1e-12)
    # each listed horizon has every m* (0..H and m* > H): the regimes partition the domain
    names = {r.name for r in form.regimes}
    for H in (0, 1, 2, 3, 5):
        assert {f"H={H}, m*={m}" for m in range(H + 1)} | {f"H={H}, m*>H"} <= names
