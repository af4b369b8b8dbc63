"""Which walls a build has: every testimonial, four stars and up, each product's, each tag's,
and the walls a hub names in CHORUS_EMBED (hand-picked or filtered)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from chorus.products import ProductSettings, gather
from chorus.slugs import slugify
from chorus.text import comparable

from .settings import EmbedSettings, WallSpec

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Wall:
    path: str                   # relative URL, e.g. "embed/wall/products/scree-3/"
    title: str                  # what the frame holds, for its <title> and the snippet
    testimonials: tuple[Any, ...]
    kind: str = "all"           # all, rating, product, tag or named (for /embed/'s sections)


def walls(testimonials: list[Any], stories: list[Any], settings: dict[str, Any]) -> list[Wall]:
    """The walls to write, newest testimonials first (a hand-picked list keeps its own order),
    at most ``CHORUS_EMBED["limit"]`` on each. ``testimonials`` are the published ones only:
    withdrawn, draft and future pieces never reach a wall."""
    config = EmbedSettings.from_settings(settings)
    products = ProductSettings.from_settings(settings)
    limit = config.limit
    found = [Wall("embed/wall/", "What our community says", tuple(testimonials[:limit])),
             Wall("embed/wall/rating-4/", "Rated four stars and up",
                  tuple(t for t in testimonials if (t.rating or 0) >= 4)[:limit], "rating")]
    for product in gather(testimonials, stories, products):
        if product.testimonials:
            found.append(Wall(f"embed/wall/products/{product.slug}/", f"What people say about {product.name}",
                              tuple(product.testimonials[:limit]), "product"))
    for slug, (name, tagged) in sorted(_by_tag(testimonials).items()):
        found.append(Wall(f"embed/wall/tags/{slug}/", f"Testimonials about {name}", tuple(tagged[:limit]), "tag"))
    for spec in config.walls.values():
        found.append(Wall(f"embed/wall/{spec.slug}/", spec.title,
                          tuple(named_wall(spec, testimonials, products)[:limit]), "named"))
    return found


def _by_tag(testimonials: Iterable[Any]) -> dict[str, tuple[str, list[Any]]]:
    tags: dict[str, tuple[str, list[Any]]] = {}
    for testimonial in testimonials:
        for name in testimonial.tags:
            tags.setdefault(slugify(name), (name, []))[1].append(testimonial)
    return tags


def named_wall(spec: WallSpec, testimonials: list[Any], products: ProductSettings) -> list[Any]:
    """The testimonials of a wall named in the settings. A hand-picked slug that is not
    published (withdrawn, draft, not yet due or mistyped) is left out and logged."""
    if spec.testimonials:
        by_slug = {t.slug: t for t in testimonials}
        for slug in spec.testimonials:
            if slug not in by_slug:
                logger.warning("CHORUS_EMBED walls['%s']: testimonial '%s' is not published "
                               "(withdrawn, draft, not yet due or no such file); left out of the wall",
                               spec.slug, slug)
        chosen = [by_slug[slug] for slug in dict.fromkeys(spec.testimonials) if slug in by_slug]
    else:
        chosen = list(testimonials)
    if spec.product:
        wanted = comparable(products.canonical(spec.product))
        chosen = [t for t in chosen if t.product and comparable(products.canonical(t.product)) == wanted]
    if spec.tag:
        chosen = [t for t in chosen if slugify(spec.tag) in {slugify(n) for n in t.tags}]
    return [t for t in chosen if (t.rating or 0) >= spec.min_rating]
