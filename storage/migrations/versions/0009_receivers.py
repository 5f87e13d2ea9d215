"""receivers of bodies, invited by the same one-time codes as officers of units; the review of nominations

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('invitations') as batch:
        batch.alter_column('unit_id', existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column('body', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
    op.create_table('receivers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('invited_by', sa.Integer(), nullable=False),
    sa.Column('since', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['invited_by'], ['users.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'body')
    )
    op.create_index(op.f('ix_receivers_user_id'), 'receivers', ['user_id'], unique=False)
    with op.batch_alter_table('nominations') as batch:
        batch.add_column(sa.Column('body', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch.add_column(sa.Column('review', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
        batch.add_column(sa.Column('review_note', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True))
    op.create_index(op.f('ix_nominations_body'), 'nominations', ['body'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_nominations_body'), table_name='nominations')
    with op.batch_alter_table('nominations') as batch:
        for column in ('review_note', 'review', 'body'):
            batch.drop_column(column)
    op.drop_index(op.f('ix_receivers_user_id'), table_name='receivers')
    op.drop_table('receivers')
    with op.batch_alter_table('invitations') as batch:
        batch.drop_column('body')
        batch.alter_column('unit_id', existing_type=sa.Integer(), nullable=False)
