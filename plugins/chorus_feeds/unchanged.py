"""Leave a feed file alone when what it would say is what the previous build wrote.

A hub has about one feed per tag, advocate and prompt day, three files each, and most
of them do not change from one build to the next. Rendering them is the costly part
(feedgen and lxml), so each file's *content* gets a digest, worked out from the feed's
plain-data model (``Feed`` and its ``Item``s, see model.py) and a fingerprint of the
code and libraries that render it. The digests of the files this build wrote are kept
in ``CACHE_PATH/chorus-feeds.json`` with each file's size, modification time and inode.

Next build, a file is not rendered again when its digest is the same and the file is
still exactly the one recorded (same size, modification time and inode: a file edited,
replaced or deleted by hand, or an output folder emptied, is rendered again). It is touched instead (``os.utime`` with its own
times), which keeps its modification time but gives it a fresh inode change time: the
mark ``chorus_incremental`` uses for "made by this build".
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import fields
from pathlib import Path

from chorus.buildcache import (code_fingerprint, read_fingerprinted, write_fingerprinted,
                               renderer_fingerprint as page_renderer_fingerprint)
from chorus.output import replace_bytes

from .entries import Site, from_inputs, inputs
from .model import Feed, Item

MANIFEST = "chorus-feeds.json"
ENTRIES = "chorus-feed-entries.json"


def renderer_fingerprint() -> str:
    """Changes whenever the same ``Feed`` could be written as different bytes."""
    import feedgen.version
    from lxml import etree

    from . import atomrss, jsonfeed, model, text

    # text.py holds how each declared type is written (as_plain, as_html, atom_text).
    return code_fingerprint((atomrss, jsonfeed, model, text), repr((feedgen.version.version, etree.LXML_VERSION)))


def entry_html_fingerprint() -> str:
    """Changes whenever ``text.feed_html`` could turn the same HTML into different HTML."""
    from . import text

    return code_fingerprint((text,), page_renderer_fingerprint())


class FeedDigests:
    """Digest of a feed's content in one format; each entry is hashed once per build."""

    def __init__(self, fingerprint: str):
        self.fingerprint = fingerprint
        self._items: dict[int, tuple[Item, str]] = {}

    def _item(self, item: Item) -> str:
        known = self._items.get(id(item))
        if known is None or known[0] is not item:
            known = (item, item_digest(item))
            self._items[id(item)] = known
        return known[1]

    def digest(self, feed: Feed, fmt: str) -> str:
        return self.digest_of(feed, [self._item(item) for item in feed.items], fmt)

    def digest_of(self, feed: Feed, items: list[str], fmt: str) -> str:
        """The digest of ``feed`` holding entries of digests ``items`` (its own are not read)."""
        head = repr([getattr(feed, f.name) for f in fields(feed) if f.name != "items"])
        parts = [self.fingerprint, fmt, head, *items]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def item_digest(item: Item) -> str:
    """What ``FeedDigests`` hashes of an entry."""
    return hashlib.sha256(repr(item).encode()).hexdigest()


def entries_fingerprint() -> str:
    """Changes whenever the same inputs could make a different entry (``entries.from_inputs``)."""
    from chorus import excerpt

    from . import entries, framing

    return code_fingerprint((entries, framing, excerpt), renderer_fingerprint() + entry_html_fingerprint())


class EntryDigests:
    """Each entry's digest, kept from build to build by the digest of what it is made from.

    An entry is ``entries.from_inputs(entries.inputs(piece, site), site)``: made from plain
    values and the site's constants only, so when those and the code are the same, so is
    the entry. Reading a piece's inputs is cheap; making its entry (sanitising, framing,
    checking every field) is not, so an entry is made only when its inputs are new or a
    feed holding it is written. ``CACHE_PATH/chorus-feed-entries.json`` keeps, per digest
    of inputs, the entry's digest and the render cache keys its HTML came from (kept in
    that cache for when the entry is made)."""

    def __init__(self, cache_folder: Path | None, fingerprint: str):
        self.path = cache_folder / ENTRIES if cache_folder else None
        self.fingerprint = fingerprint
        self._previous = read_fingerprinted(self.path, fingerprint, "entries")
        self._now: dict[str, list] = {}
        self._memo: dict[int, tuple[object, str]] = {}
        self.made = 0

    def digest(self, piece: object, site: Site) -> str:
        """The digest of ``piece``'s entry (``item_digest``), made only if not known."""
        known = self._memo.get(id(piece))
        if known is not None and known[0] is piece:
            return known[1]
        values = inputs(piece, site)
        key = hashlib.sha256(repr((self.fingerprint, site.constants(), values)).encode()).hexdigest()
        entry = self._now.get(key) or self._previous.get(key)
        if entry is None or not (site.html_cache is None or site.html_cache.keep(entry[1])):
            site.html_keys = []
            try:
                item = from_inputs(values, site)
                entry = [item_digest(item), site.html_keys]
            finally:
                site.html_keys = None
            site.cache[id(piece)] = item
            self.made += 1
        self._now[key] = entry
        self._memo[id(piece)] = (piece, entry[0])
        return entry[0]

    def save(self) -> None:
        """Keep the entries of this build for the next one (no others)."""
        if self.path is None or self._now == self._previous:
            return
        write_fingerprinted(self.path, self.fingerprint, "entries", self._now)


def _entry(digest: str, stat: os.stat_result) -> list:
    return [digest, stat.st_size, stat.st_mtime_ns, stat.st_ino]


class WrittenFeeds:
    """The record of feed files written by the previous build, and this build's."""

    def __init__(self, cache_folder: Path | None, fingerprint: str):
        self.path = cache_folder / MANIFEST if cache_folder else None
        self.fingerprint = fingerprint
        self._previous = read_fingerprinted(self.path, fingerprint, "files")
        self._now: dict[str, list] = {}
        self.kept = 0

    def keep(self, target: Path, digest: str) -> bool:
        """Whether ``target`` already holds this content; if so, mark it as made by this build."""
        name = os.path.abspath(target)
        try:
            stat = target.stat()
        except OSError:
            return False
        if self._previous.get(name) != _entry(digest, stat):
            return False
        os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        self._now[name] = self._previous[name]
        self.kept += 1
        return True

    def write(self, target: Path, digest: str, data: bytes) -> tuple[str, list]:
        """Write ``data`` to ``target`` and record it; returns what was recorded (see ``adopt``)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_bytes(target, data)  # never in place: the file may be linked from the live build
        name = os.path.abspath(target)
        self._now[name] = entry = _entry(digest, target.stat())
        return name, entry

    def adopt(self, written: list[tuple[str, list]]) -> None:
        """Record files that a copy of this record wrote in another process (what its
        ``write`` returned): that copy's own record is lost with the process."""
        self._now.update(written)

    def save(self) -> None:
        """Keep this build's record for the next one (only the files it made)."""
        if self.path is None or self._now == self._previous:
            return
        write_fingerprinted(self.path, self.fingerprint, "files", self._now)
