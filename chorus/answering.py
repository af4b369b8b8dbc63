"""Which prompt an answer may name: a prompt day that is out, never one after today.

Shared by every way in (the form, ``./hub submit``, ``./hub ingest``) through
chorus.moderation.submit; the day is the caller's ``today``, never a hidden clock.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from chorus.calendar import read_calendar
from chorus.hub import Prompt, load_hub
from chorus.prompts import PromptSettings, make_plan
from chorus.rotation import GAP


def prompt_on(content_dir: str | Path, zone: ZoneInfo, settings: PromptSettings,
              day: dt.date, today: dt.date) -> Prompt | None:
    """The prompt of ``day`` as the site shows it on ``today``; None after today or on no prompt."""
    if day > today:
        return None
    hub = load_hub(str(content_dir), zone, today, folders=("prompts",))
    calendar, _problems = read_calendar(content_dir)      # a broken calendar is the build's to report
    slot = make_plan(hub.prompts, calendar, settings, today, day).slot(day)
    return slot.prompt if slot is not None and slot.source != GAP else None


def answer_problem(content_dir: str | Path, zone: ZoneInfo, settings: PromptSettings,
                   day: dt.date, today: dt.date) -> str:
    """Why an answer cannot name the prompt of ``day`` ("" when it can)."""
    if day > today:
        return (f"the prompt of {day.isoformat()} is not out yet (today is {today.isoformat()}); "
                "answer today's prompt or an earlier one")
    if prompt_on(content_dir, zone, settings, day, today) is None:
        return (f"there is no prompt on {day.isoformat()}; give the day of a prompt shown on the "
                "site, or leave it empty")
    return ""
