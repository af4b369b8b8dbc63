"""The embeddable wall's pure parts: which testimonials each wall shows, its settings, and
the dark look's colours (plugins/chorus_embed: walls.py, settings.py, looks.py)."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from chorus.brand import Brand, contrast_ratio
from chorus import hub
from chorus.problems import ConfigError
from chorus_embed.looks import looks
from chorus_embed.settings import EmbedSettings
from chorus_embed.walls import walls

DAY = dt.datetime(2026, 11, 1, 12, tzinfo=dt.timezone.utc)


def _t(slug, days, rating=None, product="", tags=()):
    return hub.Testimonial(slug=slug, quote=f"Quote of {slug}", date=DAY - dt.timedelta(days=days),
                       advocate_slug="anonymous", rating=rating, product=product, tags=tuple(tags))


PUBLISHED = [_t("newest", 0, 5, "Scree 3", ["Winter running"]), _t("middle", 1, 3, "scree  3", ["Community"]),
             _t("oldest", 2, 4, "Cairn headlamp", ["winter running", "Night"])]


def _walls(**embed):
    return {w.path: [t.slug for t in w.testimonials]
            for w in walls(PUBLISHED, [], {"CHORUS_EMBED": embed, "CHORUS_PRODUCTS": {}})}


def test_built_in_walls_by_rating_product_and_tag():
    found = _walls()
    assert found["embed/wall/"] == ["newest", "middle", "oldest"]
    assert found["embed/wall/rating-4/"] == ["newest", "oldest"]
    assert found["embed/wall/products/scree-3/"] == ["newest", "middle"]       # names matched after normalising
    assert found["embed/wall/tags/winter-running/"] == ["newest", "oldest"]    # tags matched by slug
    assert found["embed/wall/tags/night/"] == ["oldest"]


def test_limit_applies_to_every_wall():
    assert all(len(slugs) <= 1 for slugs in _walls(limit=1).values())


def test_hand_picked_wall_keeps_its_order_and_reports_what_is_not_published(caplog):
    with caplog.at_level(logging.WARNING):
        found = _walls(walls={"picks": {"title": "Picks", "testimonials": ["oldest", "gone", "newest", "oldest"]}})
    assert found["embed/wall/picks/"] == ["oldest", "newest"]
    assert "walls['picks']: testimonial 'gone' is not published" in caplog.text


def test_named_filters_narrow_together():
    found = _walls(walls={"w": {"title": "W", "tag": "winter running", "min_rating": 5},
                          "p": {"title": "P", "product": "SCREE 3", "testimonials": ["middle", "oldest"]}})
    assert found["embed/wall/w/"] == ["newest"]
    assert found["embed/wall/p/"] == ["middle"]


def test_every_settings_problem_is_named_at_once():
    with pytest.raises(ConfigError) as error:
        EmbedSettings.from_settings({"CHORUS_EMBED": {
            "limit": 0, "colour": "red",
            "walls": {"Not A Slug": {"title": "x"}, "tags": {"title": "x"},
                      "ok": {"title": "", "testimonials": "one", "min_rating": 7, "sort": 1}}}})
    message = str(error.value)
    for part in ("limit must be", "unknown key 'colour'", "walls['Not A Slug']", "walls['tags']",
                 "title must be text", "testimonials must be a list", "min_rating must be",
                 "walls['ok']: unknown key 'sort'"):
        assert part in message


@pytest.mark.parametrize("brand", [Brand(), Brand(primary="#0b3d91", accent="#b00020", ink="#222222", paper="#ffffff"),
                                   Brand(primary="#5a2d82", accent="#8a5a00", ink="#2b2233", paper="#f4f0ea")])
def test_dark_look_reads_at_wcag_aa_and_comes_from_the_brand(brand):
    light, dark = looks(brand)["light"], looks(brand)["dark"]
    assert (light["bg"], light["fg"], light["link"], light["star"]) == (brand.paper, brand.ink, brand.primary, brand.accent)
    for colour in ("fg", "link", "star"):
        assert contrast_ratio(dark[colour], dark["card"]) >= 4.5, colour
    assert dark["link"] != looks(Brand(primary="#8a1c1c"))["dark"]["link"]     # follows the brand's primary
