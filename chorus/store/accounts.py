"""Desk accounts, sessions and the login throttle in the store (SQL only; rules in chorus.accounts).

Every function takes a connection inside the caller's transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from chorus.store.desktables import accounts, desk_sessions, login_throttle


def account_by_email(conn: Connection, email: str) -> dict[str, Any] | None:
    row = conn.execute(select(accounts).where(accounts.c.email == email.casefold())).mappings().first()
    return dict(row) if row else None


def account_by_setup(conn: Connection, digest: str) -> dict[str, Any] | None:
    row = conn.execute(select(accounts).where(accounts.c.setup_digest == digest)).mappings().first()
    return dict(row) if row else None


def all_accounts(conn: Connection) -> list[dict[str, Any]]:
    return [dict(row) for row in conn.execute(select(accounts).order_by(accounts.c.email)).mappings()]


def add_account(conn: Connection, **values: Any) -> int:
    return conn.execute(insert(accounts).values(**values)).inserted_primary_key[0]


def update_account(conn: Connection, account_id: int, **values: Any) -> None:
    conn.execute(update(accounts).where(accounts.c.id == account_id).values(**values))


def add_session(conn: Connection, digest: str, account_id: int, now: float) -> None:
    conn.execute(insert(desk_sessions).values(digest=digest, account_id=account_id, created=now,
                                              seen=now))


def session_with_account(conn: Connection, digest: str) -> dict[str, Any] | None:
    """The session row joined with its account's columns (``account_*``), or None."""
    query = select(desk_sessions.c.created, desk_sessions.c.seen,
                   *[column.label(f"account_{column.name}") for column in accounts.c]) \
        .join(accounts, accounts.c.id == desk_sessions.c.account_id) \
        .where(desk_sessions.c.digest == digest)
    row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def touch_session(conn: Connection, digest: str, now: float) -> None:
    conn.execute(update(desk_sessions).where(desk_sessions.c.digest == digest).values(seen=now))


def drop_session(conn: Connection, digest: str) -> None:
    conn.execute(delete(desk_sessions).where(desk_sessions.c.digest == digest))


def drop_sessions_of(conn: Connection, account_id: int) -> int:
    return conn.execute(delete(desk_sessions).where(desk_sessions.c.account_id == account_id)).rowcount


def drop_idle_sessions(conn: Connection, seen_before: float, created_before: float) -> int:
    return conn.execute(delete(desk_sessions).where(
        (desk_sessions.c.seen < seen_before) | (desk_sessions.c.created < created_before))).rowcount


def blocked_until(conn: Connection, key: str) -> float:
    found = conn.execute(select(login_throttle.c.blocked_until)
                         .where(login_throttle.c.key == key[:200])).scalar()
    return float(found or 0.0)


def count_failure(conn: Connection, key: str, now: float, window: float, limit: int,
                  block: float) -> None:
    """One more failed sign-in for ``key``; ``limit`` within ``window`` seconds blocks it."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(login_throttle).values(key=key[:200], failures=0, window_start=now,
                                                       blocked_until=0.0)
                 .on_conflict_do_nothing(index_elements=["key"]))
    failures, start = conn.execute(select(login_throttle.c.failures, login_throttle.c.window_start)
                                   .where(login_throttle.c.key == key[:200]).with_for_update()).one()
    if now - start > window:
        failures, start = 0, now
    failures += 1
    conn.execute(update(login_throttle).where(login_throttle.c.key == key[:200]).values(
        failures=failures, window_start=start,
        blocked_until=now + block if failures >= limit else 0.0))


def forget_failures(conn: Connection, key: str) -> None:
    conn.execute(delete(login_throttle).where(login_throttle.c.key == key[:200]))
