"""sitemap.xml, robots.txt, the favicon and noindex on the 404 page (plugins/chorus_meta)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from lxml import etree

from chorus.brand import Brand
from chorus.problems import ConfigError
from chorus_meta.icons import png, svg
from chorus_meta.settings import MetaSettings
from chorus_meta.sitemap import robots_txt, sitemap_xml
from conftest import make_settings
from chorus import site

LOCAL = "http://127.0.0.1:8000"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap(output) -> dict[str, str]:
    root = etree.parse(str(output / "sitemap.xml")).getroot()
    return {u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS)
            for u in root.findall("s:url", NS)}


def test_sitemap_lists_every_public_page_with_its_lastmod(demo_site):
    urls = sitemap(demo_site)
    pages = {f"{LOCAL}/{p.relative_to(demo_site).as_posix()[:-len('index.html')]}"
             for p in demo_site.rglob("index.html") if p.relative_to(demo_site).parts[0] != "embed"}
    assert set(urls) == pages - {f"{LOCAL}/share/mastodon/"}     # a noindex utility page
    assert not [url for url in urls if "/embed/" in url]         # noindex: the wall's frames and snippets
    assert f"{LOCAL}/404.html" not in urls
    assert urls[f"{LOCAL}/stories/first-fifty-k/"] == "2026-11-03"
    assert urls[f"{LOCAL}/testimonials/dolores-poles-knees/"] == "2026-11-20"
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", day) and day <= "2026-11-22" for day in urls.values())


def test_withdrawn_and_future_content_is_not_in_the_sitemap(demo_content, tmp_path):
    story = demo_content / "stories" / "first-fifty-k.md"
    story.write_text(story.read_text(encoding="utf-8").replace("\n\n", "\nStatus: withdrawn\n\n", 1),
                     encoding="utf-8")
    output = tmp_path / "output"
    site.build(make_settings(demo_content, output, today="2026-11-10"))
    urls = sitemap(output)
    assert f"{LOCAL}/stories/first-fifty-k/" not in urls
    assert all(day <= "2026-11-10" for day in urls.values())
    assert f"{LOCAL}/prompts/2026/11/17/" not in urls


def test_robots_txt_points_at_the_sitemap(demo_site):
    assert (demo_site / "robots.txt").read_text() == (
        f"User-agent: *\nAllow: /\nSitemap: {LOCAL}/sitemap.xml\n")


def test_the_404_page_is_not_indexed_and_every_page_has_a_favicon(demo_site):
    assert '<meta name="robots" content="noindex">' in (demo_site / "404.html").read_text(encoding="utf-8")
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    assert 'name="robots"' not in home
    assert '<link rel="icon" href="/favicon.svg" type="image/svg+xml">' in home
    assert (demo_site / "favicon.svg").read_bytes().startswith(b"<svg")


def test_favicon_is_drawn_from_the_brand_colours():
    brand = Brand(primary="#123456", accent="#a34a14", paper="#fbf8f2")
    assert b'fill="#123456"' in svg(brand) and b'fill="#a34a14"' in svg(brand)
    from io import BytesIO
    from PIL import Image
    image = Image.open(BytesIO(png(brand, 64))).convert("RGB")
    assert image.size == (64, 64) and image.getpixel((32, 58)) == (0x12, 0x34, 0x56)
    assert png(brand, 64) == png(brand, 64)


def test_sitemap_and_robots_are_pure_functions():
    data = sitemap_xml({"b/index.html": dt.date(2026, 1, 2), "index.html": dt.date(2026, 1, 3)}, "https://x.org")
    assert data.decode().count("<url>") == 2 and data.index(b"https://x.org/<") < data.index(b"x.org/b/")
    assert robots_txt("https://x.org", sitemap=False) == b"User-agent: *\nAllow: /\n"


def test_settings_report_every_bad_key_at_once():
    with pytest.raises(ConfigError) as err:
        MetaSettings.from_settings({"CHORUS_META": {"sitemap": "yes", "colour": 1, "local_siteurl": "x"}})
    assert "sitemap must be True or False" in str(err.value) and "unknown key 'colour'" in str(err.value)
    assert "local_siteurl" in str(err.value)


def test_listing_pages_each_get_the_newest_day_of_their_own_lists(tmp_path):
    """site_lastmod is worked out once per list of pieces, never reused for another list."""
    from types import SimpleNamespace

    from chorus_meta.sitemap import PageLedger

    def piece(day: int):
        return SimpleNamespace(date=dt.datetime(2026, 11, day, 7, tzinfo=dt.timezone.utc), modified=None)

    hub = SimpleNamespace(testimonials=[piece(2)])
    older, newer = [piece(3), piece(5)], [piece(4), piece(9)]
    ledger = PageLedger(tmp_path)
    for name, articles in (("a.html", older), ("b.html", newer), ("c.html", older)):
        ledger.record(str(tmp_path / name), {"articles": articles, "chorus_hub": hub,
                                             "prompt_days": [], "CHORUS_TODAY": "2026-11-22"})
    assert ledger.pages == {"a.html": dt.date(2026, 11, 5), "b.html": dt.date(2026, 11, 9),
                            "c.html": dt.date(2026, 11, 5)}
