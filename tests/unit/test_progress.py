"""Which progress bar a sweep shows: tqdm's notebook bar in a Jupyter kernel with ipywidgets,
the terminal bar on a terminal, none otherwise (issue 15 item 4)."""

from __future__ import annotations

import importlib.util
import sys
import types

import pytest

from deterrence_games.sweeps import run
from deterrence_games.sweeps.run import _progress_bar, progress_kind


class _Stderr:
    def __init__(self, tty: bool):
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def write(self, s: str) -> int:
        return len(s)

    def flush(self) -> None:
        pass


def _fake_ipython(monkeypatch, config: dict) -> None:
    shell = types.SimpleNamespace(config=config)
    pytest.importorskip("ipykernel")  # the real module: widgets read its version
    monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: shell))


@pytest.mark.parametrize("tty", [False, True])
def test_outside_a_kernel_the_terminal_decides(monkeypatch, tty):
    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    monkeypatch.setattr(sys, "stderr", _Stderr(tty))
    assert progress_kind(None) == ("terminal" if tty else None)
    assert progress_kind(True) == "terminal"
    assert progress_kind(False) is None


@pytest.mark.parametrize("tty", [False, True])
def test_a_jupyter_kernel_with_ipywidgets_gets_the_notebook_bar(monkeypatch, tty):
    pytest.importorskip("ipywidgets")
    _fake_ipython(monkeypatch, {"IPKernelApp": {"connection_file": "kernel.json"}})
    monkeypatch.setattr(sys, "stderr", _Stderr(tty))
    assert progress_kind(None) == "notebook" and progress_kind(True) == "notebook"
    assert progress_kind(False) is None
    from tqdm.notebook import tqdm_notebook

    bar = _progress_bar(None, 10, 2)
    try:
        assert isinstance(bar, tqdm_notebook) and (bar.total, bar.n) == (10, 2)
    finally:
        bar.disable = True  # never displayed (shown only after its delay)


def test_a_kernel_without_ipywidgets_or_a_terminal_ipython_is_not_a_notebook(monkeypatch):
    _fake_ipython(monkeypatch, {"IPKernelApp": {}})
    monkeypatch.setattr(sys, "stderr", _Stderr(False))
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "ipywidgets" else real(name, *a))
    assert not run.in_notebook() and progress_kind(None) is None and progress_kind(True) == "terminal"
    monkeypatch.undo()
    _fake_ipython(monkeypatch, {"TerminalIPythonApp": {}})  # IPython in a terminal
    monkeypatch.setattr(sys, "stderr", _Stderr(True))
    assert not run.in_notebook() and progress_kind(None) == "terminal"


def test_in_a_real_kernel(tmp_path):
    """A real ipykernel (as JupyterLab starts it) selects the notebook bar."""
    pytest.importorskip("ipywidgets")
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from deterrence_games.sweeps.run import progress_kind\n"
                                          "print(progress_kind(None), progress_kind(False))")]
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert nb.cells[0].outputs[0]["text"].strip() == "notebook None"
