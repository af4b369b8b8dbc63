"""Site search: a Pagefind bundle of the built site, written after the build is live.

A rebuild must not wait for Pagefind (it writes its whole bundle every time: seconds at
1,000 stories), so the work is split (docs/search.md):

- during the build, the search plugin (``plugins/chorus_search``) calls ``prepare``: it
  records every indexed page's record (``records.collect``: only new or changed pages are
  read) and decides whether the previous bundle, seeded into the new build, may stay until
  the new one is written: only when every page it holds is still there unchanged (a stale
  bundle may miss a new page for a few seconds, but never shows text the site no longer
  has: a withdrawal or an edit drops it, and /search/ says the index is being updated);
- after the switch and the deploy of the pages, ``chorus.building`` calls ``index_live``,
  which writes the new bundle from the cached records into a fresh folder and renames it into
  the live build (then a second deploy sends it).

The cache is shared by every build with the same ``CACHE_PATH``, but what a bundle holds is
always read from the folder it is written into, so another build (a preview) can slow the next
one down (its pages are read again), never change what it indexes.

Pagefind's bundle is not byte-reproducible (chunk names and order change between runs over
the same records), so tree comparisons leave out its folder; every other file is.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chorus.namespaced import plugin_listed
from chorus.output import TEMP_PREFIX, remove_tree, replace_bytes
from chorus.search import records
from chorus.search.pagefind import SearchIndexError, find_binary, write_bundle
from chorus.search.settings import SearchSettings

__all__ = ["Indexed", "SearchSettings", "SearchIndexError", "active", "find_binary", "prepare", "index_live",
           "index_output"]

logger = logging.getLogger(__name__)
STATE = "bundle.json"      # the live bundle's entry digest and the records it holds


def active(settings: dict[str, Any]) -> SearchSettings | None:
    """The search settings when this build has site search, else None."""
    config = SearchSettings.from_settings(settings)
    return config if config.enabled and plugin_listed(settings, "chorus_search") else None


def _entry_digest(bundle: Path) -> str:
    try:
        return hashlib.sha256((bundle / "pagefind-entry.json").read_bytes()).hexdigest()
    except OSError:
        return ""


def _read(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}


def prepare(settings: dict[str, Any], output: Path) -> records.Collected:
    """During the build: collect this build's records; keep the seeded bundle only when
    every page it holds is unchanged (else remove it, so no stale text stays searchable)."""
    from chorus.building import BuildSettings   # chorus.building imports this module
    from chorus.forked import worker_count

    config = SearchSettings.from_settings(settings)
    cache = records.cache_folder(settings)
    workers = worker_count(BuildSettings.from_settings(settings).workers)
    collected = records.collect(output, cache, config.folder, workers)
    bundle = output / config.folder
    if bundle.exists():
        state = _read(cache / STATE)
        held: dict[str, str] = state.get("records", {})
        stale = sorted(url for url, digest in held.items() if collected.digests.get(url) != digest)
        if stale or state.get("entry") != _entry_digest(bundle):
            remove_tree(bundle)
            logger.info("Chorus search: %s; search is unavailable until the new index is written",
                        f"{len(stale)} indexed pages changed or went (first: {stale[0]})" if stale
                        else "the bundle in the output is not the one last written")
    return collected


def index_output(settings: dict[str, Any], output: Path) -> int | None:
    """Write the bundle of the pages in ``output`` into it (a fresh folder renamed in:
    readers see the old bundle, then briefly none, then the new one). The records are read
    again from ``output`` itself, so a build sharing the cache cannot mix in its pages; after
    ``prepare`` that is a stat per page. Returns the number of records, or None when the
    bundle there is already current."""
    config = SearchSettings.from_settings(settings)
    cache = records.cache_folder(settings)
    digests = records.collect(output, cache, config.folder).digests
    target = output / config.folder
    state = _read(cache / STATE)
    if target.is_dir() and state.get("records") == digests and state.get("entry") == _entry_digest(target):
        return None
    # named like chorus.output's switch links, so the next build removes it if this one is killed
    fresh = output.parent / f"{TEMP_PREFIX}{output.name}.search-{secrets.token_hex(4)}"
    fresh.mkdir()
    try:
        count = write_bundle(records.load(cache, digests), fresh / config.folder,
                             find_binary(config.binary), config.timeout)
        if target.exists():
            target.rename(fresh / "previous")
        (fresh / config.folder).rename(target)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    replace_bytes(cache / STATE, json.dumps({"entry": _entry_digest(target), "records": digests},
                                            sort_keys=True).encode())
    records.prune(cache, digests)
    return count


@dataclass(frozen=True)
class Indexed:
    """What ``index_live`` did: ``written`` when a new bundle was renamed into the build (a
    deploy must send it), ``problem`` when none could be written (the reason, for a report)."""

    written: bool = False
    problem: str = ""


def index_live(settings: dict[str, Any], build: Path) -> Indexed:
    """After the switch (``chorus.building``): bring the live build's search bundle up to
    date. A failure is logged and returned, never raised: the build is live and /search/
    degrades to its links until the next build writes the index."""
    if active(settings) is None:
        return Indexed()
    started = time.perf_counter()
    try:
        count = index_output(settings, build)
    except (SearchIndexError, OSError) as error:
        logger.error("Chorus search: the index was not written (%s); /search/ offers its links "
                     "until a later build writes it", error)
        return Indexed(problem=f"search index not written: {error}")
    if count is None:
        logger.info("Chorus search: no indexed page changed; index kept")
        return Indexed()
    logger.info("Chorus search: %d pages indexed in %.2fs", count, time.perf_counter() - started)
    return Indexed(written=True)
