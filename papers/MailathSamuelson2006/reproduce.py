"""Reproduce papers/MailathSamuelson2006: the repeated PD with a public signal (textbook example).

Run with ``deterrence-games reproduce MailathSamuelson2006``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import deterrence_games as dg
from deterrence_games.games import BimatrixGame, RepeatedGame, incident_monitoring
from deterrence_games.solvers import trigger_closed_forms as cf
from deterrence_games.solvers.automata import (
    analyze_automaton,
    critical_discount_factor,
    grim_trigger,
    minimal_deterring_pause,
    one_shot_deviation_gains,
    pause_trigger,
)

HERE = Path(__file__).resolve().parent
# E = exert (cooperate), S = shirk (defect): EE (2,2), ES (-1,3), SE (3,-1), SS (0,0)
STAGE = BimatrixGame([[2, -1], [3, 0]], [[2, 3], [-1, 0]], ("E", "S"), ("E", "S"), name="MS PD")
R, S_, T_HAT, P = 2.0, -1.0, 3.0, 0.0


def game(p: float, q: float, r: float, delta: float) -> RepeatedGame:
    """The repeated PD with Pr(ybar|EE)=p, Pr(ybar|ES)=Pr(ybar|SE)=q, Pr(ybar|SS)=r (ybar = no incident)."""
    return RepeatedGame(STAGE, delta, incident_monitoring(STAGE, false_alarm=1 - p, detection=1 - q,
                                                          detection_both=1 - r))


def pd_table(cases: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for c in cases.itertuples():
        g = game(c.p, c.q, c.r, c.delta)
        d_star = critical_discount_factor(g, grim_trigger(g), grid=50)
        theta = float(cf.random_trigger_probability(c.delta, R, T_HAT, P, c.p, c.q))
        aut = grim_trigger(g) if theta >= 1 else pause_trigger(g, None, trigger_probability=theta)
        a = analyze_automaton(g, aut)
        rows.append({"p": c.p, "q": c.q, "r": c.r, "delta": c.delta, "grim_critical_delta": d_star,
                     "trigger_probability": theta, "max_sse_payoff": float(a.initial_values[0]),
                     "ic_gain_at_trigger": float(one_shot_deviation_gains(g, aut)[0, 0]), "is_ppe": a.is_ppe})
    return pd.DataFrame(rows)


def pause_table(p: float = 0.9, q: float = 0.5, r: float = 0.2) -> pd.DataFrame:
    rows = []
    for delta in np.round(np.arange(0.60, 0.991, 0.03), 2):
        g = game(p, q, r, float(delta))
        T = minimal_deterring_pause(g, T_max=64)
        if T is None:
            continue
        a = analyze_automaton(g, pause_trigger(g, T))
        rows.append({"delta": float(delta), "T_star": T, "value": float(a.initial_values[0]),
                     "v_bind": float(cf.v_bind(R, T_HAT, p, q)), "escalation_share": a.escalation_share})
    return pd.DataFrame(rows)


def main(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cases = pd.read_csv(HERE / "expected" / "pd_public_signal.csv")
    pd_table(cases).to_csv(out_dir / "pd_public_signal.csv", index=False)
    pt = pause_table()
    pt.to_csv(out_dir / "trigger_pause.csv", index=False)
    fig, ax = plt.subplots(figsize=(5.5, 3.7))
    ax.step(pt["delta"], pt["value"], where="mid", label="best finite pause T*(δ) (automaton)")
    ax.axhline(pt["v_bind"].iloc[0], color="k", ls=":", label="2 − (1−p)/(p−q): grim + public lottery")
    ax.set_xlabel("discount factor δ")
    ax.set_ylabel("value per period")
    ax.set_title("Mailath–Samuelson PD, p = 0.9, q = 0.5")
    ax.legend(fontsize="small")
    dg.plot.save_figure(fig, out_dir / "trigger_pause_value")
    plt.close(fig)


if __name__ == "__main__":  # pragma: no cover
    main(Path("out") / "MailathSamuelson2006")
