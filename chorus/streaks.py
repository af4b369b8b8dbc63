"""Streaks: how many prompt days in a row an advocate has answered.

The grace rule: one missed prompt day is forgiven as long as no other missed day
was forgiven in the ``grace_window`` days before it (default 7: one miss a week
never breaks a streak; two misses within seven days do). Missed days do not add
to the length. Today is still open: not having answered it yet breaks nothing.
Only approved (published) answers count. ``grace_window=0`` turns grace off.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chorus.promptday import PromptDay
from chorus.schema import ANONYMOUS


@dataclass(frozen=True)
class Streak:
    """``current``: answered days in the run still going; ``longest``: best run ever."""

    current: int
    longest: int
    answered: int


def streak(answered: Iterable[dt.date], prompt_days: Sequence[dt.date], today: dt.date,
           grace_window: int = 7) -> Streak:
    """The streak of someone who answered the days in ``answered``.

    ``prompt_days`` are the days that had a prompt, up to ``today``.
    """
    done = set(answered)
    days = sorted(d for d in prompt_days if d < today or (d == today and d in done))
    run = longest = 0
    forgiven: dt.date | None = None
    for day in days:
        if day in done:
            run += 1
            longest = max(longest, run)
        elif run:
            if grace_window and (forgiven is None or (day - forgiven).days >= grace_window):
                forgiven = day
            else:
                run, forgiven = 0, None
    return Streak(current=run, longest=longest, answered=len(done & set(days)))


def advocate_streaks(prompt_days: Iterable[PromptDay], today: dt.date,
                     grace_window: int = 7) -> dict[str, Streak]:
    """Streaks of every advocate who answered at least one prompt day, by slug."""
    days = list(prompt_days)
    answered: dict[str, set[dt.date]] = {}
    for prompt_day in days:
        for answer in [*prompt_day.stories, *prompt_day.testimonials]:
            slug = getattr(answer, "advocate_slug", ANONYMOUS)
            if slug != ANONYMOUS:
                answered.setdefault(slug, set()).add(prompt_day.day)
    calendar = [d.day for d in days]
    return {slug: streak(done, calendar, today, grace_window) for slug, done in sorted(answered.items())}
