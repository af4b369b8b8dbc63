"""Import CSV or JSON exports of form services through the same checks as every submission.

A mapping turns the export's column headers into submission fields; each
row's content is hashed into a store key, so importing the same export twice
stores nothing new.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chorus import jsondata, moderation
from chorus.desk import Desk
from chorus.problems import ChorusError
from chorus.progress import NO_PROGRESS, Progress
from chorus.submission import FIELDS
from chorus.text import comparable
from chorus_intake.config import IntakeSettings
from chorus_intake.statuslink import new_link, receipt_note
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
    links: dict[str, str] = field(default_factory=dict)               # receipt -> status link
    already: list[tuple[int, str]] = field(default_factory=list)      # (row, receipt)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # (row, field, message)
    ignored_columns: list[str] = field(default_factory=list)


def rows(path: Path, fmt: str) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    """(row number as a spreadsheet shows it, {header: value} or the RowError that row
    gave) for each record."""
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
        yield from _csv_rows(text)


class RowError(ValueError):
    """One row cannot be read; the message says why (the other rows still can)."""


@contextlib.contextmanager
def _fields_up_to(size: int) -> Iterator[None]:
    """Let csv read fields as long as the whole file: the submission checks then refuse
    an over-long field by name, instead of csv stopping the import at that row."""
    before = csv.field_size_limit()
    csv.field_size_limit(max(before, size))
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _csv_rows(text: str) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    """CSV records numbered as a spreadsheet shows them (row 1 holds the headers);
    a record csv cannot parse comes as a RowError and reading goes on after it."""
    with _fields_up_to(len(text) + 1):
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            headers = next(reader)
        except (StopIteration, csv.Error):
            return
        number = 1
        while True:
            number += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                yield number, RowError(f"cannot be read as CSV ({err})")
                continue
            row: dict[str, Any] = dict(zip(headers, cells))
            if len(cells) > len(headers):
                row["_extra"] = cells[len(headers):]
            yield number, row


def _json_rows(path: Path, text: str) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    try:
        data = jsondata.loads(text)
    except ValueError as err:
        raise ChorusError(f"{path} is not valid JSON ({err})") from None
    if isinstance(data, dict) and isinstance(data.get("responses", data.get("items")), list):
        data = data.get("responses", data.get("items"))
    if not isinstance(data, list):
        raise ChorusError(f"{path}: expected a list of objects (or {{\"responses\": [...]}})")
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            yield number, RowError("is not an object of field: value pairs")
        elif jsondata.repeated_keys(item):
            yield number, RowError(f"gives {', '.join(jsondata.repeated_keys(item))} twice; keep one")
        else:
            yield number, item


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
    """A stable digest of a row's content: the same answers give the same key, also
    when one copy differs only in case, full-width letters or invisible characters."""
    folded = {key: comparable(value) if isinstance(value, str) else value
              for key, value in values.items()}
    return digest("ingest", json.dumps(folded, sort_keys=True, ensure_ascii=False, default=str))


def legacy_row_key(values: dict[str, Any]) -> str:
    """The key imports made before ``row_key`` folded text: checked too, so re-importing
    an export imported by an earlier version stores nothing new."""
    return digest("ingest", json.dumps(values, sort_keys=True, ensure_ascii=False, default=str))


def ingest(desk: Desk, path: Path, fmt: str, mapping: str, now: Callable[[], dt.datetime],
           shown: Progress = NO_PROGRESS, *,
           status_base: str = IntakeSettings.public_url) -> Report:
    """Import every row of ``path``; rejected rows are reported, not stored; each row
    read advances the ``ingest`` stage of ``shown``. Each imported row gets a private
    status link under ``status_base`` (the service's public URL), in the report and in
    its receipt mail."""
    if mapping not in MAPPINGS:
        raise ChorusError(f"unknown mapping '{mapping}'; known: {', '.join(sorted(MAPPINGS))}")
    report, columns = Report(), set()
    if shown is not NO_PROGRESS:  # the rows are read twice only to say how many are left
        shown.start("ingest", f"Importing {path.name}", total=sum(1 for _ in rows(path, fmt)))
    for number, row in rows(path, fmt):
        shown.advance("ingest")
        if isinstance(row, RowError):
            report.rejected.append((number, "row", str(row)))
            continue
        values, unknown = map_row(row, MAPPINGS[mapping])
        columns.update(unknown)
        keys = [row_key(values), legacy_row_key(values)]
        earlier = next(filter(None, map(desk.store.receipt_for_key, keys)), None)
        if earlier:
            report.already.append((number, earlier))
            continue
        link = new_link()
        try:
            receipt = moderation.submit(desk, values, None, now=now(), source=f"{path.name} row {number}",
                                        keys=[keys[0], link.key],
                                        extra={"channel": "ingest", "file": path.name, "row": number},
                                        message=receipt_note(link.url(status_base)))
        except moderation.SubmissionError as err:
            report.rejected += [(number, p.field, p.message) for p in err.problems]
            continue
        report.imported.append((number, receipt))
        report.links[receipt] = link.url(status_base)
    report.ignored_columns = sorted(columns)
    return report
