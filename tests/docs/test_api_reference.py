"""The API reference lists every public object, and public callables carry numpydoc sections.

No Sphinx build is needed: the autosummary source lists of ``docs/reference/*.md`` (written
by ``docs/_scripts/api_pages.py``) are compared with the ``__all__`` of the package and of its
public modules, and the docstrings are read with :func:`inspect.getdoc` (issue 15).
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

import deterrence_games as dg

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "reference"

#: the public modules: the subpackages the top level exports, and the public leaf modules
PUBLIC_MODULES = ["deterrence_games"] + sorted(
    {f"deterrence_games.{n}" for n in dg.__all__ if inspect.ismodule(getattr(dg, n))
     and getattr(dg, n).__name__ == f"deterrence_games.{n}"}
    | {"deterrence_games.symbolic", "deterrence_games.warnings", "deterrence_games.replication"})


def _public(module_name: str) -> list[tuple[str, object]]:
    mod = importlib.import_module(module_name)
    assert hasattr(mod, "__all__"), f"{module_name} has no __all__"
    return [(n, getattr(mod, n)) for n in mod.__all__ if not inspect.ismodule(getattr(mod, n))]


def _reference() -> tuple[dict[str, set[str]], list[str]]:
    """``{module: names documented or linked on its page}`` and the dotted link targets."""
    pages: dict[str, set[str]] = {}
    targets: list[str] = []
    for md in sorted(REFERENCE.glob("*.md")):
        text = md.read_text(encoding="utf-8")
        m = re.search(r"^\.\. currentmodule:: (\S+)$", text, re.M)
        if not m:
            continue
        module = m.group(1)
        names = set()
        block = re.search(r"\.\. autosummary::\n(?:   :\S+:.*\n)*\n((?:   \S+\n)+)", text)
        if block:
            names |= {line.strip() for line in block.group(1).splitlines()}
        names |= set(re.findall(r"^\.\. autodata:: (\S+)$", text, re.M))
        for name, target in re.findall(r"^\* `" + re.escape(module) + r"\.(\w+)`: \{obj\}`(\S+)`$", text, re.M):
            names.add(name)
            targets.append(target)
        pages[module] = names
    return pages, targets


def _resolve(dotted: str) -> object:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def test_every_public_module_has_a_reference_page():
    pages, _ = _reference()
    assert set(PUBLIC_MODULES) <= set(pages), sorted(set(PUBLIC_MODULES) - set(pages))


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_every_public_object_appears_in_the_reference(module_name):
    pages, _ = _reference()
    listed = pages[module_name]
    public = {n for n, _ in _public(module_name)}
    assert public - listed == set(), f"missing from docs/reference: {sorted(public - listed)} (rerun docs/_scripts/api_pages.py)"
    assert listed - public == set(), f"listed but not public: {sorted(listed - public)}"


def test_links_point_to_the_same_object():
    pages, targets = _reference()
    documented = {}
    for module, names in pages.items():
        for n in names:
            documented.setdefault(id(getattr(importlib.import_module(module), n)), f"{module}.{n}")
    for target in targets:
        obj = _resolve(target)
        module, _, name = target.rpartition(".")
        assert name in pages[module], f"link target {target} is not documented on its page"
        assert id(obj) in documented


def _needs_parameters(obj: object) -> bool:
    if inspect.isclass(obj) and issubclass(obj, BaseException):
        return False
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return False
    return any(p.name not in ("self", "cls") for p in sig.parameters.values())


def _docstring_problem(obj: object) -> str | None:
    doc = inspect.getdoc(obj) or ""
    if not doc.strip():
        return "no docstring"
    if inspect.isclass(obj) and obj.__doc__ is None:
        return "no docstring of its own"
    if _needs_parameters(obj):
        sections = ("Parameters", "Attributes") if inspect.isclass(obj) else ("Parameters",)
        if not any(re.search(rf"^{s}\n-{{{len(s)}}}$", doc, re.M) for s in sections):
            return f"no {' or '.join(sections)} section"
    return None


def _public_callables() -> dict[str, object]:
    out: dict[int, tuple[str, object]] = {}
    for module_name in PUBLIC_MODULES:
        for n, obj in _public(module_name):
            if callable(obj):
                out.setdefault(id(obj), (f"{module_name}.{n}", obj))
    return dict(out.values())


def test_public_callables_have_numpydoc_sections():
    problems = {name: p for name, obj in _public_callables().items() if (p := _docstring_problem(obj))}
    assert problems == {}, problems



def test_model_solve_docstrings_are_numpydoc():
    for mid in dg.model_ids():
        assert _docstring_problem(dg.get_model(mid).solve) is None, mid


def _public_methods() -> dict[str, object]:
    """``Class.method`` -> function, for the public methods a public class defines itself."""
    out = {}
    for name, cls in _public_callables().items():
        if not inspect.isclass(cls):
            continue
        for mn, m in vars(cls).items():
            if mn.startswith("_"):
                continue
            f = m.__func__ if isinstance(m, classmethod | staticmethod) else getattr(m, "func", m)
            if inspect.isfunction(f) and (f.__module__ or "").startswith("deterrence_games"):
                out[f"{name}.{mn}"] = f
    return out


def test_public_methods_have_numpydoc_sections():
    problems = {name: p for name, f in _public_methods().items() if (p := _docstring_problem(f))}
    assert problems == {}, problems
