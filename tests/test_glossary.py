"""docs/glossary.md cannot fall behind the code.

The glossary is a set of tables, each under a ``Source:`` line naming where its
terms come from: an enum with a Chinese label (``.zh``), the built-in care
tags, the spec kinds or a built-in workflow's states and commands. These tests
walk the code for every such vocabulary and check that its table exists and
lists exactly its English values with their Chinese labels.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import gridgov
from gridgov.domain.tags import STANDARD_CARE_TAGS
from gridgov.io.schema import spec_kind, spec_kinds
from gridgov.io.workflows import builtin_workflow, builtin_workflow_names

GLOSSARY = Path(__file__).resolve().parents[1] / "docs" / "glossary.md"
SOURCE = re.compile(r"^Source: (.+?)\.?$")
PATH = re.compile(r"^`([\w.]+)`$")

Pairs = frozenset[tuple[str, str]]


@cache
def tables() -> dict[str, Pairs]:
    """Map each ``Source:`` line's text to the (English, 中文) rows under it."""
    found: dict[str, set[tuple[str, str]]] = {}
    source = None
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if match := SOURCE.match(line):
            source = match.group(1)
            found.setdefault(source, set())
        elif line.startswith("#"):
            source = None
        elif source and line.startswith("|") and not line.startswith("| ---"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if cells[:2] != ["English", "中文"]:
                found[source].add((cells[0].strip("`"), cells[1]))
    return {source: frozenset(rows) for source, rows in found.items()}


def resolve(dotted: str) -> Any:
    """Import ``package.module.Name`` (the longest importable module first).

    None if there is no such name: its table is then checked by no test, which
    `test_every_table_names_a_source_the_tests_check` reports.
    """
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            obj = getattr(obj, part, None)
        return obj
    return None


def table_for(obj: object) -> Pairs:
    """The rows of the table whose source is a dotted path naming ``obj``."""
    for source, rows in tables().items():
        match = PATH.match(source)
        if match and resolve(match.group(1)) is obj:
            return rows
    name = getattr(obj, "__qualname__", repr(obj))
    pytest.fail(f"docs/glossary.md has no table with a Source: line naming {name}")


def labelled_enums() -> list[type[enum.Enum]]:
    """Every enum defined in gridgov whose members have a Chinese label."""
    seen: dict[str, type[enum.Enum]] = {}
    for info in pkgutil.walk_packages(gridgov.__path__, "gridgov."):
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional extra is missing; no vocabulary there
            continue
        for obj in vars(module).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, enum.Enum)
                and obj.__module__ == module.__name__
                and len(obj) > 0
                and hasattr(obj, "zh")
            ):
                seen[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [seen[name] for name in sorted(seen)]


ENUMS = labelled_enums()


def test_the_walk_finds_the_vocabularies() -> None:
    """A sanity check on the walk itself: the well-known enums are found."""
    names = {cls.__qualname__ for cls in ENUMS}
    assert {"Level", "Role", "OrgKind", "AttentionLevel", "Severity"} <= names
    assert {"CaseEffect", "ClaimState", "PostingKind", "VisitKind"} <= names


@pytest.mark.parametrize("cls", ENUMS, ids=lambda cls: cls.__qualname__)
def test_every_labelled_enum_is_in_the_glossary(cls: type[enum.Enum]) -> None:
    """Each value and its Chinese label, nothing more and nothing less."""
    expected = {(str(member.value), member.zh) for member in cls}  # type: ignore[attr-defined]
    assert table_for(cls) == expected


def test_every_builtin_care_tag_is_in_the_glossary() -> None:
    """The built-in care-tag vocabulary: code and Chinese label."""
    expected = {(tag.code, tag.zh) for tag in STANDARD_CARE_TAGS.values()}
    assert table_for(STANDARD_CARE_TAGS) == expected


def test_every_spec_kind_is_in_the_glossary() -> None:
    """The kinds of spec file: name and Chinese name."""
    expected = {(name, spec_kind(name).label_zh) for name in spec_kinds()}
    assert table_for(spec_kinds) == expected


@pytest.mark.parametrize("name", builtin_workflow_names())
@pytest.mark.parametrize("part", ["states", "commands"])
def test_every_builtin_workflow_is_in_the_glossary(name: str, part: str) -> None:
    """A built-in workflow's states and commands with their Chinese labels."""
    spec = builtin_workflow(name).flow.spec
    items = spec.states if part == "states" else spec.commands
    source = f"built-in workflow `{name}`, {part}"
    assert source in tables(), f"docs/glossary.md has no table for {source}"
    assert tables()[source] == {(item.name, item.label_zh) for item in items}


def test_every_table_names_a_source_the_tests_check() -> None:
    """No table is left unchecked: each Source: line is one of the above."""
    checked = {
        f"built-in workflow `{n}`, {p}"
        for n in builtin_workflow_names()
        for p in ("states", "commands")
    }
    for source in tables():
        if source in checked:
            continue
        match = PATH.match(source)
        assert match, f"unrecognised Source: line {source!r}"
        obj = resolve(match.group(1))
        assert obj in (*ENUMS, STANDARD_CARE_TAGS, spec_kinds), source
