"""Periods and recurrence: clamped month ends, inclusive ends, windows that tile."""

from __future__ import annotations

import calendar
import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridgov.domain.periods import Period
from gridgov.errors import InvalidValueError
from gridgov.visits import Window, monthly_on, period_containing, period_step, windows

any_day = st.dates(date(2020, 1, 1), date(2035, 12, 31))


@given(st.integers(1, 31), any_day, st.integers(0, 800))
def test_monthly_dates_clamp_to_the_last_day_of_short_months(dom, start, length):
    """A monthly date on day d falls on min(d, days in month), once in every month."""
    until = start + timedelta(days=length)
    got = monthly_on(dom, start, until)
    for d in got:
        assert d.day == min(dom, calendar.monthrange(d.year, d.month)[1])
        assert start <= d <= until
    months = {(d.year, d.month) for d in got}
    assert len(months) == len(got)


def test_monthly_on_31st_keeps_february_and_both_inclusive_ends():
    """The 31st becomes 28 Feb (2026) and 29 Feb (2028); both window ends count."""
    assert monthly_on(31, date(2026, 1, 31), date(2026, 3, 31)) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]
    assert monthly_on(30, date(2028, 2, 1), date(2028, 2, 29)) == [date(2028, 2, 29)]


@given(st.sampled_from(tuple(Period)), any_day, st.integers(1, 500), st.integers(1, 31))
def test_windows_tile_the_range_without_gaps_or_overlaps(
    period, first, length, start_day
):
    """Consecutive windows share edges, cover [first, until) and each has one period."""
    until = first + timedelta(days=length)
    ws = windows(period, first, until, start_day=start_day)
    assert ws[0].contains(first)
    assert ws[-1].contains(until - timedelta(days=1))
    for a, b in itertools.pairwise(ws):
        assert a.end == b.start
    for w in ws:
        assert w.start + period_step(period) >= w.end - timedelta(days=3)


@given(any_day)
def test_period_containing_agrees_with_the_shared_period_definition(day):
    """With start day 1, visit windows are exactly gridgov.domain.periods spans."""
    from gridgov.domain.periods import period_span

    for period in Period:
        span = period_span(day, period)
        w = period_containing(period, day)
        assert (w.start, w.end) == (span.start, span.end)


def test_month_windows_from_the_26th_follow_the_statistical_month():
    """A 统计月 from the 26th runs 26 Jan – 25 Feb."""
    w = period_containing(Period.MONTH, date(2026, 2, 10), start_day=26)
    assert (w.start, w.last_day) == (date(2026, 1, 26), date(2026, 2, 25))


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: monthly_on(0, date(2026, 1, 1), date(2026, 2, 1)), "day_of_month"),
        (lambda: windows(Period.MONTH, date(2026, 2, 1), date(2026, 1, 1)), "until"),
        (
            lambda: windows(
                Period.MONTH, date(2026, 1, 1), date(2026, 2, 1), start_day=32
            ),
            "start_day",
        ),
        (lambda: Window(date(2026, 1, 2), date(2026, 1, 1)), "end"),
    ],
)
def test_bad_arguments_raise_invalid_value_error_naming_the_argument(call, name):
    """Bad input raises InvalidValueError that names the argument."""
    with pytest.raises(InvalidValueError) as err:
        call()
    assert err.value.name == name
