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
    position = {day: i for i, day in enumerate(days)}
    return _walk(sorted(position[d] for d in done if d in position), days, grace_window)


def _walk(answered: list[int], days: Sequence[dt.date], grace_window: int,
          reached: dict[int, dt.date] | None = None) -> Streak:
    """The streak over sorted ``days``, given the sorted positions of the answered ones.

    Only the missed days between two answers (and after the last) are looked at, and
    only until one breaks the run, so the cost follows the answers, not the calendar.
    ``reached``, if given, gets the day each run length was first reached.
    """
    run = longest = 0
    forgiven: dt.date | None = None
    previous = None
    for position in [*answered, len(days)]:
        if previous is not None:
            for missed in days[previous + 1:position]:
                if grace_window and (forgiven is None or (missed - forgiven).days >= grace_window):
                    forgiven = missed
                else:
                    run, forgiven = 0, None
                    break
        if position < len(days):
            run += 1
            longest = max(longest, run)
            if reached is not None:
                reached.setdefault(run, days[position])
        previous = position
    return Streak(current=run, longest=longest, answered=len(answered))


def milestones(answered: Iterable[dt.date], prompt_days: Sequence[dt.date], today: dt.date,
               grace_window: int = 7) -> dict[int, dt.date]:
    """Run length -> the prompt day on which a run of that length was first reached."""
    done = set(answered)
    days = sorted(d for d in prompt_days if d < today or (d == today and d in done))
    position = {day: i for i, day in enumerate(days)}
    reached: dict[int, dt.date] = {}
    _walk(sorted(position[d] for d in done if d in position), days, grace_window, reached)
    return reached


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
    closed = sorted(d.day for d in days if d.day < today)
    position = {day: i for i, day in enumerate(closed)}
    streaks = {}
    for slug, done in sorted(answered.items()):
        mine = [*closed, today] if today in done else closed
        places = sorted(position[d] for d in done if d in position)
        streaks[slug] = _walk([*places, len(closed)] if today in done else places, mine, grace_window)
    return streaks
