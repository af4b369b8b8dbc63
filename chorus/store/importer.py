"""Move in from the file inbox (one folder per submission) to the store, idempotently.

Reads ``<inbox>/<id>/record.json`` and ``photo.jpg``, ``<inbox>/.keys/<key>``,
``<inbox>/advocates.json`` and the ``.eml`` files of the old outbox folder.
Submissions already in the store are left as they are (and checked); running
it again adds nothing. Every imported history is compared with its file.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from chorus.progress import NO_PROGRESS, Progress
from chorus.store import Store, advocates, keys, outbox, records
from chorus.store.records import ID_PATTERN
from chorus.store.tables import history, keys as stored_keys, submissions

log = logging.getLogger(__name__)
BATCH = 500
_MESSAGE = re.compile(r"^\d{8}T\d{6}-(\d{8}-[0-9a-f]{8})-[a-z-]+\.eml$")


@dataclass
class ImportReport:
    imported: int = 0
    already: int = 0
    photos: int = 0
    keys: int = 0
    advocates: int = 0
    messages: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.imported} submission(s) imported ({self.photos} with a photo), "
                f"{self.already} already in the store; {self.keys} key(s), "
                f"{self.advocates} private map entr(ies), {self.messages} outbox message(s) added; "
                f"{len(self.problems)} problem(s)")


def read_folder(folder: Path) -> tuple[dict[str, Any] | None, bytes | None, str]:
    """(record, photo, problem) of one submission folder."""
    try:
        record = json.loads((folder / "record.json").read_bytes())
    except (OSError, ValueError) as err:
        return None, None, f"{folder.name}: record.json cannot be read ({err})"
    if record.get("id") != folder.name:
        return None, None, f"{folder.name}: record.json names another id ({record.get('id')})"
    photo_path = folder / "photo.jpg"
    photo = photo_path.read_bytes() if photo_path.is_file() else None
    if record.get("has_photo") and photo is None:
        return None, None, f"{folder.name}: the record has a photo but photo.jpg is missing"
    return record, photo, ""


def import_inbox(store: Store, inbox: Path, outbox_dir: Path | None = None,
                 shown: Progress = NO_PROGRESS) -> ImportReport:
    """Import ``inbox`` (and ``outbox_dir``) into ``store``; verify counts and histories.
    ``shown`` reports each submission folder as it goes in."""
    report = ImportReport()
    folders = sorted(p for p in inbox.iterdir() if p.is_dir() and ID_PATTERN.match(p.name))
    with store.read() as conn:
        known = set(conn.execute(select(submissions.c.id)).scalars())
    shown.start("import", f"Importing {inbox.name}", total=len(folders))
    for start in range(0, len(folders), BATCH):
        with store.write() as conn:
            for folder in folders[start:start + BATCH]:
                _one(conn, folder, known, report)
        shown.advance("import", len(folders[start:start + BATCH]))
    shown.finish("import")
    with store.write() as conn:
        report.keys = _keys(conn, inbox / ".keys")
        report.advocates = _private_map(conn, inbox / "advocates.json")
        if outbox_dir is not None and outbox_dir.is_dir():
            report.messages = _messages(conn, outbox_dir)
    _verify(store, folders, report)
    log.info("store: import of %s: %s", inbox, report.summary())
    return report


def _one(conn: Connection, folder: Path, known: set[str], report: ImportReport) -> None:
    if folder.name in known:
        report.already += 1
        return
    record, photo, problem = read_folder(folder)
    if record is None:
        report.problems.append(problem)
        return
    records.insert_record(conn, record, photo)
    report.imported += 1
    report.photos += photo is not None


def _keys(conn: Connection, folder: Path) -> int:
    present = set(conn.execute(select(stored_keys.c.key)).scalars())
    receipts = set(conn.execute(select(submissions.c.id)).scalars())
    added = 0
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        receipt = path.read_text(encoding="ascii", errors="replace").strip()
        if keys.KEY_PATTERN.match(path.name) and receipt in receipts and path.name not in present:
            keys.remember(conn, [path.name], receipt)
            added += 1
    return added


def _private_map(conn: Connection, path: Path) -> int:
    mapping = json.loads(path.read_bytes()) if path.is_file() else {}
    known = advocates.private_map(conn)
    for address, slug in sorted(mapping.items()):
        if known.get(address.casefold()) != slug:
            advocates.set_slug(conn, address, slug)
    return sum(known.get(a.casefold()) != s for a, s in mapping.items())


def _messages(conn: Connection, folder: Path) -> int:
    """Unsent .eml files; each is remembered by a key, so a re-run never queues it twice."""
    added = 0
    for path in sorted(folder.glob("*.eml")):
        found = _MESSAGE.match(path.name)
        receipt = found.group(1) if found else None
        if receipt is None or not records.exists(conn, receipt):
            continue
        marker = hashlib.sha256(f"outbox-import\n{path.name}".encode()).hexdigest()
        if keys.receipt_for_key(conn, marker):
            continue
        data = path.read_bytes()
        message = email.message_from_bytes(data, policy=email.policy.default)
        n = path.name
        stamp = f"{n[0:4]}-{n[4:6]}-{n[6:8]}T{n[9:11]}:{n[11:13]}:{n[13:15]}"
        outbox.add(conn, n, receipt, str(message["To"] or ""), data, stamp)
        keys.remember(conn, [marker], receipt)
        added += 1
    return added


def _verify(store: Store, folders: list[Path], report: ImportReport) -> None:
    """Every readable folder is in the store with the same state and the same history."""
    with store.read() as conn:
        states = dict(conn.execute(select(submissions.c.id, submissions.c.state)).all())
        histories: dict[str, list[dict[str, Any]]] = {}
        for row in conn.execute(select(history).order_by(history.c.submission_id, history.c.seq)) \
                .mappings():
            histories.setdefault(row["submission_id"], []).append(records.entry_of(row))
        for folder in folders:
            record, _, problem = read_folder(folder)
            if record is None:
                continue
            if folder.name not in states:
                report.problems.append(f"{folder.name}: missing from the store after import")
                continue
            if histories.get(folder.name, []) != record.get("history", []) \
                    or states[folder.name] != record["state"]:
                report.problems.append(f"{folder.name}: the store holds another state or "
                                       "history than the file; check it by hand")
