"""What a designer checks in Chromium: centred initials, equal-height cards, a Copy link
button in the theme's style, no faux italics for scripts without italics, the product."""

from __future__ import annotations

import pytest

from browser import serve

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site_url(demo_site):
    with serve(demo_site) as url:
        yield url


@pytest.fixture
def page(browser, site_url):
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    yield tab
    tab.close()


def test_initials_sit_in_the_middle_of_their_circle(page, site_url):
    page.goto(site_url + "testimonials/", wait_until="networkidle")
    offsets = page.eval_on_selector_all(".testimonial-card .avatar-initials", """els => els.map(el => {
        const box = el.getBoundingClientRect();
        const range = document.createRange(); range.selectNodeContents(el);
        const text = range.getBoundingClientRect();
        return Math.abs((text.top + text.bottom) / 2 - (box.top + box.bottom) / 2);
    })""")
    assert offsets and max(offsets) <= 2, offsets


def test_cards_in_a_row_have_equal_heights(page, site_url):
    for path in ("", "tags/ultrarunning/", "prompts/2026/11/17/"):
        page.goto(site_url + path, wait_until="networkidle")
        rows = page.evaluate("""() => {
            const rows = {};
            for (const card of document.querySelectorAll('.grid > .card')) {
                const box = card.getBoundingClientRect();
                (rows[Math.round(box.top + scrollY)] ||= []).push(Math.round(box.height));
            }
            return Object.values(rows);
        }""")
        assert rows, path
        assert all(max(row) - min(row) <= 1 for row in rows), (path, rows)


def test_copy_link_button_looks_like_the_theme_buttons(page, site_url):
    page.goto(site_url + "stories/first-fifty-k/", wait_until="networkidle")
    style = page.eval_on_selector(".share-copy-button", """b => {
        const s = getComputedStyle(b), body = getComputedStyle(document.body);
        return {font: s.fontFamily === body.fontFamily, border: s.borderTopStyle,
                radius: parseFloat(s.borderTopLeftRadius), background: s.backgroundColor,
                size: parseFloat(s.fontSize)};
    }""")
    assert style["font"] and style["border"] == "none" and style["radius"] > 10
    assert style["size"] >= 15, "a browser's default 13 px button text"
    assert style["background"] == "rgb(163, 74, 20)"      # the demo's accent, like every .button


@pytest.mark.parametrize("path", ["stories/samir-wadi-rum-summit/", "stories/yael-ramon-crater/",
                                  "stories/kenji-first-hundred-k/"])
def test_no_faux_italics_for_scripts_without_italics(page, site_url, path):
    page.goto(site_url + path, wait_until="networkidle")
    styles = page.eval_on_selector_all(".prose blockquote, .prose em",
                                       "els => els.map(el => getComputedStyle(el).fontStyle)")
    assert styles and set(styles) == {"normal"}


def test_the_wall_and_the_testimonial_page_name_the_product(page, site_url):
    page.goto(site_url + "testimonials/", wait_until="networkidle")
    assert "about switchback poles" in page.inner_text(".wall-grid").lower()
    page.goto(site_url + "testimonials/dolores-poles-knees/", wait_until="networkidle")
    assert "about switchback poles" in page.inner_text(".testimonial-single").lower()
