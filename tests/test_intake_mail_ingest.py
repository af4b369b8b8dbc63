"""Decision mail by SMTP, imports of form-service exports, and the spreadsheet-safe queue export."""

from __future__ import annotations

import csv
import io
import json
import socket

import pytest

from chorus import moderation
from chorus_intake.config import SmtpSettings
from chorus_intake.export import queue_csv, safe_cell
from chorus_intake.ingest import ingest
from chorus_intake.mail import send_outbox
from intakehelpers import make_service
from modhelpers import NOW, a_story, make_desk
from chorus.outbox import pending


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self):
            self.messages, self.refuse = [], set()

        async def handle_RCPT(self, server, session, envelope, address, options):
            if address in self.refuse:
                return "550 no such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
            return "250 OK"

    handler = Keep()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


def test_outbox_is_sent_by_smtp_and_refused_messages_stay(tmp_path, smtp_server):
    handler, port = smtp_server
    desk, _ = make_desk(tmp_path)
    first = moderation.submit(desk, a_story(), now=NOW)
    moderation.submit(desk, a_story(email="gone@example.com", title="Other"), now=NOW)
    moderation.reject(desk, first, moderator="Ana", now=NOW, reason="Off topic.")
    handler.refuse.add("gone@example.com")
    smtp = SmtpSettings(host="127.0.0.1", port=port, security="none")
    assert send_outbox(desk, smtp) == (2, 1)
    assert sorted(to[0] for to, _ in handler.messages) == ["pat@example.com", "pat@example.com"]
    assert any("Off topic." in body for _, body in handler.messages)
    assert [p.name.endswith("-submit.eml") for p in pending(desk)] == [True]
    assert send_outbox(desk, smtp) == (0, 1)


def test_smtp_settings_come_from_the_environment():
    assert SmtpSettings.from_env({}) is None
    smtp = SmtpSettings.from_env({"CHORUS_SMTP_HOST": "mail.example.com", "CHORUS_SMTP_SECURITY": "ssl"})
    assert (smtp.port, smtp.security) == (465, "ssl")
    from chorus.problems import ConfigError
    with pytest.raises(ConfigError):
        SmtpSettings.from_env({"CHORUS_SMTP_HOST": "m", "CHORUS_SMTP_PORT": "http"})


GENERIC = [
    {"kind": "story", "title": "Up the hill", "body": "Steep.", "name": "Ana Lee", "email": "ana@example.com",
     "consent_name": "yes"},
    {"kind": "story", "title": "", "body": "No title here.", "name": "Bo", "email": "bo@example.com",
     "consent_name": "yes"},
    {"kind": "testimonial", "title": "", "body": "Great shoes.", "name": "Cy", "email": "not-an-email",
     "consent_name": "maybe"},
    {"kind": "testimonial", "title": "", "body": "=HYPERLINK(\"http://evil.example\")", "name": "Di",
     "email": "di@example.com", "consent_name": "no"},
]


def _write_csv(path, rows, headers=None):
    headers = headers or list(rows[0])
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h, "") for h in headers])
    return path


def test_generic_csv_import_reports_rejected_rows_and_is_idempotent(tmp_path):
    desk, _ = make_desk(tmp_path)
    export = _write_csv(tmp_path / "export.csv", GENERIC)
    report = ingest(desk, export, "csv", "generic", lambda: NOW)
    assert [n for n, _ in report.imported] == [2, 5]
    assert (3, "title", "a story needs a title; add one (at most 150 characters)") in report.rejected
    assert {(n, f) for n, f, _ in report.rejected} >= {(4, "email"), (4, "consent_name")}
    assert len(desk.store.ids()) == 2
    again = ingest(desk, export, "csv", "generic", lambda: NOW)
    assert again.imported == [] and sorted(again.already) == sorted(report.imported)
    assert len(desk.store.ids()) == 2
    assert desk.store.load(report.imported[0][1])["intake"] == {"channel": "ingest",
                                                                "file": "export.csv", "row": 2}


def test_google_forms_style_headers_and_json(tmp_path):
    desk, _ = make_desk(tmp_path)
    headers = ["Timestamp", "Email address", "What are you sending?", "Title of your story",
               "Your story or quote", "Your name", "Show your name with it?", "Favourite colour"]
    row = {"Timestamp": "2026/11/20 9:14:02 AM MST", "Email address": "ana@example.com",
           "What are you sending?": "Story", "Title of your story": "Up the hill",
           "Your story or quote": "Steep.", "Your name": "Ana Lee",
           "Show your name with it?": "Yes, show my name", "Favourite colour": "green"}
    report = ingest(desk, _write_csv(tmp_path / "g.csv", [row], headers), "csv", "google-forms", lambda: NOW)
    assert len(report.imported) == 1 and report.ignored_columns == ["Favourite colour"]
    record = desk.store.load(report.imported[0][1])
    assert record["submission"]["consent_name"] is True and record["kind"] == "story"
    data = {"responses": [{**GENERIC[0], "title": "Another"}, {"kind": "story", "rating": [1]}]}
    (tmp_path / "e.json").write_text(json.dumps(data))
    report = ingest(desk, tmp_path / "e.json", "json", "generic", lambda: NOW)
    assert [n for n, _ in report.imported] == [1] and {n for n, _, _ in report.rejected} == {2}


@pytest.mark.parametrize("value, safe", [
    ("=1+1", "'=1+1"), ("+SUM(A1)", "'+SUM(A1)"), ("-2", "'-2"), ("@cmd", "'@cmd"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain = text", "plain = text"), ("", ""), (None, ""),
])
def test_cells_that_a_spreadsheet_would_run_get_an_apostrophe(value, safe):
    assert safe_cell(value) == safe


def test_queue_export_is_spreadsheet_safe_and_has_no_emails(tmp_path):
    desk, _ = make_desk(tmp_path)
    moderation.submit(desk, a_story(title='=HYPERLINK("http://evil.example","click")'), now=NOW)
    moderation.submit(desk, a_story(title="@SUM(1)", email="b@example.com"), now=NOW)
    text = queue_csv(desk, NOW)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["title"] for r in rows) == ["'=HYPERLINK(\"http://evil.example\",\"click\")", "'@SUM(1)"]
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())
    assert "@example.com" not in text and "Pat" not in text


@pytest.fixture
def hub_tasks(tmp_path, monkeypatch):
    """The intake tasks pointed at a private hub folder instead of the repository's."""
    import intaketasks
    from intakeserver import prepare
    from invoke import Context

    monkeypatch.setattr(intaketasks, "CONF", prepare(tmp_path, 8050))
    monkeypatch.setattr(intaketasks, "ROOT", tmp_path)
    return intaketasks, Context()


def test_ingest_task_reports_each_row_and_exits_1_on_rejections(hub_tasks, tmp_path, capsys):
    from invoke import Exit

    tasks, ctx = hub_tasks
    export = _write_csv(tmp_path / "export.csv", GENERIC)
    with pytest.raises(Exit) as failed:
        tasks.ingest(ctx, str(export))
    out = capsys.readouterr().out
    assert failed.value.code == 1
    assert "row 3: title: a story needs a title" in out and "row 4: email:" in out
    assert "2 imported, 0 already there, 2 rejected." in out
    with pytest.raises(Exit):
        tasks.ingest(ctx, str(export))
    assert "0 imported, 2 already there" in capsys.readouterr().out
    with pytest.raises(Exit, match="--format must be csv or json"):
        tasks.ingest(ctx, str(export), format="xlsx")
    tasks.export(ctx, csv=str(tmp_path / "queue.csv"))
    assert "Wrote 2 submission(s)" in capsys.readouterr().out
    assert "'=HYPERLINK" in (tmp_path / "queue.csv").read_text()


def test_send_mail_task_without_smtp_keeps_the_outbox(hub_tasks, tmp_path, monkeypatch):
    from invoke import Exit

    tasks, ctx = hub_tasks
    monkeypatch.delenv("CHORUS_SMTP_HOST", raising=False)
    tasks.ingest(ctx, str(_write_csv(tmp_path / "one.csv", GENERIC[:1])))
    with pytest.raises(Exit, match=r"CHORUS_SMTP_HOST is not set; 1 message\(s\) stay"):
        tasks.send_mail(ctx)


def test_the_running_service_sends_the_receipt_with_the_status_link(tmp_path, smtp_server):
    import time

    from starlette.testclient import TestClient

    from chorus_intake import create_app
    from chorus_intake.config import SECRET_ENV
    from intakehelpers import ORIGIN, SECRET, aged_token, story_form

    handler, port = smtp_server
    environ = {SECRET_ENV: SECRET, "CHORUS_SMTP_HOST": "127.0.0.1", "CHORUS_SMTP_PORT": str(port),
               "CHORUS_SMTP_SECURITY": "none"}
    service = make_service(tmp_path, environ=environ, mail_interval_seconds=0.05)
    with TestClient(create_app(service), base_url=ORIGIN) as client:
        answer = client.post("/submit", data={**story_form(), "form_token": aged_token(service)},
                             headers={"accept": "application/json"})
        deadline = time.monotonic() + 60       # a loaded machine can be slow to start the loop
        while not handler.messages and time.monotonic() < deadline:
            time.sleep(0.05)
    assert handler.messages and handler.messages[0][0] == ["pat@example.com"]
    import email
    import email.policy
    sent = email.message_from_string(handler.messages[0][1], policy=email.policy.default)
    assert answer.json()["status_url"] in sent.get_content()
    assert pending(service.desk) == []


def test_domain_additions_keys_extra_and_receipt_message(tmp_path):
    from chorus.store import StoreError

    desk, _ = make_desk(tmp_path)
    key = "a" * 64
    first = moderation.submit(desk, a_story(), now=NOW, keys=[key], extra={"channel": "form"},
                              message="Your private link: https://x.example/status/abc")
    assert moderation.submit(desk, a_story(title="Changed"), now=NOW, keys=[key]) == first
    assert desk.store.ids() == [first] and desk.store.receipt_for_key(key) == first
    assert desk.store.load(first)["intake"] == {"channel": "form"}
    assert "Your private link: https://x.example/status/abc" in pending(desk)[0].data.decode()
    with pytest.raises(StoreError):
        moderation.submit(desk, a_story(), now=NOW, keys=["../../etc/passwd"])
    assert desk.store.ids() == [first]
    assert desk.store.receipt_for_key("b" * 64) is None
