"""
Events the Workspace records about its own work (the engines record the rest).

Each engine holds its own events: visits, patrols and household changes in
`gridgov.visits`, cases in `gridgov.cases`, claims
(`gridgov.points.claim_events`), ledger postings and supermarket orders in
`gridgov.points`, activities in `gridgov.volunteers`,
household moves in `gridgov.roster`. What is the Workspace's own is here: the
repair that sets aside an event the fold refuses (`EventSetAside`); the
request record of every command is `gridgov.app.requests.RequestRecorded`.
"""

from __future__ import annotations

import attrs

from gridgov.domain.events import Event

__all__ = ["EventSetAside", "set_aside_stream"]


def set_aside_stream() -> str:
    """Return the stream of the journal's repairs: ``repairs:set-aside``."""
    return "repairs:set-aside"


@attrs.frozen(kw_only=True)
class EventSetAside(Event):
    """
    The fold skips an event it refuses (一条无法折叠的事件被搁置).

    A compensating record written by `gridgov.app.doctor.set_aside` (``gridgov
    doctor --set-aside``): the refused event stays in the journal and its hash
    chain; the Workspace no longer folds it.

    Attributes:
        sequence: The refused event's position in the journal.
        event_stream: Its stream.
        event_type: Its type.
        event_key: Its key.
        reason: Why it was set aside.
        actor: Who decided.
    """

    sequence: int
    event_stream: str
    event_type: str
    event_key: str
    reason: str
    actor: str
