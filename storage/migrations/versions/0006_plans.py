"""several plans in one database: nominations and subscriptions carry their plan, units their city's directory

Rows written before this revision belong to the one plan the bot then served: PLAN_ID if it was set, else the
default plan of that time, and units to that plan's directory.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""
import os
from pathlib import Path

import sqlalchemy as sa
import yaml
from alembic import op

from knowledge.loader import PLANS_DIR

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

EARLIER_DEFAULT = 'hanoi-2024-70-nam-giai-phong-thu-do'  # what PLAN_ID defaulted to before this revision
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}  # SQLite's unnamed constraints, as batch mode names them


def _earlier_plan() -> tuple[str, str]:
    plan_id = os.environ.get("PLAN_ID") or EARLIER_DEFAULT
    plans = Path(os.environ.get("PLANS_DIR") or PLANS_DIR)  # as the earlier versions read PLAN_ID and PLANS_DIR
    data = yaml.safe_load((plans / f"{plan_id}.yaml").read_text(encoding="utf-8"))
    return plan_id, data["units"]


def _unnamed_unique(table: str, columns: list[str]) -> str:
    """The name the database gave an unnamed UNIQUE constraint of revisions 0001 and 0002."""
    if op.get_bind().dialect.name == "postgresql":
        return f"{table}_{'_'.join(columns)}_key"
    return f"uq_{table}_{columns[0]}"


def upgrade() -> None:
    plan_id, directory = _earlier_plan()
    with op.batch_alter_table('units', naming_convention=NAMING) as batch:
        batch.add_column(sa.Column('directory', sa.String(length=40), nullable=False, server_default=directory))
        batch.drop_constraint(_unnamed_unique('units', ['name']), type_='unique')
        batch.create_unique_constraint('uq_units_directory_name', ['directory', 'name'])
    with op.batch_alter_table('nominations') as batch:
        batch.add_column(sa.Column('plan_id', sa.String(length=120), nullable=False, server_default=plan_id))
        batch.create_index('ix_nominations_plan_id', ['plan_id'], unique=False)
    with op.batch_alter_table('subscriptions', naming_convention=NAMING) as batch:
        batch.add_column(sa.Column('plan_id', sa.String(length=120), nullable=False, server_default=plan_id))
        batch.drop_constraint(_unnamed_unique('subscriptions', ['platform', 'chat_id']), type_='unique')
        batch.create_unique_constraint('uq_subscriptions_platform_chat_plan', ['platform', 'chat_id', 'plan_id'])


def downgrade() -> None:
    with op.batch_alter_table('subscriptions') as batch:
        batch.drop_constraint('uq_subscriptions_platform_chat_plan', type_='unique')
        batch.create_unique_constraint('uq_subscriptions_platform', ['platform', 'chat_id'])
        batch.drop_column('plan_id')
    with op.batch_alter_table('nominations') as batch:
        batch.drop_index('ix_nominations_plan_id')
        batch.drop_column('plan_id')
    with op.batch_alter_table('units') as batch:
        batch.drop_constraint('uq_units_directory_name', type_='unique')
        batch.create_unique_constraint('uq_units_name', ['name'])
        batch.drop_column('directory')
