"""
Visit policies (走访制度) as data.

A `VisitPolicy` says how often each kind of household must be seen:

* `FrequencyRule`: households carrying one of ``tags`` at ``min_attention``
  or above need at least ``visits`` visits of the accepted ``kinds``
  (入户, 电话, 视频) per ``per`` period, anchored to the calendar or to the last
  visit, with an explicit catch-up rule;
* ``floor``: the rule for every other household (每月走访覆盖一遍普通居民家庭);
* `TriggerRule`: a visit within N hours of a major change (a new tag, a case,
  a hospital stay).

The classes are plain attrs specs: `gridgov.io.visits.load_visit_policy`
reads them from TOML or JSON; `check_policy` finds every semantic problem with
its path; `gridgov.visits.compile_policy` turns a checked policy into fast
lookups.

>>> rule = FrequencyRule(
...     "elderly", tags=("empty_nest_elderly",), visits=1, per=Period.WEEK
... )
>>> policy = VisitPolicy("金庄村", rules=(rule,), floor=FrequencyRule("floor"))
>>> check_policy(policy)
[]
>>> VisitKind.HOME.zh, Anchor.LAST_VISIT.zh, CatchUp.GRACE.zh
('入户', '自上次走访起算', '宽限期内补访')
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import attrs

from gridgov.domain.periods import Period
from gridgov.domain.tags import STANDARD_CARE_TAGS, AttentionLevel, CareTag
from gridgov.errors import SpecProblem, closest

__all__ = [
    "Anchor",
    "CatchUp",
    "FrequencyRule",
    "TriggerKind",
    "TriggerRule",
    "VisitKind",
    "VisitPolicy",
    "check_policy",
]

_MAX_MONTH_DAY = 31
_PERCENT = 100


class VisitKind(enum.StrEnum):
    """How a household was contacted (走访方式)."""

    HOME = "home"
    PHONE = "phone"
    VIDEO = "video"

    @property
    def zh(self) -> str:
        """The Chinese label (入户, 电话, 视频)."""
        return {"home": "入户", "phone": "电话", "video": "视频"}[self.value]

    @property
    def bit(self) -> int:
        """A bit for fast set tests (home 1, phone 2, video 4)."""
        return KIND_BITS[self]


KIND_BITS = {kind: 1 << i for i, kind in enumerate(VisitKind)}
"""Each visit kind's bit (home 1, phone 2, video 4)."""


def kinds_mask(kinds: tuple[VisitKind, ...] | frozenset[VisitKind]) -> int:
    """
    Return the bit mask of a set of visit kinds.

    >>> kinds_mask((VisitKind.HOME, VisitKind.VIDEO))
    5
    """
    mask = 0
    for kind in kinds:
        mask |= kind.bit
    return mask


class Anchor(enum.StrEnum):
    """Where a rule's periods start (周期起算)."""

    CALENDAR = "calendar"
    LAST_VISIT = "last_visit"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return {"calendar": "按自然周期", "last_visit": "自上次走访起算"}[self.value]


class CatchUp(enum.StrEnum):
    """
    What happens to a period that ended without enough visits (补访规则).

    ``none``: the period is missed the day after it ends; a late visit counts
    only for the current period. ``grace``: for ``grace_days`` after the end the
    obligation is overdue and a visit still satisfies it (and, like every
    visit, the current period's obligation too); after that it is missed.
    """

    NONE = "none"
    GRACE = "grace"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return {"none": "不补访", "grace": "宽限期内补访"}[self.value]


class TriggerKind(enum.StrEnum):
    """A major change that calls for a prompt visit (重大变化)."""

    NEW_TAG = "new_tag"
    CASE = "case"
    HOSPITAL_STAY = "hospital_stay"
    OTHER = "other"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return _TRIGGER_ZH[self]


_TRIGGER_ZH = {
    TriggerKind.NEW_TAG: "新增关注标签",
    TriggerKind.CASE: "发生事件",
    TriggerKind.HOSPITAL_STAY: "住院",
    TriggerKind.OTHER: "其他重大变化",
}


@attrs.frozen
class FrequencyRule:
    """
    At least ``visits`` visits per ``per`` period for households with a tag.

    Attributes:
        id: Unique id, shown in coverage reports.
        tags: Care-tag codes the rule applies to (any of them); empty for the floor.
        min_attention: Lowest attention level (关注程度) the rule applies to.
        visits: Minimum visits per period (distinct days).
        per: The period.
        anchor: Calendar periods, or rolling from the last visit (then
            ``visits`` must be 1).
        kinds: Visit kinds that count.
        catch_up: What happens after a period ends unmet.
        grace_days: Days of grace for ``catch_up = "grace"``.
        label_zh: Chinese name shown to workers (``"空巢老人每周走访"``).
    """

    id: str
    tags: tuple[str, ...] = ()
    min_attention: AttentionLevel = AttentionLevel.NORMAL
    visits: int = 1
    per: Period = Period.MONTH
    anchor: Anchor = Anchor.CALENDAR
    kinds: tuple[VisitKind, ...] = (VisitKind.HOME,)
    catch_up: CatchUp = CatchUp.NONE
    grace_days: int = 0
    label_zh: str = ""


@attrs.frozen
class TriggerRule:
    """
    A visit within ``within_hours`` of a major change.

    Obligations are kept in whole days (visits are counted per day): the visit
    is due by the end of the day, China time, in which the hours run out. A
    hospital stay noted at 15:00 on 2 November with 24 hours is due by the end
    of 3 November; a plan lists it on 2 November, the first day it is owed.

    Attributes:
        on: The kind of change.
        within_hours: The deadline after the change (24 in most norms), rounded
            up to the end of the day it falls in.
        tags: For ``new_tag``: which tags trigger (empty: any tag).
        kinds: Visit kinds that count.
        label_zh: Chinese name.
    """

    on: TriggerKind
    within_hours: int = 24
    tags: tuple[str, ...] = ()
    kinds: tuple[VisitKind, ...] = (VisitKind.HOME,)
    label_zh: str = ""


@attrs.frozen
class VisitPolicy:
    """
    A township's or village's visit policy (走访制度).

    Attributes:
        name: Whose policy (``"金庄村一访制度"``).
        rules: Rules for tagged households; the strictest applicable one wins.
        floor: The rule for every household (普通居民家庭), or None for none.
        triggers: Prompt visits after major changes.
        period_start_day: Day of month month-based periods start on (clamped).
        min_share_percent: A period cut short (move in/out, tag start/end) is
            an obligation only if at least this share of it remains; otherwise
            it is exempt. Required visits are prorated, rounding up.
        version: Free text for provenance.
    """

    name: str
    rules: tuple[FrequencyRule, ...] = ()
    floor: FrequencyRule | None = None
    triggers: tuple[TriggerRule, ...] = ()
    period_start_day: int = 1
    min_share_percent: int = 50
    version: str = ""


def _check_rule(
    rule: FrequencyRule, path: str, tags: Mapping[str, CareTag], *, floor: bool
) -> list[SpecProblem]:
    out: list[SpecProblem] = []
    if not rule.id:
        out.append(SpecProblem.of(f"{path}.id", "non_empty", kind="id"))
    if floor and rule.tags:
        out.append(SpecProblem.of(f"{path}.tags", "floor_tags"))
    if not floor and not rule.tags:
        out.append(SpecProblem.of(f"{path}.tags", "at_least_one", kind="care tag"))
    out += _unknown_tags(path, rule.tags, tags)
    if rule.visits < 1:
        out.append(
            SpecProblem.of(
                f"{path}.visits",
                "expected",
                expected="an integer >= 1",
                value=rule.visits,
            )
        )
    if rule.anchor is Anchor.LAST_VISIT and rule.visits != 1:
        out.append(SpecProblem.of(f"{path}.visits", "last_visit_once"))
    if not rule.kinds:
        out.append(SpecProblem.of(f"{path}.kinds", "at_least_one", kind="visit kind"))
    if rule.grace_days < 0:
        out.append(
            SpecProblem.of(
                f"{path}.grace_days",
                "expected",
                expected="an integer >= 0",
                value=rule.grace_days,
            )
        )
    if rule.catch_up is CatchUp.NONE and rule.grace_days:
        out.append(SpecProblem.of(f"{path}.grace_days", "grace_needs_catch_up"))
    if rule.catch_up is CatchUp.GRACE and rule.grace_days < 1:
        out.append(SpecProblem.of(f"{path}.grace_days", "catch_up_needs_grace"))
    return out


def _unknown_tags(
    path: str, named: Iterable[str], tags: Mapping[str, CareTag]
) -> list[SpecProblem]:
    """A problem for each care tag the vocabulary lacks, with a did-you-mean."""
    return [
        SpecProblem.of(
            f"{path}.tags[{i}]",
            "unknown_ref",
            kind="care tag",
            key=t,
            suggestion=closest(t, tags),
        )
        for i, t in enumerate(named)
        if t not in tags
    ]


def _check_trigger(
    trigger: TriggerRule, path: str, tags: Mapping[str, CareTag]
) -> list[SpecProblem]:
    out: list[SpecProblem] = []
    if trigger.within_hours < 1:
        out.append(
            SpecProblem.of(
                f"{path}.within_hours",
                "expected",
                expected="an integer >= 1",
                value=trigger.within_hours,
            )
        )
    if trigger.tags and trigger.on is not TriggerKind.NEW_TAG:
        out.append(SpecProblem.of(f"{path}.tags", "trigger_tags"))
    out += _unknown_tags(path, trigger.tags, tags)
    if not trigger.kinds:
        out.append(SpecProblem.of(f"{path}.kinds", "at_least_one", kind="visit kind"))
    return out


def check_policy(
    policy: VisitPolicy, tags: Mapping[str, CareTag] = STANDARD_CARE_TAGS
) -> list[SpecProblem]:
    """
    Return every semantic problem of *policy*, each located by its path.

    *tags* is the care-tag vocabulary (`gridgov.domain.vocabulary`).

    >>> bad = VisitPolicy("x", rules=(FrequencyRule("r", tags=("orphan",), visits=0),))
    >>> for problem in check_policy(bad):
    ...     print(problem)
    rules[0].tags[0]: unknown care tag 'orphan'
    rules[0].visits: expected an integer >= 1, got 0
    """
    out: list[SpecProblem] = []
    seen: dict[str, int] = {}
    for i, rule in enumerate(policy.rules):
        path = f"rules[{i}]"
        out += _check_rule(rule, path, tags, floor=False)
        if rule.id in seen:
            out.append(
                SpecProblem.of(
                    f"{path}.id",
                    "duplicate_key_also",
                    kind="rule id",
                    key=rule.id,
                    first=f"rules[{seen[rule.id]}]",
                )
            )
        seen.setdefault(rule.id, i)
    if policy.floor is not None:
        out += _check_rule(policy.floor, "floor", tags, floor=True)
        if policy.floor.id in seen:
            out.append(
                SpecProblem.of(
                    "floor.id", "duplicate", kind="rule id", key=policy.floor.id
                )
            )
    for i, trigger in enumerate(policy.triggers):
        out += _check_trigger(trigger, f"triggers[{i}]", tags)
    if not 1 <= policy.period_start_day <= _MAX_MONTH_DAY:
        out.append(
            SpecProblem.of(
                "period_start_day",
                "expected",
                expected="an integer in 1..31",
                value=policy.period_start_day,
            )
        )
    if not 0 <= policy.min_share_percent <= _PERCENT:
        out.append(
            SpecProblem.of(
                "min_share_percent",
                "expected",
                expected="an integer in 0..100",
                value=policy.min_share_percent,
            )
        )
    return out
