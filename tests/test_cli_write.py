"""The CLI's writing verbs: one path to the journal, one idempotency rule, refusals."""

from __future__ import annotations

import io
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from gridgov.cli import main
from gridgov.cli._write_verbs import WRITE_VERBS, WriteVerb

AT = "2026-11-30T10:00"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample township after the demo month (points to spend, cases to see)."""
    db = tmp_path_factory.mktemp("write") / "demo.db"
    assert main(["demo", "--db", str(db), "--quiet", "--json"]) == 0
    return db


@pytest.fixture
def db(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    copy = tmp_path / "town.db"
    shutil.copy(demo_db, copy)
    capsys.readouterr()
    return copy


def events(db: Path) -> int:
    with sqlite3.connect(db) as con:
        count: int = con.execute("select count(*) from gridgov_events").fetchone()[0]
    return count


def visit_json(path: Path, note: str) -> str:
    data = {
        "type": "RecordVisit",
        "household": "PC0002",
        "worker": "W06",
        "at": "2026-11-30T10:00:00+08:00",
        "note": note,
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


# name: (setup lines, the line, the same line with another payload)
PATROL = ["patrol", "410381003002001", "--actor", "W01", "--checklist", "fire"]
ESCALATE = ["case", "escalate", "C-T1", "--to-unit", "PC-TWH", "--to-level", "village"]
CASE = ["case", "open", "C-T1", "--category", "路灯不亮"]
CASE += ["--region", "410381003002001", "--actor", "W01", "--title", "路灯不亮"]
CLAIM = ["claim", "file", "J-T1", "--account", "PC0001", "--fact", "kind=volunteer"]
CLAIM += ["--actor", "W06"]
VERBS: dict[str, tuple[list[list[str]], list[str], list[str]]] = {
    "visit": (
        [],
        ["visit", "PC0001", "--actor", "W06", "--note", "身体好"],
        ["visit", "PC0001", "--actor", "W06", "--note", "不在家"],
    ),
    "patrol": (
        [],
        [*PATROL, "--finding", "fire:blocked_exit=楼道堆物"],
        PATROL,
    ),
    "case open": ([], CASE, [*CASE[:-1], "路灯闪烁"]),
    "case fire": (
        [CASE],
        ["case", "fire", "C-T1", "register", "--actor", "接线员", "--role", "operator"],
        ["case", "fire", "C-T1", "register", "--actor", "接线员", "--role", "leader"],
    ),
    "case escalate": (
        [CASE],
        [*ESCALATE, "--reason", "涉及多户", "--actor", "W01"],
        [*ESCALATE, "--reason", "其他", "--actor", "W01"],
    ),
    "claim file": (
        [],
        [*CLAIM, "--number", "hours=3"],
        [*CLAIM, "--number", "hours=4"],
    ),
    "claim step": (
        [[*CLAIM, "--number", "hours=3"]],
        [
            "claim",
            "step",
            "J-T1",
            "verify",
            "--actor",
            "网格员",
            "--role",
            "grid_worker",
        ],
        ["claim", "step", "J-T1", "verify", "--actor", "网格员", "--role", "committee"],
    ),
    "order": (
        [],
        ["order", "DH-T1", "--account", "PC1485", "--item", "soap=1"],
        [
            "order",
            "DH-T1",
            "--account",
            "PC1485",
            "--item",
            "soap=1",
            "--item",
            "oil=1",
        ],
    ),
    "run": ([], ["run", "{visit}"], ["run", "{other}"]),
}


def test_every_verb_has_a_case() -> None:
    """A verb added to the table without a case here fails this test."""
    assert set(VERBS) == {verb.name for verb in WRITE_VERBS}


@pytest.mark.parametrize("name", sorted(VERBS))
def test_verb_is_idempotent_by_its_key(
    name: str, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Twice with one key: the same output, one set of events; another payload: 1."""
    setup, line, other = VERBS[name]
    files = {
        "{visit}": visit_json(tmp_path / "a.json", "身体好"),
        "{other}": visit_json(tmp_path / "b.json", "不在家"),
    }

    def argv(words: list[str], *extra: str) -> list[str]:
        words = [files.get(w, w) for w in words]
        return [*words, "--db", str(db), "--at", AT, *extra]

    for words in setup:
        assert main(argv(words)) == 0
    capsys.readouterr()
    before = events(db)
    assert main(argv(line, "--key", "req-1")) == 0
    first = capsys.readouterr()
    after = events(db)
    assert after > before
    assert first.out.strip()
    assert first.err == ""
    assert main(argv(line, "--key", "req-1", "--at", "2026-11-30T11:00")) == 0
    again = capsys.readouterr()
    assert again.out == first.out
    assert "此前已登记" in again.err
    assert events(db) == after
    assert main(argv(other, "--key", "req-1", "--lang", "en")) == 1
    refused = capsys.readouterr()
    assert refused.out == ""
    lines = refused.err.strip().splitlines()
    assert len(lines) == 1
    assert "idempotency key 'req-1'" in lines[0]
    assert "differs in" in lines[0]
    assert events(db) == after


@pytest.mark.parametrize("verb", WRITE_VERBS, ids=lambda v: v.name)
def test_help_is_chinese_and_english(
    verb: WriteVerb, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*verb.path, "--help"]) == 0
    out = capsys.readouterr().out
    assert verb.help_zh in out
    assert "--key" in out
    assert "--at" in out
    assert "--json" in out


def test_a_line_run_again_the_same_day_records_once(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --key and --at, the key comes from the content and the day."""
    line = ["visit", "PC0003", "--actor", "W06", "--note", "家中无人", "--db", str(db)]
    before = events(db)
    assert main(line) == 0
    once = events(db)
    assert once == before + 2  # the request record and the visit
    assert main(line) == 0
    assert events(db) == once
    assert main([*line[:-2], "--note", "已见到", "--db", str(db)]) == 0
    assert events(db) == once + 2
    assert "此前已登记" in capsys.readouterr().err


def test_a_visit_on_another_day_is_another_visit(db: Path) -> None:
    line = ["visit", "PC0003", "--actor", "W06", "--db", str(db)]
    before = events(db)
    assert main([*line, "--at", "2026-11-30"]) == 0
    assert main([*line, "--at", "2026-12-01"]) == 0
    assert events(db) == before + 4


def test_refusal_exits_1_with_one_line_and_writes_nothing(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = events(db)
    line = ["visit", "PC9999", "--actor", "W06", "--db", str(db)]
    assert main(line) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["gridgov visit：错误：找不到住户编号 PC9999"]
    assert main([*line, "--lang", "en"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["gridgov visit: error: unknown household 'PC9999'"]
    assert events(db) == before


def test_human_output_names_people_and_states(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*CASE, "--db", str(db), "--at", AT]) == 0
    out = capsys.readouterr().out
    assert out == "事项 C-T1（路灯不亮）：上报，网格\n"
    line = ["visit", "PC0001", "--actor", "W06", "--db", str(db), "--at", AT]
    assert main([*line, "--kind", "phone", "--note", "身体好"]) == 0
    assert capsys.readouterr().out == (
        "已登记走访：户 PC0001（孟*），茹雪梅（W06），电话，2026-11-30 10:00\n"
        "  情况：身体好\n"
    )
    assert main([*line, "--kind", "phone", "--note", "身体好", "--lang", "en"]) == 0
    assert capsys.readouterr().out == (
        "Visit recorded: household PC0001, 茹雪梅 (W06), phone, 2026-11-30 10:00\n"
        "  note: 身体好\n"
    )


def test_a_visit_with_a_problem_opens_a_case(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = ["visit", "PC0001", "--actor", "W06", "--db", str(db), "--at", AT]
    assert main([*line, "--problem", "楼道灯坏了", "--key", "v-9"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "事项 V-PC0001-v-9（楼道灯坏了）：上报，网格"


def test_json_is_the_result_with_numbers_masked(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = ["visit", "PC0001", "--actor", "W06", "--db", str(db), "--at", AT]
    assert main([*line, "--note", "回电 13812345678", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["command"] == "RecordVisit"
    assert data["subject"] == "visits:PC0001"
    assert data["key"].startswith("cli-")
    assert data["result"]["note"] == "回电 138****5678"


def test_claim_and_order_flow(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """File, verify, publicise; an order holds the household's points."""
    base = ["--db", str(db), "--at", AT]
    assert main([*CLAIM, "--number", "hours=2", *base]) == 0
    for step in ("verify", "publicise"):
        line = ["claim", "step", "J-T1", step, "--actor", "网格员"]
        assert main([*line, "--role", "grid_worker", *base]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "积分申报 J-T1：户 PC0001（孟*），公示"
    )
    line = ["order", "DH-T2", "--account", "PC1485", "--item", "soap=1"]
    assert main([*line, *base]) == 0
    assert capsys.readouterr().out == (
        "兑换单 DH-T2：户 PC1485（林*霞），洗衣皂×1，共 5 分，已冻结\n"
    )


def test_an_overspend_is_refused(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = events(db)
    line = ["order", "DH-T3", "--account", "PC1485", "--item", "oil=1", "--db", str(db)]
    assert main(line) == 1
    assert "可兑换积分不足" in capsys.readouterr().err
    assert events(db) == before


def test_a_missing_journal_needs_create(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "new.db"
    line = ["visit", "PC0001", "--actor", "W06", "--db", str(db), "--at", AT]
    assert main(line) == 1
    assert "--create" in capsys.readouterr().err
    assert not db.exists()
    assert main([*line[:1], "PC9999", *line[2:], "--create"]) == 1
    assert not db.exists()  # a refused first command leaves no journal
    assert main([*line, "--create"]) == 0
    assert events(db) == 2  # the request record and the visit


def test_run_reads_stdin_and_fills_at_and_actor(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = json.dumps({"type": "RecordVisit", "household": "PC0002"})
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    line = ["run", "-", "--actor", "W06", "--at", AT, "--db", str(db)]
    assert main(line) == 0
    assert capsys.readouterr().out.startswith("已登记走访：户 PC0002")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "a command as JSON"),
        ("[1]", "a JSON object"),
        ('{"type": [1]}', "one of"),
        ('{"type": "Nope"}', "one of"),
        ('{"type": "RecordVisit", "household": 3, "worker": "W06"}', "household"),
    ],
)
def test_run_refuses_bad_json(
    text: str,
    message: str,
    db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "cmd.json"
    path.write_text(text)
    before = events(db)
    assert main(["run", str(path), "--db", str(db), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("gridgov run: error:")
    assert message in err
    assert events(db) == before


@pytest.mark.parametrize(
    "words",
    [
        ["order", "DH-9", "--account", "PC1485", "--item", "soap"],
        ["case", "fire", "C-1", "register", "--actor", "x", "--field", "novalue"],
        [*PATROL, "--finding", "fire"],
        ["visit", "PC0001", "--actor", "W06", "--at", "yesterday"],
    ],
)
def test_usage_errors_exit_2(
    words: list[str], db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*words, "--db", str(db)]) == 2
    assert "expected" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(VERBS))
def test_output_is_chinese_or_english_throughout(
    name: str, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Chinese: no identifier or English word. English: no Chinese but names."""
    from _ascii_scan import chinese_leaks, english_leaks
    from test_chinese_output import names

    setup, line, _ = VERBS[name]
    files = {"{visit}": visit_json(tmp_path / "a.json", "身体好")}
    typed = [files.get(w, w) for w in line]
    for words in setup:
        assert main([*words, "--db", str(db), "--at", AT]) == 0
    capsys.readouterr()
    for lang in ("zh", "en"):
        assert main([*typed, "--db", str(db), "--at", AT, "--lang", lang]) == 0
        out = capsys.readouterr()
        text = out.out + out.err
        # what the user typed, and the case ids derived from it, stay as written
        derived = re.findall(r"\b[PV]-[\w-]+", text)
        allow = [*typed, *derived, "C-T1", "J-T1", "DH-T1"]
        if lang == "zh":
            assert english_leaks(text, allow=allow) == [], text
        else:
            words = " ".join(w for ws in [*setup, line] for w in ws) + " 身体好"
            given = set(re.findall(r"[\u3400-\u9fff]+", words))
            assert chinese_leaks(text, names={*names(), *given}) == [], text


def test_a_claim_recognised_after_its_notice_window(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """认定 waits for the notice window; then the points are there to spend."""
    base = ["--db", str(db)]
    claim = ["claim", "file", "J-9", "--account", "PC1485", "--actor", "W06"]
    facts = ["--fact", "kind=volunteer", "--number", "hours=3"]
    assert main([*claim, *facts, *base, "--at", "2026-11-30T09:00"]) == 0
    step = ["claim", "step", "J-9"]
    worker = ["--actor", "网格员", "--role", "grid_worker", *base]
    assert main([*step, "verify", *worker, "--at", "2026-11-30T10:00"]) == 0
    assert main([*step, "publicise", *worker, "--at", "2026-11-30T11:00"]) == 0
    panel = ["--actor", "评议小组", "--role", "committee", *base]
    capsys.readouterr()
    assert main([*step, "recognise", *panel, "--at", "2026-12-01T16:00"]) == 1
    assert "2026-12-03" in capsys.readouterr().err
    assert main([*step, "recognise", *panel, "--at", "2026-12-04T16:00"]) == 0
    assert capsys.readouterr().out == (
        "积分申报 J-9：户 PC1485（林*霞），认定，获 6 分\n"
    )
    order = ["order", "DH-9", "--account", "PC1485", *base]
    assert main([*order, "--item", "soap=2", "--at", "2026-12-04T17:00"]) == 0
    assert "洗衣皂×2，共 10 分，已冻结" in capsys.readouterr().out  # 8 + 6 points
