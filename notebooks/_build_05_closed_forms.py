"""Write notebooks/05_closed_forms_and_comparative_statics.ipynb (no outputs): python notebooks/_build_05_closed_forms.py"""

from pathlib import Path

import nbformat as nbf

nb = nbf.v4.new_notebook()
md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell
nb.cells = [
md("""# 05 Closed forms and comparative statics

A theorist's result is a formula, the conditions under which it holds, and a sign: *more
transparency lowers the probability of war when ...*. The symbolic layer produces all three with
sympy, and every closed form is checked against the numeric model in every regime (see
`tests/unit/test_symbolic_models.py`)."""),
code("""import numpy as np
import sympy as sp

import deterrence_games as dg
import deterrence_games.symbolic as dgs"""),
md("""## 1. A parametric 2x2 game

Payoffs are sympy expressions. `solve_parametric_2x2` returns every Nash equilibrium per regime
(a sign pattern of the payoff differences); boundaries (ties) are regimes of their own."""),
code("""x = sp.Symbol("x", real=True)
game = dgs.ParametricBimatrix([[x, 0], [0, 1]], [[1, 0], [0, 1]])
res = dgs.solve_parametric_2x2(game)
print(res)
res   # renders as LaTeX in Jupyter"""),
code("""# evaluate at parameter points (vectorized) and compare with the numeric batched solver
vals = {"x": np.array([-1.0, 0.0, 2.0])}
print(res.regime_index(vals))
A = np.stack([np.array([[v, 0], [0, 1]]) for v in vals["x"]])
B = np.broadcast_to(np.array([[1.0, 0], [0, 1]]), A.shape)
print(dg.solvers.solve_2x2(A, B))"""),
md("""## 2. A model's closed form: Fearon (1995) with a public signal

Regimes: after each signal, A's posterior is below $\\pi^*$ (A gambles), at it (tie: safe demand),
or above."""),
code("""form = dgs.symbolic_form("crisis_bargaining_signal")
print(form.to_latex())
form"""),
code("""# the inspection game: its symbolic form comes from the parametric 2x2 solver
insp = dgs.symbolic_form("inspection")
interior = insp.piecewise["a0<0, a1>0, b0>0, b1<0"]
interior.conditions, interior.equilibria[0]["inspection_probability"]"""),
md("""## 3. Comparative statics

The derivative of the escalation probability per regime, with its sign: proved from the domain,
the model's assumptions and the regime's conditions where sympy can, otherwise *numerically
verified on N points* with the evidence."""),
code("""st = dgs.statics("crisis_bargaining", "c_B_high", n_points=200)
print(st)"""),
code("""dgs.statics("crisis_bargaining_signal", "rho", n_points=200).to_frame()[["regime", "sign", "method", "evidence"]]"""),
code("""# the sign table for the transparency atlas (every model with a symbolic form, each information parameter)
table = dgs.statics_table(["crisis_bargaining", "crisis_bargaining_signal", "power_shift"], n_points=200)
table[["model", "wrt", "regime", "sign", "method"]]"""),
md("""From a shell: `deterrence-games symbolic crisis_bargaining --latex` and
`deterrence-games statics power_shift --wrt pi_detect --json`."""),
]
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nb.metadata["language_info"] = {"name": "python"}
if __name__ == "__main__":  # never on import (pytest --doctest-modules imports this file)
    out = Path(__file__).resolve().parent / "05_closed_forms_and_comparative_statics.ipynb"
    nbf.write(nb, out)
    print(f"wrote {out}")
