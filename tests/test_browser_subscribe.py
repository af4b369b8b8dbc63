"""/subscribe/ on a phone: short, light, no sideways scrolling; the site's feeds first, then
one compact list per kind with one link per format; a filter that needs no JavaScript to
be usable without it. Before the redesign (375 px, Chromium): 36,346 px tall, 123 KB,
228 address boxes, 32 px of sideways overflow."""

from __future__ import annotations

import pytest

from browser import PageWatch, serve

pytestmark = pytest.mark.slow
SHOTS_DIR = ("artifacts", "subscribe")


@pytest.fixture(scope="module")
def site_url(demo_site):
    with serve(demo_site) as url:
        yield url


def test_subscribe_is_short_light_and_fits_a_phone(browser, site_url, demo_site):
    from conftest import ROOT

    page = browser.new_page(viewport={"width": 375, "height": 800})
    watch = PageWatch(page, site_url)
    page.goto(site_url + "subscribe/", wait_until="networkidle")
    height = page.evaluate("document.documentElement.scrollHeight")
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    boxes = page.eval_on_selector_all("input[type=url]", "boxes => boxes.map(b => b.value)")
    first = page.eval_on_selector_all("main h2", "hs => hs.map(h => h.textContent)")[0]
    shots = ROOT.joinpath(*SHOTS_DIR)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "subscribe-375.png"), full_page=True)
    page.close()
    size = (demo_site / "subscribe/index.html").stat().st_size
    assert height < 4000, f"{height} px tall at 375 px"
    assert overflow <= 0                         # one address to copy per site feed:
    assert [box.rsplit("/", 1)[-1] for box in boxes] == [
        "stories.atom.xml", "testimonials.atom.xml", "prompts.atom.xml", "recognition.atom.xml"]
    assert size < 60_000, f"{size} bytes"
    assert first == "The site’s feeds"
    assert watch.errors == [] and watch.failed == [] and watch.foreign == []


def test_every_feed_is_linked_once_per_format(browser, site_url, demo_site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + "subscribe/", wait_until="networkidle")
    hrefs = page.eval_on_selector_all(".formats a", "links => links.map(a => a.getAttribute('href'))")
    page.close()
    files = {"/" + p.relative_to(demo_site).as_posix() for p in (demo_site / "feeds").rglob("*") if p.is_file()}
    assert sorted(hrefs) == sorted(files)


def test_the_filter_narrows_every_list(browser, site_url):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(site_url + "subscribe/", wait_until="networkidle")
    page.fill("#feed-filter-input", "ultra")
    visible = page.eval_on_selector_all("[data-feed-row]:not([hidden]) .feed-name",
                                        "links => links.map(a => a.textContent)")
    open_kinds = page.eval_on_selector_all("details.feed-kind[open]:not([hidden])", "ds => ds.map(d => d.id)")
    count = page.inner_text(".feed-filter-count")
    page.fill("#feed-filter-input", "")
    restored = page.evaluate("document.querySelectorAll('[data-feed-row][hidden]').length")
    page.close()
    assert visible and all("ultra" in name.lower() for name in visible)
    assert open_kinds == ["topics"]
    assert count == (f"{len(visible)} feeds match" if len(visible) > 1 else "1 feed matches")
    assert restored == 0


def test_without_javascript_every_list_is_there_and_the_filter_is_not(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(site_url + "subscribe/", wait_until="networkidle")
    assert not page.is_visible("#feed-filter-input")
    page.click("#topics summary")
    assert page.is_visible("#topics .feed-index a")
    assert page.evaluate("document.querySelectorAll('[data-feed-row]').length") > 30
    context.close()
