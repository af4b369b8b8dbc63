"""The materialised prompt calendar: ``content/prompts/calendar.txt``.

One day per line, ``YYYY-MM-DD slug``, oldest first; ``#`` starts a comment.
``./hub prompts.calendar`` writes it ahead of time and the build reads it, so a
day's prompt stays fixed whatever later happens to the pool.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from chorus.clock import parse_day
from chorus.problems import Problem
from chorus.slugs import slug_problem

CALENDAR_PATH = "prompts/calendar.txt"   # relative to the content folder

HEADER = (
    "# Chorus prompt calendar: which prompt runs on which day, one 'YYYY-MM-DD slug' per line.\n"
    "# Written by `./hub prompts.calendar`; the build reads it. Days that have been published\n"
    "# never change here, so a published day keeps its prompt when the pool changes.\n"
)


def parse_calendar(text: str, path: str = CALENDAR_PATH) -> tuple[dict[dt.date, tuple[str, int]], list[Problem]]:
    """Parse calendar text into ``{day: (slug, line number)}`` and every problem found."""
    days: dict[dt.date, tuple[str, int]] = {}
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2:
            problems.append(Problem(path, number, "calendar",
                                    f"'{line[:60]}' is not 'YYYY-MM-DD slug'; write one day per line"))
            continue
        try:
            day = parse_day(parts[0])
        except ValueError as err:
            problems.append(Problem(path, number, "calendar", f"{err}; write 'YYYY-MM-DD slug'"))
            continue
        wrong = slug_problem(parts[1])
        if wrong:
            problems.append(Problem(path, number, "calendar", wrong))
        elif day in days:
            problems.append(Problem(path, number, "calendar",
                                    f"{day.isoformat()} is already on line {days[day][1]}; keep one line per day"))
        else:
            days[day] = (parts[1], number)
    return days, problems


def read_calendar(content_dir: str | Path) -> tuple[dict[dt.date, tuple[str, int]], list[Problem]]:
    """The calendar of a content folder (empty when there is no calendar file)."""
    path = Path(content_dir) / CALENDAR_PATH
    if not path.is_file():
        return {}, []
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return {}, [Problem(CALENDAR_PATH, 1, "calendar", "is not UTF-8 text; save it as UTF-8")]
    return parse_calendar(text)


def format_calendar(days: Mapping[dt.date, str]) -> str:
    """Calendar text for ``{day: slug}``, oldest day first."""
    lines = [f"{day.isoformat()} {days[day]}\n" for day in sorted(days)]
    return HEADER + "".join(lines)


def write_calendar(content_dir: str | Path, days: Mapping[dt.date, str]) -> Path:
    """Write the calendar atomically (a reader never sees half a file)."""
    path = Path(content_dir) / CALENDAR_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".calendar-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(format_calendar(days))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
