"""Reproduce papers/Kydd2000 (textbook version): trust threshold, costly reassurance, continuous types.

Run with ``deterrence-games reproduce Kydd2000`` (writes into ``out/Kydd2000``).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import deterrence_games as dg

HERE = Path(__file__).resolve().parent


def trust_table() -> pd.DataFrame:
    model = dg.get_model("reassurance")
    rows = []
    for c in pd.read_csv(HERE / "expected" / "trust_cases.csv").itertuples():
        sol = model.solve(c=c.c, g_S=c.g_S, tau1=c.tau, tau2=c.tau)
        e = sol.select("min")
        rows.append({"tau": c.tau, "tau_star": e.quantities["tau_star"], "n_equilibria": len(sol),
                     "labels": ";".join(x.label for x in sol), "most_peaceful_label": e.label,
                     "most_peaceful_conflict": e.escalation_probability})
    return pd.DataFrame(rows)


def window_table() -> pd.DataFrame:
    model = dg.get_model("reassurance")
    rows = []
    for c in pd.read_csv(HERE / "expected" / "reassurance_window.csv").itertuples():
        sol = model.solve(c=c.c, g_S=c.g_S, g_G=c.g_G, tau1=c.tau1, tau2=c.tau2, m=c.m, v_S=c.v_S, v_G=c.v_G)
        sep = [e for e in sol if e.label == "separating, cooperative"]
        rows.append({"m": c.m, "separating": bool(sep),
                     "conflict_separating": sep[0].escalation_probability if sep else np.nan,
                     "conflict_most_peaceful": sol.select("min").escalation_probability,
                     "window_low": sol[0].quantities["window_low"],
                     "window_high": sol[0].quantities["window_high"]})
    return pd.DataFrame(rows)


def semi_separating_table() -> pd.DataFrame:
    """The semi-separating gesture equilibria (posterior exactly tau* after one message)."""
    model = dg.get_model("reassurance")
    rows = []
    for c in pd.read_csv(HERE / "expected" / "semi_separating.csv").itertuples():
        sol = model.solve(c=c.c, g_S=c.g_S, g_G=c.g_G, tau1=c.tau1, tau2=c.tau2, m=c.m, v_S=c.v_S, v_G=c.v_G)
        eq = [e for e in sol if e.label == c.label]
        e = eq[0] if eq else None
        rows.append({"family": c.family, "m": c.m, "present": bool(eq),
                     "gesture_S1": e.strategies["gesture_S1"] if e else np.nan,
                     "gesture_G1": e.strategies["gesture_G1"] if e else np.nan,
                     "cooperation": e.outcomes["cooperation"] if e else np.nan})
    return pd.DataFrame(rows)


def continuous_table() -> pd.DataFrame:
    model = dg.get_model("reassurance")
    rows = []
    for c in pd.read_csv(HERE / "expected" / "continuous.csv").itertuples():
        sol = model.solve(variant="continuous", c=c.c, g_min=c.g_min, g_max=c.g_max)
        cuts = [e.quantities["cutoff"] for e in sol if e.label != "spiral"]
        rows.append({"c": c.c, "n_roots": len(cuts), "lower_cutoff": cuts[0] if cuts else np.nan,
                     "upper_cutoff": cuts[-1] if len(cuts) > 1 else np.nan,
                     "most_peaceful_conflict": sol.select("min").escalation_probability})
    return pd.DataFrame(rows)


def main(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    trust_table().to_csv(out_dir / "trust_cases.csv", index=False)
    window_table().to_csv(out_dir / "reassurance_window.csv", index=False)
    continuous_table().to_csv(out_dir / "continuous.csv", index=False)
    semi_separating_table().to_csv(out_dir / "semi_separating.csv", index=False)

    # Figure 1: conflict against symmetric trust, every equilibrium (the band shows multiplicity)
    tau = np.linspace(0.3, 1.0, 141)
    sol = dg.get_model("reassurance").evaluate(c=1.0, g_S=0.5, tau1=tau, tau2=tau)
    conflict = 1.0 - sol.outcomes["cooperation"]
    table = pd.DataFrame({"tau": tau, **{f"conflict_{lab}": conflict[:, j]
                                         for j, lab in enumerate(("spiral", "cooperative", "mixed"))}})
    table.to_csv(out_dir / "conflict_vs_trust.csv", index=False)
    fig, ax = plt.subplots(figsize=(5.5, 3.7))
    for lab, style in (("spiral", ":"), ("mixed", "--"), ("cooperative", "-")):
        ax.plot(tau, table[f"conflict_{lab}"], style, label=lab)
    ax.axvline(2 / 3, color="k", lw=0.8, ls=":")
    ax.set_xlabel("trust tau = Pr(the other is a security seeker); tau* = 2/3")
    ax.set_ylabel("Pr(conflict) = Pr(not (C, C))")
    ax.set_title("Kydd: conflict drops discontinuously across the trust threshold")
    ax.legend(fontsize="small")
    dg.plot.save_figure(fig, out_dir / "conflict_vs_trust")
    plt.close(fig)

    # Figure 2: the reassurance window (tau1 = 0.5, tau2 = 1): most peaceful conflict against m
    table = dg.sweep("reassurance", {"m": np.linspace(0.05, 1.5, 146)},
                     fixed=dict(c=1.0, g_S=0.5, g_G=1.5, tau1=0.5, tau2=1.0, v_S=1.0, v_G=2.0))
    table.to_csv(out_dir / "reassurance_window_sweep.csv", index=False)
    # separating window [0.75, 1]; semi-separating (the greedy type mixes) on [0.6, 0.75]
    ax = dg.plot.escalation(table, x="m", title="Costly reassurance")
    ax.set_xlabel("size of the reassuring gesture, $m$\n(it costs $m v_S$ to security seekers, $m v_G$ to greedy types)")
    ax.set_ylabel("probability of conflict")
    dg.plot.save_figure(ax.figure, out_dir / "reassurance_window")
    plt.close(ax.figure)


if __name__ == "__main__":  # pragma: no cover
    main(Path("out") / "Kydd2000")
