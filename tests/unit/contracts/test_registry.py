"""The registry: every event type round-trips; bad bytes fail naming the type and the field."""

from __future__ import annotations

import json
from typing import Any

import pytest

from orderflow.contracts import (
    PRODUCERS,
    ContractError,
    EventPayload,
    InvalidEvent,
    UnknownEventType,
    decode,
    dlq_topic_for,
    event_types,
    intake,
    topic_for,
)
from orderflow.contracts.registry import build_registry

from .examples import example_envelope

pytestmark = pytest.mark.unit

ALL_TYPES = sorted(event_types().values(), key=lambda kind: kind.event_type)


def _submitted_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(example_envelope(intake.OrderSubmitted).to_bytes())
    return document


@pytest.mark.parametrize("payload_type", ALL_TYPES, ids=lambda kind: kind.event_type)
def test_every_event_type_round_trips(payload_type: type[EventPayload]) -> None:
    envelope = example_envelope(payload_type)

    decoded = decode(envelope.to_bytes())

    assert decoded == envelope
    assert type(decoded.payload) is payload_type


def test_an_unknown_event_type_is_named() -> None:
    document = _submitted_document() | {"event_type": "order.teleported"}

    with pytest.raises(UnknownEventType, match=r"order\.teleported") as caught:
        decode(json.dumps(document).encode())
    assert caught.value.event_type == "order.teleported"
    assert isinstance(caught.value, ContractError | ValueError)


def test_an_invalid_payload_names_the_event_type_and_the_field() -> None:
    document = _submitted_document()
    document["payload"]["order"]["lines"][0]["quantity"] = "0"

    with pytest.raises(InvalidEvent) as caught:
        decode(json.dumps(document).encode())

    assert str(caught.value) == (
        "order.submitted: payload.order.lines.0.quantity: Input should be greater than 0"
    )
    assert caught.value.event_type == "order.submitted"
    assert [error.path for error in caught.value.errors] == ["payload.order.lines.0.quantity"]


def test_every_failing_field_is_listed() -> None:
    document = _submitted_document()
    del document["payload"]["order"]["currency"]
    document["payload"]["order"]["delivery_place"]["country"] = "Germany"

    with pytest.raises(InvalidEvent) as caught:
        decode(json.dumps(document).encode())

    assert {error.path for error in caught.value.errors} == {
        "payload.order.currency",
        "payload.order.delivery_place.country",
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "malformed JSON"),
        (b"\xff\xfe", "malformed JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (b'{"payload": {}}', "event_type: a string is required"),
    ],
    ids=["syntax", "encoding", "array", "no-event-type"],
)
def test_unreadable_bytes_are_invalid_without_an_event_type(data: bytes, message: str) -> None:
    with pytest.raises(InvalidEvent, match=message) as caught:
        decode(data)
    assert caught.value.event_type is None


def test_an_envelope_contradicting_its_payload_is_invalid() -> None:
    document = _submitted_document() | {"producer": "review"}

    with pytest.raises(InvalidEvent, match=r"order\.submitted: <envelope>: .*from review"):
        decode(json.dumps(document).encode())


def test_unknown_fields_are_ignored_so_old_readers_accept_new_optional_fields() -> None:
    envelope = example_envelope(intake.OrderSubmitted)
    document = json.loads(envelope.to_bytes())
    document["tenant"] = "t-1"
    document["payload"]["order"]["loyalty_points"] = 12

    assert decode(json.dumps(document).encode()) == envelope


def test_topics_are_named_per_producer_and_consumer() -> None:
    assert topic_for("intake") == "orderflow.intake.events"
    assert dlq_topic_for("reporting") == "orderflow.reporting.dlq"
    with pytest.raises(ValueError, match="unknown producer"):
        topic_for("billing")
    with pytest.raises(ValueError, match="bad consumer name"):
        dlq_topic_for("Reporting DLQ")


def test_a_duplicate_event_type_is_an_error() -> None:
    with pytest.raises(TypeError, match=r"order\.checked declared twice"):
        build_registry([intake.OrderChecked, intake.OrderChecked])


def test_every_concrete_payload_class_is_registered() -> None:
    def concrete(kind: type[EventPayload]) -> set[type[EventPayload]]:
        found = {kind} if "event_type" in vars(kind) else set()
        for sub in kind.__subclasses__():
            found |= concrete(sub)
        return found

    assert concrete(EventPayload) == set(event_types().values())
    assert set(PRODUCERS) >= {kind.producer for kind in event_types().values()}


def test_the_registry_is_read_only() -> None:
    with pytest.raises(TypeError):
        event_types()["order.checked"] = intake.OrderChecked  # type: ignore[index]
