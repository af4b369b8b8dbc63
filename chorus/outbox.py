"""Ready-to-send messages to advocates, kept in the store's outbox table.

Each message is written in the same transaction as the decision it reports, so
a decision never goes unannounced and no message announces a decision that was
rolled back. Chorus never sends mail from a build or a task; the intake
service's mail loop or `./hub intake.send-mail` sends them and deletes them.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy import Connection

from chorus.store import outbox as stored
from chorus.store.records import utc

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from chorus.desk import Desk

_SUBJECTS = {
    "submit": "We received your {kind}",
    "approve": "Your {kind} is approved",
    "reject": "About your {kind}",
    "request-changes": "A few changes to your {kind}, please",
    "withdraw": "Your {kind} has been withdrawn",
    "invite": "Would you tell us your story?",
}


def _link(desk: Desk, record: dict[str, Any]) -> str:
    url = record.get("published", {}).get("url", "")
    if not desk.site_url:
        log.warning("outbox: no CHORUS_SITEURL: the mail for %s links to /%s without the site's "
                    "address; set CHORUS_SITEURL (docs/configuration.md)", record["id"], url)
        return f"/{url}"
    return f"{desk.site_url.rstrip('/')}/{url}"


def mail_domain(site_url: str, sender: str) -> str:
    """The hub's domain for Message-IDs: the public site's host, else the sender's domain."""
    host = urlsplit(site_url).hostname if site_url else ""
    if not host:
        _name, address = parseaddr(sender)
        host = address.rpartition("@")[2]
    return (host or "localhost").encode("idna").decode("ascii")


def message_id(local: str, site_url: str, sender: str) -> str:
    """A unique Message-ID: ``local`` (a receipt id, a badge), a random part and the hub's
    domain (short, so the header stays on one line)."""
    return f"<{local}.{secrets.token_hex(6)}@{mail_domain(site_url, sender)}>"


def dated(message: EmailMessage, now: dt.datetime, local: str, site_url: str,
          sender: str) -> EmailMessage:
    """Give ``message`` the headers every mail of the hub carries: Date (UTC) and Message-ID."""
    message["Date"] = format_datetime(now.astimezone(dt.timezone.utc))
    message["Message-ID"] = message_id(local, site_url, sender)
    return message


def _body(desk: Desk, record: dict[str, Any], action: str, why: str) -> str:
    receipt, kind = record["id"], record["kind"]
    published = record.get("published") or {}
    link = _link(desk, record) if action == "approve" else ""
    lines = {
        "submit": [f"Thank you for your {kind}. Your receipt id is {receipt}.",
                   "A moderator will read it soon; we will write again when they decide."],
        "approve": [f"Good news: your {kind} is approved and will appear at {link}"
                    + (f" from {published['publish_on']}." if published.get("publish_on")
                       else " with the next build of the site.")],
        "reject": [f"Thank you for your {kind}. We are not publishing it, because:", "", why],
        "request-changes": [f"Thank you for your {kind}. Before we publish it, please change this:",
                            "", why, "",
                            f"Send the new version with your receipt id {receipt}."],
        "withdraw": [f"Your {kind} (receipt {receipt}) has been withdrawn:", "", why, "",
                     "It disappears from the site, its listings and feeds with the next build."],
        "invite": ["Thank you for saying you would recommend us. Would you tell the whole story,",
                   "in your own words? What happened, and what made the difference?", "",
                   f"Write it here: {why}", "",
                   "It is entirely up to you; we will not ask again."],
    }[action]
    name = record["submission"].get("name", "")
    return "\n".join([f"Hello {name},", "", *lines, "", f"The {desk.site_name} team", ""])


def write(desk: Desk, conn: Connection, record: dict[str, Any], action: str, why: str,
          now: dt.datetime, extra: str = "") -> str:
    """Add the message for ``action`` on ``record`` (in the caller's transaction); return its name."""
    message = EmailMessage()
    message["From"] = desk.options.sender
    message["To"] = record["submission"]["email"]
    message["Subject"] = f"{_SUBJECTS[action].format(kind=record['kind'])} ({record['id']})"
    stamp = now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
    dated(message, now, record["id"], desk.site_url, desk.options.sender)
    body = _body(desk, record, action, why)
    if extra:
        text, _, sign_off = body.rpartition("\n\nThe ")
        body = f"{text}\n\n{extra}\n\nThe {sign_off}"
    message.set_content(body)
    name = f"{stamp}-{record['id']}-{action}.eml"
    stored.add(conn, name, record["id"], record["submission"]["email"], bytes(message), utc(now))
    return name


def receipt(desk: Desk, conn: Connection, record: dict[str, Any], now: dt.datetime,
            extra: str = "") -> str:
    """The acknowledgement; ``extra`` (e.g. the private status link) is appended."""
    return write(desk, conn, record, "submit", "", now, extra)


def decision(desk: Desk, conn: Connection, record: dict[str, Any], action: str, why: str,
             now: dt.datetime, extra: str = "") -> str:
    return write(desk, conn, record, action, why, now, extra)


def pending(desk: Desk) -> list[stored.Message]:
    """Messages waiting to be sent, oldest first."""
    with desk.store.read() as conn:
        return stored.pending(conn)
