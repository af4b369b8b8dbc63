"""The hub's non-article content as plain objects: advocates, testimonials, prompts.

``load_hub`` reads and validates ``content/advocates``, ``content/testimonials``,
``content/prompts`` and ``content/awards``; stories are Pelican articles and get linked to their
advocate afterwards.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from chorus.fields import ParseContext
from chorus.problems import Problem
from chorus.recordcache import RecordCache
from chorus.schema import ANONYMOUS, DATA_FILES, DRAFT, WITHDRAWN, Kind
from chorus.validate import Record, validate_file


@dataclass(frozen=True)
class Advocate:
    slug: str
    name: str                    # the public display name, in the form they consented to
    name_form: str
    joined: dt.date
    bio: str
    photo: str = ""              # only set when they consented to a photo
    photo_alt: str = ""
    location: str = ""
    hide_streak: bool = False
    language: str = ""
    hide_badges: bool = False

    @property
    def url(self) -> str:
        return f"advocates/{self.slug}/"

    @property
    def initials(self) -> str:
        letters = [part[0] for part in self.name.replace(".", " ").split() if part]
        return "".join(letters[:2]).upper()


@dataclass(frozen=True)
class Testimonial:
    slug: str
    quote: str
    date: dt.datetime
    advocate_slug: str
    rating: int | None = None
    role: str = ""
    organisation: str = ""
    product: str = ""
    prompt_day: dt.date | None = None
    language: str = ""
    approved_by: str = ""
    approved_on: dt.datetime | None = None
    tags: tuple[str, ...] = ()      # for embeddable walls by tag; not shown on the hub's pages

    @property
    def url(self) -> str:
        return f"testimonials/{self.slug}/"


@dataclass(frozen=True)
class Award:
    """A hand award a moderator gave (``content/awards/``): who, what, when and why."""

    slug: str
    title: str
    advocate_slug: str
    day: dt.date
    citation: str
    awarded_by: str
    piece: str = ""              # "stories/<slug>" or "testimonials/<slug>" it was for, if any

    @property
    def path(self) -> str:
        return f"awards/{self.slug}.md"


@dataclass(frozen=True)
class Prompt:
    slug: str
    question: str
    intro: str
    quick: str
    story: str
    day: dt.date | None = None   # the day it is scheduled for, if any
    tags: tuple[str, ...] = ()
    pool: bool = False           # drawn for unscheduled days; no day and no pool: retired


@dataclass
class Hub:
    """Everything loaded from the hub's own folders for one build."""

    day: dt.date
    advocates: dict[str, Advocate] = field(default_factory=dict)
    testimonials: list[Testimonial] = field(default_factory=list)
    prompts: list[Prompt] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    def advocate(self, slug: str) -> Advocate | None:
        return None if slug == ANONYMOUS else self.advocates.get(slug)

    def scheduled_prompt(self, day: dt.date) -> Prompt | None:
        """The prompt scheduled for ``day``, if any (pool rotation is the prompts plugin's job)."""
        return next((p for p in self.prompts if p.day == day), None)


def _advocate(record: Record) -> Advocate:
    v = record.values
    consented_photo = v.get("photo_consent") is True and "photo" in v
    return Advocate(
        slug=record.slug, name=v["name"], name_form=v["name_form"], joined=v["joined"],
        bio=record.body.strip(), photo=v["photo"] if consented_photo else "",
        photo_alt=v.get("photo_alt", f"Photo of {v['name']}") if consented_photo else "",
        location=v.get("location", ""), hide_streak=v.get("hide_streak", False),
        language=v.get("language", ""), hide_badges=v.get("hide_badges", False))


def _award(record: Record) -> Award:
    v = record.values
    return Award(slug=record.slug, title=v["title"], advocate_slug=v["advocate"], day=v["date"],
                 citation=" ".join(record.body.split()), awarded_by=v["awarded_by"],
                 piece=v.get("piece", ""))


def _testimonial(record: Record) -> Testimonial:
    v = record.values
    return Testimonial(
        slug=record.slug, quote=" ".join(record.body.split()), date=v["date"],
        advocate_slug=v["advocate"], rating=v.get("rating"), role=v.get("role", ""),
        organisation=v.get("organisation", ""), product=v.get("product", ""),
        prompt_day=v.get("prompt"), language=v.get("language", ""),
        approved_by=v["approved_by"], approved_on=v["approved_on"], tags=tuple(v.get("tags", ())))


def _prompt(record: Record) -> Prompt:
    v = record.values
    return Prompt(slug=record.slug, question=v["question"], intro=record.body.strip(),
                  quick=v["quick"], story=v["story"], day=v.get("date"),
                  tags=tuple(v.get("tags", ())), pool=v.get("pool") is True)


HUB_FOLDERS = ("advocates", "testimonials", "prompts", "awards")


def load_hub(content_dir: str, zone: ZoneInfo, day: dt.date,
             folders: tuple[str, ...] = HUB_FOLDERS, records: RecordCache | None = None) -> Hub:
    """Validate and load advocates, testimonials, prompts and awards (or only ``folders``)
    as of ``day``; ``records`` reuses the records of files validated by earlier builds."""
    validate = records.validate if records is not None else validate_file
    hub = Hub(day=day)
    ctx = ParseContext(zone=zone, content_dir=content_dir)
    for folder in folders:
        for name, path in _files(os.path.join(content_dir, folder)):
            relative = f"{folder}/{name}"
            if relative in DATA_FILES:
                continue
            if posixpath.splitext(name)[1] != ".md":
                hub.problems.append(Problem(relative, 1, "file name",
                                            "only Markdown '.md' files are read; rename it to .md"))
                continue
            with open(path, "rb") as handle:
                raw = handle.read()
            record, problems = validate(relative, raw, ctx)
            if problems:
                hub.problems.extend(problems)
                continue
            _add(hub, record, zone)
    hub.testimonials.sort(key=lambda t: (t.date, t.slug), reverse=True)
    hub.awards.sort(key=lambda a: (a.day, a.slug), reverse=True)
    return hub


def _files(folder: str) -> list[tuple[str, str]]:
    """(name, path) of each file in ``folder`` (not in its subfolders), hidden ones left
    out, by name; none if there is no such folder."""
    try:
        with os.scandir(folder) as entries:
            found = [(entry.name, entry.path) for entry in entries
                     if not entry.name.startswith(".") and not entry.is_dir()]
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(found)


def _add(hub: Hub, record: Record, zone: ZoneInfo) -> None:
    if record.kind is Kind.ADVOCATE:
        hub.advocates[record.slug] = _advocate(record)
    elif record.kind is Kind.PROMPT:
        hub.prompts.append(_prompt(record))
    elif record.kind in (Kind.TESTIMONIAL, Kind.AWARD):
        reason = record.left_out_reason(zone, hub.day, statuses=(WITHDRAWN, DRAFT))
        if reason:
            hub.left_out.append(f"{record.path}: {reason}")
        elif record.kind is Kind.AWARD:
            hub.awards.append(_award(record))
        else:
            hub.testimonials.append(_testimonial(record))
