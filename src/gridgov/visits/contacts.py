"""
一党员: how many of the households linked to each 党员中心户 it contacted.

`party_contact_coverage` takes the links in force on a period's last day
(`gridgov.roster.Roster.links_of`) and the visits of the period; any visit the
central household recorded as the worker counts as a contact (入户, 电话 or
视频). The result displays itself (`gridgov.display.TableDisplay`).
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

import attrs

from gridgov.display import Column, TableDisplay, percent
from gridgov.domain.ids import HouseholdId
from gridgov.roster.model import Roster
from gridgov.visits.events import VisitRecorded
from gridgov.visits.periods import Window

__all__ = ["ContactReport", "ContactRow", "party_contact_coverage"]


@attrs.frozen
class ContactRow:
    """
    一党员: one 党员中心户's contact with its linked households in a period.

    Attributes:
        central: The 党员中心户 (a worker with that role).
        linked: Households it is linked to.
        contacted: Linked households it visited or called in the period.
    """

    central: str
    linked: tuple[HouseholdId, ...]
    contacted: tuple[HouseholdId, ...]

    @property
    def rate(self) -> Fraction | None:
        """Contact coverage: contacted / linked."""
        return Fraction(len(self.contacted), len(self.linked)) if self.linked else None

    @property
    def uncontacted(self) -> tuple[HouseholdId, ...]:
        """Linked households not contacted."""
        done = set(self.contacted)
        return tuple(h for h in self.linked if h not in done)


class ContactReport(tuple[ContactRow, ...], TableDisplay):
    """
    一党员: the `ContactRow` of each 党员中心户, as a tuple that displays itself.

    Iterates, indexes and compares like the tuple `party_contact_coverage`
    used to return.
    """

    __slots__ = ()

    display_columns = (
        Column("central", "party central household", "党员中心户"),
        Column("linked", "linked", "联系户数", get=lambda row: len(row.linked)),
        Column("contacted", "contacted", "已联系", get=lambda row: len(row.contacted)),
        Column("rate", "contact rate", "联系率", get=lambda row: percent(row.rate)),
        Column("uncontacted", "not contacted", "未联系户"),
    )

    def display_caption(self) -> str:
        """一党员联系 Party contact coverage."""
        return f"党员中心户联系 Party contact: {len(self)} 户 central households"


def party_contact_coverage(
    roster: Roster, visits: Iterable[VisitRecorded], period: Window
) -> ContactReport:
    """
    Return, for each 党员中心户 in *roster*, which linked households it contacted.

    Links are those in force on the period's last day (`Roster.links_of`); a
    contact is any visit in *period* recorded with the central household's id
    as the worker (入户, 电话 or 视频 all count).
    """
    made: set[tuple[str, HouseholdId]] = {
        (v.worker, v.household) for v in visits if period.contains(v.day)
    }
    rows = []
    for cid in roster.central_households:
        linked = tuple(h.id for h in roster.links_of(cid, period.last_day))
        contacted = tuple(h for h in linked if (cid, h) in made)
        rows.append(ContactRow(cid, linked, contacted))
    return ContactReport(rows)
