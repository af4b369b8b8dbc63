"""Give a hand award (``./hub mod.award``, the desk): a content file in ``content/awards/``.

An award is published content like a story: a file in git, written atomically and checked
against the content model before its rename, under the content lease, then queued for the
publisher, which commits it with the moderator as author (``Award <id>``) and rebuilds.
It names the advocate by slug only; no personal data goes into the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from chorus.durable import atomic_write
from chorus.fields import ParseContext
from chorus.paths import inside
from chorus.problems import ChorusError, ContentError
from chorus.publishing import unique_slug
from chorus.slugs import slug_problem, slugify
from chorus.store import leases, publishes
from chorus.store.records import new_id
from chorus.text import text_problem
from chorus.validate import validate_file


@dataclass(frozen=True)
class Given:
    """An award written to ``content/awards/``."""

    receipt: str          # the history's id for it, like a submission's receipt
    path: str             # relative to content/
    slug: str


def award_text(title: str, advocate: str, day: dt.date, citation: str, by: str, now: dt.datetime,
               piece: str = "") -> str:
    """The award file: ``Key: value`` headers, a blank line, the citation."""
    lines = [f"Title: {title.strip()}", f"Advocate: {advocate}", f"Date: {day.isoformat()}"]
    if piece:
        lines.append(f"Piece: {piece}")
    lines += [f"Awarded_by: {by.strip()}", f"Awarded_on: {now.isoformat(timespec='minutes')}"]
    return "\n".join(lines) + "\n\n" + " ".join(citation.split()) + "\n"


def _checked(title: str, advocate: str, citation: str, piece: str, content: Path) -> list[str]:
    """Problems a moderator can fix, each naming the option; checked before anything is written."""
    problems = []
    for option, value, limit, lines in (("title", title, 80, False), ("citation", citation, 600, True)):
        problem = text_problem(value or "", max_chars=limit, multiline=lines)
        if problem:
            problems.append(f"--{option} {problem}")
    if slug_problem(advocate or "") or not (content / "advocates" / f"{advocate}.md").is_file():
        problems.append(f"--advocate '{str(advocate)[:60]}' is not an advocate; give the slug of a file "
                        "in content/advocates/ (e.g. maya-okafor)")
    if piece:
        folder, _, slug = piece.partition("/")
        if folder not in ("stories", "testimonials") or slug_problem(slug) \
                or not (content / f"{piece}.md").is_file():
            problems.append(f"--piece '{piece[:80]}' is not a published piece; use stories/SLUG or "
                            "testimonials/SLUG")
    return problems


def give_award(desk, *, advocate: str, title: str, citation: str, moderator: str, now: dt.datetime,
               piece: str = "") -> Given:
    """Write an award file for ``advocate`` and queue the publisher; returns what was written."""
    content = Path(desk.content_dir)
    problems = _checked(title, advocate, citation, piece, content)
    if problems:
        raise ChorusError("the award was not given: " + "; ".join(problems))
    day = now.astimezone(desk.zone).date()
    receipt = new_id(now.astimezone(dt.timezone.utc).strftime("%Y%m%d"))
    ctx = ParseContext(zone=desk.zone, content_dir=str(content))
    data = award_text(title, advocate, day, citation, moderator, now.astimezone(desk.zone), piece).encode()
    with leases.held(desk.store, "content"):          # content/ has one writer at a time
        words = "-".join(part for part in (str(day.year), slugify(title, 30), advocate) if part)
        slug = unique_slug(words[:76].strip("-"), content / "awards", f"{day.year}-award-{advocate}"[:76])
        relative = f"awards/{slug}.md"

        def check(written: bytes) -> None:
            found = validate_file(relative, written, ctx)[1]
            if found:
                raise ContentError(found)

        atomic_write(inside(content, relative), data, check=check)
        with desk.store.write() as conn:
            publishes.enqueue(conn, "award", receipt, moderator, now)
    return Given(receipt, relative, slug)

