"""Site search (chorus/search, plugins/chorus_search): records read from the built pages and
cached, a Pagefind bundle written after the build is live into a fresh folder renamed in
(never into a hard-linked file), a stale bundle that never outlives a withdrawal, and the
/search/ page in a real browser."""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
from pathlib import Path

import pytest
from lxml import html

from chorus import building, search
from chorus.deploy import deploy
from chorus.output import live_build, replace_bytes
from chorus.problems import ConfigError
from chorus.search.records import collect, record_of
from conftest import ROOT, copy_content, make_settings

PAGE = ("<!DOCTYPE html><html lang='en'><head><title>T · Hub</title></head><body><nav>Menu</nav>"
        "<main data-pagefind-body><article><h1>Granite <em>days</em></h1><p>Scrambling</p><p>at dawn.</p></article>"
        "<aside data-pagefind-ignore>Share this</aside><div data-pagefind-ignore hidden>"
        "<span data-pagefind-filter='kind'>story</span><span data-pagefind-filter='language'>ja-JP</span>"
        "<span data-pagefind-filter='tag'>night running</span><span data-pagefind-filter='tag'>snow</span></div>"
        "</main></body></html>")


def test_settings_report_every_problem_at_once():
    with pytest.raises(ConfigError, match="enabled.*folder.*timeout"):
        search.SearchSettings.from_settings({"CHORUS_SEARCH": {"enabled": 1, "folder": "../x", "timeout": 0}})


def test_the_pinned_binary_runs_here():
    binary = search.find_binary()
    assert binary.is_file() and os.access(binary, os.X_OK)


def test_a_record_holds_the_page_text_but_not_what_it_ignores():
    record = record_of(PAGE.encode(), "/stories/a/")
    assert record == {"url": "/stories/a/", "content": "Granite days Scrambling at dawn.", "language": "ja",
                      "meta": {"title": "Granite days"},
                      "filters": {"kind": ["story"], "language": ["ja-JP"], "tag": ["night running", "snow"]}}
    assert record_of(PAGE.replace(" data-pagefind-body", "").encode(), "/x/") is None


TRICKY = ("<!DOCTYPE html>\n<html dir=\"rtl\" lang=\"ar-EG\"><head><meta charset=\"utf-8\">"
          "<title>\n  Caf\u00e9 &amp; \u0645\u0631\u062d\u0628\u0627 \U0001F600 \u00b7 Hub</title></head><body>"
          "<main id=\"main\" tabindex=\"-1\" data-pagefind-body><p>one<!-- a comment -->two</p><div>three"
          "<section data-pagefind-ignore><h1>Not the title</h1>hidden</section>four<script>var x</script>five</div>"
          "<blockquote><p>\u6771\u4eac</p><p>&lt;b&gt;not markup&lt;/b&gt;</p></blockquote>word<br>next"
          "<ul><li>a</li><li>b</li></ul>" + "<div>" * 200 + "deep" + "</div>" * 200 + "</main></body></html>")


def test_a_record_of_real_world_markup():
    """Comments, an ignored block holding an h1, a script, entities, non-Latin text, emoji,
    no h1 (the title comes from <title>), the language from <html lang>, deep nesting. An ignored block goes with its words
    (the text after it joins the text before, as lxml.html's drop_tree has it)."""
    record = record_of(TRICKY.encode(), "/x/")
    assert record["meta"] == {"title": "Caf\u00e9 & \u0645\u0631\u062d\u0628\u0627 \U0001F600 \u00b7 Hub"}
    assert record["language"] == "ar"
    assert record["content"] == ("onetwo threefourfive \u6771\u4eac <b>not markup</b> word next a b deep")
    assert record["filters"] == {}


def _page(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_bytes(path, PAGE.replace("Scrambling", text).encode())


def test_a_rebuild_reads_only_new_or_changed_pages(tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    for n in range(5):
        _page(output, f"stories/s{n}/index.html", f"Story {n}")
    (output / "archives").mkdir()
    (output / "archives/index.html").write_text("<html><main>Not indexed</main></html>")
    first = collect(output, cache, "pagefind")
    assert (len(first.digests), first.parsed) == (5, 6)
    again = collect(output, cache, "pagefind")
    assert (again.digests, again.parsed) == (first.digests, 0)
    _page(output, "stories/s2/index.html", "Changed")              # replaced: a new file, as the writer does
    _page(output, "stories/s9/index.html", "Approved")
    changed = collect(output, cache, "pagefind")
    assert changed.parsed == 2 and set(changed.digests) == {*first.digests, "/stories/s9/"}
    assert changed.digests["/stories/s2/"] != first.digests["/stories/s2/"]


def test_pages_read_on_two_processes_give_the_records_of_one(tmp_path):
    output = tmp_path / "output"
    for n in range(150):   # enough to fork
        _page(output, f"stories/s{n}/index.html", f"Story {n} 山道 🏃")
    (output / "archives").mkdir()
    (output / "archives/index.html").write_text("<html><main>Not indexed</main></html>")
    one = collect(output, tmp_path / "cache1", "pagefind", workers=1)
    two = collect(output, tmp_path / "cache2", "pagefind", workers=2)
    assert (two.digests, two.parsed) == (one.digests, one.parsed) and len(one.digests) == 150
    files = {path.name: path.read_bytes() for path in (tmp_path / "cache1" / "records").iterdir()}
    assert {path.name: path.read_bytes() for path in (tmp_path / "cache2" / "records").iterdir()} == files
    assert len(files) == 2                     # one pack of every record, and the manifest
    assert (tmp_path / "cache2" / "pages.json").read_bytes() == (tmp_path / "cache1" / "pages.json").read_bytes()
    assert collect(output, tmp_path / "cache2", "pagefind", workers=2).parsed == 0


def test_the_bundle_is_renamed_in_without_writing_into_hard_linked_files(tmp_path):
    live, staging, cache = tmp_path / "live", tmp_path / "staging", tmp_path / "cache"
    _page(live, "stories/a/index.html", "Quartzite")
    (live / "pagefind").mkdir()
    (live / "pagefind/pagefind-entry.json").write_text('{"old": true}')
    (staging / "stories/a").mkdir(parents=True)
    (staging / "pagefind").mkdir()
    os.link(live / "stories/a/index.html", staging / "stories/a/index.html")
    os.link(live / "pagefind/pagefind-entry.json", staging / "pagefind/pagefind-entry.json")
    settings = {"CACHE_PATH": str(cache), "PLUGINS": ["chorus_search"]}
    search.prepare(settings, staging)               # an unknown bundle is dropped: it may hold anything
    assert not (staging / "pagefind").exists()
    assert search.index_output(settings, staging) == 1
    assert (live / "pagefind/pagefind-entry.json").read_text() == '{"old": true}'
    entry = json.loads((staging / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["ja"]["page_count"] == 1
    assert search.index_output(settings, staging) is None                     # already current
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "live", "staging"]   # no temp folder left
    assert not list((staging / "pagefind").glob("*-ui.*"))     # Pagefind's UI files carry emails: dropped


def test_a_build_sharing_the_cache_cannot_change_what_another_indexes(tmp_path):
    live, preview = tmp_path / "live", tmp_path / "preview"
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "PLUGINS": ["chorus_search"]}
    _page(live, "stories/published/index.html", "Published")
    _page(preview, "stories/published/index.html", "Published")
    _page(preview, "stories/not-yet-approved/index.html", "Pending")
    search.prepare(settings, live)
    search.prepare(settings, preview)            # e.g. a preview built between the two steps
    search.index_output(settings, live)
    assert bundle_urls(live) == {"/stories/published/"}


def bundle_urls(output: Path) -> set[str]:
    """The URL of every page a Pagefind bundle holds (its fragments are gzipped JSON)."""
    urls = set()
    for fragment in (output / "pagefind/fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        urls.add(json.loads(data[len(b"pagefind_dcd"):])["url"])
    return urls


@pytest.fixture(scope="module")
def search_hub(tmp_path_factory):
    """The demo hub built live (as ./hub build does): the index written after the switch."""
    root = tmp_path_factory.mktemp("search")
    content = copy_content(ROOT / "content", root / "content")
    settings = make_settings(content, root / "output")
    building.build_live(settings)
    return settings, content, root / "output"


def test_the_live_index_holds_stories_testimonials_advocates_and_prompts(search_hub):
    _settings, _content, live = search_hub
    bodies = {"/" + p.parent.relative_to(live).as_posix() + "/"
              for p in live.rglob("index.html") if b"data-pagefind-body" in p.read_bytes()}
    assert bundle_urls(live) == bodies
    assert {url.split("/")[1] for url in bodies} == {"stories", "testimonials", "advocates", "prompts"}
    story = html.fromstring((live / "stories/first-fifty-k/index.html").read_bytes())
    filters = {(e.get("data-pagefind-filter"), e.text_content()) for e in story.xpath("//*[@data-pagefind-filter]")}
    assert {("kind", "story"), ("language", "en"), ("tag", "ultrarunning"),
            ("product", "Scree 3 trail shoe")} <= filters
    assert b"data-pagefind-body" not in (live / "archives/index.html").read_bytes()
    entry = json.loads((live / "pagefind/pagefind-entry.json").read_text())
    assert {"en", "ja", "ar", "he"} <= set(entry["languages"])


def deploying(settings: dict, seen: dict):
    """``then`` and ``reindexed`` for ``build_live``: a real folder deploy each, recording what
    the live build and the deploy target hold right after it."""
    target = Path(settings["OUTPUT_PATH"]).parent / "www"
    sent = {**settings, "CHORUS_DEPLOY": {"target": "folder", "path": str(target)}}

    def step(name: str):
        def run(result):
            seen[f"{name}: live"] = _bundle_or_none(result.output)
            deploy(sent, result.output.resolve(), name)
            seen[f"{name}: target"] = _bundle_or_none(target)
            seen[f"{name}: files"] = {p.relative_to(target).as_posix(): p.read_bytes()
                                      for p in target.rglob("*") if p.is_file()}
        return run
    return sent, step("pages"), step("index")


def _bundle_or_none(folder: Path) -> set[str] | None:
    return bundle_urls(folder) if (folder / "pagefind").exists() else None


def test_an_approval_deploys_its_page_with_the_old_index_then_the_new_index(search_hub, caplog):
    settings, content, live = search_hub
    before = bundle_urls(live)
    (content / "stories/approved-quartzite.md").write_text(
        "Title: Quartzite at first light\nDate: 2026-11-21T07:00:00-07:00\nAdvocate: maya-okafor\n"
        "Approved_by: Jonah (moderator)\nApproved_on: 2026-11-21T09:00:00-07:00\n\n"
        "The quartzite ridge glowed before the sun was up.\n", encoding="utf-8")
    seen: dict = {}
    sent, pages, index = deploying(settings, seen)
    with caplog.at_level(logging.INFO, logger="chorus.search"):
        result = building.build_live(sent, then=pages, reindexed=index)
    # the page is deployed first, beside the previous bundle, still whole: it lacks only the new page
    assert "stories/approved-quartzite/index.html" in seen["pages: files"]
    assert seen["pages: live"] == seen["pages: target"] == before
    assert seen["index: live"] == seen["index: target"] == before | {"/stories/approved-quartzite/"}
    assert bundle_urls(live) == before | {"/stories/approved-quartzite/"}
    assert "pages indexed" in caplog.text and result.problems == ()


def test_a_withdrawal_never_deploys_the_old_index(search_hub):
    settings, content, live = search_hub
    path = content / "stories/approved-quartzite.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Approved_by:", "Status: withdrawn\nApproved_by:"),
                    encoding="utf-8")
    seen: dict = {}
    sent, pages, index = deploying(settings, seen)
    result = building.build_live(sent, then=pages, reindexed=index)
    # taken down before the build went live: neither the live build nor the deploy has a bundle
    assert seen["pages: live"] is None and seen["pages: target"] is None
    assert "search/index.html" in seen["pages: files"]      # /search/ says it is being updated
    assert not [name for name, data in seen["pages: files"].items() if b"quartzite" in data.lower()]
    assert "/stories/approved-quartzite/" not in seen["index: target"]
    assert "/stories/first-fifty-k/" in seen["index: target"] and result.problems == ()


def test_a_failed_index_is_reported_and_the_pages_stay_live(search_hub, caplog):
    settings, content, live = search_hub
    (content / "stories/approved-granite.md").write_text(
        "Title: Granite at noon\nDate: 2026-11-21T12:00:00-07:00\nAdvocate: maya-okafor\n"
        "Approved_by: Jonah (moderator)\nApproved_on: 2026-11-21T13:00:00-07:00\n\n"
        "The granite was warm by noon.\n", encoding="utf-8")
    broken = {**settings, "CHORUS_SEARCH": {"binary": shutil.which("false")}}    # Pagefind that fails
    seen: dict = {}
    sent, pages, index = deploying(broken, seen)
    with caplog.at_level(logging.ERROR, logger="chorus.search"):
        result = building.build_live(sent, then=pages, reindexed=index)
    assert len(result.problems) == 1 and result.problems[0].startswith("search index not written: Pagefind")
    assert "the index was not written" in caplog.text
    assert (live / "stories/approved-granite/index.html").is_file()
    assert "stories/approved-granite/index.html" in seen["pages: files"]
    assert "index: target" not in seen                       # nothing new to send
    building.build_live(settings)                             # the next build writes it
    assert "/stories/approved-granite/" in bundle_urls(live)


def test_a_rebuild_with_no_changed_page_keeps_the_index(search_hub, caplog):
    settings, _content, live = search_hub
    entry = (live / "pagefind/pagefind-entry.json").stat().st_ino
    with caplog.at_level(logging.INFO, logger="chorus.search"):
        building.build_live(settings)
    assert "index kept" in caplog.text
    assert (live / "pagefind/pagefind-entry.json").stat().st_ino == entry      # the same file, hard-linked on


def test_search_page_has_a_form_filters_and_links_without_javascript(search_hub):
    _settings, _content, live = search_hub
    page = html.fromstring((live / "search/index.html").read_bytes())
    form = page.xpath('//form[@role="search"]')[0]
    assert form.xpath('.//label[@for="search-q"]') and form.xpath('.//input[@id="search-q"]')
    assert page.xpath('//*[@id="search-status"][@role="status"][@aria-live="polite"]')
    filters = {s.get("data-filter") for s in page.xpath('//select[@data-filter]')}
    assert filters == {"kind", "tag", "language", "product"}
    assert page.xpath('//fieldset[@id="search-filters"][@hidden]')             # shown by the script only
    links = set(page.xpath('//section[contains(@class,"search-browse")]//a/@href'))
    assert {"/archives/", "/testimonials/", "/advocates/", "/prompts/", "/tags/"} <= links
    assert page.xpath('//script/@src') == ["/theme/js/search.js"]


FINAL_STATUS = ("(t => t !== '' && !t.startsWith('Searching'))"
                "(document.getElementById('search-status').textContent)")


@pytest.mark.slow
@pytest.mark.parametrize("width", [375, 1280])
def test_search_finds_a_story_and_opens_it(browser, search_hub, width):
    from axe_playwright_python.sync_playwright import Axe

    from browser import WCAG_AA, PageWatch, serve

    _settings, _content, live = search_hub
    with serve(live.resolve()) as base_url:
        page = browser.new_page(viewport={"width": width, "height": 900})
        watch = PageWatch(page, base_url)
        page.goto(base_url + "search/", wait_until="networkidle")
        page.focus("#search-q")
        page.keyboard.type("constitutionally")
        page.keyboard.press("Enter")
        page.wait_for_function(FINAL_STATUS, timeout=30_000)     # a count, no results, or unavailable
        status = page.locator("#search-status").inner_text()
        assert status.startswith("1 result"), status
        result = page.locator("#search-results a", has_text="fifty kilometres")
        result.wait_for(timeout=20_000)
        page.select_option("select[data-filter=kind]", "testimonial")    # a story is not a testimonial
        page.wait_for_function("document.getElementById('search-status').textContent.startsWith('No results')")
        page.select_option("select[data-filter=kind]", "story")
        result.wait_for(timeout=20_000)
        violations = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}}).response["violations"]
        result.focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/stories/first-fifty-k/")
        page.close()
    assert [v["id"] for v in violations] == []
    assert watch.errors == [] and watch.failed == [] and watch.foreign == []


@pytest.mark.slow
def test_search_says_so_while_the_index_is_missing(browser, search_hub, tmp_path):
    import shutil

    from browser import PageWatch, serve

    _settings, _content, live = search_hub
    copy = tmp_path / "site"
    shutil.copytree(live.resolve(), copy, ignore=shutil.ignore_patterns("pagefind"))
    with serve(copy) as base_url:
        page = browser.new_page()
        PageWatch(page, base_url)
        page.goto(base_url + "search/?q=granite", wait_until="networkidle")
        page.wait_for_function("document.getElementById('search-status').textContent.includes('being updated')")
        assert page.locator(".search-browse a[href='/archives/']").is_visible()
        page.close()


def test_an_incomplete_bundle_is_not_taken_for_a_written_one(tmp_path):
    from chorus.search.pagefind import _complete

    bundle = tmp_path / "pagefind"
    bundle.mkdir()
    (bundle / "pagefind-entry.json").write_text("")                 # seen under load
    assert not _complete(bundle)
    (bundle / "pagefind-entry.json").write_text('{"version": "1.5.2"}')
    (bundle / "fragment").mkdir()
    (bundle / "fragment/en_1.pf_fragment").write_bytes(b"")
    assert not _complete(bundle)
    (bundle / "fragment/en_1.pf_fragment").write_bytes(b"\x1f\x8b")
    assert _complete(bundle)
