"""A submission asked for field by field (``./hub submit`` without ``--file``).

Each answer is checked as soon as it is given, with the rules every submission
meets (chorus.submission.check, the photo check and the prompt-day rule), and the
field is asked again until it passes: a wrong answer never costs the others.
Input and output are callables, so the terminal task and the tests drive it alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chorus import moderation, photos
from chorus.desk import Desk
from chorus.submission import STORY, STORY_ONLY, TESTIMONIAL, TESTIMONIAL_ONLY, check

# The photo before its consent, so the consent is asked only when there is a photo.
ORDER = ("kind", "title", "body", "name", "display_name", "email", "consent_name", "photo",
         "consent_photo", "product", "rating", "role", "organisation", "prompt")
QUESTIONS = {
    "kind": "kind (story or testimonial)", "body": "text", "display_name": "name to show (optional)",
    "consent_name": "show your name with it? (yes or no)", "photo": "photo file (optional)",
    "consent_photo": "may we show the photo? (yes or no)", "product": "product (optional)",
    "rating": "rating 1-5 (optional)", "role": "role (optional)",
    "organisation": "organisation (optional)", "prompt": "prompt day YYYY-MM-DD (optional)",
}
END_OF_TEXT = "."

Ask = Callable[[str], str]          # shows a question, returns one line (EOFError at the end)
Say = Callable[[str], None]


def applies(key: str, values: dict[str, str]) -> bool:
    """Whether ``key`` is asked, given the answers so far (a story has no rating...)."""
    kind = values.get("kind", "").strip().lower()
    if key in STORY_ONLY:
        return kind != TESTIMONIAL
    if key in TESTIMONIAL_ONLY:
        return kind != STORY
    if key == "consent_photo":
        return "photo" in values
    return True


def problems_with(desk: Desk, values: dict[str, str], key: str, photo: bytes | None,
                  now: dt.datetime) -> list[str]:
    """What the submission rules say about ``key`` in ``values`` (answers not yet given are
    not held against it)."""
    if key == "photo":
        if photo is None:
            return []
        try:
            photos.process(photo, desk.options.photo_limits)
        except photos.PhotoError as err:
            return [str(err)]
        return []
    _sub, problems = check(values, has_photo=photo is not None)
    found = [p.message for p in problems if p.field == key]
    if key == "prompt" and not found:
        why = moderation.prompt_problem(desk, values, now)
        found += [why] if why else []
    return found


def _read_text(ask: Ask) -> str:
    lines = []
    while (line := ask("")) != END_OF_TEXT:
        lines.append(line)
    return "\n".join(lines)


def _read_photo(path: str) -> tuple[bytes | None, str]:
    try:
        return Path(path).expanduser().read_bytes(), ""
    except OSError as err:
        return None, f"cannot read '{path}' ({err.strerror})"


def ask_field(ask: Ask, say: Say, desk: Desk, values: dict[str, str], key: str,
              photo: bytes | None, now: dt.datetime) -> bytes | None:
    """Ask for ``key`` until the answer passes; store it in ``values``; return the photo."""
    while True:
        if key == "body":
            say(f"{QUESTIONS['body']} (end it with a line holding only '{END_OF_TEXT}'):")
            answer = _read_text(ask)
        else:
            answer = ask(f"{QUESTIONS.get(key, key)}: ").strip()
        values.pop(key, None)
        problem = ""
        if answer:
            values[key] = answer
        if key == "photo":
            photo, problem = _read_photo(answer) if answer else (None, "")
        found = [problem] if problem else problems_with(desk, values, key, photo, now)
        if not found:
            return photo
        for message in found:
            say(f"  {key}: {message}. Please answer again.")


def interview(ask: Ask, say: Say, desk: Desk, now: dt.datetime) -> tuple[dict[str, Any], bytes | None]:
    """Every field asked and checked in turn; returns the values and the photo."""
    say(f"New submission. Leave optional fields empty. End the text with a line holding only "
        f"'{END_OF_TEXT}'.")
    values: dict[str, str] = {}
    photo: bytes | None = None
    for key in ORDER:
        if applies(key, values):
            photo = ask_field(ask, say, desk, values, key, photo, now)
    return {k: v for k, v in values.items() if k != "photo"}, photo


def ask_again(ask: Ask, say: Say, desk: Desk, values: dict[str, Any], photo: bytes | None,
              problems: list, now: dt.datetime) -> bytes | None:
    """After the whole submission was refused (a rule across fields): ask again only for the
    fields named, keeping the rest."""
    for problem in problems:
        say(f"  {problem.field}: {problem.message}")
    for key in dict.fromkeys(p.field for p in problems):
        if key in ORDER:
            photo = ask_field(ask, say, desk, values, key, photo, now)
    values.pop("photo", None)
    return photo
