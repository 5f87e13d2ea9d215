"""notices in the delivery ledger: a row with its own address and text, without a subscription

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deliveries') as batch:
        batch.alter_column('subscription_id', existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
        batch.add_column(sa.Column('chat_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch.add_column(sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch.create_unique_constraint('uq_deliveries_notice', ['platform', 'chat_id', 'key'])


def downgrade() -> None:
    op.execute("DELETE FROM deliveries WHERE subscription_id IS NULL")
    with op.batch_alter_table('deliveries') as batch:
        batch.drop_constraint('uq_deliveries_notice', type_='unique')
        for column in ('text', 'chat_id', 'platform'):
            batch.drop_column(column)
        batch.alter_column('subscription_id', existing_type=sa.Integer(), nullable=False)
