"""Brinkmanship (one-sided: textbook version; two-sided: reconstruction): tables and figures.

Writes ``one_sided.csv`` (the project's four cases, closed form and a brute-force grid over
the risk q), ``two_sided.csv`` (Pr(disaster) by closed form, quadrature and seeded Monte
Carlo; s(v) by closed form and by a grid best response), ``disaster_vs_h.png`` and
``quit_level.png``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy.integrate import quad
from scipy.optimize import brentq

from deterrence_games import get_model
from deterrence_games.models.brinkmanship import DISASTER_TWO_SIDED, quit_level
from deterrence_games.plots import draw_curve, save_figure

PAYOFFS = dict(a_T=1.0, b_T=2.0, D_T=10.0, a_R=1.0, b_R=2.0, D_soft=8.0, D_hard=0.5)
SEED = 19600101
MC_DRAWS = 200_000


def grid_over_q(h: float, a_T: float, b_T: float, D_T: float, a_R: float, b_R: float, D_soft: float,
                D_hard: float, n: int = 100_001) -> tuple[float, float]:
    """Brute force: T tries every risk q on a grid (the soft target best-responds); returns
    (best q or 0 for no threat, Pr(disaster))."""
    q = np.linspace(0.0, 1.0, n)
    complies = -a_R >= (1 - q) * b_R - q * D_soft - 1e-12
    defied = -(1 - q) * b_T - q * D_T
    u_T = np.where(complies, (1 - h) * a_T, (1 - h) * defied) + h * defied
    j = int(np.argmax(u_T))
    if u_T[j] <= -b_T + 1e-12:
        return 0.0, 0.0
    return float(q[j]), float(h * q[j])


def best_response_quit_level(v: float, n: int = 1001) -> float:
    """Grid best response of a type-v state against an opponent quitting at s(.)."""
    def s_inv(s: float) -> float:
        return brentq(lambda w: float(quit_level(w)) - s, 0.0, 1.0) if 0 < s < 1 else float(s >= 1)

    def utility(s: float) -> float:
        w_s = s_inv(s)
        win, _ = quad(lambda w: (1 - quit_level(w)) * v - quit_level(w), 0, w_s, epsabs=1e-13)
        return win - s * (1 - w_s)

    grid = np.linspace(0.0, 1.0, n)
    return float(grid[int(np.argmax([utility(s) for s in grid]))])


def monte_carlo_disaster(seed: int = SEED, n: int = MC_DRAWS) -> tuple[float, float]:
    """Seeded simulation of the two-sided crisis: (estimate, standard error)."""
    rng = np.random.default_rng(seed)
    v = rng.uniform(size=(n, 2))
    level = rng.uniform(size=n)
    hit = level < quit_level(v.min(axis=1))
    return float(hit.mean()), float(hit.std() / np.sqrt(n))


def main(out_dir: Path) -> None:
    import matplotlib.pyplot as plt

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model = get_model("brinkmanship")

    rows = []
    for h in (0.2, 0.3, 0.5, 0.6):
        e = model.solve(pi=h, **PAYOFFS)[0]
        q_grid, d_grid = grid_over_q(h, **PAYOFFS)
        rows.append({"pi": h, "q_eff": e.quantities["q_eff"], "q_acc": e.quantities["q_acc"],
                     "threat": e.flags["threat"], "disaster": e.escalation_probability,
                     "q_grid": q_grid, "disaster_grid": d_grid})
    pd.DataFrame(rows).to_csv(out_dir / "one_sided.csv", index=False)

    quad_val, _ = quad(lambda m: quit_level(m) * 2 * (1 - m), 0, 1)
    mc, se = monte_carlo_disaster()
    two = [{"quantity": "disaster_closed_form", "value": float(DISASTER_TWO_SIDED)},
           {"quantity": "disaster_quadrature", "value": quad_val},
           {"quantity": "disaster_monte_carlo", "value": mc},
           {"quantity": "disaster_monte_carlo_se", "value": se}]
    for v in (0.3, 0.6, 0.9):
        two.append({"quantity": f"quit_level_v{v}", "value": float(quit_level(v))})
        two.append({"quantity": f"quit_level_grid_br_v{v}", "value": best_response_quit_level(v)})
    pd.DataFrame(two).to_csv(out_dir / "two_sided.csv", index=False)

    hs = np.linspace(0, 1, 401)
    fig, ax = plt.subplots(figsize=(5.5, 3.8))
    jumps = False  # the equilibrium regime changes with h: Pr(disaster) jumps there
    for i, rho in enumerate((0.5, 0.75, 0.9)):
        jumps |= draw_curve(ax, hs, model.evaluate(pi=hs, rho=rho, **PAYOFFS).outcomes["disaster"][:, 0],
                            color=f"C{i}", label=rf"$\rho$ = {rho}")
    if jumps:
        ax.plot([], [], "o", color="0.3", markerfacecolor="white", label="jump: ● last point before, ○ first after")
    ax.set_xlabel("prior probability that the target is hard, $h$")
    ax.set_ylabel("probability of disaster")
    ax.set_title(r"One-sided brinkmanship (textbook; $\rho$ > 0.5 extends it)")
    ax.legend()
    save_figure(fig, out_dir / "disaster_vs_h")
    plt.close(fig)

    vs = np.linspace(0, 1, 201)
    fig, ax = plt.subplots(figsize=(5.5, 3.8))
    ax.plot(vs, quit_level(vs), label=r"$s(v) = 1 - (1 - v)\,e^{v}$")
    ax.plot([0.3, 0.6, 0.9], [r["value"] for r in two if r["quantity"].startswith("quit_level_grid")],
            "o", label="grid best response")
    ax.set_xlabel("resolve, $v$")
    ax.set_ylabel("quitting level, $s$")
    ax.set_title("Two-sided risk war of attrition (reconstruction)")
    ax.legend()
    save_figure(fig, out_dir / "quit_level")
    plt.close(fig)


if __name__ == "__main__":
    main(Path("out") / "Schelling1960")
