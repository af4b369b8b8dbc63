"""The period the insights cover: whole days in the site's timezone, and how store times
(UTC text) fall into those days, weeks and months."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Date, DateTime, Interval, case, cast, func, literal

from chorus.clock import parse_day, start_of_day
from chorus.problems import ChorusError

DEFAULT_DAYS = 28
MAX_DAYS = 3 * 366


class PeriodError(ChorusError):
    """A period that cannot be read; the message names the field."""


@dataclass(frozen=True)
class Period:
    """The days ``start`` to ``end`` (both included) in ``zone``."""

    start: dt.date
    end: dt.date
    zone: ZoneInfo

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(f"to: {self.end.isoformat()} is before from "
                              f"({self.start.isoformat()}); pick a later end day")
        if self.length > MAX_DAYS:
            raise PeriodError(f"to: the period has {self.length} days; at most {MAX_DAYS} fit "
                              "on one page, pick a shorter one")

    @property
    def length(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=n) for n in range(self.length)]

    @property
    def utc_bounds(self) -> tuple[str, str]:
        """[first instant, instant after the last day) as the store's UTC text."""
        return (utc_text(start_of_day(self.start, self.zone)),
                utc_text(start_of_day(self.end + dt.timedelta(days=1), self.zone)))

    def offsets(self) -> list[tuple[str | None, int]]:
        """The zone's UTC offset (seconds) through the period: ``[(None, first), (T, next), ...]``
        where each offset holds from the UTC time T (store text) on."""
        # In UTC: arithmetic on times in the zone itself would be wall-clock arithmetic.
        first, after = (start_of_day(day, self.zone).astimezone(dt.timezone.utc)
                        for day in (self.start, self.end + dt.timedelta(days=1)))
        found = [(None, _offset(first, self.zone))]
        moment = first
        while moment < after:
            following = min(moment + dt.timedelta(days=1), after)
            if _offset(following, self.zone) != found[-1][1]:
                change = _first_change(moment, following, self.zone)
                found.append((utc_text(change), _offset(change, self.zone)))
            moment = following
        return found

    def local_day(self, column, dialect: str):
        """SQL for the site's day (YYYY-MM-DD) of a UTC text ``column``: shifted by the offset
        in force at that instant, so daylight saving and half-hour zones come out right."""
        shifts = [(since, _shift(column, seconds, dialect)) for since, seconds in self.offsets()]
        if len(shifts) == 1:
            return shifts[0][1]
        return case(*[(column < since, shift) for (since, _), (_, shift) in
                      zip(shifts[1:], shifts[:-1])], else_=shifts[-1][1])


def _offset(moment: dt.datetime, zone: ZoneInfo) -> int:
    return int(moment.astimezone(zone).utcoffset().total_seconds())


def _first_change(before: dt.datetime, after: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The first minute in (before, after] whose offset differs from ``before``'s."""
    low, high, offset = before, after, _offset(before, zone)
    while high - low > dt.timedelta(minutes=1):
        middle = low + (high - low) / 2
        middle -= dt.timedelta(seconds=middle.second, microseconds=middle.microsecond)
        if middle <= low:
            middle = low + dt.timedelta(minutes=1)
        if _offset(middle, zone) == offset:
            low = middle
        else:
            high = middle
    return high


def _shift(column, seconds: int, dialect: str):
    if dialect == "sqlite":
        return func.date(column, f"{seconds:+d} seconds")
    return cast(cast(column, DateTime) + cast(literal(f"{seconds} seconds"), Interval), Date)


def as_day(value: str | dt.date) -> dt.date:
    """A day from ``local_day``: text on SQLite, a date on PostgreSQL."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value[:10])


def utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def week_of(day: dt.date) -> dt.date:
    """The Monday starting ``day``'s ISO week."""
    return day - dt.timedelta(days=day.weekday())


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def parse_period(start: str | None, end: str | None, zone: ZoneInfo, today: dt.date,
                 default_days: int = DEFAULT_DAYS) -> Period:
    """The period from the form's ``from`` and ``to`` (YYYY-MM-DD); either may be empty:
    ``to`` defaults to ``today``, ``from`` to ``default_days`` days ending at ``to``."""
    problems, days = [], {}
    for field, text in (("from", start), ("to", end)):
        if text and text.strip():
            try:
                days[field] = parse_day(text.strip())
            except ValueError as err:
                problems.append(f"{field}: {err}")
    if problems:
        raise PeriodError("; ".join(problems))
    last = days.get("to", today)
    first = days.get("from", last - dt.timedelta(days=default_days - 1))
    return Period(first, last, zone)
