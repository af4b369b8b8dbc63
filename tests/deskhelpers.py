"""Helpers for the desk tests: a service with accounts, signed-in clients, submissions."""

from __future__ import annotations

import re

from chorus import accounts, moderation
from intakehelpers import ORIGIN, Clock, make_client

PASSWORD = "a long enough password"
ADMIN, MODERATOR = "admin@example.com", "mod@example.com"


def desk_client(tmp_path, clock: Clock | None = None, **intake):
    """A TestClient over a mini hub with an admin ("Ada Admin") and a moderator ("Mo")."""
    client, service, clock = make_client(tmp_path, clock, **intake)
    for email, role, name in ((ADMIN, "admin", "Ada Admin"), (MODERATOR, "moderator", "Mo")):
        token = accounts.add_user(service.desk.store, email, role, clock(), display_name=name)
        accounts.set_password(service.desk.store, email, PASSWORD, token=token, now=clock())
    return client, service, clock


def form_token_of(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


def sign_in(client, email: str = MODERATOR, password: str = PASSWORD):
    page = client.get("/desk/sign-in")
    return client.post("/desk/sign-in", data={"email": email, "password": password,
                                              "form_token": form_token_of(page.text),
                                              "next": "/desk/"},
                       headers={"origin": ORIGIN})


def submit(service, **changes) -> str:
    values = {"kind": "story", "title": "Rain on the ridge",
              "body": "It rained all the way up.\n\nThen the sun came out.", "name": "Pat Quinn",
              "display_name": "Pat Q.", "email": "pat@example.com", "consent_name": "yes"}
    values.update(changes)
    return moderation.submit(service.desk, {k: v for k, v in values.items() if v is not None},
                             now=service.clock())


def post(client, path: str, data: dict, csrf: str | None, **headers):
    body = dict(data)
    if csrf is not None:
        body["csrf"] = csrf
    return client.post(path, data=body, headers={"origin": ORIGIN, **headers})


def item_form(client, receipt: str) -> tuple[str, str]:
    """(csrf, version) from the submission's page."""
    html = client.get(f"/desk/item/{receipt}").text
    return csrf_of(html), re.search(r'name="version" value="(\d+)"', html).group(1)
