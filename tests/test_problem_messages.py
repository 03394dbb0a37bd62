"""
Spec and table problems read as Chinese by default and as English with ``--lang en``.

Every problem template (`gridgov.errors.PROBLEM_TEMPLATES`) has a Chinese one
(`gridgov.labels._problems.ZH_TEMPLATES`); each renders, in Chinese without
English words (`_ascii_scan.english_leaks`), in English as the message
developers read (``str(err)``). The command line's side is in
test_problem_messages_cli.py.
"""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import pytest

from _ascii_scan import english_leaks
from gridgov.errors import (
    PROBLEM_TEMPLATES,
    InvalidValueError,
    RowProblem,
    SpecError,
    SpecProblem,
    UnknownEntityError,
    shown,
)
from gridgov.labels import describe, problem_line, problem_text, row_line
from gridgov.labels._problems import ZH_TEMPLATES

_ROW = RowProblem(4, "户号", "", code="empty_cell")

SAMPLES: dict[str, dict[str, Any]] = {
    "unknown_field": {"suggestion": "resident_since"},
    "duplicate_field": {"name": "hours"},
    "missing_field": {},
    "missing_parameter": {},
    "expected": {"expected": "an integer >= 1", "value": -5},
    "expected_kind": {"expected": "a list", "kind": "a number"},
    "expected_plain": {"expected": "0 or more", "value": -1},
    "expected_typed": {
        "expected": "text (a quoted string)",
        "value": True,
        "type": "bool",
    },
    "expected_choice": {
        "choices": "urban, rural, dedicated",
        "options": ("urban", "rural", "dedicated"),
        "names": ("城市", "农村", "专属"),
        "value": "suburban",
        "suggestion": None,
    },
    "expected_date": {"value": "2026/13/01"},
    "expected_datetime": {"value": "2026-03-01 09:00"},
    "top_level": {"kind": "an array"},
    "not_finite": {"value": float("nan")},
    "too_large": {"value": 10**16},
    "too_many_digits": {"digits": 21},
    "giant_number": {},
    "below": {"kind": "an integer", "low": 1, "value": -5},
    "above": {"kind": "a number", "high": 365, "value": 400},
    "surrogate": {"text": "\ud800"},
    "too_deep": {"depth": 32},
    "encoding_bom": {"encoding": "UTF-16 (Notepad's 'Unicode')"},
    "encoding_gb18030": {},
    "encoding_byte": {"byte": 0xED},
    "encoding_cut": {},
    "invalid_toml": {"detail": "Expected '=' after a key in a key/value pair"},
    "invalid_json": {"detail": "Expecting value"},
    "file_suffix": {"name": "town.yaml"},
    "file_unreadable": {"reason": "No such file or directory", "errno": 2},
    "file_too_big": {"mib": 16},
    "file_format": {"value": "yaml"},
    "unknown_ref": {"kind": "care tag", "key": "orphan", "suggestion": "orphaned"},
    "unknown_ref_known": {
        "kind": "state",
        "key": "limbo",
        "known": "raised, closed",
        "known_list": ("raised", "closed"),
    },
    "duplicate_id": {"kind": "household", "key": "H1", "first": "households[0].id"},
    "duplicate": {"kind": "rule id", "key": "R1"},
    "cycle": {"kind": "organisation parents", "chain": "a → b → a"},
    "unknown_parameter": {"known": "at_least, total", "known_list": ("at_least",)},
    "unknown_member": {"key": "P1", "suggestion": "PC1"},
    "duplicate_also": {"kind": "checklist code", "first": "checklists[0]"},
    "duplicate_key_also": {"kind": "rule id", "key": "R1", "first": "rules[0]"},
    "duplicate_at": {"kind": "care tag", "key": "orphan", "first": "care_tags[0]"},
    "max_below_min": {"low": 5, "high": 2},
    "at_least_one": {"kind": "visit kind"},
    "non_empty": {"kind": "id"},
    "must_not_be_empty": {},
    "region_code_digits": {"value": "41O381"},
    "region_code_length": {"want": 9, "level": "乡镇街道", "got": 8},
    "region_code_prefix": {"prefix": "410381"},
    "condition": {"column": 3, "detail": "syntax error: invalid syntax"},
    "condition_part": {"detail": "unknown field 'hours'; did you mean 'hour'?"},
    "state_unreachable": {"state": "limbo", "initial": "raised"},
    "state_exits": {"state": "closed"},
    "state_dead_end": {"state": "limbo"},
    "state_no_end": {"state": "limbo"},
    "no_terminal": {},
    "sources_empty": {},
    "target_either": {},
    "targets_missing": {},
    "no_effect": {"effect": "resolve"},
    "command_unused": {"command": "review"},
    "command_redefined": {
        "command": "review",
        "state": "raised",
        "first": "transitions[0]",
    },
    "cap_needs_limit": {},
    "table_row": {"file": "homes.csv", "text": str(_ROW), "row": _ROW},
    "unknown_column": {"suggestion": "户号"},
    "column_repeats": {"first": "户号", "field": "household_id"},
    "missing_column": {"wanted": "'户号' or 'id'", "headers": ("户号", "id")},
    "empty_cell": {},
    "extra_cells": {"cells": 9, "headers": 8},
    "duplicate_row": {"kind": "household", "key": "T1", "first": 2},
    "id_length": {"length": 17},
    "id_digits": {},
    "id_check": {},
    "phone_digits": {},
    "tag_level": {"name": "独居老人", "value": "很重"},
    "expected_time": {"value": "25:00"},
    "visitor_empty": {},
    "same_visit": {"first": 3},
    "refused": {"error": UnknownEntityError("household", "PC9999")},
    "unknown_worker": {"suggestion": "W19"},
    "worker_name_mismatch": {"worker": "W01", "name": "茹雪梅"},
    "worker_name_ambiguous": {"count": 2, "ids": "W01, W02"},
    "worker_name_unknown": {"suggestion": "茹雪梅"},
    "missing_worker_column": {},
    "same_key": {"first": "rules[0]", "key": ("*", "urgent", "*", "accept")},
    "no_limit": {},
    "ladder_order": {"level": "town", "below": "county"},
    "ladder_empty": {},
    "authority_twice": {"key": "环境卫生", "first": "authority[0]"},
    "one_of": {"choices": "*, normal, urgent", "options": ("*", "normal", "urgent")},
    "not_negative": {},
    "effect_field": {"effect": "assign", "field": "to_unit", "first": "transitions[2]"},
    "resolve_unverified": {"command": "close", "state": "doing"},
    "cap_on_deduction": {},
    "quantity_field": {"unit": "hour", "value": "hour", "suggestion": "hours"},
    "field_not_number": {"name": "kind", "type": "text"},
    "quantity_unwanted": {},
    "reset_or_expiry": {},
    "chinese_label": {},
    "floor_tags": {},
    "last_visit_once": {},
    "grace_needs_catch_up": {},
    "catch_up_needs_grace": {},
    "trigger_tags": {},
    "parent_level": {
        "level": "县区",
        "level_en": "county",
        "key": "410381",
        "above": "县区",
        "above_en": "county",
    },
    "table_encoding": {"byte": 0xFF},
    "table_too_big": {"size": 40, "most": 32},
    "table_suffix": {"name": "台账.ods"},
    "table_empty": {},
    "too_many_rows": {"most": 200000},
    "not_csv": {"detail": "field larger than field limit (131072)"},
    "not_xlsx": {"detail": "BadZipFile: File is not a zip file"},
    "workbook_unreadable": {"detail": "KeyError: 'xl/workbook.xml'"},
    "sheet_unreadable": {"detail": "ValueError: bad"},
    "no_sheet": {"sheet": "Sheet2", "names": "台账"},
    "year_twice": {"year": 2027, "first": "years[0]"},
    "claim_fact": {"value": True},
    "field_name": {"value": "len"},
    "choices_on_text": {},
    "zero_points": {},
    "valid_until": {"start": dt.date(2026, 3, 1), "value": dt.date(2026, 1, 1)},
    "city_code": {},
    "no_township": {},
    "unknown_kind": {
        "keys": "shop",
        "key_list": ("shop",),
        "kinds": "township (a township roster)",
        "kinds_zh": "花名册",
    },
    "until_after_since": {
        "detail": "end: expected a date on or after start 2026-03-01, got 2026-01-01 "
        "(date)",
        "since": dt.date(2026, 3, 1),
        "value": dt.date(2026, 1, 1),
    },
    "spec_source": {"kind": "list"},
    "no_rest_days": {},
    "day_outside_year": {"day": dt.date(2026, 1, 1), "year": 2027},
    "working_rest_day": {"day": dt.date(2027, 2, 7)},
    "weekday_working_day": {
        "day": dt.date(2027, 2, 3),
        "weekday": "Wednesday",
        "weekday_zh": "三",
    },
}
"""Parameters for each problem code, as the code that raises it passes them."""


def test_every_template_has_chinese_and_a_sample() -> None:
    """The English and Chinese tables list the same codes; each has a sample here."""
    assert set(ZH_TEMPLATES) == set(PROBLEM_TEMPLATES)
    assert set(SAMPLES) == set(PROBLEM_TEMPLATES)


@pytest.mark.parametrize("code", sorted(PROBLEM_TEMPLATES))
def test_each_problem_reads_in_chinese_and_english(code: str) -> None:
    """Chinese without English words; English as the message developers read."""
    problem = SpecProblem.of("rules[0].visits", code, **SAMPLES[code])
    zh = problem_text(problem)
    assert zh != problem.message, f"{code}: fell back to English"
    assert english_leaks(zh) == [], zh
    assert problem_text(problem, "en") == problem.message
    assert problem_line(problem, "en") == str(problem)
    assert problem_line(problem).startswith("rules[0].visits：")


def test_spec_error_keeps_its_english_str() -> None:
    """``str(err)`` is English for developers; describe() says it in Chinese."""
    err = SpecError(
        [
            SpecProblem.of(
                "villages[0].grids[0].kind",
                "expected_choice",
                **SAMPLES["expected_choice"],
            )
        ],
        source="town.toml",
    )
    assert str(err) == (
        "1 problem in spec town.toml:\n  villages[0].grids[0].kind: expected one of "
        "urban, rural, dedicated; got 'suburban'"
    )
    assert describe(err) == (
        "town.toml 有 1 处问题：\n  villages[0].grids[0].kind：应为 "
        "'urban'（城市）、'rural'（农村）、'dedicated'（专属） 之一，实为 'suburban'"
    )
    assert describe(err, "en") == str(err)


def test_a_problem_without_a_code_stays_english() -> None:
    """Free text is not guessed at: it is shown as written."""
    problem = SpecProblem("rules[0]", "something only English says")
    assert problem_text(problem) == "something only English says"


def test_row_problems_are_located_in_chinese() -> None:
    row = RowProblem(
        3, "户号", "", code="duplicate_row", params=SAMPLES["duplicate_row"]
    )
    assert row.message == "duplicate household id 'T1' (first on line 2)"
    assert (
        row_line(row) == "第 3 行，「户号」列：住户编号 'T1' 重复（首次出现在第 2 行）"
    )
    assert row_line(row, "en") == str(row)


def test_values_are_shown_not_repred() -> None:
    """A date is ISO, text is quoted; no ``datetime.datetime(…)`` in a message."""
    at = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    err = InvalidValueError("at", "a timezone-aware datetime", at)
    assert "datetime.datetime(" not in str(err)
    assert str(err) == (
        "at: expected a timezone-aware datetime, got 2026-11-30T09:00:00+00:00 "
        "(datetime)"
    )
    assert describe(err) == "'at'：应为带时区的日期时间，实为 2026-11-30T09:00:00+00:00"
    assert shown(dt.date(2026, 11, 30)) == "2026-11-30"


def test_errors_and_problems_pickle_with_their_structure() -> None:
    """A SpecError crosses processes whole: problems, codes, the errors they keep."""
    refused = UnknownEntityError("household", "PC9999")
    row = RowProblem(3, "户号", "", code="refused", params={"error": refused})
    problem = SpecProblem.of("visits", "expected", expected="an integer >= 1", value=0)
    err = SpecError([problem], source="policy.toml")
    again = pickle.loads(pickle.dumps(err))
    assert (str(again), again.source, again.problems) == (
        str(err),
        err.source,
        (problem,),
    )
    assert describe(again) == describe(err)
    row_again = pickle.loads(pickle.dumps(row))
    assert row_line(row_again) == "第 3 行，「户号」列：找不到住户编号 PC9999"
