"""The daily prompt: answers per prompt day and the answer rate over the prompt calendar,
and how long advocates keep their streaks (the site's own streak rule, chorus.streaks).

Answers are submissions naming a prompt day (the ``prompt`` column holds YYYY-MM-DD,
so a period is a text range over ``ix_submissions_prompt_answers``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from chorus.insights.period import Period
from chorus.store.tables import submissions
from chorus.streaks import streaks_of

# Longest streaks, (label, at least); the last bucket is open-ended.
STREAK_BUCKETS = (("1 day", 1), ("2 to 3 days", 2), ("4 to 6 days", 4), ("7 to 13 days", 7),
                  ("14 to 29 days", 14), ("30 days or more", 30))


@dataclass(frozen=True)
class PromptDayAnswers:
    day: dt.date
    prompt: str                # the question ("" for a day the calendar has no prompt for)
    answers: int               # every answer received
    approved: int


@dataclass(frozen=True)
class Answers:
    days: tuple[PromptDayAnswers, ...]     # the calendar's days in the period, then any other day answered

    @property
    def prompt_days(self) -> list[PromptDayAnswers]:
        return [d for d in self.days if d.prompt]

    @property
    def answered_days(self) -> int:
        return sum(1 for d in self.prompt_days if d.answers)

    @property
    def answer_rate(self) -> float | None:
        """The share of the period's prompt days that got at least one answer."""
        return self.answered_days / len(self.prompt_days) if self.prompt_days else None

    @property
    def per_prompt_day(self) -> float | None:
        """Answers received per prompt day, on average."""
        days = self.prompt_days
        return sum(d.answers for d in days) / len(days) if days else None


def _range(period: Period):
    column = submissions.c.prompt
    return (column >= period.start.isoformat()) & (column <= period.end.isoformat()) & (column != "")


def answers(conn: Connection, period: Period, calendar: Mapping[dt.date, str]) -> Answers:
    """Answers per day; ``calendar`` maps each prompt day to its question."""
    rows = conn.execute(select(submissions.c.prompt, submissions.c.state, func.count())
                        .where(_range(period))
                        .group_by(submissions.c.prompt, submissions.c.state)).all()
    received, approved = Counter(), Counter()
    for day, state, n in rows:
        received[day] += n
        if state == "approved":
            approved[day] += n
    planned = [day for day in period.days if calendar.get(day)]
    others = sorted(set(map(dt.date.fromisoformat, received)) - set(planned))
    return Answers(tuple(PromptDayAnswers(day, calendar.get(day, ""), received[day.isoformat()],
                                          approved[day.isoformat()]) for day in planned + others))


@dataclass(frozen=True)
class Streaks:
    """Advocates with an approved answer in the period, by their longest streak in it."""

    buckets: tuple[tuple[str, int], ...]

    @property
    def advocates(self) -> int:
        return sum(n for _label, n in self.buckets)


def streaks(conn: Connection, period: Period, calendar: Mapping[dt.date, str],
            grace_window: int = 7) -> Streaks:
    """Longest streaks within the period, counted as the site counts them (approved
    answers, one missed day forgiven per ``grace_window`` days)."""
    rows = conn.execute(select(submissions.c.email_key, submissions.c.prompt).distinct()
                        .where(_range(period), submissions.c.state == "approved",
                               submissions.c.email_key != "")).all()
    answered: dict[str, set[dt.date]] = defaultdict(set)
    for key, day in rows:
        answered[key].add(dt.date.fromisoformat(day))
    prompt_days = [day for day in period.days if calendar.get(day)]
    counts = Counter()
    for found in streaks_of(answered, prompt_days, period.end, grace_window).values():
        longest = found.longest
        label = next((label for label, least in reversed(STREAK_BUCKETS) if longest >= least), None)
        if label:
            counts[label] += 1
    return Streaks(tuple((label, counts[label]) for label, _least in STREAK_BUCKETS))
