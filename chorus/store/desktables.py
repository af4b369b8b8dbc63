"""The desk's tables (migration 0002_desk): accounts, sessions, login throttle, saved replies.

Kept beside ``tables.py`` on the same MetaData so the store's schema stays one
object; sessions and setup links are stored as sha256 digests, never as given.
"""

from __future__ import annotations

from sqlalchemy import (Boolean, Column, Float, ForeignKey, Index, Integer, String, Table, Text,
                        UniqueConstraint)

from chorus.store.tables import metadata

accounts = Table(
    "accounts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("email", String(320), nullable=False),             # casefolded
    Column("display_name", String(80), nullable=False),       # recorded as the moderator
    Column("role", String(20), nullable=False),               # moderator | admin
    Column("password_hash", String(200)),                     # argon2id; None until set
    Column("disabled", Boolean, nullable=False, default=False),
    Column("setup_digest", String(64)),                       # one-time password link, hashed
    Column("setup_expires", Float),                           # epoch seconds
    Column("created_utc", String(19), nullable=False),
    UniqueConstraint("email"),
)

desk_sessions = Table(
    "desk_sessions", metadata,
    Column("digest", String(64), primary_key=True),           # sha256 of the cookie's value
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("created", Float, nullable=False),                 # epoch seconds
    Column("seen", Float, nullable=False),                    # last request, for idle expiry
)
Index("ix_desk_sessions_account_id", desk_sessions.c.account_id)

login_throttle = Table(
    "login_throttle", metadata,                               # failed sign-ins per account and per client
    Column("key", String(200), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("window_start", Float, nullable=False),
    Column("blocked_until", Float, nullable=False),
)

saved_replies = Table(
    "saved_replies", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", String(30), nullable=False),             # reject | request-changes | withdraw
    Column("title", String(80), nullable=False),
    Column("text", Text, nullable=False),
    Column("updated_by", String(320), nullable=False),
    Column("updated_utc", String(19), nullable=False),
)
