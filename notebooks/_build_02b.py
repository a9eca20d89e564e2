"""Write notebooks/02b_costly_signals_and_early_warning.ipynb (no outputs): python notebooks/_build_02b.py"""

from pathlib import Path

import nbformat as nbf


def build() -> nbf.NotebookNode:
    md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell
    cells = [
        md("# Costly signals, reassurance and early warning\n\n"
           "Three models of how states reveal or learn what they intend, each solved for **every** "
           "equilibrium (multiple equilibria are data, not noise):\n\n"
           "* `costly_signaling`: Fearon (1997) tying hands versus sinking costs, a **two-type "
           "reconstruction** that reproduces his three claims (not his continuous-type model);\n"
           "* `reassurance`: Kydd's security dilemma with a trust threshold and costly reassuring "
           "gestures (**textbook version**);\n"
           "* `early_warning`: an attacker, a noisy sensor (hit rate, false-alarm rate), a defender "
           "who may retaliate, and a hotline (**textbook reduction**; no paper has exactly this game).\n\n"
           "Numbers and claims follow the project's worked cases; see `papers/Fearon1997`, "
           "`papers/Kydd2000` and `papers/EarlyWarningHotline`."),
        code("import numpy as np\n"
             "import matplotlib.pyplot as plt\n\n"
             "import deterrence_games as dg"),
        md("## 1. Tying hands versus sinking costs (Fearon 1997, two-type reconstruction)\n\n"
           "A resolute (probability `pi`) or irresolute defender may signal before a challenger, "
           "revisionist with probability `theta`, decides whether to challenge. A sunk cost `m` is "
           "paid up front; an audience cost `a` only if the defender backs down."),
        code("cs = dg.get_model(\"costly_signaling\")\n"
             "cs.solve(variant=\"sinking_costs\", m=0.4)  # least-cost separating size m* = (1 - theta) v_i"),
        md("A smaller sunk cost leaves room for **bluffing**: a semi-separating equilibrium in which "
           "the irresolute type signals with probability `sigma` and concedes when challenged. Every "
           "equilibrium is listed, with flags (`bluffing`, `intuitive`, `most_peaceful`)."),
        code("cs.solve(variant=\"sinking_costs\", m=0.2).to_frame()[[\"label\", \"escalation_probability\", "
             "\"sigma_irresolute\", \"y_signal\", \"payoff_S\", \"flag_bluffing\", \"flag_intuitive\"]]"),
        code("for signal in (\"tying_hands\", \"sinking_costs\", \"none\"):\n"
             "    e = cs.solve(signal=signal, m=0.4).select(\"min\")\n"
             "    print(f\"{signal:14s} {e.label:20s} Pr(war) = {e.escalation_probability:.3f}   \"\n"
             "          f\"signaler's payoff = {e.quantities['payoff_S']:.3f}\")"),
        md("Tying hands pays the signaler more **and** carries the higher risk of war while the "
           "irresolute type commits (`theta < theta_bar`). Sweep the information instrument against "
           "`theta`:"),
        code("table = dg.sweep(cs, {\"variant\": [\"tying_hands\", \"sinking_costs\"], \"revisionist\": np.linspace(0, 0.9, 46)},\n"
             "                 fixed={\"m\": 0.4}, select=\"min\")\n"
             "ax = dg.plot.escalation(table, x=\"revisionist\", hue=\"variant\", title=\"Pr(war), most peaceful equilibrium\")"),
        md("## 2. Trust and reassurance (Kydd)\n\n"
           "Security seekers cooperate only if trust clears `tau* = c / (1 + c - g_S)`. The spiral "
           "(mutual defection) always exists; above the threshold there are also a cooperative and "
           "a mixed equilibrium."),
        code("ra = dg.get_model(\"reassurance\")\n"
             "ra.solve(tau1=0.7, tau2=0.7)"),
        md("Player 1 can make a costly gesture of size `m` (cost `m v_S` for a security seeker, "
           "`m v_G` for a greedy type). With `tau2 = 1` it separates the types exactly for "
           "`m` in `[g_G / v_G, 1 / v_S] = [0.75, 1]`; the interior case `m = 0.9`:"),
        code("ra.solve(tau1=0.5, tau2=1.0, m=0.9)"),
        md("Just below the window a gesture still reassures *partially*: the greedy type gestures "
           "with probability 1/2, so that trust after a gesture is exactly `tau*`, and player 2 "
           "cooperates after it with the probability that keeps the greedy type indifferent "
           "(`14/15` at `m = 0.7`, for `m` in `[0.6, 0.75]`). Every equilibrium is listed; the spiral "
           "remains one of them."),
        code("for e in ra.solve(tau1=0.5, tau2=1.0, m=0.7):\n"
             "    s = e.strategies\n"
             "    print(f\"{e.label:30s} Pr(gesture | greedy) {s['gesture_G1']:.3f}  \"\n"
             "          f\"Pr(C | S_2, gesture) {s['coop_S2_gesture']:.4f}  conflict {e.escalation_probability:.4f}\")"),
        code("table = dg.sweep(ra, {\"tau1\": np.linspace(0.3, 1, 71)}, fixed={\"tau2\": 0.9})\n"
             "ax = dg.plot.escalation(table, x=\"tau1\", title=\"Conflict against trust in player 1 (tau2 = 0.9)\")"),
        md("Continuous temptations `g ~ U[g_min, g_max]`: every root of `G(g)(1 + c - g) = c` plus the spiral."),
        code("ra.solve(variant=\"continuous\", c=0.25, g_min=0.0, g_max=1.25).to_frame()[\n"
             "    [\"label\", \"cutoff\", \"cooperation_probability\", \"escalation_probability\", \"flag_most_peaceful\"]]"),
        md("## 3. Early warning, false alarms and hotlines\n\n"
           "The attacker attacks when its benefit exceeds the expected extra punishment; the "
           "defender retaliates after an alarm if the posterior of an attack reaches `theta_star`. "
           "A hotline lets the defender act only on confirmed alarms."),
        code("ew = dg.get_model(\"early_warning\")\n"
             "for hotline in (False, True):\n"
             "    e = ew.solve(detection=0.9, false_alarm=0.1, hotline=hotline)[0]\n"
             "    q = e.quantities\n"
             "    print(f\"hotline={hotline!s:5s} {e.label:17s} attack {q['attack_probability']:.4f}  \"\n"
             "          f\"retaliation {q['retaliation_probability']:.4f}  false {q['false_retaliation_probability']:.4f}\")"),
        md("**Symmetric accuracy** `alpha` (hit rate `alpha`, false-alarm rate `1 - alpha`): attacks "
           "fall monotonically, but retaliation is hump-shaped. The pair `(beta, phi)` moves together, "
           "so we use the vectorized closed form `evaluate` on paired arrays:"),
        code("alpha = np.linspace(0.55, 0.995, 200)\n"
             "sol = ew.evaluate(detection=alpha, false_alarm=1 - alpha)\n"
             "fig, ax = plt.subplots(figsize=(6, 4))\n"
             "for k in (\"retaliation_probability\", \"false_retaliation_probability\", \"attack_probability\"):\n"
             "    ax.plot(alpha, sol.quantities[k][:, 0], label=k)\n"
             "ax.set_xlabel(\"sensor accuracy alpha\")\n"
             "ax.legend(fontsize=\"small\");"),
        md("A natural first guess is that a lower false-alarm rate lowers retaliation; it is "
           "false in general. Lower `phi` always (weakly) lowers attacks, but retaliation can rise: at "
           "`beta = 0.7`, `phi` 0.3 -> 0.2 raises it 0.2481 -> 0.2800."),
        code("table = dg.sweep(ew, {\"false_alarm\": np.linspace(0, 0.5, 101)}, fixed={\"detection\": 0.7})\n"
             "ax = dg.plot.escalation(table, x=\"false_alarm\", title=\"Pr(retaliation) against the false-alarm rate (beta = 0.7)\")\n"
             "table.loc[np.isclose(table[\"false_alarm\"], 0.2) | np.isclose(table[\"false_alarm\"], 0.3),\n"
             "          [\"false_alarm\", \"attack_probability\", \"retaliation_probability\", \"false_retaliation_probability\"]]"),
    ]
    nb = nbf.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


if __name__ == "__main__":
    path = Path(__file__).resolve().parent / "02b_costly_signals_and_early_warning.ipynb"
    nbf.write(build(), path)
    print(path)
