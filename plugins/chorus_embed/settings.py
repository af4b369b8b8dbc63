"""CHORUS_EMBED: how many testimonials a wall shows and the brand's own walls (a hand-picked
list of testimonials, or a filter by product, tag and rating), each at /embed/wall/<slug>/."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from chorus.namespaced import read_namespace
from chorus.problems import ConfigError
from chorus.slugs import slugify

# Folders under /embed/wall/ the plugin fills itself; a named wall cannot take them.
RESERVED = frozenset({"products", "tags", "rating-4"})
_WALL_KEYS = frozenset({"title", "testimonials", "product", "tag", "min_rating"})


@dataclass(frozen=True)
class WallSpec:
    """One wall a hub names in its settings. With ``testimonials`` it shows those, in that
    order; ``product``, ``tag`` and ``min_rating`` narrow it (or, alone, choose from all)."""

    slug: str
    title: str
    testimonials: tuple[str, ...] = ()
    product: str = ""
    tag: str = ""
    min_rating: int = 0


@dataclass(frozen=True)
class EmbedSettings:
    limit: int = 30                                                              # testimonials per wall
    walls: Mapping[str, WallSpec] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> EmbedSettings:
        """Read and check ``CHORUS_EMBED``; every problem is reported at once."""
        given, known, problems = read_namespace(settings, "CHORUS_EMBED", cls)
        limit = given.get("limit", cls.limit)
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 200:
            problems.append("limit must be a whole number from 1 to 200")
        walls = given.get("walls", {})
        specs: dict[str, WallSpec] = {}
        if not isinstance(walls, Mapping):
            problems.append("walls must map a slug to a wall, e.g. {'trail': {'title': ..., 'testimonials': [...]}}")
        else:
            for slug, spec in walls.items():
                read, wrong = _wall(slug, spec)
                problems.extend(wrong)
                if read:
                    specs[slug] = read
        if problems:
            raise ConfigError("CHORUS_EMBED: " + "; ".join(problems))
        return cls(limit=limit, walls=MappingProxyType(specs))


def _wall(slug: Any, spec: Any) -> tuple[WallSpec | None, list[str]]:
    where = f"walls['{slug}']"
    if not isinstance(slug, str) or slugify(slug) != slug:
        return None, [f"{where}: the wall's name must be a slug such as 'trail-favourites'"]
    if slug in RESERVED:
        return None, [f"{where}: '{slug}' is one of the walls the hub makes itself ({', '.join(sorted(RESERVED))})"]
    if not isinstance(spec, Mapping):
        return None, [f"{where} must be a dict with a title"]
    problems = [f"{where}: unknown key '{key}' (known: {', '.join(sorted(_WALL_KEYS))})"
                for key in sorted(set(spec) - _WALL_KEYS)]
    title = spec.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(f"{where}: title must be text, e.g. 'Trail favourites'")
    picked = spec.get("testimonials", ())
    if isinstance(picked, str) or not all(isinstance(s, str) and s.strip() for s in picked):
        problems.append(f"{where}: testimonials must be a list of testimonial slugs")
    for key in ("product", "tag"):
        if not isinstance(spec.get(key, ""), str):
            problems.append(f"{where}: {key} must be text")
    rating = spec.get("min_rating", 0)
    if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 5:
        problems.append(f"{where}: min_rating must be a whole number from 0 to 5")
    if problems:
        return None, problems
    return WallSpec(slug=slug, title=title.strip(), testimonials=tuple(s.strip() for s in picked),
                    product=spec.get("product", "").strip(), tag=spec.get("tag", "").strip(),
                    min_rating=rating), []
