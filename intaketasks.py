"""Intake tasks: `intake.serve`, `intake.send-mail`, `ingest` and `mod.export` (thin: parse, call, print)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from invoke import Collection, Exit, task

from chorus import site
from chorus.desk import Desk
from chorus.problems import ChorusError
from chorus.progress import progress_for
from modtasks import ROOT, _guard

CONF = ROOT / "pelicanconf.py"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@task(help={"host": "address to listen on (default 127.0.0.1; put a TLS proxy in front)",
            "port": "port (default 8050)",
            "conf": "the settings file the service reads (default pelicanconf.py)",
            "dev": "use a throwaway secret instead of CHORUS_INTAKE_SECRET (forms break on restart) "
                   "and, without CHORUS_SITEURL, link to the site at http://127.0.0.1:8000"})
@_guard
def serve(c, host="127.0.0.1", port=8050, conf="pelicanconf.py", dev=False):
    """Run the intake service: the submission form, status pages, the desk, moderator feed."""
    from chorus_intake.server import serve as run

    path = Path(conf) if Path(conf).is_absolute() else ROOT / conf
    if not path.is_file():
        raise ChorusError(f"--conf: {conf} is not a file")
    run(path, host, int(port), dev)


@task(name="send-mail")
@_guard
def send_mail(c):
    """Send the outbox's messages by SMTP (CHORUS_SMTP_* settings); sent ones are deleted."""
    from chorus_intake.config import SmtpSettings
    from chorus_intake.mail import pending_messages, send_outbox

    desk = Desk.from_settings(site.load_settings(CONF), ROOT)
    smtp = SmtpSettings.from_env(os.environ)
    if smtp is None:
        waiting = len(pending_messages(desk))
        raise Exit(f"CHORUS_SMTP_HOST is not set; {waiting} message(s) stay in the outbox", code=1)
    try:
        sent, left = send_outbox(desk, smtp)
    except OSError as err:
        raise Exit(f"could not send mail via {smtp.host}:{smtp.port}: {err}", code=1) from None
    print(f"Sent {sent} message(s); {left} left in the outbox.")


@task(help={"file": "a CSV or JSON export of a form service",
            "format": "csv or json (default: from the file's extension)",
            "mapping": "column mapping: generic (default) or google-forms (see docs/intake.md)",
            "quiet": "print only the rejected rows (no progress, no per-row lines)"})
@_guard
def ingest(c, file, format=None, mapping="generic", quiet=False):
    """Import submissions from a form service's CSV/JSON export; safe to re-run."""
    from chorus_intake.config import IntakeSettings
    from chorus_intake.ingest import ingest as run

    path = Path(file)
    fmt = (format or path.suffix.lstrip(".")).lower()
    if fmt not in ("csv", "json"):
        raise ChorusError(f"--format must be csv or json (got '{fmt}')")
    if not path.is_file():
        raise ChorusError(f"{file} is not a file")
    settings = site.load_settings(CONF)
    desk = Desk.from_settings(settings, ROOT)
    public_url = IntakeSettings.from_settings(settings).public_url
    with progress_for(sys.stderr, quiet=quiet) as shown:
        report = run(desk, path, fmt, mapping, _now, shown, status_base=public_url)
    for number, receipt in [] if quiet else report.imported:
        print(f"row {number}: imported as {receipt}; private status link (also in the receipt "
              f"mail): {report.links[receipt]}")
    for number, receipt in [] if quiet else report.already:
        print(f"row {number}: already imported as {receipt}")
    for number, name, message in report.rejected:
        print(f"row {number}: {name}: {message}")
    if report.ignored_columns:
        print(f"ignored columns: {', '.join(report.ignored_columns)}")
    rows = {n for n, _, _ in report.rejected}
    if not quiet:
        print(f"{len(report.imported)} imported, {len(report.already)} already there, "
              f"{len(rows)} rejected.")
    if rows:
        raise Exit(code=1)


@task(help={"csv": "file to write", "state": "pending (default), ..., or all"})
@_guard
def export(c, csv, state="pending"):
    """Write the queue as CSV (no emails; spreadsheet formulas neutralised)."""
    from chorus_intake.export import queue_csv

    desk = Desk.from_settings(site.load_settings(CONF), ROOT)
    text = queue_csv(desk, _now(), None if state == "all" else state)
    Path(csv).write_text(text, encoding="utf-8", newline="")
    print(f"Wrote {text.count(chr(10)) - 1} submission(s) to {csv}.")


intake = Collection("intake", serve, send_mail)
