"""
Volunteer activities (志愿服务, 新时代文明实践) and the 点单 menu: an engine.

Beside points, visits and cases: the events (`ActivityRecorded`,
`ServiceOrdered`), their streams, and `ActivityBook`, which folds them. Turning
participation into points claims is cross-engine work and lives in
`gridgov.app`; the figures a report publishes are built in
`gridgov.reports.volunteer_figures`. See docs/activities.md.
"""

from gridgov.volunteers.activities import (
    ActivityBook,
    ActivityKind,
    ActivityRecorded,
    MenuItem,
    ServiceOrdered,
    activity_stream,
    menu_order_stream,
    participation_facts,
)

__all__ = [
    "ActivityBook",
    "ActivityKind",
    "ActivityRecorded",
    "MenuItem",
    "ServiceOrdered",
    "activity_stream",
    "menu_order_stream",
    "participation_facts",
]
