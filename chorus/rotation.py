"""Which prompt runs on which day: scheduled prompts, the calendar, then the pool.

For each day, in order:
1. a prompt scheduled for that day (``Date:``) runs;
2. else the prompt the materialised calendar fixed for that day runs;
3. else the next prompt of the pool rotation runs.

The rotation goes through the pool in cycles. Each cycle is a fixed order of
every pool prompt (sorted by a hash of seed, cycle number and slug), so no
prompt repeats until the whole pool has run, and the same inputs always give
the same days. Calendar days that used a pool prompt count towards the cycle,
so the rotation carries on without repeats after the calendar ends.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from chorus.hub import Prompt

SCHEDULED, CALENDAR, POOL, GAP = "scheduled", "calendar", "pool", "gap"


@dataclass(frozen=True)
class Slot:
    """One day of the plan: its prompt (None for a gap) and where the prompt came from."""

    day: dt.date
    prompt: Prompt | None
    source: str


def cycle_order(pool: Iterable[str], seed: str, cycle: int) -> list[str]:
    """The pool's slugs in the fixed order of rotation cycle ``cycle``."""
    def rank(slug: str) -> str:
        return hashlib.sha256(f"{seed}\x00{cycle}\x00{slug}".encode()).hexdigest()
    return sorted(set(pool), key=lambda slug: (rank(slug), slug))


class _Rotation:
    """Where the pool rotation stands while the plan walks through the days."""

    def __init__(self, pool: list[str], seed: str):
        self.pool, self.seed = set(pool), seed
        self.cycle, self.used, self.last = 0, set(), None
        self._order = cycle_order(self.pool, seed, 0)

    def mark(self, slug: str | None) -> None:
        """Record that ``slug`` ran today (None: a day without a pool prompt)."""
        self.last = slug if slug in self.pool else None
        if self.last is None:
            return
        if slug in self.used:
            # A calendar day repeated this cycle's prompt: the calendar had moved on to a new cycle.
            self._next_cycle()
        self.used.add(slug)
        if self.used >= self.pool:
            self._next_cycle()

    def _next_cycle(self) -> None:
        self.cycle, self.used = self.cycle + 1, set()
        self._order = cycle_order(self.pool, self.seed, self.cycle)

    def draw(self) -> str:
        left = [slug for slug in self._order if slug not in self.used]
        # Never the same prompt two days running across a cycle boundary.
        pick = left[1] if left[0] == self.last and len(left) > 1 else left[0]
        self.mark(pick)
        return pick


def days_between(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    for offset in range((last - first).days + 1):
        yield first + dt.timedelta(days=offset)


def first_day(prompts: Iterable[Prompt], calendar: Mapping[dt.date, str],
              start: dt.date | None) -> dt.date | None:
    """The first day of the daily prompt: ``start`` if set, else the earliest fixed day."""
    if start is not None:
        return start
    fixed = [*calendar, *(p.day for p in prompts if p.day)]
    return min(fixed) if fixed else None


def plan(prompts: list[Prompt], calendar: Mapping[dt.date, str], start: dt.date | None,
         through: dt.date, seed: str) -> list[Slot]:
    """Every day's slot from the first prompt day through ``through``, oldest first.

    ``calendar`` maps days to prompt slugs; entries naming no known prompt are
    ignored here (the caller reports them). Before the first day only scheduled
    and calendar days are planned; from it on every day is planned, gaps included.
    """
    by_slug = {p.slug: p for p in prompts}
    scheduled: dict[dt.date, Prompt] = {}
    for prompt in sorted(prompts, key=lambda p: p.slug):
        if prompt.day is not None:
            scheduled.setdefault(prompt.day, prompt)
    first = first_day(prompts, calendar, start)
    anchors = [day for day in [*calendar, *scheduled, first] if day is not None]
    if not anchors:
        return []
    rotation = _Rotation([p.slug for p in prompts if p.pool], seed)
    slots = []
    for day in days_between(min(anchors), through):
        slot = _slot(day, scheduled, calendar, by_slug, rotation, fill=first is not None and day >= first)
        if slot is not None:
            slots.append(slot)
    return slots


def _slot(day: dt.date, scheduled: Mapping[dt.date, Prompt], calendar: Mapping[dt.date, str],
          by_slug: Mapping[str, Prompt], rotation: _Rotation, fill: bool) -> Slot | None:
    if day in scheduled:
        rotation.mark(None)
        return Slot(day, scheduled[day], SCHEDULED)
    if calendar.get(day) in by_slug:
        rotation.mark(calendar[day])
        return Slot(day, by_slug[calendar[day]], CALENDAR)
    if not fill:
        return None
    if rotation.pool:
        return Slot(day, by_slug[rotation.draw()], POOL)
    rotation.mark(None)
    return Slot(day, None, GAP)
