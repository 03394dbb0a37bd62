"""
What the case commands share: who an actor is, finding a case, opening one.

`decide_opening` builds (does not record) the opening of a case; `OpenCase`,
a visit with a problem and a patrol finding all open cases through it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from gridgov.app.commands._base import text
from gridgov.cases import (
    apply_event,
    open_case,
)
from gridgov.cases.case import Case
from gridgov.cases.events import CaseOpened
from gridgov.cases.vocabulary import (
    CaseSource,
    Urgency,
)
from gridgov.domain.ids import WorkerId
from gridgov.domain.regions import Level
from gridgov.errors import DuplicateEntityError, UnknownEntityError
from gridgov.flow import Actor

if TYPE_CHECKING:
    from gridgov.app.state import State

__all__ = [
    "DEFAULT_CATEGORY",
    "ActorLike",
    "case_actor",
    "case_as_of",
    "case_of",
    "decide_opening",
]

DEFAULT_CATEGORY = "综合问题"
"""The category of a case opened from a visit or patrol finding without one."""

ActorLike = Actor | str


def case_actor(actor: ActorLike, state: State) -> Actor:
    """
    The actor as a case workflow sees them.

    An `Actor` is taken as it is. A plain id naming a roster worker acts in the
    worker's `gridgov.domain.workforce.Role` and, for the grid workforce, as
    ``grid_worker``; any other id acts with no role (the workflow's role
    checks then say which role was needed).
    """
    if isinstance(actor, Actor):
        return actor
    name = text("actor", actor)
    worker = state.roster.workers.get(WorkerId(name))
    if worker is None:
        return Actor(name)
    roles = {worker.role.value}
    if worker.role.value in _GRID_ROLES:
        roles.add("grid_worker")
    return Actor(name, frozenset(roles))


_GRID_ROLES = frozenset(
    {"grid_chief", "full_time_grid_worker", "part_time_grid_worker", "grid_liaison"}
)


def case_of(state: State, case_id: str) -> Case:
    """A case by id (raises `UnknownEntityError`)."""
    try:
        return state.cases[case_id]
    except KeyError:
        raise UnknownEntityError("case", case_id) from None


def case_as_of(state: State, case_id: str, key: str, *, prefix: bool = False) -> Case:
    """
    The case as the event recorded under *key* left it (its current state if none).

    A retried request is answered with the result it first had: a retried
    立案 returns the case as registered, even if it was dispatched since.
    With *prefix*, the last event whose key starts with *key* (the keys a
    township-wide command derives per case).
    """
    events = state.case_events.get(case_id, [])
    hits = (
        i
        for i, e in enumerate(events)
        if (e.key.startswith(key) if prefix else e.key == key)
    )
    last = max(hits, default=None)
    current = case_of(state, case_id)
    if last is None or last == len(events) - 1:
        return current
    rules = state.rules(current.workflow)
    case: Case | None = None
    for event in events[: last + 1]:
        case = apply_event(rules, case, event)
    assert case is not None  # noqa: S101 - events[0] opened it
    return case


def _level_of(level: Level) -> Level:
    """Cases found in a micro-grid are handled at the grid (the lowest case level)."""
    return Level.GRID if level is Level.MICRO_GRID else level


def decide_opening(
    state: State,
    *,
    case_id: str,
    category: str,
    source: CaseSource,
    region: str,
    actor: ActorLike,
    at: datetime,
    key: str,
    title: str = "",
    household: str | None = None,
    urgency: Urgency = Urgency.NORMAL,
    workflow: str | None = None,
    level: Level | None = None,
    unit: str | None = None,
    fields: Mapping[str, str] | None = None,
) -> CaseOpened:
    """
    Build (not record) the opening of a case in *region*.

    Raises:
        DuplicateEntityError: A case with this id exists.
        UnknownEntityError: Unknown region, household or workflow.
        InvalidValueError: An empty id or category.
    """
    text("case_id", case_id)
    if case_id in state.cases:
        raise DuplicateEntityError("case", case_id)
    roster = state.roster
    where = roster.region(text("region", region))
    extra = {"region": where.code, **(fields or {})}
    if household is not None:
        roster.household(household)
        extra["household"] = household
    who = case_actor(actor, state)
    _, opened = open_case(
        state.rules(workflow or state.config.case_workflow),
        case_id=case_id,
        category=category,
        urgency=urgency,
        source=source,
        level=level if level is not None else _level_of(where.level),
        unit=unit or where.code,
        actor=Actor(who.id, who.roles | {"reporter"}),
        at=at,
        command_id=key,
        title=title,
        fields=extra,
    )
    return opened
