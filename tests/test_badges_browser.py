"""Giving an award at the desk and hiding badges from the status page, in a real browser
(Debian's chromium): both forms pass axe at 375 and 1280 px and do what they say."""

from __future__ import annotations

import pytest

from browser import PageWatch
from chorus.store import publishes
from test_desk_browser import _audit, _send, _sign_in, hub  # noqa: F401 (the fixture)

pytestmark = pytest.mark.slow


def _published_item(page, base: str, title: str) -> tuple[str, str]:
    """The desk page of a newly approved story, and the advocate's private status URL."""
    status = _send(base, title=title, body="A clear morning.", email="award@example.org")
    page.goto(base + "/desk/?q=" + title.split()[0].lower())
    page.click(f"a.open:has-text('{title}')")
    url = page.url
    page.click("#form-approve button")
    page.wait_for_url(url + "?done=approve")
    return url, status


@pytest.mark.parametrize("width", (375, 1280))
def test_the_award_form_passes_axe_and_gives_the_award(browser, hub, width):  # noqa: F811
    base, _store = hub
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    watch = PageWatch(page, base)
    page.on("dialog", lambda dialog: dialog.accept())
    _sign_in(page, base)
    title = f"Awardworthy morning {width}"
    url, status = _published_item(page, base, title)
    assert page.locator("#form-award").is_visible()
    assert _audit(page) == ([], 0)
    page.fill("#award-title", "Community pick 2026")
    page.fill("#award-citation", "For a clear morning,\nwell told.")
    page.click("#form-award button")
    page.wait_for_url(url + "?done=award")
    assert "Award given" in page.locator(".notice").inner_text()
    assert _audit(page) == ([], 0)
    with _store.read() as conn:                      # the award asked the publisher for a build
        assert publishes.latest(conn).reason == "award"
    # The advocate hides their badges from their status page.
    page.goto(status)
    assert page.locator("#hide_badges").is_visible()
    assert _audit(page) == ([], 0)
    page.check("#hide_badges")
    page.click("button:has-text('Save')")
    page.wait_for_url(status + "?saved=1")
    assert page.locator("#hide_badges").is_checked() and _audit(page) == ([], 0)
    assert watch.errors == [] and watch.foreign == []
    context.close()
