"""Connect the meta plugin to Pelican's signals. Logic lives in the other modules."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from chorus.brand import Brand
from chorus.output import replace_bytes

from .iconcache import FOLDER, icon_files
from .icons import FILES
from .settings import MetaSettings
from .sitemap import PageLedger, robots_txt, sitemap_xml

logger = logging.getLogger(__name__)
LEDGER = "_CHORUS_META_PAGES"   # the build's PageLedger, shared through Pelican's settings


class IconsGenerator(Generator):
    """Publishes ``context["site_icons"]`` and writes the icons at the output's root."""

    def generate_context(self) -> None:
        if MetaSettings.from_settings(self.settings).icons:
            self.context["site_icons"] = {key: name for key, (name, _) in FILES.items()}

    def generate_output(self, writer) -> None:
        if not MetaSettings.from_settings(self.settings).icons:
            return
        brand = self.context.get("chorus_brand") or Brand.from_settings(self.settings)
        cache = Path(self.settings["CACHE_PATH"]) / FOLDER if self.settings.get("CACHE_PATH") else None
        for name, data in icon_files(brand, cache).items():
            # Written on every build: the incremental writer keeps what a build wrote.
            replace_bytes(Path(self.output_path) / name, data)


def start(pelican) -> None:
    """Check the settings; give the build an empty page ledger (settings reach every context)."""
    MetaSettings.from_settings(pelican.settings)
    pelican.settings[LEDGER] = PageLedger(Path(pelican.output_path))


def record(path, context=None) -> None:
    ledger = (context or {}).get(LEDGER)
    if ledger is not None:
        ledger.record(path, context)


def finish(pelican) -> None:
    """Write sitemap.xml and robots.txt once every page is written."""
    config, ledger = MetaSettings.from_settings(pelican.settings), pelican.settings.get(LEDGER)
    if ledger is None:
        return
    base, output = config.base(pelican.settings), Path(pelican.output_path)
    if config.sitemap:
        replace_bytes(output / "sitemap.xml", sitemap_xml(ledger.pages, base))
    if config.robots:
        replace_bytes(output / "robots.txt", robots_txt(base, config.sitemap))
    logger.info("Chorus meta: sitemap of %s pages", len(ledger.pages))


def add_generator(_pelican):
    return IconsGenerator


def register() -> None:
    signals.initialized.connect(start)
    signals.get_generators.connect(add_generator)
    signals.content_written.connect(record)
    signals.finalized.connect(finish)
