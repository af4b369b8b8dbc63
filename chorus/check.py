"""Validate a whole content folder without building (``./hub check``)."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from chorus.fields import ParseContext
from chorus.calendar import CALENDAR_PATH, read_calendar
from chorus.problems import Problem
from chorus.schema import DATA_FILES, FOLDERS
from chorus.validate import validate_file


# Folders under content/ that hold files Pelican copies as they are.
ASSET_FOLDERS = ("images",)


def stray_files(content_dir: str | Path) -> list[Problem]:
    """Files under content/ that no part of the hub would read (a typo'd folder, say)."""
    root = Path(content_dir)
    known = (*FOLDERS, *ASSET_FOLDERS)
    problems = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_dir() or any(part.startswith(".") for part in relative.parts):
            continue
        if len(relative.parts) == 1 or relative.parts[0] not in known:
            problems.append(Problem(relative.as_posix(), 1, "path",
                                    "is not in a content folder, so it would never be published; move it "
                                    "under one of " + ", ".join(f"{name}/" for name in known)))
    return problems


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
        problems += read_calendar(root)[1]
    return checked, sorted(problems + stray_files(root))
