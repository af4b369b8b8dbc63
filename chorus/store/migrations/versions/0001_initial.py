"""the hub store: submissions, history, keys, advocates, outbox, rate buckets

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-30

Text search: an FTS5 table on SQLite (kept by chorus.store.search), a GIN index
over to_tsvector('simple', search_text) on PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('advocates',
    sa.Column('email_key', sa.String(length=320), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('email_key', name=op.f('pk_advocates'))
    )
    with op.batch_alter_table('advocates', schema=None) as batch_op:
        batch_op.create_index('ix_advocates_slug', ['slug'], unique=False)

    op.create_table('leases',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('holder', sa.String(length=100), nullable=True),
    sa.Column('until', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_leases'))
    )
    op.create_table('rate_buckets',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('tokens', sa.Float(), nullable=False),
    sa.Column('updated', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_buckets'))
    )
    with op.batch_alter_table('rate_buckets', schema=None) as batch_op:
        batch_op.create_index('ix_rate_buckets_updated', ['updated'], unique=False)

    op.create_table('submissions',
    sa.Column('id', sa.String(length=17), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.String(length=40), nullable=False),
    sa.Column('submitted_utc', sa.String(length=19), nullable=False),
    sa.Column('updated_utc', sa.String(length=19), nullable=False),
    sa.Column('final_utc', sa.String(length=19), nullable=True),
    sa.Column('erased_utc', sa.String(length=19), nullable=True),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('has_photo', sa.Boolean(), nullable=False),
    sa.Column('published', sa.JSON(), nullable=True),
    sa.Column('intake', sa.JSON(), nullable=True),
    sa.Column('email_key', sa.String(length=320), nullable=False),
    sa.Column('prompt', sa.String(length=40), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submissions'))
    )
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.create_index('ix_submissions_advocate', ['email_key'], unique=False)
        batch_op.create_index('ix_submissions_final', ['final_utc'], unique=False)
        batch_op.create_index('ix_submissions_fingerprint', ['fingerprint'], unique=False)
        batch_op.create_index('ix_submissions_prompt_age', ['prompt', 'submitted_utc'], unique=False)
        batch_op.create_index('ix_submissions_state_age', ['state', 'submitted_utc', 'id'], unique=False)

    op.create_table('history',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('submission_id', sa.String(length=17), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('by', sa.String(length=200), nullable=False),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.Column('from_state', sa.String(length=20), nullable=True),
    sa.Column('to_state', sa.String(length=20), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_history_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_history')),
    sa.UniqueConstraint('submission_id', 'seq', name=op.f('uq_history_submission_id_seq'))
    )
    op.create_table('keys',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('submission_id', sa.String(length=17), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_keys_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_keys'))
    )
    with op.batch_alter_table('keys', schema=None) as batch_op:
        batch_op.create_index('ix_keys_submission', ['submission_id'], unique=False)

    op.create_table('outbox',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('submission_id', sa.String(length=17), nullable=True),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('created_utc', sa.String(length=19), nullable=False),
    sa.Column('message', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_outbox_submission_id_submissions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_submission', ['submission_id'], unique=False)

    op.create_table('photos',
    sa.Column('submission_id', sa.String(length=17), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_photos_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('submission_id', name=op.f('pk_photos'))
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE submissions_fts USING fts5("
                   "receipt UNINDEXED, search_text, tokenize='unicode61 remove_diacritics 2')")
    else:
        op.execute("CREATE INDEX ix_submissions_search ON submissions "
                   "USING gin (to_tsvector('simple', search_text))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE submissions_fts")
    else:
        op.execute("DROP INDEX ix_submissions_search")
    op.drop_table('photos')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_submission')

    op.drop_table('outbox')
    with op.batch_alter_table('keys', schema=None) as batch_op:
        batch_op.drop_index('ix_keys_submission')

    op.drop_table('keys')
    op.drop_table('history')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_index('ix_submissions_state_age')
        batch_op.drop_index('ix_submissions_prompt_age')
        batch_op.drop_index('ix_submissions_fingerprint')
        batch_op.drop_index('ix_submissions_final')
        batch_op.drop_index('ix_submissions_advocate')

    op.drop_table('submissions')
    with op.batch_alter_table('rate_buckets', schema=None) as batch_op:
        batch_op.drop_index('ix_rate_buckets_updated')

    op.drop_table('rate_buckets')
    op.drop_table('leases')
    with op.batch_alter_table('advocates', schema=None) as batch_op:
        batch_op.drop_index('ix_advocates_slug')

    op.drop_table('advocates')
