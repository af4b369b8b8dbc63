"""the desk's insights: channel, rating, recommendation and first decision on each submission,
the invitations sent to promoters, and their indexes

Revision ID: 0004_insights
Revises: 0003_publishes
Create Date: 2026-12-01

The new columns are filled from what the store already holds: the channel from
the record's intake data, the rating and recommendation from its fields, the first decision from its
history (approve, reject or request-changes, at that line's time in UTC).
"""
import datetime as dt

from alembic import op
import sqlalchemy as sa


revision = '0004_insights'
down_revision = '0003_publishes'
branch_labels = None
depends_on = None

DECISIONS = ("approve", "reject", "request-changes")
_submissions = sa.table("submissions", sa.column("id", sa.String), sa.column("intake", sa.JSON),
                        sa.column("fields", sa.JSON), sa.column("channel", sa.String),
                        sa.column("rating", sa.Integer), sa.column("recommend", sa.Integer),
                        sa.column("decision", sa.String),
                        sa.column("decided_utc", sa.String))
_history = sa.table("history", sa.column("submission_id", sa.String), sa.column("seq", sa.Integer),
                    sa.column("action", sa.String), sa.column("at", sa.String))


def upgrade() -> None:
    # Plain ALTER TABLE, never a batch (copy and drop) of submissions: with SQLite's
    # foreign keys on, dropping the old table would cascade to history, photos and keys.
    op.add_column('submissions', sa.Column('channel', sa.String(length=20), nullable=False,
                                           server_default=''))
    op.add_column('submissions', sa.Column('rating', sa.Integer(), nullable=True))
    op.add_column('submissions', sa.Column('recommend', sa.Integer(), nullable=True))
    op.add_column('submissions', sa.Column('decision', sa.String(length=30), nullable=True))
    op.add_column('submissions', sa.Column('decided_utc', sa.String(length=19), nullable=True))
    op.drop_index('ix_submissions_advocate', table_name='submissions')
    op.create_index('ix_submissions_advocate_age', 'submissions', ['email_key', 'submitted_utc'])
    op.create_index('ix_submissions_received', 'submissions',
                    ['submitted_utc', 'kind', 'channel', 'state', 'rating', 'email_key',
                     'recommend'])
    op.create_index('ix_submissions_decided', 'submissions',
                    ['decided_utc', 'decision', 'submitted_utc'])
    op.create_index('ix_submissions_prompt_answers', 'submissions',
                    ['prompt', 'state', 'email_key', 'recommend'])
    op.create_table('invitations',
    sa.Column('email_key', sa.String(length=320), nullable=False),
    sa.Column('submission_id', sa.String(length=17), nullable=True),
    sa.Column('by', sa.String(length=200), nullable=False),
    sa.Column('created_utc', sa.String(length=19), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'],
                            name=op.f('fk_invitations_submission_id_submissions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('email_key', name=op.f('pk_invitations'))
    )
    _backfill(op.get_bind())


def _score(fields, key: str):
    score = (fields or {}).get(key)
    return score if isinstance(score, int) and not isinstance(score, bool) else None


def _utc(stamp: str) -> str:
    when = dt.datetime.fromisoformat(stamp)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def _backfill(conn) -> None:
    for row in conn.execute(sa.select(_submissions.c.id, _submissions.c.intake,
                                      _submissions.c.fields)).all():
        conn.execute(_submissions.update().where(_submissions.c.id == row.id).values(
            channel=str((row.intake or {}).get("channel") or "")[:20],
            rating=_score(row.fields, "rating"), recommend=_score(row.fields, "recommend")))
    first: dict[str, tuple[str, str]] = {}
    for line in conn.execute(sa.select(_history.c.submission_id, _history.c.action, _history.c.at)
                             .where(_history.c.action.in_(DECISIONS))
                             .order_by(_history.c.submission_id, _history.c.seq)):
        first.setdefault(line.submission_id, (line.action, _utc(line.at)))
    for receipt, (action, when) in first.items():
        conn.execute(_submissions.update().where(_submissions.c.id == receipt).values(
            decision=action, decided_utc=when))


def downgrade() -> None:
    for name in ('ix_submissions_prompt_answers', 'ix_submissions_decided', 'ix_submissions_received',
                 'ix_submissions_advocate_age'):
        op.drop_index(name, table_name='submissions')
    op.create_index('ix_submissions_advocate', 'submissions', ['email_key'])
    op.drop_table('invitations')
    for column in ('decided_utc', 'decision', 'recommend', 'rating', 'channel'):   # SQLite 3.35+ drops in place
        op.execute(f'ALTER TABLE submissions DROP COLUMN {column}')
