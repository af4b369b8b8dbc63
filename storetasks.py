"""Store tasks: `db.upgrade` and the `store.*` namespace (thin: parse, call, print)."""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import Collection, Exit, task

from chorus.progress import progress_for
from modtasks import ROOT, _desk, _guard, _now


@task
@_guard
def upgrade(c):
    """Bring the store's schema up to date (also done on service start and first use)."""
    from chorus.store.engine import get_engine, migrate

    desk, _ = _desk()
    engine = get_engine(desk.store.url, upgrade=False)
    applied = migrate(engine)
    where = engine.url.render_as_string(hide_password=True)
    print(f"Migrated {where} to {applied[-1]}." if applied else f"{where} is up to date.")


@task(name="import-inbox", help={"folder": "the file inbox to import (e.g. inbox)",
                                 "outbox": "the old outbox folder (default: outbox/ beside it)"})
@_guard
def import_inbox(c, folder, outbox=None):
    """Import a file inbox (records, histories, photos, keys, private map, outbox); safe to re-run."""
    from chorus.store.importer import import_inbox as run

    desk, _ = _desk()
    inbox = Path(folder) if Path(folder).is_absolute() else ROOT / folder
    if not inbox.is_dir():
        raise Exit(f"{inbox} is not a folder", code=1)
    old_outbox = Path(outbox) if outbox else inbox.parent / "outbox"
    with progress_for(sys.stderr) as shown:
        report = run(desk.store, inbox, old_outbox, shown)
    for problem in report.problems:
        print(f"problem: {problem}")
    print(f"Import of {inbox}: {report.summary()}.")
    if report.problems:
        raise Exit(code=1)
    print(f"Every history matches its file. Once you have a backup, {inbox} can be deleted.")


@task(help={"days": "erase after this many days (default: CHORUS_STORE['retention_days'])"})
@_guard
def purge(c, days=None):
    """Erase personal data of submissions rejected or withdrawn longer ago than the retention."""
    from chorus.privacy import purge as run

    desk, _ = _desk()
    erased = run(desk, _now(), None if days is None else int(days))
    print(f"Erased the personal data of {len(erased)} submission(s)."
          + (f" ({', '.join(erased[:20])}{' …' if len(erased) > 20 else ''})" if erased else ""))


@task(help={"file": "the backup file to write (must not exist)"})
@_guard
def backup(c, file):
    """Copy the SQLite store to FILE while it stays in use (PostgreSQL: use pg_dump)."""
    from chorus.store.backup import backup as run

    desk, _ = _desk()
    size = run(desk.store, Path(file))
    print(f"Backed up {desk.store.url} to {file} ({size:,} bytes).")


db = Collection("db", upgrade)
store = Collection("store", import_inbox, purge, backup)
