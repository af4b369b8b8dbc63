"""The publisher's table (migration 0003_publishes): one row per decision that changes the site.

Kept beside ``tables.py`` on the same MetaData. A row is queued in the decision's own
transaction and moves queued -> building -> live, or -> failed (retried later).
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, String, Table, Text

from chorus.store.tables import metadata

publishes = Table(
    "publishes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("reason", String(30), nullable=False),             # approve, withdraw, ...
    Column("receipt", String(17)),                            # the decision's submission, if any
    Column("by", String(200), nullable=False, default=""),    # the moderator (content history)
    Column("requested_utc", String(19), nullable=False),
    Column("state", String(10), nullable=False),              # queued | building | live | failed
    Column("worker", String(100)),                            # host:pid:random of the builder
    Column("started_utc", String(19)),
    Column("finished_utc", String(19)),
    Column("seconds", Float),                                 # request to live, or to failure
    Column("attempts", Integer, nullable=False, default=0),
    Column("retry_utc", String(19)),                          # a failed request is retried from then
    Column("problem", Text, nullable=False, default=""),      # the build's problem report
)
Index("ix_publishes_state", publishes.c.state, publishes.c.id)
Index("ix_publishes_receipt", publishes.c.receipt, publishes.c.id)
