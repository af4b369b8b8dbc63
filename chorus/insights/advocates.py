"""The advocates: who came back, and the ratings they gave over time.

An advocate is a casefolded email (``email_key``); erased submissions have none and
are not counted. Ratings come from testimonials received in the period, rejected ones
left out (spam and test posts are rejected, and their ratings say nothing).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from chorus.insights.period import Period, as_day
from chorus.store.tables import submissions

RATINGS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Returning:
    """Advocates who sent something in the period: first-timers, and those who had sent
    something before it; ``repeat`` sent two or more in the period itself."""

    new: int
    returning: int
    repeat: int

    @property
    def advocates(self) -> int:
        return self.new + self.returning

    @property
    def returning_share(self) -> float | None:
        return self.returning / self.advocates if self.advocates else None


def returning(conn: Connection, period: Period) -> Returning:
    """The period's advocates from its rows, each one's first submission ever looked up in
    ``ix_submissions_advocate_age`` (measured faster than one grouped pass over that index)."""
    first, after = period.utc_bounds
    inside = submissions.alias("inside")
    earliest = (select(func.min(submissions.c.submitted_utc))
                .where(submissions.c.email_key == inside.c.email_key).scalar_subquery())
    rows = conn.execute(
        select(func.count(), earliest)
        .where(inside.c.submitted_utc >= first, inside.c.submitted_utc < after,
               inside.c.email_key != "")
        .group_by(inside.c.email_key)).all()
    came_back = sum(1 for _n, since in rows if since < first)
    return Returning(new=len(rows) - came_back, returning=came_back,
                     repeat=sum(1 for n, _since in rows if n > 1))


@dataclass(frozen=True)
class Ratings:
    """Ratings keyed by (local day, stars)."""

    counts: Counter

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def distribution(self) -> list[tuple[int, int]]:
        stars = Counter()
        for (_day, rating), n in self.counts.items():
            stars[rating] += n
        return [(rating, stars[rating]) for rating in RATINGS]

    @property
    def average(self) -> float | None:
        return average(self.distribution())

    def over(self, group: Callable[[dt.date], dt.date],
             days: list[dt.date]) -> list[tuple[dt.date, list[tuple[int, int]]]]:
        """The distribution per group of days (a week, a month), every group of ``days``."""
        groups: dict[dt.date, Counter] = {group(day): Counter() for day in days}
        for (day, rating), n in self.counts.items():
            groups[group(day)][rating] += n
        return [(start, [(r, stars[r]) for r in RATINGS]) for start, stars in sorted(groups.items())]


def average(distribution: list[tuple[int, int]]) -> float | None:
    total = sum(n for _r, n in distribution)
    return sum(r * n for r, n in distribution) / total if total else None


def ratings(conn: Connection, period: Period) -> Ratings:
    first, after = period.utc_bounds
    day = period.local_day(submissions.c.submitted_utc, conn.dialect.name)
    rows = conn.execute(
        select(day, submissions.c.rating, func.count())
        .where(submissions.c.submitted_utc >= first, submissions.c.submitted_utc < after,
               submissions.c.rating.is_not(None), submissions.c.state != "rejected")
        .group_by(day, submissions.c.rating)).all()
    counts = Counter()
    for when, rating, n in rows:
        if rating in RATINGS:
            counts[(as_day(when), rating)] += n
    return Ratings(counts)
