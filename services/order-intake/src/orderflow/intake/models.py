"""order-intake's tables (SQLAlchemy Core); `*_enc` columns hold AES-GCM ciphertext only."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

customers = Table(
    "customers",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("tier", String(64), nullable=False),
    Column("country", String(2), nullable=False),
    Column("registration_status", String(20), nullable=False),
    Column("registration_number", String(64), nullable=True),
    Column("blacklisted", Boolean, nullable=False, default=False),
    # The partner whose system registered the customer, so that partner may see it.
    Column("partner_id", String(200), nullable=True, index=True),
    Column("name_enc", Text, nullable=False),
    Column("email_enc", Text, nullable=True),
    Column("phone_enc", Text, nullable=True),
    Column("address_enc", Text, nullable=True),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

orders = Table(
    "orders",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("customer_id", String(36), nullable=False, index=True),
    Column("partner_id", String(200), nullable=True, index=True),
    Column("channel", String(20), nullable=False, index=True),
    Column("status", String(30), nullable=False, index=True),
    # The state to go back to when a cancellation is refused.
    Column("status_before_cancelling", String(30), nullable=True),
    Column("row_version", Integer, nullable=False),
    Column("checked", Boolean, nullable=False, default=False),
    Column("special", Boolean, nullable=False, default=False, index=True),
    Column("urgent", Boolean, nullable=False, default=False, index=True),
    Column("snapshot", JSON, nullable=False),
    Column("lines_fingerprint", String(64), nullable=False, index=True),
    Column("requested_delivery_date", Date, nullable=False),
    Column("delivery_address_enc", Text, nullable=True),
    Column("questions", JSON, nullable=False),
    Column("return_reasons", JSON, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(200), nullable=True),
    Column("source_reference", Text, nullable=True),
    Column("platform", String(64), nullable=True),
    Column("platform_order_id", String(64), nullable=True),
    Column("follow_up_id", String(36), nullable=True, index=True),
    # Open supply risks (supplier delays, quality issues) by their id: the order is at risk.
    Column("risks", JSON, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # A platform's order becomes one order, however often its webhook is replayed.
    UniqueConstraint("platform", "platform_order_id", name="uq_orders_platform_order"),
)

order_history = Table(
    "order_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("order_id", String(36), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("transition", String(80), nullable=False),
    Column("from_status", String(30), nullable=True),
    Column("to_status", String(30), nullable=False),
    Column("actor", String(200), nullable=True),
    Column("why", JSON, nullable=True),
)

change_requests = Table(
    "change_requests",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("order_id", String(36), nullable=False, index=True),
    Column("kinds", JSON, nullable=False),
    Column("reason", Text, nullable=False),
    Column("proposed", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    Column("outcome_reasons", JSON, nullable=False),
    Column("requested_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=True),
)

cancellation_requests = Table(
    "cancellation_requests",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("order_id", String(36), nullable=False, index=True),
    Column("reason", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("settlement", JSON, nullable=False),
    Column("outcome_reasons", JSON, nullable=False),
    Column("requested_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=True),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("source", String(30), nullable=False),
    # The platform's delivery id: a replay of one delivery is stored once.
    Column("delivery_key", String(200), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("topic", String(100), nullable=True),
    # The raw body holds the buyer's contact data, so it is kept encrypted.
    Column("body_enc", Text, nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("error", Text, nullable=True),
    Column("order_id", String(36), nullable=True),
    UniqueConstraint("source", "delivery_key", name="uq_webhook_deliveries_key"),
)

# Which of our customers a platform's buyer is, so repeat buyers are not registered twice.
platform_customers = Table(
    "platform_customers",
    metadata,
    Column("platform", String(64), primary_key=True),
    Column("buyer_ref", String(200), primary_key=True),
    Column("customer_id", String(36), nullable=False),
)

# Partner systems' subscriptions to their orders' status changes (outbound webhooks).
partner_subscriptions = Table(
    "partner_subscriptions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("partner_id", String(200), nullable=False, index=True),
    Column("url", Text, nullable=False),
    Column("event_types", JSON, nullable=False),
    Column("secret_enc", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

partner_deliveries = Table(
    "partner_deliveries",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("subscription_id", String(36), nullable=False, index=True),
    Column("event_id", String(36), nullable=False),
    Column("event_type", String(120), nullable=False),
    Column("order_id", String(36), nullable=True),
    Column("body", Text, nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("attempts", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("subscription_id", "event_id", name="uq_partner_deliveries_event"),
)

partner_delivery_attempts = Table(
    "partner_delivery_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("delivery_id", String(36), nullable=False, index=True),
    Column("attempt", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("status_code", Integer, nullable=True),
    Column("error", Text, nullable=True),
    Column("duration_ms", Integer, nullable=False),
)
