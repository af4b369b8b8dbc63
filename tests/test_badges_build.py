"""Badges on the built site (plugins/chorus_badges): real Pelican builds of the demo hub and
of the mini hub, with withdrawal, hidden badges and hostile names."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from chorus import site
from conftest import FIXTURES, make_settings
from feed_checks import all_problems
from feed_reader import reader_problems, visible_text
from inert import page_problems

LOCAL = "http://127.0.0.1:8000"
FEEDS = ("recognition.atom.xml", "recognition.rss.xml", "recognition.json")


def text_of(path: Path) -> str:
    return " ".join(lxml.html.fromstring(path.read_bytes()).text_content().split())


def test_demo_profile_lists_badges_and_awards_with_day_and_piece(demo_site):
    page = demo_site / "advocates/ben-a/index.html"
    document = lxml.html.fromstring(page.read_bytes())
    section = document.get_element_by_id("badges-heading").getparent()
    award = section.get_element_by_id("badge-award-2026-community-pick-ben-a")
    assert "Community pick 2026" in award.text_content() and "15 November 2026" in award.text_content()
    assert award.xpath(".//a/@href") == ["/stories/quiet-miles-by-ear/"]
    first = section.get_element_by_id("badge-first-story")
    image = first.find(".//img")
    assert image.get("alt") == "First story badge" and image.get("src") == "/recognition/badges/first-story.svg"


def test_demo_bylines_carry_badge_marks_at_24_px(demo_site):
    document = lxml.html.fromstring((demo_site / "stories/quiet-miles-by-ear/index.html").read_bytes())
    marks = document.xpath('//div[@class="byline"]//span[@class="badge-marks"]/img')
    assert marks and len(marks) <= 3
    assert {(m.get("width"), m.get("height")) for m in marks} == {("24", "24")}
    assert "Community pick 2026 award" in [m.get("alt") for m in marks]
    archive = (demo_site / "archives/index.html").read_text(encoding="utf-8")
    assert 'class="badge-marks"' in archive


def test_demo_recognition_page_shows_this_years_awards_and_recent_badges(demo_site):
    page = demo_site / "recognition/index.html"
    document = lxml.html.fromstring(page.read_bytes())
    awards = document.get_element_by_id("awards-heading").getparent().text_content()
    assert "Community pick 2026" in awards and "Turnaround of the year 2026" in awards
    assert "Community pick 2025" not in awards                  # last year's award
    recent = document.get_element_by_id("recent-heading").getparent().xpath(".//li")
    assert 1 <= len(recent) <= 30
    assert '/feeds/recognition.atom.xml' in page.read_text(encoding="utf-8")   # autodiscovery
    rules = document.get_element_by_id("rules-heading").getparent().text_content()
    assert "Seven-day streak" in rules and "One year" in rules


def test_demo_badge_images_are_svg_in_the_brand_colours_with_a_title(demo_site):
    svg = etree.parse(str(demo_site / "recognition/badges/first-story.svg")).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and svg.get("viewBox") == "0 0 48 48"
    assert svg.findtext("{http://www.w3.org/2000/svg}title") == "First story"
    fills = {e.get("fill") for e in svg.iter()}
    assert {"#1f4d3a", "#a34a14"} <= fills                       # CHORUS_BRAND primary and accent
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", etree.tostring(svg).decode())


def test_demo_badge_feed_is_valid_and_inert_in_every_format(demo_site):
    for name in FEEDS:
        path = demo_site / "feeds" / name
        assert all_problems(path, f"{LOCAL}/feeds/{name}") == []
        assert reader_problems(name, path.read_bytes()) == []
    items = json.loads((demo_site / "feeds/recognition.json").read_text())["items"]
    ben = next(i for i in items if i["title"] == "Ben A.: Community pick 2026")
    assert ben["url"] == f"{LOCAL}/advocates/ben-a/#badge-award-2026-community-pick-ben-a"
    assert f"{LOCAL}/stories/quiet-miles-by-ear/" in ben["content_html"]
    assert ben["authors"][0]["name"] == "Ben A."
    assert "recognition" in (demo_site / "subscribe/index.html").read_text(encoding="utf-8")


def test_demo_advocate_card_names_the_badges(demo_site):
    page = (demo_site / "advocates/ben-a/index.html").read_text(encoding="utf-8")
    alt = re.search(r'<meta property="og:image:alt" content="([^"]*)"', page).group(1)
    assert "Badges: Community pick 2026" in alt


# --- the mini hub: withdrawal, hiding, hostile text --------------------------------------

AWARD = ("Title: Community pick 2026\nAdvocate: maya-okafor\nDate: 2026-11-20\nPiece: stories/first-fifty-k\n"
         "Awarded_by: Sam\nAwarded_on: 2026-11-20T10:00-07:00\n\nFor the dawn start.\n")


def build(tmp_path: Path, change=None) -> Path:
    content = tmp_path / "content"
    if not content.exists():
        shutil.copytree(FIXTURES / "mini", content)
        (content / "awards").mkdir()
        (content / "awards/pick.md").write_text(AWARD, encoding="utf-8")
    if change:
        change(content)
    output = tmp_path / "output"
    site.build(make_settings(content, output))
    return output


def badges_of(output: Path, slug: str = "maya-okafor") -> set[str]:
    document = lxml.html.fromstring((output / f"advocates/{slug}/index.html").read_bytes())
    return {e.get("id") for e in document.xpath('//li[@class="badge-item"]') if e.get("id")}


def test_withdrawing_a_story_takes_its_badges_and_award_away_on_the_next_build(tmp_path):
    before = build(tmp_path)
    assert {"badge-first-story", "badge-featured", "badge-award-pick"} <= badges_of(before)

    def withdraw(content: Path) -> None:
        story = content / "stories/first-fifty-k.md"
        story.write_text(story.read_text().replace("Featured: yes\n", "Featured: yes\nStatus: withdrawn\n"))

    after = build(tmp_path, withdraw)
    left = badges_of(after)
    assert "badge-first-story" not in left and "badge-featured" not in left and "badge-award-pick" not in left
    assert "badge-first-testimonial" in left
    feed = (after / "feeds/recognition.atom.xml").read_text(encoding="utf-8")
    assert "first-fifty-k" not in feed and "Community pick" not in feed
    assert "Community pick" not in text_of(after / "recognition/index.html")


def test_hidden_badges_appear_nowhere(tmp_path):
    def hide(content: Path) -> None:
        advocate = content / "advocates/maya-okafor.md"
        advocate.write_text(advocate.read_text().replace("Joined:", "Hide_badges: yes\nJoined:"))

    output = build(tmp_path, hide)
    assert badges_of(output) == set()
    for page in ("advocates/maya-okafor/index.html", "stories/first-fifty-k/index.html",
                 "recognition/index.html"):
        assert "badge-marks" not in (output / page).read_text(encoding="utf-8")
    assert "Maya" not in text_of(output / "recognition/index.html").split("Recent badges")[1]
    assert json.loads((output / "feeds/recognition.json").read_text())["items"] == []
    alt = re.search(r'og:image:alt" content="([^"]*)"',
                    (output / "advocates/maya-okafor/index.html").read_text(encoding="utf-8")).group(1)
    assert "Badges" not in alt


HOSTILE_NAME = 'Sam <script>alert(1)</script> "><img src=x onerror=alert(2)>'
HOSTILE_TITLE = "Pick <svg onload=alert(3)> & </title><script>x</script>"


def test_hostile_names_and_award_text_are_inert_in_every_badge_sink(tmp_path):
    def hostile(content: Path) -> None:
        advocate = content / "advocates/maya-okafor.md"
        advocate.write_text(advocate.read_text().replace("Name: Maya Okafor", f"Name: {HOSTILE_NAME}"))
        award = content / "awards/pick.md"
        award.write_text(AWARD.replace("Community pick 2026", HOSTILE_TITLE)
                         .replace("For the dawn start.", f"Because {HOSTILE_NAME}."))

    output = build(tmp_path, hostile)
    for page in ("advocates/maya-okafor/index.html", "stories/first-fifty-k/index.html",
                 "recognition/index.html", "archives/index.html", "index.html"):
        assert page_problems(output / page, output) == [], page
    recognition = text_of(output / "recognition/index.html")
    assert HOSTILE_TITLE in recognition and HOSTILE_NAME in recognition     # shown as written
    for name in FEEDS:
        path = output / "feeds" / name
        assert reader_problems(name, path.read_bytes()) == []
        assert all_problems(path, f"{LOCAL}/feeds/{name}") == []
    items = json.loads((output / "feeds/recognition.json").read_text())["items"]
    assert f"{HOSTILE_NAME}: {HOSTILE_TITLE}" in [i["title"] for i in items]
    rss = etree.parse(str(output / "feeds/recognition.rss.xml")).getroot()
    assert HOSTILE_TITLE in [visible_text(t.text).split(": ", 1)[-1] for t in rss.iter("title")]
    svg = etree.parse(str(output / "recognition/badges/award-pick.svg")).getroot()
    assert svg.findtext("{http://www.w3.org/2000/svg}title") == HOSTILE_TITLE
    assert [e.tag for e in svg.iter() if "script" in str(e.tag) or e.get("onload")] == []


def test_same_content_gives_byte_identical_badge_output(tmp_path):
    first = build(tmp_path / "one")
    second = build(tmp_path / "two")
    names = ["recognition/index.html", "recognition/earned.json", "recognition/badges/award-pick.svg",
             "recognition/badges/first-story.svg", *(f"feeds/{name}" for name in FEEDS)]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
