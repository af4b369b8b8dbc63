"""Send the outbox's messages by SMTP; what cannot be sent stays for the next run."""

from __future__ import annotations

import email
import email.policy
import logging
import smtplib
import ssl
from pathlib import Path

from chorus.desk import Desk
from chorus_intake.config import SmtpSettings

log = logging.getLogger(__name__)
TIMEOUT = 30


def pending_messages(outbox: Path) -> list[Path]:
    """The outbox's .eml files, oldest first (their names start with a UTC timestamp)."""
    return sorted(outbox.glob("*.eml")) if outbox.is_dir() else []


def _connect(smtp: SmtpSettings) -> smtplib.SMTP:
    if smtp.security == "ssl":
        client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=TIMEOUT,
                                  context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT)
        if smtp.security == "starttls":
            client.starttls(context=ssl.create_default_context())
    if smtp.user:
        client.login(smtp.user, smtp.password)
    return client


def send_outbox(desk: Desk, smtp: SmtpSettings) -> tuple[int, int]:
    """Send every message in the outbox, deleting each once the server accepted it.

    Returns (sent, left). A message the server refuses stays in the outbox
    (logged) and the others are still tried; a connection failure stops the run.
    """
    paths = pending_messages(desk.outbox)
    if not paths:
        return 0, 0
    sent = 0
    with _connect(smtp) as client:
        for path in paths:
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            try:
                client.send_message(message)
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError,
                    smtplib.SMTPSenderRefused) as err:
                log.warning("intake: mail: %s was refused (%s); it stays in the outbox",
                            path.name, err)
                continue
            path.unlink()
            sent += 1
    return sent, len(paths) - sent
