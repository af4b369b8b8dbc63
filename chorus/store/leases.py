"""Named leases: one holder at a time across processes and machines.

Approvals and withdrawals hold the "content" lease from planning until their
files are written, so two of them never pick the same slug in content/. A
holder that died is noticed at once on its own machine (its process is gone)
and after ``seconds`` elsewhere (the lease expires).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import time
from collections.abc import Iterator

from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from chorus.store.engine import StoreError
from chorus.store.tables import leases


@contextlib.contextmanager
def held(store, name: str, seconds: float = 120.0, wait: float = 30.0) -> Iterator[str]:
    """Hold lease ``name`` for the block (waits up to ``wait`` seconds for its holder)."""
    token = f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(6)}"
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
    with store.write(durable=False) as conn:
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        conn.execute(dialect.insert(leases).values(name=name, holder=None, until=0.0)
                     .on_conflict_do_nothing(index_elements=["name"]))
        holder = conn.execute(select(leases.c.holder).where(leases.c.name == name)).scalar()
        free = [leases.c.holder.is_(None), leases.c.until < now]
        if holder and holder_gone(holder):
            free.append(leases.c.holder == holder)
        taken = conn.execute(update(leases).where(leases.c.name == name, or_(*free))
                             .values(holder=token, until=now + seconds)).rowcount
        return taken == 1 and conn.execute(select(leases.c.holder).where(
            leases.c.name == name)).scalar() == token


def holder_gone(holder: str) -> bool:
    """True if ``holder`` was a process on this machine that no longer runs."""
    rest = holder.split(":")
    if len(rest) < 3 or rest[0] != socket.gethostname()[:40] or not rest[1].isdigit():
        return False
    try:
        os.kill(int(rest[1]), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
