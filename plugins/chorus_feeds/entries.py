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
    html_keys: list[str] | None = None      # while an entry is made: the render cache keys it uses

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
        if self.html_keys is not None:
            self.html_keys.append(self.html_cache.key(page_url, fragment))
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
        return self.card_image(self.card_of(page))

    def card_of(self, page: str) -> tuple | None:
        """What an entry shows of the share card of the page at relative URL ``page``."""
        card = self.cards.get(page)
        if card is None:
            return None
        # Only a size the cards plugin states: measuring the file would depend on whether
        # it was written before the feeds, and Pelican runs plugin generators in no fixed order.
        length = getattr(card, "length", None)
        return (str(card.url).lstrip("/"), int(card.width or 0), int(card.height or 0),
                str(card.alt or ""), int(length) if length else None)

    def card_image(self, card: tuple | None) -> Image | None:
        if card is None:
            return None
        relative, width, height, alt, length = card
        mime = IMAGE_MIME.get(PurePosixPath(relative).suffix.lower(), "image/png")
        return Image(self.url(relative), mime, width, height, alt, length)

    def constants(self) -> tuple:
        """What every entry reads of the site itself (the rest comes from ``inputs``)."""
        return (self.base, self.name, str(self.zone))


def byline(advocate: Advocate | None) -> tuple[str, str, str] | None:
    """What an entry shows of an advocate: the consented name, page and photo."""
    return None if advocate is None else (advocate.name, advocate.url, advocate.photo or "")


def author(site: Site, who: tuple[str, str, str] | None) -> Author:
    """The byline in the form the advocate consented to; never more."""
    if who is None:
        return Author(ANONYMOUS_NAME)
    name, url, photo = who
    return Author(name, site.url(url), site.url(photo) if photo else "")


def person(site: Site, advocate: Advocate | None) -> Author:
    return author(site, byline(advocate))


def when(piece: Any, zone: ZoneInfo) -> dt.datetime:
    """When a piece was first published (prompt days: the start of their day)."""
    if isinstance(piece, PromptDay):
        return dt.datetime.combine(piece.day, dt.time(0), tzinfo=zone)
    return piece.date


def inputs(piece: Any, site: Site) -> tuple:
    """Everything the entry of ``piece`` is made from, as plain values: the entry is
    ``from_inputs(inputs(piece, site), site)``, which reads nothing else of the piece, the
    hub or the cards, so equal inputs (and site constants and code) make an equal entry."""
    if isinstance(piece, PromptDay):
        return prompt_inputs(piece, site)
    if isinstance(piece, Testimonial):
        return testimonial_inputs(piece, site)
    if isinstance(piece, FeedEntry):
        return extra_inputs(piece, site)
    return story_inputs(piece, site)


def from_inputs(values: tuple, site: Site) -> Item:
    return _BUILDERS[values[0]](values, site)


def item_for(piece: Any, site: Site) -> Item:
    """The feed entry for a story, testimonial, prompt day or another plugin's entry
    (built once per build)."""
    key = id(piece)
    if key not in site.cache:
        site.cache[key] = from_inputs(inputs(piece, site), site)
    return site.cache[key]


def story_inputs(story: Any, site: Site) -> tuple:
    modified = getattr(story, "modified", None) or story.date
    tags = tuple((tag.slug, tag.name) for tag in getattr(story, "tags", []))
    summary = getattr(story, "excerpt", None) or excerpt(story.metadata.get("summary", ""), story.content)
    photo, alt = getattr(story, "photo", "") or "", getattr(story, "photo_alt", "") or ""
    return ("story", story.slug, story.url, story.title, story.content, summary, story.date, modified,
            getattr(story, "language", "") or "", photo, alt, tags,
            byline(site.hub.advocate(story.advocate_slug)), None if photo else site.card_of(story.url))


def story_from(values: tuple, site: Site) -> Item:
    """A Pelican story article as an entry: full content, tags, consented byline."""
    _, slug, page, title, content, summary, date, modified, language, photo, alt, tags, who, card = values
    url = site.url(page)
    body = framed(site.entry_html(content, url), url, language, site.url(photo) if photo else "", alt)
    return Item(
        uid=site.uid(date.date(), f"stories/{slug}"), url=url,
        title=title, content_html=body, summary=summary,
        published=date, updated=max(modified, date), author=author(site, who),
        categories=tuple(Category(term, label, site.url("tags/")) for term, label in tags),
        image=site.photo(photo, alt) if photo else site.card_image(card), language=language)


def story_item(story: Any, site: Site) -> Item:
    return story_from(story_inputs(story, site), site)


def testimonial_inputs(testimonial: Testimonial, site: Site) -> tuple:
    return ("testimonial", testimonial.slug, testimonial.url, testimonial.quote, testimonial.date,
            testimonial.rating, testimonial.role, testimonial.organisation, testimonial.product,
            testimonial.language, byline(site.hub.advocate(testimonial.advocate_slug)),
            site.card_of(testimonial.url))


def testimonial_from(values: tuple, site: Site) -> Item:
    """A testimonial as an entry: the quote, the rating and who said it."""
    _, slug, page, quote_text, date, rating, role_text, organisation, product, language, who, card = values
    said_by = author(site, who)
    role = ", ".join(part for part in (role_text, organisation) if part)
    by = f"{said_by.name}, {role}" if role else said_by.name
    stars = (f"<p>Rated {rating} out of 5</p>" if rating else "")
    about = (f"<p>About: {html.escape(product, quote=False)}</p>" if product else "")
    quote = f"<blockquote><p>{html.escape(quote_text, quote=False)}</p></blockquote>"
    url = site.url(page)
    # The quote is in the testimonial's language; the byline and the product label are the site's.
    body = (f"{about}{stars}{framed(site.entry_html(quote, url), url, language)}"
            f"<p>— {html.escape(by, quote=False)}</p>")
    title = f"“{shorten(quote_text, 80)}” — {said_by.name}"
    return Item(
        uid=site.uid(date.date(), f"testimonials/{slug}"),
        url=url, title=f"{title} on {product}" if product else title,
        content_html=site.entry_html(body, url), summary=quote_text, published=date,
        updated=date, author=said_by, image=site.card_image(card), language=language)


def testimonial_item(testimonial: Testimonial, site: Site) -> Item:
    return testimonial_from(testimonial_inputs(testimonial, site), site)


def prompt_inputs(day: PromptDay, site: Site) -> tuple:
    prompt = day.prompt
    return ("prompt", day.day, day.url, prompt.question, prompt.intro, prompt.quick, prompt.story,
            tuple(prompt.tags), site.card_of(day.url))


def prompt_from(values: tuple, site: Site) -> Item:
    """A published prompt day as an entry: the question, its intro and how to answer."""
    _, day, page, question, intro, quick, story, tags, card = values
    start = dt.datetime.combine(day, dt.time(0), tzinfo=site.zone)
    url = site.url(page)
    body = (plain_paragraphs(intro)
            + f"<p><strong>Quick answer:</strong> {html.escape(quick, quote=False)}</p>"
            + f"<p><strong>Longer story:</strong> {html.escape(story, quote=False)}</p>"
            + f'<p><a href="{html.escape(url)}">Read the answers and add yours</a></p>')
    return Item(
        uid=site.uid(day, f"prompts/{day.isoformat()}"), url=url,
        title=question, content_html=site.entry_html(body, url), summary=shorten(intro or question, 220),
        published=start, updated=start, author=site.author,
        categories=tuple(Category(name, name, "") for name in tags), image=site.card_image(card))


def prompt_item(day: PromptDay, site: Site) -> Item:
    return prompt_from(prompt_inputs(day, site), site)


def extra_inputs(entry: FeedEntry, site: Site) -> tuple:
    return ("extra", entry.path, entry.first_day, entry.page, entry.title, entry.summary,
            tuple(entry.paragraphs), entry.date, entry.link_text, entry.link_page,
            byline(site.hub.advocate(entry.advocate_slug)),
            site.card_of(entry.image_page) if entry.image_page else None)


def extra_from(values: tuple, site: Site) -> Item:
    """Another plugin's entry (``chorus.extrafeeds``): its plain text escaped here, its
    author the advocate in the form they consented to."""
    _, path, first_day, page, title, summary, paragraphs, date, link_text, link_page, who, card = values
    url = site.url(page)
    body = "".join(f"<p>{html.escape(text, quote=False)}</p>" for text in paragraphs)
    if link_page and link_text:
        body += (f'<p><a href="{html.escape(site.url(link_page))}">'
                 f"{html.escape(link_text, quote=False)}</a></p>")
    return Item(
        uid=site.uid(first_day, path), url=url, title=title,
        content_html=site.entry_html(body, url), summary=summary, published=date,
        updated=date, author=author(site, who), image=site.card_image(card))


def extra_item(entry: FeedEntry, site: Site) -> Item:
    return extra_from(extra_inputs(entry, site), site)


_BUILDERS = {"story": story_from, "testimonial": testimonial_from, "prompt": prompt_from,
             "extra": extra_from}
