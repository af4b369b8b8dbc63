"""Saved replies: reasons and notes a moderation team reuses (admins keep them, moderators pick)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update

from chorus.problems import ChorusError
from chorus.store import Store
from chorus.store.desktables import saved_replies
from chorus.store.records import utc
from chorus.text import normalise, text_problem

ACTIONS = {"reject": "Reject", "request-changes": "Request changes", "withdraw": "Withdraw"}


@dataclass(frozen=True)
class Reply:
    id: int
    action: str
    title: str
    text: str


def _checked(action: str, title: str, text: str) -> tuple[str, str]:
    if action not in ACTIONS:
        raise ChorusError(f"a saved reply is for one of: {', '.join(ACTIONS)}")
    title, text = normalise(title).strip(), normalise(text).strip()
    problems = [f"the title {p}" for p in [text_problem(title, max_chars=80)] if p]
    problems += [f"the text {p}" for p in [text_problem(text, max_chars=2000, multiline=True)] if p]
    if problems:
        raise ChorusError("; ".join(problems))
    return title, text


def save(store: Store, action: str, title: str, text: str, *, by: str, now: dt.datetime,
         reply_id: int | None = None) -> None:
    """Add a saved reply, or change the one with ``reply_id``."""
    title, text = _checked(action, title, text)
    values = {"action": action, "title": title, "text": text, "updated_by": by,
              "updated_utc": utc(now)}
    with store.write() as conn:
        if reply_id is None:
            conn.execute(insert(saved_replies).values(**values))
        elif conn.execute(update(saved_replies).where(saved_replies.c.id == reply_id)
                          .values(**values)).rowcount != 1:
            raise ChorusError("that saved reply no longer exists")


def remove(store: Store, reply_id: int) -> None:
    with store.write() as conn:
        conn.execute(delete(saved_replies).where(saved_replies.c.id == reply_id))


def all_replies(store: Store) -> list[Reply]:
    with store.read() as conn:
        rows = conn.execute(select(saved_replies).order_by(saved_replies.c.action,
                                                           saved_replies.c.title)).mappings()
        return [Reply(r["id"], r["action"], r["title"], r["text"]) for r in rows]
