"""Reproduce papers/KrepsWilson1982: the chain-store sequential equilibrium.

Run with ``deterrence-games reproduce KrepsWilson1982``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator

import deterrence_games as dg

HERE = Path(__file__).resolve().parent


def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    cases = pd.read_csv(HERE / "expected" / "summary.csv")
    model = dg.get_model("chain_store")
    summary, by_k = [], []
    for c in cases.itertuples():
        e = model.solve(n_markets=int(c.n_markets), a=float(c.a), b=float(c.b), prior=float(c.prior))[0]
        q = e.quantities
        summary.append({"case": c.case, "n_markets": c.n_markets, "a": c.a, "b": c.b, "prior": c.prior,
                        "expected_entries": q["expected_entries"], "expected_fights": q["expected_fights"],
                        "weak_payoff": q["weak_payoff"], "deterred_markets": q["deterred_markets"],
                        "certified": e.flags["certified"]})
        entry = e.strategies["entry_probability_by_k"]
        for k in range(int(c.n_markets), 0, -1):
            by_k.append({"case": c.case, "k": k, "entry_probability": float(entry[int(c.n_markets) - k])})
    return pd.DataFrame(summary), pd.DataFrame(by_k)


def main(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    summary, by_k = tables()
    summary.to_csv(out_dir / "summary.csv", index=False)
    by_k.to_csv(out_dir / "entry_by_k.csv", index=False)
    # figure: entry probability by markets remaining, for several initial reputations
    model = dg.get_model("chain_store")
    fig, ax = plt.subplots(figsize=(5.5, 3.2))
    jumps = False  # entry switches on between two numbers of markets: a jump, not a segment
    for i, prior in enumerate((0.01, 0.05, 0.1, 0.3)):
        e = model.solve(n_markets=20, prior=prior)[0]
        jumps |= dg.plot.draw_curve(ax, range(20, 0, -1), e.strategies["entry_probability_by_k"], color=f"C{i}",
                                    marker="o", markersize=3, label=f"prior {prior}")
    if jumps:
        ax.plot([], [], "o", color="0.3", markerfacecolor="white", label="jump: ● last point before, ○ first after")
    ax.invert_xaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("markets remaining, $k$")
    ax.set_ylabel("probability of entry")
    ax.set_title("Kreps-Wilson chain store (a=2, b=1/2): entry only near the end")
    ax.legend()
    dg.plot.save_figure(fig, out_dir / "entry_by_markets_remaining")
    plt.close(fig)


if __name__ == "__main__":  # pragma: no cover
    main(Path("out") / "KrepsWilson1982")
