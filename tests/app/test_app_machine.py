"""The Workspace as a state machine: journal and state stay in step."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from gridgov.app import ClaimState, Workspace, sample_config
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import GridgovError

CONFIG = sample_config()
HOMES = ["PC0001", "PC0002", "PC0006", "PC0050"]
START = datetime(2026, 11, 2, 9, tzinfo=CHINA_TZ)


class WorkspaceMachine(RuleBasedStateMachine):
    """Visits, claims, orders and transactions in any order; the clock moves on."""

    def __init__(self) -> None:
        super().__init__()
        self.ws = Workspace.in_memory(CONFIG)
        self.now = START
        self.n = 0

    def tick(self, hours: int = 1) -> datetime:
        self.now += timedelta(hours=hours)
        self.n += 1
        return self.now

    @rule(home=st.sampled_from(HOMES))
    def visit(self, home: str) -> None:
        """A worker visits a household."""
        self.ws.record_visit(home, "W06", at=self.tick())

    @rule(home=st.sampled_from(HOMES), hours=st.integers(1, 6))
    def volunteer_claim(self, home: str, hours: int) -> None:
        """A volunteer-hours claim is filed, verified and published."""
        claim = f"C{self.n}"
        when = self.tick()
        self.ws.file_claim(
            claim,
            home,
            at=when,
            actor="W06",
            text={"kind": "volunteer"},
            numbers={"hours": Decimal(hours)},
        )
        self.ws.step_claim(claim, "verify", actor="W06", at=when, key="v")
        self.ws.step_claim(claim, "publish", actor="W06", at=when, key="p")

    @rule()
    def recognise_due(self) -> None:
        """After the notice period every published claim is recognised."""
        when = self.tick(24 * 4)
        for claim in self.ws.claims(ClaimState.PUBLISHED):
            self.ws.recognise_claim(claim.id, actor="评议小组", at=when, key="r")

    @rule(home=st.sampled_from(HOMES), hand_over=st.booleans())
    def shop(self, home: str, hand_over: bool) -> None:
        """A household orders soap; the order is handed over or cancelled."""
        order = f"O{self.n}"
        try:
            self.ws.place_order(order, home, {"soap": 1}, at=self.tick())
        except GridgovError:
            return  # not enough points: refused, nothing recorded
        if hand_over:
            self.ws.hand_over(order, at=self.tick())
        else:
            self.ws.cancel_order(order, at=self.tick())

    @rule(home=st.sampled_from(HOMES))
    def failed_transaction(self, home: str) -> None:
        """A transaction whose second command fails records nothing."""
        head = self.ws.journal.head()
        try:
            with self.ws.transaction():
                self.ws.record_visit(home, "W06", at=self.tick())
                self.ws.record_visit("NOPE", "W06", at=self.tick())
        except GridgovError:
            pass
        assert self.ws.journal.head() == head

    @rule()
    def reopen(self) -> None:
        """Replaying the journal gives the same state."""
        assert self.ws.reopen().state.snapshot() == self.ws.state.snapshot()

    @invariant()
    def journal_and_state_in_step(self) -> None:
        """The projections read exactly the journal; the ledger conserves points."""
        assert self.ws.position == self.ws.journal.head().sequence
        self.ws.state.ledger.verify()
        issued = self.ws.state.ledger.issued
        held = sum(self.ws.balance(h) for h in HOMES)
        spent = sum(o.points for o in self.ws.state.supermarket.orders() if o.fulfil_id)
        assert issued == held + spent


WorkspaceMachine.TestCase.settings = settings(
    max_examples=settings.default.max_examples // 5 or 1, stateful_step_count=12
)
test_workspace_machine = WorkspaceMachine.TestCase
