"""The advocate's status page (edit, withdraw), the moderators' feed and decision mail."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

import pytest

from chorus import moderation
from intakehelpers import FEED_TOKEN, aged_token, make_client, story_form, token_from


@pytest.fixture
def sent(tmp_path):
    """A client and one stored story: (client, service, receipt, status path)."""
    client, service, clock = make_client(tmp_path)
    response = client.post("/submit", data={**story_form(), "form_token": aged_token(service)})
    thanks = client.get(response.headers["location"])
    path = re.search(r'https://stories.example.com(/status/[\w-]{43})', thanks.text).group(1)
    return client, service, service.desk.store.ids()[0], path


def test_pending_status(sent):
    client, _, receipt, path = sent
    page = client.get(path)
    assert page.status_code == 200 and "Waiting for a moderator" in page.text and receipt in page.text
    assert page.headers["referrer-policy"] == "same-origin" and page.headers["cache-control"] == "no-store"
    assert "pat@example.com" not in page.text


@pytest.mark.parametrize("path", ["/status/" + "A" * 43, "/status/short", "/status/" + "A" * 43 + "/withdraw"])
def test_unknown_status_links_are_not_found(sent, path):
    client = sent[0]
    assert client.get(path).status_code == 404


def test_changes_requested_shows_the_note_and_the_text_can_be_resubmitted(sent):
    client, service, receipt, path = sent
    moderation.request_changes(service.desk, receipt, moderator="Ana", now=service.clock(),
                               note="Please leave out your friend's surname.")
    page = client.get(path)
    assert "asked for changes" in page.text and "leave out your friend&#39;s surname" in page.text
    edit = client.get(path + "/edit")
    assert edit.status_code == 200 and "It rained all the way up." in edit.text
    assert 'name="email"' not in edit.text                       # the address cannot change here
    bad = client.post(path + "/edit", data={**story_form(email=None, title=""),
                                            "form_token": token_from(edit.text)})
    assert bad.status_code == 422 and "needs a title" in bad.text
    done = client.post(path + "/edit", data={**story_form(email=None, body="Drier now."),
                                             "form_token": token_from(edit.text)})
    assert done.status_code == 303 and done.headers["location"] == path
    record = service.desk.store.load(receipt)
    assert record["state"] == "pending" and record["submission"]["body"] == "Drier now."
    assert record["submission"]["email"] == "pat@example.com"
    assert client.get(path + "/edit").status_code == 409        # only while changes are requested


def test_rejected_shows_the_reason(sent):
    client, service, receipt, path = sent
    moderation.reject(service.desk, receipt, moderator="Ana", now=service.clock(),
                      reason="It is about another brand's race.")
    page = client.get(path)
    assert "Not published" in page.text and "another brand&#39;s race" in page.text
    assert "/withdraw" not in page.text


def test_approved_shows_the_public_link_and_withdrawal_unpublishes_it(sent):
    client, service, receipt, path = sent
    record = moderation.approve(service.desk, receipt, moderator="Ana", now=service.clock())
    piece = service.desk.content_dir / record["published"]["piece"]
    assert piece.is_file()
    page = client.get(path)
    assert "Approved" in page.text
    assert f'href="https://hub.example.com/{record["published"]["url"]}"' in page.text
    confirm = client.get(path + "/withdraw")
    assert confirm.status_code == 200 and "Yes, withdraw it" in confirm.text and piece.is_file()
    unconfirmed = client.post(path + "/withdraw", data={"reason": "changed my mind"})
    assert unconfirmed.status_code == 200 and piece.is_file()     # the confirmation step again
    done = client.post(path + "/withdraw", data={"confirm": "yes", "reason": "changed my mind"})
    assert done.status_code == 303
    assert not piece.exists()
    after = service.desk.store.load(receipt)
    assert after["state"] == "withdrawn" and after["history"][-1]["why"] == "changed my mind"
    assert "Withdrawn" in client.get(path).text
    again = client.post(path + "/withdraw", data={"confirm": "yes"})
    assert again.status_code == 422 and "cannot withdraw" in again.text


def test_withdraw_from_another_site_is_refused(sent):
    client, service, receipt, path = sent
    response = client.post(path + "/withdraw", data={"confirm": "yes"},
                           headers={"origin": "https://evil.example"})
    assert response.status_code == 403 and service.desk.store.load(receipt)["state"] == "pending"


def test_moderator_feed_needs_the_token_and_holds_no_personal_data(sent):
    client, service, receipt, _ = sent
    assert client.get("/moderation/feed.atom").status_code == 404
    assert client.get("/moderation/feed.atom?token=" + FEED_TOKEN[:-1] + "x").status_code == 404
    response = client.get("/moderation/feed.atom", params={"token": FEED_TOKEN})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries] == ["[story] Rain on the ridge"]
    assert f"./hub mod.show {receipt}" in entries[0].find("a:content", ns).text
    for secret in ("pat@example.com", "Pat Quinn", "It rained"):
        assert secret not in response.text
    moderation.reject(service.desk, receipt, moderator="Ana", now=service.clock(), reason="No.")
    again = ET.fromstring(client.get("/moderation/feed.atom", params={"token": FEED_TOKEN}).content)
    assert again.findall("a:entry", ns) == []


def test_feed_is_off_without_a_configured_token(tmp_path):
    from intakehelpers import SECRET
    from chorus_intake import create_app
    from chorus_intake.config import SECRET_ENV
    from intakehelpers import make_service
    from starlette.testclient import TestClient

    client = TestClient(create_app(make_service(tmp_path, environ={SECRET_ENV: SECRET})))
    assert client.get("/moderation/feed.atom?token=").status_code == 404


def test_the_static_submit_page_links_to_the_form_when_its_url_is_set(mini_content, tmp_path):
    from chorus import site
    from conftest import make_settings

    brand = {**make_settings(mini_content, tmp_path / "a")["CHORUS_BRAND"],
             "submit_url": "https://intake.example.com/submit"}
    site.build(make_settings(mini_content, tmp_path / "with", CHORUS_BRAND=brand))
    page = (tmp_path / "with" / "submit" / "index.html").read_text()
    assert '<a class="button" href="https://intake.example.com/submit">Open the submission form</a>' in page
    site.build(make_settings(mini_content, tmp_path / "without"))
    assert "Open the submission form" not in (tmp_path / "without" / "submit" / "index.html").read_text()
