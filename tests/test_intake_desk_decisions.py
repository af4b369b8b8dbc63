"""Deciding at the desk: each decision through the domain, stale pages refused, saved replies,
accounts by an admin, the queue's filters, and the CLI reading what the desk did."""

from __future__ import annotations

import email
import email.policy
import re

import pytest

from chorus import accounts, outbox, replies, review
from deskhelpers import ADMIN, csrf_of, desk_client, item_form, post, sign_in, submit
from intakehelpers import ORIGIN


def last_mail(service) -> str:
    data = outbox.pending(service.desk)[-1].data
    return email.message_from_bytes(data, policy=email.policy.default).get_content()


@pytest.fixture
def desk(tmp_path):
    client, service, clock = desk_client(tmp_path)
    clock.advance(60)
    sign_in(client)
    return client, service, clock


def test_approve_for_a_day_with_tags_records_the_account(desk):
    client, service, _ = desk
    receipt = submit(service)
    csrf, version = item_form(client, receipt)
    response = post(client, f"/desk/item/{receipt}/approve",
                    {"version": version, "publish_on": "2026-11-25", "tags": "rain, ridge",
                     "featured": "yes"}, csrf)
    assert response.status_code == 303
    record = service.desk.store.load(receipt)
    assert record["state"] == "approved" and record["history"][-1]["by"] == "Mo"
    text = (service.desk.content_dir / record["published"]["piece"]).read_text()
    assert "Approved_by: Mo" in text and "Tags: rain, ridge" in text
    mail = last_mail(service)
    assert "https://hub.example.com/stories/" in mail and "2026-11-25" in mail
    assert "Approved." in client.get(response.headers["location"]).text


def test_a_decision_from_a_stale_page_is_refused_with_who_and_when(desk, tmp_path):
    client, service, clock = desk
    receipt = submit(service)
    csrf, version = item_form(client, receipt)
    other = client.__class__(client.app, base_url=ORIGIN, follow_redirects=False)
    sign_in(other, ADMIN)
    other_csrf, _ = item_form(other, receipt)
    assert post(other, f"/desk/item/{receipt}/reject", {"version": version, "reason": "Off topic."},
                other_csrf).status_code == 303
    late = post(client, f"/desk/item/{receipt}/approve", {"version": version}, csrf)
    assert late.status_code == 409
    assert re.search(r"changed by Ada Admin at 2026-11-20T17:01:00\+00:00", late.text)
    assert service.desk.store.load(receipt)["state"] == "rejected"


def test_request_changes_normalises_the_note_and_mails_an_edit_link_that_works(desk):
    client, service, _ = desk
    receipt = submit(service)
    csrf, version = item_form(client, receipt)
    post(client, f"/desk/item/{receipt}/request-changes",
         {"version": version, "note": "Please take\r\nthe number out.\r\n"}, csrf)
    record = service.desk.store.load(receipt)
    assert record["history"][-1]["why"] == "Please take\nthe number out."
    link = re.search(r"https://stories\.example\.com/status/([A-Za-z0-9_-]{43})/edit",
                     last_mail(service))
    assert link
    page = client.get(f"/status/{link.group(1)}/edit")
    assert page.status_code == 200 and "Rain on the ridge" in page.text


def test_edits_keep_a_diff_and_are_rechecked(desk):
    client, service, _ = desk
    receipt = submit(service)
    csrf, version = item_form(client, receipt)
    post(client, f"/desk/item/{receipt}/edit", {"version": version, "title": "Rain on the high ridge",
                                                 "body": "It rained.\r\n\r\nThen sun."}, csrf)
    record = service.desk.store.load(receipt)
    assert record["submission"]["title"] == "Rain on the high ridge"
    assert record["submission"]["body"] == "It rained.\n\nThen sun."
    assert "+Rain on the high ridge" in record["history"][-1]["why"]
    csrf, version = item_form(client, receipt)
    bad = post(client, f"/desk/item/{receipt}/edit", {"version": version, "body": ""}, csrf)
    assert bad.status_code == 422 and service.desk.store.load(receipt)["version"] == int(version)


def test_saved_replies_are_kept_by_admins_and_picked_by_moderators(desk):
    client, service, clock = desk
    admin = client.__class__(client.app, base_url=ORIGIN, follow_redirects=False)
    sign_in(admin, ADMIN)
    csrf = csrf_of(admin.get("/desk/replies").text)
    post(admin, "/desk/replies", {"do": "save", "action": "reject", "title": "Off topic",
                                  "text": "It is not about trail running.\r\nThank you!"}, csrf)
    [reply] = replies.all_replies(service.desk.store)
    assert reply.text == "It is not about trail running.\nThank you!"
    receipt = submit(service)
    csrf, version = item_form(client, receipt)
    assert "Off topic" in client.get(f"/desk/item/{receipt}").text
    post(client, f"/desk/item/{receipt}/reject", {"version": version, "reply": str(reply.id)}, csrf)
    assert service.desk.store.load(receipt)["history"][-1]["why"] == reply.text


def test_withdraw_and_erase_from_the_desk(desk):
    client, service, _ = desk
    receipt = submit(service)
    csrf, version = item_form(client, receipt)
    post(client, f"/desk/item/{receipt}/approve", {"version": version}, csrf)
    piece = service.desk.content_dir / service.desk.store.load(receipt)["published"]["piece"]
    csrf, version = item_form(client, receipt)
    post(client, f"/desk/item/{receipt}/withdraw", {"version": version, "reason": "Asked by Pat."}, csrf)
    assert service.desk.store.load(receipt)["state"] == "withdrawn" and not piece.exists()
    csrf, version = item_form(client, receipt)
    assert post(client, f"/desk/item/{receipt}/erase", {"version": version}, csrf).status_code == 422
    post(client, f"/desk/item/{receipt}/erase", {"version": version, "confirm": "yes"}, csrf)
    assert service.desk.store.load(receipt).get("erased_at")


def test_admin_adds_a_moderator_who_sets_a_password_once(desk):
    client, service, _ = desk
    admin = client.__class__(client.app, base_url=ORIGIN, follow_redirects=False)
    sign_in(admin, ADMIN)
    csrf = csrf_of(admin.get("/desk/accounts").text)
    page = post(admin, "/desk/accounts", {"do": "add", "email": "vol@example.com", "role": "moderator",
                                          "display_name": "Val (volunteer)"}, csrf).text
    link = re.search(r"https://stories\.example\.com(/desk/setup/[A-Za-z0-9_-]+)", page).group(1)
    newcomer = client.__class__(client.app, base_url=ORIGIN, follow_redirects=False)
    assert newcomer.get(link).status_code == 200
    done = newcomer.post(link, data={"password": "volunteer password", "again": "volunteer password"},
                         headers={"origin": ORIGIN})
    assert done.status_code == 303
    assert newcomer.get(link).status_code == 404                   # used up
    assert sign_in(newcomer, "vol@example.com", "volunteer password").status_code == 303
    assert [a.name for a in accounts.users(service.desk.store)][-1] == "Val (volunteer)"


def test_queue_filters_counts_search_and_paging(desk):
    client, service, clock = desk
    submit(service, title="Fog on Bear Peak", body="Fog everywhere. Call 303 555 0199.")
    submit(service, kind="testimonial", title=None, body="Great shoes for mud.", product="Scree 3",
           email="q@example.com")
    for number in range(26):
        clock.advance(1)
        submit(service, title=f"Story number {number}", body=f"Plain words {number}.",
               email=f"p{number}@example.com")
    page = client.get("/desk/").text
    assert "28 submissions, page 1 of 2" in page and "Fog on Bear Peak" in page
    assert "Story number 25" in client.get("/desk/?page=2").text
    assert "1 submission." in client.get("/desk/?q=fog+bear").text
    assert "Great shoes" in client.get("/desk/?kind=testimonial").text
    flagged = client.get("/desk/?flag=personal").text
    assert "1 submission." in flagged and "Fog on Bear Peak" in flagged
    assert re.search(r"pending <span class=\"count-badge\">28</span>", page)


def test_the_cli_functions_see_what_the_desk_decided(desk):
    """`mod.queue` and `mod.history` call these very functions on the same store."""
    client, service, _ = desk
    receipt = submit(service)
    csrf, version = item_form(client, receipt)
    post(client, f"/desk/item/{receipt}/reject", {"version": version, "reason": "Off topic."}, csrf)
    [item] = review.queue(service.desk, service.clock(), "rejected")
    assert item.id == receipt
    assert service.desk.store.load(receipt)["history"][-1]["by"] == "Mo"
