"""
Write docs/spec-reference.md from the JSON Schemas of the spec kinds.

The page is generated from `gridgov.io.schema.json_schema`, which is itself
derived from the attrs spec classes, so fields, types, defaults and
descriptions cannot drift from the code. Run
``python docs/_tools/make_spec_reference.py`` after changing a spec class;
tests/io/test_io_spec_reference.py fails while the page is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from gridgov.io import limits
from gridgov.io.schema import json_schema, spec_kind, spec_kinds
from gridgov.points.language import MAX_CONDITION_DEPTH, MAX_CONDITION_LENGTH

PAGE = Path(__file__).resolve().parents[1] / "spec-reference.md"
_LONG_DEFAULT = 48

INTRO = """\
# Spec reference (规格参考)

Everything a township configures is a spec file in TOML or JSON: the roster
(乡镇网格台账), the village rules (积分细则), the visit policy (走访制度), the
patrol checklists (排查清单), the case workflows (案件办理流程) and their time
limits (办理时限). This page lists every field of every kind, with its type,
default and meaning. It is generated from the attrs spec classes by
`docs/_tools/make_spec_reference.py`; do not edit it by hand.

Each kind also has a JSON Schema (draft 2020-12) for editors, generated the same
way (`gridgov.io.schema.json_schema`). In VS Code with *Even Better TOML*, put
`#:schema ./township.schema.json` on the first line of a TOML file (or map file
patterns to schemas in `json.schemas` for JSON); the editor then completes field
names, shows the Chinese label of every choice and marks mistakes as you type.
The schema checks the *shape* of a document; the loader named in each section
also checks its meaning (unknown care tags, references between entries) and
reports every problem with its path, e.g.
`rules[3].cap.period: expected one of day, week, month, ...; got 'fortnight'`.

Conventions: a field with no default is required; *none* means leave the key
out (TOML has no null); dates are written `2026-03-01`; decimals are exact and
may be written as a number (`0.5`) or as text (`"0.5"`); an unknown field is an
error, so a misspelt key is reported rather than ignored.
"""


LIMITS = """\
## Limits and encoding

Whatever a file holds, a loader (and `gridgov validate`) answers with one
`gridgov.errors.SpecError` listing every problem, each located by its path in
the document or by its line and column in the file; never with a Python
traceback. `gridgov validate` exits 1 on every invalid file, 0 only when all
are valid, and writes nothing but its report; text the terminal cannot show
is printed as a backslash escape.

**Encoding.** A TOML or JSON spec file is UTF-8, with or without a BOM (TOML
and JSON are UTF-8 by definition). A file in another encoding is refused, not
guessed at, at the line and column of its first bad byte: a GB18030 (GBK)
file, what Notepad and Excel write on older Chinese Windows, gets *this file
looks like GB18030 (GBK), not UTF-8; save it as UTF-8*; a UTF-16 file (Notepad's
"Unicode") is named as such. Household tables (CSV) are the exception: Excel
writes GB18030 there, so a table is read as UTF-8 and, failing that, GB18030; a
table that is neither is refused.

```python
>>> from gridgov.io.documents import parse_document, decode_spec
>>> decode_spec('name = "金庄村"'.encode("gb18030"))
Traceback (most recent call last):
  ...
gridgov.errors.SpecError: 1 problem in spec:
  line 1, column 9: this file looks like GB18030 (GBK), not UTF-8; save it as UTF-8 ...
>>> decode_spec(b"\\xef\\xbb\\xbfname = 1")  # a BOM is fine
'name = 1'
>>> parse_document("a = " + "[" * 40 + "]" * 40, "toml")
Traceback (most recent call last):
  ...
gridgov.errors.SpecError: 1 problem in spec:
  line 1, column 37: nested more than 32 levels deep

```

| limit | value |
| --- | --- |
{limit_rows}

Every problem of a document is reported at once: its shape (wrong types,
unknown fields, numbers out of range) and its meaning (unknown care tags,
conditions, references, cycles). Where the shape is wrong, the parts at fault
are set aside and the rest is still checked, so a misspelt field and an
unknown tag come back in one report:

```python
>>> from gridgov.errors import SpecError
>>> from gridgov.io import load_visit_policy
>>> rule = {{"id": "a", "tags": ["orphan"], "vists": 2}}
>>> trigger = {{"on": "case", "within_hours": 10**9}}
>>> try:
...     load_visit_policy({{"name": "x", "rules": [rule], "triggers": [trigger]}})
... except SpecError as err:
...     for problem in err.problems:
...         print(problem)
rules[0].vists: unknown field; did you mean 'visits'?
rules[0].tags[0]: unknown care tag 'orphan'
triggers[0].within_hours: expected an integer <= 8784, got a number of 10 digits

```

Only where setting a part aside would make other parts fail for no reason (a
claim field the rules refer to, a household or worker of a township, a state
of a workflow) is the report limited to the shape.

**Ranges.** Every number a spec holds has a range (`gridgov.io.limits.RANGES`);
a number outside it is a located problem (`capacity_per_day = -5`:
*expected an integer >= 1, got -5*):

| spec class | field | lowest | highest |
| --- | --- | --- | --- |
{range_rows}

These limits are held by a fuzz test that runs in every CI run
(`tests/io/test_io_fuzz.py`): 1,400 malformed files per run — random bytes,
shipped files cut, spliced, flipped and re-encoded, and structured mutations of
every kind — with 0 escapes (the same campaign on the readers before these
limits ended in a traceback 411 times).
"""


def _limits() -> str:
    """The limits section, from the constants the readers use."""
    mib = 2**20
    when = (
        f"{MAX_CONDITION_LENGTH:,} characters, "
        f"nested {MAX_CONDITION_DEPTH} levels, numbers below 10^15"
    )
    rows = [
        ("spec file size", f"{limits.MAX_SPEC_BYTES // mib} MiB"),
        (
            "household table (CSV or Excel)",
            f"{limits.MAX_TABLE_BYTES // mib} MiB, {limits.MAX_TABLE_ROWS:,} rows",
        ),
        ("nesting of tables and arrays", f"{limits.MAX_DEPTH} levels"),
        ("any number", "below 10^15 in magnitude, finite (no `nan`, `inf`)"),
        ("text", "valid Unicode (a lone surrogate such as `\\ud800` is refused)"),
        ("a rule's `when`", when),
    ]
    ranges = [
        (f"`{cls.__name__}`", f"`{field}`", f"{low:,}", f"{high:,}")
        for (cls, field), (low, high) in limits.RANGES.items()
    ]
    return LIMITS.format(
        limit_rows="\n".join(f"| {a} | {b} |" for a, b in rows),
        range_rows="\n".join("| " + " | ".join(r) + " |" for r in ranges),
    )


def _label(kind: str, name: str) -> str:
    return f"spec-{kind}-{name}".lower()


def _ref_name(fragment: dict[str, Any]) -> str:
    return str(fragment["$ref"]).rsplit("/", 1)[-1]


def _type(kind: str, fragment: dict[str, Any]) -> str:  # noqa: PLR0911
    if "$ref" in fragment:
        name = _ref_name(fragment)
        return f"{{ref}}`{name} <{_label(kind, name)}>`"
    if "anyOf" in fragment:
        options = fragment["anyOf"]
        if any(o.get("pattern") for o in options):
            return "decimal"
        parts = [_type(kind, o) for o in options if o.get("type") != "null"]
        text = " or ".join(parts)
        return f"{text} or *none*" if len(parts) < len(options) else text
    if "enum" in fragment:
        return "one of " + ", ".join(f"`{v}`" for v in fragment["enum"])
    t = fragment.get("type")
    if t == "array":
        return f"list of {_type(kind, fragment.get('items', {}))}"
    if t == "object":
        return (
            f"table of text → {_type(kind, fragment.get('additionalProperties', {}))}"
        )
    if t == "string":
        return {"date": "date", "date-time": "date and time"}.get(
            fragment.get("format", ""), "text"
        )
    if t in {"integer", "boolean", "number"}:
        return {"integer": "integer", "boolean": "true/false", "number": "number"}[t]
    return "any"


def _default(prop: dict[str, Any]) -> str:
    if "default" not in prop:
        return "**required**"
    value = prop["default"]
    if value is None:
        return "*none*"
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > _LONG_DEFAULT:
        return "*built-in (see the schema)*"
    return f"`{text}`"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _object_section(kind: str, name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f"({_label(kind, name)})=", f"### {name}", ""]
    if schema.get("description"):
        lines += [_cell(schema["description"]), ""]
    lines += ["| field | type | default | description |", "| --- | --- | --- | --- |"]
    for field, prop in schema.get("properties", {}).items():
        row = [
            f"`{field}`",
            _type(kind, prop),
            _default(prop),
            prop.get("description", ""),
        ]
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return [*lines, ""]


def _enum_section(kind: str, name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f"({_label(kind, name)})=", f"### {name}", ""]
    if schema.get("description"):
        lines += [_cell(schema["description"]), ""]
    labels = schema.get("x-labels-zh", {})
    lines += ["| value | 中文 |", "| --- | --- |"]
    lines += [f"| `{v}` | {_cell(labels.get(str(v), ''))} |" for v in schema["enum"]]
    return [*lines, ""]


def _order(schema: dict[str, Any]) -> list[str]:
    """Definitions in the order a reader meets them, walking from the root."""
    seen: list[str] = []

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                name = _ref_name(node)
                if name not in seen:
                    seen.append(name)
                    visit(schema["$defs"][name])
            for key, value in node.items():
                if key != "$defs":
                    visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit({k: v for k, v in schema.items() if k != "$defs"})
    return seen


def render() -> str:
    """Return the text of docs/spec-reference.md."""
    lines = [INTRO, _limits()]
    for kind in spec_kinds():
        k = spec_kind(kind)
        schema = json_schema(kind)
        root = k.cls.__name__
        lines += [
            f"## {k.label_zh}: `{kind}`",
            "",
            (
                f"Spec class `{k.cls.__module__}.{root}`; loaded by `{k.loader}`; "
                f"JSON Schema {{download}}`schemas/{kind}.schema.json`."
            ),
            "",
        ]
        lines += _object_section(kind, root, schema)
        for name in _order(schema):
            sub = schema["$defs"][name]
            if "enum" in sub:
                lines += _enum_section(kind, name, sub)
            else:
                lines += _object_section(kind, name, sub)
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    """Write the page."""
    PAGE.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {PAGE}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
