"""
The English of structured spec problems, and `shown`, standard library only.

This private module sits beside `gridgov.errors`, which re-exports its names
(`gridgov.errors.PROBLEM_TEMPLATES`, `problem_message`, `shown`, `closest`): the
templates are the English every `SpecProblem` made with `SpecProblem.of`
carries as its message. Their Chinese is in `gridgov.labels` (a layer above,
where the engines' vocabulary is), keyed by the same codes.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

__all__ = ["PROBLEM_TEMPLATES", "closest", "problem_message", "shown"]


def closest(word: str, options: Iterable[str]) -> str | None:
    """
    The option closest to *word* (a likely typo of it), or None.

    >>> closest("grid_liason", ["grid_liaison", "grid_chief"])
    'grid_liaison'
    """
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return close[0] if close else None


def shown(value: object) -> str:
    """
    A value as a message shows it: text quoted, dates in ISO form, never a repr.

    Text is quoted (``'suburban'``: where it starts and ends matters), a date
    or time is written as a spec file writes it, a container by its items, and
    anything else as `str` shows it; a message never says
    ``datetime.date(2026, 11, 30)``.

    >>> import datetime
    >>> shown("suburban"), shown(datetime.date(2026, 11, 30)), shown(5)
    ("'suburban'", '2026-11-30', '5')
    >>> shown(datetime.datetime(2026, 11, 30, 9, 0)), shown(("a", 1))
    ('2026-11-30T09:00:00', "['a', 1]")
    """
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    if isinstance(value, Mapping):
        items = (f"{shown(k)}: {shown(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    return str(value)


PROBLEM_TEMPLATES: Mapping[str, str] = MappingProxyType(
    {
        # the shape of a document: fields, types, values
        "unknown_field": "unknown field",
        "duplicate_field": "duplicate field {name!r}",
        "missing_field": "required field is missing",
        "missing_parameter": "required parameter is missing",
        "expected": "expected {expected}, got {value!r}",
        "expected_kind": "expected {expected}, got {kind}",
        "expected_plain": "expected {expected}, got {value}",
        "expected_typed": "expected {expected}, got {value!r} ({type})",
        "expected_choice": "expected one of {choices}; got {value!r}",
        "expected_date": "expected a date like 2026-03-01, got {value!r}",
        "expected_datetime": (
            "expected a timezone-aware date and time like "
            "2026-03-01T09:00:00+08:00, got {value!r}"
        ),
        "top_level": "expected a table (a JSON object) at the top level, got {kind}",
        "not_finite": "expected a finite number, got {value}",
        "too_large": "expected a number below 10^15, got {value}",
        "too_many_digits": "expected a number below 10^15, got a number of "
        "{digits} digits",
        "giant_number": "expected a number below 10^15, got one of 4300+ digits",
        "below": "expected {kind} >= {low}, got {value}",
        "above": "expected {kind} <= {high}, got {value}",
        "surrogate": "expected valid Unicode text, got a lone surrogate {text!r}",
        "too_deep": "nested more than {depth} levels deep",
        # the file itself
        "encoding_bom": "this file is {encoding}, not UTF-8; save it as UTF-8 "
        "(另存为 → 编码: UTF-8)",
        "encoding_gb18030": "this file looks like GB18030 (GBK), not UTF-8; save it "
        "as UTF-8 (另存为 → 编码: UTF-8)",
        "encoding_byte": "not UTF-8 text (byte 0x{byte:02X}); save it as UTF-8 "
        "(另存为 → 编码: UTF-8)",
        "encoding_cut": "the file ends in the middle of a character: was it cut short?",
        "invalid_toml": "invalid TOML: {detail}",
        "invalid_json": "invalid JSON: {detail}",
        "file_suffix": "expected a .toml or .json file, got {name!r}",
        "file_unreadable": "cannot read file: {reason}",
        "file_too_big": "the file is larger than {mib} MiB, the most a spec file "
        "may be (put households in household_tables)",
        "file_format": "expected format toml or json, got {value!r}",
        # references, ids and the meaning of a spec
        "unknown_ref": "unknown {kind} {key!r}",
        "unknown_ref_known": "unknown {kind} {key!r}; known: {known}",
        "duplicate_id": "duplicate {kind} id {key!r} (first defined at {first})",
        "duplicate": "duplicate {kind} {key!r}",
        "cycle": "{kind} form a cycle: {chain}",
        "unknown_parameter": "unknown parameter; known: {known}",
        "unknown_member": "unknown member {key!r} (expected a person or worker id)",
        "duplicate_also": "duplicate {kind} (also {first})",
        "duplicate_key_also": "duplicate {kind} {key!r} (also {first})",
        "duplicate_at": "duplicate {kind} {key!r} (first at {first})",
        "max_below_min": "expected a maximum >= the minimum {low}, got {high}",
        "at_least_one": "expected at least one {kind}",
        "non_empty": "expected a non-empty {kind}",
        "must_not_be_empty": "must not be empty",
        "region_code_digits": "expected digits only, got {value!r}",
        "region_code_length": "expected {want} digits for a {level} code, got {got}",
        "region_code_prefix": (
            "expected a code starting with its parent's code {prefix!r}"
        ),
        "condition": "column {column}: {detail}",
        "condition_part": "{detail}",
        # the states and commands of a workflow
        "state_unreachable": "state {state!r} is unreachable from the initial "
        "state {initial!r}",
        "state_exits": "terminal state {state!r} must have no way out",
        "state_dead_end": "non-terminal state {state!r} has no way out (dead end)",
        "state_no_end": "state {state!r} can never reach a terminal state",
        "no_terminal": "no terminal state; mark at least one state terminal = true",
        "sources_empty": "must name at least one state",
        "target_either": "give either target, or target_field with targets (not both)",
        "targets_missing": "must list the states target_field may name",
        "no_effect": "no command has the effect {effect!r}",
        "command_unused": "command {command!r} is used by no transition",
        "command_redefined": "command {command!r} from state {state!r} is already "
        "defined by {first}",
        # rule books and visit policies
        "floor_tags": "the floor applies to every household; expected no tags",
        "last_visit_once": "a rule anchored to the last visit needs visits = 1",
        "grace_needs_catch_up": "grace days need catch_up = 'grace'",
        "catch_up_needs_grace": "catch_up = 'grace' needs grace_days >= 1",
        "trigger_tags": "only a 'new_tag' trigger takes tags",
        "parent_level": "expected a parent above {level} ({level_en}), got {key!r}, "
        "a {above} ({above_en})",
        "cap_needs_limit": "a cap needs max_points or max_times",
        "cap_on_deduction": "caps apply to rules that give points",
        "until_after_since": "expected a date after since: {detail}",
        "field_name": "expected an identifier that is not a keyword or function "
        "name, got {value!r}",
        "choices_on_text": "choices apply to text fields only",
        "zero_points": "expected a non-zero whole number of points, got 0",
        "valid_until": "expected a day after valid_from {start}, got {value}",
        "city_code": "expected a city code ending in '00' (GB/T 2260)",
        "quantity_field": "a per-{unit} rule needs a numeric field for the quantity, "
        "got {value!r}",
        "field_not_number": "field {name!r} is {type}, not a number",
        "quantity_unwanted": "only hour and item rules have a quantity",
        "reset_or_expiry": "give either reset or expiry_months, not both",
        "chinese_label": "expected a Chinese label",
        "same_key": "same key as {first}: {key}",
        "no_limit": "sets neither response nor resolution",
        "ladder_order": "{level!r} must be above {below!r} (the ladder goes up)",
        "ladder_empty": "must name at least one level",
        "authority_twice": "{key!r} already has {first}",
        "one_of": "expected one of {choices}",
        "not_negative": "must be >= 0",
        "effect_field": "effect {effect!r} reads field {field!r}; add it to the "
        "fields of {first}",
        "resolve_unverified": "{command!r} resolves the case, so it may leave only "
        "verified states; {state!r} is not in case.verified_states",
        "year_twice": "{year} is entered already at {first}",
        "no_rest_days": "expected the notice's rest days, got none",
        "day_outside_year": "{day} is not in {year}",
        "working_rest_day": "{day} is a rest day too",
        "weekday_working_day": "{day} is a {weekday}; 调休上班 days are Saturdays or "
        "Sundays",
        "claim_fact": "a claim records text and numbers only; got {value!r}",
        "spec_source": "expected a spec file path or a mapping, got {kind}",
        "no_township": "the folder has no township.toml; create a township folder "
        "with gridgov init",
        "unknown_kind": "cannot tell what kind of spec this is from its keys "
        "({keys}); name it with --kind: {kinds}",
        # tables (台账) a township lists
        "table_row": "{file}: {text}",
        "table_encoding": "neither UTF-8 nor GB18030 text (byte 0x{byte:02X}); save "
        "the table as CSV UTF-8",
        "table_too_big": "the file is {size} MiB; a table may be at most {most} MiB",
        "table_suffix": "expected a .csv or .xlsx file, got {name!r}",
        "table_empty": "the table is empty",
        "too_many_rows": "more than {most} rows; split the table",
        "not_csv": "not a CSV row: {detail}",
        "not_xlsx": "not an Excel workbook (.xlsx): {detail}",
        "workbook_unreadable": "cannot open workbook: {detail}",
        "sheet_unreadable": "cannot read the sheet: {detail}",
        "no_sheet": "no sheet {sheet!r}; sheets: {names}",
        "unknown_column": "unknown column",
        "column_repeats": "column repeats {first!r} (both mean {field})",
        "missing_column": "missing required column {wanted}",
        "empty_cell": "required value is empty",
        "extra_cells": "{cells} cells but {headers} headers (an unquoted comma in a "
        "value?)",
        "duplicate_row": "duplicate {kind} id {key!r} (first on line {first})",
        "id_length": "expected an 18-character ID number, got {length} characters",
        "id_digits": "expected an ID number of 17 digits 0-9 and a check digit",
        "id_check": "the ID number's check digit (GB 11643) is wrong",
        "phone_digits": "expected a phone number of 7-12 digits",
        "tag_level": "expected 一般/中等/严重 after {name!r}, got {value!r}",
        "expected_time": "expected a time like 09:30, got {value!r}",
        "visitor_empty": "who visited is empty",
        "same_visit": "the same visit as line {first} (same day, household, worker, "
        "way and text); give each a 时间 if there were two",
        "refused": "{error}",
        "unknown_worker": "unknown worker",
        "worker_name_mismatch": "工号 {worker} is not {name}",
        "worker_name_ambiguous": "{count} workers are named so ({ids}): give 工号",
        "worker_name_unknown": "no worker of that name on the roster",
        "missing_worker_column": "missing a worker column: '工号' (an id) or "
        "'网格员' (a name)",
    }
)
"""English text of each structured spec problem, by code (`str.format` fields).

A problem made with `SpecProblem.of` keeps its code and parameters, so that
`gridgov.labels.problem_text` can say it in Chinese; its ``message`` is this
template filled in, the English developers and logs read. A ``suggestion``
parameter adds ``; did you mean 'x'?`` to any of them."""


def problem_message(code: str, params: Mapping[str, Any]) -> str:
    """
    The English message of problem *code* with *params* (`PROBLEM_TEMPLATES`).

    >>> problem_message("unknown_field", {"suggestion": "resident_since"})
    "unknown field; did you mean 'resident_since'?"
    """
    text = PROBLEM_TEMPLATES[code].format(**params)
    suggestion = params.get("suggestion")
    return f"{text}; did you mean {suggestion!r}?" if suggestion else text
