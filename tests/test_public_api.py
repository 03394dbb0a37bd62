"""The public API: sorted, complete __all__ lists and docstrings everywhere."""

import importlib
import inspect
import pkgutil

import pytest

import gridgov

_OPTIONAL = {"gridgov.testing"}  # needs the `testing` extra (hypothesis)


def _public_modules():
    for info in pkgutil.walk_packages(gridgov.__path__, "gridgov."):
        name = info.name
        if any(part.startswith("_") for part in name.split(".")):
            continue
        if any(name == o or name.startswith(o + ".") for o in _OPTIONAL):
            continue
        yield name


MODULES = sorted(_public_modules())


def _isort_key(name):
    """RUF022's order: CONSTANTS, then CamelCase classes, then everything else."""
    if name.isupper() or (name.upper() == name and "_" in name):
        group = 0
    elif name[:1].isupper():
        group = 1
    else:
        group = 2
    return (group, name)


@pytest.mark.parametrize("name", MODULES)
def test_module_has_docstring(name):
    """Every public module explains its one job in a docstring."""
    module = importlib.import_module(name)

    assert (module.__doc__ or "").strip(), name


@pytest.mark.parametrize("name", MODULES)
def test_all_is_sorted_and_resolves(name):
    """__all__, where defined, is sorted isort-style (as ruff's RUF022) and resolves."""
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    if exported is None:
        pytest.skip(f"{name} defines no __all__")

    assert list(exported) == sorted(exported, key=_isort_key), name
    for attr in exported:
        assert hasattr(module, attr), f"{name}.{attr}"


@pytest.mark.parametrize("name", MODULES)
def test_public_names_have_docstrings(name):
    """Every exported class and function has its own docstring."""
    module = importlib.import_module(name)
    missing = []
    for attr in getattr(module, "__all__", ()):
        obj = getattr(module, attr)
        if (inspect.isclass(obj) or inspect.isfunction(obj)) and not (
            obj.__doc__ or ""
        ).strip():
            missing.append(attr)

    assert missing == [], f"{name}: {missing}"


def test_version_is_exposed():
    """gridgov.__version__ is the installed distribution's version."""
    from importlib.metadata import version

    assert gridgov.__version__ == version("gridgov")


def test_every_public_module_is_in_the_api_reference() -> None:
    """docs/api.md lists every public module, and no module that is gone."""
    import pkgutil
    import re
    from pathlib import Path

    import gridgov

    text = (Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text(
        encoding="utf-8"
    )
    listed = set(re.findall(r"automodule:: (\S+)", text))
    public = {
        m.name
        for m in pkgutil.walk_packages(gridgov.__path__, "gridgov.")
        if not any(part.startswith("_") for part in m.name.split(".")[1:])
    }
    assert sorted(public - listed) == []
    assert sorted(listed - public) == []
