"""The brand: name, colours and logo from CHORUS_BRAND in pelicanconf.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from chorus.namespaced import read_namespace
from chorus.problems import ConfigError

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Brand:
    name: str = "Chorus"
    tagline: str = "Stories from our community"
    primary: str = "#1f4d3a"      # header, buttons, links
    accent: str = "#a34a14"       # highlights, ratings
    ink: str = "#1b1f1d"          # body text
    paper: str = "#fbf8f2"        # page background
    logo: str = ""                # path under theme static or content, e.g. "images/logo.svg"
    submit_url: str = ""          # public URL of the intake form, if one is running

    def contrast_warnings(self) -> list[str]:
        """Brand colours that fall below WCAG 2.1 AA contrast (4.5:1) for text on the page."""
        pairs = [("ink", self.ink, "paper", self.paper), ("primary", self.primary, "paper", self.paper),
                 ("accent", self.accent, "paper", self.paper), ("white", "#ffffff", "primary", self.primary),
                 ("white", "#ffffff", "accent", self.accent)]
        return [f"CHORUS_BRAND: {fg} on {bg} has a contrast of {ratio:.1f}:1; WCAG AA needs 4.5:1"
                for fg, fg_hex, bg, bg_hex in pairs
                if (ratio := contrast_ratio(fg_hex, bg_hex)) < 4.5]

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Brand:
        given, known, problems = read_namespace(settings, "CHORUS_BRAND", cls)
        for key in ("primary", "accent", "ink", "paper"):
            if key in given and not _HEX.match(str(given[key])):
                problems.append(f"{key} '{given[key]}' is not a colour like '#1f4d3a'")
        for key in ("name", "tagline", "logo", "submit_url"):
            if key in given and not isinstance(given[key], str):
                problems.append(f"{key} must be text")
        if problems:
            raise ConfigError("CHORUS_BRAND: " + "; ".join(problems))
        return cls(**{key: value for key, value in given.items() if key in known})


def _luminance(colour: str) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
