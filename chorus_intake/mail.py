"""Send the outbox's messages by SMTP; what cannot be sent stays for the next run."""

from __future__ import annotations

import email
import email.policy
import logging
import smtplib
import ssl

from chorus.desk import Desk
from chorus.store import outbox as stored
from chorus_intake.config import SmtpSettings

log = logging.getLogger(__name__)
TIMEOUT = 30


def pending_messages(desk: Desk) -> list[stored.Message]:
    """The outbox's messages, oldest first."""
    with desk.store.read() as conn:
        return stored.pending(conn)


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
    Two instances sending at once may both send a message (at least once, never lost).
    """
    messages = pending_messages(desk)
    if not messages:
        return 0, 0
    sent = 0
    with _connect(smtp) as client:
        for item in messages:
            message = email.message_from_bytes(item.data, policy=email.policy.default)
            try:
                client.send_message(message)
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError,
                    smtplib.SMTPSenderRefused) as err:
                log.warning("intake: mail: %s was refused (%s); it stays in the outbox",
                            item.name, err)
                continue
            with desk.store.write() as conn:
                stored.sent(conn, item.id)
            sent += 1
    return sent, len(messages) - sent
