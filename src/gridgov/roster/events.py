"""
The roster's own events: a household moves (迁入迁出).

>>> from datetime import datetime
>>> from gridgov.domain import CHINA_TZ
>>> e = HouseholdMoveRecorded(
...     stream=household_stream("PC0001"),
...     key="move-1",
...     occurred_at=datetime(2026, 11, 2, 9, tzinfo=CHINA_TZ),
...     household="PC0001",
...     to_region="410381003002002001",
...     on=datetime(2026, 11, 2).date(),
... )
>>> e.stream, e.type_name, e.moving_out
('household:PC0001', 'HouseholdMoveRecorded', False)
"""

from __future__ import annotations

from datetime import date

import attrs

from gridgov.domain.events import Event

__all__ = ["HouseholdMoveRecorded", "household_stream"]


def household_stream(household: str) -> str:
    """Return the stream of a household's roster changes: ``household:<id>``."""
    return f"household:{household}"


@attrs.frozen(kw_only=True)
class HouseholdMoveRecorded(Event):
    """
    A household moved to another leaf region, or out of the township (迁出).

    Attributes:
        household: The household.
        to_region: The leaf region it moved to; ``""`` when it moved out.
        on: The first day in the new place.
    """

    household: str
    to_region: str
    on: date

    @property
    def moving_out(self) -> bool:
        """Whether the household left the township."""
        return not self.to_region
