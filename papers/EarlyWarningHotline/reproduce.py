"""Reproduce papers/EarlyWarningHotline (textbook reduction).

Run with ``deterrence-games reproduce EarlyWarningHotline`` (writes into ``out/EarlyWarningHotline``).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import deterrence_games as dg

HERE = Path(__file__).resolve().parent
BASE = dict(gamma=0.5, X=1.0, K=1.0, theta_star=0.6)
KEYS = ("p", "r_alarm", "attack_probability", "retaliation_probability", "false_retaliation_probability")


def sensor_table() -> pd.DataFrame:
    model = dg.get_model("early_warning")
    rows = []
    for c in pd.read_csv(HERE / "expected" / "sensor_cases.csv").itertuples():
        (e,) = model.solve(gamma=c.gamma, X=c.X, K=c.K, theta_star=c.theta_star, detection=c.beta, false_alarm=c.phi,
                           hotline=bool(c.hotline), h1=c.h1, h0=c.h0)
        rows.append({"case": c.case, "label": e.label, **{k: e.quantities[k] for k in KEYS},
                     "posterior_alarm": e.quantities["posterior_alarm"],
                     "posterior_alarm_denied": e.quantities.get("posterior_alarm_denied", np.nan)})
    return pd.DataFrame(rows)


def main(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model = dg.get_model("early_warning")
    sensor_table().to_csv(out_dir / "sensor_cases.csv", index=False)

    # symmetric accuracy alpha: beta = alpha, phi = 1 - alpha (paired arrays: vectorized closed form)
    alpha = np.unique(np.concatenate([np.linspace(0.55, 0.995, 179),
                                      pd.read_csv(HERE / "expected" / "symmetric_accuracy.csv")["alpha"]]))
    sol = model.evaluate(**BASE, detection=alpha, false_alarm=1 - alpha)
    table = pd.DataFrame({"alpha": alpha, "label": sol.labels[:, 0],
                          **{k: sol.quantities[k][:, 0] for k in KEYS}})
    table.to_csv(out_dir / "symmetric_accuracy.csv", index=False)
    fig, ax = plt.subplots(figsize=(5.5, 3.7))
    ax.plot(alpha, table["retaliation_probability"], label="Pr(retaliation) (escalation)")
    ax.plot(alpha, table["false_retaliation_probability"], "--", label="Pr(false retaliation)")
    ax.plot(alpha, table["attack_probability"], ":", label="Pr(attack)")
    ax.set_xlabel("symmetric sensor accuracy alpha (hit rate alpha, false-alarm rate 1 - alpha)")
    ax.set_ylabel("probability")
    ax.set_title("Early warning: retaliation is hump-shaped in accuracy")
    ax.legend(fontsize="small")
    dg.plot.save_figure(fig, out_dir / "symmetric_accuracy")
    plt.close(fig)

    # the counterexample: lower phi at beta = 0.7 (a Cartesian sweep, one equilibrium per point)
    sweep = dg.sweep(model, {"false_alarm": np.linspace(0.0, 0.5, 101)}, fixed={**BASE, "detection": 0.7})
    sweep.to_csv(out_dir / "false_alarm_rate.csv", index=False)
    cases = pd.read_csv(HERE / "expected" / "false_alarm_counterexample.csv")
    rows = []
    for c in cases.itertuples():
        (e,) = model.solve(**BASE, detection=c.detection, false_alarm=c.false_alarm)
        rows.append({"false_alarm": c.false_alarm, "detection": c.detection, **{k: e.quantities[k] for k in KEYS}})
    pd.DataFrame(rows).to_csv(out_dir / "false_alarm_counterexample.csv", index=False)
    fig, ax = plt.subplots(figsize=(5.5, 3.7))
    for col, style in (("retaliation_probability", "-"), ("false_retaliation_probability", "--"),
                       ("attack_probability", ":")):
        ax.plot(sweep["false_alarm"], sweep[col], style, label=col.replace("_", " "))
    ax.set_xlabel("false-alarm rate phi (hit rate beta = 0.7)")
    ax.set_ylabel("probability")
    ax.set_title("Lower phi lowers attacks, not always retaliation")
    ax.legend(fontsize="small")
    dg.plot.save_figure(fig, out_dir / "false_alarm_rate")
    plt.close(fig)


if __name__ == "__main__":  # pragma: no cover
    main(Path("out") / "EarlyWarningHotline")
