"""``CHORUS_FEEDS`` in pelicanconf.py, read once into a frozen dataclass."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from chorus.namespaced import read_namespace
from chorus.problems import ConfigError

FAMILIES = ("stories", "testimonials", "prompts", "prompt_days", "advocates", "tags", "products",
            "recognition")
FORMATS = ("atom", "rss", "json")
_FOLDER = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class FeedSettings:
    families: tuple[str, ...] = FAMILIES          # which feed families are written
    formats: tuple[str, ...] = FORMATS            # which formats are written
    json_families: tuple[str, ...] = FAMILIES     # JSON Feed twins for these (default: every feed)
    items: int = 50                               # newest entries per feed
    hub: str = ""                                 # WebSub hub URL; adds rel="hub" links
    folder: str = "feeds"                         # output folder for every feed
    base_url: str = "http://127.0.0.1:8000"       # absolute base used only when SITEURL is empty

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> FeedSettings:
        """Read and check ``CHORUS_FEEDS``; every problem is reported at once."""
        given, known, problems = read_namespace(settings, "CHORUS_FEEDS", cls)
        for key, allowed in (("families", FAMILIES), ("formats", FORMATS), ("json_families", FAMILIES)):
            if key in given:
                value = given[key]
                if isinstance(value, str) or not all(isinstance(v, str) for v in value):
                    problems.append(f"{key} must be a list of names from {', '.join(allowed)}")
                    continue
                given[key] = tuple(value)
                wrong = [v for v in value if v not in allowed]
                if wrong:
                    problems.append(f"{key}: unknown {wrong} (known: {', '.join(allowed)})")
        if "items" in given and (type(given["items"]) is not int or not 1 <= given["items"] <= 1000):
            problems.append("items must be a whole number from 1 to 1000")
        for key in ("hub", "base_url"):
            value = given.get(key, "")
            if not isinstance(value, str) or (value and not re.match(r"^https?://[^/\s]+", value)):
                problems.append(f"{key} must be an absolute http(s) URL like 'https://example.com'")
        if "folder" in given and not (isinstance(given["folder"], str) and _FOLDER.match(given["folder"])):
            problems.append("folder must be one lowercase folder name like 'feeds'")
        if problems:
            raise ConfigError("CHORUS_FEEDS: " + "; ".join(problems))
        return cls(**{key: value for key, value in given.items() if key in known})

    def wants(self, family: str, fmt: str) -> bool:
        """Whether feeds of ``family`` are written in format ``fmt``."""
        if family not in self.families or fmt not in self.formats:
            return False
        return fmt != "json" or family in self.json_families


def site_base(settings: dict[str, Any], feeds: FeedSettings) -> str:
    """The absolute base every feed URL starts with: SITEURL, or base_url for local builds."""
    url = (settings.get("SITEURL") or "").rstrip("/")
    if url.startswith(("http://", "https://")):
        return url
    return feeds.base_url.rstrip("/")
