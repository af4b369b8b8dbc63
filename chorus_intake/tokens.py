"""Signed form tokens (issue time + nonce) and private status links, with stdlib hmac."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

_FORM_TOKEN = re.compile(r"^(\d{1,12})\.([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{43})$")
STATUS_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")


class TokenError(Exception):
    """The form token is missing, forged, too fresh or too old; ``reason`` says which."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class FormToken:
    issued: int
    nonce: str


def _mac(secret: bytes, purpose: str, text: str) -> str:
    digest = hmac.new(secret, f"{purpose}\n{text}".encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def issue_form_token(secret: bytes, now: float, nonce: str | None = None) -> str:
    """A token for a freshly rendered form: its issue time and a nonce, signed."""
    nonce = nonce or secrets.token_urlsafe(18)
    payload = f"{int(now)}.{nonce}"
    return f"{payload}.{_mac(secret, 'form', payload)}"


def check_form_token(secret: bytes, token: str, now: float, min_age: float,
                     max_age: float) -> FormToken:
    """The token's content if it is genuine and between ``min_age`` and ``max_age`` seconds old."""
    found = _FORM_TOKEN.match(token or "")
    if not found:
        raise TokenError("missing", "The form was not sent from our page. Please use the form below.")
    issued, nonce, signature = found.groups()
    if not hmac.compare_digest(signature, _mac(secret, "form", f"{issued}.{nonce}")):
        raise TokenError("forged", "The form could not be verified. Please send it again from this page.")
    age = now - int(issued)
    if age < min_age:
        raise TokenError("fast", "That was quicker than a person can type. Please check your "
                                 "answers and send the form again.")
    if age > max_age:
        raise TokenError("expired", "The form was open for a long time and has expired. Your text "
                                    "is kept below; please send it again.")
    return FormToken(int(issued), nonce)


def status_token(secret: bytes, material: str) -> str:
    """The private status link's token for a submission: unguessable without the secret."""
    return _mac(secret, "status", material)


def digest(purpose: str, text: str) -> str:
    """A sha256 hex digest used as a store key (what is stored instead of the token)."""
    return hashlib.sha256(f"{purpose}\n{text}".encode("utf-8")).hexdigest()


def status_key(token: str) -> str:
    return digest("status", token)
