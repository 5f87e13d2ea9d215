"""files given by signed links where the platform cannot upload them (Zalo), until they expire

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('linked_files',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('chat_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_index('ix_linked_files_holder', 'linked_files', ['platform', 'chat_id'], unique=False)
    op.create_index(op.f('ix_linked_files_expires_at'), 'linked_files', ['expires_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_linked_files_expires_at'), table_name='linked_files')
    op.drop_index('ix_linked_files_holder', table_name='linked_files')
    op.drop_table('linked_files')
