"""Build caches that never change what a build outputs, only how fast it gets there.

``CHORUS_CACHE`` in pelicanconf.py (all keys optional)::

    CHORUS_CACHE = {
        "render": True,        # reuse sanitised HTML of unchanged Markdown (under CACHE_PATH)
        "records": True,       # reuse the validated record of an unchanged file (under CACHE_PATH)
        "keep_unchanged": True,  # leave output files whose bytes did not change alone
        "templates": True,     # compile the theme once (Jinja bytecode under CACHE_PATH/jinja)
        "pages": True,         # render a page only when what it read changed (needs keep_unchanged)
    }

The render cache is keyed by a SHA-256 of the Markdown text, the page kind and a
fingerprint of the renderer (the sanitiser's and typographer's source and the
Markdown and nh3 versions), so a change to any of them renders afresh. Each save keeps only
the entries used by that build, so the HTML of a withdrawn story does not linger.

Every file is read and validated on every build; the record cache (chorus/recordcache.py)
keeps the parsed record of a valid file by the digest of its bytes, so an unchanged file is
not parsed again. A file with problems is never cached: its report is a cold build's.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from chorus.namespaced import read_namespace
from chorus.output import replace_bytes
from chorus.problems import ConfigError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CacheSettings:
    render: bool = True
    records: bool = True
    keep_unchanged: bool = True
    templates: bool = True
    pages: bool = True

    @classmethod
    def from_settings(cls, settings: dict) -> "CacheSettings":
        given, known, problems = read_namespace(settings, "CHORUS_CACHE", cls)
        problems += [f"'{key}' must be True or False" for key in sorted(given.keys() & known.keys())
                     if not isinstance(given[key], bool)]
        if problems:
            raise ConfigError("CHORUS_CACHE: " + "; ".join(problems))
        return cls(**given)


def code_fingerprint(modules, versions: str) -> str:
    """A short hash of the source of ``modules`` and a ``versions`` string: what a cache
    records so that a change to the code or libraries producing it starts afresh."""
    return files_fingerprint([Path(module.__file__) for module in modules], versions)


def files_fingerprint(paths, versions: str) -> str:
    """A short hash of the files ``paths`` (names and bytes) and a ``versions`` string."""
    digest = hashlib.sha256()
    for path in paths:
        data = Path(path).read_bytes()
        digest.update(f"{Path(path).name}\0{len(data)}\0".encode())
        digest.update(data)
    digest.update(versions.encode())
    return digest.hexdigest()[:16]


def renderer_fingerprint() -> str:
    """Changes whenever the Markdown-to-safe-HTML pipeline could render differently."""
    import markdown
    import nh3

    from chorus import sanitize, typography

    return code_fingerprint((sanitize, typography), f"{markdown.__version__}|{getattr(nh3, '__version__', '')}")


def read_fingerprinted(path: Path | None, fingerprint: str, field: str) -> dict:
    """``field`` of the JSON cache file ``path``; empty when the file is missing, unreadable
    or written under another fingerprint."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_bytes())   # bytes: no newline translation of megabytes of text
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint:
        return {}
    entries = data.get(field)
    return entries if isinstance(entries, dict) else {}


def write_fingerprinted(path: Path, fingerprint: str, field: str, entries: dict) -> None:
    """Replace the JSON cache file ``path`` (a temporary file of its own, then a rename, so
    builds sharing a ``CACHE_PATH`` never write into each other's file).

    ASCII JSON (non-ASCII text as ``\\u`` escapes): a cache holds megabytes of rendered text in
    many scripts, and escaping it is about twice as fast to write and to read back as UTF-8."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps({"fingerprint": fingerprint, field: entries}, sort_keys=True, separators=(",", ":"))
    replace_bytes(path, data.encode("ascii"))


class RenderCache:
    """Sanitised HTML by hash of its Markdown source, loaded from and saved to one JSON file."""

    def __init__(self, path: Path | None, fingerprint: str):
        self.path = path
        self.fingerprint = fingerprint
        self._stored: dict[str, str] = read_fingerprinted(path, fingerprint, "entries")
        self._ready: dict[str, str] = {}     # rendered ahead of use in this build (``prepare``)
        self._used: dict[str, str] = {}

    def key(self, *parts: str) -> str:
        return hashlib.sha256("\0".join((self.fingerprint, *parts)).encode()).hexdigest()

    def html(self, text: str, trusted: bool, render: Callable[[], str]) -> str:
        """The cached HTML for ``text``, or ``render()``'s result (then remembered)."""
        return self.value(self.html_parts(text, trusted), render)

    def value(self, parts: tuple[str, ...], render: Callable[[], str]) -> str:
        """The cached result for the inputs ``parts``, or ``render()``'s (then remembered)."""
        key = self.key(*parts)
        found = self._stored.get(key)
        if not isinstance(found, str):
            found = self._ready.get(key)
        if found is None:
            found = render()
        self._used[key] = found
        return found

    def keep(self, keys: list[str]) -> bool:
        """Count the stored results under ``keys`` as used by this build (what was made from
        them earlier is not made again); False, counting none, when one is not stored."""
        found = []
        for key in keys:
            value = self._stored.get(key)
            if not isinstance(value, str):
                value = self._ready.get(key)
            if value is None:
                return False
            found.append((key, value))
        self._used.update(found)
        return True

    def lacks(self, parts: tuple[str, ...]) -> bool:
        """Whether the result for ``parts`` would have to be rendered now."""
        key = self.key(*parts)
        return not isinstance(self._stored.get(key), str) and key not in self._ready

    def prepare(self, parts: tuple[str, ...], result: str) -> None:
        """Hold ``result``, rendered ahead of time, until ``value(parts, ...)`` asks for it
        (saved only if it is asked for)."""
        self._ready[self.key(*parts)] = result

    @staticmethod
    def html_parts(text: str, trusted: bool) -> tuple[str, ...]:
        return (str(int(trusted)), text)

    def save(self) -> None:
        """Write the entries used by this build, unless they are exactly what is stored."""
        if self.path is None or self._used == self._stored:
            return
        write_fingerprinted(self.path, self.fingerprint, "entries", self._used)
        logger.debug("Chorus: render cache %s holds %d entries", self.path, len(self._used))
