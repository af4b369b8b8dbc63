"""Named leases: one holder at a time across processes and machines, expiring if it dies.

Approvals and withdrawals hold the "content" lease from planning until their
files are written, so two of them never pick the same slug in content/.
"""

from __future__ import annotations

import contextlib
import secrets
import time
from collections.abc import Iterator

from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from chorus.store.engine import StoreError
from chorus.store.tables import leases


@contextlib.contextmanager
def held(store, name: str, seconds: float = 120.0, wait: float = 30.0) -> Iterator[str]:
    """Hold lease ``name`` for the block (waits up to ``wait`` seconds for its holder)."""
    token = secrets.token_hex(8)
    deadline = time.monotonic() + wait
    while not _take(store, name, token, seconds):
        if time.monotonic() > deadline:
            raise StoreError(f"another moderator has held the {name} lease for {wait:.0f}s; "
                             "try again shortly")
        time.sleep(0.02)
    try:
        yield token
    finally:
        with store.write() as conn:
            conn.execute(update(leases).where(leases.c.name == name, leases.c.holder == token)
                         .values(holder=None, until=0.0))


def _take(store, name: str, token: str, seconds: float) -> bool:
    now = time.time()
    with store.write() as conn:
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        conn.execute(dialect.insert(leases).values(name=name, holder=None, until=0.0)
                     .on_conflict_do_nothing(index_elements=["name"]))
        taken = conn.execute(update(leases).where(
            leases.c.name == name, or_(leases.c.holder.is_(None), leases.c.until < now))
            .values(holder=token, until=now + seconds)).rowcount
        return taken == 1 and conn.execute(select(leases.c.holder).where(
            leases.c.name == name)).scalar() == token
