"""Submissions received: per day and per week by kind and channel, and where they stand now.

One indexed range scan (``ix_submissions_received``) grouped by the site's day, computed
in SQL with the offset in force at each instant (``Period.local_day``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from chorus.insights.period import Period, as_day, week_of
from chorus.store.tables import submissions

DIRECT = "direct"          # no channel recorded: the command line or an import


@dataclass(frozen=True)
class Received:
    """Counts keyed by (day, kind, channel); ``states`` counts what became of them."""

    period: Period
    counts: Counter
    states: Counter

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def kinds(self) -> list[str]:
        return sorted({kind for _day, kind, _channel in self.counts})

    @property
    def channels(self) -> list[str]:
        return sorted({channel for _day, _kind, channel in self.counts})

    def per_day(self) -> list[tuple[dt.date, int]]:
        totals = Counter()
        for (day, _kind, _channel), n in self.counts.items():
            totals[day] += n
        return [(day, totals[day]) for day in self.period.days]

    def per_week(self) -> list[tuple[dt.date, Counter]]:
        """Each week (its Monday) touching the period, with counts by kind and by channel
        (keys "kind:story", "channel:form")."""
        weeks: dict[dt.date, Counter] = {week_of(day): Counter() for day in self.period.days}
        for (day, kind, channel), n in self.counts.items():
            weeks[week_of(day)].update({f"kind:{kind}": n, f"channel:{channel}": n})
        return sorted(weeks.items())

    def by(self, position: int) -> Counter:
        """Totals by kind (1) or channel (2)."""
        totals = Counter()
        for key, n in self.counts.items():
            totals[key[position]] += n
        return totals


def received(conn: Connection, period: Period) -> Received:
    first, after = period.utc_bounds
    day = period.local_day(submissions.c.submitted_utc, conn.dialect.name)
    rows = conn.execute(
        select(day, submissions.c.kind, submissions.c.channel, submissions.c.state, func.count())
        .where(submissions.c.submitted_utc >= first, submissions.c.submitted_utc < after)
        .group_by(day, submissions.c.kind, submissions.c.channel, submissions.c.state)).all()
    counts, states = Counter(), Counter()
    for when, kind, channel, state, n in rows:
        counts[(as_day(when), kind, channel or DIRECT)] += n
        states[state] += n
    return Received(period, counts, states)
