"""Works out the build's badges at context time (before cards and feeds need them) and
writes the badge images and the /recognition/ page."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from pelican.generators import Generator

from chorus.brand import Brand
from chorus.clock import site_zone
from chorus.pagedeps import TrackedMapping
from chorus.output import replace_bytes
from chorus.problems import ConfigError
from chorus.prompts import PromptSettings
from chorus.recognition import BadgeSettings
from chorus.recognition.earned import EARNED_FILE, Earning, earned_json

from .shown import FOLDER, recognise

logger = logging.getLogger(__name__)


class BadgesGenerator(Generator):
    """Publishes ``advocate_badges``, ``badge_marks``, ``recent_badges``, ``year_awards``,
    ``badge_rules`` and ``advocate_card_badges``, and adds the badge feed to
    ``chorus_extra_feeds``; writes ``recognition/`` (the page and the badge images).

    Runs after the articles and the prompts plugin's context (it must come after
    chorus_prompts in PLUGINS) and before ``all_generators_finalized``, where the cards
    plugin reads ``advocate_card_badges``. ``recognition/earned.json`` lists the visible badges
    for the publisher's mail (chorus/recognition/earned.py, notify.py)."""

    def generate_context(self) -> None:
        hub = self.context.get("chorus_hub")
        if hub is None or "prompt_days" not in self.context:
            raise ConfigError("PLUGINS: chorus_badges needs chorus_content and chorus_prompts listed before it")
        started = time.perf_counter()
        found = recognise(hub, list(self.context.get("articles", [])), self.context["prompt_days"],
                          BadgeSettings.from_settings(self.settings), Brand.from_settings(self.settings),
                          site_zone(self.settings["TIMEZONE"]),
                          PromptSettings.from_settings(self.settings).grace_window)
        logger.info("Chorus badges: %d earned by %d advocates in %.2fs",
                    sum(len(shown) for shown in found.by_advocate.values()), len(found.by_advocate),
                    time.perf_counter() - started)
        for line in found.left_out:
            logger.info("Chorus badges: award not shown: %s", line)
        # Bylines on every page look up one advocate's marks: tracked per key, so an
        # advocate's new badge re-renders only the pages that show that advocate.
        self.context["advocate_badges"] = TrackedMapping("advocate_badges", found.by_advocate)
        self.context["badge_marks"] = TrackedMapping("badge_marks", found.marks)
        self.context["recent_badges"] = found.recent
        self.context["year_awards"] = found.awards
        self.context["badge_rules"] = found.rules
        self.context["advocate_card_badges"] = found.card_lines
        self.context["chorus_extra_feeds"] = [*self.context.get("chorus_extra_feeds", []), found.feed]
        self.output_files = found.images
        # What the publisher compares before and after a build to mail new badges (public data).
        self.output_files[EARNED_FILE] = earned_json([
            Earning(s.earned.advocate_slug, s.earned.badge, s.earned.name, s.earned.day.isoformat(),
                    s.advocate.name) for shown in found.by_advocate.values() for s in shown])

    def generate_output(self, writer) -> None:
        output = Path(self.output_path)
        for relative, data in sorted(self.output_files.items()):
            target = output / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            replace_bytes(target, data)     # a new inode every build (chorus_incremental's contract)
        writer.write_file(f"{FOLDER}/index.html", self.get_template("recognition"), self.context,
                          page_name=f"{FOLDER}/index")
        logger.info("Chorus badges: /%s/ and %d badge images written", FOLDER, len(self.output_files) - 1)
