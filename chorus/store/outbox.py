"""Messages for advocates, kept until the mail job has sent them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, insert, select

from chorus.store.tables import outbox


@dataclass(frozen=True)
class Message:
    id: int
    name: str                 # what the .eml file would be called: <UTC time>-<receipt>-<action>.eml
    recipient: str
    data: bytes               # the whole RFC 5322 message


def add(conn: Connection, name: str, receipt: str | None, recipient: str, data: bytes,
        created_utc: str) -> None:
    conn.execute(insert(outbox).values(name=name, submission_id=receipt, recipient=recipient,
                                       message=data, created_utc=created_utc))


def pending(conn: Connection, limit: int | None = None) -> list[Message]:
    """Messages waiting, oldest first."""
    query = select(outbox.c.id, outbox.c.name, outbox.c.recipient, outbox.c.message) \
        .order_by(outbox.c.created_utc, outbox.c.id).limit(limit)
    return [Message(*row) for row in conn.execute(query)]


def count(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(outbox)).scalar_one()


def sent(conn: Connection, message_id: int) -> None:
    conn.execute(delete(outbox).where(outbox.c.id == message_id))


def forget_submission(conn: Connection, receipt: str) -> int:
    """Drop unsent messages about ``receipt`` (its personal data is being erased)."""
    return conn.execute(delete(outbox).where(outbox.c.submission_id == receipt)).rowcount
