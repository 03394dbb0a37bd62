"""Loading the scripts of ``docs/_tools`` (not a package) in the tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

TOOLS = Path(__file__).resolve().parents[1] / "docs" / "_tools"
"""The folder of the docs' generator scripts."""


def docs_tool(name: str) -> ModuleType:
    """Import ``docs/_tools/<name>.py`` as a module (``make_schemas`` …)."""
    path = TOOLS / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_gridgov_docs_{name}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
