"""Office hours (办公时间): the periods of a working day that working hours count."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import time

import attrs

from gridgov.errors import InvalidValueError

__all__ = ["DEFAULT_OFFICE_HOURS", "OfficeHours"]

_US_PER_SECOND = 1_000_000
_PERIOD = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})\s*$")


def time_to_us(t: time) -> int:
    """Microseconds since midnight of a wall-clock time."""
    seconds = (t.hour * 60 + t.minute) * 60 + t.second
    return seconds * _US_PER_SECOND + t.microsecond


def us_to_time(us: int) -> time:
    """Wall-clock time of microseconds since midnight (must be < 24 h)."""
    seconds, micro = divmod(us, _US_PER_SECOND)
    minutes, sec = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    return time(hours, minute, sec, micro)


def _to_periods(value: Iterable[tuple[time, time]]) -> tuple[tuple[time, time], ...]:
    try:
        periods = tuple((start, end) for start, end in value)
    except (TypeError, ValueError):
        raise InvalidValueError(
            "office_hours.periods", "pairs of (start, end) times", value
        ) from None
    return periods


def _is_naive_time(value: object) -> bool:
    return isinstance(value, time) and value.tzinfo is None


def _check_periods(
    _instance: OfficeHours,
    _attribute: attrs.Attribute[tuple[tuple[time, time], ...]],
    periods: tuple[tuple[time, time], ...],
) -> None:
    name = "office_hours.periods"
    if not periods:
        raise InvalidValueError(name, "at least one (start, end) period", periods)
    previous_end = -1
    for i, (start, end) in enumerate(periods):
        where = f"{name}[{i}]"
        if not (_is_naive_time(start) and _is_naive_time(end)):
            raise InvalidValueError(
                where, "two naive datetime.time values (China time)", (start, end)
            )
        if time_to_us(start) >= time_to_us(end):
            raise InvalidValueError(where, "a start before its end", (start, end))
        if time_to_us(start) < previous_end:
            raise InvalidValueError(
                where, "periods in order and not overlapping", (start, end)
            )
        previous_end = time_to_us(end)


@attrs.frozen
class OfficeHours:
    """
    The daily working periods (办公时间) that working-hour deadlines count.

    Periods are half-open wall-clock intervals in China time, in order and
    not overlapping; the gaps between them (lunch 午休, night) do not count.

    >>> hours = OfficeHours.parse("08:30-12:00, 14:00-17:30")
    >>> str(hours), hours.hours_per_day
    ('08:30–12:00, 14:00–17:30', 7.0)
    """

    periods: tuple[tuple[time, time], ...] = attrs.field(
        converter=_to_periods, validator=_check_periods
    )
    # The periods in microseconds since midnight, computed once: working-hour
    # arithmetic reads them on every call.
    _spans: tuple[tuple[int, int], ...] = attrs.field(init=False, eq=False, repr=False)
    _per_day: int = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        spans = tuple((time_to_us(s), time_to_us(e)) for s, e in self.periods)
        object.__setattr__(self, "_spans", spans)
        object.__setattr__(self, "_per_day", sum(e - s for s, e in spans))

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        """
        Read periods written as ``"08:30-12:00, 14:00-17:30"``.

        Raises:
            InvalidValueError: a period is not ``HH:MM-HH:MM`` or the periods
                are out of order.
        """
        periods = []
        for i, part in enumerate(str(text).split(",")):
            match = _PERIOD.match(part)
            if match is None:
                raise InvalidValueError(
                    f"office_hours[{i}]", "a period like '08:30-12:00'", part.strip()
                )
            h1, m1, h2, m2 = (int(g) for g in match.groups())
            try:
                periods.append((time(h1, m1), time(h2, m2)))
            except ValueError:
                raise InvalidValueError(
                    f"office_hours[{i}]", "valid times of day", part.strip()
                ) from None
        return cls(tuple(periods))

    @property
    def us_per_day(self) -> int:
        """Working microseconds in one working day."""
        return self._per_day

    @property
    def hours_per_day(self) -> float:
        """Working hours in one working day (7.0 for the default)."""
        return self.us_per_day / (3600 * _US_PER_SECOND)

    def worked_before(self, tod_us: int) -> int:
        """Working microseconds of a working day that lie before *tod_us*."""
        total = 0
        for s, e in self._spans:
            if tod_us <= s:
                break
            total += min(tod_us, e) - s
        return total

    def time_at(self, offset_us: int) -> int:
        """
        The time of day (µs) at which *offset_us* working µs have passed.

        An offset that ends exactly at a period's end gives that end (a
        deadline "by 12:00"), not the start of the next period.
        """
        for s, e in self._spans:
            if offset_us <= e - s:
                return s + offset_us
            offset_us -= e - s
        return self._spans[-1][1]

    def __str__(self) -> str:
        return ", ".join(f"{start:%H:%M}–{end:%H:%M}" for start, end in self.periods)


DEFAULT_OFFICE_HOURS = OfficeHours(((time(8, 30), time(12)), (time(14), time(17, 30))))
"""08:30–12:00 and 14:00–17:30: the common township office day (7 hours)."""
