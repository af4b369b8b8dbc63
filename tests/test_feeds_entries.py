"""What a feed reader shows of the demo hub: a JSON Feed twin of every feed, the page's own
feed first, story photos, the product a testimonial is about, right-to-left entries, icons."""

from __future__ import annotations

import json
import re

LOCAL = "http://127.0.0.1:8000"


def feed_names(demo_site) -> set[str]:
    return {p.relative_to(demo_site / "feeds").as_posix() for p in (demo_site / "feeds").rglob("*") if p.is_file()}


def json_feed(demo_site, key: str) -> dict:
    return json.loads((demo_site / "feeds" / f"{key}.json").read_text(encoding="utf-8"))


def item(feed: dict, page: str) -> dict:
    return next(i for i in feed["items"] if i["url"] == f"{LOCAL}/{page}")


def test_every_atom_feed_has_rss_and_json_feed_twins(demo_site):
    names = feed_names(demo_site)
    atom = {n.removesuffix(".atom.xml") for n in names if n.endswith(".atom.xml")}
    assert {"tags/ultrarunning", "advocates/maya-okafor", "prompts/2026-11-17"} <= atom
    assert {n.removesuffix(".json") for n in names if n.endswith(".json")} == atom
    assert {n.removesuffix(".rss.xml") for n in names if n.endswith(".rss.xml")} == atom


def test_a_page_lists_its_own_feed_first(demo_site):
    for page, own in (("tags/ultrarunning/index.html", "/feeds/tags/ultrarunning.atom.xml"),
                      ("advocates/maya-okafor/index.html", "/feeds/advocates/maya-okafor.atom.xml"),
                      ("prompts/2026/11/17/index.html", "/feeds/prompts/2026-11-17.atom.xml"),
                      ("index.html", "/feeds/stories.atom.xml")):
        html = (demo_site / page).read_text(encoding="utf-8")
        first = re.search(r'<link rel="alternate" [^>]*href="([^"]+)"', html).group(1)
        assert first == own, page


def test_story_photos_appear_in_entries(demo_site):
    story = item(json_feed(demo_site, "stories"), "stories/kenji-first-hundred-k/")
    photo = f"{LOCAL}/images/stories/kenji-first-hundred-k.jpg"
    assert story["image"] == photo
    assert story["content_html"].startswith(f'<figure><img src="{photo}" alt="')
    atom = (demo_site / "feeds/stories.atom.xml").read_text(encoding="utf-8")
    assert f"&lt;img src=&quot;{photo}&quot;" in atom or f'&lt;img src="{photo}"' in atom


def test_testimonial_entries_name_the_product(demo_site):
    entry = item(json_feed(demo_site, "testimonials"), "testimonials/dolores-poles-knees/")
    assert "<p>About: Switchback poles</p>" in entry["content_html"]
    assert entry["title"].endswith(" on Switchback poles")


def test_right_to_left_entries_carry_dir_rtl(demo_site):
    story = item(json_feed(demo_site, "stories"), "stories/samir-wadi-rum-summit/")
    assert story["content_html"].startswith('<div dir="rtl" lang="ar">')
    english = item(json_feed(demo_site, "stories"), "stories/first-fifty-k/")
    assert 'dir="rtl"' not in english["content_html"]


def test_json_feeds_have_icon_and_favicon(demo_site):
    for name in sorted(n for n in feed_names(demo_site) if n.endswith(".json")):
        feed = json_feed(demo_site, name.removesuffix(".json"))
        assert (feed["icon"], feed["favicon"]) == (f"{LOCAL}/icon.png", f"{LOCAL}/favicon.png"), name
    assert (demo_site / "icon.png").is_file() and (demo_site / "favicon.png").is_file()
