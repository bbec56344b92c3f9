"""Running a lesson: where the class is (runs) and what pupils answered (answers, one per question per device).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("lesson_id", sa.Integer, sa.ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("chapter_index", sa.Integer, nullable=False, server_default="0"),
        sa.Column("mode", sa.String(8), nullable=False, server_default="follow"),
        sa.Column("revealed", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("started_at", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
    )
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("lesson_id", sa.Integer, sa.ForeignKey("lessons.id", ondelete="CASCADE"), nullable=False),
        sa.Column("chapter_index", sa.Integer, nullable=False),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("nickname", sa.String(40), nullable=False, server_default=""),
        sa.Column("value", sa.String(400), nullable=False),
        sa.Column("answered_at", sa.Float, nullable=False),
        sa.UniqueConstraint("lesson_id", "chapter_index", "device_id", name="one_answer_per_device"),
    )
    op.create_index("answers_by_time", "answers", ["answered_at"])


def downgrade() -> None:
    op.drop_index("answers_by_time", "answers")
    op.drop_table("answers")
    op.drop_table("runs")
