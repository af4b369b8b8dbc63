"""Import CSV or JSON exports of form services through the same checks as every submission.

A mapping turns the export's column headers into submission fields; each
row's content is hashed into a store key, so importing the same export twice
stores nothing new.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chorus import moderation
from chorus.desk import Desk
from chorus.problems import ChorusError
from chorus.submission import FIELDS
from chorus_intake.tokens import digest

MAX_FILE_BYTES = 50_000_000
IGNORED = "-"
# Header (case-insensitive) -> field. "-" marks columns known to carry nothing to import.
MAPPINGS: dict[str, dict[str, str]] = {
    "generic": {name: name for name in FIELDS if name != "photo"},
    "google-forms": {
        "timestamp": IGNORED, "email address": "email",
        "what are you sending?": "kind", "title": "title", "title of your story": "title",
        "your story or quote": "body", "your name": "name", "name to show": "display_name",
        "show your name with it?": "consent_name", "may we show the photo?": "consent_photo",
        "product": "product", "rating": "rating", "your role": "role",
        "club or organisation": "organisation", "prompt you are answering": "prompt",
        "photo": IGNORED, "upload a photo": IGNORED,
    },
}
_YES_NO = ("consent_name", "consent_photo")


@dataclass
class Report:
    imported: list[tuple[int, str]] = field(default_factory=list)     # (row, receipt)
    already: list[tuple[int, str]] = field(default_factory=list)      # (row, receipt)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # (row, field, message)
    ignored_columns: list[str] = field(default_factory=list)


def rows(path: Path, fmt: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number as a spreadsheet shows it, {header: value}) for each record."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise ChorusError(f"{path} is {len(raw):,} bytes; split it into files of at most {MAX_FILE_BYTES:,}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ChorusError(f"{path} is not UTF-8 text (byte {err.start}); export it as UTF-8") from None
    if fmt == "json":
        yield from _json_rows(path, text)
    else:
        reader = csv.DictReader(io.StringIO(text, newline=""), restkey="_extra")
        for number, row in enumerate(reader, start=2):      # row 1 holds the headers
            yield number, row


def _json_rows(path: Path, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        data = json.loads(text)
    except ValueError as err:
        raise ChorusError(f"{path} is not valid JSON ({err})") from None
    if isinstance(data, dict) and isinstance(data.get("responses", data.get("items")), list):
        data = data.get("responses", data.get("items"))
    if not isinstance(data, list):
        raise ChorusError(f"{path}: expected a list of objects (or {{\"responses\": [...]}})")
    for number, item in enumerate(data, start=1):
        yield number, item if isinstance(item, dict) else {"_not_an_object": item}


def map_row(row: dict[str, Any], mapping: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """Field values from one row, and the headers the mapping does not know."""
    values: dict[str, Any] = {}
    unknown = []
    for header, value in row.items():
        key = mapping.get(str(header).strip().lower())
        if key is None:
            unknown.append(str(header))
        elif key != IGNORED and value not in (None, "") and not (isinstance(value, str)
                                                                 and not value.strip()):
            values[key] = _yes_no(value) if key in _YES_NO else value
    return values, unknown


def _yes_no(value: Any) -> Any:
    """Form services export answers like "Yes, show my name": keep the yes or no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    word = str(value).strip().lower().split(",")[0].split(":")[0].split()
    return word[0] if word and word[0] in ("yes", "no") else value


def row_key(values: dict[str, Any]) -> str:
    """A stable digest of a row's content: the same answers give the same key."""
    return digest("ingest", json.dumps(values, sort_keys=True, ensure_ascii=False, default=str))


def ingest(desk: Desk, path: Path, fmt: str, mapping: str, now: Callable[[], dt.datetime]) -> Report:
    """Import every row of ``path``; rejected rows are reported, not stored."""
    if mapping not in MAPPINGS:
        raise ChorusError(f"unknown mapping '{mapping}'; known: {', '.join(sorted(MAPPINGS))}")
    report, columns = Report(), set()
    for number, row in rows(path, fmt):
        values, unknown = map_row(row, MAPPINGS[mapping])
        columns.update(unknown)
        key = row_key(values)
        earlier = desk.store.receipt_for_key(key)
        if earlier:
            report.already.append((number, earlier))
            continue
        try:
            receipt = moderation.submit(desk, values, None, now=now(), source=f"{path.name} row {number}",
                                        keys=[key], extra={"channel": "ingest", "file": path.name,
                                                           "row": number})
        except moderation.SubmissionError as err:
            report.rejected += [(number, p.field, p.message) for p in err.problems]
            continue
        report.imported.append((number, receipt))
    report.ignored_columns = sorted(columns)
    return report
