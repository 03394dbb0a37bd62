"""ChinaCalendar against the 2026 State Council notice, as the package has it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gridgov.calendar import (
    LAST_PUBLISHED_YEAR,
    ChinaCalendar,
    UnpublishedYearPolicy,
    UnpublishedYearWarning,
    WeekendCalendar,
    _china,
)
from gridgov.errors import CalendarError, GridgovError, InvalidValueError
from gridgov.types import WorkCalendar

# Rest blocks of 2026 (inclusive), weekends included, from the 2026 notice.
REST_2026 = {
    "元旦": (date(2026, 1, 1), date(2026, 1, 3)),
    "春节": (date(2026, 2, 15), date(2026, 2, 23)),
    "清明节": (date(2026, 4, 4), date(2026, 4, 6)),
    "劳动节": (date(2026, 5, 1), date(2026, 5, 5)),
    "端午节": (date(2026, 6, 19), date(2026, 6, 21)),
    "中秋节": (date(2026, 9, 25), date(2026, 9, 27)),
    "国庆节": (date(2026, 10, 1), date(2026, 10, 7)),
}
# 调休: weekend days worked in 2026.
ADJUSTED_WORKING_2026 = [
    date(2026, 1, 4),  # Sunday, for 元旦
    date(2026, 2, 14),  # Saturday, for 春节
    date(2026, 2, 28),  # Saturday, for 春节
    date(2026, 5, 9),  # Saturday, for 劳动节
    date(2026, 9, 20),  # Sunday, for 国庆节
    date(2026, 10, 10),  # Saturday, for 国庆节
]


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(d) for d in range((last - first).days + 1)]


@pytest.fixture(scope="module")
def cal() -> ChinaCalendar:
    return ChinaCalendar()


def test_package_knows_2026() -> None:
    """The installed holidays package encodes notices up to 2026 at least."""
    # The run treats 2026 as the last published year (conftest.py), so the 2027
    # tests below hold whatever newer notices a holidays release adds.
    assert _china.LAST_PUBLISHED_YEAR == 2026
    assert LAST_PUBLISHED_YEAR >= 2026


def test_implements_work_calendar_protocol(cal: ChinaCalendar) -> None:
    """Both calendars satisfy the WorkCalendar protocol."""
    assert isinstance(cal, WorkCalendar)
    assert isinstance(WeekendCalendar(), WorkCalendar)


@pytest.mark.parametrize("name", sorted(REST_2026))
def test_rest_blocks_of_2026_are_not_working_days(
    cal: ChinaCalendar, name: str
) -> None:
    """Every day of each 2026 holiday block is a rest day; the day after it works."""
    first, last = REST_2026[name]
    assert not any(cal.is_working_day(d) for d in _days(first, last))
    assert cal.is_working_day(last + timedelta(1))


@pytest.mark.parametrize("day", ADJUSTED_WORKING_2026)
def test_adjusted_weekend_days_are_working_days(cal: ChinaCalendar, day: date) -> None:
    """Each 调休 Saturday or Sunday of 2026 is a working day, explained as such."""
    assert day.weekday() >= 5
    assert cal.is_working_day(day)
    assert cal.explain(day) == "调休上班"


def test_exact_working_day_count_of_2026(cal: ChinaCalendar) -> None:
    """2026: 261 weekdays - 19 weekday holidays + 6 adjusted days = 248."""
    assert cal.working_days_between(date(2026, 1, 1), date(2027, 1, 1)) == 248


def test_only_listed_weekend_days_work_in_2026(cal: ChinaCalendar) -> None:
    """No weekend day of 2026 works except the six adjusted ones."""
    weekend_work = [
        d
        for d in _days(date(2026, 1, 1), date(2026, 12, 31))
        if d.weekday() >= 5 and cal.is_working_day(d)
    ]
    assert weekend_work == ADJUSTED_WORKING_2026


def test_spring_festival_deadline(cal: ChinaCalendar) -> None:
    """Three working days from Thursday 02-12 are 02-13, 02-14 (Saturday) and 02-24."""
    assert cal.add_working_days(date(2026, 2, 12), 3) == date(2026, 2, 24)
    assert cal.working_days_between(date(2026, 2, 12), date(2026, 2, 24)) == 3


def test_national_day_deadline(cal: ChinaCalendar) -> None:
    """From 09-30 the next working days are 10-08, 10-09 and Saturday 10-10."""
    got = [cal.add_working_days(date(2026, 9, 30), n) for n in (1, 2, 3, 4)]
    assert got == [
        date(2026, 10, 8),
        date(2026, 10, 9),
        date(2026, 10, 10),
        date(2026, 10, 12),
    ]


def test_sunday_before_national_day_works(cal: ChinaCalendar) -> None:
    """Friday 09-18 plus one working day is Sunday 09-20 (调休)."""
    assert cal.add_working_days(date(2026, 9, 18), 1) == date(2026, 9, 20)


def test_explain_names_holidays_in_chinese(cal: ChinaCalendar) -> None:
    """explain() names the holiday, a weekend or an ordinary working day."""
    assert cal.explain(date(2026, 2, 17)) == "春节"
    assert cal.explain(date(2026, 2, 16)) == "农历除夕"
    assert cal.explain(date(2026, 10, 1)) == "国庆节"
    assert cal.explain(date(2026, 11, 22)) == "周末"
    assert cal.explain(date(2026, 11, 23)) == "工作日"


def test_late_december_working_weekend_comes_from_next_year_notice(
    cal: ChinaCalendar,
) -> None:
    """The 2002 notice made Saturday 2001-12-29 a working day; 2001 sees it."""
    assert cal.is_working_day(date(2001, 12, 29))
    assert cal.explain(date(2001, 12, 29)) == "调休上班"


def test_2027_raises_by_default(cal: ChinaCalendar) -> None:
    """Any answer that needs 2027 raises CalendarError naming the year and a way out."""
    with pytest.raises(CalendarError, match="2027") as info:
        cal.add_working_days(date(2026, 12, 30), 5)
    assert "WEEKENDS_ONLY" in str(info.value)
    with pytest.raises(CalendarError):
        cal.is_working_day(date(2027, 3, 1))
    with pytest.raises(CalendarError):
        cal.explain(date(2027, 3, 1))
    with pytest.raises(CalendarError, match="2000"):
        cal.is_working_day(date(2000, 6, 1))


def test_counting_up_to_new_year_does_not_need_2027(cal: ChinaCalendar) -> None:
    """[12-01, 2027-01-01) lies in 2026, so it is answered under the strict policy."""
    assert cal.working_days_between(date(2026, 12, 1), date(2027, 1, 1)) == 23
    assert cal.add_working_days(date(2026, 12, 30), 1) == date(2026, 12, 31)


def test_2027_weekends_only_warns() -> None:
    """WEEKENDS_ONLY answers 2027 as Mon-Fri and warns on every such answer."""
    cal = ChinaCalendar(unpublished=UnpublishedYearPolicy.WEEKENDS_ONLY)
    with pytest.warns(UnpublishedYearWarning, match="2027"):
        got = cal.add_working_days(date(2026, 12, 30), 5)
    # 12-31, then 2027-01-01 (counted: no notice), 01-04, 01-05, 01-06.
    assert got == date(2027, 1, 6)
    with pytest.warns(UnpublishedYearWarning):
        assert cal.is_working_day(date(2027, 1, 1))
    with pytest.warns(UnpublishedYearWarning):
        assert not cal.is_working_day(date(2027, 1, 2))
    # 2026 alone needs no warning (pytest turns warnings into errors).
    assert cal.add_working_days(date(2026, 2, 12), 3) == date(2026, 2, 24)


def test_policy_accepts_its_value_and_refuses_others() -> None:
    """The policy can be given by value; an unknown one is an InvalidValueError."""
    assert ChinaCalendar(unpublished="weekends_only").policy is (
        UnpublishedYearPolicy.WEEKENDS_ONLY
    )
    with pytest.raises(InvalidValueError, match="unpublished: expected one of raise"):
        ChinaCalendar(unpublished="guess")


def test_local_notice_years_make_2027_answerable() -> None:
    """A township that enters the 2027 notice itself gets answers without warnings."""
    cal = ChinaCalendar(
        extra_rest_days=[date(2027, 1, 1)],
        extra_working_days=[date(2027, 1, 2)],
        local_notice_years=[2027],
    )
    assert not cal.is_working_day(date(2027, 1, 1))
    assert cal.is_working_day(date(2027, 1, 2))
    assert cal.explain(date(2027, 1, 2)) == "本地工作日"
    assert "local notices 2027" in cal.describe()
    with pytest.raises(InvalidValueError, match="local_notice_years"):
        ChinaCalendar(local_notice_years=["2027"])  # type: ignore[list-item]


def test_local_extra_rest_day_overrides_national() -> None:
    """A local day off (e.g. 三月三) stops being a working day; others stay."""
    sanyuesan = date(2026, 4, 20)
    cal = ChinaCalendar(extra_rest_days=[sanyuesan])
    assert not cal.is_working_day(sanyuesan)
    assert cal.explain(sanyuesan) == "本地休息日"
    assert cal.add_working_days(date(2026, 4, 17), 1) == date(2026, 4, 21)
    assert ChinaCalendar().add_working_days(date(2026, 4, 17), 1) == sanyuesan
    assert "local rest days 1" in cal.describe()


def test_day_both_rest_and_working_is_refused() -> None:
    """The same day cannot be an extra rest day and an extra working day."""
    with pytest.raises(InvalidValueError, match="extra_working_days"):
        ChinaCalendar(
            extra_rest_days=[date(2026, 5, 6)], extra_working_days=[date(2026, 5, 6)]
        )


def test_describe_records_version_and_policy() -> None:
    """describe() names the calendar, the holidays version, the years and the policy."""
    text = ChinaCalendar(unpublished="weekends_only").describe()
    assert text.startswith(
        "ChinaCalendar: State Council notices 2001–2026 from holidays 0."
    )
    assert "unpublished years: weekends_only" in text
    assert repr(ChinaCalendar()).startswith("ChinaCalendar(unpublished='raise'")


@pytest.mark.parametrize(
    ("call", "where"),
    [
        (lambda c: c.is_working_day("2026-01-05"), "day"),
        (
            lambda c: c.is_working_day(__import__("datetime").datetime(2026, 1, 5)),
            "day",
        ),
        (lambda c: c.add_working_days(date(2026, 1, 5), -1), "n"),
        (lambda c: c.add_working_days(date(2026, 1, 5), 1.5), "n"),
        (lambda c: c.add_working_days(date(2026, 1, 5), True), "n"),
        (lambda c: c.working_days_between(date(2026, 1, 5), None), "end"),
    ],
)
def test_bad_arguments_raise_located_errors(
    cal: ChinaCalendar, call, where: str
) -> None:
    """Bad arguments raise InvalidValueError naming the argument."""
    with pytest.raises(InvalidValueError, match=f"^{where}: expected") as info:
        call(cal)
    assert isinstance(info.value, GridgovError)


def test_zero_days_and_reversed_intervals(cal: ChinaCalendar) -> None:
    """Adding 0 working days returns the day itself; a reversed interval counts 0."""
    assert cal.add_working_days(date(2026, 2, 17), 0) == date(2026, 2, 17)
    assert cal.working_days_between(date(2026, 3, 10), date(2026, 3, 1)) == 0


def test_weekend_calendar_beyond_any_notice() -> None:
    """WeekendCalendar answers any year with Mon-Fri and says so."""
    cal = WeekendCalendar()
    assert cal.add_working_days(date(2027, 9, 30), 1) == date(2027, 10, 1)
    assert cal.working_days_between(date(2030, 1, 1), date(2031, 1, 1)) == 261
    assert cal.describe().startswith("WeekendCalendar: Mon–Fri")
    with pytest.raises(CalendarError, match="representable"):
        cal.add_working_days(date(9999, 12, 31), 1)
