"""The package builds as a wheel and an sdist and installs in a clean virtual environment (issue 15).

Slow: it creates a virtual environment and lets pip install the wheel's dependencies from
the index pip is configured with.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd, env=env, timeout=1200)


@pytest.mark.long
def test_wheel_and_sdist_build_and_install_in_a_clean_venv(tmp_path):
    pytest.importorskip("build")
    pytest.importorskip("hatchling")
    dist = tmp_path / "dist"
    r = _run(sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, ROOT)
    assert r.returncode == 0, r.stderr[-2000:]
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        meta = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
        entry = z.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
    assert "deterrence_games/cli.py" in names and "deterrence_games/plots/style.py" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License: BSD-3-Clause" in meta or "License-Expression: BSD-3-Clause" in meta
    assert "deterrence-games = deterrence_games.cli:main" in entry
    with tarfile.open(sdist) as t:
        members = {m.split("/", 1)[1] for m in t.getnames() if "/" in m}
    assert {"LICENSE", "CITATION.cff", "CHANGELOG.md", "pyproject.toml", "README.md"} <= members
    assert "papers/Fearon1995/reproduce.py" in members

    venv = tmp_path / "venv"
    assert _run(sys.executable, "-m", "venv", venv).returncode == 0
    py = venv / "bin" / "python"
    r = _run(py, "-m", "pip", "install", "--quiet", wheel)
    assert r.returncode == 0, r.stderr[-2000:]
    # outside the source tree: the installed package, not the checkout, is imported
    r = _run(py, "-c", "import deterrence_games as dg, sys; "
                       "s = dg.get_model('crisis_bargaining_signal').solve(pi=0.6, rho=0.75); "
                       "print(dg.__file__); print(round(s.escalation_probability, 4))", cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    where, value = r.stdout.split()
    assert str(venv) in where and value == "0.15"
    r = _run(venv / "bin" / "deterrence-games", "reproduce", "--list", "--papers-dir", ROOT / "papers", cwd=tmp_path)
    assert r.returncode == 0 and "Fearon1995" in r.stdout.split(), r.stderr
