"""
A journal knows its township; the command line and the Workspace trust no other.

A journal records the township it was created for (name, region code, digest
of its specs, the township directory). ``Workspace.open`` and ``gridgov
report``/``plan``/``verify --fold``/``doctor`` refuse another township's
journal naming both; ``--township`` may be left out where the journal says
where its specs are; a journal written before townships were recorded asks
for ``--township`` and is adopted by the first Workspace that opens it;
``report`` and ``plan`` refuse a journal that fails verify unless
``--no-verify``. And ``gridgov verify`` takes anchors and counts.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from gridgov.app import Workspace, load_config, sample_config, sample_directory
from gridgov.app.workspace import specs_digest, township_of
from gridgov.cli import main
from gridgov.io.township import sample_township_path
from gridgov.journal import (
    ChainHead,
    JournalTownship,
    SqliteJournal,
    WrongTownshipError,
    load_anchor,
)

ROOT = Path(__file__).resolve().parents[1]
PEICUN = "裴村社区 (410381003)"
JINZHUANG = "金庄村 (320481105)"
REPORT = ["report", "--period", "2026-11", "--json", "--db"]


def _sample_dir(where: Path) -> Path:
    """The sample township as a township directory of its own."""
    where.mkdir(parents=True)
    source = sample_township_path()
    shutil.copyfile(source, where / "township.toml")
    shutil.copyfile(
        source.with_name("peicun_households.csv"), where / "peicun_households.csv"
    )
    for spec in sample_directory().glob("*.toml"):
        shutil.copyfile(spec, where / spec.name)
    return where


def _jinzhuang_dir(where: Path) -> Path:
    """金庄村 (another township) as a township directory."""
    where.mkdir(parents=True)
    example = ROOT / "examples" / "jinzhuang"
    shutil.copyfile(example / "township.toml", where / "township.toml")
    for table in ("households.csv", "workers.csv"):
        shutil.copyfile(example / table, where / table)
    return where


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A journal written by ``gridgov demo --db`` (the sample township)."""
    db = tmp_path_factory.mktemp("township") / "peicun.db"
    assert main(["demo", "--db", str(db), "--quiet"]) == 0
    return db


@pytest.fixture
def copy(demo_db: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo journal."""
    target = tmp_path / "copy.db"
    shutil.copyfile(demo_db, target)
    return target


@pytest.fixture(scope="module")
def jinzhuang(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """金庄村's township directory and a journal created for it from there."""
    base = tmp_path_factory.mktemp("jinzhuang")
    town = _jinzhuang_dir(base / "town")
    db = base / "village.db"
    with Workspace.open(db, load_config(town), specs=town) as ws:
        assert str(ws.township) == JINZHUANG
    return town, db


# -- the journal records its township ---------------------------------------------


def test_a_new_journal_records_its_township(tmp_path: Path) -> None:
    """Workspace.open and in_memory record name, code, digest and directory."""
    town = _sample_dir(tmp_path / "town")
    config = load_config(town)
    with Workspace.open(tmp_path / "t.db", config, specs=town) as ws:
        recorded = ws.township
        assert recorded == JournalTownship(
            "裴村社区", "410381003", specs_digest(config), str(town.resolve())
        )
        assert not ws.specs_changed
    with SqliteJournal(tmp_path / "t.db", read_only=True) as journal:
        assert journal.township() == recorded
    memory = Workspace.in_memory(config)
    assert memory.journal.township() == township_of(config)
    assert memory.township.specs is None


def test_workspace_refuses_another_townships_journal(
    jinzhuang: tuple[Path, Path],
) -> None:
    """Workspace.open on another township's journal: refused, naming both."""
    _, db = jinzhuang
    with pytest.raises(WrongTownshipError) as caught:
        Workspace.open(db, sample_config())
    message = str(caught.value)
    assert JINZHUANG in message
    assert PEICUN in message
    assert caught.value.recorded.name == "金庄村"
    with SqliteJournal(db, read_only=True) as journal:  # nothing changed
        assert journal.township() is not None
        assert journal.township().name == "金庄村"  # type: ignore[union-attr]


def test_the_digest_is_the_same_in_every_process() -> None:
    """specs_digest does not depend on hash seeds or object addresses."""
    script = (
        "from gridgov.app import sample_config\n"
        "from gridgov.app.workspace import specs_digest\n"
        "print(specs_digest(sample_config()))\n"
    )
    seen = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
            [sys.executable, "-c", script],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        seen.add(out.stdout.strip())
    assert seen == {specs_digest(sample_config())}


def test_edited_specs_are_noted_not_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    """A changed rule book is no refusal: logged, and noted by the CLI."""
    town = _sample_dir(tmp_path / "town")
    db = tmp_path / "t.db"
    Workspace.open(db, load_config(town), specs=town).close()
    rules = town / "rulebook.toml"
    rules.write_text(
        rules.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8"
    )
    text = rules.read_text(encoding="utf-8")
    first = text.index("points = ") + len("points = ")
    rules.write_text(text[:first] + "7" + text[first + 1 :], encoding="utf-8")
    with caplog.at_level("WARNING", logger="gridgov.app"):
        ws = Workspace.open(db, load_config(town), specs=town)
    assert ws.specs_changed
    assert ws.township.specs_digest != specs_digest(ws.config)
    ws.close()
    assert "specs differ" in caplog.text
    assert main([*REPORT, str(db)]) == 0
    assert "differ from those its journal was created with" in capsys.readouterr().err


# -- the command line --------------------------------------------------------------


def test_township_is_found_from_the_journal(
    jinzhuang: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """No --township: the journal's recorded directory is used (金庄村, not 裴村)."""
    _, db = jinzhuang
    assert main([*REPORT, str(db)]) == 0
    capsys.readouterr()
    assert main(["report", "--db", str(db), "--period", "2026-11"]) == 0
    out = capsys.readouterr().out
    assert "金庄村" in out
    assert "裴村" not in out
    assert main(["plan", "--worker", "W02", "--week", "2026-W48", "--db", str(db)]) == 1
    assert "W02" in capsys.readouterr().err  # 金庄村 has no W02: not the sample's


@pytest.mark.parametrize(
    "command",
    [
        [*REPORT],
        ["plan", "--worker", "W06", "--week", "2026-W48", "--db"],
        ["doctor"],
        ["verify", "--fold"],
    ],
)
def test_another_townships_journal_is_refused_naming_both(
    jinzhuang: tuple[Path, Path],
    copy: Path,
    command: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--township of 金庄村 on 裴村社区's journal: exit 1, both townships named."""
    town, _ = jinzhuang
    before = copy.read_bytes()
    assert main([*command, str(copy), "--township", str(town)]) == 1
    err = capsys.readouterr().err
    assert PEICUN in err
    assert JINZHUANG in err
    assert "Traceback" not in err
    assert copy.read_bytes() == before


def test_a_moved_township_directory_asks_for_township(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The recorded directory is gone: a clear request for --township; then found."""
    town = _jinzhuang_dir(tmp_path / "town")
    db = tmp_path / "village.db"
    Workspace.open(db, load_config(town), specs=town).close()
    moved = town.rename(tmp_path / "moved")
    assert main([*REPORT, str(db)]) == 1
    err = capsys.readouterr().err
    assert "--township" in err
    assert str(town.resolve()) in err
    assert main([*REPORT, str(db), "--township", str(moved)]) == 0
    capsys.readouterr()
    assert main([*REPORT, str(db)]) == 0  # the journal now records the new place


def test_a_journal_from_before_townships_asks_then_is_adopted(
    copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No record: --township is required; the first Workspace records it."""
    with sqlite3.connect(copy) as conn:
        conn.execute("DELETE FROM gridgov_journal_meta WHERE name <> 'schema_version'")
    conn.close()
    assert main([*REPORT, str(copy)]) == 1
    assert "does not record which township" in capsys.readouterr().err
    assert main(["verify", str(copy)]) == 0
    assert "未记录所属乡镇" in capsys.readouterr().out
    town = _sample_dir(tmp_path / "town")
    assert main([*REPORT, str(copy), "--township", str(town)]) == 0
    capsys.readouterr()
    with SqliteJournal(copy, read_only=True) as journal:
        assert journal.township() == township_of(load_config(town), town)
    assert main([*REPORT, str(copy)]) == 0


@pytest.mark.parametrize(
    "command",
    [[*REPORT], ["plan", "--worker", "W06", "--week", "2026-W48", "--db"]],
)
def test_a_journal_failing_verify_is_refused_unless_told(
    copy: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """report and plan refuse a tampered journal; --no-verify uses it anyway."""
    with sqlite3.connect(copy) as conn:
        conn.execute(
            "UPDATE gridgov_events SET hash = replace(hash, 'a', 'b') "
            "WHERE sequence = 7"
        )
    conn.close()
    assert main([*command, str(copy)]) == 1
    err = capsys.readouterr().err
    assert "fails verify at event 7" in err
    assert "--no-verify" in err
    assert main([*command, str(copy), "--no-verify"]) == 0


def test_not_a_journal_is_refused_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another program's database: every command refuses it and leaves it alone."""
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    conn.close()
    before = sorted(p.name for p in tmp_path.iterdir()), other.read_bytes()
    for command in (
        ["verify", str(other)],
        [*REPORT, str(other)],
        ["doctor", str(other)],
    ):
        assert main(command) == 1
        assert "is not a gridgov journal" in capsys.readouterr().err
    assert (sorted(p.name for p in tmp_path.iterdir()), other.read_bytes()) == before


# -- verify: anchors and counts -------------------------------------------------


def test_verify_with_anchors_catches_a_cut_tail(
    copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Deleting the last event passes a plain verify, never an anchored one."""
    anchor = tmp_path / "anchor.json"
    assert main(["verify", str(copy), "--save-anchor", str(anchor)]) == 0
    out = capsys.readouterr().out
    assert f"已保存锚点到 {anchor}" in out
    heads = load_anchor(anchor)
    head = heads["main"]
    assert f"链头 {head.sequence}:{head.hash}" in out
    assert json.loads(anchor.read_text(encoding="utf-8"))["township"] == PEICUN
    with sqlite3.connect(copy) as conn:
        conn.execute("DELETE FROM gridgov_events WHERE sequence = ?", (head.sequence,))
    conn.close()
    assert main(["verify", str(copy)]) == 0  # undetectable without an anchor
    capsys.readouterr()
    for extra in (
        ["--anchor-file", str(anchor)],
        ["--anchor", f"{head.sequence}:{head.hash}"],
        ["--anchor", head.hash],
        ["--expect-count", str(head.sequence)],
    ):
        assert main(["verify", str(copy), *extra]) == 1, extra
        out = capsys.readouterr().out
        assert out.startswith(f"BAD {copy}: event {head.sequence}: "), (extra, out)
    assert main(["verify", str(copy), "--json", "--anchor-file", str(anchor)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["chains"][0]["broken"]["sequence"] == head.sequence
    # A broken chain is never saved as an anchor.
    assert (
        main(
            [
                "verify",
                str(copy),
                "--anchor-file",
                str(anchor),
                "--save-anchor",
                str(anchor),
            ]
        )
        == 1
    )
    assert "未保存锚点到" in capsys.readouterr().out
    assert load_anchor(anchor) == heads


def test_workspace_saves_its_head_as_an_anchor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Workspace.save_anchor writes the head; gridgov verify --anchor-file reads it."""
    from datetime import datetime

    from gridgov.domain import CHINA_TZ

    db = tmp_path / "t.db"
    with Workspace.open(db, sample_config()) as ws:
        ws.record_visit("PC0001", "W06", at=datetime(2026, 11, 2, 9, tzinfo=CHINA_TZ))
        head = ws.save_anchor(tmp_path / "a.json")
        assert head == ws.journal.head()
        assert head.sequence >= 1
    assert load_anchor(tmp_path / "a.json") == {"main": head}
    assert main(["verify", str(db), "--anchor-file", str(tmp_path / "a.json")]) == 0
    assert main(["verify", str(db), "--expect-count", str(head.sequence + 1)]) == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--anchor", "12:xyz"], "anchor"),
        (["--anchor", "zz"], "anchor"),
        (["--anchor-file", "/nonexistent/anchor.json"], "anchor file"),
        (["--chain", "other"], "chain"),
    ],
)
def test_verify_refuses_bad_anchors(
    copy: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A malformed anchor, a missing anchor file, a chain SQLite lacks: exit 1."""
    assert main(["verify", str(copy), *argv]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_verify_expect_count_is_a_usage_error_when_not_a_number(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--expect-count takes a number of events."""
    assert main(["verify", str(copy), "--expect-count", "-3"]) == 2
    assert "number of events" in capsys.readouterr().err


def test_anchor_files_are_checked(tmp_path: Path) -> None:
    """A file that is not an anchor file is refused, naming the file."""
    from gridgov.errors import InvalidValueError

    bad = tmp_path / "bad.json"
    for text in (
        "[]",
        "{}",
        '{"gridgov_anchor": 1, "chains": {"main": {"sequence": -1, "hash": "x"}}}',
        "\xff",
    ):
        bad.write_text(text, encoding="latin-1")
        with pytest.raises(InvalidValueError, match=r"bad\.json"):
            load_anchor(bad)
    good = {"main": ChainHead(3, "ab" * 32), "410381003": ChainHead(0, "0" * 64)}
    from gridgov.journal import save_anchor

    save_anchor(tmp_path / "good.json", good)
    assert load_anchor(tmp_path / "good.json") == good
