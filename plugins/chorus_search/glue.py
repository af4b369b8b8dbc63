"""Connect site search to Pelican: the /search/ page, then the index once all is written."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from chorus.buildcache import CacheSettings
from chorus.namespaced import plugin_listed
from chorus.output import replace_bytes

from .index import build_index, find_binary, html_digest, keep_index
from .settings import SearchSettings

logger = logging.getLogger(__name__)


class SearchPageGenerator(Generator):
    """Writes /search/ and tells templates where the index is (``context["search_index"]``)."""

    def generate_context(self) -> None:
        config = SearchSettings.from_settings(self.settings)
        if config.enabled:
            self.context["search_index"] = config.folder

    def generate_output(self, writer) -> None:
        if "search_index" in self.context:
            writer.write_file("search/index.html", self.get_template("search"), self.context,
                              page_name="search/index")


def check(pelican) -> None:
    """Fail early, before rendering anything, when Pagefind cannot be found."""
    config = SearchSettings.from_settings(pelican.settings)
    if config.enabled and plugin_listed(pelican.settings, "chorus_search"):
        find_binary(config.binary)


def index(pelican) -> None:
    """Index the whole output once every page is written; keep the last index when no page
    changed (a digest of every page under CACHE_PATH)."""
    config = SearchSettings.from_settings(pelican.settings)
    if not (config.enabled and plugin_listed(pelican.settings, "chorus_search")):
        return
    output, binary = Path(pelican.output_path), find_binary(config.binary)
    record = _record_path(pelican.settings)
    digest = html_digest(output, config.folder, binary)
    if record and record.is_file() and record.read_text() == digest and keep_index(output, config.folder):
        logger.info("Chorus search: no page changed; index kept")
        return
    result = build_index(output, config.folder, binary, config.timeout)
    if record:
        record.parent.mkdir(parents=True, exist_ok=True)
        replace_bytes(record, digest.encode())
    logger.info("Chorus search: %d pages indexed in %.2fs", result.pages, result.seconds)


def _record_path(settings) -> Path | None:
    keep = CacheSettings.from_settings(settings).keep_unchanged and settings.get("CACHE_PATH")
    return Path(settings["CACHE_PATH"]) / "chorus-search.digest" if keep else None


def add_generator(pelican):
    return SearchPageGenerator if plugin_listed(pelican.settings, "chorus_search") else None


def register() -> None:
    signals.initialized.connect(check)
    signals.get_generators.connect(add_generator)
    signals.finalized.connect(index)
