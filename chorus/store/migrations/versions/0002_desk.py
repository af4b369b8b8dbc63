"""the moderation desk: accounts, sessions, login throttle, saved replies

Revision ID: 0002_desk
Revises: 0001
Create Date: 2026-11-30

Sessions and one-time setup links are stored as sha256 digests only.
"""
from alembic import op
import sqlalchemy as sa


revision = '0002_desk'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('accounts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('display_name', sa.String(length=80), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('setup_digest', sa.String(length=64), nullable=True),
    sa.Column('setup_expires', sa.Float(), nullable=True),
    sa.Column('created_utc', sa.String(length=19), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
    sa.UniqueConstraint('email', name=op.f('uq_accounts_email'))
    )
    op.create_table('desk_sessions',
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('created', sa.Float(), nullable=False),
    sa.Column('seen', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_desk_sessions_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('digest', name=op.f('pk_desk_sessions'))
    )
    with op.batch_alter_table('desk_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_desk_sessions_account_id', ['account_id'], unique=False)
    op.create_table('login_throttle',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_start', sa.Float(), nullable=False),
    sa.Column('blocked_until', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttle'))
    )
    op.create_table('saved_replies',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=80), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_by', sa.String(length=320), nullable=False),
    sa.Column('updated_utc', sa.String(length=19), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_replies'))
    )


def downgrade() -> None:
    op.drop_table('saved_replies')
    op.drop_table('login_throttle')
    with op.batch_alter_table('desk_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_desk_sessions_account_id')
    op.drop_table('desk_sessions')
    op.drop_table('accounts')
