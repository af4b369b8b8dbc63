"""What the private status page shows for a record: state, note or reason, public link."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from chorus.moderation import TRANSITIONS, Action, State

HEADLINES = {
    State.PENDING: "Waiting for a moderator",
    State.CHANGES_REQUESTED: "A moderator asked for changes",
    State.APPROVED: "Approved",
    State.REJECTED: "Not published",
    State.WITHDRAWN: "Withdrawn",
}


@dataclass(frozen=True)
class StatusView:
    receipt: str
    kind: str
    title: str
    state: str
    headline: str
    submitted_on: str
    note: str = ""              # the moderator's note or reason, for the advocate
    link: str = ""              # the public page, once approved
    live_from: str = ""         # the day it goes live, when scheduled
    can_withdraw: bool = False
    can_edit: bool = False


def _last_why(record: dict[str, Any], action: Action) -> str:
    for entry in reversed(record.get("history", [])):
        if entry.get("action") == action.value:
            return entry.get("why", "")
    return ""


def public_link(site_url: str, record: dict[str, Any]) -> str:
    """The published page's URL (absolute when SITEURL is), from the slug the approval chose."""
    url = (record.get("published") or {}).get("url", "")
    return f"{site_url.rstrip('/')}/{url}" if url else ""


def _day_sent(record: dict[str, Any], zone: ZoneInfo | None) -> str:
    sent = dt.datetime.fromisoformat(record["submitted_at"])
    return (sent.astimezone(zone) if zone and sent.tzinfo else sent).date().isoformat()


def view(record: dict[str, Any], site_url: str, today: dt.date,
         zone: ZoneInfo | None = None) -> StatusView:
    """What the status page shows on ``today``; the day it was sent in ``zone`` (the site's)."""
    state = State(record["state"])
    sub = record["submission"]
    note = {State.CHANGES_REQUESTED: _last_why(record, Action.REQUEST_CHANGES),
            State.REJECTED: _last_why(record, Action.REJECT),
            State.WITHDRAWN: _last_why(record, Action.WITHDRAW)}.get(state, "")
    publish_on = (record.get("published") or {}).get("publish_on") or ""
    live_from = publish_on if publish_on and dt.date.fromisoformat(publish_on) > today else ""
    title = sub.get("title") or " ".join(sub.get("body", "").split())[:60]
    return StatusView(receipt=record["id"], kind=record["kind"], title=title, state=state.value,
                      headline=HEADLINES[state], submitted_on=_day_sent(record, zone),
                      note=note, link=public_link(site_url, record) if state is State.APPROVED else "",
                      live_from=live_from,
                      can_withdraw=(state, Action.WITHDRAW) in TRANSITIONS,
                      can_edit=(state, Action.RESUBMIT) in TRANSITIONS)
