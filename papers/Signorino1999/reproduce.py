"""Reproduce papers/Signorino1999: strategic probit/logit on the 1816-1899 dispute data.

Run with ``deterrence-games reproduce Signorino1999`` (writes into ``out/Signorino1999``).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

import deterrence_games as dg

HERE = Path(__file__).resolve().parent
FORMULA = "esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2"
SPECS = [(link, errors) for errors in ("agent", "private") for link in ("probit", "logit")]


def fits() -> dict[tuple[str, str], dg.estimate.StrategicFit]:
    war = dg.datasets.load("war1800")
    return {(lk, er): dg.estimate.egame12(FORMULA, war, link=lk, errors=er, restarts=4, seed=0)
            for lk, er in SPECS}


def coefficient_table(results) -> pd.DataFrame:
    """One row per (specification, coefficient): estimate and Hessian / sandwich s.e."""
    rows = []
    for (lk, er), f in results.items():
        sand = f.bse if f.vcov_type == "sandwich" else pd.Series(
            (f.cov_params("sandwich").to_numpy().diagonal()) ** 0.5, index=f.params.index)
        for name in f.params.index:
            rows.append({"link": lk, "errors": er, "coefficient": name, "estimate": f.params[name],
                         "se_hessian": f.bse[name], "se_sandwich": sand[name]})
        rows.append({"link": lk, "errors": er, "coefficient": "loglik", "estimate": f.llf,
                     "se_hessian": float("nan"), "se_sandwich": float("nan")})
    return pd.DataFrame(rows)


def main(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    results = fits()
    coefficient_table(results).to_csv(out_dir / "coefficients.csv", index=False)
    summaries = "\n\n".join(str(f.summary()) for f in results.values())
    (out_dir / "summaries.txt").write_text(summaries + "\n")
    (out_dir / "coefficients_probit_agent.tex").write_text(results[("probit", "agent")].summary().as_latex() + "\n")

    # Figure: Pr(war) and Pr(capitulation) as the balance of capabilities varies (probit, agent
    # error; the other covariates at their sample means / modal regime), 95 % delta-method bands
    fit = results[("probit", "agent")]
    table = fit.escalation_probability("balanc", n=101, outcomes=["war", "capit"], ci="delta")
    sim = fit.escalation_probability("balanc", n=101, outcomes=["war", "capit"], ci="simulation",
                                     n_draws=2000, seed=1999)
    table = table.assign(lower_simulation=sim["lower"].to_numpy(), upper_simulation=sim["upper"].to_numpy())
    table.to_csv(out_dir / "war_capitulation_vs_balance.csv", index=False)
    ax = dg.estimate.plot_predicted(table, x="balanc",
                                    title="egame12, war1800 (probit, agent): 95 % delta bands")
    ax.set_xlabel("balanc: initiator's share of dyadic capabilities")
    dg.plot.save_figure(ax.figure, out_dir / "war_capitulation_vs_balance")
    plt.close(ax.figure)

    # Non-nested comparison of the two error structures (same link, same rows)
    rows = []
    for lk in ("probit", "logit"):
        a, b = results[(lk, "agent")], results[(lk, "private")]
        for t in (dg.estimate.vuong(a, b), dg.estimate.clarke(a, b)):
            rows.append({"link": lk, "model1": "agent", "model2": "private", **t.to_dict()})
    pd.DataFrame(rows).to_csv(out_dir / "agent_vs_private.csv", index=False)


if __name__ == "__main__":  # pragma: no cover
    main(Path("out") / "Signorino1999")
