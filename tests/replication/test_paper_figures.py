"""Every figure of papers/ is publication-ready: no clipped text, small legends, labelled axes (issue 15).

Each replication runs as ``deterrence-games reproduce`` runs it (once per test process, shared
with the paper's replication tests: see ``_reproduced.py``); every figure it saves is checked by
:func:`deterrence_games.plots.figure_problems` and written as PNG, PDF and SVG.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from ._reproduced import figures_checked, reproduce_once  # noqa: E402

PAPERS_DIR = Path(__file__).resolve().parents[2] / "papers"
PAPERS = sorted(p.name for p in PAPERS_DIR.iterdir() if (p / "reproduce.py").is_file())


@pytest.mark.slow
@pytest.mark.parametrize("paper", PAPERS)
def test_paper_figures_are_publication_ready(paper, tmp_path):
    reproduce_once(PAPERS_DIR / paper, tmp_path)
    seen = figures_checked(PAPERS_DIR / paper)
    assert seen, f"{paper} saved no figure through deterrence_games.plots.save_figure"
    assert {name: p for name, p in seen.items() if p} == {}
    for name in seen:
        for fmt in ("png", "pdf", "svg"):
            assert (tmp_path / f"{name}.{fmt}").stat().st_size > 0
