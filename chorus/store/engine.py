"""Engines: one per database URL and process, set up for safe concurrent use.

SQLite runs in WAL mode with a busy timeout and foreign keys on; a write
transaction starts with ``BEGIN IMMEDIATE`` so two writers queue up instead of
failing halfway. PostgreSQL uses psycopg 3 and a small pool. The schema is
brought up to date by Alembic the first time a process opens a database.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine

from chorus.problems import ChorusError

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
_engines: dict[str, Engine] = {}
_lock = threading.Lock()
_writers: dict[str, threading.Lock] = {}


class StoreError(ChorusError):
    """The store cannot do what was asked (unknown id, unreachable database)."""


def get_engine(url: str, pool_size: int = 10, upgrade: bool = True) -> Engine:
    """The process's engine for ``url``; the schema is migrated on first use."""
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _create(url, pool_size)
            if upgrade:
                migrate(engine)
            _engines[url] = engine
        return engine


def writer_lock(engine: Engine):
    """The process's lock for writing to a SQLite file (a no-op for PostgreSQL)."""
    if engine.dialect.name != "sqlite":
        return contextlib.nullcontext()
    with _lock:
        return _writers.setdefault(str(engine.url), threading.Lock())


def dispose_all() -> None:
    """Close every pooled connection (tests; before a fork)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def _forget_after_fork() -> None:
    """A forked child must not use its parent's pooled connections (it opens its own)."""
    for engine in _engines.values():
        engine.dispose(close=False)
    _writers.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)


def _create(url: str, pool_size: int) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               pool_size=pool_size, max_overflow=2 * pool_size)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=2 * pool_size,
                         pool_pre_ping=True, pool_recycle=1800)


def _sqlite_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None       # transactions are begun by _sqlite_begin
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", f"busy_timeout={BUSY_TIMEOUT_MS}", "foreign_keys=ON",
                   "synchronous=FULL"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection) -> None:
    options = connection.get_execution_options()
    if options.get("chorus_sync"):        # FULL: the commit is on disk; NORMAL: survives a crash
        connection.exec_driver_sql(f"PRAGMA synchronous={options['chorus_sync']}")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get("chorus_write") else "BEGIN")


def alembic_config(engine: Engine):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def migrate(engine: Engine, revision: str = "head") -> list[str]:
    """Bring the schema to ``revision`` (one transaction, one migrator at a time);
    returns the revisions applied."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = alembic_config(engine)
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as probe:
        if "alembic_version" in inspect(probe).get_table_names() and \
                MigrationContext.configure(probe).get_current_revision() == head:
            return []
    with engine.connect().execution_options(chorus_write=True) as connection, connection.begin():
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(7263001)"))
        before = MigrationContext.configure(connection).get_current_revision()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        after = MigrationContext.configure(connection).get_current_revision()
    if before != after:
        log.info("store: schema of %s migrated from %s to %s",
                 engine.url.render_as_string(hide_password=True), before or "empty", after)
    return [] if before == after else [after]
