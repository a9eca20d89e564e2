"""``select="qre"``: the limit of the logit QRE principal branch, matched to the reported
equilibria with a certificate (issue 7).

Checked against: closed forms (the unique mixed equilibrium of asymmetric matching pennies,
McKelvey-Palfrey 1995; the inspection game's interior equilibrium), the textbook property that
the symmetric logit branch of a symmetric 2x2 coordination game selects the risk-dominant
equilibrium (Harsanyi-Selten's criterion, computed by hand here), and pygambit's
``logit_solve`` as a second method (strategic form for inspection, agent form of the ``.efg``
export for crisis_signaling). Failures (the limit matches no reported equilibrium, or more than
one) are errors with the reason, and failed rows in a sweep; never another equilibrium.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
import pandas as pd
import pytest

import deterrence_games as dg
from deterrence_games import ParameterError
from deterrence_games._validation import Interval
from deterrence_games.cli import main
from deterrence_games.games.normal_form import BimatrixGame
from deterrence_games.models._base import Model, Parameter
from deterrence_games.models.selection import (
    QRESelection,
    QRESelectionError,
    _contained,
    hull_distance,
    qre_selection,
)
from deterrence_games.results import select_equilibria
from deterrence_games.solvers.nash import nash_equilibria


class Bimatrix(Model):
    """A fixed bimatrix game as a model (every extreme equilibrium; ``s`` scales the payoffs).

    ``report`` keeps only some of the equilibria (to test a limit the model does not report),
    ``repeat`` lists one twice (to test an ambiguous match)."""

    id = ""  # not registered
    title = "a bimatrix game"
    provenance = "reconstruction"
    parameters = (Parameter("s", 1.0, Interval(0, np.inf, False), "payoff scale"),)
    outcomes = ("coordinate", "miscoordinate")
    escalatory = ("miscoordinate",)

    def __init__(self, A, B, report=None, repeat: bool = False):
        self.A, self.B = np.asarray(A, float), np.asarray(B, float)
        self.report, self.repeat = report, repeat

    def finite_game(self, p):
        return BimatrixGame(p["s"] * self.A, p["s"] * self.B)

    def equilibrium_profiles(self, p, eq):
        return (np.asarray(eq.strategies["x"])[None], np.asarray(eq.strategies["y"])[None])

    def _solve(self, p):
        eqs = list(nash_equilibria(self.finite_game(p)).equilibria)
        if self.report is not None:
            eqs = [eqs[i] for i in self.report]
        if self.repeat:
            eqs = eqs + eqs[:1]
        out = []
        for x, y in eqs:
            same = float(x @ y) if len(x) == len(y) else 0.0
            out.append(self._equilibrium("eq", {"coordinate": same, "miscoordinate": 1 - same},
                                         strategies={"x": x, "y": y}))
        return out


def pure(i: int, n: int = 2) -> np.ndarray:
    return np.eye(n)[i]


# --- games with a known limit ---------------------------------------------------------------


def test_unique_mixed_equilibrium_is_the_limit():
    # asymmetric matching pennies (McKelvey-Palfrey 1995): column mixes 9y = 1 - y, row x = 1/2
    m = Bimatrix([[9, 0], [0, 1]], [[0, 1], [1, 0]])
    sel = qre_selection(m, m.solve())
    # an unregistered model: its solution selects through the model itself (Model.select)
    assert m.solve().select("qre") == m.solve()[0] and m.select(m.solve(), "qre")[0] == [0]
    assert isinstance(sel, QRESelection) and sel.index == 0
    # the extrapolated limit is within O(lambda^-2) = O(1e-8) x a game constant of the equilibrium
    np.testing.assert_allclose(sel.limit[0], [0.5, 0.5], atol=1e-5)
    np.testing.assert_allclose(sel.limit[1], [0.1, 0.9], atol=1e-5)
    assert sel.distance <= 1e-5 and sel.lambda_max == 1e4 and sel.payoff_range == 9.0
    assert "QRESelection" in repr(sel) and sel.to_frame()["selected"].tolist() == [True]
    assert sel.to_dict()["index"] == 0 and "<strong>" in sel._repr_html_()


def risk_dominant(A: np.ndarray) -> int:
    """Harsanyi-Selten risk dominance in a symmetric 2x2 coordination game (B = A.T)."""
    return 0 if (A[0, 0] - A[1, 0]) ** 2 > (A[1, 1] - A[0, 1]) ** 2 else 1


@pytest.mark.parametrize("A", [[[4, 0], [3, 3]],     # stag hunt: hare risk-dominant, stag payoff-dominant
                               [[6, 0], [3, 2]],     # stag risk-dominant
                               [[2, 0], [0, 1]],     # pure coordination: the larger payoff
                               [[5, -3], [4, 2]]])   # hare risk-dominant, stag payoff-dominant
@pytest.mark.parametrize("s", [1.0, 1000.0])
def test_symmetric_coordination_selects_the_risk_dominant_equilibrium(A, s):
    A = np.asarray(A, float)
    m = Bimatrix(A, A.T)
    sol = m.solve(s=s)
    assert len(sol) == 3  # two pure equilibria and a mixed one
    sel = qre_selection(m, sol)
    chosen = sol[sel.index].strategies
    i = risk_dominant(A)
    np.testing.assert_array_equal(chosen["x"], pure(i))
    np.testing.assert_array_equal(chosen["y"], pure(i))
    assert sel.distance <= 1e-12
    others = [d for j, d in enumerate(sel.distances) if j != sel.index]
    assert min(others) > 0.1  # the certificate: no other equilibrium is near the limit
    # relabelling the actions relabels the selection
    P = np.array([[0, 1], [1, 0]])
    m2 = Bimatrix(P @ A @ P, (P @ A @ P).T)
    sol2 = m2.solve(s=s)
    chosen2 = sol2[qre_selection(m2, sol2).index].strategies
    np.testing.assert_array_equal(chosen2["x"], pure(1 - i))


def test_unreported_limit_and_ambiguity_are_errors_not_another_equilibrium():
    A = np.array([[4.0, 0.0], [3.0, 3.0]])  # the limit is (hare, hare)
    full = Bimatrix(A, A.T)
    hare = [j for j, e in enumerate(full.solve()) if e.strategies["x"][1] == 1.0]
    assert len(hare) == 1
    others = [j for j in range(3) if j != hare[0]]
    m = Bimatrix(A, A.T, report=others)
    with pytest.raises(QRESelectionError, match="matches none of the 2 reported equilibria") as info:
        qre_selection(m, m.solve())
    assert info.value.distance > 0.3
    with pytest.raises(QRESelectionError, match="ambiguous"):
        mm = Bimatrix(A, A.T, report=hare, repeat=True)
        qre_selection(mm, mm.solve())
    # in a sweep: the point is a failed row with the reason; no equilibrium row for it
    t = dg.sweep(m, {"s": [1.0, 2.0]}, select="qre", backend="serial", progress=False)
    assert t["status"].tolist() == ["failed", "failed"] and (t["equilibrium"] == -1).all()
    assert t["error"].str.contains("QRESelectionError: the logit QRE limit matches none").all()
    assert (t["qre_distance"] > 0.3).all() and (t["n_equilibria"] == 2).all()
    assert t.attrs["provenance"]["n_failed"] == 2
    ok = dg.sweep(full, {"s": [1.0, 2.0]}, select="qre", backend="serial", progress=False)
    assert ok["status"].tolist() == ["ok", "ok"] and ok["equilibrium"].tolist() == hare * 2


def test_hull_distance_is_the_sup_norm_distance_to_the_convex_hull():
    V = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    assert hull_distance([0.2, 0.2], V) == pytest.approx(0.0, abs=1e-12)
    assert hull_distance([1.0, 1.0], V) == pytest.approx(0.5, abs=1e-9)  # to (0.5, 0.5)
    assert hull_distance([-0.25, 0.5], V) == pytest.approx(0.25, abs=1e-9)
    assert hull_distance([0.3, 0.4], V[:1]) == pytest.approx(0.4)


# --- models -------------------------------------------------------------------------------


INSPECTION_POINTS = [{}, dict(non_detection=0.9), dict(k=6.0), dict(d=5.0, b=0.5),
                     dict(non_detection=0.7999, false_alarm=0.0),  # near a knife-edge: needs lambda = 1e6
                     dict(non_detection=0.8, false_alarm=0.0)]     # degenerate: a continuum, the limit is its end


def test_inspection_interior_point_is_the_closed_form():
    m = dg.get_model("inspection")
    sol = m.solve()
    e = sol.select("qre")
    r, q = m.closed_form(*(m.validate()[n] for n in m.parameter_names))
    np.testing.assert_allclose(e.strategies["inspectee"], [1 - q, q], atol=1e-12)
    np.testing.assert_allclose(e.strategies["inspector"], [r, 1 - r], atol=1e-12)
    sel = qre_selection(m, sol)
    np.testing.assert_allclose(sel.limit[0], [1 - q, q], atol=1e-6)
    np.testing.assert_allclose(sel.limit[1], [r, 1 - r], atol=1e-6)
    # alarm probability r[(1 - q) alpha + q (1 - beta)] at the limit (defaults alpha .05, beta .2)
    assert sel.escalation_probability == pytest.approx(r * ((1 - q) * 0.05 + q * 0.8), abs=1e-6)


@pytest.mark.peer
def test_inspection_matches_pygambit_logit_solve():
    gbt = pytest.importorskip("pygambit")
    m = dg.get_model("inspection")
    for kw in INSPECTION_POINTS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the degenerate point warns
            sol = m.solve(**kw)
        sel = qre_selection(m, sol)
        g = m.game(**kw)
        G = gbt.Game.from_arrays(g.A, g.B)
        eq = gbt.nash.logit_solve(G, use_strategic=True).equilibria[0]
        theirs = np.array([float(eq[s]) for s in G.strategies])
        e = sol[sel.index]
        ours = np.concatenate([e.strategies["inspectee"], e.strategies["inspector"]])
        np.testing.assert_allclose(ours, theirs, atol=1e-5, err_msg=str(kw))
        assert sel.lambda_max == (1e6 if "false_alarm" in kw else 1e4)


@pytest.mark.peer
def test_crisis_signaling_matches_pygambit_agent_logit():
    gbt = pytest.importorskip("pygambit")
    from deterrence_games.models.crisis_signaling import crisis_game

    m = dg.get_model("crisis_signaling")
    # the last point: the limit lies in a cell and in a larger cell containing it (nested)
    for kw in ({}, dict(q=0.8), dict(a=3.0, q=0.6), dict(q=0.6, a=1.0, pi=0.6)):
        p = m.validate(**kw)
        sol = m.solve(**p)
        assert len(sol) >= 4  # several PBE: the selection has work to do
        sel = qre_selection(m, sol)
        game = crisis_game(p)
        G = gbt.read_efg(io.StringIO(game.to_efg()))
        eq = gbt.nash.logit_solve(G, use_strategic=False).equilibria[0]
        sender, receiver = (pl for pl in G.players if pl.label in (game.sender, game.receiver))
        if sender.label != game.sender:
            sender, receiver = receiver, sender
        sigma = np.array([[float(eq[a]) for a in iset.actions] for iset in sender.infosets])
        rho = np.array([[float(eq[a]) for a in iset.actions] for iset in receiver.infosets])
        assert [s.label for s in sender.infosets] == list(game.types)
        assert [s.label for s in receiver.infosets] == list(game.observations)
        # gambit stops when the regret is small, which leaves off-path information sets
        # unconverged (at the nested point its off-path refrain probability is 0.0044 ~ 16 /
        # lambda, decaying to 0 along the branch); compare the observable part: the sender and
        # the receiver where it is reached. Gambit's limit lies in the selected cell there.
        reach = np.einsum("t,tm,tmk->k", game.prior, sigma, game.observation_kernel)
        on = reach > 1e-6
        cells = [(e.strategies["sigma_vertices"], e.strategies["rho_vertices"]) for e in sol]
        S, Rv = cells[sel.index]
        d = max(hull_distance(sigma, S), hull_distance(rho[on], Rv[:, on]))
        assert d < 1e-3, (kw, d)
        np.testing.assert_allclose(sel.limit[0], sigma, atol=1e-3)
        np.testing.assert_allclose(sel.limit[1][on], rho[on], atol=1e-3)
        # every other cell near our limit contains the selected one (a nested, larger cell)
        near = [j for j, (Sj, Rj) in enumerate(cells)
                if max(hull_distance(sel.limit[0], Sj), hull_distance(sel.limit[1], Rj)) <= 1e-4]
        assert sel.index in near and len(near) == (2 if kw.get("pi") == 0.6 else 1), (kw, near)
        for j in near:
            if j != sel.index:
                assert _contained(cells[sel.index], cells[j]) and not _contained(cells[j], cells[sel.index]), (kw, j)
        assert sol.select("qre") == sol[sel.index]
        # the escalation at the limit profile itself, against gambit's profile
        war = m.profile_outcomes(p, (sigma, rho))["war"]
        assert sel.escalation_probability == pytest.approx(war, abs=1e-3)
        lo, hi = sol[sel.index].quantities["escalation_min"], sol[sel.index].quantities["escalation_max"]
        slack = 10 * sel.distance + 1e-12  # the limit is within `distance` of the cell (bilinear outcomes)
        assert lo - slack <= sel.escalation_probability <= hi + slack


# --- sweeps, errors, command line ---------------------------------------------------------------


def test_sweep_with_qre_is_the_same_on_serial_and_process_backends():
    grid = {"non_detection": [0.2, 0.7999, 0.9], "false_alarm": [0.0, 0.05]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        serial = dg.sweep("inspection", grid, select="qre", backend="serial", progress=False)
        proc = dg.sweep("inspection", grid, select="qre", backend="process", workers=2, chunk_size=2,
                        progress=False)
    pd.testing.assert_frame_equal(serial, proc)
    assert len(serial) == 6 and (serial["status"] == "ok").all()
    assert (serial["qre_distance"] <= 1e-4).all() and set(serial["qre_lambda"]) == {1e4, 1e6}
    np.testing.assert_allclose(serial["qre_escalation_probability"], serial["escalation_probability"], atol=1e-4)
    prov = proc.attrs["provenance"]
    assert prov["select"] == "qre" and prov["backend"] == "process" and prov["vectorized"] is False
    assert prov["select_options"]["lambdas"] == [1e4, 1e6] and prov["select_options"]["tol"] == 1e-4
    # the selected rows are the (unique) equilibria of the closed form
    ref = dg.sweep("inspection", grid, select="all", vectorized=False, backend="serial", progress=False)
    np.testing.assert_array_equal(serial["violation_probability"], ref["violation_probability"])


@pytest.mark.slow
def test_sweep_with_qre_on_dask_equals_serial():
    distributed = pytest.importorskip("distributed")
    grid = {"non_detection": [0.2, 0.9], "k": [0.5, 6.0]}
    serial = dg.sweep("inspection", grid, select="qre", backend="serial", progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster, distributed.Client(cluster) as client:
        dask = dg.sweep("inspection", grid, select="qre", client=client, chunk_size=1, progress=False)
    pd.testing.assert_frame_equal(serial, dask)


def test_bad_input_is_refused_before_any_work():
    with pytest.raises(ParameterError, match="`select`.*crisis_bargaining_signal.*finite game"):
        dg.sweep("crisis_bargaining_signal", {"rho": [0.5]}, select="qre")
    with pytest.raises(ParameterError, match="`select`.*crisis_bargaining_signal"):
        dg.get_model("crisis_bargaining_signal").solve().select("qre")
    with pytest.raises(ParameterError, match="`vectorized`"):
        dg.sweep("inspection", {"non_detection": [0.5]}, select="qre", vectorized=True)
    with pytest.raises(ParameterError, match="`backend`"):
        dg.sweep("inspection", {"non_detection": [0.5]}, select="qre", backend="vectorized")
    with pytest.raises(ParameterError, match="`select`"):
        dg.sweep("inspection", {"non_detection": [0.5]}, select="median")
    eqs = dg.get_model("inspection").solve().equilibria
    with pytest.raises(ParameterError, match="`select`.*finite game"):
        select_equilibria(eqs, "qre")
    with pytest.raises(ParameterError, match="`select`"):
        select_equilibria([], "median")
    m = dg.get_model("inspection")
    with pytest.raises(ParameterError, match="`tol`"):
        qre_selection(m, m.solve(), tol=-1.0)
    with pytest.raises(ParameterError, match="`lambdas`"):
        qre_selection(m, m.solve(), lambdas=(0.0,))


def test_command_line_and_spec_file(tmp_path, capsys):
    code = main(["sweep", "inspection", "--grid", "non_detection=0.2,0.9", "--select", "qre",
                 "--out", str(tmp_path / "t.csv"), "--no-progress"])
    assert code == 0
    t = dg.load_table(tmp_path / "t.csv")
    assert t.attrs["provenance"]["select"] == "qre" and (t["status"] == "ok").all() and "qre_distance" in t
    spec = tmp_path / "s.toml"
    spec.write_text(f'model = "inspection"\nselect = "qre"\nout = "{(tmp_path / "u.csv").as_posix()}"\n'
                    "[grid]\nbeta = [0.2, 0.9]\n")
    assert main(["sweep", "--spec", str(spec), "--no-progress"]) == 0
    u = dg.load_table(tmp_path / "u.csv")
    pd.testing.assert_frame_equal(t, u)
    capsys.readouterr()
    code = main(["sweep", "crisis_bargaining_signal", "--grid", "rho=0.5,0.6", "--select", "qre",
                 "--out", str(tmp_path / "v.csv")])
    err = capsys.readouterr().err
    assert code == 2 and "select" in err and "crisis_bargaining_signal" in err
    assert not (tmp_path / "v.csv").exists()
