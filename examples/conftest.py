"""
Collection rules and shared fixtures for the examples.

Every example folder has a ``run.py`` (and some a ``generate.py``); under
``--doctest-modules`` pytest would import them all as the one module ``run``
and stop with an import-file mismatch. The scripts hold no doctests: each
folder's test loads its own script under a unique module name instead (the
``example_script`` fixture).

``english_leaks`` scans a script's Chinese output for English: the suite's
shared scan (``tests/_ascii_scan.py``) when it is there, else a plain one that
reports every run of two or more ASCII letters (a single letter is a building
or a unit: 寺前小区A栋).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

collect_ignore_glob = ["*/run.py", "*/generate.py"]

EXAMPLES = Path(__file__).resolve().parent
SHARED_SCAN = EXAMPLES.parent / "tests" / "_ascii_scan.py"
_LETTERS = re.compile(r"[A-Za-z_][A-Za-z0-9_]+")


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # attrs/cattrs resolve annotations through it
    spec.loader.exec_module(module)
    return module


def load_script(place: str) -> ModuleType:
    """``examples/<place>/run.py`` as the module ``<place>_run`` (loaded once)."""
    name = f"{place}_run"
    if name in sys.modules:
        return sys.modules[name]
    return _load(name, EXAMPLES / place / "run.py")


@pytest.fixture(scope="session")
def example_script() -> Callable[[str], ModuleType]:
    """Load an example's ``run.py`` by its folder name."""
    return load_script


def _plain_scan(text: str) -> list[str]:
    return _LETTERS.findall(text)


@pytest.fixture(scope="session")
def english_leaks() -> Callable[[str], list[str]]:
    """The English (identifiers, reprs, phrases) found in a Chinese text."""
    if SHARED_SCAN.is_file():
        scan: Callable[[str], list[str]] = _load(
            "examples_ascii_scan", SHARED_SCAN
        ).english_leaks
        return scan
    return _plain_scan
