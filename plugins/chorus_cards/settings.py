"""CHORUS_CARDS: the share-card settings, checked once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chorus.namespaced import read_namespace
from chorus.problems import ConfigError


@dataclass(frozen=True)
class CardSettings:
    cache_dir: str = "cache/cards"                 # relative to the folder above PATH (the project)
    local_siteurl: str = "http://127.0.0.1:8000"  # absolute base for og: URLs when SITEURL is not
    logo: str = ""                                 # PNG/JPEG logo for cards; "" = CHORUS_BRAND logo
    workers: int = 0                               # processes for drawing; 0 = one per core
    compress_level: int = 3                        # zlib level of the PNGs (see docs/share-cards.md)

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> CardSettings:
        given, known, problems = read_namespace(settings, "CHORUS_CARDS", cls)
        for key in ("cache_dir", "local_siteurl", "logo"):
            if key in given and not isinstance(given[key], str):
                problems.append(f"{key} must be text")
        for key, low, high in (("workers", 0, 256), ("compress_level", 0, 9)):
            value = given.get(key, low)
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                problems.append(f"{key} must be a whole number from {low} to {high}")
        url = given.get("local_siteurl", cls.local_siteurl)
        if isinstance(url, str) and not url.startswith(("http://", "https://")):
            problems.append("local_siteurl must start with http:// or https://")
        if problems:
            raise ConfigError("CHORUS_CARDS: " + "; ".join(problems))
        return cls(**given)


def share_siteurl(settings: dict[str, Any], cards: CardSettings) -> str:
    """The absolute base of og: and share URLs: SITEURL when it is absolute (published
    builds, enforced by chorus.site.require_absolute_siteurl), else the local preview address
    (plus SITEURL's path, if it has one)."""
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    if siteurl.startswith(("http://", "https://")):
        return siteurl
    return cards.local_siteurl.rstrip("/") + ("/" + siteurl.strip("/") if siteurl.strip("/") else "")
