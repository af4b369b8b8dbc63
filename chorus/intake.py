"""Read a submission from a file: ``Key: value`` headers then the body, or JSON.

A ``photo`` value names an image file next to the submission file (no
absolute paths, no ``..``); it is read as bytes for chorus.photos to check.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from chorus import headers, jsondata
from chorus.moderation import SubmissionError
from chorus.problems import Problem

MAX_FILE_BYTES = 200_000


def read_file(path: str | Path) -> tuple[dict[str, Any], bytes | None, dict[str, int]]:
    """Field values, photo bytes (or None) and each field's line number."""
    source = Path(path)
    name = str(source)
    try:
        raw = source.read_bytes()
    except OSError as err:
        raise SubmissionError([Problem(name, 1, "file", f"cannot be read ({err.strerror})")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise SubmissionError([Problem(name, 1, "file", f"is {len(raw):,} bytes; "
                                                        f"a submission is at most {MAX_FILE_BYTES:,}")])
    text, problems = headers.decode(name, raw)
    if text is None:
        raise SubmissionError(problems)
    if source.suffix.lower() == ".json":
        values, lines = _json(name, text), {}
    else:
        doc, problems = headers.parse(name, text)
        if problems:
            raise SubmissionError(problems)
        values = {key: found.value for key, found in doc.fields.items()}
        lines = {key: found.line for key, found in doc.fields.items()}
        if doc.body.strip():
            values["body"], lines["body"] = doc.body, doc.body_line
    photo = _photo(source, values.get("photo"), lines.get("photo", 1))
    return values, photo, lines


def _json(name: str, text: str) -> dict[str, Any]:
    try:
        data = jsondata.loads(text)
    except ValueError as err:
        raise SubmissionError([Problem(name, getattr(err, "lineno", 1), "json",
                                       f"is not valid JSON ({err})")]) from None
    if not isinstance(data, dict):
        raise SubmissionError([Problem(name, 1, "json", "must be one object of field: value pairs")])
    if jsondata.repeated_keys(data):
        raise SubmissionError([Problem(name, 1, str(key)[:40], "given twice; keep one")
                               for key in jsondata.repeated_keys(data)])
    return data


MAX_PHOTO_NAME = 200


def _photo(source: Path, value: Any, line: int) -> bytes | None:
    if value in (None, ""):
        return None
    refuse = lambda message: SubmissionError([Problem(str(source), line, "photo", message)])  # noqa: E731
    if not isinstance(value, str) or len(value) > MAX_PHOTO_NAME:
        raise refuse(f"must name an image file next to the submission in at most {MAX_PHOTO_NAME} "
                     "characters, e.g. me.jpg")
    relative = PurePosixPath(value)
    if relative.is_absolute() or ".." in relative.parts or "\\" in value or "\x00" in value:
        raise refuse("must name an image file next to the submission, e.g. me.jpg")
    try:
        return (source.parent / relative).read_bytes()
    except OSError as err:
        raise refuse(f"'{value[:60]}' cannot be read next to the submission file "
                     f"({err.strerror or err}); check the name") from None
