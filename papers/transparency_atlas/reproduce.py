"""Reproduce the transparency atlas: one figure per model and the summary table.

Run with ``deterrence-games reproduce transparency_atlas`` (or ``main(out_dir)``). Every
registered model that declares information parameters is included, so models merged later
appear without editing this file.
"""

from __future__ import annotations

from pathlib import Path

from deterrence_games.plots import save_figure
from deterrence_games.plots.atlas import atlas_figure
from deterrence_games.sweeps.atlas import run_atlas


def markdown_table(summary) -> str:
    """The summary as a Markdown table (the README's results table)."""
    head = ("| model [provenance] | setting | more information means | envelope | effect | ranges |\n"
            "|---|---|---|---|---|---|\n")
    rows = [f"| `{r.model}` [{r.provenance}] | {r.setting} | {r.more_information_means} | {r.envelope} "
            f"| **{r.effect}** | {r.ranges_compact} |" for r in summary.itertuples()]
    return head + "\n".join(rows) + "\n"


def main(out_dir: Path) -> None:
    """Write ``atlas_summary.csv`` (and ``.md``), ``atlas_curves.csv`` and ``atlas_<model>.png``."""
    import matplotlib.pyplot as plt

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    result = run_atlas()
    result.summary.to_csv(out_dir / "atlas_summary.csv", index=False)
    result.curves.to_csv(out_dir / "atlas_curves.csv", index=False)
    (out_dir / "atlas_summary.md").write_text(markdown_table(result.summary))
    provenance = dict(zip(result.summary["model"], result.summary["provenance"], strict=True))
    for model in dict.fromkeys(result.curves["model"]):
        fig = atlas_figure(result.curves, model, title=f"{model} [{provenance[model]}]")
        save_figure(fig, out_dir / f"atlas_{model}")
        plt.close(fig)


if __name__ == "__main__":
    main(Path("out") / "transparency_atlas")
