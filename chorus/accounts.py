"""Desk accounts: roles, argon2id passwords, one-time setup links, sign-in with throttling,
and server-side sessions. The desk's routes and the `desk.*` tasks both call these.

Secrets handed out (session cookies, setup links) are random and stored only as
sha256 digests, so a copy of the database opens no session.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from chorus.problems import ChorusError
from chorus.store import Store
from chorus.store import accounts as stored
from chorus.store.records import utc
from chorus.text import normalise, text_problem

ROLES = ("moderator", "admin")
MIN_PASSWORD, MAX_PASSWORD = 12, 1024
SETUP_SECONDS = 3 * 86_400                 # a setup link works for three days
IDLE_SECONDS = 2 * 3600                    # a session ends after two idle hours...
MAX_SESSION_SECONDS = 12 * 3600            # ...and at the latest twelve hours after sign-in
TOUCH_SECONDS = 60                         # how stale "last seen" may get before it is written
WINDOW, BLOCK = 15 * 60, 15 * 60           # failed sign-ins counted per 15 minutes, block 15
ACCOUNT_LIMIT, CLIENT_LIMIT = 5, 20        # failures that block an account / a client address
WRONG = "The email address or the password is wrong."
_hasher = PasswordHasher()                 # argon2id with the library's recommended costs


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against for unknown accounts, so they take as long as known ones.
    Made on first use: hashing costs half a second, which every `./hub` command paid on import."""
    return _hasher.hash("a password nobody has, to spend the same time on unknown accounts")


class AccountError(ChorusError):
    """An account operation was refused; the message says why."""


class SignInRefused(ChorusError):
    """Sign-in failed: the same message for an unknown account and a wrong password."""


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    display_name: str
    role: str
    disabled: bool
    has_password: bool

    @property
    def name(self) -> str:
        """What decisions record as the moderator."""
        return self.display_name or self.email

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @classmethod
    def from_row(cls, row: dict, prefix: str = "") -> Account:
        get = lambda key: row[prefix + key]  # noqa: E731
        return cls(id=get("id"), email=get("email"), display_name=get("display_name"),
                   role=get("role"), disabled=bool(get("disabled")),
                   has_password=bool(get("password_hash")))


@dataclass(frozen=True)
class Session:
    account: Account
    csrf: str            # the token every state-changing desk form carries


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def csrf_token(session_token: str) -> str:
    """The session's CSRF token, derived so it needs no storage (and differs per session)."""
    return hashlib.sha256(f"chorus-desk-csrf\n{session_token}".encode()).hexdigest()


def same_secret(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _checked_email(email: str) -> str:
    email = normalise(email or "").strip()
    if "@" not in email or text_problem(email, max_chars=320) or any(c.isspace() for c in email):
        raise AccountError(f"'{email[:80]}' is not an email address")
    return email.casefold()


def check_password(password: str) -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise AccountError(f"a password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters")


def add_user(store: Store, email: str, role: str, now: dt.datetime,
             display_name: str = "") -> str:
    """Create an account without a password; returns the one-time setup token."""
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    email, name = _checked_email(email), normalise(display_name).strip()
    if name and text_problem(name, max_chars=80):
        raise AccountError(f"the display name {text_problem(name, max_chars=80)}")
    token = secrets.token_urlsafe(32)
    with store.write() as conn:
        if stored.account_by_email(conn, email):
            raise AccountError(f"there is already an account for {email}")
        stored.add_account(conn, email=email, display_name=name, role=role, password_hash=None,
                           disabled=False, setup_digest=digest(token),
                           setup_expires=now.timestamp() + SETUP_SECONDS, created_utc=utc(now))
    return token


def new_setup_link(store: Store, email: str, now: dt.datetime) -> str:
    """A fresh one-time token for an existing account (the old link stops working)."""
    token = secrets.token_urlsafe(32)
    with store.write() as conn:
        row = stored.account_by_email(conn, _checked_email(email))
        if not row:
            raise AccountError(f"no account for {email}")
        stored.update_account(conn, row["id"], setup_digest=digest(token),
                              setup_expires=now.timestamp() + SETUP_SECONDS)
    return token


def setup_account(store: Store, token: str, now: dt.datetime) -> Account | None:
    """The account a setup token opens, if it is genuine and not expired."""
    with store.read() as conn:
        row = stored.account_by_setup(conn, digest(token or ""))
    if not row or row["disabled"] or (row["setup_expires"] or 0) < now.timestamp():
        return None
    return Account.from_row(row)


def set_password(store: Store, email: str, password: str, *, token: str | None = None,
                 now: dt.datetime | None = None) -> Account:
    """Set the password (with ``token``: only if that setup link is still good); the setup
    link is used up and every open session of the account ends."""
    check_password(password)
    hashed = _hasher.hash(password)
    with store.write() as conn:
        row = stored.account_by_email(conn, _checked_email(email))
        if not row:
            raise AccountError(f"no account for {email}")
        if token is not None and (row["setup_digest"] != digest(token) or now is None
                                  or (row["setup_expires"] or 0) < now.timestamp()):
            raise AccountError("this link is used up or expired; ask an admin for a new one")
        stored.update_account(conn, row["id"], password_hash=hashed, setup_digest=None,
                              setup_expires=None)
        stored.drop_sessions_of(conn, row["id"])
        row["password_hash"] = hashed
    return Account.from_row(row)


def set_disabled(store: Store, email: str, disabled: bool = True) -> Account:
    """Disable (or enable) an account; a disabled one loses its sessions at once."""
    with store.write() as conn:
        row = stored.account_by_email(conn, _checked_email(email))
        if not row:
            raise AccountError(f"no account for {email}")
        stored.update_account(conn, row["id"], disabled=disabled)
        if disabled:
            stored.drop_sessions_of(conn, row["id"])
        row["disabled"] = disabled
    return Account.from_row(row)


def users(store: Store) -> list[Account]:
    with store.read() as conn:
        return [Account.from_row(row) for row in stored.all_accounts(conn)]


def _keys(email: str, client: str) -> tuple[str, str]:
    return f"account:{(email or '').strip().casefold()[:180]}", f"client:{client}"


def sign_in(store: Store, email: str, password: str, client: str, now: float) -> str:
    """Check the password (throttled per account and per client address); returns a new
    session token. Raises SignInRefused with the same words whatever was wrong."""
    account_key, client_key = _keys(email, client)
    with store.read() as conn:
        wait = max(stored.blocked_until(conn, account_key), stored.blocked_until(conn, client_key))
        row = stored.account_by_email(conn, email.strip()) if email and len(email) <= 320 else None
    if wait > now:
        minutes = max(1, round((wait - now) / 60))
        raise SignInRefused(f"Too many failed sign-ins. Try again in {minutes} minute(s).")
    good = _verify(row["password_hash"] if row else None, password) and not row["disabled"]
    token = secrets.token_urlsafe(32)
    with store.write() as conn:
        if good:
            stored.forget_failures(conn, account_key)
            stored.drop_idle_sessions(conn, now - IDLE_SECONDS, now - MAX_SESSION_SECONDS)
            stored.add_session(conn, digest(token), row["id"], now)
        else:
            stored.count_failure(conn, account_key, now, WINDOW, ACCOUNT_LIMIT, BLOCK)
            stored.count_failure(conn, client_key, now, WINDOW, CLIENT_LIMIT, BLOCK)
    if not good:
        raise SignInRefused(WRONG)
    return token


def _verify(hashed: str | None, password: str) -> bool:
    try:
        return _hasher.verify(hashed or _dummy_hash(), password[:MAX_PASSWORD]) and hashed is not None
    except (VerificationError, InvalidHashError):
        return False


def session(store: Store, token: str, now: float) -> Session | None:
    """The live session for a cookie value (None when unknown, idle, too old or disabled)."""
    if not token or len(token) > 100:
        return None
    key = digest(token)
    with store.read() as conn:
        row = stored.session_with_account(conn, key)
    if not row:
        return None
    if row["account_disabled"] or row["seen"] < now - IDLE_SECONDS \
            or row["created"] < now - MAX_SESSION_SECONDS:
        with store.write() as conn:
            stored.drop_session(conn, key)
        return None
    if now - row["seen"] > TOUCH_SECONDS:
        with store.write() as conn:
            stored.touch_session(conn, key, now)
    return Session(Account.from_row(row, "account_"), csrf_token(token))


def sign_out(store: Store, token: str) -> None:
    with store.write() as conn:
        stored.drop_session(conn, digest(token or ""))
