"""Connect site search to Pagefind: the /search/ page, and this build's search records once
every page is written. The index itself is written after the build is live
(``chorus.search.index_live``, called by ``chorus.building``)."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from chorus import search
from chorus.namespaced import plugin_listed

logger = logging.getLogger(__name__)


class SearchPageGenerator(Generator):
    """Writes /search/ and tells templates where the index is (``context["search_index"]``)."""

    def generate_context(self) -> None:
        config = search.SearchSettings.from_settings(self.settings)
        if config.enabled:
            self.context["search_index"] = config.folder

    def generate_output(self, writer) -> None:
        if "search_index" in self.context:
            writer.write_file("search/index.html", self.get_template("search"), self.context,
                              page_name="search/index")


def check(pelican) -> None:
    """Fail early, before rendering anything, when Pagefind cannot be found; keep the
    index's folder out of the output's clean-up (``prepare`` decides what becomes of it)."""
    config = search.active(pelican.settings)
    if config is not None:
        search.find_binary(config.binary)
        pelican.output_retention = [*pelican.output_retention, config.folder]
    # Connected here, after every plugin's register(), so it runs after the other finalized
    # receivers whatever the order of PLUGINS: the incremental writer's sweep must have removed
    # a withdrawn page before the records are read. Connecting again is a no-op.
    signals.finalized.connect(collect)


def collect(pelican) -> None:
    """Read the new or changed indexed pages into the search cache."""
    if search.active(pelican.settings) is None:
        return
    collected = search.prepare(pelican.settings, Path(pelican.output_path))
    logger.info("Chorus search: %d indexed pages, %d read", len(collected.digests), collected.parsed)


def add_generator(pelican):
    return SearchPageGenerator if plugin_listed(pelican.settings, "chorus_search") else None


def register() -> None:
    signals.initialized.connect(check)
    signals.get_generators.connect(add_generator)
