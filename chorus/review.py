"""What a moderator reads: the queue, one submission with its flags, its history."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from chorus.desk import Desk
from chorus.flags import text_flags
from chorus.moderation import State
from chorus.problems import ChorusError
from chorus.store import records, search as text_search
from chorus.store.tables import submissions
from chorus.submission import Submission

DEAD = (State.REJECTED.value, State.WITHDRAWN.value)


@dataclass
class Item:
    """One queue line: a submission with its flags."""

    id: str
    state: str
    kind: str
    title: str
    submitted_at: str
    age: str
    flags: list[str] = field(default_factory=list)
    public_name: str = ""       # as the hub would show it ("" for anonymous)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def published_fingerprints(content: Path) -> dict[str, str]:
    """Fingerprint -> file of every published story and testimonial (same normalisation)."""
    found = {}
    for folder in ("stories", "testimonials"):
        for path in sorted((content / folder).glob("*.md")):
            head, _, body = path.read_text(encoding="utf-8", errors="replace").partition("\n\n")
            title = next((line.split(":", 1)[1].strip() for line in head.split("\n")
                          if line.lower().startswith("title:")), "")
            probe = Submission(kind="story", body=body.replace("&lt;", "<"), name="", email="",
                               consent_name=False, title=title)
            found[probe.fingerprint] = path.relative_to(content).as_posix()
    return found


def _age(submitted: str, now: dt.datetime) -> str:
    seconds = max(0, int((now - dt.datetime.fromisoformat(submitted)).total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h"
    return f"{seconds // 86400}d"


def _title(sub: Submission) -> str:
    text = sub.title or " ".join(sub.body.split()) or "(erased)"
    return text if len(text) <= 60 else text[:59] + "…"


def queue(desk: Desk, now: dt.datetime, state: str | None = "pending", *, search: str = "",
          prompt: str = "", advocate: str = "", limit: int | None = None,
          offset: int = 0, newest_first: bool = False) -> list[Item]:
    """Submissions in ``state`` (None: all), oldest first, with their flags; ``search``
    keeps those whose title or text has every word; ``limit``/``offset`` page it."""
    if state is not None and state not in {s.value for s in State}:
        raise ChorusError(f"'{state}' is not a state; use one of "
                          f"{', '.join(s.value for s in State)} or all")
    query = select(*records.LIGHT)
    if state is not None:
        query = query.where(submissions.c.state == state)
    if prompt:
        query = query.where(submissions.c.prompt == prompt)
    if advocate:
        query = query.where(submissions.c.email_key == advocate.casefold())
    order = [submissions.c.submitted_utc, submissions.c.id]
    query = query.order_by(*(c.desc() for c in order) if newest_first else order) \
        .offset(offset or None)
    with desk.store.read() as conn:
        if search:
            query = text_search.matching(conn, search, query)
        found = [records.from_row(row) for row in conn.execute(query.limit(limit)).mappings()]
        by_print = _by_fingerprint(conn, {record["fingerprint"] for record in found})
    published = published_fingerprints(desk.content_dir)
    return [item(record, now, by_print, published) for record in found]


def item(record: dict[str, Any], now: dt.datetime, by_print: dict[str, list[str]],
         published: dict[str, str]) -> Item:
    sub = Submission.from_json(record["submission"])
    flags = list(record.get("flags") or text_flags(sub))
    twins = [other for other in by_print.get(record["fingerprint"], []) if other != record["id"]]
    if twins:
        flags.append(f"possible duplicate of submission {', '.join(twins[:3])}")
    own = (record.get("published") or {}).get("piece")
    if published.get(record["fingerprint"]) not in (None, own):
        flags.append(f"possible duplicate of published {published[record['fingerprint']]}")
    if record.get("has_photo"):
        flags.append("has photo" + ("" if sub.consent_photo else " (not to be shown)"))
    return Item(id=record["id"], state=record["state"], kind=record["kind"], title=_title(sub),
                submitted_at=record["submitted_at"], age=_age(record["submitted_at"], now),
                flags=flags, public_name=sub.public_name)


def show(desk: Desk, receipt: str, now: dt.datetime) -> tuple[dict[str, Any], Item]:
    """One record and its flags (computed against the whole store and content/)."""
    with desk.store.read() as conn:
        record = records.load(conn, receipt)
        by_print = _by_fingerprint(conn, {record["fingerprint"]})
    return record, item(record, now, by_print, published_fingerprints(desk.content_dir))


def _by_fingerprint(conn: Connection, prints: set[str]) -> dict[str, list[str]]:
    """Ids of live submissions (not rejected or withdrawn) with these text fingerprints."""
    found: dict[str, list[str]] = {}
    rows = conn.execute(select(submissions.c.id, submissions.c.fingerprint).where(
        submissions.c.fingerprint.in_(sorted(prints)), submissions.c.state.not_in(DEAD))
        .order_by(submissions.c.submitted_utc, submissions.c.id))
    for receipt, fingerprint in rows:
        found.setdefault(fingerprint, []).append(receipt)
    return found
