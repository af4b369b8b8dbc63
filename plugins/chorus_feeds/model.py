"""Feeds and their entries as plain data. Every text field is made XML-safe and
every entry's HTML is sanitised with absolute URLs when the object is created, so
the writers can trust what they are given."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .text import FeedHtml, feed_html, is_web_url, xml_safe

MIME = {"atom": "application/atom+xml", "rss": "application/rss+xml", "json": "application/feed+json"}
IMAGE_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
              ".webp": "image/webp", ".gif": "image/gif"}


def _require_url(url: str, what: str) -> None:
    if not is_web_url(url):
        raise ValueError(f"{what} must be an absolute http(s) URL, got {url!r}")


def _require_aware(moment: dt.datetime, what: str) -> None:
    if not isinstance(moment, dt.datetime) or moment.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got {moment!r}")


def _clean(obj, *names: str) -> None:
    for name in names:
        object.__setattr__(obj, name, xml_safe(getattr(obj, name)).strip())


@dataclass(frozen=True)
class Author:
    name: str
    url: str = ""           # the advocate's page; empty for anonymous pieces
    avatar: str = ""        # absolute URL of a photo they consented to show

    def __post_init__(self):
        _clean(self, "name", "url", "avatar")
        for name in ("url", "avatar"):
            if getattr(self, name):
                _require_url(getattr(self, name), f"author {name}")


@dataclass(frozen=True)
class Category:
    term: str               # the tag's slug
    label: str              # the tag's name
    scheme: str             # absolute URL of the tags index

    def __post_init__(self):
        _clean(self, "term", "label", "scheme")


@dataclass(frozen=True)
class Image:
    url: str
    mime: str
    width: int = 0
    height: int = 0
    alt: str = ""
    length: int | None = None   # size in bytes when known

    def __post_init__(self):
        _clean(self, "url", "mime", "alt")
        _require_url(self.url, "image url")


@dataclass(frozen=True)
class Item:
    """One entry: a story, a testimonial or a prompt day."""

    uid: str                        # stable id (a tag: URI), never changes between builds
    url: str                        # absolute permalink of the page
    title: str
    content_html: str               # sanitised here; URLs made absolute against ``url``
    summary: str                    # plain text
    published: dt.datetime
    updated: dt.datetime
    author: Author
    categories: tuple[Category, ...] = ()
    image: Image | None = None
    language: str = ""

    def __post_init__(self):
        _clean(self, "uid", "url", "title", "summary", "language")
        _require_url(self.url, "entry url")
        _require_aware(self.published, "published")
        _require_aware(self.updated, "updated")
        if not self.uid or not self.title:
            raise ValueError("an entry needs an id and a title")
        given = self.content_html
        if not (isinstance(given, FeedHtml) and given.page_url == self.url):
            object.__setattr__(self, "content_html", feed_html(given, self.url))
        object.__setattr__(self, "categories", tuple(self.categories))


@dataclass(frozen=True)
class Feed:
    """One feed, in every format it is written in."""

    key: str                        # e.g. "stories", "tags/ultrarunning", "prompts/2026-11-22"
    title: str
    description: str
    page_url: str                   # absolute URL of the HTML page this feed follows
    urls: dict[str, str]            # format -> absolute public URL of that file
    author: Author                  # the hub itself
    items: tuple[Item, ...] = ()    # newest first
    language: str = ""
    hub: str = ""                   # WebSub hub URL
    empty_updated: dt.datetime | None = None   # the feed's updated when it has no items
    icon: str = ""                  # absolute URL of a small square image

    def __post_init__(self):
        _clean(self, "key", "title", "description", "page_url", "language", "hub", "icon")
        _require_url(self.page_url, "feed page url")
        for url in self.urls.values():
            _require_url(url, "feed url")
        if not self.items and self.empty_updated is None:
            raise ValueError(f"feed {self.key}: an empty feed needs empty_updated")
        object.__setattr__(self, "items", tuple(self.items))

    @property
    def updated(self) -> dt.datetime:
        """The newest entry's updated time (never the build's clock)."""
        if not self.items:
            return self.empty_updated
        return max(item.updated for item in self.items)
