"""perfect_deterrence: the worked cases and backward induction on the explicit tree."""

import itertools

import numpy as np
import pytest

from deterrence_games import ParameterError, get_model

MODEL = get_model("perfect_deterrence")


@pytest.mark.parametrize(("p_ch", "p_def", "dd"), [
    (0.0, 0.49, 0.49), (0.0, 0.5, 0.0), (0.2, 0.5, 0.10), (0.2, 0.8, 0.16),
])
def test_worked_9(p_ch, p_def, dd):
    sol = MODEL.solve(s_ch=0.5, d_S=0.0, p_ch=p_ch, p_def=p_def)
    assert sol[0].quantities["c_ch"] == pytest.approx(0.5)
    assert sol.escalation_probability == pytest.approx(dd, abs=1e-12)
    assert sum(sol[0].outcomes.values()) == pytest.approx(1.0)


def test_jump_at_c_ch_and_ties():
    c = 0.5
    below = MODEL.solve(p_ch=0.0, p_def=c - 1e-9).escalation_probability
    at = MODEL.solve(p_ch=0.0, p_def=c).escalation_probability
    assert below == pytest.approx(c, abs=1e-8)
    assert at == 0.0  # the Soft challenger is indifferent and cooperates (peaceful tie)


def _tree_backward_induction(s_ch, d_S, d_H, p_ch, p_def):
    """Explicit game tree: Nature draws types; the challenger (knowing its type) moves; the
    defender (knowing its type) answers a defection. Defender utilities are ordinal:
    Hard: DD=1 > DC=0; Soft: DC=1 > DD=0. Ties go to the peaceful action."""
    u_def = {"Hard": {"DD": 1.0, "DC": 0.0}, "Soft": {"DD": 0.0, "DC": 1.0}}
    u_ch = {"Hard": {"SQ": s_ch, "DC": 1.0, "DD": d_H}, "Soft": {"SQ": s_ch, "DC": 1.0, "DD": d_S}}
    prior_def = {"Hard": p_def, "Soft": 1 - p_def}
    prior_ch = {"Hard": p_ch, "Soft": 1 - p_ch}
    # defender's move at each of its nodes (after a defection)
    reply = {}
    for td in u_def:
        dd, dc = u_def[td]["DD"], u_def[td]["DC"]
        reply[td] = "DD" if dd > dc else "DC"  # tie -> concede (peaceful)
    dist = {"status_quo": 0.0, "defender_concedes": 0.0, "conflict": 0.0}
    name = {"DD": "conflict", "DC": "defender_concedes"}
    for tc in u_ch:
        eu_defect = sum(prior_def[td] * u_ch[tc][reply[td]] for td in u_def)
        defect = eu_defect > u_ch[tc]["SQ"] + 1e-12  # tie -> cooperate (peaceful)
        for td in u_def:
            w = prior_ch[tc] * prior_def[td]
            dist[name[reply[td]] if defect else "status_quo"] += w
    return dist


@pytest.mark.parametrize(("s_ch", "d_S", "d_H", "p_ch", "p_def"), list(itertools.product(
    [0.2, 0.5, 0.8], [-1.0, 0.0, 0.1], [0.9, 2.0], [0.0, 0.3, 1.0], np.linspace(0, 1, 11).tolist())))
def test_backward_induction_on_tree_agrees(s_ch, d_S, d_H, p_ch, p_def):
    sol = MODEL.solve(s_ch=s_ch, d_S=d_S, d_H=d_H, p_ch=p_ch, p_def=p_def)
    tree = _tree_backward_induction(s_ch, d_S, d_H, p_ch, p_def)
    for o, v in tree.items():
        assert sol[0].outcomes[o] == pytest.approx(v, abs=1e-12)
    assert sol[0].quantities["status_quo_survival"] == pytest.approx(tree["status_quo"], abs=1e-12)


@pytest.mark.parametrize("p_def", [0.1, 0.3, 0.49, 0.51, 0.9])
@pytest.mark.parametrize("p_ch", [0.0, 0.2, 0.7])
def test_no_bluff_or_separating_equilibrium_in_the_rudimentary_game(p_ch, p_def):
    """Issue 17: brute force over the 16 pure profiles (challenger: a move per type; defender: a
    reply per type), keeping those where every type best-responds after a defection whatever
    its belief (its payoff does not depend on the challenger's type) and before it: exactly one
    PBE, the reported one; no profile in which a Soft defender denies (a bluff) survives."""
    s_ch, d_S, d_H = 0.5, 0.0, 0.75
    u_def = {"Hard": {"DD": 1.0, "DC": 0.0}, "Soft": {"DD": 0.0, "DC": 1.0}}
    u_ch = {"Hard": {"SQ": s_ch, "DC": 1.0, "DD": d_H}, "Soft": {"SQ": s_ch, "DC": 1.0, "DD": d_S}}
    prior_def = {"Hard": p_def, "Soft": 1 - p_def}
    found = []
    for ch in itertools.product(("C", "D"), repeat=2):
        for df in itertools.product(("DD", "DC"), repeat=2):
            move, reply = dict(zip(("Hard", "Soft"), ch, strict=True)), dict(zip(("Hard", "Soft"), df, strict=True))
            ok_def = all(u_def[t][reply[t]] >= max(u_def[t].values()) for t in u_def)
            ok_ch = True
            for tc in u_ch:
                eu_d = sum(prior_def[td] * u_ch[tc][reply[td]] for td in u_def)
                best = "D" if eu_d > u_ch[tc]["SQ"] else "C"
                ok_ch &= move[tc] == best
            if ok_def and ok_ch:
                found.append((move, reply))
    assert len(found) == 1 and found[0][1] == {"Hard": "DD", "Soft": "DC"}
    sol = MODEL.solve(s_ch=s_ch, d_S=d_S, d_H=d_H, p_ch=p_ch, p_def=p_def)
    assert len(sol) == 1
    assert sol[0].strategies["soft_challenger"] == ("defect" if found[0][0]["Soft"] == "D" else "cooperate")


def test_solve_arrays_equals_solve():
    rng = np.random.default_rng(3)
    n = 400
    s_ch = rng.uniform(-1, 0.95, n)
    arrays = dict(s_ch=s_ch, d_S=s_ch - rng.uniform(0.01, 2, n), d_H=s_ch + rng.uniform(0.01, 2, n),
                  p_ch=rng.uniform(0, 1, n), p_def=rng.uniform(0, 1, n))
    res = MODEL.evaluate(**arrays)
    for i in range(n):
        sol = MODEL.solve(**{k: float(v[i]) for k, v in arrays.items()})
        for o in MODEL.outcomes:
            assert res.outcomes[o][i, 0] == pytest.approx(sol[0].outcomes[o], abs=1e-12)
        assert res.labels[i, 0] == sol[0].label


@pytest.mark.parametrize(("name", "value"), [("p_def", 1.1), ("p_ch", -0.1), ("s_ch", 1.0), ("s_ch", 2.0)])
def test_bad_input(name, value):
    with pytest.raises(ParameterError, match=f"`{name}`"):
        MODEL.solve(**{name: value})


def test_cross_conditions():
    with pytest.raises(ParameterError, match="`d_S`"):
        MODEL.solve(s_ch=0.5, d_S=0.6)
    with pytest.raises(ParameterError, match="`d_H`"):
        MODEL.solve(s_ch=0.5, d_H=0.4)


def test_metadata():
    assert MODEL.provenance == "textbook version"
    assert MODEL.information == ("p_def",)


def test_command_line(tmp_path):
    import json
    import subprocess
    import sys

    run = [sys.executable, "-m", "deterrence_games"]
    r = subprocess.run([*run, "solve", "perfect_deterrence", "--set", "p_ch=0.2", "--set", "p_def=0.8", "--json"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["escalation_range"] == pytest.approx([0.16, 0.16])
    out = tmp_path / "t.csv"
    r = subprocess.run([*run, "sweep", "perfect_deterrence", "--grid", "p_def=0:1:5", "--out", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    import pandas as pd

    assert pd.read_csv(out)["escalation_probability"].tolist() == pytest.approx([0, 0.25, 0.1, 0.15, 0.2])
    r = subprocess.run([*run, "solve", "perfect_deterrence", "--set", "d_S=0.9"], capture_output=True, text=True)
    assert r.returncode == 2 and "`d_S`" in r.stderr
