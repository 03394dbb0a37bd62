"""CSV export: UTF-8 with BOM for files, the same cell texts back, masked by default."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from _export_strategies import CELL_TEXT, period_report, reports, secrets
from hypothesis import given
from hypothesis import strategies as st

from _personal_numbers import Secret, leaks
from gridgov.app import Workspace, sample_config
from gridgov.app.exports import report_sheets, report_to_csv
from gridgov.errors import InvalidValueError
from gridgov.io import csv_export, read_households
from gridgov.io.csv_export import table_to_csv
from gridgov.io.sheets import text_of
from gridgov.reports import SECTIONS, DisputeFigures, PeriodReport, PointsFigures

ON = date(2026, 11, 1)


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return Workspace.in_memory(sample_config())


def _read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_a_file_has_a_bom_and_a_stream_none(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    table_to_csv([{"网格": "一网格", "走访率": "87.5%"}], path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == "网格,走访率\r\n一网格,87.5%\r\n"
    out = io.StringIO()
    table_to_csv([{"网格": "一网格"}], out)
    assert not out.getvalue().startswith("\ufeff")


def test_households_reimport_unmasked(tmp_path: Path, ws: Workspace) -> None:
    households = ws.households(ON)
    path = tmp_path / "households.csv"
    table_to_csv(households, path, unmasked=True)
    back = read_households(path, care_tags=ws.state.roster.vocabulary).households
    assert [h.id for h in back] == [h.id for h in households]
    assert [h.head.phone for h in back if h.head] == [
        h.head.phone for h in households if h.head
    ]


def test_households_masked_by_default(tmp_path: Path, ws: Workspace) -> None:
    households = ws.households(ON)
    path = tmp_path / "households.csv"
    table_to_csv(households, path)
    text = path.read_text(encoding="utf-8-sig")
    phones = [h.head.phone for h in households if h.head and h.head.phone]
    ids = [h.head.id_number for h in households if h.head and h.head.id_number]
    assert phones
    assert ids
    assert not [n for n in phones + ids if n in text]
    assert _read(text)[0][:3] == ["户号", "地址", "网格"]


def test_report_blocks(ws: Workspace) -> None:
    out = io.StringIO()
    report = period_report(disputes=DisputeFigures(received=8, resolved=7))
    report_to_csv(report, out)
    lines = _read(out.getvalue())
    assert lines[0] == ["示范村 2026-11 工作报表"]
    assert lines[1][0].startswith("范围 示范村")
    names = [line[0] for line in lines if line and line[0] in SECTIONS.values()]
    assert names == list(SECTIONS.values())
    assert lines.count(["指标", "数值", "分子", "分母"]) == len(SECTIONS)
    assert sum(1 for line in lines if line == ["示范村 2026-11 工作报表"]) == 1
    assert ["化解率", "87.5%", "7", "8"] in lines


def test_report_file(tmp_path: Path, ws: Workspace) -> None:
    path = tmp_path / "report.csv"
    report_to_csv(ws.report("2026-11"), path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "走访" in path.read_text(encoding="utf-8-sig")


def _blocks(text: str) -> list[list[list[str]]]:
    """A multi-block CSV split at its empty lines."""
    blocks: list[list[list[str]]] = [[]]
    for line in _read(text):
        if line:
            blocks[-1].append(line)
        else:
            blocks.append([])
    return blocks


@given(report=reports())
def test_any_report_round_trips(report: PeriodReport) -> None:
    """Read back, every section holds the same cell texts as its sheet."""
    out = io.StringIO()
    report_to_csv(report, out)
    sheets = report_sheets(report)
    blocks = _blocks(out.getvalue())
    assert len(blocks) == len(sheets)
    for index, (block, sheet) in enumerate(zip(blocks, sheets, strict=True)):
        title = len(sheet.title) if index == 0 else 0
        assert block[title:] == [
            [sheet.name],
            list(sheet.headers),
            *[[text_of(c) for c in row] for row in sheet.rows],
            *[[line] for line in sheet.notes],
        ]


_VALUES = st.one_of(CELL_TEXT, st.integers(-(10**12), 10**12), st.none(), st.booleans())


@given(
    st.lists(
        st.fixed_dictionaries({"甲": _VALUES, "乙": _VALUES, "note": CELL_TEXT}),
        min_size=1,
        max_size=6,
    )
)
def test_any_table_round_trips(records: list[dict[str, object]]) -> None:
    """Unmasked, a table's cells read back as the texts the tables show."""
    out = io.StringIO()
    table_to_csv(records, out, unmasked=True)
    lines = _read(out.getvalue())
    keys = lines[0]
    assert keys == list(records[0])  # the records' own order

    def shown(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "是" if value else "否"
        return str(value)

    assert lines[1:] == [[shown(r[k]) for k in keys] for r in records]


@given(secret=secrets(), unmasked=st.booleans())
def test_masking_property(secret: Secret, unmasked: bool) -> None:
    """A drawn phone or ID number is in the bytes only with unmasked=True."""
    out = io.StringIO()
    table_to_csv(
        [{"note": secret.written, "phone": secret.written}], out, unmasked=unmasked
    )
    report = period_report(points=PointsFigures(ranking=((secret.written, 30),)))
    report_to_csv(report, out, unmasked=unmasked)
    assert bool(leaks(out.getvalue(), secret)) is unmasked


def test_a_failed_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.csv"
    path.write_text("old", encoding="utf-8")

    def broken(sheets: object, stream: io.TextIOBase) -> None:
        stream.write("half,")
        raise OSError("disk full")

    monkeypatch.setattr(csv_export, "_write", broken)
    with pytest.raises(OSError, match="disk full"):
        table_to_csv([{"a": 1}], path)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_no_such_directory(tmp_path: Path) -> None:
    with pytest.raises(InvalidValueError, match="existing directory"):
        table_to_csv([{"a": 1}], tmp_path / "missing" / "t.csv")


def test_bad_lang() -> None:
    with pytest.raises(InvalidValueError, match="lang"):
        table_to_csv([{"a": 1}], io.StringIO(), lang="fr")
