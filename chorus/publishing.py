"""Turn an approved submission into content files, from an allowlist of fields only.

``plan`` decides every file (slug, headers, sanitised body) without touching
content/; ``check_plan`` validates the planned files against the content model
in a scratch copy; ``write_plan`` puts them in place one atomic rename at a time,
validating each file's bytes just before its rename.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from chorus.clock import start_of_day
from chorus.fields import ParseContext
from chorus.durable import atomic_write
from chorus.paths import published_file
from chorus.problems import ContentError
from chorus.safemd import defuse_directives, neutralise
from chorus.slugs import slug_problem, slugify
from chorus.submission import STORY, Submission
from chorus.validate import validate_file


@dataclass(frozen=True)
class Choices:
    """What the moderator decided on top of the submission."""

    moderator: str
    now: dt.datetime
    publish_on: dt.date | None = None
    title: str = ""
    tags: tuple[str, ...] = ()
    featured: bool = False


@dataclass
class Plan:
    """Files to write under content/ (relative path -> bytes), in write order."""

    files: dict[str, bytes] = field(default_factory=dict)
    piece: str = ""              # the story or testimonial file
    url: str = ""                # its page, relative to the site root
    advocate: str = "anonymous"
    new_advocate: bool = False


def unique_slug(base: str, folder: Path, fallback: str) -> str:
    """``base`` (or ``fallback``) made safe, not reserved and not yet used in ``folder``."""
    stem = base if base and not slug_problem(base) else fallback
    candidate, number = stem, 2
    while (folder / f"{candidate}.md").exists() or slug_problem(candidate):
        candidate = f"{stem[:70]}-{number}"
        number += 1
    return candidate


def name_form(public: str) -> str:
    words = public.split()
    if len(words) == 1:
        return "first"
    if len(words) == 2 and len(words[1].rstrip(".")) == 1:
        return "first-initial"
    return "full"


def plan(sub: Submission, receipt: str, photo: bytes | None, content: Path,
         known_advocate: str | None, choices: Choices) -> Plan:
    """Every content file an approval of ``sub`` writes (nothing is written here)."""
    result = Plan()
    suffix = receipt.split("-")[1]
    if sub.consent_name:
        if known_advocate and not slug_problem(known_advocate) \
                and (content / "advocates" / f"{known_advocate}.md").is_file():
            result.advocate = known_advocate
        else:
            result.advocate = unique_slug(slugify(sub.public_name), content / "advocates",
                                          f"advocate-{suffix}")
            result.new_advocate = True
            _plan_advocate(result, sub, photo, choices)
    folder = "stories" if sub.kind == STORY else "testimonials"
    base = slugify(choices.title or sub.title) if sub.kind == STORY else \
        slugify(f"{sub.public_name or 'testimonial'} {sub.product}")
    slug = unique_slug(base, content / folder, f"{sub.kind}-{suffix}")
    result.piece, result.url = f"{folder}/{slug}.md", f"{folder}/{slug}/"
    result.files[result.piece] = _piece_text(sub, result.advocate, choices, content).encode("utf-8")
    return result


def _plan_advocate(result: Plan, sub: Submission, photo: bytes | None, choices: Choices) -> None:
    lines = [f"Name: {sub.public_name}", f"Name_form: {name_form(sub.public_name)}",
             f"Joined: {choices.now.date().isoformat()}"]
    if photo is not None and sub.consent_photo:
        image = f"images/advocates/{result.advocate}.jpg"
        result.files[image] = photo
        lines += [f"Photo: {image}", "Photo_consent: yes", f"Photo_alt: Photo of {sub.public_name}"]
    bio = f"{sub.public_name} shares their experience with the community."
    result.files[f"advocates/{result.advocate}.md"] = "\n".join([*lines, "", bio, ""]).encode("utf-8")


def _piece_text(sub: Submission, advocate: str, choices: Choices, content: Path) -> str:
    date = start_of_day(choices.publish_on, choices.now.tzinfo) if choices.publish_on else choices.now
    lines = []
    if sub.kind == STORY:
        lines.append(f"Title: {choices.title or sub.title}")
    lines += [f"Date: {date.isoformat(timespec='seconds')}", f"Advocate: {advocate}"]
    if sub.kind == STORY and choices.tags:
        lines.append(f"Tags: {', '.join(choices.tags)}")
    if sub.rating is not None:
        lines.append(f"Rating: {sub.rating}")
    for key, value in (("Role", sub.role), ("Organisation", sub.organisation),
                       ("Product", sub.product)):
        if value:
            lines.append(f"{key}: {value}")
    if sub.prompt:
        lines.append(f"Prompt: {sub.prompt.isoformat()}")
    if sub.kind == STORY and choices.featured:
        lines.append("Featured: yes")
    lines += [f"Approved_by: {choices.moderator}",
              f"Approved_on: {choices.now.isoformat(timespec='seconds')}"]
    return "\n".join([*lines, "", safe_body(sub), ""])


def safe_body(sub: Submission) -> str:
    """The body as stored: stories neutralised Markdown; testimonials plain text
    on one line (the theme escapes them), with Pelican directives defused."""
    if sub.kind == STORY:
        return neutralise(sub.body)
    return defuse_directives(" ".join(sub.body.split()))


def _validator(relative: str, ctx: ParseContext):
    def check(data: bytes) -> None:
        if relative.endswith(".md"):
            problems = validate_file(relative, data, ctx)[1]
            if problems:
                raise ContentError(problems)
    return check


def check_plan(result: Plan, content: Path, ctx: ParseContext) -> None:
    """Validate every planned file in a scratch copy of what it refers to; ContentError if not."""
    with tempfile.TemporaryDirectory(prefix="chorus-plan-") as scratch:
        root = Path(scratch)
        existing = content / "advocates" / f"{result.advocate}.md"
        if not result.new_advocate and existing.is_file():
            (root / "advocates").mkdir(parents=True)
            shutil.copyfile(existing, root / "advocates" / existing.name)
        scratch_ctx = ParseContext(zone=ctx.zone, content_dir=str(root))
        for relative, data in result.files.items():
            atomic_write(published_file(root, relative), data,
                         check=_validator(relative, scratch_ctx))


def write_files(files: dict[str, str], photo: bytes | None, content: Path,
                ctx: ParseContext) -> None:
    """Write recorded files (text, or "@photo" for the stored photo) into ``content``
    in their recorded order: photo, advocate, then the piece. Safe to repeat.

    The record comes from the store, which is not trusted: every path is checked
    (``published_file``) before anything is written, so a tampered record writes nothing."""
    targets = [published_file(content, relative) for relative in files]
    for target, (relative, text) in zip(targets, files.items()):
        data = photo if text == "@photo" else text.encode("utf-8") if isinstance(text, str) else None
        if data is None:
            continue
        atomic_write(target, data, check=_validator(relative, ctx))
