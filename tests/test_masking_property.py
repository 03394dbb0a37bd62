"""
Masking holds on every way out (issue 12, item 2).

A Hypothesis property draws a mobile, an 18-character ID number or a landline in
the forms people write them (+86 / 0086 / 86, spaces, dashes, full-width digits,
an ID ending in X or x, letters right before or after), embeds it in arbitrary
text, and puts that text into a case's title and key, a person, visit, patrol,
claim and activity records, a spec error, an idempotency conflict and a DEBUG
log record. No output may show the number: reprs, ``str()``, ``unstructure``,
``to_json``, records, DataFrames, HTML tables, error messages, logs. Region
codes, case ids, ISO timestamps, UUIDs and hex digests in the same text come
out unchanged.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import string
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _personal_numbers import HALF_WIDTH, Secret, leaks, written
from gridgov.app import Workspace, sample_config
from gridgov.domain import CHINA_TZ, DateSpan, Person
from gridgov.errors import IdempotencyConflictError, SpecError, SpecProblem
from gridgov.io import structure, to_json, to_pandas, unstructure
from gridgov.io.frames import records_of
from gridgov.logs import get_logger
from gridgov.points.claim_events import ClaimFiled, ClaimStepped
from gridgov.visits.events import HouseholdChangeNoted, VisitRecorded
from gridgov.visits.patrols import PatrolFinding, PatrolFindingRecorded
from gridgov.visits.policy import TriggerKind
from gridgov.volunteers.activities import (
    ActivityKind,
    ActivityRecorded,
    ServiceOrdered,
)

_AT = datetime(2026, 11, 2, 9, tzinfo=CHINA_TZ)


def _is_edge(char: str) -> bool:
    """A character that would make the number part of a longer token."""
    plain = char.translate(HALF_WIDTH)
    return plain in string.ascii_letters or plain in string.digits


_WORDS = st.text(
    st.characters(codec="utf-8", exclude_characters="\x00"), max_size=10
)  # NUL: refused
_PREFIX = _WORDS.filter(lambda t: not t or not _is_edge(t[-1]))
_SUFFIX = _WORDS.filter(lambda t: not t or not _is_edge(t[0]))


@st.composite
def innocent(draw: st.DrawFn) -> tuple[str, ...]:
    """Numbers that are not personal: they must come out as they went in."""
    region = draw(st.from_regex(r"[1-8][0-9]{5}", fullmatch=True))
    region += draw(st.sampled_from(["", "003", "003002", "003002001"]))
    case_id = f"C-{draw(st.integers(2000, 2099))}-{draw(st.integers(1, 9999)):04d}"
    seconds = draw(st.integers(0, 3_000_000_000))
    moment = (datetime(1990, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)).astimezone(
        CHINA_TZ
    )
    digest = hashlib.sha256(draw(st.binary(max_size=8))).hexdigest()
    return (region, case_id, moment.isoformat(), str(draw(st.uuids())), digest)


@st.composite
def free_texts(draw: st.DrawFn) -> tuple[str, Secret, tuple[str, ...]]:
    secret = draw(written())
    keep = draw(innocent())
    text = f"{draw(_PREFIX)}{secret.written}{draw(_SUFFIX)} {' '.join(keep)}"
    return text, secret, keep


_IDS = itertools.count(1)
_WORKSPACE: list[Workspace] = []


def _workspace() -> Workspace:
    if not _WORKSPACE:
        _WORKSPACE.append(Workspace.in_memory(sample_config()))
    return _WORKSPACE[0]


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def _records(text: str, secret: Secret) -> list[object]:
    """Every kind of record that carries typed text, holding *text*."""
    event = {"key": text, "occurred_at": _AT}
    return [
        # Person.name is shown as typed in repr(); its numbers are the fields.
        Person("P1", "陈海军", id_number=secret.written, phone=text),
        VisitRecorded(
            stream="visit:H1", household="H1", worker="W1", note=text, **event
        ),
        HouseholdChangeNoted(
            stream="change:H1",
            household="H1",
            change=TriggerKind.OTHER,
            detail=text,
            **event,
        ),
        PatrolFinding("safety", "wiring", note=text, place=text),
        PatrolFindingRecorded(
            stream="patrol:W1",
            patrol_key=text,
            worker="W1",
            region="410381003002001",
            checklist="safety",
            item="wiring",
            label_zh="私拉电线",
            case_category="安全隐患",
            note=text,
            place=text,
            **event,
        ),
        ClaimFiled(
            stream="claim:C1",
            claim_id="C1",
            account="H1",
            text={"activity": text},
            origin=text,
            actor="W1",
            **event,
        ),
        ClaimStepped(
            stream="claim:C1",
            claim_id="C1",
            command="verify",
            source_state="submitted",
            target_state="verified",
            actor="W1",
            note=text,
            **event,
        ),
        ServiceOrdered(
            stream="menu:O1", order_id="O1", item="m1", by="H1", note=text, **event
        ),
        ActivityRecorded(
            stream="activity:A1",
            activity_id="A1",
            team="T1",
            kind=ActivityKind.FREE_CLINIC,
            title=text,
            organiser="W1",
            participants=(("P1", Decimal(2)),),
            **event,
        ),
    ]


def _outputs(text: str, secret: Secret) -> Iterator[tuple[str, str, bool]]:
    """(what, output, holds the whole text) for every way out."""
    for record in _records(text, secret):
        name = type(record).__name__
        typed = not isinstance(record, Person)  # a person's phone is masked whole
        yield f"repr({name})", repr(record), typed
        yield f"str({name})", str(record), typed
        yield (
            f"unstructure({name})",
            json.dumps(unstructure(record), ensure_ascii=False),
            typed,
        )
        yield f"to_json({name})", to_json(record), typed
        yield f"records_of({name})", repr(records_of([record])), typed
    person = Person("P1", text, id_number=text, phone=secret.written)
    yield (
        "unstructure(Person)",
        json.dumps(unstructure(person), ensure_ascii=False),
        True,
    )
    yield "to_json(Person)", to_json(person), True
    yield "records_of(Person)", repr(records_of([person])), True
    frame = to_pandas(_records(text, secret)[1:3])
    yield "to_pandas(events)", repr(frame.to_dict("records")), True

    ws = _workspace()
    case_id = f"HOT-{next(_IDS)}"
    key = f"hotline-{secret.written}-{text}"
    case = ws.open_case(
        case_id,
        category="环境卫生",
        region="410381003002001",
        actor="W06",
        at=_AT,
        title=text,
        key=key,
    )
    yield "repr(Case)", repr(case), True
    yield "str(Case)", str(case), True
    yield "to_json(Case)", to_json(case), True
    data = json.dumps(unstructure(case), ensure_ascii=False)
    yield "unstructure(Case)", data, True
    cases = ws.cases()
    mine = [r for r in cases.to_records() if r["id"] == case_id]
    yield "CaseTable.to_records", json.dumps(mine, ensure_ascii=False), True
    html = cases.to_html()
    yield "CaseTable.to_html", html[html.index(f"<td>{case_id}</td>") :], True
    pandas_rows = cases.to_pandas().to_dict("records")
    yield (
        "CaseTable.to_pandas",
        repr([r for r in pandas_rows if r["id"] == case_id]),
        True,
    )

    with pytest.raises(IdempotencyConflictError) as conflict:
        ws.open_case(
            case_id,
            category="环境卫生",
            region="410381003002001",
            actor="W06",
            at=_AT,
            title=f"{text} again",
            key=key,
        )
    yield "IdempotencyConflictError", str(conflict.value), False
    yield "repr(IdempotencyConflictError)", repr(conflict.value), False
    plain = IdempotencyConflictError(key)
    yield "IdempotencyConflictError(key)", f"{plain} {plain!r}", False

    with pytest.raises(SpecError) as spec:
        structure({"start": text, "end": secret.written}, DateSpan)
    yield "SpecError", f"{spec.value} {spec.value!r}", False
    made = SpecError([SpecProblem(f"members.{text}", f"got {text}")], source=text)
    yield "SpecError(made)", f"{made} {made!r} {made.problems!r}", True

    capture = _Capture()
    log = get_logger("gridgov.tests.masking")
    log.addHandler(capture)
    log.setLevel(logging.DEBUG)
    try:
        log.debug("case %s title %r key %s", case_id, text, key)
        log.info(text)
    finally:
        log.removeHandler(capture)
        log.setLevel(logging.NOTSET)
    yield "logs", "\n".join(capture.lines), True


@given(free_texts())
def test_no_personal_number_survives_any_output(
    drawn: tuple[str, Secret, tuple[str, ...]],
) -> None:
    """The number is masked on every way out; innocent numbers pass untouched."""
    text, secret, keep = drawn
    for what, output, whole in _outputs(text, secret):
        assert not leaks(output, secret, keep), (what, output)
        if whole:
            missing = [token for token in keep if token not in output]
            assert not missing, (what, missing, output)
