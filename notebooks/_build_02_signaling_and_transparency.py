"""Write notebooks/02_signaling_and_transparency.ipynb (no outputs). Run from the repo root."""

from pathlib import Path

import nbformat as nbf

md = nbf.v4.new_markdown_cell
code = nbf.v4.new_code_cell

cells = [
    md("""# Signaling games and transparency: every PBE, refinements, logit QRE

This notebook shows the generic signaling engine of `deterrence_games`:

1. write a finite signaling game (`SignalingGame`) and export it to Gambit;
2. compute **every** perfect Bayesian equilibrium (`pbe`), with the off-path beliefs that
   support each one, a certificate, and the intuitive criterion and D1 as flags;
3. trace the **logit QRE** and fit its precision to data;
4. use a model built on the engine, `crisis_signaling`, to ask how transparency `q` changes
   the probability of war."""),
    code("""import numpy as np
import deterrence_games as dg
from deterrence_games.games import SignalingGame, type_signal_garbling, binary_signal
from deterrence_games.solvers.pbe import pbe
from deterrence_games.solvers.qre import logit_qre, fit_lambda, log_likelihood"""),
    md("""## 1. Beer-quiche (Cho and Kreps 1987)

The sender is weak (prior 0.1) or strong. Weak prefers quiche, strong prefers beer (taste
worth 1); both gain 2 if the receiver does not duel. The receiver wants to duel the weak type
only. Payoff arrays are indexed `[type, message, action]`."""),
    code("""u_S = [[[1, 3], [0, 2]],   # weak:   quiche (duel, not), beer (duel, not)
       [[0, 2], [1, 3]]]   # strong
u_R = [[[1, 0], [1, 0]],
       [[0, 1], [0, 1]]]
game = SignalingGame(["weak", "strong"], [0.1, 0.9], ["quiche", "beer"], ["duel", "not"], u_S, u_R,
                     name="beer-quiche")
game"""),
    md("The same game in Gambit's `.efg` format (open it in the Gambit GUI):"),
    code("print(game.to_efg())"),
    md("""## 2. Every PBE, with supporting beliefs and refinements

Each row is a *cell*: equilibria with the same supports. A cell with more than one extreme
point is a continuum (here: the receiver mixing after the unused breakfast)."""),
    code("""result = pbe(game)
result"""),
    code("""result.to_frame()[["label", "sender", "receiver", "off_path", "intuitive", "d1", "max_regret"]]"""),
    md("""Both pooling outcomes are PBE; only pooling on **beer** passes the intuitive criterion. The
beliefs after the unused message that support "duel" form an interval: the receiver must put
probability at least 1/2 on the weak type."""),
    code("""beer = [e for e in result if e.sender_support == ((1,), (1,)) and not e.receiver_mixing][0]
region = beer.belief_regions[0]          # beliefs after quiche (off the path)
print("extreme beliefs over (weak, strong):", region.type_vertices)
print("certificate:", beer.certificate)"""),
    md("""When the weak type is likely (prior 0.6) pooling is impossible and the engine finds the
hybrid equilibrium: the weak type mixes, the receiver mixes after beer."""),
    code("""hybrid = pbe(SignalingGame(["weak", "strong"], [0.6, 0.4], ["quiche", "beer"], ["duel", "not"], u_S, u_R))
e = hybrid[0]
print(e.label)
print("sigma (rows: types):\\n", e.sigma.round(4))
print("rho (rows: messages):\\n", e.rho.round(4))"""),
    md("""## 3. Logit quantal response equilibrium

`logit_qre` follows the principal branch from `lambda = 0` (uniform play). As `lambda`
grows it converges to an equilibrium: in beer-quiche, pooling on beer."""),
    code("""path = logit_qre(game, lambda_max=30.0)
for lam in (0.5, 2.0, 5.0, 30.0):
    sigma, rho = path.at(lam).strategies
    print(f"lambda={lam:5}: P(beer | weak)={sigma[0, 1]:.3f}  P(beer | strong)={sigma[1, 1]:.3f}")"""),
    md("""Empirical work fits `lambda` to observed choices. Counts of messages by type and of
actions by message give a log-likelihood; `fit_lambda` maximises it along the branch."""),
    code("""sigma, rho = path.at(3.0).strategies
sender_counts = np.round(500 * game.prior[:, None] * sigma)
receiver_counts = np.round(250 * rho)
fit = fit_lambda(game, sender_counts, receiver_counts, lambda_max=10.0)
fit"""),
    md("""## 4. A crisis model built on the engine: `crisis_signaling`

A defender who may be resolved (prior `pi`) can make a threat that carries an audience cost
`a`; the challenger also sees an exogenous signal of resolve of precision `q` (transparency)
and decides whether to challenge. The model module is a page of code: it builds a
`SignalingGame` and hands it to `pbe`."""),
    code("""model = dg.get_model("crisis_signaling")
model.solve(pi=0.3, q=0.5, a=1.0).to_frame()[["label", "escalation_probability", "prob_concession",
                                              "escalation_min", "escalation_max"]]"""),
    md("""With an opaque signal (`q = 1/2`) there are two kinds of equilibria: pooling on staying quiet
(every defender is challenged: war `pi`) and a hybrid in which bluffers sometimes threaten
(war `pi / (1 + a)`). Enough transparency removes the worst case, and full transparency removes war:"""),
    code("""for q in (0.5, 0.6, 0.7, 0.8, 0.9, 1.0):
    lo, hi = model.solve(pi=0.3, q=q, a=1.0).escalation_range
    print(f"q={q:.1f}: war probability in [{lo:.3f}, {hi:.3f}] over all PBE")"""),
    code("""table = dg.sweep("crisis_signaling", grid={"q": np.linspace(0.5, 1.0, 11)}, fixed={"pi": 0.3}, select="max")
table[["q", "label", "escalation_probability"]]"""),
    md("""The same question over every PBE (audience cost `a = 1`): each equilibrium is followed by
its label along `q`, the shaded band runs from the least to the most escalatory equilibrium,
and the jump where pooling on quiet stops being an equilibrium is drawn as a jump."""),
    code("""every = dg.sweep("crisis_signaling", grid={"q": np.linspace(0.5, 1.0, 11)}, fixed={"pi": 0.3, "a": 1.0})
ax = dg.plot.escalation(every, x="q")"""),
]

for i, cell in enumerate(cells):  # deterministic ids: regenerating gives the same bytes
    cell["id"] = f"cell-{i:02d}"
nb = nbf.v4.new_notebook()
nb["cells"] = cells
nb["metadata"]["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
if __name__ == "__main__":  # never on import (pytest --doctest-modules imports this file)
    out = Path(__file__).resolve().parent / "02_signaling_and_transparency.ipynb"
    nbf.write(nb, out)
    print(f"wrote {out}")
