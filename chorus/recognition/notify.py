"""Tell advocates by mail when they earn a badge or an award.

Builds are deterministic and never touch the store, so the build only writes what it
shows: ``recognition/earned.json`` in the output (every visible badge: advocate slug, badge
id, name, day; public data, the same as the pages show). The publisher reads that file from
the live output before a build and from the new output after a successful one; what is new
becomes a message in the store's outbox, sent to the addresses the private map holds for
that advocate's slug. A first build (no earlier file) mails nobody: badges earned before
mail existed are not news.
"""

from __future__ import annotations

import datetime as dt
import logging
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from chorus import outbox
from chorus.recognition.earned import EARNED_FILE, Earning, earned_json, new_earnings, read_earned
from chorus.store import outbox as stored
from chorus.store.records import utc
from chorus.store.tables import advocates

__all__ = ["EARNED_FILE", "Earning", "earned_json", "new_earnings", "notify_after_build", "queue_mail",
           "read_earned"]
logger = logging.getLogger(__name__)


def queue_mail(conn: Connection, found: list[Earning], *, sender: str, site_name: str, site_url: str,
               now: dt.datetime) -> int:
    """A message per new badge to every address mapped to its advocate; returns how many."""
    emails: dict[str, list[str]] = {}
    slugs = sorted({row.advocate for row in found})
    if slugs:
        for email, slug in conn.execute(select(advocates.c.email_key, advocates.c.slug)
                                        .where(advocates.c.slug.in_(slugs))):
            emails.setdefault(slug, []).append(email)
    count = 0
    for row in found:
        for email in sorted(emails.get(row.advocate, [])):
            data = _message(row, email, sender, site_name, site_url, now)
            stamp = now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
            stored.add(conn, f"{stamp}-{row.advocate}-{row.badge}-badge.eml", None, email, data, utc(now))
            count += 1
    return count


def _message(row: Earning, email: str, sender: str, site_name: str, site_url: str,
             now: dt.datetime) -> bytes:
    base = site_url.rstrip("/")
    profile = f"{base}/advocates/{row.advocate}/"
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email
    message["Subject"] = f"You earned a badge: {_one_line(row.name)}"
    outbox.dated(message, now, f"{row.advocate}.{row.badge}", site_url, sender)
    hello = f"Hello {_one_line(row.advocate_name)}," if row.advocate_name else "Hello,"
    message.set_content("\n".join([
        hello, "",
        f"You earned “{_one_line(row.name)}” on {site_name} ({row.day}).",
        f"See it on your page: {profile}#badge-{row.badge}", "",
        f"Share it: {profile}",
        "(the link shows a card with your badges)", "",
        "To hide your badges, open the status page of any of your pieces (the link in its",
        "receipt email) and tick \"Hide my badges and awards\".",
        "", f"The {site_name} team", ""]))
    return bytes(message)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def notify_after_build(desk: Any, before: set[Earning] | None, output: Path, now: dt.datetime) -> int:
    """Queue mail for the badges ``output`` shows that ``before`` did not; returns how many."""
    found = new_earnings(before, read_earned(output))
    if not found:
        return 0
    with desk.store.write() as conn:
        count = queue_mail(conn, found, sender=desk.options.sender, site_name=desk.site_name,
                           site_url=desk.site_url, now=now)
    logger.info("Chorus badges: %d new badge(s), %d message(s) queued", len(found), count)
    return count
