"""Real Pelican builds with the feeds plugin: every feed valid, complete and stable;
withdrawn and anonymous pieces handled; autodiscovery and the /subscribe/ page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from chorus import site
from chorus.problems import ConfigError
from conftest import FIXTURES, ROOT, build_in_fresh_process, make_settings
from feed_checks import ATOM, all_problems, parse_page_links

LOCAL = "http://127.0.0.1:8000"
PLUGINS = ["chorus_content", "chorus_community", "fake_upstream", "chorus_feeds"]
STORY = """Title: {title}
Date: {date}
Advocate: {advocate}
Tags: {tags}
{extra}Approved_by: Jonah (moderator)
Approved_on: 2026-11-10T10:00:00-07:00

{body}
"""
HOSTILE_BODY = """Night running taught me ]]> and <script>alert("x")</script> are just text.

<a href="javascript:alert(1)">click</a> and [a relative link](../first-fifty-k/) and
[the tag page](/tags/ultrarunning/) &#0; &#xFFFE; <img src=x onerror=alert(1)>
"""
EXPECTED = {
    "stories": 3, "testimonials": 2, "prompts": 1, "prompts/2026-11-03": 2,
    "advocates/maya-okafor": 2, "advocates/sam-l": 1, "tags/ultrarunning": 2,
    "tags/first-race": 1, "tags/front-range": 1, "tags/night-running": 1,
}


def story(content: Path, slug: str, title: str, date: str, advocate: str, tags: str,
          extra: str = "", body: str = "A short story about a long run.") -> None:
    (content / "stories" / f"{slug}.md").write_text(
        STORY.format(title=title, date=date, advocate=advocate, tags=tags, extra=extra, body=body),
        encoding="utf-8")


@pytest.fixture
def hub_content(mini_content) -> Path:
    """The mini hub plus: an advocate shown as "Sam L.", a hostile story, an anonymous
    story and testimonial, a withdrawn story and one scheduled after the build day."""
    (mini_content / "advocates" / "sam-l.md").write_text(
        "Name: Sam L.\nName_form: first-initial\nJoined: 2026-01-05\n\nRuns at night.\n", encoding="utf-8")
    story(mini_content, "night-lights", "Night lights ]]> & <b>bold</b>", "2026-11-12T21:00:00-07:00",
          "sam-l", "ultrarunning", extra="Modified: 2026-11-15T08:00:00-07:00\n", body=HOSTILE_BODY)
    story(mini_content, "quiet-miles", "Quiet miles", "2026-11-14T06:00:00-07:00", "anonymous",
          "night running")
    story(mini_content, "taken-back", "Taken back", "2026-11-13T06:00:00-07:00", "maya-okafor",
          "ultrarunning", extra="Status: withdrawn\n")
    story(mini_content, "not-yet", "Not yet", "2026-11-30T06:00:00-07:00", "maya-okafor", "ultrarunning")
    (mini_content / "testimonials" / "anon-grip.md").write_text(
        "Date: 2026-11-05T12:00:00-07:00\nAdvocate: anonymous\nPrompt: 2026-11-03\n"
        "Approved_by: Jonah (moderator)\nApproved_on: 2026-11-06T09:00:00-07:00\n\n"
        "Best grip I have had on wet rock.\n", encoding="utf-8")
    return mini_content


def build(content: Path, output: Path, **overrides) -> Path:
    overrides = {"PLUGINS": PLUGINS, "PLUGIN_PATHS": [str(ROOT / "plugins"), str(FIXTURES / "plugins")],
                 "FAKE_UPSTREAM": True, **overrides}
    site.build(make_settings(content, output, **overrides))
    return output


def feed_files(output: Path) -> dict[str, Path]:
    return {p.relative_to(output).as_posix(): p for p in sorted((output / "feeds").rglob("*")) if p.is_file()}


def feed_key(name: str) -> str:
    return re.sub(r"\.(atom\.xml|rss\.xml|json)$", "", name.removeprefix("feeds/"))


@pytest.fixture
def built(hub_content, tmp_path) -> Path:
    return build(hub_content, tmp_path / "output")


def test_every_feed_is_written_valid_and_complete(built):
    files = feed_files(built)
    expected = {f"feeds/{key}{suffix}" for key in EXPECTED for suffix in (".atom.xml", ".rss.xml")}
    expected |= {f"feeds/{key}.json" for key in EXPECTED}   # every feed has its JSON Feed twin
    assert set(files) == expected
    problems = [problem for name, path in files.items()
                for problem in all_problems(path, f"{LOCAL}/{name}", EXPECTED[feed_key(name)])]
    assert problems == []


def test_two_builds_of_the_same_content_are_byte_identical(hub_content, tmp_path):
    first = build(hub_content, tmp_path / "one")
    second = build(hub_content, tmp_path / "two")
    a, b = feed_files(first), feed_files(second)
    assert a.keys() == b.keys()
    assert [name for name in a if a[name].read_bytes() != b[name].read_bytes()] == []
    assert (first / "subscribe/index.html").read_bytes() == (second / "subscribe/index.html").read_bytes()


def test_withdrawn_and_scheduled_pieces_are_in_no_feed(hub_content, tmp_path):
    first = build(hub_content, tmp_path / "before")
    assert any(b"night-lights" in p.read_bytes() for p in feed_files(first).values())
    path = hub_content / "stories" / "night-lights.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Tags:", "Status: withdrawn\nTags:"),
                    encoding="utf-8")
    after = build(hub_content, tmp_path / "after")
    for name, feed in feed_files(after).items():
        data = feed.read_bytes()
        for gone in (b"night-lights", b"Night lights", b"taken-back", b"Taken back", b"not-yet"):
            assert gone not in data, (name, gone)
    # Sam's only story is gone, so Sam has no feed any more.
    assert not any(name.startswith("feeds/advocates/sam-l") for name in feed_files(after))


def test_anonymous_pieces_are_credited_to_a_community_member_only(built):
    stories = etree.parse(str(built / "feeds/stories.atom.xml")).getroot()
    quiet = next(e for e in stories.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == "Quiet miles")
    assert quiet.findtext(f"{ATOM}author/{ATOM}name") == "A community member"
    assert quiet.find(f"{ATOM}author/{ATOM}uri") is None
    names = {p.name for p in (built / "feeds/advocates").iterdir()}
    assert not any("anonymous" in name for name in names)
    for name, path in feed_files(built).items():
        if name.startswith("feeds/advocates/"):
            assert b"Quiet miles" not in path.read_bytes() and b"wet rock" not in path.read_bytes()


def test_advocates_appear_only_in_their_consented_form(built):
    data = (built / "feeds/advocates/sam-l.atom.xml").read_bytes()
    assert b"<name>Sam L.</name>" in data


def test_entries_carry_full_safe_content_tags_dates_and_the_share_card(built):
    root = etree.parse(str(built / "feeds/stories.atom.xml")).getroot()
    entries = {e.findtext(f"{ATOM}id"): e for e in root.findall(f"{ATOM}entry")}
    entry = entries["tag:127.0.0.1,2026-11-12:stories/night-lights"]
    assert entry.findtext(f"{ATOM}title") == "Night lights ]]> & <b>bold</b>"
    assert entry.findtext(f"{ATOM}published") == "2026-11-12T21:00:00-07:00"
    assert entry.findtext(f"{ATOM}updated") == "2026-11-15T08:00:00-07:00"
    assert root.findtext(f"{ATOM}updated") == "2026-11-15T08:00:00-07:00"
    content = entry.findtext(f"{ATOM}content")
    assert "<script" not in content and "javascript:" not in content and "onerror" not in content
    assert f'href="{LOCAL}/stories/first-fifty-k/"' in content
    assert f'href="{LOCAL}/tags/ultrarunning/"' in content
    assert [c.get("label") for c in entry.findall(f"{ATOM}category")] == ["ultrarunning"]
    enclosure = entry.find(f"{ATOM}link[@rel='enclosure']")
    assert (enclosure.get("href"), enclosure.get("type"), enclosure.get("length")) == (
        f"{LOCAL}/cards/stories-night-lights.png", "image/png", None)
    first = entries["tag:127.0.0.1,2026-11-03:stories/first-fifty-k"]
    assert first.find(f"{ATOM}link[@rel='enclosure']").get("length") == "108"
    rss = etree.parse(str(built / "feeds/stories.rss.xml")).getroot()
    lengths = {i.findtext("link"): i.find("enclosure").get("length") for i in rss.iter("item")}
    assert lengths == {f"{LOCAL}/stories/night-lights/": "0", f"{LOCAL}/stories/quiet-miles/": "0",
                       f"{LOCAL}/stories/first-fifty-k/": "108"}


def test_every_page_links_its_feeds_for_autodiscovery(built):
    site_wide = {f"/feeds/stories{suffix}" for suffix in (".atom.xml", ".rss.xml", ".json")}
    for page in built.rglob("*.html"):
        assert site_wide <= set(parse_page_links(page)), page
    own = {"tags/ultrarunning/index.html": "/feeds/tags/ultrarunning.atom.xml",
           "advocates/sam-l/index.html": "/feeds/advocates/sam-l.rss.xml",
           "testimonials/index.html": "/feeds/testimonials.json"}
    for page, href in own.items():
        assert href in parse_page_links(built / page), page
    assert "/feeds/tags/ultrarunning.atom.xml" not in parse_page_links(built / "index.html")


def test_subscribe_page_links_every_feed_and_the_site_feeds_have_a_copyable_url(built):
    html = (built / "subscribe/index.html").read_text(encoding="utf-8")
    boxes = re.findall(r'<input [^>]*readonly value="([^"]+)"', html)
    assert boxes == [f"{LOCAL}/feeds/{key}.atom.xml" for key in ("stories", "testimonials", "prompts")]
    linked = re.findall(r'<a href="(/feeds/[^"]+)" type="', html)
    assert sorted(linked) == sorted(f"/{name}" for name in feed_files(built))
    assert "xsl" not in html.lower()
    assert 'href="/subscribe/"' in (built / "stories/first-fifty-k/index.html").read_text(encoding="utf-8")


def test_publish_build_uses_siteurl_and_the_websub_hub(hub_content, tmp_path):
    base = "https://stories.example.com"
    output = build(hub_content, tmp_path / "output", SITEURL=base,
                   CHORUS_FEEDS={"hub": "https://hub.example.com/", "items": 1})
    files = feed_files(output)
    problems = [problem for name, path in files.items()
                for problem in all_problems(path, f"{base}/{name}", 1)]
    assert problems == []
    atom = (output / "feeds/stories.atom.xml").read_bytes()
    assert b'<link href="https://hub.example.com/" rel="hub"/>' in atom
    assert b"127.0.0.1" not in b"".join(p.read_bytes() for p in files.values())
    assert f"{base}/feeds/stories.atom.xml" in parse_page_links(output / "index.html")


def test_settings_choose_families_and_formats(hub_content, tmp_path):
    output = build(hub_content, tmp_path / "output",
                   CHORUS_FEEDS={"families": ["stories", "tags"], "formats": ["atom"]})
    assert {feed_key(name) for name in feed_files(output)} == {
        "stories", "tags/ultrarunning", "tags/first-race", "tags/front-range", "tags/night-running"}
    assert all(name.endswith(".atom.xml") for name in feed_files(output))


def test_without_a_prompts_plugin_there_are_no_prompt_feeds(hub_content, tmp_path):
    output = tmp_path / "output"
    build_in_fresh_process(hub_content, output, PLUGINS=["chorus_content", "chorus_community", "chorus_feeds"],
                           PLUGIN_PATHS=[str(ROOT / "plugins")])
    assert not any(name.startswith("feeds/prompts") for name in feed_files(output))
    assert (output / "feeds/stories.atom.xml").is_file()


def test_a_bad_setting_stops_the_build_with_one_clear_message(hub_content, tmp_path):
    with pytest.raises(ConfigError, match="CHORUS_FEEDS: unknown key 'item'"):
        build(hub_content, tmp_path / "output", CHORUS_FEEDS={"item": 5})


def test_every_feed_of_the_demo_site_passes_the_checks(demo_site):
    files = feed_files(demo_site)
    assert "feeds/stories.atom.xml" in files and any(n.startswith("feeds/advocates/") for n in files)
    problems = [problem for name, path in files.items() for problem in all_problems(path, f"{LOCAL}/{name}")]
    assert problems == []
    stories = len(list((demo_site / "stories").glob("*/index.html")))
    assert all_problems(files["feeds/stories.rss.xml"], f"{LOCAL}/feeds/stories.rss.xml", min(stories, 50)) == []
