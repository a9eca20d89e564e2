"""Execute the tutorial notebooks once, in parallel, into the staged documentation source.

Usage: ``python docs/_scripts/execute_notebooks.py NOTEBOOK_DIR OUT_DIR [--jobs N]``

Each ``NOTEBOOK_DIR/*.ipynb`` is executed with nbclient (working directory: the notebook's
folder) and written with its outputs to ``OUT_DIR``. An executed copy is reused while the
SHA-256 of the notebook and of the package sources are unchanged (stored in the copy's
metadata), so a second ``make docs`` only re-renders. A cell that raises fails the build.

The longest notebooks start first (the seconds of the last execution, stored in the executed
copy; the length of the code for a notebook never executed here), so that no worker is left
idle at the end while one long notebook finishes.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
KEY = "deterrence_games_docs_hash"
SECONDS = "deterrence_games_docs_seconds"


def source_hash(notebook: Path) -> str:
    h = hashlib.sha256(notebook.read_bytes())
    h.update(Path(__file__).read_bytes())  # how the notebooks are executed
    for path in sorted((ROOT / "deterrence_games").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv", ".json"):
            h.update(str(path.relative_to(ROOT)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def execute(notebook: Path, out_dir: Path, timeout: int) -> tuple[str, float, bool]:
    from nbclient import NotebookClient

    target = out_dir / notebook.name
    digest = source_hash(notebook)
    if target.exists():
        old = nbformat.read(target, as_version=4)
        if old.metadata.get(KEY) == digest:
            return notebook.name, 0.0, True
    nb = nbformat.read(notebook, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()
    seconds = time.perf_counter() - start
    nb.metadata[KEY] = digest
    nb.metadata[SECONDS] = round(seconds, 1)
    nbformat.write(nb, target)
    return notebook.name, seconds, False


def expected_cost(notebook: Path, out_dir: Path) -> float:
    """Seconds of the last execution if known, else a proxy: characters of code / 100."""
    target = out_dir / notebook.name
    if target.exists():
        seconds = nbformat.read(target, as_version=4).metadata.get(SECONDS)
        if seconds is not None:
            return float(seconds)
    nb = nbformat.read(notebook, as_version=4)
    return sum(len(c.source) for c in nb.cells if c.cell_type == "code") / 100


def main(argv: list[str] | None = None) -> int:
    # figures are shown inline: a kernel started with MPLBACKEND=Agg (as the test suite and
    # CI set it) would draw them off-screen and the pages would have none
    os.environ.pop("MPLBACKEND", None)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebook_dir", type=Path)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--jobs", type=int, default=2, help="notebooks executed at once (default 2)")
    ap.add_argument("--timeout", type=int, default=900, help="seconds per cell (default 900)")
    args = ap.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    notebooks = sorted(args.notebook_dir.glob("*.ipynb"))
    if not notebooks:
        print(f"no notebooks in {args.notebook_dir}", file=sys.stderr)
        return 1
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        order = sorted(notebooks, key=lambda nb: -expected_cost(nb, args.out_dir))  # longest first
        futures = [pool.submit(execute, nb, args.out_dir, args.timeout) for nb in order]
        for nb, fut in zip(order, futures, strict=True):
            try:
                name, seconds, cached = fut.result()
            except Exception as exc:  # a cell raised (nbclient's CellExecutionError) or timed out
                pool.shutdown(wait=True, cancel_futures=True)
                print(f"{nb.name}: FAILED\n{exc}", file=sys.stderr)
                return 1
            print(f"{name}: {'unchanged, reused' if cached else f'executed in {seconds:.0f} s'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
