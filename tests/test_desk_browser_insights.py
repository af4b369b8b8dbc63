"""The insights page in a real browser (Debian's chromium): numbers, charts and tables from a
store with a few weeks of submissions, the period form, axe WCAG 2.1 AA at 375 and 1280 px,
no console or CSP errors, no request to another host.

Set CHORUS_DESK_SCREENSHOTS=docs/images to (re)draw docs/images/desk-insights.png.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from zoneinfo import ZoneInfo

import pytest

from browser import PageWatch
from intakeserver import ROOT, running
from test_desk_browser import PASSWORD, _audit, _sign_in

pytestmark = pytest.mark.slow
SHOTS = os.environ.get("CHORUS_DESK_SCREENSHOTS", "")
NAMES = ("Ana Lima", "Zoë Ōta", "محمد علي", "Jan Nowak", "Priya Raman", "Lee Chen")


def _fill(folder, store) -> None:
    """Three weeks of stories and testimonials, most decided within a day, some waiting."""
    from chorus import moderation
    from chorus.desk import Desk, ModerationSettings

    zone = ZoneInfo("America/Denver")
    desk = Desk(content_dir=folder / "content", store=store, zone=zone, options=ModerationSettings())
    rng = random.Random(18)
    now = dt.datetime.now(dt.timezone.utc)
    for number in range(40):
        at = now - dt.timedelta(hours=rng.uniform(2, 21 * 24))
        name = NAMES[number % len(NAMES)]
        values = {"name": name, "email": f"a{number % 9}@example.org", "consent_name": "yes",
                  "prompt": at.astimezone(zone).date().isoformat() if number % 2 else ""}
        if number % 3:
            values.update(kind="testimonial", body=f"Great grip on wet rock ({number}).",
                          rating=str(rng.choice((3, 4, 4, 5, 5))), recommend=str(rng.randint(5, 10)))
        else:
            values.update(kind="story", title=f"Ridge day {number}", body="Up in the fog, down in the sun.")
        receipt = moderation.submit(desk, {k: v for k, v in values.items() if v}, now=at,
                                    extra={"channel": "form" if number % 4 else "ingest"})
        decided = at + dt.timedelta(hours=rng.expovariate(1 / 12))
        if decided < now and number % 5:
            if number % 7 == 0:
                moderation.reject(desk, receipt, moderator="Mo", now=decided, reason="Off topic")
            elif number % 11 == 0:
                moderation.request_changes(desk, receipt, moderator="Mo", now=decided, note="A title?")
            else:
                moderation.approve(desk, receipt, moderator="Mo", now=decided)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    folder = tmp_path_factory.mktemp("insights")
    with running(folder) as (base, _):
        from chorus import accounts
        from chorus.store import Store, StoreSettings

        store = Store(StoreSettings.from_settings({}, folder))
        now = dt.datetime.now(dt.timezone.utc)
        token = accounts.add_user(store, "mo@example.com", "moderator", now, display_name="Mo")
        accounts.set_password(store, "mo@example.com", PASSWORD, token=token, now=now)
        _fill(folder, store)
        yield base


@pytest.mark.parametrize("width", (375, 1280))
def test_the_insights_page_passes_axe_and_fits(browser, hub, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    watch = PageWatch(page, hub)
    _sign_in(page, hub)
    page.click("nav.desk-nav a:has-text('Insights')")
    page.wait_for_url(hub + "/desk/insights/")
    assert page.locator("h1").inner_text() == "Insights"
    assert page.locator("dt:has-text('Submissions received') + dd").inner_text() == "40"
    assert page.locator("svg.chart rect.chart-bar").count() > 20
    assert page.locator("table.insight-table").count() == 12
    found = _audit(page)
    today = page.locator("#to").input_value()
    start = (dt.date.fromisoformat(today) - dt.timedelta(days=6)).isoformat()
    page.fill("#from", start)
    page.click("button:has-text('Show')")
    page.wait_for_url(f"{hub}/desk/insights/?from={start}&to={today}")
    week = int(page.locator("dt:has-text('Submissions received') + dd").inner_text())
    assert 0 < week < 40
    page.goto(hub + "/desk/insights/")
    promoters = page.locator(".promoter-list li").count()
    assert promoters > 0
    found_after = None
    if width == 375:     # invite one (the other width then sees one fewer)
        page.locator(".promoter-list button:has-text('Invite')").first.click()
        page.wait_for_url("**invited=*")
        assert page.locator("[role=status]:has-text('Invitation queued for')").count() == 1
        assert page.locator(".promoter-list li").count() == promoters - 1
        found_after = _audit(page)
    if SHOTS and width == 1280:
        _shot(page)
    context.close()
    assert found == ([], 0) and found_after in (None, ([], 0))
    assert (watch.errors, watch.failed, watch.foreign) == ([], [], [])


def _shot(page) -> None:
    from PIL import Image

    target = ROOT / SHOTS / "desk-insights.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.goto(page.url.split("?")[0])
    page.set_viewport_size({"width": 1280, "height": 1500})
    page.screenshot(path=str(target))
    Image.open(target).convert("RGB").quantize(colors=128).save(target, optimize=True)
