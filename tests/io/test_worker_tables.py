"""Worker 台账 tables: reading, located errors, township worker_tables, round trip."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridgov.domain.ids import HouseholdId, RegionCode, WorkerId
from gridgov.domain.spans import DateSpan
from gridgov.domain.workforce import Role, Scope, Worker
from gridgov.errors import ImportRowsError, InvalidValueError, SpecError
from gridgov.io.templates import TEMPLATES, write_table
from gridgov.io.township import load_township
from gridgov.io.worker_tables import read_workers, read_workers_rows

GRID = "999999001001001"
VILLAGE = "999999001001"


def _csv(folder: Path, text: str, name: str = "workers.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_chinese_headers_and_role_titles(tmp_path: Path) -> None:
    """Chinese headers, Chinese role titles and 、-separated lists are read."""
    path = _csv(
        tmp_path,
        "工号,姓名,岗位,网格,联系户,电话,日走访上限,上岗日期\n"
        f"W01,李红梅,专职网格员,{GRID},,13912345678,6,2026年3月1日\n"
        "W02,高德胜,十户长,,H001、H002；H003,,,\n"
        f"W03,马文华,网格员,{VILLAGE};{GRID},,,,\n",
    )
    table = read_workers(path)
    first, second, third = table.workers
    assert (first.role, first.scope.regions) == (Role.FULL_TIME_GRID_WORKER, (GRID,))
    assert first.capacity_per_day == 6
    assert first.active.start == date(2026, 3, 1)
    assert first.phone == "13912345678"
    assert "13912345678" not in repr(first)
    assert second.role is Role.TEN_HOUSEHOLD_HEAD
    assert second.scope.households == ("H001", "H002", "H003")
    assert third.role is Role.FULL_TIME_GRID_WORKER  # 网格员: the common short form
    assert third.scope.regions == (VILLAGE, GRID)
    assert table.lines == (2, 3, 4)


def test_english_headers_and_role_codes(tmp_path: Path) -> None:
    """English headers (any case) and role codes are read too."""
    path = _csv(tmp_path, f"ID,Name,Role,Grid\nW01,Li,Grid_Chief,{GRID}\n")
    (worker,) = read_workers(path).workers
    assert worker.role is Role.GRID_CHIEF


def test_every_bad_cell_is_located(tmp_path: Path) -> None:
    """Bad cells come back with line and column; nothing is imported."""
    path = _csv(
        tmp_path,
        "工号,姓名,岗位,网格,日走访上限,上岗日期\n"
        f"W01,李,grid_liason,{GRID},0,2026-13-01\n"
        "W01,王,网格长,A12,,\n"
        "W01,,网格长,,,\n",
    )
    with pytest.raises(ImportRowsError) as caught:
        read_workers(path)
    shown = [str(p) for p in caught.value.problems]
    assert (
        "line 2, column '岗位': unknown role 'grid_liason'; did you mean "
        "'grid_liaison'?" in shown
    )
    assert "line 2, column '日走访上限': expected a whole number >= 1, got '0'" in shown
    assert any(
        s.startswith("line 2, column '上岗日期': expected a date") for s in shown
    )
    assert "line 3, column '网格': expected region codes (digits), got 'A12'" in shown
    assert "line 4, column '姓名': required value is empty" in shown
    assert any("duplicate worker id 'W01' (first on line" in s for s in shown) is False
    assert caught.value.source == "workers.csv"


def test_duplicate_ids_and_bad_headers(tmp_path: Path) -> None:
    """A repeated id names its first line; an unknown header gets a did-you-mean."""
    path = _csv(tmp_path, "工号,姓名,岗位\nW01,李,网格长\nW01,王,网格长\n")
    with pytest.raises(ImportRowsError, match=r"duplicate worker id 'W01' \(first"):
        read_workers(path)
    bad = _csv(tmp_path, "工号,姓名,rol\nW01,李,网格长\n", "bad.csv")
    with pytest.raises(ImportRowsError) as caught:
        read_workers(bad)
    shown = [str(p) for p in caught.value.problems]
    assert "line 1, column 'rol': unknown column; did you mean 'role'?" in shown
    assert any("missing required column" in s for s in shown)


def test_skip_keeps_the_good_rows() -> None:
    """on_error='skip' imports the good rows and returns the bad ones' problems."""
    rows = [
        (1, ("工号", "姓名", "岗位")),
        (2, ("W1", "李", "网格长")),
        (3, ("W2", "王", "x")),
    ]
    table = read_workers_rows(rows, on_error="skip")
    assert [w.id for w in table.workers] == ["W1"]
    assert [p.line for p in table.skipped] == [3]
    with pytest.raises(InvalidValueError):
        read_workers_rows(rows, on_error="ignore")  # type: ignore[arg-type]  # the bad value is the test


def test_empty_table_and_wrong_suffix(tmp_path: Path) -> None:
    """An empty file and a file that is not a table are refused, located."""
    with pytest.raises(ImportRowsError, match="the table is empty"):
        read_workers(_csv(tmp_path, ""))
    other = tmp_path / "workers.txt"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(ImportRowsError, match=r"expected a \.csv or \.xlsx file"):
        read_workers(other)


TOWNSHIP = f"""
code = "999999001"
name = "杏花村"
worker_tables = ["workers.csv"]

[[villages]]
code = "{VILLAGE}"
name = "杏花村"

[[villages.grids]]
code = "{GRID}"
name = "一网格"

[[workers]]
id = "W01"
name = "马文华"
role = "grid_liaison"
scope = {{ regions = ["{VILLAGE}"] }}
"""


def test_township_adds_the_table_workers(tmp_path: Path) -> None:
    """worker_tables in township.toml adds its workers to the roster."""
    (tmp_path / "township.toml").write_text(TOWNSHIP, encoding="utf-8")
    _csv(tmp_path, f"工号,姓名,岗位,网格\nW11,黄丽,专职网格员,{GRID}\n")
    roster = load_township(tmp_path / "township.toml")
    assert sorted(roster.workers) == ["W01", "W11"]


def test_a_table_workers_bad_reference_is_located_at_its_line(tmp_path: Path) -> None:
    """An unknown grid or a duplicate id of a table worker points at file and line."""
    (tmp_path / "township.toml").write_text(TOWNSHIP, encoding="utf-8")
    _csv(
        tmp_path,
        f"工号,姓名,岗位,网格\nW11,黄丽,专职网格员,{GRID}\n"
        "W12,杨帆,专职网格员,999999001001009\nW01,许海燕,网格长,\n",
    )
    with pytest.raises(SpecError) as caught:
        load_township(tmp_path / "township.toml")
    by_path = {p.path: p.message for p in caught.value.problems}
    where = "worker_tables[0] workers.csv line 3, column '网格'"
    assert by_path[where].startswith("unknown region '999999001001009'")
    assert "did you mean" in by_path[where]
    duplicate = by_path["worker_tables[0] workers.csv line 4, column '工号'"]
    assert "W01" in duplicate


def test_bad_rows_of_a_township_table_are_located(tmp_path: Path) -> None:
    """A bad cell in a listed table is reported under worker_tables[i]."""
    (tmp_path / "township.toml").write_text(TOWNSHIP, encoding="utf-8")
    _csv(tmp_path, "工号,姓名,岗位\nW11,黄丽,网格长长\n")
    with pytest.raises(SpecError) as caught:
        load_township(tmp_path / "township.toml")
    (problem,) = caught.value.problems
    assert problem.path == "worker_tables[0]"
    assert problem.message.startswith(
        "workers.csv: line 2, column '岗位': unknown role"
    )


# -- round trip: write the template, fill it, read it back ---------------------

_ids = st.text("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=1, max_size=6)
_names = st.text(
    "李王张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗红梅建国秀英", min_size=1, max_size=4
)
_codes = st.lists(
    st.sampled_from([VILLAGE, GRID, f"{GRID}001"]), unique=True, max_size=2
)
_households = st.lists(
    st.sampled_from(["H001", "H002", "H003"]), unique=True, max_size=3
)


@st.composite
def _workers(draw: st.DrawFn) -> list[tuple[Worker, bool]]:
    """Workers with unique ids, and whether to write each one's role in Chinese."""
    ids = draw(st.lists(_ids, min_size=1, max_size=5, unique=True))
    out = []
    for wid in ids:
        start = draw(st.none() | st.dates(date(2000, 1, 1), date(2030, 1, 1)))
        scope = Scope(
            regions=tuple(RegionCode(c) for c in draw(_codes)),
            households=tuple(HouseholdId(h) for h in draw(_households)),
        )
        worker = Worker(
            WorkerId(wid),
            draw(_names),
            draw(st.sampled_from(list(Role))),
            scope=scope,
            phone=draw(st.sampled_from(["", "13912345678", "0398-1234567"])),
            capacity_per_day=draw(st.integers(1, 40)),
            active=DateSpan(start),
        )
        out.append((worker, draw(st.booleans())))
    return out


def _row(worker: Worker, chinese_role: bool) -> list[str]:
    """The cells of *worker* in the template's column order."""
    return [
        worker.id,
        worker.name,
        worker.role.zh if chinese_role else worker.role.value,
        "、".join(worker.scope.regions),
        "、".join(worker.scope.households),
        "",
        worker.phone,
        str(worker.capacity_per_day),
        worker.active.start.isoformat() if worker.active.start else "",
        "",
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@given(workers=_workers())
def test_round_trip(suffix: str, workers: list[tuple[Worker, bool]]) -> None:
    """Workers written into the template read back as the same workers."""
    if suffix == ".xlsx":
        pytest.importorskip("openpyxl")
    headers = TEMPLATES["workers"].headers
    assert len(_row(workers[0][0], True)) == len(headers)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"workers{suffix}"
        write_table("workers", path, [_row(w, zh) for w, zh in workers])
        table = read_workers(path)
    assert list(table.workers) == [w for w, _ in workers]
