"""Reporting's tables: the append-only archive and the read models built from it (R-8.1, R-9.3).

Amounts and hours in `measures` are stored as integers in thousandths (`MILLI`), so sums are
exact and portable between SQLite and PostgreSQL.
"""

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

MILLI = 1000

metadata = MetaData()

# every event of every producer, once; UPDATE and DELETE raise (triggers in 0002).
archive = Table(
    "archive",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("event_type", String(80), nullable=False),
    Column("producer", String(20), nullable=False),
    Column("order_id", String(36), nullable=True, index=True),
    Column("subject", String(200), nullable=True),
    Column("actor", String(200), nullable=True),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("archived_at", DateTime(timezone=True), nullable=False),
    Column("body", Text, nullable=False),
)

# The order file's timeline: who, when, what, for each event about an order.
timeline = Table(
    "timeline",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("order_id", String(36), nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("event_type", String(80), nullable=False),
    Column("producer", String(20), nullable=False),
    Column("who", String(200), nullable=True),
    Column("what", Text, nullable=False),
    Index("ix_timeline_order_time", "order_id", "occurred_at", "event_id"),
)

# One row per order: the searchable order list and the state the projections need.
order_files = Table(
    "order_files",
    metadata,
    Column("order_id", String(36), primary_key=True),
    Column("customer_id", String(36), nullable=True, index=True),
    Column("channel", String(20), nullable=True),
    Column("region", String(64), nullable=True),
    Column("status", String(30), nullable=True, index=True),
    Column("currency", String(3), nullable=True),
    Column("total", String(40), nullable=True),
    Column("received_at", DateTime(timezone=True), nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("events", Integer, nullable=False),
    Column("data", JSON, nullable=False),
    Index("ix_order_files_received", "received_at", "order_id"),
)

# customer purchasing behaviour: recency, frequency, monetary value per customer.
customer_values = Table(
    "customer_values",
    metadata,
    Column("customer_id", String(36), primary_key=True),
    Column("orders", Integer, nullable=False),
    Column("revenue_milli", BigInteger, nullable=False),
    Column("first_order_on", Date, nullable=False),
    Column("last_order_on", Date, nullable=False),
)

# State of things other than orders that KPIs need later (rounds, tickets, tasks, visits...).
entity_states = Table(
    "entity_states",
    metadata,
    Column("kind", String(20), primary_key=True),
    Column("entity_id", String(200), primary_key=True),
    Column("data", JSON, nullable=False),
)

# Pre-aggregated facts per day (grain "d") and per month (grain "m", day = the 1st): a period
# sums whole months from "m" rows and its ragged edges from "d" rows.
measures = Table(
    "measures",
    metadata,
    Column("measure", String(40), primary_key=True),
    Column("grain", String(1), primary_key=True),
    # Key order: a query names measure, grain and dimension and scans only its period's days.
    Column("dimension", String(20), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("total_milli", BigInteger, nullable=False),
    Column("count", BigInteger, nullable=False),
)

READ_MODELS = (timeline, order_files, customer_values, entity_states, measures)
