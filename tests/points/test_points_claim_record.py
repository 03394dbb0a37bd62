"""The one claim record: events, folding, and ClaimDesk building it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from gridgov.calendar import ChinaCalendar
from gridgov.domain.events import Event
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import IntegrityError, InvalidValueError, SpecError
from gridgov.flow import Actor
from gridgov.io import from_json, to_json
from gridgov.io.rulebook import load_rulebook
from gridgov.points import (
    Claim,
    ClaimDesk,
    ClaimFiled,
    ClaimState,
    ClaimStepped,
    Ledger,
    claim_flow,
    claim_stream,
)
from gridgov.points.claim_record import (
    claim_stepped,
    fire_claim,
    fold_claim,
    open_claim,
)

BOOK = {
    "id": "rec",
    "name_zh": "示范",
    "version": "1",
    "fields": [
        {"name": "hours", "type": "number"},
        {"name": "count", "type": "integer"},
        {"name": "kind", "type": "text"},
        {"name": "checked", "type": "boolean"},
    ],
    "rules": [
        {"id": "vol", "name_zh": "志愿服务", "points": 5, "when": "hours >= 2"},
        {
            "id": "help",
            "name_zh": "帮扶",
            "points": 2,
            "unit": "item",
            "quantity_field": "count",
            "when": "count >= 1",
        },
    ],
}
WORKER = Actor("grid-1", frozenset({"worker"}))
COMMITTEE = Actor("评议小组", frozenset({"committee"}))
RESIDENT = Actor("H1-户主", frozenset({"resident"}))


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=CHINA_TZ)


def _filed(**changes: object) -> ClaimFiled:
    fields: dict[str, object] = {
        "stream": claim_stream("C1"),
        "key": "filed",
        "occurred_at": at(4, 1),
        "claim_id": "C1",
        "account": "H1",
        "numbers": {"hours": Decimal("2.5"), "count": Decimal(3)},
        "text": {"kind": "义诊"},
        "actor": "H1-户主",
    }
    fields.update(changes)
    return ClaimFiled(**fields)  # type: ignore[arg-type]


def test_the_record_reads_everything_from_its_filing() -> None:
    """conduct_on defaults to the filing day; whole numbers read as ints."""
    flow = claim_flow(ChinaCalendar())
    claim = open_claim(flow, _filed())
    assert isinstance(claim, Claim)
    assert (claim.id, claim.account, claim.state) == ("C1", "H1", ClaimState.SUBMITTED)
    assert claim.conduct_on == date(2026, 4, 1)
    assert claim.facts == {"kind": "义诊", "hours": Decimal("2.5"), "count": 3}
    assert type(claim.facts["count"]) is int
    assert claim.rule_ids is None
    assert [s.command for s in claim.history] == ["*start*"]
    late = open_claim(flow, _filed(conduct_on=date(2026, 3, 31), rule_ids=("vol",)))
    assert (late.conduct_on, late.rule_ids) == (date(2026, 3, 31), ("vol",))


def test_folding_a_recorded_step_matches_firing_it() -> None:
    """fire_claim checks, claim_stepped records, fold_claim applies; postings stick."""
    flow = claim_flow(ChinaCalendar())
    claim = open_claim(flow, _filed())
    step = fire_claim(flow, claim, "verify", actor=WORKER, at=at(4, 1, 10), key="v")
    event = claim_stepped(step)
    assert (event.stream, event.key, event.actor, event.note) == (
        "claim:C1",
        "v",
        "grid-1",
        "",
    )
    verified = fold_claim(flow, claim, event)
    assert verified.state is ClaimState.VERIFIED
    assert verified.history[-1] == step
    assert fire_claim(
        flow, verified, "verify", actor=WORKER, at=at(4, 1, 10), key="v"
    ) is (verified.instance.last)  # a retry: the step that produced it
    rejected = fold_claim(
        flow,
        verified,
        ClaimStepped(
            stream="claim:C1",
            key="x",
            occurred_at=at(4, 2),
            claim_id="C1",
            command="reject",
            source_state="verified",
            target_state="rejected",
            actor="grid-1",
            note="重复",
            postings=("p1",),
        ),
    )
    assert (rejected.state, rejected.postings) == (ClaimState.REJECTED, ("p1",))
    assert rejected.instance.data["reason"] == "重复"
    with pytest.raises(IntegrityError):
        fold_claim(flow, claim, _stray(event))


def _stray(event: ClaimStepped) -> ClaimStepped:
    """The same step, claimed from the wrong state."""
    return ClaimStepped(
        stream=event.stream,
        key="stray",
        occurred_at=event.occurred_at,
        claim_id=event.claim_id,
        command="publicise",
        source_state="verified",
        target_state="publicised",
        actor=event.actor,
    )


def test_claim_events_round_trip_and_old_journals_still_read() -> None:
    """conduct_on and channel survive JSON; a filing without them reads as before."""
    filed = _filed(conduct_on=date(2026, 3, 31), channel="self")
    again = from_json(to_json(filed, unmasked=True), Event)
    assert again == filed
    old = {
        "type": "ClaimFiled",
        "stream": "claim:C1",
        "key": "filed",
        "occurred_at": "2026-04-01T09:00:00+08:00",
        "event_id": filed.event_id,
        "claim_id": "C1",
        "account": "H1",
        "text": {},
        "numbers": {"hours": "3"},
        "rule_ids": [],
        "evidence": [],
        "origin": "",
        "actor": "",
    }
    legacy = from_json(to_json(old, unmasked=True), Event)
    assert isinstance(legacy, ClaimFiled)
    assert (legacy.conduct_on, legacy.channel) == (None, "")
    stepped = {
        "type": "ClaimStepped",
        "stream": "claim:C1",
        "key": "v",
        "occurred_at": "2026-04-01T10:00:00+08:00",
        "claim_id": "C1",
        "command": "verify",
        "source_state": "submitted",
        "target_state": "verified",
        "actor": "grid-1",
        "note": "",
    }
    step = from_json(to_json(stepped, unmasked=True), Event)
    assert isinstance(step, ClaimStepped)
    assert step.postings == ()


def test_the_desk_holds_the_one_claim_record() -> None:
    """ClaimDesk builds the events: conduct day, channel, steps, postings, points."""
    desk = ClaimDesk(load_rulebook(BOOK), Ledger(), ChinaCalendar())
    claim = desk.submit(
        "C1",
        "H1",
        {"hours": 2.5, "count": 3, "kind": "义诊"},
        on=date(2026, 3, 31),
        actor=RESIDENT,
        at=at(4, 1),
    )
    assert isinstance(claim, Claim)
    assert claim.filed.conduct_on == date(2026, 3, 31)
    assert (claim.conduct_on, claim.channel) == (date(2026, 3, 31), "self")
    assert claim.filed.numbers == {"hours": Decimal("2.5"), "count": Decimal(3)}
    same_day = desk.submit(
        "C2", "H1", {"count": 1}, on=date(2026, 4, 1), actor=WORKER, at=at(4, 1)
    )
    assert (same_day.filed.conduct_on, same_day.conduct_on) == (None, date(2026, 4, 1))
    assert same_day.channel == "worker"
    desk.verify("C1", actor=WORKER, at=at(4, 1, 10))
    desk.publicise("C1", actor=WORKER, at=at(4, 1, 11))
    ends = desk.notice_ends("C1")
    assert ends is not None
    done = desk.recognise(
        "C1", actor=COMMITTEE, at=datetime.combine(ends, at(4, 1).timetz())
    )
    assert done.state is ClaimState.RECOGNISED
    assert (done.points, desk.ledger.balance("H1")) == (11, 11)  # 5 + 3 items × 2
    assert done.postings == tuple(e.event_id for e in desk.ledger.events)
    conduct = [getattr(e, "conduct_on", None) for e in desk.ledger.events]
    assert conduct == [date(2026, 3, 31)] * 2
    assert done.decision is not None


def test_what_a_filing_cannot_hold_is_refused() -> None:
    """A boolean fact, a conduct day after filing, an empty rule list: refused."""
    desk = ClaimDesk(load_rulebook(BOOK), Ledger(), ChinaCalendar())
    with pytest.raises(
        SpecError, match=r"facts\.checked: a claim records text and numbers"
    ):
        desk.submit(
            "C1",
            "H1",
            {"checked": True},
            on=date(2026, 4, 1),
            actor=WORKER,
            at=at(4, 1),
        )
    with pytest.raises(InvalidValueError, match="on"):
        desk.submit("C1", "H1", {}, on=date(2026, 4, 2), actor=WORKER, at=at(4, 1))
    with pytest.raises(InvalidValueError, match="rule_ids"):
        desk.submit(
            "C1", "H1", {}, on=date(2026, 4, 1), actor=WORKER, at=at(4, 1), rule_ids=[]
        )
    assert desk.claims() == ()
