"""Submission rows and their history, as the record dicts the domain works with.

A record is ``{"id", "state", "kind", "version", "submitted_at", "submission",
"fingerprint", "has_photo", "flags", "history", ...}``; "versions", "intake",
"published" and "erased_at" appear when set. Every function takes a connection
inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from chorus.problems import ChorusError
from chorus.store import search
from chorus.store.engine import StoreError
from chorus.store.tables import history, photos, submissions

ID_PATTERN = re.compile(r"^\d{8}-[0-9a-f]{8}$")
LIGHT = [c for c in submissions.c if c.name not in ("search_text",)]
# A moderator's answer to a submission; the first one is kept on the row for the insights.
DECISIONS = ("approve", "reject", "request-changes")


class ConflictError(ChorusError):
    """Someone else changed the submission first (compare-and-set lost)."""


def utc(stamp: dt.datetime | str) -> str:
    """A time as sortable UTC text, ``YYYY-MM-DDTHH:MM:SS``."""
    when = dt.datetime.fromisoformat(stamp) if isinstance(stamp, str) else stamp
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def checked_id(receipt: str) -> str:
    if not ID_PATTERN.match(receipt or ""):
        raise StoreError(f"'{str(receipt)[:40]}' is not a receipt id; ids look like 20261122-3f9a1c2b")
    return receipt


def search_text(fields: dict[str, Any]) -> str:
    return "\n".join(str(fields.get(key) or "") for key in ("title", "body")).strip()


def _columns(record: dict[str, Any], now: str) -> dict[str, Any]:
    fields = record["submission"]
    return {"state": record["state"], "kind": record["kind"], "fields": fields,
            "versions": record.get("versions", []), "fingerprint": record["fingerprint"],
            "flags": record.get("flags", []), "has_photo": bool(record.get("has_photo")),
            "published": record.get("published"), "intake": record.get("intake"),
            "email_key": str(fields.get("email") or "").casefold(),
            "prompt": str(fields.get("prompt") or ""), "search_text": search_text(fields),
            "channel": channel_of(record), "rating": score_of(fields, "rating"),
            "recommend": score_of(fields, "recommend"), "updated_utc": now}


def channel_of(record: dict[str, Any]) -> str:
    """How it came in: "form", "ingest", or "" (the command line or an import)."""
    return str((record.get("intake") or {}).get("channel") or "")[:20]


def score_of(fields: dict[str, Any], key: str) -> int | None:
    """A whole-number answer (the rating, the 0-10 recommendation), or None."""
    score = fields.get(key)
    return score if isinstance(score, int) and not isinstance(score, bool) else None


def insert_record(conn: Connection, record: dict[str, Any], photo: bytes | None) -> None:
    """Add a new submission with its history and photo (one transaction: the caller's)."""
    now = utc(record["history"][-1]["at"]) if record.get("history") else utc(record["submitted_at"])
    final = now if record["state"] in ("rejected", "withdrawn") else None
    conn.execute(insert(submissions).values(
        id=checked_id(record["id"]), version=1, submitted_at=record["submitted_at"],
        submitted_utc=utc(record["submitted_at"]), final_utc=final,
        erased_utc=utc(record["erased_at"]) if record.get("erased_at") else None,
        **_columns(record, now)))
    for seq, entry in enumerate(record.get("history", []), start=1):
        append_history(conn, record["id"], entry, seq)
    if photo is not None:
        conn.execute(insert(photos).values(submission_id=record["id"], data=photo))
    search.index(conn, record["id"], search_text(record["submission"]))


def save(conn: Connection, record: dict[str, Any], expected: str, now: dt.datetime) -> None:
    """Write ``record`` back if it is still at its version and in state ``expected``;
    else ConflictError naming who changed it first. Bumps record["version"]."""
    stamp = utc(now)
    values = _columns(record, stamp)
    if record["state"] in ("rejected", "withdrawn") and expected != record["state"]:
        values["final_utc"] = stamp
    done = conn.execute(update(submissions).where(
        submissions.c.id == record["id"], submissions.c.version == record["version"],
        submissions.c.state == expected).values(version=record["version"] + 1, **values))
    if done.rowcount != 1:
        raise ConflictError(conflict_message(conn, record["id"]))
    record["version"] += 1
    search.reindex(conn, record["id"], values["search_text"])


def last_change(conn: Connection, receipt: str) -> tuple[Any, str] | None:
    """The last history line of ``receipt`` and its state in words ("changes requested")."""
    last = conn.execute(select(history).where(history.c.submission_id == receipt)
                        .order_by(history.c.seq.desc()).limit(1)).mappings().first()
    return None if last is None else (last, str(last["to_state"]).replace("_", " "))


def conflict_message(conn: Connection, receipt: str) -> str:
    found = last_change(conn, receipt)
    if found is None:
        return f"submission {receipt} changed meanwhile; nothing was changed, look again"
    last, state = found
    return (f"submission {receipt} was already decided by {last['by']} at {last['at']} "
            f"({last['action']}, now {state}); nothing was changed")


def append_history(conn: Connection, receipt: str, entry: dict[str, Any],
                   seq: int | None = None) -> None:
    if seq is None:
        seq = conn.execute(select(func.coalesce(func.max(history.c.seq), 0))
                           .where(history.c.submission_id == receipt)).scalar_one() + 1
    conn.execute(insert(history).values(
        submission_id=receipt, seq=seq, action=entry["action"], by=entry["by"], at=entry["at"],
        from_state=entry.get("from"), to_state=entry["to"], why=entry.get("why") or ""))
    if entry["action"] in DECISIONS:
        conn.execute(update(submissions).where(
            submissions.c.id == receipt, submissions.c.decided_utc.is_(None)).values(
            decision=entry["action"], decided_utc=utc(entry["at"])))


def history_of(conn: Connection, receipt: str) -> list[dict[str, Any]]:
    rows = conn.execute(select(history).where(history.c.submission_id == receipt)
                        .order_by(history.c.seq)).mappings()
    return [entry_of(row) for row in rows]


def entry_of(row: Any) -> dict[str, Any]:
    return {"action": row["action"], "by": row["by"], "at": row["at"], "from": row["from_state"],
            "to": row["to_state"], "why": row["why"]}


def from_row(row: Any, entries: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    record = {"id": row["id"], "state": row["state"], "kind": row["kind"],
              "version": row["version"], "submitted_at": row["submitted_at"],
              "submission": dict(row["fields"]), "fingerprint": row["fingerprint"],
              "has_photo": bool(row["has_photo"]), "flags": list(row["flags"] or [])}
    for key in ("versions", "intake", "published"):
        if row[key]:
            record[key] = row[key]
    if row["erased_utc"]:
        record["erased_at"] = row["erased_utc"] + "+00:00"
    if entries is not None:
        record["history"] = entries
    return record


def load(conn: Connection, receipt: str) -> dict[str, Any]:
    row = conn.execute(select(*LIGHT).where(submissions.c.id == checked_id(receipt))) \
        .mappings().first()
    if row is None:
        raise StoreError(f"no submission {receipt} in the store")
    return from_row(row, history_of(conn, receipt))


def exists(conn: Connection, receipt: str) -> bool:
    return conn.execute(select(submissions.c.id).where(submissions.c.id == receipt)).first() is not None


def photo(conn: Connection, receipt: str) -> bytes | None:
    return conn.execute(select(photos.c.data).where(photos.c.submission_id == receipt)).scalar()


def set_photo(conn: Connection, receipt: str, data: bytes | None) -> None:
    conn.execute(delete(photos).where(photos.c.submission_id == receipt))
    if data is not None:
        conn.execute(insert(photos).values(submission_id=receipt, data=data))


def new_id(day: str) -> str:
    """A receipt id: the UTC day (YYYYMMDD) and 8 random hex digits; unguessable."""
    return f"{day}-{secrets.token_hex(4)}"
