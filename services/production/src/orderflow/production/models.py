"""Production's tables: work centers, products, the availability replica, holds, plans, tasks."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    Uuid,
)

metadata = MetaData()

HOURS = Numeric(12, 3)
AMOUNT = Numeric(14, 2)

work_centers = Table(
    "work_centers",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("hours_per_day", HOURS, nullable=False),
    Column("hourly_rate", AMOUNT, nullable=False),
    Column("lead_person_id", String(200), nullable=False),
    Column("working_weekdays", JSON, nullable=False),
    Column("non_working_days", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

products = Table(
    "products",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("routing", JSON, nullable=False),
    Column("quality_standard", Text, nullable=False),
    Column("bill_of_materials", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Procurement's item_availability.changed events, replicated: never procurement's database.
material_availability = Table(
    "material_availability",
    metadata,
    Column("item_code", String(64), primary_key=True),
    Column("unit", String(64), nullable=False),
    Column("available", Numeric(14, 3), nullable=False),
    Column("supply_lead_days", JSON, nullable=False),
    Column("as_of", DateTime(timezone=True), nullable=False),
)

assessments = Table(
    "assessments",
    metadata,
    Column("round_id", Uuid, primary_key=True),
    Column("order_id", Uuid, nullable=False, index=True),
    Column("round_kind", String(20), nullable=False),
    Column("order_version", Integer, nullable=False),
    Column("snapshot", JSON, nullable=False),
    Column("verdict", String(20), nullable=False),
    Column("earliest_completion_date", Date),
    Column("answered_at", DateTime(timezone=True), nullable=False),
)

capacity_holds = Table(
    "capacity_holds",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("order_id", Uuid, nullable=False, index=True),
    Column("round_id", Uuid, nullable=False, unique=True),
    # held (tentative) → committed (plan made) | released
    Column("status", String(20), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("operations", JSON, nullable=False),
)

capacity_hold_lines = Table(
    "capacity_hold_lines",
    metadata,
    Column("hold_id", Uuid, ForeignKey("capacity_holds.id"), primary_key=True),
    Column("operation_no", Integer, primary_key=True),
    Column("day", Date, primary_key=True),
    Column("work_center_id", Uuid, ForeignKey("work_centers.id"), nullable=False),
    Column("hours", HOURS, nullable=False),
    Column("active", Boolean, nullable=False),
    Index("ix_capacity_hold_lines_load", "work_center_id", "day", "active"),
)

plans = Table(
    "plans",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("order_id", Uuid, nullable=False, unique=True),
    Column("customer_id", Uuid, nullable=False),
    Column("hold_id", Uuid, ForeignKey("capacity_holds.id"), nullable=False),
    Column("order_version", Integer, nullable=False),
    # in_progress → completed | stopped
    Column("status", String(20), nullable=False),
    Column("quality_standard", Text, nullable=False),
    Column("quantity", Numeric(14, 3), nullable=False),
    Column("materials_cost", AMOUNT, nullable=False),
    Column("planned_completion_date", Date, nullable=False),
    # The customer's requested date; a planned completion after it puts the plan at risk.
    Column("requested_delivery_date", Date),
    # Procurement's requisition.fulfilled: every material is reserved.
    Column("materials_ready", Boolean, nullable=False),
    # Open supplier delays (ids) on this order's purchase orders: the plan is at risk.
    Column("open_supply_delays", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)

tasks = Table(
    "tasks",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("plan_id", Uuid, ForeignKey("plans.id"), nullable=False, index=True),
    Column("operation_no", Integer, nullable=False),
    Column("operation", String(64), nullable=False),
    Column("work_center_id", Uuid, ForeignKey("work_centers.id"), nullable=False),
    Column("responsible_person_id", String(200), nullable=False),
    Column("quantity", Numeric(14, 3), nullable=False),
    Column("planned_hours", HOURS, nullable=False),
    Column("start_on", Date, nullable=False),
    Column("end_on", Date, nullable=False),
    # open → done | cancelled
    Column("status", String(20), nullable=False),
    Column("quantity_done", Numeric(14, 3), nullable=False),
    Column("percent_done", Numeric(6, 2), nullable=False),
    Column("hours_worked", HOURS, nullable=False),
    Column("rework_of_qc_report_id", Uuid),
    Column("version", Integer, nullable=False),
)

problems = Table(
    "problems",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("plan_id", Uuid, ForeignKey("plans.id"), nullable=False, index=True),
    Column("task_id", Uuid, ForeignKey("tasks.id")),
    Column("category", String(20), nullable=False),
    Column("description", Text, nullable=False),
    Column("schedule_impact_days", Integer),
    Column("status", String(20), nullable=False),
    Column("resolution", Text),
    Column("raised_by", String(200), nullable=False),
    Column("version", Integer, nullable=False),
)

qc_reports = Table(
    "qc_reports",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("plan_id", Uuid, ForeignKey("plans.id"), nullable=False, index=True),
    Column("passed", Boolean, nullable=False),
    Column("measurements", JSON, nullable=False),
    Column("inspector_id", String(200), nullable=False),
    Column("reported_at", DateTime(timezone=True), nullable=False),
)
