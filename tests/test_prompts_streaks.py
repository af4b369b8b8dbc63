"""Streaks of prompt days answered, with and without the grace rule."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from chorus.hub import Prompt
from chorus.promptday import PromptDay
from chorus.streaks import Streak, advocate_streaks, streak

START = dt.date(2026, 11, 1)


def days(n: int) -> list[dt.date]:
    return [START + dt.timedelta(days=i) for i in range(n)]


def answered(pattern: str) -> tuple[set[dt.date], list[dt.date], dt.date]:
    """'x' answered, '.' missed, one character per prompt day; today is the last one."""
    calendar = days(len(pattern))
    return {d for d, c in zip(calendar, pattern) if c == "x"}, calendar, calendar[-1]


@pytest.mark.parametrize("pattern, grace, current, longest", [
    ("xxxxx", 7, 5, 5),
    ("xxxx.", 7, 4, 4),          # today not answered yet: the streak is still alive
    ("xx.xx", 7, 4, 4),          # one missed day is forgiven
    ("xx.xx", 0, 2, 2),          # ... but not without grace
    ("xx..x", 7, 1, 2),          # two days running break it
    ("x.xxx.xx", 7, 2, 4),       # two misses within seven days break it
    ("x.xxxxxx.xx", 7, 9, 9),    # a miss a week apart is forgiven each time
    ("xxx...", 7, 0, 3),         # yesterday was the second miss in a row: no current streak
    ("xxx.", 7, 3, 3),           # yesterday missed, today open: alive by grace
    ("...xx", 7, 2, 2),          # days before the first answer do not count as misses
    ("", 7, 0, 0),
])
def test_streak_rules(pattern, grace, current, longest):
    done, calendar, today = answered(pattern) if pattern else (set(), [], START)
    result = streak(done, calendar, today, grace)
    assert (result.current, result.longest) == (current, longest)


def test_answers_to_days_that_had_no_prompt_or_are_in_the_future_do_not_count():
    calendar = days(5)
    result = streak({*calendar[:3], START + dt.timedelta(days=30)}, calendar, calendar[4])
    assert result == Streak(current=3, longest=3, answered=3)


def story(advocate: str) -> SimpleNamespace:
    return SimpleNamespace(advocate_slug=advocate)


def test_advocate_streaks_count_stories_and_testimonials_once_per_day_and_skip_anonymous():
    prompt = Prompt(slug="p", question="Q?", intro="", quick="q", story="s", pool=True)
    published = [PromptDay(d, prompt) for d in reversed(days(4))]       # newest first
    published[3].stories = [story("maya"), story("anonymous")]          # day 1
    published[2].testimonials = [story("maya")]                         # day 2
    published[1].stories = [story("maya")]                              # day 3
    published[1].testimonials = [story("maya"), story("ben")]           # day 3 again
    streaks = advocate_streaks(published, days(4)[-1])
    assert streaks == {"ben": Streak(1, 1, 1), "maya": Streak(3, 3, 3)}


def reference_streak(pattern: str, grace: int) -> tuple[int, int]:
    """The grace rule read literally, day by day (today, the last character, still open)."""
    closed = pattern if pattern.endswith("x") else pattern[:-1]
    run = longest = 0
    forgiven = None
    for index, mark in enumerate(closed):
        if mark == "x":
            run += 1
            longest = max(longest, run)
        elif run and grace and (forgiven is None or index - forgiven >= grace):
            forgiven = index
        elif run:
            run, forgiven = 0, None
    return run, longest


def test_streak_matches_the_rule_read_literally_on_many_random_patterns():
    import random

    chooser = random.Random(20261122)
    for _ in range(500):
        pattern = "".join(chooser.choice("xx.") for _ in range(chooser.randint(1, 40)))
        grace = chooser.choice([0, 1, 3, 7])
        done, calendar, today = answered(pattern)
        result = streak(done, calendar, today, grace)
        assert (result.current, result.longest) == reference_streak(pattern, grace), (pattern, grace)
        prompt = Prompt(slug="p", question="Q?", intro="", quick="q", story="s", pool=True)
        published = [PromptDay(d, prompt, stories=[story("a")] if d in done else []) for d in reversed(calendar)]
        assert advocate_streaks(published, today, grace).get("a", Streak(0, 0, 0)) == result, pattern
