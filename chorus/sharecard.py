"""A page's share card: the shape the share-cards plugin publishes in
``context["share_cards"]`` (page relative URL -> ShareCard) and
``context["default_share_card"]``, and that templates and feeds read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ShareCard:
    url: str          # relative path of the image, e.g. "cards/stories-first-fifty-k-3f9a1c2b7d.png"
    width: int
    height: int
    alt: str          # the card's text, for og:image:alt
    title: str = ""   # the page's title as shown on the card (og:title)
    kind: str = ""    # story, testimonial, prompt, advocate or site
    length: int = 0   # size of the image file in bytes (feed enclosures); 0 when unknown
