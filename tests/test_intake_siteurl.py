"""One public site URL (CHORUS_SITEURL) for published builds, status pages, mails and the
service's "Back to" link; `./hub serve` makes it the one origin; `intake.serve --conf`."""

from __future__ import annotations

import email
import email.policy
import re
import subprocess
import sys

import pytest
from starlette.testclient import TestClient

from chorus import moderation
from chorus.outbox import pending
from chorus.problems import ConfigError
from chorus_intake import create_app, load_service
from chorus_intake.config import DEV_SITEURL, SECRET_ENV
from chorus_intake.hub import hub_overrides
from conftest import FIXTURES, ROOT, copy_content, make_settings
from intakehelpers import ORIGIN, SECRET, Clock, aged_token, story_form

PUBLIC = "https://stories.example.org"


def service_for(tmp_path, dev=False, **settings):
    if not (tmp_path / "content").exists():
        copy_content(FIXTURES / "mini", tmp_path / "content")
    given = {"SITEURL": "", "CHORUS_INTAKE": {"public_url": ORIGIN}, **settings}
    return load_service(make_settings(tmp_path / "content", tmp_path / "output", **given),
                        tmp_path, {SECRET_ENV: SECRET}, clock=Clock(), dev=dev)


def submit_and_approve(service):
    origin = service.options.public_url
    client = TestClient(create_app(service), base_url=origin, follow_redirects=False)
    sent = client.post("/submit", data={**story_form(), "form_token": aged_token(service)})
    thanks = client.get(sent.headers["location"])
    receipt = service.desk.store.ids()[0]
    record = moderation.approve(service.desk, receipt, moderator="Ana", now=service.clock())
    status = client.get(re.search(re.escape(origin) + r'(/status/[\w-]{43})"', thanks.text).group(1))
    mails = {m.name.rsplit("-", 1)[-1]: email.message_from_bytes(m.data, policy=email.policy.default)
             for m in pending(service.desk)}
    return thanks, status, mails, record["published"]["url"]


def test_status_pages_mails_and_back_links_go_to_the_public_site(tmp_path):
    service = service_for(tmp_path, CHORUS_SITEURL=PUBLIC + "/")
    thanks, status, mails, url = submit_and_approve(service)
    assert f'href="{PUBLIC}/">Back to Ridgeline Stories</a>' in thanks.text
    assert f'class="brand" href="{PUBLIC}/"' in status.text
    assert f'href="{PUBLIC}/{url}"' in status.text
    assert f"will appear at {PUBLIC}/{url}" in mails["approve.eml"].get_content()


def test_an_absolute_siteurl_serves_when_chorus_siteurl_is_empty(tmp_path):
    service = service_for(tmp_path, SITEURL="https://hub.example.com", CHORUS_SITEURL="")
    assert service.site_url == service.desk.site_url == "https://hub.example.com"


def test_the_service_refuses_to_start_without_a_public_site_unless_dev(tmp_path, caplog):
    with pytest.raises(ConfigError, match="CHORUS_SITEURL must hold the site's public address"):
        service_for(tmp_path, CHORUS_SITEURL="")
    service = service_for(tmp_path, dev=True, CHORUS_SITEURL="")
    assert service.site_url == service.desk.site_url == DEV_SITEURL
    assert "no CHORUS_SITEURL" in caplog.text


@pytest.mark.parametrize("bad", ["stories.example.org", "ftp://stories.example.org", "https://"])
def test_a_site_url_that_is_not_an_address_is_named(tmp_path, bad):
    with pytest.raises(ConfigError, match="CHORUS_SITEURL must be an absolute http"):
        service_for(tmp_path, CHORUS_SITEURL=bad)


def test_the_one_hub_links_everything_to_its_own_origin(tmp_path):
    given = {"CHORUS_INTAKE": {"public_url": PUBLIC}, "CHORUS_SITEURL": PUBLIC}
    service = service_for(tmp_path, **{**given, **hub_overrides(given, 8123)})
    thanks, status, mails, url = submit_and_approve(service)
    assert 'href="http://127.0.0.1:8123/">Back to Ridgeline Stories</a>' in thanks.text
    assert f'href="http://127.0.0.1:8123/{url}"' in status.text
    assert f"will appear at http://127.0.0.1:8123/{url}" in mails["approve.eml"].get_content()


def test_publishconf_builds_for_chorus_siteurl(tmp_path):
    code = ("import sys; sys.path.insert(0, '.'); from chorus import site; "
            "s = site.load_settings('publishconf.py'); print(s['SITEURL'], site.public_siteurl(s))")
    env = {"PATH": "/usr/bin:/bin", "CHORUS_SITEURL": PUBLIC + "/"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True).stdout
    assert out.split() == [PUBLIC, PUBLIC]


def test_intake_serve_reads_the_settings_file_given_by_conf(tmp_path):
    conf = tmp_path / "otherconf.py"
    conf.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
                    f"PATH = {str(ROOT / 'content')!r}\nCHORUS_SITEURL = 'not-an-address'\n")
    invoke = [str(ROOT / ".venv" / "bin" / "invoke"), "--search-root", str(ROOT)]
    env = {"PATH": "/usr/bin:/bin", SECRET_ENV: SECRET}
    bad = subprocess.run([*invoke, "intake.serve", "--conf", str(conf), "--port", "1"],
                         env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "CHORUS_SITEURL must be an absolute http" in bad.stderr
    assert "Traceback" not in bad.stderr
    conf.write_text(conf.read_text().replace(str(ROOT / "content"), str(tmp_path / "none")))
    nothing = subprocess.run([*invoke, "intake.serve", "--conf", str(conf)],
                             env=env, capture_output=True, text=True, timeout=120)
    assert nothing.returncode == 1 and "specify a path containing the content" in nothing.stderr
    assert "Traceback" not in nothing.stderr
    missing = subprocess.run([*invoke, "intake.serve", "--conf", str(tmp_path / "nope.py")],
                             env=env, capture_output=True, text=True, timeout=120)
    assert missing.returncode == 1 and "--conf: " in missing.stderr and "is not a file" in missing.stderr


def test_the_status_page_gives_the_day_sent_in_the_site_timezone_and_when_it_goes_live(tmp_path):
    import dataclasses
    import datetime as dt

    service = service_for(tmp_path, CHORUS_SITEURL=PUBLIC)
    service.clock.now = dt.datetime(2026, 11, 21, 2, 0, tzinfo=dt.timezone.utc)  # the 20th in Denver
    thanks, status, _mails, _url = submit_and_approve(service)
    assert "sent on 2026-11-20." in status.text
    assert "with the next daily build of the site" in status.text
    publishing = dataclasses.replace(service, publisher=object())   # as ./hub serve runs it
    client = TestClient(create_app(publishing), base_url=ORIGIN)
    token = re.search(r'/status/([\w-]{43})"', thanks.text).group(1)
    assert "in a minute or so" in client.get(f"/status/{token}").text
