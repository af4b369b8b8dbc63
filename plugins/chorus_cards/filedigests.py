"""Digests of the files a card is drawn from (fonts, photos, the logo), kept from build to
build by each file's size, times and inode, so an unchanged file is not read again.

A file written anew or in place gets a new inode change time (``st_ctime_ns``, which no
program can set back), so a changed file is always read and hashed again. The record is
``CACHE_PATH/chorus-card-files.json``; without ``CACHE_PATH`` every file is read."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from chorus.buildcache import read_fingerprinted, write_fingerprinted

RECORD = "chorus-card-files.json"
FORMAT = "sha256 over the files' bytes in order, by path and stat (1)"


def _signature(path: str) -> list[int]:
    status = os.stat(path)
    return [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]


class FileDigests:
    """sha256 of one file's bytes, or of several files' bytes one after the other."""

    def __init__(self, cache_folder: Path | None = None):
        self.path = Path(cache_folder) / RECORD if cache_folder else None
        self._previous = read_fingerprinted(self.path, FORMAT, "files")
        self._now: dict[str, list] = {}
        self.read = 0

    def of(self, *paths: str | Path) -> str:
        key = "\0".join(str(path) for path in paths)
        signature = [_signature(str(path)) for path in paths]   # before reading: a later change shows
        known = self._now.get(key) or self._previous.get(key)
        if known is not None and known[0] == signature:
            digest = known[1]
        else:
            hasher = hashlib.sha256()
            for path in paths:
                hasher.update(Path(path).read_bytes())
            digest = hasher.hexdigest()
            self.read += len(paths)
        self._now[key] = [signature, digest]
        return digest

    def save(self) -> None:
        """Keep the digests of the files this build used (no others)."""
        if self.path is None or self._now == self._previous:
            return
        write_fingerprinted(self.path, FORMAT, "files", self._now)
