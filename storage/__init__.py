"""Persistence: SQLModel models, repositories, a unit of work and Alembic migrations."""
