"""Each replication of ``papers/`` runs once per test session, however many tests read it.

The replication tests read a paper's tables and the figure test checks its figures: both take
:func:`reproduce_once`. The first test (in any pytest-xdist worker) that asks for a paper runs
:func:`deterrence_games.replication.run_paper` into a folder shared by the session's workers,
holding an exclusive lock on it, and records :func:`deterrence_games.plots.figure_problems` of
every figure the run saves; later tests wait for the lock and copy the finished output into
their own folder. The shared folder is removed when the session ends (``conftest.py``).
"""

from __future__ import annotations

import atexit
import fcntl
import json
import os
import shutil
import tempfile
from pathlib import Path

import deterrence_games.plots as plots
from deterrence_games.replication import run_paper


def session_root() -> Path:
    """The folder of this test session's replication runs (shared by its xdist workers)."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    root = Path(tempfile.gettempdir()) / f"dg-replications-{run or os.getpid()}"
    if run is None and not root.exists():  # no xdist: this process owns the folder
        atexit.register(shutil.rmtree, root, True)
    root.mkdir(exist_ok=True)
    return root


def _run(paper_dir: Path) -> Path:
    paper_dir = Path(paper_dir).resolve()
    root = session_root()
    out, done = root / paper_dir.name, root / f"{paper_dir.name}.figures.json"
    with open(root / f"{paper_dir.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            shutil.rmtree(out, ignore_errors=True)  # a run that failed half-way
            seen: dict[str, list[str]] = {}
            real = plots.save_figure

            def checking(fig, path, *args, **kwargs):
                seen[Path(path).name] = plots.figure_problems(fig)
                return real(fig, path, *args, **kwargs)

            plots.save_figure = checking
            try:
                run_paper(paper_dir, out)
            finally:
                plots.save_figure = real
            done.write_text(json.dumps(seen))
    return out


def reproduce_once(paper_dir: Path, out_dir: Path) -> list[Path]:
    """The files ``run_paper(paper_dir, out_dir)`` writes, from this session's one run."""
    src = _run(paper_dir)
    out_dir = Path(out_dir)
    shutil.copytree(src, out_dir, dirs_exist_ok=True)
    return sorted(out_dir / p.relative_to(src) for p in src.rglob("*") if p.is_file())


def figures_checked(paper_dir: Path) -> dict[str, list[str]]:
    """{figure name: problems found by figure_problems} for every figure the run saved."""
    _run(paper_dir)
    return json.loads((session_root() / f"{Path(paper_dir).resolve().name}.figures.json").read_text())
