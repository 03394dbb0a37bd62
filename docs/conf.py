"""Sphinx configuration: MyST Markdown, furo, autodoc with Napoleon (Google style)."""

from importlib.metadata import version as _version

project = "gridgov"
author = "The gridgov developers"
copyright = "2026, the gridgov developers"
release = _version("gridgov")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinxcontrib.mermaid",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown"}
master_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
language = "en"

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
myst_fence_as_directive = ["mermaid"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

html_theme = "furo"
html_title = "gridgov"
# Mermaid diagrams (```mermaid fences) render client-side in the reader's browser,
# so the build itself needs no network.
suppress_warnings = ["myst.header"]
