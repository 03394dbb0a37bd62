"""Properties of working-day and working-hour arithmetic, against a naive model."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from gridgov.calendar import ChinaCalendar, WeekendCalendar
from gridgov.domain.spans import CHINA_TZ

CAL = ChinaCalendar()
# Leave room before the end of 2026: up to 80 working days (m + n) must stay
# inside published years.
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 8, 1))
counts = st.integers(min_value=0, max_value=40)
instants = st.builds(
    lambda d, minutes: (
        datetime(d.year, d.month, d.day, tzinfo=CHINA_TZ) + timedelta(minutes=minutes)
    ),
    days,
    st.integers(min_value=0, max_value=24 * 60 - 1),
)
amounts = st.integers(min_value=0, max_value=60 * 60).map(
    lambda m: timedelta(minutes=m)
)


def naive_add(day: date, n: int) -> date:
    while n:
        day += timedelta(1)
        n -= CAL.is_working_day(day)
    return day


@given(days, st.integers(min_value=1, max_value=40))
def test_result_is_a_working_day(day: date, n: int) -> None:
    """add_working_days(d, n) is a working day for n >= 1."""
    assert CAL.is_working_day(CAL.add_working_days(day, n))


@given(days, counts)
def test_agrees_with_day_by_day_loop(day: date, n: int) -> None:
    """The bisect tables give the same answer as walking day by day."""
    assert CAL.add_working_days(day, n) == naive_add(day, n)


@given(days, counts)
def test_count_inverts_add(day: date, n: int) -> None:
    """(d, add(d, n)] holds n working days; so does [d, add(d, n)) for a working d."""
    end = CAL.add_working_days(day, n)
    assert CAL.working_days_between(day + timedelta(1), end + timedelta(1)) == n
    if CAL.is_working_day(day):
        assert CAL.working_days_between(day, end) == n


@given(days, counts, counts)
def test_add_is_monotonic_and_additive(day: date, m: int, n: int) -> None:
    """Adding is monotonic, and add(add(d, m), n) == add(d, m + n)."""
    assert CAL.add_working_days(day, m) <= CAL.add_working_days(day, m + n)
    assert CAL.add_working_days(
        CAL.add_working_days(day, m), n
    ) == CAL.add_working_days(day, m + n)


@given(days, days, days)
def test_count_is_additive_over_splits(a: date, b: date, c: date) -> None:
    """Counting [a, c) equals counting [a, b) plus [b, c) for a <= b <= c."""
    a, b, c = sorted((a, b, c))
    assert CAL.working_days_between(a, c) == CAL.working_days_between(
        a, b
    ) + CAL.working_days_between(b, c)


@given(instants, amounts)
def test_working_time_round_trip(start: datetime, amount: timedelta) -> None:
    """Counting working time back from add_working_time(start, x) gives x."""
    end = CAL.add_working_time(start, amount)
    assert end >= start
    assert CAL.working_time_between(start, end) == amount


@given(instants, amounts, amounts)
def test_working_time_is_monotonic(start: datetime, x: timedelta, y: timedelta) -> None:
    """More working time never ends earlier."""
    x, y = sorted((x, y))
    assert CAL.add_working_time(start, x) <= CAL.add_working_time(start, y)


@given(instants, instants)
def test_working_time_never_exceeds_office_days(a: datetime, b: datetime) -> None:
    """Working time between two instants is at most 7 h per working day touched."""
    a, b = sorted((a, b))
    spent = CAL.working_time_between(a, b)
    touched = CAL.working_days_between(a.date(), b.date() + timedelta(1))
    assert timedelta(0) <= spent <= touched * timedelta(hours=7)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), counts)
def test_weekend_calendar_skips_only_weekends(day: date, n: int) -> None:
    """WeekendCalendar results never fall on a weekend and walk exactly n weekdays."""
    cal = WeekendCalendar()
    end = cal.add_working_days(day, n)
    if n:
        assert end.weekday() < 5
    walked = sum(
        (day + timedelta(i)).weekday() < 5 for i in range(1, (end - day).days + 1)
    )
    assert walked == n
