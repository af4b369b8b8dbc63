"""The submission form: its fields in plain words, reading a POST, errors per field.

Validation itself is the domain's (chorus.submission.check via
chorus.moderation.submit); this module only turns form data into the values
the domain takes and the domain's problems back into messages by field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from chorus.clock import parse_day
from chorus.problems import Problem
from chorus.submission import FIELDS

TOKEN_FIELD, HONEYPOT_FIELD = "form_token", "website"
MAX_PHOTO_READ = 16_000_000


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    hint: str = ""


LABELS: dict[str, Field] = {f.name: f for f in (
    Field("kind", "What are you sending?"),
    Field("title", "Title of your story", "Short and plain is fine. At most 150 characters."),
    Field("body", "Your story or quote", "A story: write it the way you would tell a friend; simple "
          "Markdown works. A quote: one to three sentences, at most 300 characters. Please leave out "
          "email addresses, phone numbers and home addresses."),
    Field("name", "Your name", "For us, so we know who wrote it. Shown only if you say so below."),
    Field("display_name", "Name to show (optional)",
          "If you would rather be shown as, say, first name and initial: “Pat Q.”"),
    Field("email", "Your email address", "Only for our reply and your receipt. Never published "
          "or shared."),
    Field("consent_name", "Show your name with it?"),
    Field("photo", "A photo (optional)", "A JPEG, PNG or WebP photo you took, up to 8 MB. We remove "
          "its location and camera data before anyone sees it."),
    Field("consent_photo", "May we show the photo?"),
    Field("product", "Product (optional)", "The product it is about, if any."),
    Field("rating", "Rating (optional)", "For a quote about a product: from 1 (poor) to 5 (excellent)."),
    Field("role", "Your role (optional)", "For a quote, e.g. “Coach” or “Trail runner”."),
    Field("organisation", "Club or organisation (optional)", "For a quote, if you want it shown."),
    Field("recommend", "How likely are you to recommend us to a friend? (optional)",
          "From 0 (not at all likely) to 10 (extremely likely). Only for us: never published."),
    Field("prompt", "Prompt you are answering (optional)",
          "The day of the prompt, like 2026-11-22. Leave empty if you are not answering one."),
)}
GENERAL = "_form"
CHOICES = frozenset({"kind", "consent_name", "consent_photo", "rating", "recommend"})
RECOMMEND_CHOICES = (("", "No answer"), *((str(n), str(n)) for n in range(11)))


@dataclass
class Posted:
    """What a POST carried: field values (as typed), the photo, and the form's own controls."""

    values: dict[str, str] = field(default_factory=dict)
    photo: bytes | None = None
    photo_name: str = ""
    token: str = ""
    honeypot: str = ""


async def read(form) -> Posted:
    """The known fields of Starlette form data; unknown names are ignored, empties dropped."""
    posted = Posted(token=_text(form.get(TOKEN_FIELD)), honeypot=_text(form.get(HONEYPOT_FIELD)))
    for name in FIELDS:
        if name == "photo":
            continue
        value = form.get(name)
        if isinstance(value, str) and value.strip():
            posted.values[name] = value
    upload = form.get("photo")
    if upload is not None and not isinstance(upload, str) and upload.filename:
        data = await upload.read(MAX_PHOTO_READ)
        if data:
            posted.photo, posted.photo_name = data, upload.filename[:100]
    return posted


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def errors_by_field(problems: list[Problem]) -> dict[str, list[str]]:
    """The domain's problems as messages per form field (GENERAL for the rest)."""
    found: dict[str, list[str]] = {}
    for problem in problems:
        name = problem.field if problem.field in LABELS else GENERAL
        found.setdefault(name, []).append(_sentence(problem.field, problem.message))
    return found


def _sentence(name: str, message: str) -> str:
    label = LABELS[name].label.removesuffix(" (optional)").rstrip("?") if name in LABELS else name
    if message.startswith("is required"):
        verb = "answer" if name in CHOICES else "fill in"
        return f"Please {verb} “{label}”."
    text = message[0].upper() + message[1:] if message[:1].islower() else message
    if message.startswith(("is ", "must ", "given ")):
        text = f"{label} {message}"
    return text.rstrip(".") + "."


def prompt_from_query(value: str | None) -> str:
    """A ``?prompt=YYYY-MM-DD`` preselection, or "" when absent or not a real day."""
    try:
        return parse_day(value).isoformat() if value else ""
    except ValueError:
        return ""


def initial_values(query: Mapping[str, str]) -> dict[str, str]:
    """Defaults for a fresh form (kind from ?kind=, prompt from ?prompt=)."""
    values = {"kind": "story"}
    if query.get("kind") in ("story", "testimonial"):
        values["kind"] = query["kind"]
    prompt = prompt_from_query(query.get("prompt"))
    if prompt:
        values["prompt"] = prompt
    return values
