"""docs/spec-reference.md is generated from the specs and is current."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from gridgov.io.schema import json_schema, spec_kind, spec_kinds

ROOT = Path(__file__).resolve().parents[2]


def _tool() -> Any:
    path = ROOT / "docs" / "_tools" / "make_spec_reference.py"
    spec = importlib.util.spec_from_file_location("_gridgov_docs_spec_ref", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_page_is_current() -> None:
    """The committed page equals what make_spec_reference.py writes today."""
    page = (ROOT / "docs" / "spec-reference.md").read_text(encoding="utf-8")
    assert page == _tool().render(), "run: python docs/_tools/make_spec_reference.py"


def test_every_field_of_every_kind_is_listed() -> None:
    """Each kind has a section and each field of each spec class a row."""
    page = _tool().render()
    for kind in spec_kinds():
        assert f"`{kind}`" in page
        assert f"schemas/{kind}.schema.json" in page
        schema = json_schema(kind)
        for name in schema["properties"]:
            assert f"| `{name}` |" in page, (kind, name)
        for sub in schema["$defs"].values():
            for name in sub.get("properties", {}):
                assert f"| `{name}` |" in page, (kind, name)
    assert spec_kind("township").label_zh in page


def test_required_defaults_and_labels_are_rendered() -> None:
    """Required fields say so; defaults are shown as written; enums show 中文."""
    page = _tool().render()
    assert "| `name` | text | **required** |" in page
    assert '| `per` | {ref}`Period <spec-visit_policy-period>` | `"month"` |' in page
    assert "| `quarter` | 季度 |" in page
    assert '| `yuan_per_point` | decimal | `"1"` |' in page
