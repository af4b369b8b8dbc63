"""Privacy as a feature of the store: erase one submission, purge by retention, export a person."""

from __future__ import annotations

import base64
import datetime as dt
import logging
from typing import Any

from sqlalchemy import select

from chorus import moderation
from chorus.desk import Desk
from chorus.store import advocates, records, retention
from chorus.store import outbox as stored_outbox
from chorus.store.tables import invitations, submissions

log = logging.getLogger(__name__)


def erase(desk: Desk, receipt: str, *, by: str, now: dt.datetime,
          why: str = "personal data erased on request") -> bool:
    """Erase a submission's personal data now; a live one is withdrawn first (a published
    piece leaves content/). False if it was erased already."""
    record = desk.store.load(receipt)
    if record["state"] not in retention.FINAL:
        moderation.withdraw(desk, receipt, moderator=by, now=now,
                            reason="Withdrawn because its personal data was erased.")
    with desk.store.write() as conn:
        erased = retention.erase(conn, receipt, by, now, why)
    if erased:
        log.info("store: erased the personal data of %s", receipt)
    return erased


def purge(desk: Desk, now: dt.datetime, days: int | None = None) -> list[str]:
    """Erase personal data ``days`` (default: CHORUS_STORE["retention_days"]) after a final
    rejection or withdrawal; returns the receipts erased. 0 days in the setting: keep."""
    days = desk.store.settings.retention_days if days is None else days
    if days <= 0:
        return []
    with desk.store.read() as conn:
        found = retention.due(conn, days, now)
    erased = []
    for receipt in found:
        with desk.store.write() as conn:
            if retention.erase(conn, receipt, f"retention ({days} days)", now,
                               f"personal data erased {days} days after the final decision"):
                erased.append(receipt)
    if erased:
        log.info("store: retention erased the personal data of %s submission(s)", len(erased))
    return erased


def export_advocate(desk: Desk, email: str, now: dt.datetime) -> dict[str, Any]:
    """Everything the store holds about the person with ``email``, as JSON-ready data."""
    key = email.strip().casefold()
    with desk.store.read() as conn:
        ids = list(conn.execute(select(submissions.c.id).where(submissions.c.email_key == key)
                                .order_by(submissions.c.submitted_utc)).scalars())
        found = []
        for receipt in ids:
            record = records.load(conn, receipt)
            record.pop("version", None)
            picture = records.photo(conn, receipt)
            record["photo_jpeg_base64"] = base64.b64encode(picture).decode() if picture else None
            found.append(record)
        messages = [{"name": m.name, "message": m.data.decode("utf-8", "replace")}
                    for m in stored_outbox.pending(conn) if m.recipient.casefold() == key]
        slug = advocates.slug_for(conn, key)
        invited = conn.execute(select(invitations.c.by, invitations.c.created_utc)
                               .where(invitations.c.email_key == key)).first()
    return {"email": email.strip(), "exported_at": now.isoformat(timespec="seconds"),
            "advocate_slug": slug, "submissions": found, "unsent_messages": messages,
            "invited_to_tell_a_story": {"by": invited.by, "at_utc": invited.created_utc}
            if invited else None,
            "states": sorted({r["state"] for r in found})}
