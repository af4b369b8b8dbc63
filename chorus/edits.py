"""A moderator's light edits of a submission (title, text) before deciding, diff kept in the history."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from chorus.desk import Desk
from chorus.flags import text_flags
from chorus.moderation import SubmissionError, State
from chorus.problems import ChorusError
from chorus.store import records
from chorus.store.versions import require_version
from chorus.submission import check
from chorus.text import normalise

EDITABLE_STATES = (State.PENDING.value, State.CHANGES_REQUESTED.value)
MAX_DIFF = 6000


def diff(before: dict[str, Any], after: dict[str, Any]) -> str:
    """A unified diff of the title and text, as the history keeps it."""
    lines = []
    for key in ("title", "body"):
        old, new = str(before.get(key) or ""), str(after.get(key) or "")
        if old != new:
            lines += difflib.unified_diff(old.split("\n"), new.split("\n"), key, key, n=1,
                                          lineterm="")
    text = "\n".join(lines)
    return text if len(text) <= MAX_DIFF else text[:MAX_DIFF] + "\n… (diff cut)"


def _values(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: ("yes" if v else "no") if isinstance(v, bool) else str(v)
            for k, v in fields.items() if v not in (None, "")}


def edit(desk: Desk, receipt: str, *, moderator: str, now: dt.datetime, version: int | None,
         title: str | None = None, body: str | None = None) -> dict[str, Any]:
    """Change the title and/or text of a live submission (re-checked by the submission
    rules); an "edit" line with the diff joins the history. Returns the record; unchanged
    text changes nothing."""
    with desk.store.write() as conn:
        record = records.load(conn, receipt)
        require_version(conn, record, version)
        if record["state"] not in EDITABLE_STATES or record.get("erased_at"):
            raise ChorusError(f"a {record['state'].replace('_', ' ')} submission cannot be edited")
        values = _values(record["submission"])
        for key, given in (("title", title), ("body", body)):
            if given is not None:
                values[key] = normalise(given).strip()
        sub, problems = check(values, has_photo=record.get("has_photo", False))
        if problems:
            raise SubmissionError(problems)
        changes = diff(record["submission"], sub.to_json())
        if not changes:
            return record
        state = record["state"]
        record.update(submission=sub.to_json(), fingerprint=sub.fingerprint, flags=text_flags(sub))
        records.save(conn, record, state, now)
        entry = {"action": "edit", "by": moderator, "at": now.isoformat(timespec="seconds"),
                 "from": state, "to": state, "why": changes}
        records.append_history(conn, receipt, entry)
        record["history"].append(entry)
    return record
