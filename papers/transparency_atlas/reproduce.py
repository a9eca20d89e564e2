"""Reproduce the transparency atlas: one figure per model and the summary table.

Run with ``deterrence-games reproduce transparency_atlas`` (or ``main(out_dir)``). Every
registered model that declares information parameters is included, so models merged later
appear without editing this file.
"""

from __future__ import annotations

from pathlib import Path

from deterrence_games.plots.atlas import atlas_figure
from deterrence_games.sweeps.atlas import run_atlas


def main(out_dir: Path) -> None:
    """Write ``atlas_summary.csv``, ``atlas_curves.csv`` and ``atlas_<model>.png`` into ``out_dir``."""
    import matplotlib.pyplot as plt

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    result = run_atlas()
    result.summary.to_csv(out_dir / "atlas_summary.csv", index=False)
    result.curves.to_csv(out_dir / "atlas_curves.csv", index=False)
    provenance = dict(zip(result.summary["model"], result.summary["provenance"], strict=True))
    for model in dict.fromkeys(result.curves["model"]):
        fig = atlas_figure(result.curves, model, title=f"{model} [{provenance[model]}]")
        fig.savefig(out_dir / f"atlas_{model}.png", dpi=110, metadata={"Software": None})
        plt.close(fig)


if __name__ == "__main__":
    main(Path("out") / "transparency_atlas")
