"""Aftersales' own tables: order replica, acceptances, claims, tickets, follow-ups, surveys."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()


# Timezone-aware everywhere; SQLite hands them back naive (the repository adds UTC).
UtcDateTime = DateTime(timezone=True)


def _id(name: str = "id") -> Column[str]:
    return Column(name, String(36), primary_key=True)


# The order as aftersales needs it for acceptance: lines, specs, contract period.
orders = Table(
    "orders",
    metadata,
    _id("order_id"),
    Column("customer_id", String(36), nullable=False, index=True),
    Column("lines", JSON, nullable=False),
    Column("custom_spec", Text, nullable=True),
    Column("site_services", JSON, nullable=False),
    Column("acceptance_period_days", Integer, nullable=True),
    Column("delivered_at", UtcDateTime, nullable=True),
)

# A customer's agreed inspection period, overriding the company default.
acceptance_terms = Table(
    "acceptance_terms",
    metadata,
    Column("customer_id", String(36), primary_key=True),
    Column("period_days", Integer, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

acceptances = Table(
    "acceptances",
    metadata,
    _id(),
    Column("order_id", String(36), nullable=False, unique=True),
    Column("customer_id", String(36), nullable=False, index=True),
    Column("status", String(30), nullable=False, index=True),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("deadline", UtcDateTime, nullable=False),
    Column("checklist", JSON, nullable=False),
    Column("concluded_at", UtcDateTime, nullable=True),
    Column("recorded_by_customer", Boolean, nullable=True),
    Column("claim_id", String(36), nullable=True),
    Column("version", Integer, nullable=False),
)

claims = Table(
    "claims",
    metadata,
    _id(),
    Column("order_id", String(36), nullable=False, index=True),
    Column("customer_id", String(36), nullable=False, index=True),
    Column("acceptance_id", String(36), nullable=True),
    Column("status", String(30), nullable=False, index=True),
    Column("lines", JSON, nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("fault", String(20), nullable=True),
    Column("finding", Text, nullable=True),
    Column("remedy", String(20), nullable=True),
    Column("compensation_amount", String(40), nullable=True),
    Column("compensation_currency", String(3), nullable=True),
    # Set when the claim came from a warranty ticket rather than an acceptance.
    Column("ticket_id", String(36), nullable=True),
    Column("outcome", String(20), nullable=True),
    Column("closed_at", UtcDateTime, nullable=True),
    Column("version", Integer, nullable=False),
)

# First-response and resolution windows per ticket kind and priority, as data.
sla_policies = Table(
    "sla_policies",
    metadata,
    Column("kind", String(20), primary_key=True),
    Column("priority", String(20), primary_key=True),
    Column("first_response_minutes", Integer, nullable=False),
    Column("resolution_minutes", Integer, nullable=False),
)

tickets = Table(
    "tickets",
    metadata,
    _id(),
    Column("customer_id", String(36), nullable=False, index=True),
    Column("order_id", String(36), nullable=True),
    Column("kind", String(20), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("priority", String(20), nullable=False),
    Column("status", String(30), nullable=False, index=True),
    Column("summary", Text, nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("first_response_due", UtcDateTime, nullable=False),
    Column("resolution_due", UtcDateTime, nullable=False),
    Column("responded_at", UtcDateTime, nullable=True),
    Column("resolved_at", UtcDateTime, nullable=True),
    Column("resolution", String(30), nullable=True),
    Column("first_response_breached", Boolean, nullable=False),
    Column("resolution_breached", Boolean, nullable=False),
    Column("reopen_count", Integer, nullable=False),
    Column("satisfaction", Integer, nullable=True),
    Column("closed_at", UtcDateTime, nullable=True),
    Column("warranty_until", Date, nullable=True),
    Column("claim_id", String(36), nullable=True),
    Column("version", Integer, nullable=False),
)

# Every status update of a ticket, shown to the customer.
ticket_updates = Table(
    "ticket_updates",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("ticket_id", String(36), nullable=False, index=True),
    Column("at", UtcDateTime, nullable=False),
    Column("status", String(30), nullable=False),
    Column("message", Text, nullable=False),
)

follow_ups = Table(
    "follow_ups",
    metadata,
    _id(),
    Column("customer_id", String(36), nullable=False, index=True),
    Column("order_id", String(36), nullable=True),
    Column("ticket_id", String(36), nullable=True),
    Column("claim_id", String(36), nullable=True),
    Column("due_on", Date, nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("outcome", String(20), nullable=True),
    Column("satisfaction", Integer, nullable=True),
    Column("opinions", Text, nullable=True),
    Column("completed_at", UtcDateTime, nullable=True),
    Column("version", Integer, nullable=False),
)

surveys = Table(
    "surveys",
    metadata,
    _id(),
    Column("order_id", String(36), nullable=False, unique=True),
    Column("customer_id", String(36), nullable=False, index=True),
    Column("status", String(20), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("satisfaction", Integer, nullable=True),
    Column("product", Integer, nullable=True),
    Column("delivery", Integer, nullable=True),
    Column("service", Integer, nullable=True),
    Column("would_recommend", Boolean, nullable=True),
    Column("comments", Text, nullable=True),
    Column("answered_at", UtcDateTime, nullable=True),
    Column("version", Integer, nullable=False),
)
