"""The tables the runtime keeps in every service's own database.

They are created by the runtime's own Alembic branch (`orderflow.runtime:migrations`), which
every service's migration environment includes, so every database has the same shapes.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()
BIGID = BigInteger().with_variant(Integer, "sqlite")  # SQLite autoincrements INTEGER only

# Events waiting to be published; written in the same transaction as the state change.
outbox = Table(
    "outbox",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("event_type", String(120), nullable=False),
    Column("topic", String(200), nullable=False),
    Column("message_key", String(200), nullable=False, index=True),
    Column("value", LargeBinary, nullable=False),
    Column("headers", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=True, index=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text, nullable=True),
)

# One row per (consumer, event) whose effect is committed: the duplicate filter.
inbox = Table(
    "inbox",
    metadata,
    Column("consumer", String(120), primary_key=True),
    Column("event_id", String(36), primary_key=True),
    Column("event_type", String(120), nullable=False),
    Column("processed_at", DateTime(timezone=True), nullable=False),
)

# Messages a consumer gave up on (embedded bus; on Kafka they go to orderflow.<consumer>.dlq).
dead_letters = Table(
    "dead_letters",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("consumer", String(120), nullable=False, index=True),
    Column("topic", String(200), nullable=False),
    Column("message_key", String(200), nullable=True),
    Column("value", LargeBinary, nullable=False),
    Column("headers", JSON, nullable=False),
    Column("error", Text, nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
)

# Responses to POSTs that carried an Idempotency-Key, stored with the effect they created.
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("principal", String(200), nullable=False),
    Column("route", String(300), nullable=False),
    Column("key", String(200), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("status_code", Integer, nullable=True),
    Column("response_body", LargeBinary, nullable=True),
    Column("response_headers", JSON, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("principal", "route", "key", name="uq_idempotency_key"),
)

# Deadlines (acceptance windows, SLAs, round timeouts, capacity holds) that survive restarts.
scheduled_jobs = Table(
    "scheduled_jobs",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("kind", String(120), nullable=False),
    Column("key", String(200), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("kind", "key", name="uq_scheduled_job"),
)
