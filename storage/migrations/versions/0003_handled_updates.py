"""updates already applied, so that a redelivery changes nothing

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('handled_updates',
    sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('update_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('platform', 'update_id')
    )
    op.create_index(op.f('ix_handled_updates_at'), 'handled_updates', ['at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_handled_updates_at'), table_name='handled_updates')
    op.drop_table('handled_updates')
