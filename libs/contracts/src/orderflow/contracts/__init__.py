"""OrderFlow's event contracts: the envelope, every event type, the registry, schema export.

Import service catalogs as modules (`from orderflow.contracts import intake`), the
machinery by name (`from orderflow.contracts import Envelope, decode`).
"""

from orderflow.contracts import (
    aftersales,
    intake,
    logistics,
    procurement,
    production,
    review,
    snapshot,
    types,
)
from orderflow.contracts.base import PRODUCERS, AssessmentAnswer, EventPayload, Producer
from orderflow.contracts.envelope import Envelope, envelope_type
from orderflow.contracts.errors import ContractError, FieldError, InvalidEvent, UnknownEventType
from orderflow.contracts.ids import uuid7
from orderflow.contracts.registry import decode, dlq_topic_for, event_types, topic_for

__all__ = [
    "PRODUCERS",
    "AssessmentAnswer",
    "ContractError",
    "Envelope",
    "EventPayload",
    "FieldError",
    "InvalidEvent",
    "Producer",
    "UnknownEventType",
    "aftersales",
    "decode",
    "dlq_topic_for",
    "envelope_type",
    "event_types",
    "intake",
    "logistics",
    "procurement",
    "production",
    "review",
    "snapshot",
    "topic_for",
    "types",
    "uuid7",
]
