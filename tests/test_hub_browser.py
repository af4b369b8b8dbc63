"""The demo end to end in a real browser (Debian's chromium), served as `./hub serve` serves it:
the home page's "Answer today's prompt", the form, the desk, approve, and the story is live."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from browser import PageWatch
from intakeserver import ROOT, SECRET, _wait, free_port, prepare

pytestmark = pytest.mark.slow
PASSWORD = "a long enough password"
RUN = ("import sys; sys.path[:0] = [sys.argv[1]]; from pathlib import Path;"
       "from chorus_intake.hub import serve_hub;"
       "serve_hub(Path(sys.argv[2]), int(sys.argv[3]), None, print)")


def test_answer_the_prompt_approve_and_see_it_live(browser, tmp_path):
    from datetime import datetime, timezone

    from chorus import accounts
    from chorus.store import Store, StoreSettings

    port = free_port()
    conf = prepare(tmp_path, port)
    store = Store(StoreSettings.from_settings({}, tmp_path))
    now = datetime.now(timezone.utc)
    token = accounts.add_user(store, "mo@example.com", "moderator", now, display_name="Mo")
    accounts.set_password(store, "mo@example.com", PASSWORD, token=token, now=now)
    env = {**os.environ, "CHORUS_INTAKE_SECRET": SECRET, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-c", RUN, str(ROOT), str(conf), str(port)],
                               cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base, process, 180)
        page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        watch = PageWatch(page, base)
        page.goto(base + "/")
        page.click("text=Answer today’s prompt")
        page.wait_for_selector("#title")
        assert page.locator("#prompt").input_value()          # the prompt's day came along
        # ... and the form shows its question (the mini hub's pool prompt on any unscheduled day)
        assert page.locator(".prompt-question").inner_text() == "What is your favourite descent, and why?"
        page.check('input[name="kind"][value="story"]')
        for field, value in (("#title", "Lightning on the Flatirons"),
                             ("#body", "We turned back at the first flash.\n\nGood call."),
                             ("#name", "Ana Lima"), ("#display_name", "Ana L."),
                             ("#email", "ana@example.org")):
            page.fill(field, value)
        page.check('input[name="consent_name"][value="yes"]')
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/thanks/**")
        assert page.locator("a:has-text('Back to')").get_attribute("href") == base + "/"
        assert page.locator(".status-link a").get_attribute("href").startswith(base + "/status/")
        page.goto(base + "/desk/")
        page.fill("#email", "mo@example.com")
        page.fill("#password", PASSWORD)
        page.click("button:has-text('Sign in')")
        page.wait_for_url(base + "/desk/")
        page.click("a.open:has-text('Lightning on the Flatirons')")
        page.click("#form-approve button:has-text('Approve')")
        assert page.locator("[role=status]").inner_text() == "Approved."
        item = page.url.split("?")[0]
        deadline = time.monotonic() + 240
        while "Publish: live" not in page.locator("main").inner_text():
            assert time.monotonic() < deadline, page.locator("main").inner_text()
            time.sleep(1)
            page.goto(item)
        page.goto(base + "/")
        page.click("text=Lightning on the Flatirons")
        assert "We turned back at the first flash." in page.locator("main").inner_text()
        assert watch.foreign == []
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=60)
        process.stderr.close()
    assert process.returncode in (0, -15)
