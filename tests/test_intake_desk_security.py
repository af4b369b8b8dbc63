"""The desk through the real ASGI app: who gets in, what every response carries, what is refused."""

from __future__ import annotations

import pytest

from chorus import accounts
from deskhelpers import (ADMIN, MODERATOR, PASSWORD, csrf_of, desk_client, item_form, post,
                         sign_in, submit)
from intakehelpers import ORIGIN

ACTIONS = ("edit", "approve", "reject", "request-changes", "withdraw", "erase")
PRIVATE = {"cache-control": "no-store", "x-frame-options": "DENY",
           "referrer-policy": "same-origin"}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


@pytest.fixture
def desk(tmp_path):
    client, service, clock = desk_client(tmp_path)
    clock.advance(60)
    return client, service, clock, submit(service)


def _pages(receipt: str) -> list[str]:
    return ["/desk/", f"/desk/item/{receipt}", f"/desk/item/{receipt}/photo",
            f"/desk/item/{receipt}/preview", "/desk/accounts", "/desk/replies",
            "/desk/?state=all&q=rain"]


def _actions(receipt: str) -> list[str]:
    return [*(f"/desk/item/{receipt}/{action}" for action in ACTIONS), "/desk/accounts",
            "/desk/replies", "/desk/sign-out"]


def _assert_private(response) -> None:
    for name, value in PRIVATE.items():
        assert response.headers.get(name) == value, (response.url, name)
    assert response.headers["content-security-policy"] == CSP
    assert "noindex" in response.headers["x-robots-tag"]


def test_every_desk_page_sends_an_anonymous_visitor_to_sign_in(desk):
    client, _, _, receipt = desk
    for path in _pages(receipt):
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/desk/sign-in?next=")
        _assert_private(response)


def test_every_desk_action_refuses_an_anonymous_request(desk):
    client, service, _, receipt = desk
    for path in _actions(receipt):
        response = post(client, path, {"version": "1", "reason": "x", "note": "x"}, "0" * 64)
        assert response.status_code == 401, path
        _assert_private(response)
    assert service.desk.store.load(receipt)["state"] == "pending"


def test_every_desk_response_is_private_signed_in_too(desk):
    client, _, _, receipt = desk
    sign_in(client, ADMIN)
    for path in [*_pages(receipt), "/desk/sign-in", "/desk/static/desk.js", "/desk/nowhere"]:
        _assert_private(client.get(path))


def test_missing_or_forged_csrf_token_is_refused(desk):
    client, service, _, receipt = desk
    sign_in(client)
    csrf, version = item_form(client, receipt)
    for token in (None, "", "0" * 64, csrf[:-1] + ("0" if csrf[-1] != "0" else "1")):
        response = post(client, f"/desk/item/{receipt}/reject", {"reason": "No.", "version": version},
                        token)
        assert response.status_code == 403
    assert service.desk.store.load(receipt)["state"] == "pending"
    ok = post(client, f"/desk/item/{receipt}/reject", {"reason": "No.", "version": version}, csrf)
    assert ok.status_code == 303


@pytest.mark.parametrize("headers", [{"sec-fetch-site": "cross-site"},
                                     {"sec-fetch-site": "same-site"},
                                     {"origin": "https://evil.example"}])
def test_cross_origin_post_is_refused_even_with_the_right_token(desk, headers):
    client, service, _, receipt = desk
    sign_in(client)
    csrf, version = item_form(client, receipt)
    response = client.post(f"/desk/item/{receipt}/reject",
                           data={"reason": "No.", "version": version, "csrf": csrf},
                           headers={"origin": ORIGIN, **headers})
    assert response.status_code == 403
    assert service.desk.store.load(receipt)["state"] == "pending"


def test_session_fixation_fails_the_id_changes_at_sign_in(desk):
    client, service, clock, _ = desk
    client.cookies.set("chorus_desk", "planted-by-an-attacker", domain="stories.example.com",
                       path="/desk")
    sign_in(client)
    issued = client.cookies.get("chorus_desk")
    assert issued and issued != "planted-by-an-attacker"
    assert accounts.session(service.desk.store, "planted-by-an-attacker", clock().timestamp()) is None
    sign_in(client)                                   # signing in again rotates it and ends the old one
    assert client.cookies.get("chorus_desk") != issued
    assert accounts.session(service.desk.store, issued, clock().timestamp()) is None


def test_a_disabled_account_is_out_at_its_next_request(desk):
    client, service, _, _ = desk
    sign_in(client)
    assert client.get("/desk/").status_code == 200
    accounts.set_disabled(service.desk.store, MODERATOR)
    assert client.get("/desk/").status_code == 303
    assert sign_in(client).status_code == 401


def test_idle_sessions_expire_and_sign_out_ends_the_session(desk):
    client, service, clock, _ = desk
    sign_in(client)
    clock.advance(accounts.IDLE_SECONDS - 60)
    assert client.get("/desk/").status_code == 200
    clock.advance(accounts.IDLE_SECONDS + 1)
    assert client.get("/desk/").status_code == 303
    sign_in(client)
    token = client.cookies.get("chorus_desk")
    csrf = csrf_of(client.get("/desk/").text)
    assert post(client, "/desk/sign-out", {}, csrf).status_code == 303
    assert accounts.session(service.desk.store, token, clock().timestamp()) is None


def test_brute_force_is_throttled_with_one_answer_for_every_failure(desk):
    client, _, _, _ = desk
    unknown = sign_in(client, "nobody@example.com", "whatever whatever")
    wrong = sign_in(client, MODERATOR, "not the password at all")
    assert unknown.status_code == wrong.status_code == 401
    assert "The email address or the password is wrong." in unknown.text
    assert "The email address or the password is wrong." in wrong.text
    for _ in range(accounts.ACCOUNT_LIMIT - 1):
        sign_in(client, MODERATOR, "still not the password")
    blocked = sign_in(client, MODERATOR, PASSWORD)       # right password, but throttled
    assert blocked.status_code == 401 and "Too many failed sign-ins" in blocked.text
    assert "chorus_desk" not in client.cookies


def test_per_client_throttle_covers_many_accounts(desk):
    client, _, _, _ = desk
    for number in range(accounts.CLIENT_LIMIT):
        sign_in(client, f"guess{number}@example.com", "some password here")
    assert "Too many failed sign-ins" in sign_in(client, ADMIN, PASSWORD).text


def test_a_moderator_cannot_reach_admin_actions(desk):
    client, service, _, _ = desk
    sign_in(client)
    csrf = csrf_of(client.get("/desk/").text)
    assert client.get("/desk/accounts").status_code == 403
    assert client.get("/desk/replies").status_code == 403
    response = post(client, "/desk/accounts", {"do": "add", "email": "x@example.com",
                                               "role": "admin"}, csrf)
    assert response.status_code == 403
    assert post(client, "/desk/replies", {"do": "save", "action": "reject", "title": "t",
                                          "text": "t"}, csrf).status_code == 403
    assert [a.email for a in accounts.users(service.desk.store)] == [ADMIN, MODERATOR]
    assert 'href="/desk/accounts"' not in client.get("/desk/").text


def test_sign_in_needs_the_form_token_and_redirects_only_inside_the_desk(desk):
    client, _, _, _ = desk
    response = client.post("/desk/sign-in", data={"email": MODERATOR, "password": PASSWORD},
                           headers={"origin": ORIGIN})
    assert response.status_code == 400
    page = client.get("/desk/sign-in?next=https://evil.example/")
    assert 'value="/desk/"' in page.text and "evil" not in page.text


def test_the_public_pages_never_link_to_the_desk(desk):
    client, _, _, _ = desk
    for path in ("/submit", "/healthz", "/brand.css"):
        assert "/desk" not in client.get(path).text
