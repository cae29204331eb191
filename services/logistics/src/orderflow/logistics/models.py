"""Logistics' tables: carriers, service areas, orders it plans for, shipments and their trail."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()
TIME = DateTime(timezone=True)
MONEY = Numeric(14, 4)

carriers = Table(
    "carriers",
    metadata,
    Column("carrier_id", String(36), primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", TIME, nullable=False),
)

# Where a carrier delivers by which mode, how long it takes and what it costs.
service_areas = Table(
    "service_areas",
    metadata,
    Column("area_id", String(36), primary_key=True),
    Column("carrier_id", String(36), ForeignKey("carriers.carrier_id"), nullable=False),
    Column("country", String(2), nullable=False),
    Column("region", String(64), nullable=False),
    Column("mode", String(16), nullable=False),
    Column("transit_days", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("rate_per_shipment", MONEY, nullable=False),
    Column("rate_per_kg", MONEY, nullable=False),
    Column("rate_per_m3", MONEY, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", TIME, nullable=False),
)

# The delivery-cost ceiling per currency: an absolute cap and a share of the order total.
cost_ceilings = Table(
    "cost_ceilings",
    metadata,
    Column("currency", String(3), primary_key=True),
    Column("max_amount", MONEY, nullable=False),
    Column("max_share_of_order", Numeric(6, 4), nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", TIME, nullable=False),
)

# The order as logistics knows it from events: content (no PII), readiness, QC, plan.
orders = Table(
    "orders",
    metadata,
    Column("order_id", String(36), primary_key=True),
    Column("customer_id", String(36), nullable=False),
    Column("snapshot", JSON, nullable=False),
    Column("candidate", JSON, nullable=True),
    Column("production_completed_at", TIME, nullable=True),
    Column("qc_report_id", String(36), nullable=True),
    Column("cancelled", Boolean, nullable=False, default=False),
    Column("updated_at", TIME, nullable=False),
)

qc_reports = Table(
    "qc_reports",
    metadata,
    Column("qc_report_id", String(36), primary_key=True),
    Column("order_id", String(36), nullable=False, index=True),
    Column("report", JSON, nullable=False),
    Column("reported_at", TIME, nullable=False),
)

shipments = Table(
    "shipments",
    metadata,
    Column("shipment_id", String(36), primary_key=True),
    Column("order_id", String(36), nullable=False, index=True),
    Column("customer_id", String(36), nullable=False, index=True),
    Column("status", String(32), nullable=False, index=True),
    Column("mode", String(16), nullable=False),
    Column("carrier_id", String(36), ForeignKey("carriers.carrier_id"), nullable=False),
    Column("route", JSON, nullable=False),
    Column("destination", JSON, nullable=False),
    Column("packages", JSON, nullable=False),
    Column("packing_requirements", JSON, nullable=False),
    Column("cost", MONEY, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("dispatch_on", Date, nullable=False),
    Column("eta", Date, nullable=False),
    Column("tracking_number", String(64), nullable=True, index=True),
    Column("last_tracking_status", String(32), nullable=True),
    Column("dispatched_at", TIME, nullable=True),
    Column("delivered_at", TIME, nullable=True),
    Column("version", Integer, nullable=False),
    Column("created_at", TIME, nullable=False),
)

tracking_events = Table(
    "tracking_events",
    metadata,
    Column("tracking_event_id", String(36), primary_key=True),
    Column("shipment_id", String(36), ForeignKey("shipments.shipment_id"), nullable=False),
    Column("status", String(32), nullable=False),
    Column("reported_at", TIME, nullable=False),
    Column("region", String(64), nullable=True),
    Column("eta", Date, nullable=True),
    Column("source", String(16), nullable=False),
    # The carrier's own event id: a redelivered webhook is recorded once.
    Column("carrier_event_id", String(200), nullable=True),
    Column("recorded_at", TIME, nullable=False),
    UniqueConstraint("shipment_id", "carrier_event_id", name="uq_tracking_carrier_event"),
)

shipment_exceptions = Table(
    "shipment_exceptions",
    metadata,
    Column("exception_id", String(36), primary_key=True),
    Column("shipment_id", String(36), ForeignKey("shipments.shipment_id"), nullable=False),
    Column("order_id", String(36), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("description", Text, nullable=False),
    Column("new_eta", Date, nullable=True),
    Column("raised_at", TIME, nullable=False),
    Column("raised_by", String(200), nullable=False),
    Column("resolution", Text, nullable=True),
    Column("resolved_at", TIME, nullable=True),
    Column("resolved_by", String(200), nullable=True),
    Column("version", Integer, nullable=False),
)

# Every notice with its outcome; the recipient address lives here and nowhere else.
delivery_notices = Table(
    "delivery_notices",
    metadata,
    Column("notice_id", String(36), primary_key=True),
    Column("order_id", String(36), nullable=False, index=True),
    Column("customer_id", String(36), nullable=False),
    Column("shipment_id", String(36), nullable=True),
    Column("kind", String(32), nullable=False),
    Column("expected_from", TIME, nullable=False),
    Column("expected_until", TIME, nullable=False),
    Column("place", JSON, nullable=False),
    Column("message", Text, nullable=True),
    Column("status", String(16), nullable=False, index=True),
    Column("attempts", Integer, nullable=False),
    Column("recipient", Text, nullable=True),  # sealed (pii.py)
    Column("subject", String(300), nullable=True),
    Column("last_error", String(200), nullable=True),
    Column("next_attempt_at", TIME, nullable=True),
    Column("sent_at", TIME, nullable=True),
    Column("created_at", TIME, nullable=False),
)

delivery_documents = Table(
    "delivery_documents",
    metadata,
    Column("document_id", String(36), primary_key=True),
    Column("order_id", String(36), nullable=False, index=True),
    Column("shipment_id", String(36), nullable=True),
    Column("kind", String(32), nullable=False),
    Column("filename", String(200), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("created_at", TIME, nullable=False),
)

proofs_of_delivery = Table(
    "proofs_of_delivery",
    metadata,
    Column("proof_id", String(36), primary_key=True),
    Column("shipment_id", String(36), ForeignKey("shipments.shipment_id"), unique=True),
    Column("signer_name", Text, nullable=False),  # sealed
    Column("signed_at", TIME, nullable=False),
    Column("notes", Text, nullable=True),
    Column("signature_png", LargeBinary, nullable=True),
    Column("recorded_by", String(200), nullable=False),
    Column("recorded_at", TIME, nullable=False),
)

site_visits = Table(
    "site_visits",
    metadata,
    Column("visit_id", String(36), primary_key=True),
    Column("order_id", String(36), nullable=False, index=True),
    Column("customer_id", String(36), nullable=False),
    Column("services", JSON, nullable=False),
    Column("technician_id", String(200), nullable=False),
    Column("starts_at", TIME, nullable=False),
    Column("ends_at", TIME, nullable=False),
    Column("status", String(16), nullable=False),
    Column("completed_at", TIME, nullable=True),
    Column("customer_signed_off", Boolean, nullable=True),
    Column("signed_off_by", Text, nullable=True),  # sealed
    Column("notes", Text, nullable=True),
    Column("version", Integer, nullable=False),
    Column("created_at", TIME, nullable=False),
)
