"""A lesson's own data (core.lessons.model.LessonData as JSON), beside its body; NULL for a lesson on the atlas.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lessons") as batch:
        batch.add_column(sa.Column("data", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lessons") as batch:
        batch.drop_column("data")
