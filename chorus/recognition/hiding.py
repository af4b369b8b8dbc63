"""An advocate hides (or shows again) their badges and streak: the ``Hide_badges`` and
``Hide_streak`` fields of their file in ``content/advocates/``, the same mechanism a
moderator uses. The status page calls this for the advocate of an approved submission.

Only those two header lines change; the file is checked against the content model before
it is renamed into place, under the content lease, and a publish request is queued.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from chorus.durable import atomic_write
from chorus.fields import ParseContext
from chorus.paths import inside
from chorus.problems import ChorusError, ContentError
from chorus.slugs import slug_problem
from chorus.store import leases, publishes
from chorus.validate import validate_file

_FIELDS = {"hide_streak": "Hide_streak", "hide_badges": "Hide_badges"}
_LINE = re.compile(r"^\s*(hide_streak|hide_badges)\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class Shown:
    """What an advocate currently hides."""

    hide_streak: bool
    hide_badges: bool


def current(content_dir, slug: str, zone) -> Shown:
    """The advocate's choices as their file states them."""
    relative = _relative(slug)
    record, problems = validate_file(relative, inside(content_dir, relative).read_bytes(),
                                     ParseContext(zone=zone, content_dir=str(content_dir)))
    if problems or record is None:
        raise ContentError(problems)
    return Shown(bool(record.values.get("hide_streak")), bool(record.values.get("hide_badges")))


def with_choices(text: str, choices: Shown) -> str:
    """``text`` (an advocate file) with its hide lines set to ``choices`` (absent when shown)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    head, sep, body = text.partition(newline + newline)
    lines = [line for line in head.split(newline) if not _LINE.match(line)]
    lines += [f"{_FIELDS[key]}: yes" for key in ("hide_streak", "hide_badges") if getattr(choices, key)]
    return newline.join(lines) + (sep + body if sep else newline)


def set_choices(desk, slug: str, choices: Shown, *, receipt: str, by: str, now: dt.datetime) -> bool:
    """Write the advocate's choices; queue a build when they changed. Returns whether they did."""
    relative = _relative(slug)
    ctx = ParseContext(zone=desk.zone, content_dir=str(desk.content_dir))
    with leases.held(desk.store, "content"):
        path = inside(desk.content_dir, relative)
        before = path.read_text(encoding="utf-8")
        after = with_choices(before, choices)
        if after == before:
            return False

        def check(data: bytes) -> None:
            found = validate_file(relative, data, ctx)[1]
            if found:
                raise ContentError(found)

        atomic_write(path, after.encode("utf-8"), check=check)
        with desk.store.write() as conn:
            publishes.enqueue(conn, "edit", receipt, by, now)
    return True


def _relative(slug: str) -> str:
    if slug_problem(slug or ""):
        raise ChorusError("this submission has no advocate page")
    return f"advocates/{slug}.md"
