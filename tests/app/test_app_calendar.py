"""
The calendar never stops intake: provisional deadlines, revised as events.

With the default config, a case registered at the end of December — when the
next year's holiday notice is not installed — gets a provisional (暂定)
deadline instead of a CalendarError; a warning is logged once; entering the
notice (a township's calendar.toml) and revising records a DeadlinesRevised
event with the reason; the journal replays to the same cases.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path

import attrs
import pytest

from gridgov.app import Workspace, WorkspaceConfig, default_calendar, load_config
from gridgov.app.config import sample_directory
from gridgov.calendar import UnpublishedYearPolicy
from gridgov.cases import DeadlinesRevised
from gridgov.domain.spans import CHINA_TZ
from gridgov.flow import Actor
from gridgov.io import load_calendar
from gridgov.io.township import sample_township_path

OPERATOR = Actor("接线员", frozenset({"operator"}))
LEAF = "410381003002001001"
NOTICE = {
    "years": [
        {
            "year": 2027,
            "notice": "2027年部分节假日安排 (made up for the test)",
            "rest_days": ["2027-01-01", "2027-01-04", "2027-01-05"],
            "working_days": [],
        }
    ]
}


def at(month: int, day: int, hour: int = 9, year: int = 2026) -> datetime:
    """A time, China time."""
    return datetime(year, month, day, hour, tzinfo=CHINA_TZ)


def test_the_default_calendar_is_provisional(config: WorkspaceConfig) -> None:
    """The Workspace's calendar estimates unpublished years; the library's refuses."""
    assert default_calendar().policy is UnpublishedYearPolicy.PROVISIONAL
    assert config.calendar.policy is UnpublishedYearPolicy.PROVISIONAL  # type: ignore[attr-defined]


def test_a_case_registered_on_28_december_gets_a_provisional_deadline(
    config: WorkspaceConfig, caplog: pytest.LogCaptureFixture
) -> None:
    """No CalendarError over New Year; 暂定, and one warning for 2027."""
    ws = Workspace.in_memory(config)
    ws.open_case("C1", category="路灯不亮", region=LEAF, actor="W06", at=at(12, 28))
    with caplog.at_level(logging.WARNING, logger="gridgov.calendar"):
        case = ws.fire_case(
            "C1", "register", actor=OPERATOR, at=at(12, 28, 10), key="r"
        )
        ws.open_case("C2", category="路灯不亮", region=LEAF, actor="W06", at=at(12, 29))
        ws.fire_case("C2", "register", actor=OPERATOR, at=at(12, 29, 10), key="r")
    assert case.provisional_deadlines
    assert case.resolution is not None
    assert case.resolution.provisional_years == (2027,)
    assert "暂定" in ws.cases()._repr_html_()
    warned = [r for r in caplog.records if "2027" in r.getMessage()]
    assert len(warned) <= 1  # once per process (an earlier test may have said it)


def test_entering_the_notice_revises_the_deadline_as_an_event(
    config: WorkspaceConfig, tmp_path: Path
) -> None:
    """calendar.toml → revise_deadlines: a DeadlinesRevised with its reason."""
    db = tmp_path / "town.db"
    with Workspace.open(db, config) as ws:
        ws.open_case("C1", category="路灯不亮", region=LEAF, actor="W06", at=at(12, 28))
        before = ws.fire_case(
            "C1", "register", actor=OPERATOR, at=at(12, 28, 10), key="r"
        )
    assert before.provisional_deadlines
    noticed = attrs.evolve(config, calendar=load_calendar(NOTICE))
    with Workspace.open(db, noticed) as ws:
        assert ws.case("C1") == before  # deadlines are recorded facts: no silent change
        revised = ws.revise_deadlines(
            at=at(1, 2, 8, year=2027), actor="W01", reason="2027年放假通知已发布"
        )
        assert [c.id for c in revised] == ["C1"]
        after = ws.case("C1")
        assert not after.provisional_deadlines
        assert after.resolution is not None
        assert before.resolution is not None
        assert after.resolution.current_deadline > before.resolution.current_deadline
        events = [r.event for r in ws.journal.read_all()]
        (event,) = [e for e in events if isinstance(e, DeadlinesRevised)]
        assert event.reason == "2027年放假通知已发布"
        assert (
            ws.revise_deadlines(at=at(1, 3, 8, year=2027), actor="W01", reason="再次")
            == ()
        )
        assert ws.reopen().state.snapshot() == ws.state.snapshot()


def test_a_township_directory_reads_its_calendar_toml(tmp_path: Path) -> None:
    """load_config takes calendar.toml when the directory has one."""
    town = tmp_path / "town"
    town.mkdir()
    for spec in sample_directory().glob("*.toml"):
        (town / spec.name).write_bytes(spec.read_bytes())
    roster = sample_township_path()
    for part in roster.parent.glob(f"{roster.stem}*"):
        (town / part.name).write_bytes(part.read_bytes())
    (town / roster.name).rename(town / "township.toml")
    (town / "calendar.toml").write_text(
        '[[years]]\nyear = 2027\nrest_days = ["2027-01-01"]\nworking_days = []\n',
        encoding="utf-8",
    )
    calendar = load_config(town).calendar
    assert calendar.is_published(2027)  # type: ignore[attr-defined]
    assert not calendar.is_working_day(date(2027, 1, 1))


def test_the_report_counts_cases_with_provisional_deadlines(
    config: WorkspaceConfig,
) -> None:
    """The period report says how many cases wait for the notice (暂定时限)."""
    ws = Workspace.in_memory(config)
    ws.open_case("C1", category="路灯不亮", region=LEAF, actor="W06", at=at(12, 28))
    ws.fire_case("C1", "register", actor=OPERATOR, at=at(12, 28, 10), key="r")
    report = ws.report("2026-12", as_of=date(2026, 12, 31))
    assert report.cases.provisional == 1
    assert "暂定时限" in report.to_markdown()
