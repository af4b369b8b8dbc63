"""The private map of advocates' emails to their slugs on the hub."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select, update

from chorus.store.tables import advocates


def private_map(conn: Connection) -> dict[str, str]:
    return dict(conn.execute(select(advocates.c.email_key, advocates.c.slug)).all())


def slug_for(conn: Connection, email: str) -> str | None:
    return conn.execute(select(advocates.c.slug)
                        .where(advocates.c.email_key == email.casefold())).scalar()


def set_slug(conn: Connection, email: str, slug: str) -> None:
    key = email.casefold()
    if conn.execute(update(advocates).where(advocates.c.email_key == key)
                    .values(slug=slug)).rowcount == 0:
        conn.execute(insert(advocates).values(email_key=key, slug=slug))


def forget_slug(conn: Connection, slug: str) -> int:
    """Drop every email mapped to ``slug``; returns how many."""
    return conn.execute(delete(advocates).where(advocates.c.slug == slug)).rowcount


def forget_email(conn: Connection, email: str) -> int:
    return conn.execute(delete(advocates).where(advocates.c.email_key == email.casefold())).rowcount
