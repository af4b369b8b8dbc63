"""What the site shows of the badges: plain values for templates, cards and feeds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from chorus.brand import Brand
from chorus.extrafeeds import ExtraFeed, FeedEntry
from chorus.hub import Advocate, Hub
from chorus.recognition import BadgeRule, BadgeSettings, Earned, earned_badges, left_out_awards, pieces, visible
from chorus.recognition.images import badge_svg

FOLDER = "recognition"
IMAGES = f"{FOLDER}/badges"


@dataclass(frozen=True)
class Shown:
    """One earned badge or award as pages show it."""

    earned: Earned
    advocate: Advocate
    image: str                   # relative URL of its SVG
    alt: str                     # the image's alt text

    @property
    def anchor(self) -> str:     # its id on the advocate's page
        return f"badge-{self.earned.badge}"


@dataclass
class Recognition:
    """Everything the badges plugin publishes for one build."""

    by_advocate: dict[str, tuple[Shown, ...]] = field(default_factory=dict)   # newest first
    marks: dict[str, tuple[Shown, ...]] = field(default_factory=dict)
    recent: tuple[Shown, ...] = ()
    awards: tuple[Shown, ...] = ()               # this year's, newest first
    rules: tuple[tuple[BadgeRule, str], ...] = ()  # (rule, image) of every badge there is
    card_lines: dict[str, str] = field(default_factory=dict)
    images: dict[str, bytes] = field(default_factory=dict)   # relative path -> SVG
    feed: ExtraFeed | None = None
    left_out: list[str] = field(default_factory=list)


def recognise(hub: Hub, stories: list[Any], prompt_days: list[Any], config: BadgeSettings, brand: Brand,
              zone: ZoneInfo, grace_window: int = 7) -> Recognition:
    """The badges of one build, from its published content and its day."""
    published = pieces(stories, hub.testimonials)
    earned = earned_badges(hub.advocates, published, prompt_days, config.rules, hub.awards, hub.day,
                           zone, grace_window)
    result = Recognition(left_out=left_out_awards(hub.awards, hub.advocates, published))
    rules = {rule.id: rule for rule in config.active}
    for rule in config.active:
        result.images[f"{IMAGES}/{rule.id}.svg"] = badge_svg(rule.symbol, rule.name, brand)
    result.rules = tuple((rule, f"{IMAGES}/{rule.id}.svg") for rule in config.active)
    everything = []
    for slug, found in visible(earned, hub.advocates).items():
        who = hub.advocates[slug]
        shown = tuple(_shown(item, who, result.images, rules, config, brand) for item in reversed(found))
        result.by_advocate[slug] = shown
        result.marks[slug] = shown[:config.marks]
        result.card_lines[slug] = card_line(shown)
        everything += shown
    everything.sort(key=lambda s: (s.earned.at, s.earned.advocate_slug, s.earned.badge), reverse=True)
    result.recent = tuple(s for s in everything if not s.earned.award)[:config.recent]
    result.awards = tuple(s for s in everything if s.earned.award and s.earned.day.year == hub.day.year)
    result.feed = feed(everything)
    return result


def _shown(item: Earned, who: Advocate, images: dict[str, bytes], rules: dict[str, BadgeRule],
           config: BadgeSettings, brand: Brand) -> Shown:
    image = f"{IMAGES}/{item.badge}.svg"
    if item.award and image not in images:
        images[image] = badge_svg(config.award_symbol, item.name, brand, award=True)
    label = "award" if item.award else "badge"
    return Shown(item, who, image, f"{item.name} {label}")


def card_line(shown: tuple[Shown, ...], names: int = 2) -> str:
    """The advocate card's badge line, e.g. "Badges: Featured · First story · +3 more"."""
    if not shown:
        return ""
    line = " · ".join(s.earned.name for s in shown[:names])
    more = len(shown) - names
    return f"Badges: {line}" + (f" · +{more} more" if more > 0 else "")


def feed(everything: list[Shown]) -> ExtraFeed:
    """The feed of new badges and awards, newest first (the feeds plugin keeps the newest)."""
    entries = []
    for shown in everything:
        item, who = shown.earned, shown.advocate
        title = f"{who.name}: {item.name}" if item.award else f"{who.name} earned “{item.name}”"
        entries.append(FeedEntry(
            path=f"{FOLDER}/{who.slug}/{item.badge}", first_day=item.day,
            page=f"{who.url}#{shown.anchor}", title=title, summary=item.description,
            paragraphs=(item.description,), date=item.at, advocate_slug=who.slug,
            link_text=f"For: {item.for_title}" if item.for_url else "", link_page=item.for_url,
            image_page=who.url))
    return ExtraFeed(FOLDER, "recognition", "badges and awards",
                     "New badges and awards earned by members of the community.", f"{FOLDER}/",
                     tuple(entries))
