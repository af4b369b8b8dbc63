"""Card layouts: pure functions from CardData to a Layout (shapes and fitted text).

Every position is decided here; draw.py only paints. Canvas 1200x630, 72 px margins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .colours import mix, readable
from .fonts import FontChain
from .model import HEIGHT, WIDTH, CardData
from .textfit import TextBlock, fit, moved

MARGIN = 72
INNER = WIDTH - 2 * MARGIN


@dataclass(frozen=True)
class Rect:
    box: tuple[int, int, int, int]
    colour: str


@dataclass(frozen=True)
class Picture:
    """An image file fitted into ``box``; ``circle`` crops it round (avatars), ``cover``
    crops it to fill the box (a story's photo)."""

    path: str
    box: tuple[int, int, int, int]
    circle: bool = False
    cover: bool = False


@dataclass(frozen=True)
class Disc:
    box: tuple[int, int, int, int]
    colour: str


@dataclass(frozen=True)
class Stars:
    x: int
    y: int
    size: int
    rating: int
    colour: str
    empty: str


@dataclass(frozen=True)
class Layout:
    background: str
    items: tuple = field(default=())

    def texts(self) -> list[TextBlock]:
        return [item for item in self.items if isinstance(item, TextBlock)]


def _header(card: CardData, chain: FontChain, fg: str, eyebrow_colour: str, label: str) -> list:
    items: list = []
    x = MARGIN
    if card.logo:
        items.append(Picture(card.logo, (MARGIN, 48, 48, 48)))
        x += 64
    items.append(fit(card.brand_name, chain, (x, 56, 520, 40), (30, 26, 22), 1, bold=True, colour=fg,
                     align="left"))
    if label:
        items.append(fit(label.upper(), chain, (640, 60, WIDTH - MARGIN - 640, 34), (22, 20, 18), 1,
                         bold=True, colour=eyebrow_colour, align="right"))
    return items


def _footer_band(card: CardData) -> list:
    p = card.palette
    return [Rect((0, HEIGHT - 16, WIDTH, 16), p.primary), Rect((0, HEIGHT - 16, 280, 16), p.accent)]


def _byline(card: CardData, chain: FontChain, y: int, fg: str, muted: str,
            right: int = WIDTH - MARGIN) -> list:
    """Avatar (consented photo, else initials) with the name and a detail line."""
    p = card.palette
    items: list = []
    x = MARGIN
    if card.name:
        if card.photo:
            items.append(Picture(card.photo, (MARGIN, y, 80, 80), circle=True))
        else:
            items.append(Disc((MARGIN, y, 80, 80), p.primary))
            items.append(fit(card.initials or card.name[:1], chain, (MARGIN + 6, y + 20, 68, 40),
                             (30, 26, 22), 1, bold=True, colour=readable(p.primary, p.paper, "#ffffff"),
                             align="center"))
        x += 104
    name_y = y + (8 if card.detail else 22)
    items.append(fit(card.name or card.detail, chain, (x, name_y, right - x, 44),
                     (32, 28, 24, 20), 1, bold=True, colour=fg, align="left"))
    if card.name and card.detail:
        items.append(fit(card.detail, chain, (x, y + 48, right - x, 34), (24, 22, 20), 1,
                         colour=muted, align="left"))
    return items


def _pull_quote(card: CardData, chain: FontChain, top: int, colour: str, inner: int = INNER,
                lines: int = 3) -> list:
    """The quote beside an accent rule, on the side where its lines start."""
    sizes, bottom = (32, 29, 26), 452
    quote = fit(card.quote, chain, (MARGIN + 28, top, inner - 28, bottom - top), sizes, lines,
                colour=colour, leading=1.3)
    rule_x = MARGIN
    if quote.rtl:
        quote = fit(card.quote, chain, (MARGIN, top, inner - 28, bottom - top), sizes, lines,
                    colour=colour, leading=1.3)
        rule_x = MARGIN + inner - 6
    return [Rect((rule_x, top + 4, 6, max(0, quote.height - 4)), card.palette.accent), quote]


PHOTO_X = 760          # a story's own photo fills the card's right side from here


def story(card: CardData, chain: FontChain) -> Layout:
    if card.picture:
        return story_with_photo(card, chain)
    p = card.palette
    muted = mix(p.ink, p.paper, 0.35)
    items = _header(card, chain, p.primary, readable(p.paper, p.accent, p.primary), "Story")
    title = fit(card.title, chain, (MARGIN, 136, INNER, 230), (64, 58, 52, 46, 40), 3, bold=True,
                colour=p.ink, leading=1.15)
    items.append(title)
    if card.quote:
        items += _pull_quote(card, chain, 136 + title.height + 28, muted)
    items += _byline(card, chain, 486, p.ink, muted) + _footer_band(card)
    return Layout(p.paper, tuple(items))


def story_with_photo(card: CardData, chain: FontChain) -> Layout:
    """The story's photo fills the right side; title, quote and byline sit on the left."""
    p = card.palette
    muted = mix(p.ink, p.paper, 0.35)
    inner = PHOTO_X - 48 - MARGIN
    items = [Picture(card.picture, (PHOTO_X, 0, WIDTH - PHOTO_X, HEIGHT - 16), cover=True)]
    items += _header(card, chain, p.primary, readable(p.paper, p.accent, p.primary), "")
    title = fit(card.title, chain, (MARGIN, 136, inner, 230), (54, 48, 42, 38, 34), 4, bold=True,
                colour=p.ink, leading=1.15)
    items.append(title)
    if card.quote and title.height < 200:
        items += _pull_quote(card, chain, 136 + title.height + 28, muted, inner, lines=2)
    items += _byline(card, chain, 486, p.ink, muted, right=PHOTO_X - 48) + _footer_band(card)
    return Layout(p.paper, tuple(items))


def testimonial(card: CardData, chain: FontChain) -> Layout:
    p = card.palette
    muted = mix(p.ink, p.paper, 0.35)
    items = _header(card, chain, p.primary, readable(p.paper, p.accent, p.primary), "Testimonial")
    top = 132
    if card.rating:
        items.append(Stars(MARGIN, top, 36, card.rating, readable(p.paper, p.accent, p.primary, minimum=3),
                           mix(p.ink, p.paper, 0.8)))
        top += 60
    items.append(fit(f"“{card.quote}”", chain, (MARGIN, top, INNER, 440 - top), (52, 46, 40, 35, 30), 5,
                     bold=True, colour=p.ink, leading=1.25))
    items += _byline(card, chain, 486, p.ink, muted) + _footer_band(card)
    return Layout(p.paper, tuple(items))


def prompt(card: CardData, chain: FontChain) -> Layout:
    p = card.palette
    fg = readable(p.primary, p.paper, "#ffffff")
    soft = mix(fg, p.primary, 0.25)
    items = _header(card, chain, fg, soft, "Prompt of the day")
    date = fit(card.date, chain, (MARGIN, 0, INNER, 40), (30, 26), 1, bold=True,
               colour=readable(p.primary, p.accent, fg, minimum=3))
    question = fit(card.question, chain, (MARGIN, 58, INNER, 300), (66, 60, 54, 48, 42), 4, bold=True,
                   colour=fg, leading=1.15)
    top = 124 + max(0, (500 - 124 - 58 - question.height) // 2)     # centred between header and footer
    items += [moved(date, top), moved(question, top)]
    items.append(fit(card.detail, chain, (MARGIN, 528, INNER, 40), (28, 24), 1, colour=soft))
    items.append(Rect((0, HEIGHT - 16, WIDTH, 16), p.accent))
    return Layout(p.primary, tuple(items))


def advocate(card: CardData, chain: FontChain) -> Layout:
    p = card.palette
    muted = mix(p.ink, p.paper, 0.35)
    items = _header(card, chain, p.primary, readable(p.paper, p.accent, p.primary), "Advocate")
    portrait = (MARGIN, 166, 300, 300)
    if card.photo:
        items.append(Picture(card.photo, portrait, circle=True))
    else:
        items.append(Disc(portrait, p.primary))
        items.append(fit(card.initials or card.title[:1], chain, (MARGIN + 30, 256, 240, 120),
                         (110, 96, 80), 1, bold=True, colour=readable(p.primary, p.paper, "#ffffff"),
                         align="center"))
    left = MARGIN + 300 + 56
    width = WIDTH - MARGIN - left
    name = fit(card.title, chain, (left, 200, width, 150), (68, 60, 52, 44), 2, bold=True, colour=p.ink,
               leading=1.1, align="left")
    items.append(name)
    y = 200 + name.height + 20
    if card.detail:
        items.append(fit(card.detail, chain, (left, y, width, 40), (28, 24, 20), 1, colour=muted,
                         align="left"))
        y += 56
    if card.quote:
        items.append(fit(card.quote, chain, (left, y, width, 44), (30, 26, 22), 1, bold=True,
                         colour=readable(p.paper, p.accent, p.primary), align="left"))
        y += 56
    if card.badges:
        items.append(fit(card.badges, chain, (left, y, width, 40), (26, 22, 20), 1, colour=p.primary,
                         align="left"))
    return Layout(p.paper, tuple(items + _footer_band(card)))


def site(card: CardData, chain: FontChain) -> Layout:
    p = card.palette
    items: list = []
    x = MARGIN
    if card.logo:
        items.append(Picture(card.logo, (MARGIN, 170, 120, 120)))
        x += 152
    items.append(fit(card.brand_name, chain, (x, 176, WIDTH - MARGIN - x, 110), (88, 76, 64), 1, bold=True,
                     colour=p.primary))
    items.append(fit(card.title, chain, (MARGIN, 330, INNER, 130), (44, 40, 36, 32), 2,
                     colour=mix(p.ink, p.paper, 0.2), leading=1.25))
    if card.detail:
        items.append(fit(card.detail, chain, (MARGIN, 520, INNER, 40), (26, 22), 1,
                         colour=readable(p.paper, p.accent, p.primary), bold=True))
    return Layout(p.paper, tuple(items + _footer_band(card)))


def product(card: CardData, chain: FontChain) -> Layout:
    """A product: its name, its average rating as stars (rounded) and what was said about it."""
    p = card.palette
    muted = mix(p.ink, p.paper, 0.35)
    items = _header(card, chain, p.primary, readable(p.paper, p.accent, p.primary), "Product")
    top = 150
    if card.rating:
        items.append(Stars(MARGIN, top, 44, card.rating, readable(p.paper, p.accent, p.primary, minimum=3),
                           mix(p.ink, p.paper, 0.8)))
        top += 76
    items.append(fit(card.title, chain, (MARGIN, top, INNER, 200), (80, 70, 60, 50), 2, bold=True,
                     colour=p.ink, leading=1.1))
    if card.quote:
        items.append(fit(card.quote, chain, (MARGIN, 440, INNER, 44), (34, 30, 26), 1, bold=True,
                         colour=readable(p.paper, p.accent, p.primary)))
    if card.detail:
        items.append(fit(card.detail, chain, (MARGIN, 500, INNER, 40), (28, 24), 1, colour=muted))
    return Layout(p.paper, tuple(items + _footer_band(card)))


LAYOUTS = {"story": story, "testimonial": testimonial, "prompt": prompt, "advocate": advocate,
           "product": product, "site": site}


def layout(card: CardData, chain: FontChain) -> Layout:
    """The layout for ``card`` according to its kind."""
    return LAYOUTS[card.kind](card, chain)
