"""Perfect deterrence (textbook version of Zagare and Kilgour's rudimentary
unilateral deterrence game): the test-case table, solved by the closed form and by backward
induction on the explicit game tree, and Pr(conflict) against credibility p_def.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from deterrence_games import get_model
from deterrence_games.plots import draw_curve, save_figure

CASES = [(0.5, 0.0, 0.0, 0.49), (0.5, 0.0, 0.0, 0.5), (0.5, 0.0, 0.2, 0.5), (0.5, 0.0, 0.2, 0.8)]
D_H = 0.75


def tree_conflict(s_ch: float, d_S: float, d_H: float, p_ch: float, p_def: float) -> float:
    """Backward induction on the explicit tree: Nature draws both types; the challenger, knowing
    its own type, cooperates or defects; the defender, knowing its own, concedes or denies.
    Defender utilities are ordinal (Hard: DD > DC; Soft: DC > DD). Ties: the peaceful action."""
    reply = {"Hard": "DD", "Soft": "DC"}  # each defender type's strict preference after D
    u_ch = {"Hard": {"SQ": s_ch, "DC": 1.0, "DD": d_H}, "Soft": {"SQ": s_ch, "DC": 1.0, "DD": d_S}}
    prior_def = {"Hard": p_def, "Soft": 1.0 - p_def}
    prior_ch = {"Hard": p_ch, "Soft": 1.0 - p_ch}
    conflict = 0.0
    for tc, pc in prior_ch.items():
        eu_defect = sum(pd_ * u_ch[tc][reply[td]] for td, pd_ in prior_def.items())
        if eu_defect > u_ch[tc]["SQ"] + 1e-12:
            conflict += pc * prior_def["Hard"]
    return conflict


def main(out_dir: Path) -> None:
    import matplotlib.pyplot as plt

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model = get_model("perfect_deterrence")
    rows = []
    for s_ch, d_S, p_ch, p_def in CASES:
        e = model.solve(s_ch=s_ch, d_S=d_S, d_H=D_H, p_ch=p_ch, p_def=p_def)[0]
        rows.append({"s_ch": s_ch, "d_S": d_S, "p_ch": p_ch, "p_def": p_def, "c_ch": e.quantities["c_ch"],
                     "conflict": e.escalation_probability, "label": e.label,
                     "conflict_tree": tree_conflict(s_ch, d_S, D_H, p_ch, p_def)})
    pd.DataFrame(rows).to_csv(out_dir / "conflict.csv", index=False)

    x = np.linspace(0, 1, 401)
    fig, ax = plt.subplots(figsize=(5.5, 4.0), layout="constrained")
    jumps = False  # deterrence succeeds once p_def passes 1/2: a jump, not a vertical segment
    for i, p_ch in enumerate((0.0, 0.2, 0.5)):
        jumps |= draw_curve(ax, x, model.evaluate(p_def=x, p_ch=p_ch, s_ch=0.5, d_S=0.0, d_H=D_H).outcomes["conflict"][:, 0],
                            color=f"C{i}", label=f"p_ch={p_ch}")
    if jumps:
        ax.plot([], [], "o", color="0.3", markerfacecolor="white", label="jump: ● last point before, ○ first after")
    ax.axvline(0.5, color="grey", linestyle=":", linewidth=1)
    ax.set_xlabel("defender credibility p_def")
    ax.set_ylabel("Pr(conflict DD)")
    ax.set_title("Rudimentary unilateral deterrence [textbook version]")
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=2, fontsize="small",
               frameon=False)  # under the axes: inside, it would cover the curves
    save_figure(fig, out_dir / "conflict_vs_credibility")
    plt.close(fig)


if __name__ == "__main__":
    main(Path("out") / "ZagareKilgour2000")
