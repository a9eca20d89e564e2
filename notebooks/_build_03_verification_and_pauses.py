"""Write notebooks/03_verification_and_pauses.ipynb (no outputs). Run: python notebooks/_build_03_verification_and_pauses.py"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CELLS = [
    ("md", """# Verification, incident reporting and pauses in a repeated security dilemma

Sustained contact between rivals is a **repeated game**. Incident reporting and verification are the
accuracy of **public monitoring**; an agreed **pause** (cooling-off period) is a finite punishment phase; a
**false alarm** is a cooperative move that looks like a defection. This notebook asks: *with this monitoring
technology and this discount factor, how long must a pause be to deter, and how often does cooperation break
down into escalation by mistake?*

Models: `noisy_security_dilemma`, `incident_verification`, `price_war_trigger`, `inspection_repeated`
(see their pages under `docs/models/`)."""),
    ("code", """import numpy as np
import matplotlib.pyplot as plt
import deterrence_games as dg
from deterrence_games.solvers import automata
from deterrence_games.solvers import trigger_closed_forms as cf"""),
    ("md", """## 1. One solve: a trigger strategy with the shortest deterring pause

Two states restrain (C) or arm (D). After an *incident* (a bad public signal) both arm for T periods, then
restrain again. With p = P(no incident | both restrain) = 0.9 and q = P(no incident | one arms) = 0.5 the
shortest deterring pause is T* = 2, and the long-run share of periods in a pause is φ = T(1−p)/(1+T(1−p)) = 1/6.
Every equilibrium the model covers is reported: the trigger equilibrium and the static one (*always arm*)."""),
    ("code", """model = dg.get_model("noisy_security_dilemma")
sol = model.solve(specificity=0.9, non_detection=0.5, delta=0.9)
sol"""),
    ("code", """best = sol.select("flag:best_trigger")
print(best.quantities["T"], round(best.escalation_probability, 4), best.certificate)"""),
    ("md", """The certificate comes from a second method: the strategy as a **public automaton**, whose values solve a
linear system and whose one-shot deviations are checked at every state. A pause one period shorter fails."""),
    ("code", """game = model.repeated_game(specificity=0.9, non_detection=0.5, delta=0.9)
analysis = automata.analyze_automaton(game, automata.pause_trigger(game, 2), horizons=(10, 50))
print(analysis)
print("T = 1 is a PPE:", automata.is_perfect_public_equilibrium(game, automata.pause_trigger(game, 1)))"""),
    ("code", """path = automata.simulate_automaton(game, automata.pause_trigger(game, 2), periods=2000, chains=50, seed=1)
print("Monte Carlo share of pause periods:", np.asarray(path.escalation)[:, 100:].mean(), "exact:", 1 / 6)"""),
    ("md", """## 2. Escalation share against verification accuracy

A neutral verifier re-examines incidents: it certifies a true accident with probability ρ and excuses a real
violation with probability ν. Only uncertified incidents trigger the pause, so p = 1 − α(1−ρ) and
q = 1 − d(1−ν) (assuming no separate accident in a violation period)."""),
    ("code", """table = dg.sweep("incident_verification", {"certify": np.linspace(0, 0.99, 100), "nu": [0.0, 0.5, 0.6]},
                 select="flag:best_trigger")
fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 3.6))
dg.plot.escalation(table, x="certify", hue="nu", ax=a1, title="long-run share of periods in a pause")
for nu, sub in table.groupby("nu"):
    a2.step(sub["certify"], sub["T"], where="mid", label=f"nu = {nu}")
a2.set_xlabel("rho (accidents certified)"); a2.set_ylabel("optimal pause T*"); a2.legend()
fig.tight_layout()"""),
    ("md", """Excusing accidents (ρ↑) cuts mistaken escalation roughly in proportion to 1 − ρ; excusing real violations
(ν↑) weakens detection and forces longer pauses."""),
    ("md", """## 3. The optimal pause

The value V(T) falls with T (every false alarm costs a longer pause), so the best pause is the shortest that
deters: T* = the smallest T with Σ_{k≤T} δ^k ≥ κ, κ = g/[(p−q) − g(1−p)]. Poorer detection (q↑) and
impatience (δ↓) lengthen it."""),
    ("code", """t = dg.sweep(model, {"non_detection": np.linspace(0.0, 0.7, 71), "delta": [0.7, 0.8, 0.9, 0.95]}, select="flag:best_trigger")
fig, ax = plt.subplots(figsize=(6, 3.6))
for d, sub in t.groupby("delta"):
    ax.step(sub["non_detection"], sub["T"], where="mid", label=f"delta = {d}")
ax.set_xlabel("q = P(no incident | one side arms)"); ax.set_ylabel("T*"); ax.set_yscale("log"); ax.legend()
Ts = np.arange(1, 30)
print("V(T) for T = 1..5:", np.round(cf.pause_value(Ts[:5], 0.9, 0.9, 3, 1), 4))"""),
    ("md", """## 4. Noise chains: reciprocity under accidents and misperception

Behavioural rules (not equilibria in general). With implementation error ε, tit-for-tat pairs spend ¾ of the time
in some escalation whatever ε (the echo effect); WSLS and generous TFT recover. Perception error η (private
misreading of the rival, which a hotline lowers) hurts the forgiving strategies most."""),
    ("code", """g = float(cf.gtft_generosity(3, 0, 5, 1))
S = {"TFT": automata.TFT, "GTFT": automata.gtft(g), "WSLS": automata.WSLS}
for eps in (0.01, 0.05, 0.1):
    print(eps, {k: round(automata.memory_one_chain(s, s, eps).p_cc, 4) for k, s in S.items()})
etas = np.linspace(0, 0.15, 31)
fig, ax = plt.subplots(figsize=(6, 3.6))
for k, s in S.items():
    ax.plot(etas, [automata.memory_one_chain(s, s, 0.01, e).p_cc for e in etas], label=k)
ax.set_xlabel("perception error eta"); ax.set_ylabel("long-run P(mutual restraint)"); ax.legend()"""),
    ("md", """## 5. Price wars on the equilibrium path (Green & Porter 1984)

Firms see only a noisy price; a low price starts T periods of Cournot output. Wars happen after bad demand
shocks even though nobody cheats. The model reports the most collusive non-Cournot fixed point with the
trigger price optimised on a pinned 0.005 grid."""),
    ("code", """gp = dg.sweep("price_war_trigger", {"T": [3, 5, 10, 20]}, select="flag:most_collusive")
gp[["T", "p_bar", "x", "F", "value", "escalation_probability"]]"""),
    ("md", """## 6. Inspections over time (Dresher 1962, von Stengel 2016)

n periods, k inspections, one possible violation, penalty b if caught. The value has the closed form
v(n,k) = C(n−1,k)/Σ_{i≤k} C(n,i) b^{k−i}, checked against the recursion of 2×2 zero-sum games."""),
    ("code", """insp = dg.sweep("inspection_repeated", {"inspections": list(range(0, 11)), "b": [0.5, 1.0, 2.0, 5.0]}, fixed={"n": 10})
fig, ax = plt.subplots(figsize=(6, 3.6))
for b, sub in insp.groupby("b"):
    ax.plot(sub["inspections"], sub["p_violation"], "o-", label=f"b = {b}")
ax.set_xlabel("inspections k (n = 10 periods)"); ax.set_ylabel("P(violation on the path)"); ax.legend()
dg.get_model("inspection_repeated").solve(n=10, inspections=3, b=2.0)"""),
]


def build() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.cells = [new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in CELLS]
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


if __name__ == "__main__":
    out = Path(__file__).resolve().parent / "03_verification_and_pauses.ipynb"
    nbformat.write(build(), out)
    print(f"wrote {out}")
