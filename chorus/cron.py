"""When a scheduler running in UTC should start the daily build.

Schedulers such as GitHub Actions run cron in UTC, but the hub's day turns at
midnight in the site's timezone, whose UTC offset may change twice a year. The
daily build must start shortly after local midnight under every offset the
zone uses, so the time is picked after the later of those midnights.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def offsets(zone: ZoneInfo, year: int) -> set[dt.timedelta]:
    """The UTC offsets ``zone`` uses in ``year`` (one, or two with daylight saving)."""
    found = set()
    moment = dt.datetime(year, 1, 1, 12, tzinfo=dt.timezone.utc)
    while moment.year == year:
        found.add(moment.astimezone(zone).utcoffset())
        moment += dt.timedelta(days=7)
    return found


def daily_utc_time(zone: ZoneInfo, year: int, minutes_after: int = 10) -> dt.time:
    """A UTC time of day that is ``minutes_after`` midnight or later in ``zone`` all year.

    Under the other offset it is at most the offsets' difference (usually an hour) later.
    """
    day = dt.timedelta(days=1)
    midnights = sorted((-offset) % day for offset in offsets(zone, year))
    # The later midnight on the circle: the one the others precede by less than 12 hours.
    latest = next(m for m in midnights
                  if all((m - other) % day < dt.timedelta(hours=12) for other in midnights))
    start = (latest + dt.timedelta(minutes=minutes_after)) % day
    return (dt.datetime.min + start).time()


def cron_line(zone: ZoneInfo, year: int, minutes_after: int = 10) -> str:
    """A crontab line (UTC) running `./hub daily` shortly after local midnight."""
    at = daily_utc_time(zone, year, minutes_after)
    return f"{at.minute} {at.hour} * * *"
