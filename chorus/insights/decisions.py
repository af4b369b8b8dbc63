"""How the team answers: first decisions and their rates, time to first decision, the queue's age.

The first decision (approve, reject or request-changes) is kept on each submission
row (``decision``, ``decided_utc``) when its history line is written, so these are
range scans of ``ix_submissions_decided`` and ``ix_submissions_state_age``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import statistics
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Connection, case, cast, extract, func, select
from sqlalchemy.types import DateTime

from chorus.insights.period import Period, utc_text
from chorus.store.records import DECISIONS
from chorus.store.tables import submissions

# Times to first decision, (label, at least this many hours); the last bucket is open-ended.
WAIT_BUCKETS = (("under 1 hour", 0), ("1 to 4 hours", 1), ("4 to 24 hours", 4), ("1 to 3 days", 24),
                ("3 to 7 days", 72), ("7 days or more", 168))
# Ages of the queue, (label, at least this many days); the last bucket is open-ended.
AGE_BUCKETS = (("under 1 day", 0), ("1 to 3 days", 1), ("3 to 7 days", 3), ("7 to 30 days", 7),
               ("30 days or more", 30))


@dataclass(frozen=True)
class Rates:
    """First decisions made in the period, by action."""

    counts: Counter

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, action: str) -> float | None:
        """The fraction of first decisions that were ``action`` (None with no decisions)."""
        return self.counts[action] / self.total if self.total else None


@dataclass(frozen=True)
class Waits:
    """Time from submission to first decision (seconds), for submissions first decided in
    the period: how many, the median, the 90th percentile by nearest rank (the wait that
    90% did not exceed) and how many fell in each of ``WAIT_BUCKETS``."""

    count: int
    median: float | None
    p90: float | None
    buckets: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class QueueAge:
    """Pending submissions at ``now``: how many, the oldest, and how long they have waited."""

    now: dt.datetime
    pending: int
    oldest_utc: str | None
    buckets: tuple[tuple[str, int], ...]

    @property
    def oldest_seconds(self) -> float | None:
        if self.oldest_utc is None:
            return None
        oldest = dt.datetime.fromisoformat(self.oldest_utc).replace(tzinfo=dt.timezone.utc)
        return (self.now - oldest).total_seconds()


def rates(conn: Connection, period: Period) -> Rates:
    first, after = period.utc_bounds
    rows = conn.execute(select(submissions.c.decision, func.count())
                        .where(submissions.c.decided_utc >= first, submissions.c.decided_utc < after)
                        .group_by(submissions.c.decision)).all()
    return Rates(Counter({action: n for action, n in rows if action in DECISIONS}))


def _seconds_between(conn: Connection, later, earlier):
    """Whole seconds (julianday's floating point would put 3600 s under an hour)."""
    if conn.dialect.name == "sqlite":
        return func.round((func.julianday(later) - func.julianday(earlier)) * 86400.0)
    return func.round(extract("epoch", cast(later, DateTime) - cast(earlier, DateTime)))


def waits(conn: Connection, period: Period) -> Waits:
    """Whole seconds computed in the database, sorted and counted here (a window function
    ranking them in SQLite measured slower than sorting the numbers in Python)."""
    first, after = period.utc_bounds
    seconds = _seconds_between(conn, submissions.c.decided_utc, submissions.c.submitted_utc)
    found = sorted(int(s) for s in conn.execute(select(seconds).where(
        submissions.c.decided_utc >= first, submissions.c.decided_utc < after)).scalars())
    limits = [hours * 3600 for _label, hours in WAIT_BUCKETS]
    below = [bisect.bisect_left(found, limit) for limit in limits[1:]]
    per_bucket = [b - a for a, b in zip([0, *below], [*below, len(found)])]
    buckets = tuple((label, n) for (label, _hours), n in zip(WAIT_BUCKETS, per_bucket))
    if not found:
        return Waits(0, None, None, buckets)
    return Waits(len(found), statistics.median(found), found[math.ceil(0.9 * len(found)) - 1],
                 buckets)


def queue_age(conn: Connection, now: dt.datetime) -> QueueAge:
    """The pending queue as it stands at ``now`` (an aware time)."""
    limits = [utc_text(now - dt.timedelta(days=days)) for _label, days in AGE_BUCKETS]
    when = submissions.c.submitted_utc
    columns = [func.count(), func.min(when)]
    for i, limit in enumerate(limits):          # the first bucket also takes clock skew
        newer = when > limits[i + 1] if i + 1 < len(limits) else None
        inside = newer if i == 0 else (when <= limit) if newer is None else (when <= limit) & newer
        columns.append(func.coalesce(func.sum(case((inside, 1), else_=0)), 0))
    row = conn.execute(select(*columns).where(submissions.c.state == "pending")).one()
    buckets = tuple((label, int(n)) for (label, _days), n in zip(AGE_BUCKETS, row[2:]))
    return QueueAge(now, int(row[0]), row[1], buckets)
