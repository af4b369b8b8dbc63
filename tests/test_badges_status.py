"""The advocate hides their badges (and streak) from the status page: the same advocate
file fields a moderator would set, written atomically, then a build."""

from __future__ import annotations

import pytest

from chorus import moderation
from chorus.recognition.hiding import Shown, with_choices
from chorus.store import publishes
from intakehelpers import token_from
from test_intake_status import sent  # noqa: F401 (the fixture: one stored story and its status link)


@pytest.fixture
def approved(sent):  # noqa: F811
    client, service, receipt, path = sent
    record = moderation.approve(service.desk, receipt, moderator="Ana", now=service.clock())
    advocate = service.desk.content_dir / "advocates" / f"{record['published']['advocate']}.md"
    return client, service, receipt, path, advocate


def test_hiding_badges_writes_the_advocate_file_and_queues_a_build(approved):
    client, service, receipt, path, advocate = approved
    page = client.get(path)
    assert "Hide my badges and awards" in page.text and 'id="hide_badges" name="hide_badges" value="yes">' in page.text
    done = client.post(path + "/badges", data={"form_token": token_from(page.text), "hide_badges": "yes"})
    assert done.status_code == 303 and done.headers["location"] == path + "?saved=1"
    text = advocate.read_text(encoding="utf-8")
    assert "Hide_badges: yes\n" in text and "Hide_streak" not in text
    again = client.get(done.headers["location"])
    assert "Saved." in again.text and 'name="hide_badges" value="yes" checked' in again.text
    with service.desk.store.read() as conn:
        assert [r.reason for r in publishes.for_receipt(conn, receipt)][0] == "edit"
    shown = client.post(path + "/badges", data={"form_token": token_from(again.text), "hide_streak": "yes"})
    assert shown.status_code == 303
    text = advocate.read_text(encoding="utf-8")
    assert "Hide_badges" not in text and "Hide_streak: yes\n" in text


def test_without_a_genuine_form_token_nothing_changes(approved):
    client, _service, _receipt, path, advocate = approved
    before = advocate.read_bytes()
    refused = client.post(path + "/badges", data={"form_token": "forged", "hide_badges": "yes"})
    assert refused.status_code == 422 and advocate.read_bytes() == before


def test_a_pending_submission_offers_no_badge_choice(sent):  # noqa: F811
    client, _service, _receipt, path = sent
    page = client.get(path)
    assert "Hide my badges" not in page.text
    token = token_from(client.get(path + "/erase").text)      # a genuine form token
    refused = client.post(path + "/badges", data={"form_token": token, "hide_badges": "yes"})
    assert refused.status_code == 422 and "no advocate page" in refused.text


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_with_choices_changes_only_the_hide_lines(newline):
    text = newline.join(["Name: Pat Q.", "Name_form: first-initial", "hide_STREAK: no", "Joined: 2026-11-20",
                         "", "Runs before work.", "Hide_badges: this line is the bio", ""])
    changed = with_choices(text, Shown(hide_streak=False, hide_badges=True))
    assert changed == newline.join(["Name: Pat Q.", "Name_form: first-initial", "Joined: 2026-11-20",
                                    "Hide_badges: yes", "", "Runs before work.",
                                    "Hide_badges: this line is the bio", ""])
    assert with_choices(changed, Shown(False, True)) == changed
