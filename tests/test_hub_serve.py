"""`./hub serve`'s one app: the live site, the form behind the site's buttons, the desk and
the publisher on one origin; approve at the desk and the story is on the site."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from chorus import accounts, building
from chorus_intake.hub import hub_app, hub_overrides
from conftest import FIXTURES, copy_content, make_settings
from deskhelpers import MODERATOR, PASSWORD, item_form, post, sign_in
from intakehelpers import ORIGIN, Clock, aged_token, story_form
from chorus_intake.config import SECRET_ENV, load_service
from intakehelpers import SECRET


@pytest.fixture
def one_hub(tmp_path):
    copy_content(FIXTURES / "mini", tmp_path / "content")
    settings = make_settings(tmp_path / "content", tmp_path / "output", SITEURL="",
                             CHORUS_INTAKE={"public_url": ORIGIN}, CHORUS_SITEURL=ORIGIN)
    clock = Clock()
    service = load_service(settings, tmp_path, {SECRET_ENV: SECRET}, clock=clock)
    token = accounts.add_user(service.desk.store, MODERATOR, "moderator", clock(), display_name="Mo")
    accounts.set_password(service.desk.store, MODERATOR, PASSWORD, token=token, now=clock())
    building.build_live(settings)
    app = hub_app(service, lambda: dict(settings))
    return TestClient(app, base_url=ORIGIN, follow_redirects=False), app, service, clock


def test_hub_overrides_point_the_form_and_its_origin_at_the_one_port():
    given = {"CHORUS_INTAKE": {"rate_burst": 3}, "CHORUS_BRAND": {"name": "Ridgeline"}}
    changed = hub_overrides(given, 8123)
    assert changed["CHORUS_INTAKE"] == {"rate_burst": 3, "public_url": "http://127.0.0.1:8123"}
    assert changed["CHORUS_SITEURL"] == "http://127.0.0.1:8123"
    assert changed["CHORUS_BRAND"] == {"name": "Ridgeline", "submit_url": "/submit"}
    assert given["CHORUS_INTAKE"] == {"rate_burst": 3}


def test_the_site_the_form_and_the_desk_share_one_origin(one_hub):
    client, *_ = one_hub
    home = client.get("/")
    assert home.status_code == 200 and "<main" in home.text
    button = re.search(r'href="(/submit/\?prompt=[0-9-]+)"', home.text).group(1)
    form = client.get(button, follow_redirects=True)
    assert form.status_code == 200 and 'name="form_token"' in form.text
    assert client.get("/theme/css/chorus.css").status_code == 200
    assert client.get("/no/such/page/").status_code == 404
    assert client.get("/desk/").status_code == 303


def test_a_story_sent_through_the_form_and_approved_at_the_desk_goes_live(one_hub):
    client, app, service, clock = one_hub
    sent = client.post("/submit", data={**story_form(title="Hail on the col"),
                                        "form_token": aged_token(service)},
                       headers={"origin": ORIGIN})
    assert sent.status_code == 303, sent.text
    receipt = sent.headers["location"].split("?")[0].rsplit("/", 1)[-1]
    clock.advance(60)
    sign_in(client)
    csrf, version = item_form(client, receipt)
    assert post(client, f"/desk/item/{receipt}/approve", {"version": version}, csrf).status_code == 303
    assert app.intake.state.service.publisher.run_once().live
    url = service.desk.store.load(receipt)["published"]["url"]
    page = client.get(f"/{url}")
    assert page.status_code == 200 and "Hail on the col" in page.text
