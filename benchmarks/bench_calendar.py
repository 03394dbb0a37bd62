"""
bench_calendar: gridgov.calendar working-day arithmetic against naive loops and peers.

Measured in one process, as ratios to a day-by-day loop over the holidays
package (what one would write first). Peers: the holidays package's own
``get_nth_working_day`` / ``get_working_days_count`` (same data, same answer).

    python benchmarks/bench_calendar.py [--quick]
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import holidays

from gridgov.calendar import ChinaCalendar, WeekendCalendar
from gridgov.domain.spans import CHINA_TZ
from harness import Case, compare, growth, write_table

START = date(2026, 2, 12)  # the Thursday before 春节 2026
N = 20  # a typical 20-working-day limit
HOLIDAYS_VERSION = holidays.__version__


def main() -> None:
    cal = ChinaCalendar()
    cn = holidays.China(years=range(2025, 2027))
    expected = cal.add_working_days(START, N)

    def naive_add(day: date, n: int) -> date:
        while n:
            day += timedelta(1)
            n -= cn.is_working_day(day)
        return day

    def naive_count(start: date, end: date) -> int:
        return sum(
            cn.is_working_day(start + timedelta(i)) for i in range((end - start).days)
        )

    assert naive_add(START, N) == expected
    assert cn.get_nth_working_day(START, N) == expected
    end = expected
    assert naive_count(START, end) == cal.working_days_between(START, end)

    add = compare(
        f"add {N} working days across 春节 2026",
        [
            Case("gridgov ChinaCalendar", lambda: cal.add_working_days(START, N)),
            Case(
                "holidays get_nth_working_day",
                lambda: cn.get_nth_working_day(START, N),
                note=f"holidays {HOLIDAYS_VERSION}",
            ),
            Case("naive day-by-day loop", lambda: naive_add(START, N), note="baseline"),
        ],
        baseline="naive day-by-day loop",
    )
    count = compare(
        "count working days in a 6-week span",
        [
            Case("gridgov ChinaCalendar", lambda: cal.working_days_between(START, end)),
            Case(
                "holidays get_working_days_count",
                lambda: cn.get_working_days_count(START, end),
                note=f"holidays {HOLIDAYS_VERSION}; both ends inclusive",
            ),
            Case(
                "naive day-by-day loop",
                lambda: naive_count(START, end),
                note="baseline",
            ),
        ],
        baseline="naive day-by-day loop",
    )
    t0 = datetime(2026, 2, 13, 16, 0, tzinfo=CHINA_TZ)
    hours = compare(
        "add 24 working hours (lunch, nights, 春节 skipped)",
        [
            Case("gridgov add_working_hours", lambda: cal.add_working_hours(t0, 24)),
            Case("gridgov add_working_days", lambda: cal.add_working_days(START, 3)),
        ],
        baseline="gridgov add_working_days",
    )
    weekend = WeekendCalendar()

    def span_of(days: int):
        end_day = date(2000, 1, 1) + timedelta(days)
        weekend.working_days_between(date(2000, 1, 1), end_day)  # build the tables
        return lambda: weekend.working_days_between(date(2000, 1, 1), end_day)

    scale = growth(
        "working_days_between over spans of 10k / 100k / 1M days (WeekendCalendar)",
        "working_days_between",
        span_of,
    )
    write_table([add, count, hours, scale], "calendar")


if __name__ == "__main__":
    main()
