"""``CHORUS_STRUCTURED`` in pelicanconf.py, read once into a frozen dataclass."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from chorus.namespaced import read_namespace
from chorus.problems import ConfigError


@dataclass(frozen=True)
class StructuredSettings:
    enabled: bool = True                          # write JSON-LD into every page
    local_siteurl: str = "http://127.0.0.1:8000"  # absolute base when SITEURL is empty

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> StructuredSettings:
        """Read and check ``CHORUS_STRUCTURED``; every problem is reported at once."""
        given, known, problems = read_namespace(settings, "CHORUS_STRUCTURED", cls)
        if "enabled" in given and not isinstance(given["enabled"], bool):
            problems.append("enabled must be True or False")
        if "local_siteurl" in given and not re.match(r"^https?://[^/\s]+", str(given["local_siteurl"])):
            problems.append("local_siteurl must be an absolute http(s) URL like 'http://127.0.0.1:8000'")
        if problems:
            raise ConfigError("CHORUS_STRUCTURED: " + "; ".join(problems))
        return cls(**{key: value for key, value in given.items() if key in known})

    def base(self, settings: dict[str, Any]) -> str:
        """The absolute base of every URL: SITEURL, or local_siteurl for local builds."""
        url = (settings.get("SITEURL") or "").rstrip("/")
        return url if url.startswith(("http://", "https://")) else self.local_siteurl.rstrip("/")
