"""Where the cached search records live: packs of records, and a manifest of which pack
holds each record.

A full build of a 1,000-story hub makes about 1,800 records, and creating a file costs
0.1 to 0.7 ms on the disks Chorus was measured on: one file per record took about a second
of every full build. So the records a build reads are written together, as one pack
(``records/<name>.json``: an object of record digest -> record, named by the digest of its
bytes), and ``records/manifest.json`` maps each record digest to its pack. A pack is
written before the manifest that names it (each through a new file renamed in), so a
manifest never names a missing pack; a record the manifest does not name, or whose pack is
gone (another build sharing the cache pruned it), is simply not there: its page is read again.

``prune`` keeps the records a build uses: it drops the others from the manifest, deletes the
packs that hold none of them, and once more than ``MAX_PACKS`` packs are in use, writes the
records in use into one pack and deletes the rest (so records of edited pages do not pile up).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from chorus.output import replace_bytes

MANIFEST = "manifest.json"
MAX_PACKS = 16


class RecordPacks:
    """The records under ``folder`` (read when made; not shared between threads)."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._files = set(os.listdir(folder)) - {MANIFEST}
        try:
            found = json.loads((folder / MANIFEST).read_bytes())
        except (OSError, ValueError):
            found = {}
        self.where: dict[str, str] = {
            digest: pack for digest, pack in (found.items() if isinstance(found, dict) else ())
            if isinstance(pack, str) and pack in self._files}

    def __contains__(self, digest: str) -> bool:
        return digest in self.where

    def add(self, records: dict[str, bytes]) -> None:
        """Store ``records`` (digest -> the record's JSON bytes) not stored yet, as one pack."""
        new = {digest: data for digest, data in records.items() if digest not in self.where}
        if new:
            self._write_pack(new)
            self._save_manifest()

    def load(self, digests: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The records of ``digests`` (KeyError for one not stored; OSError for a pack gone)."""
        wanted: dict[str, list[str]] = {}
        for digest in set(digests):
            wanted.setdefault(self.where[digest], []).append(digest)
        found: dict[str, dict[str, Any]] = {}
        for pack, names in wanted.items():
            held = json.loads((self.folder / pack).read_bytes())
            found.update((digest, held[digest]) for digest in names)
        return found

    def prune(self, used: set[str]) -> int:
        """Keep only the records of ``used``; returns how many files were removed."""
        kept = {digest: pack for digest, pack in self.where.items() if digest in used}
        if len(set(kept.values())) > MAX_PACKS:
            records = self.load(kept)
            self.where = {}
            self._write_pack({digest: encode(record) for digest, record in records.items()})
            self._save_manifest()
        elif kept != self.where:
            self.where = kept
            self._save_manifest()
        packs = set(self.where.values())
        removed = 0
        for name in sorted(self._files - packs):
            (self.folder / name).unlink(missing_ok=True)
            removed += 1
        self._files = packs
        return removed

    def _write_pack(self, records: dict[str, bytes]) -> None:
        body = b"{" + b",".join(json.dumps(digest).encode() + b":" + records[digest]
                                for digest in sorted(records)) + b"}"
        name = f"{hashlib.sha256(body).hexdigest()[:24]}.json"
        replace_bytes(self.folder / name, body)
        self._files.add(name)
        self.where.update(dict.fromkeys(records, name))

    def _save_manifest(self) -> None:
        replace_bytes(self.folder / MANIFEST, json.dumps(self.where, sort_keys=True).encode())


def encode(record: dict[str, Any]) -> bytes:
    """A record's JSON bytes (``chorus.search.records`` digests them)."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True).encode()
