"""the publisher's queue: one row per decision that changes the public site

Revision ID: 0003_publishes
Revises: 0002_desk
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_publishes'
down_revision = '0002_desk'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('publishes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('receipt', sa.String(length=17), nullable=True),
    sa.Column('by', sa.String(length=200), nullable=False),
    sa.Column('requested_utc', sa.String(length=19), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('worker', sa.String(length=100), nullable=True),
    sa.Column('started_utc', sa.String(length=19), nullable=True),
    sa.Column('finished_utc', sa.String(length=19), nullable=True),
    sa.Column('seconds', sa.Float(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('retry_utc', sa.String(length=19), nullable=True),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publishes'))
    )
    with op.batch_alter_table('publishes', schema=None) as batch_op:
        batch_op.create_index('ix_publishes_state', ['state', 'id'], unique=False)
        batch_op.create_index('ix_publishes_receipt', ['receipt', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('publishes', schema=None) as batch_op:
        batch_op.drop_index('ix_publishes_receipt')
        batch_op.drop_index('ix_publishes_state')
    op.drop_table('publishes')
