"""The build's notion of "today": a parameter, defaulting to today in the site's timezone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chorus.problems import ConfigError


def site_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ConfigError(f"TIMEZONE: '{name}' is not a known IANA timezone, e.g. 'Europe/London'") from err


def parse_day(text: str, what: str = "") -> dt.date:
    """Parse ``YYYY-MM-DD`` strictly (ASCII digits, a real calendar day).

    ``what`` names the value in the error message, e.g. "CHORUS_TODAY".
    """
    label = f"{what} '{text}'" if what else f"'{text}'"
    if not (len(text) == 10 and text[4] == text[7] == "-"
            and (text[:4] + text[5:7] + text[8:]).isascii()
            and (text[:4] + text[5:7] + text[8:]).isdigit()):
        raise ValueError(f"{label} is not in the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{label} is not a real calendar day") from None


def build_day(today: str | dt.date | None, zone: ZoneInfo,
              now: dt.datetime | None = None) -> dt.date:
    """The site's day this build is for: ``today`` if given, else the current day in ``zone``."""
    if isinstance(today, dt.datetime):
        return today.astimezone(zone).date()
    if isinstance(today, dt.date):
        return today
    if today:
        try:
            return parse_day(str(today), "CHORUS_TODAY")
        except ValueError as err:
            raise ConfigError(str(err)) from None
    moment = now if now is not None else dt.datetime.now(dt.timezone.utc)
    return moment.astimezone(zone).date()


def start_of_day(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """The first instant of ``day`` in ``zone`` (correct on DST change days)."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone)
