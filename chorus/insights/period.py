"""The period the insights cover: whole days in the site's timezone, and how store times
(UTC text) fall into those days, weeks and months."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

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

    @property
    def bucket_chars(self) -> int:
        """How much of a UTC time to group by so each group lies in one local day: the
        hour (13 characters) when every offset in the period is whole hours, else the minute."""
        whole = all(start_of_day(day, self.zone).utcoffset().total_seconds() % 3600 == 0
                    for day in (*self.days, self.end + dt.timedelta(days=1)))
        return 13 if whole else 16

    def day_of(self, bucket: str) -> dt.date:
        """The local day of a UTC time or its prefix (``YYYY-MM-DDTHH`` or longer)."""
        return _local_day(bucket[:16], self.zone)


def utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


@lru_cache(maxsize=65_536)
def _local_day(bucket: str, zone: ZoneInfo) -> dt.date:
    stamp = bucket if len(bucket) > 13 else bucket + ":00"
    when = dt.datetime.fromisoformat(stamp).replace(tzinfo=dt.timezone.utc)
    return when.astimezone(zone).date()


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
