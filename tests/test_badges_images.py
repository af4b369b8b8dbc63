"""Badge images: SVG in the brand's colours, text escaped, sized for 24 px."""

from __future__ import annotations

from lxml import etree

from chorus.brand import Brand
from chorus.recognition.images import badge_svg

SVG = "{http://www.w3.org/2000/svg}"


def parsed(data: bytes):
    return etree.fromstring(data)


def test_a_badge_is_the_primary_colour_and_an_award_the_accent():
    brand = Brand(primary="#123456", accent="#aa3300")
    badge, award = parsed(badge_svg("7d", "Seven days", brand)), parsed(badge_svg("★", "Pick", brand, award=True))
    assert [c.get("fill") for c in badge.iter(f"{SVG}circle")][:2] == ["#aa3300", "#123456"]
    assert award.find(f"{SVG}path").get("fill") == "#123456"
    assert [c.get("fill") for c in award.iter(f"{SVG}circle")][0] == "#aa3300"


def test_text_is_escaped_and_longer_symbols_are_drawn_smaller_but_never_below_16_units():
    svg = parsed(badge_svg("<&>", "A <b>&</b> title", Brand()))
    assert svg.findtext(f"{SVG}title") == "A <b>&</b> title" and svg.findtext(f"{SVG}text") == "<&>"
    sizes = [int(parsed(badge_svg(symbol, "x", Brand())).find(f"{SVG}text").get("font-size"))
             for symbol in ("1", "10", "30d")]
    assert sizes == sorted(sizes, reverse=True) and min(sizes) >= 16   # 8 px tall at 24 px


def test_text_colour_keeps_contrast_on_a_light_brand():
    light = parsed(badge_svg("1", "x", Brand(primary="#f5e663")))
    assert light.find(f"{SVG}text").get("fill") == "#111111"
    assert parsed(badge_svg("1", "x", Brand())).find(f"{SVG}text").get("fill") == "#ffffff"
