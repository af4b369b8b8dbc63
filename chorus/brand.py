"""The brand: name, colours and logo from CHORUS_BRAND in pelicanconf.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

from chorus.problems import ConfigError

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Brand:
    name: str = "Chorus"
    tagline: str = "Stories from our community"
    primary: str = "#1f4d3a"      # header, buttons, links
    accent: str = "#e0893a"       # highlights, ratings
    ink: str = "#1b1f1d"          # body text
    paper: str = "#fbf8f2"        # page background
    logo: str = ""                # path under theme static or content, e.g. "images/logo.svg"
    submit_url: str = ""          # public URL of the intake form, if one is running

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Brand:
        given = dict(settings.get("CHORUS_BRAND") or {})
        known = {item.name for item in fields(cls)}
        problems = [f"unknown key '{key}' (known: {', '.join(sorted(known))})"
                    for key in sorted(given.keys() - known)]
        for key in ("primary", "accent", "ink", "paper"):
            if key in given and not _HEX.match(str(given[key])):
                problems.append(f"{key} '{given[key]}' is not a colour like '#1f4d3a'")
        for key in ("name", "tagline", "logo", "submit_url"):
            if key in given and not isinstance(given[key], str):
                problems.append(f"{key} must be text")
        if problems:
            raise ConfigError("CHORUS_BRAND: " + "; ".join(problems))
        return cls(**{key: value for key, value in given.items() if key in known})
