"""Write notebooks/08_your_own_model.ipynb (no outputs): python notebooks/_build_08_your_own_model.py"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CELLS = [
    ("md", """# Your own crisis model

A new model is a function of its parameters that returns a game. Declare the parameters (with their
domains), the outcomes and which of them are escalation; `dg.model` turns the function into a model
that is validated, solved by the generic solvers (every equilibrium, certified), swept on every
backend, plotted, selected with the QRE limit, checked with `dg.testing.check_model`, and run from the
command line with `--model-file`. Sections 1-5 build a hotline game from a payoff matrix; section 6
builds a three-rung escalation ladder from a game tree."""),
    ("code", """import subprocess, sys, tempfile
from pathlib import Path
import numpy as np
import matplotlib.pyplot as plt
import deterrence_games as dg"""),
    ("md", """## 1. A hotline game from a function

Two rivals in a crisis each **hold** or **escalate**. Escalating against a rival who holds wins a
concession (+1, -1). If both escalate, the hotline works with probability `h` and the crisis ends in
talks (cost `c` each); otherwise it ends in war (cost `w` each). The outcome of mutual escalation is
therefore a lottery, `{"talks": h, "war": 1 - h}`: `outcome_map` may return a distribution, and may
take the parameters as its first argument."""),
    ("code", """@dg.model(
    parameters=[
        dg.Parameter("h", 0.5, dg.interval(0, 1), "probability that the hotline works", "h",
                     information=True, role="signal_accuracy"),
        dg.Parameter("w", 4.0, dg.interval(1, 100, open_low=True), "cost of war", "w", role="cost"),
        dg.Parameter("c", 0.5, dg.interval(0, 1, open_high=True), "cost of crisis talks", "c", role="cost"),
    ],
    outcomes=("status_quo", "concession", "talks", "war"),
    escalatory=("war",),
    outcome_map=lambda p, row, col: ({"talks": p["h"], "war": 1 - p["h"]} if row == col == "escalate"
                                     else "status_quo" if row == col else "concession"),
)
def hotline(p):
    \"\"\"Crisis with a hotline that works with probability h.\"\"\"
    both = -p["h"] * p["c"] - (1 - p["h"]) * p["w"]
    A = [[0, -1], [1, both]]                     # rows and columns: hold, escalate
    return dg.BimatrixGame(A, np.transpose(A), ("hold", "escalate"), ("hold", "escalate"))

hotline"""),
    ("code", """sol = hotline.solve(h=0.3)
sol"""),
    ("md", """Bad input is refused before any work, with the parameter, the value and the domain:"""),
    ("code", """try:
    hotline.solve(h=1.2)
except dg.ParameterError as err:
    print(err)"""),
    ("md", """## 2. Escalation as the hotline improves

In the mixed equilibrium each side escalates with probability $s = 1 / (w (1 - h) + c h)$ (indifference
between holding, $-s$, and escalating, $1 - s + s\\,(-c h - w (1 - h))$), so
$\\Pr(\\text{war}) = s^2 (1 - h)$. The sweep keeps one row per equilibrium; the plot shades the range."""),
    ("code", """table = dg.sweep(hotline, {"h": np.linspace(0, 1, 101)})
ax = dg.plot.escalation(table, x="h")
ax.set_xlabel("probability that the hotline works, h");"""),
    ("code", """mixed = table[table["label"] == "mixed"]
s = 1 / (4 * (1 - mixed["h"]) + 0.5 * mixed["h"])
assert np.allclose(mixed["escalation_probability"], s**2 * (1 - mixed["h"]), atol=1e-12)
mixed[["h", "escalation_probability"]].iloc[::10]"""),
    ("md", """The model returns a finite game, so the logit QRE limit selects one equilibrium per point
(the selection is recorded in the table's provenance):"""),
    ("code", """qre = dg.sweep(hotline, {"h": np.linspace(0, 1, 21)}, select="qre")
qre[["h", "label", "escalation_probability", "status"]].head(), qre.attrs["provenance"]["select"]"""),
    ("md", """A model defined in a notebook cell runs on the process backend too (it is pickled by value)
and gives the same table as the serial backend:"""),
    ("code", """grid = {"h": np.linspace(0, 1, 9)}
serial = dg.sweep(hotline, grid, backend="serial")
process = dg.sweep(hotline, grid, backend="process", workers=2, chunk_size=3)
cols = [c for c in serial.columns]
assert serial[cols].equals(process[cols])
process.attrs["provenance"]["backend"]"""),
    ("md", """## 3. The same model as a class

A subclass of `dg.Model` implements `equilibria(self, params)` and builds each equilibrium with
`self.equilibrium(label, outcomes)`. Here the closed form of the mixed equilibrium, checked against the
generic solver above."""),
    ("code", """class HotlineMixed(dg.Model):
    \"\"\"The mixed equilibrium of the hotline game in closed form.\"\"\"
    id = "hotline_mixed"
    title = "Hotline game, mixed equilibrium (closed form)"
    method = "closed form (indifference conditions)"
    parameters = hotline.parameters
    outcomes = hotline.outcomes
    escalatory = hotline.escalatory

    def _check(self, p):
        self._require(p["w"] * (1 - p["h"]) + p["c"] * p["h"] >= 1, "h", p["h"], "w (1 - h) + c h >= 1",
                      "otherwise escalating is dominant and there is no mixed equilibrium")

    def equilibria(self, params):
        h, w, c = params["h"], params["w"], params["c"]
        s = 1 / (w * (1 - h) + c * h)
        both = s * s
        return [self.equilibrium("mixed", {"status_quo": (1 - s) ** 2, "concession": 2 * s * (1 - s),
                                           "talks": both * h, "war": both * (1 - h)})]

closed = HotlineMixed()
for h in (0.0, 0.3, 0.6):
    generic = [e for e in hotline.solve(h=h) if e.label == "mixed"][0]
    a, b = closed.solve(h=h)[0].escalation_probability, generic.escalation_probability
    assert abs(a - b) < 1e-12
    print(f"h = {h}: Pr(war) {a:.6f} (closed form), {b:.6f} (generic solver)")"""),
    ("md", """## 4. Check the model against the contract

`dg.testing.check_model` runs the checks every shipped model passes: validation before work, outcome
distributions, escalation mass, determinism, pickling, equilibria certified on the finite game (and none
missing), sweep and plot round trips. It raises `ModelCheckError` listing what fails."""),
    ("code", """dg.testing.check_model(hotline).results"""),
    ("code", """dg.testing.check_model(closed).results"""),
    ("md", """## 5. From the command line

Save the model in a file; `--model-file` imports it and registers its models, so `models`, `solve`,
`sweep` and `statics` know them by id."""),
    ("code", """folder = Path(tempfile.mkdtemp())
(folder / "hotline_model.py").write_text('''
import deterrence_games as dg


@dg.model(parameters=[dg.Parameter("h", 0.5, dg.interval(0, 1), "probability that the hotline works",
                                   information=True, role="signal_accuracy")],
          outcomes=("status_quo", "concession", "talks", "war"), escalatory=("war",),
          outcome_map=lambda p, r, c: ({"talks": p["h"], "war": 1 - p["h"]} if r == c == "escalate"
                                       else "status_quo" if r == c else "concession"))
def hotline(p):
    "Crisis with a hotline that works with probability h."
    both = -0.5 * p["h"] - 4 * (1 - p["h"])
    A = [[0, -1], [1, both]]
    return dg.BimatrixGame(A, [[0, 1], [-1, both]], ("hold", "escalate"), ("hold", "escalate"))
''')

def run(*args):
    out = subprocess.run([sys.executable, "-m", "deterrence_games", *args], capture_output=True, text=True,
                         cwd=folder)
    assert out.returncode == 0, out.stderr
    print(out.stdout)

run("solve", "hotline", "--set", "h=0.3", "--model-file", "hotline_model.py")
run("sweep", "hotline", "--grid", "h=0:1:11", "--out", "hotline.csv", "--model-file", "hotline_model.py")"""),
    ("code", """dg.load_table(folder / "hotline.csv")[["h", "label", "escalation_probability"]].head(6)"""),
    ("md", """## 6. A three-rung escalation ladder from a game tree

Crises are often drawn as ladders. The challenger **probes** or keeps the status quo; the defender
**concedes** or **resists**; the challenger then **backs down** or **strikes**. A strike is read by an
incident channel (incident reporting, a military hotline) that tells a limited strike from an attack
with accuracy `q`: read correctly, the defender chooses to absorb it (a limited clash) or retaliate
(war); misread, retaliation is automatic (war).

The tree is built with the public builder (`decision`, `signal`, `terminal`, `dg.ExtensiveGame`) in a
module written by the next cell, so that the command line can load the same file with `--model-file`.
The model returns every pure subgame-perfect equilibrium (`dg.tree_equilibria`: backward induction, a
tie branches into all equilibria)."""),
    ("code", """%%writefile {folder}/ladder_model.py
\"\"\"A three-rung escalation ladder with an incident channel of accuracy q.\"\"\"
import deterrence_games as dg
from deterrence_games.games.tree import decision, signal, terminal

WAR = (-2.0, -2.0)                                   # payoffs (challenger, defender)


def ladder_game(q):
    \"\"\"Probe -> resist -> strike; a strike is read correctly with probability q, else war follows.\"\"\"
    strike = signal(q, "read correctly", {
        "read correctly": decision("Defender", {"absorb": terminal("clash", (0.5, -0.8)),
                                                "retaliate": terminal("war", WAR)}),
        "misread": terminal("war", WAR),             # automatic retaliation
    })
    return dg.ExtensiveGame(["Challenger", "Defender"], decision("Challenger", {
        "status quo": terminal("status_quo", (0.0, 0.0)),
        "probe": decision("Defender", {
            "concede": terminal("concession", (1.0, -1.0)),
            "resist": decision("Challenger", {"back down": terminal("backdown", (-0.5, 0.5)),
                                              "strike": strike}),
        }),
    }), escalatory={"war"}, name="ladder")


@dg.model(parameters=[dg.Parameter("q", 0.9, dg.interval(0, 1), "accuracy of the incident channel", "q",
                                   information=True, role="accuracy")],
          outcomes=("status_quo", "concession", "backdown", "clash", "war"), escalatory=("war",),
          method="every pure subgame-perfect equilibrium (backward induction, dg.tree_equilibria)",
          id="escalation_ladder", title="Three-rung escalation ladder with an incident channel")
def ladder(p):
    \"\"\"Three-rung escalation ladder; a strike is misread (and answered by war) with probability 1 - q.\"\"\"
    return list(dg.tree_equilibria(ladder_game(p["q"]), "spe"))"""),
    ("code", """sys.path.insert(0, str(folder))
from ladder_model import ladder, ladder_game

spe = dg.tree_equilibria(ladder_game(0.9), "spe")
print(ladder_game(0.9), "|", spe.covers)
spe"""),
    ("md", """**By hand.** A strike pays the challenger $0.5 q - 2 (1 - q)$, more than backing down ($-0.5$) iff
$q > 0.6$. Resisting a strike costs the defender $-0.8 q - 2 (1 - q)$, less than conceding ($-1$) iff
$q > 5/6$. So below $q = 0.6$ the challenger would back down and never probes; between $0.6$ and $5/6$
the defender concedes; above $5/6$ the defender resists, the challenger strikes, and war comes from a
misread strike: $\\Pr(\\text{war}) = 1 - q$. A more accurate channel first **creates** the risk of war
(it makes resistance credible, and so the strike) and then lowers it. At $q = 0.6$ and $q = 5/6$ a
player is indifferent and both subgame-perfect equilibria are reported."""),
    ("code", """qs = np.linspace(0.5, 1, 51)
ladder_table = dg.sweep(ladder, {"q": qs})
ax = dg.plot.escalation(ladder_table, x="q")"""),
    ("code", """for q, e in ladder_table.groupby("q")["escalation_probability"]:
    want = {1 - q} if q > 5 / 6 + 1e-12 else {0.0} if q < 5 / 6 - 1e-12 else {0.0, 1 - q}
    assert np.allclose(sorted(set(np.round(e, 12))), sorted(want), atol=1e-12), (q, list(e))
ladder_table.groupby("q")["n_equilibria"].max().loc[lambda n: n > 1]"""),
    ("code", """dg.testing.check_model(ladder).results"""),
    ("md", """The same file on the command line:"""),
    ("code", """run("sweep", "escalation_ladder", "--grid", "q=0.5:1:11", "--out", "ladder.csv", "--model-file", "ladder_model.py")
dg.load_table(folder / "ladder.csv")[["q", "label", "escalation_probability"]].tail(4)"""),
    ("md", """## 7. Explore it

`dg.explore` (with ipywidgets: `pip install -e ".[explore]"`) gives a slider per parameter, the escalation
probability of every equilibrium over the information parameter, and the table of equilibria at the
slider's point. It works for any model: shipped, made with `dg.model`, or a `dg.Model` subclass."""),
    ("code", """dg.explore(ladder, points=26, q=0.9)"""),
]


def build() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.cells = [new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in CELLS]
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return nb


if __name__ == "__main__":
    path = Path(__file__).resolve().parent / "08_your_own_model.ipynb"
    nbformat.write(build(), path)
    print(path)
