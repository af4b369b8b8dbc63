"""How the team answers: first decisions and their rates, time to first decision, the queue's age.

The first decision (approve, reject or request-changes) is kept on each submission
row (``decision``, ``decided_utc``) when its history line is written, so these are
range scans of ``ix_submissions_decided`` and ``ix_submissions_state_age``.
"""

from __future__ import annotations

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
    """Seconds from submission to first decision, for submissions first decided in the period."""

    seconds: tuple[float, ...]

    @property
    def count(self) -> int:
        return len(self.seconds)

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def p90(self) -> float | None:
        """The 90th percentile by nearest rank: the wait 90% of submissions did not exceed."""
        if not self.seconds:
            return None
        return self.seconds[math.ceil(0.9 * len(self.seconds)) - 1]


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
    if conn.dialect.name == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 86400.0
    return extract("epoch", cast(later, DateTime) - cast(earlier, DateTime))


def waits(conn: Connection, period: Period) -> Waits:
    first, after = period.utc_bounds
    wait = _seconds_between(conn, submissions.c.decided_utc, submissions.c.submitted_utc)
    found = conn.execute(select(wait).where(submissions.c.decided_utc >= first,
                                            submissions.c.decided_utc < after)).scalars()
    return Waits(tuple(sorted(round(float(s)) for s in found)))


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
