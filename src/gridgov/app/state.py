"""
The Workspace's projections: every engine's state, folded from events.

`State.apply` takes one event — from a live command or from the journal on
replay — and hands it to the engine that owns it: visits and changes to the
visit lists, patrols and findings, case events to `gridgov.cases.apply_event`,
claim events to the claim flow, ledger entries to the points ledger, orders to
the points supermarket, activities to the `ActivityBook`, moves to the roster.
The same function serves both paths, which is what makes "reopen and replay"
give the same state as "keep running".

Idempotency is by ``(stream, key)``: an event whose key was already applied is
skipped. The ledger and the supermarket validate as they go (no overspend, no
stock below zero), so a live command runs them first and the event they return
is then applied here as a no-op repeat; on replay, the journal's events rebuild
them in the same order.
"""

from __future__ import annotations

import copy
from collections import ChainMap
from collections.abc import Callable, MutableMapping
from datetime import date
from typing import Any

import attrs

from gridgov.app.config import WorkspaceConfig
from gridgov.app.requests import RequestRecorded
from gridgov.cases import apply_event
from gridgov.cases.case import Case, CaseRules
from gridgov.cases.events import CaseEvent, CaseOpened
from gridgov.domain.events import Event
from gridgov.domain.ids import HouseholdId
from gridgov.domain.people import Household
from gridgov.domain.spans import CHINA_TZ
from gridgov.flow import Flow
from gridgov.points.claim_events import ClaimFiled, ClaimStepped
from gridgov.points.claim_flow import claim_flow
from gridgov.points.claim_record import Claim, fold_claim, open_claim
from gridgov.points.events import (
    ConductRecorded,
    LedgerEntry,
    PointsPosted,
    PostingKind,
)
from gridgov.points.ledger import Ledger
from gridgov.points.shop_events import (
    SupermarketOrderCancelled,
    SupermarketOrderHandedOver,
    SupermarketOrderPlaced,
    SupermarketRestocked,
)
from gridgov.points.spec import PolicySpec
from gridgov.points.supermarket import Supermarket
from gridgov.roster.events import HouseholdMoveRecorded
from gridgov.roster.model import Roster
from gridgov.visits.events import HouseholdChangeNoted, VisitRecorded
from gridgov.visits.index import VisitIndex
from gridgov.visits.patrols import PatrolFindingRecorded, PatrolRecorded
from gridgov.volunteers.activities import ActivityBook, ActivityRecorded, ServiceOrdered

__all__ = ["JournalLedger", "State", "finding_ref"]


def finding_ref(finding: PatrolFindingRecorded) -> str:
    """The reference a case opened from a patrol finding keeps (``stream/key``)."""
    return f"{finding.stream}/{finding.key}"


class JournalLedger(Ledger):
    """A `Ledger` that also takes already-recorded entries (replay), idempotently."""

    commits = 0
    """How many events this ledger has taken (a cheap "did anything change?")."""

    def absorb(self, event: Event) -> Event:
        """Apply a recorded ledger event; a repeat of a known key is a no-op."""
        result: Event = self._commit(event)
        return result

    def _commit(self, event: Event) -> Any:
        self.commits += 1
        return super()._commit(event)


class State:
    """
    Every projection of one Workspace (mutable; owned by the Workspace).

    Attributes:
        config: What the workspace was set up with.
        roster: The roster with every recorded move applied.
        position: The journal sequence of the last event read from the journal.
        visits: Visits, in the order recorded.
        changes: Major household changes (visit triggers), in order.
        patrols: Patrols, in order.
        findings: Patrol findings by `finding_ref`.
        cases: Cases by id.
        case_events: Each case's events, in order (a retried request is
            answered with the case as that request left it).
        claim_events: Each claim's filing and steps, in order.
        claims: Points claims by id.
        claim_flow: The claim flow, on the config's calendar with the rule
            book's notice days (`notice_days`).
        ledger: The points ledger.
        supermarket: The points supermarket.
        activities: Volunteer activities and menu orders.
        moves: Household moves, in order.
    """

    def __init__(self, config: WorkspaceConfig) -> None:
        self.config = config
        self.roster: Roster = config.roster
        self.position = 0
        self.applied = 0
        self.keys: MutableMapping[tuple[str, str], Event] = {}
        self.versions: MutableMapping[str, int] = {}
        self.requests: MutableMapping[tuple[str, str], RequestRecorded] = {}
        self.points_log: list[Event] = []
        self.visits: list[VisitRecorded] = []
        self.changes: list[HouseholdChangeNoted] = []
        self.patrols: list[PatrolRecorded] = []
        self.findings: MutableMapping[str, PatrolFindingRecorded] = {}
        self.cases: MutableMapping[str, Case] = {}
        self.case_events: MutableMapping[str, list[CaseEvent]] = {}
        self.claim_events: MutableMapping[str, list[ClaimFiled | ClaimStepped]] = {}
        self.case_of_finding: MutableMapping[str, str] = {}
        self.openings: MutableMapping[str, CaseOpened] = {}
        self.claims: MutableMapping[str, Claim] = {}
        self.ledger = JournalLedger(config.ledger_id, policy=_policy(config))
        self.supermarket = Supermarket(self.ledger, config.catalogue)
        self.activities = ActivityBook()
        self.moves: list[HouseholdMoveRecorded] = []
        self.claim_flow: Flow = claim_flow(
            config.calendar, notice_days=self.notice_days
        )
        # The day (China time) of the first event folded: rolling visit rules
        # start their clock there (a township starts fresh on its first day).
        self.began: date | None = None
        self._rules: dict[str, CaseRules] = {}
        self._visit_index: VisitIndex | None = None
        self._people: dict[str, HouseholdId] | None = None
        self._handlers = self._build_handlers()
        self._points_kinds: tuple[type[Event], ...] = (
            SupermarketOrderPlaced,
            SupermarketOrderHandedOver,
            SupermarketOrderCancelled,
            SupermarketRestocked,
            LedgerEntry,
            ConductRecorded,
        )

    def _build_handlers(self) -> dict[type[Event], Callable[[Any], None]]:
        return {
            VisitRecorded: self._visit,
            HouseholdChangeNoted: self._change,
            PatrolRecorded: self._patrol,
            PatrolFindingRecorded: self._finding,
            ClaimFiled: self._claim_filed,
            ClaimStepped: self._claim_stepped,
            SupermarketOrderPlaced: self._order_placed,
            SupermarketOrderHandedOver: self._order_handed_over,
            SupermarketOrderCancelled: self._order_cancelled,
            SupermarketRestocked: self._restocked,
            ActivityRecorded: self._activity,
            ServiceOrdered: self._activity,
            HouseholdMoveRecorded: self._moved,
            RequestRecorded: self._request,
        }

    # -- tentative folding (transactions) -------------------------------------

    def fork(self) -> State:
        """
        A state to fold a transaction's events into, leaving this one as it is.

        Tables are overlays (`collections.ChainMap`: writes stay in the fork),
        lists are copied, the ledger and the supermarket are shared (the unit
        of work restores them from `points_log` when a transaction is dropped).
        Cost: the lists' lengths, not the tables'. `merge` takes it back in.
        """
        fork = copy.copy(self)
        for name in _TABLES:
            setattr(fork, name, ChainMap({}, getattr(self, name)))
        for name in _LISTS:
            setattr(fork, name, list(getattr(self, name)))
        fork.activities = self.activities.copy()
        fork._handlers = fork._build_handlers()  # noqa: SLF001 - its own class
        return fork

    def merge(self, fork: State) -> None:
        """Take in what *fork* folded (its events reached the journal)."""
        for name in _TABLES:
            overlay = getattr(fork, name)
            assert isinstance(overlay, ChainMap)  # noqa: S101 - made by fork()
            getattr(self, name).update(overlay.maps[0])
        for name in (*_LISTS, *_REPLACED):
            setattr(self, name, getattr(fork, name))

    # -- the one door -----------------------------------------------------------

    def seen(self, stream: str, key: str) -> Event | None:
        """The event already applied under ``(stream, key)``, if any."""
        return self.keys.get((stream, key))

    def apply(self, event: Event) -> bool:
        """Apply one event; return False if its key was already applied."""
        ident = (event.stream, event.key)
        if ident in self.keys:
            return False
        handler = self._handlers.get(type(event))
        if handler is not None:
            handler(event)
        elif isinstance(event, CaseEvent):
            self._case(event)
        elif isinstance(event, LedgerEntry | ConductRecorded):
            self._ledger(event)
        if isinstance(event, self._points_kinds):
            self.points_log.append(event)
        self.keys[ident] = event
        self.versions[event.stream] = self.versions.get(event.stream, 0) + 1
        self.applied += 1
        if self.began is None:
            self.began = event.occurred_at.astimezone(CHINA_TZ).date()
        return True

    def pass_over(self, event: Event) -> None:
        """
        Count a set-aside event without folding it.

        Its stream's version still moves (the journal holds the event), so the
        next command on that stream expects the version the journal has.
        """
        self.versions[event.stream] = self.versions.get(event.stream, 0) + 1

    def version(self, stream: str) -> int:
        """How many events of *stream* this state has applied (its journal version)."""
        return self.versions.get(stream, 0)

    def request(self, subject: str, key: str) -> RequestRecorded | None:
        """The request recorded on *subject* under *key*, if any."""
        return self.requests.get((subject, key))

    def restore_points(self) -> None:
        """
        Rebuild the ledger and the supermarket from the events applied to them.

        Deciding a points command runs the ledger's and the supermarket's own
        checks on the live objects; when its events are then not appended (a
        refusal half way, a conflict, a store error) this puts them back as
        the applied events say, from memory (the journal is not read).
        """
        self.ledger = JournalLedger(self.config.ledger_id, policy=_policy(self.config))
        self.supermarket = Supermarket(self.ledger, self.config.catalogue)
        for event in self.points_log:
            if isinstance(event, LedgerEntry | ConductRecorded):
                self.ledger.absorb(event)
            else:
                self._handlers[type(event)](event)

    @property
    def changed(self) -> int:
        """A counter that moves whenever any projection changed."""
        return self.applied + self.ledger.commits

    # -- lookups the commands share ---------------------------------------------

    @property
    def notice_days(self) -> int:
        """Working days a claim is on the notice board: the rule book's policy."""
        return (_policy(self.config) or PolicySpec()).notice_days

    def rules(self, workflow: str) -> CaseRules:
        """The `CaseRules` of a workflow (built once)."""
        rules = self._rules.get(workflow)
        if rules is None:
            rules = CaseRules(
                workflow=self.config.workflow(workflow),
                calendar=self.config.calendar,
                deadlines=self.config.deadlines,
            )
            self._rules[workflow] = rules
        return rules

    @property
    def visit_index(self) -> VisitIndex:
        """The visit index (rebuilt after new visits)."""
        if self._visit_index is None:
            self._visit_index = VisitIndex.from_visits(self.visits)
        return self._visit_index

    def household_of(self, member: str) -> HouseholdId | None:
        """The household *member* names: a household id, or a person's household."""
        if member in self.roster.households:
            return HouseholdId(member)
        if self._people is None:
            self._people = {
                p.id: h.id for h in self.roster.households.values() for p in h.members
            }
        return self._people.get(member)

    def opening(self, case_id: str) -> CaseOpened | None:
        """The event that opened a case (its region and household are in ``fields``)."""
        return self.openings.get(case_id)

    def household(self, household_id: str) -> Household:
        """A household by id (raises `UnknownEntityError`)."""
        return self.roster.household(household_id)

    def snapshot(self) -> dict[str, Any]:
        """Everything a reader can observe, as comparable values (tests, audits)."""
        ledger = self.ledger
        # Read `issued` first: on an empty ledger it adds the issuance account.
        issued = ledger.issued
        return {
            "households": {h.id: h.placements for h in self.roster.households.values()},
            "visits": tuple(self.visits),
            "changes": tuple(self.changes),
            "patrols": tuple(self.patrols),
            "findings": dict(self.findings),
            "cases": dict(self.cases),
            "case_of_finding": dict(self.case_of_finding),
            "claims": dict(self.claims),
            # Reads can add zero-balance system accounts to the ledger's table.
            "balances": {
                a: b for a in ledger.accounts() if (b := ledger.balance(a)) != 0
            },
            "issued": issued,
            "orders": self.supermarket.orders(),
            "stock": self.supermarket.catalogue(),
            "activities": dict(self.activities.activities),
            "menu_orders": dict(self.activities.orders),
            "keys": frozenset(self.keys),
        }

    # -- handlers -----------------------------------------------------------------

    def _visit(self, event: VisitRecorded) -> None:
        self.visits.append(event)
        self._visit_index = None

    def _change(self, event: HouseholdChangeNoted) -> None:
        self.changes.append(event)

    def _patrol(self, event: PatrolRecorded) -> None:
        self.patrols.append(event)

    def _activity(self, event: ActivityRecorded | ServiceOrdered) -> None:
        self.activities.apply(event)

    def _request(self, event: RequestRecorded) -> None:
        self.requests[(event.subject, event.key)] = event

    def _finding(self, event: PatrolFindingRecorded) -> None:
        self.findings[finding_ref(event)] = event

    def _case(self, event: CaseEvent) -> None:
        if isinstance(event, CaseOpened):
            case = apply_event(self.rules(event.workflow), None, event)
            self.openings[event.case_id] = event
            ref = event.fields.get("finding")
            if ref:
                self.case_of_finding[ref] = event.case_id
        else:
            prior = self.cases[event.stream.removeprefix("case:")]
            case = apply_event(self.rules(prior.workflow), prior, event)
        self.cases[case.id] = case
        # A new list, not an append: a fork's table overlays this one's.
        self.case_events[case.id] = [*self.case_events.get(case.id, ()), event]

    def _claim_filed(self, event: ClaimFiled) -> None:
        self.claims[event.claim_id] = open_claim(self.claim_flow, event)
        self.claim_events[event.claim_id] = [event]

    def _claim_stepped(self, event: ClaimStepped) -> None:
        claim = self.claims[event.claim_id]
        self.claims[event.claim_id] = fold_claim(self.claim_flow, claim, event)
        self.claim_events[event.claim_id] = [*self.claim_events[event.claim_id], event]

    def _ledger(self, event: LedgerEntry | ConductRecorded) -> None:
        self.ledger.absorb(event)
        if isinstance(event, PointsPosted) and event.claim_id in self.claims:
            claim = self.claims[event.claim_id]
            # A deduction (where the rule book allows one) takes points away.
            signed = -event.amount if event.posting in _TAKEN else event.amount
            self.claims[event.claim_id] = _with_points(claim, claim.points + signed)

    def _order_placed(self, event: SupermarketOrderPlaced) -> None:
        self.supermarket.place(
            event.order_id, event.account, dict(event.lines), at=event.occurred_at
        )

    def _order_handed_over(self, event: SupermarketOrderHandedOver) -> None:
        self.supermarket.hand_over(
            event.order_id, at=event.occurred_at, approver=event.approver
        )

    def _order_cancelled(self, event: SupermarketOrderCancelled) -> None:
        self.supermarket.cancel(
            event.order_id, at=event.occurred_at, reason=event.reason
        )

    def _restocked(self, event: SupermarketRestocked) -> None:
        self.supermarket.restock(event.sku, event.units)

    def _moved(self, event: HouseholdMoveRecorded) -> None:
        if event.moving_out:
            self.roster = self.roster.move_out(event.household, on=event.on)
        else:
            self.roster = self.roster.move(
                event.household, event.to_region, on=event.on
            )
        self.moves.append(event)


_TAKEN = frozenset({PostingKind.DEDUCTION, PostingKind.EXPIRY})
"""Postings that take points from the account."""


_TABLES = (
    "keys",
    "versions",
    "requests",
    "findings",
    "cases",
    "case_events",
    "claim_events",
    "case_of_finding",
    "openings",
    "claims",
)
"""State tables a fork overlays."""

_LISTS = ("visits", "changes", "patrols", "moves", "points_log")
"""State lists a fork copies."""

_REPLACED = (
    "began",
    "activities",
    "roster",
    "ledger",
    "supermarket",
    "position",
    "applied",
    "_visit_index",
    "_people",
)
"""What a merge takes from the fork as it is."""


def _with_points(claim: Claim, points: int) -> Claim:
    return attrs.evolve(claim, points=points)


def _policy(config: WorkspaceConfig) -> PolicySpec | None:
    return config.rulebook.spec.policy if config.rulebook is not None else None
