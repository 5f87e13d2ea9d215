"""a chat state's version: a core's cached copy is checked against it where several processes share the database

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('conversation_states') as batch:
        batch.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('conversation_states') as batch:
        batch.drop_column('version')
