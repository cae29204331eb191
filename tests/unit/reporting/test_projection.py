"""The pure projection on the hand-computed fixture: KPIs (R-9.3) and analytics (R-8.2)."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from orderflow.contracts import Envelope, EventPayload, intake
from orderflow.contracts.snapshot import Channel
from orderflow.reporting import analytics, domain, kpis
from orderflow.reporting.queries import Sum, Sums
from tests.unit.reporting import story

pytestmark = pytest.mark.unit


class MemoryReadModels:
    """Read models in dicts: the same projection the service runs, without a database."""

    def __init__(self) -> None:
        self.state: domain.State = {}
        self.measures: dict[str, Sums] = {}
        self.timeline: list[domain.TimelineEntry] = []

    def apply(self, event: Envelope[EventPayload]) -> None:
        effects = domain.project(event, self.state)
        self.state.update(effects.changed)
        for fact in effects.facts:
            sums = self.measures.setdefault(fact.measure, {})
            found = sums.get((fact.dimension, fact.key), Sum(Decimal(0), 0))
            sums[(fact.dimension, fact.key)] = Sum(
                found.total + fact.total, found.count + fact.count
            )
        if effects.timeline is not None:
            self.timeline.append(effects.timeline)

    def kpi(self, name: str, dimension: str = "all", key: str = "all") -> float | None:
        kpi = next(k for k in kpis.KPIS if k.name == name)
        data = {m: self.measures.get(m, {}) for m in kpis.MEASURES}
        found = kpis.value(kpi, data, dimension, key)["value"]
        assert found is None or isinstance(found, float)
        return found


@pytest.fixture
def models() -> MemoryReadModels:
    memory = MemoryReadModels()
    for event in story.story():
        memory.apply(event)
    return memory


@pytest.mark.parametrize(("name", "expected"), sorted(story.EXPECTED_KPIS.items()))
def test_each_kpi_equals_the_hand_computed_figure(
    models: MemoryReadModels, name: str, expected: float
) -> None:
    """R-9.3: every KPI of the regulation, computed from events."""
    assert models.kpi(name) == pytest.approx(expected)


def test_on_time_rate_per_department_and_person(models: MemoryReadModels) -> None:
    """R-9.3: per department and per responsible person (reviewer, task owner, technician)."""
    for department, expected in story.EXPECTED_ON_TIME_BY_DEPARTMENT.items():
        assert models.kpi("on_time_rate", "department", department) == expected
    for person, expected in story.EXPECTED_ON_TIME_BY_PERSON.items():
        assert models.kpi("on_time_rate", "person", person) == expected


def test_satisfaction_and_response_per_person(models: MemoryReadModels) -> None:
    assert models.kpi("customer_satisfaction", "person", "sam") == 5.0
    assert models.kpi("first_response_on_time_rate", "person", "sam") == 1.0
    assert models.kpi("first_response_on_time_rate", "person", "tina") == 0.0


def test_volume_revenue_excludes_the_cancelled_order(models: MemoryReadModels) -> None:
    """R-8.2: by channel and product; the cancelled order C counts nowhere."""
    orders = models.measures["orders"]
    assert analytics.breakdown_rows(orders, "channel") == [
        {"channel": "website", "orders": 1, "revenue": "1000.00"},
        {"channel": "phone", "orders": 1, "revenue": "500.00"},
    ]
    products = analytics.breakdown_rows(models.measures["product_sales"], "product")
    assert products == [
        {"product": "P1", "orders": 2, "revenue": "1100.00"},
        {"product": "P2", "orders": 1, "revenue": "400.00"},
    ]
    assert models.state[f"customer:{story.C1}"]["orders"] == 2
    assert models.state[f"customer:{story.C2}"]["orders"] == 0


def test_stage_durations_and_slowest_stage(models: MemoryReadModels) -> None:
    """R-8.2 processing efficiency: review 50 h, production 96 h, dispatch 48 h, transit 24 h."""
    histograms = {s: models.measures.get(f"stage_hist.{s}", {}) for s in analytics.STAGES}
    rows = analytics.efficiency_rows(models.measures["stage_hours"], histograms)
    by_stage = {r["stage"]: r for r in rows}
    assert by_stage["review"]["mean_hours"] == "50.00"
    assert by_stage["review"]["p50_hours_at_most"] == 72
    assert by_stage["production"]["mean_hours"] == "96.00"
    assert by_stage["dispatch"]["p90_hours_at_most"] == 48
    assert by_stage["transit"]["orders"] == 1
    assert analytics.slowest_stage(rows) == "production"


def test_the_timeline_names_who_and_what(models: MemoryReadModels) -> None:
    """R-8.1: the order file says who did what; ticket events join their order's file."""
    a = [e for e in models.timeline if e.order_id == str(story.ORDER_A)]
    assert len(a) == 20  # its 16 events and the 4 of ticket K1, which concerns order A
    assert any(e.who == "rita" and "sales: pass" in e.what for e in a)
    assert any(e.who == "sam" and "first response" in e.what for e in a)


def test_an_approved_change_rebooks_revenue_and_the_customer() -> None:
    """R-6.2, R-8.2: the new order version replaces the old one in volume and revenue."""
    memory = MemoryReadModels()
    first = story.snapshot(story.C1, Channel.PHONE, "BY", [("P1", "100.00")], due=9)
    second = story.snapshot(story.C2, Channel.PHONE, "BY", [("P9", "300.00")], due=9)
    created = intake.OrderCreated(order=first, received_at=story.at(0))
    changed = intake.OrderChanged(change_request_id=uuid.uuid4(), order=second)
    memory.apply(story.ev(created, story.at(0), story.ORDER_A))
    memory.apply(story.ev(changed, story.at(3), story.ORDER_A))
    by_customer = analytics.breakdown_rows(memory.measures["orders"], "customer")
    assert by_customer == [{"customer": str(story.C2), "orders": 1, "revenue": "300.00"}]
    assert analytics.breakdown_rows(memory.measures["product_sales"], "product") == [
        {"product": "P9", "orders": 1, "revenue": "300.00"}
    ]
    assert memory.state[f"customer:{story.C1}"]["orders"] == 0
    assert memory.state[f"customer:{story.C2}"]["revenue"] == "300.00"


@pytest.mark.parametrize(
    "topics",
    [
        ("aftersales", "logistics", "production", "review", "intake"),
        ("intake", "review", "production", "logistics", "aftersales"),
    ],
)
def test_kpis_do_not_depend_on_how_the_producers_topics_interleave(
    topics: tuple[str, ...],
) -> None:
    """Kafka keeps order within one topic only: a whole topic may lag behind the others."""
    memory = MemoryReadModels()
    events = story.story()
    for topic in topics:
        for event in (e for e in events if e.producer == topic):
            memory.apply(event)
    for name, expected in story.EXPECTED_KPIS.items():
        assert memory.kpi(name) == pytest.approx(expected), name
