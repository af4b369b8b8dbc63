"""Feeds and their entries as plain data. Every field that carries text has one
declared type, in its annotation: ``PlainText`` (shown as written, never markup) or
``FeedHtml`` (sanitised, absolute URLs); the other ``str`` fields are URLs, ids, MIME
types and language tags. Values are made XML-safe and given their declared type when
an object is created, so the writers can trust what they are given and write each
value by its type (``text.as_plain``, ``text.as_html``, ``text.atom_text``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from functools import cache
from typing import get_type_hints

from .text import FeedHtml, PlainText, feed_html, is_web_url, xml_safe

MIME = {"atom": "application/atom+xml", "rss": "application/rss+xml", "json": "application/feed+json"}
IMAGE_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
              ".webp": "image/webp", ".gif": "image/gif"}


def _require_url(url: str, what: str) -> None:
    if not is_web_url(url):
        raise ValueError(f"{what} must be an absolute http(s) URL, got {url!r}")


def _require_aware(moment: dt.datetime, what: str) -> None:
    if not isinstance(moment, dt.datetime) or moment.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got {moment!r}")


@cache
def declared_types(cls: type) -> dict[str, type]:
    """Field name -> declared type (``str``, ``PlainText`` or ``FeedHtml``) of every
    field of the dataclass ``cls`` that holds a string."""
    hints = get_type_hints(cls)
    return {f.name: hints[f.name] for f in fields(cls) if hints[f.name] in (str, PlainText, FeedHtml)}


def _clean(obj) -> None:
    """Make every ``str`` and ``PlainText`` field XML-safe, stripped and of its declared type."""
    for name, kind in declared_types(type(obj)).items():
        if kind is not FeedHtml:
            object.__setattr__(obj, name, kind(xml_safe(getattr(obj, name)).strip()))


@dataclass(frozen=True)
class Author:
    name: PlainText
    url: str = ""           # the advocate's page; empty for anonymous pieces
    avatar: str = ""        # absolute URL of a photo they consented to show

    def __post_init__(self):
        _clean(self)
        for name in ("url", "avatar"):
            if getattr(self, name):
                _require_url(getattr(self, name), f"author {name}")


@dataclass(frozen=True)
class Category:
    term: PlainText         # the tag's slug (a prompt's tags: its name)
    label: PlainText        # the tag's name
    scheme: str             # absolute URL of the tags index

    def __post_init__(self):
        _clean(self)


@dataclass(frozen=True)
class Image:
    url: str
    mime: str
    width: int = 0
    height: int = 0
    alt: PlainText = PlainText("")
    length: int | None = None   # size in bytes when known

    def __post_init__(self):
        _clean(self)
        _require_url(self.url, "image url")


@dataclass(frozen=True)
class Item:
    """One entry: a story, a testimonial or a prompt day."""

    uid: str                        # stable id (a tag: URI), never changes between builds
    url: str                        # absolute permalink of the page
    title: PlainText
    content_html: FeedHtml          # sanitised here; URLs made absolute against ``url``
    summary: PlainText
    published: dt.datetime
    updated: dt.datetime
    author: Author
    categories: tuple[Category, ...] = ()
    image: Image | None = None
    language: str = ""

    def __post_init__(self):
        _clean(self)
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
    title: PlainText
    description: PlainText
    page_url: str                   # absolute URL of the HTML page this feed follows
    urls: dict[str, str]            # format -> absolute public URL of that file
    author: Author                  # the hub itself
    items: tuple[Item, ...] = ()    # newest first
    language: str = ""
    hub: str = ""                   # WebSub hub URL
    empty_updated: dt.datetime | None = None   # the feed's updated when it has no items
    icon: str = ""                  # absolute URL of a large square image (512 px)
    favicon: str = ""               # absolute URL of a small square image (64 px)

    def __post_init__(self):
        _clean(self)
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
