"""The hub store: everything that is not published content, in one database.

SQLite by default (a file beside pelicanconf.py), PostgreSQL when several
machines share one hub; chosen by ``CHORUS_DATABASE_URL`` or
``CHORUS_STORE["url"]``. See docs/moderation.md ("The store").
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.engine import Engine

from chorus.store import advocates, keys, records
from chorus.store.config import URL_ENV, StoreSettings
from chorus.store.engine import StoreError, get_engine, writer_lock
from chorus.store.records import ConflictError
from chorus.store.tables import submissions

__all__ = ["URL_ENV", "ConflictError", "Store", "StoreError", "StoreSettings"]


class Store:
    """One hub's database. ``write()`` and ``read()`` hand out transactions."""

    def __init__(self, settings: StoreSettings):
        self.settings = settings
        self._engine: Engine | None = None

    @property
    def url(self) -> str:
        return self.settings.url

    @property
    def engine(self) -> Engine:
        """The engine (created, and the schema migrated, on first use)."""
        if self._engine is None:
            self._engine = get_engine(self.settings.url, self.settings.pool_size)
        return self._engine

    @contextlib.contextmanager
    def write(self, durable: bool = True) -> Iterator[Connection]:
        """A write transaction: committed when the block ends, rolled back on any error.

        SQLite has one writer at a time: threads of this process queue on a lock
        (first come, first served) rather than in SQLite's sleeping busy handler.
        ``durable=False`` (rate limits, leases) skips SQLite's fsync at commit: such a
        write survives a killed process but may be lost with a power cut.
        """
        sync = self.settings.sqlite_synchronous if durable else "NORMAL"
        with writer_lock(self.engine), self.engine.connect().execution_options(
                chorus_write=True, chorus_sync=sync.upper()) as conn, conn.begin():
            yield conn

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def load(self, receipt: str) -> dict[str, Any]:
        with self.read() as conn:
            return records.load(conn, receipt)

    def photo(self, receipt: str) -> bytes | None:
        with self.read() as conn:
            return records.photo(conn, receipt)

    def ids(self) -> list[str]:
        with self.read() as conn:
            return list(conn.execute(select(submissions.c.id).order_by(submissions.c.id)).scalars())

    def records(self) -> list[dict[str, Any]]:
        """Every record with its history, oldest first (for tests and exports; the queue pages)."""
        with self.read() as conn:
            rows = conn.execute(select(*records.LIGHT).order_by(
                submissions.c.submitted_utc, submissions.c.id)).mappings().all()
            return [records.from_row(row, records.history_of(conn, row["id"])) for row in rows]

    def receipt_for_key(self, key: str) -> str | None:
        with self.read() as conn:
            return keys.receipt_for_key(conn, key)

    def private_map(self) -> dict[str, str]:
        with self.read() as conn:
            return advocates.private_map(conn)
