"""What the ``prompts.*`` and ``daily`` tasks do, as plain functions over a content folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from chorus.calendar import CALENDAR_PATH, read_calendar, write_calendar
from chorus.clock import build_day, site_zone
from chorus.fields import ParseContext
from chorus.schema import PROMPT_PLACEHOLDER
from chorus.hub import Hub, load_hub
from chorus.problems import ChorusError, ContentError, Problem
from chorus.prompts import Plan, PromptSettings, make_plan
from chorus.rotation import GAP, POOL
from chorus.slugs import slugify
from chorus.validate import validate_file


@dataclass(frozen=True)
class Workspace:
    """A hub's content folder, timezone, prompt settings and the site's today."""

    content_dir: Path
    zone: ZoneInfo
    settings: PromptSettings
    today: dt.date

    @classmethod
    def from_pelican(cls, settings: dict[str, Any], content: str | Path | None = None,
                     now: dt.datetime | None = None) -> Workspace:
        zone = site_zone(settings["TIMEZONE"])
        return cls(Path(content or settings["PATH"]), zone, PromptSettings.from_settings(settings),
                   build_day(None, zone, now))

    def hub(self) -> Hub:
        return load_hub(str(self.content_dir), self.zone, self.today)

    def plan(self, through: dt.date, refresh: bool = False) -> Plan:
        """The plan through ``through``; ``refresh`` ignores calendar lines after today."""
        calendar, problems = read_calendar(self.content_dir)
        if problems:
            raise ContentError(problems)
        if refresh:
            calendar = {day: entry for day, entry in calendar.items() if day <= self.today}
        return make_plan(self.hub().prompts, calendar, self.settings, self.today, through)


def describe(plan: Plan, day: dt.date, today: dt.date) -> str:
    """One line: the day, its prompt and where the prompt comes from."""
    slot = plan.slot(day)
    when = "today" if day == today else ("published" if day < today else "upcoming")
    if slot is None:
        return f"{day.isoformat()} ({when}): before the first prompt day; no prompt"
    if slot.source == GAP:
        return f"{day.isoformat()} ({when}): WARNING no prompt (nothing scheduled and the pool is empty)"
    note = " [rotation; not fixed in the calendar yet]" if slot.source == POOL else ""
    return (f"{day.isoformat()} ({when}, {slot.source}): {slot.prompt.question}  "
            f"[prompts/{slot.prompt.slug}.md]{note}")


def upcoming(ws: Workspace, days: int) -> tuple[list[str], list[str]]:
    """Lines for today and the next ``days`` days, and warnings (gaps, calendar coverage)."""
    last = ws.today + dt.timedelta(days=days)
    plan = ws.plan(last)
    if plan.problems:
        raise ContentError(plan.problems)
    lines = [describe(plan, ws.today + dt.timedelta(days=n), ws.today) for n in range(days + 1)]
    warnings = list(plan.warnings)
    gaps = [s.day.isoformat() for s in plan.slots if s.source == GAP and s.day > ws.today]
    if gaps:
        warnings.append(f"{len(gaps)} upcoming day(s) have no prompt: {', '.join(gaps)}; "
                        "schedule a prompt ('Date:') or add pool prompts ('Pool: yes')")
    warnings += coverage_warnings(ws, plan, last)
    return lines, warnings


def coverage_warnings(ws: Workspace, plan: Plan, last: dt.date) -> list[str]:
    """Days up to ``last`` whose prompt is not fixed in the calendar yet."""
    unfixed = [s.day for s in plan.slots if s.source == POOL and s.day <= last]
    if not unfixed:
        return []
    published = [day for day in unfixed if day <= ws.today]
    head = (f"{len(published)} published day(s) from {published[0].isoformat()} are"
            if published else f"{len(unfixed)} day(s) from {unfixed[0].isoformat()} are")
    return [f"{head} drawn from the pool rotation, not fixed in {CALENDAR_PATH}; they would change "
            f"if the pool changed. Run `./hub prompts.calendar --through {last.isoformat()}` and commit it"]


def materialise(ws: Workspace, through: dt.date, refresh: bool = False) -> tuple[Path, int, int]:
    """Fix every planned day through ``through`` in the calendar file.

    Lines already in the calendar stay as they are (``refresh`` recomputes the
    lines after today). Returns the file, the number of days fixed and how many are new.
    """
    if through < ws.today:
        raise ChorusError(f"--through {through.isoformat()} is before today ({ws.today.isoformat()}); "
                          "published days are fixed already")
    existing, _ = read_calendar(ws.content_dir)
    plan = ws.plan(through, refresh=refresh)
    if plan.problems:
        raise ContentError(plan.problems)
    days = {day: slug for day, (slug, _line) in existing.items()}
    if refresh:
        days = {day: slug for day, slug in days.items() if day <= ws.today or day > through}
    before = dict(days)
    days.update({s.day: s.prompt.slug for s in plan.slots if s.prompt is not None})
    return write_calendar(ws.content_dir, days), len(days), sum(before.get(d) != s for d, s in days.items())


def scaffold(ws: Workspace, question: str, quick: str, story: str, intro: str = "",
             day: dt.date | None = None, pool: bool = False, slug: str = "",
             tags: str = "") -> Path:
    """Write a new, valid prompt file; raise ChorusError (naming every problem) otherwise."""
    for name, value in (("question", question), ("quick", quick), ("story", story),
                        ("slug", slug), ("tags", tags)):
        if "\n" in value or "\r" in value:
            raise ChorusError(f"--{name} must be one line")
    if (day is None) == (not pool):
        raise ChorusError("give either --date YYYY-MM-DD (a scheduled prompt) or --pool (not both)")
    if day is not None and day < ws.today:
        raise ChorusError(f"--date {day.isoformat()} is in the past (today is {ws.today.isoformat()} "
                          "on the site); a published day never changes, pick today or later")
    slug = slug or "-".join(filter(None, [day.isoformat() if day else "", slugify(question, 40)]))
    relative = f"prompts/{slug}.md"
    path = ws.content_dir / relative
    if path.exists():
        raise ChorusError(f"{relative} exists already; pick another --slug")
    taken = next((p for p in ws.hub().prompts if day is not None and p.day == day), None)
    if taken:
        raise ChorusError(f"{day.isoformat()} is already the day of prompts/{taken.slug}.md; pick another day")
    header = [f"Question: {question}", f"Date: {day.isoformat()}" if day else "Pool: yes",
              f"Quick: {quick}", f"Story: {story}"] + ([f"Tags: {tags}"] if tags else [])
    text = "\n".join(header) + "\n\n" + (intro.strip() or PROMPT_PLACEHOLDER) + "\n"
    ctx = ParseContext(zone=ws.zone, content_dir=str(ws.content_dir))
    _record, problems = validate_file(relative, text.encode("utf-8"), ctx)
    # Without --intro the file is written with the placeholder, for the owner to replace:
    # every other problem stops here; the build refuses the placeholder until then.
    problems = [p for p in problems if intro.strip() or PROMPT_PLACEHOLDER not in p.message]
    if problems:
        raise ContentError(problems)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as out:
        out.write(text)
    return path


def content_problems(ws: Workspace) -> list[Problem]:
    """Every content and prompt-plan problem that would fail a build for today."""
    from chorus.check import validate_tree

    _checked, problems = validate_tree(ws.content_dir, ws.zone)
    return sorted({*problems, *ws.plan(ws.today).problems})
