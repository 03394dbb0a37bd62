"""The Workspace as a state machine: journal and state stay in step."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from gridgov.app import ClaimState, Workspace, sample_config
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import GridgovError, TransitionRefusedError
from gridgov.flow import Actor

CONFIG = sample_config()
HOMES = ["PC0001", "PC0002", "PC0006", "PC0050"]
START = datetime(2026, 11, 2, 9, tzinfo=CHINA_TZ)
PANEL = Actor("评议小组", frozenset({"committee"}))


class WorkspaceMachine(RuleBasedStateMachine):
    """Visits, claims (with objections), orders and transactions; time moves on."""

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
        """A volunteer-hours claim is filed, verified and publicised."""
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
        self.ws.step_claim(claim, "publicise", actor="W06", at=when, key="p")

    @rule(pick=st.integers(0, 5), hours=st.integers(1, 30))
    def object_to_claim(self, pick: int, hours: int) -> None:
        """异议: taken while the notice window is open, refused once it closed."""
        posted = self.ws.claims(ClaimState.PUBLICISED)
        if not posted:
            return
        claim = posted[pick % len(posted)].id
        ends = self.ws.claim_notice_ends(claim)
        assert ends is not None
        when = self.tick(hours)
        key = f"o{self.n}"
        if when.astimezone(CHINA_TZ).date() < ends:
            done = self.ws.step_claim(
                claim, "object", actor="PC0002", at=when, key=key, note="有异议"
            )
            assert done.state is ClaimState.SUBMITTED
        else:
            with pytest.raises(TransitionRefusedError, match="公示期已于"):
                self.ws.step_claim(
                    claim, "object", actor="PC0002", at=when, key=key, note="有异议"
                )

    @rule()
    def repost(self) -> None:
        """Claims sent back by an objection are verified and publicised again."""
        when = self.tick()
        for claim in self.ws.claims(ClaimState.SUBMITTED):
            self.ws.step_claim(
                claim.id, "verify", actor="W06", at=when, key=f"v{self.n}"
            )
            self.ws.step_claim(
                claim.id, "publicise", actor="W06", at=when, key=f"p{self.n}"
            )

    @rule(hours=st.sampled_from([24, 24 * 3, 24 * 4]))
    def recognise_due(self, hours: int) -> None:
        """Only the committee recognises, and only once the window has closed."""
        when = self.tick(hours)
        for claim in self.ws.claims(ClaimState.PUBLICISED):
            with pytest.raises(TransitionRefusedError) as err:
                self.ws.recognise_claim(claim.id, actor="W06", at=when, key="w")
            assert err.value.reason in {"role", "guard"}
            ends = self.ws.claim_notice_ends(claim.id)
            assert ends is not None
            if when.astimezone(CHINA_TZ).date() >= ends:
                done = self.ws.recognise_claim(claim.id, actor=PANEL, at=when, key="r")
                assert done.state is ClaimState.RECOGNISED
            else:
                with pytest.raises(TransitionRefusedError, match="公示期至") as err:
                    self.ws.recognise_claim(claim.id, actor=PANEL, at=when, key="r")
                assert err.value.reason == "guard"

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
