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
