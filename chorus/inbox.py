"""The inbox: one folder per submission, written atomically, guarded by one lock.

Layout (the folder is git-ignored: it holds personal data)::

    inbox/.lock                     advisory lock (fcntl) held by every change
    inbox/<id>/record.json          state, submission fields and the decision log
    inbox/<id>/photo.jpg            the re-encoded photo, if one came with it
    inbox/advocates.json            private map: email -> advocate slug on the hub

A record's decision log lives inside record.json, so a state change and its
log entry are one atomic rename: a crash leaves the old record or the new one.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from chorus.problems import ChorusError

ID_PATTERN = re.compile(r"^\d{8}-[0-9a-f]{8}$")
KEY_PATTERN = re.compile(r"^[0-9a-f]{64}$")
TEMP_PREFIX = ".tmp-"


class InboxError(ChorusError):
    """The inbox cannot do what was asked (unknown id, busy lock, damaged record)."""


def atomic_write(path: Path, data: bytes, check=None) -> None:
    """Write ``data`` to ``path`` via a temp file, fsync and rename; old or new, never half.

    ``check(data)`` runs after the temp file is safely on disk and before the
    rename; if it raises, the temp file is removed and ``path`` is untouched.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.parent / f"{TEMP_PREFIX}{path.name}.{os.getpid()}.{secrets.token_hex(4)}"
    try:
        with open(temp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if check is not None:
            check(data)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def new_id(day: str) -> str:
    """A receipt id: the UTC day (YYYYMMDD) and 8 random hex digits; unguessable."""
    return f"{day}-{secrets.token_hex(4)}"


class Inbox:
    """Submission records on disk. Change them only inside ``with inbox.locked():``."""

    def __init__(self, root: str | Path, lock_timeout: float = 30.0):
        self.root = Path(root)
        self.lock_timeout = lock_timeout

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the inbox lock (waits up to ``lock_timeout`` seconds for another moderator)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+b") as handle:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as err:
                    if err.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() > deadline:
                        raise InboxError("another moderator has held the inbox for "
                                         f"{self.lock_timeout:.0f}s; try again shortly") from None
                    time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def folder(self, receipt: str) -> Path:
        if not ID_PATTERN.match(receipt or ""):
            raise InboxError(f"'{str(receipt)[:40]}' is not a receipt id; ids look like 20261122-3f9a1c2b")
        return self.root / receipt

    def exists(self, receipt: str) -> bool:
        return (self.folder(receipt) / "record.json").is_file()

    def create(self, receipt: str, record: dict[str, Any], photo: bytes | None) -> None:
        """Add a new submission folder in one rename (call while locked)."""
        final = self.folder(receipt)
        if final.exists():
            raise InboxError(f"submission {receipt} already exists")
        staging = self.root / f"{TEMP_PREFIX}{receipt}"
        staging.mkdir(parents=True)
        if photo is not None:
            atomic_write(staging / "photo.jpg", photo)
        atomic_write(staging / "record.json", _dump(record))
        os.rename(staging, final)
        fsync_dir(self.root)

    def load(self, receipt: str) -> dict[str, Any]:
        path = self.folder(receipt) / "record.json"
        try:
            return json.loads(path.read_bytes())
        except FileNotFoundError:
            raise InboxError(f"no submission {receipt} in {self.root}/") from None
        except ValueError as err:
            raise InboxError(f"the record of {receipt} is damaged ({err}); restore it from backup") from None

    def save(self, record: dict[str, Any]) -> None:
        """Replace a record atomically (call while locked)."""
        atomic_write(self.folder(record["id"]) / "record.json", _dump(record))

    def photo(self, receipt: str) -> bytes | None:
        path = self.folder(receipt) / "photo.jpg"
        return path.read_bytes() if path.is_file() else None

    def ids(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(entry.name for entry in os.scandir(self.root)
                      if ID_PATTERN.match(entry.name) and entry.is_dir())

    def records(self, damaged: list[tuple[str, str]] | None = None) -> list[dict[str, Any]]:
        """Every readable record, oldest first; unreadable ones are added to ``damaged``
        as (id, problem) so one broken record never hides the rest."""
        found = []
        for receipt in self.ids():
            try:
                found.append(self.load(receipt))
            except InboxError as err:
                if damaged is None:
                    raise
                damaged.append((receipt, str(err)))
        return sorted(found, key=lambda r: (r["submitted_at"], r["id"]))

    def private_map(self) -> dict[str, str]:
        """The private map of advocates' emails to their slugs."""
        path = self.root / "advocates.json"
        return json.loads(path.read_bytes()) if path.is_file() else {}

    def save_private_map(self, mapping: dict[str, str]) -> None:
        atomic_write(self.root / "advocates.json", _dump(mapping))

    def _key_path(self, key: str) -> Path:
        if not KEY_PATTERN.match(key or ""):
            raise InboxError("an inbox key is a sha256 hex digest")
        return self.root / ".keys" / key

    def receipt_for_key(self, key: str) -> str | None:
        """The submission a key (idempotency or status-link digest) points to, if it still exists."""
        try:
            receipt = self._key_path(key).read_text(encoding="ascii").strip()
        except (FileNotFoundError, UnicodeDecodeError):
            return None
        return receipt if ID_PATTERN.match(receipt) and self.exists(receipt) else None

    def remember_keys(self, keys: list[str], receipt: str) -> None:
        """Point each key at ``receipt`` (call while locked; keys are sha256 hex digests)."""
        for key in keys:
            atomic_write(self._key_path(key), receipt.encode("ascii") + b"\n")


def _dump(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
