"""Card data for every page that gets its own card, read from the Pelican context.

Only consented data is used: the hub holds advocates in the name form they chose
and a photo only when they said yes; anonymous stories have ``advocate is None``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from chorus.brand import Brand
from chorus.community import profiles
from chorus.products import ProductSettings, gather

from .model import CardData, Palette

logger = logging.getLogger(__name__)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class Photos:
    """Consented photos' files, each looked up once per build (an advocate's photo is on
    every one of their cards)."""

    def __init__(self, content_dir: Path):
        self._root = content_dir.resolve()
        self._found: dict[str, str] = {}

    def __call__(self, relative: str, page: str) -> str:
        """The photo's file, if it is really there inside the content folder."""
        if not relative:
            return ""
        found = self._found.get(relative)
        if found is None:
            path = (self._root / relative).resolve()
            found = self._found[relative] = (
                str(path) if self._root in path.parents and path.is_file() else "")
        if not found:
            logger.warning("Chorus cards: %s: photo '%s' not found; the card shows initials", page, relative)
        return found


def resolve_logo(settings: dict[str, Any], brand: Brand, configured: str, project: Path) -> str:
    """A raster logo file for the cards: CHORUS_CARDS['logo'], else the brand logo (an SVG
    logo is replaced by a PNG of the same name next to it), else none."""
    candidates = []
    if configured:
        candidates.append(project / configured)
    elif brand.logo:
        theme = Path(settings.get("THEME", "theme"))
        relative = brand.logo[len("theme/"):] if brand.logo.startswith("theme/") else brand.logo
        for base in (Path(settings["PATH"]) / brand.logo, theme / "static" / relative):
            candidates += [base.with_suffix(".png"), base] if base.suffix == ".svg" else [base]
    for path in candidates:
        if path.is_file() and path.suffix.lower() in (".png", ".jpg", ".jpeg", ".webp"):
            return str(path.resolve())
    if configured or brand.logo:
        logger.warning("Chorus cards: no PNG/JPEG logo found for %s; cards show the name only",
                       configured or brand.logo)
    return ""


def _testimonial(item: Any, who: Any, photos: Photos, base: dict[str, Any]) -> CardData:
    """A testimonial's card: the quote, the rating, who said it, their role and the product."""
    role = ", ".join(x for x in (item.role, item.organisation) if x)
    about = f"About {item.product}" if item.product else ""
    return CardData(
        "testimonial", item.slug, item.url, quote=item.quote, rating=item.rating,
        name=who.name if who else "", initials=who.initials if who else "",
        detail=" · ".join(x for x in (role, about) if x) or item.date.strftime("%-d %B %Y"),
        photo=photos(who.photo, item.url) if who else "", **base)


def collect(context: dict[str, Any], brand: Brand, logo: str, site_label: str) -> list[CardData]:
    """Cards for the site default, every story, testimonial, advocate and prompt day."""
    palette = Palette(brand.primary, brand.accent, brand.ink, brand.paper)
    base = {"palette": palette, "brand_name": brand.name, "logo": logo, "site_label": site_label}
    photos = Photos(Path(context["PATH"]))
    hub = context["chorus_hub"]
    articles = list(context.get("articles", []))
    cards = [CardData("site", "site", "", title=brand.tagline, detail=site_label, **base)]
    for story in articles:
        who = story.advocate
        detail = " · ".join(x for x in (story.date.strftime("%-d %B %Y"),
                                        getattr(story, "product", "") or "") if x)
        cards.append(CardData(
            "story", story.slug, story.url, title=story.title, quote=story.excerpt,
            name=who.name if who else "", initials=who.initials if who else "", detail=detail,
            photo=photos(who.photo, story.url) if who else "",
            picture=photos(getattr(story, "photo", "") or "", story.url), **base))
    for item in hub.testimonials:
        cards.append(_testimonial(item, hub.advocate(item.advocate_slug), photos, base))
    # The badges plugin's line per advocate ("Badges: Featured · First story"), if it is on.
    badge_lines = context.get("advocate_card_badges") or {}
    for profile in profiles(hub, articles):
        who = profile.advocate
        counts = [_plural(len(profile.stories), "story").replace("storys", "stories"),
                  _plural(len(profile.testimonials), "testimonial")]
        cards.append(CardData(
            "advocate", who.slug, who.url, title=who.name, initials=who.initials,
            detail=" · ".join(x for x in (who.location, f"Member since {who.joined:%B %Y}") if x),
            quote=" · ".join(c for c in counts if not c.startswith("0 ")),
            photo=photos(who.photo, who.url), badges=badge_lines.get(who.slug, ""), **base))
    if "chorus_products" in context:      # the products plugin is on: its pages get cards
        cards += _products(context, hub, articles, site_label, base)
    for day in context.get("prompt_days", []) or []:
        count = day.answer_count
        cards.append(CardData(
            "prompt", day.day.isoformat(), day.url, date=f"{day.day:%A %-d %B %Y}",
            question=day.prompt.question,
            detail=(f"{_plural(count, 'answer')} so far · " if count else "") + f"Answer it on {site_label}",
            **base))
    return cards


def _products(context: dict[str, Any], hub: Any, articles: list[Any], label: str,
              base: dict[str, Any]) -> list[CardData]:
    """A card per product page: name, average rating (rounded to whole stars), counts."""
    cards = []
    for item in gather(hub.testimonials, articles, ProductSettings.from_settings(context)):
        counts = [_plural(len(item.testimonials), "testimonial"),
                  _plural(len(item.stories), "story").replace("storys", "stories")]
        average = item.rating_average
        cards.append(CardData(
            "product", item.slug, item.url, title=item.name,
            rating=round(average) if average else None,
            quote=f"{average:.1f} out of 5 from {_plural(item.rating_count, 'rating')}" if average else "",
            detail=" · ".join(c for c in counts if not c.startswith("0 ")) + f" on {label}", **base))
    return cards


def site_label(share_base: str) -> str:
    """The host (and path) readers see, e.g. ``stories.example.com``."""
    parts = urlsplit(share_base)
    return (parts.netloc + parts.path).rstrip("/")
