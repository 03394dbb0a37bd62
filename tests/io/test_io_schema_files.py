"""The committed schema files are current; schemas carry labels and descriptions.

These tests need no JSON Schema validator (see test_io_schema.py for those).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _docs_tools import docs_tool
from gridgov.errors import InvalidValueError, UnknownEntityError
from gridgov.io.schema import DRAFT, field_docs, json_schema, schema_for, spec_kind

ROOT = Path(__file__).resolve().parents[2]


def test_enum_labels_and_descriptions() -> None:
    """Enums carry their values and Chinese labels; fields carry docstring text."""
    schema = json_schema("township")
    role = schema["$defs"]["Role"]
    assert "grid_chief" in role["enum"]
    assert role["x-labels-zh"]["grid_chief"] == "网格长"
    household = schema["$defs"]["HouseholdSpec"]["properties"]
    assert household["resident_since"]["anyOf"][0] == {
        "type": "string",
        "format": "date",
    }
    assert "户号" in household["id"]["description"]
    assert schema["title"].startswith("乡镇网格台账")
    assert schema["$schema"] == DRAFT


def test_field_docs_reads_attributes_section() -> None:
    """Descriptions come from the Google-style Attributes section."""
    from gridgov.points.spec import RuleBookSpec

    docs = field_docs(spec_kind("rulebook").cls)
    assert spec_kind("rulebook").cls is RuleBookSpec
    assert docs  # the rule book documents its fields


def test_unknown_kind_and_non_attrs_class() -> None:
    """Asking for an unknown kind or a plain class raises a GridgovError saying what."""
    with pytest.raises(UnknownEntityError, match="township"):
        json_schema("townshp")
    with pytest.raises(InvalidValueError):
        schema_for(int)


def test_committed_schemas_are_current() -> None:
    """docs/schemas/*.json equal what make_schemas.py writes today."""
    tool = docs_tool("make_schemas")
    expected = tool.render()
    folder = ROOT / "docs" / "schemas"
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.json")}
    assert set(on_disk) == set(expected), "run: python docs/_tools/make_schemas.py"
    for name, text in expected.items():
        assert on_disk[name] == text, (
            f"{name} is stale: run python docs/_tools/make_schemas.py"
        )
        assert json.loads(text)["$id"].endswith(name)
