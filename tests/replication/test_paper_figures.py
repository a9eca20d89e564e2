"""Every figure of papers/ is publication-ready: no clipped text, small legends, labelled axes (issue 15).

Each replication runs as ``deterrence-games reproduce`` runs it; every figure it saves is
checked by :func:`deterrence_games.plots.figure_problems` and written as PNG, PDF and SVG.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

import deterrence_games.plots as plots  # noqa: E402
from deterrence_games.replication import run_paper  # noqa: E402

PAPERS_DIR = Path(__file__).resolve().parents[2] / "papers"
PAPERS = sorted(p.name for p in PAPERS_DIR.iterdir() if (p / "reproduce.py").is_file())


def run_checked(paper: str, out: Path, monkeypatch) -> dict[str, list[str]]:
    """Run one replication; return {figure name: problems} for every figure it saved."""
    seen: dict[str, list[str]] = {}
    real = plots.save_figure

    def checking(fig, path, *args, **kwargs):
        seen[Path(path).name] = plots.figure_problems(fig)
        return real(fig, path, *args, **kwargs)

    monkeypatch.setattr(plots, "save_figure", checking)
    run_paper(PAPERS_DIR / paper, out)
    return seen


@pytest.mark.slow
@pytest.mark.parametrize("paper", PAPERS)
def test_paper_figures_are_publication_ready(paper, tmp_path, monkeypatch):
    seen = run_checked(paper, tmp_path, monkeypatch)
    assert seen, f"{paper} saved no figure through deterrence_games.plots.save_figure"
    assert {name: p for name, p in seen.items() if p} == {}
    for name in seen:
        for fmt in ("png", "pdf", "svg"):
            assert (tmp_path / f"{name}.{fmt}").stat().st_size > 0
