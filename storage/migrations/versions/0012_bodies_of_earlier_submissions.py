"""the receiving body of submissions made before 0009, decided from the plan's data as a submission decides it

A submission records its body since 0009; earlier ones have none, so no receiver's inbox shows them. The body is a
function of the plan's data, the nomination's award kind and movement and its unit's name
(handlers/nomination/destination.py), the same the documents and the review screen use: it is set from them.
Nominations whose plan is no longer found (PLANS_DIR, or the packaged plans), or whose answers do not decide it,
keep none.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28
"""
import os
from pathlib import Path

from alembic import op
import sqlalchemy as sa

from documents import DocumentsError
from handlers.nomination.destination import destination
from knowledge.loader import PLANS_DIR, KnowledgeError, load_plan
from knowledge.schema import Plan
from storage.models import Status


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

NOMINATIONS = sa.table('nominations', sa.column('id', sa.Integer), sa.column('plan_id', sa.String),
                       sa.column('unit_id', sa.Integer), sa.column('status', sa.String),
                       sa.column('answers', sa.JSON), sa.column('body', sa.String))
UNITS = sa.table('units', sa.column('id', sa.Integer), sa.column('name', sa.String))


def _plan(plan_id: str) -> Plan | None:
    for folder in filter(None, (os.environ.get("PLANS_DIR"), str(PLANS_DIR))):
        try:
            return load_plan(plan_id, Path(folder))[0]
        except KnowledgeError:
            continue
    return None


def _body(plan: Plan | None, answers: dict, unit_name: str) -> str | None:
    if plan is None:
        return None
    try:
        to = destination(plan, answers, unit_name)
    except DocumentsError:  # an award kind the plan no longer has
        return None
    return to.body if to else None


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(NOMINATIONS.c.id, NOMINATIONS.c.plan_id, NOMINATIONS.c.answers, UNITS.c.name)
                        .select_from(NOMINATIONS.outerjoin(UNITS, UNITS.c.id == NOMINATIONS.c.unit_id))
                        .where(NOMINATIONS.c.body.is_(None), NOMINATIONS.c.status == Status.SUBMITTED.value)).all()
    plans: dict[str, Plan | None] = {}
    for nomination, plan_id, answers, unit_name in rows:
        if plan_id not in plans:
            plans[plan_id] = _plan(plan_id)
        body = _body(plans[plan_id], answers or {}, unit_name or "")
        if body is not None:
            bind.execute(NOMINATIONS.update().where(NOMINATIONS.c.id == nomination).values(body=body))


def downgrade() -> None:
    """Nothing: 0009's downgrade drops the column; until then a body set here is as right as a recorded one."""
