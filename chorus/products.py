"""Products named by published pieces (``Product:``), gathered under one name each.

Names are matched after normalisation (``chorus.text.comparable``: case, width, spacing),
and ``CHORUS_PRODUCTS["aliases"]`` maps other spellings to one product. Read by the
products plugin (pages, index), the feeds plugin (a feed per product), the cards plugin and
structured data, each from the same pieces, so they always agree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from chorus.namespaced import read_namespace
from chorus.problems import ConfigError
from chorus.slugs import slugify
from chorus.text import comparable


@dataclass(frozen=True)
class ProductSettings:
    aliases: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # spelling -> product
    folder: str = "products"                                                      # output folder

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> ProductSettings:
        """Read and check ``CHORUS_PRODUCTS``; every problem is reported at once."""
        given, known, problems = read_namespace(settings, "CHORUS_PRODUCTS", cls)
        aliases = given.get("aliases", {})
        if not isinstance(aliases, Mapping) or not all(
                isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()
                for k, v in aliases.items()):
            problems.append("aliases must map spellings to product names, e.g. {'Scree3': 'Scree 3'}")
        elif "aliases" in given:
            given["aliases"] = MappingProxyType({comparable(k): v.strip() for k, v in aliases.items()})
        if "folder" in given and slugify(str(given["folder"])) != given["folder"]:
            problems.append("folder must be a slug such as 'products'")
        if problems:
            raise ConfigError("CHORUS_PRODUCTS: " + "; ".join(problems))
        return cls(**{key: value for key, value in given.items() if key in known})

    def canonical(self, name: str) -> str:
        """The product's own name for ``name`` (an alias's target, else ``name`` tidied)."""
        tidy = " ".join(name.split())
        return self.aliases.get(comparable(tidy), tidy)


@dataclass(frozen=True)
class ProductRef:
    """What a page needs to link a product it names: its name and page URL."""

    name: str
    url: str


@dataclass
class Product:
    """One product with the published pieces naming it, newest first."""

    name: str
    slug: str
    folder: str = "products"
    stories: list[Any] = field(default_factory=list)
    testimonials: list[Any] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{self.folder}/{self.slug}/"

    @property
    def ratings(self) -> list[int]:
        return [t.rating for t in self.testimonials if t.rating]

    @property
    def rating_count(self) -> int:
        return len(self.ratings)

    @property
    def rating_average(self) -> float | None:
        """The mean of the ratings, to one decimal; None without ratings."""
        ratings = self.ratings
        return round(sum(ratings) / len(ratings), 1) if ratings else None

    @property
    def count(self) -> int:
        return len(self.stories) + len(self.testimonials)

    @property
    def latest(self) -> Any:
        return max([p.date for p in (*self.stories, *self.testimonials)])


def product_slug(name: str) -> str:
    """A URL name for ``name``; names without ASCII letters get a short stable hash."""
    slug = slugify(name)
    return slug or "product-" + hashlib.sha256(comparable(name).encode()).hexdigest()[:8]


def gather(testimonials: Iterable[Any], stories: Iterable[Any],
           config: ProductSettings) -> list[Product]:
    """Products named by ``testimonials`` and ``stories`` (objects with ``product`` and
    ``date``), sorted by name. Two names that reduce to one slug are one product."""
    found: dict[str, Product] = {}

    def product_for(raw: str) -> Product | None:
        if not (raw or "").strip():
            return None
        name = config.canonical(raw)
        slug = product_slug(name)
        return found.setdefault(slug, Product(name, slug, config.folder))

    for story in stories:
        product = product_for(getattr(story, "product", "") or "")
        if product:
            product.stories.append(story)
    for testimonial in testimonials:
        product = product_for(testimonial.product)
        if product:
            product.testimonials.append(testimonial)
    for product in found.values():
        product.stories.sort(key=lambda s: (s.date, s.slug), reverse=True)
        product.testimonials.sort(key=lambda t: (t.date, t.slug), reverse=True)
    return sorted(found.values(), key=lambda p: (comparable(p.name), p.slug))


def by_name(products: Iterable[Product], config: ProductSettings) -> dict[str, Product]:
    """Lookup from any spelling's comparable form to its product."""
    table = {comparable(p.name): p for p in products}
    for spelling, target in config.aliases.items():
        if comparable(target) in table:
            table[spelling] = table[comparable(target)]
    return table


def refs_by_name(products: Iterable[Product], config: ProductSettings) -> dict[str, ProductRef]:
    """``by_name``, with each product's name and URL only (what a page linking it shows)."""
    return {key: ProductRef(p.name, p.url) for key, p in by_name(products, config).items()}


def product_of(name: str, table: Mapping[str, Any], config: ProductSettings) -> Any:
    """The product a piece's ``Product:`` value names, if any."""
    if not (name or "").strip():
        return None
    return table.get(comparable(config.canonical(name)))
