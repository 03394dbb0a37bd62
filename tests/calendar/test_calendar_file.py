"""calendar.toml: a township's own notices, loaded with located errors."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest

from gridgov.calendar import ChinaCalendar, UnpublishedYearPolicy
from gridgov.errors import CalendarError, SpecError
from gridgov.io import load_calendar
from gridgov.io.calendar import log_provisional_years

# A made-up 2027 notice: 元旦 01-01..01-05 with Sunday 01-10 worked, 春节 02-05..02-12
# with Sunday 02-14 and Saturday 02-20 worked.
NOTICE_2027 = """\
[[years]]
year = 2027
notice = "国办发明电〔2026〕X号（示例）"
rest_days = [
    2027-01-01, 2027-01-04, 2027-01-05,
    "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12",
]
working_days = ["2027-01-10", "2027-02-14", "2027-02-20"]
"""


@pytest.fixture
def town_file(tmp_path: Path) -> Path:
    path = tmp_path / "calendar.toml"
    path.write_text(NOTICE_2027, encoding="utf-8")
    return path


def test_a_local_notice_makes_its_year_published(town_file: Path) -> None:
    """The file's days and 调休 apply; later years are provisional by default."""
    cal = load_calendar(town_file)
    assert isinstance(cal, ChinaCalendar)
    assert cal.policy is UnpublishedYearPolicy.PROVISIONAL
    assert cal.is_published(2027)
    assert not cal.is_provisional(2027)
    assert cal.is_provisional(2028)
    assert not cal.is_working_day(date(2027, 1, 4))
    assert cal.is_working_day(date(2027, 1, 10))  # a Sunday worked
    assert cal.explain(date(2027, 2, 14)) == "本地工作日"
    assert cal.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 6)
    assert "+2027/provisional/local-" in cal.version
    assert cal.version == load_calendar(town_file).version


def test_policy_and_office_hours_can_be_chosen(town_file: Path) -> None:
    """unpublished='raise' keeps refusing the years the file does not have."""
    cal = load_calendar(town_file, unpublished="raise")
    assert cal.is_working_day(date(2027, 3, 1))
    with pytest.raises(CalendarError, match="2028"):
        cal.is_working_day(date(2028, 3, 1))


def test_every_problem_is_reported_by_its_path(tmp_path: Path) -> None:
    """Meaning errors come all at once, each with its path and the file."""
    path = tmp_path / "calendar.toml"
    path.write_text(
        """\
[[years]]
year = 2027
rest_days = ["2027-01-01", "2026-12-31"]
working_days = ["2027-01-01", "2027-02-17", "2028-01-01"]

[[years]]
year = 2027
rest_days = []
""",
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as info:
        load_calendar(path)
    err = info.value
    assert err.source == str(path)
    assert [str(p) for p in err.problems] == [
        "years[0].rest_days[1]: 2026-12-31 is not in 2027",
        "years[0].working_days[0]: 2027-01-01 is a rest day too",
        (
            "years[0].working_days[1]: 2027-02-17 is a Wednesday; "
            "调休上班 days are Saturdays or Sundays"
        ),
        "years[0].working_days[2]: 2028-01-01 is not in 2027",
        "years[1].year: 2027 is entered already at years[0]",
        "years[1].rest_days: expected the notice's rest days, got none",
    ]


def test_shape_errors_are_located_too() -> None:
    """A bad date, a wrong type, an unknown field: located, with a did-you-mean."""
    with pytest.raises(SpecError) as info:
        load_calendar(
            {"years": [{"year": "2027", "rest_days": ["2027-13-01"], "workdays": []}]}
        )
    paths = sorted(info.value.paths)
    assert paths == ["years[0].rest_days[0]", "years[0].workdays", "years[0].year"]


def test_a_broken_file_says_where(tmp_path: Path) -> None:
    """TOML syntax errors name the file; other suffixes are refused."""
    path = tmp_path / "calendar.toml"
    path.write_text("[[years]\nyear = 2027\n", encoding="utf-8")
    with pytest.raises(SpecError, match="invalid TOML") as info:
        load_calendar(path)
    assert info.value.source == str(path)
    with pytest.raises(SpecError, match=r"expected a \.toml or \.json file"):
        load_calendar(tmp_path / "calendar.txt")


def test_provisional_years_are_logged_once_per_year(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The shell's helper warns on gridgov.calendar the first time a year is seen."""
    cal = ChinaCalendar(unpublished="provisional")
    # Years no other test reports, since the record is per process.
    with caplog.at_level(logging.WARNING, logger="gridgov.calendar"):
        assert log_provisional_years([2093, 2091, 2093], calendar=cal) == (2091, 2093)
        assert log_provisional_years([2091, 2092], calendar=cal) == (2092,)
        assert log_provisional_years([2092], calendar=cal) == ()
    records = [r for r in caplog.records if r.name == "gridgov.calendar"]
    assert [r.levelno for r in records] == [logging.WARNING] * 3
    assert (
        records[0]
        .getMessage()
        .startswith(f"2091 has no State Council holiday notice in {cal.version}")
    )
