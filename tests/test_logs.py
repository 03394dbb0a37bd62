"""Logging: the shell's records, with ID numbers and phone numbers masked."""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from gridgov.app import Workspace, WorkspaceConfig
from gridgov.app.config import sample_config
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import InvalidValueError
from gridgov.journal import SqliteJournal
from gridgov.logs import ROOT, MaskPersonal, get_logger

PHONE, ID_NUMBER = "13812345678", "41038119900101123X"
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=CHINA_TZ)


@pytest.fixture(scope="module")
def config() -> WorkspaceConfig:
    return sample_config()


def messages(caplog: pytest.LogCaptureFixture, name: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == name]


def test_the_library_configures_nothing_but_a_null_handler() -> None:
    """Importing gridgov adds a NullHandler to its own logger and touches no other."""
    handlers = logging.getLogger(ROOT).handlers
    assert [type(h) for h in handlers] == [logging.NullHandler]


def test_personal_numbers_in_arguments_are_masked(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A handler never sees a raw ID number or phone number, in text or arguments."""
    log = get_logger("gridgov.test")
    with caplog.at_level(logging.INFO, logger="gridgov.test"):
        log.info("caller %s, ID %s, key hot-%s", PHONE, ID_NUMBER, PHONE)
    (record,) = caplog.records
    assert record.getMessage() == (
        "caller 138****5678, ID 410***********123X, key hot-138****5678"
    )
    assert record.args == ()
    assert PHONE not in caplog.text
    assert ID_NUMBER not in caplog.text


def test_a_record_with_nothing_to_mask_keeps_its_arguments() -> None:
    """Masking changes only records that carry personal numbers."""
    record = logging.LogRecord(
        "gridgov.x", logging.INFO, "f", 1, "%d events", (3,), None
    )
    assert MaskPersonal().filter(record)
    assert (record.msg, record.args) == ("%d events", (3,))


def test_a_broken_format_string_does_not_raise_from_the_filter() -> None:
    """A log call with the wrong arguments is the handler's to report, not an
    exception in the library call that logged it."""
    record = logging.LogRecord(
        "gridgov.x", logging.INFO, "f", 1, "%d events", ("x",), None
    )
    assert MaskPersonal().filter(record)
    assert record.args == ("x",)


def test_get_logger_attaches_the_filter_once() -> None:
    """Asking twice gives the same logger with one masking filter."""
    first, second = get_logger("gridgov.twice"), get_logger("gridgov.twice")
    assert first is second
    assert sum(isinstance(f, MaskPersonal) for f in first.filters) == 1


@pytest.mark.parametrize("name", ["", "gridgovx", "other.gridgov", "logging"])
def test_only_gridgov_loggers_are_handed_out(name: str) -> None:
    """A name outside the gridgov tree is refused, naming the argument."""
    with pytest.raises(InvalidValueError, match="name: expected a logger name"):
        get_logger(name)


def test_opening_a_sqlite_journal_is_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A new file says so; reopening it does not."""
    path = tmp_path / "j.db"
    with caplog.at_level(logging.INFO, logger="gridgov.journal"):
        SqliteJournal(path).close()
        SqliteJournal(path).close()
    assert messages(caplog, "gridgov.journal") == [
        f"opened SqliteJournal({str(path)!r}) (new journal)",
        f"opened SqliteJournal({str(path)!r})",
    ]


def test_a_broken_chain_is_logged_as_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """verify() reports a tampered event and warns on gridgov.journal."""
    path = tmp_path / "j.db"
    ws = Workspace.open(path, sample_config())
    ws.record_visit("PC0001", "W06", at=T0, key="v1", note="血压正常")
    ws.close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE gridgov_events SET payload = replace(payload, '血压', '体温')"
        )
    with SqliteJournal(path) as journal, caplog.at_level(logging.WARNING):
        result = journal.verify()
    assert not result.ok
    (warning,) = messages(caplog, "gridgov.journal")
    assert "hash chain is broken at event 1" in warning


def test_a_workspace_logs_its_replay_and_retries(
    config: WorkspaceConfig, caplog: pytest.LogCaptureFixture
) -> None:
    """Opening logs how many events were replayed; a retried key is answered
    from the journal, and the key, a caller's number, is masked."""
    ws = Workspace.in_memory(config)
    key = f"hotline-{PHONE}"
    ws.record_visit("PC0001", "W06", at=T0, key=key, note="血压正常")
    with caplog.at_level(logging.DEBUG, logger="gridgov.app"):
        again = ws.reopen()
        again.record_visit("PC0001", "W06", at=T0, key=key, note="血压正常")
    replayed, retried = messages(caplog, "gridgov.app")
    assert replayed.startswith(
        "Workspace 裴村社区 on MemoryJournal(2 events): replayed 2 events in "
    )
    assert retried == (
        "key hotline-138****5678 already recorded on visits:PC0001: "
        "answered with the RecordVisit it recorded"
    )
    assert PHONE not in caplog.text
