"""
bench_replay: replaying a journal into the Workspace projections.

The events are a township's mix, built once per size, in about the proportions
of the simulated month of ``gridgov demo``: per block of 40, thirty visits
(走访), one patrol (巡查), one case round the 数字城管 loop (opened, registered,
dispatched, handled, fed back, verified, closed: 7 events) and two points
awards. Three measurements:

* **fold** — `gridgov.app.State.apply` over the decoded events (every engine's
  projection: visit lists, cases through the flow engine, the double-entry
  ledger, idempotency keys), against a baseline loop that folds the same events
  into plain dicts (visits per household, last state per case, balances).
* **growth** — the fold at 100k, 300k and 1M events (quick mode: 1k, 3k, 10k),
  with the fitted exponent (1.0 = linear).
* **reopen** — ``Workspace(config, journal)`` on a `MemoryJournal` holding 100k
  events (decode + fold), against reading the same journal into the baseline dicts.

    python benchmarks/bench_replay.py [--quick]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import attrs

from gridgov.app import State, Workspace, WorkspaceConfig, sample_config
from gridgov.cases import (
    CaseAdvanced,
    CaseOpened,
    CaseSource,
    Urgency,
    fire_case,
    open_case,
)
from gridgov.domain import CHINA_TZ, Level
from gridgov.domain.events import Event
from gridgov.domain.ids import (
    AccountId,
    HouseholdId,
    RegionCode,
    WorkerId,
    derive_event_id,
)
from gridgov.flow import Actor
from gridgov.journal import MemoryJournal
from gridgov.points import ISSUANCE, PointsPosted
from gridgov.visits import PatrolRecorded, VisitRecorded
from harness import Case, compare, growth, is_quick, write_table

START = datetime(2026, 1, 5, 9, tzinfo=CHINA_TZ)
GRID = "410381003002001"
VISITS_PER_BLOCK = 30
LOOP = (
    ("register", {}),
    ("dispatch", {"unit": "物业"}),
    ("handle", {"result": "已整改"}),
    ("feed_back", {}),
    ("verify", {"photo": "照片"}),
    ("close", {}),
)


def _case_template(ws: Workspace) -> list[Event]:
    """One case round the loop, built by the cases engine (then re-keyed per copy)."""
    rules = ws.state.rules("digital_city")
    actor = Actor("W01", frozenset({"operator", "dispatcher", "handler", "supervisor"}))
    case, opened = open_case(
        rules,
        case_id="T",
        category="问题",
        urgency=Urgency.NORMAL,
        source=CaseSource.PATROL,
        level=Level.GRID,
        unit=GRID,
        actor=actor,
        at=START,
        command_id="open",
        fields={"region": GRID},
    )
    events: list[Event] = [opened]
    for n, (command, fields) in enumerate(LOOP):
        case, step = fire_case(
            rules,
            case,
            command,
            actor=actor,
            at=START + timedelta(hours=n + 1),
            command_id=command,
            fields=fields,
        )
        events.append(step)
    return events


def _rekey(event: Event, case_id: str, shift: timedelta) -> Event:
    stream = f"case:{case_id}"
    changes: dict[str, object] = {
        "stream": stream,
        "event_id": derive_event_id(stream, event.key),
        "occurred_at": event.occurred_at + shift,
    }
    if isinstance(event, CaseOpened):
        changes["case_id"] = case_id
    return attrs.evolve(event, **changes)


def township_events(config: WorkspaceConfig, size: int) -> list[Event]:
    """*size* events of the township mix (see the module docs), in time order."""
    homes = list(config.roster.households)
    template = _case_template(Workspace.in_memory(config))
    events: list[Event] = []
    block = 0
    while len(events) < size:
        day = timedelta(minutes=block)
        at = START + day
        for i in range(VISITS_PER_BLOCK):
            h = homes[(block * VISITS_PER_BLOCK + i) % len(homes)]
            events.append(
                VisitRecorded(
                    stream=f"visits:{h}",
                    key=f"v{block}-{i}",
                    occurred_at=at,
                    household=HouseholdId(h),
                    worker=WorkerId("W06"),
                )
            )
        events.append(
            PatrolRecorded(
                stream=f"patrols:{GRID}",
                key=f"p{block}",
                occurred_at=at,
                worker=WorkerId("W01"),
                region=RegionCode(GRID),
                checklists=("fire",),
            )
        )
        events.extend(_rekey(e, f"C{block}", day) for e in template)
        events.extend(
            PointsPosted(
                stream="ledger:points",
                key=f"a{block}-{i}",
                occurred_at=at + timedelta(hours=8),
                source=ISSUANCE,
                target=AccountId(homes[(block * 2 + i) % len(homes)]),
                amount=5,
                rule_id="volunteer_hour",
            )
            for i in range(2)
        )
        block += 1
    return events[:size]


def state_fold(config: WorkspaceConfig, events: Sequence[Event]) -> Callable[[], State]:
    """Fold *events* into a fresh Workspace `State` (every engine's projection)."""

    def run() -> State:
        state = State(config)
        apply = state.apply
        for e in events:
            apply(e)
        return state

    return run


def dict_fold(events: Sequence[Event]) -> Callable[[], object]:
    """The baseline: fold the same events into plain dicts."""

    def run() -> object:
        visits: dict[str, list[Event]] = defaultdict(list)
        cases: dict[str, str] = {}
        balances: dict[str, int] = defaultdict(int)
        patrols = 0
        for e in events:
            if isinstance(e, VisitRecorded):
                visits[e.household].append(e)
            elif isinstance(e, CaseAdvanced):
                cases[e.stream] = e.target_state
            elif isinstance(e, CaseOpened):
                cases[e.stream] = "reported"
            elif isinstance(e, PointsPosted):
                balances[e.source] -= e.amount
                balances[e.target] += e.amount
            elif isinstance(e, PatrolRecorded):
                patrols += 1
        return visits, cases, balances, patrols

    return run


def _reopen(config: WorkspaceConfig, journal: MemoryJournal) -> Callable[[], Workspace]:
    """Open a Workspace on *journal*: read every event and fold it."""

    def run() -> Workspace:
        return Workspace(config, journal)

    return run


def _read_and_fold(journal: MemoryJournal) -> Callable[[], object]:
    """The baseline reopen: decode every event, fold it into plain dicts."""

    def run() -> object:
        return dict_fold([r.event for r in journal.read_all()])()

    return run


def main() -> None:
    config = sample_config()
    quick = is_quick()
    n = 2_000 if quick else 100_000
    events = township_events(config, n)
    fold = compare(
        f"fold {n:,} decoded events into projections",
        [
            Case("Workspace State.apply", state_fold(config, events), ops=n),
            Case("plain dict fold", dict_fold(events), ops=n),
        ],
        baseline="plain dict fold",
        repeat=1 if quick else 3,
    )
    journal = MemoryJournal()
    for i in range(0, n, 1000):
        journal.append(events[i : i + 1000])
    reopen = compare(
        f"reopen: read {n:,} events from a MemoryJournal and fold them",
        [
            Case("Workspace(config, journal)", _reopen(config, journal), ops=n),
            Case("read_all + plain dict fold", _read_and_fold(journal), ops=n),
        ],
        baseline="read_all + plain dict fold",
        repeat=1 if quick else 3,
    )
    biggest = township_events(config, 10_000 if quick else 1_000_000)
    grow = growth(
        "State.apply fold: time per event as the journal grows",
        "State.apply",
        lambda size: state_fold(config, biggest[:size]),
        sizes=(100_000, 300_000, 1_000_000),
        repeat=1,
        min_time=0.0,
    )
    write_table([fold, reopen, grow], "replay")


if __name__ == "__main__":
    main()
