"""The envelope: identity filled from the payload, keys, causation, UTC time, compact bytes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from uuid import RFC_4122, UUID

import pytest
from pydantic import ValidationError

from orderflow.contracts import Envelope, EventPayload, intake, procurement, uuid7

from .examples import TRACEPARENT, build, example_envelope

pytestmark = pytest.mark.unit


def _checked() -> intake.OrderChecked:
    return intake.OrderChecked(revision=0)


def test_new_fills_identity_from_the_payload_class() -> None:
    envelope = Envelope.new(_checked(), order_id=uuid7())

    assert (envelope.event_type, envelope.schema_version, envelope.producer) == (
        "order.checked",
        1,
        "intake",
    )
    assert envelope.event_id.version == 7
    assert envelope.causation_id is None
    assert envelope.occurred_at.tzinfo is UTC


def test_an_event_caused_by_another_carries_its_correlation_and_trace() -> None:
    cause = example_envelope(intake.OrderSubmitted)

    effect = Envelope.new(_checked(), order_id=cause.order_id, causation=cause)

    assert effect.correlation_id == cause.correlation_id
    assert effect.causation_id == cause.event_id
    assert effect.traceparent == TRACEPARENT


def test_key_is_the_order_id_or_the_subject() -> None:
    order_id = uuid7()
    item = build(procurement.ItemAvailabilityChanged)

    assert Envelope.new(_checked(), order_id=order_id).key == str(order_id)
    assert Envelope.new(item, subject="item:BOLT-M8").key == "item:BOLT-M8"


def test_naive_occurred_at_is_rejected() -> None:
    with pytest.raises(ValidationError, match="occurred_at"):
        Envelope.new(_checked(), order_id=uuid7(), occurred_at=datetime(2030, 1, 1, 12))


def test_naive_datetime_inside_a_payload_is_rejected() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        intake.OrderDelivered.model_validate(
            {
                "from_status": "shipped",
                "to_status": "delivered",
                "delivered_at": "2030-01-01T12:00:00",
                "proof_ids": [str(uuid7())],
            }
        )


def test_aware_times_are_normalised_to_utc() -> None:
    local = datetime(2030, 1, 1, 14, tzinfo=timezone(timedelta(hours=2)))

    envelope = Envelope.new(_checked(), order_id=uuid7(), occurred_at=local)

    assert envelope.occurred_at == datetime(2030, 1, 1, 12, tzinfo=UTC)
    assert envelope.occurred_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("order_id", "subject"),
    [(None, None), (uuid7(), "item:BOLT-M8")],
    ids=["neither", "both"],
)
def test_exactly_one_of_order_id_and_subject(order_id: UUID | None, subject: str | None) -> None:
    with pytest.raises(ValidationError, match="exactly one of order_id and subject"):
        Envelope.new(_checked(), order_id=order_id, subject=subject)


def test_the_key_must_match_what_the_event_is_about() -> None:
    with pytest.raises(ValidationError, match="about one order"):
        Envelope.new(_checked(), subject="item:BOLT-M8")
    with pytest.raises(ValidationError, match="item:<id>"):
        Envelope.new(build(procurement.ItemAvailabilityChanged), subject="supplier:42")


def test_bytes_are_compact_json_with_decimals_as_strings() -> None:
    envelope = example_envelope(intake.OrderSubmitted)
    data = envelope.to_bytes()
    document = json.loads(data)

    assert data == json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()
    assert document["payload"]["order"]["total"] == "12.50"
    assert document["occurred_at"].endswith("Z")


def test_envelopes_and_payloads_are_frozen_and_forbid_unknown_fields() -> None:
    envelope = example_envelope(intake.OrderChecked)

    with pytest.raises(ValidationError, match="frozen"):
        envelope.actor = "user:43"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        intake.OrderChecked.model_validate({"revision": 0, "customer_name": "x"})


def test_narrow_types_the_payload_or_refuses() -> None:
    envelope = example_envelope(intake.OrderChecked)
    generic: Envelope[EventPayload] = envelope

    assert generic.narrow(intake.OrderChecked).payload.revision == 1
    with pytest.raises(TypeError, match=r"order\.checked carries OrderChecked"):
        generic.narrow(intake.OrderSubmitted)


def test_event_ids_are_uuid7_in_creation_order() -> None:
    ids = [uuid7() for _ in range(2000)]

    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert {(i.version, i.variant) for i in ids} == {(7, RFC_4122)}
    millis = ids[0].int >> 80
    assert abs(millis / 1000 - datetime.now(UTC).timestamp()) < 5
