"""Idempotency keys and status-link digests (sha256 hex) pointing at a submission."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import Connection, insert, select

from chorus.store.engine import StoreError
from chorus.store.tables import keys

KEY_PATTERN = re.compile(r"^[0-9a-f]{64}$")


def _checked(key: str) -> str:
    if not KEY_PATTERN.match(key or ""):
        raise StoreError("a store key is a sha256 hex digest")
    return key


def receipt_for_key(conn: Connection, key: str) -> str | None:
    """The submission ``key`` points to, if any."""
    return conn.execute(select(keys.c.submission_id).where(keys.c.key == _checked(key))).scalar()


def remember(conn: Connection, found: Iterable[str], receipt: str) -> None:
    """Point each key at ``receipt`` (a key already taken raises IntegrityError)."""
    rows = [{"key": _checked(key), "submission_id": receipt} for key in found]
    if rows:
        conn.execute(insert(keys), rows)
