"""Which feeds a build has (from plain lists of pieces), their URLs, their entries,
and the autodiscovery links of every page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from chorus.community import Profile
from chorus.extrafeeds import ExtraFeed
from chorus.promptday import PromptDay

from .entries import Site, item_for, when
from .model import MIME, Feed
from .settings import FORMATS, FeedSettings

SUFFIX = {"atom": ".atom.xml", "rss": ".rss.xml", "json": ".json"}
LABEL = {"atom": "Atom", "rss": "RSS", "json": "JSON Feed"}
MAIN = ("stories", "testimonials", "prompts")


@dataclass(frozen=True)
class Sources:
    """Everything published in this build that a feed can follow."""

    stories: list[Any]                     # Pelican articles
    testimonials: list[Any]
    profiles: list[Profile]                # advocates with published pieces, consented form only
    tags: list[tuple[Any, list[Any]]]      # (Pelican Tag, its stories)
    prompt_days: list[PromptDay] | None    # None: no prompts plugin, no prompt feeds
    products: list[Any] = ()               # chorus.products.Product (the products plugin's)
    extra: list[ExtraFeed] = ()            # other plugins' feeds (context["chorus_extra_feeds"])


@dataclass(frozen=True)
class Plan:
    """One feed to write, before its entries are built."""

    key: str                  # path under the feeds folder without suffix
    family: str
    title: str
    description: str
    page: str                 # relative URL of the HTML page the feed follows
    pieces: tuple[Any, ...]   # what the feed holds, newest first
    empty_day: dt.date        # the feed's updated when it has no entries (a content or build day)
    label: str = ""           # a short name in a list of its family (a tag, a person, a day)


def _newest(pieces, site: Site, limit: int) -> tuple[Any, ...]:
    ordered = sorted(pieces, key=lambda p: (when(p, site.zone), _name(p)), reverse=True)
    return tuple(ordered[:limit])


def _name(piece: Any) -> str:
    return piece.day.isoformat() if isinstance(piece, PromptDay) else piece.slug


def plan_feeds(sources: Sources, config: FeedSettings, site: Site, day: dt.date) -> list[Plan]:
    """Every feed the settings ask for, in a stable order (main, prompt days, advocates,
    products, other plugins' feeds, tags)."""
    n, name = config.items, site.name
    plans = [Plan("stories", "stories", f"{name}: latest stories", site.description, "",
                  _newest(sources.stories, site, n), day),
             Plan("testimonials", "testimonials", f"{name}: testimonials",
                  f"What members of the {name} community say, newest first.", "testimonials/",
                  _newest(sources.testimonials, site, n), day)]
    if sources.prompt_days is not None:
        days = sources.prompt_days
        plans.append(Plan("prompts", "prompts", f"{name}: the daily prompt",
                          "One question a day; answer it with a quick note or a longer story.",
                          "prompts/", _newest(days, site, n), day))
        for prompt_day in days:
            plans.append(Plan(
                f"prompts/{prompt_day.day.isoformat()}", "prompt_days",
                f"{name}: answers to “{prompt_day.prompt.question}” ({prompt_day.day:%-d %B %Y})",
                f"Stories and testimonials answering the prompt of {prompt_day.day:%-d %B %Y}.",
                prompt_day.url, _newest([*prompt_day.stories, *prompt_day.testimonials], site, n),
                prompt_day.day, f"{prompt_day.day:%-d %b %Y}: {prompt_day.prompt.question}"))
    for profile in sorted(sources.profiles, key=lambda p: p.advocate.slug):
        who = profile.advocate
        plans.append(Plan(f"advocates/{who.slug}", "advocates", f"{name}: {who.name}",
                          f"Stories and testimonials by {who.name}.", who.url,
                          _newest([*profile.stories, *profile.testimonials], site, n), day, who.name))
    for product in sources.products:
        plans.append(Plan(f"products/{product.slug}", "products", f"{name}: {product.name}",
                          f"Stories and testimonials about {product.name}.", product.url,
                          _newest([*product.stories, *product.testimonials], site, n), day,
                          product.name))
    for extra in sources.extra:
        plans.append(Plan(extra.key, extra.family, f"{name}: {extra.title}", extra.description,
                          extra.page, _newest(extra.entries, site, n), day))
    for tag, stories in sorted(sources.tags, key=lambda pair: pair[0].slug):
        plans.append(Plan(f"tags/{tag.slug}", "tags", f"{name}: stories about {tag.name}",
                          f"Stories tagged “{tag.name}”.", tag.url, _newest(stories, site, n), day,
                          tag.name))
    return [plan for plan in plans if plan.family in config.families and formats(plan, config)]


def formats(plan: Plan, config: FeedSettings) -> tuple[str, ...]:
    """The formats ``plan`` is written in."""
    return tuple(fmt for fmt in FORMATS if config.wants(plan.family, fmt))


def feed_urls(plan: Plan, config: FeedSettings, site: Site) -> dict[str, str]:
    return {fmt: site.url(f"{config.folder}/{plan.key}{SUFFIX[fmt]}") for fmt in formats(plan, config)}


def build_feed(plan: Plan, config: FeedSettings, site: Site, items: tuple | None = None) -> Feed:
    """The feed ``plan`` describes, with its entries (``items=()``: the feed without them,
    which is all that ``FeedDigests.digest_of`` reads of it besides the entries' digests)."""
    if items is None:
        items = tuple(item_for(p, site) for p in plan.pieces)
    return Feed(key=plan.key, title=plan.title, description=plan.description,
                page_url=site.url(plan.page), urls=feed_urls(plan, config, site),
                author=site.author, items=items,
                language=site.language, hub=config.hub,
                empty_updated=dt.datetime.combine(plan.empty_day, dt.time(0), tzinfo=site.zone),
                **{key: site.url(site.icons[key]) for key in ("icon", "favicon") if site.icons.get(key)})


def links(plan: Plan, config: FeedSettings, site: Site) -> list[tuple[str, str, str]]:
    """``(title, href, MIME type)`` for each format of ``plan``; href is SITEURL-based
    (root-relative in local builds, so a local preview finds the files)."""
    return [(f"{plan.title} ({LABEL[fmt]})", site.href(f"{config.folder}/{plan.key}{SUFFIX[fmt]}"),
             MIME[fmt]) for fmt in formats(plan, config)]


def feed_links(plans: list[Plan], config: FeedSettings, site: Site) -> dict[str, list[tuple[str, str, str]]]:
    """Page relative URL -> its autodiscovery links: the page's own feeds first (a reader
    that takes the first link gets the page's feed), then the site-wide stories feed.
    Pages without an entry use the home page's list (key "")."""
    site_wide = next((links(p, config, site) for p in plans if p.key == "stories"), [])
    own: dict[str, list[tuple[str, str, str]]] = {"": []}
    for plan in plans:
        page = own.setdefault(plan.page, [])
        page.extend(link for link in links(plan, config, site) if link not in page)
    return {page: mine + [link for link in site_wide if link not in mine] for page, mine in own.items()}
