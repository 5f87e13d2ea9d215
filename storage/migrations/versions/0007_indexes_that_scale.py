"""indexes for the paths that walked whole tables: the ledger's claim (only the pending rows, in the
order of their id, where (status, due_at) made it walk past the rows sent or sort every pending one) and its
release of stale claims, a unit's quota, the state
cache's fill and the export's order; the nominations' indexes on plan_id and unit_id alone are the new ones'
first columns

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

PENDING, CLAIMED = sa.text("status = 'pending'"), sa.text("status = 'claimed'")


def upgrade() -> None:
    op.drop_index('ix_deliveries_status_due_at', table_name='deliveries')
    op.create_index('ix_deliveries_pending', 'deliveries', ['id'], sqlite_where=PENDING, postgresql_where=PENDING)
    op.create_index('ix_deliveries_claimed', 'deliveries', ['claimed_at'], sqlite_where=CLAIMED,
                    postgresql_where=CLAIMED)
    op.create_index('ix_nominations_quota', 'nominations',
                    ['unit_id', 'plan_id', 'status', 'award_kind', 'nominee_kind'])
    op.create_index('ix_nominations_submitted', 'nominations', ['plan_id', 'status', 'submitted_at', 'id'])
    op.create_index('ix_conversation_states_updated_at', 'conversation_states', ['updated_at'])
    op.drop_index('ix_nominations_unit_id', table_name='nominations')
    op.drop_index('ix_nominations_plan_id', table_name='nominations')


def downgrade() -> None:
    op.create_index('ix_nominations_plan_id', 'nominations', ['plan_id'])
    op.create_index('ix_nominations_unit_id', 'nominations', ['unit_id'])
    op.drop_index('ix_conversation_states_updated_at', table_name='conversation_states')
    op.drop_index('ix_nominations_submitted', table_name='nominations')
    op.drop_index('ix_nominations_quota', table_name='nominations')
    op.drop_index('ix_deliveries_claimed', table_name='deliveries')
    op.drop_index('ix_deliveries_pending', table_name='deliveries')
    op.create_index('ix_deliveries_status_due_at', 'deliveries', ['status', 'due_at'])
