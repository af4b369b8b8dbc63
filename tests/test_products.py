"""Product pages (plugins/chorus_products, chorus/products.py): names matched after
normalisation and aliases, average rating and count, pages, cards, feeds and JSON-LD."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from lxml import html

from chorus import site
from chorus.problems import ConfigError
from chorus.products import ProductSettings, by_name, gather, product_of, product_slug
from conftest import make_settings
from feed_checks import all_problems
from feed_reader import reader_problems
from structured_checks import json_ld, nodes, problems

LOCAL = "http://127.0.0.1:8000"
DAY = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)


def _piece(slug, product, rating=None, days=0):
    return SimpleNamespace(slug=slug, product=product, rating=rating, date=DAY + dt.timedelta(days=days),
                           url=f"testimonials/{slug}/")


def test_names_match_after_normalisation_and_aliases():
    config = ProductSettings.from_settings({"CHORUS_PRODUCTS": {"aliases": {"Scree3": "Scree 3"}}})
    pieces = [_piece("a", "Scree 3", 5), _piece("b", "  scree   3 ", 4, 1), _piece("c", "SCREE3", 3, 2),
              _piece("d", "Talus 2", None), _piece("e", "")]
    products = gather(pieces, [], config)
    assert [(p.name, p.slug, [t.slug for t in p.testimonials]) for p in products] == [
        ("Scree 3", "scree-3", ["c", "b", "a"]), ("Talus 2", "talus-2", ["d"])]
    scree = products[0]
    assert (scree.rating_average, scree.rating_count, scree.url) == (4.0, 3, "products/scree-3/")
    assert products[1].rating_average is None and products[1].rating_count == 0
    table = by_name(products, config)
    assert product_of("scree3", table, config) is scree
    assert product_of("Nothing", table, config) is None


def test_a_name_without_ascii_letters_gets_a_stable_slug():
    assert product_slug("靴") == product_slug("靴") and product_slug("靴").startswith("product-")


def test_settings_report_every_problem_at_once():
    with pytest.raises(ConfigError, match="aliases.*folder|unknown key 'colour'"):
        ProductSettings.from_settings({"CHORUS_PRODUCTS": {"aliases": {"x": 3}, "folder": "Not a slug",
                                                           "colour": 1}})


def test_demo_product_pages_show_average_count_and_pieces(demo_site):
    index = html.fromstring((demo_site / "products/index.html").read_bytes())
    assert len(index.xpath('//li[contains(@class,"product-card")]')) >= 6
    page = demo_site / "products/talus-2-trail-shoe/index.html"
    tree = html.fromstring(page.read_bytes())
    assert tree.xpath("//h1")[0].text_content() == "Talus 2 trail shoe"
    summary = tree.xpath('//p[@class="rating-summary"]')[0].text_content()
    assert "4.2 out of 5" in summary and "4 ratings" in summary
    assert tree.xpath('//figure[contains(@class,"testimonial-card")]')
    assert tree.xpath('//meta[@property="og:image"]/@content')[0].startswith(f"{LOCAL}/cards/products-talus-2")
    product = next(n for n in nodes(json_ld(page)) if n["@type"] == "Product")
    assert product["aggregateRating"]["ratingValue"] == 4.2
    assert product["aggregateRating"]["ratingCount"] == 4
    assert problems(page) == []


def test_demo_aliases_gather_other_spellings(demo_site):
    # pelicanconf.py maps "Scree 3" to "Scree 3 trail shoe"; "Scree 3 GTX" stays its own product
    assert (demo_site / "products/scree-3-trail-shoe/index.html").exists()
    assert (demo_site / "products/scree-3-gtx/index.html").exists()
    assert not (demo_site / "products/scree-3/index.html").exists()


def test_story_and_testimonial_pages_link_their_product(demo_site):
    story = html.fromstring((demo_site / "stories/first-fifty-k/index.html").read_bytes())
    assert story.xpath('//a[@href="/products/scree-3-trail-shoe/"]')
    quote = html.fromstring((demo_site / "testimonials/maya-scree-grip/index.html").read_bytes())
    assert quote.xpath('//a[@href="/products/scree-3-trail-shoe/"]')


def test_product_feeds_validate_in_every_format(demo_site):
    files = sorted((demo_site / "feeds/products").iterdir())
    assert len(files) >= 18 and {f.name.split(".", 1)[1] for f in files} == {"atom.xml", "rss.xml", "json"}
    found = [p for f in files for p in all_problems(f, f"{LOCAL}/feeds/products/{f.name}")]
    found += [p for f in files for p in reader_problems(f.name, f.read_bytes())]
    assert found == []
    page = html.fromstring((demo_site / "products/talus-2-trail-shoe/index.html").read_bytes())
    hrefs = page.xpath('//link[@rel="alternate"]/@href')
    assert hrefs[0].startswith("/feeds/products/talus-2-trail-shoe.")


def test_withdrawn_and_renamed_pieces(mini_content, tmp_path):
    folder = mini_content / "testimonials"
    base = (folder / "maya-scree-grip.md").read_text()
    (folder / "maya-again.md").write_text(re.sub(r"^Product: .*$", "Product: scree 3  TRAIL shoe",
                                                 re.sub(r"^Rating: 5$", "Rating: 3", base, flags=re.M), flags=re.M))
    (folder / "maya-withdrawn.md").write_text(
        re.sub(r"^Rating: 5$", "Rating: 1\nStatus: withdrawn", base, flags=re.M))
    output = tmp_path / "output"
    site.build(make_settings(mini_content, output))
    page = output / "products/scree-3-trail-shoe/index.html"
    summary = html.fromstring(page.read_bytes()).xpath('//p[@class="rating-summary"]')[0].text_content()
    assert "4.0 out of 5" in summary and "2 ratings" in summary
    assert "maya-withdrawn" not in page.read_text()
