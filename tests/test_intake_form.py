"""The submission form over HTTP: rendering, every validation rule next to its field, success."""

from __future__ import annotations

import email
import email.policy
import json
import re

import pytest

from intakehelpers import aged_token, make_client, story_form, token_from
from modhelpers import jpeg
from chorus.outbox import pending


@pytest.fixture
def intake(tmp_path):
    return make_client(tmp_path)


def post(client, service, data, files=None, **headers):
    return client.post("/submit", data={**data, "form_token": aged_token(service)}, files=files,
                       headers=headers)


def field_error(html: str, name: str) -> str:
    found = re.search(rf'<p class="field-error" id="{name}-error">(.*?)</p>', html, re.S)
    return found.group(1) if found else ""


def test_form_has_every_field_labelled_and_a_fresh_token(intake):
    client, service, _ = intake
    page = client.get("/submit")
    assert page.status_code == 200
    for name in ("title", "body", "name", "display_name", "email", "photo", "product", "role",
                 "organisation", "prompt"):
        assert f'<label for="{name}">' in page.text
        assert f'id="{name}"' in page.text
    for group in ("kind", "consent_name", "consent_photo", "rating"):
        assert f'name="{group}"' in page.text and "<legend>" in page.text
    assert "withdraw it at any time" in page.text and "never published" in page.text
    assert token_from(page.text) != token_from(client.get("/submit").text)
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert "<script" not in page.text


def test_prompt_is_preselected_only_when_it_is_a_real_day(intake):
    client, _, _ = intake
    assert 'name="prompt" type="date" value="2026-11-20"' in client.get("/submit?prompt=2026-11-20").text
    for bad in ("2026-02-30", "tomorrow", "<script>", "2026-11-20x"):
        page = client.get("/submit", params={"prompt": bad})
        assert page.status_code == 200
        assert 'name="prompt" type="date" value=""' in page.text and "<script>" not in page.text


def test_a_valid_story_is_stored_and_answered_with_a_receipt_and_private_link(intake):
    client, service, _ = intake
    response = post(client, service, story_form(prompt="2026-11-19"))
    assert response.status_code == 303
    receipt = re.match(r"/thanks/(\d{8}-[0-9a-f]{8})\?s=", response.headers["location"]).group(1)
    record = service.desk.store.load(receipt)
    assert record["state"] == "pending" and record["submission"]["prompt"] == "2026-11-19"
    assert record["intake"] == {"channel": "form"}
    thanks = client.get(response.headers["location"])
    assert receipt in thanks.text
    status_url = re.search(r'<a href="(https://stories.example.com/status/[\w-]{43})"', thanks.text).group(1)
    assert status_url.split("/")[-1] not in json.dumps(record)          # only its digest is kept
    mail = email.message_from_bytes(next(p for p in pending(service.desk) if p.name.endswith("-submit.eml")).data,
                                    policy=email.policy.default)
    assert status_url in mail.get_content()


def test_thanks_page_does_not_confirm_receipts_to_strangers(intake):
    client, service, _ = intake
    receipt = post(client, service, story_form()).headers["location"].split("/")[2].split("?")[0]
    page = client.get(f"/thanks/{receipt}?s=" + "A" * 43)
    assert page.status_code == 200 and receipt not in page.text and "/status/" not in page.text


def test_json_clients_get_201_with_receipt_and_422_with_messages_by_field(intake):
    client, service, _ = intake
    ok = post(client, service, story_form(), accept="application/json")
    assert ok.status_code == 201 and set(ok.json()) == {"receipt", "status_url"}
    bad = post(client, service, story_form(email="nope", title=None), accept="application/json")
    assert bad.status_code == 422
    assert set(bad.json()["errors"]) == {"email", "title"}


RULES = [
    ({"body": None}, "body", "Please fill in"),
    ({"name": None}, "name", "Please fill in"),
    ({"email": None}, "email", "Please fill in"),
    ({"email": "pat@@example"}, "email", "not a valid address"),
    ({"consent_name": None}, "consent_name", "Please answer"),
    ({"consent_name": "maybe"}, "consent_name", "not yes or no"),
    ({"kind": "poem"}, "kind", "not a kind"),
    ({"title": None}, "title", "needs a title"),
    ({"title": "x" * 151}, "title", "150"),
    ({"role": "Coach"}, "role", "only for a testimonial"),
    ({"rating": "5"}, "rating", "only for a testimonial"),
    ({"prompt": "2026-13-01"}, "prompt", "YYYY-MM-DD"),
    ({"body": "See {static}/images/x.jpg"}, "body", "site-internal link directive"),
    ({"body": "x" * 10_001}, "body", "10"),
    ({"display_name": "Pat\u202eQ"}, "display_name", ""),
]


@pytest.mark.parametrize("changes, name, words", RULES)
def test_each_rule_is_shown_next_to_its_field_and_in_the_summary(intake, changes, name, words):
    client, service, _ = intake
    response = post(client, service, story_form(**changes))
    assert response.status_code == 422
    message = field_error(response.text, name)
    assert message and words in message
    assert f'<a href="#{name}">' in response.text                      # summary links to the field
    if name in ("kind", "consent_name", "rating"):
        assert re.search(rf'<fieldset aria-describedby="[^"]*{name}-error', response.text)
    else:
        assert f"{name}-error" in re.search(rf'<(input|textarea) id="{name}"[^>]*>', response.text).group(0)
    assert list(service.desk.store.ids()) == []


def test_testimonial_rules_and_kept_text(intake):
    client, service, _ = intake
    data = {"kind": "testimonial", "body": "Great shoes. " * 30, "name": "Sam", "email": "sam@example.com",
            "consent_name": "no", "rating": "7", "title": "No titles here"}
    response = post(client, service, data)
    assert response.status_code == 422
    assert "300" in field_error(response.text, "body")
    assert "rating" in field_error(response.text, "rating")
    assert "only for a story" in field_error(response.text, "title")
    assert "Great shoes. Great shoes." in response.text                   # the text is kept
    assert 'value="sam@example.com"' in response.text
    assert 'name="consent_name" value="no" checked' in response.text


def test_hostile_text_is_kept_escaped_never_as_markup(intake):
    client, service, _ = intake
    evil = '"><script>alert(1)</script>'
    response = post(client, service, story_form(title=evil, name=evil, email="x"))
    assert response.status_code == 422
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_a_photo_is_stored_clean_and_needs_a_consent_answer(intake):
    client, service, _ = intake
    photo = {"photo": ("me.jpg", jpeg(), "image/jpeg")}
    asked = post(client, service, story_form(), files=photo)
    assert asked.status_code == 422 and "yes or no" in field_error(asked.text, "consent_photo")
    ok = post(client, service, story_form(consent_photo="yes"), files=photo)
    assert ok.status_code == 303
    receipt = service.desk.store.ids()[0]
    assert service.desk.store.photo(receipt)[:3] == b"\xff\xd8\xff"


def test_a_double_click_stores_one_submission(intake):
    client, service, _ = intake
    data = {**story_form(), "form_token": aged_token(service)}
    first = client.post("/submit", data=data)
    second = client.post("/submit", data=data)
    assert first.headers["location"] == second.headers["location"]
    assert len(service.desk.store.ids()) == 1
    changed = client.post("/submit", data={**data, "title": "Another title"})
    assert changed.status_code == 303 and len(service.desk.store.ids()) == 2
