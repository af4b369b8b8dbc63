"""Validate a whole content folder without building (``./hub check``)."""

from __future__ import annotations

import os
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
    """Files under content/ that no part of the hub would read (a typo'd folder, say).

    Hidden files and folders are left alone; one ``os.walk`` (it does not enter a linked
    folder), since this runs on every build over every content file and image."""
    root = str(content_dir)
    known = (*FOLDERS, *ASSET_FOLDERS)
    problems = []
    for folder, folders, files in os.walk(root):
        folders[:] = [name for name in folders if not name.startswith(".")]
        relative_folder = os.path.relpath(folder, root).replace(os.sep, "/")
        top = relative_folder.split("/", 1)[0]
        for name in files:
            if name.startswith("."):
                continue
            if relative_folder == "." or top not in known:
                relative = name if relative_folder == "." else f"{relative_folder}/{name}"
                problems.append(Problem(relative, 1, "path",
                                        "is not in a content folder, so it would never be published; move it "
                                        "under one of " + ", ".join(f"{known_name}/" for known_name in known)))
    return sorted(problems)


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
