"""Write notebooks/04_reputation_and_strategic_risk.ipynb (no outputs): python notebooks/_build_04.py"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CELLS = [
    ("md", """# Reputation and strategic risk

Two ways in which information shapes escalation over time:

* **a record of reliability** (reputation): each contact updates beliefs about whether the rival is the reliable type;
* **strategic risk**: much escalation is driven by fear of the other's fear, which public information (joint exercises, shared foresight) can calm or inflame.

One section per model: `chain_store`, `trust_building`, `credibility`, `global_conflict`, `public_information`. Every solve returns *all* equilibria; we select explicitly."""),
    ("code", """import numpy as np
import matplotlib.pyplot as plt
import deterrence_games as dg"""),
    ("md", """## 1. `chain_store` — Kreps & Wilson (1982), paper-faithful

A weak incumbent fights early entrants to look tough; entry happens only in the last few markets. The equilibrium is computed in exact rationals by backward induction over beliefs and certified (no profitable one-shot deviation at any market, on a belief grid, on and off path)."""),
    ("code", """cs = dg.get_model("chain_store")
sol = cs.solve(n_markets=10, a=2, b=0.5, prior=0.1)
e = sol[0]
print(sol)
print("entry probability by markets remaining k = 10..1:", np.round(e.strategies["entry_probability_by_k"], 4))
print("certificate:", dict(e.certificate))
print("weak payoff", e.quantities["weak_payoff"], "average", e.quantities["weak_payoff_average"],
      ">= Fudenberg-Levine bound", e.quantities["fl_bound_average"])"""),
    ("code", """from deterrence_games.solvers.reputation import fudenberg_levine_bound
fudenberg_levine_bound(prior=0.1, pi_bar=0.5, delta=0.95, v_star=2, u_min=-1), \\
fudenberg_levine_bound(prior=0.1, pi_bar=0.5, delta=0.95, v_star=2, u_min=-1, rounding="ceil")"""),
    ("code", """t = dg.sweep("chain_store", {"prior": np.linspace(0.01, 0.5, 15)}, fixed={"n_markets": 20})
ax = t.plot(x="prior", y=["expected_entries", "expected_fights"], marker="o")
ax.set_xlabel("initial reputation (prior of the tough type)");"""),
    ("md", """## 2. `trust_building` — Kydd-style trust (reconstruction)

Trust log-odds move by ±ln(λ/(1−λ)) per low-stakes contact. The trust-building equilibrium and the all-defect equilibrium are both reported."""),
    ("code", """tb = dg.get_model("trust_building")
tb.solve(pi0=0.3, rho=0.7, horizon=50)"""),
    ("code", """lam = np.linspace(0.52, 0.98, 47)
fig, ax = plt.subplots()
for H in (5, 20, 100):
    t = dg.sweep(tb, {"rho": lam}, fixed={"horizon": H}, select="flag:most_peaceful")
    ax.plot(t["rho"], t["prob_conflict"], label=f"{H} contacts")
ax.set_xlabel("observation accuracy lambda"); ax.set_ylabel("P(conflict)"); ax.legend();"""),
    ("code", """from deterrence_games.models.trust_building import simulate_trust
simulate_trust(0.7, pi0=0.3, pi_star=2/3, n=20_000, seed=1)  # closed form: 5 rounds, 0.1837"""),
    ("md", """## 3. `credibility` — Sobel-style two-period credibility (reconstruction)

An enemy posing as a friend tells the truth now to lie when the stakes are higher."""),
    ("code", """cr = dg.get_model("credibility")
t = dg.sweep(cr, {"I": np.linspace(0.2, 8, 40)}, fixed={"pi": 0.5})
ax = t.plot(x="I", y=["p_deception_t1", "p_deception_t2"])
ax.set_xlabel("importance of the second issue I");
cr.solve(pi=0.5, I=2).to_frame()[["label", "lie_probability_t1", "posterior_after_honest", "p_deception_t2"]]"""),
    ("md", """## 4. `global_conflict` — security dilemma under strategic risk (CPiM-style reconstruction)

Private noise selects a unique threshold k* = W + b + c − σ/√π: preemptive fear c matters, unlike under complete information. Precise *public* signals bring multiplicity back; the dynamic exit game can have several stationary equilibria."""),
    ("code", """gc = dg.get_model("global_conflict")
print(gc.solve(variant="private", sigma=0.5, theta=1.5))
print(gc.solve(variant="complete", theta=1.5))"""),
    ("code", """for alpha in (2, 6, 40):
    sol = gc.solve(variant="public", alpha=alpha, beta=4, y=1.5, b=1, c_public=2)
    print(alpha, [round(e.quantities["threshold"], 4) for e in sol], "unique:", sol[0].flags["uniqueness_condition"])"""),
    ("code", """sol = gc.solve(variant="exit", delta=0.9, W=0.5, peace_mean=1, peace_sd=1, b=1, c=1)
sol.to_frame()[["label", "escalation_probability", "value", "expected_duration", "flag_stable"]]"""),
    ("md", """## 5. `public_information` — Morris & Shin (2002): beauty contest paper-faithful, regime change textbook version

More precise public information lowers welfare iff α < β(1−r)(2r−1). The regime-change game lives here too: it is unique iff α/√β ≤ √(2π)."""),
    ("code", """pi_model = dg.get_model("public_information")
alpha = np.linspace(0.05, 5, 100)
fig, ax = plt.subplots()
for r in (0.5, 0.75, 0.9):
    t = dg.sweep(pi_model, {"alpha": alpha}, fixed={"beta": 10.0, "r": r})
    ax.plot(t["alpha"], t["expected_welfare"], label=f"r={r}")
ax.set_xlabel("public precision alpha"); ax.set_ylabel("E[W]"); ax.legend();"""),
    ("code", """for a in (10, 30):
    sol = pi_model.solve(variant="regime_change", alpha=a, beta=100, y=0.5, c=0.5)
    print(a, [round(e.quantities["theta_star"], 4) for e in sol], sol.escalation_range)"""),
]


def build() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.cells = [new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in CELLS]
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return nb


if __name__ == "__main__":
    path = Path(__file__).resolve().parent / "04_reputation_and_strategic_risk.ipynb"
    nbformat.write(build(), path)
    print(path)
