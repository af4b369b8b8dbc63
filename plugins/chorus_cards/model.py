"""Card data: everything that shapes one card, and the hash that names its file."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields

LAYOUT_VERSION = 8       # bump when layout.py or draw.py change what a card looks like
WIDTH, HEIGHT = 1200, 630
KINDS = ("story", "testimonial", "prompt", "advocate", "product", "site")
_FOLDER = {"story": "stories", "testimonial": "testimonials", "prompt": "prompts",
           "advocate": "advocates", "product": "products", "site": "site"}


@dataclass(frozen=True)
class Palette:
    primary: str
    accent: str
    ink: str
    paper: str


@dataclass(frozen=True)
class CardData:
    """The text and pictures of one card. ``photo``, ``picture`` and ``logo`` are file paths
    ("" = none); ``photo`` is only ever set from a consented advocate photo, ``picture`` from
    a story's own approved photo."""

    kind: str
    slug: str
    page_url: str
    palette: Palette
    brand_name: str
    title: str = ""
    quote: str = ""
    name: str = ""
    detail: str = ""
    rating: int | None = None
    date: str = ""
    question: str = ""
    initials: str = ""
    photo: str = ""
    logo: str = ""
    site_label: str = ""
    picture: str = ""
    badges: str = ""         # an advocate's badge line (the badges plugin's advocate_card_badges)

    def alt_text(self) -> str:
        """What the card says, for og:image:alt."""
        label = {"story": "Story", "testimonial": "Testimonial", "prompt": "Prompt of the day",
                 "advocate": "Advocate", "product": "Product", "site": ""}[self.kind]
        parts = [self.brand_name, label, self.date, self.title, self.question,
                 f"“{self.quote}”" if self.quote and self.kind != "advocate" else self.quote,
                 f"{self.rating} out of 5 stars" if self.rating else "", self.name, self.detail,
                 self.badges]
        return " · ".join(part for part in parts if part)


_TEXT_FIELDS = tuple(f.name for f in fields(CardData) if f.name not in ("palette", "photo", "logo", "picture"))


def card_key(card: CardData, fonts_digest: str, file_digests: dict[str, str]) -> str:
    """Hash over the card's data, the layout version, the fonts and the bytes of its pictures."""
    values = [getattr(card, name) for name in _TEXT_FIELDS]
    p = card.palette
    # The pictures count by their bytes, not by where they sit on disk.
    payload = [LAYOUT_VERSION, WIDTH, HEIGHT, fonts_digest, values, [p.primary, p.accent, p.ink, p.paper],
               file_digests.get(card.photo, "") if card.photo else "",
               file_digests.get(card.logo, "") if card.logo else "",
               file_digests.get(card.picture, "") if card.picture else ""]
    blob = repr(payload).encode()       # repr of str/int/None lists: exact and fast
    return hashlib.sha256(blob).hexdigest()[:10]


def file_name(card: CardData, key: str) -> str:
    """``<kind folder>-<slug>-<hash>.png``, e.g. ``stories-first-fifty-k-3f9a1c2b7d.png``."""
    return f"{_FOLDER[card.kind]}-{card.slug}-{key}.png"
