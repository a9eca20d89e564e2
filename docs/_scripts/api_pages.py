"""Write the autosummary source lists of the API reference (``docs/reference/*.md``).

Usage: ``python docs/_scripts/api_pages.py`` (rerun when a module's ``__all__`` changes;
``tests/docs/test_api_reference.py`` fails until the pages list every public object).

Each public object is documented once, on the page of the first module in :data:`MODULES`
whose ``__all__`` holds it (the top level first: what users touch first); the pages of the
other modules that re-export it link to that entry.
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[1] / "reference"

#: (module, one line) in the order of the reference
MODULES = (
    ("deterrence_games", "The top level: models, games, sweeps and results users touch first."),
    ("deterrence_games.results", "Result objects: equilibria, solutions, selections."),
    ("deterrence_games.games", "Game representations: normal form, signaling, repeated, trees, information structures."),
    ("deterrence_games.solvers", "Algorithms on games: Nash, PBE, QRE, repeated games, payoff sets, trees."),
    ("deterrence_games.models", "The model contract, the registry and models from functions."),
    ("deterrence_games.sweeps", "Sweeps over parameter designs, their backends and files."),
    ("deterrence_games.plots", "Figures from solutions and sweep tables."),
    ("deterrence_games.symbolic", "Closed forms per regime and comparative statics."),
    ("deterrence_games.estimation", "Estimation of strategic models from data."),
    ("deterrence_games.datasets", "Data sets shipped with the package."),
    ("deterrence_games.testing", "The contract checks every model passes."),
    ("deterrence_games.replication", "The replications of papers/ and their checks."),
    ("deterrence_games.warnings", "Warning classes."),
)


def public(module_name: str) -> list[tuple[str, object]]:
    """``(name, object)`` of every entry of the module's ``__all__`` that is not a module."""
    mod = importlib.import_module(module_name)
    return [(n, getattr(mod, n)) for n in mod.__all__ if not inspect.ismodule(getattr(mod, n))]


def canonical() -> dict[int, str]:
    """``id(object) -> documented dotted name`` (first module listing it)."""
    home: dict[int, str] = {}
    for module_name, _ in MODULES:
        for name, obj in public(module_name):
            if _documentable(obj):
                home.setdefault(id(obj), f"{module_name}.{name}")
    return home


def _documentable(obj: object) -> bool:
    return inspect.isclass(obj) or callable(obj)


def page_name(module_name: str) -> str:
    return "api" if module_name == "deterrence_games" else module_name.split(".", 1)[1]


def write() -> None:
    home = canonical()
    toc = []
    for module_name, line in MODULES:
        own, elsewhere, data = [], [], []
        for name, obj in public(module_name):
            if not _documentable(obj):
                data.append(name)
            elif home[id(obj)] == f"{module_name}.{name}":
                own.append(name)
            else:
                elsewhere.append((name, home[id(obj)]))
        page = page_name(module_name)
        toc.append(page)
        out = [f"# `{module_name}`", "", line, "",
               "```{eval-rst}", f".. automodule:: {module_name}", "   :no-members:", "",
               f".. currentmodule:: {module_name}", ""]
        if own:
            out += [".. autosummary::", "   :toctree: generated/", "", *[f"   {n}" for n in own], ""]
        if data:
            out += [".. rubric:: Constants", "", *[f".. autodata:: {n}\n   :no-value:\n" for n in data]]
        out += ["```", ""]
        if elsewhere:
            out += ["Also available here (documented once, where listed):", ""]
            out += [f"* `{module_name}.{n}`: {{obj}}`{target}`" for n, target in elsewhere]
            out += [""]
        (REFERENCE / f"{page}.md").write_text("\n".join(out), encoding="utf-8")
    index = ["# API reference", "",
             "Every public object of the package, by module. Each is documented once (the top level",
             "first); the other modules that export it link there. Model-specific parameters are",
             "listed by each model's `solve` (`help(model.solve)`, `model.solve?` in Jupyter) and on",
             "the per-model pages.", "", "```{toctree}", ":maxdepth: 1", "", *toc, "```", ""]
    (REFERENCE / "index.md").write_text("\n".join(index), encoding="utf-8")


if __name__ == "__main__":
    write()
