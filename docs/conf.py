"""Sphinx configuration: MyST Markdown, furo, autodoc with Napoleon (Google style).

The site works offline: diagrams are drawn at build time by Graphviz's ``dot``
(Debian's ``graphviz``) as SVG files, and no page loads a script or a style
from the network (tests/test_docs_offline.py checks the built pages).
"""

import builtins
import importlib.util
import logging
import runpy
from importlib.metadata import version as _version
from pathlib import Path

from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging as sphinx_logging

project = "gridgov"
author = "The gridgov developers"
copyright = "2026, the gridgov developers"
release = _version("gridgov")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.graphviz",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown"}
master_doc = "index"
# _web_example.md is included by embedding.md (and doctested on its own).
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "_web_example.md"]
language = "en"

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# The JSON Schemas for editors (docs/schemas/*.json) are served at the site root,
# where their "$id" says they live (https://gridgov.readthedocs.io/en/latest/<kind>.schema.json).
html_extra_path = ["schemas"]

html_theme = "furo"
html_title = "gridgov"

# Workflow diagrams are ```{graphviz} blocks (docs/_tools/make_workflow_pages.py
# writes them from gridgov.flow.to_dot): dot draws each as an SVG file at build
# time, so a reader needs no network, and none that is blocked (a CDN often is).
graphviz_output_format = "svg"

# Search finds Chinese words: Sphinx's "zh" splitter segments text with jieba
# (the docs extra installs it; without it no Chinese word is indexed at all),
# and a dictionary of domain terms from docs/glossary.md, written on every build
# by _search_dictionary below, keeps 网格员, 积分超市, 走访 … whole.
# English words are still indexed and stemmed as before.
html_search_language = "zh"
html_search_options: dict[str, str] = {}
if importlib.util.find_spec("jieba") is not None:
    import jieba

    jieba.setLogLevel(logging.WARNING)  # not "Building prefix dict…" on every build

suppress_warnings = ["myst.header"]


def _skip_namedtuple_fields(
    _app: Sphinx, what: str, _name: str, obj: object, *_: object
) -> bool | None:
    """Skip a named tuple's generated field accessors ("Alias for field number N").

    Named tuples (e.g. `Obligation`, `StoredRow`) document their fields in the
    class docstring's ``Attributes:`` section; autodoc would list each field a
    second time, a duplicate object description.
    """
    doc = getattr(obj, "__doc__", None) or ""
    if what == "class" and doc.startswith("Alias for field number"):
        return True
    return None


def _shared_prefix(name: str, module: list[str]) -> int:
    """How many leading dotted parts ``name`` shares with ``module``."""
    parts = name.split(".")
    pairs = enumerate(zip(parts, module, strict=False))
    return next((i for i, (a, b) in pairs if a != b), min(len(parts), len(module)))


class _ShortTypeNames(SphinxPostTransform):
    """Resolve short type names in signatures and field lists unambiguously.

    Autodoc writes a type hint as a short name looked up "fuzzily": ``type``
    (from ``type[Event]``) then matches every attribute called ``type``
    (``StoredRow.type``, ``FieldSpec.type``), and a class name defined in two
    modules matches both. A builtin
    name is left as plain text; any other ambiguous name resolves to the
    candidate whose module shares the longest prefix with the referring
    module.
    """

    default_priority = 5  # before ReferencesResolver (10)

    def run(self, **_: object) -> None:
        """Rewrite the ambiguous pending cross-references of one document."""
        objects = self.env.domains["py"].objects
        for node in self.document.findall(addnodes.pending_xref):
            target = node.get("reftarget", "")
            fuzzy = node.get("refdomain") == "py" and node.hasattr("refspecific")
            if not fuzzy or "." in target:
                continue
            if target in vars(builtins):
                del node["refspecific"]
                continue
            here = (node.get("py:module") or "").split(".")
            candidates = [name for name in objects if name.endswith("." + target)]
            ranked = sorted(
                candidates, key=lambda n: _shared_prefix(n, here), reverse=True
            )
            if len(ranked) > 1 and _shared_prefix(ranked[0], here) > _shared_prefix(
                ranked[1], here
            ):
                node["reftarget"] = ranked[0]
                del node["refspecific"]


def _search_dictionary(app: Sphinx, config: Config) -> None:
    """Write the glossary's terms for jieba into this build's directory; use them.

    The file is derived from docs/glossary.md at each build
    (docs/_tools/make_search_terms.py), so it cannot fall behind the glossary.
    """
    tool = runpy.run_path(
        str(Path(__file__).parent / "_tools" / "make_search_terms.py")
    )
    terms = Path(app.doctreedir) / "search_terms.txt"
    terms.parent.mkdir(parents=True, exist_ok=True)
    terms.write_text(tool["render"](), encoding="utf-8")
    config.html_search_options = {**config.html_search_options, "dict": str(terms)}


def _warn_without_jieba(_app: Sphinx, _config: object) -> None:
    """A build without jieba would index no Chinese word: say so (-W fails)."""
    if importlib.util.find_spec("jieba") is None:
        sphinx_logging.getLogger(__name__).warning(
            "jieba is not installed, so the search index gets no Chinese words "
            "(pip install -e '.[docs]')"
        )


def setup(app: Sphinx) -> None:
    """Connect the hooks above."""
    app.connect("config-inited", _warn_without_jieba)
    app.connect("config-inited", _search_dictionary)
    app.connect("autodoc-skip-member", _skip_namedtuple_fields)
    app.add_post_transform(_ShortTypeNames)
