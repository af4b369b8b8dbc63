"""The daily prompt as a whole: settings, the checked plan of days, and the
published prompt days with their answers. Used by the prompts plugin and tasks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from chorus.calendar import CALENDAR_PATH
from chorus.clock import parse_day
from chorus.hub import Prompt, Testimonial
from chorus.namespaced import read_namespace
from chorus.problems import ConfigError, Problem
from chorus.promptday import PromptDay
from chorus.rotation import CALENDAR, GAP, SCHEDULED, Slot, plan


@dataclass(frozen=True)
class PromptSettings:
    """``CHORUS_PROMPTS`` in pelicanconf.py."""

    start: dt.date | None = None   # first day of the daily prompt; default: earliest fixed day
    seed: str = "chorus"           # changes the pool's rotation order
    grace_window: int = 7          # streaks forgive one missed day per this many days; 0: none

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> PromptSettings:
        given, known, problems = read_namespace(settings, "CHORUS_PROMPTS", cls)
        values: dict[str, Any] = {}
        if "start" in given:
            try:
                values["start"] = parse_day(str(given["start"]), "start")
            except ValueError as err:
                problems.append(str(err))
        if "seed" in given:
            if isinstance(given["seed"], str) and given["seed"].strip():
                values["seed"] = given["seed"]
            else:
                problems.append("seed must be non-empty text, e.g. 'ridgeline'")
        if "grace_window" in given:
            window = given["grace_window"]
            if isinstance(window, int) and not isinstance(window, bool) and 0 <= window <= 366:
                values["grace_window"] = window
            else:
                problems.append("grace_window must be a whole number of days from 0 to 366 (0: no grace)")
        if problems:
            raise ConfigError("CHORUS_PROMPTS: " + "; ".join(problems))
        return cls(**values)


@dataclass
class Plan:
    """The days from the first prompt day through ``through``, with what is wrong."""

    through: dt.date
    slots: list[Slot]
    problems: list[Problem] = field(default_factory=list)   # fail the build
    warnings: list[str] = field(default_factory=list)       # worth a look, build goes on
    unfixed: list[dt.date] = field(default_factory=list)    # published days not in the calendar

    def slot(self, day: dt.date) -> Slot | None:
        return next((s for s in self.slots if s.day == day), None)


def prompt_path(slug: str) -> str:
    return f"prompts/{slug}.md"


def make_plan(prompts: list[Prompt], calendar: Mapping[dt.date, tuple[str, int]],
              settings: PromptSettings, published_through: dt.date,
              through: dt.date | None = None) -> Plan:
    """Plan days through ``through`` (default: the published day) and check them.

    Days up to ``published_through`` are published: a gap or a calendar entry
    naming a missing prompt there is a problem; later, only a warning.
    """
    last = max(through or published_through, published_through)
    if not prompts and not calendar:
        # A new hub: the daily prompt starts with its first prompt, whatever `start` says.
        return Plan(last, [], warnings=["no prompts yet: the daily prompt starts with the first one "
                                        "(`./hub prompts.new`)"])
    slugs = {day: slug for day, (slug, _line) in calendar.items()}
    result = Plan(last, plan(prompts, slugs, settings.start, last, settings.seed))
    known = {p.slug for p in prompts}
    result.problems += _double_bookings(prompts)
    for day, (slug, line) in sorted(calendar.items()):
        if slug in known:
            continue
        message = (f"{day.isoformat()}: no prompt file {prompt_path(slug)}; "
                   "restore it (to stop drawing a pool prompt, set 'Pool: no' instead of deleting it)")
        if day <= published_through:
            result.problems.append(Problem(CALENDAR_PATH, line, "calendar", message))
        else:
            result.warnings.append(f"{CALENDAR_PATH}:{line}: {message}")
    for slot in result.slots:
        _check_slot(result, slot, slugs, published_through)
    return result


def _double_bookings(prompts: list[Prompt]) -> list[Problem]:
    problems, taken = [], {}
    for prompt in sorted((p for p in prompts if p.day), key=lambda p: p.slug):
        if prompt.day in taken:
            problems.append(Problem(prompt_path(prompt.slug), 1, "date",
                                    f"{prompt.day.isoformat()} is already the day of "
                                    f"{prompt_path(taken[prompt.day])}; pick another day"))
        else:
            taken[prompt.day] = prompt.slug
    return problems


def _check_slot(result: Plan, slot: Slot, calendar: Mapping[dt.date, str], published: dt.date) -> None:
    day = slot.day.isoformat()
    if slot.source == GAP:
        message = (f"{day} has no prompt: nothing is scheduled, the calendar has no line for it "
                   "and the pool is empty; add a prompt with 'Date: " + day + "' or 'Pool: yes'")
        if slot.day <= published:
            result.problems.append(Problem("prompts/", 1, f"day {day}", message))
        else:
            result.warnings.append(message)
        return
    fixed = calendar.get(slot.day)
    if slot.source == SCHEDULED and fixed and fixed != slot.prompt.slug and slot.day <= published:
        result.warnings.append(
            f"{prompt_path(slot.prompt.slug)}: is scheduled for {day}, which {CALENDAR_PATH} had fixed "
            f"to '{fixed}'; the day shows the scheduled prompt. Run `./hub prompts.calendar` to record it")
    if slot.source not in (SCHEDULED, CALENDAR) and slot.day <= published:
        result.unfixed.append(slot.day)


def published_prompt_days(slots: Iterable[Slot], stories: Iterable[Any],
                          testimonials: Iterable[Testimonial], through: dt.date) -> list[PromptDay]:
    """Prompt days up to and including ``through``, newest first, with their answers.

    ``stories`` are published Pelican articles (``prompt_day``, ``date``);
    ``testimonials`` are published testimonials. Answers are newest first.
    """
    days = {s.day: PromptDay(s.day, s.prompt) for s in slots if s.prompt and s.day <= through}
    for story in sorted(stories, key=lambda s: (s.date, s.slug), reverse=True):
        answered = days.get(getattr(story, "prompt_day", None))
        if answered:
            answered.stories.append(story)
    for testimonial in sorted(testimonials, key=lambda t: (t.date, t.slug), reverse=True):
        answered = days.get(testimonial.prompt_day)
        if answered:
            answered.testimonials.append(testimonial)
    return [days[day] for day in sorted(days, reverse=True)]
