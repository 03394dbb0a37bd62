"""
Bad spec files (issue 12): each defect found by fuzzing, fixed and pinned here.

Encodings, nesting, numbers, the top-level type, printing, parent cycles and
the ranges of numeric fields: every one is a located `SpecError` (or a
`ImportRowsError` for a household table), and ``gridgov validate`` exits 1
with no traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_io_fuzz_cases import HOUSEHOLDS_CSV, toml_text, township

from gridgov.app import load_config
from gridgov.cli import main
from gridgov.errors import GridgovError, ImportRowsError, SpecError
from gridgov.io import load_rulebook, load_township, load_visit_policy, load_workflow
from gridgov.io.documents import read_document
from gridgov.io.limits import MAX_SPEC_BYTES
from gridgov.io.tables import read_households

SAMPLE_RULEBOOK = Path(__file__).parents[2] / "src/gridgov/app/sample/rulebook.toml"


def problems(call: Any, *args: Any) -> dict[str, str]:
    """The problems of the SpecError *call* raises, path → message."""
    with pytest.raises(SpecError) as info:
        call(*args)
    return {p.path: p.message for p in info.value.problems}


def test_gb18030_file_is_refused_with_advice(tmp_path: Path) -> None:
    """A GB18030 (GBK) file: refused at its first Chinese character, named."""
    path = tmp_path / "policy.toml"
    path.write_bytes('name = "金庄村一访制度"\n'.encode("gb18030"))
    found = problems(load_visit_policy, path)
    assert list(found) == ["line 1, column 9"]
    assert found["line 1, column 9"].startswith("this file looks like GB18030 (GBK)")
    assert "save it as UTF-8" in found["line 1, column 9"]


def test_utf8_with_bom_is_accepted(tmp_path: Path) -> None:
    """UTF-8 with a BOM (what Notepad writes as 'UTF-8 with BOM') loads."""
    path = tmp_path / "rulebook.toml"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE_RULEBOOK.read_bytes())
    assert load_rulebook(path).spec.id == "peicun"


@pytest.mark.parametrize(
    ("raw", "where", "start"),
    [
        ('name = "村"'.encode("utf-16"), "line 1, column 1", "this file is UTF-16"),
        (b'name = "\xff"', "line 1, column 9", "not UTF-8 text (byte 0xFF)"),
        ('name = "村"'.encode()[:-2], "line 1, column 9", "the file ends in the"),
    ],
)
def test_other_bytes_are_refused_located(
    tmp_path: Path, raw: bytes, where: str, start: str
) -> None:
    """UTF-16, stray bytes, a file cut mid-character: located refusals."""
    path = tmp_path / "x.toml"
    path.write_bytes(raw)
    found = problems(read_document, path)
    assert list(found) == [where]
    assert found[where].startswith(start)


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_arrays_nested_500_deep_are_refused_at_their_place(
    tmp_path: Path, suffix: str
) -> None:
    """500 nested arrays: refused at the line and column, no RecursionError."""
    path = tmp_path / f"x{suffix}"
    nested = "[" * 500 + "]" * 500
    path.write_text(
        f"name = {nested}" if suffix == ".toml" else f'{{"name": {nested}}}'
    )
    found = problems(load_visit_policy, path)
    (where,) = found
    # JSON's braces of the top level count as the first level.
    assert where == ("line 1, column 40" if suffix == ".toml" else "line 1, column 41")
    assert found[where] == "nested more than 32 levels deep"


def test_deep_mapping_is_refused_at_its_path() -> None:
    """An already-parsed document nested too deep is refused at the path."""
    value: Any = 1
    for _ in range(500):
        value = [value]
    found = problems(load_visit_policy, {"name": value})
    (path,) = found
    assert path == "name" + "[0]" * 31
    assert found[path] == "nested more than 32 levels deep"


def test_when_of_3000_nots_is_refused() -> None:
    """``not not … x``: refused as a located problem, never a RecursionError."""
    book: dict[str, Any] = {
        "id": "x",
        "name_zh": "x",
        "version": "1",
        "rules": [
            {"id": "a", "name_zh": "甲", "points": 5, "when": "not " * 3000 + "x"}
        ],
    }
    assert problems(load_rulebook, book) == {
        "rules[0].when": "column 1: a condition is at most 4000 characters"
    }
    book["rules"][0]["when"] = "not " * 200 + "true"
    assert problems(load_rulebook, book) == {
        "rules[0].when": "column 133: nested more than 32 levels deep"
    }


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_integer_beyond_the_int_string_limit(tmp_path: Path, suffix: str) -> None:
    """5,000 digits: located, and the digits are never echoed."""
    path = tmp_path / f"x{suffix}"
    digits = "9" * 5000
    path.write_text(
        f'name = "x"\nperiod_start_day = {digits}\n'
        if suffix == ".toml"
        else f'{{"name": "x", "period_start_day": {digits}}}'
    )
    found = problems(load_visit_policy, path)
    (where,) = found
    assert where in {"line 2, column 20", "period_start_day"}
    assert found[where].startswith("expected a number below 10^15")
    assert digits[:20] not in found[where]


def test_json_list_at_the_top_level(tmp_path: Path) -> None:
    """A JSON array where a table belongs: one problem, not an AttributeError."""
    path = tmp_path / "flow.json"
    path.write_text('[{"flow": {}}]')
    with pytest.raises(SpecError) as info:
        load_workflow(path)
    assert info.value.source == str(path)
    (problem,) = info.value.problems
    assert problem.message == (
        "expected a table (a JSON object) at the top level, got an array"
    )
    with pytest.raises(SpecError):
        load_workflow([{"flow": {}}])  # type: ignore[arg-type]


def test_flow_null_is_located() -> None:
    """``{"flow": null}`` is refused at ``flow`` with the kind it got."""
    assert problems(load_workflow, {"flow": None}) == {
        "flow": "expected a table (named fields), got null"
    }


def test_lone_surrogate_is_refused_and_printable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A lone surrogate in a name: refused at its path; the report prints."""
    path = tmp_path / "policy.json"
    path.write_text('{"name": "\\ud800", "rules": [{"id": "\\udc00"}]}')
    assert main(["validate", "--lang", "en", "--kind", "visit-policy", str(path)]) == 1
    out = capsys.readouterr().out
    assert "name: expected valid Unicode text, got a lone surrogate '\\ud800'" in out
    assert "rules[0].id: expected valid Unicode text" in out
    assert main(["validate", "--kind", "visit-policy", str(path)]) == 1
    out = capsys.readouterr().out
    assert "name：文本含无效的 Unicode 字符（孤立代理项 '\\ud800'）" in out


def test_organisation_parent_cycles_are_refused(tmp_path: Path) -> None:
    """Organisations whose parents loop: one problem per loop, naming it."""
    (tmp_path / "homes.csv").write_text(HOUSEHOLDS_CSV, encoding="utf-8")
    spec = township()
    spec["organisations"][0]["parent"] = "zb1"
    spec["organisations"].append({"id": "x", "name": "X", "kind": "department"})
    spec["organisations"][-1]["parent"] = "x"
    found = problems(lambda: load_township(spec, base_dir=tmp_path))
    assert found == {
        "organisations[0].parent": "organisation parents form a cycle: zzb → zb1 → zzb",
        "organisations[2].parent": "organisation parents form a cycle: x → x",
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [(-5, "expected an integer >= 1, got -5"), (10**9, "expected an integer <= 100, ")],
)
def test_capacity_per_day_has_a_range(tmp_path: Path, value: int, message: str) -> None:
    """``capacity_per_day = -5`` and absurd values are refused, located."""
    (tmp_path / "homes.csv").write_text(HOUSEHOLDS_CSV, encoding="utf-8")
    spec = township()
    spec["workers"][0]["capacity_per_day"] = value
    found = problems(lambda: load_township(spec, base_dir=tmp_path))
    assert list(found) == ["workers[0].capacity_per_day"]
    assert found["workers[0].capacity_per_day"].startswith(message)


def test_ranges_in_every_kind() -> None:
    """Rule book, visit policy and workflow numbers are checked the same way."""
    book = {"id": "x", "name_zh": "x", "version": "1", "policy": {"notice_days": 10**9}}
    assert problems(load_rulebook, book) == {
        "policy.notice_days": "expected an integer <= 365, got a number of 10 digits"
    }
    policy = {"name": "x", "triggers": [{"on": "case", "within_hours": 10**5}]}
    assert problems(load_visit_policy, policy) == {
        "triggers[0].within_hours": "expected an integer <= 8784, got 100000"
    }


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    """A spec file over 16 MiB is refused before it is parsed."""
    path = tmp_path / "big.toml"
    with path.open("wb") as stream:
        stream.truncate(MAX_SPEC_BYTES + 1)
    found = problems(read_document, path)
    assert found[""].startswith("the file is larger than 16 MiB")


def test_misspelt_caps_and_bad_when_both_reported() -> None:
    """Shape and meaning in one report: the misspelt key and the bad condition."""
    book = {
        "id": "x",
        "name_zh": "x",
        "version": "1",
        "rules": [
            {
                "id": "a",
                "name_zh": "甲",
                "points": 5,
                "caps": {"period": "month", "max_points": 20},
                "when": "hours >",
            }
        ],
    }
    assert problems(load_rulebook, book) == {
        "rules[0].caps": "unknown field; did you mean 'cap'?",
        "rules[0].when": "column 1: syntax error: invalid syntax",
    }


def test_misspelt_field_and_unknown_tag_both_reported() -> None:
    """A visit policy's misspelt field and its unknown tag come back together."""
    policy = {"name": "x", "rules": [{"id": "a", "tags": ["orphan"], "vists": 2}]}
    assert problems(load_visit_policy, policy) == {
        "rules[0].vists": "unknown field; did you mean 'visits'?",
        "rules[0].tags[0]": "unknown care tag 'orphan'",
    }


def test_a_bad_claim_field_stops_at_the_shape() -> None:
    """A field the rules refer to is never set aside: no spurious 'unknown field'."""
    book = {
        "id": "x",
        "name_zh": "x",
        "version": "1",
        "fields": [{"name": "hours", "type": "duration", "label_zh": "时长"}],
        "rules": [{"id": "a", "name_zh": "甲", "points": 5, "when": "hours > 1"}],
    }
    assert list(problems(load_rulebook, book)) == ["fields[0].type"]


@pytest.mark.parametrize(
    ("raw", "start"),
    [
        (b"\xff\xfe\x00\x80", "neither UTF-8 nor GB18030"),
        (b"id,address,grid\n" + b'"' + b"x" * 200_000 + b'"\n', "not a CSV row"),
    ],
)
def test_household_tables_refuse_bad_bytes(
    tmp_path: Path, raw: bytes, start: str
) -> None:
    """A table in no known encoding, or with a monster field: ImportRowsError."""
    path = tmp_path / "homes.csv"
    path.write_bytes(raw)
    with pytest.raises(ImportRowsError) as info:
        read_households(path)
    assert info.value.problems[0].message.startswith(start)


def test_gb18030_table_is_read(tmp_path: Path) -> None:
    """A CSV saved by Excel on Chinese Windows (GB18030) still imports."""
    path = tmp_path / "homes.csv"
    path.write_bytes(HOUSEHOLDS_CSV.encode("gb18030"))
    assert [h.id for h in read_households(path).households] == ["T1", "T2"]


def test_workbook_of_garbage_is_an_import_error(tmp_path: Path) -> None:
    """Bytes that are not a workbook, named .xlsx: ImportRowsError, not BadZipFile."""
    pytest.importorskip("openpyxl")
    path = tmp_path / "homes.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportRowsError, match="not an Excel workbook"):
        read_households(path)


def test_validate_exit_codes_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 1 on each bad file, 0 only when all are valid; JSON is one per file."""
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    assert main(["validate", "--kind", "rulebook", "--json", str(bad)]) == 1
    (result,) = json.loads(capsys.readouterr().out)
    assert result["ok"] is False
    assert main(["validate", "--kind", "rulebook", str(SAMPLE_RULEBOOK)]) == 0
    assert capsys.readouterr().out.startswith("OK  ")


def test_directory_reports_every_file(tmp_path: Path) -> None:
    """A township directory: every file's problems, each named by its file."""
    (tmp_path / "homes.csv").write_text(HOUSEHOLDS_CSV, encoding="utf-8")
    spec = township()
    spec["workers"][0]["capacity_per_day"] = -5
    (tmp_path / "township.toml").write_text(toml_text(spec), encoding="utf-8")
    (tmp_path / "visit_policy.toml").write_text('name = "x"\nvists = 1\n')
    (tmp_path / "rulebook.toml").write_bytes('id = "甲"'.encode("gb18030"))
    with pytest.raises(GridgovError) as info:
        load_config(tmp_path)
    assert isinstance(info.value, SpecError)
    assert set(info.value.paths) == {
        "township.toml workers[0].capacity_per_day",
        "rulebook.toml line 1, column 7",
        "visit_policy.toml vists",
    }
