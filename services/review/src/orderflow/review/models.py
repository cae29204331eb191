"""Review's tables: rounds, held checks, rule versions, and what it learns from intake."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

metadata = MetaData()
BIGID = BigInteger().with_variant(Integer, "sqlite")  # SQLite autoincrements INTEGER only

# One row per assessment round; `state` is the domain round, the columns are for queries.
rounds = Table(
    "review_rounds",
    metadata,
    Column("seq", BIGID, primary_key=True, autoincrement=True),
    Column("round_id", String(36), nullable=False, unique=True),
    Column("order_id", String(36), nullable=False, index=True),
    Column("customer_id", String(36), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("deadline", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("state", JSON, nullable=False),
)

# Checks waiting for a person of their department: what a reviewer's list shows.
held_checks = Table(
    "review_held_checks",
    metadata,
    Column("round_id", String(36), primary_key=True),
    Column("department", String(30), primary_key=True),
    Column("order_id", String(36), nullable=False),
    Column("held_since", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Index("ix_review_held_checks_department", "department", "held_since"),
)

# Every change of a rule record; `seq` is the rules version a round records.
rule_changes = Table(
    "review_rule_changes",
    metadata,
    Column("seq", BIGID, primary_key=True, autoincrement=True),
    Column("kind", String(40), nullable=False),
    Column("rule_key", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("data", JSON, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("changed_by", String(200), nullable=False),
    UniqueConstraint("kind", "rule_key", "version", name="uq_review_rule_changes_version"),
    Index("ix_review_rule_changes_key", "kind", "rule_key", "seq"),
)

# Customer qualification facts from intake's customer events (no contact data).
customers = Table(
    "review_customers",
    metadata,
    Column("customer_id", String(36), primary_key=True),
    Column("facts", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# The latest order content seen, for rounds whose trigger does not carry it (cancellations).
orders = Table(
    "review_orders",
    metadata,
    Column("order_id", String(36), primary_key=True),
    Column("order_version", Integer, nullable=False),
    Column("snapshot", JSON, nullable=False),
)
