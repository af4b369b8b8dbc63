"""The advocate's private status link, for every submission however it came in.

A form's link is derived from its signed token (chorus_intake.submit); a submission
made with ``./hub submit`` or ``./hub ingest`` has no form, so its link is random.
Either way the store keeps only the token's digest, and the status page looks it up
without the secret.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from chorus_intake.tokens import status_key


@dataclass(frozen=True)
class StatusLink:
    token: str

    @property
    def key(self) -> str:
        """The store key (a digest) that leads the status page to the receipt."""
        return status_key(self.token)

    def url(self, public_url: str) -> str:
        return f"{public_url.rstrip('/')}/status/{self.token}"

    def edit_url(self, public_url: str) -> str:
        """Where the advocate edits a submission whose changes were asked for."""
        return f"{self.url(public_url)}/edit"


def new_link() -> StatusLink:
    """A random link for a submission that came without a form (43 URL-safe characters)."""
    return StatusLink(secrets.token_urlsafe(32))


def receipt_note(url: str) -> str:
    """What the receipt mail says about the link."""
    return (f"See where it stands, edit it when asked, or withdraw it:\n{url}\n"
            "Keep this link private: anyone who has it can withdraw your submission.")


def edit_note(url: str) -> str:
    """What the change-request mail says under the moderator's note."""
    return f"Edit it and send it again here:\n{url}"
