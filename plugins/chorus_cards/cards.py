"""The build steps: make every card once the content is read, and place them in the output."""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from chorus import progress
from chorus.brand import Brand
from chorus.locales import og_locale
from chorus.pagedeps import TrackedMapping

from .collect import collect, resolve_logo, site_label
from .filedigests import FileDigests
from .fonts import load_chain
from .pipeline import place, plan, prune, render_missing
from .settings import CardSettings, share_siteurl

logger = logging.getLogger(__name__)
FOLDER = "cards"


def cache_folder(settings: dict[str, Any], cards: CardSettings) -> Path:
    path = Path(cards.cache_dir)
    return path if path.is_absolute() else Path(settings["PATH"]).resolve().parent / path


def make_cards(generators) -> None:
    """all_generators_finalized: publish share_cards/default_share_card and draw what is new.

    Runs after chorus_content linked stories to advocates and after the prompts plugin
    published prompt_days (it must come before chorus_cards in PLUGINS)."""
    context = generators[0].context
    started = time.perf_counter()
    cards = CardSettings.from_settings(context)
    base = share_siteurl(context, cards)
    brand = Brand.from_settings(context)
    project = Path(context["PATH"]).resolve().parent
    logo = resolve_logo(context, brand, cards.logo, project)
    files = FileDigests(Path(context["CACHE_PATH"]) if context.get("CACHE_PATH") else None)
    chain = load_chain(files=files)
    planned = plan(collect(context, brand, logo, site_label(base)), chain, FOLDER, files)
    files.save()
    cache = cache_folder(context, cards)
    drawn = render_missing(planned, chain, cache, cards.workers, cards.compress_level,
                           progress.of(context))
    names = {item.name for item in planned}
    prune(cache, names)
    context["share_siteurl"] = base
    context["og_locale"] = og_locale
    sizes = file_sizes(cache)
    shares = [dataclasses.replace(item.share, length=sizes.get(item.name, 0)) for item in planned]
    context["share_cards"] = TrackedMapping(   # each page reads its own card: chorus/pagedeps.py
        "share_cards", {item.card.page_url: share for item, share in zip(planned, shares)})
    context["default_share_card"] = shares[0]
    context["share_card_files"] = sorted(names)
    logger.info("Chorus cards: %d cards, %d drawn, in %.2fs", len(planned), drawn,
                time.perf_counter() - started)


def file_sizes(folder: Path) -> dict[str, int]:
    """Byte size of every file in ``folder`` (one directory read)."""
    with os.scandir(folder) as entries:
        return {entry.name: entry.stat().st_size for entry in entries if entry.is_file()}


class CardsGenerator(Generator):
    """Places the cards (drawn into the cache by make_cards) in output/cards/."""

    def generate_context(self) -> None:
        return None

    def generate_output(self, writer) -> None:
        names = set(self.context.get("share_card_files", []))
        if names:
            cards = CardSettings.from_settings(self.settings)
            place(names, cache_folder(self.settings, cards), Path(self.output_path) / FOLDER)
        # The first-party page the Mastodon share link opens: it asks for the reader's
        # server and sends the post there (no third-party share service).
        writer.write_file("share/mastodon/index.html", self.get_template("share_mastodon"),
                          self.context, noindex=True, page_name="share/mastodon/index")
