"""PROVISIONAL: statutory holidays for years without a notice, and no warnings."""

from __future__ import annotations

import threading
import warnings
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridgov.calendar import (
    PROVISIONAL_LAST_YEAR,
    ChinaCalendar,
    Limit,
    LimitUnit,
    OfficeHours,
    UnpublishedYearPolicy,
    UnpublishedYearWarning,
    WeekendCalendar,
    _china,
    calendar_version,
    compute_deadlines,
    track_provisional,
)
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import CalendarError, GridgovError, InvalidValueError

PROVISIONAL = ChinaCalendar(unpublished=UnpublishedYearPolicy.PROVISIONAL)

# 2027 by the 办法 in force from 2025, as holidays 0.109 computes it: the
# weekdays off (weekend days of a holiday are rest days anyway).
REST_WEEKDAYS_2027 = {
    date(2027, 1, 1): "元旦",  # Friday
    date(2027, 2, 5): "农历除夕",  # Friday
    date(2027, 2, 8): "春节",  # 初三, Monday (初一, 初二 on the weekend)
    date(2027, 2, 9): "春节（补假）",  # for Saturday 初一
    date(2027, 2, 10): "春节（补假）",  # for Sunday 初二
    date(2027, 4, 5): "清明节",  # the solar term, Monday
    date(2027, 5, 3): "劳动节（补假）",  # 05-01, 05-02 on the weekend
    date(2027, 5, 4): "劳动节（补假）",
    date(2027, 6, 9): "端午节",  # 五月初五, Wednesday
    date(2027, 9, 15): "中秋节",  # 八月十五, Wednesday
    date(2027, 10, 1): "国庆节",
    date(2027, 10, 4): "国庆节（补假）",
    date(2027, 10, 5): "国庆节（补假）",
}


def _year(y: int) -> list[date]:
    first = date(y, 1, 1)
    return [first + timedelta(d) for d in range((date(y + 1, 1, 1) - first).days)]


def test_calendar_error_is_not_a_value_error() -> None:
    """A missing notice is missing data, not bad input: ValueError handlers miss it."""
    assert issubclass(CalendarError, GridgovError)
    assert not issubclass(CalendarError, ValueError)
    with pytest.raises(CalendarError) as info:
        ChinaCalendar().is_working_day(date(2027, 3, 1))
    assert not isinstance(info.value, ValueError)


def test_2027_is_statutory_holidays_and_weekends_without_tiaoxiu() -> None:
    """Every 2027 day: rest iff weekend or a statutory day (with 补假); none worked."""
    for day in _year(2027):
        expected = day.weekday() < 5 and day not in REST_WEEKDAYS_2027
        assert PROVISIONAL.is_working_day(day) is expected, day
    assert PROVISIONAL.working_days_between(date(2027, 1, 1), date(2028, 1, 1)) == 248
    for day, name in REST_WEEKDAYS_2027.items():
        assert PROVISIONAL.explain(day) == name
    assert PROVISIONAL.explain(date(2027, 2, 6)) == "春节"  # 初一, a Saturday
    assert PROVISIONAL.explain(date(2027, 2, 14)) == "周末"  # no 调休上班


def test_statutory_table_leaves_out_the_notice() -> None:
    """For a year the package has a notice for, the estimate still ignores it."""
    work, rest = _china._statutory(2026)
    workdays = {date.fromordinal(o) for o in work}
    assert date(2026, 2, 20) in workdays  # a notice bridging day, not statutory
    assert date(2026, 10, 6) in workdays
    assert date(2026, 2, 14) not in workdays  # a notice 调休 Saturday: a weekend
    assert rest[date(2026, 4, 6).toordinal()] == "清明节（补假）"  # 04-05 is a Sunday
    assert rest[date(2026, 2, 16).toordinal()] == "农历除夕"


def test_provisional_answers_do_not_warn() -> None:
    """No UnpublishedYearWarning (the suite turns warnings into errors anyway)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        PROVISIONAL.add_working_days(date(2026, 12, 30), 30)
        PROVISIONAL.add_working_hours(datetime(2027, 2, 4, 9, tzinfo=CHINA_TZ), 20)
    assert caught == []


@pytest.mark.parametrize(
    ("policy", "local", "year", "expected"),
    [
        ("provisional", (), 2026, False),
        ("provisional", (), 2027, True),
        ("provisional", (), PROVISIONAL_LAST_YEAR, True),
        ("provisional", (), PROVISIONAL_LAST_YEAR + 1, False),
        ("provisional", (), 2000, False),
        ("provisional", (2027,), 2027, False),
        ("weekends_only", (), 2027, True),
        ("weekends_only", (), 1999, True),
        ("raise", (), 2027, False),
    ],
)
def test_is_provisional(
    policy: str, local: tuple[int, ...], year: int, expected: bool
) -> None:
    """Provisional: a year without a notice that the policy answers anyway."""
    cal = ChinaCalendar(unpublished=policy, local_notice_years=local)
    assert cal.is_provisional(year) is expected
    assert cal.is_provisional(date(year, 6, 1)) is expected


@pytest.mark.parametrize("bad", [True, "2027", datetime(2027, 1, 1, tzinfo=CHINA_TZ)])
def test_is_provisional_wants_a_date_or_a_year(bad: object) -> None:
    """A datetime, a bool or text is refused, naming the argument."""
    with pytest.raises(InvalidValueError, match="day_or_year"):
        PROVISIONAL.is_provisional(bad)  # type: ignore[arg-type]


def test_provisional_stops_where_the_estimate_would_be_a_guess() -> None:
    """Before the first notice and after 2099 the policy refuses, saying why."""
    with pytest.raises(CalendarError, match="up to 2099"):
        PROVISIONAL.is_working_day(date(PROVISIONAL_LAST_YEAR + 1, 3, 1))
    with pytest.raises(CalendarError, match="2000"):
        PROVISIONAL.is_working_day(date(2000, 3, 1))
    assert PROVISIONAL.is_working_day(date(PROVISIONAL_LAST_YEAR, 3, 2))


def test_track_provisional_collects_the_years_an_answer_needed() -> None:
    """Only answers inside the block count; blocks nest; published years never."""
    with track_provisional() as outer:
        PROVISIONAL.add_working_days(date(2026, 6, 1), 20)
        assert outer == set()
        with track_provisional() as inner:
            PROVISIONAL.working_days_between(date(2026, 6, 1), date(2028, 2, 1))
        PROVISIONAL.is_working_day(date(2029, 1, 2))
    assert inner == {2027, 2028}
    assert outer == {2027, 2028, 2029}
    PROVISIONAL.is_working_day(date(2030, 1, 2))
    assert outer == {2027, 2028, 2029}


def test_track_provisional_is_per_thread() -> None:
    """Another thread's answers on the same calendar are not reported here."""
    done = threading.Event()

    def other() -> None:
        PROVISIONAL.is_working_day(date(2031, 5, 6))
        done.set()

    with track_provisional() as years:
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
    assert done.is_set()
    assert years == set()


def test_weekends_only_years_are_provisional_and_still_warn() -> None:
    """The explicit WEEKENDS_ONLY policy keeps its warning and is tracked too."""
    lenient = ChinaCalendar(unpublished="weekends_only")
    with track_provisional() as years, pytest.warns(UnpublishedYearWarning):
        lenient.add_working_days(date(2026, 12, 30), 5)
    assert years == {2027}


def test_deadlines_record_the_provisional_years() -> None:
    """Working-day limits into 2027 are provisional; natural days are not."""
    start = datetime(2026, 12, 28, 9, 0, tzinfo=CHINA_TZ)
    working = compute_deadlines(
        Limit(5, LimitUnit.WORKING_DAYS), started_at=start, calendar=PROVISIONAL
    )
    assert working.provisional_years == (2027,)
    assert working.provisional
    assert working.current == datetime(2027, 1, 6, tzinfo=CHINA_TZ)  # 元旦 skipped
    natural = compute_deadlines(
        Limit(10, LimitUnit.NATURAL_DAYS), started_at=start, calendar=PROVISIONAL
    )
    assert natural.provisional_years == ()
    inside = compute_deadlines(
        Limit(1, LimitUnit.WORKING_DAYS), started_at=start, calendar=PROVISIONAL
    )
    assert inside.provisional_years == ()


def test_version_names_the_data() -> None:
    """Stable for equal data; different for a policy, a local year, days or hours."""
    base = ChinaCalendar(unpublished="provisional")
    assert base.version == ChinaCalendar(unpublished="provisional").version
    assert base.version == (
        f"china/holidays-{_china.HOLIDAYS_VERSION}/2001-2026/provisional"
    )
    others = [
        ChinaCalendar(),
        ChinaCalendar(unpublished="provisional", local_notice_years=[2027]),
        ChinaCalendar(unpublished="provisional", extra_rest_days=[date(2027, 1, 4)]),
        ChinaCalendar(unpublished="provisional", extra_working_days=[date(2027, 1, 9)]),
        ChinaCalendar(
            unpublished="provisional",
            office_hours=OfficeHours.parse("09:00-12:00, 13:30-17:30"),
        ),
    ]
    versions = [base.version, *(c.version for c in others)]
    assert len(set(versions)) == len(versions)
    same_days = ChinaCalendar(
        unpublished="provisional",
        extra_rest_days=[date(2027, 1, 5), date(2027, 1, 4)],
    )
    again = ChinaCalendar(
        unpublished="provisional",
        extra_rest_days=[date(2027, 1, 4), date(2027, 1, 5)],
    )
    assert same_days.version == again.version
    assert "provisional" in PROVISIONAL.describe()
    assert UnpublishedYearPolicy.PROVISIONAL.zh == "未公布年份按法定节假日暂定"


def test_calendar_version_of_any_work_calendar() -> None:
    """A calendar without `version` is named by its description."""

    class Plain:
        def describe(self) -> str:
            return "a township's own calendar"

    assert calendar_version(WeekendCalendar()) == "mon-fri"
    assert calendar_version(Plain()) == "a township's own calendar"  # type: ignore[arg-type]


in_years = st.dates(min_value=date(2026, 10, 1), max_value=date(2029, 6, 30))


@given(in_years, st.integers(min_value=0, max_value=60))
def test_provisional_arithmetic_is_consistent(day: date, n: int) -> None:
    """Across published and provisional years, counting inverts adding."""
    end = PROVISIONAL.add_working_days(day, n)
    assert PROVISIONAL.working_days_between(day + timedelta(1), end + timedelta(1)) == n
    if n:
        assert PROVISIONAL.is_working_day(end)
    if end.year >= 2027:
        assert end.weekday() < 5 or end == day  # no weekend is worked in an estimate
