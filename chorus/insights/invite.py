"""Invite a promoter to tell their story: one outbox mail with a link to the form, once per
advocate, recorded with who sent it and when (in the same transaction)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from chorus import outbox
from chorus.desk import Desk
from chorus.problems import ChorusError
from chorus.store import records
from chorus.store.tables import invitations


def invite(desk: Desk, receipt: str, *, by: str, now: dt.datetime, form_url: str) -> str:
    """Queue the invitation to the advocate who sent ``receipt``; returns the message's name.
    Refused (nothing queued) when their data was erased or they were invited already."""
    with desk.store.write() as conn:
        record = records.load(conn, receipt)
        email = str(record["submission"].get("email") or "")
        if record.get("erased_at") or not email:
            raise ChorusError(f"submission {receipt} has no email any more (erased); nobody to invite")
        key = email.casefold()
        earlier = conn.execute(select(invitations.c.by, invitations.c.created_utc)
                               .where(invitations.c.email_key == key)).first()
        if earlier:
            raise ChorusError(f"the advocate of {receipt} was invited already, by {earlier.by} "
                              f"at {earlier.created_utc} UTC; nothing was sent")
        conn.execute(insert(invitations).values(email_key=key, submission_id=receipt, by=by,
                                                created_utc=records.utc(now)))
        return outbox.write(desk, conn, record, "invite", form_url, now)


def invite_once(desk: Desk, receipt: str, *, by: str, now: dt.datetime, form_url: str) -> str:
    """``invite``; two moderators at once: the second is told, never a database error."""
    try:
        return invite(desk, receipt, by=by, now=now, form_url=form_url)
    except IntegrityError:
        raise ChorusError(f"the advocate of {receipt} was invited by someone else just now; "
                          "nothing was sent") from None


def invited(desk: Desk) -> int:
    """How many advocates were invited so far."""
    with desk.store.read() as conn:
        return conn.execute(select(func.count()).select_from(invitations)).scalar_one()
