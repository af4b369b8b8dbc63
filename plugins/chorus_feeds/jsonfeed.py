"""JSON Feed 1.1 bytes for a ``Feed`` (https://www.jsonfeed.org/version/1.1/).

JSON Feed names each field's type itself: ``title``, ``summary``, ``description``,
author names and tags are plain text (``text.as_plain``: as written, never escaped,
which would show ``&amp;`` in every reader that follows the spec); the entry's HTML goes
in ``content_html`` only."""

from __future__ import annotations

import json
from typing import Any

from .model import Author, Feed, Item
from .text import as_html, as_plain

VERSION = "https://jsonfeed.org/version/1.1"


def _author(author: Author) -> dict[str, str]:
    data = {"name": as_plain(author.name)}
    if author.url:
        data["url"] = author.url
    if author.avatar:
        data["avatar"] = author.avatar
    return data


def _item(item: Item) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item.uid, "url": item.url, "title": as_plain(item.title),
        "content_html": as_html(item.content_html),
        "date_published": item.published.isoformat(),
        "date_modified": item.updated.isoformat(),
        "authors": [_author(item.author)],
    }
    if item.summary:
        data["summary"] = as_plain(item.summary)
    if item.categories:
        data["tags"] = [as_plain(category.label) for category in item.categories]
    if item.image:
        data["image"] = item.image.url
    if item.language:
        data["language"] = item.language
    return data


def json_bytes(feed: Feed) -> bytes:
    """The feed as JSON Feed 1.1: sorted keys, stable bytes."""
    data: dict[str, Any] = {
        "version": VERSION, "title": as_plain(feed.title), "description": as_plain(feed.description),
        "home_page_url": feed.page_url, "feed_url": feed.urls["json"],
        "authors": [_author(feed.author)],
        "items": [_item(item) for item in feed.items],
    }
    if feed.language:
        data["language"] = feed.language
    if feed.icon:
        data["icon"] = feed.icon
    if feed.favicon:
        data["favicon"] = feed.favicon
    if feed.hub:
        data["hubs"] = [{"type": "WebSub", "url": feed.hub}]
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")
