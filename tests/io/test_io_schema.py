"""The generated JSON Schemas accept what the converter accepts, and are current."""

from __future__ import annotations

import enum
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import (
    GridgovError,
    SpecError,
)
from gridgov.io import make_converter, read_document, structure
from gridgov.io.schema import (
    json_schema,
    spec_kind,
    spec_kinds,
)
from gridgov.testing.strategies import township_specs

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a test-time dep")

ROOT = Path(__file__).resolve().parents[2]


def _validator(kind: str) -> Any:
    schema = json_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


VALIDATORS = {kind: _validator(kind) for kind in spec_kinds()}


def _as_json(value: Any) -> Any:
    """TOML gives dates as objects; an editor sees them as ISO text."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _schema_ok(kind: str, doc: Any) -> bool:
    return not list(VALIDATORS[kind].iter_errors(_as_json(doc)))


def _converter_ok(kind: str, doc: Any) -> bool:
    try:
        structure(doc, spec_kind(kind).cls)
    except SpecError:
        return False
    return True


# --- a strategy for any attrs spec, derived from the annotations -------------


def _strategy(tp: Any) -> st.SearchStrategy[Any]:  # noqa: PLR0911
    supertype = getattr(tp, "__supertype__", None)
    if supertype is not None:
        return _strategy(supertype)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is Any:
        return st.one_of(st.integers(0, 9), st.text(max_size=3))
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(_strategy(a) for a in args))
    if tp is type(None):
        return st.none()
    if origin is tuple:
        return st.lists(_strategy(args[0]), max_size=2).map(tuple)
    if origin is list:
        return st.lists(_strategy(args[0]), max_size=2)
    if origin is dict:
        return st.dictionaries(st.text(max_size=3), _strategy(args[1]), max_size=2)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.sampled_from(list(tp))
    if attrs.has(tp):
        return _instances(tp)
    simple: dict[Any, st.SearchStrategy[Any]] = {
        str: st.text(max_size=4),
        int: st.integers(-3, 40),
        bool: st.booleans(),
        float: st.floats(allow_nan=False, allow_infinity=False),
        Decimal: st.decimals(allow_nan=False, allow_infinity=False, places=2),
        date: st.dates(),
        datetime: st.datetimes(timezones=st.just(CHINA_TZ)),
    }
    return simple[tp]


def _instances(cls: type) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(cls)
    fields = attrs.fields(cls)
    required = {
        f.name: _strategy(hints[f.name]) for f in fields if f.default is attrs.NOTHING
    }
    optional = {
        f.name: _strategy(hints[f.name])
        for f in fields
        if f.default is not attrs.NOTHING
    }

    def build(kwargs: dict[str, Any]) -> Any:
        try:
            return cls(**kwargs)
        except (GridgovError, ValueError, TypeError):
            return None  # a validator refused the combination

    return (
        st.fixed_dictionaries(required, optional=optional)
        .map(build)
        .filter(lambda x: x is not None)
    )


SMALL = settings(
    max_examples=15,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)


@pytest.mark.parametrize("kind", [k for k in spec_kinds() if k != "township"])
@SMALL
@given(data=st.data())
def test_generated_specs_validate_and_round_trip(
    kind: str, data: st.DataObject
) -> None:
    """Any spec the classes can hold unstructures to a document the schema accepts."""
    cls = spec_kind(kind).cls
    spec = data.draw(_instances(cls))
    doc = make_converter().unstructure(spec)
    assert _schema_ok(kind, doc), list(VALIDATORS[kind].iter_errors(doc))[:3]
    assert structure(doc, cls) == spec


@SMALL
@given(spec=township_specs())
def test_generated_townships_validate(spec: Any) -> None:
    """A valid generated township document satisfies the township schema."""
    doc = make_converter().unstructure(spec)
    assert _schema_ok("township", doc)


@pytest.mark.parametrize("kind", spec_kinds())
@SMALL
@given(data=st.data(), key=st.text(min_size=1, max_size=6))
def test_unknown_field_rejected_by_both(
    kind: str, data: st.DataObject, key: str
) -> None:
    """An unknown field is refused by the schema and by the converter alike."""
    cls = spec_kind(kind).cls
    if kind == "township":
        spec = data.draw(township_specs())
    else:
        spec = data.draw(_instances(cls))
    doc = make_converter().unstructure(spec)
    if key in doc:
        return
    doc[key] = 1
    assert not _schema_ok(kind, doc)
    assert not _converter_ok(kind, doc)


BAD_VALUES = [
    ("visit_policy", {"name": "x", "rules": [{"id": "a", "per": "fortnight"}]}),
    ("visit_policy", {"name": 3}),
    ("visit_policy", {"name": "x", "rules": [{"id": "a", "visits": "2"}]}),
    ("visit_policy", {"name": "x", "rules": [{"id": "a", "visits": True}]}),
    ("rulebook", {"id": "x", "name_zh": "x", "version": "1", "rules": [{}]}),
    (
        "rulebook",
        {
            "id": "x",
            "name_zh": "x",
            "version": "1",
            "policy": {"yuan_per_point": "abc"},
        },
    ),
    ("township", {"code": "410381001", "name": "x", "villages": [{"code": "1"}]}),
    (
        "township",
        {
            "code": "410381001",
            "name": "x",
            "county": {"code": "410381", "name": "x", "since": "2026-01-01"},
        },
    ),
    ("deadlines", {"rules": [{"response": {"amount": 3, "unit": "weeks"}}]}),
    ("checklists", {"checklists": [{"code": "fire"}]}),
    ("workflow", {"flow": {"name": "x"}}),
    (
        "flow",
        {
            "name": "x",
            "label_zh": "x",
            "initial": "a",
            "states": [{"name": "a"}],
            "commands": [],
            "transitions": [],
        },
    ),
]


@pytest.mark.parametrize(("kind", "doc"), BAD_VALUES)
def test_bad_documents_rejected_by_both(kind: str, doc: Any) -> None:
    """Wrong types, unknown choices, missing fields: schema and converter refuse."""
    assert not _schema_ok(kind, doc)
    assert not _converter_ok(kind, doc)


def test_text_where_a_list_is_expected_is_refused_by_both() -> None:
    """tags = "elderly" is an error (the schema says so); the converter agrees."""
    doc = {"name": "x", "rules": [{"id": "a", "tags": "elderly"}]}
    assert not _schema_ok("visit_policy", doc)
    assert not _converter_ok("visit_policy", doc)


def test_decimal_accepts_number_or_text() -> None:
    """A Decimal field takes 0.5 or '0.5' (exact), like the converter."""
    base = {"id": "x", "name_zh": "x", "version": "1"}
    for value in (1, 0.5, "0.5", " 2 "):
        doc = {**base, "policy": {"yuan_per_point": value}}
        assert _schema_ok("rulebook", doc)
        assert _converter_ok("rulebook", doc)


def _spec_files() -> list[Path]:
    found = [
        *ROOT.glob("src/gridgov/**/*.toml"),
        *ROOT.glob("examples/**/*.toml"),
        *ROOT.glob("examples/**/*.json"),
    ]
    return sorted(p for p in found if "notebooks" not in p.parts)


@pytest.mark.parametrize("path", _spec_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_files_schema_agrees_with_converter(path: Path) -> None:
    """For every shipped spec file and every kind, schema and converter agree."""
    doc = read_document(path)
    verdicts = {
        kind: (_schema_ok(kind, doc), _converter_ok(kind, doc)) for kind in spec_kinds()
    }
    disagree = {k: v for k, v in verdicts.items() if v[0] != v[1]}
    assert not disagree, disagree


def _directive(path: Path) -> str | None:
    first = path.read_text(encoding="utf-8").splitlines()[:1]
    if first and first[0].startswith("#:schema "):
        return first[0].removeprefix("#:schema ").strip()
    return None


DIRECTED = [p for p in _spec_files() if p.suffix == ".toml" and _directive(p)]


@pytest.mark.parametrize("path", DIRECTED, ids=lambda p: str(p.relative_to(ROOT)))
def test_schema_directive_points_at_a_schema_the_file_meets(path: Path) -> None:
    """A '#:schema' first line (for editors) names a shipped schema the file meets."""
    target = (path.parent / str(_directive(path))).resolve()
    assert target.parent == ROOT / "docs" / "schemas"
    assert target.is_file()
    kind = target.name.removesuffix(".schema.json")
    doc = read_document(path)
    assert _schema_ok(kind, doc)
    assert _converter_ok(kind, doc)


def test_some_examples_carry_the_directive() -> None:
    """The examples show editors the way: several spec files name their schema."""
    assert len(DIRECTED) >= 3


def test_every_builtin_workflow_validates() -> None:
    """The workflows gridgov ships are valid documents of the workflow kind."""
    files = sorted((ROOT / "src/gridgov/cases/workflows").glob("*.toml"))
    assert len(files) >= 4
    for path in files:
        assert _schema_ok("workflow", read_document(path)), path


def test_sample_township_validates() -> None:
    """The 裴村社区 sample township validates against the township schema."""
    doc = read_document(ROOT / "src/gridgov/examples_data/peicun.toml")
    assert _schema_ok("township", doc)
