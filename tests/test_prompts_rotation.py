"""The daily prompt plan: scheduled days, the calendar, the pool rotation."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from chorus.calendar import format_calendar, parse_calendar
from chorus.hub import Prompt
from chorus.prompts import PromptSettings, make_plan
from chorus.rotation import CALENDAR, GAP, POOL, SCHEDULED, cycle_order, plan
from chorus.problems import ConfigError

D = dt.date


def pool_prompt(slug: str) -> Prompt:
    return Prompt(slug=slug, question=f"Question {slug}?", intro="", quick="q", story="s", pool=True)


def dated(slug: str, day: dt.date) -> Prompt:
    return Prompt(slug=slug, question=f"Question {slug}?", intro="", quick="q", story="s", day=day)


POOL_SLUGS = [f"p{n:02d}" for n in range(7)]


def slugs(slots) -> list[str | None]:
    return [s.prompt.slug if s.prompt else None for s in slots]


def test_rotation_is_reproducible_and_independent_of_file_order():
    prompts = [pool_prompt(s) for s in POOL_SLUGS]
    first = plan(prompts, {}, D(2026, 1, 1), D(2026, 3, 1), "seed")
    again = plan(list(reversed(prompts)), {}, D(2026, 1, 1), D(2026, 3, 1), "seed")
    assert slugs(first) == slugs(again)
    other_seed = plan(prompts, {}, D(2026, 1, 1), D(2026, 3, 1), "another")
    assert slugs(first) != slugs(other_seed)


def test_no_prompt_repeats_until_the_pool_is_exhausted_and_never_two_days_running():
    prompts = [pool_prompt(s) for s in POOL_SLUGS]
    drawn = slugs(plan(prompts, {}, D(2026, 1, 1), D(2026, 1, 1) + dt.timedelta(days=7 * 20 - 1), "s"))
    cycles = [drawn[i:i + 7] for i in range(0, len(drawn), 7)]
    assert all(sorted(cycle) == POOL_SLUGS for cycle in cycles)
    assert all(a != b for a, b in zip(drawn, drawn[1:]))
    assert len({tuple(c) for c in cycles}) > 1      # each cycle has its own order


def test_scheduled_days_win_and_do_not_use_up_the_pool():
    prompts = [pool_prompt("a"), pool_prompt("b"), dated("xmas", D(2026, 12, 25))]
    slots = plan(prompts, {}, D(2026, 12, 24), D(2026, 12, 27), "s")
    assert [s.source for s in slots] == [POOL, SCHEDULED, POOL, POOL]
    assert slots[1].prompt.slug == "xmas"
    assert sorted([slots[0].prompt.slug, slots[2].prompt.slug]) == ["a", "b"]


def test_a_pool_change_keeps_calendar_days_and_continues_the_rotation_after_them():
    prompts = [pool_prompt(s) for s in POOL_SLUGS]
    through = D(2026, 1, 10)
    before = plan(prompts, {}, D(2026, 1, 1), through, "s")
    calendar = {s.day: s.prompt.slug for s in before}
    retired = before[2].prompt.slug
    changed = [replace(p, pool=p.slug != retired) for p in prompts] + [pool_prompt("new")]
    after = plan(changed, calendar, D(2026, 1, 1), D(2026, 1, 20), "s")
    assert slugs(after[:10]) == slugs(before)
    assert all(s.source == CALENDAR for s in after[:10])
    # day 8..10 started a second cycle inside the calendar; the rotation carries on without repeats
    second_cycle = slugs(after[7:])
    assert len(second_cycle[:7]) == len(set(second_cycle[:7]))


def test_without_the_calendar_a_pool_change_would_move_published_days():
    prompts = [pool_prompt(s) for s in POOL_SLUGS]
    before = slugs(plan(prompts, {}, D(2026, 1, 1), D(2026, 1, 10), "s"))
    after = slugs(plan([*prompts, pool_prompt("zz-new")], {}, D(2026, 1, 1), D(2026, 1, 10), "s"))
    assert before != after      # which is why the calendar exists


def test_29_february_is_a_day_like_any_other():
    prompts = [pool_prompt(s) for s in POOL_SLUGS] + [dated("leap", D(2028, 2, 29))]
    slots = plan(prompts, {}, D(2028, 2, 27), D(2028, 3, 2), "s")
    assert [s.day for s in slots] == [D(2028, 2, 27), D(2028, 2, 28), D(2028, 2, 29), D(2028, 3, 1), D(2028, 3, 2)]
    assert slots[2].prompt.slug == "leap"
    pool_only = plan([pool_prompt(s) for s in POOL_SLUGS], {}, D(2028, 2, 26), D(2028, 3, 3), "s")
    assert sorted(slugs(pool_only)) == POOL_SLUGS     # 7 days across 29 Feb: one full cycle


def test_calendar_round_trips_and_reports_every_bad_line():
    text = format_calendar({D(2026, 11, 2): "b", D(2026, 11, 1): "a"})
    days, problems = parse_calendar(text)
    assert problems == [] and {d: s for d, (s, _) in days.items()} == {D(2026, 11, 1): "a", D(2026, 11, 2): "b"}
    assert text.index("2026-11-01") < text.index("2026-11-02")
    bad = "2026-02-30 a\n2026-11-01 ../etc\n2026-11-03\n2026-11-04 a # ok\n2026-11-04 b\n"
    _days, problems = parse_calendar(bad)
    assert [(p.line, p.message[:20]) for p in problems] == [
        (1, "'2026-02-30' is not "), (2, "'../etc' is not a sa"),
        (3, "'2026-11-03' is not "), (5, "2026-11-04 is alread")]


def test_make_plan_fails_published_gaps_and_warns_about_upcoming_ones():
    prompts = [dated("only", D(2026, 11, 1))]
    result = make_plan(prompts, {}, PromptSettings(), published_through=D(2026, 11, 2),
                       through=D(2026, 11, 3))
    assert [s.source for s in result.slots] == [SCHEDULED, GAP, GAP]
    assert [str(p) for p in result.problems] == [
        "prompts/:1: day 2026-11-02: 2026-11-02 has no prompt: nothing is scheduled, the calendar has "
        "no line for it and the pool is empty; add a prompt with 'Date: 2026-11-02' or 'Pool: yes'"]
    assert len(result.warnings) == 1 and result.warnings[0].startswith("2026-11-03 has no prompt")


def test_a_calendar_line_naming_a_missing_prompt_fails_only_for_published_days():
    calendar = {D(2026, 11, 1): ("gone", 4), D(2026, 11, 9): ("gone", 5)}
    result = make_plan([pool_prompt("a")], calendar, PromptSettings(), published_through=D(2026, 11, 2))
    assert [str(p) for p in result.problems] == [
        "prompts/calendar.txt:4: calendar: 2026-11-01: no prompt file prompts/gone.md; restore it "
        "(to stop drawing a pool prompt, set 'Pool: no' instead of deleting it)"]
    assert result.warnings[0].startswith("prompts/calendar.txt:5: 2026-11-09")


def test_two_prompts_on_one_day_is_a_problem_naming_both_files():
    result = make_plan([dated("a", D(2026, 11, 1)), dated("b", D(2026, 11, 1))], {}, PromptSettings(),
                       published_through=D(2026, 11, 1))
    assert [str(p) for p in result.problems] == [
        "prompts/b.md:1: date: 2026-11-01 is already the day of prompts/a.md; pick another day"]


def test_scheduling_over_a_published_calendar_day_is_shown_but_flagged():
    result = make_plan([dated("new", D(2026, 11, 1)), pool_prompt("old")], {D(2026, 11, 1): ("old", 3)},
                       PromptSettings(), published_through=D(2026, 11, 1))
    assert result.slots[0].prompt.slug == "new"
    assert "had fixed to 'old'" in result.warnings[0]


def test_before_the_start_only_fixed_days_are_planned():
    prompts = [dated("early", D(2026, 10, 1)), pool_prompt("a")]
    result = make_plan(prompts, {}, PromptSettings(start=D(2026, 10, 5)), published_through=D(2026, 10, 6))
    assert [s.day.day for s in result.slots] == [1, 5, 6]
    assert result.problems == []


@pytest.mark.parametrize("given, message", [
    ({"start": "2026-02-30"}, "start '2026-02-30' is not a real calendar day"),
    ({"seed": ""}, "seed must be non-empty text"),
    ({"grace_window": -1}, "grace_window must be a whole number"),
    ({"grace_window": True}, "grace_window must be a whole number"),
    ({"colour": "red"}, "unknown key 'colour'"),
])
def test_bad_settings_are_reported_together(given, message):
    with pytest.raises(ConfigError) as raised:
        PromptSettings.from_settings({"CHORUS_PROMPTS": {**given, "seed": given.get("seed", "x"), "bogus": 1}})
    assert message in str(raised.value) and "unknown key 'bogus'" in str(raised.value)


def test_cycle_order_is_a_permutation_stable_under_adding_a_prompt():
    base = cycle_order(["a", "b", "c", "d"], "s", 0)
    grown = cycle_order(["a", "b", "c", "d", "e"], "s", 0)
    assert sorted(base) == ["a", "b", "c", "d"]
    assert [s for s in grown if s != "e"] == base
