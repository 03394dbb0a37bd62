"""
Patrols (巡查) with checklists (排查清单), and findings that become cases.

A grid worker walks the grid and checks it against checklists: 安全用电 /
飞线充电, 人居环境, 矛盾纠纷, 消防安全 … (seed 002: "重点排查安全用电、人居环境、
矛盾纠纷、消防安全等方面"). `record_patrol` checks the input against the
`ChecklistBook` and returns the events: one `PatrolRecorded` and one
`PatrolFindingRecorded` per problem found. The app layer opens a case from each
finding (visits never imports cases); ``case_category`` tells it which.

>>> from datetime import datetime
>>> from gridgov.domain import CHINA_TZ
>>> events = record_patrol(
...     STANDARD_CHECKLISTS,
...     key="p-0508-1",
...     worker="w1",
...     region="410381001002001",
...     at=datetime(2026, 5, 8, 9, tzinfo=CHINA_TZ),
...     checklists=("electricity", "fire"),
...     findings=[PatrolFinding("electricity", "flying_lead", note="3号楼飞线充电")],
... )
>>> [e.type_name for e in events]
['PatrolRecorded', 'PatrolFindingRecorded']
>>> events[1].label_zh, events[1].case_category
('飞线充电', 'safety_hazard')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TypeVar

import attrs

from gridgov.domain.events import Event
from gridgov.domain.ids import HouseholdId, RegionCode, WorkerId
from gridgov.domain.privacy import masked_repr
from gridgov.errors import SpecProblem, UnknownEntityError

__all__ = [
    "STANDARD_CHECKLISTS",
    "Checklist",
    "ChecklistBook",
    "ChecklistItem",
    "PatrolFinding",
    "PatrolFindingRecorded",
    "PatrolRecorded",
    "check_checklists",
    "patrol_stream",
    "record_patrol",
]


def patrol_stream(region: str) -> str:
    """
    Return the stream of a region's patrols: ``patrols:<region>``.

    >>> patrol_stream("410381003002")
    'patrols:410381003002'
    """
    return f"patrols:{region}"


@attrs.frozen
class ChecklistItem:
    """
    One thing to check (排查项).

    Attributes:
        code: Id within its checklist.
        label_zh: Chinese label (``"飞线充电"``).
        case_category: The case category a finding opens (for the app layer).
    """

    code: str
    label_zh: str
    case_category: str = ""


@attrs.frozen
class Checklist:
    """A checklist (排查清单): a topic and its items."""

    code: str
    label_zh: str
    items: tuple[ChecklistItem, ...] = ()

    def item(self, code: str) -> ChecklistItem:
        """
        Return the item *code*.

        Raises:
            UnknownEntityError: If the checklist has no such item.
        """
        return _find(self.items, code, f"item of checklist {self.code!r}")


@attrs.frozen
class ChecklistBook:
    """All checklists a township uses (a spec root)."""

    checklists: tuple[Checklist, ...] = ()

    def checklist(self, code: str) -> Checklist:
        """
        Return the checklist *code*.

        Raises:
            UnknownEntityError: If there is no such checklist.
        """
        return _find(self.checklists, code, "checklist")


_Coded = TypeVar("_Coded", ChecklistItem, Checklist)


def _find(entries: Sequence[_Coded], code: str, kind: str) -> _Coded:
    for entry in entries:
        if entry.code == code:
            return entry
    known = ", ".join(e.code for e in entries)
    raise UnknownEntityError(kind, code, hint=f"known: {known}")


def check_checklists(book: ChecklistBook) -> list[SpecProblem]:
    """
    Return every problem in *book*: duplicate codes, empty checklists, missing labels.

    >>> bad = ChecklistBook((Checklist("fire", "消防安全"), Checklist("fire", "")))
    >>> [str(p) for p in check_checklists(bad)]  # doctest: +NORMALIZE_WHITESPACE
    ['checklists[0].items: expected at least one item',
     'checklists[1].code: duplicate checklist code (also checklists[0])',
     'checklists[1].label_zh: expected a Chinese label',
     'checklists[1].items: expected at least one item']
    """
    out: list[SpecProblem] = []
    seen: dict[str, int] = {}
    for i, c in enumerate(book.checklists):
        path = f"checklists[{i}]"
        if c.code in seen:
            out.append(
                SpecProblem.of(
                    f"{path}.code",
                    "duplicate_also",
                    kind="checklist code",
                    first=f"checklists[{seen[c.code]}]",
                )
            )
        seen.setdefault(c.code, i)
        if not c.label_zh:
            out.append(SpecProblem.of(f"{path}.label_zh", "chinese_label"))
        if not c.items:
            out.append(SpecProblem.of(f"{path}.items", "at_least_one", kind="item"))
        items: dict[str, int] = {}
        for j, it in enumerate(c.items):
            if it.code in items:
                out.append(
                    SpecProblem.of(
                        f"{path}.items[{j}].code",
                        "duplicate_also",
                        kind="item code",
                        first=f"items[{items[it.code]}]",
                    )
                )
            items.setdefault(it.code, j)
            if not it.label_zh:
                out.append(
                    SpecProblem.of(f"{path}.items[{j}].label_zh", "chinese_label")
                )
    return out


def _book(*rows: tuple[str, str, Sequence[tuple[str, str, str]]]) -> ChecklistBook:
    return ChecklistBook(
        tuple(
            Checklist(code, zh, tuple(ChecklistItem(*it) for it in items))
            for code, zh, items in rows
        )
    )


STANDARD_CHECKLISTS = _book(
    ("electricity", "安全用电", [
        ("flying_lead", "飞线充电", "safety_hazard"),
        ("ebike_indoor", "电动车入户充电", "safety_hazard"),
        ("aged_wiring", "线路老化", "safety_hazard"),
    ]),
    ("environment", "人居环境", [
        ("clutter", "杂物堆积", "environment"),
        ("parking", "乱停乱放", "environment"),
        ("road_damage", "路面破损", "infrastructure"),
        ("garbage", "垃圾乱倒", "environment"),
    ]),
    ("disputes", "矛盾纠纷", [
        ("neighbour", "邻里纠纷", "dispute"),
        ("family", "家庭纠纷", "dispute"),
        ("land", "土地纠纷", "dispute"),
    ]),
    ("fire", "消防安全", [
        ("blocked_exit", "消防通道堵塞", "safety_hazard"),
        ("extinguisher", "灭火器缺失或过期", "safety_hazard"),
    ]),
)  # fmt: skip
"""The four checklists of seed 002, ready to copy into a township's own file."""


@masked_repr
@attrs.frozen
class PatrolFinding:
    """
    A problem found on patrol (input to `record_patrol`).

    Attributes:
        checklist: Checklist code.
        item: Item code within it.
        note: What was seen.
        household: The household concerned, if any.
        place: Where (building, road …).
    """

    checklist: str
    item: str
    note: str = ""
    household: HouseholdId | None = None
    place: str = ""


@masked_repr
@attrs.frozen(kw_only=True)
class PatrolRecorded(Event):
    """
    A patrol (网格巡查) was made.

    Attributes:
        worker: Who patrolled.
        region: The grid (or micro-grid) patrolled.
        checklists: The checklists gone through.
        findings: How many problems were found.
    """

    worker: WorkerId
    region: RegionCode
    checklists: tuple[str, ...]
    findings: int = 0


@masked_repr
@attrs.frozen(kw_only=True)
class PatrolFindingRecorded(Event):
    """
    A problem found on patrol; the app layer opens a case from it.

    Attributes:
        patrol_key: The key of the `PatrolRecorded` it belongs to.
        worker: Who found it.
        region: Where.
        checklist: Checklist code.
        item: Item code.
        label_zh: The item's Chinese label.
        case_category: The case category to open.
        note: What was seen.
        household: The household concerned, if any.
        place: Where exactly.
    """

    patrol_key: str
    worker: WorkerId
    region: RegionCode
    checklist: str
    item: str
    label_zh: str
    case_category: str = ""
    note: str = ""
    household: HouseholdId | None = None
    place: str = ""


def record_patrol(
    book: ChecklistBook,
    *,
    key: str,
    worker: str,
    region: str,
    at: datetime,
    checklists: Iterable[str],
    findings: Iterable[PatrolFinding] = (),
) -> tuple[Event, ...]:
    """
    Return the events of one patrol: `PatrolRecorded`, then one per finding.

    Nothing is returned unless every checklist and item is known and every
    finding belongs to a checklist gone through.

    Raises:
        UnknownEntityError: An unknown checklist or item, or a finding on a
            checklist that was not part of the patrol.
        InvalidValueError: If *at* is not timezone-aware.
    """
    codes = tuple(dict.fromkeys(checklists))
    for code in codes:
        book.checklist(code)
    found = list(findings)
    resolved = []
    for f in found:
        if f.checklist not in codes:
            raise UnknownEntityError(
                "checklist of this patrol",
                f.checklist,
                hint=f"patrol covered: {', '.join(codes)}",
            )
        resolved.append(book.checklist(f.checklist).item(f.item))
    stream = patrol_stream(region)
    head = PatrolRecorded(
        stream=stream,
        key=key,
        occurred_at=at,
        worker=WorkerId(worker),
        region=RegionCode(region),
        checklists=codes,
        findings=len(found),
    )
    tail = tuple(
        PatrolFindingRecorded(
            stream=stream,
            key=f"{key}#{i}",
            occurred_at=at,
            patrol_key=key,
            worker=WorkerId(worker),
            region=RegionCode(region),
            checklist=f.checklist,
            item=f.item,
            label_zh=item.label_zh,
            case_category=item.case_category,
            note=f.note,
            household=f.household,
            place=f.place,
        )
        for i, (f, item) in enumerate(zip(found, resolved, strict=True))
    )
    return (head, *tail)
