"""runtime tables: outbox, inbox, dead letters, idempotency keys

Revision ID: runtime_0001
Revises:
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "runtime_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("runtime",)
depends_on: str | Sequence[str] | None = None

BIGID = sa.BigInteger().with_variant(sa.Integer, "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", BIGID, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("event_type", sa.String(120), nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("message_key", sa.String(200), nullable=False),
        sa.Column("value", sa.LargeBinary, nullable=False),
        sa.Column("headers", sa.JSON, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("sent_at", TS, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text, nullable=True),
    )
    op.create_index("ix_outbox_message_key", "outbox", ["message_key"])
    op.create_index("ix_outbox_sent_at", "outbox", ["sent_at"])
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(120), primary_key=True),
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("event_type", sa.String(120), nullable=False),
        sa.Column("processed_at", TS, nullable=False),
    )
    op.create_table(
        "dead_letters",
        sa.Column("id", BIGID, primary_key=True, autoincrement=True),
        sa.Column("consumer", sa.String(120), nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("message_key", sa.String(200), nullable=True),
        sa.Column("value", sa.LargeBinary, nullable=False),
        sa.Column("headers", sa.JSON, nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("failed_at", TS, nullable=False),
    )
    op.create_index("ix_dead_letters_consumer", "dead_letters", ["consumer"])
    op.create_table(
        "idempotency_keys",
        sa.Column("id", BIGID, primary_key=True, autoincrement=True),
        sa.Column("principal", sa.String(200), nullable=False),
        sa.Column("route", sa.String(300), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=True),
        sa.Column("response_body", sa.LargeBinary, nullable=True),
        sa.Column("response_headers", sa.JSON, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("principal", "route", "key", name="uq_idempotency_key"),
    )


def downgrade() -> None:
    for table in ("idempotency_keys", "dead_letters", "inbox", "outbox"):
        op.drop_table(table)
