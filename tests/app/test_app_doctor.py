"""A journal that holds an event the fold refuses: named, examined, set aside."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from gridgov.app import Workspace, WorkspaceConfig
from gridgov.app.doctor import examine, set_aside
from gridgov.app.unit_of_work import FoldError
from gridgov.cases import fire_case
from gridgov.cli import main
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import InvalidValueError
from gridgov.flow import Actor
from gridgov.journal import open_journal

LEAF = "410381003002001001"
OPERATOR = Actor("接线员", frozenset({"operator"}))
LEADER = Actor("主任", frozenset({"leader"}))


def at(day: int, hour: int = 9) -> datetime:
    """A time in November 2026, China time."""
    return datetime(2026, 11, day, hour, tzinfo=CHINA_TZ)


def _broken_journal(config: WorkspaceConfig, db: Path) -> int:
    """
    What two unguarded writers used to leave: ``register`` and ``void`` both
    decided on the case as reported, both appended. Returns the bad sequence.
    """
    with Workspace.open(db, config) as ws:
        ws.open_case("C1", category="路灯不亮", region=LEAF, actor="W06", at=at(2))
        ws.record_visit("PC0001", "W06", at=at(3))
        case = ws.case("C1")
        rules = ws.state.rules(case.workflow)
        _, register = fire_case(
            rules, case, "register", actor=OPERATOR, at=at(2, 10), command_id="r"
        )
        _, void = fire_case(
            rules,
            case,
            "void",
            actor=LEADER,
            at=at(2, 11),
            command_id="v",
            fields={"reason": "重复"},
        )
        ws.journal.append([register])
        (recorded,) = ws.journal.append([void])
    return recorded.sequence


def test_reopening_names_the_event_the_fold_refuses(
    config: WorkspaceConfig, tmp_path: Path
) -> None:
    """FoldError with sequence, stream, type and why: never a bare KeyError."""
    db = tmp_path / "town.db"
    bad = _broken_journal(config, db)
    with pytest.raises(FoldError) as err:
        Workspace.open(db, config)
    assert (err.value.sequence, err.value.stream, err.value.type_name) == (
        bad,
        "case:C1",
        "CaseAdvanced",
    )
    assert "gridgov doctor" in str(err.value)


def test_examine_lists_it_and_set_aside_lets_the_journal_reopen(
    config: WorkspaceConfig, tmp_path: Path
) -> None:
    """The repair is a recorded, compensating event; the bad one stays."""
    db = tmp_path / "town.db"
    bad = _broken_journal(config, db)
    with open_journal(str(db)) as journal:
        report = examine(config, journal)
        assert not report.ok
        assert [p.sequence for p in report.problems] == [bad]
        with pytest.raises(InvalidValueError, match="refused events"):
            set_aside(config, journal, bad - 1, reason="x", actor="管理员", at=at(5))
        done = set_aside(
            config,
            journal,
            bad,
            reason="两处同时办理, 以立案为准",
            actor="管理员",
            at=at(5),
        )
        assert done.sequence == bad
        assert examine(config, journal).ok
        assert examine(config, journal).set_aside == (bad,)
    with Workspace.open(db, config) as ws:
        assert ws.case("C1").state == "registered"
        assert len(ws.state.visits) == 1
        assert ws.journal.verify().ok


def test_the_cli_doctor_and_verify_fold(
    config: WorkspaceConfig, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``doctor`` and ``verify --fold`` exit 1, naming the event; set-aside mends."""
    db = tmp_path / "town.db"
    bad = _broken_journal(config, db)
    assert main(["verify", str(db)]) == 0  # the chain itself is intact
    capsys.readouterr()
    assert main(["verify", "--fold", str(db)]) == 1
    assert f"event {bad} (CaseAdvanced on 'case:C1'" in capsys.readouterr().out
    assert main(["doctor", "--json", str(db)]) == 1
    found = json.loads(capsys.readouterr().out)
    assert found["chain_intact"]
    assert len(found["problems"]) == 1
    assert (
        main(
            [
                *("doctor", str(db), "--set-aside", str(bad)),
                *("--reason", "重复办理", "--actor", "管理员"),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert f"已搁置事件 {bad}" in out
    assert "全部" in out


def test_examine_warns_when_the_holiday_notices_run_out(
    config: WorkspaceConfig,
) -> None:
    """Within 60 days of the last installed notice's year end, doctor says so."""
    ws = Workspace.in_memory(config)
    assert (
        "2026-12-31"
        in examine(config, ws.journal, today=date(2026, 12, 6)).calendar_warning
    )
    assert examine(config, ws.journal, today=date(2026, 6, 1)).calendar_warning == ""


def test_commands_go_on_after_an_event_is_set_aside(
    config: WorkspaceConfig, tmp_path: Path
) -> None:
    """The set-aside event still counts in its stream's version: no endless conflict."""
    db = tmp_path / "town.db"
    bad = _broken_journal(config, db)
    with open_journal(str(db)) as journal:
        set_aside(config, journal, bad, reason="重复办理", actor="管理员", at=at(5))
    with Workspace.open(db, config) as ws:
        case = ws.fire_case(
            "C1",
            "dispatch",
            actor=Actor("派遣员", frozenset({"dispatcher"})),
            at=at(5, 10),
            key="d",
            fields={"unit": "410381003002"},
        )
        assert case.state == "dispatched"
        assert ws.reopen().state.snapshot() == ws.state.snapshot()
