"""Render a page only when what it was rendered from changed (``CHORUS_CACHE["pages"]``).

Each page written through Pelican's Writer is rendered under a ``ReadLog``
(``chorus/pagedeps.py``): the names it read from its context and the keys it read from
tracked lookup tables. The record (``CACHE_PATH/chorus-pages.json``, each distinct list
of names stored once: ``pack``) keeps, per output file, those reads, the digest of their
values and the file's size, mtime and inode.
The next build first checks a page: same build fingerprint (code, settings, template
sources), the same digest for every logged read, and the output file still the very
file written then (the staging folder holds hard links to the live build, and nothing
writes into a file in place, so the same inode, size and mtime mean the same bytes).
Then the page is kept, not rendered; otherwise it is rendered and recorded afresh.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Any

from jinja2.loaders import ChoiceLoader, FileSystemLoader, PrefixLoader
from jinja2.runtime import Context
from pelican.contents import Content
from pelican.paginator import Page as PaginatorPage
from pelican.paginator import Paginator
from pelican.urlwrappers import URLWrapper

from chorus.buildcache import files_fingerprint, read_fingerprinted, write_fingerprinted
from chorus.pagedeps import ABSENT, Digests, ReadLog, Unstatable, replay_lookup, resolve_path

logger = logging.getLogger(__name__)
RECORD = "chorus-pages.json"
# per build, or not about what a page shows (CHORUS_BUILD: locking, kept builds, workers)
VOLATILE_SETTINGS = {"CHORUS_TODAY", "OUTPUT_PATH", "CHORUS_PROGRESS", "CHORUS_BUILD"}


def _python_sources(folders: list[Path]) -> list[Path]:
    return sorted(p for folder in folders if folder.is_dir() for p in folder.rglob("*.py"))


def code_and_settings_fingerprint(settings: dict[str, Any]) -> str:
    """Changes when the code that renders pages or any (non per-build) setting changes."""
    from importlib.metadata import version

    import chorus

    folders = [Path(chorus.__file__).parent, *(Path(p) for p in settings.get("PLUGIN_PATHS", []))]
    sources = _python_sources(folders)
    versions = "|".join(version(name) for name in ("pelican", "jinja2", "markupsafe"))
    stable = {key: value for key, value in settings.items()
              if key not in VOLATILE_SETTINGS and not key.startswith("_")}
    return files_fingerprint(sources, versions) + Digests().digest(stable)[:16]


class PageTracker:
    """One build's page records: which pages can be kept, and what each written page read."""

    def __init__(self, settings: dict[str, Any], context: dict[str, Any], output: Path):
        self.output = output
        self._root = os.path.abspath(output)
        self.log = ReadLog()
        self._settings, self._context = settings, context
        self.digests = Digests(skip=self._skip, extra=_extra, read_log=self.log, derived=_derived)
        try:
            self.fingerprint = code_and_settings_fingerprint(settings)
        except Unstatable as err:
            logger.warning("Chorus: every page is rendered (a setting cannot be fingerprinted: %s)", err)
            self.fingerprint = None
        path = Path(settings["CACHE_PATH"]) / RECORD
        self.path = path
        self._old = unpack(read_fingerprinted(path, self.fingerprint, "packed")) if self.fingerprint else {}
        self._new: dict[str, dict] = {}
        self._sources: dict[int | tuple, str] = {}   # environment or loaders -> templates digest
        self._lookups: dict[tuple, tuple[Any, str]] = {}
        self._prefixes: dict[str | tuple, bytes] = {}   # a name or table read -> its encoding
        self._contexts: dict[int, type] = {}
        self._attached: dict[int, Any] = {}   # id -> value whose tracked parts have the log
        self.kept = 0
        self.unstatable = 0
        self._attach(context)

    def _attach(self, context: dict[str, Any]) -> None:
        """Hand the read log to the tracked lookup tables and fragments of ``context`` (and of
        the objects in it); a tracked value without it makes the page unstatable."""
        attached = self._attached
        for value in list(context.values()):
            if attached.get(id(value)) is value:
                continue   # the build's own values, met again on every page
            attached[id(value)] = value
            for candidate in (value, *getattr(value, "__dict__", {}).values()):
                attach = getattr(candidate, "attach_read_log", None)
                if callable(attach) and not isinstance(candidate, type):
                    attach(self.log)

    def _skip(self, owner: Any, name: str, value: Any) -> bool:
        if isinstance(owner, URLWrapper):   # stated by _extra, whose names start with "\0"
            return not name.startswith("\0")   # (Pelican's as_dict adds fields to __dict__ on use)
        if value is self._settings:
            return True   # in the build fingerprint
        if value is self._context:
            if isinstance(owner, Content) and name == "_context":
                return True   # what it adds is in the content (links resolved), see _extra
            raise Unstatable(f"{type(owner).__name__}.{name} holds the whole build context")
        return False

    def _templates_digest(self, template) -> str:
        """The sources of every template the page's environment can load (read once per build
        for environments whose loaders are configured alike: each generator has its own)."""
        env = template.environment
        found = self._sources.get(id(env))
        if found is None:
            alike = _loader_key(env.loader)
            found = self._sources.get(alike) if alike else None
            if found is None:
                digest = hashlib.sha256()
                for name in sorted(env.list_templates()):
                    source, filename, _ = env.loader.get_source(env, name)
                    digest.update(f"{name}\0{len(source)}\0".encode() + source.encode())
                found = digest.hexdigest()
                if alike:
                    self._sources[alike] = found
            self._sources[id(env)] = found
        return found

    def _logging_context(self, template) -> None:
        env = template.environment
        if self._contexts.get(id(env)) is not env.context_class:
            log = self.log

            class LoggingContext(Context):
                def resolve_or_missing(self, key):
                    if key not in self.vars:
                        log.name(key)
                    return super().resolve_or_missing(key)

            env.context_class = LoggingContext
            self._contexts[id(env)] = LoggingContext

    def _relative(self, path: str) -> str:
        full = os.path.abspath(path)
        if full.startswith(self._root + os.sep):   # every page: no relpath needed
            return full[len(self._root) + 1:].replace(os.sep, "/")
        return Path(os.path.relpath(full, self._root)).as_posix()

    def _reads_digest(self, template, localcontext: dict, names, lookups) -> str:
        """One hash over the page's template, each name read and its value's digest, each
        table read and what it gives (the prefixes of names and reads encoded once per build)."""
        parts = [f"{self.fingerprint}\0{template.name}\0".encode(),
                 self._templates_digest(template).encode()]
        digest, prefixes = self.digests.digest, self._prefixes
        for name in sorted(names):
            prefix = prefixes.get(name)
            if prefix is None:
                prefix = prefixes[name] = f"\0n{name}\0".encode()
            parts.append(prefix)
            parts.append(digest(localcontext[name] if name in localcontext else ABSENT).encode())
        for read in sorted(lookups, key=repr):
            prefix = prefixes.get(read)
            if prefix is None:
                path, op, key = read
                prefix = prefixes[read] = f"\0l{path}\0{op}\0{key!r}\0".encode()
            parts.append(prefix)
            parts.append(self._lookup_digest(localcontext, *read).encode())
        return hashlib.sha256(b"".join(parts)).hexdigest()

    def _lookup_digest(self, localcontext: dict, path: str, op: str, key: str) -> str:
        """The digest of what a logged table read gives now, once per table and key per build
        (the tables are the build's own and do not change while pages render)."""
        table = resolve_path(localcontext, path)
        memo = (id(table), op, key)
        found = self._lookups.get(memo)
        if found is None or found[0] is not table:
            found = self._lookups[memo] = (table, self.digests.digest(replay_lookup(table, op, key)))
        return found[1]

    def unchanged(self, path: str, template, localcontext: dict) -> bool:
        """Whether the file at ``path`` already holds what rendering this page would write."""
        if self.fingerprint is None:
            return False
        relative = self._relative(path)
        old = self._old.get(relative)
        if not old:
            return False
        try:
            stat = os.stat(path)
            if [stat.st_size, stat.st_mtime_ns, stat.st_ino] != old["stat"]:
                return False
            if self._reads_digest(template, localcontext, old["names"],
                                  [tuple(item) for item in old["lookups"]]) != old["digest"]:
                return False
        except (OSError, Unstatable, KeyError, TypeError, ValueError):
            return False
        self._new[relative] = old
        self.kept += 1
        return True

    def render(self, template, localcontext: dict) -> tuple[str, dict | None]:
        """Render the page, returning its text and what it read (None: unstatable)."""
        if self.fingerprint is None:
            return template.render(localcontext), None
        self._logging_context(template)
        self._attach(localcontext)   # values published after the first page, page variables
        with self.log.capture() as (names, lookups):
            text = template.render(localcontext)
        try:
            digest = self._reads_digest(template, localcontext, names, lookups)
        except Unstatable as err:
            logger.debug("Chorus: page rendered on every build (%s)", err)
            return text, None
        return text, {"names": sorted(names), "lookups": sorted(map(list, lookups), key=repr),
                      "digest": digest}

    def written(self, path: str, reads: dict | None, stat: os.stat_result | None = None) -> None:
        """Record a rendered page (``reads`` from ``render``; None: unstatable) and the file's
        ``stat`` after writing (taken here when not given)."""
        relative = self._relative(path)
        if reads is None:
            self.unstatable += self.fingerprint is not None
            self._new.pop(relative, None)
            return
        stat = stat or os.stat(path)
        self._new[relative] = {**reads, "stat": [stat.st_size, stat.st_mtime_ns, stat.st_ino]}

    def save(self) -> None:
        """Keep the records of the pages this build wrote or kept (no others)."""
        if self.fingerprint is None or self._new == self._old:
            return
        write_fingerprinted(self.path, self.fingerprint, "packed", pack(self._new))


def pack(records: dict[str, dict]) -> dict[str, Any]:
    """The page records as saved: pages of one template read the same names, so each
    distinct list of names is stored once and a record holds its index (the names were
    more than half of the file, and reading it is a cost every build pays)."""
    table: list[list[str]] = []
    index: dict[tuple[str, ...], int] = {}
    pages = {}
    for path, record in records.items():
        names = tuple(record["names"])
        if names not in index:
            index[names] = len(table)
            table.append(record["names"])
        pages[path] = {**record, "names": index[names]}
    return {"names": table, "pages": pages}


def unpack(packed: dict[str, Any]) -> dict[str, dict]:
    """The records ``pack`` saved; a damaged record is left out (its page is rendered)."""
    table, pages, records = packed.get("names"), packed.get("pages"), {}
    if not isinstance(table, list) or not isinstance(pages, dict):
        return {}
    for path, record in pages.items():
        try:
            records[path] = {**record, "names": table[record["names"]]}
        except (KeyError, IndexError, TypeError):
            continue
    return records


def _loader_key(loader: Any) -> tuple | None:
    """The configuration of Jinja's own file system, choice and prefix loaders (two loaders
    configured alike list and load the same templates); None for any other loader."""
    kind = type(loader)
    if kind is FileSystemLoader:
        return ("files", tuple(loader.searchpath), loader.encoding, loader.followlinks)
    if kind is ChoiceLoader:
        keys = tuple(_loader_key(each) for each in loader.loaders)
        return None if None in keys else ("choice", keys)
    if kind is PrefixLoader:
        keys = tuple((prefix, _loader_key(each)) for prefix, each in sorted(loader.mapping.items()))
        return None if any(key is None for _, key in keys) else ("prefix", loader.delimiter, keys)
    return None


def _derived(value: Any) -> tuple | None:
    """Pelican's paginator pages are worked out from the paginator and the page number
    (``Paginator.page``): a page's ``articles_page``, ``articles_previous_page`` and
    ``articles_next_page`` are digested through the one paginator they share."""
    if isinstance(value, PaginatorPage) and isinstance(value.paginator, Paginator):
        return (f"page {value.number}", value.paginator)
    return None


def _extra(node: Any) -> dict[str, Any]:
    """Computed values the theme shows that the object's fields alone do not state."""
    if isinstance(node, Content):
        return {"content": node.content}   # intra-site links resolved against the whole site
    if isinstance(node, URLWrapper):       # the rest follows from the settings
        return {"name": node.name, "slug": node.slug}
    return {}
