"""Loads the hub's advocates, testimonials and prompts into the shared context."""

from __future__ import annotations

from pelican.generators import Generator

from chorus.brand import Brand
from chorus.buildcache import CacheSettings
from chorus.check import stray_files
from chorus.clock import build_day, site_zone
from chorus.fragments import Fragments
from chorus.hub import load_hub
from chorus.pagedeps import TrackedMapping
from chorus.recordcache import RecordCache


class ContentModelGenerator(Generator):
    """Publishes ``chorus_hub``, ``chorus_brand``, ``build_day`` and this build's theme
    ``fragments`` (chorus/fragments.py) to the context."""

    def generate_context(self) -> None:
        zone = site_zone(self.settings["TIMEZONE"])
        day = build_day(self.settings.get("CHORUS_TODAY"), zone)
        records = RecordCache(self.settings["CACHE_PATH"] if CacheSettings.from_settings(self.settings).records
                              else None, zone)
        hub = load_hub(self.path, zone, day, records=records)
        records.save()
        hub.problems.extend(stray_files(self.path))
        # Pages look advocates up by slug: each page depends on the ones it read (chorus/pagedeps.py).
        hub.advocates = TrackedMapping("chorus_hub.advocates", hub.advocates)
        self.context["chorus_hub"] = hub
        self.context["chorus_brand"] = Brand.from_settings(self.settings)
        self.context["build_day"] = day
        self.context["fragments"] = Fragments()
