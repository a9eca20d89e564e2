"""Write notebooks/07_estimating_escalation.ipynb (no outputs): python notebooks/_build_07_estimating_escalation.py"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CELLS = [
    ("md", """# Estimating escalation from dispute data

*From the Correlates of War disputes of 1816–1899 to the probability of war as the balance of
capabilities moves, with confidence bands; then a quantal-response fit of one of the toolkit's
own crisis games.*

The strategic probit/logit of Signorino (1999) treats every dispute as one play of a crisis game:
the initiator (player 1) keeps the status quo or escalates; the respondent (player 2) then
capitulates or fights. Each player's utilities are linear in covariates and are observed with
error (**agent error**: a shock on each action at each node; **private information**: each
player's shocks on her own outcome utilities). The syntax is that of the R package `games`
(Kenkel & Signorino 2014), so R users can move their formulas unchanged."""),
    ("code", """import numpy as np
import matplotlib.pyplot as plt
import deterrence_games as dg"""),
    ("md", """## 1. The data

`war1800` ships with the package (no network): 313 dyadic disputes, with the citation and a
glossary of every column."""),
    ("code", """war = dg.datasets.load("war1800")
print(dg.datasets.describe("war1800").citation)
war[["year", "balanc", "s_wt_re1", "revis1", "regime1", "regime2", "sq", "capit", "war", "esc"]].head()"""),
    ("code", """war[["sq", "capit", "war"]].sum()"""),
    ("md", """## 2. The model

One right-hand side per utility, `u11 | u13 | u14 | u24`: the initiator's utility for the status
quo, for the respondent's capitulation, for war; the respondent's utility for war (her utility
for capitulating is normalised to 0, and `0` fixes u13 at zero here). `regime1` and `regime2`
are categorical: they are expanded into indicators against their first level (`autoc`), as R
does. Rows with missing values are dropped and counted."""),
    ("code", """f1 = "esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2"
fit = dg.estimate.egame12(f1, war, link="probit", errors="agent")
fit"""),
    ("code", """print(fit.summary())
print("dropped for missing values:", fit.n_dropped, "| runs (SBI start + 4 random restarts):")
fit.restarts"""),
    ("md", """Standard errors: the inverse Hessian by default; the sandwich and the outer product of the
scores are kept too, and `boot=N` adds a seeded nonparametric bootstrap."""),
    ("code", """import pandas as pd
pd.DataFrame({"hessian": fit.bse,
              "sandwich": np.sqrt(np.diag(fit.cov_params("sandwich"))),
              "opg": np.sqrt(np.diag(fit.cov_params("opg")))}).round(3)"""),
    ("md", """## 3. Probability of war as the balance of capabilities varies

Other covariates at their sample means (numeric) or most frequent level (categorical);
95 % bands by the delta method (and, for comparison, by parametric resampling of the
estimates)."""),
    ("code", """table = fit.escalation_probability("balanc", n=41, outcomes=["war", "capit"])
ax = dg.estimate.plot_predicted(table, x="balanc")
ax.set_xlabel("initiator's share of dyadic capabilities");"""),
    ("code", """sim = fit.escalation_probability("balanc", n=5, outcomes=["war"], ci="simulation", n_draws=1000, seed=1)
dlt = fit.escalation_probability("balanc", n=5, outcomes=["war"], ci="delta")
pd.DataFrame({"balanc": dlt["balanc"], "Pr(war)": dlt["probability"],
              "delta band": list(zip(dlt["lower"].round(3), dlt["upper"].round(3))),
              "resampling band": list(zip(sim["lower"].round(3), sim["upper"].round(3)))})"""),
    ("md", """And by regime type of the respondent (a categorical variable: one point per level)."""),
    ("code", """dg.estimate.plot_predicted(fit.escalation_probability("regime2", outcomes=["war"]), x="regime2");"""),
    ("md", """## 4. Agent error or private information? Probit or logit?

The four specifications are not nested; Vuong's and Clarke's tests compare them on the same
rows."""),
    ("code", """private = dg.estimate.egame12(f1, war, errors="private")
print(dg.estimate.vuong(fit, private))
print(dg.estimate.clarke(fit, private))
dg.estimate.summary_col({"agent": fit, "private": private})"""),
    ("md", """## 5. Identification is checked before fitting

A regressor in every utility of the initiator, or a variable that predicts the outcome
perfectly, is refused with an error naming it (Lewis & Schultz 2003)."""),
    ("code", """try:
    dg.estimate.egame12("esc + war ~ revis1 - 1 | revis1 | revis1 | balanc", war)
except dg.ParameterError as err:
    print(err)"""),
    ("md", """## 6. A quantal-response fit of one of the toolkit's own games

`egame12` with logit agent error *is* the logit agent quantal response equilibrium of its
two-move tree. The same maximum-likelihood engine fits the QRE of any model that exposes its
finite game, here `crisis_signaling`: we draw choices from its QRE at a known precision and
recover it (with a standard error)."""),
    ("code", """from deterrence_games.solvers.qre import logit_qre
cs = dg.get_model("crisis_signaling")
game = cs.finite_game(cs.validate())
sigma, rho = logit_qre(game, lambda_max=2.0).at(2.0).strategies
rng = np.random.default_rng(0)
sender = np.array([rng.multinomial(800, s) for s in sigma])
receiver = np.array([rng.multinomial(800, r) for r in rho])
qfit = dg.estimate.qre_fit(cs, sender, receiver, lam=1.0)
lam_hat = np.exp(qfit.params["log_lambda"])
print(f"lambda: true 2.0, estimate {lam_hat:.3f} (s.e. of log lambda {qfit.bse['log_lambda']:.3f})")"""),
    ("md", """The same fit from a shell: `deterrence-games estimate egame12 --data war1800 --formula "esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2" --json`.
The coefficient tables of all four specifications and this figure are regenerated by
`deterrence-games reproduce Signorino1999`."""),
]


def main() -> None:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.cells = [new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in CELLS]
    out = Path(__file__).resolve().parent / "07_estimating_escalation.ipynb"
    nbformat.write(nb, out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
