"""Write notebooks/03b_payoff_sets.ipynb (no outputs) with nbformat: python notebooks/_build_03b_payoff_sets.py"""

from pathlib import Path

import nbformat as nbf

md = nbf.v4.new_markdown_cell
code = nbf.v4.new_code_cell

cells = [
    md("""# Equilibrium payoff sets: which cooperation can be sustained?

A repeated rivalry can sustain many outcomes in equilibrium. The *equilibrium payoff set* collects
every pair of average payoffs that some (pure-action, publicly randomised) equilibrium delivers.
This notebook computes it in two settings:

* **perfect monitoring** (every action is observed): the exact Abreu-Pearce-Stacchetti (1990)
  set iteration on polygons, `aps_polygon`;
* **imperfect public monitoring** (only a noisy incident signal is observed, as with incident
  reporting or verification): the Judd-Yeltekin-Conklin (2003) inner and outer approximations of
  the perfect-public-equilibrium set, `jyc_bounds`, whose Hausdorff gap certifies the accuracy."""),
    code("""import numpy as np
import matplotlib.pyplot as plt

from deterrence_games.solvers.payoff_sets import aps_polygon, jyc_bounds
from deterrence_games.plots.payoff_sets import plot_payoff_set"""),
    md("""## 1. Perfect monitoring: the prisoner's dilemma [[9, 1], [10, 3]]

Mutual restraint pays 9, mutual arming 3, unilateral arming 10 against 1. As the discount factor
(the weight of the future relationship) grows, the set grows from the static outcome (3, 3) to a
segment and then to the quadrilateral with vertices (3, 3), (9.75, 3), (9, 9), (3, 9.75)."""),
    code("""A = np.array([[9.0, 1.0], [10.0, 3.0]])
B = A.T
U = np.stack([A.ravel(), B.ravel()], axis=1)      # stage payoffs, to mark on the plots
fig, axes = plt.subplots(1, 4, figsize=(16, 4))
for ax, delta in zip(axes, [0.1, 0.2, 0.249, 0.9]):
    S = aps_polygon(A, delta, B=B)
    plot_payoff_set(S, ax=ax, points=U, point_labels=["CC", "CD", "DC", "DD"])
    print(S)
plt.tight_layout()"""),
    md("""Below delta = 1/7 only the static outcome survives; between 1/7 and about 0.247 only the
symmetric segment from (3, 3) to (9, 9) does (QuantEcon's routine raises a `QhullError` on these
degenerate sets; ours returns a point and a segment). Every result is a frozen object with a
table view:"""),
    code("""S = aps_polygon(A, 0.9, B=B)
S.to_frame()"""),
    code("""S.contains([8, 8]), S.contains([9.5, 9.5])"""),
    md("""### A 3x3 example (Abreu and Sannikov 2014) at delta = 0.3"""),
    code("""P = np.array([[(16, 9), (3, 13), (0, 3)], [(21, 1), (10, 4), (-1, 0)], [(9, 0), (5, -4), (-5, -15)]], float)
S3 = aps_polygon(P[..., 0], 0.3, B=P[..., 1])
ax = plot_payoff_set(S3, points=np.stack([P[..., 0].ravel(), P[..., 1].ravel()], axis=1))
S3.vertices.round(6)"""),
    md("""## 2. Imperfect public monitoring: an incident signal

Mailath and Samuelson's prisoner's dilemma: payoffs (2, 2) for mutual restraint, (-1, 3) and
(3, -1) for unilateral arming, (0, 0) for mutual arming. Nobody observes actions; a public signal
is "good" with probability p under mutual restraint, q if one side arms and r if both arm. The
false-alarm rate is 1 - p. The best strongly symmetric equilibrium gives each side
2 - (1 - p)/(p - q): imperfect monitoring costs the likelihood ratio (1 - p)/(p - q) times the
temptation."""),
    code("""def incident_signal(p, q, r):
    return np.array([[[p, 1 - p], [q, 1 - q]], [[q, 1 - q], [r, 1 - r]]])

G = np.array([[2.0, -1.0], [3.0, 0.0]])
for p in (0.9, 0.95):
    sse = jyc_bounds(G, 0.9, incident_signal(p, 0.5, 0.2), B=G.T, symmetric=True)
    print(f"p = {p}: SSE payoffs {sse.outer.vertices[:, 0].round(6)}, closed form top {2 - (1 - p) / (p - 0.5):.6f}")"""),
    md("""The whole perfect-public-equilibrium set (asymmetric equilibria too) is approximated from
outside (Algorithm 1, one linear program per direction and action profile, solved by HiGHS) and
from inside (Algorithm 3, certified self-generating, hence inside the true set). The gap between
the two bounds is the certificate."""),
    code("""fig, axes = plt.subplots(1, 2, figsize=(10, 5))
for ax, p in zip(axes, (0.9, 0.95)):
    R = jyc_bounds(G, 0.9, incident_signal(p, 0.5, 0.2), B=G.T, directions=32)
    plot_payoff_set(R, ax=ax, label=f"p = {p}", points=np.stack([G.ravel(), G.T.ravel()], axis=1))
    print(R)
    print("  max v1 + v2:", R.outer.vertices.sum(axis=1).max().round(6), "closed form", 4 - 2 * (1 - p) / (p - 0.5))
plt.tight_layout()"""),
    md("""Fewer false alarms (higher p) enlarge the set. Asymmetric equilibria do not beat the
symmetric ones in the direction (1, 1): the signal cannot tell who deviated, so it cannot reward
one side while punishing the other."""),
]

nb = nbf.v4.new_notebook()
nb["cells"] = cells
nb["metadata"] = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                  "language_info": {"name": "python"}}
if __name__ == "__main__":  # never on import (pytest --doctest-modules imports this file)
    out = Path(__file__).resolve().parent / "03b_payoff_sets.ipynb"
    nbf.write(nb, out)
    print(f"wrote {out}")
