"""Shared calendar periods: spans tile time, labels round-trip."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridgov.domain.periods import (
    Period,
    parse_period,
    period_label,
    period_span,
    period_spans,
)
from gridgov.errors import GridgovError

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))
periods = st.sampled_from(list(Period))


class TestPeriodSpan:
    """period_span and period_spans."""

    @given(days, periods)
    def test_span_contains_its_day(self, day, period):
        """The period containing a day contains it, and is not empty."""
        span = period_span(day, period)

        assert span.contains(day)
        assert span.start < span.end

    @given(days, periods)
    def test_next_period_starts_where_this_ends(self, day, period):
        """Consecutive periods tile the calendar with no gap and no overlap."""
        span = period_span(day, period)
        following = period_span(span.end, period)

        assert following.start == span.end
        assert not span.contains(span.end)

    @given(days, st.integers(0, 400), periods)
    def test_spans_cover_every_day_once(self, start, length, period):
        """period_spans covers each day of [start, end) by exactly one span."""
        end = start + timedelta(days=length)
        spans = period_spans(start, end, period)

        for offset in range(0, length, 7):
            day = start + timedelta(days=offset)
            assert sum(s.contains(day) for s in spans) == 1

    def test_month_end_and_leap_years(self):
        """February in a leap year ends on the 29th."""
        span = period_span(date(2028, 2, 29), Period.MONTH)

        assert (span.start, span.end) == (date(2028, 2, 1), date(2028, 3, 1))

    def test_reversed_range_is_an_error(self):
        """An end before the start is refused with a GridgovError."""
        with pytest.raises(GridgovError, match="end: expected a date on or after"):
            period_spans(date(2026, 2, 1), date(2026, 1, 1), Period.MONTH)


class TestLabels:
    """parse_period and period_label."""

    @given(days, periods)
    def test_label_round_trips(self, day, period):
        """Parsing a period's label gives back the same span."""
        parsed_period, span = parse_period(period_label(day, period))

        assert parsed_period is period
        assert span == period_span(day, period)

    @pytest.mark.parametrize("bad", ["2026-13", "2026-W60", "2026-Q5", "Nov 2026", ""])
    def test_bad_labels_are_refused(self, bad):
        """Malformed labels raise a GridgovError naming the accepted shapes."""
        with pytest.raises(GridgovError, match="2026-W48"):
            parse_period(bad)

    def test_chinese_labels(self):
        """Every period has its Chinese label."""
        assert [p.zh for p in Period] == ["日", "周", "月", "季度", "半年", "年"]
