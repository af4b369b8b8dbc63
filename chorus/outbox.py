"""Ready-to-send messages to advocates, as .eml files in the outbox folder.

Chorus never sends mail itself (builds and tasks stay offline); a moderator or
a mail job sends the files and deletes them. The folder is git-ignored.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any

from chorus.inbox import atomic_write

if TYPE_CHECKING:
    from chorus.desk import Desk

_SUBJECTS = {
    "submit": "We received your {kind}",
    "approve": "Your {kind} is approved",
    "reject": "About your {kind}",
    "request-changes": "A few changes to your {kind}, please",
    "withdraw": "Your {kind} has been withdrawn",
}


def _link(desk: Desk, record: dict[str, Any]) -> str:
    url = record.get("published", {}).get("url", "")
    return f"{desk.site_url.rstrip('/')}/{url}" if desk.site_url else f"/{url}"


def _body(desk: Desk, record: dict[str, Any], action: str, why: str) -> str:
    receipt, kind = record["id"], record["kind"]
    published = record.get("published") or {}
    lines = {
        "submit": [f"Thank you for your {kind}. Your receipt id is {receipt}.",
                   "A moderator will read it soon; we will write again when they decide."],
        "approve": [f"Good news: your {kind} is approved and will appear at {_link(desk, record)}"
                    + (f" from {published['publish_on']}." if published.get("publish_on")
                       else " with the next build of the site.")],
        "reject": [f"Thank you for your {kind}. We are not publishing it, because:", "", why],
        "request-changes": [f"Thank you for your {kind}. Before we publish it, please change this:",
                            "", why, "",
                            f"Send the new version with your receipt id {receipt}."],
        "withdraw": [f"Your {kind} (receipt {receipt}) has been withdrawn:", "", why, "",
                     "It disappears from the site, its listings and feeds with the next build."],
    }[action]
    name = record["submission"].get("name", "")
    return "\n".join([f"Hello {name},", "", *lines, "", f"The {desk.site_name} team", ""])


def write(desk: Desk, record: dict[str, Any], action: str, why: str, now: dt.datetime,
          extra: str = "") -> str:
    """Write the message for ``action`` on ``record``; return its file name."""
    message = EmailMessage()
    message["From"] = desk.options.sender
    message["To"] = record["submission"]["email"]
    message["Subject"] = f"{_SUBJECTS[action].format(kind=record['kind'])} ({record['id']})"
    message["Date"] = format_datetime(now)
    body = _body(desk, record, action, why)
    if extra:
        text, _, sign_off = body.rpartition("\n\nThe ")
        body = f"{text}\n\n{extra}\n\nThe {sign_off}"
    message.set_content(body)
    stamp = now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
    name = f"{stamp}-{record['id']}-{action}.eml"
    atomic_write(desk.outbox / name, bytes(message))
    return name


def receipt(desk: Desk, record: dict[str, Any], now: dt.datetime, extra: str = "") -> str:
    """The acknowledgement; ``extra`` (e.g. the private status link) is appended."""
    return write(desk, record, "submit", "", now, extra)


def decision(desk: Desk, record: dict[str, Any], action: str, why: str, now: dt.datetime) -> str:
    return write(desk, record, action, why, now)
