"""The brand: name, colours and logo from CHORUS_BRAND in pelicanconf.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
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
    intro: str = ""               # the home page's lede under the tagline ("" = a generic one)

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
        for key in ("name", "tagline", "logo", "submit_url", "intro"):
            if key in given and not isinstance(given[key], str):
                problems.append(f"{key} must be text")
        if problems:
            raise ConfigError("CHORUS_BRAND: " + "; ".join(problems))
        return cls(**{key: value for key, value in given.items() if key in known})


def logo_candidates(settings: dict[str, Any], logo: str) -> list[Path]:
    """Where the file behind ``logo`` (its URL path in the built site) may be: under the
    content folder (a static path, e.g. ``images/logo.png``) or in the theme's static
    folder (``theme/images/logo.svg`` -> ``<THEME>/static/images/logo.svg``)."""
    found = [Path(settings["PATH"]) / logo]
    if logo.startswith("theme/"):
        found.append(Path(settings.get("THEME", "theme")) / "static" / logo[len("theme/"):])
    return found


def check_logo(settings: dict[str, Any], brand: Brand) -> None:
    """A logo that does not exist is a configuration error, not a broken image on every page."""
    if brand.logo and not any(path.is_file() for path in logo_candidates(settings, brand.logo)):
        looked = ", ".join(str(path) for path in logo_candidates(settings, brand.logo))
        raise ConfigError(f"CHORUS_BRAND: logo '{brand.logo}' not found (looked for {looked}); "
                          "give a file under the theme ('theme/images/logo.svg') or under content/ "
                          "('images/logo.png'), or '' for no logo")


def check_contrast(settings: dict[str, Any], brand: Brand) -> list[str]:
    """The contrast warnings of ``brand``; for a build for the web (an absolute ``SITEURL``:
    publish, daily) they are an error, so a hub never goes live with unreadable colours."""
    warnings = brand.contrast_warnings()
    siteurl = str(settings.get("SITEURL") or "")
    if warnings and siteurl.startswith(("http://", "https://")):
        raise ConfigError("colours below WCAG AA contrast cannot be published:\n  "
                          + "\n  ".join(warnings) + "\nchoose darker (or lighter) colours in CHORUS_BRAND")
    return warnings


def _luminance(colour: str) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
