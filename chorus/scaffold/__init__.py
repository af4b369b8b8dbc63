"""``./hub new DIR``: a new, empty hub that builds with zero errors. Settings that import
nothing from the demo, one page, one pool prompt, empty folders for stories, testimonials
and advocates, and a ``hub`` launcher that builds it with this Chorus."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from chorus.problems import ChorusError
from chorus.slugs import slugify

FILES = Path(__file__).resolve().parent / "files"
EMPTY_FOLDERS = ("content/stories", "content/testimonials", "content/advocates")
RENAMED = {"gitignore": ".gitignore"}      # kept without the dot here so packaging keeps it
EXECUTABLE = {"hub"}


def create_hub(target: Path, name: str, today: dt.date, chorus_home: Path,
               timezone: str = "UTC") -> list[Path]:
    """Write a new hub into ``target`` (missing or empty); returns the files written."""
    target = Path(target).resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ChorusError(f"{target} exists and is not an empty folder; pick a new one")
    if not name.strip() or re.search(r'["\\\n\r]', name):
        raise ChorusError("--name must be one line without quotes or backslashes")
    values = {"__NAME__": name.strip(), "__CHORUS_HOME__": str(Path(chorus_home).resolve()),
              "__TODAY__": today.isoformat(), "__TIMEZONE__": timezone,
              "__SLUG__": slugify(name, 40) or "hub"}
    written = []
    for source in sorted(p for p in FILES.rglob("*") if p.is_file()):
        relative = source.relative_to(FILES).as_posix()
        path = target / RENAMED.get(relative, relative)
        text = source.read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace(key, value)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        if relative in EXECUTABLE:
            path.chmod(0o755)
        written.append(path)
    for folder in EMPTY_FOLDERS:
        keep = target / folder / ".gitkeep"
        keep.parent.mkdir(parents=True, exist_ok=True)
        keep.write_text("", encoding="utf-8")
        written.append(keep)
    return written
