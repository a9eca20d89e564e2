"""Run the replications in ``papers/``: each folder holds a ``reproduce.py`` with ``main(out_dir)``."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

__all__ = ["run_paper", "load_reproduce_module"]


def load_reproduce_module(paper_dir: Path):
    """Import ``paper_dir/reproduce.py`` as a module (without touching ``sys.path``)."""
    path = Path(paper_dir) / "reproduce.py"
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist")
    name = f"_deterrence_games_papers_{Path(paper_dir).name}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[name] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    if not callable(getattr(module, "main", None)):
        raise AttributeError(f"{path} defines no main(out_dir)")
    return module


def run_paper(paper_dir: Path, out_dir: Path) -> list[Path]:
    """Run one replication into ``out_dir``; return the files it wrote."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    before = set(out_dir.rglob("*"))
    load_reproduce_module(paper_dir).main(out_dir)
    return sorted(p for p in set(out_dir.rglob("*")) - before if p.is_file()) or sorted(
        p for p in out_dir.rglob("*") if p.is_file()
    )
