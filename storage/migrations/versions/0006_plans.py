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
    """The plan and directory earlier rows belong to, as the earlier versions read PLAN_ID and PLANS_DIR. A plans
    folder without that plan (a new deployment serving only its own plans) falls back to the packaged one; with the
    plan nowhere, no earlier row can be of it, and the defaults only shape the columns."""
    plan_id = os.environ.get("PLAN_ID") or EARLIER_DEFAULT
    for folder in (os.environ.get("PLANS_DIR"), PLANS_DIR):
        path = Path(folder) / f"{plan_id}.yaml" if folder else None
        if path and path.is_file():
            return plan_id, yaml.safe_load(path.read_text(encoding="utf-8"))["units"]
    return plan_id, ""


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
