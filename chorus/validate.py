"""Validate one content file against the model; collect every problem."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from chorus import headers
from chorus.fields import FieldError, ParseContext
from chorus.problems import Problem
from chorus.schema import ANONYMOUS, FOLDERS, PELICAN_OVERRIDES, SPECS, WITHDRAWN, Kind
from chorus.slugs import slug_problem
from chorus.text import text_problem

# Pelican's intra-site link directives copy or expose files; advocate-facing
# text may not use them (pages written by the site owner may).
_DIRECTIVE = re.compile(r"[{|](?:attach|static|filename|tag|category|author|index)[}|]",
                        re.IGNORECASE)


@dataclass
class Record:
    """A validated content file: its kind, slug, parsed fields and body."""

    kind: Kind
    path: str
    slug: str
    values: dict[str, Any] = field(default_factory=dict)
    body: str = ""

    def left_out_reason(self, zone: ZoneInfo, day: dt.date, statuses: tuple[str, ...] = (WITHDRAWN,)) -> str | None:
        """Why this piece is not published on ``day``: its status is one of ``statuses``
        (the status is the reason), or it is dated after ``day`` in the site's zone."""
        status = self.values.get("status")
        if status in statuses:
            return status
        date = self.values.get("date")
        if isinstance(date, dt.datetime):      # a moment; an award's date is a day
            date = date.astimezone(zone).date()
        if date is not None and date > day:
            return f"scheduled for {date.isoformat()}"
        return None


def kind_of(relative_path: str) -> Kind | None:
    """The kind of a file from its folder under content/, or None if not model content."""
    parts = PurePosixPath(relative_path).parts
    return FOLDERS.get(parts[0]) if len(parts) > 1 else None


def validate_file(relative_path: str, raw: bytes, ctx: ParseContext) -> tuple[Record | None, list[Problem]]:
    """Validate a file's bytes; return the record (None if any problem) and problems."""
    kind = kind_of(relative_path)
    if kind is None:
        return None, [Problem(relative_path, 1, "path",
                              "is not in a content folder; move it under one of "
                              + ", ".join(f"{name}/" for name in FOLDERS))]
    text, problems = headers.decode(relative_path, raw)
    if text is None:
        return None, problems
    doc, problems = headers.parse(relative_path, text)
    slug = PurePosixPath(relative_path).stem
    problem = slug_problem(slug, page=kind is Kind.PAGE)
    if problem:
        problems.append(Problem(relative_path, 1, "slug (file name)", problem))
    values = _parse_fields(kind, doc, ctx, problems)
    problems += _cross_field_problems(kind, doc, values, ctx)
    problems += _body_problems(kind, doc)
    if problems:
        return None, problems
    return Record(kind, relative_path, slug, values, doc.body), []


def _parse_fields(kind: Kind, doc: headers.Document, ctx: ParseContext,
                  problems: list[Problem]) -> dict[str, Any]:
    spec = SPECS[kind]
    values: dict[str, Any] = {}
    for key, found in doc.fields.items():
        if key not in spec.fields:
            problems.append(Problem(doc.path, found.line, key, _unknown_key_message(key, kind)))
            continue
        try:
            values[key] = spec.fields[key].parse(found.value, ctx)
        except FieldError as err:
            problems.append(Problem(doc.path, found.line, key, str(err)))
    for key, field_spec in spec.fields.items():
        if field_spec.required and key not in doc.fields:
            problems.append(Problem(doc.path, 1, key, f"is required for a {kind.value}; add a '{key.capitalize()}:' line"))
    return values


def _unknown_key_message(key: str, kind: Kind) -> str:
    allowed = ", ".join(k.capitalize() for k in SPECS[kind].fields)
    if key in PELICAN_OVERRIDES:
        return (f"is a Pelican override that Chorus content may not set (URLs, templates and "
                f"slugs come from the hub); remove it. Allowed fields: {allowed}")
    article = "an" if kind.value[0] in "aeiou" else "a"
    return f"is not a field of {article} {kind.value}; remove it or use one of: {allowed}"


def _cross_field_problems(kind: Kind, doc: headers.Document, values: dict[str, Any],
                          ctx: ParseContext) -> list[Problem]:
    problems = []
    line = doc.line_of
    if "photo" in values and kind is Kind.STORY and "photo_alt" not in values:
        problems.append(Problem(doc.path, line("photo"), "photo_alt",
                                "a photo needs a description for people who cannot see it; add 'Photo_alt:'"))
    if kind is Kind.ADVOCATE and "photo" in values and values.get("photo_consent") is not True:
        problems.append(Problem(doc.path, line("photo"), "photo",
                                "is shown only with consent; add 'Photo_consent: yes' or remove the photo"))
    if kind is Kind.PROMPT:
        # 'Pool: no' without a date retires a pool prompt: kept for the days it ran.
        scheduled, pooled = "date" in doc.fields, values.get("pool") is True
        if (scheduled and pooled) or not (scheduled or "pool" in doc.fields):
            problems.append(Problem(doc.path, 1, "date",
                                    "a prompt needs either 'Date: YYYY-MM-DD' or 'Pool: yes' (not both)"))
    advocate = values.get("advocate")
    if advocate and advocate != ANONYMOUS:
        if not ctx.is_file(f"advocates/{advocate}.md"):
            problems.append(Problem(doc.path, line("advocate"), "advocate",
                                    f"no advocate file advocates/{advocate}.md; add it or use 'anonymous'"))
    if kind is Kind.AWARD and advocate == ANONYMOUS:
        problems.append(Problem(doc.path, line("advocate"), "advocate",
                                "no advocate file for 'anonymous': an award goes to a named advocate"))
    piece = values.get("piece")
    if piece and not ctx.is_file(f"{piece}.md"):
        problems.append(Problem(doc.path, line("piece"), "piece",
                                f"no file {piece}.md; name a published story or testimonial"))
    if "modified" in values and "date" in values and values["modified"] < values["date"]:
        problems.append(Problem(doc.path, line("modified"), "modified",
                                "is before Date; a piece cannot be updated before it was published"))
    return problems


def _body_problems(kind: Kind, doc: headers.Document) -> list[Problem]:
    spec = SPECS[kind].body
    if not doc.body.strip():
        if spec.required:
            return [Problem(doc.path, doc.body_line, "body",
                            f"the {spec.label} is missing; write it after a blank line below the header")]
        return []
    if spec.placeholder and spec.placeholder in doc.body:
        line = doc.body_line + doc.body[: doc.body.index(spec.placeholder)].count("\n")
        return [Problem(doc.path, line, "body", f"the {spec.label} still says '{spec.placeholder}' "
                        "(written by ./hub prompts.new); replace it with a short intro")]
    problem = text_problem(doc.body, max_chars=spec.max_chars, multiline=True)
    if problem:
        return [Problem(doc.path, doc.body_line, "body", f"the {spec.label} {problem}")]
    if kind is not Kind.PAGE:
        found = _DIRECTIVE.search(doc.body)
        if found:
            line = doc.body_line + doc.body[: found.start()].count("\n")
            return [Problem(doc.path, line, "body",
                            f"Pelican link directive '{found.group(0)}' is not allowed in advocate text; "
                            "link with a full https:// URL instead")]
    return []
