"""Erasing personal data from one submission, and finding those due for it.

What goes: the advocate's name, display name, email, title, text, role and
organisation (in every version), the photo, the channel data, the status-link
and idempotency keys, unsent messages, the advocate's own withdrawal reason,
and the private map entry once no other submission of theirs is left. What
stays: id, kind, state, dates, the moderators' history lines and one
"erase" line saying who erased it and when.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, delete, select, update

from chorus.store import advocates, outbox, records, search
from chorus.store.tables import history, invitations, keys, photos, submissions

PERSONAL = ("name", "display_name", "email", "title", "body", "role", "organisation")
FINAL = ("rejected", "withdrawn")


def erase(conn: Connection, receipt: str, by: str, now: dt.datetime, why: str) -> bool:
    """Erase the personal data of a final (rejected or withdrawn) submission; False if
    it was erased already. Call inside a write transaction."""
    record = records.load(conn, receipt)
    if record.get("erased_at"):
        return False
    if record["state"] not in FINAL:
        raise records.StoreError(f"submission {receipt} is {record['state']}; withdraw or "
                                 "reject it before erasing")
    blank = dict.fromkeys(PERSONAL, "")
    email = str(record["submission"].get("email") or "")
    done = conn.execute(update(submissions).where(
        submissions.c.id == receipt, submissions.c.version == record["version"]).values(
        fields={**record["submission"], **blank}, versions=[], intake=None, published=None,
        email_key="", search_text="", has_photo=False, erased_utc=records.utc(now),
        updated_utc=records.utc(now), version=record["version"] + 1))
    if done.rowcount != 1:
        raise records.ConflictError(records.conflict_message(conn, receipt))
    for table in (photos, keys):
        conn.execute(delete(table).where(table.c.submission_id == receipt))
    outbox.forget_submission(conn, receipt)
    search.unindex(conn, receipt)
    conn.execute(update(history).where(history.c.submission_id == receipt,
                                       history.c.by.like("advocate%")).values(why=""))
    records.append_history(conn, receipt, {
        "action": "erase", "by": by, "at": now.isoformat(timespec="seconds"),
        "from": record["state"], "to": record["state"], "why": why})
    if email and not _still_known(conn, email):
        advocates.forget_email(conn, email)
        conn.execute(delete(invitations).where(invitations.c.email_key == email.casefold()))
    return True


def _still_known(conn: Connection, email: str) -> bool:
    return conn.execute(select(submissions.c.id).where(
        submissions.c.email_key == email.casefold()).limit(1)).first() is not None


def due(conn: Connection, days: int, now: dt.datetime) -> list[str]:
    """Final submissions whose personal data is older than ``days`` days past the decision."""
    cutoff = records.utc(now - dt.timedelta(days=days))
    return list(conn.execute(select(submissions.c.id).where(
        submissions.c.state.in_(FINAL), submissions.c.erased_utc.is_(None),
        submissions.c.final_utc < cutoff).order_by(submissions.c.final_utc)).scalars())
