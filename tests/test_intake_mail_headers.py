"""Every mail in the outbox carries a Message-ID with the hub's domain and a Date from the
clock the caller injected (parsed back from the stored bytes with the email package)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import re

from chorus import moderation
from chorus.outbox import pending
from intakehelpers import aged_token, make_client, story_form
from modhelpers import NOW, a_story, make_desk

MESSAGE_ID = re.compile(r"<[\w.-]+@([a-z0-9.-]+)>")


def stored_mails(desk) -> dict[str, email.message.EmailMessage]:
    return {m.name.rsplit("-", 1)[-1].removesuffix(".eml"): email.message_from_bytes(
        m.data, policy=email.policy.default) for m in pending(desk)}


def test_each_mail_has_a_message_id_of_the_hub_and_the_clock_date(tmp_path):
    client, service, clock = make_client(tmp_path)
    sent = client.post("/submit", data={**story_form(), "form_token": aged_token(service)})
    assert sent.status_code == 303
    receipt = service.desk.store.ids()[0]
    clock.advance(3600)
    moderation.request_changes(service.desk, receipt, moderator="Ana", now=clock(), note="Shorter.")
    clock.advance(60)
    moderation.submit(service.desk, story_form(body="Shorter now."), now=clock(), resubmit=receipt)
    moderation.approve(service.desk, receipt, moderator="Ana", now=clock())
    mails = stored_mails(service.desk)
    assert set(mails) == {"submit", "changes", "approve"}      # names end ...-request-changes.eml
    when = {"submit": service.clock() - dt.timedelta(seconds=3660),
            "changes": service.clock() - dt.timedelta(seconds=60), "approve": service.clock()}
    ids = set()
    for name, mail in mails.items():
        found = MESSAGE_ID.fullmatch(mail["Message-ID"])
        assert found and found.group(1) == "hub.example.com", mail["Message-ID"]   # SITEURL's host
        assert email.utils.parsedate_to_datetime(mail["Date"]) == when[name]
        assert mail["Date"].datetime.tzinfo is not None
        ids.add(mail["Message-ID"])
    assert len(ids) == 3


def test_without_a_site_url_the_sender_domain_names_the_hub(tmp_path, caplog):
    desk, _ = make_desk(tmp_path, sender="Ridgeline Stories <stories@ridgeline.example>")
    assert desk.site_url == ""
    receipt = moderation.submit(desk, a_story(), now=NOW)
    moderation.reject(desk, receipt, moderator="Ana", now=NOW + dt.timedelta(days=1),
                      reason="Off topic.")
    approved = moderation.submit(desk, a_story(title="Another"), now=NOW)
    moderation.approve(desk, approved, moderator="Ana", now=NOW)
    assert caplog.text.count("no CHORUS_SITEURL") == 1                 # the approval's mail only
    assert f"no CHORUS_SITEURL: the mail for {approved} links to /stories/another/" in caplog.text
    mails = stored_mails(desk)
    assert set(mails) == {"submit", "reject", "approve"}
    for mail in mails.values():
        assert MESSAGE_ID.fullmatch(mail["Message-ID"]).group(1) == "ridgeline.example"
    assert email.utils.parsedate_to_datetime(mails["reject"]["Date"]) == NOW + dt.timedelta(days=1)
