"""Reproduce papers/AvenhausVonStengelZamir2002: verification as an inspection game.

Run with ``deterrence-games reproduce AvenhausVonStengelZamir2002``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import deterrence_games as dg

HERE = Path(__file__).resolve().parent


def inspection_table() -> pd.DataFrame:
    exp = pd.read_csv(HERE / "expected" / "inspection_2x2.csv")
    model = dg.get_model("inspection")
    rows = []
    for c in exp.itertuples(index=False):
        params = {k: getattr(c, k) for k in ("d", "b", "h", "c", "a", "e", "k", "false_alarm", "non_detection")}
        sol = model.solve(**params)
        for i, e in enumerate(sol):
            rows.append({**params, "equilibrium": i, "label": e.label,
                         "inspection_probability": e.quantities["inspection_probability"],
                         "violation_probability": e.quantities["violation_probability"],
                         "alarm_probability": e.escalation_probability})
    return pd.DataFrame(rows)


def roc_table() -> pd.DataFrame:
    exp = pd.read_csv(HERE / "expected" / "inspection_roc.csv")
    model = dg.get_model("inspection_roc")
    rows = []
    for c in exp.itertuples(index=False):
        params = {k: getattr(c, k) for k in ("D", "a", "b", "c", "d", "e", "h")}
        sim = model.solve(**params)[0]
        lead = model.solve(variant="leadership", **params)[0]
        rows.append({**params, "alpha_star": sim.quantities["alpha_star"],
                     "detection_probability": sim.quantities["detection_probability"],
                     "violation_probability": sim.quantities["violation_probability"],
                     "inspector_payoff_simultaneous": sim.quantities["inspector_payoff"],
                     "inspector_payoff_leader": lead.quantities["inspector_payoff"]})
    return pd.DataFrame(rows)


def main(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    inspection_table().to_csv(out_dir / "inspection_2x2.csv", index=False)
    roc_table().to_csv(out_dir / "inspection_roc.csv", index=False)

    # violation and alarm probabilities as detection improves (beta falls) and false alarms rise
    t = dg.sweep("inspection", {"non_detection": np.linspace(0.0, 0.6, 61), "false_alarm": [0.0, 0.05, 0.2]})
    t.to_csv(out_dir / "inspection_sweep.csv", index=False)
    fig, axes = plt.subplots(1, 2, figsize=(7.2, 2.9))
    dg.plot.escalation(t, x="non_detection", hue="false_alarm", y="violation_probability", ax=axes[0],
                       title="violation probability $q^*$")
    dg.plot.escalation(t, x="non_detection", hue="false_alarm", ax=axes[1], title="probability of an alarm (escalation)")
    dg.plot.save_figure(fig, out_dir / "inspection_vs_detection")
    plt.close(fig)

    # statistical inspection: detectability D as the transparency knob
    t = dg.sweep("inspection_roc", {"D": np.linspace(0.1, 4, 79), "variant": ["simultaneous", "leadership"]})
    t.to_csv(out_dir / "inspection_roc_sweep.csv", index=False)
    fig, axes = plt.subplots(1, 2, figsize=(7.2, 2.9))
    sim = t[t.variant == "simultaneous"]
    axes[0].plot(sim["D"], sim["alpha_star"], label=r"false-alarm level $\alpha^*$")
    axes[0].plot(sim["D"], sim["violation_probability"], label="violation probability $q^*$")
    axes[0].plot(sim["D"], sim["detection_probability"], label=r"detection $1 - \beta(\alpha^*)$")
    axes[0].set_xlabel(dg.plot.parameter_label("inspection_roc", "D"))
    axes[0].set_ylabel("probability")
    axes[0].legend(fontsize="small")
    axes[0].set_title(r"detection is pinned near $(d + h\alpha)/(b + d)$")
    dg.plot.escalation(t, x="D", hue="variant", ax=axes[1], title="Pr(alarm)")
    dg.plot.save_figure(fig, out_dir / "inspection_roc_vs_detectability")
    plt.close(fig)


if __name__ == "__main__":  # pragma: no cover
    main(Path("out") / "AvenhausVonStengelZamir2002")
