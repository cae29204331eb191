"""Every event type by name, bytes → typed event, and the topic names."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from pydantic import ValidationError

from orderflow.contracts import aftersales, intake, logistics, procurement, production, review
from orderflow.contracts.base import PRODUCERS, EventPayload
from orderflow.contracts.envelope import EVENT_TYPE_PATTERN, Envelope, envelope_type
from orderflow.contracts.errors import FieldError, InvalidEvent, UnknownEventType

_CONSUMER_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")


def build_registry(
    payload_types: Iterable[type[EventPayload]],
) -> Mapping[str, type[EventPayload]]:
    """Index payload classes by event type; a duplicate or malformed declaration is an error."""
    registry: dict[str, type[EventPayload]] = {}
    for payload_type in payload_types:
        name = payload_type.event_type
        if name in registry:
            raise TypeError(f"{name} declared twice: {registry[name]} and {payload_type}")
        if not re.fullmatch(EVENT_TYPE_PATTERN, name) or payload_type.schema_version < 1:
            raise TypeError(f"{payload_type}: bad event_type {name!r} or schema_version")
        registry[name] = payload_type
    return MappingProxyType(registry)


_REGISTRY = build_registry(
    (
        *intake.EVENTS,
        *review.EVENTS,
        *production.EVENTS,
        *procurement.EVENTS,
        *logistics.EVENTS,
        *aftersales.EVENTS,
    )
)


def event_types() -> Mapping[str, type[EventPayload]]:
    """Every registered payload class by event type (read-only)."""
    return _REGISTRY


def decode(data: bytes) -> Envelope[EventPayload]:
    """Parse and validate one event; ContractError when the bytes break the contract."""
    event_type = _read_event_type(data)
    payload_type = _REGISTRY.get(event_type)
    if payload_type is None:
        raise UnknownEventType(event_type)
    try:
        # Tolerant reader: a field added by a newer producer must not break an older consumer.
        return envelope_type(payload_type).model_validate_json(data, extra="ignore")
    except ValidationError as error:
        raise InvalidEvent.from_validation(event_type, error) from error


def _read_event_type(data: bytes) -> str:
    try:
        document = json.loads(data)
    except (ValueError, TypeError) as error:  # JSONDecodeError and UnicodeDecodeError
        raise InvalidEvent(None, (FieldError("<json>", f"malformed JSON: {error}"),)) from error
    if not isinstance(document, dict):
        raise InvalidEvent(None, (FieldError("<json>", "an event must be a JSON object"),))
    event_type = document.get("event_type")
    if not isinstance(event_type, str):
        raise InvalidEvent(None, (FieldError("event_type", "a string is required"),))
    return event_type


def topic_for(producer: str) -> str:
    """The topic a service publishes on: `orderflow.<producer>.events`."""
    if producer not in PRODUCERS:
        raise ValueError(f"unknown producer {producer!r}; expected one of {PRODUCERS}")
    return f"orderflow.{producer}.events"


def dlq_topic_for(consumer: str) -> str:
    """The dead-letter topic of one consumer: `orderflow.<consumer>.dlq`."""
    if not _CONSUMER_PATTERN.fullmatch(consumer):
        raise ValueError(f"bad consumer name {consumer!r}")
    return f"orderflow.{consumer}.dlq"
