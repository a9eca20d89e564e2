"""The package's import graph keeps the layers of DESIGN.md (read from the modules' own imports).

Layers, bottom to top (a module may import from its own layer and the layers below)::

    base        _validation, _version, warnings, results, datasets
    games       games/
    solvers     solvers/
    models      models/
    analysis    sweeps/, plots/, estimation/, symbolic, replication
    interfaces  cli, _cli/, testing, explorer, __init__, __main__

Rules 1-3 are checked on every ``import`` / ``from ... import`` statement of every module
(module level or inside a function: a lazy import is still an import), parsed with ``ast``:

1. no import points up the layers;
2. no private name (a module or symbol whose name starts with ``_``) is imported from another
   layer: a layer offers public names to the layers above. The package's own support modules
   ``_validation`` and ``_version`` (the base layer every other layer validates with) are the
   only private modules shared by all layers;
3. no cycle between modules among the imports run at import time (module level, outside
   ``if TYPE_CHECKING:``);
4. no module calls a private method (``obj._solve_arrays(...)``, ``obj._solve(...)``) that only
   the layers below define: ``sweeps/``, ``plots/`` and the command line evaluate a model through
   ``Model.evaluate`` / ``Model.solve``, solvers query games through their public methods.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import deterrence_games

PKG = "deterrence_games"
ROOT = Path(deterrence_games.__file__).parent

LAYERS = ("base", "games", "solvers", "models", "analysis", "interfaces")
PLACE = {
    "_validation": "base", "_version": "base", "warnings": "base", "results": "base", "datasets": "base",
    "games": "games",
    "solvers": "solvers",
    "models": "models",
    "sweeps": "analysis", "plots": "analysis", "estimation": "analysis", "symbolic": "analysis",
    "replication": "analysis",
    "cli": "interfaces", "_cli": "interfaces", "testing": "interfaces", "__init__": "interfaces",
    "__main__": "interfaces", "explorer": "interfaces",
}
#: private modules of the package root that every layer may import (see rule 2)
SHARED_PRIVATE = {f"{PKG}._validation", f"{PKG}._version"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_package(name: str) -> bool:
    return (ROOT.parent / name.replace(".", "/") / "__init__.py").exists()


def _exists(name: str) -> bool:
    p = ROOT.parent / name.replace(".", "/")
    return p.with_suffix(".py").exists() or (p / "__init__.py").exists()


def layer(module: str) -> str:
    """The layer of a module of the package, from its first component below the root."""
    parts = module.split(".")
    if len(parts) == 1:
        return PLACE["__init__"]
    if parts[1] not in PLACE:
        raise AssertionError(f"{module}: place {parts[1]!r} in a layer (tests/architecture/test_import_graph.py)")
    return PLACE[parts[1]]


class Import:
    """One imported name: ``target`` module, ``symbol`` taken from it (or None), where, when."""

    def __init__(self, source: str, target: str, symbol: str | None, line: int, at_import: bool) -> None:
        self.source, self.target, self.symbol, self.line, self.at_import = source, target, symbol, line, at_import

    def __repr__(self) -> str:
        what = f"{self.target}.{self.symbol}" if self.symbol else self.target
        return f"{self.source}:{self.line} imports {what}"


def _imports(path: Path) -> list[Import]:
    source = _module_name(path)
    package = source if path.name == "__init__.py" else source.rpartition(".")[0]
    tree = ast.parse(path.read_text(), filename=str(path))
    found: list[Import] = []

    def visit(node: ast.AST, at_import: bool) -> None:
        for child in ast.iter_child_nodes(node):
            lazy = not at_import or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                lazy = True
            if isinstance(child, ast.Import):
                for a in child.names:
                    if a.name == PKG or a.name.startswith(PKG + "."):
                        found.append(Import(source, a.name, None, child.lineno, at_import))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join([*base, child.module] if child.module else base)
                else:
                    target = child.module or ""
                if not (target == PKG or target.startswith(PKG + ".")):
                    continue
                for a in child.names:
                    sub = f"{target}.{a.name}"
                    if _is_package(target) and _exists(sub):  # `from pkg import submodule`
                        found.append(Import(source, sub, None, child.lineno, at_import))
                    else:
                        found.append(Import(source, target, a.name, child.lineno, at_import))
            visit(child, at_import and not lazy)

    visit(tree, True)
    return found


MODULES = sorted(ROOT.rglob("*.py"))
IMPORTS = [imp for p in MODULES for imp in _imports(p)]


def test_the_graph_is_read():
    assert len(MODULES) > 50
    targets = {(i.source, i.target) for i in IMPORTS}
    assert (f"{PKG}.sweeps.run", f"{PKG}.sweeps.plan") in targets
    assert all(_exists(i.target) for i in IMPORTS), [i for i in IMPORTS if not _exists(i.target)][:5]


def test_every_module_has_a_layer():
    for p in MODULES:
        assert layer(_module_name(p)) in LAYERS


def test_no_import_points_up_the_layers():
    rank = {name: i for i, name in enumerate(LAYERS)}
    bad = [f"{i!r} ({layer(i.source)} -> {layer(i.target)})" for i in IMPORTS
           if rank[layer(i.target)] > rank[layer(i.source)]]
    assert not bad, "imports against the layers:\n" + "\n".join(bad)


def _private(imp: Import) -> str | None:
    parts = imp.target.split(".")
    if imp.target not in SHARED_PRIVATE:
        for k, part in enumerate(parts[1:], start=2):
            if part.startswith("_") and not part.startswith("__"):
                return ".".join(parts[:k])
    if imp.symbol and imp.symbol.startswith("_") and not imp.symbol.startswith("__"):
        return f"{imp.target}.{imp.symbol}"
    return None


def test_no_private_name_is_imported_across_a_layer():
    bad = [f"{i!r}: private {_private(i)}" for i in IMPORTS
           if layer(i.source) != layer(i.target) and _private(i)]
    assert not bad, "private names imported across a layer:\n" + "\n".join(bad)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            strong(v)
    return out


def _parents(module: str) -> set[str]:
    """The packages Python initializes before ``module`` (``a.b.c`` -> ``a``, ``a.b``)."""
    parts = module.split(".")
    return {".".join(parts[:k]) for k in range(1, len(parts))}


def test_no_cycle_between_modules():
    edges: dict[str, set[str]] = {}
    for i in IMPORTS:
        if i.at_import and i.target != i.source and i.target not in _parents(i.source):
            edges.setdefault(i.source, set()).add(i.target)
    cycles = _cycles(edges)
    assert not cycles, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


# --- private methods called across a layer ----------------------------------------------------

#: layers whose modules reach the objects of the layers below only through public methods (all)
CALLERS_CHECKED = LAYERS


def _private_methods() -> dict[str, set[str]]:
    """``{name: layers}`` of every private method (``_x``, not ``__x__``) defined in a class."""
    out: dict[str, set[str]] = {}
    for p in MODULES:
        for node in ast.walk(ast.parse(p.read_text(), filename=str(p))):
            if isinstance(node, ast.ClassDef):
                for f in node.body:
                    if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef) and _is_private_method(f.name):
                        out.setdefault(f.name, set()).add(layer(_module_name(p)))
    return out


def _is_private_method(name: str) -> bool:
    # `_repr_html_` and its kin are IPython's display protocol, public by convention
    return name.startswith("_") and not name.startswith("__") and not (name.startswith("_repr_") and
                                                                         name.endswith("_"))


def _private_calls(source: str, tree: ast.AST, defined: dict[str, set[str]]) -> list[str]:
    """Calls ``obj._name(...)`` in ``source`` of a private method that only a lower layer defines
    (``self``, ``cls`` and ``super()`` are the caller's own object)."""
    rank = {name: i for i, name in enumerate(LAYERS)}
    mine = rank[layer(source)]
    bad = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, obj = node.func.attr, node.func.value
        if not _is_private_method(name) or name not in defined:
            continue
        if isinstance(obj, ast.Name) and obj.id in ("self", "cls"):
            continue
        if isinstance(obj, ast.Call) and isinstance(obj.func, ast.Name) and obj.func.id == "super":
            continue
        if all(rank[lay] < mine for lay in defined[name]):
            bad.append(f"{source}:{node.lineno} calls {ast.unparse(node.func)}() (a private method of "
                       f"{', '.join(sorted(defined[name]))})")
    return bad


def test_no_private_method_of_a_lower_layer_is_called():
    defined = _private_methods()
    assert "_solve_arrays" in defined and "_solve" in defined  # the hooks of models/
    bad = []
    for p in MODULES:
        source = _module_name(p)
        if layer(source) in CALLERS_CHECKED:
            bad += _private_calls(source, ast.parse(p.read_text(), filename=str(p)), defined)
    assert not bad, "private methods called across a layer:\n" + "\n".join(bad)


@pytest.mark.parametrize("code, caught", [
    ("sol = m._solve_arrays(p)", True),
    ("eqs = model._solve(p)", True),
    ("sol = m.evaluate(**p)", False),
    ("x = self._solve(p)", False),
    ("x = super()._solve(p)", False),
    ("html = sol._repr_html_()", False),
])
def test_the_private_call_rule_itself(code, caught):
    defined = {"_solve_arrays": {"models"}, "_solve": {"models"}}
    found = _private_calls("deterrence_games.sweeps.evaluate", ast.parse(code), defined)
    assert bool(found) is caught


@pytest.mark.parametrize("source, target, symbol, ok", [
    ("deterrence_games.sweeps.run", "deterrence_games.models._base", "Model", False),
    ("deterrence_games.sweeps.run", "deterrence_games.models", "get_model", True),
    ("deterrence_games.sweeps.run", "deterrence_games.models.base", "_importable", False),
    ("deterrence_games.sweeps.run", "deterrence_games._validation", "ParameterError", True),
    ("deterrence_games.sweeps.run", "deterrence_games.sweeps._x", "y", True),  # same layer
])
def test_the_private_rule_itself(source, target, symbol, ok):
    imp = Import(source, target, symbol, 1, True)
    assert (layer(source) == layer(target) or _private(imp) is None) is ok


def test_the_cycle_finder_itself():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
