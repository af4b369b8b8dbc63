"""Hostile text in every text field of every kind, through every feed sink, read the way
a feed reader reads it (issue 12, point 2): XML-unescape, then render as HTML. No
element or attribute may appear that the sanitiser would not allow, and plain text must
display as written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT, build_in_fresh_process
from feed_checks import ATOM, all_problems
from feed_reader import reader_problems, visible_text

LOCAL = "http://127.0.0.1:8000"
SCRIPT = "<script>alert(document.cookie)</script>"
ONERROR = "<img src=x onerror=alert(1)>"
TRACKER = '<img src="https://tracker.example/p.gif" width=1 height=1>'
SVG = "<svg onload=alert(1)>"
JS_LINK = '<a href="javascript:alert(1)">x</a>'
PRE_ESCAPED = "&lt;script&gt;alert(2)&lt;/script&gt;"
STYLE = "<style>body{display:none}</style>"
IFRAME = '"><iframe src="https://evil.example/"></iframe>'
PAYLOADS = (SCRIPT, ONERROR, TRACKER, SVG, JS_LINK, PRE_ESCAPED, STYLE, IFRAME)

TITLE = f"Night {SCRIPT} & 3 < 5 {PRE_ESCAPED}"
ADVOCATE_NAME = f"Sam {ONERROR}"
TAG = "x<svg onload=alert(1)>"
QUOTE = f"Grips well {TRACKER} {IFRAME} & more"
QUESTION = f"What {SVG} {STYLE} stopped you?"
FILES = {
    "advocates/sam-l.md": f"Name: {ADVOCATE_NAME}\nName_form: full\nJoined: 2026-01-05\n"
                          f"Location: {IFRAME}\n\nRuns at night. {SCRIPT} {TRACKER}\n",
    "stories/night-lights.md": f"Title: {TITLE}\nDate: 2026-11-12T21:00:00-07:00\nAdvocate: sam-l\n"
                               f"Tags: {TAG}, ultrarunning\nProduct: {STYLE}\nSummary: {ONERROR} {JS_LINK} {STYLE}\n"
                               "Prompt: 2026-11-03\nApproved_by: Jonah (moderator)\n"
                               f"Approved_on: 2026-11-13T10:00:00-07:00\n\n{SCRIPT}\n\n{ONERROR} {JS_LINK} {SVG}\n\n"
                               f"{TRACKER} {STYLE}\n\n{IFRAME} {PRE_ESCAPED} "
                               "<a href=\"data:text/html,x\">d</a>\n",
    "testimonials/sam-grip.md": f"Date: 2026-11-05T12:00:00-07:00\nAdvocate: sam-l\nPrompt: 2026-11-03\n"
                                f"Rating: 4\nRole: {SCRIPT}\nOrganisation: {ONERROR}\nProduct: {TRACKER}\n"
                                "Approved_by: Jonah (moderator)\nApproved_on: 2026-11-06T09:00:00-07:00\n\n"
                                f"{QUOTE}\n",
    "prompts/2026-11-03-almost-didnt.md": f"Question: {QUESTION}\nDate: 2026-11-03\nQuick: {ONERROR} {JS_LINK}\n"
                                          f"Story: {IFRAME}\nTags: first race, {TAG}\n\n"
                                          f"Every runner {SCRIPT} has a start line.\n\n{TRACKER} {PRE_ESCAPED}\n",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The mini hub with hostile text in every field the feeds show, built in a fresh
    process (the fake upstream plugin publishes prompt days and share cards)."""
    import shutil

    root = tmp_path_factory.mktemp("hostile")
    content = shutil.copytree(ROOT / "tests/fixtures/mini", root / "content")
    for name, text in FILES.items():
        (content / name).write_text(text, encoding="utf-8")
    output = root / "output"
    build_in_fresh_process(content, output, PLUGINS=["chorus_content", "chorus_community", "fake_upstream",
                                                     "chorus_feeds"],
                           PLUGIN_PATHS=[str(ROOT / "plugins"), str(ROOT / "tests/fixtures/plugins")],
                           FAKE_UPSTREAM=True)
    return output


def feed_files(output: Path) -> dict[str, Path]:
    return {p.relative_to(output).as_posix(): p for p in sorted((output / "feeds").rglob("*")) if p.is_file()}


def test_every_feed_of_a_hostile_hub_is_inert_in_a_reader(hostile_site):
    files = feed_files(hostile_site)
    families = {name.split("/")[1] if name.count("/") > 1 else name.split("/")[1].split(".")[0] for name in files}
    assert families >= {"stories", "testimonials", "prompts", "advocates", "tags"}
    assert any(name.startswith("feeds/prompts/") for name in files)
    problems = [p for name, path in files.items() for p in reader_problems(name, path.read_bytes())]
    assert problems == []


def test_every_feed_of_a_hostile_hub_is_still_valid(hostile_site):
    problems = [p for name, path in feed_files(hostile_site).items()
                for p in all_problems(path, f"{LOCAL}/{name}")]
    assert problems == []


def _rss_items(path: Path) -> dict[str, etree._Element]:
    return {item.findtext("link"): item for item in etree.parse(str(path)).getroot().iter("item")}


def test_hostile_plain_text_displays_exactly_as_written_in_every_format(hostile_site):
    """Inert is not enough: a reader must show what the advocate wrote, once escaped."""
    story = f"{LOCAL}/stories/night-lights/"
    rss = _rss_items(hostile_site / "feeds/stories.rss.xml")[story]
    assert visible_text(rss.findtext("title")) == TITLE
    assert visible_text(rss.findtext("{http://purl.org/dc/elements/1.1/}creator")) == ADVOCATE_NAME
    assert TAG in [visible_text(c.text) for c in rss.findall("category")]
    assert visible_text(rss.findtext("description")).startswith(ONERROR)
    media = rss.find("{http://search.yahoo.com/mrss/}content/{http://search.yahoo.com/mrss/}description")
    assert (media.get("type"), visible_text(media.text)) == ("html", f"Share card: {TITLE}")
    body = visible_text(rss.findtext("{http://purl.org/rss/1.0/modules/content/}encoded"))
    assert "<script>alert(2)</script>" in body     # the body is Markdown: the sanitiser dropped the rest
    atom = {e.findtext(f"{ATOM}id"): e for e in etree.parse(str(hostile_site / "feeds/stories.atom.xml")).getroot()
            .iter(f"{ATOM}entry")}["tag:127.0.0.1,2026-11-12:stories/night-lights"]
    assert (atom.find(f"{ATOM}title").get("type"), atom.findtext(f"{ATOM}title")) == ("text", TITLE)
    assert atom.findtext(f"{ATOM}author/{ATOM}name") == ADVOCATE_NAME
    assert TAG in [c.get("label") for c in atom.findall(f"{ATOM}category")]
    item = next(i for i in json.loads((hostile_site / "feeds/stories.json").read_text())["items"] if i["url"] == story)
    assert (item["title"], item["authors"][0]["name"]) == (TITLE, ADVOCATE_NAME) and TAG in item["tags"]


def test_testimonial_prompt_and_advocate_text_reach_readers_as_text(hostile_site):
    testimonial = _rss_items(hostile_site / "feeds/testimonials.rss.xml")[f"{LOCAL}/testimonials/sam-grip/"]
    assert visible_text(testimonial.findtext("description")) == QUOTE
    shown = visible_text(testimonial.findtext("{http://purl.org/rss/1.0/modules/content/}encoded"))
    assert QUOTE in shown and f"{ADVOCATE_NAME}, {SCRIPT}, {ONERROR}" in shown
    channel = etree.parse(str(hostile_site / "feeds/advocates/sam-l.rss.xml")).getroot().find("channel")
    assert visible_text(channel.findtext("description")) == f"Stories and testimonials by {ADVOCATE_NAME}."
    assert visible_text(channel.findtext("title")).endswith(ADVOCATE_NAME)
    day = etree.parse(str(hostile_site / "feeds/prompts.rss.xml")).getroot().find("channel/item")
    assert visible_text(day.findtext("title")) == QUESTION
    prompt_body = visible_text(day.findtext("{http://purl.org/rss/1.0/modules/content/}encoded"))
    assert f"{ONERROR} {JS_LINK}" in prompt_body and IFRAME in prompt_body and PRE_ESCAPED in prompt_body
    tag = etree.parse(str(hostile_site / "feeds/tags/x.rss.xml")).getroot().find("channel")
    assert visible_text(tag.findtext("description")) == f"Stories tagged “{TAG}”."


def test_every_feed_of_the_demo_site_is_inert_in_a_reader(demo_site):
    files = feed_files(demo_site)
    assert [p for name, path in files.items() for p in reader_problems(name, path.read_bytes())] == []
