"""The moderation queue as CSV that is safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io

from chorus import review
from chorus.desk import Desk

COLUMNS = ("id", "state", "kind", "submitted_at", "age", "title", "flags")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: object) -> str:
    """Text a spreadsheet shows as text: a leading = + - @ tab or CR gets an apostrophe.

    Spreadsheets run cells starting with those as formulas (CSV injection);
    the apostrophe is the convention that makes them plain text.
    """
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def queue_csv(desk: Desk, now: dt.datetime, state: str | None = "pending") -> str:
    """The queue (no emails or names) as CSV text, every cell neutralised."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in review.queue(desk, now, state):
        row = item.to_json()
        row["flags"] = "; ".join(row["flags"])
        writer.writerow([safe_cell(row[column]) for column in COLUMNS])
    return out.getvalue()
