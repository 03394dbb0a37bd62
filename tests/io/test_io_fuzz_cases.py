"""
Malformed spec files for the fuzz test (test_io_fuzz.py): bases and mutations.

Each case is a file (or a township directory) and whether it *must* be refused.
Structured mutations start from the shipped samples (src/gridgov/app/sample/,
src/gridgov/examples_data/, src/gridgov/cases/workflows/) and a compact
township, change one place, and write the result as JSON or TOML.
"""

from __future__ import annotations

import copy
import json
import math
import shutil
import tomllib
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import attrs
from hypothesis import strategies as st

from gridgov.app.config import sample_directory
from gridgov.io.workflows import builtin_workflow_names, builtin_workflow_text

KINDS = ("township", "rulebook", "visit-policy", "workflow", "directory")
GIANT = "@@GIANT@@"  # a 5,000-digit integer, spliced in after serialising
_GIANT_DIGITS = "9" * 5000
_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")

MICRO = "410381003002001001"
HOUSEHOLDS_CSV = (
    "户号,地址,网格,楼栋,户籍,户主,电话,标签\n"
    f"T1,3号,{MICRO},1号楼,户籍,孟霞,13984588962,流动人口\n"
    f"T2,4号,{MICRO},,常住非户籍,蔡霞,,\n"
)


def township() -> dict[str, Any]:
    """A small valid township touching every part: tables, overlay, norms."""
    grid = "410381003002001"
    return {
        "code": "410381003",
        "name": "新区街道",
        "title": "裴村社区",
        "county": {"code": "410381", "name": "义马市"},
        "household_tables": ["homes.csv"],
        "care_tags": [{"code": "tea_farmer", "zh": "茶农", "en": "tea farmer"}],
        "norms": {
            "central_household_min": 1,
            "spans": [{"role": "ten_household_head", "min": 1, "max": 15}],
        },
        "villages": [
            {
                "code": "410381003002",
                "name": "裴村社区",
                "grids": [
                    {
                        "code": grid,
                        "name": "一网格",
                        "micro_grids": [
                            {
                                "code": MICRO,
                                "name": "微1",
                                "households": [
                                    {
                                        "id": "H1",
                                        "address": "1号",
                                        "building": "1号楼",
                                        "members": [{"id": "P1", "name": "茹雪梅"}],
                                    },
                                    {
                                        "id": "H2",
                                        "address": "2号",
                                        "resident_since": "2024-03-01",
                                        "tags": [{"tag": "empty_nest_elderly"}],
                                    },
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
        "workers": [
            {
                "id": "W1",
                "name": "茹雪梅",
                "role": "full_time_grid_worker",
                "scope": {"regions": [MICRO]},
                "capacity_per_day": 8,
            },
            {
                "id": "W2",
                "name": "孟霞",
                "role": "building_head",
                "scope": {"buildings": ["1号楼"]},
            },
        ],
        "organisations": [
            {"id": "zzb", "name": "裴村党总支", "kind": "party_general_branch"},
            {
                "id": "zb1",
                "name": "第一党支部",
                "kind": "party_branch",
                "parent": "zzb",
                "members": [{"member": "P1"}],
            },
        ],
        "party_central_households": [
            {
                "id": "PC1",
                "name": "茹雪梅",
                "household": "H1",
                "links": ["H2", "T1"],
                "party_group": "zb1",
            }
        ],
    }


def _toml_file(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def bases(kind: str) -> list[dict[str, Any]]:
    """The valid documents each kind's mutations start from."""
    sample = sample_directory()
    if kind == "rulebook":
        return [_toml_file(sample / "rulebook.toml")]
    if kind == "visit-policy":
        return [_toml_file(sample / "visit_policy.toml")]
    if kind == "workflow":
        return [
            tomllib.loads(builtin_workflow_text(n)) for n in builtin_workflow_names()
        ]
    return [township()]


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else "inf" if value > 0 else "-inf"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value == GIANT:
        return _GIANT_DIGITS
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # TOML takes JSON's escapes
    return str(value)


def _key(key: str) -> str:
    return key if key and set(key) <= _BARE else json.dumps(key)


def toml_text(doc: dict[str, Any]) -> str:
    """Write *doc* as TOML: one ``key = value`` line each, inline tables below."""

    def value(v: Any) -> str:
        if isinstance(v, dict):
            return (
                "{"
                + ", ".join(
                    f"{_key(k)} = {value(x)}" for k, x in v.items() if x is not None
                )
                + "}"
            )
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v if x is not None) + "]"
        return _scalar(v)

    return "".join(f"{_key(k)} = {value(v)}\n" for k, v in doc.items() if v is not None)


def json_text(doc: Any, *, ascii_only: bool) -> str:
    """Write *doc* as JSON (NaN and Infinity as Python writes them)."""
    text = json.dumps(doc, ensure_ascii=ascii_only, default=str)
    return text.replace(json.dumps(GIANT), _GIANT_DIGITS)


def paths(doc: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in *doc*: tables, arrays and values, parents first."""
    out = [at]
    if isinstance(doc, dict):
        for key, item in doc.items():
            out += paths(item, (*at, key))
    elif isinstance(doc, list):
        for i, item in enumerate(doc):
            out += paths(item, (*at, i))
    return out


def _parent(doc: Any, at: tuple[Any, ...]) -> Any:
    for part in at[:-1]:
        doc = doc[part]
    return doc


def _nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


@attrs.frozen
class Op:
    """One mutation: what it does to the place it is applied at, and if fatal."""

    name: str
    apply: Callable[[Any, tuple[Any, ...]], None]
    fatal: bool


def _set(value: Any) -> Callable[[Any, tuple[Any, ...]], None]:
    def apply(doc: Any, at: tuple[Any, ...]) -> None:
        if at:
            _parent(doc, at)[at[-1]] = copy.deepcopy(value)
        elif isinstance(doc, dict):
            doc["__top__"] = copy.deepcopy(value)

    return apply


def _unknown_key(doc: Any, at: tuple[Any, ...]) -> None:
    target = _parent(doc, (*at, None))
    if isinstance(target, dict):
        target["caps_typo"] = {"x": [1, {"y": 2}]}
    else:
        doc["caps_typo"] = {"x": [1, {"y": 2}]}


def _delete(doc: Any, at: tuple[Any, ...]) -> None:
    if at:
        del _parent(doc, at)[at[-1]]


def _duplicate(doc: Any, at: tuple[Any, ...]) -> None:
    parent = _parent(doc, at) if at else None
    if isinstance(parent, list):
        parent.append(copy.deepcopy(parent[at[-1]]))


OPS = (
    Op("huge", _set(10**20), fatal=True),
    Op("giant", _set(GIANT), fatal=True),
    Op("nan", _set(math.nan), fatal=True),
    Op("inf", _set(-math.inf), fatal=True),
    Op("surrogate", _set("名\ud800"), fatal=True),
    Op("deep", _set(_nested(40)), fatal=True),
    Op("deeper", _set(_nested(500)), fatal=True),
    Op("unknown key", _unknown_key, fatal=True),
    Op("null", _set(None), fatal=False),
    Op("text", _set("文本"), fatal=False),
    Op("number", _set(-5), fatal=False),
    Op("billion", _set(10**9), fatal=False),
    Op("float", _set(1.5), fatal=False),
    Op("list", _set([]), fatal=False),
    Op("table", _set({}), fatal=False),
    Op("bool", _set(True), fatal=False),
    Op("delete", _delete, fatal=False),
    Op("duplicate", _duplicate, fatal=False),
)


def _org_cycle(doc: dict[str, Any]) -> None:
    doc["organisations"][0]["parent"] = "zb1"


def _when(text: str) -> Callable[[dict[str, Any]], None]:
    def apply(doc: dict[str, Any]) -> None:
        doc["rules"][0]["when"] = text

    return apply


def _field(*at: Any, value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(doc: dict[str, Any]) -> None:
        _parent(doc, at)[at[-1]] = value

    return apply


def _caps_and_when(doc: dict[str, Any]) -> None:
    doc["rules"][0]["caps"] = doc["rules"][0].pop("cap", {"period": "month"})
    doc["rules"][0]["when"] = "hours >"


def _misspelt_and_unknown_tag(doc: dict[str, Any]) -> None:
    doc["rules"][0]["vists"] = doc["rules"][0].pop("visits", 2)
    doc["rules"][0]["tags"] = ["orphan"]


# Mutations that are always wrong for one kind: the defects of issue 12.
FATAL: dict[str, list[Callable[[dict[str, Any]], None]]] = {
    "township": [
        _org_cycle,
        _field("workers", 0, "capacity_per_day", value=-5),
        _field("workers", 0, "capacity_per_day", value=10**9),
        _field("norms", "spans", 0, "max", value=10**9),
    ],
    "rulebook": [
        _when("not " * 3000 + "true"),
        _when("(" * 300 + "true" + ")" * 300),
        _when("hours > " + "9" * 5000),
        _caps_and_when,
        _field("policy", "notice_days", value=-5),
        _field("rules", 0, "points", value=10**9),
    ],
    "visit-policy": [
        _misspelt_and_unknown_tag,
        _field("rules", 0, "visits", value=10**9),
        _field("triggers", 0, "within_hours", value=-5),
        _field("period_start_day", value=10**9),
    ],
    "workflow": [
        _field("flow", value=None),
        _field("flow", "version", value=10**9),
        _field("flow", "states", value={"a": 1}),
    ],
}
FATAL["directory"] = FATAL["township"]


@attrs.frozen
class Case:
    """A file to validate (or a directory), and whether it must be refused."""

    kind: str
    name: str
    text: bytes
    fatal: bool
    label: str


@st.composite
def mutated(draw: st.DrawFn, kind: str) -> Case:
    """One structured mutation of one of *kind*'s bases, as JSON or TOML."""
    doc = copy.deepcopy(draw(st.sampled_from(bases(kind))))
    if draw(st.integers(0, 4)) == 0:
        change = draw(st.sampled_from(FATAL[kind]))
        change(doc)
        label, fatal = getattr(change, "__qualname__", "a defect of issue 12"), True
    else:
        at = draw(st.sampled_from(paths(doc)))
        op = draw(st.sampled_from(OPS))
        op.apply(doc, at)
        label, fatal = f"{op.name} at {at}", op.fatal
    as_json = kind != "directory" and draw(st.booleans())
    if draw(st.integers(0, 19)) == 0:  # the top level is not a table
        doc, fatal, as_json, label = [doc], True, True, "top-level list"
    if as_json:
        text = json_text(doc, ascii_only=draw(st.booleans()) or "surrogate" in label)
    else:
        text = toml_text(doc)
    suffix = ".json" if as_json else ".toml"
    name = f"{kind.replace('-', '_')}{suffix}"
    return Case(kind, name, text.encode("utf-8", "surrogatepass"), fatal, label)


def shipped_text(kind: str) -> list[bytes]:
    """The shipped TOML files of *kind* (a compact township for the township)."""
    sample = sample_directory()
    if kind == "rulebook":
        return [(sample / "rulebook.toml").read_bytes()]
    if kind == "visit-policy":
        return [(sample / "visit_policy.toml").read_bytes()]
    if kind == "workflow":
        return [builtin_workflow_text(n).encode() for n in builtin_workflow_names()]
    return [toml_text(township()).encode()]


@st.composite
def garbled(draw: st.DrawFn, kind: str) -> Case:
    """A shipped file with bytes cut, inserted or flipped, or re-encoded."""
    raw = bytearray(draw(st.sampled_from(shipped_text(kind))))
    how = draw(st.sampled_from(["cut", "insert", "flip", "gb18030", "utf-16", "bom"]))
    at = draw(st.integers(0, len(raw)))
    fatal = how == "utf-16" or (how == "gb18030" and not raw.isascii())
    if how == "cut":
        del raw[at:]
    elif how == "insert":
        raw[at:at] = draw(st.binary(min_size=1, max_size=16))
    elif how == "flip" and raw:
        raw[min(at, len(raw) - 1)] ^= draw(st.integers(1, 255))
    elif how in {"gb18030", "utf-16"}:
        raw = bytearray(raw.decode("utf-8").encode(how))
    else:
        raw = bytearray(b"\xef\xbb\xbf" + raw)
    return Case(kind, f"{kind.replace('-', '_')}.toml", bytes(raw), fatal, how)


def write_case(case: Case, folder: Path) -> Path:
    """Write *case* into *folder*; return what to validate (a file or a directory)."""
    if case.kind == "township":
        (folder / "homes.csv").write_text(HOUSEHOLDS_CSV, encoding="utf-8")
    if case.kind != "directory":
        target = folder / case.name
        target.write_bytes(case.text)
        return target
    for name in ("rulebook.toml", "visit_policy.toml", "menu.toml", "supermarket.toml"):
        shutil.copy(sample_directory() / name, folder / name)
    (folder / "workflows").mkdir()
    workflow = builtin_workflow_text("mediation").replace(
        'name = "mediation"', 'name = "mine"'
    )
    (folder / "workflows" / "mine.toml").write_text(workflow, encoding="utf-8")
    (folder / "homes.csv").write_text(HOUSEHOLDS_CSV, encoding="utf-8")
    # The directory reads township.toml: a JSON case is still TOML-named there,
    # so a JSON document is refused as invalid TOML (a fatal case either way).
    (folder / "township.toml").write_bytes(case.text)
    return folder


__all__ = ["KINDS", "Case", "garbled", "mutated", "write_case"]
