"""Backups: SQLite's online backup API; PostgreSQL is backed up with pg_dump (docs)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from chorus.store import Store
from chorus.store.engine import StoreError


def backup(store: Store, target: Path) -> int:
    """Copy the SQLite store to ``target`` while it stays in use; returns the file's size."""
    if store.settings.backend != "sqlite":
        raise StoreError("store.backup copies SQLite stores; back up PostgreSQL with "
                         "`pg_dump --format=custom --file chorus.dump \"$CHORUS_DATABASE_URL\"` "
                         "(see docs/moderation.md)")
    if target.exists():
        raise StoreError(f"{target} exists; give a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = store.engine.raw_connection()
    try:
        copy = sqlite3.connect(str(target))
        try:
            source.driver_connection.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target.stat().st_size
