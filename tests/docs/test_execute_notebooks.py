"""``docs/_scripts/execute_notebooks.py``: the docs build executes the tutorial notebooks.

``make docs-build`` is what executes ``notebooks/`` in CI, so a notebook whose cell raises must
fail it, and an executed copy must carry its outputs (the figures of the tutorial pages).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "_scripts" / "execute_notebooks.py"


def _script():
    spec = importlib.util.spec_from_file_location("execute_notebooks", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(src: Path, out: Path) -> subprocess.CompletedProcess:
    """The script as ``make docs-build`` runs it (its workers import it from its file)."""
    return subprocess.run([sys.executable, str(SCRIPT), str(src), str(out), "--jobs", "1", "--timeout", "120"],
                          capture_output=True, text=True, timeout=600)


def _notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_a_cell_that_raises_fails_the_build(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    _notebook(src / "broken.ipynb", "x = 1", "raise ValueError('a broken tutorial cell')")
    run = _run(src, out)
    assert run.returncode == 1
    assert "broken.ipynb: FAILED" in run.stderr and "a broken tutorial cell" in run.stderr
    assert not (out / "broken.ipynb").exists()


def test_outputs_are_kept_and_an_unchanged_notebook_is_reused(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    _notebook(src / "ok.ipynb", "print(6 * 7)")
    run = _run(src, out)
    assert run.returncode == 0, run.stderr
    assert "ok.ipynb: executed" in run.stdout
    executed = nbformat.read(out / "ok.ipynb", as_version=4)
    assert executed.cells[0].outputs[0]["text"] == "42\n"
    assert executed.metadata[_script().SECONDS] >= 0
    run = _run(src, out)
    assert run.returncode == 0 and "ok.ipynb: unchanged, reused" in run.stdout
