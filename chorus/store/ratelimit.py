"""Token buckets in the store, so every service instance counts against the same limit."""

from __future__ import annotations

import math

from sqlalchemy import Connection, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from chorus.store.tables import rate_buckets


def take(conn: Connection, key: str, per_second: float, burst: int, now: float) -> float:
    """0 if ``key`` may go ahead (one token taken), else the seconds until a token is back.

    ``burst`` tokens at most, refilled at ``per_second``; call inside a write transaction.
    """
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(rate_buckets).values(key=key[:100], tokens=float(burst), updated=now)
                 .on_conflict_do_nothing(index_elements=["key"]))
    tokens, last = conn.execute(select(rate_buckets.c.tokens, rate_buckets.c.updated)
                                .where(rate_buckets.c.key == key[:100]).with_for_update()).one()
    tokens = min(float(burst), tokens + max(0.0, now - last) * per_second)
    allowed = tokens >= 1
    conn.execute(update(rate_buckets).where(rate_buckets.c.key == key[:100])
                 .values(tokens=tokens - 1 if allowed else tokens, updated=max(now, last)))
    if allowed:
        return 0.0
    return math.inf if per_second <= 0 else (1 - tokens) / per_second


def forget_full(conn: Connection, per_second: float, burst: int, now: float) -> int:
    """Drop buckets that have refilled completely (they hold nothing worth keeping)."""
    if per_second <= 0:
        return 0
    return conn.execute(delete(rate_buckets)
                        .where(rate_buckets.c.updated < now - burst / per_second)).rowcount
