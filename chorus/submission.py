"""A submission: untrusted field values checked into a typed record, every problem at once.

Channel-independent: the command line, the web form and form-export imports
all hand plain field values (and optional photo bytes) to ``check``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from email_validator import EmailNotValidError, validate_email

from chorus.clock import parse_day
from chorus.problems import Problem
from chorus.safemd import MarkdownLimits, complexity_problems
from chorus.schema import PELICAN_OVERRIDES
from chorus.text import comparable, normalise, text_problem

STORY, TESTIMONIAL = "story", "testimonial"
FIELDS = ("kind", "title", "body", "name", "display_name", "email", "consent_name",
          "consent_photo", "photo", "product", "rating", "role", "organisation", "prompt",
          "recommend")
REQUIRED = ("kind", "body", "name", "email", "consent_name")
STORY_ONLY = ("title",)
TESTIMONIAL_ONLY = ("rating", "role", "organisation")
SHORT_TEXT = {"title": 150, "name": 60, "display_name": 60, "product": 80, "role": 80,
              "organisation": 80}
BODY_LIMITS = {STORY: 10_000, TESTIMONIAL: 300}
# Keys Pelican or Chorus would obey in a content file; refused by name so the sender knows why.
_OVERRIDES = PELICAN_OVERRIDES | {"status", "date", "modified", "tags", "featured", "advocate",
                                  "approved_by", "approved_on", "summary", "photo_alt"}
_DIRECTIVE = re.compile(r"[{|](?:attach|static|filename|tag|category|author|index)[}|]",
                        re.IGNORECASE)


@dataclass(frozen=True)
class Submission:
    """A checked submission. ``name`` and ``email`` are private: never published."""

    kind: str
    body: str
    name: str
    email: str
    consent_name: bool
    consent_photo: bool = False
    title: str = ""
    display_name: str = ""
    product: str = ""
    rating: int | None = None
    role: str = ""
    organisation: str = ""
    prompt: dt.date | None = None
    recommend: int | None = None   # 0-10 "how likely to recommend us" (private: never published)

    @property
    def public_name(self) -> str:
        """The name shown on the hub, or "" for anonymous."""
        return (self.display_name or self.name) if self.consent_name else ""

    @property
    def fingerprint(self) -> str:
        """A digest of the normalised text, equal for near-identical resubmissions
        (case, full-width forms and invisible characters do not count)."""
        words = re.findall(r"\w+", comparable(f"{self.title} {self.body}"))
        return hashlib.sha256(" ".join(words).encode()).hexdigest()[:16]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["prompt"] = self.prompt.isoformat() if self.prompt else None
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Submission:
        values = dict(data)
        values["prompt"] = dt.date.fromisoformat(values["prompt"]) if values.get("prompt") else None
        return cls(**values)


class _Collector:
    def __init__(self, source: str, lines: Mapping[str, int]):
        self.source, self.lines, self.problems = source, lines, []

    def add(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.source, self.lines.get(key, 1), key, message))


def check(raw: Mapping[str, Any], *, has_photo: bool = False, source: str = "submission",
          lines: Mapping[str, int] | None = None,
          limits: MarkdownLimits = MarkdownLimits()) -> tuple[Submission | None, list[Problem]]:
    """Check raw field values; return the submission (None if any problem) and all problems.

    ``raw`` maps field names to text (a rating may also be an int); ``has_photo``
    says a photo came with it (the photo itself is checked by chorus.photos).
    """
    found = _Collector(source, lines or {})
    values = _known_text_fields(raw, found)
    kind = values.get("kind", "").lower()
    if "kind" in values and kind not in (STORY, TESTIMONIAL):
        found.add("kind", f"'{values['kind'][:20]}' is not a kind; write story or testimonial")
    for key in REQUIRED:
        if not values.get(key, "").strip() and not any(p.field == key for p in found.problems):
            found.add(key, f"is required; add a '{key}' value")
    if kind == STORY and not values.get("title", "").strip():
        found.add("title", "a story needs a title; add one (at most 150 characters)")
    for key in (TESTIMONIAL_ONLY if kind == STORY else STORY_ONLY if kind == TESTIMONIAL else ()):
        if key in values:
            found.add(key, f"is only for a {TESTIMONIAL if kind == STORY else STORY}; remove it")
    parsed = _parse_values(values, kind, has_photo, found, limits)
    if found.problems:
        return None, sorted(found.problems)
    return Submission(kind=kind, **parsed), []


def _known_text_fields(raw: Mapping[str, Any], found: _Collector) -> dict[str, str]:
    values: dict[str, str] = {}
    for given, value in raw.items():
        key = str(given).strip().lower()
        if key in values:
            found.add(key, "given twice; keep one")
        elif key not in FIELDS:
            why = ("is a publishing setting the hub decides, not the sender"
                   if key in _OVERRIDES else "is not a submission field")
            found.add(key[:40], f"{why}; remove it. Fields: {', '.join(FIELDS)}")
        elif key == "photo":
            continue
        elif key in ("rating", "recommend") and isinstance(value, int) and not isinstance(value, bool):
            values[key] = str(value)
        elif not isinstance(value, str):
            found.add(key, f"must be text, not {type(value).__name__}")
        else:
            # Every channel's text gets the same normalisation before any rule runs.
            values[key] = normalise(value)
    return values


def _parse_values(values: dict[str, str], kind: str, has_photo: bool, found: _Collector,
                  limits: MarkdownLimits) -> dict[str, Any]:
    parsed: dict[str, Any] = {}
    for key, limit in SHORT_TEXT.items():
        if values.get(key, "").strip():
            problem = text_problem(values[key], max_chars=limit)
            if problem:
                found.add(key, problem)
            parsed[key] = values[key].strip()
    parsed["body"] = _body(values.get("body", ""), kind, found, limits)
    parsed["email"] = _email(values.get("email", ""), found)
    parsed["consent_name"] = _yes_no(values, "consent_name", found)
    parsed["consent_photo"] = _yes_no(values, "consent_photo", found) if "consent_photo" in values \
        else False
    if has_photo and "consent_photo" not in values:
        found.add("consent_photo", "a photo came with it; say yes or no to showing it")
    if values.get("rating", "").strip():
        rating = values["rating"].strip()
        if len(rating) == 1 and rating in "12345":
            parsed["rating"] = int(rating)
        else:
            found.add("rating", f"'{rating[:10]}' is not a rating; use one digit from 1 to 5")
    if values.get("recommend", "").strip():
        answer = values["recommend"].strip()
        if answer.isascii() and answer.isdigit() and 0 <= int(answer) <= 10:
            parsed["recommend"] = int(answer)
        else:
            found.add("recommend", f"'{answer[:10]}' is not an answer; use a whole number from 0 to 10")
    if values.get("prompt", "").strip():
        try:
            parsed["prompt"] = parse_day(values["prompt"].strip())
        except ValueError as err:
            found.add("prompt", f"{err}; give the prompt's day as YYYY-MM-DD")
    return parsed


def _body(body: str, kind: str, found: _Collector, limits: MarkdownLimits) -> str:
    if not body.strip():
        return ""
    problem = text_problem(body, max_chars=BODY_LIMITS.get(kind, BODY_LIMITS[STORY]),
                           multiline=True)
    if problem:
        found.add("body", f"the text {problem}")
        return ""
    for message in complexity_problems(body, limits):
        found.add("body", f"the text {message}")
    directive = _DIRECTIVE.search(body)
    if directive:
        found.add("body", f"'{directive.group(0)}' is a site-internal link directive; "
                          "link with a full https:// URL instead")
    return body.strip("\n")


def _email(value: str, found: _Collector) -> str:
    if not value.strip():
        return ""
    try:
        checked = validate_email(value.strip(), check_deliverability=False, strict=True,
                                 allow_quoted_local=False, allow_domain_literal=False,
                                 allow_display_name=False)
    except EmailNotValidError as err:
        found.add("email", f"is not a valid address ({err}); write it like name@example.com")
        return ""
    return checked.normalized


def _yes_no(values: dict[str, str], key: str, found: _Collector) -> bool:
    answer = values.get(key, "").strip().lower()
    if answer in ("yes", "no"):
        return answer == "yes"
    if answer:
        found.add(key, f"'{answer[:10]}' is not yes or no; write yes or no")
    return False
