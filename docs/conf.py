"""Sphinx configuration of the deterrence_games documentation.

``make docs`` stages this folder, the executed notebooks and the gallery figures into
``build/docs/src`` and builds ``build/docs/html`` from there with warnings as errors
(see ``docs/README.md``). Notebooks are executed once, before Sphinx runs (MyST-NB then
only renders them: ``nb_execution_mode = "off"``).
"""

from __future__ import annotations

import os
import sys

import deterrence_games

sys.path.insert(0, os.path.abspath("_ext"))

project = "deterrence_games"
author = "deterrence_games developers"
copyright = "deterrence_games developers, BSD-3-Clause"
release = deterrence_games.__version__
version = release

extensions = [
    "myst_nb",
    "numpydoc",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
]
# per-model explanation pages (docs/models/) come from the dg_models extension when present
if os.path.exists(os.path.join(os.path.dirname(os.path.abspath(__file__)), "_ext", "dg_models.py")):
    extensions.append("dg_models")

# .rst first: autosummary writes its stubs with the first suffix
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "_scripts", "README.md", "provenance.md", "CHANGELOG.md", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints", "jupyter_execute"]
templates_path = ["_templates"]

# MyST and MyST-NB: notebooks arrive executed (docs/_scripts/execute_notebooks.py)
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "off"
nb_execution_raise_on_error = True
nb_merge_streams = True

# API reference: one stub per public object (autosummary), numpydoc sections
autosummary_generate = True
autosummary_imported_members = True
autodoc_default_options = {"members": False}
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# doctests: the ``{doctest}`` blocks of the pages run with ``sphinx-build -b doctest``. The
# ``>>>`` examples of docstrings shown in the API reference are not run again here: the test
# suite runs them in their modules' namespace (``pytest --doctest-modules``)
doctest_global_setup = "import numpy as np\nimport deterrence_games as dg\n"
doctest_test_doctest_blocks = ""

intersphinx_mapping = {}  # no network at build time

html_theme = "pydata_sphinx_theme"
html_title = f"deterrence_games {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
}
html_show_sourcelink = False
suppress_warnings = ["mystnb.unknown_mime_type"]
