"""Reproduce papers/Fearon1997 (two-type reconstruction): Fearon's three claims.

Run with ``deterrence-games reproduce Fearon1997`` (writes into ``out/Fearon1997``).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import deterrence_games as dg

HERE = Path(__file__).resolve().parent
BASE = dict(pi=0.3, v_r=1.0, v_i=0.5, w_r=0.4, w_i=-0.5, rho_star=0.6)


def cases_table() -> pd.DataFrame:
    """The project's cases: the equilibrium with the expected label at each point."""
    cases = pd.read_csv(HERE / "expected" / "cases.csv")
    model = dg.get_model("costly_signaling")
    rows = []
    for c in cases.itertuples():
        sol = model.solve(**BASE, revisionist=c.theta, variant=c.signal, m=c.m, a=c.a)
        e = next(e for e in sol if e.label == c.label)
        rows.append({"case": c.case, "label": e.label, "war_probability": e.escalation_probability,
                     "payoff_S": e.quantities["payoff_S"], "n_equilibria": len(sol)})
    return pd.DataFrame(rows)


def thresholds_table() -> pd.DataFrame:
    e = dg.get_model("costly_signaling").solve(**BASE, revisionist=0.2, m=0.1)[-1]
    return pd.DataFrame([{"quantity": k, "value": e.quantities[k]}
                         for k in ("m_star", "m_max", "sigma_bar", "theta_bar")])


def main(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cases_table().to_csv(out_dir / "cases.csv", index=False)
    thresholds_table().to_csv(out_dir / "thresholds.csv", index=False)
    model = dg.get_model("costly_signaling")

    # Figure 1: TH versus SC (least-cost m* = (1 - theta) v_i) versus no signal, over theta
    theta = np.linspace(0.0, 0.95, 191)
    rows = {}
    for signal, m in (("tying_hands", 0.4), ("sinking_costs", (1 - theta) * BASE["v_i"]), ("none", 0.4)):
        sol = model.evaluate(**BASE, revisionist=theta, variant=signal, m=m, a=0.6)
        # the signaling equilibrium: slot 1 (separating at m*) for SC, slot 0 otherwise
        j = 1 if signal == "sinking_costs" else 0
        rows[signal] = (sol.outcomes["war"][:, j], sol.quantities["payoff_S"][:, j])
    table = pd.DataFrame({"revisionist": theta, **{f"war_{k}": v[0] for k, v in rows.items()},
                          **{f"payoff_S_{k}": v[1] for k, v in rows.items()}})
    table.to_csv(out_dir / "th_vs_sc.csv", index=False)
    fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.2), layout="constrained")
    jumps = False  # tying hands loses its separating equilibrium at theta = 1/2: a jump, not a segment
    for i, (k, style) in enumerate((("tying_hands", "-"), ("sinking_costs", "--"), ("none", ":"))):
        for ax, col in zip(axes, (f"war_{k}", f"payoff_S_{k}"), strict=True):
            jumps |= dg.plot.draw_curve(ax, theta, table[col], color=f"C{i}", linestyle=style, label=k)
    if jumps:
        axes[0].plot([], [], "o", color="0.3", markerfacecolor="white", label="jump: ● last point before, ○ first after")
    axes[0].set_ylabel("Pr(war)")
    axes[1].set_ylabel("signaler's ex-ante payoff")
    for ax in axes:
        ax.set_xlabel("Pr(challenger is revisionist), theta")
    # one legend for both panels, under them (it would cover the curves inside either)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncol=4, fontsize="small",
               frameon=False)
    fig.suptitle("Fearon (1997), two-type reconstruction: TH pays more and risks more war")
    dg.plot.save_figure(fig, out_dir / "th_vs_sc")
    plt.close(fig)

    # Figure 2: the size of the sunk cost: bluffing below m*, separation from m* to m_max
    m = np.unique(np.append(np.linspace(0.005, 0.6, 240), [0.4, 0.48]))  # include m*, m_max
    sol = model.evaluate(**BASE, revisionist=0.2, variant="sinking_costs", m=m)
    signalling = np.where(sol.valid[:, 1], 1, 2)  # separating slot, else semi-separating slot
    idx = np.arange(m.size)
    war = np.where(sol.valid[idx, signalling], sol.outcomes["war"][idx, signalling], np.nan)
    u_r = np.where(sol.valid[idx, signalling], sol.quantities["payoff_resolute"][idx, signalling], np.nan)
    sig = np.where(sol.valid[idx, signalling], sol.quantities["sigma_irresolute"][idx, signalling], np.nan)
    pd.DataFrame({"m": m, "war_probability": war, "payoff_resolute": u_r, "bluff_probability": sig}).to_csv(
        out_dir / "sunk_cost_size.csv", index=False)
    # probabilities and a payoff: two panels sharing the sunk-cost axis
    fig, (ax, low) = plt.subplots(2, 1, sharex=True, figsize=(5.5, 3.9))
    jumps = dg.plot.draw_curve(ax, m, war, color="C0", label="war (signalling equilibrium)")
    jumps |= dg.plot.draw_curve(ax, m, sig, color="C1", label="bluff by the irresolute type")
    if jumps:
        ax.plot([], [], "o", color="0.3", markerfacecolor="white", label="jump: ● last point before, ○ first after")
    ax.set_ylabel("probability")
    ax.legend(fontsize="small")
    low.plot(m, u_r, color="0.2")
    low.set_ylabel("resolute type's\npayoff")
    for a in (ax, low):
        a.axvline(0.4, color="k", ls=":", lw=1)
    low.set_xlabel(r"sunk cost $m$ ($m^* = 0.4$, $m_{\max} = 0.48$)")
    ax.set_title("No bluffing at the optimal sunk cost")
    dg.plot.save_figure(fig, out_dir / "sunk_cost_size")
    plt.close(fig)


if __name__ == "__main__":  # pragma: no cover
    main(Path("out") / "Fearon1997")
