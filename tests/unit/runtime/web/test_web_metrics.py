"""Prometheus metrics per service, labelled by route template."""

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from orderflow.runtime.web import ServiceMetrics

pytestmark = pytest.mark.unit


def samples(text: str, name: str) -> dict[frozenset[tuple[str, str]], float]:
    return {
        frozenset(s.labels.items()): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == name
    }


async def test_requests_are_counted_by_route_template_not_raw_path(
    client: httpx.AsyncClient,
) -> None:
    await client.get("/v1/orders/o-1")
    await client.get("/v1/orders/o-1")
    await client.get("/v1/orders/o-missing")
    await client.get("/v1/no/such/page")
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    counts = samples(response.text, "orderflow_http_requests_total")
    route = ("route", "/v1/orders/{order_id}")
    labels = {("service", "testsvc"), ("method", "GET"), route}
    assert counts[frozenset({*labels, ("status", "200")})] == 2
    assert counts[frozenset({*labels, ("status", "404")})] == 1
    assert (
        counts[
            frozenset(
                {
                    ("service", "testsvc"),
                    ("method", "GET"),
                    ("route", "<unmatched>"),
                    ("status", "404"),
                }
            )
        ]
        == 1
    )
    assert "o-missing" not in response.text
    assert "/no/such" not in response.text
    assert "orderflow_http_request_duration_seconds_bucket" in response.text


async def test_a_crash_is_counted_as_a_500(client: httpx.AsyncClient) -> None:
    await client.get("/v1/orders/o-1/crash")
    counts = samples((await client.get("/metrics")).text, "orderflow_http_requests_total")
    crash = {("method", "GET"), ("route", "/v1/orders/{order_id}/crash"), ("status", "500")}
    assert counts[frozenset({("service", "testsvc"), *crash})] == 1


def test_each_service_has_its_own_registry() -> None:
    intake, review = ServiceMetrics("intake"), ServiceMetrics("review")
    intake.event_consumed("intake.from-review", "review.approved", "processed")
    intake.event_consumed("intake.from-review", "review.approved", "duplicate")
    intake.consumer_retried("intake.from-review", "review.approved")
    intake.dead_lettered("intake.from-review", "review.approved")
    intake.outbox_event_published("order.submitted", 3)
    intake.set_outbox_oldest_age(12.5)
    text = intake.exposition().decode()
    consumed = samples(text, "orderflow_events_consumed_total")
    assert (
        consumed[
            frozenset(
                {
                    ("service", "intake"),
                    ("consumer", "intake.from-review"),
                    ("event_type", "review.approved"),
                    ("outcome", "duplicate"),
                }
            )
        ]
        == 1
    )
    assert samples(text, "orderflow_outbox_published_total") == {
        frozenset({("service", "intake"), ("event_type", "order.submitted")}): 3
    }
    assert samples(text, "orderflow_outbox_oldest_unsent_age_seconds") == {
        frozenset({("service", "intake")}): 12.5
    }
    assert "orderflow_consumer_retries_total" in text
    assert "orderflow_dead_letters_total" in text
    assert "intake" not in review.exposition().decode()
