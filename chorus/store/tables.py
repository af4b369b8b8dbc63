"""The store's schema: every table in one place (SQLAlchemy Core).

Times are ISO 8601 text. ``*_utc`` columns hold UTC as ``YYYY-MM-DDTHH:MM:SS``
so they sort and compare as text on every backend; ``submitted_at`` keeps the
time exactly as the submission gave it. Change the schema only with a new
Alembic migration in ``chorus/store/migrations/versions``.
"""

from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, Float, ForeignKey, Index, Integer, LargeBinary,
                        MetaData, String, Table, Text, UniqueConstraint)

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

submissions = Table(
    "submissions", metadata,
    Column("id", String(17), primary_key=True),               # the receipt, 20261122-3f9a1c2b
    Column("state", String(20), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("version", Integer, nullable=False, default=1),   # bumped by every change (compare-and-set)
    Column("submitted_at", String(40), nullable=False),
    Column("submitted_utc", String(19), nullable=False),
    Column("updated_utc", String(19), nullable=False),
    Column("final_utc", String(19)),                          # when it was rejected or withdrawn
    Column("erased_utc", String(19)),                         # when personal data was erased
    Column("fields", JSON, nullable=False),                   # the submission as Submission.to_json()
    Column("versions", JSON, nullable=False, default=list),   # earlier versions (resubmissions)
    Column("fingerprint", String(64), nullable=False),
    Column("flags", JSON, nullable=False, default=list),
    Column("has_photo", Boolean, nullable=False, default=False),
    Column("published", JSON),                                # what the approval wrote into content/
    Column("intake", JSON),                                   # channel data (form, ingest file and row)
    Column("email_key", String(320), nullable=False),         # casefolded email: the advocate
    Column("prompt", String(40), nullable=False, default=""),
    Column("search_text", Text, nullable=False, default=""),  # title and body, for text search
    # For the desk's insights (migration 0004_insights): kept from the record on every write.
    Column("channel", String(20), nullable=False, default=""),  # form, ingest, or "" (direct)
    Column("rating", Integer),                                # a testimonial's 1-5 rating
    Column("recommend", Integer),                             # 0-10 "would recommend us" (private)
    Column("decision", String(30)),                           # the first decision's action
    Column("decided_utc", String(19)),                        # when it was first decided
)
Index("ix_submissions_state_age", submissions.c.state, submissions.c.submitted_utc, submissions.c.id)
Index("ix_submissions_prompt_age", submissions.c.prompt, submissions.c.submitted_utc)
Index("ix_submissions_advocate_age", submissions.c.email_key, submissions.c.submitted_utc)
Index("ix_submissions_received", submissions.c.submitted_utc, submissions.c.kind,
      submissions.c.channel, submissions.c.state, submissions.c.rating, submissions.c.email_key,
      submissions.c.recommend)
Index("ix_submissions_decided", submissions.c.decided_utc, submissions.c.decision,
      submissions.c.submitted_utc)
Index("ix_submissions_prompt_answers", submissions.c.prompt, submissions.c.state,
      submissions.c.email_key, submissions.c.recommend)
Index("ix_submissions_fingerprint", submissions.c.fingerprint)
Index("ix_submissions_final", submissions.c.final_utc)

photos = Table(
    "photos", metadata,
    Column("submission_id", String(17), ForeignKey("submissions.id", ondelete="CASCADE"),
           primary_key=True),
    Column("data", LargeBinary, nullable=False),
)

history = Table(
    "history", metadata,                                      # append-only
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("submission_id", String(17), ForeignKey("submissions.id", ondelete="CASCADE"),
           nullable=False),
    Column("seq", Integer, nullable=False),
    Column("action", String(30), nullable=False),
    Column("by", String(200), nullable=False),
    Column("at", String(40), nullable=False),
    Column("from_state", String(20)),
    Column("to_state", String(20), nullable=False),
    Column("why", Text, nullable=False, default=""),
    UniqueConstraint("submission_id", "seq"),
)

keys = Table(
    "keys", metadata,                                         # idempotency keys, status-link digests
    Column("key", String(64), primary_key=True),
    Column("submission_id", String(17), ForeignKey("submissions.id", ondelete="CASCADE"),
           nullable=False),
)
Index("ix_keys_submission", keys.c.submission_id)

advocates = Table(
    "advocates", metadata,                                    # the private map: email -> slug
    Column("email_key", String(320), primary_key=True),
    Column("slug", String(120), nullable=False),
)
Index("ix_advocates_slug", advocates.c.slug)

outbox = Table(
    "outbox", metadata,                                       # messages for advocates, until sent
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(120), nullable=False),            # as the file would be called
    Column("submission_id", String(17), ForeignKey("submissions.id", ondelete="SET NULL")),
    Column("recipient", String(320), nullable=False),
    Column("created_utc", String(19), nullable=False),
    Column("message", LargeBinary, nullable=False),
)
Index("ix_outbox_submission", outbox.c.submission_id)

leases = Table(
    "leases", metadata,                                       # one holder at a time (content/ writes)
    Column("name", String(40), primary_key=True),
    Column("holder", String(100)),                            # host:pid:random
    Column("until", Float, nullable=False),                   # epoch seconds; expired leases are free
)

rate_buckets = Table(
    "rate_buckets", metadata,                                 # token buckets shared by instances
    Column("key", String(100), primary_key=True),
    Column("tokens", Float, nullable=False),
    Column("updated", Float, nullable=False),                 # epoch seconds
)
Index("ix_rate_buckets_updated", rate_buckets.c.updated)

invitations = Table(
    "invitations", metadata,                                  # promoters asked for a story (0004_insights)
    Column("email_key", String(320), primary_key=True),       # casefolded: the advocate, asked once
    Column("submission_id", String(17), ForeignKey("submissions.id", ondelete="SET NULL")),
    Column("by", String(200), nullable=False),
    Column("created_utc", String(19), nullable=False),
)
