"""The desk's queue page: filters read from a query string, counts per state, paging.

The rows come from ``chorus.review.queue`` (the same function as `mod.queue`), so
the desk and the command line see the same order and the same flags.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select

from chorus import review
from chorus.clock import parse_day
from chorus.desk import Desk
from chorus.moderation import State
from chorus.store.tables import submissions

PER_PAGE = 25
KINDS = ("story", "testimonial")
# filter value -> (label, how a flag line starts)
FLAG_FILTERS = {
    "personal": ("Personal data in the text", "personal data"),
    "links": ("Links", "links:"),
    "duplicate": ("Possible duplicate", "possible duplicate"),
    "photo": ("Has a photo", "has photo"),
    "anonymous": ("Anonymous (no name consent)", "consent: name no"),
    "prompt": ("Answers a prompt", "answers prompt"),
}
STATES = tuple(state.value for state in State)


@dataclass(frozen=True)
class QueueFilter:
    state: str = State.PENDING.value      # "all" for every state
    kind: str = ""
    prompt: str = ""
    flag: str = ""
    search: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> QueueFilter:
        """Filters from a query string; unknown values fall back to the default."""
        state = query.get("state", cls.state)
        try:
            prompt = parse_day(query.get("prompt", "")).isoformat() if query.get("prompt") else ""
        except ValueError:
            prompt = ""
        page = query.get("page", "1")
        return cls(state=state if state in (*STATES, "all") else cls.state,
                   kind=query.get("kind", "") if query.get("kind") in KINDS else "",
                   prompt=prompt,
                   flag=query.get("flag", "") if query.get("flag") in FLAG_FILTERS else "",
                   search=" ".join(str(query.get("q", "")).split())[:200],
                   page=int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1)

    def query(self, **changes) -> dict[str, str]:
        """The query string for these filters (with ``changes``), defaults left out."""
        given = replace(self, **changes)
        values = {"state": given.state, "kind": given.kind, "prompt": given.prompt,
                  "flag": given.flag, "q": given.search,
                  "page": str(given.page) if given.page > 1 else ""}
        return {k: v for k, v in values.items() if v and not (k == "state" and v == self.state
                                                              and v == QueueFilter.state)}


@dataclass
class QueuePage:
    filters: QueueFilter
    items: list[review.Item] = field(default_factory=list)
    total: int = 0
    pages: int = 1
    counts: dict[str, int] = field(default_factory=dict)


def counts(desk: Desk) -> dict[str, int]:
    """How many submissions are in each state."""
    with desk.store.read() as conn:
        rows = conn.execute(select(submissions.c.state, func.count())
                            .group_by(submissions.c.state)).all()
    found = {state: 0 for state in STATES}
    found.update({state: number for state, number in rows})
    return found


def queue_page(desk: Desk, now: dt.datetime, filters: QueueFilter,
               per_page: int = PER_PAGE) -> QueuePage:
    """One page of the queue, oldest first, narrowed by ``filters``."""
    items = review.queue(desk, now, None if filters.state == "all" else filters.state,
                         search=filters.search, prompt=filters.prompt)
    if filters.kind:
        items = [item for item in items if item.kind == filters.kind]
    if filters.flag:
        start = FLAG_FILTERS[filters.flag][1]
        items = [item for item in items if any(flag.startswith(start) for flag in item.flags)]
    pages = max(1, -(-len(items) // per_page))
    page = min(filters.page, pages)
    return QueuePage(filters=replace(filters, page=page),
                     items=items[(page - 1) * per_page: page * per_page], total=len(items),
                     pages=pages, counts=counts(desk))
