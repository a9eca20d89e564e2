"""Reproduce papers/ChoKreps1987: the beer-quiche game, its PBE and the intuitive criterion.

Run with ``deterrence-games reproduce ChoKreps1987``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

import deterrence_games as dg
from deterrence_games.games.signaling import SignalingGame
from deterrence_games.solvers.pbe import pbe
from deterrence_games.solvers.qre import logit_qre

QUICHE, BEER = 0, 1
DUEL = 0


def beer_quiche(p_weak: float) -> SignalingGame:
    u_S = [[[1, 3], [0, 2]], [[0, 2], [1, 3]]]  # [type][message][action]: taste 1, no duel 2
    u_R = [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]  # duel the weak, not the strong
    return SignalingGame(["weak", "strong"], [p_weak, 1 - p_weak], ["quiche", "beer"], ["duel", "not"], u_S, u_R)


def equilibria_table(p_weak: float = 0.1) -> pd.DataFrame:
    res = pbe(beer_quiche(p_weak))
    rows = []
    for name, msg in (("pool_quiche", QUICHE), ("pool_beer", BEER)):
        cells = [e for e in res if e.sender_support == ((msg,), (msg,))]
        pure = [e for e in cells if not e.receiver_mixing]
        row = {"p_weak": p_weak, "outcome": name, "exists": bool(cells)}
        if cells:
            e = pure[0]
            off = 1 - msg
            row.update(intuitive=bool(all(c.flags["intuitive"] for c in cells)),
                       payoff_weak=float(e.sender_payoffs[0]), payoff_strong=float(e.sender_payoffs[1]),
                       duel_after_deviation_belief_min=float(e.belief_regions[off].type_vertices[:, 0].min()))
        rows.append(row)
    sep = [e for e in res if e.kind == "separating"]
    rows.append({"p_weak": p_weak, "outcome": "separating", "exists": bool(sep)})
    return pd.DataFrame(rows)


def prior_sweep(priors=(0.1, 0.3, 0.45, 0.55, 0.7, 0.9)) -> pd.DataFrame:
    rows = []
    for p in priors:
        res = pbe(beer_quiche(p))
        pooling = {e.sender_support[0][0] for e in res if e.kind == "pooling"}
        hyb = [e for e in res if e.kind == "semi-separating"]
        row = {"p_weak": p, "pooling_outcomes": len(pooling)}
        if hyb:
            row["hybrid_weak_beer_prob"] = float(hyb[0].sigma[0, BEER])
            row["hybrid_duel_after_beer"] = float(hyb[0].rho[BEER, DUEL])
        survivors = [e for e in res if e.flags["intuitive"]]
        kinds = {("pool_beer" if e.sender_support[0] == (BEER,) else "pool_quiche") if e.kind == "pooling"
                 else "hybrid" for e in survivors}
        row["surviving_outcome"] = "/".join(sorted(kinds))
        rows.append(row)
    return pd.DataFrame(rows)


def qre_table() -> pd.DataFrame:
    path = logit_qre(beer_quiche(0.1), lambda_max=30.0)
    rows = [{"lam": lam, "weak_beer": path.at(lam).strategies[0][0, BEER],
             "strong_beer": path.at(lam).strategies[0][1, BEER]} for lam in (0.5, 1, 2, 5, 10, 20, 30)]
    return pd.DataFrame(rows)


def main(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    equilibria_table().to_csv(out_dir / "equilibria.csv", index=False)
    sweep = prior_sweep()
    sweep.to_csv(out_dir / "prior_sweep.csv", index=False)
    qre_table().to_csv(out_dir / "qre_path.csv", index=False)
    fine = prior_sweep(tuple(np.round(np.linspace(0.05, 0.95, 37), 4)))
    # a count and a probability: two panels sharing the prior axis, each with its own scale
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(5.5, 3.6))
    top.plot(fine["p_weak"], fine["pooling_outcomes"], "o", markersize=3)  # a count: points, no joins
    top.yaxis.set_major_locator(MaxNLocator(integer=True))
    top.set_ylabel("pooling PBE\noutcomes (count)")
    top.set_title("Beer-quiche: perfect Bayesian equilibria as the prior varies")
    bottom.plot(fine["p_weak"], fine.get("hybrid_weak_beer_prob"), "s-", markersize=3)
    bottom.set_ylabel("hybrid PBE:\nPr(beer | weak)")
    bottom.set_xlabel("prior probability of the weak type")
    for ax in (top, bottom):
        ax.axvline(0.5, color="grey", lw=0.8, ls=":")
    dg.plot.save_figure(fig, out_dir / "beer_quiche_prior_sweep")
    plt.close(fig)


if __name__ == "__main__":
    main(Path("out") / "ChoKreps1987")
