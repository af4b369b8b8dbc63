"""Site search (plugins/chorus_search): the Pagefind index of the built site, written beside
the output and renamed in (never into a hard-linked file), the indexed pages and their
filters, and the /search/ page in a real browser."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from lxml import html

from chorus.problems import ConfigError
from chorus_search.index import build_index, find_binary
from chorus_search.settings import SearchSettings


def test_settings_report_every_problem_at_once():
    with pytest.raises(ConfigError, match="enabled.*folder.*timeout"):
        SearchSettings.from_settings({"CHORUS_SEARCH": {"enabled": 1, "folder": "../x", "timeout": 0}})


def test_the_pinned_binary_runs_here():
    binary = find_binary()
    assert binary.is_file() and os.access(binary, os.X_OK)


def test_index_replaces_the_bundle_without_writing_into_hard_linked_files(tmp_path):
    live, staging = tmp_path / "live", tmp_path / "staging"
    for root in (live, staging):
        (root / "stories/a").mkdir(parents=True)
    page = "<!DOCTYPE html><html lang='en'><head><title>A</title></head><body><main data-pagefind-body><h1>Alpha</h1><p>Granite scramble</p></main></body></html>"
    (live / "stories/a/index.html").write_text(page)
    (live / "pagefind").mkdir()
    (live / "pagefind/pagefind-entry.json").write_text('{"old": true}')
    (staging / "pagefind").mkdir()
    os.link(live / "stories/a/index.html", staging / "stories/a/index.html")
    os.link(live / "pagefind/pagefind-entry.json", staging / "pagefind/pagefind-entry.json")
    result = build_index(staging, "pagefind", find_binary())
    assert result.pages == 1
    assert (live / "pagefind/pagefind-entry.json").read_text() == '{"old": true}'
    entry = json.loads((staging / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["live", "staging"]   # no temp folder left


def test_demo_index_holds_stories_testimonials_advocates_and_prompts(demo_site):
    entry = json.loads((demo_site / "pagefind/pagefind-entry.json").read_text())
    indexed = sum(language["page_count"] for language in entry["languages"].values())
    bodies = [p for p in demo_site.rglob("index.html") if b"data-pagefind-body" in p.read_bytes()]
    assert indexed == len(bodies)
    kinds = {p.relative_to(demo_site).parts[0] for p in bodies}
    assert kinds == {"stories", "testimonials", "advocates", "prompts"}
    story = html.fromstring((demo_site / "stories/first-fifty-k/index.html").read_bytes())
    filters = {(e.get("data-pagefind-filter"), e.text_content()) for e in story.xpath("//*[@data-pagefind-filter]")}
    assert {("kind", "story"), ("language", "en"), ("tag", "ultrarunning"),
            ("product", "Scree 3 trail shoe")} <= filters
    assert not (demo_site / "archives/index.html").read_bytes().count(b"data-pagefind-body")
    # Pagefind's own UI files (unused; they carry their translators' email addresses) are dropped
    assert not list((demo_site / "pagefind").glob("*-ui.*"))
    assert (demo_site / "pagefind/pagefind.js").is_file()


def test_search_page_has_a_form_and_links_without_javascript(demo_site):
    page = html.fromstring((demo_site / "search/index.html").read_bytes())
    form = page.xpath('//form[@role="search"]')[0]
    assert form.xpath('.//label[@for="search-q"]') and form.xpath('.//input[@id="search-q"]')
    links = set(page.xpath('//section[contains(@class,"search-browse")]//a/@href'))
    assert {"/archives/", "/testimonials/", "/advocates/", "/prompts/", "/tags/"} <= links
    assert page.xpath('//script/@src') == ["/theme/js/search.js"]


@pytest.mark.slow
def test_search_finds_a_story_and_opens_it(browser, demo_site):
    from axe_playwright_python.sync_playwright import Axe

    from browser import WCAG_AA, PageWatch, serve

    with serve(demo_site) as base_url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        watch = PageWatch(page, base_url)
        page.goto(base_url + "search/", wait_until="networkidle")
        page.keyboard.press("Tab")                      # the skip link first, as everywhere
        page.focus("#search-q")
        page.keyboard.type("constitutionally")
        page.keyboard.press("Enter")
        result = page.locator("#search-results a", has_text="fifty kilometres")
        result.wait_for(timeout=20_000)
        assert "result" in page.locator("#search-status").inner_text()
        violations = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}}).response["violations"]
        result.focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/stories/first-fifty-k/")
        page.close()
        assert [v["id"] for v in violations] == []
        assert watch.errors == [] and watch.failed == [] and watch.foreign == []


def test_a_rebuild_with_no_changed_page_keeps_the_index(mini_content, tmp_path, caplog):
    import logging

    from chorus import site
    from conftest import make_settings

    output = tmp_path / "output"
    site.build(make_settings(mini_content, output))
    entry = output / "pagefind/pagefind-entry.json"
    first = entry.stat().st_ino
    with caplog.at_level(logging.INFO, logger="chorus_search.glue"):
        site.build(make_settings(mini_content, output))
    assert "index kept" in caplog.text
    assert entry.stat().st_ino == first and entry.is_file()
    story = mini_content / "stories/first-fifty-k.md"
    story.write_text(story.read_text() + "\nA new closing line about quartzite.\n")
    site.build(make_settings(mini_content, output))
    assert entry.stat().st_ino != first
