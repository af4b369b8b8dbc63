"""Every advocate gets the private status link: submissions made with `./hub submit` and
`./hub ingest` too, printed or reported, in the receipt mail, and it opens the status page."""

from __future__ import annotations

import email
import email.policy
import os
import re
import subprocess
import sys
from pathlib import Path

from starlette.testclient import TestClient

from chorus.outbox import pending
from chorus_intake import create_app
from chorus_intake.ingest import ingest
from conftest import ROOT
from intakehelpers import ORIGIN, make_service
from modhelpers import NOW

LINK = r"http://127\.0\.0\.1:8050/status/([\w-]{43})"


def receipt_mail(desk, receipt: str) -> str:
    found = next(m for m in pending(desk) if m.name.endswith(f"{receipt}-submit.eml"))
    return email.message_from_bytes(found.data, policy=email.policy.default).get_content()


def status_page(service, token: str) -> str:
    client = TestClient(create_app(service), base_url=ORIGIN)
    page = client.get(f"/status/{token}")
    assert page.status_code == 200
    return page.text


def test_hub_submit_prints_the_status_link_and_mails_it(tmp_path):
    service = make_service(tmp_path)              # the hub in tmp_path, its store, its content
    (tmp_path / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"PATH = 'content'\nTHEME = {str(ROOT / 'theme')!r}\n", encoding="utf-8")
    (tmp_path / "s.md").write_text("Kind: story\nTitle: Up the ridge\nName: Ann Lee\n"
                                   "Email: ann@example.com\nConsent_name: yes\n\nWe went up.\n",
                                   encoding="utf-8")
    env = {**os.environ, "CHORUS_CONF": str(tmp_path / "conf.py")}
    done = subprocess.run([str(Path(sys.executable).parent / "invoke"), "-r", str(ROOT), "submit",
                           "--file", str(tmp_path / "s.md")], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    receipt = re.search(r"Receipt id: (\S+)", done.stdout).group(1)
    token = re.search("Private status link .*: " + LINK, done.stdout).group(1)
    assert re.search(LINK, receipt_mail(service.desk, receipt)).group(1) == token
    page = status_page(service, token)
    assert "Waiting for a moderator" in page and receipt in page and "Up the ridge" in page


def test_ingest_reports_each_row_link_and_mails_it(tmp_path):
    service = make_service(tmp_path)
    export = tmp_path / "export.json"
    export.write_text('[{"kind": "story", "title": "Fog on the col", "body": "Grey, then gold.",'
                      ' "name": "Ömer Şahin", "email": "omer@example.com", "consent_name": "yes"},'
                      ' {"kind": "story", "title": "Sun", "body": "Hot.", "name": "李雷",'
                      ' "email": "li@example.com", "consent_name": "no"}]', encoding="utf-8")
    report = ingest(service.desk, export, "json", "generic", lambda: NOW,
                    status_base="http://127.0.0.1:8050")
    assert len(report.imported) == 2 and set(report.links) == {r for _, r in report.imported}
    tokens = set()
    for _, receipt in report.imported:
        token = re.fullmatch(LINK, report.links[receipt]).group(1)
        assert report.links[receipt] in receipt_mail(service.desk, receipt)
        assert receipt in status_page(service, token)
        tokens.add(token)
    assert len(tokens) == 2
    again = ingest(service.desk, export, "json", "generic", lambda: NOW)
    assert again.imported == [] and again.links == {} and len(again.already) == 2


def test_ingest_task_prints_the_link_of_each_imported_row(tmp_path, monkeypatch, capsys):
    import intaketasks
    from intakeserver import prepare
    from invoke import Context

    conf = prepare(tmp_path, 8050)
    monkeypatch.setattr(intaketasks, "CONF", conf)
    monkeypatch.setattr(intaketasks, "ROOT", tmp_path)
    export = tmp_path / "one.csv"
    export.write_text("kind,title,body,name,email,consent_name\r\n"
                      "story,Ridge,Up we went.,Ann,ann@example.com,yes\r\n", encoding="utf-8")
    intaketasks.ingest(Context(), str(export))
    out = capsys.readouterr().out
    found = re.search(r"row 2: imported as (\S+); private status link \(also in the receipt "
                      r"mail\): " + LINK, out)
    assert found, out


def test_a_change_request_from_the_command_line_mails_a_working_edit_link(tmp_path, monkeypatch,
                                                                          capsys):
    import modtasks

    service = make_service(tmp_path)
    receipt = _submitted(service)
    monkeypatch.setattr(modtasks, "_desk", lambda: (service.desk, dict(service.settings)))
    monkeypatch.setattr(modtasks, "_now", lambda: NOW)
    monkeypatch.setenv("CHORUS_MODERATOR", "Mo Reyes")
    modtasks.request_changes.body(None, receipt, note="Could you name the trail?")
    assert "links to the edit form" in capsys.readouterr().out
    [mail] = [m for m in pending(service.desk) if m.name.endswith(f"{receipt}-request-changes.eml")]
    text = email.message_from_bytes(mail.data, policy=email.policy.default).get_content()
    assert "Could you name the trail?" in text
    public = re.escape(service.options.public_url.rstrip("/"))
    token = re.search(public + r"/status/([\w-]{43})/edit", text).group(1)
    edit = TestClient(create_app(service), base_url=ORIGIN).get(f"/status/{token}/edit")
    assert edit.status_code == 200 and "Fog on the col" in edit.text


def test_a_change_request_refused_stores_no_link(tmp_path):
    from chorus import moderation
    from chorus.problems import ChorusError
    from chorus.store import keys as stored_keys
    from chorus_intake.statuslink import new_link

    service = make_service(tmp_path)
    receipt = _submitted(service)
    moderation.reject(service.desk, receipt, moderator="Mo", now=NOW, reason="Off topic.")
    link = new_link()
    try:
        moderation.request_changes(service.desk, receipt, moderator="Mo", now=NOW, note="Hm.",
                                   keys=[link.key])
    except ChorusError:
        pass
    else:
        raise AssertionError("a rejected submission cannot be sent back")
    with service.desk.store.read() as conn:
        assert stored_keys.receipt_for_key(conn, link.key) is None


def _submitted(service) -> str:
    export = service.desk.content_dir.parent / "one.json"
    export.write_text('[{"kind": "story", "title": "Fog on the col", "body": "Grey, then gold.",'
                      ' "name": "Ömer Şahin", "email": "omer@example.com", "consent_name": "yes"}]',
                      encoding="utf-8")
    [(_, receipt)] = ingest(service.desk, export, "json", "generic", lambda: NOW).imported
    return receipt
