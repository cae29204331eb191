"""procurement's tables: suppliers and their offers, stock, requisitions, purchase orders."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Uuid,
)

metadata = MetaData()

QUANTITY = Numeric(18, 4)
MONEY = Numeric(18, 4)

suppliers = Table(
    "suppliers",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("categories", JSON, nullable=False),
    Column("suspension_reason", String(2000)),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

supplier_offers = Table(
    "supplier_offers",
    metadata,
    Column("supplier_id", Uuid, ForeignKey("suppliers.id"), primary_key=True),
    Column("item_code", String(64), primary_key=True),
    Column("lead_time_days", Integer, nullable=False),
    Column("unit_price", MONEY, nullable=False),
    Column("currency", String(3), nullable=False),
)

stock_items = Table(
    "stock_items",
    metadata,
    Column("item_code", String(64), primary_key=True),
    Column("unit", String(64), nullable=False),
    Column("category", String(64), nullable=False),
    Column("on_hand", QUANTITY, nullable=False),
    Column("reserved", QUANTITY, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

requisitions = Table(
    "requisitions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("order_id", Uuid, nullable=False, index=True),
    Column("plan_id", Uuid, nullable=False, unique=True),
    Column("status", String(20), nullable=False, index=True),
    # [{item_code, spec, quantity, unit, needed_by, reserved_quantity, shortfall_quantity}]
    Column("lines", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

purchase_orders = Table(
    "purchase_orders",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("supplier_id", Uuid, ForeignKey("suppliers.id"), nullable=False, index=True),
    Column("order_id", Uuid, index=True),
    Column("requisition_id", Uuid, ForeignKey("requisitions.id"), index=True),
    Column("item_code", String(64), nullable=False),
    Column("unit", String(64), nullable=False),
    Column("quantity", QUANTITY, nullable=False),
    Column("quantity_accepted", QUANTITY, nullable=False),
    Column("unit_price", MONEY, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("promised_on", Date, nullable=False),
    Column("expected_on", Date, nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("selection_rule", String(64), nullable=False),
    Column("reorder_of", Uuid),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

receipts = Table(
    "receipts",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("purchase_order_id", Uuid, ForeignKey("purchase_orders.id"), nullable=False),
    Column("supplier_id", Uuid, nullable=False, index=True),
    Column("quantity_received", QUANTITY, nullable=False),
    Column("quantity_accepted", QUANTITY, nullable=False),
    Column("quality_passed", Boolean, nullable=False),
    Column("on_time", Boolean, nullable=False),
    Column("note", String(2000)),
    Column("received_by", String(200), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

supplier_delays = Table(
    "supplier_delays",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("purchase_order_id", Uuid, ForeignKey("purchase_orders.id"), nullable=False),
    Column("source", String(20), nullable=False),
    Column("expected_on", Date, nullable=False),
    Column("new_expected_on", Date),
    Column("reason", String(2000)),
    Column("resolved_at", DateTime(timezone=True)),
    Column("raised_at", DateTime(timezone=True), nullable=False),
)

quality_issues = Table(
    "quality_issues",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("purchase_order_id", Uuid, ForeignKey("purchase_orders.id"), nullable=False),
    Column("receipt_id", Uuid, ForeignKey("receipts.id"), nullable=False),
    Column("quantity_rejected", QUANTITY, nullable=False),
    Column("description", String(2000), nullable=False),
    Column("reorder_purchase_order_id", Uuid),
    Column("resolved_at", DateTime(timezone=True)),
    Column("raised_at", DateTime(timezone=True), nullable=False),
)
