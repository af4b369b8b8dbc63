"""A feed another plugin asks the feeds plugin to write: the shape of
``context["chorus_extra_feeds"]`` (a list of ``ExtraFeed``).

The feeds plugin writes each in every format its settings ask for (family ``family``),
with the same escaping, ids and checks as its own feeds, and lists it on /subscribe/
and in the autodiscovery links of ``page``. Everything here is plain text: the feeds
plugin escapes it for Atom, RSS and JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class FeedEntry:
    """One entry of an extra feed."""

    path: str                    # stable id path, e.g. "recognition/maya-okafor/first-story"
    first_day: dt.date           # the day it first appeared (part of its tag: URI)
    page: str                    # relative URL of the page it links to
    title: str
    summary: str
    paragraphs: tuple[str, ...]  # the entry's text, one plain-text paragraph each
    date: dt.datetime            # when it happened (timezone-aware)
    advocate_slug: str           # whose it is ("anonymous": nobody's)
    link_text: str = ""          # an optional link under the text (e.g. the piece it was for)
    link_page: str = ""          # its relative URL
    image_page: str = ""         # the page whose share card is the entry's image

    @property
    def slug(self) -> str:       # the feeds order ties by slug
        return self.path


@dataclass(frozen=True)
class ExtraFeed:
    key: str                     # path under the feeds folder without suffix, e.g. "recognition"
    family: str                  # a CHORUS_FEEDS family name, e.g. "recognition"
    title: str
    description: str
    page: str                    # relative URL of the HTML page the feed follows
    entries: tuple[FeedEntry, ...]
