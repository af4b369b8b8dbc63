"""Helpers for the intake service tests: a service over a private mini hub, a movable clock."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from chorus_intake import create_app, load_service, tokens
from chorus_intake.config import FEED_TOKEN_ENV, SECRET_ENV
from conftest import FIXTURES, copy_content, make_settings

SECRET = "test-secret-" + "s" * 40
FEED_TOKEN = "feed-token-" + "f" * 30
START = dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.timezone.utc)
ORIGIN = "https://stories.example.com"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: dt.datetime = START):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def make_service(tmp_path: Path, clock: Clock | None = None, environ: dict | None = None,
                 **intake):
    content = tmp_path / "content"
    if not content.exists():
        copy_content(FIXTURES / "mini", content)
    options = {"public_url": ORIGIN, "rate_burst": 1000, "rate_per_minute": 1000.0, **intake}
    settings = make_settings(content, tmp_path / "output", CHORUS_INTAKE=options,
                             SITEURL="https://hub.example.com")
    env = {SECRET_ENV: SECRET, FEED_TOKEN_ENV: FEED_TOKEN} if environ is None else environ
    return load_service(settings, tmp_path, env, clock=clock or Clock())


def make_client(tmp_path: Path, clock: Clock | None = None, **intake):
    from starlette.testclient import TestClient

    clock = clock or Clock()
    service = make_service(tmp_path, clock, **intake)
    client = TestClient(create_app(service), base_url=ORIGIN, follow_redirects=False)
    return client, service, clock


def aged_token(service, seconds: float = 60) -> str:
    """A genuine form token issued ``seconds`` before the service's now."""
    return tokens.issue_form_token(service.secret, service.clock().timestamp() - seconds)


def token_from(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def story_form(**changes) -> dict:
    values = {"kind": "story", "title": "Rain on the ridge",
              "body": "It rained all the way up.\n\nThen the sun came out.", "name": "Pat Quinn",
              "display_name": "Pat Q.", "email": "pat@example.com", "consent_name": "yes"}
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}
