"""production baseline: the service's own branch (its tables arrive with their issues)

Revision ID: production_0001
Revises:
Create Date: 2026-11-27
"""

from collections.abc import Sequence

revision: str = "production_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("production",)
depends_on: str | Sequence[str] | None = "runtime_0001"


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
