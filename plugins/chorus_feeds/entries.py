"""Pieces of the hub (Pelican stories, testimonials, prompt days) as feed ``Item``s."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Mapping
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from chorus.buildcache import RenderCache
from chorus.excerpt import excerpt, shorten
from chorus.extrafeeds import FeedEntry
from chorus.hub import Advocate, Hub, Testimonial
from chorus.promptday import PromptDay

from .framing import framed
from .model import IMAGE_MIME, Author, Category, Image, Item
from .text import FeedHtml, feed_html, plain_paragraphs

ANONYMOUS_NAME = "A community member"   # the site's byline for anonymous pieces


@dataclass
class Site:
    """What every entry needs to know about the hub it comes from."""

    base: str                               # absolute, without a trailing slash
    name: str
    description: str
    language: str
    zone: ZoneInfo
    hub: Hub
    cards: Mapping[str, Any] = field(default_factory=dict)   # page URL -> share card
    link_base: str | None = None            # SITEURL for links in pages ("" = root-relative)
    cache: dict[int, Item] = field(default_factory=dict)
    html_cache: RenderCache | None = None   # entry HTML from earlier builds (see generator.py)
    icons: Mapping[str, str] = field(default_factory=dict)  # "icon"/"favicon" -> relative URL

    @property
    def host(self) -> str:
        return urlsplit(self.base).hostname or "localhost"

    def url(self, relative: str) -> str:
        return f"{self.base}/{relative.lstrip('/')}"

    def href(self, relative: str) -> str:
        """A link for the site's own pages: SITEURL-based like every theme link."""
        base = self.base if self.link_base is None else self.link_base
        return f"{base}/{relative.lstrip('/')}"

    def uid(self, first_published: dt.date, path: str) -> str:
        """A tag: URI (RFC 4151) from the host, the first publication day and the path."""
        return f"tag:{self.host},{first_published.isoformat()}:{path}"

    def entry_html(self, fragment: str, page_url: str) -> FeedHtml:
        """``feed_html(fragment, page_url)``, from the render cache when it has it."""
        if self.html_cache is None:
            return feed_html(fragment, page_url)
        made = self.html_cache.value((page_url, fragment), lambda: feed_html(fragment, page_url))
        return FeedHtml.made_for(made, page_url)

    @property
    def author(self) -> Author:
        return Author(self.name, self.url(""))

    def photo(self, relative: str, alt: str) -> Image:
        """A piece's own photo (a content file) as an entry image."""
        mime = IMAGE_MIME.get(PurePosixPath(relative).suffix.lower(), "image/jpeg")
        return Image(self.url(relative), mime, alt=alt)

    def image(self, page: str) -> Image | None:
        """The share card of the page at relative URL ``page`` as an entry image."""
        card = self.cards.get(page)
        if card is None:
            return None
        relative = str(card.url).lstrip("/")
        mime = IMAGE_MIME.get(PurePosixPath(relative).suffix.lower(), "image/png")
        # Only a size the cards plugin states: measuring the file would depend on whether
        # it was written before the feeds, and Pelican runs plugin generators in no fixed order.
        length = getattr(card, "length", None)
        return Image(self.url(relative), mime, int(card.width or 0), int(card.height or 0),
                     str(card.alt or ""), int(length) if length else None)


def person(site: Site, advocate: Advocate | None) -> Author:
    """The byline in the form the advocate consented to; never more."""
    if advocate is None:
        return Author(ANONYMOUS_NAME)
    avatar = site.url(advocate.photo) if advocate.photo else ""
    return Author(advocate.name, site.url(advocate.url), avatar)


def when(piece: Any, zone: ZoneInfo) -> dt.datetime:
    """When a piece was first published (prompt days: the start of their day)."""
    if isinstance(piece, PromptDay):
        return dt.datetime.combine(piece.day, dt.time(0), tzinfo=zone)
    return piece.date


def item_for(piece: Any, site: Site) -> Item:
    """The feed entry for a story, testimonial, prompt day or another plugin's entry
    (built once per build)."""
    key = id(piece)
    if key not in site.cache:
        if isinstance(piece, PromptDay):
            site.cache[key] = prompt_item(piece, site)
        elif isinstance(piece, Testimonial):
            site.cache[key] = testimonial_item(piece, site)
        elif isinstance(piece, FeedEntry):
            site.cache[key] = extra_item(piece, site)
        else:
            site.cache[key] = story_item(piece, site)
    return site.cache[key]


def story_item(story: Any, site: Site) -> Item:
    """A Pelican story article as an entry: full content, tags, consented byline."""
    modified = getattr(story, "modified", None) or story.date
    tags = [Category(tag.slug, tag.name, site.url("tags/")) for tag in getattr(story, "tags", [])]
    summary = getattr(story, "excerpt", None) or excerpt(story.metadata.get("summary", ""), story.content)
    url, language = site.url(story.url), getattr(story, "language", "") or ""
    photo, alt = getattr(story, "photo", "") or "", getattr(story, "photo_alt", "") or ""
    body = framed(site.entry_html(story.content, url), url, language, site.url(photo) if photo else "", alt)
    return Item(
        uid=site.uid(story.date.date(), f"stories/{story.slug}"), url=url,
        title=story.title, content_html=body, summary=summary,
        published=story.date, updated=max(modified, story.date),
        author=person(site, site.hub.advocate(story.advocate_slug)), categories=tuple(tags),
        image=site.photo(photo, alt) if photo else site.image(story.url), language=language)


def testimonial_item(testimonial: Testimonial, site: Site) -> Item:
    """A testimonial as an entry: the quote, the rating and who said it."""
    author = person(site, site.hub.advocate(testimonial.advocate_slug))
    role = ", ".join(part for part in (testimonial.role, testimonial.organisation) if part)
    byline = f"{author.name}, {role}" if role else author.name
    stars = (f"<p>Rated {testimonial.rating} out of 5</p>" if testimonial.rating else "")
    about = (f"<p>About: {html.escape(testimonial.product, quote=False)}</p>" if testimonial.product else "")
    quote = f"<blockquote><p>{html.escape(testimonial.quote, quote=False)}</p></blockquote>"
    url = site.url(testimonial.url)
    # The quote is in the testimonial's language; the byline and the product label are the site's.
    body = (f"{about}{stars}{framed(site.entry_html(quote, url), url, testimonial.language)}"
            f"<p>— {html.escape(byline, quote=False)}</p>")
    title = f"“{shorten(testimonial.quote, 80)}” — {author.name}"
    return Item(
        uid=site.uid(testimonial.date.date(), f"testimonials/{testimonial.slug}"),
        url=url, title=f"{title} on {testimonial.product}" if testimonial.product else title,
        content_html=site.entry_html(body, url), summary=testimonial.quote, published=testimonial.date,
        updated=testimonial.date, author=author, image=site.image(testimonial.url),
        language=testimonial.language)


def prompt_item(day: PromptDay, site: Site) -> Item:
    """A published prompt day as an entry: the question, its intro and how to answer."""
    prompt = day.prompt
    start = when(day, site.zone)
    body = (plain_paragraphs(prompt.intro)
            + f"<p><strong>Quick answer:</strong> {html.escape(prompt.quick, quote=False)}</p>"
            + f"<p><strong>Longer story:</strong> {html.escape(prompt.story, quote=False)}</p>"
            + f'<p><a href="{html.escape(site.url(day.url))}">Read the answers and add yours</a></p>')
    tags = [Category(name, name, "") for name in prompt.tags]
    url = site.url(day.url)
    return Item(
        uid=site.uid(day.day, f"prompts/{day.day.isoformat()}"), url=url,
        title=prompt.question, content_html=site.entry_html(body, url), summary=shorten(prompt.intro or prompt.question, 220),
        published=start, updated=start, author=site.author, categories=tuple(tags),
        image=site.image(day.url))


def extra_item(entry: FeedEntry, site: Site) -> Item:
    """Another plugin's entry (``chorus.extrafeeds``): its plain text escaped here, its
    author the advocate in the form they consented to."""
    url = site.url(entry.page)
    body = "".join(f"<p>{html.escape(text, quote=False)}</p>" for text in entry.paragraphs)
    if entry.link_page and entry.link_text:
        body += (f'<p><a href="{html.escape(site.url(entry.link_page))}">'
                 f"{html.escape(entry.link_text, quote=False)}</a></p>")
    return Item(
        uid=site.uid(entry.first_day, entry.path), url=url, title=entry.title,
        content_html=site.entry_html(body, url), summary=entry.summary, published=entry.date,
        updated=entry.date,
        author=person(site, site.hub.advocate(entry.advocate_slug)),
        image=site.image(entry.image_page) if entry.image_page else None)
