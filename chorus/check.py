"""Validate a whole content folder without building (``invoke check``)."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from chorus.fields import ParseContext
from chorus.problems import Problem
from chorus.calendar import CALENDAR_PATH, read_calendar
from chorus.schema import DATA_FILES, FOLDERS
from chorus.validate import validate_file


def validate_tree(content_dir: str | Path, zone: ZoneInfo) -> tuple[int, list[Problem]]:
    """Validate every file in the content folders; return (files checked, problems)."""
    root = Path(content_dir)
    ctx = ParseContext(zone=zone, content_dir=str(root))
    problems: list[Problem] = []
    checked = 0
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_dir() or path.name.startswith("."):
                continue
            checked += 1
            relative = path.relative_to(root).as_posix()
            if relative in DATA_FILES:
                continue
            if path.suffix != ".md":
                problems.append(Problem(relative, 1, "file name",
                                        "only Markdown '.md' files are read; rename it to .md"))
                continue
            problems += validate_file(relative, path.read_bytes(), ctx)[1]
    if (root / CALENDAR_PATH).is_file():
        checked += 1
        problems += read_calendar(root)[1]
    return checked, sorted(problems)
