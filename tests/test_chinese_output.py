"""Every read command speaks Chinese by default, and English with ``--lang en``.

The sample township's journal is written once (``gridgov demo`` for one day);
then demo, plan, report (Markdown and HTML), verify, doctor and validate (on a
bad file) run in Chinese, and their stdout and stderr are scanned for English
that leaked in (`_ascii_scan.english_leaks`: snake_case and CamelCase
identifiers, Python reprs, English words). With ``--lang en`` the same
commands are scanned the other way: no Chinese but names (of places, people,
goods, checklist items, the township's own rules and tags).
"""

from __future__ import annotations

import contextlib
import io
from functools import cache
from pathlib import Path

import pytest

from _ascii_scan import chinese_leaks, english_leaks, visible_text
from gridgov.app import sample_config
from gridgov.cli import VALIDATORS, main
from gridgov.domain.regions import Level
from gridgov.labels import KINDS, describe, label, masked_name
from gridgov.points.lots import InsufficientPointsError
from gridgov.points.supermarket import (
    Item,
    OrderStateError,
    OrderStatus,
    OutOfStockError,
)

MONTH = "2026-11"


def run(*argv: str) -> tuple[int, str]:
    """Run the CLI; return its exit code and what it wrote (stdout, then stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    text = out.getvalue() + err.getvalue()
    return code, visible_text(text) if "<table" in text else text


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample township with a simulated month, in a SQLite journal."""
    db = tmp_path_factory.mktemp("zh") / "peicun.db"
    code, _ = run("demo", "--db", str(db), "--period", MONTH, "--quiet")
    assert code == 0
    return db


@pytest.fixture(scope="module")
def bad_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A township file with a misspelt value and a missing field."""
    path = tmp_path_factory.mktemp("zh") / "town.toml"
    path.write_text(
        'name = "杏花村"\ncode = "410381003009"\n'
        '[[regions]]\ncode = "410381003009001"\nname = "一网格"\nlevel = "gird"\n',
        encoding="utf-8",
    )
    return path


def commands(db: Path, bad: Path) -> dict[str, list[str]]:
    """Every read command, as argv, by name."""
    report = ["report", "--db", str(db), "--period", MONTH]
    return {
        "demo": ["demo", "--period", MONTH, "--quiet"],
        "plan": ["plan", "--db", str(db), "--worker", "W06", "--week", "2026-W48"],
        "report": report,
        "report-html": [*report, "--format", "html"],
        "verify": ["verify", str(db)],
        "doctor": ["doctor", str(db)],
        "validate": ["validate", str(bad)],
    }


NAMES = [
    "demo",
    "plan",
    "report",
    "report-html",
    "verify",
    "doctor",
    "validate",
]

# What the user typed or what a file of theirs says stays as written: the
# paths, the --kind choices validate offers, the field names and values in
# the bad file (``level = "gird"``), and the program and command names.
TYPED = (*VALIDATORS, "level", "gird", "grid", "regions", "code", "name", *NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_chinese_output_has_no_english(
    name: str, journal: Path, bad_spec: Path
) -> None:
    """The Chinese output of every read command holds no identifier, repr or English."""
    argv = commands(journal, bad_spec)[name]
    _, text = run(*argv)
    assert text.strip()
    allow = (str(journal), str(bad_spec), *TYPED)
    assert english_leaks(text, allow=allow) == []


@cache
def names() -> frozenset[str]:
    """Names in the sample township that English output shows as written."""
    config = sample_config()
    roster = config.roster
    found = {roster.name}
    found |= {r.name for r in roster.regions.values()}
    found |= {w.name for w in roster.workers.values()}
    found |= {c.name for c in roster.central_households.values()}
    found |= {o.name for o in roster.organisations.values()}
    for household in roster.households.values():
        found |= {m.name for m in household.members}
        found |= {masked_name(m.name) for m in household.members}
        found.add(household.building)
    # a township's own tags without an English label, its checklist items
    found |= {t.zh for t in roster.vocabulary.values() if not t.en}
    for book in config.checklists.checklists:
        found |= {item.label_zh for item in book.items}
    return frozenset(found)


@pytest.mark.parametrize("name", NAMES)
def test_english_output_has_no_chinese_but_names(
    name: str, journal: Path, bad_spec: Path
) -> None:
    """``--lang en``: English throughout; names of places and people stay."""
    argv = commands(journal, bad_spec)[name]
    _, text = run("--lang", "en", *argv)
    assert text.strip()
    # a region code's problem names its level by the standard's Chinese term
    # (``expected 9 digits for a 乡镇街道 code``), as gridgov.domain documents
    levels = {level.zh for level in Level}
    assert chinese_leaks(text, names=names() | levels) == []


def test_every_event_type_has_a_label() -> None:
    """Every registered event type reads as Chinese and English words."""
    import gridgov.app  # noqa: F401 - registers the application's events
    from gridgov.domain.events import registered_event_types

    for type_name in registered_event_types():
        if type_name.startswith("ContractNote"):  # the journal contract suite's own
            continue
        assert label("event", type_name) != type_name, type_name
        assert english_leaks(label("event", type_name)) == []
        assert chinese_leaks(label("event", type_name, "en")) == []


def test_every_vocabulary_has_chinese_and_english() -> None:
    """Each gathered label is Chinese in Chinese and ASCII-only in English."""
    for kind, table in KINDS.items():
        for key, entry in table.items():
            assert english_leaks(entry.zh) == [], (kind, key)
            assert chinese_leaks(entry.en) == [], (kind, key)


def test_refusals_read_as_chinese() -> None:
    """The supermarket's refusals in people's words; English keeps the message."""
    short = InsufficientPointsError("YF01", "redeemable points", 50, 29)
    soap = Item("soap", "肥皂", 5)
    cases = [
        (short, "YF01 可兑换积分不足：需要 50 分，现有 29 分"),
        (OutOfStockError(soap, 2, 3), "肥皂库存不足：库存 2 件，订购 3 件"),
        (
            OrderStateError("O1", "cancel", OrderStatus.FULFILLED),
            "兑换单 O1 已兑换，不能取消",
        ),
    ]
    for err, zh in cases:
        assert describe(err) == zh
        assert english_leaks(describe(err)) == []
        assert describe(err, "en") == str(err)


def test_the_glossary_lists_every_event_label() -> None:
    """docs/glossary.md's event table is the labels' table, row for row."""
    import gridgov.app  # noqa: F401 - registers the application's events
    from gridgov.domain.events import registered_event_types

    glossary = Path(__file__).resolve().parents[1] / "docs" / "glossary.md"
    text = glossary.read_text(encoding="utf-8")
    section = text.split("### Event types (事件类型)")[1].split("###")[0]
    rows = {
        cells[0].strip("` "): cells[1].strip()
        for line in section.splitlines()
        if line.startswith("| `")
        for cells in [line.strip("|").split("|")]
    }
    expected = {
        name: label("event", name)
        for name in registered_event_types()
        if not name.startswith("ContractNote")
    }
    assert rows == expected


def test_lang_goes_before_or_after_the_command() -> None:
    """``gridgov --lang en plan …`` and ``gridgov plan … --lang en`` agree."""
    plan = ["plan", "--worker", "W06", "--week", "2026-W48"]
    before = run("--lang", "en", *plan)
    after = run(*plan, "--lang", "en")
    assert before == after
    assert before[1].startswith("full-time grid worker 茹雪梅 (W06) visit plan")
    assert run(*plan)[1].startswith("专职网格员 茹雪梅 (W06) 走访计划")
