"""The shipped text cites papers and the project's own pages, never unpublished design notes.

Every text file the repository ships (the package, papers, notebooks, tests, benchmarks, docs
and the top-level files) and every shipped file name is searched for the words that name
unpublished design documents or a private search; a hit fails with the file and line. Such
references are replaced by the project's own statement with the paper's citation, or by a
link to the model's page under ``docs/models/``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# assembled from pieces so that this file does not match itself
WORDS = re.compile("|".join(("cata" + r"log(?:ue)?", "err" + "ata", "stored " + "(?:public )?material")),
                   re.IGNORECASE)
SHIPPED_DIRS = ("deterrence_games", "papers", "notebooks", "tests", "benchmarks", "docs")
TOP_FILES = ("README.md", "CHANGELOG.md", "CITATION.cff", "pyproject.toml", "Makefile", "constraints.txt")
TEXT_SUFFIXES = {".py", ".md", ".rst", ".txt", ".csv", ".ipynb", ".toml", ".cff", ".cfg", ".json", ".yml",
                 ".yaml", ".tex", ".bib", ".html", ".in"}
SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints", "_build", "jupyter_execute", ".pytest_cache"}


def shipped_files() -> list[Path]:
    """The repository's shipped text files (walked, so it works without git)."""
    files = [ROOT / name for name in TOP_FILES if (ROOT / name).is_file()]
    for top in SHIPPED_DIRS:
        for dirpath, dirnames, filenames in os.walk(ROOT / top):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            files += [Path(dirpath) / f for f in sorted(filenames) if Path(f).suffix in TEXT_SUFFIXES]
    return files


def hits(files: list[Path]) -> list[str]:
    out = []
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        if WORDS.search(rel):
            out.append(f"{rel}: file name")
        text = path.read_text(encoding="utf-8", errors="replace")
        for lineno, line in enumerate(text.splitlines(), 1):
            m = WORDS.search(line)
            if m:
                out.append(f"{rel}:{lineno}: {line.strip()[:160]}")
    return out


def test_the_pattern_finds_what_it_must():
    for text in ("see the " + "Cata" + "logue §3", "(" + "err" + "ata 5.2)", "a search of the stored " + "material",
                 "papers/X/expected/" + "err" + "ata_cases.csv"):
        assert WORDS.search(text), text
    assert not WORDS.search("the project's worked case (docs/models/mediation.md)")


def test_walk_covers_the_shipped_text():
    rels = {p.relative_to(ROOT).as_posix() for p in shipped_files()}
    assert "README.md" in rels
    assert "deterrence_games/models/base.py" in rels
    assert any(r.startswith("papers/") and r.endswith("README.md") for r in rels)
    assert any(r.startswith("docs/models/") for r in rels)


def test_no_reference_to_unpublished_design_notes():
    found = hits(shipped_files())
    assert not found, ("references to documents a reader does not have; state the result and cite the "
                       "paper or docs/models/<id>.md instead:\n" + "\n".join(found))
