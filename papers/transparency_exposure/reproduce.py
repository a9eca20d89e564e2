"""Transparency that exposes weakness (reconstruction): tables and figure.

``leak_proxy.csv`` holds the project's §7a cases by closed form and by a brute-force search
over take-it-or-leave-it offers; ``deal_window.csv`` the §12 cases by closed form and by
enumerating the state's choices; ``war_vs_tau.png`` the war probability against inspection
intensity.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from deterrence_games import get_model
from deterrence_games.plots import save_figure

LEAK = dict(p_H=0.7, p_H_prime=0.55, p_L=0.3, c_S=0.1, c_R=0.1)
WINDOW = dict(S_deal_minus_race=0.3, G=0.2, w_deal=0.02, w_race=0.10)


def brute_force_war(pi: float, tau: float, p_H: float, p_H_prime: float, p_L: float, c_S: float, c_R: float,
                    n: int = 20_001) -> float:
    """R searches a grid of offers against the no-finding posterior (ties: the less warlike
    offer); the strong type compares disclosing (payoff p_H' - c_S) with concealing."""
    mu = pi * (1 - tau) / (1 - pi * tau) if pi * tau < 1 else 0.0
    x = np.linspace(0.0, 1.0, n)
    acc_H = x >= p_H - c_S - 1e-12
    acc_L = x >= p_L - c_S - 1e-12
    u_R = mu * np.where(acc_H, 1 - x, 1 - p_H - c_R) + (1 - mu) * np.where(acc_L, 1 - x, 1 - p_L - c_R)
    war = mu * ~acc_H + (1 - mu) * ~acc_L
    best = np.flatnonzero(u_R >= u_R.max() - 1e-12)
    j = best[np.argmin(war[best])]
    conceal = x[j] if acc_H[j] else p_H - c_S
    if not acc_H[j] and p_H_prime - c_S >= conceal - 1e-12:
        return 0.0
    return 0.0 if acc_H[j] else pi * (1 - tau)


def enumerate_window(tau: float, lam: float, S_deal_minus_race: float, G: float, w_deal: float,
                     w_race: float) -> float:
    """The state's three options: stay out, join and comply, join and cheat (ties: peace)."""
    S_race, S_deal = 0.0, S_deal_minus_race
    comply = S_deal - lam * tau
    cheat = (1 - tau) * (S_deal + G) + tau * S_race - lam * tau
    return w_deal if (comply >= cheat - 1e-12 and comply >= S_race - 1e-12) else w_race


def main(out_dir: Path) -> None:
    import matplotlib.pyplot as plt

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model = get_model("transparency_exposure")
    rows = []
    for pi, tau in ((0.8, 0.0), (0.8, 0.5), (0.8, 0.8), (0.8, 1.0), (0.5, 0.0), (0.5, 1.0)):
        e = model.solve(pi=pi, tau=tau, **LEAK)[0]
        rows.append({"pi": pi, "tau": tau, "pi_star": e.quantities["pi_star"], "war": e.escalation_probability,
                     "war_brute_force": brute_force_war(pi, tau, **LEAK)})
    pd.DataFrame(rows).to_csv(out_dir / "leak_proxy.csv", index=False)
    rows = []
    for lam in (0.5, 1.0):
        e = model.solve(variant="deal_window", tau=0.5, lam=lam, **WINDOW)[0]
        rows.append({"lam": lam, "tau": 0.5, "tau_min": e.quantities["tau_min"], "tau_max": e.quantities["tau_max"],
                     "deal_exists": e.flags["deal_exists_for_some_tau"], "war": e.escalation_probability,
                     "war_enumerated": enumerate_window(0.5, lam, **WINDOW)})
    pd.DataFrame(rows).to_csv(out_dir / "deal_window.csv", index=False)

    taus = np.linspace(0, 1, 401)
    fig, axes = plt.subplots(1, 2, figsize=(7.2, 2.7))
    for pi in (0.5, 0.8, 0.95):
        axes[0].plot(taus, model.evaluate(tau=taus, pi=pi, **LEAK).outcomes["war"][:, 0], label=f"pi={pi}")
    axes[0].set_title("security-leak proxy (§7a)")
    for lam in (0.25, 0.5, 1.0):
        axes[1].plot(taus, model.evaluate(tau=taus, variant="deal_window", lam=lam, **WINDOW).outcomes["war"][:, 0],
                     label=f"lam={lam}")
    axes[1].set_title("verification window (§12)")
    for ax in axes:
        ax.set_xlabel("inspection / monitoring intensity tau")
        ax.set_ylabel("Pr(war)")
        ax.legend()
    fig.suptitle("transparency_exposure [reconstruction]")
    save_figure(fig, out_dir / "war_vs_tau")
    plt.close(fig)


if __name__ == "__main__":
    main(Path("out") / "transparency_exposure")
