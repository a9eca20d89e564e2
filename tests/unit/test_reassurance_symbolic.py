"""reassurance's symbolic form with a gesture (m > 0, tau2 > tau*): the regimes cover every point.

The generic test (``test_symbolic_models.py``) checks each declared regime against the numeric
model at random points inside it. This file checks the other half, that the gesture regimes
leave nothing out:

* a proof by linear programming: in the coordinates ``q = c/(1+c)``, ``t = tau*``,
  ``T = tau2``, ``X = k_S/(1+c)``, ``a = k_G/g_G`` (free except ``0 < q <= t < T <= 1``,
  ``t < 1``, ``X, a > 0``) the eight atoms that decide which equilibria exist are strict
  linear inequalities, so each of the 2 x 128 sign patterns is an open polyhedron; it is
  non-empty iff an LP finds a positive slack. Every non-empty pattern must lie in exactly one
  declared regime, and the numeric model at the LP's witness point must have exactly that
  regime's equilibria;
* random points of the model's domain (not the narrower sampling box of the symbolic form):
  each lies in exactly one declared regime, whose escalation probabilities are the model's.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.optimize import linprog

from deterrence_games import get_model
from deterrence_games.models._symbolic import ESCALATION, symbolic_form
from deterrence_games.models.reassurance import _GESTURE_REGIMES, _LABELS_GESTURE
from deterrence_games.solvers.symbolic import condition_mask

MODEL = get_model("reassurance")
PREFIX = "two_type, m>0, tau2>tau*, "

# atom -> coefficients of L in (q, t, T, X, a); the atom holds iff L > 0
LINEAR = {
    "b": (-1, 0, 1, -1, 0),   # X < T - q       (k_S < u_c = tau2 (1+c) - c)
    "c1": (0, 0, 1, 0, -1),   # a < T           (k_G < tau2 g_G)
    "d": (-1, 1, 0, -1, 0),   # X < t - q       (k_S < tau* g_S)
    "e": (0, 1, 0, 0, -1),    # a < t           (k_G < tau* g_G)
    "f": (-1, 0, 0, -1, 1),   # a > X + q       (k_S < k_G (1+c)/g_G - c)
    "g": (0, -1, 1, -1, 0),   # X < T - t       (k_S < (tau2 - tau*)(1+c))
    "h": (0, 0, 0, -1, 1),    # a > X           (k_G > g_G k_S/(1+c))
}
NAMES = tuple(LINEAR)


def _witness(signs: dict[str, bool]) -> np.ndarray | None:
    """A point (q, t, T, X, a) of the sign pattern with slack > 1e-6 on every atom, or None."""
    # variables (q, t, T, X, a, eps): maximise eps subject to +-L >= eps for each atom and
    # q >= eps, t - q >= 0, T - t >= eps, X >= eps, a >= eps, T <= 1, t <= 1 - eps
    rows, rhs = [], []

    def ge(coef, with_eps=True, const=0.0):  # coef . v (+ const) >= eps  ->  -coef . v + eps <= const
        rows.append([-x for x in coef] + [1.0 if with_eps else 0.0])
        rhs.append(const)

    for name, s in signs.items():
        ge([x if s else -x for x in LINEAR[name]])
    ge([1, 0, 0, 0, 0])
    ge([-1, 1, 0, 0, 0], with_eps=False)
    ge([0, -1, 1, 0, 0])
    ge([0, 0, 0, 1, 0])
    ge([0, 0, 0, 0, 1])
    ge([0, 0, -1, 0, 0], with_eps=False, const=1.0)
    ge([0, -1, 0, 0, 0], const=1.0)
    res = linprog([0, 0, 0, 0, 0, -1], A_ub=np.array(rows, float), b_ub=np.array(rhs, float),
                  bounds=[(None, None)] * 5 + [(None, 1.0)], method="highs")
    if res.status != 0 or -res.fun <= 1e-6:
        return None
    return res.x[:5]


def _literals(row: str) -> dict[str, bool]:
    return {lit.lstrip("~"): not lit.startswith("~") for lit in row.split()}


def _matches(lits: dict[str, bool], up: bool, signs: dict[str, bool]) -> bool:
    return lits.get("up", up) == up and all(signs[k] == v for k, v in lits.items() if k != "up")


def _model_point(q, t, T, X, a, up):
    c = q / (1 - q)
    g_G = 1.5
    return dict(variant="two_type", c=c, g_S=max(1 + c - c / t, 0.0), g_G=g_G, tau1=(t + 1) / 2 if up else t / 2,
                tau2=T, m=1.0, v_S=X * (1 + c), v_G=a * g_G)


def test_every_nonempty_sign_pattern_lies_in_exactly_one_regime_with_the_models_equilibria():
    nonempty = 0
    for up in (False, True):
        for bits in itertools.product((False, True), repeat=len(NAMES)):
            signs = dict(zip(NAMES, bits, strict=True))
            w = _witness(signs)
            hits = [(row, js) for row, js in _GESTURE_REGIMES if _matches(_literals(row), up, signs)]
            if w is None:
                continue  # empty: proved by the LP (no point with positive slack)
            nonempty += 1
            assert len(hits) == 1, (up, signs, hits)
            p = _model_point(*w, up)
            labels = [e.label for e in MODEL.solve(**p)]
            assert labels == [_LABELS_GESTURE[j] for j in hits[0][1]], (up, signs, p)
    # the atoms' implications (d => b, g => b, e => c1, f => h, d & ~e => f, c1 & f => b, ...)
    # leave 29 of the 128 patterns of the seven k-atoms on each side of tau*
    assert nonempty == 2 * 29


def test_regimes_are_minimal_conjunctions_without_overlap():
    """No two declared rows share a non-empty pattern (checked above) and none is redundant."""
    for row, _ in _GESTURE_REGIMES:
        lits = _literals(row)
        for drop in [k for k in lits if k != "up"]:
            # dropping any literal would take in a non-empty pattern of another row
            smaller = {k: v for k, v in lits.items() if k != drop}
            up = smaller.get("up", lits["up"])
            grown = [dict(zip(NAMES, b, strict=True)) for b in itertools.product((False, True), repeat=7)]
            grown = [s for s in grown if _matches(smaller, up, s) and not _matches(lits, up, s)]
            assert any(_witness(s) is not None for s in grown), (row, drop)


@pytest.fixture(scope="module")
def form():
    return symbolic_form("reassurance")


def test_random_points_of_the_domain_lie_in_exactly_one_regime(form):
    """20,000 points of the model's domain (wide box) with m > 0 and tau2 > tau*."""
    rng = np.random.default_rng(2024)
    n = 20_000
    c = rng.uniform(0, 5, n)
    g_S = rng.uniform(0, 1, n)
    t = c / (1 + c - g_S)
    tau2 = rng.uniform(t, 1)
    pts = dict(c=c, g_S=g_S, g_G=rng.uniform(1, 6, n), tau1=rng.uniform(0, 1, n), tau2=tau2,
               m=rng.uniform(0, 3, n), v_S=rng.uniform(0, 4, n), v_G=rng.uniform(0, 6, n),
               g_min=np.zeros(n), g_max=np.full(n, 1.25))
    sol = MODEL.evaluate(variant="two_type", **pts)
    valid = np.asarray(sol.valid, bool)
    esc = np.where(valid, 1 - np.asarray(sol.outcomes["cooperation"], float), np.nan)
    regimes = [r for r in form.regimes if r.name.startswith(PREFIX)]
    assert len(regimes) == len(_GESTURE_REGIMES)
    count = np.zeros(n, int)
    for r in regimes:
        inside = np.ones(n, bool)
        for cond in r.conditions:
            inside &= condition_mask(cond, form.piecewise.all_symbols, pts)
        count += inside
        if not inside.any():
            continue
        sub = {k: v[inside] for k, v in pts.items()}
        sym = np.sort(form.evaluate(r, ESCALATION, sub), axis=1)
        assert (valid[inside].sum(axis=1) == len(r.equilibria)).all(), r.name
        num = np.sort(esc[inside], axis=1)[:, : len(r.equilibria)]
        np.testing.assert_allclose(sym, num, rtol=0, atol=1e-9, err_msg=r.name)
    assert (count == 1).all(), np.flatnonzero(count != 1)[:5]
