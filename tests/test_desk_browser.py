"""The desk in a real browser (Debian's chromium): the whole moderator journey, two moderators
at once, axe WCAG 2.1 AA on every desk page at 375 and 1280 px, keyboard-only use.

Set CHORUS_DESK_SCREENSHOTS=docs/images to (re)draw the guide's screenshots.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser import WCAG_AA, PageWatch
from intakeserver import ROOT, form_token, running

pytestmark = pytest.mark.slow
PASSWORD = "a long enough password"
SHOTS = os.environ.get("CHORUS_DESK_SCREENSHOTS", "")


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    folder = tmp_path_factory.mktemp("desk")
    with running(folder) as (base, _):
        from chorus import accounts
        from chorus.store import Store, StoreSettings

        store = Store(StoreSettings.from_settings({}, folder))
        from datetime import datetime, timezone
        now = datetime.now(timezone.utc)
        for email, role, name in (("mo@example.com", "moderator", "Mo"),
                                  ("ada@example.com", "admin", "Ada Admin")):
            token = accounts.add_user(store, email, role, now, display_name=name)
            accounts.set_password(store, email, PASSWORD, token=token, now=now)
        yield base, store


def _send(base: str, **values) -> str:
    """Submit through the public form's endpoint; returns the private status URL."""
    import httpx2 as httpx

    form = {"kind": "story", "name": "Ana Lima", "display_name": "Ana L.", "consent_name": "yes",
            "email": "ana@example.org", "form_token": form_token(), **values}
    answer = httpx.post(base + "/submit", data=form, headers={"accept": "application/json"})
    assert answer.status_code == 201, answer.text
    return answer.json()["status_url"]


def _sign_in(page, base: str, email: str = "mo@example.com") -> None:
    page.goto(base + "/desk/")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(base + "/desk/")


def _audit(page) -> tuple[list[str], int]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    violations = [f"{v['id']}: {v['help']} ({v['nodes'][0]['target']})"
                  for v in results.response["violations"]]
    return violations, page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _shot(page, name: str, section: str = "") -> None:
    if not SHOTS:
        return
    from PIL import Image

    target = ROOT / SHOTS / f"desk-{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    (page.locator(section) if section else page).screenshot(path=str(target))
    Image.open(target).convert("RGB").quantize(colors=128).save(target, optimize=True)


def test_the_whole_moderator_journey(browser, hub):
    base, store = hub
    status = _send(base, title="Fog on Bear Peak",
                   body="The fog came in at the saddle.\n\nText me on 303 555 0199 for the route!")
    _send(base, title="Sunrise on the ridge", body="Cold hands, warm heart.", email="b@example.org")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    watch = PageWatch(page, base)
    page.on("dialog", lambda dialog: dialog.accept())
    _sign_in(page, base)
    _shot(page, "queue")
    page.fill("#q", "fog bear")
    page.click("button:has-text('Show')")
    expect(page.locator(".queue-row")).to_have_count(1)    # waits for the filtered queue
    page.click("a.open:has-text('Fog on Bear Peak')")
    expect(page.locator("mark", has_text="303 555 0199")).to_be_visible()
    expect(page.locator(".flag", has_text="personal data: phone number in text")).to_be_visible()
    _shot(page, "submission")
    page.click("text=See the preview as it will appear")
    assert page.locator(".preview-banner").inner_text().startswith("Preview: not published")
    assert "Reviewed and approved" not in page.content()
    assert page.locator(".preview-frame h1").inner_text() == "Fog on Bear Peak"
    _shot(page, "preview")
    page.go_back()
    page.fill("#edit-title", "Fog on Bear Peak, and the shoe that kept me upright")
    _shot(page, "decide", "section.decide")
    page.click("button:has-text('Save edits')")
    assert page.locator("[role=status]").inner_text() == "Your edits are saved."
    page.fill("#request-changes-text", "Please take your phone number out.")
    page.click("button:has-text('Request changes')")
    assert "Changes requested" in page.locator("[role=status]").inner_text()
    item_url = page.url.split("?")[0]

    advocate = context.new_page()                  # the advocate, on their status page
    advocate.goto(status)
    assert "Please take your phone number out." in advocate.content()
    advocate.click("text=Edit and send it again")
    advocate.fill("#body", "The fog came in at the saddle.\n\nI almost turned back.")
    advocate.click("button[type=submit]")
    expect(advocate.locator("main")).to_contain_text("Waiting for a moderator")

    page.goto(item_url)
    assert page.locator(".submitted-text").inner_text().endswith("I almost turned back.")
    page.click("#form-approve button:has-text('Approve')")
    assert page.locator("[role=status]").inner_text() == "Approved."
    assert "approve" in page.locator(".history").inner_text()
    page.fill("#withdraw-text", "Ana asked us to take it down.")
    page.click("#form-withdraw button:has-text('Withdraw')")
    assert page.locator("[role=status]").inner_text() == "Withdrawn."
    history = page.locator(".history").inner_text()
    assert "Mo · edit" in history and "Mo · approve" in history and "Mo · withdraw" in history
    context.close()
    assert watch.errors == [] and watch.foreign == []


def test_two_moderators_deciding_the_same_submission(browser, hub):
    base, _ = hub
    _send(base, title="Two at once", body="Both moderators open this.", email="two@example.org")
    pages = []
    for email in ("mo@example.com", "ada@example.com"):
        page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        _sign_in(page, base, email)
        page.fill("#q", "two at once")
        page.click("button:has-text('Show')")
        page.click("a.open")
        pages.append(page)
    first, second = pages
    first.click("#form-approve button:has-text('Approve')")
    assert first.locator("[role=status]").inner_text() == "Approved."
    second.fill("#reject-text", "Not for us.")
    second.click("#form-reject button:has-text('Reject')")
    alert = second.locator("[role=alert]").inner_text()
    assert re.search(r"changed by Mo at \S+ \(approve, now approved\)", alert), alert
    _shot(second, "conflict")
    for page in pages:
        page.context.close()


def _desk_pages(page, base: str, store) -> list[str]:
    from datetime import datetime, timezone

    from chorus import accounts

    token = accounts.add_user(store, f"new{time.time_ns()}@example.com", "moderator",
                              datetime.now(timezone.utc))
    setup = f"{base}/desk/setup/{token}"
    _send(base, title="Checked by axe", body="Plain text with a link https://example.com/x.",
          email="axe@example.org")
    _sign_in(page, base, "ada@example.com")
    page.goto(base + "/desk/?q=checked+axe")
    item = base + page.locator("a.open").first.get_attribute("href")
    return [setup, base + "/desk/", base + "/desk/?state=all&flag=links", item, item + "/preview",
            base + "/desk/accounts", base + "/desk/replies", base + "/desk/item/20200101-00000000"]


@pytest.mark.parametrize("width", (375, 1280))
def test_every_desk_page_passes_axe_and_fits(browser, hub, width):
    base, store = hub
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(base + "/desk/sign-in")
    found = {"sign-in": _audit(page)}
    page.fill("#email", "nobody@example.com")
    page.fill("#password", "wrong password here")
    page.click("button:has-text('Sign in')")
    found["sign-in error"] = _audit(page)
    for url in _desk_pages(page, base, store):
        page.goto(url)
        found[url] = _audit(page)
    context.close()
    assert {url: result for url, result in found.items() if result != ([], 0)} == {}


def test_keyboard_only_shortcuts_and_tab_order(browser, hub):
    base, _ = hub
    for number in range(2):
        _send(base, title=f"Keyboard story {number}", body="Typed with keys only.",
              email=f"k{number}@example.org")
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    _sign_in(page, base)
    page.goto(base + "/desk/?q=keyboard+story")
    first, second = page.locator("a.open").all_inner_texts()
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.textContent") == first
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.textContent") == second
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.textContent") == first
    page.keyboard.press("o")
    page.wait_for_url(re.compile(r".*/desk/item/.*"))
    page.keyboard.press("c")                     # no note yet: focus goes to the note, no dialog
    assert page.evaluate("document.activeElement.id") == "request-changes-text" and asked == []
    page.keyboard.press("Escape")
    page.evaluate("document.activeElement.blur()")
    controls = page.evaluate("""() => {
        const all = [...document.querySelectorAll('a[href], button, select, textarea, '
                                                  + 'input:not([type=hidden]):not([hidden])')];
        all.forEach((element, index) => element.dataset.probe = index);
        return all.length; }""")
    reached = set()
    for _ in range(controls + 5):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.dataset.probe"))
    assert set(map(str, range(controls))) <= reached     # every control takes the focus
    page.keyboard.press("Escape")
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("a")
    page.wait_for_url(re.compile(r".*done=approve"))
    assert asked and asked[0].startswith("Approve") and "Approved." in page.content()
    page.context.close()
