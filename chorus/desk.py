"""The moderation desk: CHORUS_MODERATION settings, the content folder and the store."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from chorus.clock import site_zone
from chorus.namespaced import read_namespace, scalar_problems
from chorus.photos import PhotoLimits
from chorus.problems import ConfigError
from chorus.prompts import PromptSettings
from chorus.site import public_siteurl
from chorus.store import Store, StoreSettings
from chorus.text import text_problem

MODERATOR_ENV = "CHORUS_MODERATOR"


@dataclass(frozen=True)
class ModerationSettings:
    """CHORUS_MODERATION in pelicanconf.py (where data lives is CHORUS_STORE's business)."""

    moderator: str = ""                       # CHORUS_MODERATOR in the environment wins
    sender: str = "Chorus moderators <moderators@example.com>"
    max_photo_bytes: int = 8_000_000
    max_photo_pixels: int = 40_000_000
    photo_max_side: int = 1600

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> ModerationSettings:
        given, types, problems = read_namespace(settings, "CHORUS_MODERATION", cls)
        problems += scalar_problems(given, types)
        if problems:
            raise ConfigError("CHORUS_MODERATION: " + "; ".join(problems))
        return cls(**given)

    @property
    def photo_limits(self) -> PhotoLimits:
        return PhotoLimits(max_bytes=self.max_photo_bytes, max_pixels=self.max_photo_pixels,
                           max_side=self.photo_max_side)


@dataclass(frozen=True)
class Desk:
    """Everything a moderation operation needs: content folder, store, timezone, settings."""

    content_dir: Path
    store: Store
    zone: ZoneInfo
    options: ModerationSettings
    site_name: str = "Chorus"
    site_url: str = ""                        # the public site, for links in mails (CHORUS_SITEURL)
    prompts: PromptSettings = PromptSettings()   # which prompt days an answer may name

    @classmethod
    def from_settings(cls, settings: dict[str, Any], base: str | Path,
                      environ: dict[str, str] | None = None) -> Desk:
        """A desk for the hub whose Pelican ``settings`` were read from a file in ``base``
        (the store is opened, and migrated, on first use)."""
        options = ModerationSettings.from_settings(settings)
        store = Store(StoreSettings.from_settings(settings, base, environ))
        root = Path(base)
        brand = (settings.get("CHORUS_BRAND") or {}).get("name") or settings.get("SITENAME", "Chorus")
        return cls(content_dir=root / settings["PATH"],
                   store=store, zone=site_zone(settings["TIMEZONE"]),
                   options=options, site_name=str(brand),
                   site_url=public_siteurl(settings),
                   prompts=PromptSettings.from_settings(settings))

    def moderator(self, environ: dict[str, str] | None = None) -> str:
        """Who is deciding: $CHORUS_MODERATOR, else the setting; refused when unset."""
        env = os.environ if environ is None else environ
        name = (env.get(MODERATOR_ENV) or self.options.moderator).strip()
        if not name:
            raise ConfigError(f"who is moderating? set {MODERATOR_ENV}='Your Name' or "
                              "CHORUS_MODERATION['moderator'] in pelicanconf.py")
        problem = text_problem(name, max_chars=80)
        if problem:
            raise ConfigError(f"{MODERATOR_ENV} {problem}")
        return name
