"""Abuse defences over HTTP: honeypot, token and fill time, rate, size, origin, uploads, fuzz."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from chorus.problems import ConfigError
from chorus_intake import tokens
from chorus_intake.config import SECRET_ENV
from intakehelpers import aged_token, make_client, make_service, story_form, token_from
from modhelpers import jpeg


@pytest.fixture
def intake(tmp_path):
    return make_client(tmp_path)


def test_honeypot_is_refused_and_nothing_stored(intake):
    client, service, _ = intake
    response = client.post("/submit", data={**story_form(), "website": "http://spam.example",
                                             "form_token": aged_token(service)})
    assert response.status_code == 400 and service.desk.store.ids() == []


@pytest.mark.parametrize("token, words", [
    ("", "not sent from our page"),
    ("1795000000.abcdefghijklmnopqrst." + "A" * 43, "could not be verified"),
])
def test_missing_or_forged_token_is_refused_with_text_kept(intake, token, words):
    client, service, _ = intake
    response = client.post("/submit", data={**story_form(), "form_token": token})
    assert response.status_code == 422 and words in response.text
    assert "It rained all the way up." in response.text
    assert service.desk.store.ids() == []


def test_form_sent_faster_than_a_human_or_after_a_day_is_refused(intake):
    client, service, clock = intake
    token = token_from(client.get("/submit").text)
    clock.advance(1)
    fast = client.post("/submit", data={**story_form(), "form_token": token})
    assert fast.status_code == 422 and "quicker than a person" in fast.text
    clock.advance(86_400)
    old = client.post("/submit", data={**story_form(), "form_token": token})
    assert old.status_code == 422 and "expired" in old.text
    assert token_from(old.text) != token                              # a fresh token to send again
    clock.advance(-86_390)
    assert client.post("/submit", data={**story_form(), "form_token": token}).status_code == 303


def test_a_token_signed_with_another_secret_is_forged(intake):
    client, service, _ = intake
    other = tokens.issue_form_token(b"another-secret" * 4, service.clock().timestamp() - 60)
    assert client.post("/submit", data={**story_form(), "form_token": other}).status_code == 422


def test_rate_limit_per_client_and_forwarded_for_only_from_trusted_proxies(tmp_path):
    client, service, _ = make_client(tmp_path, rate_burst=2, rate_per_minute=1.0)
    send = lambda **h: client.post("/submit", data={"form_token": aged_token(service)}, headers=h)
    assert [send().status_code for _ in range(3)] == [422, 422, 429]
    assert send(**{"x-forwarded-for": "198.51.100.7"}).status_code == 429   # not a trusted proxy
    assert client.get("/submit").status_code == 200                       # reading is free
    trusted, service2, _ = make_client(tmp_path / "b", rate_burst=1, rate_per_minute=1.0,
                                       trusted_proxies=["testclient"])
    post = lambda ip: trusted.post("/submit", data={}, headers={"x-forwarded-for": f"{ip}, testclient"})
    assert [post("198.51.100.7").status_code, post("198.51.100.7").status_code,
            post("198.51.100.8").status_code] == [422, 429, 422]
    assert "retry-after" in post("198.51.100.8").headers


def test_request_size_is_refused_before_parsing(tmp_path):
    client, service, _ = make_client(tmp_path, max_request_bytes=20_000)
    big = client.post("/submit", data={**story_form(body="x" * 30_000), "form_token": aged_token(service)})
    assert big.status_code == 413

    def chunks():                                     # no Content-Length: counted while streaming
        for _ in range(50):
            yield b"a" * 1000
    streamed = client.post("/submit", content=chunks(),
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert streamed.status_code == 413
    lying = client.post("/submit", content=b"body=x", headers={"content-length": "abc",
                                                               "content-type": "text/plain"})
    assert lying.status_code in (400, 413)
    assert service.desk.store.ids() == []


@pytest.mark.parametrize("origin, referer, allowed", [
    ("https://stories.example.com", "", True),
    ("https://evil.example", "", False),
    ("null", "", False),
    ("", "https://evil.example/page", False),
    ("", "https://stories.example.com/submit", True),
    ("", "", True),                  # not a browser: no cross-site risk
])
def test_only_allowed_origins_may_post(intake, origin, referer, allowed):
    client, service, _ = intake
    headers = {k: v for k, v in (("origin", origin), ("referer", referer)) if v}
    response = client.post("/submit", data={**story_form(), "form_token": aged_token(service)},
                           headers=headers)
    assert (response.status_code == 303) is allowed
    assert response.status_code == (303 if allowed else 403)


def _png_claiming(width: int, height: int) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b""))


@pytest.mark.parametrize("name, data, words", [
    ("me.jpg", b"<?php system($_GET['c']); ?>", "not a JPEG, PNG or WebP"),
    ("me.jpg", b"<html><script>alert(1)</script></html>", "not a JPEG, PNG or WebP"),
    ("me.jpg", b"GIF89a" + b"\x00" * 100, "not a JPEG, PNG or WebP"),
    ("bomb.png", _png_claiming(60_000, 60_000), "pixels"),
    ("cut.jpg", jpeg((400, 300))[:600], "could not be decoded"),
])
def test_uploads_are_checked_by_content_not_by_name(intake, name, data, words):
    client, service, _ = intake
    response = client.post("/submit", data={**story_form(consent_photo="yes"),
                                            "form_token": aged_token(service)},
                           files={"photo": (name, data, "image/jpeg")})
    assert response.status_code == 422
    assert words in response.text.split('id="photo-error">')[1].split("</p>")[0]
    assert service.desk.store.ids() == []


def test_service_refuses_to_start_without_a_secret_unless_dev(tmp_path, caplog):
    from chorus_intake import load_service
    from conftest import make_settings

    with pytest.raises(ConfigError, match=SECRET_ENV):
        make_service(tmp_path, environ={})
    with pytest.raises(ConfigError, match=SECRET_ENV):
        make_service(tmp_path, environ={SECRET_ENV: "short"})
    service = load_service(make_settings(tmp_path / "content", tmp_path / "output"), tmp_path, {},
                           dev=True)
    assert len(service.secret) >= 32 and "throwaway secret" in caplog.text


@pytest.mark.parametrize("bad", [{"rate_burst": "ten"}, {"public_url": "stories.example.com"},
                                 {"allowed_origins": "https://x.example"}, {"colour": 1}])
def test_bad_settings_are_named(tmp_path, bad):
    with pytest.raises(ConfigError, match="CHORUS_INTAKE"):
        make_service(tmp_path, **bad)


TEXT = st.text(st.characters(codec="utf-8"), max_size=300)
FIELDS = st.sampled_from(["kind", "title", "body", "name", "email", "consent_name", "consent_photo",
                          "rating", "prompt", "display_name", "role", "website", "form_token",
                          "status", "x"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=st.dictionaries(FIELDS, TEXT, max_size=10), photo=st.one_of(st.none(), st.binary(max_size=300)),
       valid_token=st.booleans())
def test_no_input_causes_a_server_error(intake, fields, photo, valid_token):
    client, service, _ = intake
    data = dict(fields)
    if valid_token:
        data["form_token"] = aged_token(service)
    files = {"photo": ("p.jpg", photo, "image/jpeg")} if photo is not None else None
    response = client.post("/submit", data=data, files=files)
    assert response.status_code < 500, response.text[:300]
    assert "Traceback" not in response.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=400), kind=st.sampled_from(["application/x-www-form-urlencoded",
                                                           "multipart/form-data; boundary=xyz",
                                                           "multipart/form-data", "text/plain", ""]))
def test_no_raw_body_causes_a_server_error(intake, body, kind):
    client, _, _ = intake
    response = client.post("/submit", content=body, headers={"content-type": kind} if kind else {})
    assert response.status_code < 500
    for path in ("/status/" + "A" * 43, "/status/x/withdraw", "/thanks/zz", "/moderation/feed.atom"):
        assert client.post(path, content=body, headers={"content-type": kind} if kind else {}).status_code < 500
