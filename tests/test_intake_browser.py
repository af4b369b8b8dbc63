"""The submission form in a real browser: axe WCAG 2.1 AA, no errors or third parties, fits, keyboard."""

from __future__ import annotations

import pytest

from browser import WCAG_AA, PageWatch
from intakeserver import running

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with running(tmp_path_factory.mktemp("intake")) as (base, _):
        yield base + "/"


def _audit(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    violations = [f"{v['id']}: {v['help']} ({v['nodes'][0]['target']})"
                  for v in results.response["violations"]]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return violations, overflow


@pytest.mark.parametrize("width", (375, 1280))
def test_form_and_its_error_state_are_accessible_and_fit(browser, base_url, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    watch = PageWatch(page, base_url)
    page.goto(base_url + "submit?prompt=2026-11-20", wait_until="networkidle")
    violations, overflow = _audit(page)
    assert violations == [] and overflow <= 0
    page.fill("#body", "Only the text")
    page.click("button[type=submit]")                       # name and email missing: refused
    page.wait_for_load_state("networkidle")
    assert page.input_value("#body") == "Only the text"
    assert page.locator(".error-summary").is_visible()
    violations, overflow = _audit(page)
    page.close()
    assert violations == [] and overflow <= 0
    assert [e for e in watch.errors if "status of 422" not in e] == [] and watch.foreign == []
    assert all("favicon" in failed or " 422" in failed for failed in watch.failed), watch.failed


def test_error_summary_links_move_focus_to_the_field(browser, base_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base_url + "submit", wait_until="networkidle")
    page.fill("#title", "A title")
    page.fill("#body", "Some words.")
    page.fill("#email", "not-an-address")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.locator('.error-summary a[href="#email"]').click()
    assert page.evaluate("document.activeElement.id") == "email"
    page.close()


STORY_LINES = ["We started at dawn, five of us and a dog called Miso 🐕.", "",
               "Things we packed:", "- two litres of water each", "- a map (the phone died)", "",
               "At the top Ярослава said: “worth every step”. 頂上は最高でした！"]


def test_a_person_types_a_multi_paragraph_story_with_a_photo_and_it_reaches_the_queue(
        browser, tmp_path_factory):
    """What people type: several paragraphs (sent as CRLF), a list, emoji, non-Latin names,
    a photo. The moderators' queue then holds it with its paragraphs intact."""
    from chorus import review, site
    from chorus.desk import Desk
    from chorus.moderation import State
    from modhelpers import NOW, jpeg

    folder = tmp_path_factory.mktemp("typed")
    photo = folder / "summit.jpg"
    photo.write_bytes(jpeg(size=(320, 240)))
    with running(folder) as (base, _):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "/submit", wait_until="networkidle")
        page.check('input[name="kind"][value="story"]')
        page.locator("#title").press_sequentially("Dawn on the ridge 🌄")
        body = page.locator("#body")
        for number, line in enumerate(STORY_LINES):
            body.press_sequentially(line)
            if number < len(STORY_LINES) - 1:
                body.press("Enter")
        page.locator("#name").press_sequentially("Ярослава Ковальчук")
        page.locator("#display_name").press_sequentially("Ярослава К.")
        page.locator("#email").press_sequentially("yaroslava@example.com")
        page.check('input[name="consent_name"][value="yes"]')
        page.set_input_files("#photo", str(photo))
        page.check('input[name="consent_photo"][value="yes"]')
        with page.expect_navigation():
            page.click("button[type=submit]")
        assert page.locator(".error-summary").count() == 0, page.content()[:2000]
        page.close()
        settings = site.load_settings(folder / "intakeconf.py")
        desk = Desk.from_settings(settings, folder)
        [item] = review.queue(desk, NOW.replace(year=2100), State.PENDING.value)
        record, shown = review.show(desk, item.id, NOW.replace(year=2100))
    submission = record["submission"]
    assert submission["body"] == "\n".join(STORY_LINES)
    assert submission["title"] == "Dawn on the ridge 🌄" and submission["name"] == "Ярослава Ковальчук"
    assert record["has_photo"] and any("has photo" in flag for flag in shown.flags)
