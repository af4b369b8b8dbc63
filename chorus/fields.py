"""Field parsers: each turns header text into a value or raises FieldError
with a message that says what is wrong and how to fix it."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from chorus.clock import parse_day, start_of_day
from chorus.slugs import slug_problem, slugify
from chorus.text import text_problem


class FieldError(ValueError):
    """A field's value is wrong; the message names the fix."""


@dataclass(frozen=True)
class ParseContext:
    """What parsers need to know about the site."""

    zone: ZoneInfo
    content_dir: str
    # When a dict, every ``is_file`` answer is noted in it (chorus/recordcache.py keeps
    # them with a cached record and asks again before reusing it).
    probes: dict[str, bool] | None = field(default=None, compare=False)

    def is_file(self, relative: str) -> bool:
        """Whether the file ``relative`` (a path under content/) exists."""
        found = os.path.isfile(os.path.join(self.content_dir, relative))
        if self.probes is not None:
            self.probes[relative] = found
        return found


Parser = Callable[[str, ParseContext], Any]

_DATETIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:\d{2})$", re.ASCII)
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def plain_text(max_chars: int, multiline: bool = False) -> Parser:
    def parse(value: str, _ctx: ParseContext) -> str:
        problem = text_problem(value, max_chars=max_chars, multiline=multiline)
        if problem:
            raise FieldError(problem)
        return value.strip()
    return parse


def moment(value: str, ctx: ParseContext) -> dt.datetime:
    """A timezone-aware date-time; a bare date means the start of that day on the site."""
    hint = "use YYYY-MM-DD or YYYY-MM-DDTHH:MM+HH:MM, e.g. 2026-11-22T09:30+01:00"
    if len(value) == 10:
        try:
            return start_of_day(parse_day(value), ctx.zone)
        except ValueError as err:
            raise FieldError(f"{err}; {hint}") from None
    match = _DATETIME.match(value)
    if not match:
        if re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$", value, re.ASCII):
            raise FieldError(f"'{value}' has no timezone offset; add one, e.g. '{value}+00:00'")
        raise FieldError(f"'{value}' is not a date; {hint}")
    day, hour, minute, second, offset = match.groups()
    try:
        text = f"{day}T{hour}:{minute}:{second or '00'}{'+00:00' if offset == 'Z' else offset}"
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise FieldError(f"'{value}' is not a real date and time; {hint}") from None


def day(value: str, _ctx: ParseContext) -> dt.date:
    try:
        return parse_day(value)
    except ValueError as err:
        raise FieldError(f"{err}; use YYYY-MM-DD, e.g. 2026-11-22") from None


def yes_no(value: str, _ctx: ParseContext) -> bool:
    lowered = value.lower()
    if lowered in ("yes", "true"):
        return True
    if lowered in ("no", "false"):
        return False
    raise FieldError(f"'{value}' is not yes or no; write yes or no")


def rating(value: str, _ctx: ParseContext) -> int:
    if len(value) == 1 and value in "12345":
        return int(value)
    raise FieldError(f"'{value}' is not a rating; use one digit from 1 to 5")


def slug_ref(value: str, _ctx: ParseContext) -> str:
    problem = slug_problem(value)
    if problem:
        raise FieldError(problem)
    return value


def piece_ref(value: str, _ctx: ParseContext) -> str:
    """A published piece by its folder and slug, e.g. ``stories/first-fifty-k``."""
    folder, _, slug = value.partition("/")
    if folder not in ("stories", "testimonials") or not slug or slug_problem(slug):
        raise FieldError(f"'{value}' is not a piece; use stories/SLUG or testimonials/SLUG, "
                         "e.g. stories/first-fifty-k")
    return value


def language(value: str, _ctx: ParseContext) -> str:
    if re.match(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$", value, re.ASCII):
        return value
    raise FieldError(f"'{value}' is not a language tag; use a BCP 47 tag such as ja, ar, he or pt-BR")


def choice(*options: str) -> Parser:
    def parse(value: str, _ctx: ParseContext) -> str:
        if value.lower() in options:
            return value.lower()
        raise FieldError(f"'{value}' is not one of {', '.join(options)}; use one of them")
    return parse


def tags(value: str, _ctx: ParseContext) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    if len(names) > 8:
        raise FieldError(f"has {len(names)} tags; keep at most 8")
    for name in names:
        problem = text_problem(name, max_chars=40)
        if problem:
            raise FieldError(f"tag '{name[:40]}' {problem}")
        if not slugify(name):
            raise FieldError(f"tag '{name}' has no letters or digits usable in a URL; "
                             "add a Latin-letter word, e.g. 'trail'")
    if len({slugify(n) for n in names}) != len(names):
        raise FieldError("lists the same tag twice; keep one")
    return names


def image_path(value: str, ctx: ParseContext) -> str:
    """A photo under content/images/, by its path relative to content/."""
    path = PurePosixPath(value)
    if (path.is_absolute() or ".." in path.parts or "\\" in value
            or not value.startswith("images/")):
        raise FieldError(f"'{value}' must be a path under images/, e.g. images/advocates/maya.jpg")
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise FieldError(f"'{value}' must be a .jpg, .png or .webp file")
    if not ctx.is_file(value):
        raise FieldError(f"'{value}' does not exist under content/; add the file or fix the path")
    return value
